"""The structure of the working curriculum: the practice the standards require, pre-diploma practice
last, a final attestation (with a demonstration exam for TVET), and forms of control every semester.

Which kinds of practice a programme needs is a property of the kinds of hours (vocabulary
``hour-kinds``: ``required`` per education level, ``required_codes`` per programme code); which kinds
come last and which make the final attestation are settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..messages import Named, term
from ..model import Module, Programme, SemesterLoad, Term, hours_known
from ..settings import Settings
from ..workload import Kinds, counted

DEMO_FORM = "demo-exam"
DEMO_ASSESSMENT = "demonstration-exam"


def check_structure(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    if not all(hours_known(m) for m in p.modules):
        return  # an unusable hour figure is reported where it stands
    modules = counted(p)
    present = {k.kind for m in modules for load in m.semesters for k in load.hours if k.hours > 0}
    yield from _required(p, kinds, present)
    yield from _last(p, s, modules)
    finals = [m for m in modules if _has(m, s.final_attestation_kinds)]
    if not finals:
        yield d.make(d.NO_FINAL_ATTESTATION, p.at("modules"), programme=p.id)
    elif p.level in s.demo_exam_levels and not any(_demo_exam(m) for m in finals):
        where = finals[-1]
        load = max(where.semesters, key=lambda x: x.semester)
        yield d.make(
            d.NO_DEMO_EXAM,
            load.at("control") if load.control else load.at("semester"),
            module=where.id,
            level=term("education", p.level),
        )
    yield from _control(p, kinds)


def _has(m: Module, kinds: tuple[str, ...]) -> bool:
    return any(k.kind in kinds and k.hours > 0 for load in m.semesters for k in load.hours)


def _demo_exam(m: Module) -> bool:
    return any(DEMO_FORM in load.control for load in m.semesters) or any(
        a.type == DEMO_ASSESSMENT for a in m.assessments
    )


def _name(kinds: Kinds, kind: str) -> Named:
    t: Term | None = kinds.get(kind)
    return Named(t.title if t is not None else None, kind)


def _required(p: Programme, kinds: Kinds, present: set[str]) -> Iterator[Diagnostic]:
    for t in kinds.values():
        if t.id in present:
            continue
        prefix = next((c for c in t.required_codes if p.code and p.code.startswith(c)), None)
        if prefix is not None:
            yield d.make(
                d.PRACTICE_MISSING, p.at("modules"), variant="code", kind=t.id, name=_name(kinds, t.id), prefix=prefix
            )
        elif p.level in t.required:
            level = term("education", p.level)
            yield d.make(d.PRACTICE_MISSING, p.at("modules"), kind=t.id, name=_name(kinds, t.id), level=level)


def _last(p: Programme, s: Settings, modules: list[Module]) -> Iterator[Diagnostic]:
    """Nothing but final attestation after the last semester with pre-diploma practice."""
    last = max(
        (
            load.semester
            for m in modules
            for load in m.semesters
            if any(k.kind in s.final_practice_kinds and k.hours > 0 for k in load.hours)
        ),
        default=None,
    )
    if last is None:
        return
    allowed = set(s.final_practice_kinds) | set(s.final_attestation_kinds)
    for m in modules:
        for load in m.semesters:
            if load.semester <= last:
                continue
            other = next((k for k in load.hours if k.hours > 0 and k.kind not in allowed), None)
            if other is not None:
                yield d.make(
                    d.PRACTICE_NOT_LAST,
                    load.at("semester"),
                    module=m.id,
                    semester=load.semester,
                    hours=other.hours,
                    kind=other.kind,
                    last=last,
                )


def _attestation(m: Module, kinds: Kinds) -> bool:
    """Hours of attestation only (the exam sessions of intermediate attestation): they are the control."""
    return all(k.kind in kinds and kinds[k.kind].weeks == "attestation" for load in m.semesters for k in load.hours)


def _control(p: Programme, kinds: Kinds) -> Iterator[Diagnostic]:
    """A module's last semester has a form of control; so does every semester with hours (modules of
    attestation hours only are the control themselves)."""
    ending: set[int] = set()
    by_semester: dict[int, list[SemesterLoad]] = defaultdict(list)
    for m in p.modules:
        if _attestation(m, kinds):
            continue
        loads = [x for x in m.semesters if x.total > 0]
        for x in loads:
            by_semester[x.semester].append(x)
        if not loads:
            continue
        end = max(loads, key=lambda x: x.semester)
        ending.add(end.semester)
        if not end.control and end.valid("control"):
            yield d.make(d.NO_CONTROL, end.at("semester"), module=m.id, semester=end.semester)
    for semester, loads in sorted(by_semester.items()):
        if semester in ending or any(x.control or not x.valid("control") for x in loads):
            continue
        first = min(loads, key=lambda x: (x.loc.line, x.loc.column))
        hours = sum(x.total for x in loads)
        yield d.make(d.NO_CONTROL, first.at("semester"), variant="semester", semester=semester, hours=hours)
