"""Human-readable report: findings grouped by file, the source line quoted with a caret, figures."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..checks import Result


@cache
def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return []


def source_line(root: Path, file: str, line: int) -> str | None:
    lines = _lines(root / file)
    return lines[line - 1] if 0 < line <= len(lines) else None


def render(result: Result) -> str:
    root = result.catalogue.root
    out: list[str] = []
    current = None
    for x in result.diagnostics:
        if x.file != current:
            current = x.file
            out.append(f"\n{x.file}")
        out.append(f"{x.file}:{x.line}:{x.column}: {x.severity} {x.code} {x.message}")
        src = source_line(root, x.file, x.line)
        if src is not None:
            out.append(f"  {x.line:>5} | {src.rstrip()}")
            out.append(f"        | {' ' * (x.column - 1)}^")
        if x.hint:
            out.append(f"        = hint: {x.hint}")
    out.append("")
    out += figures_table(result)
    counts = result.counts()
    out.append(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes"
        f" in {len(result.catalogue.files)} files ({len(result.catalogue.programmes)} programmes)"
    )
    return "\n".join(out).lstrip("\n") + "\n"


def pct(value: float) -> str:
    return f"{100 * value:.0f} %"


FIGURE_COLUMNS = (
    ("required", "required"),
    ("covered", "covered"),
    ("assessed", "assessed"),
    ("workplace", "at workplace"),
    ("at_level", "at level"),
    ("workplace_share", "workplace hours"),
)


def figures_table(result: Result) -> list[str]:
    if not result.figures:
        return []
    rows = [["programme", *[title for _, title in FIGURE_COLUMNS], "WorldSkills weighted"]]
    for pid, f in sorted(result.figures.items()):
        ws = ", ".join(f"{k.split(':', 1)[1]} {pct(v)}" for k, v in sorted(f.items()) if k.startswith("weighted:"))
        rows.append([pid, f"{f['required']:.0f}", *[pct(f[k]) for k, _ in FIGURE_COLUMNS[1:]], ws or "—"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:], ""]
