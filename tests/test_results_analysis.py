"""Planned vs achieved from the published results: low workplace ratings in consecutive periods
(CUR911), a demonstration-exam section failing (CUR912), agreements expiring (CUR913), indicators."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.results import analysis

RATINGS = "trainee,programme,partner,period,competency,instrument,score,scale_min,scale_max\n"
EXAMS = "candidate,programme,standard,section,date,score,passed,passport\n"
AGREEMENTS = "bin,enterprise,sector,region,college,programme,partner,number,start,end\n"


def _export(root: Path, name: str, text: str) -> None:
    path = root / "results" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _found(root: Path) -> list[tuple[str, str, int, int]]:
    r = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    return [(x["code"], x["file"], x["line"], x["column"]) for x in json.loads(r.stdout)["diagnostics"]]


def _ratings(trainees: int, periods: dict[str, int], competency: str = "ws-webtech:3") -> str:
    rows = [
        f"T{i},example-web,alpha-soft,{period},{competency},mentor-5,{score},1,5\n"
        for i in range(trainees)
        for period, score in periods.items()
    ]
    return RATINGS + "".join(rows)


def test_workplace_competency_rated_low_two_periods_running(scaffold: Path) -> None:
    _export(scaffold, "ratings.csv", _ratings(6, {"2024-S2": 4, "2025-S1": 2, "2025-S2": 2}))
    assert ("CUR911", "programmes/example-web.yml", 61, 18) in _found(scaffold)


def test_one_low_period_is_not_a_finding(scaffold: Path) -> None:
    _export(scaffold, "ratings.csv", _ratings(6, {"2024-S2": 2, "2025-S1": 4, "2025-S2": 2}))
    assert not [x for x in _found(scaffold) if x[0] == "CUR911"]


def test_a_low_rating_of_fewer_than_k_trainees_stays_unpublished_and_unreported(scaffold: Path) -> None:
    _export(scaffold, "ratings.csv", _ratings(4, {"2025-S1": 1, "2025-S2": 1}))
    assert not [x for x in _found(scaffold) if x[0] == "CUR911"]


def test_a_college_competency_rated_low_is_not_a_workplace_finding(scaffold: Path) -> None:
    programme = scaffold / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("ws-webtech:1: mastered}\n        venue: both", "ws-webtech:1: mastered}\n        venue: college"),
        encoding="utf-8",
    )
    _export(scaffold, "ratings.csv", _ratings(6, {"2025-S1": 1, "2025-S2": 1}, "ws-webtech:1"))
    assert not [x for x in _found(scaffold) if x[0] == "CUR911"]


def _exams(passing: int, failing: int) -> str:
    rows = []
    for i in range(passing + failing):
        for section in "12345":
            score = 30 if section == "5" and i >= passing else 75
            rows.append(f"C{i},example-web,ws-webtech,{section},2026-06-10,{score},yes,yes\n")
    return EXAMS + "".join(rows)


def test_section_pass_rate_below_threshold(scaffold: Path) -> None:
    _export(scaffold, "exams.csv", _exams(5, 6))  # 5 of 11 pass section 5: 45 % < 60 %
    found = _found(scaffold)
    assert [x for x in found if x[0] == "CUR912"] == [("CUR912", "programmes/example-web.yml", 124, 19)]


def test_section_pass_rate_above_threshold(scaffold: Path) -> None:
    _export(scaffold, "exams.csv", _exams(12, 5))  # 12 of 17: 71 %
    assert not [x for x in _found(scaffold) if x[0] == "CUR912"]


def test_agreement_expiring_within_the_months_setting(scaffold: Path) -> None:
    rows = [
        "100140011111,Alpha Soft LLP,J,750000000,Example College,example-web,alpha-soft,DO-1,2024-07-01,2026-10-31\n",
        "100140022222,Beta Digital LLP,J,750000000,Example College,example-web,beta-digital,DO-2,2024-07-01,2027-05-01\n",
        "100140033333,Gamma LLP,C,750000000,Example College,,,DO-3,2023-07-01,2026-01-01\n",
    ]
    _export(scaffold, "agreements.csv", AGREEMENTS + "".join(rows))
    assert [x for x in _found(scaffold) if x[0] == "CUR913"] == [("CUR913", "results/agreements.csv", 2, 1)]


def test_indicators_of_the_example_come_from_published_cells() -> None:
    results = check_path(Path(__file__).resolve().parent.parent).results
    assert results is not None
    total = analysis.indicators(results, "all")
    for (_, year), row in total.items():
        if row["intake"] and row["dual"] is not None:
            assert row["dual_share"] == row["dual"] / row["intake"]
        if row["graduates"] and row["employed"] is not None:
            assert 0 < row["employment_rate"] <= 1, year  # type: ignore[operator]
    assert any(row["dual_share"] for row in total.values())
    by_sector = analysis.network(results, "sector")
    assert by_sector and all(v["agreements"] >= v["enterprises"] >= 1 for v in by_sector.values())


def test_a_colleges_region_is_matched_by_its_kato_code_or_its_name() -> None:
    from curriculum.catalogue import load_catalogue
    from curriculum.model import Text

    places = analysis.Places(load_catalogue(Path(__file__).resolve().parent.parent), [])
    assert places.code(Text({"": "750000000"})) == "750000000"  # the code, as the programmes write it
    assert places.code(Text({"ru": "ГОРОД АЛМАТЫ"})) == "750000000"  # a name in any language and case
    assert places.code(Text({"kk": "Алматы қаласы", "en": "Nowhere"})) == "750000000"
    assert places.code(Text({"en": "Atlantis"})) == "Atlantis"  # no region: the text stays (CUR216 reports it)
    assert places.region["nura-mechatronics"] == "350000000"
