"""The working curriculum's load: hours a week in each semester against the limit, from the calendar.

A semester's weekly load is the hours of the kinds taught in theory weeks (vocabulary ``hour-kinds``:
``weeks: theory``) over the semester's theory weeks, and likewise for practice; a semester exactly at
the limit passes. Without an academic calendar there are no weeks to divide by, and no finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..messages import term
from ..model import Programme
from ..settings import Settings
from ..workload import Kinds, by_semester


def check_workload(p: Programme, s: Settings, kinds: Kinds) -> Iterator[Diagnostic]:
    weeks = {cs.semester: cs for year in p.calendar for cs in year.semesters}
    if not weeks:
        return
    for semester, row in by_semester(p).items():
        cs = weeks.get(semester)
        if cs is None:
            continue
        for part in ("theory", "practice"):
            hours = sum(v for k, v in row.items() if (kinds[k].weeks if k in kinds else "theory") == part)
            n = getattr(cs, part)
            if not hours:
                continue
            if not n:
                yield d.make(
                    d.WEEKLY_LOAD, cs.at("semester"), variant="no-weeks", semester=semester, hours=hours, part=part
                )
                continue
            if hours / n > s.max_weekly_hours + 1e-9:
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
