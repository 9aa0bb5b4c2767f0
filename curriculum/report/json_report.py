"""JSON report, schema version 1 (documented in docs/reference/format.md).

``{"version": 1, "lang": "en", "tool": {...}, "summary": {...}, "programmes": {id: figures},
"partners": {id: [{partner, places, hours, workplace_hours, base_hours, workplace_share, part}]},
"metrics": {id: {module: {blocking, delay, centrality, complexity}}}, "diagnostics": [...]}``; each
diagnostic carries its ``related`` locations. The figures include the curricular-analytics totals
(``blocking_total`` …), absent with the per-module metrics for a programme with a requisite cycle.
"""

from __future__ import annotations

import json

from .. import __version__
from ..checks import Result
from .visible import json_safe

SCHEMA_VERSION = 1


def document(result: Result, lang: str = "en") -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "lang": lang,
        "tool": {"name": "curriculum", "version": __version__},
        "summary": {**result.counts(), "files": len(result.catalogue.files)},
        "programmes": {pid: result.figures[pid] for pid in sorted(result.figures)},
        "partners": {pid: [x.to_dict() for x in result.partners[pid]] for pid in sorted(result.partners)},
        "metrics": {
            pid: {mid: m.to_dict() for mid, m in result.metrics[pid].modules.items()} for pid in sorted(result.metrics)
        },
        "diagnostics": [x.to_dict(lang) for x in result.diagnostics],
    }


def render(result: Result, lang: str = "en") -> str:
    return json_safe(json.dumps(document(result, lang), ensure_ascii=False, indent=2, sort_keys=False)) + "\n"
