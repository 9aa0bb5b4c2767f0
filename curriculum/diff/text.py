"""The diff as text for a terminal, and the wording the Markdown report shares with it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from ..diagnostics import Diagnostic
from ..history import Revision
from .core import Diff
from .programmes import ProgrammeDelta
from .walk import Change, show

MARKS = {"added": "+", "removed": "-", "changed": "~", "unread": "?"}
SHARES = {"covered", "assessed", "workplace", "at_level", "workplace_share"}


def value(x: Any) -> str:
    return "—" if x is None else json.dumps(x, ensure_ascii=False)


def figure(name: str, x: float | None) -> str:
    if x is None:
        return "—"
    return f"{100 * x:.0f} %" if name in SHARES or name.startswith("weighted:") else f"{x:g}"


def revision(rev: Revision) -> str:
    if not rev.commit:
        return rev.label
    return f"{rev.label} ({rev.commit[:12]}, {rev.date})"


def change_line(c: Change, depth: int = 1) -> str:
    where = show(c.path[depth:], c.field)
    if c.op == "changed":
        return f"~ {where}: {value(c.before)} → {value(c.after)}"
    return f"{MARKS[c.op]} {where or show(c.path)}" + (f": {c.label}" if c.label else "")


def by_entity(diff: Diff) -> Iterator[tuple[tuple[str, str], list[Change]]]:
    for step, changes in groupby(diff.changes, key=lambda c: c.path[0]):
        yield step, list(changes)


def figures_line(p: ProgrammeDelta) -> str:
    return ", ".join(f"{k} {figure(k, a)} → {figure(k, b)}" for k, (a, b) in p.changed_figures.items())


def hours_line(p: ProgrammeDelta) -> str:
    """`semester 4: theory 80 → 0, workplace 340 → 0; semester 5: …`"""
    return "; ".join(
        f"semester {s}: " + ", ".join(f"{kind} {a:g} → {b:g}" for _, kind, a, b in cells)
        for s, cells in groupby(p.hours, key=lambda c: c[0])
    )


def finding(x: Diagnostic) -> str:
    return f"{x.file}:{x.line}:{x.column}: {x.severity} {x.code} {x.message}"


def render(diff: Diff) -> str:
    out = [f"curriculum diff: {revision(diff.base.revision)} → {revision(diff.head.revision)}", ""]
    for side in (diff.base, diff.head):
        if side.unread:
            out.append(f"not read at {side.revision.label}:")
            out += [f"  {file}: {why}" for file, why in side.unread.items()]
            out.append("")
    programmes = {p.id: p for p in diff.programmes}
    shown = set()
    for (table, key), changes in by_entity(diff):
        p = programmes.get(key) if table == "programmes" else None
        shown.add(key if p else None)
        _add(out, _entity(f"{table}[{key}]", changes, p))
    for p in diff.programmes:
        if p.id not in shown and (p.changed_figures or p.hours or p.competencies):
            _add(out, _entity(f"programmes[{p.id}]", [], p))
    f = diff.findings
    if out[-1]:
        out.append("")
    out.append(f"findings: {len(f.new)} new, {len(f.fixed)} fixed, {len(f.changed)} changed")
    out += [f"  + {finding(x)}" for x in f.new]
    out += [f"  - {finding(x)}" for x in f.fixed]
    out += [f"  ~ {finding(b)} (was: {a.message})" for a, b in f.changed]
    out.append("")
    worse = diff.worse()
    if diff.empty:
        out.append("no changes")
    elif worse:
        out.append(f"worse (fails at {diff.threshold}):")
        out += [f"  {w}" for w in worse]
    else:
        out.append("nothing gets worse")
    return "\n".join(out) + "\n"


def _add(out: list[str], lines: list[str]) -> None:
    """One-line entries run on; an entry of several lines stands between blank lines."""
    if len(lines) > 1 and out[-1]:
        out.append("")
    out += lines


def _entity(title: str, changes: list[Change], p: ProgrammeDelta | None) -> list[str]:
    if len(changes) == 1 and len(changes[0].path) == 1 and not changes[0].field:
        out = [change_line(changes[0], 0)]
    else:
        out = [title + (f"  {p.file}" if p else "")] + [f"  {change_line(c)}" for c in changes]
    if p is not None:
        if p.changed_figures:
            out.append(f"  figures: {figures_line(p)}")
        if p.hours:
            out.append(f"  hours: {hours_line(p)}")
        for c in p.competencies:
            name = f"{c.competency} ({c.title})" if c.title else c.competency
            out.append(f"  {'!' if c.worse else '~'} {name}, {c.transition()}")
    return out + [""] if len(out) > 1 else out
