"""Languages: every user-facing text present in each language the catalogue requires."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..model import Node, Text


def texts(obj: Any) -> Iterator[tuple[str, Text, Loc]]:
    """Every Text in a model object, with its field name and location."""
    stack = [obj]
    while stack:
        current = stack.pop()
        if not isinstance(current, Node):
            continue
        for f in dataclasses.fields(current):
            value = getattr(current, f.name)
            path = f"{current.loc.path}.{f.name}" if current.loc.path else f.name
            if isinstance(value, Text):
                yield path, value, current.at(f.name)
            elif isinstance(value, tuple):
                for i, v in enumerate(value):
                    if isinstance(v, Text):
                        yield f"{path}[{i}]", v, current.at(f.name, i)
                    else:
                        stack.append(v)
            elif isinstance(value, Node):
                stack.append(value)


def check_languages(obj: Any, languages: tuple[str, ...]) -> Iterator[Diagnostic]:
    for name, text, loc in texts(obj):
        missing = [lang for lang in languages if not text.has(lang)]
        if missing:
            yield d.make(d.MISSING_TRANSLATION, loc, field=name, languages=missing, lang=missing[0])
