"""The record kinds of the results store: fields, types and natural keys.

A field's type says how a cell is read (``ingest``) and stored (``store``). ``personal`` fields
identify a person or carry free text about one: they stay in the store and never reach a page, a
report, a log line or an error message (findings name the row and the column, never the value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["text", "id", "int", "number", "date", "bool", "period", "choice"]


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType = "id"
    required: bool = True
    personal: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    ref: str = ""  # what the value refers to: programme, partner, competency, standard, section, region, sector


@dataclass(frozen=True)
class Kind:
    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # the natural key: a row with the same key replaces the stored one

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


STATUSES = ("employed", "further-study", "unemployed", "unknown")
COMPLETION = ("completed", "withdrawn", "continuing")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "ratings",
            (
                Field("trainee", personal=True),
                Field("programme", ref="programme"),
                Field("partner", ref="partner"),
                Field("period", "period"),
                Field("competency", ref="competency"),
                Field("instrument"),
                Field("score", "number"),
                Field("scale_min", "number", required=False),
                Field("scale_max", "number", required=False),
                Field("comment", "text", required=False, personal=True),
            ),
            ("trainee", "competency", "period", "instrument"),
        ),
        Kind(
            "exams",
            (
                Field("candidate", personal=True),
                Field("programme", ref="programme"),
                Field("standard", ref="standard"),
                Field("section", ref="section"),
                Field("date", "date"),
                Field("centre", "text", required=False),
                Field("score", "number", minimum=0, maximum=100),
                Field("passed", "bool"),
                Field("passport", "bool", required=False),
                Field("comment", "text", required=False, personal=True),
            ),
            ("candidate", "standard", "section", "date"),
        ),
        Kind(
            "employment",
            (
                Field("graduate", personal=True),
                Field("programme", ref="programme"),
                Field("cohort", "int", minimum=1990, maximum=2100),
                Field("months", "choice", choices=("6", "12")),
                Field("status", "choice", choices=STATUSES),
                Field("at_partner", "bool", required=False),
                Field("in_specialty", "bool", required=False),
            ),
            ("graduate", "programme", "months"),
        ),
        Kind(
            "enrolment",
            (
                Field("programme", ref="programme"),
                Field("year", "int", minimum=1990, maximum=2100),
                Field("intake", "int", minimum=0),
                Field("dual", "int", minimum=0),
            ),
            ("programme", "year"),
        ),
        Kind(
            "agreements",
            (
                Field("bin", ref="bin"),
                Field("enterprise", "text"),
                Field("sector", ref="sector"),
                Field("region", ref="region"),
                Field("college"),
                Field("programme", ref="programme", required=False),
                Field("partner", ref="partner", required=False),
                Field("specialties", "text", required=False),
                Field("number"),
                Field("start", "date"),
                Field("end", "date"),
            ),
            ("bin", "college", "number"),
        ),
        Kind(
            "completion",
            (
                Field("trainee", personal=True),
                Field("programme", ref="programme"),
                Field("partner", ref="partner"),
                Field("status", "choice", choices=COMPLETION),
                Field("date", "date", required=False),
            ),
            ("trainee", "programme", "partner"),
        ),
    )
}


def kind_of_name(filename: str) -> str | None:
    """The kind a file's name announces (``ratings-2025.csv`` → ``ratings``), if any."""
    stem = filename.rsplit("/", 1)[-1].lower()
    return next((k for k in KINDS if stem.startswith(k)), None)
