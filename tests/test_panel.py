"""What an accreditation panel reads, in real headless Chromium from file://: the matrix, the home
page, the framework pages and the heatmap, the prerequisite graph (with a 60-module programme),
the print layout, axe-core over every page type in every language, and screenshots.

The site is the example catalogue (plus a generated 60-module programme), built once per module.
Screenshots of home, dossier, matrix and graph in kk and ru at 1440 and 390 px go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from curriculum.checks import Result, check_path
from curriculum.commands import build as build_cmd
from curriculum.escape import slug

from .browser_support import ARGS, ARTIFACTS, CHROMIUM, EFFECTIVE_COLOURS, Watch, axe_serious, axe_source, contrast
from .browser_support import require_browser as _require

sync_playwright = _require()
pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
WIDE = "vkhtk-electrical-equipment"  # 52 required competencies, 26 of one professional standard
TALL = "6b01301-primary-education-ict"  # 43 modules
SIXTY = "wide-sixty"
PX_PER_MM = 96 / 25.4
PORTRAIT_PX, LANDSCAPE_PX = (210 - 26) * PX_PER_MM, (297 - 26) * PX_PER_MM  # A4 less the 13 mm margins


def sixty_modules() -> str:
    """A programme of 60 modules over 8 semesters, with long titles and prerequisites across years."""
    lines = [
        "format: 2",
        "kind: programme",
        f"id: {SIXTY}",
        "illustrative: true",
        "title: {kk: Алпыс модульді бағдарлама, ru: Программа из шестидесяти модулей, en: A sixty-module programme}",
        "level: tvet",
        "provider: {name: {kk: Сынақ колледжі, ru: Тестовый колледж, en: Test College}, region: '710000000'}",
        "qualifications: [4S06130103]",
        "languages: [kk, ru]",
        "semesters: 8",
        "run: {start: 2025-09-01, end: 2029-06-30}",
        "cohort: 25",
        "modules:",
    ]
    for i in range(60):
        semester = i // 8 + 1 if i < 56 else 8
        pre = [f"M{i - 8:02d}"] if i >= 8 else []
        if i >= 16 and i % 3 == 0:
            pre.append(f"M{i - 15:02d}")
        lines += [
            f"  - id: M{i:02d}",
            f"    title: {{kk: 'Кәсіпорынның ақпараттық жүйелерін жобалау және сүйемелдеу {i}',"
            f" ru: 'Проектирование и сопровождение информационных систем предприятия {i}',"
            f" en: 'Design and maintenance of the information systems of an enterprise {i}'}}",
            f"    cycle: {('ood', 'bm', 'pm', 'practice')[i % 4]}",
            "    semesters:",
            f"      - {{semester: {semester}, hours: {{theory: 20, lpz: 10, industrial-training: 40}},"
            " workplace: {industrial-training: 40}, control: [exam]}",
            f"    prerequisites: [{', '.join(pre)}]",
            "    outcomes:",
            f"      - {{id: M{i:02d}.1, text: {{kk: Нәтиже, ru: Результат, en: Outcome}},"
            f" covers: {{ws-webtech:{i % 5 + 1}: mastered}}, venue: both, assessed_by: [M{i:02d}-EX]}}",
            f"    assessments: [{{id: M{i:02d}-EX, type: practical, title: {{kk: Емтихан, ru: Экзамен, en: Exam}}}}]",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Result]]:
    """The example catalogue with the 60-module programme, built once."""
    mp = pytest.MonkeyPatch()
    if not os.environ.get("CURRICULUM_CACHE"):
        mp.setenv("CURRICULUM_CACHE", str(Path.home() / ".cache" / "curriculum"))
    root = tmp_path_factory.mktemp("panel") / "cat"
    for name in ("programmes", "competencies", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "programmes" / f"{SIXTY}.yml").write_text(sixty_modules(), encoding="utf-8")
    try:
        assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
        yield root / "site", check_path(root)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def page_at(browser: Any, url: Path, width: int = 1440, height: int = 900) -> Watch:
    w = Watch(browser, width, height)
    w.page.goto(url.as_uri(), wait_until="load")
    return w


def title(result: Result, ref: str, lang: str) -> str:
    item = result.catalogue.item(ref)
    assert item is not None, ref
    return " ".join(item.title.get(lang, ("ru", "kk", "en")).split())


# --------------------------------------------------------------------------- the matrix
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_matrix_names_visible_without_hover(example: tuple[Path, Result], browser: Any, lang: str) -> None:
    site, result = example
    w = page_at(browser, site / lang / "programmes" / WIDE / "matrix.html")
    try:
        cov = result.coverage[WIDE]
        fws = list(dict.fromkeys(n.competency.partition(":")[0] for n in cov.needs))
        groups = w.page.locator(".matrix-group")
        assert groups.count() == len(fws) == 5
        for g, fw in zip(groups.all(), fws, strict=True):
            codes = [c.inner_text().strip() for c in g.locator("th.comp .code").all()]
            needs = [n.competency for n in cov.needs if n.competency.startswith(fw + ":")]
            assert codes == [n.partition(":")[2] for n in needs]
            legend = g.locator("ul.matrix-columns > li")
            assert legend.count() == len(needs)
            for li, ref in zip(legend.all(), needs, strict=True):
                assert li.is_visible()
                text = " ".join(li.inner_text().split())
                assert text.startswith(ref.partition(":")[2] + " " + title(result, ref, lang)), text
            for th in g.locator("th.section").all():  # the section's name is written in its header
                code = th.locator(".code").inner_text().strip()
                assert title(result, f"{fw}:{code}", lang)[:20] in " ".join(th.inner_text().split())
        assert w.page.locator(".matrix th[title], .matrix-columns [title]").count() == 0
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def test_matrix_cells_keep_their_letter_and_meet_aa(example: tuple[Path, Result], browser: Any) -> None:
    site, _ = example
    w = page_at(browser, site / "ru" / "programmes" / "koktobe-software-web" / "matrix.html")
    try:
        letters = {"lvl-introduced": "I", "lvl-reinforced": "R", "lvl-mastered": "M"}
        seen: dict[str, float] = {}
        for cls, letter in letters.items():
            cells = w.page.locator(f".matrix td.{cls}")
            assert cells.count() > 0, cls
            assert {c.inner_text().strip() for c in cells.all()} == {letter}
        states = [f".matrix td.{c}" for c in letters] + [".matrix th.comp.waived"]
        states += [f".matrix-swatch.{c}" for c in (*letters, "gap", "waived", "ignored")]
        for selector in states:
            for el in w.page.locator(selector).all()[:5]:
                fg, bg = el.evaluate(EFFECTIVE_COLOURS)
                seen[selector] = min(seen.get(selector, 99.0), contrast(fg, bg))
        low = {k: round(v, 2) for k, v in seen.items() if v < 4.5}
        assert set(seen) == set(states) and low == {}
        swatches = [s.inner_text().strip() for s in w.page.locator(".matrix-swatch").all()]
        assert swatches == ["I", "R", "M", "✗", "≈", "–"]
    finally:
        w.close()


def test_matrix_sticky_and_scroll_cue(example: tuple[Path, Result], browser: Any) -> None:
    site, _ = example
    moved = {"x": 0, "y": 0}
    for prog in (WIDE, TALL):
        w = page_at(browser, site / "kk" / "programmes" / prog / "matrix.html", 390, 700)
        try:
            for wrap in w.page.locator(".matrix-wrap").all():
                wrap.scroll_into_view_if_needed()
                box = wrap.evaluate("e => [e.scrollWidth > e.clientWidth, e.scrollHeight > e.clientHeight]")
                if not any(box):
                    continue
                if box[0]:
                    assert "more-right" in (wrap.get_attribute("class") or "")
                    hint = wrap.locator("xpath=preceding-sibling::p[contains(@class,'scroll-hint')]")
                    assert hint.is_visible()
                    shade = wrap.evaluate("e => getComputedStyle(e.parentElement, '::after').opacity")
                    assert shade == "1"
                pos = wrap.evaluate(
                    """e => { e.scrollLeft = 200; e.scrollTop = 150; e.dispatchEvent(new Event('scroll'));
                    const w = e.getBoundingClientRect(), m = e.querySelector('tbody th.module').getBoundingClientRect(),
                    h = e.querySelector('thead th').getBoundingClientRect();
                    return [e.scrollLeft, e.scrollTop, m.left - w.left, h.top - w.top]; }"""
                )
                if pos[0] > 0:
                    moved["x"] += 1
                    assert abs(pos[2] - 1) <= 1.5, pos  # the module column stays at the left edge (inside the border)
                    assert "more-left" in (wrap.get_attribute("class") or "")
                if pos[1] > 0:
                    moved["y"] += 1
                    assert abs(pos[3] - 1) <= 1.5, pos  # the header row stays at the top
                end = wrap.evaluate(
                    "e => { e.scrollLeft = e.scrollWidth; e.dispatchEvent(new Event('scroll')); return e.className; }"
                )
                w.page.wait_for_timeout(50)
                assert "more-right" not in wrap.evaluate("e => e.className"), end
            assert w.errors == []
        finally:
            w.close()
    assert moved["x"] >= 2 and moved["y"] >= 1, moved


# --------------------------------------------------------------------------- home, frameworks
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_home_fits_1440_with_bars_and_threshold(example: tuple[Path, Result], browser: Any, lang: str) -> None:
    site, result = example
    w = page_at(browser, site / lang / "index.html")
    try:
        sizes = w.page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth,"
            " document.querySelector('.programmes-table').getBoundingClientRect().right,"
            " document.querySelector('.md-content__inner').getBoundingClientRect().right]"
        )
        assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3] + 1, sizes
        rows = w.page.locator(".programmes-table tbody tr")
        assert rows.count() == len(result.catalogue.programmes)
        threshold = result.catalogue.settings.workplace_share
        for row, pid in zip(rows.all(), sorted(result.catalogue.programmes), strict=True):
            f = result.figures[pid]
            cells = row.locator("td")
            assert cells.nth(1).locator(".share-value").inner_text().strip() == f"{100 * f['covered']:.0f} %"
            gaps = cells.nth(2).inner_text().strip()
            assert gaps == (f"✗ {f['gaps']:g}" if f["gaps"] else "0")
            share = cells.nth(3)
            if "workplace_share" not in f:  # the rule does not apply at the programme's level (bachelor)
                assert share.locator('[aria-hidden="true"]').inner_text().strip() == "—"
                assert not share.locator(".share").count() and share.locator(".share-absent").get_attribute("title")
                continue
            assert share.locator(".share-value").inner_text().strip().endswith(f"{100 * f['workplace_share']:.0f} %")
            line = share.locator(".share-threshold").evaluate(
                "e => (e.getBoundingClientRect().left + 1 - e.parentElement.getBoundingClientRect().left)"
                " / e.parentElement.clientWidth"
            )
            assert abs(line - threshold) < 0.02 and share.locator(".share-threshold").is_visible()
            assert ("below" in (share.locator(".share").get_attribute("class") or "")) == (
                f["workplace_share"] < threshold
            )
            assert cells.nth(4).inner_text().strip()
        for el in w.page.locator(".share-value, .programme-meta, .gap-count").all():
            fg, bg = el.evaluate(EFFECTIVE_COLOURS)
            assert contrast(fg, bg) >= 4.5
    finally:
        w.close()


def test_framework_items_nested(example: tuple[Path, Result], browser: Any) -> None:
    site, result = example
    for fid in ("ps-electrician", "ws-webtech", "nqf-kz"):
        index = result.catalogue.indexes[fid]
        html = (site / "ru" / "frameworks" / f"{fid}.html").read_text(encoding="utf-8")
        assert " - <strong>" not in html and "- **" not in html
        w = page_at(browser, site / "ru" / "frameworks" / f"{fid}.html")
        try:
            for item_id, parent in index.parent.items():
                li = w.page.locator(f'li[id="i-{item_id}"]')
                assert li.count() == 1, item_id
                up = li.evaluate("e => e.parentElement.closest('li') ? e.parentElement.closest('li').id : null")
                assert up == (f"i-{parent}" if parent else None), item_id
                first = li.locator(":scope > .fw-item").inner_text()
                assert first.split()[0] == item_id
                assert " ".join(first.split()).startswith(f"{item_id} {title(result, f'{fid}:{item_id}', 'ru')}")
        finally:
            w.close()


def test_every_framework_item_is_its_own_list_item(example: tuple[Path, Result]) -> None:
    """All frameworks, all languages: each item is one <li> inside its parent's (no item merged into
    its parent's line with a literal " - ", as the Markdown list did)."""
    site, result = example
    for lang in ("kk", "ru", "en"):
        for fid, index in result.catalogue.indexes.items():
            html = (site / lang / "frameworks" / f"{fid}.html").read_text(encoding="utf-8")
            ids = re.findall(r'<li id="i-([^"]+)">', html)
            assert sorted(ids) == sorted(slug(x) for x in index.items), (lang, fid)
            lists = html.count('<ul class="fw-items depth-')
            assert lists == sum(1 for kids in index.children.values() if kids), (lang, fid)
            assert " - <strong>" not in html and " - **" not in html


def test_heatmap_frameworks_by_programmes(example: tuple[Path, Result], browser: Any) -> None:
    site, result = example
    cat = result.catalogue
    w = page_at(browser, site / "ru" / "frameworks.html")
    try:
        table = w.page.locator("table.heatmap")
        assert table.locator("thead th").count() == 1 + len(cat.programmes)
        assert table.locator("tbody tr").count() == len(cat.frameworks)
        programmes = sorted(cat.programmes)
        for row in table.locator("tbody tr").all():
            fid = row.locator("th code").inner_text().strip()
            index = cat.indexes[fid]
            leaves = index.leaves()
            for cell, pid in zip(row.locator("td").all(), programmes, strict=True):
                refs = {c.competency for m in cat.programmes[pid].modules for o in m.outcomes for c in o.covers}
                covered = [x for x in leaves if any(f"{fid}:{y}" in refs for y in (x, *index.ancestors(x)))]
                text = " ".join(cell.inner_text().split())
                if covered:
                    assert text.startswith(
                        f"{round(100 * len(covered) / len(leaves))} % {len(covered)} / {len(leaves)}"
                    )
                fg, bg = cell.evaluate(EFFECTIVE_COLOURS)
                assert contrast(fg, bg) >= 4.5, (fid, pid)
        assert w.errors == []
    finally:
        w.close()


# --------------------------------------------------------------------------- the graph
@pytest.mark.parametrize("width", [1440, 390])
def test_graph_of_sixty_modules_readable(example: tuple[Path, Result], browser: Any, width: int) -> None:
    site, result = example
    w = page_at(browser, site / "ru" / "programmes" / SIXTY / "graph.html", width)
    try:
        svg = w.page.locator(".prereq-graph svg")
        assert svg.get_attribute("aria-hidden") == "true"
        assert w.page.locator(".prereq-graph svg a:not([tabindex='-1'])").count() == 0
        facts = svg.evaluate(
            """s => { const k = s.getScreenCTM().a; const boxes = [...s.querySelectorAll('g.module')];
            return { scale: k, width: s.getBoundingClientRect().width, attr: s.width.baseVal.value,
              fonts: [...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * k),
              cut: boxes.filter(g => { const r = g.querySelector('rect').getBBox();
                return [...g.querySelectorAll('text')].some(t => { const b = t.getBBox();
                  return b.x < r.x || b.y < r.y || b.x + b.width > r.x + r.width || b.y + b.height > r.y + r.height; }); })
                .map(g => g.querySelector('.mid').textContent),
              rects: boxes.map(g => { const r = g.querySelector('rect').getBBox(); return [r.x, r.y, r.width, r.height]; }) }; }"""
        )
        assert len(facts["rects"]) == 60
        assert min(facts["fonts"]) >= 11, min(facts["fonts"])
        assert abs(facts["width"] - facts["attr"]) < 1 and facts["scale"] == pytest.approx(1, abs=0.01)
        assert facts["cut"] == []
        rects = facts["rects"]
        overlaps = [
            (i, j)
            for i in range(60)
            for j in range(i + 1, 60)
            if rects[i][0] < rects[j][0] + rects[j][2]
            and rects[j][0] < rects[i][0] + rects[i][2]
            and rects[i][1] < rects[j][1] + rects[j][3]
            and rects[j][1] < rects[i][1] + rects[i][3]
        ]
        assert overlaps == []
        scroller = w.page.locator(".prereq-graph")
        wide = scroller.evaluate("e => e.scrollWidth > e.clientWidth")
        assert wide == (width < 900)
        hint = w.page.locator(".prereq .scroll-hint")
        assert hint.is_visible() == wide and ("more-right" in (scroller.get_attribute("class") or "")) == wide
        listing = w.page.locator("details.graph-text")
        p = result.catalogue.programmes[SIXTY]
        items = listing.locator("ul ul > li")
        assert items.count() == 60
        text = listing.evaluate("e => e.textContent")
        for m in p.modules:
            assert " ".join(m.title.get("ru").split()) in text
            for pre in m.prerequisites:
                assert listing.locator(f'li:has(> a:text-is("{m.id}")) a:text-is("{pre}")').count() == 1
        # four module types, the prerequisite arrow and the structural-complexity bar
        assert w.page.locator("ul.graph-legend li").count() == 6
        assert w.page.locator("ul.graph-legend .graph-bar").count() == 1
        assert w.errors == []
    finally:
        w.close()


# --------------------------------------------------------------------------- print layout
def test_print_tables_fit_their_pages(example: tuple[Path, Result], browser: Any) -> None:
    site, _ = example
    for prog in (WIDE, TALL):
        for width, landscape in ((PORTRAIT_PX, False), (LANDSCAPE_PX, True)):
            w = page_at(browser, site / "ru" / "programmes" / prog / "print.html", int(width))
            try:
                w.page.emulate_media(media="print")
                selector = ".dossier-part.landscape" if landscape else ".dossier-part:not(.landscape)"
                wide = w.page.evaluate(
                    f"""() => [...document.querySelectorAll('{selector} table, {selector} svg')]
                    .map(t => [t.tagName + '.' + (t.className.baseVal ?? t.className), t.getBoundingClientRect().width])
                    .filter(([, x]) => x > {width + 0.5})"""
                )
                assert wide == [], (prog, landscape, wide)
                count = w.page.locator(f"{selector} table").count()
                assert count > (3 if landscape else 5)
            finally:
                w.close()


# --------------------------------------------------------------------------- axe, 404, screenshots
PAGE_TYPES = [
    "index.html",
    "frameworks.html",
    "frameworks/ps-electrician.html",
    "qualifications/4S07130103.html",
    f"programmes/{WIDE}/index.html",
    f"programmes/{WIDE}/matrix.html",
    f"programmes/{WIDE}/coverage.html",
    f"programmes/{WIDE}/graph.html",
    f"programmes/{WIDE}/accreditation.html",
    f"programmes/{WIDE}/modules/PM01.html",
    f"programmes/{WIDE}/print.html",
    "reference/format.html",
    "404.html",
]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_axe_every_page_type(example: tuple[Path, Result], browser: Any, lang: str) -> None:
    site, _ = example
    partner = sorted((site / lang / "programmes" / WIDE / "partners").glob("*.html"))[0]
    pages = [site / lang / rel for rel in PAGE_TYPES if lang == "en" or not rel.startswith("reference/")]
    pages.append(partner)  # the format reference is English and published on the English site only
    source = axe_source()
    found = {}
    for path in pages:
        assert path.is_file(), path
        # A context per page: axe reads stylesheets by XHR, which file:// refuses, and on a loaded
        # machine those errors can arrive late; in a context of its own they cannot be counted
        # against the next page.
        w = Watch(browser)
        try:
            w.page.goto(path.as_uri(), wait_until="load")
            assert w.errors == [], (path, w.errors)
            bad = axe_serious(w.page, source)
            assert w.outside == [], (path, w.outside)
        finally:
            w.close()
        if bad:
            found[path.relative_to(site).as_posix()] = bad
    assert found == {}


def test_404_pages_work_from_file(example: tuple[Path, Result], browser: Any) -> None:
    site, _ = example
    for lang in ("kk", "ru", "en"):
        w = page_at(browser, site / lang / "404.html")
        try:
            w.page.wait_for_timeout(200)
            assert w.errors == [] and w.outside == []
            assert w.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
            assert w.page.locator(".md-nav__link").count() >= 4
        finally:
            w.close()


SHOTS = {
    "home": "index.html",
    "dossier": f"programmes/{WIDE}/print.html",
    "matrix": f"programmes/{WIDE}/matrix.html",
    "graph": f"programmes/{WIDE}/graph.html",
}


@pytest.mark.parametrize("width", [1440, 390])
def test_screenshots(example: tuple[Path, Result], browser: Any, width: int) -> None:
    site, _ = example
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("kk", "ru"):
        for name, rel in SHOTS.items():
            w = page_at(browser, site / lang / rel, width, 900)
            try:
                target = ARTIFACTS / f"{name}-{lang}-{width}.png"
                w.page.screenshot(path=str(target), full_page=name != "dossier")
                assert target.stat().st_size > 10_000
                assert w.errors == [] and w.outside == []
                overflow = w.page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
                assert overflow <= 0, (name, lang, width, overflow)  # wide parts scroll, not the page
            finally:
                w.close()


def test_graph_shows_corequisites_and_metrics(example: tuple[Path, Result], browser: Any) -> None:
    site, result = example
    w = page_at(browser, site / "en" / "programmes" / "koktobe-software-web" / "graph.html")
    try:
        styles = w.page.evaluate(
            """() => ['path.edge:not(.corequisite):not(.backward)', 'path.edge.strict.corequisite'].map(sel => {
              const e = document.querySelector(sel); const s = getComputedStyle(e);
              return [s.strokeDasharray, s.stroke]; })"""
        )
        (solid, solid_colour), (dotted, dotted_colour) = styles
        assert solid == "none" and dotted not in ("none", "") and dotted_colour != solid_colour
        table = w.page.locator("table.metrics")
        assert table.is_visible()
        metrics = result.metrics["koktobe-software-web"]
        total = [c.strip() for c in table.locator("tfoot td").all_inner_texts()]
        assert total == [
            "",
            str(metrics.total("blocking")),
            str(metrics.total("delay")),
            str(metrics.total("centrality")),
            str(metrics.total("complexity")),
        ]
        fa01 = metrics.modules["FA01"].complexity
        box = w.page.locator(".prereq-graph g.module", has_text="FA01").locator("text.complexity")
        assert box.text_content() == str(fa01)
        assert w.errors == [] and w.outside == []
    finally:
        w.close()
