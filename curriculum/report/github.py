"""GitHub Actions workflow commands (``::error file=…``), plus a Markdown step summary.

An annotation stands on the finding's primary line (for coverage findings: the programme), and
carries the hint and the related locations. GitHub shows only the first annotations of a step, so
when ``GITHUB_STEP_SUMMARY`` is set the whole table of findings and figures is appended to that file.
"""

from __future__ import annotations

import os

from ..checks import Result
from ..diagnostics import Diagnostic
from ..messages import label
from .text import FIGURE_COLUMNS, MAX_NOTES, pct
from .text import summary as summary_line
from .visible import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(x: Diagnostic, lang: str = "en") -> str:
    props = ",".join(
        f"{k}={escape_property(visible(v))}"
        for k, v in (
            ("file", x.file),
            ("line", str(x.line)),
            ("col", str(x.column)),
            ("title", f"{x.code} {x.title_in(lang)}"),
        )
    )
    lines = [visible(x.message_in(lang))]
    hint = x.hint_in(lang)
    if hint:
        lines.append(visible(hint))
    lines += [f"{label('note', lang)}: {visible(r.note_in(lang))}" for r in x.related[:MAX_NOTES]]
    if len(x.related) > MAX_NOTES:
        lines.append(f"{label('note', lang)}: {label('more-notes', lang, count=len(x.related) - MAX_NOTES)}")
    return f"::{LEVELS[str(x.severity)]} {props}::{escape_data(chr(10).join(lines))}"


def _cell(text: str) -> str:
    return visible(text).replace("|", "\\|")


def summary(result: Result, lang: str = "en") -> str:
    out = [f"## {label('check-title', lang)}", "", f"**{summary_line(result, lang)}**", ""]
    if result.figures:
        titles = [label(k, lang) for k in FIGURE_COLUMNS]
        out.append(f"| {label('programme', lang)} | " + " | ".join(titles) + " |")
        out.append("|" + "---|" * (len(FIGURE_COLUMNS) + 1))
        for pid, f in sorted(result.figures.items()):
            cells = [f"{f['required']:.0f}", *[pct(f[k]) for k in FIGURE_COLUMNS[1:]]]
            out.append(f"| `{_cell(pid)}` | " + " | ".join(cells) + " |")
        out.append("")
    if result.diagnostics:
        heads = [label(k, lang) for k in ("severity", "code", "where", "message")]
        out.append("| " + " | ".join(heads) + " |")
        out.append("|---|---|---|---|")
        for x in result.diagnostics:
            severity = label(str(x.severity), lang)
            out.append(f"| {severity} | {x.code} | `{_cell(x.where)}` | {_cell(x.message_in(lang))} |")
    return "\n".join(out) + "\n"


def render(result: Result, lang: str = "en") -> str:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary(result, lang))
    return "".join(annotation(x, lang) + "\n" for x in result.diagnostics)
