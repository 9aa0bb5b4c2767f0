"""The SAR as Markdown: the site's page per programme and language (MkDocs renders it, the print
stylesheet prints it). Every text is escaped; a narrative keeps its Markdown but not raw HTML."""

from __future__ import annotations

import html

from ..escape import escape_md
from .report import Narrative, Para, Report, Table, label


def cell(text: str) -> str:
    return escape_md(text) if text else "—"


def narrative_md(text: str) -> str:
    """A team's narrative: Markdown kept, HTML neutralised (``<script>`` is shown, never run)."""
    return html.escape(text.strip(), quote=False)


def render(report: Report, level: int = 1) -> str:
    h = "#" * level
    lang = report.lang
    out = [f"{h} {escape_md(report.title)}", ""]
    for note in report.notes:
        out += [f"*{escape_md(note)}*", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {cell(k)} | {cell(v)} |" for k, v in report.facts]
    out.append("")
    for s in report.sections:
        out += [f"{h}# {escape_md(s.id)} {escape_md(s.title)}", ""]
        if s.esg:
            out += [f"ESG {escape_md(', '.join(s.esg))}", ""]
        if s.statement:
            out += [f"> {escape_md(s.statement)}", ""]
        if s.guidance:
            out += [f"*{escape_md(label('sar_guidance', lang))}:* {escape_md(s.guidance)}", ""]
        for block in s.blocks:
            if isinstance(block, Table):
                out += [f"**{escape_md(block.caption)}**", ""]
                out.append("| " + " | ".join(cell(x) for x in block.header) + " |")
                out.append("|" + "---|" * len(block.header))
                out += ["| " + " | ".join(cell(x) for x in row) + " |" for row in block.rows]
                out.append("")
            elif isinstance(block, Para):
                out += [escape_md(block.text), ""]
            elif isinstance(block, Narrative):
                out += [f"{h}## {escape_md(label('sar_narrative', lang))}", "", narrative_md(block.markdown), ""]
    return "\n".join(out) + "\n"
