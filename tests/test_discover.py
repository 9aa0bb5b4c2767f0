"""File discovery in programmes/ and competencies/: what has a YAML name is read whatever its case,
a folder is walked whatever its name, and what cannot be read is reported at its path (CUR007)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main
from curriculum.discover import discover

from .conftest import BASE

WEB = "programmes/example-web.yml"


def _check(root: Path) -> tuple[int, list[tuple[str, str, int, int]], dict]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = sorted((x["code"], x["file"], x["line"], x["column"]) for x in report["diagnostics"])
    return result.exit_code, found, report


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(BASE, target)
    return target


@pytest.mark.parametrize("suffix", [".YML", ".yaml", ".Yaml", ".YAML"])
def test_any_case_of_yaml_suffix_is_read(root: Path, suffix: str) -> None:
    moved = root / ("programmes/example-web" + suffix)
    (root / WEB).rename(moved)
    code, found, report = _check(root)
    assert (code, found) == (0, [])
    assert list(report["programmes"]) == ["example-web"]


def test_folder_named_like_yaml_is_walked(root: Path) -> None:
    folder = root / "programmes" / "archive.yml"
    folder.mkdir()
    (root / WEB).rename(folder / "example-web.yml")
    code, found, report = _check(root)
    assert (code, found) == (0, [])
    assert list(report["programmes"]) == ["example-web"]


def test_dangling_symlink_is_reported(root: Path) -> None:
    (root / "programmes" / "gone.yml").symlink_to("nowhere/gone.yml")
    code, found, report = _check(root)
    assert (code, found) == (2, [("CUR007", "programmes/gone.yml", 1, 1)])
    assert "nowhere/gone.yml" in report["diagnostics"][0]["message"]
    assert list(report["programmes"]) == ["example-web"]  # the rest is still checked


def test_symlink_loop_is_reported(root: Path) -> None:
    (root / "competencies" / "a.yml").symlink_to("b.yml")
    (root / "competencies" / "b.yml").symlink_to("a.yml")
    code, found, _ = _check(root)
    assert (code, found) == (2, [("CUR007", "competencies/a.yml", 1, 1), ("CUR007", "competencies/b.yml", 1, 1)])


def test_fifo_is_reported_and_never_opened(root: Path) -> None:
    os.mkfifo(root / "programmes" / "pipe.yaml")
    code, found, report = _check(root)  # opening the FIFO would block: the test would hang
    assert (code, found) == (2, [("CUR007", "programmes/pipe.yaml", 1, 1)])
    assert "not a regular file" in report["diagnostics"][0]["message"]


def test_folder_link_loop_is_walked_once(root: Path) -> None:
    (root / "programmes" / "again").symlink_to(".", target_is_directory=True)  # programmes/again/again/…
    files, problems = discover(root)
    rel = [p.relative_to(root).as_posix() for p in files]
    assert rel.count(WEB) == 1 and problems == []
    code, found, _ = _check(root)
    assert (code, found) == (0, [])


def test_symlinked_file_is_read(root: Path) -> None:
    (root / WEB).rename(root / "elsewhere.yml")
    (root / WEB).symlink_to("../elsewhere.yml")
    code, found, report = _check(root)
    assert (code, found) == (0, [])
    assert list(report["programmes"]) == ["example-web"]


def test_non_yaml_files_are_left_alone(root: Path) -> None:
    (root / "programmes" / "README.md").write_text("# notes\n", encoding="utf-8")
    os.mkfifo(root / "programmes" / "notes.fifo")
    code, found, _ = _check(root)
    assert (code, found) == (0, [])
