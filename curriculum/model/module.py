"""Modules and disciplines: hours, outcomes, assessments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .common import KeyedBy, Level, Node, Text, Venue, doc
from .workload import SemesterLoad


@dataclass(frozen=True, kw_only=True, slots=True)
class Coverage(Node):
    competency: str = doc("`FRAMEWORK:ITEM` the outcome develops.")
    level: Level = doc("introduced, reinforced or mastered.")


@dataclass(frozen=True, kw_only=True, slots=True)
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


@dataclass(frozen=True, kw_only=True, slots=True)
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


@dataclass(frozen=True, kw_only=True, slots=True)
class Module(Node):
    id: str = doc("Module or discipline id, unique within the programme, e.g. `PM03`.")
    title: Text = doc("Module name.")
    cycle: str = doc(
        "Cycle: a term of the vocabulary `cycles` (TVET `ood`, `bm`, `pm`, `practice`, `pa`, `ia`; HE `ood`, `bd`, `pd`, `ia`)."
    )
    component: str | None = doc(
        "HE component: a term of the vocabulary `components` (`ok` compulsory, `vk` university, `kv` elective).", None
    )
    credits: float | None = doc("Credits (HE: 1 credit = 30 h).", None, minimum=0)
    semesters: tuple[SemesterLoad, ...] = doc("Hours by semester and by kind, with the forms of control.")
    prerequisites: tuple[str, ...] = doc("Ids of modules that must come before this one.", ())
    corequisites: tuple[str, ...] = doc(
        "Ids of modules taken in the same semester as this one or earlier (co-requisites).", ()
    )
    strict_corequisites: tuple[str, ...] = doc("Ids of modules that must be taken in the same semester.", ())
    outcomes: tuple[Outcome, ...] = doc("Intended learning outcomes.", ())
    assessments: tuple[Assessment, ...] = doc("Assessments held in this module.", ())

    @property
    def semester(self) -> int:
        """Its last semester (1 when it has none)."""
        return max((s.semester for s in self.semesters), default=1)

    @property
    def first_semester(self) -> int:
        return min((s.semester for s in self.semesters), default=1)

    @property
    def total_hours(self) -> int:
        return sum(s.total for s in self.semesters)

    def hours_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.semesters:
            for k in s.hours:
                out[k.kind] = out.get(k.kind, 0) + k.hours
        return out
