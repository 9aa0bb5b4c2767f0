"""Bounded cost on any input: texts beyond `max_text_chars` are reported at the field and cut, and
outcome hours are shared in one pass (speed itself is measured in benchmarks/bench_bounded.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.graph import module_outcome_hours

from .conftest import BASE

WEB = "programmes/example-web.yml"


def _catalogue(tmp_path: Path, description: str, setting: str = "") -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    programme = root / WEB
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("illustrative: true\n", f"illustrative: true\ndescription: '{description}'\n"))
    if setting:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("    fail_on: error", f"    fail_on: error\n{setting}")
        )
    return root


def _findings(root: Path) -> tuple[int, list[tuple[str, str, int, int]], list[dict]]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    report = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, sorted((x["code"], x["file"], x["line"], x["column"]) for x in report), report


def test_text_at_the_limit_is_accepted(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 20_000)
    assert _findings(root)[:2] == (0, [])
    assert len(check_path(root).catalogue.programmes["example-web"].description.get("kk")) == 20_000  # type: ignore[union-attr]


def test_text_beyond_the_limit_is_reported_at_the_field_and_cut(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 20_001)
    code, found, report = _findings(root)
    assert (code, found) == (1, [("CUR014", WEB, 6, 14)])
    assert "20001 characters" in report[0]["message"].replace(",", "").replace("\u202f", "")
    kept = check_path(root).catalogue.programmes["example-web"].description
    assert kept is not None and len(kept.get("kk")) == 20_000


def test_the_limit_is_a_setting(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 30_000, "    max_text_chars: 50000")
    assert _findings(root)[:2] == (0, [])
    root2 = _catalogue(tmp_path / "b", "ж" * 30_000, "    max_text_chars: 25000")
    assert _findings(root2)[1] == [("CUR014", WEB, 6, 14)]


def test_outcome_hours_shared_in_one_pass() -> None:
    from curriculum.model import KindHours, Module, Outcome, SemesterLoad, Text

    t = Text({"": "x"})
    outcomes = tuple(Outcome(id=f"O{i}", text=t, hours=(10 if i == 0 else None)) for i in range(4))

    def load(hours: int) -> tuple[SemesterLoad, ...]:
        return (SemesterLoad(semester=1, hours=(KindHours(kind="theory", hours=hours),)),)

    module = Module(id="M", title=t, cycle="bm", semesters=load(40), outcomes=outcomes)
    assert module_outcome_hours(module) == [10.0, 10.0, 10.0, 10.0]
    over = Module(id="M", title=t, cycle="bm", semesters=load(5), outcomes=outcomes)
    assert module_outcome_hours(over) == [10.0, 0.0, 0.0, 0.0]
