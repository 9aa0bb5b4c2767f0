"""Hours and credits: module sums against declared totals, credit/hour ratios, credit minimums."""

from __future__ import annotations

from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..messages import term
from ..model import Programme, hours_known
from ..settings import Settings

DISCIPLINE_TYPES = ("general", "basic", "major", "professional")


def hours_per_credit(p: Programme, s: Settings) -> float | None:
    return s.tvet_hours_per_credit if p.level == "tvet" else s.he_hours_per_credit


def check_hours(p: Programme, s: Settings) -> Iterator[Diagnostic]:
    if p.hours is not None and all(hours_known(m) for m in p.modules):
        sums = {
            "total": sum(m.hours.total for m in p.modules),
            "college": sum(m.hours.college for m in p.modules),
            "workplace": sum(m.hours.workplace for m in p.modules),
        }
        for name, actual in sums.items():
            declared = getattr(p.hours, name)
            if declared is not None and declared != actual:
                where = p.hours.at(name)
                yield d.make(d.HOURS_TOTAL, where, name=name, declared=declared, actual=actual, literal=str(actual))
    ratio = hours_per_credit(p, s)
    for m in p.modules:
        if m.credits is None or not hours_known(m):
            continue
        if ratio and abs(m.credits * ratio - m.hours.total) > 0.5:
            yield d.make(
                d.CREDIT_RATIO,
                m.at("credits"),
                module=m.id,
                credits=m.credits,
                hours=m.hours.total,
                ratio=ratio,
                expected=m.credits * ratio,
                fit_credits=m.hours.total / ratio,
            )
        if p.level != "tvet" and m.type in DISCIPLINE_TYPES and m.credits < s.he_min_discipline_credits:
            least = s.he_min_discipline_credits
            yield d.make(d.DISCIPLINE_CREDITS, m.at("credits"), module=m.id, credits=m.credits, minimum=least)
    minimum = {"bachelor": s.min_credits_bachelor, "master": s.min_credits_master}.get(p.level)
    if minimum:
        credits = p.credits if p.credits is not None else sum(m.credits or 0 for m in p.modules)
        summed = sum(m.credits or 0 for m in p.modules)
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
