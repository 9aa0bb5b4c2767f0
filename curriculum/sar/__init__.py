"""The self-assessment report (SAR): which accreditation it is for, which evidence answers each criterion,
the team's narratives and attachments, and its due date.

A programme's SAR is written for its pending accreditation (``decision: pending``); the narrative for a
criterion is a Markdown file beside the programme, ``<programme file stem>-sar/<lang>/<criterion id>.md``
(``programmes/nura-mechatronics-sar/kk/2.md``). Generated evidence comes from the model; which evidence
answers a criterion is the standard's data (``evidence:``, else that of the ESG standards it maps to).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import Catalogue
from ..model import Accreditation, Criterion, Programme, Standard
from ..settings import Settings

ESG = "esg-2015"


@dataclass(frozen=True)
class Narrative:
    path: str  # relative to the catalogue root, as findings name files
    text: str


def target(p: Programme) -> Accreditation | None:
    """The accreditation the SAR is written for: the last pending one, else None."""
    pending = [a for a in p.accreditation if a.decision == "pending"]
    return pending[-1] if pending else None


def report_accreditation(p: Programme) -> Accreditation | None:
    """The accreditation a SAR command reports on: the pending one, else the last with a standard."""
    return target(p) or next((a for a in reversed(p.accreditation) if a.standard), None)


def previous(p: Programme, current: Accreditation | None) -> Accreditation | None:
    """The last decided accreditation before ``current`` (the one follow-up and changes are measured from)."""
    decided = [a for a in p.accreditation if a is not current and a.decision != "pending" and a.date]
    return max(decided, key=lambda a: a.date or "") if decided else None


def standard_of(catalogue: Catalogue, a: Accreditation | None) -> Standard | None:
    if a is not None and a.standard:
        return catalogue.standards.get(a.standard)
    return catalogue.standards.get(ESG)


def evidence_of(catalogue: Catalogue, criterion: Criterion) -> tuple[str, ...]:
    """The evidence kinds answering ``criterion``: its own, else those of the ESG standards it maps to."""
    if criterion.evidence:
        return tuple(criterion.evidence)
    esg = catalogue.standards.get(ESG)
    if esg is None:
        return ()
    by_id = {c.id: c for c in esg.criteria}
    out: list[str] = []
    for ref in criterion.esg:
        for kind in by_id[ref].evidence if ref in by_id else ():
            if kind not in out:
                out.append(kind)
    return tuple(out)


def available(
    catalogue: Catalogue, p: Programme, kind: str, current: Accreditation | None, results: object | None = None
) -> bool:
    """Whether the model (and, for ``results`` and ``monitoring``, the published ``results``) holds the
    evidence of ``kind`` for ``p``."""
    before = previous(p, current)
    if kind in ("results", "monitoring"):
        return results is not None
    if kind == "design":
        return any(m.outcomes for m in p.modules)
    if kind == "partners":
        return bool(p.partners)
    if kind == "assessment":
        return any(m.assessments for m in p.modules)
    if kind == "staff":
        return bool(p.staff) or any(x.mentors for x in p.partners)
    if kind == "resources":
        return bool(p.facilities or p.centres)
    if kind in ("figures", "public-information"):
        return True
    if kind == "external-qa":
        return before is not None or bool(current and current.follows)
    if kind == "follow-up":
        return bool(current and current.follows) or bool(before and (before.conditions or before.recommendations))
    if kind == "changes":
        return before is not None
    return False


def languages(a: Accreditation, s: Settings) -> tuple[str, ...]:
    """Languages the SAR is written in."""
    if a.languages:
        return tuple(a.languages)
    return tuple(s.required_languages if s.required_languages is not None else s.languages)


def narrative_dir(p: Programme) -> str:
    """The folder of the programme's narratives, relative to the catalogue root."""
    file = Path(p.loc.file)
    return (file.parent / f"{file.stem}-sar").as_posix()


def narrative(root: Path, p: Programme, criterion: str, lang: str) -> Narrative | None:
    rel = f"{narrative_dir(p)}/{lang}/{criterion}.md"
    path = root / rel
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return Narrative(rel, text) if text.strip() else None


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def due_date(a: Accreditation, s: Settings) -> str | None:
    """When the SAR is due: ``sar_due``, else ``visit`` − ``sar_lead_days``."""
    if a.sar_due:
        return a.sar_due
    if a.visit:
        return (datetime.date.fromisoformat(a.visit) - datetime.timedelta(days=s.sar_lead_days)).isoformat()
    return None
