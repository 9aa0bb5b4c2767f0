"""Accreditation: standards as data, a programme's accreditations, conditions and recommendations.

A standard (``kind: standard``) lists criteria with ids, titles, guidance, a crosswalk to ESG 2015
Part 1 and which evidence the toolkit generates for each; the toolkit ships ESG 2015 Part 1
(``curriculum/standards/esg-2015.yml``) and a catalogue adds its agency's standards under
``standards/``. A programme's accreditation names the standard, the visit, the panel (roles only),
the decision, and the follow-up the panel asked for: conditions (binding) and recommendations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from .common import Date, Lang, Node, Text, doc
from .framework import Source

EvidenceKind = Literal[
    "design",
    "partners",
    "assessment",
    "staff",
    "resources",
    "figures",
    "public-information",
    "external-qa",
    "follow-up",
    "changes",
    "results",
    "monitoring",
]
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
Subject = Literal["mentor-training", "partner-staff", "workplace-share", "coverage", "resources"]
PanelRole = Literal["chair", "academic", "employer", "student", "international", "secretary", "observer"]
Status = Literal["open", "in-progress", "closed"]
ESG_PART1: tuple[str, ...] = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10")


@dataclass(frozen=True, kw_only=True, slots=True)
class Criterion(Node):
    id: str = doc("Criterion id as the agency numbers it, unique in the standard, e.g. `1.2` or `3.4` (quoted).")
    title: Text = doc("The criterion's title.")
    statement: Text | None = doc("The criterion's text as the standard states it.", None)
    guidance: Text | None = doc("What the self-assessment should show for it.", None)
    esg: tuple[str, ...] = doc("ESG 2015 Part 1 standards it corresponds to, e.g. `['1.2']` (crosswalk).", ())
    evidence: tuple[EvidenceKind, ...] = doc(
        "Evidence the toolkit generates for it: `design` (outcomes, alignment matrix), `partners`, `assessment`, "
        "`staff`, `resources`, `figures`, `public-information`, `external-qa`, `follow-up`, `changes` (since the "
        "last accreditation), `results` (indicators computed from the results store and declared figures with their "
        "source), `monitoring` (planned vs achieved: employer ratings, demonstration-exam sections, partners). "
        "Default: the evidence of the ESG standards in `esg`.",
        (),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Standard(Node):
    kind: Literal["standard"] = doc("Always `standard`.")
    format: int = doc(
        "Format version of the file (`2`). A file without it is format 1: read, migrated in memory and "
        "noted (CUR120); `curriculum migrate` rewrites it.",
        2,
        minimum=1,
    )
    id: str = doc(
        "Standard id used by a programme's accreditation, e.g. `esg-2015`, `nkca-tvet-2024`. A catalogue file with "
        "the id of a standard shipped with the toolkit replaces it.",
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
    )
    title: Text = doc("Name of the standard.")
    agency: str | None = doc("Agency that applies it, e.g. `NKCA`, `IQAA`, `IAAR`, `ECAQA`, `ACQUIN`.", None)
    edition: str | None = doc("Edition or year, as text.", None)
    source: Source | None = doc("Where the standard is published.", None)
    unofficial: tuple[Lang, ...] = doc("Languages whose texts are unofficial translations.", ())
    illustrative: bool = doc("True for example data that is not an agency's official text.", False)
    criteria: tuple[Criterion, ...] = doc("The criteria, in the standard's order (the report's order).")


@dataclass(frozen=True, kw_only=True, slots=True)
class Recommendation(Node):
    id: str = doc("Recommendation id, e.g. `R1`.")
    text: Text = doc("What the panel recommended.")
    status: Status = doc("Where it stands.", "open")
    evidence: Text | None = doc("What was done, with references.", None)
    due: Date | None = doc("Deadline; once past while not closed: CUR753 (warning).", None)
    esg: str | None = doc("ESG Part 1 standard it concerns, e.g. `1.5`.", None)
    criterion: str | None = doc("Criterion of the accreditation's standard it concerns.", None)
    subject: Subject | None = doc(
        "What it is about, tying it to a rule the toolkit checks: `mentor-training` (cannot be closed while an "
        "untrained mentor is planned), `partner-staff` (practitioners' share of teaching hours), "
        "`workplace-share`, `coverage`, `resources`.",
        None,
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Condition(Recommendation):
    id: str = doc("Condition id, e.g. `C1`.")
    text: Text = doc("What the panel made a condition of the accreditation.")
    due: Date = doc("Deadline; once past while not closed: CUR752 (error).")  # type: ignore[assignment]


@dataclass(frozen=True, kw_only=True, slots=True)
class FollowRef(Node):
    programme: str = doc("Id of the programme whose accreditation made the recommendation.")
    recommendation: str = doc("Id of that recommendation or condition, e.g. `R1`.")
    note: Text | None = doc("How this programme takes it up.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Attachment(Node):
    path: str = doc("File path, relative to the catalogue root (agreements, minutes, approvals).")
    sha256: str = doc(
        "SHA-256 of the file as attached (64 hex digits): a changed file is reported (CUR763).",
        pattern=r"^[0-9a-f]{64}$",
    )
    title: Text = doc("What the document is.")
    criterion: str | None = doc("Criterion it supports.", None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Accreditation(Node):
    agency: str = doc("Agency, e.g. `IQAA`, `NKCA`, `ACQUIN`.")
    type: Literal["programme", "institutional"] = doc("Programme or institutional accreditation.", "programme")
    standard: str | None = doc("Id of the standard it is assessed against (`kind: standard`), e.g. `esg-2015`.", None)
    decision: Literal["accredited", "conditional", "denied", "pending"] = doc("The decision.")
    date: Date | None = doc("Date of the decision.", None)
    valid_until: Date | None = doc("End of validity.", None)
    visit: Date | None = doc("First day of the panel's site visit; the SAR is due before it (`sar_lead_days`).", None)
    sar_due: Date | None = doc(
        "Date the self-assessment report is due, where the agency sets one (default: `visit` − `sar_lead_days`).", None
    )
    sar_submitted: Date | None = doc("Date the self-assessment report was submitted (ends CUR764/CUR765).", None)
    panel: tuple[PanelRole, ...] = doc(
        "The panel by role only (no names): chair, academic, employer, student, international, secretary, observer.",
        (),
    )
    report: str | None = doc("Where the panel's report is published.", None)
    languages: tuple[Lang, ...] = doc("Languages the SAR is written in (default: the required languages).", ())
    conditions: tuple[Condition, ...] = doc("Conditions of the decision: binding, each with a due date.", ())
    recommendations: tuple[Recommendation, ...] = doc("The panel's recommendations.", ())
    follows: tuple[FollowRef, ...] = doc("Recommendations made to another programme that this one takes up.", ())
    attachments: tuple[Attachment, ...] = doc(
        "Documents attached to the SAR (paths relative to the catalogue root), each with its SHA-256.", ()
    )
