"""The prerequisite graph: one lane per semester, a box per module, an arrow per requisite.

Prerequisites are solid arrows, co-requisites dashed (strict ones dotted). Each box carries its
module's structural complexity (curricular-analytics metrics, :mod:`curriculum.metrics`) as a number
and as a bar along its foot, scaled to the programme's most complex module; the table of every
module's metrics and the programme's totals follows the module list.

Drawn at its natural size (12 px text; the page scrolls sideways on a phone rather than the
drawing shrinking). Titles wrap onto up to four lines and are shortened with "…" beyond that;
the full names, and every prerequisite, are in the module list by semester that follows the
drawing. The drawing itself is hidden from screen readers (its links are out of the tab order):
the list is its text alternative and has the same links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..escape import escape_html, slug
from ..metrics import EDGE_KIND, Metrics, requisites, semester
from ..model import Module, Programme

if TYPE_CHECKING:
    from ..render import Renderer

PER_ROW = 4  # boxes per row in a lane
BOX_W, GAP_X, GAP_Y, LANE_W, PAD = 190, 16, 22, 84, 12
LINE_CHARS, MAX_LINES, LINE_H = 24, 4, 15  # about 7 px a character at 12 px, wide fonts included
TYPES = ("general", "basic", "professional", "major", "practice", "final")
CYCLE_TYPE = {"ood": "general", "oom": "general", "bm": "basic", "bd": "basic", "pm": "professional", "pd": "major"}
CYCLE_TYPE.update({"practice": "practice", "pa": "final", "ia": "final"})


def type_of(cycle: str) -> str:
    """The drawing's colour class of a cycle (cycles of a catalogue's own vocabulary draw as basic)."""
    return CYCLE_TYPE.get(cycle, "basic")


def wrap(text: str, width: int = LINE_CHARS, lines: int = MAX_LINES) -> list[str]:
    """Words into at most ``lines`` lines of about ``width`` characters; "…" marks a cut."""
    out: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:  # one very long word: cut it
            if current:
                out.append(current)
                current = ""
            out.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = (out[-1][: width - 1].rstrip() if len(out[-1]) >= width else out[-1]) + "…"
    return out or [""]


@dataclass
class Box:
    module: Module
    x: float
    y: float
    h: float
    lines: list[str]
    row: int  # rows of boxes, counted down the whole drawing

    @property
    def centre(self) -> float:
        return self.x + BOX_W / 2


def layout(p: Programme, r: Renderer) -> tuple[list[tuple[int, float, float]], dict[str, Box], float, float]:
    """Lanes (semester, top, height), the boxes by module id, and the drawing's width and height."""
    by_sem: dict[int, list[Module]] = defaultdict(list)
    for m in p.modules:
        by_sem[m.semester].append(m)
    semesters = range(1, max([p.semesters, *by_sem]) + 1) if by_sem else range(1, 2)
    lanes: list[tuple[int, float, float]] = []
    boxes: dict[str, Box] = {}
    y, row_no = 0.0, 0
    for s in semesters:
        top, mods = y, by_sem.get(s, [])
        y += PAD
        for start in range(0, len(mods), PER_ROW):
            row = mods[start : start + PER_ROW]
            wrapped = [wrap(r.plain(m.title)) for m in row]
            h = 22 + LINE_H * max(len(w) for w in wrapped) + 8
            for i, (m, lines) in enumerate(zip(row, wrapped, strict=True)):
                boxes.setdefault(m.id, Box(m, LANE_W + PAD + i * (BOX_W + GAP_X), y, h, lines, row_no))
            y += h + GAP_Y
            row_no += 1
        y = max(y, top + 44)
        lanes.append((s, top, y - top))
    width = LANE_W + PAD + PER_ROW * (BOX_W + GAP_X) - GAP_X + PAD
    return lanes, boxes, width, y


def _edge(a: Box, b: Box, k: int) -> tuple[str, str]:
    """The path from prerequisite ``a`` to module ``b``, never across another box: straight down
    to the next row, else along the gaps between rows and columns. A prerequisite that is not in
    an earlier semester leaves from the top and is drawn dashed. ``k`` spreads parallel runs."""
    forward = semester(a.module) < semester(b.module)
    if forward and b.row == a.row + 1:
        sx, sy, ex, ey = a.centre, a.y + a.h, b.centre, b.y
        bend = (ey - sy) / 2
        return f"M {sx:.0f} {sy:.0f} C {sx:.0f} {sy + bend:.0f}, {ex:.0f} {ey - bend:.0f}, {ex:.0f} {ey:.0f}", "edge"
    shift = (k % 5 - 2) * 3
    start = a.y + a.h if forward else a.y
    y1 = start + (GAP_Y / 2 if forward else -GAP_Y / 2) + shift
    left, right = b.x - GAP_X / 2, b.x + BOX_W + GAP_X / 2
    gx = (left if abs(left - a.centre) <= abs(right - a.centre) else right) + shift / 2
    y2 = b.y - GAP_Y / 2 + shift
    points = [
        (a.centre + shift, start),
        (a.centre + shift, y1),
        (gx, y1),
        (gx, y2),
        (b.centre + shift, y2),
        (b.centre + shift, b.y),
    ]
    return _rounded(points), "edge" if forward else "edge backward"


def _rounded(points: list[tuple[float, float]], radius: float = 5) -> str:
    """An orthogonal path through ``points`` with rounded corners."""
    out = [f"M {points[0][0]:.1f} {points[0][1]:.1f}"]
    for (x0, y0), (x1, y1), (x2, y2) in zip(points, points[1:], points[2:], strict=False):
        r1 = min(radius, abs(x1 - x0) / 2 + abs(y1 - y0) / 2)
        r2 = min(radius, abs(x2 - x1) / 2 + abs(y2 - y1) / 2)
        bx = x1 - (r1 if x1 > x0 else -r1 if x1 < x0 else 0)
        by = y1 - (r1 if y1 > y0 else -r1 if y1 < y0 else 0)
        cx = x1 + (r2 if x2 > x1 else -r2 if x2 < x1 else 0)
        cy = y1 + (r2 if y2 > y1 else -r2 if y2 < y1 else 0)
        out.append(f"L {bx:.1f} {by:.1f} Q {x1:.1f} {y1:.1f} {cx:.1f} {cy:.1f}")
    out.append(f"L {points[-1][0]:.1f} {points[-1][1]:.1f}")
    return " ".join(out)


def prereq_svg(p: Programme, r: Renderer) -> str:
    lanes, boxes, width, height = layout(p, r)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" aria-hidden="true" focusable="false" data-search-exclude="">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>',
    ]
    for i, (s, top, h) in enumerate(lanes):
        out.append(f'<rect class="lane lane-{i % 2}" x="0" y="{top:.0f}" width="{width:.0f}" height="{h:.0f}"/>')
        out.append(f'<text class="semester" x="10" y="{top + 26:.0f}">{escape_html(r.label("semester"))} {s}</text>')
    k = 0
    for m in p.modules:
        for name, pre, _ in requisites(m):
            if pre in boxes and m.id in boxes and pre != m.id:
                d, cls = _edge(boxes[pre], boxes[m.id], k)
                k += 1
                if _backward(p, m, pre, name):
                    cls = "edge backward"
                elif name != "prerequisites":
                    cls = "edge " + EDGE_KIND[name].replace("strict-", "strict ")
                out.append(f'<path class="{cls}" d="{d}" marker-end="url(#arrow)"/>')
    metrics = r.result.metrics.get(p.id)
    top = max((x.complexity for x in metrics.modules.values()), default=0) if metrics else 0
    for box in boxes.values():
        out.append(_box(p, box, r, metrics, top))
    out.append("</svg>")
    return "".join(out)


def _box(p: Programme, b: Box, r: Renderer, metrics: Metrics | None = None, top: int = 0) -> str:
    m = b.module
    score = ""
    if metrics is not None and m.id in metrics.modules:
        value = metrics.modules[m.id].complexity
        width = (BOX_W - 2) * value / top if top else 0
        score = (
            f'<text x="{b.x + BOX_W - 8:.0f}" y="{b.y + 18:.0f}" class="complexity" text-anchor="end">{value}</text>'
            f'<rect class="complexity-bar" x="{b.x + 1:.0f}" y="{b.y + b.h - 5:.0f}" width="{width:.1f}" height="4"/>'
        )
    href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
    lines = "".join(
        f'<tspan x="{b.x + 9:.0f}" y="{b.y + 37 + i * LINE_H:.0f}">{escape_html(line)}</tspan>'
        for i, line in enumerate(b.lines)
    )
    return (
        f'<a href="{escape_html(href)}" tabindex="-1"><g class="module {escape_html(type_of(m.cycle))}">'
        f"<title>{escape_html(m.id)} — {escape_html(r.plain(m.title))}</title>"
        f'<rect x="{b.x:.0f}" y="{b.y:.0f}" width="{BOX_W}" height="{b.h:.0f}" rx="6"/>'
        f'<text x="{b.x + 9:.0f}" y="{b.y + 18:.0f}" class="mid">{escape_html(m.id)}</text>'
        f'<text class="mtitle">{lines}</text>{score}</g></a>'
    )


def legend_html(p: Programme, r: Renderer) -> str:
    present = [t for t in TYPES if any(type_of(m.cycle) == t for m in p.modules)]
    keys = "".join(
        f'<li><span class="graph-swatch module {t}" aria-hidden="true"></span>{escape_html(r.word("cycle", t))}</li>'
        for t in present
    )
    keys += f'<li><span class="graph-line" aria-hidden="true"></span>{escape_html(r.label("graph_edge"))}</li>'
    kinds = {name for m in p.modules for name, _, _ in requisites(m)}
    for name, cls in (("corequisites", "corequisite"), ("strict_corequisites", "corequisite strict")):
        if name in kinds:
            keys += (
                f'<li><span class="graph-line {cls}" aria-hidden="true"></span>'
                f"{escape_html(r.label('graph_edge_' + name))}</li>"
            )
    if r.result.metrics.get(p.id) is not None:
        keys += f'<li><span class="graph-bar" aria-hidden="true"></span>{escape_html(r.label("graph_complexity"))}</li>'
    if any(_backward(p, m, pre, name) for m in p.modules for name, pre, _ in requisites(m)):
        keys += (
            f'<li><span class="graph-line backward" aria-hidden="true"></span>'
            f"{escape_html(r.label('graph_edge_backward'))}</li>"
        )
    return f'<ul class="graph-legend">{keys}</ul>'


def _backward(p: Programme, m: Module, pre: str, name: str = "prerequisites") -> bool:
    """A requisite drawn as out of order: a prerequisite not in an earlier semester, a co-requisite
    in a later one, a strict co-requisite in another one."""
    other = next((x for x in p.modules if x.id == pre), None)
    if other is None or other.id == m.id:
        return False
    before, now = semester(other), semester(m)
    return {"prerequisites": before >= now, "corequisites": before > now}.get(name, before != now)


def module_list(p: Programme, r: Renderer, open_: bool = False) -> str:
    """The text alternative: the modules by semester, each with its full title and prerequisites."""
    ids = {m.id for m in p.modules}
    by_sem: dict[int, list[Module]] = defaultdict(list)
    for m in p.modules:
        by_sem[m.semester].append(m)
    parts = []
    for s in sorted(by_sem):
        items = []
        for m in by_sem[s]:
            href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
            after = ""
            for name in ("prerequisites", "corequisites", "strict_corequisites"):
                pres = ", ".join(
                    f'<a href="{escape_html(r.hlink(f"programmes/{slug(p.id)}/modules/{slug(x)}.md"))}">'
                    f"{escape_html(x)}</a>"
                    if x in ids
                    else escape_html(x)
                    for x in getattr(m, name)
                )
                after += f" — {escape_html(r.label(name))}: {pres}" if pres else ""
            items.append(f'<li><a href="{escape_html(href)}">{escape_html(m.id)}</a> {r.h(m.title)}{after}</li>')
        parts.append(f"<li>{escape_html(r.label('semester'))} {s}<ul>{''.join(items)}</ul></li>")
    summary = escape_html(r.label("graph_text"))
    return f'<details class="graph-text"{" open" if open_ else ""}><summary>{summary}</summary><ul>{"".join(parts)}</ul></details>'


METRIC_COLUMNS = ("blocking", "delay", "centrality", "complexity")


def metrics_table(p: Programme, r: Renderer) -> str:
    """Every module's curricular-analytics metrics with the programme's totals, or why there are none."""
    metrics = r.result.metrics.get(p.id)
    caption = escape_html(r.label("metrics"))
    if metrics is None:
        return f'<p class="metrics-none"><strong>{caption}</strong>: {escape_html(r.label("metrics_cycle"))}</p>'
    head = "".join(f'<th scope="col">{escape_html(r.label("metric_" + c))}</th>' for c in METRIC_COLUMNS)
    rows = []
    by_id = {m.id: m for m in p.modules}
    for mid, x in metrics.modules.items():
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(mid)}.md")
        cells = "".join(f"<td>{getattr(x, c)}</td>" for c in METRIC_COLUMNS)
        rows.append(
            f'<tr><th scope="row"><a href="{escape_html(href)}">{escape_html(mid)}</a> {r.h(by_id[mid].title)}</th>'
            f"<td>{semester(by_id[mid])}</td>{cells}</tr>"
        )
    totals = "".join(f"<td>{metrics.total(c)}</td>" for c in METRIC_COLUMNS)
    return (
        f'<div class="scroll-x metrics-wrap"><table class="metrics"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">{escape_html(r.label("module"))}</th>'
        f'<th scope="col">{escape_html(r.label("semester"))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">{escape_html(r.label("total"))}</th><td></td>{totals}</tr></tfoot></table></div>'
        f'<p class="metrics-note">{escape_html(r.label("metrics_note"))}</p>'
    )


def prereq_figure(p: Programme, r: Renderer, open_list: bool = False) -> str:
    """Legend, drawing (scrolls sideways when wider than the page), the module list and the metrics."""
    label = escape_html(r.label("graph"))
    return (
        f'<figure class="prereq">{legend_html(p, r)}<div class="scroll-frame">'
        f'<p class="scroll-hint" aria-hidden="true">{escape_html(r.label("scroll_hint_graph"))}</p>'
        f'<div class="prereq-graph scroll-x" tabindex="0" role="region" aria-label="{label}">'
        f"{prereq_svg(p, r)}</div></div></figure>\n{module_list(p, r, open_list)}\n{metrics_table(p, r)}"
    )
