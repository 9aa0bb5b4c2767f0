"""The SAR as an editable DOCX (python-docx, the ``docx`` extra): a heading per criterion in the standard's
order, the evidence tables and the narrative, for a team to polish in the word processor agencies expect.

Deterministic: the document properties come from the report (its date, the provider), and the package is
re-zipped with fixed timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from .report import Narrative, Para, Report, Table, label

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def missing() -> str | None:
    """Why a DOCX cannot be written here, or None."""
    import importlib.util

    if importlib.util.find_spec("docx") is None:
        return "--format docx needs python-docx: pip install 'curriculum[docx]'"
    return None


def _plain(markdown: str) -> str:
    """Inline Markdown reduced to its text (emphasis and code marks dropped, links to their text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"(\*\*|__|\*|_|`)", "", text).strip()


def _narrative(doc: Any, markdown: str) -> None:
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [x.strip() for x in block.splitlines() if x.strip()]
        if not lines:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if heading and len(lines) == 1:
            doc.add_heading(_plain(heading.group(2)), level=3)
        elif all(re.match(r"^[-*+]\s+", x) for x in lines):
            for x in lines:
                doc.add_paragraph(_plain(re.sub(r"^[-*+]\s+", "", x)), style="List Bullet")
        else:
            doc.add_paragraph(_plain(" ".join(lines)))


def _table(doc: Any, block: Table) -> None:
    caption = doc.add_paragraph()
    caption.add_run(block.caption).bold = True
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text or "—"


def document_bytes(report: Report, author: str) -> bytes:
    import docx

    doc = docx.Document()
    props = doc.core_properties
    when = datetime.datetime.fromisoformat(report.date + "T00:00:00")
    props.title = report.title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = report.lang
    props.subject = label("sar", report.lang)
    props.keywords = report.programme
    props.comments = ""
    doc.add_heading(report.title, level=0)
    for note in report.notes:
        doc.add_paragraph().add_run(note).italic = True
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for key, value in report.facts:
        cells = facts.add_row().cells
        cells[0].text = key
        cells[1].text = value
    for s in report.sections:
        doc.add_heading(f"{s.id} {s.title}", level=1)
        if s.esg:
            doc.add_paragraph("ESG " + ", ".join(s.esg))
        if s.statement:
            p = doc.add_paragraph()
            p.add_run(s.statement).italic = True
        if s.guidance:
            p = doc.add_paragraph()
            p.add_run(label("sar_guidance", report.lang) + ": ").bold = True
            p.add_run(s.guidance)
        for block in s.blocks:
            if isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Para):
                doc.add_paragraph(block.text)
            elif isinstance(block, Narrative):
                doc.add_heading(label("sar_narrative", report.lang), level=2)
                _narrative(doc, block.markdown)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps and attributes (zip stores the save time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def write(report: Report, author: str, target: Path) -> None:
    """Write the DOCX to ``target`` (through a temporary file: never a half-written document)."""
    data = document_bytes(report, author)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
