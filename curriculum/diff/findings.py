"""Findings new, fixed and changed between two sides, matched independently of lines.

A finding is keyed by its code, its programme, its *anchor* and its message with line numbers and
list indexes blanked. The anchor is the innermost identified model element at or before the
finding's position (``programmes[web].modules[PM03].outcomes[PM03.2]``): edits elsewhere in the
file move lines, not anchors, so a finding that only moved is neither new nor fixed. Findings left
over with the same code, programme and anchor whose messages differ only in numbers are *changed*
(a figure in the message moved); the rest are new or fixed.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..catalogue import Catalogue
from ..diagnostics import Diagnostic
from ..model import Node
from .identity import fields_of, keyed, tables


@dataclass(frozen=True)
class FindingsDelta:
    new: tuple[Diagnostic, ...] = ()
    fixed: tuple[Diagnostic, ...] = ()
    changed: tuple[tuple[Diagnostic, Diagnostic], ...] = ()


def _nodes(scope: str, obj: Any) -> Iterator[tuple[Node, str]]:
    stack = [(obj, scope)]
    while stack:
        node, where = stack.pop()
        yield node, where
        for name in fields_of(node):
            value = getattr(node, name)
            if isinstance(value, Node):
                stack.append((value, f"{where}.{name}"))
            elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
                stack += [(v, f"{where}.{name}[{k}]") for k, v in keyed(value).items()]


def anchors(catalogue: Catalogue) -> Callable[[Diagnostic], str]:
    """A function from a finding to its anchor in ``catalogue`` (its file when nothing precedes it).
    A file's elements are walked the first time a finding in it asks."""
    by_file: dict[str, list[tuple[str, Node]]] = defaultdict(list)
    for table, objects in tables(catalogue).items():
        for key, obj in objects.items():
            by_file[obj.loc.file].append((f"{table}[{key}]", obj))
    marks: dict[str, list[tuple[int, int, str]]] = {}

    def walk(file: str) -> list[tuple[int, int, str]]:
        found = [
            (node.loc.line, node.loc.column, where)
            for scope, obj in by_file.get(file, [])
            for node, where in _nodes(scope, obj)
            if node.loc.file == file
        ]
        return sorted(found)

    def anchor(x: Diagnostic) -> str:
        if x.file not in marks:
            marks[x.file] = walk(x.file)
        entries = marks[x.file]
        i = bisect.bisect_right(entries, (x.line, x.column, "\U0010ffff"))
        return entries[i - 1][2] if i else x.file

    return anchor


LINE = re.compile(r"\bline \d+")
INDEX = re.compile(r"\[\d+\]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _key(x: Diagnostic, anchor: Callable[[Diagnostic], str]) -> tuple[str, str, str]:
    return x.code, x.programme, anchor(x)


def _message(x: Diagnostic) -> str:
    return INDEX.sub("[]", LINE.sub("line N", x.message))


def _shape(x: Diagnostic) -> str:
    """The message with its numbers blanked, except inside `quoted` ids (`ws-webtech:2` stays)."""
    parts = _message(x).split("`")
    return "`".join(p if i % 2 else NUMBER.sub("#", p) for i, p in enumerate(parts))


def match(base: list[Diagnostic], head: list[Diagnostic], base_cat: Catalogue, head_cat: Catalogue) -> FindingsDelta:
    anchor_a, anchor_b = anchors(base_cat), anchors(head_cat)
    exact_a = _group(base, lambda x: (*_key(x, anchor_a), _message(x)))
    exact_b = _group(head, lambda x: (*_key(x, anchor_b), _message(x)))
    left_a, left_b = _pair(exact_a, exact_b)[1:]
    loose_a = _group(left_a, lambda x: (*_key(x, anchor_a), _shape(x)))
    loose_b = _group(left_b, lambda x: (*_key(x, anchor_b), _shape(x)))
    changed, fixed, new = _pair(loose_a, loose_b)
    return FindingsDelta(tuple(sorted(new)), tuple(sorted(fixed)), tuple(sorted(changed, key=lambda p: p[1])))


def _group(items: list[Diagnostic], key: Callable[[Diagnostic], Any]) -> dict[Any, list[Diagnostic]]:
    out: dict[Any, list[Diagnostic]] = defaultdict(list)
    for x in sorted(items):
        out[key(x)].append(x)
    return out


def _pair(
    a: dict[Any, list[Diagnostic]], b: dict[Any, list[Diagnostic]]
) -> tuple[list[tuple[Diagnostic, Diagnostic]], list[Diagnostic], list[Diagnostic]]:
    """Pair the findings of equal keys in order; return the pairs and the leftovers of each side."""
    pairs, left_a, left_b = [], [], []
    for key in set(a) | set(b):
        xs, ys = a.get(key, []), b.get(key, [])
        pairs += list(zip(xs, ys, strict=False))
        left_a += xs[len(ys) :]
        left_b += ys[len(xs) :]
    return pairs, left_a, left_b
