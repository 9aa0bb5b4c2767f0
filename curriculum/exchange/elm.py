"""Europass: a programme's qualification and learning outcomes as a European Learning Model (ELM 3)
JSON-LD record.

The record is a ``Qualification`` (the programme's first qualification; its title, a definition
from the programme's description) with:

* ``NQFLevel`` — the qualification's level in Kazakhstan's NQF (8 levels), and ``EQFLevel`` — the
  same number unless ``eqf`` says otherwise (Kazakhstan has not referenced its NQF to the EQF: the
  equality is the toolkit's assumption, stated in the docs);
* ``ISCEDFCode`` — from the specialty code: the first four digits of a TVET code (`0713…` → `0713`,
  ISCED-F 2013 detailed field), the two digits after the level letters of an HE code (broad field);
* ``creditPoint`` — the declared credits (or the modules' sum) in ECTS-compatible credits;
* ``learningOutcome`` — one per outcome, with ``relatedESCOSkill`` from its ESCO URIs and those of
  the framework items it covers.

Texts are language maps (``{"kk": …, "ru": …, "en": …}``); ESCO has no Kazakh or Russian labels, so
the catalogue's own texts travel with each URI. Validation against the ELM SHACL shapes is left to
tools that have them (pyshacl with the shapes from the Europass site).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..catalogue import Catalogue
from ..model import Programme, Text
from ..workload import credits as counted_credits

CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
EQF = "http://data.europa.eu/snb/eqf/"
ISCED = "http://data.europa.eu/snb/isced-f/"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
BASE = "urn:curriculum:"


def langs(text: Text | None) -> dict[str, str]:
    if text is None:
        return {}
    if text.neutral:
        return {"en": text.values[""]}
    return {k: v for k, v in text.values.items() if v}


def isced_f(code: str | None, level: str) -> str | None:
    if not code:
        return None
    if level == "tvet":
        digits = re.match(r"^\d{4}", code)
        return digits.group(0) if digits else None
    m = re.match(r"^\d[A-Z](\d{2})", code)
    return m.group(1) if m else None


def record(p: Programme, catalogue: Catalogue, eqf: int | None = None) -> dict[str, Any]:
    """The ELM JSON-LD record of programme ``p``."""
    q = catalogue.qualification(p.qualifications[0], p) if p.qualifications else None
    nqf = q.nqf_level if q is not None else None
    title = langs(q.title if q is not None else p.title)
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"{BASE}qualification:{q.code if q is not None else p.id}",
        "type": "Qualification",
        "title": title,
    }
    if p.description is not None:
        out["definition"] = langs(p.description)
    if nqf is not None:
        out["EQFLevel"] = {"id": f"{EQF}{eqf or nqf}", "type": "Concept"}
        out["NQFLevel"] = [
            {"id": f"{BASE}nqf:kz:{nqf}", "type": "Concept", "prefLabel": {"en": f"NQF of Kazakhstan, level {nqf}"}}
        ]
    field = isced_f(p.code or (q.specialty.code if q is not None and q.specialty else None), p.level)
    if field:
        out["ISCEDFCode"] = [{"id": f"{ISCED}{field}", "type": "Concept"}]
    credits = p.credits if p.credits is not None else counted_credits(p)
    if credits:
        out["creditPoint"] = [
            {
                "id": f"{BASE}credit:{p.id}",
                "type": "CreditPoint",
                "framework": {"id": ECTS, "type": "Concept"},
                "point": f"{credits:g}",
            }
        ]
    items = {fid: {x.id: x for x in _walk(ix.framework.items)} for fid, ix in catalogue.indexes.items()}
    outcomes = []
    for m in p.modules:
        for o in m.outcomes:
            skills = list(o.esco)
            for c in o.covers:
                fid, _, iid = c.competency.partition(":")
                item = items.get(fid, {}).get(iid)
                if item is not None:
                    skills += [u for u in item.esco if u not in skills]
            entry: dict[str, Any] = {
                "id": f"{BASE}outcome:{p.id}:{o.id}",
                "type": "LearningOutcome",
                "title": langs(o.text),
            }
            if skills:
                entry["relatedESCOSkill"] = [{"id": u, "type": "Concept"} for u in skills]
            outcomes.append(entry)
    out["learningOutcome"] = outcomes
    return out


def _walk(items: Any) -> Any:
    for x in items:
        yield x
        yield from _walk(x.items)


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
