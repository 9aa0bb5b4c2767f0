"""SARIF 2.1.0 log: one run, the rule register as the tool's rules, one result per finding with its
related locations (where a competency is required, where an id was first defined …)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..checks import Result
from ..diagnostics import RULES, Diagnostic
from ..messages import title
from .visible import json_safe, visible

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def result_of(x: Diagnostic, index: int, lang: str = "en") -> dict[str, Any]:
    hint = x.hint_in(lang)
    out: dict[str, Any] = {
        "ruleId": x.code,
        "ruleIndex": index,
        "level": LEVELS[str(x.severity)],
        "message": {"text": visible(x.message_in(lang) + (f" ({hint})" if hint else ""))},
        "locations": [_location(x.file, x.line, x.column)],
    }
    if x.related:
        out["relatedLocations"] = [
            {"id": i, **_location(r.file, r.line, r.column), "message": {"text": visible(r.note_in(lang))}}
            for i, r in enumerate(x.related)
        ]
    return out


def document(result: Result, lang: str = "en") -> dict[str, object]:
    used = sorted({x.code for x in result.diagnostics})
    rules = [
        {
            "id": code,
            "name": RULES[code].title.title().replace(" ", "").replace("-", "").replace("'", ""),
            "shortDescription": {"text": title(code, lang)},
            "defaultConfiguration": {"level": LEVELS[str(RULES[code].severity)]},
            "helpUri": f"https://curriculum.invalid/reference/diagnostics/#{code.lower()}",
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "curriculum", "version": __version__, "rules": rules}},
                "language": lang,
                "results": [result_of(x, index[x.code], lang) for x in result.diagnostics],
            }
        ],
    }


def render(result: Result, lang: str = "en") -> str:
    return json_safe(json.dumps(document(result, lang), ensure_ascii=False, indent=2)) + "\n"
