"""The working curriculum (рабочий учебный план): hours by semester and by kind, forms of control,
elective groups, the academic calendar, language groups and the yearly approval.

Kinds of hours, cycles, components, forms of control, bases of education and forms of study are
terms of vocabularies (``hour-kinds``, ``cycles``, ``components``, ``control-forms``,
``base-education``, ``study-forms``) shipped with the toolkit and replaceable by the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .common import Date, KeyedBy, Lang, Node, Text, doc


@dataclass(frozen=True, kw_only=True, slots=True)
class KindHours(Node):
    kind: str = doc("Kind of hours: a term of the vocabulary `hour-kinds` (e.g. `theory`, `lpz`).")
    hours: int = doc("Hours of that kind.", minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class SemesterLoad(Node):
    """A module's hours in one semester, by kind, with the forms of control that close the semester."""

    semester: int = doc("Semester (1-based).", minimum=1, maximum=24)
    hours: Annotated[tuple[KindHours, ...], KeyedBy("kind", "hours")] = doc(
        "Hours by kind, as `KIND: HOURS` (kinds from the vocabulary `hour-kinds`)."
    )
    workplace: Annotated[tuple[KindHours, ...], KeyedBy("kind", "hours")] = doc(
        "Of those hours, how many of a kind whose venue is `both` take place at a partner enterprise "
        "(kinds whose venue is `workplace` are there entirely).",
        (),
    )
    control: tuple[str, ...] = doc(
        "Forms of control in this semester: terms of the vocabulary `control-forms` (`exam`, `credit`…).", ()
    )

    @property
    def total(self) -> int:
        return sum(k.hours for k in self.hours)


@dataclass(frozen=True, kw_only=True, slots=True)
class ElectiveGroup(Node):
    """Alternatives of which a learner chooses some: hours and credits count once per choice."""

    id: str = doc("Group id, unique within the programme, e.g. `KV1`.")
    title: Text | None = doc("Name of the group.", None)
    choose: int = doc("How many of the modules a learner takes.", 1, minimum=1)
    modules: tuple[str, ...] = doc("Ids of the alternative modules; the first `choose` are counted in totals.")


@dataclass(frozen=True, kw_only=True, slots=True)
class CalendarSemester(Node):
    semester: int = doc("Semester (1-based).", minimum=1, maximum=24)
    theory: int = doc("Weeks of theoretical training (classes and industrial training).", 0, minimum=0, maximum=52)
    practice: int = doc("Weeks of professional practice.", 0, minimum=0, maximum=52)
    attestation: int = doc("Weeks of intermediate or final attestation.", 0, minimum=0, maximum=52)
    holidays: int = doc("Weeks of holidays.", 0, minimum=0, maximum=52)


@dataclass(frozen=True, kw_only=True, slots=True)
class CourseYear(Node):
    """One course year of the academic calendar (график учебного процесса)."""

    year: int = doc("Course year (1-based).", minimum=1, maximum=12)
    alternation: Literal["block", "day-release"] = doc(
        "How college and enterprise alternate: `block` (weeks at the enterprise in blocks) or "
        "`day-release` (days of the week at the enterprise).",
        "block",
    )
    workplace_days: int | None = doc("For `day-release`: days a week at the enterprise.", None, minimum=0, maximum=7)
    semesters: tuple[CalendarSemester, ...] = doc("The weeks of each semester of the year.")


@dataclass(frozen=True, kw_only=True, slots=True)
class LanguageGroup(Node):
    language: Lang = doc("Language of instruction of the group.")
    groups: int = doc("Number of groups.", 1, minimum=0)
    students: int | None = doc("Students in those groups.", None, minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Approval(Node):
    """Who approved the working curriculum for an academic year, and the employer's agreement."""

    year: str = doc("Academic year, `2025-2026`.", pattern=r"^\d{4}-\d{4}$")
    approved_by: Text = doc("Who approved it (head of the college, rector, academic council).")
    date: Date = doc("Date of approval.")
    agreed_with: Text | None = doc("The employer who agreed it («согласовано»).", None)
    agreed: Date | None = doc("Date of the employer's agreement.", None)
    document: str | None = doc("Protocol or order number.", None)
