"""Hours of the working curriculum added up: by venue, kind and semester, electives counted once.

Where hours take place comes from the kind's ``venue`` in the vocabulary ``hour-kinds`` (the toolkit's,
or the catalogue's own): a ``workplace`` kind is at the enterprise entirely, a ``both`` kind as far as
the semester's ``workplace`` says, a ``college`` kind (or an unknown one) at the college or university.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Module, Programme, SemesterLoad, Term

Kinds = Mapping[str, Term]
HOUR_KINDS = "hour-kinds"


@dataclass(frozen=True)
class Split:
    total: int = 0
    workplace: int = 0

    @property
    def college(self) -> int:
        return self.total - self.workplace

    def __add__(self, other: Split) -> Split:
        return Split(self.total + other.total, self.workplace + other.workplace)


def venue(kinds: Kinds, kind: str) -> str:
    term = kinds.get(kind)
    return (term.venue if term is not None else None) or "college"


def load_workplace(load: SemesterLoad, kinds: Kinds) -> dict[str, int]:
    """Hours at the enterprise in one semester, by kind."""
    shared = {k.kind: k.hours for k in load.workplace}
    out: dict[str, int] = {}
    for k in load.hours:
        where = venue(kinds, k.kind)
        hours = k.hours if where == "workplace" else min(shared.get(k.kind, 0), k.hours) if where == "both" else 0
        if hours:
            out[k.kind] = out.get(k.kind, 0) + hours
    return out


def module_split(m: Module, kinds: Kinds, only: frozenset[str] | None = None) -> Split:
    """A module's hours, and those at the enterprise (of the kinds in ``only``, when given)."""
    total = workplace = 0
    for load in m.semesters:
        at_work = load_workplace(load, kinds)
        for k in load.hours:
            if only is None or k.kind in only:
                total += k.hours
                workplace += at_work.get(k.kind, 0)
    return Split(total, workplace)


def counted(p: Programme) -> list[Module]:
    """The modules that count in the programme's totals: of an elective group, the first ``choose``."""
    skipped = {mid for g in p.electives for mid in g.modules[g.choose :]}
    return [m for m in p.modules if m.id not in skipped]


def programme_split(p: Programme, kinds: Kinds) -> Split:
    out = Split()
    for m in counted(p):
        out = out + module_split(m, kinds)
    return out


def credits(p: Programme) -> float:
    return sum(m.credits or 0 for m in counted(p))


def by_semester(p: Programme) -> dict[int, dict[str, int]]:
    """Semester → kind → hours over the counted modules, in semester order."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for m in counted(p):
        for load in m.semesters:
            row = out[load.semester]
            for k in load.hours:
                row[k.kind] = row.get(k.kind, 0) + k.hours
    return dict(sorted(out.items()))


def by_kind(p: Programme) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in counted(p):
        for kind, hours in m.hours_by_kind().items():
            out[kind] = out.get(kind, 0) + hours
    return out


PLACES = ("theory", "practice", "workplace")
"""The three ways hours are drawn: classes at the college, practical training at the college, the enterprise."""


def places(loads: list[SemesterLoad], kinds: Kinds) -> dict[str, int]:
    """Hours of ``loads`` as classes at the college (kinds whose venue is `college`), practical training
    at the college (the college part of `both` kinds) and at the enterprise."""
    out = dict.fromkeys(PLACES, 0)
    for load in loads:
        at_work = load_workplace(load, kinds)
        for k in load.hours:
            work = at_work.get(k.kind, 0)
            out["workplace"] += work
            out["theory" if venue(kinds, k.kind) == "college" else "practice"] += k.hours - work
    return out


def places_by_semester(p: Programme, kinds: Kinds) -> dict[int, dict[str, int]]:
    loads: dict[int, list[SemesterLoad]] = defaultdict(list)
    for m in counted(p):
        for load in m.semesters:
            loads[load.semester].append(load)
    return {s: places(loads[s], kinds) for s in sorted(loads)}


def kinds_of(catalogue: object) -> Kinds:
    """The catalogue's kinds of hours (its own vocabulary, else the toolkit's)."""
    terms: Mapping[str, Mapping[str, Term]] = getattr(catalogue, "terms", {})
    return terms.get(HOUR_KINDS, {})
