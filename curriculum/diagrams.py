"""Drawings the toolkit makes itself, as inline HTML and SVG: no script, printable, offline.

The hours chart (college theory, college practice, workplace per semester), the prerequisite
graph laid out by semester, and the curriculum matrix (modules × required competencies).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .checks.coverage import RANK
from .model import Programme
from .render import escape_html, level_code, module_hours, slug

if TYPE_CHECKING:
    from .render import Renderer


def hours_bars(p: Programme, r: Renderer) -> str:
    """Stacked bars (theory / practice / workplace) per semester and in total, as plain HTML+CSS."""
    per: dict[int, dict[str, int]] = defaultdict(lambda: {"theory": 0, "practice": 0, "workplace": 0})
    for m in p.modules:
        per[m.semester]["theory"] += m.hours.theory
        per[m.semester]["practice"] += m.hours.practice
        per[m.semester]["workplace"] += m.hours.workplace
    rows = [(f"{r.label('semester')} {s}", per[s]) for s in sorted(per)]
    rows.append((r.label("total"), module_hours(p)))
    biggest = max(sum(v.values()) for _, v in rows[:-1]) if len(rows) > 1 else 1
    parts = ['<div class="hours-chart" role="img" aria-label="' + escape_html(r.label("hours")) + '">']
    parts.append(
        '<div class="hours-legend">'
        + "".join(
            f'<span class="hours-key {k}">{escape_html(r.label(k))}</span>' for k in ("theory", "practice", "workplace")
        )
        + "</div>"
    )
    for i, (name, v) in enumerate(rows):
        total = sum(v.values())
        scale = total if i == len(rows) - 1 else biggest
        parts.append(
            f'<div class="hours-row"><span class="hours-name">{escape_html(name)}</span><span class="hours-bar">'
        )
        for k in ("theory", "practice", "workplace"):
            if v[k]:
                width = 100 * v[k] / (scale or 1)
                share = 100 * v[k] / (total or 1)
                parts.append(
                    f'<span class="hours-seg {k}" style="width:{width:.2f}%" title="{escape_html(r.label(k))}: {v[k]} ({share:.0f} %)">{v[k]}</span>'
                )
        parts.append(f'</span><span class="hours-total">{total}</span></div>')
    parts.append("</div>")
    return "\n".join(parts)


def prereq_svg(p: Programme, r: Renderer) -> str:
    """The prerequisite graph: one column per semester, a box per module, an arrow per prerequisite."""
    box_w, box_h, gap_x, gap_y, top = 150, 46, 50, 18, 34
    columns: dict[int, list[Any]] = defaultdict(list)
    for m in p.modules:
        columns[m.semester].append(m)
    semesters = list(range(1, max([p.semesters, *columns]) + 1)) if columns else [1]
    pos: dict[str, tuple[float, float]] = {}
    for ci, s in enumerate(semesters):
        for ri, m in enumerate(columns.get(s, [])):
            pos.setdefault(m.id, (20 + ci * (box_w + gap_x), top + ri * (box_h + gap_y)))
    width = 40 + len(semesters) * (box_w + gap_x) - gap_x
    rows = max((len(v) for v in columns.values()), default=1)
    height = top + rows * (box_h + gap_y) + 10
    out = [
        f'<div class="prereq-graph"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape_html(r.label("graph"))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>',
    ]
    for ci, s in enumerate(semesters):
        col = 20 + ci * (box_w + gap_x)
        out.append(
            f'<text class="semester" x="{col + box_w / 2:.0f}" y="18" text-anchor="middle">{escape_html(r.label("semester"))} {s}</text>'
        )
    for m in p.modules:
        x2, y2 = pos[m.id]
        for pre in m.prerequisites:
            if pre not in pos:
                continue
            x1, y1 = pos[pre]
            sx, sy, ex, ey = x1 + box_w, y1 + box_h / 2, x2, y2 + box_h / 2
            if x1 >= x2:  # same or later semester: route below the box
                sx, sy, ex, ey = x1 + box_w / 2, y1 + box_h, x2 + box_w / 2, y2 + box_h
                d = f"M {sx:.0f} {sy:.0f} C {sx:.0f} {sy + 30:.0f}, {ex:.0f} {ey + 30:.0f}, {ex:.0f} {ey:.0f}"
                cls = "edge backward"
            else:
                mid = (sx + ex) / 2
                d = f"M {sx:.0f} {sy:.0f} C {mid:.0f} {sy:.0f}, {mid:.0f} {ey:.0f}, {ex:.0f} {ey:.0f}"
                cls = "edge"
            out.append(
                f'<path class="{cls}" d="{d}" marker-end="url(#arrow)"><title>{escape_html(pre)} → {escape_html(m.id)}</title></path>'
            )
    for m in p.modules:
        x, y = pos[m.id]
        title = r.plain(m.title)
        short = title if len(title) <= 22 else title[:21] + "…"
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
        out.append(
            f'<a href="{escape_html(href)}"><g class="module {escape_html(m.type)}">'
            f"<title>{escape_html(m.id)} — {escape_html(title)}</title>"
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6"/>'
            f'<text x="{x + 8}" y="{y + 18}" class="mid">{escape_html(m.id)}</text>'
            f'<text x="{x + 8}" y="{y + 36}" class="mtitle">{escape_html(short)}</text></g></a>'
        )
    out.append("</svg></div>")
    return "\n".join(out)


def matrix_table(p: Programme, r: Renderer) -> str:
    """Modules × required competencies as an HTML table with a sticky header and short codes."""
    cov = r.result.coverage.get(p.id)
    if cov is None or not cov.needs:
        return f"<p>{escape_html(r.label('none'))}</p>"
    waived: dict[str, list[Any]] = defaultdict(list)
    for diag, w in cov.waived:
        waived[w.competency].append((diag, w))
    groups: list[tuple[str, int]] = []
    for need in cov.needs:
        fw = need.competency.partition(":")[0]
        if groups and groups[-1][0] == fw:
            groups[-1] = (fw, groups[-1][1] + 1)
        else:
            groups.append((fw, 1))
    out = [
        '<div class="matrix-wrap"><table class="matrix">',
        "<thead>",
        "<tr>",
        f'<th class="corner" rowspan="2">{escape_html(r.label("module"))}</th>',
    ]
    for fw, n in groups:
        framework = r.catalogue.frameworks.get(fw)
        name = r.plain(framework.title) if framework else fw
        href = r.hlink(f"frameworks/{slug(fw)}.md") if framework else ""
        label = f'<a href="{escape_html(href)}">{escape_html(fw)}</a>' if href else escape_html(fw)
        out.append(f'<th class="framework" colspan="{n}" title="{escape_html(name)}">{label}</th>')
    out.append("</tr>")
    out.append("<tr>")
    for need in cov.needs:
        ref = need.competency
        fw, _, item = ref.partition(":")
        it = r.catalogue.item(ref)
        full = f"{ref} — {r.plain(it.title)}" if it else ref
        full += f" ({r.label('required_level')}: {r.label(need.level)}; {', '.join(need.sources)})"
        gaps = cov.gaps.get(ref, [])
        classes = ["comp"]
        mark = ""
        if gaps:
            classes.append("gap")
            full += " — " + r.label("gap") + ": " + "; ".join(f"{g.code} {g.message_in(r.lang)}" for g in gaps)
            mark = f'<span class="mark">✗ {escape_html(r.label("gap"))}</span>'
        elif ref in waived:
            classes.append("waived")
            reasons = "; ".join(r.plain(w.justification) for _, w in waived[ref])
            full += " — " + r.label("waived") + ": " + reasons
            mark = f'<span class="mark">≈ {escape_html(r.label("waived"))}</span>'
        elif need.partner and need.partner in cov.ignored_sets:
            classes.append("ignored")
            full += " — " + r.label("ignored")
        out.append(
            f'<th class="{" ".join(classes)}" title="{escape_html(full)}"><span class="code">{escape_html(item or fw)}</span>{mark}</th>'
        )
    out.append("</tr></thead><tbody>")
    for m in p.modules:
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
        out.append(
            f'<tr><th class="module" title="{escape_html(m.id)} — {escape_html(r.plain(m.title))}">'
            f'<a href="{escape_html(href)}">{escape_html(m.id)}</a></th>'
        )
        for need in cov.needs:
            records = [x for x in cov.records.get(need.competency, []) if x.module.id == m.id]
            classes = []
            if cov.gaps.get(need.competency):
                classes.append("gap")
            elif need.competency in waived:
                classes.append("waived")
            if records:
                best = max(records, key=lambda x: RANK[x.level])
                outcomes = ", ".join(sorted({x.outcome.id for x in records}))
                classes.append("lvl-" + best.level)
                tip = f"{m.id} × {need.competency}: {r.label(best.level)} ({outcomes})"
                out.append(f'<td class="{" ".join(classes)}" title="{escape_html(tip)}">{level_code(best.level)}</td>')
            else:
                cls = f' class="{" ".join(classes)}"' if classes else ""
                out.append(f"<td{cls}></td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


# --------------------------------------------------------------------------- the tree
