"""`curriculum diff`: compare the catalogue at two git revisions (or one and the working tree)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue import find_root
from ..diagnostics import Severity, unreadable
from ..diff import REPORTERS, diff_revisions
from ..history import HistoryError

EXIT_SAME, EXIT_WORSE, EXIT_USAGE = 0, 1, 2


def _fail(message: str, hint: str = "") -> int:
    print(f"curriculum: error: {message}" + (f"\n  hint: {hint}" if hint else ""), file=sys.stderr)
    return EXIT_USAGE


def run(
    revisions: tuple[str, ...],
    since: str | None,
    root: Path | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
) -> int:
    """Exit 0 when nothing gets worse, 1 when coverage is lost or findings at or above the failing
    severity are new, 2 for bad usage, a revision git does not know, or unreadable files at the head."""
    if len(revisions) > (1 if since else 2) or not (revisions or since):
        return _fail("give REV [REV2], or --since-date DATE [REV2]", "e.g. `curriculum diff v2024 HEAD`")
    folder = find_root(root or Path.cwd())
    if folder is None:
        return _fail(f"no catalogue at {root or Path.cwd()}", "pass the catalogue's folder with --root")
    base, *head = ("", *revisions) if since else revisions
    try:
        diff = diff_revisions(folder, base, head[0] if head else None, since=since)
    except HistoryError as exc:
        return _fail(exc.message, exc.hint)
    if fail_on:
        diff.threshold = Severity.parse(fail_on)
    text = REPORTERS[fmt](diff)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"cannot write {output}: {exc.strerror or exc}")
    if unreadable(diff.head.result.diagnostics):
        return EXIT_USAGE
    return EXIT_WORSE if diff.worse() else EXIT_SAME
