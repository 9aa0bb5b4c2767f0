"""The toolkit's settings: the ``extra.curriculum`` section of the catalogue's ``mkdocs.yml``.

Every setting has a default that works with none given. Thresholds whose source is uncertain
(see the format reference) are settings rather than rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

from . import diagnostics as d
from .diagnostics import Diagnostic
from .load import Loc, Map, Node, Scalar, Seq, load_file
from .messages import Phrase
from .model import KeyedBy, Lang, Text, doc
from .model import Node as ModelNode
from .schema import _dataclass

SeverityName = Literal["error", "warning", "info"]
Level = Literal["tvet", "bachelor", "master"]


@dataclass(frozen=True, kw_only=True)
class BaseCredits(ModelNode):
    base: str = doc("A term of the vocabulary `base-education` (`grade-9`, `grade-11`…).")
    credits: float = doc("Credits.", minimum=0)


@dataclass(frozen=True, kw_only=True)
class BaseYears(ModelNode):
    base: str = doc("A term of the vocabulary `base-education` (`grade-9`, `grade-11`…).")
    years: int = doc("Course years.", minimum=0, maximum=12)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings(ModelNode):
    """Settings under ``extra: curriculum:`` in ``mkdocs.yml``."""

    languages: tuple[Lang, ...] = doc("Languages the site publishes; the first is the default.", ("ru", "kk", "en"))
    site_name: Text | None = doc(
        "The site's name in each language (`{kk: …, ru: …, en: …}`), shown in every page's header; "
        "default: `site_name` of `mkdocs.yml` where it is set, else the toolkit's name for a site of dual programmes.",
        None,
    )
    required_languages: tuple[Lang, ...] | None = doc(
        "Languages every user-facing text must have (CUR601); default: all published languages.", None
    )
    fail_on: SeverityName = doc("Lowest severity that makes `check` exit 1.", "error")
    workplace_share: float = doc("Minimum workplace share (0–1) of the base below (CUR401).", 0.6, minimum=0, maximum=1)
    workplace_share_base: Literal["practical", "total"] = doc(
        "Base of the workplace share: `practical` — the industrial training and professional practice "
        "(`dual_share_kinds`) of the professional modules and practice (`dual_share_cycles`); `total` — all hours.",
        "practical",
    )
    workplace_share_levels: tuple[Literal["tvet", "bachelor", "master"], ...] = doc(
        "Education levels the workplace-share rule applies to (CUR401, CUR410): TVET by default — the dual "
        "training rules (Order No. 50 of 21 Jan 2016) concern TVET; no such rule is known for bachelor programmes.",
        ("tvet",),
    )
    workplace_share_bound: Literal["minimum", "maximum"] = doc(
        'Whether `workplace_share` is a minimum (CUR401; "not less than 60 %", Atameken and a 2022 college '
        'collection) or a maximum (CUR410; "up to 60 % of study time", Ministry, 2025). Sources differ: choose '
        "the one your rules use.",
        "minimum",
    )
    workplace_share_per_partner: bool = doc(
        "Apply the workplace-share rule to each partner too (CUR412, CUR413): the base hours a partner's training "
        "plan hosts over the programme's base — the share of a trainee placed there. Off by default: trainees "
        "who rotate between enterprises reach the share only together; turn it on where each trainee stays "
        "with one enterprise.",
        False,
    )
    max_weekly_hours: float = doc(
        "Most study hours a week in a semester (CUR510): the compulsory weekly study load of the TVET state "
        "standard (Order No. 348 of 3 Aug 2022), 36 h. Computed from the academic calendar: the hours of the "
        "kinds taught in theory weeks over the semester's theory weeks, those of practice over practice weeks.",
        36.0,
        minimum=1,
    )
    weekly_load_levels: tuple[Level, ...] = doc(
        "Education levels the weekly-load rule applies to (CUR510): TVET, whose state standard sets the 36 h; "
        "higher education measures its load in credits (CUR512, CUR513).",
        ("tvet",),
    )
    tvet_base_credits: Annotated[tuple[BaseCredits, ...], KeyedBy("base", "credits")] = doc(
        "Least credits of a TVET programme by the education it admits on (CUR511), as `BASE: CREDITS`; its hours "
        "are counted in credits of `tvet_hours_per_credit`. Default: 240 after grade 9 and 180 after grade 11, the "
        "volumes of the TVET state standard (Order No. 348 of 3 Aug 2022, annex 5, ch. 5) as colleges' programme "
        "documents quote them (second-hand [P]). A base not listed is not checked.",
        (BaseCredits(base="grade-9", credits=240.0), BaseCredits(base="grade-11", credits=180.0)),
    )
    he_semester_credits: float = doc(
        "Most credits in one semester of a higher-education programme (CUR512): 30, half of the academic "
        "year's 60 (higher-education state standard, Order No. 2 of 20 Jul 2022 [P]).",
        30.0,
        minimum=1,
    )
    he_year_credits: float = doc(
        "Most credits in one course year of a higher-education programme (CUR513): 60 (higher-education state "
        "standard, Order No. 2 of 20 Jul 2022 [P]); the years are the academic calendar's, else semesters paired.",
        60.0,
        minimum=1,
    )
    minor_weekly_hours: float = doc(
        "Most hours a week at the enterprise for trainees under 18 (CUR514): 36, the reduced working time the "
        "Labour Code of 23 Nov 2015 (art. 69 §1) sets for workers aged 16 to 18 (24 h from 14 to 16).",
        36.0,
        minimum=1,
    )
    minor_years: Annotated[tuple[BaseYears, ...], KeyedBy("base", "years")] = doc(
        "Course years in which trainees are taken to be under 18, by base education (CUR514), as `BASE: YEARS`: "
        "2 after grade 9 (entrants of 15–16), 1 after grade 11 (entrants of 17). An assumption about ages, not "
        "a rule [U]: set it for your cohort; 0 turns the rule off for that base.",
        (BaseYears(base="grade-9", years=2), BaseYears(base="grade-11", years=1)),
    )
    under16_weekly_hours: float = doc(
        "Most hours a week at the enterprise for trainees under 16 (CUR514): 24, the reduced working time the "
        "Labour Code of 23 Nov 2015 (art. 69 §1) sets for workers aged 14 to 16.",
        24.0,
        minimum=1,
    )
    under16_years: Annotated[tuple[BaseYears, ...], KeyedBy("base", "years")] = doc(
        "Course years in which trainees are taken to be under 16, by base education (CUR514), as `BASE: YEARS`: "
        "1 after grade 9 (entrants of 15). An assumption about ages, not a rule [U]: set it for your cohort; 0 "
        "turns the cap off for that base. Where a year is in both this and `minor_years`, the lower cap holds.",
        (BaseYears(base="grade-9", years=1),),
    )
    dual_share_kinds: tuple[str, ...] = doc(
        "Kinds of hours (vocabulary `hour-kinds`) whose share at the enterprise the dual rule measures (CUR401).",
        ("industrial-training", "practice-educational", "practice-industrial", "practice-prediploma"),
    )
    dual_share_cycles: tuple[str, ...] = doc(
        "Cycles (vocabulary `cycles`) whose hours the dual rule measures: the professional modules and practice.",
        ("pm", "practice"),
    )
    final_practice_kinds: tuple[str, ...] = doc(
        "Kinds of hours (vocabulary `hour-kinds`) that come last (CUR235): after the last semester with "
        "hours of one of them, only final attestation (`final_attestation_kinds`). Pre-diploma practice "
        "by default (TVET and HE state standards [P]); empty turns the rule off.",
        ("practice-prediploma",),
    )
    final_attestation_kinds: tuple[str, ...] = doc(
        "Kinds of hours of the final attestation: a programme must have hours of one (CUR236), and only they "
        "may follow the pre-diploma practice (CUR235).",
        ("final-attestation",),
    )
    demo_exam_levels: tuple[Literal["tvet", "bachelor", "master"], ...] = doc(
        "Education levels whose final attestation includes a demonstration exam (CUR237): the form of control "
        "`demo-exam` or an assessment of type `demonstration-exam` in a module with final-attestation hours. "
        "TVET by default — dual programmes end with a WorldSkills-format demonstration exam [P].",
        ("tvet",),
    )
    max_trainees_per_mentor: int = doc("Most trainees one mentor may supervise (CUR404).", 5, minimum=1)
    weight_tolerance: float = doc(
        "Allowed gap, in percentage points, between a WorldSkills section's weight and its share of hours (CUR306).",
        10.0,
        minimum=0,
    )
    he_hours_per_credit: float = doc("Hours per credit in higher education (Kazakhstan: 30).", 30.0, minimum=1)
    tvet_hours_per_credit: float | None = doc(
        "Hours per credit in TVET; leave empty to skip the check (the ratio is not confirmed nationally).", 24.0
    )
    he_min_discipline_credits: float = doc("Minimum credits of a higher-education discipline (CUR503).", 5.0)
    min_credits_bachelor: float = doc("Minimum credits of a bachelor programme (CUR504).", 240.0)
    min_credits_master: float = doc("Minimum credits of a master programme (CUR504).", 60.0)
    tvet_qualification_code: str = doc(
        "Regular expression for TVET qualification codes (CUR210).",
        r"^(?P<level>[1-8])(?P<kind>[WS])(?P<digits>\d{8})$",
    )
    he_code: str = doc(
        "Regular expression for higher-education codes (CUR210, CUR213).", r"^(?P<level>[6-8])(?P<kind>[BMD])\d{5}$"
    )
    results_dir: str = doc(
        "Folder of the results exports (CSV, XLSX) and their column mapping `mapping.yml`.", "results"
    )
    results_store: str = doc(
        "The results store (a DuckDB file derived from the exports; keep it out of git).", "results/results.duckdb"
    )
    privacy_k: int = doc(
        "Fewest people behind a published figure; smaller cells are suppressed. Below 5 is refused (CUR910).",
        5,
        minimum=1,
    )
    privacy_rounding: int | None = doc(
        "Round published counts (totals included) to this base, e.g. 5; empty: no rounding.", None, minimum=1
    )
    rating_threshold: float = doc(
        "Share of the rating scale (0–1) at or below which a workplace competency is rated low (CUR911).",
        0.5,
        minimum=0,
        maximum=1,
    )
    rating_periods: int = doc("Consecutive low-rated periods that make a finding (CUR911).", 2, minimum=1)
    section_pass_rate: float = doc(
        "Lowest share (0–1) of candidates passing a demonstration-exam section (CUR912).", 0.6, minimum=0, maximum=1
    )
    section_pass_score: float = doc(
        "Score (0–100, % of the section's marks) at which a candidate passes a section.", 50.0, minimum=0, maximum=100
    )
    declared_tolerance: float = doc(
        "Largest gap between a declared figure and the one computed from data for the same indicator, place and "
        "year before it is reported (CUR919): for a share in points of the share (0.05 = 5 percentage points), "
        "for a count as a fraction of the computed count.",
        0.05,
        minimum=0,
    )
    agreement_expiry_months: int = doc("Months ahead in which an ending agreement is reported (CUR913).", 6, minimum=0)
    max_text_chars: int = doc(
        "Longest text (a title, a description, any value) the toolkit accepts, in characters; a longer "
        "one is reported (CUR014) and only its first `max_text_chars` characters are used.",
        20_000,
        minimum=1,
    )
    tvet_specialty_prefix: int = doc(
        "How many leading digits a TVET qualification code shares with its specialty code.", 6, minimum=0, maximum=8
    )
    pseudonymise_staff: bool = doc(
        "Show teaching staff and mentors on the site and in the SAR by role and number instead of by name.", False
    )
    sar_lead_days: int = doc(
        "Days before the panel's visit that the self-assessment report is due (CUR764).", 45, minimum=0
    )
    sar_warn_days: int = doc(
        "Days before the SAR due date from which it is reported as due soon (CUR764).", 30, minimum=0
    )


DEFAULTS = Settings()
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``extra.curriculum`` from the repo's ``mkdocs.yml``.

    Nothing is reset in silence: a missing file is a warning (CUR012), an empty or unreadable one
    is reported as such, and an invalid setting is reported (CUR011) while every valid setting
    beside it is kept (only the invalid one takes its default)."""
    config = find_config(root)
    if config is None:
        return DEFAULTS, [_no_config()] if _has_data(root) else []
    node, diags = load_file(config, config.name, any_tag=True)
    if node is None:
        return DEFAULTS, diags
    if not isinstance(node, Map):
        shape = Phrase("actual.list" if isinstance(node, Seq) else "actual.single")
        return DEFAULTS, [
            *diags,
            d.make(d.BAD_SETTINGS, node.loc, variant="not-mapping", file=config.name, shape=shape),
        ]
    section: Node | None = node.get("extra")
    path = "extra"
    if isinstance(section, Map):
        section, path = section.get("curriculum"), "extra.curriculum"
    if section is None or (isinstance(section, Scalar) and section.tag == "null"):
        return DEFAULTS, diags
    if not isinstance(section, Map):
        shape = Phrase("actual.list" if isinstance(section, Seq) else "actual.single")
        return DEFAULTS, [
            *diags,
            d.make(d.BAD_SETTINGS, section.loc.at(path), variant="section", path=path, shape=shape),
        ]
    problems: list[Diagnostic] = []
    value = _dataclass(Settings)(section, "extra.curriculum", problems)
    if not isinstance(value, Settings):  # pragma: no cover - a mapping always converts
        value = DEFAULTS
    value, more = _semantics(value)
    problems += more
    diags += [x if x.code == d.BAD_SETTINGS else _setting(x) for x in problems]
    return value, diags


def _has_data(root: Path) -> bool:
    return any((root / name).is_dir() for name in ("competencies", "programmes"))


def _no_config() -> Diagnostic:
    share = f"{100 * DEFAULTS.workplace_share:g}"
    return d.make(d.NO_CONFIG, Loc(CONFIG_NAMES[0], 1, 1), languages=", ".join(DEFAULTS.languages), share=share)


def _setting(x: Diagnostic) -> Diagnostic:
    """A schema finding inside the settings, reported as CUR011 (the settings are unusable)."""
    where = Loc(x.file, x.line, x.column, x.path)
    return d.make(d.BAD_SETTINGS, where, problem=d.part(x, "message"), fix=d.part(x, "hint"))


def _semantics(s: Settings) -> tuple[Settings, list[Diagnostic]]:
    """What the types alone do not catch: patterns that do not compile, no or repeated languages.
    Each such setting takes its default; the others stay."""
    out = []
    reset: dict[str, object] = {}
    for name in ("tvet_qualification_code", "he_code"):
        try:
            re.compile(getattr(s, name))
        except re.error as exc:
            out.append(d.make(d.BAD_SETTINGS, s.at(name), variant="pattern", name=name, error=str(exc)))
            reset[name] = getattr(DEFAULTS, name)
    if not s.languages or len(set(s.languages)) != len(s.languages):
        out.append(d.make(d.BAD_SETTINGS, s.at("languages"), variant="languages"))
        reset["languages"] = DEFAULTS.languages
    if reset:
        s = replace(s, **reset, invalid=s.invalid | frozenset(reset))  # type: ignore[arg-type]
    return s, out
