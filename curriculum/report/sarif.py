"""SARIF 2.1.0 log: one run, the rule register as the tool's rules, one result per finding."""

from __future__ import annotations

import json

from .. import __version__
from ..checks import Result
from ..diagnostics import RULES

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def document(result: Result) -> dict[str, object]:
    used = sorted({x.code for x in result.diagnostics})
    rules = [
        {
            "id": code,
            "name": RULES[code].title.title().replace(" ", "").replace("-", ""),
            "shortDescription": {"text": RULES[code].title},
            "defaultConfiguration": {"level": LEVELS[str(RULES[code].severity)]},
            "helpUri": f"https://curriculum.invalid/reference/diagnostics/#{code.lower()}",
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results = [
        {
            "ruleId": x.code,
            "ruleIndex": index[x.code],
            "level": LEVELS[str(x.severity)],
            "message": {"text": x.message + (f" ({x.hint})" if x.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": x.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(x.line, 1), "startColumn": max(x.column, 1)},
                    }
                }
            ],
        }
        for x in result.diagnostics
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "curriculum", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }


def render(result: Result) -> str:
    return json.dumps(document(result), ensure_ascii=False, indent=2) + "\n"
