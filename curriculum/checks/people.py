"""People and resources: staff and the modules they teach, partners' employees who teach, mentors'
certificates against their appointment, facilities, and competence centres as demonstration-exam venues.

Figures: the practitioners' share of teaching hours (hours taught by partners' employees over all hours
the staff list teaches). Dates are compared with the one clock.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import clock
from .. import diagnostics as d
from ..diagnostics import Diagnostic, closest
from ..model import Programme
from ..validate import duplicates


def practitioners_share(p: Programme) -> tuple[int, int]:
    """Hours taught by partners' employees, and all hours the staff list teaches."""
    total = sum(t.hours for t in p.staff)
    practitioners = sum(t.hours for t in p.staff if t.employer == "partner")
    return practitioners, total


def check_people(p: Programme) -> Iterator[Diagnostic]:
    today = clock.today_iso()
    modules = {m.id for m in p.modules}
    partners = {x.id for x in p.partners}
    yield from duplicates(((t.id, t.at("id")) for t in p.staff), "teacher")
    yield from duplicates(((f.id, f.at("id")) for f in p.facilities), "facility")
    yield from duplicates(((c.id, c.at("id")) for c in p.centres), "centre")
    for t in p.staff:
        for entry in t.teaches:
            if entry.module not in modules:
                yield d.make(d.UNKNOWN_MODULE, entry.loc, suggest=closest(entry.module, modules), module=entry.module)
        if t.employer == "partner" and t.partner is None:
            yield d.make(d.UNKNOWN_PARTNER, t.at("employer"), variant="missing", teacher=t.id)
        elif t.partner is not None and t.partner not in partners:
            where = t.at("partner")
            yield d.make(
                d.UNKNOWN_PARTNER, where, suggest=closest(t.partner, partners), teacher=t.id, partner=t.partner
            )
    for f in p.facilities:
        for i, mid in enumerate(f.modules):
            if mid not in modules:
                yield d.make(d.UNKNOWN_MODULE, f.at("modules", i), suggest=closest(mid, modules), module=mid)
    for x in p.partners:
        for m in x.mentors:
            cert, period = m.certificate, m.appointed
            if cert is None or cert.expires is None or period is None or period.end is None:
                continue
            if today <= cert.expires < period.end:
                yield d.make(
                    d.CERTIFICATE_EXPIRES,
                    cert.at("expires"),
                    mentor=m.name.get("en"),
                    partner=x.id,
                    expires=cert.expires,
                    end=period.end,
                )
    yield from _centres(p, today)


def _centres(p: Programme, today: str) -> Iterator[Diagnostic]:
    assessments = {a.id: a for m in p.modules for a in m.assessments}
    for c in p.centres:
        for i, exam_id in enumerate(c.exams):
            where = c.at("exams", i)
            exam = assessments.get(exam_id)
            if exam is None:
                yield d.make(d.UNKNOWN_ASSESSMENT, where, suggest=closest(exam_id, assessments), assessment=exam_id)
            elif exam.type != "demonstration-exam":
                yield d.make(d.EXAM_VENUE, where, variant="not-an-exam", exam=exam_id, centre=c.id)
            elif exam.standard and exam.standard not in c.skills:
                yield d.make(d.EXAM_VENUE, where, exam=exam_id, standard=exam.standard, centre=c.id)
            elif c.accredited_until and c.accredited_until < today:
                yield d.make(
                    d.EXAM_VENUE, where, variant="expired", centre=c.id, exam=exam_id, until=c.accredited_until
                )
