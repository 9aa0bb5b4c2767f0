"""Build hygiene: staging outside the catalogue, killed builds, relative 404 pages, progress, timing,
the site checker, the catalogue revision on the dossier, and Zensical as the second builder."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from curriculum import output, site, sitecheck
from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init
from curriculum.progress import Progress
from curriculum.revision import content_hash, revision


def _stages(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site.", output.STAGE_PREFIX)))


def _start_build(root: Path, tmp: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.Popen(
        [sys.executable, "-m", "curriculum", "build", "--root", str(root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_stage(tmp: Path, proc: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = [p for p in tmp.glob(output.STAGE_PREFIX + "*") if (p / "src").is_dir()]
        if found:
            return found[0]
        assert proc.poll() is None, "the build ended before it was staged"
        time.sleep(0.05)
    raise AssertionError("no stage appeared")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killed_build_leaves_nothing_in_the_catalogue(tmp_path: Path, how: signal.Signals) -> None:
    root, tmp = tmp_path / "cat", tmp_path / "tmp"
    init(root)
    tmp.mkdir()
    proc = _start_build(root, tmp)
    stage = _wait_for_stage(tmp, proc)
    proc.send_signal(how)
    proc.wait(timeout=60)
    assert _stages(root) == [] and not (root / "site").exists()
    if how == signal.SIGTERM:  # handled: the build removed its own stage
        assert not stage.exists() and proc.returncode == 128 + signal.SIGTERM
    else:  # no chance to clean up: the stage stays in $TMPDIR, outside the catalogue
        assert stage.exists()


def test_next_build_clears_stale_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, tmp = tmp_path / "cat", tmp_path / "tmp"
    init(root)
    tmp.mkdir()
    dead = 2**22 + 12345  # above the usual pid_max: no such process
    stale = [tmp / f"{output.STAGE_PREFIX}{dead}-abc", root / f".site.build-{dead}-site", root / ".site.build-x"]
    for folder in stale:
        (folder / "docs").mkdir(parents=True)
    mine = tmp / f"{output.STAGE_PREFIX}{os.getpid()}-live"  # a live process's stage is left alone
    mine.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
    assert [p for p in stale if p.exists()] == []
    assert mine.exists()
    assert _stages(root) == [] and (root / "site" / "index.html").is_file()
    assert [p.name for p in tmp.iterdir()] == [mine.name]


def test_stage_patterns_are_ignored_by_git() -> None:
    for ignore in (Path(__file__).parent.parent / ".gitignore", Path(site.__file__).parent / "scaffold" / "gitignore"):
        lines = ignore.read_text(encoding="utf-8").splitlines()
        assert ".*.build-*/" in lines and ".*.old/" in lines, ignore


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("out") / "cat"
    init(root)
    try:
        assert build_cmd.run(root, False, None, None, False, quiet=True) == 0
    finally:
        mp.undo()
    return root


def test_404_pages_use_relative_paths(built: Path) -> None:
    pages = sorted((built / "site").glob("*/404.html"))
    assert [p.parent.name for p in pages] == ["en", "kk", "ru"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'href="/' not in text and 'src="/' not in text, page
        assert '"base": "."' in text and 'href="./assets/' in text


def test_sitecheck_clean_site_and_broken_links(built: Path, tmp_path: Path) -> None:
    assert sitecheck.check(built / "site") == []
    bad = tmp_path / "bad"
    (bad / "a").mkdir(parents=True)
    (bad / "a" / "ok.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (bad / "a" / "index.html").write_text(
        '<a href="ok.html#here">fine</a><a href="ok.html#gone">anchor</a><a href="missing.html">file</a>'
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="/assets/x.css">'
        '<a href="https://example.org/">a plain outside link is fine</a>'
        '<script id="__config" type="application/json">{"base":"/","search":"/assets/w.js"}</script>',
        encoding="utf-8",
    )
    problems = sitecheck.check(bad)
    assert problems == [
        "a/index.html: href='ok.html#gone' names a missing anchor",
        "a/index.html: href='missing.html' names a missing file",
        "a/index.html: <script src> loads from outside: https://cdn.example/x.js",
        "a/index.html: href='/assets/x.css' is a root path (breaks on file://)",
        "a/index.html: the theme's 'base' is a root path (breaks on file://)",
        "a/index.html: the theme's 'search' is a root path (breaks on file://)",
    ]
    assert sitecheck.main([str(bad)]) == 1 and sitecheck.main([str(built / "site")]) == 0
    assert sitecheck.main([str(tmp_path / "nothing")]) == 2


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only() -> None:
    tty = Tty()
    with Progress(tty) as p:
        p.stage("render ru", 1, 3)
        p.stage("pdf", 4, 18)
    text = tty.getvalue()
    assert "render ru (1/3)" in text and "pdf (4/18)" in text and text.endswith("\r\x1b[K")
    pipe = io.StringIO()
    with Progress(pipe) as p:
        p.stage("render ru", 1, 3)
    assert pipe.getvalue() == ""
    quiet = Tty()
    with Progress(quiet, enabled=False) as p:
        p.stage("render ru", 1, 3)
    assert quiet.getvalue() == ""


def test_build_shows_stages_and_times_the_zip(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    real_zip = output.write_zip

    def slow_zip(folder: Path, target: Path) -> None:
        time.sleep(0.6)
        real_zip(folder, target)

    monkeypatch.setattr(output, "write_zip", slow_zip)
    assert build_cmd.run(built, False, None, tmp_path / "s.zip", False) == 0
    shown = tty.getvalue()
    for stage in ("load and check", "render kk (2/3)", "mkdocs ru (1/3)", "mkdocs en (3/3)", "zip"):
        assert stage in shown, stage
    line = capsys.readouterr().out.splitlines()[0]
    total = float(line.split(" in ")[1].split("s ")[0])
    parts = dict(x.rsplit(" ", 1) for x in line.split("(")[1].rstrip(")").split(", "))
    assert set(parts) == {"load+check", "render", "MkDocs", "zip"}
    assert float(parts["zip"].rstrip("s")) >= 0.6
    assert total >= sum(float(v.rstrip("s")) for v in parts.values()) - 0.2


def test_quiet_build_prints_nothing(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_cmd.run(built, False, None, None, False, quiet=True) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_revision_from_git_or_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "rev"
    init(root)
    monkeypatch.delenv("CURRICULUM_TODAY", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    plain = revision(root)
    assert plain.text == f"sha256 {content_hash(root)}" and len(content_hash(root)) == 12
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2025-03-04T10:00:00", "GIT_AUTHOR_DATE": "2025-03-04T10:00:00"}
    subprocess.run([*git, "commit", "-q", "-m", "x"], check=True, env=env)
    sha = subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert revision(root).text == f"git {sha}" and revision(root).date == "2025-03-04"
    monkeypatch.setenv("CURRICULUM_TODAY", "2026-01-15")
    assert revision(root).date == "2026-01-15"
    path = root / "programmes" / "example-web.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert revision(root).text == f"git {sha} + sha256 {content_hash(root)}"


@pytest.mark.skipif(site.zensical_command() is None, reason="zensical is not installed (pip install zensical)")
def test_zensical_builds_the_same_pages(built: Path, tmp_path: Path) -> None:
    assert build_cmd.run(built, False, tmp_path / "z", None, False, builder="zensical", quiet=True) == 0
    mkdocs_pages = sorted(p.relative_to(built / "site").as_posix() for p in (built / "site").rglob("*.html"))
    zensical_pages = sorted(p.relative_to(tmp_path / "z").as_posix() for p in (tmp_path / "z").rglob("*.html"))
    assert zensical_pages == mkdocs_pages
    assert sitecheck.check(tmp_path / "z") == []


def test_zensical_missing_is_a_clear_error(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "zensical_command", lambda: None)
    assert build_cmd.run(built, False, tmp_path / "z", None, False, builder="zensical", quiet=True) == 1
    assert not (tmp_path / "z").exists()
