"""Coded values in the reader's language: enumerations, durations, lists of languages.

One place for the words that name a coded value, shared by the site and the reports: the
enumerations of the message catalogue (``curriculum/messages/common.yml``, section ``terms``), and
before them a vocabulary of the catalogue (or of the toolkit) where one names the same values —
so a module's cycle reads the same whether it comes from the ``type`` field or a ``cycles`` vocabulary.
A value no list knows is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import messages

# Which vocabularies may name the values of an enumeration, in order of preference.
VOCABULARIES: Mapping[str, tuple[str, ...]] = {
    "cycle": ("cycles", "cycle"),
    "component": ("components", "component"),
    "assessment": ("assessment-types", "assessments", "control-forms"),
    "region": ("regions",),
}

DURATION = re.compile(
    r"^\s*(?:(?P<years>[1-9]\d*)\s*(?:years?|y)\b)?\s*(?:(?P<months>[1-9]\d*)\s*(?:months?|m)\b)?\s*$", re.IGNORECASE
)
DURATION_PATTERN = r"^([1-9][0-9]* years?( [1-9][0-9]* months?)?|[1-9][0-9]* months?)$"
"""What the ``duration`` field accepts: ``3 years 10 months``, ``4 years``, ``10 months``."""


def word(group: str, value: str, lang: str, vocabularies: Mapping[str, Any] | None = None) -> str:
    """``value`` of enumeration ``group`` (``cycle``, ``assessment``, ``level`` …) in ``lang``."""
    for vid in VOCABULARIES.get(group, ()):
        vocabulary = (vocabularies or {}).get(vid)
        term = _term(vocabulary, value)
        if term is not None:
            return str(term.title.get(lang))
    texts = messages.catalogue().phrases.get(f"{group}.{value}")
    if texts is None:
        return value
    return texts.get(messages.language(lang)) or texts[messages.DEFAULT_LANG]


def known(group: str, value: str) -> bool:
    """Whether the message catalogue has a word for ``value`` of ``group``."""
    return f"{group}.{value}" in messages.catalogue().phrases


def _term(vocabulary: Any, value: str) -> Any:
    if vocabulary is None:
        return None
    return next((t for t in vocabulary.terms if t.id == value), None)


def duration(text: str, lang: str) -> str:
    """``3 years 10 months`` as ``3 года 10 месяцев`` / ``3 жыл 10 ай``; anything else as written."""
    m = DURATION.match(text or "")
    if not m or not (m.group("years") or m.group("months")):
        return text
    parts = []
    for unit in ("years", "months"):
        if m.group(unit):
            parts.append(messages.Count(int(m.group(unit)), unit[:-1]).render(messages.language(lang)))
    return " ".join(parts)


def languages(codes: Iterable[str], lang: str) -> str:
    """Language codes as names in ``lang``: ``kk, ru`` → ``казахский, русский``."""
    return ", ".join(word("language-name", code, lang) for code in codes)


def severity(value: str, lang: str) -> str:
    return word("severity", value, lang)
