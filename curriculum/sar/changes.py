"""Changes since the last accreditation: the catalogue's git history compared with the working tree,
from the last commit on or before the decision date (``curriculum diff --since-date``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..history import HistoryError

if TYPE_CHECKING:
    from .report import Block

LIMIT = 60  # rows of field changes shown; the rest is counted


def diff_since(root: Any, date: str) -> tuple[Any, str]:
    """The diff from the last commit on or before ``date`` to the working tree, or (None, why not)."""
    from ..diff import diff_revisions

    try:
        return diff_revisions(root, "", None, since=date), ""
    except HistoryError as exc:
        return None, exc.message
    except Exception as exc:  # noqa: BLE001 - no history is no reason to fail the report
        return None, str(exc)


def figure_then(w: Any, date: str, key: str) -> float | None:
    """A programme figure as it was at the last commit on or before ``date`` (None when unknown)."""
    diff, _ = w.diff(date)
    if diff is None:
        return None
    for p in diff.programmes:
        if p.id == w.p.id and key in p.figures:
            before = p.figures[key][0]
            return float(before) if before is not None else None
    return None


def changes_since(w: Any, date: str) -> list[Block]:
    from .report import Para, Table

    diff, why = w.diff(date)
    if diff is None:
        return [Para(unavailable(w, why))]
    out: list[Block] = []
    mine = [p for p in diff.programmes if p.id == w.p.id]
    if mine:
        rows = [
            [w.l(k) if k in _known(w) else k, _num(a), _num(b)] for k, (a, b) in sorted(mine[0].changed_figures.items())
        ]
        if rows:
            out.append(Table(w.l("sar_changed_figures"), [w.l("figure"), w.l("sar_before"), w.l("sar_after")], rows))
    rows = []
    for c in diff.changes:
        steps = [f"{f}:{k}" if k else f for f, k in c.path]
        if not any(w.p.id in s for s in steps[:2]):
            continue
        where = " / ".join(steps)
        if c.op == "changed":
            rows.append([where, c.field, _short(c.before), _short(c.after)])
        else:
            rows.append([where, w.l("sar_" + c.op), "", _short(c.label)])
    shown = rows[:LIMIT]
    header = [w.l("sar_where"), w.l("sar_what"), w.l("sar_before"), w.l("sar_after")]
    out.append(
        Table(f"{w.l('sar_changes')} ({diff.base.revision.commit[:10]}, {diff.base.revision.date})", header, shown)
    )
    if len(rows) > LIMIT:
        out.append(Para(f"… {len(rows) - LIMIT}"))
    return out


def _known(w: Any) -> set[str]:
    from ..render import LABELS

    return set(LABELS)


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _short(value: Any) -> str:
    text = " ".join(str(value if value is not None else "—").split())
    return text if len(text) <= 120 else text[:117] + "…"


def unavailable(w: Any, detail: str) -> str:
    """Why the changes cannot be shown: the reason in words; the tool's technical detail (English,
    with paths of the machine that built the report) only in the English report."""
    said = w.l("sar_changes_unavailable")
    return f"{said}: {detail}" if w.lang == "en" else f"{said}."
