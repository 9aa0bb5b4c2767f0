"""The model walker of `curriculum diff` knows no field by name: a model class it has never seen is
compared field by field, list elements by identity."""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.diff.identity import keyed
from curriculum.diff.walk import compare, show
from curriculum.model import Node, Text


@dataclass(frozen=True, kw_only=True)
class Part(Node):
    id: str
    grade: int = 0


@dataclass(frozen=True, kw_only=True)
class Slot(Node):  # identified by `unit` and `semester`, like a training-plan entry
    unit: str
    semester: int
    hours: int


@dataclass(frozen=True, kw_only=True)
class KindHours(Node):  # no field of the key groups: identified by its first `str` field
    kind: str
    hours: int


@dataclass(frozen=True, kw_only=True)
class Widget(Node):
    id: str
    title: Text
    colour: str = "red"
    parts: tuple[Part, ...] = ()
    slots: tuple[Slot, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[KindHours, ...] = ()


def rows(a: Widget, b: Widget) -> list[tuple[object, ...]]:
    changes = list(compare((("widgets", "w"),), a, b))
    return [(show(c.path[1:], c.field), c.op, c.before, c.after, c.label) for c in changes]


def test_fields_never_named_in_the_diff_code_are_compared() -> None:
    a = Widget(
        id="w",
        title=Text({"en": "Lathe", "ru": "Станок"}),
        parts=(Part(id="p1"), Part(id="p2", grade=1)),
        slots=(Slot(unit="PM03", semester=4, hours=340),),
        tags=("x",),
    )
    b = Widget(
        id="w",
        title=Text({"en": "CNC lathe", "ru": "Станок"}),
        colour="blue",
        parts=(Part(id="p2", grade=2), Part(id="p10")),
        slots=(Slot(unit="PM03", semester=5, hours=340),),
        tags=("x", "y"),
    )
    assert rows(a, b) == [
        ("title.en", "changed", "Lathe", "CNC lathe", ""),  # in the order of the model's fields
        ("colour", "changed", "red", "blue", ""),
        ("parts[p1]", "removed", None, None, "grade 0"),
        ("parts[p2].grade", "changed", 1, 2, ""),
        ("parts[p10]", "added", None, None, "grade 0"),  # p10 after p2: natural order
        ("slots[PM03 semester 4]", "removed", None, None, "hours 340"),
        ("slots[PM03 semester 5]", "added", None, None, "hours 340"),
        ("tags", "changed", ["x"], ["x", "y"], ""),
    ]


def test_reordering_a_list_is_no_change_and_repeated_keys_are_numbered() -> None:
    parts = (Part(id="p1"), Part(id="p2", grade=1))
    a = Widget(id="w", title=Text({"": "Lathe"}), parts=parts)
    assert rows(a, Widget(id="w", title=Text({"": "Lathe"}), parts=parts[::-1])) == []
    assert list(keyed((Part(id="p"), Part(id="p", grade=3)))) == ["p", "p #2"]
    b = Widget(id="w", title=Text({"en": "Lathe", "ru": "Станок"}), parts=parts)
    assert rows(a, b) == [("title", "changed", "Lathe", {"en": "Lathe", "ru": "Станок"}, "")]


def test_an_element_without_a_key_field_is_identified_by_its_first_text_field() -> None:
    theory, lpz = KindHours(kind="theory", hours=40), KindHours(kind="lpz", hours=60)
    a = Widget(id="w", title=Text({"": "Lathe"}), kinds=(theory, lpz))
    b = Widget(id="w", title=Text({"": "Lathe"}), kinds=(KindHours(kind="lpz", hours=80), theory))
    assert rows(a, b) == [("kinds[lpz].hours", "changed", 60, 80, "")]
