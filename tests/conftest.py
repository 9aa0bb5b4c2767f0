"""Shared fixtures: building a catalogue from a test case (the base catalogue plus the case's edits)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"


def case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def read_case(case: Path) -> dict[str, Any]:
    return yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))


def materialise(case: Path, target: Path) -> dict[str, Any]:
    """Lay out the case's catalogue in ``target``: the base, the patches, the case's own files."""
    spec = read_case(case)
    if spec.get("base", "default") == "default":
        shutil.copytree(BASE, target)
    else:
        target.mkdir(parents=True)
    for patch in spec.get("patch", []):
        path = target / patch["file"]
        text = path.read_text(encoding="utf-8")
        assert patch["replace"] in text, f"{case.name}: patch text not found in {patch['file']}: {patch['replace']!r}"
        path.write_text(
            text.replace(patch["replace"], patch["with"], 1 if not patch.get("all") else -1), encoding="utf-8"
        )
    for rel in spec.get("remove", []):
        (target / rel).unlink()
    files = case / "files"
    if files.is_dir():
        shutil.copytree(files, target, dirs_exist_ok=True)
    return spec


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    """A fresh copy of the base catalogue."""
    target = tmp_path / "catalogue"
    shutil.copytree(BASE, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def npm_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests write only inside their temporary folders: the npm tarballs that builds and tests need
    (iframe-worker, the SARIF schema, axe-core) go to a cache under pytest's base temp folder, seeded
    from ``~/.cache/curriculum`` (read, never written) so that a machine that has them stays offline.
    A ``CURRICULUM_CACHE`` set by the caller (a pre-seeded cache for an offline run) is used as given."""
    if os.environ.get("CURRICULUM_CACHE"):
        yield Path(os.environ["CURRICULUM_CACHE"])
        return
    cache = tmp_path_factory.mktemp("npm-cache")
    home = Path.home() / ".cache" / "curriculum"
    if home.is_dir():
        for tgz in home.glob("*.tgz"):
            shutil.copyfile(tgz, cache / tgz.name)
    os.environ["CURRICULUM_CACHE"] = str(cache)
    try:
        yield cache
    finally:
        os.environ.pop("CURRICULUM_CACHE", None)


@pytest.fixture(scope="session", autouse=True)
def cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The key that signs ``curriculum check``'s cache entries (see ``curriculum.cache``) lives under pytest's
    base temp folder too, never in the user's home."""
    key = tmp_path_factory.mktemp("cache-key") / "cache-key"
    os.environ["CURRICULUM_CACHE_KEY"] = str(key)
    try:
        yield key
    finally:
        os.environ.pop("CURRICULUM_CACHE_KEY", None)


def pytest_configure(config: pytest.Config) -> None:
    """The one clock, fixed for the whole run (module- and session-scoped fixtures included): date-dependent
    findings and pages never depend on the day CI runs. A test that needs another day sets
    ``CURRICULUM_TODAY`` (monkeypatch) or passes ``--today`` itself."""
    os.environ["CURRICULUM_TODAY"] = "2026-06-30"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """...and set again for every test, so a test that moves the clock (``--today`` run in-process sets
    the variable for the rest of the process) cannot move it for the next one."""
    monkeypatch.setenv("CURRICULUM_TODAY", "2026-06-30")
