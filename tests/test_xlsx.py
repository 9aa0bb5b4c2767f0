"""The working curriculum as an Excel workbook: layout, totals readable without calculation, same bytes."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

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
    assert (bm01[k["semester"]], bm01[k["hours:theory"]], bm01[k["hours:lpz"]]) == (4, 10, 150)
    assert bm01[k["total"]] == 160
    assert bm01[k["control"]] == "graded-credit"
    assert bm01[k["title.ru"]] == "Развитие и совершенствование физических качеств"
    # cycles in the vocabulary's order, each closed by its subtotal: БМ = 160 + 120 + 200 + 144
    assert [r[1] for r in rows if r[0] == "cycle"] == ["bm", "pm", "practice", "ia"]
    bm = next(r for r in rows if r[0] == "subtotal" and r[1] == "bm")
    assert bm[k["total"]] == 624
    # the programme's total is the declared 4,336 hours; formula and value both stored
    total_row = next(i for i, r in enumerate(rows) if r[0] == "total") + 1
    ref = f"{openpyxl.utils.get_column_letter(k['total'] + 1)}{total_row}"
    assert values[ref].value == 4336
    assert str(formulas[ref].value).startswith("=SUM(")
    # one row per semester with its hours by kind; they add up to the programme's total
    semesters = [r for r in rows if r[0] == "semester"]
    assert [r[k["semester"]] for r in semesters] == [1, 2, 3, 4, 5, 6]
    assert sum(r[k["total"]] for r in semesters) == 4336
    assert str(formulas.cell(row=rows.index(semesters[0]) + 1, column=k["total"] + 1).value).startswith("=SUMIF(")


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
