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


def test_plain_gives_the_data_as_python_values() -> None:
    """``plain`` (the settings and the site's mkdocs.yml are read through it): mappings, sequences,
    scalars and nulls, nested."""
    from curriculum.load import load_text, plain

    node, found = load_text("a: {b: [1, x, ~]}\nc: [[true]]\nd:\n", "t.yml")
    assert found == [] and plain(node) == {"a": {"b": [1, "x", None]}, "c": [[True]], "d": None}
    assert plain(None) is None


def test_hours_of_a_kind_the_vocabulary_gives_no_weeks_count_as_theory() -> None:
    """The weekly load (CUR510) puts each kind's hours in its kind's weeks; a kind that names none, or
    one the vocabulary lacks, is taught in theory weeks."""
    import dataclasses

    from curriculum.catalogue import load_catalogue
    from curriculum.checks.workload import _part
    from curriculum.workload import kinds_of

    kinds = dict(kinds_of(load_catalogue(BASE)))
    kinds["no-weeks"] = dataclasses.replace(kinds["practice-industrial"], weeks=None)
    parts = [_part(kinds, k) for k in ("practice-industrial", "final-attestation", "no-weeks", "unknown", "theory")]
    assert parts == ["practice", "attestation", "theory", "theory", "theory"]


def test_positions_of_a_long_list_are_exact_and_its_shape_not_kept() -> None:
    from curriculum.load import SHARED_SHAPE, Shape, load_text
    from curriculum.schema import convert_document

    items = "".join(f"  - id: I{i}\n    type: skill\n    title: Item {i}\n" for i in range(SHARED_SHAPE + 6))
    text = f"format: 2\nkind: framework\nid: long\ntype: employer\ntitle: Long\nitems:\n{items}"
    node, problems = load_text(text, "competencies/long.yml")
    assert node is not None and not problems
    framework, found = convert_document(node, "competencies/long.yml")
    assert framework is not None and not found
    last = SHARED_SHAPE + 5
    where = framework.at("items", last)  # type: ignore[attr-defined]
    assert (where.file, where.line, where.column) == ("competencies/long.yml", 7 + 3 * last, 5)
    item = framework.items[last]  # type: ignore[attr-defined]
    assert (item.loc.line, item.loc.column, item.loc.path) == (7 + 3 * last, 5, f"items[{last}]")
    assert item.at("title").line == 9 + 3 * last
    keys = tuple(f"items[{i}]" for i in range(SHARED_SHAPE + 1))
    assert Shape.of(keys) is not Shape.of(keys)  # a long list's shape is its object's own
    assert Shape.of(keys[:3]) is Shape.of(keys[:3])
