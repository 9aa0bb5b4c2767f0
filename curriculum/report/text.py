"""Human-readable report: findings grouped by file, the source line quoted with a caret, hints, notes
of related locations, the figures, and a summary line — in the language asked."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..checks import Result
from ..diagnostics import Diagnostic
from ..messages import Count, label
from .visible import visible

MAX_NOTES = 8  # related locations printed per finding; the JSON and SARIF reports carry all of them


@cache
def _lines(path: Path) -> list[str]:
    if not path.is_file():  # a FIFO is never opened (it would wait for a writer), a dangling link has no lines
        return []
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return []


QUOTED = (
    ".yml",
    ".yaml",
    ".YML",
    ".YAML",
    ".Yml",
    ".Yaml",
)  # never a results export: its lines carry trainees' ids and comments


@cache
def _file_lines(root: Path, file: str) -> list[str]:
    return _lines(root / file)


def source_line(root: Path, file: str, line: int) -> str | None:
    if not file.endswith(QUOTED):
        return None
    lines = _file_lines(root, file)
    return lines[line - 1] if 0 < line <= len(lines) else None


def finding(x: Diagnostic, root: Path, lang: str = "en") -> list[str]:
    """The lines of one finding: where and what, the quoted source with a caret, hint, notes."""
    out = [f"{visible(x.where)}: {label(str(x.severity), lang)} {x.code} {visible(x.message_in(lang))}"]
    src = source_line(root, x.file, x.line)
    if src is not None:
        before = visible(src[: max(x.column - 1, 0)])
        out.append(f"  {x.line:>5} | {visible(src.rstrip())}")
        out.append(f"        | {' ' * len(before)}^")
    hint = x.hint_in(lang)
    if hint:
        out.append(f"        = {label('hint', lang)}: {visible(hint)}")
    for r in x.related[:MAX_NOTES]:
        out.append(f"        = {label('note', lang)}: {visible(r.note_in(lang))}")
    if len(x.related) > MAX_NOTES:
        more = label("more-notes", lang, count=len(x.related) - MAX_NOTES)
        out.append(f"        = {label('note', lang)}: {more}")
    return out


def render(result: Result, lang: str = "en") -> str:
    root = result.catalogue.root
    out: list[str] = []
    current = None
    for x in result.diagnostics:
        if x.file != current:
            current = x.file
            out.append(f"\n{visible(x.file)}")
        out += finding(x, root, lang)
    out.append("")
    out += figures_table(result, lang)
    out.append(summary(result, lang))
    return "\n".join(out).lstrip("\n") + "\n"


def summary(result: Result, lang: str = "en") -> str:
    """``2 errors, 0 warnings, 1 note in 3 files (1 programme)`` in ``lang``."""
    counts = result.counts()
    return label(
        "summary",
        lang,
        errors=Count(counts["error"], "error"),
        warnings=Count(counts["warning"], "warning"),
        infos=Count(counts["info"], "info"),
        files=Count(len(result.catalogue.files), "in-file"),
        programmes=Count(len(result.catalogue.programmes), "programme"),
    )


def pct(value: float) -> str:
    return f"{100 * value:.0f} %"


FIGURE_COLUMNS = ("required", "covered", "assessed", "workplace", "at_level", "workplace_share")


def figures_table(result: Result, lang: str = "en") -> list[str]:
    if not result.figures:
        return []
    titles = [label(k, lang) for k in ("programme", *FIGURE_COLUMNS, "weighted")]
    rows = [titles]
    for pid, f in sorted(result.figures.items()):
        ws = ", ".join(f"{k.split(':', 1)[1]} {pct(v)}" for k, v in sorted(f.items()) if k.startswith("weighted:"))
        rows.append(
            [
                visible(pid),
                f"{f['required']:.0f}",
                *[pct(f[k]) if k in f else "—" for k in FIGURE_COLUMNS[1:]],
                ws or "—",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:], ""]
