"""Languages: every user-facing text present in each language the catalogue requires."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from typing import Any

from .. import diagnostics as d
from .. import schema
from ..diagnostics import Diagnostic
from ..load import Loc
from ..model import Node, Text


def _names(cls: type) -> tuple[str, ...]:
    """The fields of a model class that may hold texts: a Text or a model object, alone, in a tuple or
    optional (by the type hints; every field but the location bookkeeping when they cannot be read)."""
    names = _NAMES.get(cls)
    if names is None:
        fields = [f.name for f in dataclasses.fields(cls) if not f.metadata.get("internal")]
        try:
            hints = schema.hints(cls)
        except (NameError, TypeError):  # pragma: no cover - every model class has resolvable hints
            hints = {}
        names = _NAMES[cls] = tuple(name for name in fields if _holds(hints.get(name, Any)))
    return names


_NAMES: dict[type, tuple[str, ...]] = {}


def _holds(tp: Any) -> bool:
    if tp is Any or tp is Text or (isinstance(tp, type) and issubclass(tp, Node)):
        return True
    return any(_holds(a) for a in typing.get_args(tp))


def _found(obj: Any) -> Iterator[tuple[Node, str, int | None, Text]]:
    """Every Text in a model object: the object holding it, the field, the index in a tuple field."""
    stack = [obj]
    while stack:
        current = stack.pop()
        if not isinstance(current, Node):
            continue
        for name in _names(type(current)):
            value = getattr(current, name)
            if isinstance(value, Text):
                yield current, name, None, value
            elif isinstance(value, tuple):
                for i, v in enumerate(value):
                    if isinstance(v, Text):
                        yield current, name, i, v
                    elif isinstance(v, Node):
                        stack.append(v)
            elif isinstance(value, Node):
                stack.append(value)


def _where(current: Node, name: str, index: int | None) -> tuple[str, Loc]:
    path = f"{current.loc.path}.{name}" if current.loc.path else name
    if index is None:
        return path, current.at(name)
    return f"{path}[{index}]", current.at(name, index)


def texts(obj: Any) -> Iterator[tuple[str, Text, Loc]]:
    """Every Text in a model object, with its field name and location."""
    for current, name, index, text in _found(obj):
        path, loc = _where(current, name, index)
        yield path, text, loc


def check_languages(obj: Any, languages: tuple[str, ...]) -> Iterator[Diagnostic]:
    """CUR2xx missing translations: every text of ``obj`` given in each of ``languages`` (a text that is
    one string for every language holds them all). The walk of :func:`_found`, written out: it visits
    every object of a national catalogue, and only a missing text costs more than a look-up per language."""
    stack = [obj]
    while stack:
        current = stack.pop()
        names = _NAMES.get(type(current))
        if names is None:
            if not isinstance(current, Node):
                continue
            names = _names(type(current))
        for name in names:
            value = getattr(current, name)
            if value is None:
                continue
            if type(value) is Text:
                texts: Any = ((None, value),)
            elif isinstance(value, tuple):
                texts = []
                for i, v in enumerate(value):
                    if isinstance(v, Text):
                        texts.append((i, v))
                    elif isinstance(v, Node):
                        stack.append(v)
            elif isinstance(value, Text):
                texts = ((None, value),)
            elif isinstance(value, Node):
                stack.append(value)
                continue
            else:
                continue
            for index, text in texts:
                values = text.values
                if "" in values:  # one text for every language
                    continue
                for lang in languages:
                    v = values.get(lang)
                    if not v or v.isspace():  # not text.has(lang)
                        break
                else:
                    continue
                missing = [lang for lang in languages if not values.get(lang, "").strip()]
                path, loc = _where(current, name, index)
                yield d.make(d.MISSING_TRANSLATION, loc, field=path, languages=missing, lang=missing[0])
