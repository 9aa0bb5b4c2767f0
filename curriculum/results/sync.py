"""Bring the store up to date with exports: ``results import FILE…``, and the rebuild that ``check`` and
``build`` do when the store is absent or older than the catalogue's exports."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from . import ingest, store
from .ingest import Refs, Rule, Table
from .kinds import KINDS


@dataclass
class Outcome:
    """What an import did: per file, and the findings (rejected rows, unreadable files)."""

    imported: list[store.Imported] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: bool = False


def display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def mapping(catalogue: object, root: Path) -> tuple[list[Rule], list[Diagnostic]]:
    folder = root / catalogue.settings.results_dir  # type: ignore[attr-defined]
    path = folder / ingest.MAPPING_NAME
    if not path.is_file():
        return [], []
    return ingest.read_mapping(path, display(path, root))


def read(
    catalogue: object, root: Path, files: list[Path], rules: list[Rule], staging: store.Staging | None = None
) -> tuple[list[Table], list[Diagnostic]]:
    refs = Refs(catalogue)
    tables: list[Table] = []
    problems: list[Diagnostic] = []
    for path in files:
        shown = display(path, root)
        spec = ingest.spec_for(shown, rules)
        if spec is None:
            problems.append(d.make(d.RESULTS_UNKNOWN_KIND, Loc(shown, 1, 1), kinds=", ".join(KINDS)))
            continue
        sink = staging.sink(shown, spec.kind) if staging is not None else None
        tables.append(ingest.read_export(path, shown, spec, refs, sink))
    return tables, problems


def import_files(catalogue: object, root: Path, files: list[Path], target: Path, partial: bool = False) -> Outcome:
    """Import ``files`` into the store at ``target``: all or nothing unless ``partial`` (then the valid
    rows of every readable file go in, and the rejected ones are counted in the log)."""
    rules, problems = mapping(catalogue, root)
    with store.Staging() as staging:
        tables, more = read(catalogue, root, files, rules, staging)
        staging.close()
        out = Outcome(diagnostics=problems + more + [x for t in tables for x in t.diagnostics])
        errors = [x for x in out.diagnostics if x.severity == d.Severity.ERROR]
        if errors and not partial:
            return out
        usable = [
            t
            for t in tables
            if not any(x.code in (d.RESULTS_UNREADABLE, d.RESULTS_MISSING_COLUMN) for x in t.diagnostics)
        ]
        by_path = {display(p, root): p for p in files}
        items = [(t, store.file_hash(by_path[t.file]), staging.paths[t.file]) for t in usable]
        with store.connect(target, display(target, root)) as con:
            imported = store.import_tables(con, items, partial)
    found = {id(x) for x in out.diagnostics}
    out.diagnostics += [x for t in tables for x in t.diagnostics if id(x) not in found]  # repeated keys
    if imported is None:
        return out
    out.imported = imported
    out.applied = True
    return out


def stale(catalogue: object, root: Path) -> tuple[Path, list[Path]] | None:
    """The store's path and the exports, when the store must be rebuilt (absent or older); else None."""
    s = catalogue.settings  # type: ignore[attr-defined]
    files = ingest.exports(root / s.results_dir)
    target = root / s.results_store
    if not files:
        return None
    sources = [*files, root / s.results_dir / ingest.MAPPING_NAME]
    newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0.0)
    if target.exists() and target.stat().st_mtime >= newest:
        return None
    return target, files


def ensure(catalogue: object, root: Path, cache: Any = None) -> tuple[Path | None, list[Diagnostic]]:
    """An up-to-date store for the catalogue (rebuilt from its exports when needed), and the findings about
    its exports. ``None`` when the catalogue has no exports. ``cache``, a check's cache, keeps the findings
    the store holds under the hash of its bytes."""
    s = catalogue.settings  # type: ignore[attr-defined]
    target = root / s.results_store
    rules, cheap = mapping(catalogue, root)
    for path in ingest.exports(root / s.results_dir):
        shown = display(path, root)
        if ingest.spec_for(shown, rules) is None:
            cheap.append(d.make(d.RESULTS_UNKNOWN_KIND, Loc(shown, 1, 1), kinds=", ".join(KINDS)))
    todo = stale(catalogue, root)
    if todo is not None:
        _, files = todo
        building = target.with_name(f"{target.name}.tmp{os.getpid()}")
        for leftover in (building, building.with_name(building.name + ".wal")):
            leftover.unlink(missing_ok=True)
        try:
            import_files(catalogue, root, files, building, partial=True)
            store.replace_atomically(building, target)
        except store.StoreError as exc:
            building.unlink(missing_ok=True)
            return None, [*cheap, exc.diagnostic]
    if not target.exists():
        return None, cheap
    return target, _kept(target, root, cache) + cheap


def _kept(target: Path, root: Path, cache: Any = None) -> list[Diagnostic]:
    name = None
    if cache is not None and cache.enabled:
        name = cache.name("results-findings", store.file_hash(target), display(target, root), kind="s")
        found = cache.get(name)
        if isinstance(found, list) and all(isinstance(x, Diagnostic) for x in found):
            return found
    try:
        with store.connect(target, display(target, root)) as con:
            out = store.findings(con)
    except store.StoreError as exc:
        return [exc.diagnostic]
    if name is not None and target.is_file():
        cache.put(cache.name("results-findings", store.file_hash(target), display(target, root), kind="s"), out)
    return out
