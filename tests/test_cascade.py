"""A file that cannot be used: its own finding first, and the references to what it would have defined
summarised once per name ("N references to `ws-webtech`, whose file could not be read")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from curriculum.cli import main

from .conftest import BASE

ROOT = Path(__file__).resolve().parent.parent


def _check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def _break(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n    title:\n", "\n\ttitle:\n", 1), encoding="utf-8")


def test_example_catalogue_broken_framework_gives_root_cause_first(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(ROOT / "competencies", root / "competencies")
    shutil.copytree(ROOT / "programmes", root / "programmes")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    _break(root / "competencies" / "ws-webtech.yml")
    code, out = _check(root, "--format", "json")
    assert code == 2
    found = json.loads(out)["diagnostics"]
    assert found[0]["code"] == "CUR001" and found[0]["file"] == "competencies/ws-webtech.yml"
    unknown = [x for x in found if x["code"] == "CUR201"]
    assert len(unknown) == 1, [x["message"] for x in unknown]
    [summary] = unknown
    assert summary["message"].endswith("to `ws-webtech`, whose file could not be read (competencies/ws-webtech.yml)")
    count = int(summary["message"].split()[0])
    assert count > 30  # the programme and the qualification refer to it many times
    assert len(summary["related"]) == count  # the file's own finding and every other reference
    assert summary["related"][0]["file"] == "competencies/ws-webtech.yml"
    assert summary["related"][0]["note"].startswith("the file that would define it could not be read")


def test_text_report_starts_with_the_root_cause(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    _break(root / "competencies" / "ws-webtech.yml")
    code, out = _check(root)
    lines = out.splitlines()
    assert code == 2
    assert lines[0] == "competencies/ws-webtech.yml"
    assert lines[1].startswith("competencies/ws-webtech.yml:20:1: error CUR001 ")
    assert (
        "competencies/qualifications/4S06130103.yml:19:17: error CUR201 12 references to `ws-webtech`,"
        " whose file could not be read (competencies/ws-webtech.yml)" in lines
    )
    assert "        = note: … and 4 more" in lines  # 12 related locations, 8 shown
    _, github = _check(root, "--format", "github")
    summary = next(line for line in github.splitlines() if ",title=CUR201 " in line)
    assert summary.count("%0Anote: ") == 9 and summary.endswith("%0Anote: … and 4 more")
    _, ru = _check(root, "--lang", "ru")
    assert "ошибка CUR201 12 ссылок на `ws-webtech`: файл, который его определяет, не удалось прочитать" in ru


def test_a_legible_id_names_what_the_file_would_define(tmp_path: Path) -> None:
    """The file's name is not the framework's id: the `id:` line still legible says what it would define."""
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    path = root / "competencies" / "ws-webtech.yml"
    _break(path)
    path.rename(root / "competencies" / "web-technologies.yml")
    _, out = _check(root, "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert [x["code"] for x in found[:2]] == ["CUR001", "CUR201"]
    assert found[0]["file"] == "competencies/web-technologies.yml"
    assert "(competencies/web-technologies.yml)" in found[1]["message"]
    assert len(found) == 2
