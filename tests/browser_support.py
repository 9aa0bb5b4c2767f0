"""What the browser tests share: Chromium, a page that records errors and outside requests, axe-core,
and WCAG contrast computed from the colours the browser actually uses.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright (never `playwright install`). Where
it is absent the tests skip with the reason, unless CURRICULUM_REQUIRE_BROWSER is set (CI sets it
once Chromium is installed), in which case they fail.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from curriculum import npm
from curriculum.site import CHROMIUM_FLAGS

CHROMIUM = "/usr/bin/chromium"
ARGS = list(CHROMIUM_FLAGS)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
AXE = npm.Package(
    "axe-core",
    "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
)


def require_browser() -> Any:
    """``sync_playwright``, or skip (fail where CURRICULUM_REQUIRE_BROWSER is set) with the reason."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright, reason = None, "playwright is not installed (pip install 'curriculum[pdf]')"
    if reason is None and not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if reason is not None:
        if os.environ.get("CURRICULUM_REQUIRE_BROWSER"):
            pytest.fail(reason + " but CURRICULUM_REQUIRE_BROWSER is set", pytrace=False)
        pytest.skip(reason, allow_module_level=True)
    return sync_playwright


class Watch:
    """A page that records console errors, page errors and any request that is not local."""

    def __init__(self, browser: Any, width: int = 1440, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.on("request", lambda r: None if r.url.startswith(LOCAL_SCHEMES) else self.outside.append(r.url))

    def close(self) -> None:
        self.context.close()


def axe_source() -> str:
    """axe-core's browser bundle, verified against the registry's integrity (cached like iframe-worker)."""
    return npm.member(AXE, "package/axe.min.js").decode("utf-8")


def axe_serious(page: Any, source: str) -> list[str]:
    """Serious and critical axe violations of the page (every rule axe runs by default)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    out = []
    for v in result:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            out.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {targets}")
    return out


_RGB = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def parse_rgb(value: str) -> tuple[float, float, float, float]:
    m = _RGB.match(value)
    assert m, value
    r, g, b = (float(m.group(i)) for i in (1, 2, 3))
    return r, g, b, float(m.group(4)) if m.group(4) is not None else 1.0


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(x) for x in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS colours (an opaque background; the text blended onto it)."""
    f, b = parse_rgb(fg), parse_rgb(bg)
    assert b[3] == 1.0, f"background {bg} is not opaque"
    a = f[3]
    blended = tuple(a * f[i] + (1 - a) * b[i] for i in range(3))
    hi, lo = sorted((luminance(blended), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The background a text is drawn on: the first ancestor with an opaque background colour.
EFFECTIVE_COLOURS = """(el) => {
  let e = el, bg = null;
  while (e) { const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) { bg = c; break; } e = e.parentElement; }
  return [getComputedStyle(el).color, bg || 'rgb(255, 255, 255)'];
}"""
