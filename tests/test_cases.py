"""Acceptance cases: each folder in tests/cases/ is a catalogue with the exact findings it must give.

A case is the base catalogue (tests/cases/_base) with edits (``patch``, ``remove``, ``files/``) and
``expect``: the exact set of (code, file, line) that `curriculum check --format json` reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main

from .conftest import case_dirs, materialise


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    spec = materialise(case, root)
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout) if result.stdout.strip() else {"diagnostics": []}
    found = {(x["code"], x["file"], x["line"]) for x in report["diagnostics"]}
    expected = {(x["code"], x["file"], x["line"]) for x in spec.get("expect", [])}
    assert found == expected, "\n".join(
        [f"{x['code']} {x['file']}:{x['line']}:{x['column']} {x['message']}" for x in report["diagnostics"]]
    )
    assert result.exit_code == spec["exit"], result.output
    for x in report["diagnostics"]:
        assert x["line"] >= 1 and x["column"] >= 1, x
        assert x["message"], x
