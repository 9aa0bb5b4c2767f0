"""Reference and structure validation: unknown and duplicate ids, prerequisite order, code formats."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

import networkx as nx

from . import diagnostics as d
from .catalogue import Catalogue
from .diagnostics import Diagnostic
from .load import Loc
from .model import Framework, Module, Programme, Qualification, Vocabulary
from .schema import did_you_mean


def validate(catalogue: Catalogue) -> list[Diagnostic]:
    """Every reference and structural finding of the catalogue."""
    out = list(_duplicate_documents(catalogue))
    for vocabulary in catalogue.vocabularies.values():
        out += _vocabulary(catalogue, vocabulary)
    for framework in catalogue.frameworks.values():
        out += _framework(framework)
    for qualification in catalogue.qualifications.values():
        out += _qualification(catalogue, qualification)
    for programme in catalogue.programmes.values():
        out += [replace(x, programme=programme.id) for x in _programme(catalogue, programme)]
    return out


def _duplicate_documents(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for key, first, second in catalogue.duplicates:
        field = "code" if isinstance(second, Qualification) else "id"
        where = first.at(field)  # type: ignore[attr-defined]
        yield d.make(
            d.DUPLICATE_ID,
            second.at(field),  # type: ignore[attr-defined]
            f"`{key}` is already defined in {where.file}:{where.line}",
            "give each framework, qualification and programme its own id",
        )


def duplicates(entries: Iterable[tuple[str, Loc]], what: str) -> Iterator[Diagnostic]:
    """A diagnostic for each id seen before among ``entries``."""
    seen: dict[str, Loc] = {}
    for key, loc in entries:
        if key in seen:
            yield d.make(
                d.DUPLICATE_ID,
                loc,
                f"{what} `{key}` is defined twice (first on line {seen[key].line})",
                f"rename one of the two {what}s",
            )
        else:
            seen[key] = loc


def _vocabulary(catalogue: Catalogue, v: Vocabulary) -> Iterator[Diagnostic]:
    yield from duplicates(((t.id, t.at("id")) for t in v.terms), "term")
    for t in v.terms:
        for name in ("parent", "replaced_by"):
            ref = getattr(t, name)
            if ref is not None and ref not in catalogue.terms.get(v.id, {}):
                yield d.make(
                    d.UNKNOWN_TERM,
                    t.at(name),
                    f"`{ref}` is not a term of the vocabulary `{v.id}`",
                    did_you_mean(ref, catalogue.terms.get(v.id, {})) or f"use the id of another term of `{v.id}`",
                )


def check_term(catalogue: Catalogue, vocabulary: str, value: str, loc: Loc) -> Diagnostic | None:
    """A diagnostic when ``value`` is not a term of ``vocabulary`` (or is one that was replaced).

    The hint matches ids and also the terms' titles in every language, so a region written as text
    (``город Алматы``) is answered with its code."""
    terms = catalogue.terms.get(vocabulary, {})
    term = terms.get(value)
    if term is not None:
        if term.replaced_by is None:
            return None
        new = terms.get(term.replaced_by)
        return d.make(
            d.REPLACED_TERM,
            loc,
            f"`{value}` ({term.title.get('en')}) is replaced by `{term.replaced_by}`"
            + (f" ({new.title.get('en')})" if new else "")
            + f" in the current edition of `{vocabulary}`",
            f"write `'{term.replaced_by}'`",
        )
    by_title = {text.casefold(): t.id for t in terms.values() for text in t.title.values.values()}
    close = difflib.get_close_matches(value.casefold(), list(by_title), n=1, cutoff=0.6)
    if close:
        code = by_title[close[0]]
        hint = f"did you mean `'{code}'` ({terms[code].title.get('en')})?"
    else:
        hint = did_you_mean(value, terms) or f"use a term id of the vocabulary `{vocabulary}`"
    return d.make(d.UNKNOWN_TERM, loc, f"`{value}` is not a term of the vocabulary `{vocabulary}`", hint)


def _framework(framework: Framework) -> Iterator[Diagnostic]:
    items = []
    stack = list(framework.items)
    while stack:
        item = stack.pop()
        items.append((item.id, item.at("id")))
        stack.extend(item.items)
    yield from duplicates(sorted(items, key=lambda x: (x[1].line, x[1].column)), "item")
    if framework.type == "worldskills":
        weights = [i.weight for i in framework.items]
        total = sum(w for w in weights if w is not None)
        if None in weights or abs(total - 100) > 0.01:
            yield d.make(
                d.WEIGHTS_SUM,
                framework.at("items"),
                f"the section weights of `{framework.id}` sum to {total:g}, not 100"
                + (" (some sections have no weight)" if None in weights else ""),
                "give every top-level section its relative importance in %, summing to 100",
            )


def check_ref(catalogue: Catalogue, ref: str, loc: Loc, whole: bool = False) -> Diagnostic | None:
    """A diagnostic when ``ref`` (``FRAMEWORK:ITEM``) names nothing."""
    framework, sep, item = ref.partition(":")
    index = catalogue.indexes.get(framework)
    if index is None:
        return d.make(
            d.UNKNOWN_FRAMEWORK,
            loc,
            f"no framework `{framework}` in competencies/",
            did_you_mean(framework, catalogue.indexes) or "add the framework file, or fix the id",
        )
    if not sep:
        if whole:
            return None
        return d.make(d.UNKNOWN_ITEM, loc, f"`{ref}` names a framework, not an item", f"write `{framework}:ITEM`")
    if item not in index.items:
        close = did_you_mean(item, index.items)
        return d.make(
            d.UNKNOWN_ITEM,
            loc,
            f"framework `{framework}` has no item `{item}`",
            close.replace("`", f"`{framework}:", 1) if close else f"see the items in {framework}",
        )
    return None


def _qualification(catalogue: Catalogue, qualification: Qualification) -> Iterator[Diagnostic]:
    for req in qualification.requires:
        found = check_ref(catalogue, req.competency, req.at("competency"), whole=True)
        if found:
            yield found
    yield from _qualification_code(catalogue, qualification)


def _qualification_code(catalogue: Catalogue, q: Qualification) -> Iterator[Diagnostic]:
    s = catalogue.settings
    loc = q.at("code")
    if q.level == "tvet":
        m = re.match(s.tvet_qualification_code, q.code)
        if not m:
            yield d.make(
                d.BAD_QUAL_CODE,
                loc,
                f"`{q.code}` is not a TVET qualification code",
                "a TVET code is the level digit, W (worker) or S (specialist) and 8 digits, e.g. 4S07130103",
            )
            return
        groups = m.groupdict()
        level = groups.get("level") or ""
        if level.isdigit() and int(level) != q.nqf_level:
            yield d.make(
                d.BAD_QUAL_CODE,
                loc,
                f"`{q.code}` starts with level {groups['level']} but `nqf_level` is {q.nqf_level}",
                "make the code's first digit the NQF level",
            )
        n = s.tvet_specialty_prefix
        digits = groups.get("digits")
        if q.specialty and digits and n and digits[:n] != q.specialty.code[:n]:
            yield d.make(
                d.BAD_QUAL_CODE,
                loc,
                f"`{q.code}` does not belong to specialty `{q.specialty.code}`"
                f" (its digits should start with `{q.specialty.code[:n]}`)",
                "check the specialty code and the qualification code against the classifier",
            )
    else:
        yield from _he_code(s.he_code, q.code, q.level, loc, d.BAD_QUAL_CODE)


def _he_code(pattern: str, code: str, level: str, loc: Loc, rule: str) -> Iterator[Diagnostic]:
    m = re.match(pattern, code)
    if not m:
        yield d.make(rule, loc, f"`{code}` is not a higher-education code", "e.g. 6B01705 (6 = level, B = bachelor)")
        return
    letter = {"bachelor": "B", "master": "M"}.get(level)
    kind = m.groupdict().get("kind")
    if letter and kind and kind != letter:
        yield d.make(rule, loc, f"`{code}` is a `{kind}` code but the level is {level}", f"use `{letter}` for {level}")


def _programme(catalogue: Catalogue, p: Programme) -> Iterator[Diagnostic]:
    yield from _ids(p)
    modules = {m.id: m for m in p.modules}
    assessments = {a.id for m in p.modules for a in m.assessments}
    outcomes = {o.id for m in p.modules for o in m.outcomes}
    for i, code in enumerate(p.qualifications):
        if catalogue.qualification(code, p) is None:
            others = sorted({q.provider or "" for q in catalogue.qualifications.values() if q.code == code})
            yield d.make(
                d.UNKNOWN_QUALIFICATION,
                p.at("qualifications", i),
                f"`{code}` is defined only for {', '.join(others)}, not for {p.provider.name.get('en')}"
                if others
                else f"no qualification `{code}` in competencies/",
                "HE codes are unique per university: set the qualification's `provider` to this programme's provider"
                if others
                else did_you_mean(code, [q.code for q in catalogue.qualifications.values()]) or "add its file",
            )
    if p.level != "tvet" and p.code:
        yield from _he_code(catalogue.settings.he_code, p.code, p.level, p.at("code"), d.BAD_PROGRAMME_CODE)
    if p.run.end < p.run.start:
        yield d.make(d.DATE_ORDER, p.run.at("end"), "the run ends before it starts", "check the years")
    for m in p.modules:
        if m.semester > p.semesters:
            yield d.make(
                d.SEMESTER_BEYOND,
                m.at("semester"),
                f"`{m.id}` is in semester {m.semester}, but the programme has {p.semesters} semesters",
                "correct the module's `semester` or the programme's `semesters`",
            )
        for i, pre in enumerate(m.prerequisites):
            if pre not in modules:
                yield d.make(
                    d.UNKNOWN_MODULE, m.at("prerequisites", i), f"no module `{pre}`", did_you_mean(pre, modules)
                )
            elif modules[pre].semester >= m.semester and pre != m.id:
                yield d.make(
                    d.PREREQ_ORDER,
                    m.at("prerequisites", i),
                    f"prerequisite `{pre}` (semester {modules[pre].semester}) is not before"
                    f" `{m.id}` (semester {m.semester})",
                    f"move `{pre}` to an earlier semester or `{m.id}` to a later one",
                )
        for o in m.outcomes:
            for c in o.covers:
                found = check_ref(catalogue, c.competency, c.loc)
                if found:
                    yield found
            for i, a in enumerate(o.assessed_by):
                if a not in assessments:
                    yield d.make(
                        d.UNKNOWN_ASSESSMENT,
                        o.at("assessed_by", i),
                        f"no assessment `{a}`",
                        did_you_mean(a, assessments),
                    )
        for assessment in m.assessments:
            standard = assessment.standard
            if standard and standard not in catalogue.indexes:
                yield d.make(
                    d.UNKNOWN_FRAMEWORK,
                    assessment.at("standard"),
                    f"no framework `{standard}`",
                    did_you_mean(standard, catalogue.indexes),
                )
    yield from _cycles(modules)
    for partner in p.partners:
        if partner.requirement_set and partner.requirement_set not in catalogue.indexes:
            yield d.make(
                d.UNKNOWN_FRAMEWORK,
                partner.at("requirement_set"),
                f"no requirement set `{partner.requirement_set}` in competencies/",
                did_you_mean(partner.requirement_set, catalogue.indexes),
            )
        ag = partner.agreement
        if ag and ag.end < ag.start:
            yield d.make(d.DATE_ORDER, ag.at("end"), "the agreement ends before it starts", "check the dates")
        for entry in partner.training_plan:
            if entry.unit not in modules and entry.unit not in outcomes:
                yield d.make(
                    d.UNKNOWN_MODULE,
                    entry.at("unit"),
                    f"no module or outcome `{entry.unit}`",
                    did_you_mean(entry.unit, [*modules, *outcomes]),
                )
    for w in p.waivers:
        found = check_ref(catalogue, w.competency, w.at("competency"))
        if found:
            yield found


def _ids(p: Programme) -> Iterator[Diagnostic]:
    yield from duplicates(((m.id, m.at("id")) for m in p.modules), "module")
    yield from duplicates(((o.id, o.at("id")) for m in p.modules for o in m.outcomes), "outcome")
    yield from duplicates(((a.id, a.at("id")) for m in p.modules for a in m.assessments), "assessment")
    yield from duplicates(((x.id, x.at("id")) for x in p.partners), "partner")


def _cycles(modules: dict[str, Module]) -> Iterator[Diagnostic]:
    graph = nx.DiGraph()
    graph.add_edges_from((pre, m.id) for m in modules.values() for pre in m.prerequisites if pre in modules)
    seen: set[frozenset[str]] = set()
    for cycle in sorted(nx.simple_cycles(graph), key=lambda c: sorted(c)):
        key = frozenset(cycle)
        if key in seen:
            continue
        seen.add(key)
        start = min(cycle)
        i = cycle.index(start)
        ordered = cycle[i:] + cycle[:i]
        m = modules[ordered[0]]
        yield d.make(
            d.PREREQ_CYCLE,
            m.at("prerequisites"),
            "prerequisite cycle: " + " → ".join([*ordered, ordered[0]]),
            "remove one of these prerequisites so that the modules can be ordered",
        )
