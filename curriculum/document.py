"""The one way a data file is read: parse, bring it to the current format, convert to the model.

A file of an older format is migrated in memory (:mod:`curriculum.formats`), keeping every source
position, with a note (CUR120) that ``curriculum migrate`` rewrites it; a file of a newer format than
this toolkit knows cannot be used (CUR121). ``curriculum diff`` reads old revisions through here too.
"""

from __future__ import annotations

from pathlib import Path

from . import diagnostics as d
from .diagnostics import Diagnostic
from .formats import CURRENT, upgrade, version_of
from .formats.tree import NodeTree
from .load import Map, Node, Scalar, load_file
from .model import KINDS
from .model import Node as ModelNode
from .schema import convert_document


def migrate_node(root: Node, file: str, note: bool = True) -> tuple[Node | None, list[Diagnostic]]:
    """``root`` brought to the current format (None when it cannot be), with the findings of the way."""
    tree = NodeTree(file)
    version, problem = version_of(tree, root)
    if version is None:
        return None, [problem] if problem else []
    if version == CURRENT or not isinstance(root, Map):
        return root, []
    kind = root.get("kind")
    known = isinstance(kind, Scalar) and kind.value in KINDS  # a file of no known kind is reported as such
    found = upgrade(tree, root, version)
    if note and known:
        found.insert(0, d.make(d.FORMAT_OLD, root.loc.at(""), version=version, current=CURRENT, file=file))
    return root, found


def read_document(
    path: Path, file: str, note: bool = True, max_text: int | None = None, data: bytes | None = None
) -> tuple[ModelNode | None, list[Diagnostic], bool]:
    """Read the data file at ``path`` (``file`` is its name in findings): the model object (None when it
    cannot be used), the findings, and whether the file could be parsed at all (``max_text``: the
    ``max_text_chars`` setting; ``data``: the file's bytes, when already read)."""
    node, problems = load_file(path, file, data=data)
    if node is None:
        return None, problems, False
    node, more = migrate_node(node, file, note)
    problems += more
    if node is None:
        return None, problems, True
    obj, more = convert_document(node, file, max_text)
    return obj, problems + more, True
