"""Which element of a list is which: the identity of model objects, found from their fields.

An element is identified by the first group of :data:`KEYS` whose fields its class has (``id``,
else ``code``, else ``competency``…), else by its first field typed ``str`` (``kind: str``); keys
sort in natural order (`PM2` before `PM10`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..model import Node, Text

KEYS: tuple[tuple[str, ...], ...] = (
    ("id",),
    ("code",),
    ("competency",),
    ("unit", "semester"),
    ("number",),
    ("agency",),
    ("name",),
    ("semester",),
)


def natural(value: str) -> tuple[Any, ...]:
    """Sort key that puts `PM2` before `PM10`."""
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"(\d+)", value) if x)


_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...] | None]] = {}


def _shape(obj: Node) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """A model class's compared fields and its key group, worked out once per class."""
    cls = type(obj)
    if cls not in _FIELDS:
        names = tuple(f.name for f in dataclasses.fields(obj) if not f.metadata.get("internal"))
        texts = [f.name for f in dataclasses.fields(obj) if f.type in ("str", str) and f.name in names]
        group = next((g for g in KEYS if set(g) <= set(names)), None)
        _FIELDS[cls] = names, group or ((texts[0],) if texts else None)
    return _FIELDS[cls]


def fields_of(obj: Node) -> tuple[str, ...]:
    return _shape(obj)[0]


def key_fields(obj: object) -> tuple[str, ...] | None:
    return _shape(obj)[1] if isinstance(obj, Node) else None


def key_of(obj: Node, group: tuple[str, ...]) -> str:
    first, *rest = group
    return " ".join([plain_text(getattr(obj, first)), *(f"{n} {plain_text(getattr(obj, n))}" for n in rest)])


def plain_text(value: Any) -> str:
    if isinstance(value, Text):
        return value.get("en")
    return str(value)


def keyed(items: tuple[Any, ...]) -> dict[str, Node]:
    """Elements by key; a repeated key gets `#2`, `#3`… in order of appearance."""
    out: dict[str, Node] = {}
    for item in items:
        group = key_fields(item)
        base = key_of(item, group) if group else ""
        key, n = base, 1
        while key in out:
            n += 1
            key = f"{base} #{n}"
        out[key] = item
    return out


def tables(catalogue: object) -> dict[str, dict[str, Node]]:
    """The catalogue's tables of model objects by key (frameworks, programmes…), found by type."""
    out = {}
    for f in dataclasses.fields(catalogue):  # type: ignore[arg-type]
        value = getattr(catalogue, f.name)
        if isinstance(value, dict) and value and all(isinstance(v, Node) for v in value.values()):
            out[f.name] = value
    return out
