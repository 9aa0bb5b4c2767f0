"""Field-level changes between two versions of the model, found by walking the dataclasses.

Nothing here names a model field: a new field is compared without a change here. Changes come in
the model's field order, list elements in natural key order (`PM2` before `PM10`). Lists of model
objects are matched by identity (see :mod:`.identity`), not position: reordering a list is no
change, and an edited element is one change, not a removal and an addition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Node, Text
from .identity import fields_of, key_fields, keyed, natural, plain_text

LABEL_FIELDS = ("title", "name", "text")

Step = tuple[str, str]  # (field, key): `modules[PM03]` is ("modules", "PM03")


@dataclass(frozen=True)
class Change:
    """One change: at ``path`` (from the catalogue down), a ``field`` changed, or the element itself
    was ``added`` or ``removed`` (``field`` empty; ``label`` says what it is)."""

    path: tuple[Step, ...]
    op: str  # added | removed | changed
    field: str = ""
    before: Any = None
    after: Any = None
    label: str = ""


def label(obj: Node) -> str:
    """What an added or removed element is, in a few words."""
    for name in LABEL_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, Text):
            return value.get("en")
    group = key_fields(obj) or ()
    scalars = [
        f"{n} {plain_text(v)}"
        for n in fields_of(obj)
        if n not in group and isinstance(v := getattr(obj, n), (str, int, float, bool, Text))
    ]
    return ", ".join(scalars)


def plain(value: Any) -> Any:
    """The value as JSON data: texts as ``{lang: text}`` (or one string), objects as mappings."""
    if isinstance(value, Text):
        return value.values[""] if value.neutral else dict(sorted(value.values.items()))
    if isinstance(value, Node):
        return {n: plain(getattr(value, n)) for n in fields_of(value)}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def compare(path: tuple[Step, ...], a: Node, b: Node, prefix: str = "") -> Iterator[Change]:
    """Changes between ``a`` and ``b``, two versions of the element at ``path``."""
    for name in fields_of(a) if type(a) is type(b) else sorted(set(fields_of(a)) | set(fields_of(b))):
        yield from _value(path, prefix + name, getattr(a, name, None), getattr(b, name, None))


def _value(path: tuple[Step, ...], name: str, a: Any, b: Any) -> Iterator[Change]:
    if a == b:
        return
    if isinstance(a, Node) and isinstance(b, Node) and type(a) is type(b):
        yield from compare(path, a, b, name + ".")
    elif _is_list(a) and _is_list(b) and _keyed_list(a + b):
        yield from compare_tables(path, name, keyed(a), keyed(b))
    elif isinstance(a, Text) and isinstance(b, Text) and not (a.neutral or b.neutral):
        for lang in sorted(set(a.values) | set(b.values)):
            if a.values.get(lang) != b.values.get(lang):
                yield Change(path, "changed", f"{name}.{lang}", a.values.get(lang), b.values.get(lang))
    else:
        yield Change(path, "changed", name, plain(a), plain(b))


def compare_tables(
    path: tuple[Step, ...], name: str, before: dict[str, Node], after: dict[str, Node]
) -> Iterator[Change]:
    """Changes between two tables of elements by key (a list field, or the catalogue's programmes…)."""
    for key in sorted(set(before) | set(after), key=natural):
        here = (*path, (name, key))
        if key not in after:
            yield Change(here, "removed", label=label(before[key]))
        elif key not in before:
            yield Change(here, "added", label=label(after[key]))
        else:
            yield from compare(here, before[key], after[key])


def _is_list(value: Any) -> bool:
    return isinstance(value, tuple)


def _keyed_list(items: tuple[Any, ...]) -> bool:
    return bool(items) and all(key_fields(x) is not None for x in items)


def show(path: tuple[Step, ...], field: str = "") -> str:
    """`modules[PM03].outcomes[PM03.2].level`: a path as a YAML author reads it."""
    text = ".".join(f"{f}[{k}]" for f, k in path)
    return f"{text}.{field}" if text and field else text or field
