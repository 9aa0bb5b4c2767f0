"""The academic calendar as a static SVG chart: one row per course year, its weeks of theory,
practice, attestation and holidays as consecutive blocks by semester, with the figures as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import escape_html
from ..model import Programme

if TYPE_CHECKING:
    from ..render import Renderer

PARTS = ("theory", "practice", "attestation", "holidays")
WEEK, ROW, LEFT = 12, 34, 90


def calendar_svg(p: Programme, r: Renderer) -> str:
    """The chart, or an empty string when the programme has no calendar."""
    if not p.calendar:
        return ""
    h = escape_html
    names = {"theory": r.by_provider("theory", p), "practice": r.label("practice_weeks")}
    names |= {"attestation": r.label("attestation"), "holidays": r.label("holidays")}
    years = sorted(p.calendar, key=lambda y: y.year)
    widest = max(sum(getattr(cs, part) for cs in y.semesters for part in PARTS) for y in years)
    width, height = LEFT + max(widest, 1) * WEEK + 10, 30 + ROW * len(years)
    out = [
        f'<svg class="calendar-chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{h(r.label("calendar"))}</title>'
    ]
    for i, part in enumerate(PARTS):
        out.append(f'<rect class="cal-{part}" x="{LEFT + i * 130}" y="4" width="10" height="10"/>')
        out.append(f'<text x="{LEFT + i * 130 + 14}" y="13">{h(names[part])}</text>')
    for row, y in enumerate(years):
        top = 24 + row * ROW
        mode = r.label("day_release") if y.alternation == "day-release" else r.label("block")
        out.append(f'<text x="4" y="{top + 14}">{h(r.label("course"))} {y.year}</text>')
        out.append(f'<text x="4" y="{top + 26}" class="cal-mode">{h(mode)}</text>')
        x = LEFT
        for cs in sorted(y.semesters, key=lambda c: c.semester):
            for part in PARTS:
                weeks = getattr(cs, part)
                if not weeks:
                    continue
                label = f"{r.label('semester')} {cs.semester}: {names[part]} {weeks}"
                out.append(
                    f'<rect class="cal-{part}" x="{x}" y="{top}" width="{weeks * WEEK}" height="20">'
                    f"<title>{h(label)}</title></rect>"
                )
                out.append(f'<text x="{x + 2}" y="{top + 14}" class="cal-weeks">{weeks}</text>')
                x += weeks * WEEK
    out.append("</svg>")
    return "".join(out)
