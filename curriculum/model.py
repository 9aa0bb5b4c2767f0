"""The data model: every kind of file the toolkit reads, defined once.

The loader's nodes become these frozen dataclasses through :mod:`curriculum.schema`, which also
derives the JSON Schemas for editors and the format reference from the same definitions. Field
documentation lives in ``doc(...)``; a field without a default is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NewType

from .load import Loc

Date = NewType("Date", str)
"""An ISO date, ``YYYY-MM-DD``."""

Lang = Literal["kk", "ru", "en"]
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
Level = Literal["introduced", "reinforced", "mastered"]
LEVELS: tuple[str, ...] = ("introduced", "reinforced", "mastered")
Venue = Literal["college", "workplace", "both"]
NOWHERE = Loc("", 0, 0)


@dataclass(frozen=True)
class KeyedBy:
    """Marks a tuple field written in YAML as a mapping ``{key: value}`` of two fields."""

    key: str
    value: str


def doc(text: str, default: Any = ..., **extra: Any) -> Any:
    """A dataclass field with user documentation (and a default when given)."""
    meta = {"doc": text, **extra}
    if default is ...:
        return field(metadata=meta)
    if isinstance(default, (list, dict, tuple)) and default:
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


class Text:
    """A user-facing text: one string for every language, or a ``{kk, ru, en}`` map."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values: dict[str, str] = dict(values)

    @property
    def neutral(self) -> bool:
        """True for a single string used in every language."""
        return "" in self.values

    def has(self, lang: str) -> bool:
        return self.neutral or bool(self.values.get(lang, "").strip())

    def get(self, lang: str, order: tuple[str, ...] = LANGUAGES) -> str:
        """The text in ``lang``, else the first available in ``order``."""
        if self.neutral:
            return self.values[""]
        if self.values.get(lang):
            return self.values[lang]
        for other in order:
            if self.values.get(other):
                return self.values[other]
        return next(iter(self.values.values()), "")

    def lang_of(self, lang: str, order: tuple[str, ...] = LANGUAGES) -> str:
        """Which language :meth:`get` answers in ('' for a neutral text)."""
        if self.neutral or self.values.get(lang):
            return "" if self.neutral else lang
        return next((o for o in order if self.values.get(o)), "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.values == other.values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def __repr__(self) -> str:
        return f"Text({self.values!r})"

    def __str__(self) -> str:
        return self.get("en")


@dataclass(frozen=True, kw_only=True)
class Node:
    """Base of every model object: where it was written, and where each of its fields was."""

    loc: Loc = field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False, metadata={"internal": True})

    def at(self, name: str, index: int | None = None) -> Loc:
        """Location of field ``name`` (or its ``index``-th element), else of the object."""
        key = name if index is None else f"{name}[{index}]"
        return self.locs.get(key) or self.locs.get(name) or self.loc


# --------------------------------------------------------------------------- frameworks
@dataclass(frozen=True, kw_only=True)
class Source(Node):
    issuer: Text | None = doc("Who issued the standard (ministry, NCE Atameken, WorldSkills…).", None)
    document: Text | None = doc("Document name or order that approved it.", None)
    version: str | None = doc("Version or edition, as a string (`'1.10'`, not `1.10`).", None)
    date: Date | None = doc("Approval or publication date, `YYYY-MM-DD`.", None)
    url: str | None = doc("Where the published standard can be read.", None)


@dataclass(frozen=True, kw_only=True)
class Item(Node):
    id: str = doc("Id unique within the framework, e.g. `4`, `TF2`, `TF2.S3`. Referenced as `FRAMEWORK:ID`.")
    title: Text = doc("The competency, skill, knowledge item or section as written in the source.")
    type: Literal["section", "function", "unit", "skill", "knowledge", "responsibility"] | None = doc(
        "`section` (WorldSkills), `function` (labour function), `unit` (group), or the kind of "
        "result: `skill`, `knowledge`, `responsibility` (responsibility and autonomy).",
        None,
    )
    weight: float | None = doc(
        "Relative importance in % (WorldSkills sections; the top-level weights sum to 100).", None
    )
    nqf_level: int | None = doc("NQF level 1–8, where the source gives one.", None, minimum=1, maximum=8)
    description: Text | None = doc("Longer explanation.", None)
    items: tuple[Item, ...] = doc("Sub-items (skills and knowledge under a labour function…).", ())


@dataclass(frozen=True, kw_only=True)
class Framework(Node):
    kind: Literal["framework"] = doc("Always `framework`.")
    id: str = doc(
        "Framework id used in references, e.g. `ws-webtech`, `ps-electrician`.", pattern=r"^[a-z0-9][a-z0-9._-]*$"
    )
    type: Literal["professional-standard", "worldskills", "employer", "nqf", "other"] = doc(
        "What kind of framework: a professional standard, a WorldSkills occupational standard, an "
        "employer's requirement set, NQF level descriptors, or another list of competencies."
    )
    title: Text = doc("Name of the standard or requirement set.")
    organisation: Text | None = doc("For an employer requirement set: the enterprise.", None)
    code: str | None = doc("Code of the standard (e.g. WorldSkills skill number `17`).", None)
    occupation_code: str | None = doc("Occupation code from the national classifier.", None)
    nqf_level: int | None = doc("NQF level of the occupation card.", None, minimum=1, maximum=8)
    source: Source | None = doc("Where the framework comes from.", None)
    illustrative: bool = doc("True for example data that is not an official text.", False)
    items: tuple[Item, ...] = doc("The competencies, as a tree.")


@dataclass(frozen=True, kw_only=True)
class Requirement(Node):
    competency: str = doc(
        "`FRAMEWORK:ITEM`, or `FRAMEWORK` alone for the whole framework.", pattern=r"^[a-z0-9][a-z0-9._-]*(:[^\s:]+)?$"
    )
    level: Level = doc("Level the programme must reach: introduced, reinforced or mastered.", "mastered")
    subtree: bool = doc("Require every leaf item under this item, each on its own.", False)
    note: Text | None = doc("Why it is required.", None)


@dataclass(frozen=True, kw_only=True)
class Specialty(Node):
    code: str = doc("Specialty code, e.g. `07130100` (TVET) or `6B017` group (HE).")
    title: Text = doc("Specialty name.")


@dataclass(frozen=True, kw_only=True)
class Qualification(Node):
    kind: Literal["qualification"] = doc("Always `qualification`.")
    code: str = doc("Qualification code: TVET `4S07130103` (level, W/S, 8 digits) or HE `6B01705`.")
    title: Text = doc("Name of the qualification.")
    level: Literal["tvet", "bachelor", "master"] = doc("Education level that awards it.")
    nqf_level: int = doc("NQF level 1–8.", minimum=1, maximum=8)
    specialty: Specialty | None = doc("The specialty it belongs to.", None)
    provider: str | None = doc("HE only: the university, because HE codes are unique per university.", None)
    illustrative: bool = doc("True for example data.", False)
    requires: tuple[Requirement, ...] = doc("The competencies a holder must have.")


# --------------------------------------------------------------------------- programmes
@dataclass(frozen=True, kw_only=True)
class Hours(Node):
    theory: int = doc("Classroom hours at the college or university.", 0, minimum=0)
    practice: int = doc("Practical hours at the college (workshops, labs).", 0, minimum=0)
    workplace: int = doc("Hours at a partner enterprise.", 0, minimum=0)

    @property
    def college(self) -> int:
        return self.theory + self.practice

    @property
    def total(self) -> int:
        return self.theory + self.practice + self.workplace


@dataclass(frozen=True, kw_only=True)
class Coverage(Node):
    competency: str = doc("`FRAMEWORK:ITEM` the outcome develops.")
    level: Level = doc("introduced, reinforced or mastered.")


@dataclass(frozen=True, kw_only=True)
class Outcome(Node):
    id: str = doc("Id unique within the programme, e.g. `PM03.2`.")
    text: Text = doc("The intended learning outcome: what a learner can do.")
    covers: Annotated[tuple[Coverage, ...], KeyedBy("competency", "level")] = doc(
        "Competencies developed, as `FRAMEWORK:ITEM: level`.", ()
    )
    venue: Venue = doc("Where it is learnt: college, workplace or both.", "college")
    assessed_by: tuple[str, ...] = doc("Ids of the assessments that assess it.", ())
    hours: int | None = doc("Hours spent on it (default: the module's hours shared equally).", None, minimum=0)


@dataclass(frozen=True, kw_only=True)
class Assessment(Node):
    id: str = doc("Id unique within the programme, e.g. `PM03-DE`.")
    type: Literal[
        "exam",
        "test",
        "practical",
        "project",
        "coursework",
        "portfolio",
        "demonstration-exam",
        "mentor-report",
        "defence",
    ] = doc("Form of assessment; `demonstration-exam` is graded to a WorldSkills standard.")
    title: Text = doc("Name of the assessment.")
    standard: str | None = doc("For a demonstration exam: the WorldSkills framework id.", None)
    venue: Venue = doc("Where it takes place.", "college")
    assessors: Text | None = doc("Who assesses (e.g. an expert panel with employer representatives).", None)


@dataclass(frozen=True, kw_only=True)
class Module(Node):
    id: str = doc("Module or discipline id, unique within the programme, e.g. `PM03`.")
    title: Text = doc("Module name.")
    type: Literal["general", "basic", "professional", "major", "practice", "final"] = doc(
        "Cycle: general education, basic, professional (TVET) or major (HE), practice, final attestation."
    )
    component: Literal["compulsory", "university", "elective"] | None = doc(
        "HE component: compulsory, university component or elective.", None
    )
    semester: int = doc("Semester in which it is taught (1-based; its last semester if longer).", minimum=1, maximum=24)
    credits: float | None = doc("Credits (HE: 1 credit = 30 h).", None, minimum=0)
    hours: Hours = doc("Hours by where they are spent.")
    prerequisites: tuple[str, ...] = doc("Ids of modules that must come before this one.", ())
    outcomes: tuple[Outcome, ...] = doc("Intended learning outcomes.", ())
    assessments: tuple[Assessment, ...] = doc("Assessments held in this module.", ())


@dataclass(frozen=True, kw_only=True)
class Agreement(Node):
    number: str = doc("Agreement number as registered.")
    parties: tuple[Text, ...] = doc("Parties to the agreement (college, enterprise, and trainee where tripartite).")
    signed: Date = doc("Date of signature.")
    start: Date = doc("First day it is in force.")
    end: Date = doc("Last day it is in force.")


@dataclass(frozen=True, kw_only=True)
class Mentor(Node):
    name: Text = doc("Mentor's name (тәлімгер / наставник).")
    position: Text | None = doc("Position at the enterprise.", None)
    trainees: int | None = doc("Trainees this mentor supervises (default: shared equally).", None, minimum=0)
    trained: bool = doc("Has completed mentor training.", False)


@dataclass(frozen=True, kw_only=True)
class PlanEntry(Node):
    unit: str = doc("Module id or outcome id trained at the enterprise.")
    semester: int = doc("Semester of the workplace period.", minimum=1, maximum=24)
    hours: int = doc("Hours at the enterprise for this unit in this period.", minimum=0)
    site: Text | None = doc("Workshop or department where it happens.", None)


@dataclass(frozen=True, kw_only=True)
class Partner(Node):
    id: str = doc("Partner id, unique within the programme.")
    name: Text = doc("Enterprise name.")
    region: Text = doc("Region (oblast or city of republican significance).")
    city: Text | None = doc("Town or city.", None)
    sector: Text | None = doc("Economic sector.", None)
    agreement: Agreement | None = doc("The dual-training agreement.", None)
    places: int = doc("Training places offered for this programme's cohort.", minimum=0)
    mentors: tuple[Mentor, ...] = doc("Mentors who supervise trainees.", ())
    requirement_set: str | None = doc("Id of the employer framework with this enterprise's requirements.", None)
    required_level: Level = doc("Level the programme must reach on each of those requirements.", "reinforced")
    training_plan: tuple[PlanEntry, ...] = doc("Workplace training plan: unit × semester × hours.", ())


@dataclass(frozen=True, kw_only=True)
class Recommendation(Node):
    id: str = doc("Recommendation id, e.g. `R1`.")
    text: Text = doc("What the panel recommended.")
    status: Literal["open", "in-progress", "closed"] = doc("Where it stands.", "open")
    evidence: Text | None = doc("What was done, with references.", None)
    due: Date | None = doc("Deadline.", None)
    esg: str | None = doc("ESG Part 1 standard it concerns, e.g. `1.5`.", None)


@dataclass(frozen=True, kw_only=True)
class Accreditation(Node):
    agency: str = doc("Agency, e.g. `IQAA`, `NKCA`, `ACQUIN`.")
    type: Literal["programme", "institutional"] = doc("Programme or institutional accreditation.", "programme")
    decision: Literal["accredited", "conditional", "denied", "pending"] = doc("The decision.")
    date: Date | None = doc("Date of the decision.", None)
    valid_until: Date | None = doc("End of validity.", None)
    report: str | None = doc("Where the panel's report is published.", None)
    recommendations: tuple[Recommendation, ...] = doc("The panel's recommendations.", ())


@dataclass(frozen=True, kw_only=True)
class Waiver(Node):
    competency: str = doc("`FRAMEWORK:ITEM` deliberately not covered as a rule requires.")
    rules: tuple[str, ...] = doc("Codes waived (e.g. `CUR303`); empty means every coverage rule.", ())
    justification: Text | None = doc("Why: shown to the accreditation panel. Required.", None)
    approved_by: Text | None = doc("Who approved the waiver.", None)
    date: Date | None = doc("When it was approved.", None)


@dataclass(frozen=True, kw_only=True)
class Provider(Node):
    name: Text = doc("College or university.")
    region: Text = doc("Region.")
    city: Text | None = doc("Town or city.", None)
    url: str | None = doc("Website.", None)


@dataclass(frozen=True, kw_only=True)
class Run(Node):
    start: Date = doc("First day of the first semester of the cohort.")
    end: Date = doc("Last day of the final attestation.")


@dataclass(frozen=True, kw_only=True)
class TotalHours(Node):
    total: int | None = doc("All hours of the programme.", None, minimum=0)
    college: int | None = doc("Hours at the college or university (theory + practice).", None, minimum=0)
    workplace: int | None = doc("Hours at partner enterprises.", None, minimum=0)


@dataclass(frozen=True, kw_only=True)
class Programme(Node):
    kind: Literal["programme"] = doc("Always `programme`.")
    id: str = doc("Programme id, unique in the catalogue (use the file name).", pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: Text = doc("Programme name.")
    code: str | None = doc("Specialty code (TVET, `07130100`) or programme code (HE, `6B01705`).", None)
    level: Literal["tvet", "bachelor", "master"] = doc("TVET (college), bachelor or master.")
    provider: Provider = doc("Who delivers it.")
    qualifications: tuple[str, ...] = doc("Codes of the qualifications awarded.")
    languages: tuple[Lang, ...] = doc("Languages of instruction.")
    duration: str | None = doc(
        "Nominal duration in years and months, written `3 years 10 months`, `4 years` or `10 months`; "
        "the site prints it in each language (`3 года 10 месяцев`, `3 жыл 10 ай`).",
        None,
        pattern=r"^([1-9][0-9]* years?( [1-9][0-9]* months?)?|[1-9][0-9]* months?)$",
    )
    semesters: int = doc("Number of semesters.", minimum=1, maximum=24)
    run: Run = doc("The cohort's run, which partner agreements must cover.")
    cohort: int = doc("Trainees admitted in the cohort.", minimum=0)
    hours: TotalHours | None = doc("Declared hour totals that the modules must add up to.", None)
    credits: float | None = doc("Declared total credits.", None, minimum=0)
    illustrative: bool = doc("True for example data.", False)
    description: Text | None = doc("Short description for the site.", None)
    modules: tuple[Module, ...] = doc("Modules and disciplines.")
    partners: tuple[Partner, ...] = doc("Partner enterprises.", ())
    accreditation: tuple[Accreditation, ...] = doc("Accreditation decisions.", ())
    waivers: tuple[Waiver, ...] = doc("Deliberate gaps, each with a justification.", ())


# --------------------------------------------------------------------------- vocabularies
@dataclass(frozen=True, kw_only=True)
class Term(Node):
    id: str = doc("The term's code, unique in its vocabulary (e.g. a KATO code `'750000000'`, or `theory`).")
    title: Text = doc("The term's name, in each language.")
    abbreviation: Text | None = doc("Short form as printed in tables (e.g. `ООД`, `ЛПЗ`).", None)
    description: Text | None = doc("What the term covers, where the title is not enough.", None)
    parent: str | None = doc("Id of the broader term in the same vocabulary, for hierarchical lists.", None)
    replaced_by: str | None = doc("Id of the term that replaces this one in a later edition (kept readable).", None)


@dataclass(frozen=True, kw_only=True)
class Vocabulary(Node):
    kind: Literal["vocabulary"] = doc("Always `vocabulary`.")
    id: str = doc(
        "Vocabulary id, e.g. `regions`. A catalogue file with the id of a vocabulary shipped with the toolkit "
        "replaces it.",
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
    )
    title: Text = doc("Name of the list.")
    edition: str | None = doc("Edition or version of the source list, as text.", None)
    source: Source | None = doc("Where the list comes from.", None)
    illustrative: bool = doc("True for example data that is not an official list.", False)
    terms: tuple[Term, ...] = doc("The terms, in the order tables show them.")


KINDS: dict[str, type[Node]] = {
    "framework": Framework,
    "qualification": Qualification,
    "programme": Programme,
    "vocabulary": Vocabulary,
}
