"""Acceptance cases: each folder in tests/cases/ is a catalogue with the exact findings it must give.

A case is the base catalogue (tests/cases/_base) with edits (``patch``, ``remove``, ``files/``) and
``expect``: the exact set of findings that `curriculum check --format json` reports, each with its
code, file, line, column and ``related`` locations (file, line, column), optionally words of its
``message`` and ``hint``, the exit code, and optionally ``figures`` of a programme.
Expectations are written by hand from the case's files, never copied from the tool's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from curriculum.cli import main

from .conftest import case_dirs, materialise

Key = tuple[str, str, int, int, tuple[tuple[str, int, int], ...]]


def _key(x: dict[str, Any]) -> Key:
    related = tuple(sorted((r["file"], r["line"], r["column"]) for r in x.get("related", [])))
    return (x["code"], x["file"], x["line"], x["column"], related)


def _show(x: dict[str, Any]) -> str:
    notes = "".join(f"\n    related {r['file']}:{r['line']}:{r['column']}" for r in x.get("related", []))
    return f"{x['code']} {x['file']}:{x['line']}:{x['column']} {x['message']}{notes}"


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    spec = materialise(case, root)
    for x in spec.get("expect", []):
        assert {"code", "file", "line", "column"} <= set(x), f"{case.name}: every expectation names its column: {x}"
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout) if result.stdout.strip() else {"diagnostics": []}
    found = sorted(_key(x) for x in report["diagnostics"])
    expected = sorted(_key(x) for x in spec.get("expect", []))
    assert found == expected, "\n".join(_show(x) for x in report["diagnostics"])
    for x in spec.get("expect", []):
        for part in ("message", "hint"):  # an expectation may also pin words of the (English) message and hint
            if part in x:
                texts = [y[part] for y in report["diagnostics"] if _key(y) == _key(x)]
                assert any(x[part] in t for t in texts), (x[part], texts)
    for pid, figures in spec.get("figures", {}).items():  # headline figures, where the case pins them
        got = report["programmes"][pid]
        assert {k: got[k] for k in figures} == pytest.approx(figures), got
    assert result.exit_code == spec["exit"], result.output
    for x in report["diagnostics"]:
        assert x["line"] >= 1 and x["column"] >= 1, x
        assert x["message"], x
