"""Format 1 → 2: the working curriculum.

* every file gets ``format: 2``;
* a module's ``type`` becomes its ``cycle`` (a term of the vocabulary ``cycles``), its HE
  ``component`` a term of ``components``;
* a module's ``semester`` and ``hours: {theory, practice, workplace}`` become ``semesters``: all the
  hours in that one semester, by kind (vocabulary ``hour-kinds``), the hours at the enterprise
  under ``workplace``, and forms of control read from the module's assessments;
* a partner's free-text ``region`` becomes a KATO code of the vocabulary ``regions``; a text that
  names no region is a finding (CUR122) and is left for the author.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from .tree import Tree, texts

HE = ("bachelor", "master")
CYCLES = {
    "tvet": {
        "general": "ood",
        "basic": "bm",
        "professional": "pm",
        "major": "pm",
        "practice": "practice",
        "final": "ia",
    },
    "he": {"general": "ood", "basic": "bd", "professional": "pd", "major": "pd", "practice": "pd", "final": "ia"},
}
COMPONENTS = {"compulsory": "ok", "university": "vk", "elective": "kv"}
CONTROL = {
    "exam": "exam",
    "test": "credit",
    "practical": "graded-credit",
    "project": "graded-credit",
    "portfolio": "graded-credit",
    "mentor-report": "graded-credit",
    "coursework": "course-project",
    "demonstration-exam": "demo-exam",
    "defence": "defence",
}
# kinds whose venue is `both`: their hours at the enterprise are written under `workplace`
SHARED_VENUE = {"industrial-training", "practice-educational", "final-attestation"}
REGION_ALIASES = {
    "750000000": ["алматы", "г алматы", "город алматы", "алматы қаласы", "almaty", "almaty city"],
    "710000000": ["астана", "г астана", "город астана", "астана қаласы", "astana", "astana city"],
    "110000000": ["akmola", "akmola region", "акмолинская", "акмолинская область", "ақмола облысы"],
    "350000000": ["karaganda", "karaganda region", "карагандинская", "карагандинская область", "қарағанды облысы"],
    "630000000": [
        "east kazakhstan",
        "east kazakhstan region",
        "восточно-казахстанская",
        "восточно-казахстанская область",
        "шығыс қазақстан облысы",
    ],
    "510000000": ["южно-казахстанская", "южно-казахстанская область", "south kazakhstan", "оңтүстік қазақстан облысы"],
    "610000000": ["туркестанская", "туркестанская область", "turkistan", "turkestan", "түркістан облысы"],
}
REGIONS_FILE = Path(__file__).resolve().parent.parent / "vocabularies" / "regions.yml"


def _norm(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace(".", " ")
    return re.sub(r"\s+", " ", text).strip()


@cache
def region_codes() -> dict[str, str]:
    """Normalised region names (the shipped vocabulary's titles, and common short forms) → KATO code."""
    out: dict[str, str] = {}
    data = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    for term in data.get("terms", []):
        title = term.get("title")
        for text in title.values() if isinstance(title, dict) else [title]:
            out[_norm(str(text))] = str(term["id"])
    for code, names in REGION_ALIASES.items():
        for name in names:
            out[_norm(name)] = code
    return out


def region_code(names: list[str]) -> set[str]:
    """The KATO codes the texts of a region name (an empty set when none is known)."""
    codes = region_codes()
    return {codes[_norm(n)] for n in names if _norm(n) in codes}


def migrate(tree: Tree, root: Any) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not tree.is_map(root):
        return found
    tree.insert_first(root, "format", tree.build(2, root.get("kind", root)))
    if tree.value(root.get("kind")) != "programme":
        return found
    level = "he" if tree.value(root.get("level")) in HE else "tvet"
    modules = root.get("modules")
    for m in modules if tree.is_seq(modules) else []:
        if tree.is_map(m):
            _module(tree, m, level)
    partners = root.get("partners")
    for x in partners if tree.is_seq(partners) else []:
        if tree.is_map(x) and "region" in x:
            found += _region(tree, x)
    return found


def _module(tree: Tree, m: Any, level: str) -> None:
    old_type = tree.value(m.get("type"))
    cycle = CYCLES[level].get(old_type, old_type) if isinstance(old_type, str) else None
    if cycle is not None:
        tree.replace(m, ["type"], "cycle", tree.build(cycle, m["type"]))
    component = tree.value(m.get("component"))
    if isinstance(component, str) and component in COMPONENTS:
        tree.replace(m, ["component"], "component", tree.build(COMPONENTS[component], m["component"]))
    semester = tree.value(m.get("semester"))
    hours = m.get("hours")
    if not isinstance(semester, int) or not tree.is_map(hours):
        return  # not format 1 as it was written: left for the schema to report
    by_kind: dict[str, int] = {}
    workplace: dict[str, int] = {}
    for name in ("theory", "practice", "workplace"):
        value = tree.value(hours.get(name))
        if not isinstance(value, int) or isinstance(value, bool) or value == 0:
            continue
        kind = _kind(name, cycle, level)
        by_kind[kind] = by_kind.get(kind, 0) + value
        if name == "workplace" and kind in SHARED_VENUE:
            workplace[kind] = workplace.get(kind, 0) + value
    entry: dict[str, Any] = {"semester": semester, "hours": by_kind}
    if workplace:
        entry["workplace"] = workplace
    control = _control(tree, m)
    if control:
        entry["control"] = control
    value = tree.block(tree.build([entry], hours))
    tree.replace(m, ["semester", "hours"], "semesters", value)


def _kind(name: str, cycle: str | None, level: str) -> str:
    if cycle == "ia":
        return "final-attestation"
    if name == "workplace":
        return "practice-industrial" if cycle == "practice" or level == "he" else "industrial-training"
    if cycle == "practice":
        return "practice-educational"
    if level == "he":
        return "contact"
    if name == "theory":
        return "theory"
    return "industrial-training" if cycle == "pm" else "lpz"


def _control(tree: Tree, m: Any) -> list[str]:
    out: list[str] = []
    assessments = m.get("assessments")
    for a in assessments if tree.is_seq(assessments) else []:
        kind = CONTROL.get(tree.value(a.get("type"))) if tree.is_map(a) else None
        if kind and kind not in out:
            out.append(kind)
    return out


def _region(tree: Tree, partner: Any) -> list[Diagnostic]:
    node = partner["region"]
    if tree.value(node) is not None and not isinstance(tree.value(node), str):
        return []
    names = texts(tree, node)
    codes = region_code(names)
    if len(codes) == 1:
        tree.replace(partner, ["region"], "region", tree.build(codes.pop(), node))
        return []
    where = tree.value_loc(partner, "region", "partners.region")
    shown = " / ".join(dict.fromkeys(names))
    tree.drop(partner, "region")
    if codes:
        return [d.make(d.REGION_TEXT, where, variant="ambiguous", text=shown, codes=sorted(codes))]
    return [d.make(d.REGION_TEXT, where, text=shown)]
