"""The SAR as an A4 PDF through the dossier's print pipeline (:mod:`curriculum.pdf`): a standalone HTML
document with its own print stylesheet (tables repeat their header row on each page and never split a
row), printed by Chromium and made reproducible by pikepdf."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from .report import Narrative, Para, Report, Table, label

STYLE = """
@page { size: A4; margin: 18mm 15mm 20mm 15mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt sans-serif; } }
body { font: 10pt/1.4 "DejaVu Sans", "Noto Sans", sans-serif; color: #111; }
h1 { font-size: 18pt; margin: 0 0 8pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.caption { font-weight: bold; margin: 8pt 0 3pt; break-after: avoid; }
.statement { font-style: italic; }
.note { border-left: 3pt solid #888; padding-left: 6pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #666; padding: 2pt 4pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
"""


def e(text: str) -> str:
    return html.escape(text or "—", quote=True)


def narrative_html(markdown_text: str) -> str:
    import markdown

    return str(markdown.markdown(html.escape(markdown_text.strip(), quote=False), extensions=["tables"]))


def document(report: Report) -> str:
    lang = report.lang
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(report.title)}</title>',
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
    ]
    out += [f'<p class="note">{e(n)}</p>' for n in report.notes]
    out.append("<table><tbody>")
    out += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in report.facts]
    out.append("</tbody></table>")
    for s in report.sections:
        out.append(f'<section id="c-{e(s.id)}"><h2>{e(s.id)} {e(s.title)}</h2>')
        if s.esg:
            out.append(f"<p>ESG {e(', '.join(s.esg))}</p>")
        if s.statement:
            out.append(f'<p class="statement">{e(s.statement)}</p>')
        if s.guidance:
            out.append(f"<p><b>{e(label('sar_guidance', lang))}:</b> {e(s.guidance)}</p>")
        for block in s.blocks:
            if isinstance(block, Table):
                out.append(f'<p class="caption">{e(block.caption)}</p><table><thead><tr>')
                out += [f"<th>{e(x)}</th>" for x in block.header]
                out.append("</tr></thead><tbody>")
                for row in block.rows:
                    out.append("<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>")
                out.append("</tbody></table>")
            elif isinstance(block, Para):
                out.append(f"<p>{e(block.text)}</p>")
            elif isinstance(block, Narrative):
                out.append(f"<h3>{e(label('sar_narrative', lang))}</h3>")
                out.append(narrative_html(block.markdown))
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write(report: Report, target: Path) -> None:
    """Print the report to ``target`` with Chromium (raise SiteError when it cannot be printed)."""
    from ..dossier import Job, find_chromium, missing
    from ..pdf import print_jobs
    from ..site import SiteError

    why = missing()
    chromium = find_chromium()
    if why or chromium is None:
        raise SiteError((why or "Chromium not found").replace("--pdf", "--format pdf"))
    with tempfile.TemporaryDirectory(prefix="curriculum-sar-") as folder:
        page = Path(folder) / "sar.html"
        page.write_text(document(report), encoding="utf-8")
        out = Path(folder) / "sar.pdf"
        print_jobs([Job(page, out, report.title, report.lang, report.date)], chromium, 1)
        target.write_bytes(out.read_bytes())
