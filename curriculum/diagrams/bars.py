"""Static SVG bar charts for the results pages: made at build time, deterministic, printable.

A chart is decorative for assistive technology only in the sense that the same numbers follow it as
a table; the SVG still carries a title and one ``<title>`` per bar. A suppressed figure (fewer than
k people) is drawn as an empty outlined bar marked "—".
"""

from __future__ import annotations

from ..escape import escape_html

WIDTH, LABEL, BAR, ROW = 640, 220, 320, 26


def bars_svg(
    title: str,
    rows: list[tuple[str, float | None, str]],
    *,
    scale: float = 1.0,
    threshold: float | None = None,
    threshold_label: str = "",
) -> str:
    """Horizontal bars: ``rows`` are (label, value or None when suppressed, the value as text)."""
    height = ROW * len(rows) + 16
    out = [
        f'<svg class="results-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape_html(title)}"><title>{escape_html(title)}</title>'
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 8 + i * ROW
        out.append(
            f'<text class="results-label" x="{LABEL - 8}" y="{y + 15}" text-anchor="end">{escape_html(label)}</text>'
        )
        if value is None:
            out.append(
                f'<rect class="results-bar suppressed" x="{LABEL}" y="{y + 3}" width="{BAR}" height="{ROW - 8}">'
                f"<title>{escape_html(label)}: {escape_html(text)}</title></rect>"
            )
        else:
            width = BAR * max(0.0, min(value / scale if scale else 0.0, 1.0))
            out.append(
                f'<rect class="results-bar" x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 8}">'
                f"<title>{escape_html(label)}: {escape_html(text)}</title></rect>"
            )
        out.append(f'<text class="results-value" x="{LABEL + BAR + 8}" y="{y + 15}">{escape_html(text)}</text>')
    if threshold is not None and scale:
        x = LABEL + BAR * min(threshold / scale, 1.0)
        out.append(
            f'<line class="results-threshold" x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 4}">'
            f"<title>{escape_html(threshold_label)}</title></line>"
        )
    out.append("</svg>")
    return "".join(out)
