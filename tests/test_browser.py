"""The built site in real headless Chromium, from file://, with no network.

Skipped with a reason when /usr/bin/chromium or playwright is missing. The site is built once per
module. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init
from curriculum.site import CHROMIUM_FLAGS

CHROMIUM = "/usr/bin/chromium"
ARGS = list(CHROMIUM_FLAGS)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None:
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scaffold with one requirement left uncovered (ws-webtech:1), built once."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("browser") / "cat"
    init(root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    assert "covers: {ws-webtech:1: mastered}" in text
    path.write_text(
        text.replace("covers: {ws-webtech:1: mastered}", "covers: {ws-webtech:2: reinforced}", 1), encoding="utf-8"
    )
    try:
        assert build_cmd.run(root, False, None, None, False) == 0
    finally:
        mp.undo()
    return root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as pw:  # type: ignore[misc]
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """A page that records console errors, page errors and any request that is not local."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.on("request", lambda r: None if r.url.startswith(LOCAL_SCHEMES) else self.outside.append(r.url))

    def close(self) -> None:
        self.context.close()


def test_every_page_loads_clean(built: Path, browser: Any) -> None:
    w = Watch(browser)
    try:
        w.page.goto((built / "index.html").as_uri())  # the root redirects to the default language
        w.page.wait_for_url("**/ru/index.html")
        w.page.wait_for_load_state("load")
        pages = sorted(p for p in built.rglob("*.html") if p.name != "404.html" and p.parent != built)
        assert len(pages) > 30
        for html in pages:
            w.page.goto(html.as_uri(), wait_until="load")
        w.page.wait_for_timeout(300)
        assert w.errors == []
        assert w.outside == []
    finally:
        w.close()


def search(w: Watch, url: str, term: str) -> int:
    w.page.goto(f"{url}?q={term}", wait_until="load")
    w.page.wait_for_selector(".md-search-result__item", timeout=15000)
    return w.page.locator(".md-search-result__item").count()


def test_search_finds_kazakh_and_russian(built: Path, browser: Any) -> None:
    w = Watch(browser)
    try:
        assert search(w, (built / "kk" / "index.html").as_uri(), "тәлімгердің") > 0
        assert search(w, (built / "kk" / "programmes" / "example-web" / "index.html").as_uri(), "альфа") > 0  # after «
        assert search(w, (built / "ru" / "index.html").as_uri(), "наставника") > 0
        assert search(w, (built / "ru" / "index.html").as_uri(), "Фронтенд") > 0
        assert w.outside == []
        assert w.errors == []
    finally:
        w.close()


def test_language_switcher_same_page(built: Path, browser: Any) -> None:
    w = Watch(browser)
    try:
        start = built / "ru" / "programmes" / "example-web" / "matrix.html"
        for lang in ("kk", "en", "ru"):
            w.page.goto(start.as_uri(), wait_until="load")
            link = w.page.locator(f'a.md-select__link[hreflang="{lang}"]')
            w.page.locator(".md-header__option .md-select button").first.hover()
            link.click()
            w.page.wait_for_load_state("load")
            assert w.page.url.endswith(f"/{lang}/programmes/example-web/matrix.html")
            assert w.page.locator("html").get_attribute("lang") == lang
            assert w.page.locator("table.matrix").count() == 1
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def test_matrix_marks_gap_and_screenshots(built: Path, browser: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    w = Watch(browser)
    try:
        w.page.goto((built / "en" / "programmes" / "example-web" / "matrix.html").as_uri(), wait_until="load")
        gap = w.page.locator("table.matrix th.comp.gap")
        assert gap.count() == 1
        assert "✗" in gap.first.inner_text() and gap.first.locator(".code").inner_text() == "1"
        # the gap is explained in words beside the table, not in a tooltip
        entry = w.page.locator("ul.matrix-columns li", has=w.page.locator(".state.gap"))
        assert entry.count() == 1 and entry.first.is_visible()
        assert entry.first.inner_text().startswith("1 ") and "✗ gap: CUR301 `ws-webtech:1`" in entry.first.inner_text()
        w.page.screenshot(path=str(ARTIFACTS / "matrix.png"), full_page=True)
        w.page.goto((built / "en" / "programmes" / "example-web" / "index.html").as_uri(), wait_until="load")
        assert w.page.locator(".hours-chart .hours-seg.workplace").count() > 0
        w.page.screenshot(path=str(ARTIFACTS / "programme.png"), full_page=True)
        w.page.goto((built / "en" / "programmes" / "example-web" / "graph.html").as_uri(), wait_until="load")
        assert w.page.locator(".prereq-graph svg g.module").count() == 5
        w.page.screenshot(path=str(ARTIFACTS / "graph.png"), full_page=True)
        assert w.errors == [] and w.outside == []
    finally:
        w.close()
