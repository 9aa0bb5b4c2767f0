"""The one clock: every date-dependent finding, page and report reads "today" from here.

``--today YYYY-MM-DD`` (a global option of the command) sets ``CURRICULUM_TODAY`` for the run; the
environment variable may also be set directly (tests fix it in ``conftest.py``). Without either,
today is the system date.
"""

from __future__ import annotations

import datetime
import os

ENV = "CURRICULUM_TODAY"


def today() -> datetime.date:
    """Today's date: ``CURRICULUM_TODAY`` if it holds a valid ISO date, else the system date."""
    value = os.environ.get(ENV, "").strip()
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return datetime.date.today()


def today_iso() -> str:
    """Today as ``YYYY-MM-DD``."""
    return today().isoformat()


def parse(value: str) -> datetime.date:
    """Parse a ``--today`` value; raises ``ValueError`` with a readable message."""
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"`{value}` is not a date: write it as YYYY-MM-DD, e.g. 2026-09-01") from None
