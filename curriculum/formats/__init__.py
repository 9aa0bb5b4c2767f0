"""Format versions of the data files, and the migrations between them.

Every data file states ``format: N``; a file without it is format 1. A migration is a function from
format N to N+1 on the parsed tree, written once against :class:`~.tree.Tree` so that it runs both on
the loader's nodes (in memory, keeping every source position, with a note CUR120) and on a
round-trip document of ``curriculum migrate`` (which rewrites the file, keeping comments and key order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from . import v1_to_v2
from .tree import Tree

CURRENT = 2
"""The format this toolkit writes and checks."""

MIGRATIONS: dict[int, Callable[[Tree, Any], list[Diagnostic]]] = {1: v1_to_v2.migrate}
"""Format N → the function that takes a file of format N to N+1 (in place)."""


def version_of(tree: Tree, root: Any) -> tuple[int | None, Diagnostic | None]:
    """The file's format (1 when it states none), or a finding when it cannot be read by this toolkit."""
    if not tree.is_map(root) or "format" not in root:
        return 1, None
    node = root["format"]
    value = tree.value(node)
    where = tree.value_loc(root, "format", "format")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None, d.make(d.FORMAT_UNKNOWN, where, variant="bad", value=tree.raw(node), current=CURRENT)
    if value > CURRENT:
        return None, d.make(d.FORMAT_UNKNOWN, where, value=value, current=CURRENT)
    return value, None


def upgrade(tree: Tree, root: Any, version: int) -> list[Diagnostic]:
    """Migrate ``root`` (of format ``version``) to the current format, in place; the findings of the way."""
    found: list[Diagnostic] = []
    while version < CURRENT:
        found += MIGRATIONS[version](tree, root)
        version += 1
    return found
