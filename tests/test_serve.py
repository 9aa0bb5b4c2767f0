"""`curriculum serve` end to end: a running server, a YAML file saved under it, the page a browser views.

The catalogue is a copy of the example with one of its programmes (the catalogue's own pages, frameworks
and qualifications, whole). The server is asked for pages and for its live-reload state over HTTP, as a
browser asks; nothing here depends on how long a build takes.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME = "koktobe-software-web"
HANG = 600  # seconds: a server that says nothing for this long is stuck (a guard, not a measurement)


def example_with_one_programme(target: Path) -> Path:
    for name in ("competencies", "standards", "docs"):
        shutil.copytree(ROOT / name, target / name)
    (target / "programmes").mkdir(parents=True)
    shutil.copy(ROOT / "programmes" / f"{PROGRAMME}.yml", target / "programmes")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serving:
    """``curriculum serve`` in a process of its own, its output lines read as they come."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "CURRICULUM_TODAY": "2026-01-15", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "curriculum", "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")  # the process ended

    def line(self, pattern: str) -> str:
        """The next output line matching ``pattern`` (the lines before it are passed over)."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=HANG)
            except queue.Empty:
                pytest.fail(f"serve said nothing matching {pattern!r} for {HANG} s; it said: {seen}")
            if line == "" and self.proc.poll() is not None:
                pytest.fail(f"serve ended ({self.proc.returncode}) before {pattern!r}; it said: {seen}")
            if re.search(pattern, line):
                return line
            seen.append(line)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=HANG) as response:
            return bytes(response.read())

    def epoch(self) -> int:
        """The version of the site browsers are told of (they reload when it changes)."""
        return int(self.get("/livereload/0/0"))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                return self.proc.wait(timeout=HANG)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Serving, Path]]:
    root = example_with_one_programme(tmp_path / "cat")
    server = Serving(root)
    try:
        yield server, root
    finally:
        server.stop()


def site_hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.endswith(".part")
    }


def cohort(html: str) -> list[str]:
    """The cohort as the programme's overview states it, in Russian or English (its facts table)."""
    return re.findall(r"<td>(?:Контингент набора|Cohort)</td>\n<td>(\d+)</td>", html)


def test_a_saved_yaml_file_shows_on_the_viewed_page_after_one_reload(serving: tuple[Serving, Path]) -> None:
    server, root = serving
    server.line(r"^serving ")
    page = f"/ru/programmes/{PROGRAMME}/index.html"
    assert cohort(server.get(page).decode("utf-8")) == ["25"]
    site = root / "site"
    built = site_hashes(site)
    epoch = server.epoch()
    source = root / "programmes" / f"{PROGRAMME}.yml"
    text = source.read_text(encoding="utf-8")
    assert "\ncohort: 25\n" in text
    source.write_text(text.replace("\ncohort: 25\n", "\ncohort: 731\n", 1), encoding="utf-8")
    # the page viewed is built and served first, and the browsers told of it (they reload) ...
    assert server.line(r"^rebuilt ").startswith(f"rebuilt 1 page(s): ru/programmes/{PROGRAMME}/index.md")
    reloaded = int(server.get(f"/livereload/{epoch}/1"))  # answered once the browsers are to reload
    assert reloaded != epoch
    assert cohort(server.get(page).decode("utf-8")) == ["731"]
    # a page left for later is served once it is built, never as it was before the save
    assert cohort(server.get(f"/en/programmes/{PROGRAMME}/index.html").decode("utf-8")) == ["731"]
    # ... then the other changed pages, without another reload
    server.line(r"^rebuilt \d+ page\(s\)")
    assert server.get(page)  # served once nothing is being built
    assert server.epoch() == reloaded
    now = site_hashes(site)
    changed = {k for k in built if now.get(k) != built[k]} | (set(now) - set(built))
    assert f"ru/programmes/{PROGRAMME}/index.html" in changed
    assert f"en/programmes/{PROGRAMME}/index.html" in changed and "kk/index.html" in changed
    mine = re.compile(rf"^(kk|ru|en)/(programmes/{PROGRAMME}/[a-z]+\.html|index\.html|search/search_index\.(json|js))$")
    assert sorted(k for k in changed if not mine.match(k)) == []  # every other page keeps its bytes
    assert len(now) == len(built)
    assert server.stop() == 0
