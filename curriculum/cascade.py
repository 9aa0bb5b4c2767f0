"""Follow-on findings of a file that could not be used, summarised once per name it would have defined.

When ``competencies/ws-webtech.yml`` cannot be read, every reference to ``ws-webtech`` would be
reported as an unknown framework — 86 findings after the one that matters. Instead, the references
to each name such a file would have defined (its file name, and a top-level ``id:`` or ``code:``
line still legible in the text) become one finding: "86 references to `ws-webtech`, whose file
could not be read", at the first reference, with the file's own finding and the other references
as related locations. The file's own findings are listed first (see ``diagnostics.output_order``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from . import diagnostics as d
from .diagnostics import Diagnostic
from .load import Loc
from .messages import Count

TOP_LEVEL_ID = re.compile(r"^(?:id|code)\s*:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
# the references that an unusable file explains: (code, variant) → the parameter naming the target
FOLLOW_ONS = {
    (d.UNKNOWN_FRAMEWORK, "default"): "framework",
    (d.UNKNOWN_FRAMEWORK, "requirement-set"): "framework",
    (d.UNKNOWN_QUALIFICATION, "default"): "code",
}


def names_of(root: Path, file: str) -> set[str]:
    """What an unusable file would have defined: its name, and any top-level id or code still legible."""
    names = {Path(file).stem}
    if not (root / file).is_file():  # a FIFO is never opened, a dangling link has nothing to read
        return names
    try:
        text = (root / file).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return names
    return names | set(TOP_LEVEL_ID.findall(text))


def summarise(diagnostics: list[Diagnostic], unread: Mapping[str, Loc], root: Path) -> list[Diagnostic]:
    """``diagnostics`` with the references to what the ``unread`` files would have defined made into one
    finding per name (``unread``: file → the location of the finding that made it unusable)."""
    owner = {name: file for file in sorted(unread) for name in sorted(names_of(root, file))}
    groups: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    kept = []
    for x in diagnostics:
        param = FOLLOW_ONS.get((x.code, x.variant))
        target = str(x.params.get(param, "")) if param else ""
        if target in owner:
            groups[(x.code, target)].append(x)
        else:
            kept.append(x)
    for (code, target), refs in sorted(groups.items()):
        kept.append(_summary(code, target, sorted(refs), owner[target], unread[owner[target]]))
    return kept


def _summary(code: str, target: str, refs: list[Diagnostic], file: str, cause: Loc) -> Diagnostic:
    first = refs[0]
    related = [d.related(cause, "could-not-read")] + [d.related(x, "also-referenced") for x in refs[1:]]
    count = Count(len(refs), "reference")
    if code == d.UNKNOWN_QUALIFICATION:
        found = d.make(
            d.UNKNOWN_QUALIFICATION, first, variant="unread", related=related, count=count, code=target, file=file
        )
    else:
        found = d.make(
            d.UNKNOWN_FRAMEWORK, first, variant="unread", related=related, count=count, framework=target, file=file
        )
    programmes = {x.programme for x in refs}
    return replace(found, programme=programmes.pop() if len(programmes) == 1 else "")
