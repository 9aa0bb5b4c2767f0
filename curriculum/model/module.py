"""Modules and disciplines: hours, outcomes, assessments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .common import KeyedBy, Level, Node, Text, Venue, doc


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
    esco: tuple[str, ...] = doc(
        "ESCO skill or occupation URIs of this outcome (`http://data.europa.eu/esco/skill/…`), checked against "
        "the release recorded by `curriculum esco import`.",
        (),
    )


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
    corequisites: tuple[str, ...] = doc(
        "Ids of modules taken in the same semester as this one or earlier (co-requisites).", ()
    )
    strict_corequisites: tuple[str, ...] = doc("Ids of modules that must be taken in the same semester.", ())
    outcomes: tuple[Outcome, ...] = doc("Intended learning outcomes.", ())
    assessments: tuple[Assessment, ...] = doc("Assessments held in this module.", ())
