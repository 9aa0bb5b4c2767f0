"""What every model file shares: texts, locations, field documentation, the base node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

from ..load import NO_SHAPE, Loc, Shape, Spots

Date = NewType("Date", str)
"""An ISO date, ``YYYY-MM-DD``."""

Lang = Literal["kk", "ru", "en"]
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
Level = Literal["introduced", "reinforced", "mastered"]
LEVELS: tuple[str, ...] = ("introduced", "reinforced", "mastered")
Venue = Literal["college", "workplace", "both"]
NOWHERE = Loc("", 0, 0)


@dataclass(frozen=True)
class KeyedBy:
    """Marks a tuple field written in YAML as a mapping ``{key: value}`` of two fields."""

    key: str
    value: str


def doc(text: str, default: Any = ..., **extra: Any) -> Any:
    """A dataclass field with user documentation (and a default when given)."""
    meta = {"doc": text, **extra}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, (list, dict, tuple)) and default:
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


class Extension:
    """Data from an outside format that the model's own fields do not express (e.g. a CASE package's
    fields), kept as plain JSON values so that an export can restore them. Compared by value."""

    __slots__ = ("data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data: dict[str, Any] = dict(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Extension) and self.data == other.data

    def __hash__(self) -> int:
        import json

        return hash(json.dumps(self.data, sort_keys=True, ensure_ascii=False))

    def __repr__(self) -> str:
        return f"Extension({self.data!r})"


class Text:
    """A user-facing text: one string for every language, or a ``{kk, ru, en}`` map."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values: dict[str, str] = dict(values)

    @property
    def neutral(self) -> bool:
        """True for a single string used in every language."""
        return "" in self.values

    def has(self, lang: str) -> bool:
        return self.neutral or bool(self.values.get(lang, "").strip())

    def get(self, lang: str, order: tuple[str, ...] = LANGUAGES) -> str:
        """The text in ``lang``, else the first available in ``order``."""
        if self.neutral:
            return self.values[""]
        if self.values.get(lang):
            return self.values[lang]
        for other in order:
            if self.values.get(other):
                return self.values[other]
        return next(iter(self.values.values()), "")

    def lang_of(self, lang: str, order: tuple[str, ...] = LANGUAGES) -> str:
        """Which language :meth:`get` answers in ('' for a neutral text)."""
        if self.neutral or self.values.get(lang):
            return "" if self.neutral else lang
        return next((o for o in order if self.values.get(o)), "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.values == other.values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def __repr__(self) -> str:
        return f"Text({self.values!r})"

    def __str__(self) -> str:
        return self.get("en")


@dataclass(frozen=True, kw_only=True, slots=True)
class Node:
    """Base of every model object: where it was written, and where each of its fields was.

    Positions are kept compact (see :class:`~curriculum.load.Spots`): ``_spots`` is the file's array,
    ``_at`` this object's offset in it (its own line and column, then one pair per key of ``_shape``),
    ``_path`` its YAML path; :attr:`loc` and :meth:`at` make the :class:`Loc` when asked."""

    _spots: Spots | None = field(default=None, compare=False, repr=False, metadata={"internal": True})
    _at: int = field(default=0, compare=False, repr=False, metadata={"internal": True})
    _shape: Shape = field(default=NO_SHAPE, compare=False, repr=False, metadata={"internal": True})
    _path: str = field(default="", compare=False, repr=False, metadata={"internal": True})
    invalid: frozenset[str] = field(default=frozenset(), compare=False, repr=False, metadata={"internal": True})
    """Fields whose value was reported as unusable: they hold a neutral stand-in, and every check
    that needs one of them skips this object (see :meth:`valid`), so a bad value gives one finding."""

    def valid(self, *names: str) -> bool:
        """True when none of the fields ``names`` was reported as unusable."""
        invalid = self.invalid
        return not invalid or invalid.isdisjoint(names)  # nearly every object: none was

    @property
    def loc(self) -> Loc:
        """Where the object was written, with its YAML path."""
        spots = self._spots
        return NOWHERE if spots is None else spots.loc(self._at, self._path)

    @property
    def locs(self) -> dict[str, Loc]:
        """Where each of its fields (and each element of a list field) was written."""
        return {key: self.at(key) for key in self._shape.keys}

    def written(self, name: str) -> bool:
        """True when field ``name`` was written in the source (it has a position of its own)."""
        return name in self._shape.index

    def at(self, name: str, index: int | None = None) -> Loc:
        """Location of field ``name`` (or its ``index``-th element), else of the object."""
        spots = self._spots
        if spots is None:
            return NOWHERE
        shape = self._shape
        key = name if index is None else f"{name}[{index}]"
        i = shape.index.get(key)
        if i is None:
            key = name
            i = shape.index.get(name)
            if i is None:
                return spots.loc(self._at, self._path)
        if key == shape.own:
            return spots.loc(self._at, self._path)
        return spots.loc(self._at + 2 + 2 * i)


def hours_known(m: Any) -> bool:
    """True when a module's hours were all read (none was reported as unusable)."""
    if not m.valid("semesters"):
        return False
    for x in m.semesters:  # loops, not generators: the checks ask this of every module several times
        if x.invalid and not x.valid("semester", "hours", "workplace"):
            return False
        for k in x.hours:
            if k.invalid and "hours" in k.invalid:
                return False
        for k in x.workplace:
            if k.invalid and "hours" in k.invalid:
                return False
    return True


def dates_known(x: Any, *names: str) -> bool:
    """True when ``x`` (a run or an agreement) was read with every date ``names`` usable."""
    return x is not None and bool(x.valid(*names))
