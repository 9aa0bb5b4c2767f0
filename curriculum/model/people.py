"""People and resources of a programme: teaching staff, mentors' certificates, workshops, laboratories
and competence centres.

Staff names are professional information and may be shown; the ``pseudonymise_staff`` setting
replaces them on the site by their role and a number. Nothing here describes an individual trainee.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Literal

from .common import Date, KeyedBy, Node, Text, doc


@dataclass(frozen=True, kw_only=True, slots=True)
class Period(Node):
    start: Date = doc("First day.")
    end: Date | None = doc("Last day (empty: open-ended).", None)

    def covers(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, kw_only=True, slots=True)
class Certificate(Node):
    title: Text = doc("Name of the course or certificate, e.g. a mentor-training course.")
    issuer: Text | None = doc("Who issued it (NCE Atameken, a college, a university…).", None)
    number: str | None = doc("Certificate number, as text.", None)
    hours: int | None = doc("Length of the course in hours.", None, minimum=0)
    date: Date = doc("Date of issue.")
    expires: Date | None = doc("Last day it is valid (empty: does not expire).", None)

    def valid_on(self, day: str) -> bool:
        return self.date <= day and (self.expires is None or day <= self.expires)


def days_between(start: str, end: str) -> int:
    return (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(start)).days


@dataclass(frozen=True, kw_only=True, slots=True)
class Internship(Node):
    organisation: Text = doc("Enterprise where the teacher trained (стажировка / тағылымдама).")
    start: Date = doc("First day.")
    end: Date | None = doc("Last day.", None)
    hours: int | None = doc("Length in hours.", None, minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Teaching(Node):
    module: str = doc("Module id.")
    hours: int = doc("Hours this teacher teaches in it per cohort.", minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Teacher(Node):
    id: str = doc("Staff id, unique within the programme (used instead of the name on a pseudonymised site).")
    name: Text = doc("Full name (professional information; pseudonymised on the site when `pseudonymise_staff`).")
    position: Text = doc("Position, e.g. teacher of special subjects, senior lecturer, master of industrial training.")
    employer: Literal["provider", "partner"] = doc(
        "`provider` for the college's or university's own staff, `partner` for a partner's employee who teaches "
        "(a practitioner).",
        "provider",
    )
    partner: str | None = doc("For a partner's employee: the partner id.", None)
    degree: Text | None = doc("Academic degree (PhD, candidate of sciences, master) where one is held.", None)
    category: Text | None = doc(
        "Qualification category (TVET: teacher-moderator, -expert, -researcher, -master).", None
    )
    industry_years: float | None = doc("Years of work in the industry the programme prepares for.", None, minimum=0)
    internships: tuple[Internship, ...] = doc("Internships in enterprises.", ())
    teaches: Annotated[tuple[Teaching, ...], KeyedBy("module", "hours")] = doc(
        "Modules taught and hours per cohort, as `MODULE: hours`.", ()
    )

    @property
    def hours(self) -> int:
        return sum(t.hours for t in self.teaches)


@dataclass(frozen=True, kw_only=True, slots=True)
class Equipment(Node):
    name: Text = doc("Equipment, software or installation.")
    count: int | None = doc("How many units or workstations.", None, minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Facility(Node):
    id: str = doc("Facility id, unique within the programme.")
    type: Literal["workshop", "laboratory", "classroom", "simulation", "training-ground", "library"] = doc(
        "Workshop, laboratory, classroom, simulation room, training ground or library."
    )
    title: Text = doc("Name as used at the college or university.")
    places: int | None = doc("Workplaces for trainees.", None, minimum=0)
    modules: tuple[str, ...] = doc("Modules taught in it.", ())
    equipment: tuple[Equipment, ...] = doc("Main equipment.", ())


@dataclass(frozen=True, kw_only=True, slots=True)
class Centre(Node):
    id: str = doc("Centre id, unique within the programme.")
    name: Text = doc("Competence centre (WorldSkills), e.g. a regional centre of competences.")
    region: Text | None = doc("Region.", None)
    skills: tuple[str, ...] = doc(
        "Ids of the WorldSkills frameworks it is accredited for as a demonstration-exam venue."
    )
    accredited_until: Date | None = doc("End of its accreditation as a venue.", None)
    exams: tuple[str, ...] = doc("Ids of this programme's demonstration exams held there.", ())
