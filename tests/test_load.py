"""The YAML loader: anchors and aliases used as YAML means them (the hostile side is in test_hostile.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from curriculum.checks import check_path

from .conftest import BASE

WEB = "programmes/example-web.yml"


def test_an_alias_brings_in_its_anchor_value(tmp_path: Path) -> None:
    """A module's `venue: both` written once as an anchor and reused as an alias elsewhere: the check
    stays clean and the aliased outcome has the anchored value, at its own position in the model."""
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    path = root / WEB
    text = path.read_text(encoding="utf-8")
    first = "        covers: {ws-webtech:1: mastered}\n        venue: both\n"
    second = "        covers: {ws-webtech:2: mastered}\n        venue: both\n"
    assert first in text and second in text
    text = text.replace(first, "        covers: {ws-webtech:1: mastered}\n        venue: &where both\n")
    text = text.replace(second, "        covers: {ws-webtech:2: mastered}\n        venue: *where\n")
    path.write_text(text, encoding="utf-8")
    result = check_path(root)
    assert [(x.code, x.file, x.line) for x in result.diagnostics] == []
    outcomes = result.catalogue.programmes["example-web"].modules[0].outcomes
    assert [(o.id, o.venue) for o in outcomes] == [("BM01.1", "both"), ("BM01.2", "both")]
