"""Coverage: is every required competency taught, practised at the workplace, assessed, at level?

The requirements of a programme are those of the qualifications it awards and the requirement sets
of its partners. Covering an item counts for the item and for every item above it in its framework.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from .. import diagnostics as d
from ..catalogue import Catalogue, FrameworkIndex
from ..diagnostics import Diagnostic
from ..load import Loc
from ..model import LEVELS, Module, Outcome, Partner, Programme, Waiver

RANK = {level: i for i, level in enumerate(LEVELS)}
COVERAGE_RULES = (d.NOT_COVERED, d.NOT_ASSESSED, d.NOT_AT_WORKPLACE, d.BELOW_LEVEL, d.WEIGHT_MISMATCH, d.LEVEL_ORDER)


@dataclass
class Need:
    """One required competency of a programme, merged over the sources that require it."""

    competency: str
    level: str
    loc: Loc
    sources: list[str]
    partner: str | None = None


@dataclass(frozen=True)
class Record:
    """One outcome's coverage of a competency (or of an item below it)."""

    module: Module
    outcome: Outcome
    item: str
    level: str
    loc: Loc
    hours: float

    @property
    def at_workplace(self) -> bool:
        return self.outcome.venue in ("workplace", "both")

    @property
    def assessed(self) -> bool:
        return bool(self.outcome.assessed_by)


@dataclass
class Coverage:
    """The coverage of one programme: what the site's matrix and the figures are made from."""

    programme: Programme
    needs: list[Need] = field(default_factory=list)
    records: dict[str, list[Record]] = field(default_factory=dict)
    gaps: dict[str, list[Diagnostic]] = field(default_factory=dict)
    waived: list[tuple[Diagnostic, Waiver]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    hours: dict[str, float] = field(default_factory=dict)
    ignored_sets: set[str] = field(default_factory=set)


def needs_of(catalogue: Catalogue, p: Programme) -> list[Need]:
    """The programme's required competencies, in declaration order, merged by competency."""
    merged: dict[str, Need] = {}

    def add(ref: str, level: str, loc: Loc, source: str, partner: str | None = None) -> None:
        if ref in merged:
            need = merged[ref]
            if RANK[level] > RANK[need.level]:
                need.level = level
            if source not in need.sources:
                need.sources.append(source)
        else:
            merged[ref] = Need(ref, level, loc, [source], partner)

    for code in p.qualifications:
        q = catalogue.qualification(code, p)
        for req in q.requires if q else ():
            fw, _, item = req.competency.partition(":")
            index = catalogue.indexes.get(fw)
            if index is None or (item and item not in index.items):
                continue
            if req.subtree:
                items = index.leaves(item or None)
            elif item:
                items = [item]
            else:
                items = list(index.children[None])
            for it in items:
                add(f"{fw}:{it}", req.level, req.loc, f"qualification {code}")
    for x in p.partners:
        index = catalogue.indexes.get(x.requirement_set or "")
        if index is not None:
            for leaf in index.leaves():
                add(f"{index.framework.id}:{leaf}", x.required_level, x.at("requirement_set"), f"partner {x.id}", x.id)
    return list(merged.values())


def records_of(catalogue: Catalogue, graph: nx.DiGraph, cov: Coverage) -> dict[str, list[Record]]:
    """For every competency: the coverage records of it and of the items below it."""
    p = cov.programme
    out: dict[str, list[Record]] = defaultdict(list)
    for m in p.modules:
        for o in m.outcomes:
            node = graph.nodes.get(f"outcome:{p.id}/{o.id}")
            hours = cov.hours[o.id] = node["hours"] if node else 0.0
            for c in o.covers:
                fw, _, item = c.competency.partition(":")
                index = catalogue.indexes.get(fw)
                if index is None or item not in index.items:
                    continue
                record = Record(m, o, c.competency, c.level, c.loc, hours)
                out[c.competency].append(record)
                for ancestor in index.ancestors(item):
                    out[f"{fw}:{ancestor}"].append(record)
    return out


def check_coverage(catalogue: Catalogue, graph: nx.DiGraph, p: Programme) -> tuple[Coverage, list[Diagnostic]]:
    cov = Coverage(p, needs_of(catalogue, p))
    cov.records = records_of(catalogue, graph, cov)
    found: list[Diagnostic] = []
    found += _ignored_sets(catalogue, cov)
    for need in cov.needs:
        if need.partner in cov.ignored_sets:
            continue
        gaps = list(_need(cov, need))
        cov.gaps[need.competency] = gaps
        found += gaps
    found += list(_level_order(cov))
    found += list(_weights(catalogue, cov))
    for m in p.modules:
        for o in m.outcomes:
            if not o.covers:
                found.append(
                    d.make(
                        d.OUTCOME_COVERS_NOTHING,
                        o.at("id"),
                        f"outcome `{o.id}` covers no competency",
                        "add `covers:` with the competencies it develops, e.g. `ws-webtech:4: reinforced`",
                    )
                )
    return cov, found


def _ignored_sets(catalogue: Catalogue, cov: Coverage) -> Iterator[Diagnostic]:
    for x in cov.programme.partners:
        index = catalogue.indexes.get(x.requirement_set or "")
        if index is None:
            continue
        refs = [f"{index.framework.id}:{leaf}" for leaf in index.leaves()]
        if refs and not any(cov.records.get(r) for r in refs):
            cov.ignored_sets.add(x.id)
            yield d.make(
                d.REQUIREMENT_SET_IGNORED,
                x.at("requirement_set"),
                f"none of the {len(refs)} requirements of `{x.requirement_set}` ({_name(x)}) is covered by any outcome",
                "map the partner's requirements to outcomes with `covers:`, or remove the requirement set",
            )


def _name(x: Partner) -> str:
    return x.name.get("en")


def _need(cov: Coverage, need: Need) -> Iterator[Diagnostic]:
    records = cov.records.get(need.competency, [])
    who = " and ".join(need.sources)
    pid = cov.programme.id
    if not records:
        yield d.make(
            d.NOT_COVERED,
            need.loc,
            f"`{need.competency}` (required by {who}) is covered by no outcome of `{pid}`",
            "add it to the `covers:` of an outcome, or add a waiver with a justification",
        )
        return
    if not any(r.assessed for r in records):
        yield d.make(
            d.NOT_ASSESSED,
            need.loc,
            f"`{need.competency}` is covered in `{pid}` ({_where(records)}) but never assessed",
            "add `assessed_by:` to an outcome that covers it",
        )
    if not any(r.at_workplace for r in records):
        yield d.make(
            d.NOT_AT_WORKPLACE,
            need.loc,
            f"`{need.competency}` is taught in `{pid}` only at the college ({_where(records)})",
            "give an outcome that covers it `venue: workplace` or `venue: both`, and plan it with a partner",
        )
    best = max(records, key=lambda r: RANK[r.level])
    if RANK[best.level] < RANK[need.level]:
        yield d.make(
            d.BELOW_LEVEL,
            need.loc,
            f"`{need.competency}` must reach `{need.level}` in `{pid}`, but goes no further than `{best.level}`"
            f" ({best.outcome.id})",
            f"cover it at `{need.level}` in a later outcome",
        )


def _where(records: list[Record]) -> str:
    ids = sorted({r.outcome.id for r in records})
    return ", ".join(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")


def _level_order(cov: Coverage) -> Iterator[Diagnostic]:
    first: dict[str, dict[str, Record]] = defaultdict(dict)
    for ref, records in sorted(cov.records.items()):
        for r in records:
            if r.item != ref:
                continue
            current = first[ref].get(r.level)
            if current is None or r.module.semester < current.module.semester:
                first[ref][r.level] = r
    for ref, by_level in first.items():
        for low, high in (("introduced", "reinforced"), ("introduced", "mastered"), ("reinforced", "mastered")):
            a, b = by_level.get(low), by_level.get(high)
            if a and b and b.module.semester < a.module.semester:
                yield d.make(
                    d.LEVEL_ORDER,
                    b.loc,
                    f"`{ref}` is {high} in semester {b.module.semester} ({b.outcome.id}) but only"
                    f" {low} later, in semester {a.module.semester} ({a.outcome.id})",
                    "order the levels introduced → reinforced → mastered across semesters",
                )
                break


def _weights(catalogue: Catalogue, cov: Coverage) -> Iterator[Diagnostic]:
    p = cov.programme
    tolerance = catalogue.settings.weight_tolerance
    frameworks = sorted(
        {n.competency.partition(":")[0] for n in cov.needs}
        | {a.standard for m in p.modules for a in m.assessments if a.standard}
    )
    for fw in frameworks:
        index = catalogue.indexes.get(fw)
        if index is None or index.framework.type != "worldskills":
            continue
        hours = section_hours(cov, index)
        total = sum(hours.values())
        weights = {i.id: i.weight for i in index.framework.items if i.weight}
        cov.figures[f"weighted:{fw}"] = weighted_coverage(cov, index, weights)
        if not total:
            continue
        for section, weight in weights.items():
            share = 100 * hours.get(section, 0.0) / total
            if abs(share - weight) > tolerance:
                need = next(
                    (
                        n
                        for n in cov.needs
                        if n.competency.partition(":")[0] == fw and index.top(n.competency.partition(":")[2]) == section
                    ),
                    None,
                )
                yield d.make(
                    d.WEIGHT_MISMATCH,
                    need.loc if need else p.at("id"),
                    f"section `{fw}:{section}` weighs {weight:g} % but gets {share:.0f} % of the hours"
                    f" that cover `{fw}` in `{p.id}` (tolerance {tolerance:g} points)",
                    "move hours between the outcomes that cover these sections, or set `hours:` on outcomes",
                )


def section_hours(cov: Coverage, index: FrameworkIndex) -> dict[str, float]:
    """Hours covering each top-level section of a framework; an outcome's hours split among its items."""
    fw = index.framework.id
    hours: dict[str, float] = defaultdict(float)
    for m in cov.programme.modules:
        for o in m.outcomes:
            items = [i for f, _, i in (c.competency.partition(":") for c in o.covers) if f == fw and i in index.items]
            for item in items:
                hours[index.top(item)] += cov.hours[o.id] / len(items)
    return hours


def weighted_coverage(cov: Coverage, index: FrameworkIndex, weights: dict[str, float]) -> float:
    """Share (0–1) of the WorldSkills weight whose section requirements are all met."""
    fw = index.framework.id
    total = sum(weights.values()) or 1.0
    met = 0.0
    for section, weight in weights.items():
        needs = [
            n
            for n in cov.needs
            if n.competency.partition(":")[0] == fw and index.top(n.competency.partition(":")[2]) == section
        ]
        if needs and all(not cov.gaps.get(n.competency) for n in needs):
            met += weight
    return met / total
