"""Bars drawn in HTML and CSS: hours by semester, and shares against a threshold.

Every bar carries its figure as text beside it, so nothing depends on colour or on hovering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import escape_html
from ..model import Programme
from ..workload import PLACES, Kinds, counted, kinds_of, places, places_by_semester

if TYPE_CHECKING:
    from ..render import Renderer

KINDS = PLACES


def programme_hours(p: Programme, kinds: Kinds) -> dict[str, int]:
    return places([x for m in counted(p) for x in m.semesters], kinds)


def hours_bars(p: Programme, r: Renderer) -> str:
    """Stacked bars (classes / practical training at the college / workplace) per semester and in total,
    as plain HTML+CSS."""
    kinds = kinds_of(r.catalogue)
    per = places_by_semester(p, kinds)
    rows = [(f"{r.label('semester')} {s}", per[s]) for s in sorted(per)]
    rows.append((r.label("total"), programme_hours(p, kinds)))
    biggest = max(sum(v.values()) for _, v in rows[:-1]) if len(rows) > 1 else 1
    parts = ['<div class="hours-chart" role="img" aria-label="' + escape_html(r.label("hours")) + '">']
    parts.append(
        '<div class="hours-legend">'
        + "".join(f'<span class="hours-key {k}">{escape_html(r.by_provider(k, p))}</span>' for k in KINDS)
        + "</div>"
    )
    for i, (name, v) in enumerate(rows):
        total = sum(v.values())
        scale = total if i == len(rows) - 1 else biggest
        parts.append(
            f'<div class="hours-row"><span class="hours-name">{escape_html(name)}</span><span class="hours-bar">'
        )
        for k in KINDS:
            if v[k]:
                width = 100 * v[k] / (scale or 1)
                share = 100 * v[k] / (total or 1)
                parts.append(
                    f'<span class="hours-seg {k}" style="width:{width:.2f}%" '
                    f'title="{escape_html(r.by_provider(k, p))}: {v[k]} ({share:.0f} %)">{v[k]}</span>'
                )
        parts.append(f'</span><span class="hours-total">{total}</span></div>')
    parts.append("</div>")
    return "\n".join(parts)


def share_absent(note: str) -> str:
    """The place of a share that is not given (the rule it is held against does not apply): a dash,
    and ``note`` saying why, as a tooltip and for screen readers."""
    note = escape_html(note)
    return (
        f'<span class="share-absent" title="{note}"><span aria-hidden="true">—</span>'
        f'<span class="sr-only">{note}</span></span>'
    )


def share_bar(
    value: float, label: str, threshold: float | None = None, threshold_label: str = "", bound: str = "minimum"
) -> str:
    """A horizontal bar for a share (0–1) with its figure as text, and a drawn threshold line.

    ``below`` is added when the value is on the wrong side of the threshold — under it where the
    threshold is a ``minimum``, over it where it is a ``maximum`` (the figure then reads in the error
    colour, and the text says the threshold as well)."""
    value = min(max(value, 0.0), 1.0)
    below = threshold is not None and (value > threshold if bound == "maximum" else value < threshold)
    text = f"{100 * value:.0f} %"
    line = ""
    spoken = f"{label}: {text}"
    if threshold is not None:
        line = (
            f'<span class="share-threshold" style="left:{100 * threshold:.2f}%" '
            f'title="{escape_html(threshold_label)}"></span>'
        )
        spoken += f"; {threshold_label}"
    cls = "share below" if below else "share"
    mark = "✗ " if below else ""
    return (
        f'<span class="{cls}"><span class="share-bar" role="img" aria-label="{escape_html(spoken)}">'
        f'<span class="share-fill" style="width:{100 * value:.2f}%"></span>{line}</span>'
        f'<span class="share-value">{mark}{text}</span></span>'
    )
