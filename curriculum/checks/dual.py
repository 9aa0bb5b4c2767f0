"""Dual-training rules: workplace share, partners' agreements, mentors, places and training plans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..messages import Count, Exact, Phrase
from ..model import Module, Partner, Programme, dates_known, hours_known
from ..settings import Settings
from ..workload import Kinds, Split, counted, module_split, programme_split


def check_dual(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    yield from _share(p, s, kinds)
    if not p.partners:
        yield d.make(d.NO_PARTNER, p.at("id"), programme=p.id)
        return
    for x in p.partners:
        yield from _partner(p, x, s)
    places = sum(x.places for x in p.partners)
    if places < p.cohort and p.valid("cohort") and all(x.valid("places") for x in p.partners):
        yield d.make(d.PLACES_SHORT, p.at("partners"), places=places, cohort=p.cohort)
    yield from _plans(p, kinds)
    yield from _partner_rules(p, s, kinds)


def share_rule_applies(p: Programme, s: Settings) -> bool:
    """Whether the workplace-share rule (CUR401, CUR410, CUR412, CUR413) applies to the programme: it is
    set per education level (``workplace_share_levels``, TVET by default)."""
    return p.level in s.workplace_share_levels


def programme_share(p: Programme, s: Settings, kinds: Kinds) -> float | None:
    """The programme's workplace share as it is held against the rule: none where the rule does not apply
    at the programme's level, nor where no hour counts in the share's base yet (no 0 % failure)."""
    if not share_rule_applies(p, s):
        return None
    workplace, base = workplace_share(p, s, kinds)
    return workplace / base if base else None


def share_outside(share: float, s: Settings) -> bool:
    """Whether a workplace share is on the wrong side of ``workplace_share``: under it where the bound is a
    ``minimum`` (CUR401, CUR412), over it where it is a ``maximum`` (CUR410, CUR413)."""
    return share > s.workplace_share if s.workplace_share_bound == "maximum" else share < s.workplace_share


def workplace_share(p: Programme, s: Settings, kinds: Kinds) -> tuple[int, int]:
    """Hours at the enterprise and the hours they are a share of: with the base `practical`, the
    industrial training and professional practice (``dual_share_kinds``) of the professional modules
    and practice (``dual_share_cycles``); with `total`, every hour of the programme."""
    if s.workplace_share_base == "total":
        split = programme_split(p, kinds)
        return split.workplace, split.total
    only = frozenset(s.dual_share_kinds)
    split = Split()
    for m in counted(p):
        if m.cycle in s.dual_share_cycles:
            split = split + module_split(m, kinds, only)
    return split.workplace, split.total


def _base_workplace(m: Module, s: Settings, kinds: Kinds) -> int:
    """A module's hours at the enterprise that count in the workplace share's base (see :func:`workplace_share`)."""
    if s.workplace_share_base == "total":
        return module_split(m, kinds).workplace
    if m.cycle not in s.dual_share_cycles:
        return 0
    return module_split(m, kinds, frozenset(s.dual_share_kinds)).workplace


@dataclass(frozen=True)
class PartnerShare:
    """What one partner enterprise carries of the workplace training, from its training plan."""

    partner: str
    places: int
    hours: int  # hours at this enterprise per trainee placed there (modules counted in the totals)
    workplace: int  # of those, hours of the workplace share's base (at most each module's base hours there)
    base: int  # the programme's base: the hours the workplace share is a share of
    part: float  # places × hours over the same for every partner: its part of all workplace training

    @property
    def share(self) -> float:
        """The workplace share of a trainee placed here: ``workplace`` of ``base``."""
        return self.workplace / self.base if self.base else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "partner": self.partner,
            "places": self.places,
            "hours": self.hours,
            "workplace_hours": self.workplace,
            "base_hours": self.base,
            "workplace_share": self.share,
            "part": self.part,
        }


def partner_hours(p: Programme, x: Partner) -> dict[str, int]:
    """Module id → hours the partner's training plan gives it (an outcome's hours count for its module);
    modules an elective group leaves out of the totals, unknown units and unusable hours are skipped."""
    module_of = {o.id: m.id for m in p.modules for o in m.outcomes}
    kept = {m.id for m in counted(p)}
    out: dict[str, int] = defaultdict(int)
    for entry in x.training_plan:
        mid = entry.unit if entry.unit in kept else module_of.get(entry.unit)
        if mid in kept and entry.valid("hours"):
            out[mid] += entry.hours
    return dict(out)


def partner_shares(p: Programme, s: Settings, kinds: Kinds) -> list[PartnerShare]:
    """Per partner, in the programme's order: the hours it hosts, their share of the workplace share's base,
    and its part of all workplace training (weighted by its training places)."""
    if not all(hours_known(m) for m in p.modules):
        return []
    modules = {m.id: m for m in counted(p)}
    base_of = {mid: _base_workplace(m, s, kinds) for mid, m in modules.items()}
    _, base = workplace_share(p, s, kinds)
    rows = []
    for x in p.partners:
        per_module = partner_hours(p, x)
        hours = sum(per_module.values())
        workplace = sum(min(h, base_of[mid]) for mid, h in per_module.items())
        places = x.places if x.valid("places") else 0
        rows.append((x.id, places, hours, workplace))
    carried = sum(places * hours for _, places, hours, _ in rows)
    return [
        PartnerShare(pid, places, hours, workplace, base, places * hours / carried if carried else 0.0)
        for pid, places, hours, workplace in rows
    ]


def _partner_rules(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    """A partner that hosts no hours; with ``workplace_share_per_partner``, the share rule per partner;
    plan entries in a semester their module does not run in."""
    modules = {m.id: m for m in p.modules}
    module_of = {o.id: m for m in p.modules for o in m.outcomes}
    for x in p.partners:
        for entry in x.training_plan:
            m = modules.get(entry.unit) or module_of.get(entry.unit)
            if m is None or not entry.valid("semester") or not hours_known(m):
                continue
            runs = sorted({load.semester for load in m.semesters})
            if runs and entry.semester not in runs:
                yield d.make(
                    d.PLAN_SEMESTER,
                    entry.at("semester"),
                    partner=x.id,
                    unit=entry.unit,
                    semester=entry.semester,
                    module=m.id,
                    runs=", ".join(map(str, runs)),
                )
    if not all(hours_known(m) for m in p.modules) or not programme_split(p, kinds).workplace:
        return
    shares = {x.partner: x for x in partner_shares(p, s, kinds)}
    rule = share_rule_applies(p, s) and s.workplace_share_per_partner
    what = Phrase(f"base.{s.workplace_share_base}")
    bound = 100 * s.workplace_share
    for x in p.partners:
        got = shares.get(x.id)
        if got is None:
            continue
        if not got.hours:
            if not x.training_plan:
                yield d.make(d.PARTNER_NO_HOURS, x.at("id"), variant="no-plan", partner=x.id)
            elif all(e.valid("hours") for e in x.training_plan):
                yield d.make(d.PARTNER_NO_HOURS, x.at("training_plan"), partner=x.id)
            continue
        if not rule or not got.base:
            continue
        where = x.at("training_plan")
        if not share_outside(got.share, s):
            continue
        share = Exact(100 * got.share, bound)
        if s.workplace_share_bound == "minimum":
            yield d.make(
                d.PARTNER_SHARE,
                where,
                partner=x.id,
                workplace=got.workplace,
                base=got.base,
                what=what,
                share=share,
                minimum=bound,
            )
        else:
            yield d.make(
                d.PARTNER_SHARE_ABOVE,
                where,
                partner=x.id,
                workplace=got.workplace,
                base=got.base,
                what=what,
                share=share,
                maximum=bound,
            )


def _share(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    if not share_rule_applies(p, s):
        return
    if not all(hours_known(m) for m in p.modules):
        return  # an unusable hour figure is reported where it stands; no share is computed from it
    workplace, base = workplace_share(p, s, kinds)
    if not base:
        return
    share, bound = workplace / base, 100 * s.workplace_share
    if not share_outside(share, s):
        return
    what = Phrase(f"base.{s.workplace_share_base}")
    if s.workplace_share_bound == "minimum":
        yield d.make(
            d.WORKPLACE_SHARE,
            p.at("modules"),
            workplace=workplace,
            base=base,
            what=what,
            share=Exact(100 * share, bound),
            minimum=bound,
        )
    else:
        yield d.make(
            d.WORKPLACE_SHARE_ABOVE,
            p.at("modules"),
            workplace=workplace,
            base=base,
            what=what,
            share=Exact(100 * share, bound),
            maximum=bound,
        )


def _partner(p: Programme, x: Partner, s: Settings) -> Iterator[Diagnostic]:
    ag = x.agreement
    if ag is None:
        yield d.make(d.AGREEMENT_DATES, x.at("id"), partner=x.id)
    elif not (p.valid("run") and dates_known(p.run, "start", "end") and dates_known(ag, "start", "end")):
        pass  # an unusable date is reported where it stands
    elif ag.start > p.run.start or ag.end < p.run.end:
        yield d.make(
            d.AGREEMENT_DATES,
            ag.at("end") if ag.end < p.run.end else ag.at("start"),
            variant="dates",
            partner=x.id,
            start=ag.start,
            end=ag.end,
            run_start=p.run.start,
            run_end=p.run.end,
        )
    if not x.mentors:
        yield d.make(d.NO_MENTOR, x.at("id"), partner=x.id)
        return
    if not x.valid("places") or not all(m.valid("trainees") for m in x.mentors):
        return
    loads = [m.trainees for m in x.mentors if m.trainees is not None]
    unstated = len(x.mentors) - len(loads)
    shared = max(x.places - sum(loads), 0) / unstated if unstated else 0.0
    worst: float = max([*loads, shared])
    if worst <= s.max_trainees_per_mentor:
        return
    maximum = s.max_trainees_per_mentor
    if loads and max(loads) >= shared:
        yield d.make(d.MENTOR_RATIO, x.at("mentors"), partner=x.id, trainees=max(loads), maximum=maximum)
    else:
        yield d.make(
            d.MENTOR_RATIO,
            x.at("mentors"),
            variant="shared",
            partner=x.id,
            places=Count(x.places - sum(loads), "place"),
            mentors=Count(unstated, "mentor"),
            each=Exact(shared, maximum),
            maximum=maximum,
        )


def _plans(p: Programme, kinds: Kinds) -> Iterator[Diagnostic]:
    module_of = {o.id: m for m in p.modules for o in m.outcomes}
    modules = {m.id: m for m in p.modules}
    hosted: set[str] = set()
    unknown: set[str] = set()  # modules with a plan entry whose hours were unusable
    planned_outcomes: set[str] = set()
    for x in p.partners:
        per_module: dict[str, int] = defaultdict(int)
        first_line: dict[str, Loc] = {}
        for entry in x.training_plan:
            m = modules.get(entry.unit) or module_of.get(entry.unit)
            if m is None:
                continue
            if not entry.valid("hours"):
                unknown.add(m.id)
                continue
            if entry.unit in module_of:
                planned_outcomes.add(entry.unit)
            per_module[m.id] += entry.hours
            if m.id not in first_line:
                first_line[m.id] = entry.at("unit")
        hosted |= set(per_module)
        for mid, hours in per_module.items():
            if mid in unknown or not hours_known(modules[mid]):
                continue
            workplace = module_split(modules[mid], kinds).workplace
            if hours != workplace:
                yield d.make(d.PLAN_HOURS, first_line[mid], partner=x.id, hours=hours, module=mid, workplace=workplace)
    for m in p.modules:
        at_work = module_split(m, kinds).workplace if hours_known(m) else 0
        if at_work and m.id not in hosted and m.id not in unknown:
            where = next((x.at("workplace") if x.workplace else x.at("hours") for x in m.semesters), m.at("semesters"))
            yield d.make(d.PLAN_HOURS, where, variant="unplanned", module=m.id, workplace=at_work)
        for o in m.outcomes:
            if o.venue != "college" and o.valid("venue") and m.id not in hosted and o.id not in planned_outcomes:
                yield d.make(d.OUTCOME_NOT_IN_PLAN, o.at("venue"), outcome=o.id, module=m.id)
