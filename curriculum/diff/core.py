"""Load two sides (git revisions or the working tree) and compare their checked results.

A revision is written into a temporary folder and read by the same :func:`check_path` as the
working tree, so whatever the loader does to current files (format migrations included) it does to
old ones. Nothing is written into the catalogue or the repository.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import history
from ..catalogue import DATA_DIRS, PACKAGE_PREFIX
from ..checks import Result, check_path
from ..diagnostics import UNREADABLE_INPUT, Diagnostic, Severity
from ..history import Revision
from ..load import no_gc
from ..model import Node
from ..settings import CONFIG_NAMES
from .findings import FindingsDelta, match
from .identity import natural, tables
from .programmes import ProgrammeDelta, programme_delta
from .walk import Change, compare, label


@dataclass
class Side:
    revision: Revision
    result: Result
    unread: dict[str, str] = field(default_factory=dict)  # file → why it could not be read


@dataclass
class Diff:
    base: Side
    head: Side
    changes: list[Change]
    programmes: list[ProgrammeDelta]
    findings: FindingsDelta
    threshold: Severity = Severity.ERROR

    def worse(self) -> list[str]:
        """Why the change makes things worse: new findings at or above the threshold, lost coverage."""
        out = [f"{p.id}: `{c.competency}` {c.transition()}" for p in self.programmes for c in p.competencies if c.worse]
        out += [
            f"new {x.severity} {x.code} at `{x.file}:{x.line}:{x.column}`"
            for x in self.findings.new
            if x.severity >= self.threshold
        ]
        return out

    @property
    def empty(self) -> bool:
        f = self.findings
        return not (self.changes or f.new or f.fixed or f.changed or self.base.unread or self.head.unread) and all(
            p.status == "unchanged" for p in self.programmes
        )


def load_side(root: Path, repo: history.Repository | None, rev: Revision) -> Side:
    """Check the catalogue at ``rev`` (the working tree at ``root`` when ``rev`` has no commit)."""
    if not rev.commit:
        return _side(rev, check_path(root), {})
    assert repo is not None
    with tempfile.TemporaryDirectory(prefix="curriculum-diff-") as tmp:
        skipped = history.materialise(repo, rev, Path(tmp), (*CONFIG_NAMES, *DATA_DIRS))
        return _side(rev, check_path(Path(tmp)), dict(skipped))


def _side(rev: Revision, result: Result, skipped: dict[str, str]) -> Side:
    cat = result.catalogue
    loaded = {o.loc.file for t in tables(cat).values() for o in t.values()}
    loaded |= {x[2].loc.file for x in cat.duplicates if isinstance(x[2], Node)}
    unread = dict(skipped)
    for x in sorted(result.diagnostics, key=lambda x: (x.severity != Severity.ERROR, x)):
        if x.file.startswith(PACKAGE_PREFIX) or x.file in unread:
            continue
        if x.code in UNREADABLE_INPUT or (x.file in cat.files and x.file not in loaded):
            unread[x.file] = f"{x.code} {x.message}"
    return Side(rev, result, dict(sorted(unread.items())))


def diff_revisions(root: Path, base: str, head: str | None = None, *, since: str | None = None) -> Diff:
    """Compare the catalogue at ``root`` at revision ``base`` (or the last commit on or before the
    date ``since``) with revision ``head`` (default: the working tree).

    Raises :class:`history.HistoryError` for a folder outside git or an unknown revision."""
    repo = history.repository(root)
    old = history.last_before(repo, since) if since else history.resolve(repo, base)
    new = history.resolve(repo, head) if head else history.WORKING_TREE
    with no_gc():  # two catalogues in memory and no garbage cycles: collections would only rescan them
        return compare_sides(load_side(root, repo, old), load_side(root, repo, new))


def compare_sides(base: Side, head: Side) -> Diff:
    a, b = base.result.catalogue, head.result.catalogue
    ta, tb = tables(a), tables(b)
    changes: list[Change] = []
    status: dict[str, str] = {}
    for name in sorted(set(ta) | set(tb)):
        xs, ys = ta.get(name, {}), tb.get(name, {})
        for key in sorted(set(xs) | set(ys), key=natural):
            here = ((name, key),)
            x, y = xs.get(key), ys.get(key)
            if x is not None and y is not None:
                found = list(compare(here, x, y))
                changes += found
                status[f"{name}/{key}"] = "changed" if found else "unchanged"
            else:
                status[f"{name}/{key}"] = _one_side(here, x, y, base, head, changes)
    changes += compare((("settings", "extra.curriculum"),), a.settings, b.settings)
    programmes = [
        programme_delta(pid, base.result, head.result, status[f"programmes/{pid}"])
        for pid in sorted(set(a.programmes) | set(b.programmes), key=natural)
    ]
    unread = {pid for pid, st in status.items() if st == "unread"}
    findings = _discount(match(base.result.diagnostics, head.result.diagnostics, a, b), base, head, unread)
    threshold = Severity.parse(b.settings.fail_on)
    return Diff(base, head, changes, programmes, findings, threshold)


def _discount(f: FindingsDelta, base: Side, head: Side, unread: set[str]) -> FindingsDelta:
    """Leave out what one side could not see: a finding in a file, or of a programme, that could
    not be read on the other side is neither new nor fixed."""

    def seen(x: Diagnostic, other: Side) -> bool:
        return x.file not in other.unread and f"programmes/{x.programme}" not in unread

    new = tuple(x for x in f.new if seen(x, base))
    return FindingsDelta(new, tuple(x for x in f.fixed if seen(x, head)), f.changed)


def _one_side(
    here: tuple[tuple[str, str], ...], x: Node | None, y: Node | None, base: Side, head: Side, out: list[Change]
) -> str:
    """An element on one side only: added or removed, or unread when its file could not be read
    on the other side (then its absence says nothing)."""
    obj, other = (x, head) if x is not None else (y, base)
    assert obj is not None
    if obj.loc.file in other.unread:
        why = f"{obj.loc.file} could not be read at {other.revision.label}: {other.unread[obj.loc.file]}"
        out.append(Change(here, "unread", label=why))
        return "unread"
    op = "removed" if x is not None else "added"
    out.append(Change(here, op, label=label(obj)))
    return op
