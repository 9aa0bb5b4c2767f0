"""The self-assessment report: date-dependent accreditation findings follow the one clock; the SAR's
evidence, narratives and outputs (site section, DOCX, PDF)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from curriculum.cli import main

ROOT = Path(__file__).resolve().parent.parent
OVERDUE = (
    "accreditation:\n  - agency: IQAA\n    decision: accredited\n    date: 2025-06-20\n    recommendations:\n"
    "      - id: R1\n        text: {en: Survey employers, kk: Жұмыс берушілерге сауалнама, ru: Опрос работодателей}\n"
    "        due: 2026-06-01\n    conditions:\n"
    "      - {id: C1, text: Sign a third agreement, due: 2026-06-15}\npartners:\n  - id: alpha-soft"
)


def _codes(root: Path, *before: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(main, [*before, "check", str(root), "--format", "json"])
    return sorted((x["code"], x["line"]) for x in json.loads(result.stdout)["diagnostics"])


def test_overdue_follow_up_reads_the_one_clock(scaffold: Path) -> None:
    path = scaffold / "programmes" / "example-web.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("partners:\n  - id: alpha-soft", OVERDUE), encoding="utf-8"
    )
    assert _codes(scaffold) == [("CUR752", 136), ("CUR753", 134)]  # the tests' day: 2026-06-30
    assert _codes(scaffold, "--today", "2026-06-10") == [("CUR753", 134)]  # the condition is not yet due
    assert _codes(scaffold, "--today", "2026-06-01") == [("CUR703", 132)]  # due today is not overdue: a note
