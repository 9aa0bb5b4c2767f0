"""The accreditation site: escaping, fallback marks, determinism, atomic swap, CLI exit codes."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from curriculum import dossier, site
from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init

EVIL = "<script>alert(1)</script> A|B *x* `tick`"


@pytest.fixture(scope="module", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Download iframe-worker once per user (or use a pre-seeded cache)."""
    mp = pytest.MonkeyPatch()
    if not os.environ.get("CURRICULUM_CACHE"):
        mp.setenv("CURRICULUM_CACHE", str(Path.home() / ".cache" / "curriculum"))
    yield
    mp.undo()


def make_evil(root: Path) -> Path:
    """The scaffold with hostile titles and one missing Kazakh translation."""
    init(root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: {kk: Жұмысты ұйымдастыру және коммуникация,",
        "title: {kk: 'Жұмысты " + EVIL + "',",
        1,
    )
    text = text.replace("title: {kk: Дизайнды іске асыру, ru:", "title: {ru:", 1)
    assert EVIL in text and "title: {ru: Реализация дизайна" in text
    path.write_text(text, encoding="utf-8")
    return root


def all_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain") / "cat"
    init(root)
    assert build_cmd.run(root, True, None, None, False) == 0
    return root


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_evil(tmp_path_factory.mktemp("evil") / "cat")
    assert build_cmd.run(root, False, None, None, False) == 0
    return root


def test_layout(plain: Path) -> None:
    s = plain / "site"
    assert (s / "index.html").is_file()
    assert "url=ru/index.html" in (s / "index.html").read_text(encoding="utf-8")
    for lang in ("ru", "kk", "en"):
        base = s / lang / "programmes" / "example-web"
        for name in ("index", "matrix", "coverage", "graph", "accreditation", "print"):
            assert (base / f"{name}.html").is_file(), (lang, name)
        assert (base / "modules" / "PM01.html").is_file()
        assert (base / "partners" / "alpha-soft.html").is_file()
        assert (s / lang / "frameworks" / "ws-webtech.html").is_file()
        assert (s / lang / "qualifications" / "4S06130103.html").is_file()
        assert (s / lang / "search" / "search_index.js").is_file()
        assert (s / lang / "assets" / "javascripts" / "iframe-worker" / "shim.js").is_file()
    kk = (s / "kk" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk"' in kk and "Іздеу" in kk
    assert not list(s.rglob("sitemap.xml*"))


def test_offline_no_outside_urls(plain: Path) -> None:

    for page in (plain / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="([^"]+)"', text):
            assert not re.match(r"^(https?:)?//", match.group(1)), (page, match.group(0))
        assert "fonts.googleapis" not in text and "unpkg.com" not in text


def test_graph_and_matrix(plain: Path) -> None:
    base = plain / "site" / "ru" / "programmes" / "example-web"
    graph = (base / "graph.html").read_text(encoding="utf-8")
    assert "<svg" in graph and graph.count('class="edge') >= 4 and "mermaid" not in graph
    matrix = (base / "matrix.html").read_text(encoding="utf-8")
    assert 'class="matrix"' in matrix and ">M</td>" in matrix and 'class="comp gap"' not in matrix
    print_page = (base / "print.html").read_text(encoding="utf-8")
    assert "dossier" in print_page and 'class="matrix"' in print_page and "<svg" in print_page


def test_every_content_page_has_a_skip_link_to_its_content(plain: Path) -> None:
    """The theme's "skip to content" link comes from a page's table of contents; the dossier, converted
    to HTML before the site builder reads it, has none and names its start itself."""
    for lang, words in (("ru", "Перейти к содержанию"), ("kk", None), ("en", "Skip to content")):
        for name in ("print.html", "index.html", "matrix.html"):
            page = (plain / "site" / lang / "programmes" / "example-web" / name).read_text(encoding="utf-8")
            links = re.findall(r'<a href="#([^"]+)" class="md-skip">\s*([^<]*?)\s*</a>', page)
            assert len(links) == 1, (lang, name, links)
            target, text = links[0]
            assert f'id="{target}"' in page, (lang, name, target)
            assert text and (words is None or text == words), (lang, name, text)
    print_page = (plain / "site" / "ru" / "programmes" / "example-web" / "print.html").read_text(encoding="utf-8")
    assert '<a href="#d-cover" class="md-skip">' in print_page
    assert print_page.index('class="md-skip"') < print_page.index("<header")


def test_language_switcher_same_page(plain: Path) -> None:
    page = (plain / "site" / "ru" / "programmes" / "example-web" / "matrix.html").read_text(encoding="utf-8")
    assert 'href="../../../kk/programmes/example-web/matrix.html" hreflang="kk"' in page


def test_yaml_values_are_escaped(evil: Path) -> None:
    s = evil / "site"
    for page in s.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<em>x</em>" not in text and "<code>tick</code>" not in text, page
    module = (s / "kk" / "programmes" / "example-web" / "modules" / "BM01.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A|B *x* `tick`" in module
    index = (s / "kk" / "programmes" / "example-web" / "index.html").read_text(encoding="utf-8")
    # the | stays inside its table cell
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A|B *x* `tick`</a></td>" in index


def test_missing_translation_is_marked(evil: Path) -> None:
    kk = (evil / "site" / "kk" / "programmes" / "example-web" / "modules" / "PM01.html").read_text(encoding="utf-8")
    assert '<span class="fallback" lang="ru"' in kk and "(ru)</sup>" in kk and "Реализация дизайна" in kk
    ru = (evil / "site" / "ru" / "programmes" / "example-web" / "modules" / "PM01.html").read_text(encoding="utf-8")
    assert 'class="fallback"' not in ru


def test_byte_identical(evil: Path, tmp_path: Path) -> None:
    first = all_files(evil / "site")
    assert build_cmd.run(evil, False, None, tmp_path / "a.zip", False) == 0
    second = all_files(evil / "site")
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert build_cmd.run(evil, False, None, tmp_path / "b.zip", False) == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert "ru/index.html" in zf.namelist()


def test_failed_build_keeps_old_site(plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = all_files(plain / "site")

    def boom(config_file: Path, strict: bool = False) -> None:
        raise site.SiteError("simulated failure")

    monkeypatch.setattr(site, "build_site", boom)
    assert build_cmd.run(plain, False, None, None, False) == 1
    assert all_files(plain / "site") == before
    assert [p.name for p in plain.iterdir() if p.name.startswith(".site")] == []


def test_bad_input_exit_2(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    init(root)
    (root / "programmes" / "broken.yml").write_text("kind: programme\nid: [unclosed\n", encoding="utf-8")
    assert build_cmd.run(root, True, None, None, False) == 2
    assert not (root / "site").exists()


def test_strict_fails_on_check_errors(tmp_path: Path) -> None:
    root = tmp_path / "err"
    init(root)
    path = root / "programmes" / "example-web.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("prerequisites: [BM01]", "prerequisites: [NOPE]"), encoding="utf-8"
    )
    assert build_cmd.run(root, True, None, None, False) == 1
    assert build_cmd.run(root, False, None, None, False) == 0


def test_user_template_override(tmp_path: Path) -> None:
    root = tmp_path / "ovr"
    init(root)
    (root / "templates" / "programme").mkdir(parents=True)
    (root / "templates" / "programme" / "graph.md.j2").write_text("# Custom graph {{ p.id|md }}\n", encoding="utf-8")
    assert build_cmd.run(root, False, None, None, False) == 0
    assert "Custom graph example-web" in (root / "site" / "en" / "programmes" / "example-web" / "graph.html").read_text(
        encoding="utf-8"
    )


def test_shim_integrity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tampered cached tarball is ignored; the shim comes verified (from the cache or the registry)."""
    assert not site.IFRAME_WORKER.verifies(b"not the tarball")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / site.IFRAME_WORKER.tarball).write_bytes(b"tampered")
    monkeypatch.setenv("CURRICULUM_CACHE", str(cache))
    shim = site.iframe_worker_shim(tmp_path)
    assert b"iframe" in shim.lower()


def test_shim_offline_error_names_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    def offline(*args: object, **kwargs: object) -> None:
        raise OSError("network is unreachable")

    monkeypatch.setenv("CURRICULUM_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(site.SiteError, match="iframe-worker-1.0.4.tgz"):
        site.iframe_worker_shim(tmp_path)


def test_escape_filters() -> None:
    from curriculum.render import escape_html, escape_md

    assert escape_md("a|b *x* `c` <d> & [e](f) # _g_") == r"a\|b \*x\* \`c\` &lt;d&gt; &amp; \[e\]\(f\) \# \_g\_"
    assert escape_md("line\nbreak") == "line break"
    assert escape_html('"q" <b>') == "&quot;q&quot; &lt;b&gt;"


@pytest.mark.skipif(dossier.find_chromium() is None, reason="no executable chromium (the build would skip --pdf too)")
def test_pdf(tmp_path: Path) -> None:
    """Skipped exactly when the product finds no Chromium to print with; otherwise a missing PDF fails."""
    root = tmp_path / "pdf"
    init(root)
    assert build_cmd.run(root, False, None, None, True) == 0
    pdf = root / "site" / "en" / "programmes" / "example-web" / "dossier.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_user_theme_settings_are_kept(tmp_path: Path) -> None:
    root = tmp_path / "themed"
    init(root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "theme:\n  name: material\n",
            "site_description: Колледж <b>\ncopyright: © 2026 Example College\n"
            "theme:\n  name: material\n  palette: {primary: teal}\n  features: [navigation.tabs]\n",
        )
        + "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert build_cmd.run(root, True, None, None, False) == 0
    page = (root / "site" / "ru" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="teal"' in page
    assert "© 2026 Example College" in page
    assert "md-tabs" in page
    assert "Колледж &lt;b&gt;" in page or "Колледж &amp;lt;b&amp;gt;" in page
