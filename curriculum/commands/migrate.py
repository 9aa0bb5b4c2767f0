"""`curriculum migrate`: rewrite data files in the current format, keeping comments and key order.

Each file is read twice: by the toolkit's loader (which refuses what it must refuse, and tells the
file's format), then, when it is older than the current format, by ruamel.yaml's round-trip parser,
which the migrations (:mod:`curriculum.formats`) change in place and which writes the file back with
its comments, key order, quoting and block styles. Files already current are left byte for byte.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from .. import diagnostics as d
from ..catalogue import data_files, find_root
from ..diagnostics import Diagnostic
from ..discover import SUFFIXES
from ..formats import CURRENT, upgrade, version_of
from ..formats.tree import NodeTree, RoundTripTree
from ..load import load_file


def _files(path: Path | None) -> tuple[Path, list[Path]] | None:
    target = (path or Path.cwd()).resolve()
    if target.is_file():
        return target.parent, [target]
    root = find_root(target)
    if root is None:
        return None
    files = data_files(root)
    if target != root:
        files = [f for f in files if f.is_relative_to(target)]
        if not files and target.is_dir():
            files = sorted(p for p in target.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return root, files


def _yaml():  # type: ignore[no-untyped-def]
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _show(x: Diagnostic) -> str:
    hint = f"\n    = hint: {x.hint}" if x.hint else ""
    return f"{x.file}:{x.line}:{x.column}: {x.severity} {x.code} {x.message}{hint}"


def migrate_file(path: Path, display: str) -> tuple[str, list[Diagnostic]]:
    """Bring one file to the current format: ``('migrated' | 'current' | 'unreadable', findings)``."""
    node, problems = load_file(path, display)
    if node is None:
        return "unreadable", problems
    version, problem = version_of(NodeTree(display), node)
    if version is None:
        return "unreadable", [problem] if problem else []
    if version >= CURRENT:
        return "current", []
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0 :].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    yaml = _yaml()
    document = yaml.load(text.replace("\r\n", "\n"))
    found = upgrade(RoundTripTree(display), document, version)
    out = io.StringIO()
    yaml.dump(document, out)
    written = out.getvalue().replace("\n", newline)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + written.encode("utf-8"))
    return "migrated", found


def run(path: Path | None) -> int:
    located = _files(path)
    if located is None:
        print("curriculum: error: no catalogue or data file here; pass a PATH", file=sys.stderr)
        return 2
    root, files = located
    status = 0
    counts = {"migrated": 0, "current": 0, "unreadable": 0}
    for file in files:
        display = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
        outcome, found = migrate_file(file, display)
        counts[outcome] += 1
        if outcome == "migrated":
            print(f"{display}: rewritten in format {CURRENT}")
        for x in found:
            print(_show(x), file=sys.stderr)
        if outcome == "unreadable":
            status = 2
        elif any(x.severity >= d.Severity.WARNING for x in found) and status == 0:
            status = 1
    print(
        f"{counts['migrated']} rewritten, {counts['current']} already in format {CURRENT}, "
        f"{counts['unreadable']} could not be read",
        file=sys.stderr,
    )
    return status
