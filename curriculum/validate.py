"""Reference and structure validation: unknown and duplicate ids, prerequisite order, code formats."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

import networkx as nx

from . import diagnostics as d
from .catalogue import Catalogue
from .diagnostics import Diagnostic, closest
from .load import Loc
from .messages import Count, term
from .metrics import requisites, semester
from .model import Framework, Module, Programme, Qualification, Vocabulary, dates_known
from .workload import HOUR_KINDS, venue


def validate(
    catalogue: Catalogue,
    programmes: bool = True,
    frameworks: Iterable[Diagnostic] | None = None,
    qualifications: Iterable[Diagnostic] | None = None,
) -> list[Diagnostic]:
    """Every reference and structural finding of the catalogue (``programmes``: those of each programme
    too, else see :func:`validate_programme`; ``frameworks``, ``qualifications``: their findings, when
    made already, see :func:`validate_framework` and :func:`validate_qualification`)."""
    out = list(_duplicate_documents(catalogue))
    for vocabulary in catalogue.vocabularies.values():
        out += _vocabulary(catalogue, vocabulary)
    if frameworks is None:
        for framework in catalogue.frameworks.values():
            out += _framework(framework)
    else:
        out += frameworks
    if qualifications is None:
        for qualification in catalogue.qualifications.values():
            out += _qualification(catalogue, qualification)
    else:
        out += qualifications
    if programmes:
        for programme in catalogue.programmes.values():
            out += validate_programme(catalogue, programme)
    return out


def validate_programme(catalogue: Catalogue, programme: Programme) -> list[Diagnostic]:
    """The reference and structural findings of one programme."""
    return [replace(x, programme=programme.id) for x in _programme(catalogue, programme)]


def _duplicate_documents(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for key, first, second in catalogue.duplicates:
        field = "code" if isinstance(second, Qualification) else "id"
        where = first.at(field)  # type: ignore[attr-defined]
        again = second.at(field)  # type: ignore[attr-defined]
        first_at = [d.related(where, "first-defined")]
        yield d.make(d.DUPLICATE_ID, again, related=first_at, key=key, where=f"{where.file}:{where.line}")


def duplicates(entries: Iterable[tuple[str, Loc]], what: str) -> Iterator[Diagnostic]:
    """A diagnostic for each id seen before among ``entries`` (``what``: the kind of object)."""
    seen: dict[str, Loc] = {}
    for key, loc in entries:
        if key in seen:
            first = seen[key]
            kind = term("object", what)
            yield d.make(
                d.DUPLICATE_ID,
                loc,
                variant="local",
                related=[d.related(first, "first-defined")],
                object=kind,
                key=key,
                first=first.line,
            )
        else:
            seen[key] = loc


def _vocabulary(catalogue: Catalogue, v: Vocabulary) -> Iterator[Diagnostic]:
    yield from duplicates(((t.id, t.at("id")) for t in v.terms), "term")
    for t in v.terms:
        for name in ("parent", "replaced_by"):
            ref = getattr(t, name)
            if ref is not None and ref not in catalogue.terms.get(v.id, {}):
                close = closest(ref, catalogue.terms.get(v.id, {}))
                yield d.make(d.UNKNOWN_TERM, t.at(name), suggest=close, value=ref, vocabulary=v.id)


def check_term(catalogue: Catalogue, vocabulary: str, value: str, loc: Loc) -> Diagnostic | None:
    """A diagnostic when ``value`` is not a term of ``vocabulary`` (or is one that was replaced).

    The hint matches ids and also the terms' titles in every language, so a region written as text
    (``город Алматы``) is answered with its code."""
    terms = catalogue.terms.get(vocabulary, {})
    found = terms.get(value)
    if found is not None:
        if found.replaced_by is None:
            return None
        new, title, again = terms.get(found.replaced_by), found.title, found.replaced_by
        if new is None:
            return d.make(
                d.REPLACED_TERM, loc, variant="unknown-new", value=value, title=title, new=again, vocabulary=vocabulary
            )
        return d.make(
            d.REPLACED_TERM, loc, value=value, title=title, new=again, new_title=new.title, vocabulary=vocabulary
        )
    by_title = {text.casefold(): t.id for t in terms.values() for text in t.title.values.values()}
    close = difflib.get_close_matches(value.casefold(), list(by_title), n=1, cutoff=0.6)
    if close:
        code = by_title[close[0]]
        title = terms[code].title
        return d.make(
            d.UNKNOWN_TERM, loc, variant="by-title", value=value, vocabulary=vocabulary, term=code, title=title
        )
    close_id = closest(value, terms)  # quoted: a term id is text, and YAML would read 750000000 as a number
    return d.make(d.UNKNOWN_TERM, loc, suggest=f"'{close_id}'" if close_id else "", value=value, vocabulary=vocabulary)


def validate_framework(framework: Framework) -> list[Diagnostic]:
    """The findings of one framework alone (its item ids, its WorldSkills weights)."""
    return list(_framework(framework))


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
                variant="unweighted" if None in weights else "default",
                framework=framework.id,
                total=total,
            )


def check_ref(catalogue: Catalogue, ref: str, loc: Loc, whole: bool = False) -> Diagnostic | None:
    """A diagnostic when ``ref`` (``FRAMEWORK:ITEM``) names nothing."""
    framework, sep, item = ref.partition(":")
    index = catalogue.indexes.get(framework)
    if index is None:
        return d.make(d.UNKNOWN_FRAMEWORK, loc, suggest=closest(framework, catalogue.indexes), framework=framework)
    if not sep:
        return None if whole else d.make(d.UNKNOWN_ITEM, loc, variant="framework-only", ref=framework)
    if item not in index.items:
        close = closest(item, index.items)
        suggestion = f"{framework}:{close}" if close else ""
        return d.make(d.UNKNOWN_ITEM, loc, suggest=suggestion, framework=framework, item=item)
    return None


def validate_qualification(catalogue: Catalogue, qualification: Qualification) -> list[Diagnostic]:
    """The findings of one qualification: what it requires exists, its code is well formed."""
    return list(_qualification(catalogue, qualification))


def _qualification(catalogue: Catalogue, qualification: Qualification) -> Iterator[Diagnostic]:
    for req in qualification.requires:
        found = check_ref(catalogue, req.competency, req.at("competency"), whole=True)
        if found:
            yield found
    yield from _qualification_code(catalogue, qualification)


def _qualification_code(catalogue: Catalogue, q: Qualification) -> Iterator[Diagnostic]:
    s = catalogue.settings
    loc = q.at("code")
    if q.level != "tvet":
        yield from _he_code(s.he_code, q.code, q.level, loc, programme=False)
        return
    m = re.match(s.tvet_qualification_code, q.code)
    if not m:
        yield d.make(d.BAD_QUAL_CODE, loc, code=q.code)
        return
    groups = m.groupdict()
    level = groups.get("level") or ""
    if level.isdigit() and int(level) != q.nqf_level:
        yield d.make(d.BAD_QUAL_CODE, loc, variant="level", code=q.code, level=level, nqf_level=q.nqf_level)
    n = s.tvet_specialty_prefix
    digits = groups.get("digits")
    if q.specialty and digits and n and digits[:n] != q.specialty.code[:n]:
        specialty = q.specialty.code
        yield d.make(d.BAD_QUAL_CODE, loc, variant="specialty", code=q.code, specialty=specialty, prefix=specialty[:n])


def _belongs(catalogue: Catalogue, p: Programme, q: Qualification, loc: Loc) -> Iterator[Diagnostic]:
    """A TVET qualification of the programme's specialty (its code's first digits are the specialty's);
    an HE programme's code in the group of its qualification's specialty (6B01301 is in 6B013)."""
    s = catalogue.settings
    if not p.code or not p.valid("code"):
        return
    if p.level == "tvet" and q.level == "tvet":
        m = re.match(s.tvet_qualification_code, q.code)
        digits = (m.groupdict().get("digits") if m else None) or ""
        n = s.tvet_specialty_prefix
        if digits and n and digits[:n] != p.code[:n]:
            yield d.make(
                d.QUALIFICATION_SPECIALTY, loc, code=q.code, specialty=p.code, prefix=p.code[:n], digits=digits[:n]
            )
    elif p.level != "tvet" and q.level != "tvet" and q.specialty and not p.code.startswith(q.specialty.code):
        yield d.make(
            d.PROGRAMME_GROUP,
            p.at("code"),
            related=[d.related(q.specialty.at("code"), "specialty-group")],
            code=p.code,
            group=q.specialty.code,
            qualification=q.code,
        )


def _he_code(pattern: str, code: str, level: str, loc: Loc, programme: bool) -> Iterator[Diagnostic]:
    """CUR210 (a qualification's code) or CUR213 (a programme's code) for a higher-education code."""
    m = re.match(pattern, code)
    if not m:
        if programme:
            yield d.make(d.BAD_PROGRAMME_CODE, loc, code=code)
        else:
            yield d.make(d.BAD_QUAL_CODE, loc, variant="he-format", code=code)
        return
    letter = {"bachelor": "B", "master": "M"}.get(level)
    kind = m.groupdict().get("kind")
    if letter and kind and kind != letter:
        name = term("education", level)
        if programme:
            yield d.make(d.BAD_PROGRAMME_CODE, loc, variant="he-kind", code=code, kind=kind, level=name, letter=letter)
        else:
            yield d.make(d.BAD_QUAL_CODE, loc, variant="he-kind", code=code, kind=kind, level=name, letter=letter)


def _programme(catalogue: Catalogue, p: Programme) -> Iterator[Diagnostic]:
    yield from _ids(p)
    yield from _unfinished(p)
    modules = {m.id: m for m in p.modules}
    assessments = {a.id for m in p.modules for a in m.assessments}
    for i, code in enumerate(p.qualifications):
        q = catalogue.qualification(code, p)
        if q is None:
            yield _unknown_qualification(catalogue, p, code, p.at("qualifications", i))
        else:
            yield from _belongs(catalogue, p, q, p.at("qualifications", i))
    if p.level != "tvet" and p.code:
        yield from _he_code(catalogue.settings.he_code, p.code, p.level, p.at("code"), programme=True)
    if p.valid("run") and dates_known(p.run, "start", "end") and p.run.end < p.run.start:
        yield d.make(d.DATE_ORDER, p.run.at("end"), start=p.run.start, end=p.run.end)
    yield from _facts(catalogue, p)
    for m in p.modules:
        yield from _module(catalogue, p, m, modules, assessments)
    yield from _electives(p, modules)
    yield from _cycles(modules)
    yield from _partners(catalogue, p, modules)
    for w in p.waivers:
        found = check_ref(catalogue, w.competency, w.at("competency"))
        if found:
            yield found


def _unfinished(p: Programme) -> Iterator[Diagnostic]:
    """A programme that requires nothing (no qualification, no partner's requirement set) checks
    nothing; a code of zeros is the placeholder that `curriculum new programme` writes."""
    sets = any(x.requirement_set for x in p.partners)
    if p.valid("qualifications") and not p.qualifications and not sets:
        yield d.make(d.REQUIRES_NOTHING, p.at("qualifications"), programme=p.id)
    if p.code and set(p.code) == {"0"}:
        yield d.make(d.PLACEHOLDER, p.at("code"), path="code", value=p.code)


def _unknown_qualification(catalogue: Catalogue, p: Programme, code: str, loc: Loc) -> Diagnostic:
    others = sorted({q.provider or "" for q in catalogue.qualifications.values() if q.code == code})
    if others:
        return d.make(
            d.UNKNOWN_QUALIFICATION,
            loc,
            variant="other-provider",
            code=code,
            providers=others,
            provider=p.provider.name,
        )
    close = closest(code, [q.code for q in catalogue.qualifications.values()])
    return d.make(d.UNKNOWN_QUALIFICATION, loc, suggest=close, code=code)


def _module(
    catalogue: Catalogue, p: Programme, m: Module, modules: dict[str, Module], assessments: set[str]
) -> Iterator[Diagnostic]:
    yield from _loads(catalogue, p, m)
    yield from _requisites(m, modules)
    indexes = catalogue.indexes
    for o in m.outcomes:
        for c in o.covers:
            framework, sep, item = c.competency.partition(":")
            index = indexes.get(framework)
            if index is not None and sep and item in index.items:
                continue  # names an item (as check_ref finds), and its position is not made for nothing
            found = check_ref(catalogue, c.competency, c.loc)
            if found:
                yield found
        for i, a in enumerate(o.assessed_by):
            if a not in assessments:
                yield d.make(
                    d.UNKNOWN_ASSESSMENT, o.at("assessed_by", i), suggest=closest(a, assessments), assessment=a
                )
    for assessment in m.assessments:
        standard = assessment.standard
        if standard and standard not in catalogue.indexes:
            close = closest(standard, catalogue.indexes)
            yield d.make(d.UNKNOWN_FRAMEWORK, assessment.at("standard"), suggest=close, framework=standard)


def _requisites(m: Module, modules: dict[str, Module]) -> Iterator[Diagnostic]:
    """Unknown requisites, and each one scheduled where its kind does not allow: a prerequisite in an
    earlier semester, a co-requisite in the same or an earlier one, a strict co-requisite in the same."""
    for name, pre, i in requisites(m):
        where = m.at(name, i)
        if pre not in modules:
            yield d.make(d.UNKNOWN_MODULE, where, suggest=closest(pre, modules), module=pre)
            continue
        if pre == m.id:
            continue  # a cycle of one (CUR208, CUR803)
        if not (m.valid("semesters") and modules[pre].valid("semesters")):
            continue  # an unusable semester is reported where it stands
        before, now = semester(modules[pre]), semester(m)
        related = [d.related(_last_load(modules[pre]), "prerequisite-semester")]
        if name == "prerequisites" and before >= now:
            yield d.make(
                d.PREREQ_ORDER, where, related=related, pre=pre, pre_semester=before, module=m.id, semester=now
            )
        elif name == "corequisites" and before > now:
            yield d.make(d.COREQ_ORDER, where, related=related, pre=pre, pre_semester=before, module=m.id, semester=now)
        elif name == "strict_corequisites" and before != now:
            yield d.make(
                d.STRICT_COREQ, where, related=related, pre=pre, pre_semester=before, module=m.id, semester=now
            )


def _partners(catalogue: Catalogue, p: Programme, modules: dict[str, Module]) -> Iterator[Diagnostic]:
    outcomes = {o.id: m for m in p.modules for o in m.outcomes}
    for partner in p.partners:
        if partner.region is not None:
            found = check_term(catalogue, "regions", partner.region, partner.at("region"))
            if found:
                yield found
        wanted = partner.requirement_set
        if wanted and wanted not in catalogue.indexes:
            where = partner.at("requirement_set")
            close = closest(wanted, catalogue.indexes)
            yield d.make(d.UNKNOWN_FRAMEWORK, where, variant="requirement-set", suggest=close, framework=wanted)
        ag = partner.agreement
        if ag is not None and dates_known(ag, "start", "end") and ag.end < ag.start:
            yield d.make(d.DATE_ORDER, ag.at("end"), variant="agreement", start=ag.start, end=ag.end)
        for entry in partner.training_plan:
            if entry.unit not in modules and entry.unit not in outcomes:
                yield _unknown_unit(entry.unit, entry.at("unit"), modules, outcomes)


def _unknown_unit(unit: str, loc: Loc, modules: dict[str, Module], outcomes: dict[str, Module]) -> Diagnostic:
    """A training-plan unit that names nothing: an unknown outcome (CUR211) when it is written as an outcome
    of a module (``PM01.9``) or is closest to an outcome id, else an unknown module (CUR203)."""
    owner = next((m for mid, m in modules.items() if unit.startswith(mid + ".")), None)
    close = closest(unit, [*modules, *outcomes])
    if owner is None and close in outcomes:
        owner = outcomes[close]
    if owner is not None:
        return d.make(d.UNKNOWN_OUTCOME, loc, suggest=close, outcome=unit, module=owner.id)
    return d.make(d.UNKNOWN_MODULE, loc, variant="unit", suggest=close, unit=unit)


def _ids(p: Programme) -> Iterator[Diagnostic]:
    groups = {
        "module": [(m.id, m.at("id")) for m in p.modules],
        "outcome": [(o.id, o.at("id")) for m in p.modules for o in m.outcomes],
        "assessment": [(a.id, a.at("id")) for m in p.modules for a in m.assessments],
        "partner": [(x.id, x.at("id")) for x in p.partners],
    }
    for what, entries in groups.items():
        yield from duplicates(entries, what)
        yield from case_collisions(entries, what)


def case_collisions(entries: Iterable[tuple[str, Loc]], what: str) -> Iterator[Diagnostic]:
    """A warning for each id that differs from an earlier one only in letter case (``PM01``, ``pm01``):
    their pages would be one file on a case-insensitive file system."""
    seen: dict[str, tuple[str, Loc]] = {}
    for key, loc in entries:
        folded = key.casefold()
        if folded in seen and seen[folded][0] != key:
            other, first = seen[folded]
            kind = term("object", what)
            yield d.make(
                d.CASE_COLLISION,
                loc,
                related=[d.related(first, "first-defined")],
                object=kind,
                key=key,
                other=other,
                first=first.line,
            )
        else:
            seen.setdefault(folded, (key, loc))


def _cycles(modules: dict[str, Module]) -> Iterator[Diagnostic]:
    """A cycle of prerequisites only is CUR208 (at the first module's `prerequisites`); one that goes
    through a co-requisite is CUR803, at the first co-requisite on it."""
    graph = nx.DiGraph()
    fields: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for m in modules.values():
        for name, pre, i in requisites(m):
            if pre in modules:
                graph.add_edge(pre, m.id)
                fields.setdefault((pre, m.id), []).append((name, i))
    seen: set[frozenset[str]] = set()
    for cycle in sorted(nx.simple_cycles(graph), key=lambda c: sorted(c)):
        key = frozenset(cycle)
        if key in seen:
            continue
        seen.add(key)
        start = min(cycle)
        i = cycle.index(start)
        ordered = cycle[i:] + cycle[:i]
        text = " → ".join([*ordered, ordered[0]])
        steps = list(zip(ordered, [*ordered[1:], ordered[0]], strict=True))
        coreq = [(b, f) for a, b in steps for f in fields[(a, b)] if f[0] != "prerequisites"]
        if all(any(f[0] == "prerequisites" for f in fields[step]) for step in steps):
            yield d.make(d.PREREQ_CYCLE, modules[ordered[0]].at("prerequisites"), cycle=text)
        else:
            module, (name, index) = coreq[0]
            yield d.make(d.REQUISITE_CYCLE, modules[module].at(name, index), cycle=text)


def _last_load(m: Module) -> Loc:
    """Where a module's last semester is written."""
    last = max(m.semesters, key=lambda x: x.semester, default=None)
    return last.at("semester") if last is not None else m.at("semesters")


def _terms(catalogue: Catalogue, vocabulary: str, values: Iterable[tuple[str | None, Loc]]) -> Iterator[Diagnostic]:
    for value, loc in values:
        if value is not None:
            found = check_term(catalogue, vocabulary, value, loc)
            if found:
                yield found


def _facts(catalogue: Catalogue, p: Programme) -> Iterator[Diagnostic]:
    yield from _terms(catalogue, "base-education", [(p.base_education, p.at("base_education"))])
    yield from _terms(catalogue, "study-forms", [(p.study_form, p.at("study_form"))])
    for year in p.calendar:
        for cs in year.semesters:
            if cs.semester > p.semesters:
                semesters = Count(p.semesters, "semester")
                yield d.make(
                    d.SEMESTER_BEYOND, cs.at("semester"), variant="calendar", semester=cs.semester, semesters=semesters
                )
    yield from duplicates(((str(cs.semester), cs.at("semester")) for y in p.calendar for cs in y.semesters), "semester")
    yield from duplicates(((str(y.year), y.at("year")) for y in p.calendar), "year")
    yield from duplicates(((a.year, a.at("year")) for a in p.approvals), "year")


def _loads(catalogue: Catalogue, p: Programme, m: Module) -> Iterator[Diagnostic]:
    yield from _terms(catalogue, "cycles", [(m.cycle, m.at("cycle"))])
    yield from _terms(catalogue, "components", [(m.component, m.at("component"))])
    yield from duplicates(((str(x.semester), x.at("semester")) for x in m.semesters), "semester")
    kinds = catalogue.terms.get(HOUR_KINDS, {})
    for load in m.semesters:
        if load.semester > p.semesters:
            semesters = Count(p.semesters, "semester")
            yield d.make(
                d.SEMESTER_BEYOND, load.at("semester"), module=m.id, semester=load.semester, semesters=semesters
            )
        yield from _terms(catalogue, HOUR_KINDS, [(k.kind, k.loc) for k in load.hours])
        yield from _terms(catalogue, "control-forms", [(c, load.at("control", i)) for i, c in enumerate(load.control)])
        planned = {k.kind: k.hours for k in load.hours}
        for k in load.workplace:
            where = venue(kinds, k.kind)
            if k.kind not in planned or k.hours > planned[k.kind]:
                yield d.make(
                    d.WORKPLACE_KIND,
                    k.loc,
                    module=m.id,
                    semester=load.semester,
                    kind=k.kind,
                    hours=k.hours,
                    planned=planned.get(k.kind, 0),
                )
            elif where != "both" and k.kind in kinds:
                yield d.make(
                    d.WORKPLACE_KIND,
                    k.loc,
                    variant="venue",
                    module=m.id,
                    kind=k.kind,
                    venue=term("venue", where),
                )


def _electives(p: Programme, modules: dict[str, Module]) -> Iterator[Diagnostic]:
    yield from duplicates(((g.id, g.at("id")) for g in p.electives), "group")
    seen: dict[str, str] = {}
    for g in p.electives:
        for i, mid in enumerate(g.modules):
            where = g.at("modules", i)
            if mid not in modules:
                yield d.make(d.UNKNOWN_MODULE, where, suggest=closest(mid, modules), module=mid)
            elif mid in seen:
                yield d.make(d.ELECTIVE_GROUP, where, variant="twice", module=mid, group=g.id, other=seen[mid])
            seen.setdefault(mid, g.id)
        if g.choose >= len(g.modules):
            yield d.make(d.ELECTIVE_GROUP, g.at("choose"), group=g.id, choose=g.choose, modules=len(g.modules))
