"""Vocabularies: the coded lists shipped with the toolkit, replaced by a catalogue's own, and checked references."""

from __future__ import annotations

import shutil
from pathlib import Path

from curriculum import diagnostics as d
from curriculum.catalogue import load_catalogue
from curriculum.load import Loc
from curriculum.validate import check_term, validate

from .conftest import BASE

HERE = Loc("programmes/x.yml", 7, 11)


def test_shipped_regions_load_clean_and_are_kato_coded(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "cat")
    catalogue = load_catalogue(tmp_path / "cat")
    assert not [x for x in catalogue.diagnostics + validate(catalogue) if x.file.startswith("<curriculum>")]
    regions = catalogue.terms["regions"]
    assert regions["750000000"].title.get("ru") == "город Алматы"
    assert regions["710000000"].title.get("kk") == "Астана қаласы"
    current = [t for t in regions.values() if t.replaced_by is None]
    assert len(current) == 20  # 17 oblasts and 3 cities of republican significance
    assert all(len(t.id) == 9 and t.id.isdigit() for t in regions.values())


def test_a_catalogue_list_replaces_the_shipped_one(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    shutil.copytree(BASE, root)
    (root / "competencies" / "vocabularies").mkdir()
    (root / "competencies" / "vocabularies" / "regions.yml").write_text(
        "kind: vocabulary\nid: regions\ntitle: Länder\nterms:\n  - {id: BY, title: Bayern}\n", encoding="utf-8"
    )
    catalogue = load_catalogue(root)
    assert sorted(catalogue.terms["regions"]) == ["BY"]
    assert catalogue.vocabularies["regions"].loc.file == "competencies/vocabularies/regions.yml"
    assert not catalogue.duplicates


def test_unknown_term_is_answered_with_the_code_of_the_closest_title(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "cat")
    catalogue = load_catalogue(tmp_path / "cat")
    found = check_term(catalogue, "regions", "г. Алматы", HERE)
    assert found is not None and found.code == d.UNKNOWN_TERM
    assert (found.file, found.line, found.column) == ("programmes/x.yml", 7, 11)
    assert found.hint == "did you mean `'750000000'` (Almaty)?"
    assert check_term(catalogue, "regions", "750000000", HERE) is None
    nothing = check_term(catalogue, "regions", "Atlantis", HERE)
    assert nothing is not None and "`'" not in nothing.hint


def test_a_replaced_term_stays_readable_with_a_warning(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "cat")
    catalogue = load_catalogue(tmp_path / "cat")
    found = check_term(catalogue, "regions", "510000000", HERE)
    assert found is not None and found.code == d.REPLACED_TERM
    assert found.severity == d.Severity.WARNING
    assert "610000000" in found.message and found.hint == "write `'610000000'`"
