"""Check a built site for what breaks offline: broken local links and anything fetched from outside.

    python -m curriculum.sitecheck SITE_DIR

Every ``href``/``src`` of every HTML page that points into the site must name an existing file
(and, with ``#anchor``, an element with that id), and neither it nor the theme's configuration may
use a root path (``/assets/…`` breaks on ``file://``); no ``script``, ``link``, ``img``, ``iframe``,
``source`` or ``video`` may load from another host. Exit 0 clean, 1 problems (one per line), 2 no site.
Used by the tests and by CI on the MkDocs and the Zensical build alike.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT_CONFIG = re.compile(r'"(base|search)":\s*"/(?!/)')  # the theme's JSON config pointing at the root
LOADING_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "embed"}
OUTSIDE = ("http:", "https:", "//")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src"):
                self.refs.append((tag, name, value))


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.text = path.read_text(encoding="utf-8", errors="replace")
        page.feed(page.text)
        cache[path] = page
    return cache[path]


def check(site: Path) -> list[str]:
    """Problems found in ``site``, as ``page: what`` lines (empty when clean)."""
    problems: list[str] = []
    cache: dict[Path, _Page] = {}
    root = site.resolve()
    for html in sorted(root.rglob("*.html")):
        page = _parse(html, cache)
        where = html.relative_to(root).as_posix()
        for tag, attr, value in page.refs:
            problems += _check_ref(root, html, where, tag, attr, value, cache)
        problems += [
            f"{where}: the theme's {m.group(1)!r} is a root path (breaks on file://)"
            for m in ROOT_CONFIG.finditer(page.text)
        ]
    return problems


def _check_ref(
    root: Path, html: Path, where: str, tag: str, attr: str, value: str, cache: dict[Path, _Page]
) -> list[str]:
    value = value.strip()
    if value.lower().startswith(OUTSIDE):
        if tag in LOADING_TAGS and not (tag == "link" and attr == "href" and _is_plain_link(value)):
            return [f"{where}: <{tag} {attr}> loads from outside: {value}"]
        return []
    if value.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")) or not value:
        return []
    parts = urlsplit(value)
    if parts.scheme:
        return []
    if parts.path.startswith("/"):
        return [f"{where}: {attr}={value!r} is a root path (breaks on file://)"]
    target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
    if target.is_dir():
        target = target / "index.html"
    if root not in (target, *target.parents):
        return [f"{where}: {attr}={value!r} leaves the site"]
    if not target.is_file():
        return [f"{where}: {attr}={value!r} names a missing file"]
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target, cache).ids:
        return [f"{where}: {attr}={value!r} names a missing anchor"]
    return []


def _is_plain_link(value: str) -> bool:
    """``<link rel=canonical href=https://…>`` and the like load nothing; stylesheets do."""
    return not value.lower().split("?")[0].endswith((".css", ".js", ".woff", ".woff2", ".ttf"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m curriculum.sitecheck SITE_DIR (a built site)", file=sys.stderr)
        return 2
    problems = check(Path(args[0]))
    for line in problems:
        print(line)
    pages = sum(1 for _ in Path(args[0]).rglob("*.html"))
    print(f"{pages} pages, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
