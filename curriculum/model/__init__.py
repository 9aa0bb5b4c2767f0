"""The data model: every kind of file the toolkit reads, defined once.

The loader's nodes become these frozen dataclasses through :mod:`curriculum.schema`, which also
derives the JSON Schemas for editors and the format reference from the same definitions. Field
documentation lives in ``doc(...)``; a field without a default is required.

One module per subject: :mod:`.common` (texts, locations, the base node), :mod:`.framework`,
:mod:`.qualification`, :mod:`.module` (modules, outcomes, assessments), :mod:`.workload` (the working
curriculum: hours by semester and kind, calendar, electives, approval), :mod:`.partner`, :mod:`.programme`
and :mod:`.vocabulary`. Every public name is importable from ``curriculum.model``.
"""

from __future__ import annotations

from .common import LANGUAGES, LEVELS, NOWHERE, Date, KeyedBy, Lang, Level, Node, Text, Venue, doc
from .framework import Framework, Item, Source
from .module import Assessment, Coverage, Module, Outcome
from .partner import Agreement, Mentor, Partner, PlanEntry
from .programme import Accreditation, Programme, Provider, Recommendation, Run, TotalHours, Waiver
from .qualification import Qualification, Requirement, Specialty
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
}
"""Each kind of file (the ``kind:`` key) and the model class it is read into."""

__all__ = [
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
