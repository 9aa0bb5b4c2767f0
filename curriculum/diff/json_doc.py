"""The diff as JSON, schema version 1 (documented in docs/reference/diff-json.md).

Keys and lists are in a fixed order, so the same two revisions give the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..diagnostics import Diagnostic
from ..history import Revision
from .core import Diff, Side
from .programmes import ProgrammeDelta, State
from .walk import Change

SCHEMA_VERSION = 1


def revision(rev: Revision) -> dict[str, Any]:
    if not rev.commit:
        return {"revision": None, "commit": None, "date": None, "subject": None, "label": rev.label}
    return {"revision": rev.name, "commit": rev.commit, "date": rev.date, "subject": rev.subject, "label": rev.label}


def side(s: Side) -> dict[str, Any]:
    return {**revision(s.revision), "unread": [{"file": f, "reason": why} for f, why in s.unread.items()]}


def change(c: Change) -> dict[str, Any]:
    out: dict[str, Any] = {"path": [{"field": f, "key": k} for f, k in c.path], "op": c.op}
    if c.op == "changed":
        out.update({"field": c.field, "before": c.before, "after": c.after})
    else:
        out["label"] = c.label
    return out


def state(s: State | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"required": s.required, "reached": s.reached, "gaps": list(s.gaps), "waived": list(s.waived)}


def programme(p: ProgrammeDelta) -> dict[str, Any]:
    return {
        "id": p.id,
        "status": p.status,
        "file": p.file,
        "figures": {k: {"before": a, "after": b} for k, (a, b) in p.figures.items()},
        "hours": [{"semester": s, "kind": k, "before": a, "after": b} for s, k, a, b in p.hours],
        "coverage": [
            {
                "competency": c.competency,
                "title": c.title,
                "before": state(c.before),
                "after": state(c.after),
                "worse": c.worse,
            }
            for c in p.competencies
        ],
    }


def finding(x: Diagnostic) -> dict[str, Any]:
    return x.to_dict()


def document(diff: Diff) -> dict[str, Any]:
    f = diff.findings
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "curriculum", "version": __version__},
        "base": side(diff.base),
        "head": side(diff.head),
        "fail_on": str(diff.threshold),
        "worse": diff.worse(),
        "changes": [change(c) for c in diff.changes],
        "programmes": [programme(p) for p in diff.programmes],
        "findings": {
            "new": [finding(x) for x in f.new],
            "fixed": [finding(x) for x in f.fixed],
            "changed": [{"before": finding(a), "after": finding(b)} for a, b in f.changed],
        },
    }


def render(diff: Diff) -> str:
    return json.dumps(document(diff), ensure_ascii=False, indent=2) + "\n"
