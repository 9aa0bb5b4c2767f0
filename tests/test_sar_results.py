"""The programme's results in the self-assessment report: indicators (ESG 1.7) and planned vs achieved
(ESG 1.9) from the published aggregates only — a cell of fewer than k people reads "—" in the DOCX as on
the site, and no trainee's id or comment from the exports reaches the report."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main

from .docx_support import tables_under

ROOT = Path(__file__).resolve().parent.parent
NURA = "nura-mechatronics"


def _exports(name: str) -> list[dict[str, str]]:
    with (ROOT / "results" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def docx_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("docx")
    out = tmp_path_factory.mktemp("sar") / "sar.docx"
    result = CliRunner().invoke(
        main, ["sar", NURA, "--lang", "ru", "--format", "docx", "-o", str(out), "--root", str(ROOT)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_docx_has_the_indicators_under_information_management(docx_ru: Path) -> None:
    import docx

    doc = docx.Document(str(docx_ru))
    under = tables_under(doc)
    indicators = next(t for t in under["7"] if t[0][1:] == ["2024", "2025"])  # NKCA 7 ↔ ESG 1.7
    assert indicators[0][0] == "Показатель"
    # trainees rated per year, counted here from the export itself
    rated: dict[str, set[str]] = {}
    for row in _exports("ratings-synthetic.csv"):
        if row["programme"] == NURA:
            rated.setdefault(row["period"][:4], set()).add(row["trainee"])
    trainees = next(r for r in indicators if r[0] == "Обучающиеся по дуальной системе")
    assert trainees[1:] == [str(len(rated["2024"])), str(len(rated["2025"]))]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "вычислено по данным" in text and "не менее 5 человек" in text


def test_docx_has_planned_vs_achieved_under_monitoring_with_suppression(docx_ru: Path) -> None:
    import docx

    under = tables_under(docx.Document(str(docx_ru)))
    headers = [t[0] for t in under["8"]]  # NKCA 8 ↔ ESG 1.9
    assert headers[0][:2] == ["Компетенция", "2024-S1"]
    assert headers[1][:2] == ["Раздел", "Вес, %"]
    partners = next(t for t in under["8"] if t[0] == ["Партнёр", "2024", "2025"])
    per_partner: dict[str, set[str]] = {}
    for row in _exports("ratings-synthetic.csv"):
        if row["programme"] == NURA and row["period"].startswith("2025"):
            per_partner.setdefault(row["partner"], set()).add(row["trainee"])
    assert sorted(len(x) for x in per_partner.values())[0] == 4  # one partner hosts a cohort below k …
    from curriculum.catalogue import load_catalogue

    small = min(per_partner, key=lambda x: len(per_partner[x]))
    name = next(x.name.get("ru") for x in load_catalogue(ROOT).programmes[NURA].partners if x.id == small)
    smallest = next(r for r in partners[1:] if r[0] == name)
    assert smallest[1:] == ["—", "—"]  # … and reads "—", as does its complement (not recoverable from the total)
    assert sum(1 for r in partners[1:] if r[2] == "—") == 2


def test_no_trainee_id_or_comment_reaches_the_sar(docx_ru: Path) -> None:
    secrets = {row["trainee"] for row in _exports("ratings-synthetic.csv")}
    secrets |= {row["comment"] for row in _exports("ratings-synthetic.csv") if row["comment"]}
    secrets |= {row["candidate"] for row in _exports("exams-synthetic.csv")}
    secrets |= {row["graduate"] for row in _exports("employment-synthetic.csv")}
    assert len(secrets) > 400
    with zipfile.ZipFile(docx_ru) as z:
        text = "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    from curriculum.checks import check_path
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    result = check_path(ROOT)
    pages = [
        render(build(result, p, lang)) for p in result.catalogue.programmes.values() for lang in ("kk", "ru", "en")
    ]
    for blob in (text, *pages):
        found = [s for s in secrets if s in blob]
        assert not found, found[:3]


def test_docx_has_the_declared_figures_with_their_source_beside_the_computed(docx_ru: Path) -> None:
    import docx

    doc = docx.Document(str(docx_ru))
    under = tables_under(doc)
    declared = next(t for t in under["7"] if "Заявлено (источник)" in t[0])
    assert declared[0] == ["Показатель", "Относится к", "Год", "Заявлено (источник)", "Вычислено по данным", "Источник"]
    rows = {(r[0], r[2]): r for r in declared[1:]}
    employment = rows[("Доля трудоустроенных", "2024")]
    assert employment[1] == "Высший технический колледж «Нура»" and employment[3] == "73.9 %"
    assert employment[4] == "74 %"  # 17 of 23 graduates, computed from the export: within the tolerance, no ⚠
    assert employment[5].startswith("Годовой отчёт за 2024 год (иллюстративный), Высший технический колледж «Нура»")
    assert "(по состоянию на 2025-06-30)" in employment[5]
    assert rows[("Выпускники (через 12 месяцев)", "2024")][3:5] == ["23", "23"]
    assert not any("Алматы" in r[1] for r in declared[1:])  # another region's figures are not this programme's
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "не вычислены по импортированным данным" in text


def test_docx_has_completion_per_partner_suppressed_below_k(docx_ru: Path) -> None:
    import docx

    from curriculum.catalogue import load_catalogue

    under = tables_under(docx.Document(str(docx_ru)))
    table = next(t for t in under["8"] if t[0][:2] == ["Партнёр", "Направлено обучающихся"])
    assert table[0][2:] == ["Завершили", "Выбыли", "Продолжают"]
    placed: dict[str, int] = {}
    for row in _exports("completion-synthetic.csv"):
        if row["programme"] == NURA:
            placed[row["partner"]] = placed.get(row["partner"], 0) + 1
    names = {x.id: x.name.get("ru") for x in load_catalogue(ROOT).programmes[NURA].partners}
    rows = {r[0]: r[1:] for r in table[1:]}
    small = min(placed, key=lambda x: placed[x])
    assert placed[small] < 5 and set(rows[names[small]]) == {"—"}
    published = {name: cells[0] for name, cells in rows.items() if cells[0] != "—"}
    expected = {names[x]: str(n) for x, n in placed.items()} | {"Все партнёры": str(sum(placed.values()))}
    assert published and all(expected[name] == n for name, n in published.items())  # as counted from the export
    assert sum(1 for cells in rows.values() if cells[0] == "—") >= 2  # the cohort of 4, and its complement
