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
from ..diagnostics import Diagnostic, Related
from ..load import Loc
from ..messages import Exact, Phrase, term
from ..model import LEVELS, NOWHERE, Module, Outcome, Programme, Waiver
from ..workload import counted

RANK = {level: i for i, level in enumerate(LEVELS)}
COVERAGE_RULES = (d.NOT_COVERED, d.NOT_ASSESSED, d.NOT_AT_WORKPLACE, d.BELOW_LEVEL, d.WEIGHT_MISMATCH, d.LEVEL_ORDER)


@dataclass
class Need:
    """One required competency of a programme, merged over the sources that require it.

    ``loc`` is where it is required (the qualification's or requirement set's line), ``via`` the line of
    the programme that brings it in (its ``qualifications:`` entry, a partner's ``requirement_set``)."""

    competency: str
    level: str
    loc: Loc
    sources: list[str]
    partner: str | None = None
    via: Loc = NOWHERE
    origins: list[Phrase] = field(default_factory=list)  # ``sources`` in the reader's language
    required: list[Loc] = field(default_factory=list)  # every line that requires it, ``loc`` first

    def notes(self) -> list[Related]:
        """Related locations: every line that requires the competency."""
        return [d.related(loc, "required") for loc in self.required]


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
        # a venue reported as unusable counts as given: its finding stands alone
        return self.outcome.venue in ("workplace", "both") or not self.outcome.valid("venue")

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

    def add(ref: str, level: str, loc: Loc, via: Loc, source: Phrase, name: str, partner: str | None = None) -> None:
        if ref in merged:
            need = merged[ref]
            if RANK[level] > RANK[need.level]:
                need.level = level
            if name not in need.sources:
                need.sources.append(name)
                need.origins.append(source)
            if loc not in need.required:
                need.required.append(loc)
        else:
            merged[ref] = Need(ref, level, loc, [name], partner, via, [source], [loc])

    for i, code in enumerate(p.qualifications):
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
            source = Phrase("source.qualification", code=code)
            name, via = source.render("en"), p.at("qualifications", i)
            for it in items:
                add(f"{fw}:{it}", req.level, req.loc, via, source, name)
    for x in p.partners:
        index = catalogue.indexes.get(x.requirement_set or "")
        if index is not None:
            source = Phrase("source.partner", partner=x.id)
            name, via = source.render("en"), x.at("requirement_set")
            for leaf in index.leaves():
                where = index.items[leaf].at("id")
                add(f"{index.framework.id}:{leaf}", x.required_level, where, via, source, name, x.id)
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
                found.append(d.make(d.OUTCOME_COVERS_NOTHING, o.at("id"), outcome=o.id))
    return cov, found


def _ignored_sets(catalogue: Catalogue, cov: Coverage) -> Iterator[Diagnostic]:
    for x in cov.programme.partners:
        index = catalogue.indexes.get(x.requirement_set or "")
        if index is None:
            continue
        refs = [f"{index.framework.id}:{leaf}" for leaf in index.leaves()]
        if refs and not any(cov.records.get(r) for r in refs):
            cov.ignored_sets.add(x.id)
            defined = [d.related(index.framework.at("id"), "requirement-set")]
            yield d.make(
                d.REQUIREMENT_SET_IGNORED,
                x.at("requirement_set"),
                related=defined,
                total=len(refs),
                framework=index.framework.id,
                partner=x.name,
            )


def _need(cov: Coverage, need: Need) -> Iterator[Diagnostic]:
    """The gaps of one required competency: in the programme, at the line that brings the requirement
    in (nothing covers it) or at the outcome to change; the requirement's lines are related locations."""
    records = cov.records.get(need.competency, [])
    pid = cov.programme.id
    ref = need.competency
    notes = need.notes()
    if not records:
        yield d.make(d.NOT_COVERED, need.via, related=notes, competency=ref, sources=need.origins, programme=pid)
        return
    best = max(records, key=lambda r: RANK[r.level])  # the first of the highest level, in document order
    outcomes = _where(records)
    if not any(r.assessed for r in records):
        yield d.make(d.NOT_ASSESSED, best.loc, related=notes, competency=ref, programme=pid, outcomes=outcomes)
    if not any(r.at_workplace for r in records):
        venue = best.outcome.at("venue") if best.outcome.written("venue") else best.loc
        place = Phrase(f"provider.{cov.programme.level}")
        yield d.make(
            d.NOT_AT_WORKPLACE, venue, related=notes, competency=ref, programme=pid, place=place, outcomes=outcomes
        )
    if RANK[best.level] < RANK[need.level]:
        yield d.make(
            d.BELOW_LEVEL,
            best.loc,
            related=notes,
            competency=ref,
            level=term("level", need.level),
            programme=pid,
            best=term("level", best.level),
            outcome=best.outcome.id,
            value=need.level,
        )


def _where(records: list[Record]) -> list[object]:
    """The outcomes of ``records``: the first four ids, then "N more"."""
    ids: list[object] = [*sorted({r.outcome.id for r in records})]
    return ids[:4] + ([Phrase("more", count=len(ids) - 4)] if len(ids) > 4 else [])


def _level_order(cov: Coverage) -> Iterator[Diagnostic]:
    first: dict[str, dict[str, Record]] = defaultdict(dict)
    for ref, records in sorted(cov.records.items()):
        for r in records:
            if r.item != ref or not r.module.valid("semester"):
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
                    related=[d.related(a.loc, "lower-later")],
                    competency=ref,
                    high=term("level", high),
                    high_semester=b.module.semester,
                    high_outcome=b.outcome.id,
                    low=term("level", low),
                    low_semester=a.module.semester,
                    low_outcome=a.outcome.id,
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
                bound = weight + tolerance if share > weight else weight - tolerance
                where, notes = _weight_location(cov, index, section)
                yield d.make(
                    d.WEIGHT_MISMATCH,
                    where,
                    related=notes,
                    section=f"{fw}:{section}",
                    weight=weight,
                    share=Exact(share, bound),
                    framework=fw,
                    programme=p.id,
                    tolerance=tolerance,
                )


def _weight_location(cov: Coverage, index: FrameworkIndex, section: str) -> tuple[Loc, list[Related]]:
    """Where a WorldSkills weighting finding stands in the programme: the line that brings in the section's
    requirements, else the assessment to that standard, else the programme's id; the section's weight and
    the requirement's lines are related locations."""
    fw = index.framework.id
    notes = [d.related(index.items[section].at("weight"), "weight")]
    for n in cov.needs:
        f, _, item = n.competency.partition(":")
        if f == fw and index.top(item) == section:
            return n.via, notes + n.notes()
    p = cov.programme
    standard = next((a.at("standard") for m in p.modules for a in m.assessments if a.standard == fw), p.at("id"))
    return standard, notes


def section_hours(cov: Coverage, index: FrameworkIndex) -> dict[str, float]:
    """Hours covering each top-level section of a framework; an outcome's hours split among its items. An
    elective group counts once: the alternatives it leaves out of the totals add no hours."""
    fw = index.framework.id
    hours: dict[str, float] = defaultdict(float)
    for m in counted(cov.programme):
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
