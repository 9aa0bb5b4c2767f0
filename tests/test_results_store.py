"""The results store: import errors (row, column, message — never the value), transactional and
idempotent imports, replacement by natural key, the import log, and the rebuild by `check`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from curriculum.catalogue import load_catalogue
from curriculum.cli import main
from curriculum.results import store, sync

HEADER = "trainee,programme,partner,period,competency,instrument,score,comment\n"
GOOD = [
    "T-0001,example-web,alpha-soft,2025-S1,ws-webtech:3,mentor-5,4,\n",
    "T-0002,example-web,alpha-soft,2025-S1,ws-webtech:3,mentor-5,5,\n",
    "T-0003,example-web,beta-digital,2025-S1,ws-webtech:4,mentor-5,3,\n",
]


def _write(root: Path, name: str, lines: list[str], header: str = HEADER) -> Path:
    path = root / "results" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(lines), encoding="utf-8")
    return path


def _import(root: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["results", "import", *map(str, files), "--root", str(root), *extra])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, r.stdout, r.stderr


def _rows(root: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(root / "results" / "results.duckdb"), read_only=True)
    try:
        return con.execute("SELECT trainee, period, competency, score FROM ratings ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_import_then_same_file_again_adds_nothing(scaffold: Path) -> None:
    path = _write(scaffold, "ratings-2025.csv", GOOD)
    code, out, _ = _import(scaffold, path)
    assert code == 0
    assert "results/ratings-2025.csv: ratings: 3 added, 0 replaced, 0 unchanged, 0 rejected" in out
    before = _rows(scaffold)
    code, out, _ = _import(scaffold, path)
    assert code == 0 and "0 added, 0 replaced, 3 unchanged" in out
    assert _rows(scaffold) == before
    with store.connect(scaffold / "results" / "results.duckdb") as con:
        assert [(r[1], r[5], r[6], r[8]) for r in store.log(con)] == [("results/ratings-2025.csv", 3, 0, 0)]


def test_corrected_row_replaces_by_natural_key(scaffold: Path) -> None:
    _import(scaffold, _write(scaffold, "ratings-2025.csv", GOOD))
    fixed = [GOOD[0].replace(",4,", ",2,"), GOOD[1]]
    code, out, _ = _import(scaffold, _write(scaffold, "ratings-2025-fix.csv", fixed))
    assert code == 0 and "0 added, 1 replaced, 1 unchanged" in out
    rows = _rows(scaffold)
    assert len(rows) == 3
    assert ("T-0001", "2025-S1", "ws-webtech:3", 2.0) in rows


def test_bad_row_midway_leaves_the_store_exactly_as_it_was(scaffold: Path) -> None:
    _import(scaffold, _write(scaffold, "ratings-a.csv", GOOD))
    stored = scaffold / "results" / "results.duckdb"
    before = _rows(scaffold)
    bad = [
        GOOD[0].replace("T-0001", "T-0101"),
        "T-0102,example-web,alpha-soft,2025-S2,ws-webtech:3,mentor-5,four,\n",
        GOOD[2].replace("T-0003", "T-0103"),
    ]
    second = _write(scaffold, "ratings-b.csv", bad)
    code, out, err = _import(scaffold, second)
    assert code == 1
    assert "results/ratings-b.csv:3:7: error CUR904 `score` is not a number" in err
    assert "nothing imported" in err
    assert "four" not in err + out and "T-0102" not in err + out
    assert _rows(scaffold) == before
    with store.connect(stored) as con:
        assert len(store.log(con)) == 1


def test_partial_import_takes_the_valid_rows_and_logs_the_rejected(scaffold: Path) -> None:
    bad = [GOOD[0], "T-0009,example-web,alpha-soft,2025-S9,ws-webtech:3,mentor-5,4,\n"]
    code, out, err = _import(scaffold, _write(scaffold, "ratings.csv", bad), extra=("--partial",))
    assert code == 1
    assert "results/ratings.csv:3:4: error CUR904 `period` is not a period" in err
    assert "1 added, 0 replaced, 0 unchanged, 1 rejected" in out
    assert len(_rows(scaffold)) == 1


@pytest.mark.parametrize(
    ("line", "where", "words"),
    [
        ("T-1,example-web,alpha-soft,2025-S1,ws-webtech:33,mentor-5,4,\n", "2:5", "names no competency"),
        ("T-1,example-wbe,alpha-soft,2025-S1,ws-webtech:3,mentor-5,4,\n", "2:2", "names no programme"),
        ("T-1,example-web,gamma,2025-S1,ws-webtech:3,mentor-5,4,\n", "2:3", "names no partner"),
        ("T-1,example-web,alpha-soft,2025-S1,ws-webtech:3,,4,\n", "2:6", "`instrument` is empty"),
    ],
)
def test_rejected_cells_are_named_by_row_and_column(scaffold: Path, line: str, where: str, words: str) -> None:
    code, out, err = _import(scaffold, _write(scaffold, "ratings.csv", [line]))
    assert code == 1
    assert f"results/ratings.csv:{where}: error" in err and words in err
    assert "Traceback" not in err


def test_unknown_competency_gets_did_you_mean(scaffold: Path) -> None:
    line = "T-1,example-web,alpha-soft,2025-S1,ws-webtek:3,mentor-5,4,\n"
    _, _, err = _import(scaffold, _write(scaffold, "ratings.csv", [line]))
    assert "did you mean `ws-webtech:3`?" in err


def test_duplicate_key_within_a_file(scaffold: Path) -> None:
    code, _, err = _import(scaffold, _write(scaffold, "ratings.csv", [GOOD[0], GOOD[0].replace(",4,", ",5,")]))
    assert code == 1
    assert (
        "results/ratings.csv:3:1: error CUR906 this row has the same trainee, competency, period, instrument as row 2"
        in err
    )


def test_missing_column_and_mapping(scaffold: Path) -> None:
    header = "ID,programme,partner,period,competency,instrument,Балл\n"
    line = "T-1,example-web,alpha-soft,2025-S1,ws-webtech:3,mentor-5,4\n"
    path = _write(scaffold, "monitoring.csv", [line], header)
    code, _, err = _import(scaffold, path)
    assert code == 1 and "CUR909" in err  # the name says nothing about the kind
    (scaffold / "results" / "mapping.yml").write_text(
        "exports:\n  - files: monitoring*.csv\n    kind: ratings\n    columns: {ID: trainee, Балл: scor}\n",
        encoding="utf-8",
    )
    code, _, err = _import(scaffold, path)
    assert "results/mapping.yml:4:34: error CUR907" in err and "did you mean `score`?" in err
    assert "results/monitoring.csv:1:1: error CUR902 no column for `score`" in err
    (scaffold / "results" / "mapping.yml").write_text(
        "exports:\n  - files: monitoring*.csv\n    kind: ratings\n    columns: {ID: trainee, Балл: score}\n",
        encoding="utf-8",
    )
    code, out, err = _import(scaffold, path)
    assert code == 0 and "1 added" in out, err


def test_xlsx_rows_and_columns(scaffold: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Экзамены"
    sheet.append(["candidate", "programme", "standard", "section", "date", "centre", "score", "passed", "passport"])
    sheet.append(["C-1", "example-web", "ws-webtech", "1", "2026-05-20", "Almaty CC", 71.5, "yes", "yes"])
    sheet.append(["C-2", "example-web", "ws-webtech", "9", "2026-05-20", "Almaty CC", 40, "no", "no"])
    sheet.append(["C-3", "example-web", "ws-webtech", "1", "2026-05-20", "Almaty CC", 40, "no", "no"])
    sheet.append(["C-1", "example-web", "ws-webtech", "1", "2026-05-20", "Almaty CC", 71.5, "yes", "yes"])
    path = scaffold / "results" / "exams-2026.xlsx"
    path.parent.mkdir()
    book.save(path)
    code, _, err = _import(scaffold, path)
    assert code == 1
    assert "results/exams-2026.xlsx:3:4 (Экзамены!D3): error CUR905 `section` names no section" in err
    # a repeated natural key is found by the store, and named by the sheet's cell too
    code, _, err = _import(scaffold, path, extra=("--partial",))
    assert "results/exams-2026.xlsx:5:1 (Экзамены!A5): error CUR906" in err
    # `check` rebuilds the store and reports the kept findings with the same cells
    r = CliRunner().invoke(main, ["check", str(scaffold)])
    assert "results/exams-2026.xlsx:3:4 (Экзамены!D3): error CUR905" in r.output
    assert "results/exams-2026.xlsx:5:1 (Экзамены!A5): error CUR906" in r.output


def test_not_utf8(scaffold: Path) -> None:
    path = scaffold / "results" / "ratings.csv"
    path.parent.mkdir()
    path.write_bytes(HEADER.encode() + "Т-1".encode("cp1251") + b",example-web\n")
    code, _, err = _import(scaffold, path)
    assert code == 1 and "results/ratings.csv:1:1: error CUR901 the export is not UTF-8 text" in err


def test_check_rebuilds_the_store_from_the_exports(scaffold: Path) -> None:
    _write(scaffold, "ratings.csv", [*GOOD, "T-0009,example-web,alpha-soft,2025-S1,ws-webtech:3,mentor-5,x,\n"])
    target = scaffold / "results" / "results.duckdb"
    r = CliRunner().invoke(main, ["check", str(scaffold), "--format", "json"])
    found = [(x["code"], x["file"], x["line"], x["column"]) for x in json.loads(r.stdout)["diagnostics"]]
    assert ("CUR904", "results/ratings.csv", 5, 7) in found
    assert r.exit_code == 1
    assert target.is_file() and len(_rows(scaffold)) == 3
    stamp = target.stat().st_mtime_ns
    r = CliRunner().invoke(main, ["check", str(scaffold), "--format", "json"])  # up to date: kept, findings kept
    assert target.stat().st_mtime_ns == stamp
    assert ("CUR904", "results/ratings.csv", 5, 7) in [
        (x["code"], x["file"], x["line"], x["column"]) for x in json.loads(r.stdout)["diagnostics"]
    ]
    later = target.stat().st_mtime + 10
    _write(scaffold, "ratings.csv", GOOD)
    os.utime(scaffold / "results" / "ratings.csv", (later, later))
    r = CliRunner().invoke(main, ["check", str(scaffold), "--format", "json"])
    assert not [x for x in json.loads(r.stdout)["diagnostics"] if x["code"].startswith("CUR9")]
    assert not list((scaffold / "results").glob("*.tmp*"))


def test_store_from_a_newer_schema_is_refused(scaffold: Path) -> None:
    target = scaffold / "results" / "results.duckdb"
    with store.connect(target) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    catalogue = load_catalogue(scaffold)
    path = _write(scaffold, "ratings.csv", GOOD)
    with pytest.raises(store.StoreError) as exc:
        sync.import_files(catalogue, scaffold, [path], target)
    assert exc.value.diagnostic.code == "CUR908" and "schema version 99" in exc.value.diagnostic.message


def test_privacy_threshold_below_five_is_refused(scaffold: Path) -> None:
    config = scaffold / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "    privacy_k: 3\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(scaffold), "--format", "json"])
    found = [x for x in json.loads(r.stdout)["diagnostics"] if x["code"] == "CUR910"]
    assert len(found) == 1 and found[0]["file"] == "mkdocs.yml"
    assert "`privacy_k: 3` would publish cells of fewer than 5 people" in found[0]["message"]


def test_period_outside_the_programmes_run(scaffold: Path) -> None:
    run = "\n".join(
        x
        for x in (scaffold / "programmes" / "example-web.yml").read_text(encoding="utf-8").splitlines()
        if x.strip().startswith(("start:", "end:"))
    )[:80]
    lines = [GOOD[0].replace("2025-S1", "2019-S1"), GOOD[1].replace("2025-S1", "2019-10")]
    code, _, err = _import(scaffold, _write(scaffold, "ratings.csv", lines))
    assert code == 1, run
    assert "results/ratings.csv:2:4: error CUR904 `period` is outside the programme's run" in err
    assert "results/ratings.csv:3:4: error CUR904" in err


COMPLETION_MAPPING = (
    "exports:\n"
    "  - files: placements*.csv\n"
    "    kind: completion\n"
    "    columns: {ID: trainee, Статус: status}\n"
    "    values:\n"
    "      status: {Завершил: completed, Выбыл: withdrawn, Продолжает: {value}}\n"
)


def test_completion_statuses_mapped_from_the_exports_words(scaffold: Path) -> None:
    header = "ID,programme,partner,Статус\n"
    lines = [
        "T-1,example-web,alpha-soft,Завершил\n",
        "T-2,example-web,alpha-soft,Выбыл\n",
        "T-3,example-web,beta-digital,Продолжает\n",
        "T-4,example-web,beta-digital,Отчислен\n",
    ]
    path = _write(scaffold, "placements-2026.csv", lines, header)
    mapping = scaffold / "results" / "mapping.yml"
    mapping.write_text(COMPLETION_MAPPING.replace("{value}", "continuin"), encoding="utf-8")
    code, _, err = _import(scaffold, path)
    assert code == 1
    assert "results/mapping.yml:6:67: error CUR907 `status` takes one of completed, withdrawn, continuing" in err
    assert "did you mean `continuing`?" in err
    mapping.write_text(COMPLETION_MAPPING.replace("{value}", "continuing"), encoding="utf-8")
    code, out, err = _import(scaffold, path)
    assert code == 1 and "results/placements-2026.csv:5:4: error CUR904" in err and "Отчислен" not in err
    code, out, err = _import(scaffold, path, extra=("--partial",))
    assert code == 1 and "3 added, 0 replaced, 0 unchanged, 1 rejected" in out, err
    con = duckdb.connect(str(scaffold / "results" / "results.duckdb"), read_only=True)
    try:
        got = con.execute("SELECT trainee, partner, status FROM completion ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert got == [
        ("T-1", "alpha-soft", "completed"),
        ("T-2", "alpha-soft", "withdrawn"),
        ("T-3", "beta-digital", "continuing"),
    ]


def test_a_store_of_the_previous_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "results.duckdb"
    con = duckdb.connect(str(path))
    for migration in store.MIGRATIONS[:2]:
        con.execute(migration)
    con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    con.execute("INSERT INTO enrolment VALUES ('p', 2025, 30, 20, 'enrolment.csv', 2)")
    con.close()
    with store.connect(path) as con:
        assert store.version(con) == store.SCHEMA_VERSION == 4
        assert store.counts(con)["completion"] == 0 and store.counts(con)["enrolment"] == 1
        assert store.findings(con) == []  # the findings table has its column for a workbook's cell


@pytest.mark.parametrize(
    ("column", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (28, "AB"), (702, "ZZ"), (703, "AAA")]
)
def test_a_workbook_cell_is_named_as_a_spreadsheet_names_it(column: int, letters: str) -> None:
    from curriculum import diagnostics as d
    from curriculum.results.ingest import NOWHERE, Table
    from curriculum.results.kinds import KINDS

    x = Table("results/exams.xlsx", KINDS["exams"], sheet="Лист1").at(
        d.make(d.RESULTS_BAD_VALUE, NOWHERE, field="score"), 7, column
    )
    assert x.where == f"results/exams.xlsx:7:{column} (Лист1!{letters}7)"
    csv_found = Table("results/exams.csv", KINDS["exams"]).at(
        d.make(d.RESULTS_BAD_VALUE, NOWHERE, field="score"), 7, column
    )
    assert csv_found.where == f"results/exams.csv:7:{column}"
