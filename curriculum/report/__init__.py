"""Reporters: one function per output format, each turning a check :class:`Result` into text.

``--format`` picks one by name and ``--lang`` the language of the findings; nothing about formats
lives in the CLI. Every reporter escapes control characters that came from the input (``visible``).
"""

from __future__ import annotations

from typing import Protocol

from ..checks import Result
from . import github, json_report, junit, sarif, text


class Reporter(Protocol):
    def __call__(self, result: Result, lang: str = "en") -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
