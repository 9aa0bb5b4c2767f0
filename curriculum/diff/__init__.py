"""`curriculum diff`: what changed in a catalogue between two git revisions (or a revision and the
working tree): model changes field by field, figures, hours and coverage per programme, findings
new and fixed. :func:`diff_revisions` is the core; ``REPORTERS`` turn its :class:`Diff` into text,
JSON or Markdown.
"""

from __future__ import annotations

from collections.abc import Callable

from . import json_doc, markdown, text
from .core import Diff, Side, compare_sides, diff_revisions, load_side

REPORTERS: dict[str, Callable[[Diff], str]] = {
    "text": text.render,
    "json": json_doc.render,
    "markdown": markdown.render,
}

__all__ = ["REPORTERS", "Diff", "Side", "compare_sides", "diff_revisions", "load_side"]
