"""The self-assessment report: date-dependent accreditation findings follow the one clock; the SAR's
evidence, narratives and outputs (site section, DOCX, PDF)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main

from .docx_support import tables_under

ROOT = Path(__file__).resolve().parent.parent
OVERDUE = (
    "accreditation:\n  - agency: IQAA\n    decision: accredited\n    date: 2025-06-20\n    recommendations:\n"
    "      - id: R1\n        text: {en: Survey employers, kk: Жұмыс берушілерге сауалнама, ru: Опрос работодателей}\n"
    "        due: 2026-06-01\n    conditions:\n"
    "      - {id: C1, text: Sign a third agreement, due: 2026-06-15}\npartners:\n  - id: alpha-soft"
)


def _codes(root: Path, *before: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(main, [*before, "check", str(root), "--format", "json"])
    return sorted((x["code"], x["line"]) for x in json.loads(result.stdout)["diagnostics"])


def test_overdue_follow_up_reads_the_one_clock(scaffold: Path) -> None:
    path = scaffold / "programmes" / "example-web.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("partners:\n  - id: alpha-soft", OVERDUE), encoding="utf-8"
    )
    assert _codes(scaffold) == [("CUR752", 136), ("CUR753", 134)]  # the tests' day: 2026-06-30
    assert _codes(scaffold, "--today", "2026-06-10") == [("CUR753", 134)]  # the condition is not yet due
    assert _codes(scaffold, "--today", "2026-06-01") == [("CUR703", 132)]  # due today is not overdue: a note


# -- the report: DOCX, PDF and the site page ------------------------------------------------------
NURA = "nura-mechatronics"
NKCA_CRITERIA = ["1", "2", "3", "4", "5", "6", "7", "8"]


def _sar(*args: str) -> int:
    result = CliRunner().invoke(main, ["sar", *args, "--root", str(ROOT)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code


def test_docx_has_every_criterion_in_order_with_its_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "sar.docx"
    assert _sar(NURA, "--lang", "kk", "--format", "docx", "-o", str(out)) == 0
    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(" ", 1)[0] for h in headings] == NKCA_CRITERIA
    assert headings[4] == "5 Оқытушылар және кәсіпорын тәлімгерлері"  # the standard's Kazakh title
    under = {heading: [t[0] for t in tables] for heading, tables in tables_under(doc).items()}  # the header rows
    assert "Модуль" in under["2"][0] and "Құзыреттер" in under["2"][0]  # design: modules and competencies
    assert any("Серіктес" in header for header in under["2"])  # partners and agreements
    assert any("Аты-жөні" in header and "Жұмыс орны" in header for header in under["5"])  # teaching staff
    assert any("Орталық" in header for header in under["6"])  # competence centres
    assert "1" not in under  # criterion 1 has no generated evidence: its narrative only
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Колледждің сапаны қамтамасыз ету саясатын педагогикалық кеңес бекіткен" in text  # kk narrative
    assert "Практиктер жүргізетін сағаттар үлесі: 9.3 % (180 / 1928)" in text
    assert doc.core_properties.created.isoformat().startswith("2026-06-30")  # the one clock, not the time of the run


def test_docx_is_byte_identical(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert _sar(NURA, "--lang", "ru", "--format", "docx", "-o", str(a)) == 0
    assert _sar(NURA, "--lang", "ru", "--format", "docx", "-o", str(b)) == 0
    assert a.read_bytes() == b.read_bytes()


def test_pdf_is_a4_with_every_criterion(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    from curriculum import dossier
    from curriculum.pdfmeta import outline_pages

    if dossier.missing():
        pytest.skip(dossier.missing() or "")
    out = tmp_path / "sar.pdf"
    assert _sar(NURA, "--lang", "ru", "--format", "pdf", "-o", str(out)) == 0
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            width, height = (float(x) for x in page.MediaBox[2:])
            assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 portrait
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260630")
    titles = [t for t, _ in outline_pages(out.read_bytes())]
    criteria = [t.split(" ", 1)[0] for t in titles if t.split(" ", 1)[0] in NKCA_CRITERIA]
    assert criteria == NKCA_CRITERIA
    from curriculum.sar.pdf import STYLE

    assert "tr { break-inside: avoid; }" in STYLE  # a row is never cut across pages


def test_sar_usage_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sar", "nura-mechatronic", "-o", str(tmp_path / "x.docx"), "--root", str(ROOT)])
    assert result.exit_code == 2
    assert "did you mean `nura-mechatronics`?" in result.output
    assert not (tmp_path / "x.docx").exists()


PENDING = (
    "accreditation:\n  - agency: IQAA\n    standard: esg-2015\n    decision: pending\n    visit: 2027-03-01\n"
    "staff:\n  - {id: T1, name: Aizhan Nurpeisova, position: Teacher, teaches: {PM01: 100}}\n"
    "partners:\n  - id: alpha-soft"
)


def test_site_page_escapes_and_pseudonymises(scaffold: Path) -> None:
    from curriculum.checks import check_path
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    path = scaffold / "programmes" / "example-web.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("partners:\n  - id: alpha-soft", PENDING), encoding="utf-8"
    )
    folder = scaffold / "programmes" / "example-web-sar" / "en"
    folder.mkdir(parents=True)
    (folder / "1.1.md").write_text("Our *policy* <script>alert(1)</script> | pipe\n", encoding="utf-8")
    result = check_path(scaffold)
    page = render(build(result, result.catalogue.programmes["example-web"], "en"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "## 1.1 Policy for quality assurance" in page.replace("1\\.1", "1.1")
    assert "Aizhan Nurpeisova" in page
    config = scaffold / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "    pseudonymise_staff: true\n", encoding="utf-8")
    result = check_path(scaffold)
    page = render(build(result, result.catalogue.programmes["example-web"], "en"))
    assert "Aizhan" not in page and "Teacher T1" in page
    assert "Daniyar Omarov" not in page and "Mentor alpha\\-soft\\-2" in page


def test_site_has_the_sar_page_linked_from_the_dossier(scaffold: Path) -> None:
    from curriculum.commands import build as build_cmd

    path = scaffold / "programmes" / "example-web.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("partners:\n  - id: alpha-soft", PENDING), encoding="utf-8"
    )
    folder = scaffold / "programmes" / "example-web-sar" / "kk"
    folder.mkdir(parents=True)
    (folder / "1.1.md").write_text("Саясат <script>alert(1)</script>\n", encoding="utf-8")
    assert build_cmd.run(scaffold, False, None, None, False) == 0
    base = scaffold / "site" / "kk" / "programmes" / "example-web"
    page = (base / "sar.html").read_text(encoding="utf-8")
    assert "Сапаны қамтамасыз ету саясаты" in page  # ESG 1.1 in Kazakh (unofficial translation, marked)
    assert "ресми емес аударма" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    for linking in ("accreditation.html", "print.html"):  # the dossier includes the accreditation part
        assert 'href="sar.html"' in (base / linking).read_text(encoding="utf-8"), linking


def test_changes_since_the_last_accreditation(scaffold: Path) -> None:
    import os
    import subprocess

    from curriculum.checks import check_path
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    path = scaffold / "programmes" / "example-web.yml"
    decided = (
        "accreditation:\n  - agency: IQAA\n    standard: esg-2015\n    decision: accredited\n    date: 2024-06-20\n"
        "    recommendations:\n      - {id: R1, text: Add a partner, subject: partner-staff, status: open}\n"
        "staff:\n  - {id: T1, name: A, position: Teacher, teaches: {PM01: 100}}\n"
        "  - {id: T2, name: B, position: Developer, employer: partner, partner: alpha-soft, teaches: {PM02: 25}}\n"
        "partners:\n  - id: alpha-soft"
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("partners:\n  - id: alpha-soft", decided), encoding="utf-8"
    )
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-06-01T12:00:00", "GIT_COMMITTER_DATE": "2024-06-01T12:00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=scaffold, check=True, env=env)
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: Design implementation}", "en: Design implementation and accessibility}", 1)
    path.write_text(text.replace("teaches: {PM02: 25}", "teaches: {PM02: 50}"), encoding="utf-8")
    result = check_path(scaffold)
    page = render(build(result, result.catalogue.programmes["example-web"], "en"))
    section = page[page.index("## 1\\.9 ") : page.index("## 1\\.10 ")]
    assert "Changes since the last accreditation" in section
    assert "Design implementation and accessibility" in section
    assert "R1" in section  # the follow-up of the last accreditation
    # a recommendation on partner staff shows the practitioners' share at the decision and now
    assert "teaching hours: 20\\.0 % \\(at the decision of 2024\\-06\\-20\\), 33\\.3 % \\(now\\)" in section


@pytest.mark.parametrize(("lang", "name"), [("kk", "Алматы қаласы"), ("ru", "город Алматы"), ("en", "Almaty")])
def test_partners_table_names_the_region_in_the_reports_language(lang: str, name: str) -> None:
    """A partner's region is a KATO code of the regions vocabulary; the report names it, not the code."""
    from curriculum.checks import check_path
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    result = check_path(ROOT)
    md = render(build(result, result.catalogue.programmes["6b01301-primary-education-ict"], lang))
    rows = [line for line in md.splitlines() if "ДО\\-2022/011" in line]
    assert len(rows) == 1, rows
    assert rows[0].split(" | ")[1] == name, rows[0]
    assert "750000000" not in md


def test_docx_partners_table_names_the_region(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "sar.docx"
    assert _sar("6b01301-primary-education-ict", "--lang", "ru", "--format", "docx", "-o", str(out)) == 0
    cells = [[c.text for c in row.cells] for t in docx.Document(str(out)).tables for row in t.rows]
    row = next(r for r in cells if any("ДО-2022/011" in c for c in r))
    assert row[1] == "город Алматы", row
