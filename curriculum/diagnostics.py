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
* ``CUR8xx`` co-requisites, and exchange with outside formats (CASE, ESCO, Europass, CurricularAnalytics)
* ``CUR9xx`` results: imported exports, the store, privacy, planned vs achieved
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import messages


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
NO_CONFIG = rule("CUR012", W, "no mkdocs.yml: every setting takes its default")
BAD_ID = rule("CUR013", E, "unusable id")
TEXT_TOO_LONG = rule("CUR014", E, "text longer than max_text_chars")
INVISIBLE_TEXT = rule("CUR015", W, "control or invisible character in a text")
# -- schema ----------------------------------------------------------------------------------
WRONG_TYPE = rule("CUR101", E, "wrong type")
UNKNOWN_FIELD = rule("CUR102", E, "unknown field")
MISSING_FIELD = rule("CUR103", E, "required field missing")
COERCED_SCALAR = rule("CUR104", E, "YAML 1.1 reads this id or code as a non-string")
BAD_VALUE = rule("CUR105", E, "value not allowed")
UNKNOWN_KIND = rule("CUR106", E, "unknown or missing document kind")
BAD_DATE = rule("CUR107", E, "invalid date")
FORMAT_OLD = rule("CUR120", I, "file in an older format, migrated in memory")
FORMAT_UNKNOWN = rule("CUR121", E, "file format this toolkit cannot read")
REGION_TEXT = rule("CUR122", W, "region text names no region of the vocabulary")
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
CASE_COLLISION = rule("CUR218", W, "ids that differ only in letter case")
REQUIRES_NOTHING = rule("CUR219", E, "programme requires no competency")
PLACEHOLDER = rule("CUR220", E, "placeholder value left in a programme")
WORKPLACE_KIND = rule("CUR230", E, "hours at the workplace not among the semester's hours of that kind")
ELECTIVE_GROUP = rule("CUR231", E, "elective group that leaves nothing to choose")
QUALIFICATION_SPECIALTY = rule("CUR232", E, "TVET qualification not of the programme's specialty")
PROGRAMME_GROUP = rule("CUR233", E, "higher-education programme code not in its qualification's group")
PRACTICE_MISSING = rule("CUR234", W, "required kind of practice missing")
PRACTICE_NOT_LAST = rule("CUR235", E, "hours after the pre-diploma practice")
NO_FINAL_ATTESTATION = rule("CUR236", E, "programme without a final attestation")
NO_DEMO_EXAM = rule("CUR237", W, "final attestation without a demonstration exam")
NO_CONTROL = rule("CUR238", E, "hours without a form of control")
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
WORKPLACE_SHARE_ABOVE = rule("CUR410", E, "workplace share of practical training above the maximum")
PARTNER_NO_HOURS = rule("CUR411", W, "partner hosts no hours at the workplace")
PARTNER_SHARE = rule("CUR412", E, "workplace share at a partner below the threshold")
PARTNER_SHARE_ABOVE = rule("CUR413", E, "workplace share at a partner above the maximum")
PLAN_SEMESTER = rule("CUR414", E, "training-plan entry in a semester its module does not run in")
# -- hours and credits ------------------------------------------------------------------------
HOURS_TOTAL = rule("CUR501", E, "module hours do not add up to the declared total")
CREDIT_RATIO = rule("CUR502", E, "credits do not match hours")
DISCIPLINE_CREDITS = rule("CUR503", E, "higher-education discipline below the minimum credits")
PROGRAMME_CREDITS = rule("CUR504", E, "programme below the minimum credits for its level")
WEEKLY_LOAD = rule("CUR510", E, "weekly load of a semester above the limit")
BASE_TOTAL = rule("CUR511", E, "TVET programme below the credits of its base education")
SEMESTER_CREDITS = rule("CUR512", E, "credits of a higher-education semester above the limit")
YEAR_CREDITS = rule("CUR513", E, "credits of a higher-education course year above the limit")
MINOR_HOURS = rule("CUR514", E, "hours at the enterprise above the cap for trainees under 18")
# -- the working curriculum read back from a workbook (CUR540–CUR549) ---------------------------
XLSX_LAYOUT = rule("CUR540", E, "workbook of another layout")
XLSX_TOTAL = rule("CUR541", W, "typed total disagrees with the hours")
XLSX_CELL = rule("CUR542", E, "cell value not usable")
XLSX_MODULE_MISSING = rule("CUR543", W, "module of the programme missing from the workbook")
XLSX_NEW_PROGRAMME = rule("CUR544", W, "new programme lacks what a workbook does not hold")
# -- languages --------------------------------------------------------------------------------
MISSING_TRANSLATION = rule("CUR601", W, "text missing in a published language")
# -- waivers and accreditation ----------------------------------------------------------------
WAIVER_NO_REASON = rule("CUR701", E, "waiver without justification")
WAIVER_STALE = rule("CUR702", W, "waiver for a competency that is covered")
RECOMMENDATION_OPEN = rule("CUR703", I, "open accreditation recommendation")
WAIVER_UNUSED = rule("CUR704", W, "waiver matches no requirement")
# -- accreditation standards, follow-up, people and resources, self-assessment report (CUR75x–CUR79x)
UNKNOWN_STANDARD = rule("CUR750", E, "unknown accreditation standard")
UNKNOWN_CRITERION = rule("CUR751", E, "unknown criterion")
CONDITION_OVERDUE = rule("CUR752", E, "accreditation condition overdue")
RECOMMENDATION_OVERDUE = rule("CUR753", W, "accreditation recommendation overdue")
CLOSED_AGAINST_DATA = rule("CUR754", E, "follow-up closed against the data")
UNKNOWN_FOLLOW_UP = rule("CUR755", E, "follow-up linked to nothing")
CLOSED_WITHOUT_EVIDENCE = rule("CUR756", W, "follow-up closed without evidence")
UNKNOWN_PARTNER = rule("CUR757", E, "unknown partner")
EXAM_VENUE = rule("CUR758", E, "demonstration exam at a centre not accredited for its skill")
CERTIFICATE_EXPIRES = rule("CUR759", W, "mentor's training certificate expires during the appointment")
NO_EVIDENCE = rule("CUR760", W, "criterion without evidence or narrative")
NARRATIVE_LANGUAGE = rule("CUR761", W, "narrative missing in a language of the report")
ATTACHMENT_MISSING = rule("CUR762", E, "attachment missing")
ATTACHMENT_CHANGED = rule("CUR763", E, "attachment changed")
SAR_DUE_SOON = rule("CUR764", W, "self-assessment report due soon")
SAR_OVERDUE = rule("CUR765", E, "self-assessment report overdue")
# -- co-requisites and exchange formats -------------------------------------------------------
COREQ_ORDER = rule("CUR801", E, "co-requisite scheduled after its dependant")
STRICT_COREQ = rule("CUR802", E, "strict co-requisite not in the same semester")
REQUISITE_CYCLE = rule("CUR803", E, "requisite cycle through a co-requisite")
CASE_UNREADABLE = rule("CUR810", E, "CASE package cannot be read")
CASE_REQUIRED = rule("CUR811", W, "CASE object without a required field")
CASE_UUID = rule("CUR812", W, "CASE identifier not a UUID in canonical form")
CASE_URI = rule("CUR813", W, "CASE URI not absolute")
CASE_ASSOCIATION_TYPE = rule("CUR814", W, "CASE association type not in the vocabulary")
CASE_DATE = rule("CUR815", W, "CASE date or date-time not in ISO 8601 form")
CASE_JSON_TYPE = rule("CUR816", W, "CASE field of the wrong JSON type")
CASE_DANGLING = rule("CUR817", W, "CASE hierarchy association not usable")
CASE_ORPHAN = rule("CUR818", W, "CASE item outside the hierarchy")
CASE_CODE_UNUSABLE = rule("CUR819", I, "CASE humanCodingScheme not usable as the item id")
ESCO_UNKNOWN = rule("CUR830", E, "unknown ESCO URI")
ESCO_REPLACED = rule("CUR831", W, "ESCO concept gone or replaced")
ESCO_NOT_RECORDED = rule("CUR832", I, "ESCO URIs but no ESCO release recorded")
ESCO_RELEASE_UNREADABLE = rule("CUR833", E, "ESCO release cannot be read")
ANALYTICS_UNREADABLE = rule("CUR850", E, "CurricularAnalytics CSV cannot be read")
ANALYTICS_ROW = rule("CUR851", W, "CurricularAnalytics course row not usable")
ANALYTICS_REQUISITE = rule("CUR852", W, "CurricularAnalytics requisite names no course")
# -- results ----------------------------------------------------------------------------------
RESULTS_UNREADABLE = rule("CUR901", E, "results export cannot be read")
RESULTS_MISSING_COLUMN = rule("CUR902", E, "required column missing from a results export")
RESULTS_EXTRA_COLUMN = rule("CUR903", W, "results export column mapped to no field")
RESULTS_BAD_VALUE = rule("CUR904", E, "invalid cell in a results export")
RESULTS_UNKNOWN_REF = rule("CUR905", E, "results row refers to something the catalogue does not know")
RESULTS_DUPLICATE_KEY = rule("CUR906", E, "two rows of a results export with the same natural key")
RESULTS_MAPPING = rule("CUR907", E, "invalid column mapping")
RESULTS_STORE = rule("CUR908", E, "results store cannot be used")
RESULTS_UNKNOWN_KIND = rule("CUR909", E, "results export of unknown kind")
PRIVACY_BELOW_K = rule("CUR910", E, "privacy setting would publish below the minimum")
RATED_LOW = rule("CUR911", W, "workplace competency rated below the threshold")
SECTION_FAILING = rule("CUR912", W, "demonstration-exam section pass rate below the threshold")
AGREEMENT_EXPIRING = rule("CUR913", W, "partnership agreement expiring")
DECLARED_INDICATOR = rule("CUR914", E, "declared figure of an unknown indicator")
DECLARED_SOURCE = rule("CUR915", E, "declared figure without a source")
DECLARED_PERIOD = rule("CUR916", E, "declared figure with an invalid period or date")
DECLARED_SCOPE = rule("CUR917", E, "declared figure about an unknown programme or college")
DECLARED_BELOW_K = rule("CUR918", E, "declared figure about fewer people than the privacy threshold")
DECLARED_DIFFERS = rule("CUR919", W, "declared figure disagrees with the figure computed from data")
DECLARED_VALUE = rule("CUR920", E, "declared figure with an impossible value")


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
        FORMAT_UNKNOWN,
    }
)


def unreadable(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The findings among ``diagnostics`` that make the input unusable."""
    return [x for x in diagnostics if x.code in UNREADABLE_INPUT]


class Related(NamedTuple):
    """Another place that explains a finding (where a competency is required, first defined …)."""

    file: str
    line: int
    column: int
    note: str  # a key of ``notes`` in the message catalogue
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def note_in(self, lang: str = messages.DEFAULT_LANG) -> str:
        """The note in ``lang``, naming the location (``required at FILE:LINE:COLUMN``)."""
        return messages.note(self.note, dict(self.params), self.where, lang)

    def to_dict(self, lang: str = messages.DEFAULT_LANG) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "note": self.note_in(lang)}


def related(where: Any, note: str, **params: Any) -> Related:
    """A related location at ``where`` (anything with ``file``, ``line``, ``column``)."""
    if note not in messages.catalogue().notes:
        raise KeyError(f"no note `{note}` in the message catalogue")
    return Related(where.file, where.line, where.column, note, tuple(sorted(params.items())))


SHEET_CELL = re.compile(r"^[^!\n]+![A-Z]{1,3}[1-9][0-9]*$")  # a spreadsheet's cell, never a YAML path


@dataclass(frozen=True, eq=False)
class Diagnostic:
    """One finding: where, what (a code and its parameters), how to fix it, and related places.

    The words come from the message catalogue in the language asked: :meth:`message_in`,
    :meth:`hint_in`, :meth:`title_in`; ``message``, ``hint`` and ``title`` are the English ones."""

    file: str
    line: int
    column: int
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    variant: str = "default"
    suggestion: str = ""  # a close match: the hint becomes "did you mean `…`?"
    related: tuple[Related, ...] = ()
    path: str = ""
    severity: Severity = Severity.ERROR
    programme: str = ""

    def message_in(self, lang: str = messages.DEFAULT_LANG) -> str:
        return messages.message(self.code, self.variant, self.params, lang)

    def hint_in(self, lang: str = messages.DEFAULT_LANG) -> str:
        return messages.hint(self.code, self.variant, self.params, lang, self.suggestion)

    def title_in(self, lang: str = messages.DEFAULT_LANG) -> str:
        return messages.title(self.code, lang)

    @property
    def message(self) -> str:
        return self.message_in()

    @property
    def hint(self) -> str:
        return self.hint_in()

    @property
    def title(self) -> str:
        return self.title_in()

    @property
    def where(self) -> str:
        """``FILE:LINE:COLUMN``; a cell of a spreadsheet adds its ``sheet!cell`` (``exams.xlsx:3:4 (Лист1!D3)``)."""
        base = f"{self.file}:{self.line}:{self.column}"
        return f"{base} ({self.path})" if SHEET_CELL.match(self.path) else base

    def files(self) -> set[str]:
        """The files this finding concerns: its own and those of its related locations."""
        return {self.file, *(r.file for r in self.related)}

    def key(self) -> tuple[Any, ...]:
        """What makes two findings the same finding (and orders them within a file)."""
        cached = self.__dict__.get("_key")
        if cached is None:
            rel = tuple((r.file, r.line, r.column, r.note) for r in self.related)
            cached = (self.file, self.line, self.column, self.code, self.message, self.hint, self.path, rel)
            object.__setattr__(self, "_key", cached)
        return cached

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagnostic) and self.key() == other.key()

    def __lt__(self, other: Diagnostic) -> bool:
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def to_dict(self, lang: str = messages.DEFAULT_LANG) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "title": self.title_in(lang),
            "message": self.message_in(lang),
            "hint": self.hint_in(lang),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "programme": self.programme,
            "related": [r.to_dict(lang) for r in self.related],
        }


def make(
    code: str,
    where: Any,
    /,
    *,
    variant: str = "default",
    suggest: str | None = None,
    related: Iterable[Related] = (),
    **params: Any,
) -> Diagnostic:
    """A finding of ``code`` at ``where`` (anything with ``file``, ``line``, ``column``).

    ``params`` are exactly the parameters the catalogue's ``variant`` of the code names;
    ``suggest`` is a close match for a misspelt name (the hint then asks "did you mean …?")."""
    messages.check_params(code, variant, params)
    return Diagnostic(
        file=where.file,
        line=where.line,
        column=where.column,
        code=code,
        params=params,
        variant=variant,
        suggestion=suggest or "",
        related=tuple(related),
        path=getattr(where, "path", ""),
        severity=RULES[code].severity,
    )


class Part(messages.Localised):
    """Another finding's message or hint, as a parameter (CUR011 wraps the schema's findings)."""

    __slots__ = ("diagnostic", "part")

    def __init__(self, diagnostic: Diagnostic, part: str) -> None:
        self.diagnostic = diagnostic
        self.part = part

    def render(self, lang: str) -> str:
        x = self.diagnostic
        return x.message_in(lang) if self.part == "message" else x.hint_in(lang)


def part(diagnostic: Diagnostic, which: str) -> Part:
    return Part(diagnostic, which)


def closest(word: str, options: Iterable[str]) -> str:
    """The option closest to ``word`` (for "did you mean"), or ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


def output_order(diagnostics: Iterable[Diagnostic], roots: Iterable[str] = ()) -> list[Diagnostic]:
    """One sorted list, root causes first: unreadable input, and the files in ``roots`` that could not be
    used; then everything else by file, line and column."""
    first = set(roots)

    def rank(x: Diagnostic) -> tuple[int, tuple[Any, ...]]:
        return (0 if x.code in UNREADABLE_INPUT or x.file in first else 1), x.key()

    return sorted(set(diagnostics), key=rank)
