"""Declared figures: indicators typed by hand with their source (``kind: figures``).

A college report, a ministry statement or an article publishes figures such as "employment 94.3 %" or
"299 trainees in five regions". A catalogue records them as declared figures — each with its source and
the date it stands at — kept apart from the figures the toolkit computes from the results store; the
site and the SAR label which is which and show both where both exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .common import Date, Node, Text, doc
from .framework import Source


@dataclass(frozen=True, kw_only=True, slots=True)
class Declared(Node):
    indicator: str = doc(
        "What the figure counts: `trainees`, `intake`, `dual`, `dual_share`, `exams`, `passed`, `passports`, "
        "`graduates`, `employed`, `employment_rate` (the indicators computed from the results store), or "
        "`enterprises`, `colleges`, `agreements` (organisations in the agreements register)."
    )
    value: float = doc(
        "The figure as the source gives it: a count, or for a share (`dual_share`, `employment_rate`) a "
        "percentage, `94.3` for 94.3 %."
    )
    period: str = doc("The calendar year the figure is for, quoted: `'2025'`.")
    programme: str | None = doc(
        "Id of the programme it is about (omit `programme`, `college` and `region` for the whole catalogue).", None
    )
    college: str | None = doc(
        "The college or university it is about, named as a programme's `provider.name` (in any language).", None
    )
    region: str | None = doc("The region it is about: a code of the `regions` vocabulary (KATO), quoted.", None)
    of: int | None = doc(
        "How many people a share is taken over, where the source says; a count or a base below `privacy_k` is "
        "refused (CUR918), as for computed figures.",
        None,
        minimum=0,
    )
    as_of: Date | None = doc("The date the figure stands at (e.g. the report's cut-off date).", None)
    source: Source | None = doc(
        "Where the figure is published: `document` (title) and/or `url`, with `issuer` and `date`. Required (CUR915).",
        None,
    )
    beyond_catalogue: bool = doc(
        "True when the figure counts more than this catalogue's programmes (e.g. every college of the region): "
        "it is shown beside the computed figure but not compared with it.",
        False,
    )
    note: Text | None = doc("What the figure covers, where the indicator's name is not enough.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Figures(Node):
    kind: Literal["figures"] = doc("Always `figures`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
    id: str = doc("Id of the set, unique in the catalogue (use the file name).", pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: Text | None = doc("What the set gathers, e.g. the college's annual report.", None)
    illustrative: bool = doc("True for example data.", False)
    figures: tuple[Declared, ...] = doc("The declared figures.")
