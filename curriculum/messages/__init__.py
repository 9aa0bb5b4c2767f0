"""The message catalogue: every finding's title, message and hint in Kazakh, Russian and English.

Texts live in YAML beside this module: ``common.yml`` (report labels, notes of related locations,
shared phrases, enumerations, counted nouns) and one file per block of codes (``cur3xx.yml`` …).
A code has a ``title`` and one or more *variants* (``default`` first), each with a ``message`` and
an optional ``hint`` per language; a variant that gives only a ``hint`` reuses the default message.
Templates use named parameters, ``{competency}``, with Python format specs (``{hours:g}``).

A parameter may be plain (text, a number, a list) or localised: a model :class:`~curriculum.model.Text`,
a :class:`Phrase` from ``common.yml``, a :class:`Count` (number and noun, with plural forms) or an
:class:`Exact` number printed with as many decimals as it takes to keep its side of a bound.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LANGS: tuple[str, ...] = ("en", "ru", "kk")
DEFAULT_LANG = "en"
HERE = Path(__file__).resolve().parent
RESERVED = frozenset({"at"})  # filled in by the reporters (a related location's FILE:LINE:COLUMN)


@dataclass(frozen=True)
class Variant:
    """One way a code is worded: message and hint per language, and the parameters they name."""

    message: Mapping[str, str]
    hint: Mapping[str, str]
    params: frozenset[str]
    untranslated: frozenset[str] = frozenset()  # parameters that carry English-only text (ru/kk may omit)


@dataclass(frozen=True)
class Entry:
    title: Mapping[str, str]
    variants: Mapping[str, Variant]


@dataclass(frozen=True)
class Catalogue:
    codes: Mapping[str, Entry]
    labels: Mapping[str, Mapping[str, str]]
    notes: Mapping[str, Mapping[str, str]]
    phrases: Mapping[str, Mapping[str, str]]
    nouns: Mapping[str, Mapping[str, tuple[str, ...]]]


def fields(template: str) -> set[str]:
    """The parameter names a template uses (``{name}``, ``{name:spec}``)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


_LOADED: list[Catalogue] = []


def catalogue() -> Catalogue:
    """The message catalogue: its YAML files are read once, on first use (or see :func:`use`)."""
    if not _LOADED:
        from .load import load

        _LOADED.append(load(HERE))
    return _LOADED[0]


def loaded() -> bool:
    """True when the catalogue was read (or given) in this process."""
    return bool(_LOADED)


def use(found: Catalogue) -> None:
    """Take ``found`` as the catalogue (read from the check cache, whose key covers these files)."""
    if not _LOADED:
        _LOADED.append(found)


class Localised:
    """A parameter that renders differently in each language."""

    def render(self, lang: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class Phrase(Localised):
    """A shared phrase of ``common.yml`` (``phrases``), with its own parameters."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        texts = catalogue().phrases.get(self.key)
        if texts is None:  # an enumeration value the catalogue does not know: shown as written
            return self.key.rsplit(".", 1)[-1]
        return fill(texts[lang], self.params, lang)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r})"


class Named(Localised):
    """A name the data gives in each language (a vocabulary term's title), else ``fallback``."""

    __slots__ = ("fallback", "text")

    def __init__(self, text: Any, fallback: str) -> None:
        self.text = text
        self.fallback = fallback

    def render(self, lang: str) -> str:
        return str(self.text.get(lang)) if self.text is not None else self.fallback


def term(group: str, value: str) -> Phrase:
    """An enumerated value (a level, a venue, a status …) in the reader's language."""
    return Phrase(f"{group}.{value}")


class Count(Localised):
    """A number and a noun in the right plural form (``86 references``, ``86 ссылок``)."""

    __slots__ = ("n", "noun")

    def __init__(self, n: int, noun: str) -> None:
        self.n = n
        self.noun = noun

    def render(self, lang: str) -> str:
        forms = catalogue().nouns[self.noun][lang]
        return f"{number(self.n, '', lang)} {forms[plural_index(self.n, lang, len(forms))]}"


def plural_index(n: int, lang: str, forms: int) -> int:
    if forms == 1:
        return 0
    if lang == "ru" and forms == 3:
        if n % 10 == 1 and n % 100 != 11:
            return 0
        return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
    return 0 if n == 1 else 1


class Exact(Localised):
    """A number printed with the fewest decimals (0–4) that keep it on its side of ``bound``.

    59.97 against a minimum of 60 prints as ``59.97``, never ``60``."""

    __slots__ = ("value", "bound")

    def __init__(self, value: float, bound: float) -> None:
        self.value = value
        self.bound = bound

    def digits(self) -> int:
        side = (self.value > self.bound) - (self.value < self.bound)
        for digits in range(5):
            shown = round(self.value, digits)
            if (shown > self.bound) - (shown < self.bound) == side:
                return digits
        return 4

    def render(self, lang: str) -> str:
        return number(self.value, f".{self.digits()}f", lang)


def number(value: float, spec: str, lang: str) -> str:
    """A number in the conventions of ``lang``: ``1,234.5`` in English, ``1 234,5`` in Russian and Kazakh."""
    text = format(value, spec)
    if lang in ("ru", "kk"):
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if type(value) is str:  # the common case, first
            return format(value, format_spec) if format_spec else value
        return format(self.plain(value, format_spec), "" if _numeric(value) else format_spec)

    def plain(self, value: Any, spec: str = "") -> str:
        if type(value) is str:
            return value
        if isinstance(value, Localised):
            return value.render(self.lang)
        if hasattr(value, "lang_of"):  # a model Text
            return str(value.get(self.lang))
        if isinstance(value, (list, tuple)):
            return ", ".join(self.plain(v) for v in value)
        if value is None:
            return ""
        if _numeric(value):
            return number(value, spec, self.lang)
        return str(value)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGS}


@cache
def _parts(template: str) -> tuple[tuple[str, str | None, str], ...] | None:
    """``template`` parsed once: (literal, field name or None, format spec) triples; None when a field
    uses what only ``string.Formatter`` does (attributes, indexes, conversions, nested specs)."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and (not name.isidentifier() or conversion or "{" in (spec or "")):
            return None
        out.append((literal, name, spec or ""))
    return tuple(out)


def fill(template: str, params: Mapping[str, Any], lang: str) -> str:
    formatter = _FORMATTERS.get(lang) or _Formatter(lang)
    parts = _parts(template)
    if parts is None:
        return formatter.vformat(template, (), params)
    out = []
    for literal, name, spec in parts:
        out.append(literal)
        if name is not None:
            out.append(formatter.format_field(params[name], spec))
    return "".join(out)


def language(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def variant(code: str, name: str) -> Variant:
    entry = catalogue().codes.get(code)
    if entry is None:
        raise KeyError(f"{code} has no entry in the message catalogue (curriculum/messages/)")
    if name not in entry.variants:
        raise KeyError(f"{code} has no message variant `{name}` (known: {', '.join(entry.variants)})")
    return entry.variants[name]


def check_params(code: str, name: str, params: Mapping[str, Any]) -> None:
    """Raise when ``params`` are not exactly the parameters the variant's templates name."""
    want = variant(code, name).params
    if set(params) != want:
        missing, extra = sorted(want - set(params)), sorted(set(params) - want)
        raise TypeError(f"{code}/{name}: parameters do not match the catalogue (missing {missing}, unexpected {extra})")


def message(code: str, name: str, params: Mapping[str, Any], lang: str) -> str:
    return fill(variant(code, name).message[language(lang)], params, language(lang))


def hint(code: str, name: str, params: Mapping[str, Any], lang: str, suggestion: str = "") -> str:
    lang = language(lang)
    if suggestion:
        return fill(catalogue().phrases["did-you-mean"][lang], {"suggestion": suggestion}, lang)
    texts = variant(code, name).hint
    return fill(texts[lang], params, lang) if texts else ""


def title(code: str, lang: str = DEFAULT_LANG) -> str:
    entry = catalogue().codes.get(code)
    return entry.title[language(lang)] if entry else ""


def note(key: str, params: Mapping[str, Any], at: str, lang: str) -> str:
    return fill(catalogue().notes[key][language(lang)], {**params, "at": at}, language(lang))


def label(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """A word or line of the reports (``error``, ``hint``, the summary line …)."""
    if not params:
        return _label(key, language(lang))
    return fill(catalogue().labels[key][language(lang)], params, language(lang))


@cache
def _label(key: str, lang: str) -> str:
    return fill(catalogue().labels[key][lang], {}, lang)
