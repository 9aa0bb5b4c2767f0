"""Competency frameworks: professional standards, WorldSkills standards, employer requirement sets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .common import Date, Extension, Node, Text, doc


@dataclass(frozen=True, kw_only=True, slots=True)
class Source(Node):
    issuer: Text | None = doc("Who issued the standard (ministry, NCE Atameken, WorldSkills…).", None)
    document: Text | None = doc("Document name or order that approved it.", None)
    version: str | None = doc("Version or edition, as a string (`'1.10'`, not `1.10`).", None)
    date: Date | None = doc("Approval or publication date, `YYYY-MM-DD`.", None)
    url: str | None = doc("Where the published standard can be read.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Item(Node):
    id: str = doc("Id unique within the framework, e.g. `4`, `TF2`, `TF2.S3`. Referenced as `FRAMEWORK:ID`.")
    title: Text = doc("The competency, skill, knowledge item or section as written in the source.")
    type: Literal["section", "function", "unit", "skill", "knowledge", "responsibility"] | None = doc(
        "`section` (WorldSkills), `function` (labour function), `unit` (group), or the kind of "
        "result: `skill`, `knowledge`, `responsibility` (responsibility and autonomy).",
        None,
    )
    weight: float | None = doc(
        "Relative importance in % (WorldSkills sections; the top-level weights sum to 100).", None
    )
    nqf_level: int | None = doc("NQF level 1–8, where the source gives one.", None, minimum=1, maximum=8)
    description: Text | None = doc("Longer explanation.", None)
    items: tuple[Item, ...] = doc("Sub-items (skills and knowledge under a labour function…).", ())
    esco: tuple[str, ...] = doc(
        "ESCO skill or occupation URIs this item corresponds to (`http://data.europa.eu/esco/skill/…`).", ()
    )
    case: Extension | None = doc(
        "Fields of the CASE item that the fields above do not express (written by `curriculum import case`, "
        "read by `curriculum export case`).",
        None,
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Framework(Node):
    kind: Literal["framework"] = doc("Always `framework`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
    id: str = doc(
        "Framework id used in references, e.g. `ws-webtech`, `ps-electrician`.", pattern=r"^[a-z0-9][a-z0-9._-]*$"
    )
    type: Literal["professional-standard", "worldskills", "employer", "nqf", "other"] = doc(
        "What kind of framework: a professional standard, a WorldSkills occupational standard, an "
        "employer's requirement set, NQF level descriptors, or another list of competencies."
    )
    title: Text = doc("Name of the standard or requirement set.")
    organisation: Text | None = doc("For an employer requirement set: the enterprise.", None)
    code: str | None = doc("Code of the standard (e.g. WorldSkills skill number `17`).", None)
    occupation_code: str | None = doc("Occupation code from the national classifier.", None)
    nqf_level: int | None = doc("NQF level of the occupation card.", None, minimum=1, maximum=8)
    source: Source | None = doc("Where the framework comes from.", None)
    illustrative: bool = doc("True for example data that is not an official text.", False)
    items: tuple[Item, ...] = doc("The competencies, as a tree.")
    case: Extension | None = doc(
        "Fields of the CASE package (document, definitions, rubrics, other associations) that the fields above "
        "do not express (written by `curriculum import case`, read by `curriculum export case`).",
        None,
    )
