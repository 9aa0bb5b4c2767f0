"""The self-assessment report as data: one section per criterion of the standard, in the standard's order,
each with the evidence the model holds (tables) and the team's narrative. The site page, the DOCX and the
PDF are all written from this one structure (:mod:`.markdown`, :mod:`.docx`, :mod:`.pdf`).

Every text is plain (no markup); writers escape it for their format. Staff names become role and id when
the ``pseudonymise_staff`` setting is on. Nothing about an individual trainee is read or written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import clock, words
from ..checks import Result
from ..checks.dual import share_rule_applies, workplace_share
from ..checks.people import practitioners_share
from ..model import Accreditation, Criterion, Programme, Standard, Text
from ..render import LABELS, provider_key, region_name
from ..workload import kinds_of, module_split
from . import (
    available,
    due_date,
    evidence_of,
    languages,
    narrative,
    previous,
    report_accreditation,
    standard_of,
    target,
)


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Para:
    text: str


@dataclass
class Narrative:
    markdown: str
    source: str


Block = Table | Para | Narrative


@dataclass
class Section:
    id: str
    title: str
    statement: str = ""
    guidance: str = ""
    esg: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    programme: str
    facts: list[tuple[str, str]]
    notes: list[str]
    sections: list[Section]
    date: str


def label(key: str, lang: str) -> str:
    entry = LABELS.get(key)
    if not entry:
        return key
    return entry.get(lang) or entry.get("en") or key


class _Writer:
    def __init__(self, result: Result, p: Programme, lang: str) -> None:
        self.result = result
        self.catalogue = result.catalogue
        self.settings = result.catalogue.settings
        self.kinds = kinds_of(result.catalogue)
        self.p = p
        self.lang = lang
        self.order = tuple(self.settings.languages)
        self.today = clock.today_iso()
        self._diffs: dict[str, tuple[Any, str]] = {}

    def diff(self, date: str) -> tuple[Any, str]:
        """The catalogue's changes since ``date`` (git), computed once per report."""
        if date not in self._diffs:
            from .changes import diff_since

            self._diffs[date] = diff_since(self.catalogue.root, date)
        return self._diffs[date]

    def t(self, value: Text | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.get(self.lang, self.order)
        return str(value)

    def l(self, key: str) -> str:  # noqa: E743 - a label
        return label(key, self.lang)

    def pct(self, value: float) -> str:
        return f"{100 * value:.1f} %"

    # ---- people, pseudonymised where the settings say so
    def staff_name(self, t: Any) -> str:
        if self.settings.pseudonymise_staff:
            return f"{self.l('teacher')} {t.id}"
        return self.t(t.name)

    def mentor_name(self, partner: Any, index: int, m: Any) -> str:
        if self.settings.pseudonymise_staff:
            return f"{self.l('mentor')} {partner.id}-{index + 1}"
        return self.t(m.name)

    # ---- evidence by kind
    def evidence(self, kind: str, a: Accreditation | None) -> list[Block]:
        method = getattr(self, "ev_" + kind.replace("-", "_"))
        out: list[Block] = method(a)
        return out

    def ev_design(self, a: Accreditation | None) -> list[Block]:
        p = self.p
        rows = []
        for m in p.modules:
            competencies = sorted({c.competency for o in m.outcomes for c in o.covers})
            rows.append(
                [
                    m.id,
                    self.t(m.title),
                    str(m.semester),
                    str(module_split(m, self.kinds).college),
                    str(module_split(m, self.kinds).workplace),
                    str(len(m.outcomes)),
                    ", ".join(competencies),
                ]
            )
        header = [
            self.l("code"),
            self.l("module"),
            self.l("semester"),
            self.l(provider_key("college_hours", p)),
            self.l("workplace_hours"),
            self.l("outcomes"),
            self.l("competencies"),
        ]
        figures = self.result.figures.get(p.id, {})
        shares = [
            [self.l("required"), f"{figures.get('required', 0):g}"],
            [self.l("covered"), self.pct(figures.get("covered", 0))],
            [self.l("assessed"), self.pct(figures.get("assessed", 0))],
            [self.l("at_workplace"), self.pct(figures.get("workplace", 0))],
            [self.l("at_level"), self.pct(figures.get("at_level", 0))],
        ]
        return [
            Table(self.l("sar_alignment"), header, rows),
            Table(self.l("coverage"), [self.l("figure"), self.l("value")], shares),
        ]

    def ev_partners(self, a: Accreditation | None) -> list[Block]:
        rows = []
        shares = {x.partner: x for x in self.result.partners.get(self.p.id, [])}
        for x in self.p.partners:
            sh = shares.get(x.id)
            ag = x.agreement
            trained = sum(1 for m in x.mentors if m.trained_on(self.today))
            rows.append(
                [
                    self.t(x.name),
                    region_name(self.catalogue, x.region, self.lang) or self.t(x.region),
                    f"{ag.number}, {ag.start} – {ag.end}" if ag else "—",
                    str(x.places),
                    f"{trained} / {len(x.mentors)}",
                    str(sh.hours) if sh else "—",
                    self.pct(sh.share) if sh and sh.base else "—",
                    self.pct(sh.part) if sh else "—",
                ]
            )
        header = [
            self.l("partner"),
            self.l("region"),
            self.l("agreement"),
            self.l("places"),
            self.l("sar_mentors_trained"),
            self.l("partner_hours"),
            self.l("partner_share"),
            self.l("partner_part"),
        ]
        return [Table(self.l("partners"), header, rows), Para(f"{self.l('workplace_share')}: {self.share()}")]

    def share(self) -> str:
        """The programme's workplace share, or a dash and why where the rule does not apply at its level."""
        if not share_rule_applies(self.p, self.settings):
            return f"— ({self.l('workplace_share_not_applicable')}: {words.word('education', self.p.level, self.lang)})"
        workplace, base = workplace_share(self.p, self.settings, self.kinds)
        return self.pct(workplace / base) if base else f"— ({self.l('workplace_share_no_base')})"

    def ev_assessment(self, a: Accreditation | None) -> list[Block]:
        assessed: dict[str, int] = {}
        for m in self.p.modules:
            for o in m.outcomes:
                for aid in o.assessed_by:
                    assessed[aid] = assessed.get(aid, 0) + 1
        rows = [
            [
                x.id,
                m.id,
                self.t(x.title),
                words.word("assessment", x.type, self.lang),
                x.standard or "—",
                words.word(
                    "venue-he" if self.p.level in ("bachelor", "master") else "venue-college", x.venue, self.lang
                ),
                self.t(x.assessors) or "—",
                str(assessed.get(x.id, 0)),
            ]
            for m in self.p.modules
            for x in m.assessments
        ]
        header = [
            self.l("code"),
            self.l("module"),
            self.l("assessment"),
            self.l("type"),
            self.l("standard"),
            self.l("venue"),
            self.l("assessors"),
            self.l("outcomes"),
        ]
        return [Table(self.l("assessments"), header, rows)]

    def ev_staff(self, a: Accreditation | None) -> list[Block]:
        out: list[Block] = []
        p = self.p
        if p.staff:
            rows = []
            for t in p.staff:
                internships = "; ".join(
                    f"{self.t(i.organisation)} ({i.start}{' – ' + i.end if i.end else ''})" for i in t.internships
                )
                who = self.l("sar_practitioner") if t.employer == "partner" else self.l("sar_own_staff")
                rows.append(
                    [
                        self.staff_name(t),
                        self.t(t.position),
                        who + (f" ({t.partner})" if t.partner else ""),
                        ", ".join(x for x in (self.t(t.degree), self.t(t.category)) if x) or "—",
                        f"{t.industry_years:g}" if t.industry_years is not None else "—",
                        internships or "—",
                        ", ".join(f"{e.module} ({e.hours})" for e in t.teaches),
                        str(t.hours),
                    ]
                )
            header = [
                self.l("sar_name"),
                self.l("sar_position"),
                self.l("sar_employer"),
                self.l("sar_degree"),
                self.l("sar_industry_years"),
                self.l("sar_internships"),
                self.l("modules"),
                self.l("hours"),
            ]
            out.append(Table(self.l("sar_staff"), header, rows))
            practitioners, taught = practitioners_share(p)
            share = practitioners / taught if taught else 0.0
            out.append(Para(f"{self.l('practitioners_share')}: {self.pct(share)} ({practitioners} / {taught})"))
        rows = []
        for x in p.partners:
            for i, m in enumerate(x.mentors):
                cert = m.certificate
                rows.append(
                    [
                        self.mentor_name(x, i, m),
                        self.t(x.name),
                        self.t(m.position) or "—",
                        f"{m.years:g}" if m.years is not None else "—",
                        f"{cert.date} – {cert.expires or '…'}" if cert else "—",
                        self.l("yes") if m.trained_on(self.today) else self.l("no"),
                    ]
                )
        if rows:
            header = [
                self.l("sar_name"),
                self.l("partner"),
                self.l("sar_position"),
                self.l("sar_years"),
                self.l("sar_certificate"),
                self.l("sar_trained"),
            ]
            out.append(Table(self.l("sar_mentors"), header, rows))
        return out

    def ev_resources(self, a: Accreditation | None) -> list[Block]:
        out: list[Block] = []
        if self.p.facilities:
            rows = [
                [
                    self.t(f.title),
                    self.l("facility_" + f.type),
                    str(f.places) if f.places is not None else "—",
                    ", ".join(f.modules),
                    "; ".join(self.t(e.name) + (f" × {e.count}" if e.count else "") for e in f.equipment) or "—",
                ]
                for f in self.p.facilities
            ]
            header = [
                self.l("sar_facility"),
                self.l("type"),
                self.l("places"),
                self.l("modules"),
                self.l("sar_equipment"),
            ]
            out.append(Table(self.l("sar_facilities"), header, rows))
        if self.p.centres:
            rows = [
                [self.t(c.name), ", ".join(c.skills), c.accredited_until or "—", ", ".join(c.exams) or "—"]
                for c in self.p.centres
            ]
            header = [self.l("sar_centre"), self.l("sar_skills"), self.l("valid_until"), self.l("sar_exams")]
            out.append(Table(self.l("sar_centres"), header, rows))
        return out

    def ev_figures(self, a: Accreditation | None) -> list[Block]:
        from ..render import FIGURE_LABELS, FIGURES, SHARE_FIGURES, SHARE_RULE_FIGURES

        figures = self.result.figures.get(self.p.id, {})
        ruled = share_rule_applies(self.p, self.settings)
        rows = []
        for k in FIGURES:
            if k in SHARE_RULE_FIGURES and not ruled and figures:
                rows.append([self.l(k), self.share()])  # a dash and why: the rule does not apply at this level
            elif k in figures:
                value = self.pct(figures[k]) if k in SHARE_FIGURES else f"{figures[k]:g}"
                rows.append([self.l(FIGURE_LABELS.get(k, k)), value])
            elif k == "workplace_share" and figures:  # not given: no hour counts in the share's base yet
                rows.append([self.l(k), self.share()])
        return [Table(self.l("figures"), [self.l("figure"), self.l("value")], rows)]

    def ev_public_information(self, a: Accreditation | None) -> list[Block]:
        langs = ", ".join(self.settings.languages)
        return [Para(f"{self.l('sar_site')}: {langs}")]

    def ev_external_qa(self, a: Accreditation | None) -> list[Block]:
        rows = [
            [
                x.agency,
                x.standard or "—",
                words.word("decision", x.decision, self.lang),
                x.date or "—",
                x.valid_until or "—",
                ", ".join(self.l("role_" + r) for r in x.panel) or "—",
            ]
            for x in self.p.accreditation
        ]
        header = [
            self.l("agency"),
            self.l("standard"),
            self.l("decision"),
            self.l("date"),
            self.l("valid_until"),
            self.l("panel"),
        ]
        return [Table(self.l("accreditation"), header, rows)]

    def ev_follow_up(self, a: Accreditation | None) -> list[Block]:
        out: list[Block] = []
        before = previous(self.p, a)
        if before is not None and (before.conditions or before.recommendations):
            rows = []
            for kind, items in (("conditions", before.conditions), ("recommendations", before.recommendations)):
                for r in items:
                    rows.append(
                        [
                            r.id,
                            self.l(kind),
                            self.t(r.text),
                            words.word("subject", r.subject, self.lang) if r.subject else "—",
                            r.due or "—",
                            words.word("status", r.status, self.lang),
                            self.t(r.evidence) or "—",
                        ]
                    )
            header = [
                self.l("code"),
                self.l("type"),
                self.l("recommendations"),
                self.l("subject"),
                self.l("due"),
                self.l("status"),
                self.l("evidence"),
            ]
            caption = f"{before.agency} {before.date or ''}".strip()
            out.append(Table(caption, header, rows))
            if any(r.subject == "partner-staff" for r in before.recommendations + before.conditions):
                from .changes import figure_then

                practitioners, taught = practitioners_share(self.p)
                now = self.pct(practitioners / taught) if taught else "—"
                then = figure_then(self, before.date, "practitioners_share") if before.date else None
                then_text = self.pct(then) if then is not None else "—"
                out.append(
                    Para(
                        f"{self.l('practitioners_share')}: {then_text} ({self.l('sar_at_decision')} {before.date}), "
                        f"{now} ({self.l('sar_now')})"
                    )
                )
        if a is not None and a.follows:
            rows = [[f.programme, f.recommendation, self.t(f.note) or "—"] for f in a.follows]
            header = [self.l("programme"), self.l("code"), self.l("evidence")]
            out.append(Table(self.l("follows"), header, rows))
        return out

    # ---- results: the published (privacy-safe) aggregates only, the same rows as the site's results page
    def results_view(self) -> Any:
        from ..render_results import ResultsView

        return ResultsView(_Lens(self))  # type: ignore[arg-type]

    def ev_results(self, a: Accreditation | None) -> list[Block]:
        v = self.results_view()
        out: list[Block] = [Para(f"{v.note()} ({self.l('results_computed')})")]
        ind = v.indicators("programme", self.p.id)
        if ind["years"]:
            rows = [[row["label"], *row["cells"]] for row in ind["rows"]]
            out.append(Table(self.l("results_indicators"), [self.l("figure"), *ind["years"]], rows))
        declared = v.declared(self.p)
        if declared["rows"]:
            out.append(Para(self.l("results_declared_note")))
            header = [
                self.l("results_indicator"),
                self.l("results_place"),
                self.l("results_year"),
                self.l("results_declared_value"),
                self.l("results_computed_value"),
                self.l("results_source"),
            ]
            rows = [
                [
                    r["label"],
                    r["place"],
                    r["year"],
                    r["declared"],
                    r["computed"] + (f" ⚠ {self.l('results_differs')}" if r["differs"] else ""),
                    r["source"] + (f" {r['url']}" if r["url"] else ""),
                ]
                for r in declared["rows"]
            ]
            out.append(Table(self.l("results_declared"), header, rows))
        return out

    def ev_monitoring(self, a: Accreditation | None) -> list[Block]:
        v = self.results_view()
        p = self.p
        out: list[Block] = []
        ratings = v.ratings(p)
        if ratings["rows"]:
            rows = [[row["title"], *row["cells"]] for row in ratings["rows"]]
            out.append(Table(self.l("results_ratings"), [self.l("results_competency"), *ratings["periods"]], rows))
        sections = v.sections(p)
        if sections["rows"]:
            header = [
                self.l("results_section"),
                self.l("results_weight"),
                self.l("results_hours_share"),
                self.l("results_year"),
                self.l("results_candidates"),
                self.l("results_pass_rate"),
            ]
            rows = [
                [r["section"], r["weight"], r["hours"], r["year"], r["candidates"], r["rate"]] for r in sections["rows"]
            ]
            out.append(Table(self.l("results_sections"), header, rows))
        partners = v.partners(p)
        if partners["rows"]:
            rows = [[row["name"], *row["cells"]] for row in partners["rows"]]
            out.append(Table(self.l("results_by_partner"), [self.l("results_partner"), *partners["years"]], rows))
        pr = v.partner_ratings(p)
        if pr["rows"]:
            rows = [[row["name"], *row["cells"]] for row in pr["rows"]]
            out.append(Table(self.l("results_partner_ratings"), [self.l("results_partner"), *pr["periods"]], rows))
        done = v.completion(p)
        if done["rows"]:
            header = [
                self.l("results_partner"),
                self.l("results_placed"),
                self.l("results_completed"),
                self.l("results_withdrawn"),
                self.l("results_continuing"),
            ]
            rows = [[row["name"], *row["cells"]] for row in done["rows"]]
            out.append(Table(self.l("results_completion"), header, rows))
        if out:
            out.insert(0, Para(f"{v.note()} ({self.l('results_computed')})"))
        return out

    def ev_changes(self, a: Accreditation | None) -> list[Block]:
        before = previous(self.p, a)
        if before is None or not before.date:
            return []
        from .changes import changes_since

        return changes_since(self, before.date)


class _Lens:
    """What :class:`~curriculum.render_results.ResultsView` reads of a renderer, in the report's language."""

    def __init__(self, w: _Writer) -> None:
        self.result = w.result
        self.catalogue = w.catalogue
        self.lang = w.lang
        self._w = w

    def label(self, key: str) -> str:
        return self._w.l(key)

    def plain(self, value: Any) -> str:
        return self._w.t(value)


def build(result: Result, p: Programme, lang: str) -> Report:
    """The SAR of ``p`` in ``lang``, for its pending accreditation (else its last with a standard, else
    against ESG 2015 Part 1)."""
    w = _Writer(result, p, lang)
    a = target(p)  # the pending accreditation; without one, the report prepares the next
    standard: Standard | None = standard_of(result.catalogue, a or report_accreditation(p))
    facts = [
        (w.l("programme"), f"{p.code + ' ' if p.code else ''}{w.t(p.title)}"),
        (w.l("provider"), w.t(p.provider.name)),
    ]
    if a is not None:
        facts.append((w.l("agency"), a.agency))
        due = due_date(a, result.catalogue.settings)
        if due:
            facts.append((w.l("sar_due_date"), due))
    if standard is not None:
        facts.append((w.l("standard"), w.t(standard.title)))
    if a is not None and a.visit:
        facts.append((w.l("visit"), a.visit))
    if a is not None and a.panel:
        facts.append((w.l("panel"), ", ".join(w.l("role_" + r) for r in a.panel)))
    notes = []
    if p.illustrative or (standard is not None and standard.illustrative):
        notes.append(w.l("illustrative"))
    if standard is not None and lang in standard.unofficial:
        notes.append(w.l("unofficial_translation"))
    sections = [_section(w, result, p, a, c) for c in (standard.criteria if standard else ())]
    title = f"{w.l('sar')}: {w.t(p.title)}"
    return Report(lang, title, p.id, facts, notes, sections, w.today)


def _section(w: _Writer, result: Result, p: Programme, a: Accreditation | None, c: Criterion) -> Section:
    section = Section(c.id, w.t(c.title), w.t(c.statement), w.t(c.guidance), list(c.esg))
    for kind in evidence_of(result.catalogue, c):
        if available(result.catalogue, p, kind, a, result.results):
            section.blocks += w.evidence(kind, a)
    langs = languages(a, result.catalogue.settings) if a is not None else (w.lang,)
    written = narrative(result.catalogue.root, p, c.id, w.lang)
    if written is None:  # the narrative in another language of the report, marked as such
        for other in langs:
            written = narrative(result.catalogue.root, p, c.id, other)
            if written is not None:
                break
    if written is not None:
        section.blocks.append(Narrative(written.text, written.path))
    elif not section.blocks:
        section.blocks.append(Para(w.l("sar_nothing")))
    return section
