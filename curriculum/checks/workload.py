"""The working curriculum's load: weekly hours against the limit (from the calendar), a TVET programme's
volume against its base education, credits per semester and per course year in higher education, and
the hours at the enterprise of trainees under 18.

A semester's weekly load is the hours of the kinds taught in theory weeks (vocabulary ``hour-kinds``:
``weeks: theory``) over the semester's theory weeks, and likewise for practice; a figure exactly at a
limit passes. Without an academic calendar there are no weeks to divide by, and no weekly finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..messages import Localised, term
from ..model import CalendarSemester, CourseYear, Programme, Term, Text, hours_known
from ..settings import Settings
from ..workload import Kinds, by_semester, counted, load_workplace, programme_split

EPSILON = 1e-9


class Named(Localised):
    """A vocabulary term's name in the reader's language (its id when the vocabulary lacks it)."""

    def __init__(self, title: Text | None, fallback: str) -> None:
        self.title = title
        self.fallback = fallback

    def render(self, lang: str) -> str:
        return self.title.get(lang) if self.title is not None else self.fallback


def check_workload(
    p: Programme, s: Settings, kinds: Kinds, bases: Mapping[str, Term] | None = None
) -> Iterator[Diagnostic]:
    if not all(hours_known(m) for m in p.modules):
        return  # an unusable hour figure is reported where it stands
    if p.level in s.weekly_load_levels:
        yield from _weekly(p, s, kinds)
    if p.level == "tvet":
        yield from _base_total(p, s, bases or {})
        yield from _minors(p, s, kinds)
    else:
        yield from _credits(p, s)


def _weeks(p: Programme) -> dict[int, CalendarSemester]:
    return {cs.semester: cs for year in p.calendar for cs in year.semesters}


def _part(kinds: Kinds, kind: str) -> str:
    found = kinds.get(kind)
    return (found.weeks if found is not None else None) or "theory"


def _weekly(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    weeks = _weeks(p)
    if not weeks:
        return
    for semester, row in by_semester(p).items():
        cs = weeks.get(semester)
        if cs is None:
            continue
        for part in ("theory", "practice"):
            hours = sum(v for k, v in row.items() if _part(kinds, k) == part)
            n = getattr(cs, part)
            if not hours:
                continue
            if not n:
                yield d.make(
                    d.WEEKLY_LOAD, cs.at("semester"), variant="no-weeks", semester=semester, hours=hours, part=part
                )
                continue
            if hours / n > s.max_weekly_hours + EPSILON:
                yield d.make(
                    d.WEEKLY_LOAD,
                    cs.at(part),
                    semester=semester,
                    hours=hours,
                    weeks=n,
                    part=term("weeks", part),
                    load=round(hours / n, 1),
                    limit=s.max_weekly_hours,
                    most=int(s.max_weekly_hours * n),
                )


def _base_total(p: Programme, s: Settings, bases: Mapping[str, Term]) -> Iterator[Diagnostic]:
    """A TVET programme's volume against the least its base education asks for (CUR511)."""
    least = {x.base: x.credits for x in s.tvet_base_credits}
    if p.base_education is None or p.base_education not in least or not s.tvet_hours_per_credit:
        return
    ratio = s.tvet_hours_per_credit
    hours = programme_split(p, kinds={}).total
    credits = round(hours / ratio, 2)
    minimum = least[p.base_education]
    if credits + EPSILON >= minimum:
        return
    found = bases.get(p.base_education)
    yield d.make(
        d.BASE_TOTAL,
        p.at("base_education"),
        programme=p.id,
        base=Named(found.title if found is not None else None, p.base_education),
        hours=hours,
        credits=credits,
        ratio=ratio,
        minimum=minimum,
        least=round(minimum * ratio),
        missing=round(minimum * ratio) - hours,
    )


def _years(p: Programme) -> list[tuple[int, tuple[int, ...], CourseYear | None]]:
    """Course years and their semesters: the calendar's, else semesters paired (1–2, 3–4…)."""
    if p.calendar:
        return [(y.year, tuple(sorted(cs.semester for cs in y.semesters)), y) for y in p.calendar]
    return [(y, (2 * y - 1, 2 * y), None) for y in range(1, (p.semesters + 1) // 2 + 1)]


def _credits(p: Programme, s: Settings) -> Iterator[Diagnostic]:
    """Credits per semester (CUR512) and per course year (CUR513) of a higher-education programme: a
    module's credits shared among its semesters by their hours (without credits: its hours over
    ``he_hours_per_credit``)."""
    per: dict[int, float] = defaultdict(float)
    first: dict[int, Loc] = {}
    for m in counted(p):
        total = m.total_hours
        for load in m.semesters:
            if m.credits is not None:
                share = m.credits * load.total / total if total else 0.0
            else:
                share = load.total / s.he_hours_per_credit
            per[load.semester] += share
            first.setdefault(load.semester, load.at("semester"))
    weeks = _weeks(p)
    for semester in sorted(per):
        credits = round(per[semester], 2)
        if credits > s.he_semester_credits + EPSILON:
            where = weeks[semester].at("semester") if semester in weeks else first[semester]
            excess = round(credits - s.he_semester_credits, 2)
            yield d.make(
                d.SEMESTER_CREDITS,
                where,
                semester=semester,
                credits=credits,
                limit=s.he_semester_credits,
                excess=excess,
            )
    for year, semesters, cy in _years(p):
        credits = round(sum(per.get(x, 0.0) for x in semesters), 2)
        if credits > s.he_year_credits + EPSILON:
            where = cy.at("year") if cy is not None else next((first[x] for x in semesters if x in first), p.at("id"))
            yield d.make(
                d.YEAR_CREDITS,
                where,
                year=year,
                semesters="–".join(str(x) for x in (semesters[0], semesters[-1])) if semesters else "",
                credits=credits,
                limit=s.he_year_credits,
                excess=round(credits - s.he_year_credits, 2),
            )


def _cap(p: Programme, s: Settings, year: int) -> tuple[float, str] | None:
    """The Labour Code's cap on hours a week at the enterprise in a course year, and the age it is for
    (``"16"`` or ``"18"``): the lower of those whose years (``under16_years``, ``minor_years``) hold it."""
    caps = [
        (cap, age)
        for cap, age, table in (
            (s.under16_weekly_hours, "16", s.under16_years),
            (s.minor_weekly_hours, "18", s.minor_years),
        )
        if year <= next((x.years for x in table if x.base == p.base_education), 0)
    ]
    return min(caps) if caps else None


def _minors(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    """Hours at the enterprise a week, in the course years whose trainees are under 18 (CUR514), against
    the cap for their age (under 16 or under 18): in practice weeks always; in theory weeks when the year
    alternates by day release (with block alternation the weeks of the blocks are not in the calendar, so
    they are not computed)."""
    if p.base_education is None or not p.calendar or _cap(p, s, 1) is None:
        return
    at_work: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in counted(p):
        for load in m.semesters:
            for kind, hours in load_workplace(load, kinds).items():
                at_work[load.semester][_part(kinds, kind)] += hours
    everything = by_semester(p)
    for y in sorted(p.calendar, key=lambda c: c.year):
        found = _cap(p, s, y.year)
        if found is None:
            continue
        cap, age = found
        for cs in sorted(y.semesters, key=lambda c: c.semester):
            parts = ("theory", "practice") if y.alternation == "day-release" else ("practice",)
            for part in parts:
                hours, n = at_work[cs.semester][part], getattr(cs, part)
                if not hours or not n or hours / n <= cap + EPSILON:
                    continue
                study = sum(v for k, v in everything.get(cs.semester, {}).items() if _part(kinds, k) == part)
                if (
                    p.level in s.weekly_load_levels
                    and s.max_weekly_hours <= cap
                    and study / n > s.max_weekly_hours + EPSILON
                ):
                    continue  # the weekly load is already over a limit no higher: CUR510 says so
                yield d.make(
                    d.MINOR_HOURS,
                    cs.at(part),
                    variant="under-16" if age == "16" else "default",
                    semester=cs.semester,
                    year=y.year,
                    hours=hours,
                    weeks=n,
                    part=term("weeks", part),
                    load=round(hours / n, 1),
                    limit=cap,
                    most=int(cap * n),
                )
