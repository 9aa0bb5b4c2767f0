"""The diff as GitHub-flavoured Markdown, for a pull-request comment and ``$GITHUB_STEP_SUMMARY``.

The first line is the marker :data:`MARKER`, by which a workflow finds its own comment to update it
rather than add one per push. Every value from the catalogue or from git is escaped. Long change
lists are cut to keep the comment under GitHub's 65,536 characters; the text report has them all.
"""

from __future__ import annotations

import html

from ..diagnostics import Diagnostic
from ..messages import label
from ..render import escape_md
from ..report.text import FIGURE_COLUMNS as COLUMNS
from . import text as t
from .core import Diff
from .markdown_parts import Budget, code, message, name
from .programmes import ProgrammeDelta
from .walk import Change, show

MARKER = "<!-- curriculum-diff -->"
BUDGET = 60_000
ALL = " (`curriculum diff` in text lists them all)"


def render(diff: Diff) -> str:
    base, head = diff.base.revision, diff.head.revision
    budget = Budget(BUDGET)
    out = budget.take([MARKER, f"## Curriculum changes: {name(base)} → {name(head)}", ""])
    for rev in (base, head):
        if rev.commit:
            line = f"- {code(rev.label)}: commit `{rev.commit[:12]}` of {rev.date}: {escape_md(rev.subject)}"
            out += budget.take([line])
    out += budget.take([""])
    out += _verdict(diff, budget)
    out += _figures(diff.programmes, budget)
    out += _coverage(diff.programmes, budget)
    out += _changes(diff, budget)
    out += _findings(diff, budget)
    out += _unread(diff, budget)
    return "\n".join(out).rstrip("\n") + "\n"


def _verdict(diff: Diff, budget: Budget) -> list[str]:
    worse = diff.worse()
    if diff.empty:
        return budget.take(["**No changes.**", ""])
    if not worse:
        return budget.take(["**Nothing gets worse.**", ""])
    out = budget.take([f"**Worse** (fails at {diff.threshold}):", ""])
    return out + budget.within([f"- {message(w)}" for w in worse], "- … and {} more" + ALL) + [""]


def _shown(p: ProgrammeDelta) -> bool:
    return p.status != "unchanged" or bool(p.changed_figures or p.competencies)


def _figures(programmes: list[ProgrammeDelta], budget: Budget) -> list[str]:
    shown = [p for p in programmes if _shown(p)]
    if not shown:
        return []
    out = ["| programme | status | " + " | ".join(label(key, "en") for key in COLUMNS) + " |"]
    out.append("|---|---|" + "---|" * len(COLUMNS))
    rows = []
    for p in shown:
        cells = []
        for key in COLUMNS:
            a, b = p.figures.get(key, (None, None))
            if a == b or a is None or b is None:  # the same, or the programme is on one side only
                cells.append(t.figure(key, a if b is None else b))
            else:
                cells.append(f"{t.figure(key, a)} → **{t.figure(key, b)}**")
        rows.append(f"| {code(p.id)} | {p.status} | " + " | ".join(cells) + " |")
    more = "| … | {} more" + ALL + " |" + " |" * len(COLUMNS)
    return budget.take(out) + budget.within(rows, more) + [""]


def _coverage(programmes: list[ProgrammeDelta], budget: Budget) -> list[str]:
    lines = []
    for p in programmes:
        for c in p.competencies:
            title = f" ({escape_md(c.title)})" if c.title else ""
            mark = "**worse**, " if c.worse else ""
            lines.append(f"- {code(p.id)} {code(c.competency)}{title}: {mark}{escape_md(c.transition())}")
        if p.hours:
            lines.append(f"- {code(p.id)} hours: {escape_md(t.hours_line(p))}")
    if not lines:
        return []
    return budget.take(["### Coverage and hours", ""]) + budget.within(lines, "- … and {} more" + ALL) + [""]


def _change(c: Change) -> str:
    where = code(show(c.path[1:], c.field) or show(c.path))
    if c.op == "changed":
        return f"- {where}: {escape_md(t.value(c.before))} → {escape_md(t.value(c.after))}"
    return f"- {c.op} {where}" + (f": {escape_md(c.label)}" if c.label else "")


def _changes(diff: Diff, budget: Budget) -> list[str]:
    if not diff.changes:
        return []
    out = budget.take(["### Changes", ""])
    groups = list(t.by_entity(diff))
    for i, ((table, key), changes) in enumerate(groups):
        if budget.left < 300:
            return out + ["", f"… and {len(groups) - i} more changed entries" + ALL, ""]
        if len(changes) == 1 and len(changes[0].path) == 1:  # added, removed or unread as a whole
            out += budget.take([_change(changes[0])])
            continue
        if out[-1]:
            out.append("")
        count = f"{len(changes)} change" + ("s" if len(changes) > 1 else "")
        summary = f"<summary><code>{html.escape(f'{table}[{key}]')}</code>: {count}</summary>"
        out += budget.take(["<details>", summary, ""])
        out += budget.within([_change(c) for c in changes], "- … and {} more" + ALL)
        out += budget.take(["", "</details>", ""])
    return out + ([""] if out[-1] else [])


def _findings(diff: Diff, budget: Budget) -> list[str]:
    f = diff.findings
    if not (f.new or f.fixed or f.changed):
        return []
    out = budget.take(["### Findings", "", f"{len(f.new)} new, {len(f.fixed)} fixed, {len(f.changed)} changed", ""])
    rows = [_row("new", x) for x in f.new] + [_row("fixed", x) for x in f.fixed]
    rows += [_row("changed", b, f" (was: {message(a.message)})") for a, b in f.changed]
    out += budget.take(["| | severity | code | where | message |", "|---|---|---|---|---|"])
    return out + budget.within(rows, "| … | | | | {} more" + ALL + " |") + [""]


def _row(kind: str, x: Diagnostic, extra: str = "") -> str:
    return (
        f"| {kind} | {x.severity} | {x.code} | {code(f'{x.file}:{x.line}:{x.column}')} | {message(x.message)}{extra} |"
    )


def _unread(diff: Diff, budget: Budget) -> list[str]:
    out = []
    for side in (diff.base, diff.head):
        for file, why in side.unread.items():
            out.append(f"- at {code(side.revision.label)}: {code(file)}: {escape_md(why)}")
    return budget.take(["### Not read", ""]) + budget.within(out, "- … and {} more" + ALL) if out else []
