"""`serve` after a save: only the pages whose Markdown changed are built again, and the served site is
then byte for byte the site a fresh `serve` builds from the edited catalogue."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from curriculum import site
from curriculum.checks import check_path
from curriculum.live import LiveSite, Server, derived, programme_units, snapshot, viewed_page, watched

from .test_scaleout import hashes, small_catalogue


@pytest.fixture(scope="module", autouse=True)
def shared_cache() -> None:
    mp = pytest.MonkeyPatch()
    if not os.environ.get("CURRICULUM_CACHE"):
        mp.setenv("CURRICULUM_CACHE", str(Path.home() / ".cache" / "curriculum"))
    yield
    mp.undo()


def fresh(root: Path, target: Path) -> dict[str, str]:
    live = LiveSite(root, target, site.iframe_worker_shim(root), jobs=1)
    try:
        assert live.build(check_path(root)).startswith("built every page")
    finally:
        live.close()
    return hashes(target)


def test_a_save_rebuilds_the_changed_pages_only(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "cat")
    live = LiveSite(root, root / "site", site.iframe_worker_shim(root), jobs=2)
    try:
        # checked through the cache, as serve checks (the fresh sites below are checked without it)
        assert live.build(check_path(root, cache=True), snapshot(root)).startswith("built every page")
        assert live.build(check_path(root, cache=True), snapshot(root)) == "no page changed"
        path = root / "programmes" / "example-web-2.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"cohort: (\d+)", "cohort: 99", text, count=1), encoding="utf-8")
        result = check_path(root, cache=True)
        assert result.reused == 2
        assert programme_units(result, {"programmes/example-web-2.yml"}) == {"catalogue", "programmes/example-web-2"}
        said = live.build(result, snapshot(root))
        # the programme's overview and the home page's dashboard, in each language
        assert said.startswith("rebuilt "), said
        assert "kk/index.md" in said or " …" in said
        count = int(said.split()[1])
        assert 6 <= count < 20, said
        assert hashes(root / "site") == fresh(root, tmp_path / "fresh")
        # a renamed programme changes the navigation of every page: the whole site is built again
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: {kk: 2 ", "title: {kk: 2 жаңа ", 1), encoding="utf-8")
        assert live.build(check_path(root), snapshot(root)).startswith("built every page")
        assert hashes(root / "site") == fresh(root, tmp_path / "fresh2")
    finally:
        live.close()
    assert not live.work.exists()


def test_serve_watches_the_results_exports_and_rebuilds_the_results_pages(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "cat")
    exports = root / "results"
    exports.mkdir()
    enrolment = exports / "enrolment.csv"
    enrolment.write_text("programme,year,intake,dual\nexample-web,2024,30,24\n", encoding="utf-8")
    assert exports in watched(root)
    live = LiveSite(root, root / "site", site.iframe_worker_shim(root), jobs=1)
    try:
        assert live.build(check_path(root), snapshot(root)).startswith("built every page")
        # the check wrote the results store beside the exports: derived, so no source of the site
        assert (exports / "results.duckdb").is_file()
        assert "results/results.duckdb" not in snapshot(root)
        assert set(snapshot(root)) >= {"results/enrolment.csv", "programmes/example-web.yml"}
        before = (root / "site" / "en" / "programmes" / "example-web" / "results.html").read_text(encoding="utf-8")
        enrolment.write_text("programme,year,intake,dual\nexample-web,2024,31,24\n", encoding="utf-8")
        files = snapshot(root)
        assert files != live.files
        said = live.build(check_path(root), files)
        assert said.startswith("rebuilt "), said
        page = (root / "site" / "en" / "programmes" / "example-web" / "results.html").read_text(encoding="utf-8")
        assert page != before and ">31<" in page and ">31<" not in before
        assert hashes(root / "site") == fresh(root, tmp_path / "fresh")
    finally:
        live.close()


def test_the_watched_folders_follow_the_settings(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "cat")
    (root / "exports").mkdir()
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "extra:\n  curriculum:\n" in text
    config.write_text(
        text.replace(
            "extra:\n  curriculum:\n",
            "extra:\n  curriculum:\n    results_dir: exports\n    results_store: exports/store.duckdb\n",
            1,
        ),
        encoding="utf-8",
    )
    (root / "standards").mkdir()
    assert watched(root) == [root / "competencies", root / "programmes", root / "standards", root / "exports", config]
    skip = derived(root)
    assert skip(root / "exports" / "store.duckdb") and skip(root / "exports" / "store.duckdb.wal")
    assert skip(root / "exports" / "store.duckdb.tmp123")
    assert not skip(root / "exports" / "enrolment.csv") and not skip(root / "results" / "results.duckdb")


def test_the_page_being_viewed_is_served_first_and_the_others_right_after(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "cat")
    live = LiveSite(root, root / "site", site.iframe_worker_shim(root), jobs=1)
    try:
        assert live.build(check_path(root, cache=True), snapshot(root)).startswith("built every page")
        path = root / "programmes" / "example-web-2.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"cohort: (\d+)", "cohort: 99", text, count=1), encoding="utf-8")
        want = fresh(root, tmp_path / "fresh")
        before = hashes(root / "site")
        viewed = {"kk/programmes/example-web-2/index.md", "kk/programmes/example-web-2/graph.md"}  # one unchanged
        said = live.build(check_path(root, cache=True), snapshot(root), first=viewed)
        assert said.startswith("rebuilt 1 page(s): kk/programmes/example-web-2/index.md "), said
        assert said.endswith(" (the other changed pages follow)") and live.pending
        now = hashes(root / "site")
        assert now["kk/programmes/example-web-2/index.html"] == want["kk/programmes/example-web-2/index.html"]
        assert now["kk/programmes/example-web-2/index.html"] != before["kk/programmes/example-web-2/index.html"]
        waiting = [k for k in want if k.endswith(".html") and now[k] != want[k]]
        assert "ru/programmes/example-web-2/index.html" in waiting and "kk/index.html" in waiting
        more = live.finish()
        assert more.startswith(f"rebuilt {len(waiting)} page(s)"), (more, waiting)
        assert live.pending is None and live.finish() == ""
        assert hashes(root / "site") == want
        # a save while pages wait: what is left is found again by the next build
        path.write_text(re.sub(r"cohort: (\d+)", "cohort: 98", text, count=1), encoding="utf-8")
        assert live.build(check_path(root, cache=True), snapshot(root), first=viewed).endswith(" pages follow)")
        path.write_text(re.sub(r"cohort: (\d+)", "cohort: 99", text, count=1), encoding="utf-8")
        assert live.build(check_path(root, cache=True), snapshot(root)).startswith("rebuilt ")
        assert live.pending is None and hashes(root / "site") == want
    finally:
        live.close()


def test_the_server_notes_the_pages_browsers_ask_for(tmp_path: Path) -> None:
    from wsgiref.util import setup_testing_defaults

    assert viewed_page("/kk/programmes/x/index.html") == "kk/programmes/x/index.md"
    assert viewed_page("/ru/") == viewed_page("/ru") == "ru/index.md"
    assert viewed_page("/en/reference/") == "en/reference/index.md"
    assert viewed_page("/index.html") is None and viewed_page("/") is None
    assert viewed_page("/kk/assets/curriculum.css") is None
    (tmp_path / "kk").mkdir()
    (tmp_path / "kk" / "index.html").write_text("<html><body>page</body></html>", encoding="utf-8")
    server = Server(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        for n in range(Server.KEEP + 2):
            environ: dict[str, object] = {"PATH_INFO": f"/kk/p{n}.html" if n else "/kk/index.html"}
            setup_testing_defaults(environ)
            body = b"".join(server.serve_request(environ, lambda status, headers: None))
            assert (b"page" in body) == (n == 0)
        seen = server.viewed()
        assert len(seen) == Server.KEEP and "kk/index.md" not in seen and f"kk/p{Server.KEEP + 1}.md" in seen
    finally:
        server.server_close()


def test_a_kept_mkdocs_set_up_builds_the_bytes_of_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.config

    from curriculum import groups
    from curriculum.render import render_language

    root = small_catalogue(tmp_path / "cat")
    project = tmp_path / "src" / "kk"
    config = render_language(check_path(root), "kk", project, site.iframe_worker_shim(root))
    site.quiet_mkdocs()
    page, home = "programmes/example-web/index.md", "index.md"
    out = project / "site"

    def fresh(own: set[str]) -> dict[str, str]:
        groups.build_group(config, own, False)
        return hashes(out)

    want = {**fresh({page}), **fresh({home})}
    loads: list[str] = []
    load = mkdocs.config.load_config
    monkeypatch.setattr(mkdocs.config, "load_config", lambda *a, **k: loads.append(str(a[0])) or load(*a, **k))
    frame = groups.frame_key(project, {})
    try:
        groups.build_group(config, {page}, False, session=frame)
        assert hashes(out) == fresh_subset(want, page)
        groups.build_group(config, {home}, False, session=frame)  # set up once: the page built before is no help
        assert hashes(out) == fresh_subset(want, home) and len(loads) == 1
        # the page's Markdown changed, not its frame: the kept set-up reads it again
        source = project / "docs" / page
        source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        assert groups.frame_key(project, {}) == frame
        part = groups.build_group(config, {page}, False, session=frame)
        built = (out / page.replace(".md", ".html")).read_text(encoding="utf-8")
        assert "<p>One more paragraph.</p>" in built and part.own == [page] and len(loads) == 1
        assert any("One more paragraph." in e for e in part.entries[page])  # and searched
        # a title changed: another frame, MkDocs is set up again
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("title: ", "title: Z", 1), encoding="utf-8")
        groups.build_group(config, {page}, False, session=groups.frame_key(project, {}))
        assert len(loads) == 2 and ">Z" in (out / page.replace(".md", ".html")).read_text(encoding="utf-8")
    finally:
        groups.forget_sessions()


def fresh_subset(hashes_: dict[str, str], page: str) -> dict[str, str]:
    """The hashes of the one page ``page`` (docs path) of a site's hashes."""
    html = page.replace(".md", ".html")
    return {html: hashes_[html]}


def test_a_save_stops_the_pages_left_for_later_and_the_next_build_finds_them_again(tmp_path: Path) -> None:
    root = small_catalogue(tmp_path / "cat")
    live = LiveSite(root, root / "site", site.iframe_worker_shim(root), jobs=1)
    try:
        assert live.build(check_path(root, cache=True), snapshot(root)).startswith("built every page")
        path = root / "programmes" / "example-web-2.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"cohort: (\d+)", "cohort: 99", text, count=1), encoding="utf-8")
        want = fresh(root, tmp_path / "fresh")
        viewed = "kk/programmes/example-web-2/index.md"
        live.build(check_path(root, cache=True), snapshot(root), first={viewed})
        assert live.pending is not None
        # while the others wait, a request for one of them waits too; the page viewed does not
        assert live.waits("ru/programmes/example-web-2/index.md") and live.waits("kk/index.md")
        assert not live.waits(viewed)
        asked: list[int] = []
        assert live.finish(stop=lambda: not asked.append(1)) == "stopped: a save came"
        assert live.pending is not None and asked == [1]
        assert hashes(root / "site") != want
        # the next save, of another programme, builds what was left as well
        other = root / "programmes" / "example-web-3.yml"
        other.write_text(
            re.sub(r"cohort: (\d+)", "cohort: 77", other.read_text(encoding="utf-8"), count=1), encoding="utf-8"
        )
        want = fresh(root, tmp_path / "fresh2")
        said = live.build(check_path(root, cache=True), snapshot(root), first={viewed})
        assert said.startswith("rebuilt "), said
        live.finish()
        assert live.pending is None and not live.waits("kk/index.md")
        assert hashes(root / "site") == want
    finally:
        live.close()
