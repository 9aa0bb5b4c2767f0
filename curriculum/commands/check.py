"""`curriculum check`: load, validate and check a catalogue; report; return the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue import find_root
from ..checks import check_path
from ..diagnostics import Severity, unreadable
from ..report import REPORTERS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def resolve(path: Path | None) -> tuple[Path | None, str | None]:
    """The catalogue root for ``path`` and, when ``path`` is a file, that file relative to it."""
    start = (path or Path.cwd()).resolve()
    if not start.exists():
        return None, None
    root = find_root(start if start.is_dir() else start.parent)
    if root is None:
        return None, None
    only = start.relative_to(root).as_posix() if start.is_file() else None
    return root, only


def run(
    path: Path | None, fmt: str, output: Path | None, fail_on: str | None, lang: str = "en", cache: bool = False
) -> int:
    root, only = resolve(path)
    if root is None:
        where = path or Path.cwd()
        print(
            f"curriculum: error: no catalogue at {where} (no mkdocs.yml, competencies/ or programmes/)\n"
            "  hint: run `curriculum init DIR` to start one, or pass the catalogue's folder",
            file=sys.stderr,
        )
        return EXIT_USAGE
    result = check_path(root, cache=cache)
    if only is not None:
        result.diagnostics = [x for x in result.diagnostics if only in x.files()]
    threshold = Severity.parse(fail_on or result.catalogue.settings.fail_on)
    result.threshold = threshold
    text = REPORTERS[fmt](result, lang)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"curriculum: error: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    if unreadable(result.diagnostics):
        return EXIT_USAGE
    return EXIT_FINDINGS if result.failing(threshold) else EXIT_CLEAN
