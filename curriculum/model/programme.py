"""Programmes: the provider, the cohort's run, declared totals, waivers; accreditation and people have modules
of their own (:mod:`.accreditation`, :mod:`.people`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .accreditation import Accreditation
from .common import Date, Lang, Node, Text, doc
from .module import Module
from .partner import Partner
from .people import Centre, Facility, Teacher
from .workload import Approval, CourseYear, ElectiveGroup, LanguageGroup


@dataclass(frozen=True, kw_only=True, slots=True)
class Waiver(Node):
    competency: str = doc("`FRAMEWORK:ITEM` deliberately not covered as a rule requires.")
    rules: tuple[str, ...] = doc("Codes waived (e.g. `CUR303`); empty means every coverage rule.", ())
    justification: Text | None = doc("Why: shown to the accreditation panel. Required.", None)
    approved_by: Text | None = doc("Who approved the waiver.", None)
    date: Date | None = doc("When it was approved.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Provider(Node):
    name: Text = doc("College or university.")
    region: Text = doc(
        "Region: best its code in the `regions` vocabulary (KATO for Kazakhstan, e.g. `'710000000'` for Astana, "
        "quoted), shown by its name in the reader's language; a name in each language is accepted too."
    )
    city: Text | None = doc("Town or city.", None)
    url: str | None = doc("Website.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Run(Node):
    start: Date = doc("First day of the first semester of the cohort.")
    end: Date = doc("Last day of the final attestation.")


@dataclass(frozen=True, kw_only=True, slots=True)
class TotalHours(Node):
    total: int | None = doc("All hours of the programme.", None, minimum=0)
    college: int | None = doc("Hours at the college or university (theory + practice).", None, minimum=0)
    workplace: int | None = doc("Hours at partner enterprises.", None, minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Programme(Node):
    kind: Literal["programme"] = doc("Always `programme`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
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
    base_education: str | None = doc(
        "Education the programme admits on: a term of the vocabulary `base-education` (`grade-9`, `grade-11`, `tvet`…).",
        None,
    )
    study_form: str | None = doc("Form of study: a term of the vocabulary `study-forms` (`full-time`…).", None)
    language_groups: tuple[LanguageGroup, ...] = doc("Groups by language of instruction.", ())
    semesters: int = doc("Number of semesters.", minimum=1, maximum=24)
    run: Run = doc("The cohort's run, which partner agreements must cover.")
    cohort: int = doc("Trainees admitted in the cohort.", minimum=0)
    hours: TotalHours | None = doc("Declared hour totals that the modules must add up to.", None)
    credits: float | None = doc("Declared total credits.", None, minimum=0)
    illustrative: bool = doc("True for example data.", False)
    description: Text | None = doc("Short description for the site.", None)
    modules: tuple[Module, ...] = doc("Modules and disciplines.")
    electives: tuple[ElectiveGroup, ...] = doc("Elective groups: choose N of these modules.", ())
    calendar: tuple[CourseYear, ...] = doc("The academic calendar, per course year.", ())
    approvals: tuple[Approval, ...] = doc("Approval of the working curriculum, per academic year.", ())
    partners: tuple[Partner, ...] = doc("Partner enterprises.", ())
    accreditation: tuple[Accreditation, ...] = doc("Accreditation decisions.", ())
    waivers: tuple[Waiver, ...] = doc("Deliberate gaps, each with a justification.", ())
    staff: tuple[Teacher, ...] = doc("Teaching staff, including partners' employees who teach.", ())
    facilities: tuple[Facility, ...] = doc("Workshops, laboratories and other rooms, with equipment per module.", ())
    centres: tuple[Centre, ...] = doc("Competence centres used as demonstration-exam venues.", ())
