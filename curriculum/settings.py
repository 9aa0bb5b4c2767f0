"""The toolkit's settings: the ``extra.curriculum`` section of the catalogue's ``mkdocs.yml``.

Every setting has a default that works with none given. Thresholds whose source is uncertain
(see the format reference) are settings rather than rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from . import diagnostics as d
from .diagnostics import Diagnostic
from .load import Loc, Map, Scalar, load_file
from .model import Lang, Node, doc
from .schema import _dataclass

SeverityName = Literal["error", "warning", "info"]


@dataclass(frozen=True, kw_only=True)
class Settings(Node):
    """Settings under ``extra: curriculum:`` in ``mkdocs.yml``."""

    languages: tuple[Lang, ...] = doc("Languages the site publishes; the first is the default.", ("ru", "kk", "en"))
    required_languages: tuple[Lang, ...] | None = doc(
        "Languages every user-facing text must have (CUR601); default: all published languages.", None
    )
    fail_on: SeverityName = doc("Lowest severity that makes `check` exit 1.", "error")
    workplace_share: float = doc("Minimum workplace share (0–1) of the base below (CUR401).", 0.6, minimum=0, maximum=1)
    workplace_share_base: Literal["practical", "total"] = doc(
        "Base of the workplace share: `practical` — the industrial training and professional practice "
        "(`dual_share_kinds`) of the professional modules and practice (`dual_share_cycles`); `total` — all hours.",
        "practical",
    )
    dual_share_kinds: tuple[str, ...] = doc(
        "Kinds of hours (vocabulary `hour-kinds`) whose share at the enterprise the dual rule measures (CUR401).",
        ("industrial-training", "practice-educational", "practice-industrial", "practice-prediploma"),
    )
    dual_share_cycles: tuple[str, ...] = doc(
        "Cycles (vocabulary `cycles`) whose hours the dual rule measures: the professional modules and practice.",
        ("pm", "practice"),
    )
    max_trainees_per_mentor: int = doc("Most trainees one mentor may supervise (CUR404).", 5, minimum=1)
    weight_tolerance: float = doc(
        "Allowed gap, in percentage points, between a WorldSkills section's weight and its share of hours (CUR306).",
        10.0,
        minimum=0,
    )
    he_hours_per_credit: float = doc("Hours per credit in higher education (Kazakhstan: 30).", 30.0, minimum=1)
    tvet_hours_per_credit: float | None = doc(
        "Hours per credit in TVET; leave empty to skip the check (the ratio is not confirmed nationally).", 24.0
    )
    he_min_discipline_credits: float = doc("Minimum credits of a higher-education discipline (CUR503).", 5.0)
    min_credits_bachelor: float = doc("Minimum credits of a bachelor programme (CUR504).", 240.0)
    min_credits_master: float = doc("Minimum credits of a master programme (CUR504).", 60.0)
    tvet_qualification_code: str = doc(
        "Regular expression for TVET qualification codes (CUR210).",
        r"^(?P<level>[1-8])(?P<kind>[WS])(?P<digits>\d{8})$",
    )
    he_code: str = doc(
        "Regular expression for higher-education codes (CUR210, CUR213).", r"^(?P<level>[6-8])(?P<kind>[BMD])\d{5}$"
    )
    tvet_specialty_prefix: int = doc(
        "How many leading digits a TVET qualification code shares with its specialty code.", 6, minimum=0, maximum=8
    )


DEFAULTS = Settings()
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``extra.curriculum`` from the repo's ``mkdocs.yml``; defaults where absent."""
    config = find_config(root)
    if config is None:
        return DEFAULTS, []
    node, diags = load_file(config, config.name, any_tag=True)
    if not isinstance(node, Map):
        return DEFAULTS, [x for x in diags if x.code != d.EMPTY_FILE]
    extra = node.get("extra")
    section = extra.get("curriculum") if isinstance(extra, Map) else None
    if section is None or (isinstance(section, Scalar) and section.tag == "null"):
        return DEFAULTS, diags
    problems: list[Diagnostic] = []
    value = _dataclass(Settings)(section, "extra.curriculum", problems)
    if isinstance(value, Settings):
        problems += _semantics(value)
    diags += [x if x.code == d.BAD_SETTINGS else _setting(x) for x in problems]
    if not isinstance(value, Settings) or problems:
        return DEFAULTS, diags
    return value, diags


def _setting(x: Diagnostic) -> Diagnostic:
    """A schema finding inside the settings, reported as CUR011 (the settings are unusable)."""
    where = Loc(x.file, x.line, x.column, x.path)
    return d.make(d.BAD_SETTINGS, where, problem=d.part(x, "message"), fix=d.part(x, "hint"))


def _semantics(s: Settings) -> list[Diagnostic]:
    """What the types alone do not catch: patterns that do not compile, no or repeated languages."""
    out = []
    for name in ("tvet_qualification_code", "he_code"):
        try:
            re.compile(getattr(s, name))
        except re.error as exc:
            out.append(d.make(d.BAD_SETTINGS, s.at(name), variant="pattern", name=name, error=str(exc)))
    if not s.languages or len(set(s.languages)) != len(s.languages):
        out.append(d.make(d.BAD_SETTINGS, s.at("languages"), variant="languages"))
    return out
