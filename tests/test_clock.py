"""The one clock: ``--today`` and ``CURRICULUM_TODAY`` decide "today"; a bad value is a usage error."""

from __future__ import annotations

import datetime

from click.testing import CliRunner

from curriculum import clock
from curriculum.cli import main


def test_environment_sets_today(monkeypatch) -> None:
    monkeypatch.setenv("CURRICULUM_TODAY", "2031-02-03")
    assert clock.today() == datetime.date(2031, 2, 3)
    assert clock.today_iso() == "2031-02-03"


def test_invalid_environment_falls_back_to_system_date(monkeypatch) -> None:
    monkeypatch.setenv("CURRICULUM_TODAY", "yesterday")
    assert clock.today() == datetime.date.today()


def test_option_sets_the_clock_for_the_run(monkeypatch) -> None:
    seen: list[str] = []

    @main.command("probe-today")
    def probe() -> None:
        seen.append(clock.today_iso())

    try:
        result = CliRunner().invoke(main, ["--today", "2027-09-01", "probe-today"])
    finally:
        main.commands.pop("probe-today")
    assert result.exit_code == 0, result.output
    assert seen == ["2027-09-01"]


def test_bad_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["--today", "31.12.2026", "check"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
