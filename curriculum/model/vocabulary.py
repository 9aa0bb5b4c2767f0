"""Vocabularies: coded lists (regions, kinds of hours, cycles…) with names in every language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .common import Node, Text, Venue, doc
from .framework import Source


@dataclass(frozen=True, kw_only=True, slots=True)
class Term(Node):
    id: str = doc("The term's code, unique in its vocabulary (e.g. a KATO code `'750000000'`, or `theory`).")
    title: Text = doc("The term's name, in each language.")
    abbreviation: Text | None = doc("Short form as printed in tables (e.g. `ООД`, `ЛПЗ`).", None)
    description: Text | None = doc("What the term covers, where the title is not enough.", None)
    parent: str | None = doc("Id of the broader term in the same vocabulary, for hierarchical lists.", None)
    replaced_by: str | None = doc("Id of the term that replaces this one in a later edition (kept readable).", None)
    venue: Venue | None = doc("For kinds of hours: where they take place (college, workplace or both).", None)
    weeks: Literal["theory", "practice", "attestation"] | None = doc(
        "For kinds of hours: the weeks of the academic calendar they are taught in (the weekly load).", None
    )
    levels: tuple[Literal["tvet", "bachelor", "master"], ...] = doc(
        "Education levels the term applies to (empty: all).", ()
    )
    required: tuple[Literal["tvet", "bachelor", "master"], ...] = doc(
        "For kinds of hours: education levels whose programmes must have hours of this kind (CUR234), e.g. "
        "the kinds of practice the state standards prescribe.",
        (),
    )
    required_codes: tuple[str, ...] = doc(
        "For kinds of hours: beginnings of programme codes whose programmes must have hours of this kind "
        "whatever their level (CUR234), e.g. `6B01` for the teaching practice of education programmes.",
        (),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Vocabulary(Node):
    kind: Literal["vocabulary"] = doc("Always `vocabulary`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
    id: str = doc(
        "Vocabulary id, e.g. `regions`. A catalogue file with the id of a vocabulary shipped with the toolkit "
        "replaces it.",
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
    )
    title: Text = doc("Name of the list.")
    edition: str | None = doc("Edition or version of the source list, as text.", None)
    source: Source | None = doc("Where the list comes from.", None)
    illustrative: bool = doc("True for example data that is not an official list.", False)
    terms: tuple[Term, ...] = doc("The terms, in the order tables show them.")
