"""GitHub Actions workflow commands (``::error file=…``), plus a Markdown step summary.

GitHub shows only the first annotations of a step, so when ``GITHUB_STEP_SUMMARY`` is set the
whole table of findings and figures is appended to that file as well.
"""

from __future__ import annotations

import os

from ..checks import Result
from ..diagnostics import Diagnostic
from .text import FIGURE_COLUMNS, pct

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(x: Diagnostic) -> str:
    props = ",".join(
        f"{k}={escape_property(v)}"
        for k, v in (("file", x.file), ("line", str(x.line)), ("col", str(x.column)), ("title", f"{x.code} {x.title}"))
    )
    message = x.message + (f"\n{x.hint}" if x.hint else "")
    return f"::{LEVELS[str(x.severity)]} {props}::{escape_data(message)}"


def summary(result: Result) -> str:
    counts = result.counts()
    out = ["## curriculum check", ""]
    out.append(f"**{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes**")
    out.append("")
    if result.figures:
        out.append("| programme | " + " | ".join(t for _, t in FIGURE_COLUMNS) + " |")
        out.append("|" + "---|" * (len(FIGURE_COLUMNS) + 1))
        for pid, f in sorted(result.figures.items()):
            cells = [f"{f['required']:.0f}", *[pct(f[k]) for k, _ in FIGURE_COLUMNS[1:]]]
            out.append(f"| `{pid}` | " + " | ".join(cells) + " |")
        out.append("")
    if result.diagnostics:
        out.append("| severity | code | where | message |")
        out.append("|---|---|---|---|")
        for x in result.diagnostics:
            msg = x.message.replace("|", "\\|").replace("\n", " ")
            out.append(f"| {x.severity} | {x.code} | `{x.file}:{x.line}:{x.column}` | {msg} |")
    return "\n".join(out) + "\n"


def render(result: Result) -> str:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary(result))
    return "".join(annotation(x) + "\n" for x in result.diagnostics)
