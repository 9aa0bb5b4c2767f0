"""JSON report, schema version 1 (documented in docs/reference/report-json.md).

``{"version": 1, "tool": {...}, "summary": {...}, "programmes": {id: figures}, "diagnostics": [...]}``
"""

from __future__ import annotations

import json

from .. import __version__
from ..checks import Result

SCHEMA_VERSION = 1


def document(result: Result) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "curriculum", "version": __version__},
        "summary": {**result.counts(), "files": len(result.catalogue.files)},
        "programmes": {pid: result.figures[pid] for pid in sorted(result.figures)},
        "diagnostics": [x.to_dict() for x in result.diagnostics],
    }


def render(result: Result) -> str:
    return json.dumps(document(result), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
