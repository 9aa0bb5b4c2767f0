"""Qualifications and the competencies a holder must have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .common import Level, Node, Text, doc


@dataclass(frozen=True, kw_only=True, slots=True)
class Requirement(Node):
    competency: str = doc(
        "`FRAMEWORK:ITEM`, or `FRAMEWORK` alone for the whole framework.", pattern=r"^[a-z0-9][a-z0-9._-]*(:[^\s:]+)?$"
    )
    level: Level = doc("Level the programme must reach: introduced, reinforced or mastered.", "mastered")
    subtree: bool = doc("Require every leaf item under this item, each on its own.", False)
    note: Text | None = doc("Why it is required.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Specialty(Node):
    code: str = doc("Specialty code, e.g. `07130100` (TVET) or `6B017` group (HE).")
    title: Text = doc("Specialty name.")


@dataclass(frozen=True, kw_only=True, slots=True)
class Qualification(Node):
    kind: Literal["qualification"] = doc("Always `qualification`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
    code: str = doc("Qualification code: TVET `4S07130103` (level, W/S, 8 digits) or HE `6B01705`.")
    title: Text = doc("Name of the qualification.")
    level: Literal["tvet", "bachelor", "master"] = doc("Education level that awards it.")
    nqf_level: int = doc("NQF level 1–8.", minimum=1, maximum=8)
    specialty: Specialty | None = doc("The specialty it belongs to.", None)
    provider: str | None = doc("HE only: the university, because HE codes are unique per university.", None)
    illustrative: bool = doc("True for example data.", False)
    requires: tuple[Requirement, ...] = doc("The competencies a holder must have.")
