"""The data model: every kind of file the toolkit reads, defined once.

The loader's nodes become these frozen dataclasses through :mod:`curriculum.schema`, which also
derives the JSON Schemas for editors and the format reference from the same definitions. Field
documentation lives in ``doc(...)``; a field without a default is required.

One module per subject: :mod:`.common` (texts, locations, the base node), :mod:`.framework`,
:mod:`.qualification`, :mod:`.module` (modules, outcomes, assessments), :mod:`.workload` (the working
curriculum: hours by semester and kind, calendar, electives, approval), :mod:`.partner`, :mod:`.programme`,
:mod:`.vocabulary`, :mod:`.accreditation` (standards, accreditations, conditions and recommendations) and
:mod:`.people` (staff, mentors' certificates, facilities, competence centres) and :mod:`.results` (declared
figures with their source). Every public name is
importable from ``curriculum.model``.
"""

from __future__ import annotations

from .accreditation import (
    EVIDENCE_KINDS,
    Accreditation,
    Attachment,
    Condition,
    Criterion,
    FollowRef,
    Recommendation,
    Standard,
)
from .common import (
    LANGUAGES,
    LEVELS,
    NOWHERE,
    Date,
    Extension,
    KeyedBy,
    Lang,
    Level,
    Node,
    Text,
    Venue,
    dates_known,
    doc,
    hours_known,
)
from .framework import Framework, Item, Source
from .module import Assessment, Coverage, Module, Outcome
from .partner import Agreement, Mentor, Partner, PlanEntry
from .people import Centre, Certificate, Equipment, Facility, Internship, Period, Teacher, Teaching
from .programme import Programme, Provider, Run, TotalHours, Waiver
from .qualification import Qualification, Requirement, Specialty
from .results import Declared, Figures
from .vocabulary import Term, Vocabulary
from .workload import (
    Approval,
    CalendarSemester,
    CourseYear,
    ElectiveGroup,
    KindHours,
    LanguageGroup,
    SemesterLoad,
)

KINDS: dict[str, type[Node]] = {
    "framework": Framework,
    "qualification": Qualification,
    "programme": Programme,
    "vocabulary": Vocabulary,
    "standard": Standard,
    "figures": Figures,
}
"""Each kind of file (the ``kind:`` key) and the model class it is read into."""

__all__ = [
    "Declared",
    "Figures",
    "Extension",
    "dates_known",
    "hours_known",
    "Teaching",
    "Teacher",
    "Period",
    "Internship",
    "Facility",
    "Equipment",
    "Certificate",
    "Centre",
    "Standard",
    "FollowRef",
    "Criterion",
    "Condition",
    "Attachment",
    "EVIDENCE_KINDS",
    "KINDS",
    "LANGUAGES",
    "LEVELS",
    "NOWHERE",
    "Accreditation",
    "Agreement",
    "Approval",
    "Assessment",
    "CalendarSemester",
    "CourseYear",
    "Coverage",
    "Date",
    "ElectiveGroup",
    "Framework",
    "Item",
    "KeyedBy",
    "KindHours",
    "Lang",
    "LanguageGroup",
    "Level",
    "Mentor",
    "Module",
    "Node",
    "Outcome",
    "Partner",
    "PlanEntry",
    "Programme",
    "Provider",
    "Qualification",
    "Recommendation",
    "Requirement",
    "Run",
    "SemesterLoad",
    "Source",
    "Specialty",
    "Term",
    "Text",
    "TotalHours",
    "Venue",
    "Vocabulary",
    "Waiver",
    "doc",
]
