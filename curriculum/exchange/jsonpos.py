"""Line and column of values in a JSON text, by path (``("CFItems", 3, "identifier")``).

Parsing is done by :func:`json.loads`; this scanner runs only when findings need places, and records
only the paths asked for (and the objects that hold them, for a missing field)."""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Iterable

Path = tuple[str | int, ...]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def locate(text: str, paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """``{path: (line, column)}`` (1-based, column in characters) of each path found in ``text``; a
    path that is not there gets the place of its deepest existing parent."""
    wanted = set(paths)
    prefixes = {p[:i] for p in wanted for i in range(len(p) + 1)}
    offsets: dict[Path, int] = {}

    def value(i: int, path: Path) -> int:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if path in prefixes:
            offsets[path] = i
        c = text[i]
        if c == "{":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "}":
                return i + 1
            while True:
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                key, i = _scanstring(text, i + 1)
                i = _WS.match(text, i).end() + 1  # type: ignore[union-attr]  # the colon
                i = value(i, (*path, key))
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == "[":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = value(i, (*path, n))
                n += 1
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == '"':
            return _scanstring(text, i + 1)[1]
        for word in ("true", "false", "null"):
            if text.startswith(word, i):
                return i + len(word)
        m = _NUMBER.match(text, i)
        return m.end() if m else i + 1

    value(0, ())
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    out: dict[Path, tuple[int, int]] = {}
    for p in wanted:
        q = p
        while q not in offsets and q:
            q = q[:-1]
        off = offsets.get(q, 0)
        line = bisect.bisect_right(starts, off)
        out[p] = (line, off - starts[line - 1] + 1)
    return out
