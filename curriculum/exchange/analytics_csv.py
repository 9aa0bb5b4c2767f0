"""The CurricularAnalytics curriculum CSV (the degree-plan form, with a ``Term`` column), in and out.

Layout: a few ``key,value`` rows (``Curriculum``, ``Degree Plan``, ``Institution``, ``Degree Type``,
``System Type``, ``CIP``), a ``Courses`` row, the column header ``Course ID, Course Name, Prefix,
Number, Prerequisites, Corequisites, Strict-Corequisites, Credit Hours, Institution, Canonical Name,
Term``, and one row per course; requisites are course ids separated by ``;``.

Export numbers the modules 1, 2, … in the programme's order, splits a module id into a prefix (its
letters) and a number (the rest), and writes credits (or hours / 30 where a module has none). Import
gives a programme skeleton: modules with their requisites, credits and semesters (the term, or the
earliest semester the requisites allow when there is no term), ids from prefix and number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..metrics import semester
from ..model import Module, Programme

COLUMNS = (
    "Course ID",
    "Course Name",
    "Prefix",
    "Number",
    "Prerequisites",
    "Corequisites",
    "Strict-Corequisites",
    "Credit Hours",
    "Institution",
    "Canonical Name",
    "Term",
)
HOURS_PER_CREDIT = 30


def split_id(mid: str) -> tuple[str, str]:
    m = re.match(r"^([^\d]*)(.*)$", mid)
    assert m is not None
    prefix, number = m.group(1), m.group(2)
    return (prefix, number) if number else ("", mid)


def credits_of(m: Module) -> float:
    if m.credits is not None:
        return m.credits
    return round(m.total_hours / HOURS_PER_CREDIT, 1)


def _num(x: float) -> str:
    return f"{x:g}"


def export_programme(p: Programme, lang: str) -> str:
    """The programme as a CurricularAnalytics degree-plan CSV in ``lang``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    title = p.title.get(lang)
    institution = p.provider.name.get(lang)
    width = len(COLUMNS)
    for key, value in (
        ("Curriculum", title),
        ("Degree Plan", title),
        ("Institution", institution),
        ("Degree Type", p.level),
        ("System Type", "semester"),
        ("CIP", p.code or ""),
    ):
        w.writerow([key, value] + [""] * (width - 2))
    w.writerow(["Courses"] + [""] * (width - 1))
    w.writerow(COLUMNS)
    number = {m.id: str(i) for i, m in enumerate(p.modules, start=1)}
    for m in p.modules:
        prefix, num = split_id(m.id)

        def ids(names: tuple[str, ...]) -> str:
            return ";".join(number[x] for x in names if x in number)

        w.writerow(
            [
                number[m.id],
                m.title.get(lang),
                prefix,
                num,
                ids(m.prerequisites),
                ids(m.corequisites),
                ids(m.strict_corequisites),
                _num(credits_of(m)),
                "",
                "",
                str(semester(m)),
            ]
        )
    return buf.getvalue()


@dataclass
class Imported:
    data: dict[str, Any]
    diagnostics: list[Diagnostic]


def import_csv(path: Path, programme_id: str) -> Imported:
    """A programme skeleton (YAML data) from a CurricularAnalytics curriculum or degree-plan CSV."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Imported({}, [d.make(d.ANALYTICS_UNREADABLE, Loc(file, 1, 1), variant="file", reason=str(exc))])
    rows = list(csv.reader(io.StringIO(text)))
    meta: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows):
        if row and row[0].strip() == "Course ID":
            header_at = i
            break
        if len(row) >= 2 and row[0].strip():
            meta[row[0].strip()] = row[1].strip()
    if header_at is None:
        return Imported({}, [d.make(d.ANALYTICS_UNREADABLE, Loc(file, 1, 1))])
    header = [h.strip() for h in rows[header_at]]
    missing = [c for c in ("Course ID", "Course Name", "Prerequisites") if c not in header]
    if missing:
        header_loc = Loc(file, header_at + 1, 1)
        return Imported({}, [d.make(d.ANALYTICS_UNREADABLE, header_loc, variant="columns", columns=missing)])
    col = {h: i for i, h in enumerate(header)}
    diags: list[Diagnostic] = []
    courses: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def where(line: int, name: str) -> Loc:
        return Loc(file, line, col.get(name, 0) + 1)

    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(c.strip() for c in row):
            continue
        if row[0].strip().lower().startswith("additional courses"):
            continue
        cid = cell(row, "Course ID")
        if not cid or cid in seen:
            diags.append(d.make(d.ANALYTICS_ROW, where(n, "Course ID"), value=cid))
            continue
        seen[cid] = n
        credit_text = cell(row, "Credit Hours") or "0"
        try:
            credit = float(credit_text)
        except ValueError:
            diags.append(d.make(d.ANALYTICS_ROW, where(n, "Credit Hours"), variant="credits", value=credit_text))
            credit = 0.0
        term_text = cell(row, "Term")
        courses.append(
            {
                "cid": cid,
                "line": n,
                "name": cell(row, "Course Name") or cid,
                "prefix": cell(row, "Prefix"),
                "number": cell(row, "Number"),
                "credits": credit,
                "term": int(term_text) if term_text.isdigit() and int(term_text) > 0 else None,
                "requisites": {
                    name: [x.strip() for x in cell(row, column).split(";") if x.strip()]
                    for name, column in (
                        ("prerequisites", "Prerequisites"),
                        ("corequisites", "Corequisites"),
                        ("strict_corequisites", "Strict-Corequisites"),
                    )
                },
            }
        )
    names = [c["prefix"] + c["number"] for c in courses]
    for c, name in zip(courses, names, strict=True):
        usable = name and names.count(name) == 1 and re.match(r"^[^\s:]+$", name)
        c["id"] = name if usable else f"C{c['cid']}"
    by_cid = {c["cid"]: c for c in courses}
    for c in courses:
        for name, refs in c["requisites"].items():
            column = {"prerequisites": "Prerequisites", "corequisites": "Corequisites"}.get(name, "Strict-Corequisites")
            kept = []
            for ref in refs:
                if ref in by_cid:
                    kept.append(by_cid[ref]["id"])
                else:
                    diags.append(d.make(d.ANALYTICS_REQUISITE, where(c["line"], column), course=c["cid"], ref=ref))
            c[name] = kept
    _terms(courses)
    level = {"b": "bachelor", "m": "master"}.get((meta.get("Degree Type", "") or "x")[0].lower(), "tvet")
    title = meta.get("Curriculum") or meta.get("Degree Plan") or programme_id
    institution = meta.get("Institution") or "—"
    modules = []
    for c in courses:
        kind = "contact" if level != "tvet" else "theory"
        m: dict[str, Any] = {
            "id": c["id"],
            "title": c["name"],
            "cycle": "bd" if level != "tvet" else "bm",
            "credits": c["credits"],
            "semesters": [{"semester": c["term"], "hours": {kind: int(round(c["credits"] * HOURS_PER_CREDIT))}}],
        }
        for name in ("prerequisites", "corequisites", "strict_corequisites"):
            if c[name]:
                m[name] = c[name]
        modules.append(m)
    data: dict[str, Any] = {
        "format": 2,
        "kind": "programme",
        "id": programme_id,
        "title": title,
        "level": level,
        **({"code": meta["CIP"]} if meta.get("CIP") else {}),
        "provider": {"name": institution, "region": "—"},
        "qualifications": [],
        "languages": ["ru"],
        "semesters": max([c["term"] for c in courses], default=1),
        "run": {"start": "2026-09-01", "end": "2030-06-30"},
        "cohort": 0,
        "modules": modules,
    }
    return Imported(data, diags)


def _terms(courses: list[dict[str, Any]]) -> None:
    """Give each course without a term the earliest one its requisites allow (a prerequisite one
    term before, a co-requisite the same term); a cycle leaves the rest in term 1."""
    by_id = {c["id"]: c for c in courses}
    pending = [c for c in courses if c["term"] is None]
    for _ in range(len(courses) + 1):
        changed = False
        for c in pending:
            before = [by_id[x].get("term") or 1 for x in c["prerequisites"]]
            same = [by_id[x].get("term") or 1 for x in c["corequisites"] + c["strict_corequisites"]]
            term = max([1, *(t + 1 for t in before), *same])
            if c.get("_t") != term:
                c["_t"] = term
                changed = True
        for c in pending:
            c["term"] = c["_t"]
        if not changed:
            break
    for c in courses:
        c.pop("_t", None)
        c["term"] = c["term"] or 1
