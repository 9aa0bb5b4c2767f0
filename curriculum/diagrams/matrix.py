"""The curriculum matrix: modules × required competencies, one table per framework.

Each framework's table groups its columns by section (the item above the required one, with its
name); the names of the columns are listed under the table, so nothing is only in a tooltip.
Rows are the modules that reach the framework; the others are named below. For print, a table
is cut into parts of at most ``max_columns`` columns at section boundaries (see
:func:`~curriculum.diagrams.matrix_model.chunks`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks.coverage import Coverage
from ..escape import escape_html, slug
from ..model import Module, Programme
from .matrix_model import LEVEL_CODES, Column, Group, Section, best_level, chunks, groups_of

if TYPE_CHECKING:
    from ..render import Renderer


def matrix_html(p: Programme, r: Renderer, level: int = 2, max_columns: int | None = None) -> str:
    """The whole matrix: the key, the list of frameworks, then one section per framework."""
    cov = r.result.coverage.get(p.id)
    if cov is None or not cov.needs:
        return f"<p>{escape_html(r.label('none'))}</p>"
    groups = groups_of(cov, r)
    out = [key_html(r), overview_html(p, groups, r)]
    for g in groups:
        out.append(group_html(p, cov, g, r, level, max_columns))
    return "\n".join(out)


def key_html(r: Renderer) -> str:
    """What the cells mean: the level letters and the column states, each shown as it is drawn."""
    entries = [(f"lvl-{lvl}", code, r.word("level", lvl)) for lvl, code in LEVEL_CODES.items()]
    entries += [("gap", "✗", r.label("gap")), ("waived", "≈", r.label("waived")), ("ignored", "–", r.label("ignored"))]
    items = "".join(
        f'<li><span class="matrix-swatch {cls}" aria-hidden="true">{sym}</span> {escape_html(text)}</li>'
        for cls, sym, text in entries
    )
    return (
        f'<div class="matrix-key"><p>{escape_html(r.label("legend"))}</p><ul class="matrix-key-list">{items}</ul></div>'
    )


def overview_html(p: Programme, groups: list[Group], r: Renderer) -> str:
    """One line per framework: its name (a link to its table), required, gaps, waived."""
    head = "".join(
        f'<th scope="col">{escape_html(r.label(k))}</th>' for k in ("frameworks", "required", "gaps", "waived_count")
    )
    rows = []
    for g in groups:
        fw = r.catalogue.frameworks.get(g.fw)
        name = r.h(fw.title) if fw else escape_html(g.fw)
        cols = g.columns
        gaps = sum(c.state == "gap" for c in cols)
        gap_cell = f'<span class="gap-count">✗ {gaps}</span>' if gaps else "0"
        said = [escape_html(r.label(k)) for k in ("required", "gaps", "waived_count")]  # for narrow screens
        rows.append(
            f'<tr><td><a href="#{anchor(p, g.fw)}">{name}</a> <code>{escape_html(g.fw)}</code></td>'
            f'<td class="num" data-label="{said[0]}">{len(cols)}</td><td class="num" data-label="{said[1]}">{gap_cell}</td>'
            f'<td class="num" data-label="{said[2]}">{sum(c.state == "waived" for c in cols)}</td></tr>'
        )
    return f'<table class="matrix-overview"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def anchor(p: Programme, fw: str) -> str:
    return f"m-{slug(p.id)}-{slug(fw)}"


def group_html(p: Programme, cov: Coverage, g: Group, r: Renderer, level: int, max_columns: int | None) -> str:
    fw = r.catalogue.frameworks.get(g.fw)
    title = r.h(fw.title) if fw else escape_html(g.fw)
    link = r.hlink(f"frameworks/{slug(g.fw)}.md") if fw else ""
    code = (
        f'<a href="{escape_html(link)}"><code>{escape_html(g.fw)}</code></a>'
        if link
        else f"<code>{escape_html(g.fw)}</code>"
    )
    cols = g.columns
    rows = [m for m in p.modules if any(best_level(cov, c.need.competency, m) for c in cols)]
    idle = [m for m in p.modules if m not in rows]
    heading_id = anchor(p, g.fw)
    out = [
        f'<section class="matrix-group" aria-labelledby="{heading_id}">',
        f'<h{level} id="{heading_id}" class="matrix-title">{title} {code}</h{level}>',
    ]
    parts = chunks(g, max_columns) if max_columns else [g.sections]
    for n, part in enumerate(parts, 1):
        label = f"{r.plain(fw.title) if fw else g.fw}" + (f" ({n}/{len(parts)})" if len(parts) > 1 else "")
        marked = [m for m in rows if any(best_level(cov, c.need.competency, m) for x in part for c in x.columns)]
        out.append(table_html(p, cov, part, marked if max_columns else rows, r, label))
        out.append(columns_legend(r, g.fw, part))
    if idle:
        names = ", ".join(escape_html(m.id) for m in idle)
        out.append(f'<p class="matrix-idle">{escape_html(r.label("matrix_idle"))}: {names}</p>')
    out.append("</section>")
    return "\n".join(out)


def table_html(
    p: Programme, cov: Coverage, sections: list[Section], rows: list[Module], r: Renderer, label: str
) -> str:
    """One table: two header rows (sections with names, item codes), a row per module."""
    top = [f'<th class="corner" scope="col" rowspan="2">{escape_html(r.label("module"))}</th>']
    codes = []
    for s in sections:
        if s.id is None:
            top += [_code_th(c, r, rowspan=2) for c in s.columns]
            continue
        fw = s.columns[0].need.competency.partition(":")[0]
        item = r.catalogue.item(f"{fw}:{s.id}")
        name = f" {r.h(item.title)}" if item else ""
        top.append(
            f'<th class="section" scope="colgroup" colspan="{len(s.columns)}">'
            f'<span class="code">{escape_html(s.id)}</span>{name}</th>'
        )
        codes += [_code_th(c, r) for c in s.columns]
    body = []
    columns = [c for s in sections for c in s.columns]
    for m in rows:
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
        cells = [_cell(cov, c, m, r) for c in columns]
        body.append(
            f'<tr><th class="module" scope="row"><a href="{escape_html(href)}">{escape_html(m.id)}</a>'
            f' <span class="module-title">{r.h(m.title)}</span></th>{"".join(cells)}</tr>'
        )
    second = f"<tr>{''.join(codes)}</tr>" if codes else ""
    return (
        f'<div class="matrix-frame"><p class="scroll-hint" aria-hidden="true">{escape_html(r.label("scroll_hint"))}</p>'
        f'<div class="matrix-wrap scroll-x" tabindex="0" role="region" aria-label="{escape_html(label)}">'
        f'<table class="matrix"><thead><tr>{"".join(top)}</tr>{second}</thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )


def _code_th(c: Column, r: Renderer, rowspan: int = 1) -> str:
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    cls = " ".join(["comp", *([c.state] if c.state else [])])
    mark = {"gap": "✗ ", "waived": "≈ ", "ignored": "– "}.get(c.state, "")
    state = f'<span class="sr-only"> ({escape_html(r.label(c.state))})</span>' if c.state else ""
    return f'<th class="{cls}" scope="col"{span}>{mark}<span class="code">{escape_html(c.item or c.need.competency)}</span>{state}</th>'


def _cell(cov: Coverage, c: Column, m: Module, r: Renderer) -> str:
    found = best_level(cov, c.need.competency, m)
    classes = [c.state] if c.state else []
    if found is None:
        cls = f' class="{" ".join(classes)}"' if classes else ""
        return f"<td{cls}></td>"
    lvl, outcomes = found
    classes.append(f"lvl-{lvl}")
    tip = f"{m.id} × {c.need.competency}: {r.word('level', lvl)} ({', '.join(outcomes)})"
    return f'<td class="{" ".join(classes)}" title="{escape_html(tip)}">{LEVEL_CODES[lvl]}</td>'


def columns_legend(r: Renderer, fw: str, sections: list[Section]) -> str:
    """The names of the columns (and why a column is marked), visible under the table."""
    entries = []
    for s in sections:
        for c in s.columns:
            item = r.catalogue.item(c.need.competency)
            name = r.h(item.title) if item else escape_html(c.need.competency)
            extra = f" {escape_html(r.word('level', c.need.level))}"
            note = ""
            if c.state:
                mark = {"gap": "✗", "waived": "≈", "ignored": "–"}[c.state]
                note = (
                    f' <span class="state {c.state}"><strong>{mark} {escape_html(r.label(c.state))}</strong>:'
                    f" {escape_html(c.note)}</span>"
                )
            entries.append(
                f'<li><span class="code">{escape_html(c.item or fw)}</span> {name}'
                f' <span class="need-level">({escape_html(r.label("required_level"))}:{extra})</span>{note}</li>'
            )
    return f'<ul class="matrix-columns">{"".join(entries)}</ul>'
