"""Dual-training rules: workplace share, partners' agreements, mentors, places and training plans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..model import Partner, Programme
from ..settings import Settings


def check_dual(p: Programme, s: Settings) -> Iterator[Diagnostic]:
    yield from _share(p, s)
    if not p.partners:
        yield d.make(
            d.NO_PARTNER,
            p.at("id"),
            f"`{p.id}` has no partner enterprise",
            "add `partners:` with the enterprises that host the workplace training",
        )
        return
    for x in p.partners:
        yield from _partner(p, x, s)
    places = sum(x.places for x in p.partners)
    if places < p.cohort:
        yield d.make(
            d.PLACES_SHORT,
            p.at("partners"),
            f"the partners offer {places} places for a cohort of {p.cohort}",
            "add places or partners, or lower `cohort`",
        )
    yield from _plans(p)


def workplace_share(p: Programme, base: str = "practical") -> tuple[int, int]:
    """Workplace hours and the hours they are a share of."""
    workplace = sum(m.hours.workplace for m in p.modules)
    if base == "total":
        return workplace, sum(m.hours.total for m in p.modules)
    return workplace, workplace + sum(m.hours.practice for m in p.modules)


def _share(p: Programme, s: Settings) -> Iterator[Diagnostic]:
    workplace, base = workplace_share(p, s.workplace_share_base)
    if base and workplace / base < s.workplace_share:
        what = "practical training" if s.workplace_share_base == "practical" else "all hours"
        yield d.make(
            d.WORKPLACE_SHARE,
            p.at("modules"),
            f"{workplace} of {base} hours of {what} ({100 * workplace / base:.0f} %) are at the workplace;"
            f" the minimum is {100 * s.workplace_share:.0f} %",
            "move practical hours from `practice` to `workplace` in the modules",
        )


def _partner(p: Programme, x: Partner, s: Settings) -> Iterator[Diagnostic]:
    ag = x.agreement
    if ag is None:
        yield d.make(
            d.AGREEMENT_DATES,
            x.at("id"),
            f"partner `{x.id}` has no dual-training agreement",
            "add `agreement:` with number, parties, signed, start and end",
        )
    elif ag.start > p.run.start or ag.end < p.run.end:
        yield d.make(
            d.AGREEMENT_DATES,
            ag.at("end") if ag.end < p.run.end else ag.at("start"),
            f"the agreement with `{x.id}` runs {ag.start} to {ag.end}, but the programme runs"
            f" {p.run.start} to {p.run.end}",
            "extend or renew the agreement to cover the cohort's whole run",
        )
    if not x.mentors:
        yield d.make(d.NO_MENTOR, x.at("id"), f"partner `{x.id}` names no mentor", "add `mentors:`")
        return
    loads = [m.trainees for m in x.mentors if m.trainees is not None]
    unstated = len(x.mentors) - len(loads)
    shared = max(x.places - sum(loads), 0) / unstated if unstated else 0.0
    worst: float = max([*loads, shared])
    if loads and max(loads) >= shared:
        what = f"a mentor at `{x.id}` supervises {max(loads)} trainees"
    else:
        what = f"`{x.id}` has {x.places - sum(loads)} places for {unstated} mentors ({shared:.1f} trainees each)"
    if worst > s.max_trainees_per_mentor:
        yield d.make(
            d.MENTOR_RATIO,
            x.at("mentors"),
            f"{what}; the maximum is {s.max_trainees_per_mentor} per mentor",
            "add mentors or reduce places",
        )


def _plans(p: Programme) -> Iterator[Diagnostic]:
    module_of = {o.id: m for m in p.modules for o in m.outcomes}
    modules = {m.id: m for m in p.modules}
    hosted: set[str] = set()
    planned_outcomes: set[str] = set()
    for x in p.partners:
        per_module: dict[str, int] = defaultdict(int)
        first_line: dict[str, Loc] = {}
        for entry in x.training_plan:
            m = modules.get(entry.unit) or module_of.get(entry.unit)
            if m is None:
                continue
            if entry.unit in module_of:
                planned_outcomes.add(entry.unit)
            per_module[m.id] += entry.hours
            first_line.setdefault(m.id, entry.at("unit"))
        hosted |= set(per_module)
        for mid, hours in per_module.items():
            if hours != modules[mid].hours.workplace:
                yield d.make(
                    d.PLAN_HOURS,
                    first_line[mid],
                    f"the training plan of `{x.id}` gives {hours} h to `{mid}`, whose workplace hours are"
                    f" {modules[mid].hours.workplace}",
                    "make the plan's hours for the module add up to its `hours.workplace`",
                )
    for m in p.modules:
        if m.hours.workplace and m.id not in hosted:
            yield d.make(
                d.PLAN_HOURS,
                m.hours.at("workplace"),
                f"`{m.id}` has {m.hours.workplace} workplace hours but is in no partner's training plan",
                "add the module to the `training_plan` of the partners that host it",
            )
        for o in m.outcomes:
            if o.venue != "college" and m.id not in hosted and o.id not in planned_outcomes:
                yield d.make(
                    d.OUTCOME_NOT_IN_PLAN,
                    o.at("venue"),
                    f"outcome `{o.id}` is learnt at the workplace but no partner's plan includes it",
                    f"add `{m.id}` or `{o.id}` to a partner's `training_plan`",
                )
