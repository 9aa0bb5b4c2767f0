"""The national-scale generator of the benchmarks: usable catalogues, the same bytes for the same seed."""

from __future__ import annotations

from pathlib import Path

from benchmarks.scale import generate_catalogue
from curriculum.checks import check_path
from curriculum.diagnostics import YAML_SYNTAX


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_catalogue_is_checkable_and_varied(tmp_path: Path) -> None:
    root = generate_catalogue(tmp_path / "n", 8, seed=3)
    result = check_path(root)
    assert len(result.catalogue.programmes) == 8
    assert not result.catalogue.unread  # every file was usable
    assert not [x for x in result.diagnostics if x.code == YAML_SYNTAX]
    programmes = list(result.catalogue.programmes.values())
    assert len({p.provider.name.values["en"] for p in programmes}) > 1
    assert len({p.level for p in programmes}) >= 1
    sizes = {len(p.modules) for p in programmes} | {sum(len(m.outcomes) for m in p.modules) for p in programmes}
    assert len(sizes) > 2  # not copies of one programme
    own = [f for f in result.catalogue.frameworks if f.startswith("emp-") and f.count("-") > 2]
    assert own  # employer requirement sets of generated enterprises
    # mostly clean: a sprinkle of findings, far fewer than one per module
    modules = sum(len(p.modules) for p in programmes)
    assert len(result.diagnostics) < modules


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = _files(generate_catalogue(tmp_path / "a", 5, seed=7))
    b = _files(generate_catalogue(tmp_path / "b", 5, seed=7))
    c = _files(generate_catalogue(tmp_path / "c", 5, seed=8))
    assert a == b
    assert a != c
