"""The README's finding example is what the tool prints, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("A finding stands where the programme developer works")
    block = re.search(r"```text\n(.*?)```", text[start:], re.S)
    assert block is not None, "README: the finding example's ```text block is missing"
    return block.group(1)


def test_readme_finding_example_is_what_check_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "cat")]).exit_code == 0
    programme = tmp_path / "cat" / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8")
    both = "        covers: {ws-webtech:2: mastered}\n        venue: both\n"
    assert both in text
    programme.write_text(text.replace(both, both.replace("both", "college")), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "cat")
    result = runner.invoke(main, ["check", "programmes/example-web.yml"])
    assert result.exit_code == 1
    assert result.stdout == readme_example()


NUMBERS = {"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def test_readme_counts_the_example_programmes() -> None:
    text = README.read_text(encoding="utf-8")
    said = re.search(r"\*\*illustrative\*\*: (\w+) dual\s+programmes", text)
    assert said is not None
    programmes = sorted((README.parent / "programmes").glob("*.yml"))
    assert NUMBERS[said.group(1)] == len(programmes)


def test_readme_names_the_tarballs_the_offline_cache_needs() -> None:
    from curriculum.site import IFRAME_WORKER

    from .browser_support import AXE
    from .test_reporters import SARIF_PACKAGE

    text = README.read_text(encoding="utf-8")
    assert "CURRICULUM_CACHE" in text and "~/.cache/curriculum/" in text
    for package in (IFRAME_WORKER, SARIF_PACKAGE, AXE):
        assert package.tarball in text, package.tarball


def test_readme_python_version_is_pyprojects() -> None:
    pyproject = (README.parent / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'requires-python = ">=(\d+\.\d+)"', pyproject)
    assert version is not None
    assert f"Python {version.group(1)} or newer" in README.read_text(encoding="utf-8")
