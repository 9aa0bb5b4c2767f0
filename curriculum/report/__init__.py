"""Reporters: one function per output format, each turning a check :class:`Result` into text.

``--format`` picks one by name; nothing about formats lives in the CLI.
"""

from __future__ import annotations

from collections.abc import Callable

from ..checks import Result
from . import github, json_report, junit, sarif, text

Reporter = Callable[[Result], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
