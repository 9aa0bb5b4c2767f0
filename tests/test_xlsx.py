"""The working curriculum as an Excel workbook: layout, totals readable without calculation, same bytes."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from curriculum.catalogue import load_catalogue
from curriculum.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows_of(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def by_key(ws: Any) -> dict[str, int]:
    """Column numbers (0-based) by the key in row 10."""
    return {str(v): i for i, v in enumerate(rows_of(ws)[9]) if v is not None}


def test_export_all_programmes(tmp_path: Path) -> None:
    out = tmp_path / "rup.xlsx"
    status, _, err = run("export", "xlsx", "--root", str(ROOT), "-o", str(out))
    assert status == 0, err
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames[0] == "curriculum"
    assert "nura-mechatronics" in wb.sheetnames
    # sheet names stop at 31 characters; the id itself stands in B2
    long = wb["6b01705-russian-language-litera"]
    assert long["B2"].value == "6b01705-russian-language-literature"
    title = wb["curriculum"]
    assert title["A1"].value == "curriculum working curriculum"
    assert title["B2"].value == "2026-06-30"  # the one clock, fixed by the tests
    ids = [r[1] for r in rows_of(title)[4:]]
    assert ids == sorted(ids) and "nura-mechatronics" in ids and len(ids) == len(wb.sheetnames) - 1


def test_rows_hours_and_totals_with_values(tmp_path: Path) -> None:
    out = tmp_path / "nura.xlsx"
    status, _, err = run("export", "xlsx", "nura-mechatronics", "--root", str(ROOT), "-o", str(out), "--lang", "en")
    assert status == 0, err
    values = openpyxl.load_workbook(out, data_only=True)["nura-mechatronics"]
    formulas = openpyxl.load_workbook(out)["nura-mechatronics"]
    k = by_key(values)
    rows = rows_of(values)
    assert rows[8][k["hours:theory"]] == "Th"  # the vocabulary's abbreviation, in English
    bm01 = next(r for r in rows if r[0] == "load" and r[k["module"]] == "BM01")
    # physical education runs over semesters 1-3: its first row is semester 1's 4 + 52 hours
    assert (bm01[k["semester"]], bm01[k["hours:theory"]], bm01[k["hours:lpz"]]) == (1, 4, 52)
    assert bm01[k["total"]] == 56
    assert bm01[k["control"]] == "credit"
    assert bm01[k["title.ru"]] == "Развитие и совершенствование физических качеств"
    # cycles in the vocabulary's order, each closed by its subtotal: БМ = 168 + 120 + 192 + 144
    assert [r[1] for r in rows if r[0] == "cycle"] == ["bm", "pm", "practice", "ia"]
    bm = next(r for r in rows if r[0] == "subtotal" and r[1] == "bm")
    assert bm[k["total"]] == 624
    # the programme's total is the declared 4,368 hours (182 credits of 24 h); formula and value both stored
    total_row = next(i for i, r in enumerate(rows) if r[0] == "total") + 1
    ref = f"{openpyxl.utils.get_column_letter(k['total'] + 1)}{total_row}"
    assert values[ref].value == 4368
    assert str(formulas[ref].value).startswith("=SUM(")
    # one row per semester with its hours by kind; they add up to the programme's total
    semesters = [r for r in rows if r[0] == "semester"]
    assert [r[k["semester"]] for r in semesters] == [1, 2, 3, 4, 5, 6]
    assert sum(r[k["total"]] for r in semesters) == 4368
    assert str(formulas.cell(row=rows.index(semesters[0]) + 1, column=k["total"] + 1).value).startswith("=SUMIFS(")


def test_same_bytes_every_time(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("export", "xlsx", "--root", str(ROOT), "-o", str(a))[0] == 0
    assert run("export", "xlsx", "--root", str(ROOT), "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_unknown_programme_is_a_usage_error(tmp_path: Path) -> None:
    status, _, err = run("export", "xlsx", "nope", "--root", str(ROOT), "-o", str(tmp_path / "x.xlsx"))
    assert status == 2
    assert "no programme `nope`" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_outcomes_by_competencies_csv() -> None:
    status, out, err = run("export", "csv", "nura-mechatronics", "--root", str(ROOT))
    assert status == 0, err
    table = list(csv.reader(io.StringIO(out)))
    head = table[0]
    assert head[:2] == ["module", "outcome"]
    bm01_1 = next(r for r in table if r[1] == "BM01.1")
    assert bm01_1[head.index("ps-mechatronics:PC4")] == "reinforced"
    assert bm01_1[head.index("ps-mechatronics:PC1")] == ""


# --------------------------------------------------------------------------- import
def catalogue_copy(tmp_path: Path) -> Path:
    root = tmp_path / "cat"
    for folder in ("competencies", "programmes", "standards"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_round_trip_every_example_programme(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    before = load_catalogue(root)
    assert len(before.programmes) >= 6
    book = tmp_path / "all.xlsx"
    assert run("export", "xlsx", "--root", str(root), "-o", str(book))[0] == 0
    texts = {p: p.read_bytes() for p in (root / "programmes").glob("*.yml")}
    # a different model first, so that an import that changed nothing could not pass: every file goes
    # through the round-trip writer
    path = root / "programmes" / "nura-mechatronics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("hours: {theory: 10, lpz: 150}", "hours: {theory: 11}"))
    for ident, p in before.programmes.items():
        path = root / p.loc.file
        text = path.read_text(encoding="utf-8")
        assert f"\nsemesters: {p.semesters}\n" in text, ident
        path.write_text(text.replace(f"\nsemesters: {p.semesters}\n", f"\nsemesters: {p.semesters + 2}\n"))
    changed = load_catalogue(root)
    assert all(changed.programmes[k] != p for k, p in before.programmes.items())
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 0, err
    assert err.count(": updated") == len(before.programmes)
    after = load_catalogue(root)
    for ident, p in before.programmes.items():
        assert after.programmes[ident] == p, ident
    # the files are byte for byte what they were: comments, order and layout kept
    assert {p: p.read_bytes() for p in (root / "programmes").glob("*.yml")} == texts


def test_import_changes_only_the_working_curriculum(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["nura-mechatronics"]
    assert (ws["C12"].value, ws["I12"].value, ws["J12"].value) == ("BM01", 1, 4)
    ws["J12"] = 14  # BM01 in semester 1: 14 h of theory instead of 4
    ws["R12"] = 999  # a typed total
    wb.save(book)
    path = root / "programmes" / "nura-mechatronics.yml"
    old = path.read_text(encoding="utf-8").splitlines()
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 1
    assert (
        "nura.xlsx:12:18: CUR541 warning: nura-mechatronics!R12: the total reads 999, but the hours add up to 66" in err
    )
    new = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        (
            "      - {semester: 1, hours: {theory: 4, lpz: 52}, control: [credit]}",
            "      - {semester: 1, hours: {theory: 14, lpz: 52}, control: [credit]}",
        )
    ]
    bm01 = load_catalogue(root).programmes["nura-mechatronics"].modules[0]
    assert bm01.hours_by_kind() == {"theory": 22, "lpz": 156}


def test_a_bad_cell_writes_nothing(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["nura-mechatronics"]
    ws["J12"] = 10
    ws["K13"] = "eighty"  # BM01's laboratory hours in semester 2
    ws["I14"] = 9  # BM01's third row in semester 9 of 6
    ws["S15"] = "exam, oral-exam"  # BM02: a form of control the vocabulary does not know
    wb.save(book)
    before = (root / "programmes" / "nura-mechatronics.yml").read_bytes()
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 1
    assert (
        "nura.xlsx:13:11: CUR542 error: nura-mechatronics!K13: expected a whole number of hours (0 or more), found `eighty`"
        in err
    )
    assert "nura.xlsx:14:9: CUR542 error: nura-mechatronics!I14: expected a semester (1–6), found `9`" in err
    assert (
        "nura.xlsx:15:19: CUR542 error: nura-mechatronics!S15: expected a term of the vocabulary `control-forms` ("
        in err
    )
    assert "found `oral-exam`" in err
    assert "nothing written" in err
    assert (root / "programmes" / "nura-mechatronics.yml").read_bytes() == before


def test_a_workbook_of_another_layout(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    other = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "РУП"
    wb.active["A1"] = "Рабочий учебный план"
    wb.save(other)
    status, _, err = run("import", "xlsx", str(other), "--root", str(root))
    assert status == 2
    assert (
        "plan.xlsx:1:1: CUR540 error: РУП!A1: expected a first sheet `curriculum`, found `Рабочий учебный план`" in err
    )
    # a programme sheet whose header is not ours
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    wb["nura-mechatronics"]["I10"] = "term"
    wb.save(book)
    before = (root / "programmes" / "nura-mechatronics.yml").read_bytes()
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 2
    assert "nura.xlsx:10:9: CUR540 error: nura-mechatronics!I10: expected the key `semester`, found `term`" in err
    assert (root / "programmes" / "nura-mechatronics.yml").read_bytes() == before
    # not a workbook at all
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a zip", encoding="utf-8")
    assert run("import", "xlsx", str(junk), "--root", str(root))[0] == 2


def test_a_programme_not_in_the_catalogue_gets_a_new_file(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    wb["nura-mechatronics"]["B2"] = "nura-mechatronics-2026"
    wb.save(book)
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 1
    assert (
        "programmes/nura-mechatronics-2026.yml:1:1: CUR544 warning: `nura-mechatronics-2026` was created from the "
        "workbook; still missing: provider, qualifications, languages, run, cohort"
    ) in err
    text = (root / "programmes" / "nura-mechatronics-2026.yml").read_text(encoding="utf-8")
    assert "  - id: BM01\n" in text
    assert "      - {semester: 1, hours: {theory: 4, lpz: 52}, control: [credit]}\n" in text
    assert "id: nura-mechatronics-2026\n" in text and "semesters: 6\n" in text


def test_a_module_left_out_of_the_workbook_is_kept(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    for row in (12, 13, 14):  # BM01's rows (semesters 1-3) are now blank lines
        wb["nura-mechatronics"][f"A{row}"] = None
    wb.save(book)
    lines = (root / "programmes" / "nura-mechatronics.yml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  - id: BM01") + 1
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 1
    assert (
        f"programmes/nura-mechatronics.yml:{line}:5: CUR543 warning: module `BM01` is in the programme but on no row "
        "of sheet `nura-mechatronics`; it is kept as it was"
    ) in err
    assert load_catalogue(root).programmes["nura-mechatronics"].modules[0].id == "BM01"


# --------------------------------------------------------------------------- calendar, language groups, approvals
EXTRA = {
    "nura-mechatronics.yml": (
        "language_groups:\n  - {language: kk, groups: 1, students: 25}\n  - {language: ru, groups: 1}\n",
        "approvals:\n"
        "  - year: 2023-2024\n"
        "    approved_by: {kk: Колледж директоры, ru: Директор колледжа, en: Head of the college}\n"
        "    date: 2023-08-28\n"
        "    agreed_with: {kk: «Кеңші Машинери» ЖШС, ru: ТОО «Кенши Машинери», en: Kenshi Machinery LLP}\n"
        "    agreed: 2023-08-25\n"
        "    document: '1'\n"
        "  - {year: 2024-2025, approved_by: Pedagogical council, date: 2024-08-29}\n",
    ),
}


def with_blocks(root: Path) -> None:
    """Language groups and approvals in a programme of the copy (the calendar is in the examples)."""
    for name, (groups, approvals) in EXTRA.items():
        path = root / "programmes" / name
        text = path.read_text(encoding="utf-8")
        text = text.replace("\nsemesters: ", "\n" + groups + "semesters: ", 1)
        text = text.replace("\npartners:\n", "\n" + approvals + "partners:\n", 1)
        path.write_text(text, encoding="utf-8")


def block_rows(ws: Any, name: str) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """The keys of a block and its rows."""
    rows = rows_of(ws)
    keys = next(r for i, r in enumerate(rows) if r[0] == "keys" and rows[i - 2][1] == name)
    return list(keys), [r for r in rows if r[0] == name]


def test_calendar_language_groups_and_approvals_in_the_workbook(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    with_blocks(root)
    book = tmp_path / "nura.xlsx"
    status, _, err = run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book), "--lang", "ru")
    assert status == 0, err
    values = openpyxl.load_workbook(book, data_only=True)["nura-mechatronics"]
    formulas = openpyxl.load_workbook(book)["nura-mechatronics"]
    p = load_catalogue(root).programmes["nura-mechatronics"]
    keys, rows = block_rows(values, "calendar")
    assert keys[1:10] == [
        "year",
        "alternation",
        "workplace_days",
        "semester",
        "theory",
        "practice",
        "attestation",
        "holidays",
        "weeks",
    ]
    expected = [
        (y.year, y.alternation, y.workplace_days, cs.semester, cs.theory, cs.practice, cs.attestation, cs.holidays)
        for y in p.calendar
        for cs in y.semesters
    ]
    assert [tuple(0 if v is None and i > 3 else v for i, v in enumerate(r[1:9])) for r in rows] == expected
    first = next(i for i, r in enumerate(rows_of(values)) if r[0] == "calendar") + 1
    weeks = f"{openpyxl.utils.get_column_letter(10)}{first}"
    assert formulas[weeks].value == f"=SUM(F{first}:I{first})"  # weeks of the semester: a formula with its value
    assert values[weeks].value == sum(expected[0][4:8])
    labels = rows_of(values)[first - 3]
    assert labels[1] == "Курс" and labels[9] == "Всего недель"
    keys, rows = block_rows(values, "language_groups")
    assert [r[1:4] for r in rows] == [("kk", 1, 25), ("ru", 1, None)]
    keys, rows = block_rows(values, "approvals")
    first_approval = dict(zip(keys[1:], rows[0][1:], strict=False))
    assert first_approval["year"] == "2023-2024" and first_approval["date"] == "2023-08-28"
    assert first_approval["approved_by.ru"] == "Директор колледжа" and first_approval["approved_by"] is None
    assert first_approval["agreed_with.en"] == "Kenshi Machinery LLP" and first_approval["document"] == "1"
    second = dict(zip(keys[1:], rows[1][1:], strict=False))
    assert second["approved_by"] == "Pedagogical council" and second["agreed"] is None


def test_round_trip_keeps_calendar_language_groups_and_approvals(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    with_blocks(root)
    before = load_catalogue(root)
    assert sum(bool(p.calendar) for p in before.programmes.values()) >= 3
    book = tmp_path / "all.xlsx"
    assert run("export", "xlsx", "--root", str(root), "-o", str(book))[0] == 0
    # the programme files lose their blocks: the import brings them back, equal to the model they came from
    for path in (root / "programmes").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        head, sep, tail = text.partition("\ncalendar:\n")
        if sep:
            text = head + "\n" + tail[tail.index("\npartners:\n") + 1 :]
        for block in ("approvals:\n", "language_groups:\n"):
            head, sep, tail = text.partition("\n" + block)
            if sep:
                rest = tail.split("\n")
                keep = next(i for i, line in enumerate(rest) if line and not line.startswith(" "))
                text = head + "\n" + "\n".join(rest[keep:])
        path.write_text(text, encoding="utf-8")
    stripped = load_catalogue(root)
    assert not any(p.calendar or p.approvals or p.language_groups for p in stripped.programmes.values())
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 0, err
    after = load_catalogue(root)
    for ident, p in before.programmes.items():
        assert after.programmes[ident] == p, ident
    nura = after.programmes["nura-mechatronics"]
    assert nura.approvals[0].approved_by.get("en") == "Head of the college"
    assert nura.approvals[1].approved_by.neutral and str(nura.approvals[1].date) == "2024-08-29"
    # importing the same workbook again changes nothing
    texts = {p: p.read_bytes() for p in (root / "programmes").glob("*.yml")}
    assert run("import", "xlsx", str(book), "--root", str(root))[0] == 0
    assert {p: p.read_bytes() for p in (root / "programmes").glob("*.yml")} == texts


def test_bad_cells_of_the_blocks_name_sheet_and_cell(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    with_blocks(root)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["nura-mechatronics"]
    rows = rows_of(ws)
    cal = next(i for i, r in enumerate(rows) if r[0] == "calendar") + 1
    lang = next(i for i, r in enumerate(rows) if r[0] == "language_groups") + 1
    appr = next(i for i, r in enumerate(rows) if r[0] == "approvals") + 1
    ws[f"F{cal}"] = "twenty"  # weeks of theory
    ws[f"J{cal + 1}"] = 99  # a typed total of weeks
    ws[f"B{lang}"] = "de"
    ws[f"G{appr}"] = "28.08.2023"  # the approval's date
    wb.save(book)
    before = (root / "programmes" / "nura-mechatronics.yml").read_bytes()
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    assert status == 1
    assert (
        f"nura.xlsx:{cal}:6: CUR542 error: nura-mechatronics!F{cal}: expected weeks of theory (0–52), found `twenty`"
        in err
    )
    assert f"nura.xlsx:{cal + 1}:10: CUR541 warning: nura-mechatronics!J{cal + 1}: the total reads 99" in err
    assert f"nura.xlsx:{lang}:2: CUR542 error: nura-mechatronics!B{lang}: expected a language of instruction" in err
    assert (
        f"nura.xlsx:{appr}:7: CUR542 error: nura-mechatronics!G{appr}: expected a date, YYYY-MM-DD, found `28.08.2023`"
        in err
    )
    assert "nothing written" in err
    assert (root / "programmes" / "nura-mechatronics.yml").read_bytes() == before


def test_a_workbook_of_layout_1_leaves_the_blocks_alone(tmp_path: Path) -> None:
    root = catalogue_copy(tmp_path)
    book = tmp_path / "nura.xlsx"
    assert run("export", "xlsx", "nura-mechatronics", "--root", str(root), "-o", str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    wb["curriculum"]["B1"] = 1
    ws = wb["nura-mechatronics"]
    ws["B1"] = 1
    first = next(i for i, r in enumerate(rows_of(ws)) if r[0] == "block") + 1
    ws.delete_rows(first, ws.max_row - first + 1)  # a layout-1 sheet ends with its elective groups
    ws["J12"] = 14  # and says BM01 has 14 h of theory in semester 1
    wb.save(book)
    status, _, err = run("import", "xlsx", str(book), "--root", str(root))
    p = load_catalogue(root).programmes["nura-mechatronics"]
    assert p.calendar == load_catalogue(ROOT).programmes["nura-mechatronics"].calendar and p.calendar
    assert p.modules[0].semesters[0].hours[0].hours == 14
