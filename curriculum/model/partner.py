"""Partner enterprises of a dual programme: agreements, mentors, workplace training plans."""

from __future__ import annotations

from dataclasses import dataclass

from .common import Date, Level, Node, Text, doc
from .people import Certificate, Period


@dataclass(frozen=True, kw_only=True, slots=True)
class Agreement(Node):
    number: str = doc("Agreement number as registered.")
    parties: tuple[Text, ...] = doc("Parties to the agreement (college, enterprise, and trainee where tripartite).")
    signed: Date = doc("Date of signature.")
    start: Date = doc("First day it is in force.")
    end: Date = doc("Last day it is in force.")


@dataclass(frozen=True, kw_only=True, slots=True)
class Mentor(Node):
    name: Text = doc("Mentor's name (тәлімгер / наставник).")
    position: Text | None = doc("Position at the enterprise.", None)
    trainees: int | None = doc("Trainees this mentor supervises (default: shared equally).", None, minimum=0)
    years: float | None = doc("Years of professional experience.", None, minimum=0)
    certificate: Certificate | None = doc(
        "Mentor-training certificate (date, expiry): the mentor counts as trained while it is valid.", None
    )
    appointed: Period | None = doc("Period of appointment as mentor for this programme.", None)
    trained: bool = doc(
        "Legacy flag for a mentor trained without a recorded certificate; prefer `certificate:`, from which "
        "being trained is derived.",
        False,
    )

    def trained_on(self, day: str) -> bool:
        """Trained on ``day``: a certificate valid that day, else the legacy flag."""
        if self.certificate is not None:
            return self.certificate.valid_on(day)
        return self.trained

    def serves_on(self, day: str) -> bool:
        """Appointed (or planned) on ``day``; a mentor without an appointment period always serves."""
        return self.appointed is None or (self.appointed.end is None or day <= self.appointed.end)


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanEntry(Node):
    unit: str = doc("Module id or outcome id trained at the enterprise.")
    semester: int = doc("Semester of the workplace period.", minimum=1, maximum=24)
    hours: int = doc("Hours at the enterprise for this unit in this period.", minimum=0)
    site: Text | None = doc("Workshop or department where it happens.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Partner(Node):
    id: str = doc("Partner id, unique within the programme.")
    name: Text = doc("Enterprise name.")
    region: str | None = doc(
        "Region: a KATO code of the vocabulary `regions` (e.g. `'750000000'` for Almaty), quoted.", None
    )
    city: Text | None = doc("Town or city.", None)
    sector: Text | None = doc("Economic sector.", None)
    agreement: Agreement | None = doc("The dual-training agreement.", None)
    places: int = doc("Training places offered for this programme's cohort.", minimum=0)
    mentors: tuple[Mentor, ...] = doc("Mentors who supervise trainees.", ())
    requirement_set: str | None = doc("Id of the employer framework with this enterprise's requirements.", None)
    required_level: Level = doc("Level the programme must reach on each of those requirements.", "reinforced")
    training_plan: tuple[PlanEntry, ...] = doc("Workplace training plan: unit × semester × hours.", ())
