"""Accreditation: standards and criteria referred to, conditions and recommendations overdue or closed
against what the model shows, follow-up linked across programmes.

Every date is compared with the one clock (:func:`curriculum.clock.today`): the same files give the
same findings on the same day, and a case fixes the day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from .. import clock, sar
from .. import diagnostics as d
from ..catalogue import Catalogue
from ..diagnostics import Diagnostic, closest
from ..load import Loc
from ..messages import Count, term
from ..model import Accreditation, Programme, Recommendation, Standard
from ..model.accreditation import ESG_PART1
from ..settings import Settings
from ..validate import duplicates
from ..workload import kinds_of
from .coverage import Coverage
from .dual import programme_share, share_outside


def check_standards(catalogue: Catalogue) -> Iterator[Diagnostic]:
    """Each standard's criteria: ids unique, ESG crosswalk to ESG 2015 Part 1."""
    for standard in catalogue.standards.values():
        yield from duplicates(((c.id, c.at("id")) for c in standard.criteria), "criterion")
        for c in standard.criteria:
            for i, esg in enumerate(c.esg):
                if esg not in ESG_PART1:
                    yield _bad_esg(esg, c.at("esg", i))


def check_accreditation(catalogue: Catalogue, p: Programme, s: Settings, cov: Coverage) -> Iterator[Diagnostic]:
    today = clock.today_iso()
    for a in p.accreditation:
        standard = _standard(catalogue, a)
        if a.standard and standard is None:
            close = closest(a.standard, catalogue.standards)
            yield d.make(d.UNKNOWN_STANDARD, a.at("standard"), suggest=close, standard=a.standard)
        items: list[tuple[str, Recommendation]] = [("condition", c) for c in a.conditions]
        items += [("recommendation", r) for r in a.recommendations]
        for what, r in items:
            yield from _references(r, standard)
            if r.status == "closed":
                yield from _closed(catalogue, p, s, cov, a, what, r, today)
            elif r.due and r.due < today:
                days = Count((datetime.date.fromisoformat(today) - datetime.date.fromisoformat(r.due)).days, "day")
                status = term("status", r.status)
                where = r.at("due")
                if what == "condition":
                    yield d.make(
                        d.CONDITION_OVERDUE, where, agency=a.agency, id=r.id, due=r.due, status=status, days=days
                    )
                else:
                    yield d.make(
                        d.RECOMMENDATION_OVERDUE, where, agency=a.agency, id=r.id, due=r.due, status=status, days=days
                    )
            elif what == "recommendation":
                where = r.at("status") if r.written("status") else r.at("id")
                yield d.make(d.RECOMMENDATION_OPEN, where, agency=a.agency, id=r.id, status=term("status", r.status))
        for ref in a.follows:
            yield from _follows(
                catalogue, ref.programme, ref.recommendation, ref.at("programme"), ref.at("recommendation")
            )


def _standard(catalogue: Catalogue, a: Accreditation) -> Standard | None:
    return catalogue.standards.get(a.standard) if a.standard else None


def _bad_esg(esg: str, where: object) -> Diagnostic:
    return d.make(d.UNKNOWN_CRITERION, where, variant="esg", suggest=closest(esg, ESG_PART1), esg=esg)


def _references(r: Recommendation, standard: Standard | None) -> Iterator[Diagnostic]:
    if r.esg and r.esg not in ESG_PART1:
        yield _bad_esg(r.esg, r.at("esg"))
    if r.criterion and standard is not None:
        ids = [c.id for c in standard.criteria]
        if r.criterion not in ids:
            where = r.at("criterion")
            yield d.make(
                d.UNKNOWN_CRITERION,
                where,
                suggest=closest(r.criterion, ids),
                standard=standard.id,
                criterion=r.criterion,
            )


def _closed(
    catalogue: Catalogue,
    p: Programme,
    s: Settings,
    cov: Coverage,
    a: Accreditation,
    what: str,
    r: Recommendation,
    today: str,
) -> Iterator[Diagnostic]:
    where = r.at("status")
    kind = term("follow-up", what)
    if r.evidence is None or not any(v.strip() for v in r.evidence.values.values()):
        yield d.make(d.CLOSED_WITHOUT_EVIDENCE, where, agency=a.agency, what=kind, id=r.id)
    if r.subject == "mentor-training":
        untrained = [(x, m) for x in p.partners for m in x.mentors if m.serves_on(today) and not m.trained_on(today)]
        if untrained:
            x, m = untrained[0]
            name = m.name.get("en")
            related = [d.related(mm.loc, "untrained-mentor") for _, mm in untrained]
            yield d.make(
                d.CLOSED_AGAINST_DATA,
                where,
                related=related,
                agency=a.agency,
                what=kind,
                id=r.id,
                mentor=name,
                partner=x.id,
                today=today,
            )
    elif r.subject == "workplace-share":
        share = programme_share(p, s, kinds_of(catalogue))  # as the home page and the reports give it
        if share is None or not share_outside(share, s):
            pass  # the rule does not apply at the programme's level, or the share is on the right side
        elif s.workplace_share_bound == "minimum":
            yield d.make(
                d.CLOSED_AGAINST_DATA,
                where,
                variant="workplace-share",
                agency=a.agency,
                what=kind,
                id=r.id,
                share=100 * share,
                minimum=100 * s.workplace_share,
            )
        else:
            yield d.make(
                d.CLOSED_AGAINST_DATA,
                where,
                variant="workplace-share-above",
                agency=a.agency,
                what=kind,
                id=r.id,
                share=100 * share,
                maximum=100 * s.workplace_share,
            )
    elif r.subject == "coverage":
        gaps = sum(len(g) for g in cov.gaps.values())
        if gaps:
            yield d.make(
                d.CLOSED_AGAINST_DATA,
                where,
                variant="coverage",
                agency=a.agency,
                what=kind,
                id=r.id,
                gaps=Count(gaps, "gap"),
            )


def _follows(catalogue: Catalogue, pid: str, rid: str, at_programme: object, at_id: object) -> Iterator[Diagnostic]:
    other = catalogue.programmes.get(pid)
    if other is None:
        yield d.make(d.UNKNOWN_FOLLOW_UP, at_programme, suggest=closest(pid, catalogue.programmes), programme=pid)
        return
    ids = [x.id for acc in other.accreditation for x in (*acc.conditions, *acc.recommendations)]
    if rid not in ids:
        yield d.make(
            d.UNKNOWN_FOLLOW_UP, at_id, variant="recommendation", suggest=closest(rid, ids), programme=pid, id=rid
        )


def check_sar(catalogue: Catalogue, p: Programme, s: Settings) -> Iterator[Diagnostic]:
    """The self-assessment report of the pending accreditation: evidence or narrative for every criterion,
    narratives in each language of the report, attachments unchanged, the due date."""
    a = sar.target(p)
    if a is None:
        return
    for att in a.attachments:
        path = catalogue.root / att.path
        actual = sar.sha256(path) if path.is_file() else None
        if actual is None:
            yield d.make(d.ATTACHMENT_MISSING, att.at("path"), path=att.path)
        elif actual != att.sha256:
            yield d.make(d.ATTACHMENT_CHANGED, att.at("sha256"), path=att.path, actual=actual)
    yield from _sar_due(a, s)
    standard = sar.standard_of(catalogue, a) if a.standard else None
    if standard is None:
        return
    langs = sar.languages(a, s)
    where = a.at("standard")
    for c in standard.criteria:
        written = {lang: sar.narrative(catalogue.root, p, c.id, lang) for lang in langs}
        present = [n for n in written.values() if n is not None]
        folder = sar.narrative_dir(p)
        if not present:
            kinds = sar.evidence_of(catalogue, c)
            if not any(sar.available(catalogue, p, k, a) for k in kinds):
                expected = f"{folder}/{langs[0]}/{c.id}.md" if langs else f"{folder}/LANG/{c.id}.md"
                yield d.make(d.NO_EVIDENCE, where, criterion=c.id, standard=standard.id, path=expected)
            continue
        at = a.at("languages") if a.written("languages") else where
        for lang, found in written.items():
            if found is None:
                related = [d.related(Loc(n.path, 1, 1), "narrative-written") for n in present]
                yield d.make(
                    d.NARRATIVE_LANGUAGE,
                    at,
                    related=related,
                    criterion=c.id,
                    lang=term("report-language", lang),
                    path=f"{folder}/{lang}/{c.id}.md",
                )


def _sar_due(a: Accreditation, s: Settings) -> Iterator[Diagnostic]:
    due = sar.due_date(a, s)
    if due is None or a.sar_submitted:
        return
    where = a.at("sar_due") if a.sar_due else a.at("visit")
    left = (datetime.date.fromisoformat(due) - clock.today()).days
    if left < 0:
        yield d.make(d.SAR_OVERDUE, where, agency=a.agency, due=due, days=Count(-left, "day"))
    elif left <= s.sar_warn_days:
        yield d.make(d.SAR_DUE_SOON, where, agency=a.agency, due=due, days=Count(left, "day"))
