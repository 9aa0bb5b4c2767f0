"""Markdown pieces of the diff: ids as inline code where safe, messages with their `quoted` ids,
and the character budget that keeps a pull-request comment within GitHub's limit."""

from __future__ import annotations

import re

from ..history import Revision
from ..render import escape_md

SAFE = re.compile(r"^[\w.:/@#\[\] ,+-]+$")


def code(value: str) -> str:
    """An id or path as inline code when that is safe, else as escaped text."""
    return f"`{value}`" if SAFE.match(value) else escape_md(value)


def message(value: str) -> str:
    """A toolkit message: its `quoted` ids as inline code, the rest escaped."""
    parts = value.split("`")
    if len(parts) % 2 == 0:
        return escape_md(value)
    return "".join(code(x) if i % 2 else _spaced(x) for i, x in enumerate(parts))


def _spaced(value: str) -> str:
    """Escaped text that keeps a space at either end (it joins code spans to words)."""
    if not value.strip():
        return " " if value else ""
    lead = " " if value[0].isspace() else ""
    return lead + escape_md(value) + (" " if value[-1].isspace() else "")


def name(rev: Revision) -> str:
    return code(rev.label) if rev.commit else rev.label


class Budget:
    """Characters left for the comment: lists beyond it are cut with a line that says how many."""

    def __init__(self, size: int) -> None:
        self.left = size

    def take(self, lines: list[str]) -> list[str]:
        self.left -= sum(len(x) + 1 for x in lines)
        return lines

    def within(self, lines: list[str], more: str) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(lines):
            if self.left - len(line) - 1 < len(more) + 10:
                self.left = 0
                return out + [more.format(len(lines) - i)]
            out += self.take([line])
        return out
