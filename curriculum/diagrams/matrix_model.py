"""What the curriculum matrix shows, before it is drawn: the programme's required competencies
by framework and section, each with its state (gap, waived, requirement set not mapped), the
best level a module reaches for each, and the cutting of wide tables into printable parts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checks.coverage import RANK, Coverage, Need
from ..model import Module

if TYPE_CHECKING:
    from ..render import Renderer

LEVEL_CODES = {"introduced": "I", "reinforced": "R", "mastered": "M"}


@dataclass
class Column:
    need: Need
    item: str  # the item id ("" for a whole framework)
    state: str  # "", "gap", "waived" or "ignored"
    note: str  # why (gap findings, waiver reasons), plain text


@dataclass
class Section:
    id: str | None  # None: the columns are top-level items
    columns: list[Column] = field(default_factory=list)


@dataclass
class Group:
    fw: str
    sections: list[Section] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        return [c for s in self.sections for c in s.columns]


def groups_of(cov: Coverage, r: Renderer) -> list[Group]:
    """The needs of a programme by framework, then by section, in declaration order."""
    waived: dict[str, list[str]] = defaultdict(list)
    for _, w in cov.waived:
        waived[w.competency].append(r.plain(w.justification))
    groups: dict[str, Group] = {}
    for need in cov.needs:
        fw, _, item = need.competency.partition(":")
        index = r.catalogue.indexes.get(fw)
        parent = index.parent.get(item) if index is not None and item else None
        group = groups.setdefault(fw, Group(fw))
        if not group.sections or group.sections[-1].id != parent:
            group.sections.append(Section(parent))
        group.sections[-1].columns.append(_column(cov, need, item, waived, r))
    return list(groups.values())


def _column(cov: Coverage, need: Need, item: str, waived: dict[str, list[str]], r: Renderer) -> Column:
    gaps = cov.gaps.get(need.competency, [])
    if gaps:
        return Column(need, item, "gap", "; ".join(f"{g.code} {g.message_in(r.lang)}" for g in gaps))
    if need.competency in waived:
        return Column(need, item, "waived", "; ".join(waived[need.competency]))
    if need.partner and need.partner in cov.ignored_sets:
        return Column(need, item, "ignored", r.label("ignored"))
    return Column(need, item, "", "")


def best_level(cov: Coverage, ref: str, m: Module) -> tuple[str, list[str]] | None:
    records = [x for x in cov.records.get(ref, []) if x.module.id == m.id]
    if not records:
        return None
    best = max(records, key=lambda x: RANK[x.level])
    return best.level, sorted({x.outcome.id for x in records})


def chunks(group: Group, max_columns: int) -> list[list[Section]]:
    """The sections of ``group`` packed into parts of at most ``max_columns`` columns; a section
    wider than that is cut into pieces (each piece keeps the section heading)."""
    pieces: list[Section] = []
    for s in group.sections:
        for start in range(0, len(s.columns), max_columns):
            pieces.append(Section(s.id, s.columns[start : start + max_columns]))
    parts: list[list[Section]] = [[]]
    for piece in pieces:
        if parts[-1] and sum(len(x.columns) for x in parts[-1]) + len(piece.columns) > max_columns:
            parts.append([])
        parts[-1].append(piece)
    return parts
