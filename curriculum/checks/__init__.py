"""Run every check over a loaded catalogue and collect one sorted list of diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import networkx as nx

from .. import diagnostics as d
from .. import messages
from ..cache import Store
from ..cascade import summarise
from ..catalogue import Catalogue, file_of, load_catalogue
from ..diagnostics import Diagnostic, Severity
from ..exchange.esco import recorded
from ..graph import build_graph
from ..load import Loc, no_gc
from ..metrics import Metrics, programme_metrics
from ..model import Programme, Text
from ..results.analysis import Results
from ..settings import Settings
from ..validate import validate, validate_framework, validate_programme, validate_qualification
from ..workload import HOUR_KINDS, Kinds
from . import esco
from .accreditation import check_accreditation, check_sar, check_standards
from .coverage import RANK, Coverage, Need, check_coverage
from .dual import PartnerShare, check_dual, partner_shares, programme_share, workplace_share
from .hours import check_hours
from .incremental import Checked, Inputs, portable, relink
from .languages import check_languages
from .people import check_people, practitioners_share
from .results import check_results
from .structure import check_structure
from .workload import check_workload


@dataclass
class Result:
    """Everything a check produces: reporters and the site read from it."""

    catalogue: Catalogue
    graph: nx.DiGraph
    diagnostics: list[Diagnostic] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    metrics: dict[str, Metrics] = field(default_factory=dict)  # none for a programme with a requisite cycle
    threshold: Severity = Severity.ERROR  # the failing severity, for reporters that mark failures
    results: Results | None = None  # the published (privacy-safe) results, when the catalogue has any
    partners: dict[str, list[PartnerShare]] = field(default_factory=dict)  # per programme: what each partner hosts
    reused: int = 0  # programmes whose results came from the cache, unchanged

    def failing(self, threshold: Severity) -> list[Diagnostic]:
        return [x for x in self.diagnostics if x.severity >= threshold]

    def counts(self) -> dict[str, int]:
        out = {str(s): 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for x in self.diagnostics:
            out[str(x.severity)] += 1
        return out


def check_path(root: Path, cache: bool = False) -> Result:
    """Load and check the catalogue at ``root``; ``cache``: through its cache folder (see
    :mod:`curriculum.cache`), re-reading only the files and re-checking only the programmes that changed.

    A cached check's graph holds only the part of the programmes checked again in this run (neither the
    reports nor the site read it); everything else, the coverage of every programme included, is the same
    as without."""
    with no_gc():
        if not cache:
            return run_checks(load_catalogue(root))
        from ..cache import Store

        store = Store(root)
        _messages(store)
        result = run_checks(load_catalogue(root, store), store=store)
        store.prune()
        return result


def _messages(store: Store) -> None:
    """The message catalogue through the cache: a re-check does not parse its YAML files again (the
    toolkit's fingerprint, part of every entry's name, covers them)."""
    if not store.enabled:
        return
    name = store.name("messages", kind="t")
    if messages.loaded():  # read before in this process: the entry stays for the next one
        store.keep(name)
        return
    found = store.get(name)
    if isinstance(found, messages.Catalogue):
        messages.use(found)
    else:
        store.put(name, messages.catalogue())


def run_checks(catalogue: Catalogue, graph: nx.DiGraph | None = None, store: Store | None = None) -> Result:
    """Every check over ``catalogue`` (``graph``: its graph, when already built; ``store``: the cache,
    whose results of a programme with unchanged inputs are used instead of checking it again)."""
    inputs = Inputs(catalogue, store) if store is not None and store.enabled else None
    reused: dict[str, Checked] = {}
    if inputs is not None:
        for pid in catalogue.programmes:
            checked = inputs.reusable(pid)
            if checked is not None and checked.coverage is not None:
                reused[pid] = checked
    if graph is None:
        graph = build_graph(catalogue, only=[p for p in catalogue.programmes if p not in reused] if reused else None)
    result = Result(catalogue, graph, list(catalogue.diagnostics), reused=len(reused))
    if reused:
        result.coverage = Coverages(catalogue)
    result.threshold = Severity.parse(catalogue.settings.fail_on)
    languages = required_languages(catalogue.settings)
    own = framework_findings(catalogue, languages, inputs.store if inputs is not None else None)
    quals, spoken = qualification_findings(catalogue, languages, inputs)
    found = validate(
        catalogue, programmes=False, frameworks=[x for f in own for x in f.validation], qualifications=quals
    )
    result.diagnostics += found
    for f in own:
        result.diagnostics += f.languages
    result.diagnostics += spoken
    result.diagnostics += check_standards(catalogue)
    programme_refs: dict[str, list[tuple[str, Loc, Text]]] = {}
    for pid in catalogue.programmes:
        checked = reused.get(pid)
        if checked is None:
            p = catalogue.programmes[pid]
            checked, result.coverage[pid] = check_programme(catalogue, graph, p, languages)
            if inputs is not None:
                checked.coverage = portable(result.coverage[pid])
                inputs.keep(p, graph, checked)
        else:
            assert inputs is not None  # reused only through the cache
            kept = Kept(inputs, pid, checked.coverage)  # read and tied to the programme when asked for
            cast("dict[str, object]", result.coverage)[pid] = kept
        result.figures[pid] = dict(checked.figures)
        result.partners[pid] = checked.partners
        if checked.metrics is not None:
            result.metrics[pid] = checked.metrics
        result.diagnostics += checked.diagnostics
        programme_refs[pid] = checked.esco
    result.results, found = check_results(catalogue, store if store is not None and store.enabled else None)
    result.diagnostics += found
    result.diagnostics += _esco(catalogue, [r for f in own for r in f.esco], programme_refs)
    found = summarise(result.diagnostics, catalogue.unread, catalogue.root)
    result.diagnostics = d.output_order(found, catalogue.unread)
    return result


@dataclass
class FrameworkChecked:
    """What a check makes of one framework alone: what the cache keeps per framework file."""

    validation: list[Diagnostic]
    languages: list[Diagnostic]
    esco: list[tuple[str, Loc, Text]]  # (URI, where, item title)


def framework_findings(
    catalogue: Catalogue, languages: tuple[str, ...], store: Store | None = None
) -> list[FrameworkChecked]:
    """Each framework's own findings, in the catalogue's order; through ``store``, those of a framework
    whose file is unchanged (its content hash, the text limit, the required languages and the toolkit
    name the entry) come from the cache, and its model is not read at all. One entry for all of them
    together, named by every framework's entry, spares a re-check the reading of one entry per framework;
    when a framework changed, the others' own entries still serve."""
    frameworks = catalogue.frameworks
    names: list[str | None] = []
    if store is not None:
        limit, spoken = str(catalogue.settings.max_text_chars), repr(languages)
        for fid in catalogue.indexes:
            key = catalogue.keys.get(file_of(frameworks, fid) or "")
            names.append(store.name(key, limit, spoken, kind="f") if key else None)
        if names and None not in names:
            whole = store.name(*cast("list[str]", names), kind="g")
            found = store.get(whole)
            if isinstance(found, list) and len(found) == len(names) and all(type(x) is FrameworkChecked for x in found):
                for name in names:
                    store.keep(cast("str", name))
                return found
    out = []
    for i, fid in enumerate(catalogue.indexes):
        name = names[i] if names else None
        checked = store.get(name) if store is not None and name is not None else None
        if not isinstance(checked, FrameworkChecked):
            framework = catalogue.indexes[fid].framework
            checked = FrameworkChecked(
                validate_framework(framework),
                list(check_languages(framework, languages)),
                list(esco.refs_of_framework(framework)),
            )
            if store is not None and name is not None:
                store.put(name, checked)
        out.append(checked)
    if store is not None and names and None not in names:
        store.put(store.name(*cast("list[str]", names), kind="g"), out)
    return out


def qualification_findings(
    catalogue: Catalogue, languages: tuple[str, ...], inputs: Inputs | None = None
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The qualifications' findings: their validation, their languages. Through the cache (``inputs``),
    one entry for all of them, named by what they depend on (:meth:`~.incremental.Inputs.qualifications`):
    a re-check that changed none of it reads neither the frameworks they require nor anything else."""
    name = inputs.qualifications(languages) if inputs is not None else None
    if inputs is not None and name is not None:
        found = inputs.store.get(name)
        if isinstance(found, tuple) and len(found) == 2 and all(isinstance(x, list) for x in found):
            return found
    table = catalogue.qualifications.values()
    validation = [x for q in table for x in validate_qualification(catalogue, q)]
    spoken = [x for q in table for x in check_languages(q, languages)]
    if inputs is not None and name is not None:
        inputs.store.put(name, (validation, spoken))
    return validation, spoken


def required_languages(s: Any) -> tuple[str, ...]:
    """The languages every text must be given in: ``required_languages``, else every published one."""
    return tuple(s.required_languages if s.required_languages is not None else s.languages)


class Kept:
    """A reused programme's coverage, still in the cache (:meth:`~.incremental.Inputs.coverage`)."""

    __slots__ = ("digest", "inputs", "pid")

    def __init__(self, inputs: Inputs, pid: str, digest: str) -> None:
        self.inputs, self.pid, self.digest = inputs, pid, digest

    def data(self) -> Any:
        """The coverage as :func:`~.incremental.portable` kept it, or None when its entry cannot be used."""
        return self.inputs.coverage(self.pid, self.digest)


class Coverages(dict):  # type: ignore[type-arg]
    """The coverage of each programme of a cached check. A reused programme's coverage is tied to the
    programme the first time it is asked for (the site asks; a check's reports do not, and the
    programme's model is then not even read from the cache); should it not fit, it is made afresh."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue

    def __getitem__(self, key: str) -> Coverage:
        value = dict.__getitem__(self, key)
        if isinstance(value, Kept):
            p = self.catalogue.programmes[key]
            value = relink(value.data(), p)
            if value is None:
                graph = build_graph(self.catalogue, only=[key])
                value = check_programme(self.catalogue, graph, p, required_languages(self.catalogue.settings))[1]
            dict.__setitem__(self, key, value)
        return value  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 - self.get would be this method

    def values(self) -> list[Coverage]:  # type: ignore[override]
        return [self[k] for k in list(self)]

    def items(self) -> list[tuple[str, Coverage]]:  # type: ignore[override]
        return [(k, self[k]) for k in list(self)]

    def loaded(self, key: str) -> bool:
        return not isinstance(dict.get(self, key), Kept)


def check_programme(
    catalogue: Catalogue, graph: nx.DiGraph, p: Programme, languages: tuple[str, ...]
) -> tuple[Checked, Coverage]:
    """Every check of one programme: its findings, figures and metrics, and its coverage."""
    s = catalogue.settings
    cov, found = check_coverage(catalogue, graph, p)
    found = _apply_waivers(cov, found, catalogue.indexes)
    kinds = catalogue.terms.get(HOUR_KINDS, {})
    found += check_dual(p, s, kinds)
    found += check_hours(p, s, kinds)
    found += check_workload(p, s, kinds, catalogue.terms.get("base-education", {}))
    found += check_structure(p, s, kinds)
    found += check_languages(p, languages)
    found += check_accreditation(catalogue, p, s, cov)
    found += check_people(p)
    found += check_sar(catalogue, p, s)
    figs = figures(cov, p, s, kinds)
    metrics = programme_metrics(p)
    if metrics is not None:
        figs.update({f"{k}_total": float(v) for k, v in metrics.totals().items()})
    diagnostics = validate_programme(catalogue, p) + [replace(x, programme=p.id) for x in found]
    checked = Checked(diagnostics, figs, metrics, partner_shares(p, s, kinds), list(esco.refs_of_programme(p)))
    return checked, cov


def _esco(
    catalogue: Catalogue,
    framework_refs: list[tuple[str, Loc, Text]],
    programme_refs: dict[str, list[tuple[str, Loc, Text]]],
) -> list[Diagnostic]:
    """ESCO URIs against the releases recorded in the catalogue (none recorded: one note)."""
    every = framework_refs + [r for refs in programme_refs.values() for r in refs]
    if not every:
        return []
    releases = recorded(catalogue.root)
    if not releases:
        return esco.not_recorded(every)
    out = esco.check_refs(releases, framework_refs)
    for pid, refs in programme_refs.items():
        out += [replace(x, programme=pid) for x in esco.check_refs(releases, refs)]
    return out


def _apply_waivers(cov: Coverage, found: list[Diagnostic], known: Container[str]) -> list[Diagnostic]:
    """Drop the gaps that waivers excuse; report waivers without reason, unused or stale (``known``: the
    framework ids that exist)."""
    pid = cov.programme.id
    waived: set[Diagnostic] = set()
    extra: list[Diagnostic] = []
    needs = {n.competency for n in cov.needs}
    ignored = {n.competency for n in cov.needs if n.partner in cov.ignored_sets}
    for w in cov.programme.waivers:
        if w.justification is None or not any(v.strip() for v in w.justification.values.values()):
            extra.append(d.make(d.WAIVER_NO_REASON, w.at("competency"), competency=w.competency))
            continue
        if w.competency not in needs:
            if w.competency.partition(":")[0] in known:  # an unknown framework is reported once, as CUR201
                extra.append(d.make(d.WAIVER_UNUSED, w.at("competency"), competency=w.competency, programme=pid))
            continue
        hits = [g for g in cov.gaps.get(w.competency, []) if not w.rules or g.code in w.rules]
        if not hits and w.competency not in ignored:  # a wholly ignored set is reported once, as CUR308
            if w.rules:
                stale = d.make(
                    d.WAIVER_STALE, w.at("competency"), variant="rules", competency=w.competency, rules=w.rules
                )
            else:
                stale = d.make(d.WAIVER_STALE, w.at("competency"), competency=w.competency)
            extra.append(stale)
        for g in hits:
            waived.add(g)
            cov.waived.append((g, w))
    for competency, gaps in cov.gaps.items():
        cov.gaps[competency] = [g for g in gaps if g not in waived]
    return [x for x in found if x not in waived] + extra


def figures(cov: Coverage, p: Programme, s: Settings, kinds: Kinds) -> dict[str, float]:
    """The headline figures of a programme (shares are 0–1)."""
    needs = cov.needs
    n = len(needs) or 1
    waived = {g.message for g, _ in cov.waived}

    def share(test: Callable[[Need], bool]) -> float:
        return sum(1 for x in needs if test(x)) / n

    records = cov.records
    out = {
        "required": float(len(needs)),
        "covered": share(lambda x: bool(records.get(x.competency))),
        "assessed": share(lambda x: any(r.assessed for r in records.get(x.competency, []))),
        "workplace": share(lambda x: any(r.at_workplace for r in records.get(x.competency, []))),
        "at_level": share(lambda x: any(RANK[r.level] >= RANK[x.level] for r in records.get(x.competency, []))),
        "gaps": float(sum(len(g) for g in cov.gaps.values())),
        "waived": float(len(waived)),
    }
    out["workplace_hours"] = float(workplace_share(p, s, kinds)[0])
    held = programme_share(p, s, kinds)  # none where the rule does not apply or no hour counts in its base
    if held is not None:
        out["workplace_share"] = held
    practitioners, taught = practitioners_share(p)
    if taught:  # only where the programme lists its teaching staff
        out["practitioners_share"] = practitioners / taught
    out.update({k: v for k, v in cov.figures.items()})
    return out
