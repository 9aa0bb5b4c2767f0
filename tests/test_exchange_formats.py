"""CurricularAnalytics CSV in and out (the eight-course oracle through the importer; round trip on the
example catalogue) and the Europass ELM record."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from curriculum.catalogue import load_catalogue
from curriculum.cli import main
from curriculum.exchange import analytics_csv
from curriculum.metrics import programme_metrics

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_eight_course_oracle_through_the_csv(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    assert run("init", str(root))[0] == 0
    csv = FIXTURES / "analytics" / "eight-courses.csv"
    status, _, err = run("import", "analytics-csv", str(csv), "--id", "eight", "--root", str(root))
    assert status == 0, err
    p = load_catalogue(root).programmes["eight"]
    # no Term column: each course in the earliest semester its requisites allow
    assert [(m.id, m.semester) for m in p.modules] == [
        ("CA100", 1),
        ("CA110", 1),
        ("CA200", 2),
        ("CA120", 1),
        ("CA300", 3),
        ("CA210", 2),
        ("CA130", 1),
        ("CA140", 1),
    ]
    assert p.modules[2].prerequisites == ("CA100", "CA110") and p.modules[2].corequisites == ("CA120",)
    metrics = programme_metrics(p)
    assert metrics is not None
    assert metrics.totals() == {"blocking": 8, "delay": 19, "centrality": 9, "complexity": 27}


def test_broken_rows_are_findings_with_places(tmp_path: Path) -> None:
    found = analytics_csv.import_csv(FIXTURES / "analytics" / "broken.csv", "broken")
    got = [(x.code, x.line, x.column, x.variant) for x in found.diagnostics]
    assert got == [
        ("CUR851", 4, 8, "credits"),  # `three` in Credit Hours (column 8)
        ("CUR851", 5, 1, "default"),  # course id 1 again
        ("CUR852", 6, 5, "default"),  # requisite 9 names no course (Prerequisites, column 5)
    ]
    assert [m["id"] for m in found.data["modules"]] == ["X1", "X3"]
    assert found.data["modules"][1]["prerequisites"] == ["X1"]
    status, _, err = run(
        "import", "analytics-csv", str(FIXTURES / "case" / "full.json"), "--id", "x", "-o", str(tmp_path / "x.yml")
    )
    assert status == 2 and "CUR850" in err


def test_example_programme_csv_round_trip(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    assert (
        run("export", "analytics-csv", "koktobe-software-web", "--lang", "en", "--root", str(ROOT), "-o", str(first))[0]
        == 0
    )
    text = first.read_text(encoding="utf-8")
    assert "Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,Credit Hours" in text
    original = load_catalogue(ROOT).programmes["koktobe-software-web"]
    number = {m.id: i for i, m in enumerate(original.modules, start=1)}
    fa = next(line for line in text.splitlines() if line.startswith(f"{number['FA01']},"))
    assert fa.split(",")[4:7] == [f"{number['PM05']};{number['PM06']}", "", str(number["PP02"])]
    root = tmp_path / "cat"
    assert run("init", str(root))[0] == 0
    assert run("import", "analytics-csv", str(first), "--id", "koktobe-software-web", "--root", str(root))[0] == 0
    imported = load_catalogue(root).programmes["koktobe-software-web"]
    assert [(m.id, m.semester, m.prerequisites, m.corequisites, m.strict_corequisites) for m in imported.modules] == [
        (m.id, m.semester, m.prerequisites, m.corequisites, m.strict_corequisites) for m in original.modules
    ]
    a, b = programme_metrics(original), programme_metrics(imported)
    assert a is not None and b is not None and a.totals() == b.totals()
    second = tmp_path / "second.csv"
    assert (
        run("export", "analytics-csv", "koktobe-software-web", "--lang", "en", "--root", str(root), "-o", str(second))[
            0
        ]
        == 0
    )
    assert second.read_bytes() == first.read_bytes()


def test_elm_record(tmp_path: Path) -> None:
    status, out, err = run("export", "elm", "6b01301-primary-education-ict", "--root", str(ROOT))
    assert status == 0, err
    record = json.loads(out)
    assert record["@context"] == "http://data.europa.eu/snb/model/context/edc-ap"
    assert record["type"] == "Qualification" and set(record["title"]) == {"kk", "ru", "en"}
    assert record["EQFLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"
    assert record["ISCEDFCode"] == [{"id": "http://data.europa.eu/snb/isced-f/01", "type": "Concept"}]
    assert record["creditPoint"][0]["point"] == "240"
    outcomes = record["learningOutcome"]
    p = load_catalogue(ROOT).programmes["6b01301-primary-education-ict"]
    assert len(outcomes) == sum(len(m.outcomes) for m in p.modules)
    assert all(o["type"] == "LearningOutcome" and o["title"] for o in outcomes)
    tvet = json.loads(run("export", "elm", "vkhtk-electrical-equipment", "--root", str(ROOT), "--eqf", "4")[1])
    assert tvet["EQFLevel"]["id"].endswith("/eqf/4") and tvet["ISCEDFCode"][0]["id"].endswith("/isced-f/0713")
    assert (
        run("export", "elm", "vkhtk-electrical-equipment", "--root", str(ROOT))[1]
        == run("export", "elm", "vkhtk-electrical-equipment", "--root", str(ROOT))[1]
    )
