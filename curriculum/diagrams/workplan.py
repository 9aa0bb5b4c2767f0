"""The working curriculum as colleges and universities file it: modules grouped by cycle, hours by
kind, hours by semester with the forms of control, and totals — one HTML table, printable and offline.

Kinds, cycles and forms of control are named by their vocabulary terms (abbreviations in the header,
full names in ``title`` and in the key below the table); every text from YAML is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..escape import escape_html
from ..model import Module, Programme
from ..workload import counted

if TYPE_CHECKING:
    from ..render import Renderer


def _term_text(r: Renderer, vocabulary: str, value: str, short: bool = False) -> str:
    term = r.catalogue.term(vocabulary, value)
    if term is None:
        return value
    text: Any = term.abbreviation if short and term.abbreviation is not None else term.title
    return r.plain(text)


def workplan_html(p: Programme, r: Renderer) -> str:
    """The working-curriculum table of ``p``; empty when it has no modules."""
    if not p.modules:
        return ""
    vocab = r.catalogue.vocabularies.get("hour-kinds")
    order = [t.id for t in vocab.terms] if vocab is not None else []
    used = {k.kind for m in p.modules for x in m.semesters for k in x.hours}
    kinds = [k for k in order if k in used] + sorted(used - set(order))
    semesters = sorted({x.semester for m in p.modules for x in m.semesters})
    kept = {m.id for m in counted(p)}
    cycles = r.catalogue.vocabularies.get("cycles")
    cycle_order = [t.id for t in cycles.terms] if cycles is not None else []
    groups: dict[str, list[Module]] = {}
    for m in sorted(p.modules, key=lambda m: cycle_order.index(m.cycle) if m.cycle in cycle_order else 99):
        groups.setdefault(m.cycle, []).append(m)
    h = escape_html
    head = [f'<th scope="col">{h(r.label("module"))}</th>']
    head += [
        f'<th scope="col" title="{h(_term_text(r, "hour-kinds", k))}">{h(_term_text(r, "hour-kinds", k, True))}</th>'
        for k in kinds
    ]
    head += [f'<th scope="col">{h(r.label("semester"))} {s}</th>' for s in semesters]
    head += [f'<th scope="col">{h(r.label("total"))}</th>']
    rows: list[str] = []
    totals = {k: 0 for k in kinds}
    per_semester = {s: 0 for s in semesters}
    width = len(head)
    for cycle, modules in groups.items():
        rows.append(
            f'<tr class="workplan-cycle"><th scope="rowgroup" colspan="{width}">{h(_term_text(r, "cycles", cycle))}</th></tr>'
        )
        for m in modules:
            by_kind = m.hours_by_kind()
            by_sem = {x.semester: x for x in m.semesters}
            counts = m.id in kept
            cells = [f'<th scope="row">{h(m.id)} {h(r.plain(m.title))}{"" if counts else " *"}</th>']
            for k in kinds:
                cells.append(f"<td>{by_kind.get(k, '') or ''}</td>")
                if counts:
                    totals[k] += by_kind.get(k, 0)
            for s in semesters:
                load = by_sem.get(s)
                if load is None:
                    cells.append("<td></td>")
                    continue
                control = ", ".join(_term_text(r, "control-forms", c, True) for c in load.control)
                if counts:
                    per_semester[s] += load.total
                extra = f'<br><span class="workplan-control">{h(control)}</span>' if control else ""
                cells.append(f"<td>{load.total}{extra}</td>")
            cells.append(f"<td>{m.total_hours}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
    foot = [f'<th scope="row">{h(r.label("total"))}</th>']
    foot += [f"<td>{totals[k]}</td>" for k in kinds]
    foot += [f"<td>{per_semester[s]}</td>" for s in semesters]
    foot.append(f"<td>{sum(totals.values())}</td>")
    key = "; ".join(f"{_term_text(r, 'hour-kinds', k, True)} — {_term_text(r, 'hour-kinds', k)}" for k in kinds)
    forms = sorted({c for m in p.modules for x in m.semesters for c in x.control})
    if forms:
        key += ". " + "; ".join(
            f"{_term_text(r, 'control-forms', c, True)} — {_term_text(r, 'control-forms', c)}" for c in forms
        )
    return (
        '<div class="workplan scroll-x" tabindex="0" role="region" aria-label="'
        + h(r.label("working_curriculum"))
        + '"><table class="workplan-table"><thead><tr>'
        + "".join(head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody><tfoot><tr>"
        + "".join(foot)
        + "</tr></tfoot></table>"
        + f'<p class="workplan-key">{h(key)}</p></div>'
    )
