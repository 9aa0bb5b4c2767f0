"""Planned vs achieved, indicators and findings — from the privacy-safe tables only.

The store gives counts of people per *atom* (the finest breakdown, never published); each family of
tables that count the same people goes through :func:`privacy.publish` once, so suppression holds
across all its tables (programme ⊂ college ⊂ region; sector; partner; year). Everything rendered or
reported comes from :class:`Results`.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from . import privacy, store
from .privacy import Family, Published, View

LEVELS = ("programme", "college", "region")


@dataclass
class Results:
    k: int
    rounding: int | None
    tables: dict[str, Published] = field(default_factory=dict)
    network: list[dict[str, Any]] = field(default_factory=list)  # the agreements register (organisations)
    declared: list[Any] = field(default_factory=list)  # declared figures (:class:`.declared.Figure`), beside these
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _key(text: Any) -> str:
    values = getattr(text, "values", None) or {}
    return str(values.get("en") or next(iter(values.values()), "")) if values else str(text or "")


class Places:
    """Where each programme and partner stands: college, region (KATO code) and sector."""

    def __init__(self, catalogue: Any, network: list[dict[str, Any]]) -> None:
        regions = catalogue.terms.get("regions", {})
        self.codes = set(regions)
        self.by_title = {v.casefold(): code for code, t in regions.items() for v in t.title.values.values()}
        self.college = {pid: _key(p.provider.name) for pid, p in catalogue.programmes.items()}
        self.region = {pid: self.code(p.provider.region) for pid, p in catalogue.programmes.items()}
        self.sector: dict[tuple[str, str], str] = {}
        for a in network:
            if a["programme"] and a["partner"]:
                self.sector.setdefault((a["programme"], a["partner"]), a["sector"])

    def code(self, region: Any) -> str:
        """The KATO code of a region: the code itself when it is one, else the region whose name (in any
        language, any case) it is; the text itself when neither matches."""
        values = [str(v).strip() for v in getattr(region, "values", {}).values()]
        found = next((v for v in values if v in self.codes), None)
        if found is None:
            found = next((self.by_title[v.casefold()] for v in values if v.casefold() in self.by_title), None)
        return found if found is not None else _key(region)

    def attrs(self, programme: str, **more: str) -> dict[str, str]:
        return {
            "programme": programme,
            "college": self.college.get(programme, programme),
            "region": self.region.get(programme, ""),
            "all": "all",
            **more,
        }


def _views(prefix: str, tails: list[tuple[str, ...]], levels: tuple[str, ...] = LEVELS) -> tuple[View, ...]:
    out = []
    for level in (*levels, ""):
        for tail in tails:
            dims = ((level,) if level else ()) + tail
            out.append(View(f"{prefix}-by-{level or 'all'}{'-' + '-'.join(tail[1:]) if len(tail) > 1 else ''}", dims))
    return tuple(out)


def families(catalogue: Any, con: Any, places: Places) -> list[Family]:
    s = catalogue.settings
    out = []
    a: tuple[str, ...]
    atoms: dict[tuple[str, ...], int] = {}
    attrs: dict[tuple[str, ...], dict[str, str]] = {}
    for programme, partner, year, n in store.placements(con):
        a = (programme, partner, year)
        atoms[a] = n
        sector = places.sector.get((programme, partner), "")
        attrs[a] = places.attrs(programme, partner=f"{programme}/{partner}", sector=sector, year=year)
    views = (
        *_views("trainees", [("year",)]),
        View("trainees-by-sector", ("sector", "year")),
        View("trainees-by-partner", ("partner", "year")),
    )
    out.append(Family("trainees", ("programme", "partner", "year"), atoms, attrs, views))
    sums: dict[tuple[str, ...], float] = {}
    atoms, attrs = {}, {}
    for programme, competency, period, n, total in store.ratings(con):
        a = (programme, competency, period)
        atoms[a], sums[a] = n, float(total or 0.0)
        attrs[a] = {"programme": programme, "competency": competency, "period": period}
    out.append(
        Family(
            "ratings",
            ("programme", "competency", "period"),
            atoms,
            attrs,
            (View("ratings", ("programme", "competency", "period")),),
            sums,
            counts_public=False,
        )
    )
    atoms, attrs, sums = {}, {}, {}
    for programme, partner, period, n, total in store.partner_ratings(con):
        a = (programme, partner, period)
        atoms[a], sums[a] = n, float(total or 0.0)
        attrs[a] = {"partner": f"{programme}/{partner}", "period": period}
    out.append(
        Family(
            "partner-ratings",
            ("programme", "partner", "period"),
            atoms,
            attrs,
            (View("partner-ratings", ("partner", "period")),),
            sums,
            counts_public=False,
        )
    )
    atoms, attrs = {}, {}
    for programme, year, passed, passport, n in store.exams(con):
        a = (programme, year, _yn(passed), _yn(passport))
        atoms[a] = n
        attrs[a] = places.attrs(programme, year=year, passed=_yn(passed), passport=_yn(passport))
    tails = [("year",), ("year", "passed"), ("year", "passport")]
    out.append(Family("exams", ("programme", "year", "passed", "passport"), atoms, attrs, _views("exams", tails)))
    atoms, attrs = {}, {}
    for programme, standard, section, year, passed, n in store.sections(con, s.section_pass_score):
        a = (programme, standard, section, year, _yn(passed))
        atoms[a] = n
        attrs[a] = {
            "programme": programme,
            "standard": standard,
            "section": section,
            "year": year,
            "passed": _yn(passed),
        }
    dims = ("programme", "standard", "section", "year")
    out.append(
        Family(
            "sections",
            (*dims, "passed"),
            atoms,
            attrs,
            (View("sections", dims), View("sections-passed", (*dims, "passed"))),
        )
    )
    atoms, attrs = {}, {}
    for programme, cohort, months, status, at_partner, in_specialty, n in store.employment(con):
        a = (programme, cohort, months, status, _yn(at_partner), _yn(in_specialty))
        atoms[a] = n
        attrs[a] = places.attrs(programme, cohort=cohort, months=months, employed=_yn(status == "employed"))
    tails = [("cohort", "months"), ("cohort", "months", "employed")]
    out.append(
        Family(
            "employment",
            ("programme", "cohort", "months", "status", "at_partner", "in_specialty"),
            atoms,
            attrs,
            _views("employment", tails),
        )
    )
    atoms, attrs = {}, {}
    for programme, partner, status, n in store.completion(con):
        a = (programme, partner, status)
        atoms[a] = n
        sector = places.sector.get((programme, partner), "")
        attrs[a] = places.attrs(programme, partner=f"{programme}/{partner}", sector=sector, status=status)
    out.append(
        Family(
            "completion",
            ("programme", "partner", "status"),
            atoms,
            attrs,
            (
                View("completion-by-partner", ("partner",)),
                View("completion-by-partner-status", ("partner", "status")),
                View("completion-by-programme", ("programme",)),
                View("completion-by-programme-status", ("programme", "status")),
                View("completion-by-sector", ("sector",)),
                View("completion-by-sector-status", ("sector", "status")),
                View("completion-by-all-status", ("all", "status")),
            ),
        )
    )
    atoms, attrs = {}, {}
    for programme, year, intake, dual in store.enrolment(con):
        for flag, n in (("yes", dual), ("no", max(intake - dual, 0))):
            a = (programme, year, flag)
            atoms[a] = n
            attrs[a] = places.attrs(programme, year=year, dual=flag)
    out.append(
        Family(
            "enrolment", ("programme", "year", "dual"), atoms, attrs, _views("enrolment", [("year",), ("year", "dual")])
        )
    )
    return out


def _yn(value: Any) -> str:
    return "yes" if value else "no"


def analyse(catalogue: Any, target: Path, cache: Any = None) -> Results:
    """The published tables, the network and the findings of the store at ``target``.

    ``cache``, a check's cache (:class:`curriculum.cache.Store`), keeps the tables and the network (the
    privacy suppression is most of the work) under the hash of the store's bytes and of what else they
    are made from (:func:`inputs`): a re-check with the same exports reads them from there, and only the
    findings, which read the programmes, are made again."""
    s = catalogue.settings
    out = Results(privacy.k_of(s), s.privacy_rounding)
    name = None
    if cache is not None and cache.enabled:
        name = cache.name("results", store.file_hash(target), inputs(catalogue), kind="a")
        found = cache.get(name)
        if isinstance(found, Results) and (found.k, found.rounding) == (out.k, out.rounding):
            out.tables, out.network = found.tables, found.network
            out.diagnostics += findings(catalogue, out)
            return out
    with store.connect(target, read_only=True) as con:
        cols = (
            "bin",
            "enterprise",
            "sector",
            "region",
            "college",
            "programme",
            "partner",
            "number",
            "start",
            "end",
            "source",
            "row",
        )
        out.network = [dict(zip(cols, row, strict=True)) for row in store.agreements(con)]
        places = Places(catalogue, out.network)
        for family in families(catalogue, con, places):
            out.tables[family.name] = privacy.publish(family, out.k, out.rounding)
    if name is not None:
        cache.put(name, Results(out.k, out.rounding, out.tables, out.network))
    out.diagnostics += findings(catalogue, out)
    return out


def inputs(catalogue: Any) -> str:
    """What the published tables are made from besides the store: the threshold and the rounding, the
    pass score of a section, and each programme's college and region."""
    s = catalogue.settings
    places = Places(catalogue, [])
    return json.dumps(
        [
            privacy.k_of(s),
            s.privacy_rounding,
            s.section_pass_score,
            sorted(places.college.items()),
            sorted(places.region.items()),
        ],
        ensure_ascii=False,
        default=str,
    )


def findings(catalogue: Any, results: Results) -> list[Diagnostic]:
    """The findings about the published results: ratings low, exam sections failing, agreements expiring."""
    return rated_low(catalogue, results) + sections_failing(catalogue, results) + expiring(catalogue, results)


def workplace_competencies(programme: Any) -> dict[str, Loc]:
    """The competencies a programme plans at the workplace, with where the plan says so."""
    out: dict[str, Loc] = {}
    for m in programme.modules:
        for o in m.outcomes:
            if o.venue in ("workplace", "both"):
                for c in o.covers:
                    out.setdefault(c.competency, c.loc if c.loc.line else o.loc)
    return out


def rated_low(catalogue: Any, results: Results) -> list[Diagnostic]:
    s = catalogue.settings
    table = results.tables["ratings"].table("ratings")
    out = []
    for pid, programme in sorted(catalogue.programmes.items()):
        planned = workplace_competencies(programme)
        periods = sorted({key[2] for key in table if key[0] == pid})
        for competency, where in sorted(planned.items()):
            run: list[str] = []
            for period in periods:
                cell = table.get((pid, competency, period))
                low = cell is not None and cell.mean is not None and cell.mean <= s.rating_threshold
                run = [*run, period] if low else []
                if len(run) == s.rating_periods:
                    out.append(
                        d.make(
                            d.RATED_LOW,
                            where,
                            competency=competency,
                            score=s.rating_threshold,
                            periods=s.rating_periods,
                            last=period,
                        )
                    )
                    break
    return out


def sections_failing(catalogue: Any, results: Results) -> list[Diagnostic]:
    s = catalogue.settings
    pub = results.tables["sections"]
    totals, passed = pub.table("sections"), pub.table("sections-passed")
    out = []
    for key, cell in sorted(totals.items()):
        ok = passed.get((*key, "yes"))
        if not cell.count or ok is None or ok.count is None:
            continue
        rate = ok.count / cell.count
        programme = catalogue.programmes.get(key[0])
        if rate < s.section_pass_rate and programme is not None:
            where = _exam(programme, key[1])
            out.append(
                d.make(
                    d.SECTION_FAILING,
                    where,
                    section=key[2],
                    standard=key[1],
                    rate=rate,
                    threshold=s.section_pass_rate,
                    year=key[3],
                )
            )
    return out


def _exam(programme: Any, standard: str) -> Loc:
    for m in programme.modules:
        for a in m.assessments:
            if a.standard == standard:
                return a.at("standard")
    return programme.loc


def expiring(catalogue: Any, results: Results) -> list[Diagnostic]:
    months = catalogue.settings.agreement_expiry_months
    today = clock.today()
    horizon = _add_months(today, months)
    out = []
    for a in results.network:
        end = a["end"]
        if isinstance(end, datetime.date) and today <= end <= horizon:
            out.append(
                d.make(
                    d.AGREEMENT_EXPIRING,
                    Loc(a["source"], int(a["row"]), 1),
                    number=a["number"],
                    college=a["college"],
                    bin=a["bin"],
                    end=end.isoformat(),
                    months=months,
                )
            )
    return out


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    return day  # pragma: no cover


# -- indicators: the articles' figures, computed from the published cells only ------------------------

INDICATORS = (
    "trainees",
    "intake",
    "dual",
    "dual_share",
    "exams",
    "passed",
    "passports",
    "graduates",
    "employed",
    "employment_rate",
)


def _get(pub: Published, table: str, key: tuple[str, ...]) -> int | None:
    cell = pub.table(table).get(key)
    return None if cell is None else cell.count


def _share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def indicators(results: Results, level: str) -> dict[tuple[str, str], dict[str, float | None]]:
    """Per (``level`` value, year): the indicators computed from data (None where a cell is suppressed).

    ``level`` is programme, college, region or all. Employment counts graduates 12 months after the
    cohort's graduation year."""
    t = results.tables
    out: dict[tuple[str, str], dict[str, float | None]] = {}
    suffix = level

    def keys(pub: Published, table: str, year_at: int) -> set[tuple[str, str]]:
        return {("all" if level == "all" else c.key[0], c.key[year_at]) for c in pub.cells.get(table, [])}

    found = (
        keys(t["trainees"], f"trainees-by-{suffix}", -1)
        | keys(t["enrolment"], f"enrolment-by-{suffix}", -1)
        | keys(t["exams"], f"exams-by-{suffix}", -1)
    )
    grads = keys(t["employment"], f"employment-by-{suffix}-months", -2)
    for name, year in sorted(found | grads):
        k = () if level == "all" else (name,)
        row: dict[str, float | None] = {}
        row["trainees"] = _get(t["trainees"], f"trainees-by-{suffix}", (*k, year))
        row["intake"] = _get(t["enrolment"], f"enrolment-by-{suffix}", (*k, year))
        row["dual"] = _get(t["enrolment"], f"enrolment-by-{suffix}-dual", (*k, year, "yes"))
        row["dual_share"] = _share(row["dual"], row["intake"])  # type: ignore[arg-type]
        row["exams"] = _get(t["exams"], f"exams-by-{suffix}", (*k, year))
        row["passed"] = _get(t["exams"], f"exams-by-{suffix}-passed", (*k, year, "yes"))
        row["passports"] = _get(t["exams"], f"exams-by-{suffix}-passport", (*k, year, "yes"))
        row["graduates"] = _get(t["employment"], f"employment-by-{suffix}-months", (*k, year, "12"))
        row["employed"] = _get(t["employment"], f"employment-by-{suffix}-months-employed", (*k, year, "12", "yes"))
        row["employment_rate"] = _share(row["employed"], row["graduates"])  # type: ignore[arg-type]
        out[(name, year)] = row
    return out


def network(results: Results, by: str) -> dict[str, dict[str, int]]:
    """Enterprises (distinct BIN) and agreements per region or sector (organisations: no threshold)."""
    out: dict[str, dict[str, Any]] = {}
    for a in results.network:
        entry = out.setdefault(a[by] or "", {"enterprises": set(), "agreements": 0, "colleges": set()})
        entry["enterprises"].add(a["bin"])
        entry["colleges"].add(a["college"])
        entry["agreements"] += 1
    return {
        k: {"enterprises": len(v["enterprises"]), "colleges": len(v["colleges"]), "agreements": v["agreements"]}
        for k, v in sorted(out.items())
    }


def organisations(results: Results, level: str, name: str, year: str) -> dict[str, int]:
    """Enterprises (distinct BIN), colleges and agreements of the register in force during ``year``, of one
    programme, college or region (the enterprise's), or of all (``level`` all)."""
    field_of = {"programme": "programme", "college": "college", "region": "region"}.get(level)
    y = int(year)
    found = [
        a
        for a in results.network
        if (field_of is None or a[field_of] == name)
        and isinstance(a["start"], datetime.date)
        and isinstance(a["end"], datetime.date)
        and a["start"].year <= y <= a["end"].year
    ]
    return {
        "enterprises": len({a["bin"] for a in found}),
        "colleges": len({a["college"] for a in found}),
        "agreements": len(found),
    }
