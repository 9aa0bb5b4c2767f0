"""The one finding type every stage produces, and the register of stable codes.

A code, once published, keeps its meaning. Codes are grouped by stage:

* ``CUR0xx`` reading files (YAML syntax, encoding, alias bombs, nesting)
* ``CUR1xx`` schema (types, unknown and missing fields, YAML 1.1 coercions)
* ``CUR2xx`` references and structure (unknown ids, duplicates, cycles, codes)
* ``CUR3xx`` coverage of required competencies
* ``CUR4xx`` dual-training rules (partners, agreements, mentors, workplace share)
* ``CUR5xx`` hours and credits
* ``CUR6xx`` languages
* ``CUR7xx`` waivers and accreditation
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``>=`` compares with the failing severity."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str) -> str:
    RULES[code] = Rule(code, severity, title)
    return code


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- reading files ---------------------------------------------------------------------------
YAML_SYNTAX = rule("CUR001", E, "invalid YAML")
EMPTY_FILE = rule("CUR002", E, "empty file")
NOT_UTF8 = rule("CUR003", E, "file is not UTF-8 text")
DUPLICATE_KEY = rule("CUR004", E, "duplicate mapping key")
ALIAS_BOMB = rule("CUR005", E, "excessive alias expansion")
TOO_DEEP = rule("CUR006", E, "nesting too deep")
UNREADABLE = rule("CUR007", E, "file cannot be read")
MULTI_DOC = rule("CUR008", E, "more than one YAML document in a file")
UNKNOWN_TAG = rule("CUR009", E, "unsupported YAML tag")
NO_CATALOGUE = rule("CUR010", E, "no catalogue found")
BAD_SETTINGS = rule("CUR011", E, "invalid toolkit settings")
# -- schema ----------------------------------------------------------------------------------
WRONG_TYPE = rule("CUR101", E, "wrong type")
UNKNOWN_FIELD = rule("CUR102", E, "unknown field")
MISSING_FIELD = rule("CUR103", E, "required field missing")
COERCED_SCALAR = rule("CUR104", E, "YAML 1.1 reads this id or code as a non-string")
BAD_VALUE = rule("CUR105", E, "value not allowed")
UNKNOWN_KIND = rule("CUR106", E, "unknown or missing document kind")
BAD_DATE = rule("CUR107", E, "invalid date")
# -- references and structure -----------------------------------------------------------------
UNKNOWN_FRAMEWORK = rule("CUR201", E, "unknown framework")
UNKNOWN_ITEM = rule("CUR202", E, "unknown competency item")
UNKNOWN_MODULE = rule("CUR203", E, "unknown module")
UNKNOWN_ASSESSMENT = rule("CUR204", E, "unknown assessment")
# CUR205 is reserved (unknown partner): no field refers to a partner by id yet.
UNKNOWN_QUALIFICATION = rule("CUR206", E, "unknown qualification")
DUPLICATE_ID = rule("CUR207", E, "duplicate id")
PREREQ_CYCLE = rule("CUR208", E, "prerequisite cycle")
PREREQ_ORDER = rule("CUR209", E, "prerequisite not scheduled before its dependant")
BAD_QUAL_CODE = rule("CUR210", E, "qualification code does not match the code format")
UNKNOWN_OUTCOME = rule("CUR211", E, "unknown learning outcome")
WEIGHTS_SUM = rule("CUR212", E, "WorldSkills section weights do not sum to 100")
BAD_PROGRAMME_CODE = rule("CUR213", E, "programme code does not match the code format")
DATE_ORDER = rule("CUR214", E, "end date before start date")
SEMESTER_BEYOND = rule("CUR215", E, "module scheduled after the programme's last semester")
UNKNOWN_TERM = rule("CUR216", E, "unknown vocabulary term")
REPLACED_TERM = rule("CUR217", W, "vocabulary term replaced in the current edition")
# -- coverage ---------------------------------------------------------------------------------
NOT_COVERED = rule("CUR301", E, "required competency not covered")
NOT_ASSESSED = rule("CUR302", E, "required competency never assessed")
NOT_AT_WORKPLACE = rule("CUR303", E, "required competency never practised at the workplace")
BELOW_LEVEL = rule("CUR304", E, "required competency never reaches the required level")
LEVEL_ORDER = rule("CUR305", W, "competency levels out of order across semesters")
WEIGHT_MISMATCH = rule("CUR306", W, "WorldSkills weighting not reflected in hours")
OUTCOME_COVERS_NOTHING = rule("CUR307", W, "learning outcome covers no competency")
REQUIREMENT_SET_IGNORED = rule("CUR308", E, "partner requirement set ignored by the programme")
# -- dual training ----------------------------------------------------------------------------
WORKPLACE_SHARE = rule("CUR401", E, "workplace share of practical training below the threshold")
AGREEMENT_DATES = rule("CUR402", E, "partner agreement does not cover the programme's run")
NO_MENTOR = rule("CUR403", E, "partner has no mentor")
MENTOR_RATIO = rule("CUR404", W, "too many trainees per mentor")
PLACES_SHORT = rule("CUR405", E, "partner places do not add up to the cohort")
PLAN_HOURS = rule("CUR406", E, "training plan hours do not match the workplace hours hosted")
OUTCOME_NOT_IN_PLAN = rule("CUR407", E, "workplace outcome in no partner's training plan")
NO_PARTNER = rule("CUR408", E, "dual programme without a partner enterprise")
# -- hours and credits ------------------------------------------------------------------------
HOURS_TOTAL = rule("CUR501", E, "module hours do not add up to the declared total")
CREDIT_RATIO = rule("CUR502", E, "credits do not match hours")
DISCIPLINE_CREDITS = rule("CUR503", E, "higher-education discipline below the minimum credits")
PROGRAMME_CREDITS = rule("CUR504", E, "programme below the minimum credits for its level")
# -- languages --------------------------------------------------------------------------------
MISSING_TRANSLATION = rule("CUR601", W, "text missing in a published language")
# -- waivers and accreditation ----------------------------------------------------------------
WAIVER_NO_REASON = rule("CUR701", E, "waiver without justification")
WAIVER_STALE = rule("CUR702", W, "waiver for a competency that is covered")
RECOMMENDATION_OPEN = rule("CUR703", I, "open accreditation recommendation")
WAIVER_UNUSED = rule("CUR704", W, "waiver matches no requirement")


# Findings that mean a file could not be used at all: commands exit 2 ("unreadable input") on them.
UNREADABLE_INPUT = frozenset(
    {
        YAML_SYNTAX,
        EMPTY_FILE,
        NOT_UTF8,
        ALIAS_BOMB,
        TOO_DEEP,
        UNREADABLE,
        MULTI_DOC,
        UNKNOWN_TAG,
        NO_CATALOGUE,
        BAD_SETTINGS,
    }
)


def unreadable(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The findings among ``diagnostics`` that make the input unusable."""
    return [x for x in diagnostics if x.code in UNREADABLE_INPUT]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where, what, how to fix it."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    path: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    programme: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        return RULES[self.code].title if self.code in RULES else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "title": self.title,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "programme": self.programme,
        }


def make(
    code: str,
    where: Any,
    message: str,
    hint: str = "",
    *,
    programme: str = "",
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic at ``where`` (anything with ``file``, ``line``, ``column``)."""
    return Diagnostic(
        file=where.file,
        line=where.line,
        column=where.column,
        code=code,
        message=message,
        hint=hint,
        path=getattr(where, "path", ""),
        severity=severity if severity is not None else RULES[code].severity,
        programme=programme,
    )
