"""Hours and credits: module sums against declared totals, credit/hour ratios, credit minimums."""

from __future__ import annotations

from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..messages import term
from ..model import Module, Programme, hours_known
from ..settings import Settings
from ..workload import Kinds, counted, module_split, programme_split

DISCIPLINE_CYCLES = ("ood", "bd", "pd")


def hours_per_credit(p: Programme, s: Settings) -> float | None:
    return s.tvet_hours_per_credit if p.level == "tvet" else s.he_hours_per_credit


def _discipline(m: Module, kinds: Kinds) -> bool:
    """A discipline of a general, basic or major cycle: not a practice, whose hours are all practice weeks."""
    if m.cycle not in DISCIPLINE_CYCLES:
        return False
    return not m.semesters or any(
        (kinds.get(k.kind) is None or kinds[k.kind].weeks != "practice") for x in m.semesters for k in x.hours
    )


def check_hours(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    if p.hours is not None and all(hours_known(m) for m in p.modules):
        split = programme_split(p, kinds)
        sums = {"total": split.total, "college": split.college, "workplace": split.workplace}
        for name, actual in sums.items():
            declared = getattr(p.hours, name)
            if declared is not None and declared != actual:
                where = p.hours.at(name)
                yield d.make(d.HOURS_TOTAL, where, name=name, declared=declared, actual=actual, literal=str(actual))
    ratio = hours_per_credit(p, s)
    for m in p.modules:
        if m.credits is None or not hours_known(m):
            continue
        hours = module_split(m, kinds).total
        if ratio and abs(m.credits * ratio - hours) > 0.5:
            yield d.make(
                d.CREDIT_RATIO,
                m.at("credits"),
                module=m.id,
                credits=m.credits,
                hours=hours,
                ratio=ratio,
                expected=m.credits * ratio,
                fit_credits=hours / ratio,
            )
        if p.level != "tvet" and _discipline(m, kinds) and m.credits < s.he_min_discipline_credits:
            least = s.he_min_discipline_credits
            yield d.make(d.DISCIPLINE_CREDITS, m.at("credits"), module=m.id, credits=m.credits, minimum=least)
    minimum = {"bachelor": s.min_credits_bachelor, "master": s.min_credits_master}.get(p.level)
    if minimum:
        summed = sum(m.credits or 0 for m in counted(p))
        credits = p.credits if p.credits is not None else summed
        if credits < minimum:
            level = term("education", p.level)
            yield d.make(
                d.PROGRAMME_CREDITS, p.at("credits"), programme=p.id, credits=credits, level=level, minimum=minimum
            )
        elif p.credits is not None and abs(p.credits - summed) > 0.01:
            yield d.make(
                d.HOURS_TOTAL,
                p.at("credits"),
                variant="credits",
                declared=p.credits,
                actual=summed,
                literal=f"{summed:g}",
            )
