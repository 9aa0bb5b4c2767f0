"""The results pages in a real browser: each chart's bars carry the same numbers as the table that
follows it, suppressed figures show as "—", and the pages load without errors (kk/ru/en)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from curriculum.catalogue import load_catalogue
from curriculum.commands import build as build_cmd
from curriculum.results import synthetic

from .browser_support import ARGS, CHROMIUM, Watch, require_browser
from .conftest import BASE

sync_playwright = require_browser()


DECLARED = """\
format: 2
kind: figures
id: college-report
figures:
  - indicator: trainees
    value: 40
    period: '2025'
    programme: example-web
    as_of: '2026-01-31'
    source: {document: "<script>alert(2)</script> | Annual report", url: 'https://college.example.kz/r?a=1&b=2'}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("results") / "cat"
    shutil.copytree(BASE, root)
    synthetic.example(load_catalogue(root), root / "results")
    with (root / "results" / "agreements-synthetic.csv").open("a", encoding="utf-8") as f:
        f.write(
            '100140099999,"<script>alert(1)</script> | Pipe LLP",J,750000000,Example College,,,X-1,2024-01-01,2029-01-01\n'
        )
    (root / "programmes" / "figures.yml").write_text(DECLARED, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_TODAY", "2026-06-30")
    try:
        assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
    finally:
        mp.undo()
    return root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_programme_results_chart_matches_its_table(site: Path, browser: Any) -> None:
    w = Watch(browser)
    try:
        w.page.goto((site / "en" / "programmes" / "example-web" / "results.html").as_uri(), wait_until="load")
        chart = w.page.locator("svg.results-chart").first
        assert chart.get_attribute("role") == "img" and "Mean rating" in (chart.get_attribute("aria-label") or "")
        bars = chart.locator("rect.results-bar")
        table = w.page.locator("article table").first
        rows = table.locator("tbody tr")
        assert bars.count() == rows.count() >= 3
        for i in range(rows.count()):
            last = rows.nth(i).locator("td").last.inner_text().strip()
            assert bars.nth(i).locator("title").text_content().endswith(": " + last)  # type: ignore[union-attr]
            box = bars.nth(i).bounding_box()
            assert box is not None and (box["width"] > 0) == (last != "—")
        assert w.page.locator("svg.results-chart line.results-threshold").count() >= 1
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_dashboard_and_network_render_in_each_language(site: Path, browser: Any, lang: str) -> None:
    w = Watch(browser)
    try:
        for page in ("results.html", "network.html"):
            w.page.goto((site / lang / page).as_uri(), wait_until="load")
            charts = w.page.locator("svg.results-chart")
            assert charts.count() >= 2
            for i in range(charts.count()):
                labels = charts.nth(i).locator("text.results-label").all_text_contents()
                assert labels and all(x.strip() for x in labels)
        w.page.goto((site / lang / "results.html").as_uri(), wait_until="load")
        assert "—" in w.page.locator("article").inner_text()  # suppression at work in the example
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def test_the_dossier_includes_the_results(site: Path) -> None:
    html = (site / "en" / "programmes" / "example-web" / "print.html").read_text(encoding="utf-8")
    assert 'id="d-results"' in html and "results-chart" in html
    declared = next(t for t in _tables(html) if t[0][3:5] == ["Declared (source)", "Computed from data"])
    assert declared[1][3] == "40" and declared[1][5].startswith("<script>alert(2)</script> | Annual report")
    assert "Trainees placed" in html  # completion per partner, in the dossier as on the results page


def test_enterprise_names_from_the_register_are_escaped(site: Path) -> None:
    html = (site / "en" / "network.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def _tables(html: str) -> list[list[list[str]]]:
    import lxml.html

    tree = lxml.html.fromstring(html)
    return [
        [[c.text_content().strip() for c in tr.xpath("./th|./td")] for tr in t.xpath(".//tr")]
        for t in tree.xpath("//article//table")
    ]


def test_the_sar_page_has_the_programmes_results_as_on_its_results_page(site: Path) -> None:
    base = site / "en" / "programmes" / "example-web"
    sar = (base / "sar.html").read_text(encoding="utf-8")
    results = _tables((base / "results.html").read_text(encoding="utf-8"))
    ratings = next(t for t in _tables(sar) if t[0][0] == "Competency")
    assert ratings == results[0]  # planned vs achieved: the same published cells, "—" where suppressed
    monitoring = sar[sar.index('id="19-on-going-monitoring') :]
    assert "Planned vs achieved" in monitoring and "Demonstration exam by WorldSkills section" in monitoring
    information = sar[sar.index('id="17-information-management"') : sar.index('id="18-public-information"')]
    assert "computed from data" in information and "Employment rate" in information
    assert "Declared figures" in information and "&lt;script&gt;alert(2)&lt;/script&gt;" in information
    assert "<script>alert(2)" not in sar


@pytest.mark.parametrize(
    ("lang", "header", "differs"),
    [
        ("en", ["Indicator", "Applies to", "Year", "Declared (source)", "Computed from data", "Source"], "differs"),
        (
            "ru",
            ["Показатель", "Относится к", "Год", "Заявлено (источник)", "Вычислено по данным", "Источник"],
            "расходится",
        ),
        (
            "kk",
            ["Көрсеткіш", "Қатысты", "Жыл", "Мәлімделген (дереккөз)", "Деректер бойынша есептелген", "Дереккөз"],
            "сәйкес емес",
        ),
    ],
)
def test_declared_figures_are_labelled_cited_and_set_beside_the_computed(
    site: Path, lang: str, header: list[str], differs: str
) -> None:
    import csv

    with (site.parent / "results" / "ratings-synthetic.csv").open(encoding="utf-8") as f:
        rated = {
            r["trainee"] for r in csv.DictReader(f) if r["programme"] == "example-web" and r["period"][:4] == "2025"
        }
    for page in (site / lang / "programmes" / "example-web" / "results.html", site / lang / "results.html"):
        html = page.read_text(encoding="utf-8")
        table = next(t for t in _tables(html) if t[0] == header)
        assert len(table) == 2
        _, _, year, declared, computed, source = table[1]
        assert (year, declared) == ("2025", "40")
        assert computed == f"{len(rated)} ⚠ {differs}"  # 40 declared, the export rates fewer: both shown
        assert source.startswith("<script>alert(2)</script> | Annual report") and "2026-01-31" in source
        assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
        assert 'href="https://college.example.kz/r?a=1&amp;b=2"' in html


@pytest.mark.parametrize(
    ("lang", "placed", "total"),
    [("en", "Trainees placed", "All partners"), ("kk", "Жіберілген білім алушылар", "Барлық серіктестер")],
)
def test_completion_per_partner_is_published_only_for_k_or_more(site: Path, lang: str, placed: str, total: str) -> None:
    import csv

    from curriculum.catalogue import load_catalogue

    with (site.parent / "results" / "completion-synthetic.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["programme"] == "example-web"]
    per_partner: dict[str, int] = {}
    for r in rows:
        per_partner[r["partner"]] = per_partner.get(r["partner"], 0) + 1
    small = min(per_partner, key=lambda x: per_partner[x])
    assert per_partner[small] == 4  # a cohort below k at one partner
    names = {x.id: x.name.get(lang) for x in load_catalogue(site.parent).programmes["example-web"].partners}
    base = site / lang / "programmes" / "example-web"
    table = next(t for t in _tables((base / "results.html").read_text(encoding="utf-8")) if t[0][1:2] == [placed])
    by_name = {r[0]: r[1:] for r in table[1:]}
    assert by_name[names[small]] == ["—", "—", "—", "—"]
    assert by_name[total][0] == str(len(rows))  # the programme's total is published …
    assert sum(1 for cells in by_name.values() if cells[0] == "—") >= 2  # … so a second partner is withheld too
    partner_page = (base / "partners" / f"{small}.html").read_text(encoding="utf-8")
    here = next(t for t in _tables(partner_page) if any(r[0] == placed for r in t))
    assert dict((r[0], r[1]) for r in here[1:])[placed] == "—"
    network = _tables((site / lang / "network.html").read_text(encoding="utf-8"))
    assert any(t[0][1:2] == [placed] for t in network)
