"""`curriculum results import|status|export`: the results store from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import diagnostics as d
from ..catalogue import load_catalogue
from ..diagnostics import Diagnostic, Severity
from ..report.text import finding
from ..results import store, sync
from .check import resolve

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _root(root: Path | None) -> Path | None:
    found, _ = resolve(root)
    if found is None:
        print(
            f"curriculum: error: no catalogue at {root or Path.cwd()} (no mkdocs.yml, competencies/ or programmes/)",
            file=sys.stderr,
        )
    return found


def _report(found: list[Diagnostic], root: Path, lang: str) -> None:
    for x in d.output_order(found):
        for line in finding(x, root, lang):
            print(line, file=sys.stderr)


def run_import(files: tuple[Path, ...], root: Path | None, partial: bool, lang: str = "en") -> int:
    """Import FILE… into the store; exit 0 imported, 1 rows rejected (nothing imported unless ``partial``)."""
    base = _root(root)
    if base is None:
        return EXIT_USAGE
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"curriculum: error: no such file: {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    catalogue = load_catalogue(base)
    target = base / catalogue.settings.results_store
    try:
        outcome = sync.import_files(catalogue, base, list(files), target, partial=partial)
    except store.StoreError as exc:
        _report([exc.diagnostic], base, lang)
        return EXIT_USAGE
    _report(outcome.diagnostics, base, lang)
    for x in outcome.imported:
        print(
            f"{x.file}: {x.kind}: {x.added} added, {x.replaced} replaced, {x.unchanged} unchanged, "
            f"{x.rejected} rejected"
        )
    if not outcome.applied:
        print(
            "nothing imported: the store is unchanged (fix the rows above, or import with --partial)", file=sys.stderr
        )
    failing = any(x.severity >= Severity.ERROR for x in outcome.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def run_status(root: Path | None) -> int:
    """The store: schema version, rows per kind and the import log."""
    base = _root(root)
    if base is None:
        return EXIT_USAGE
    catalogue = load_catalogue(base)
    target, found = sync.ensure(catalogue, base)
    if target is None:
        _report(found, base, "en")
        print(
            "no results store: the catalogue has no exports under "
            f"{catalogue.settings.results_dir}/ and nothing was imported"
        )
        return EXIT_CLEAN
    with store.connect(target, sync.display(target, base)) as con:
        print(f"store: {sync.display(target, base)} (schema version {store.version(con)})")
        for kind, n in store.counts(con).items():
            print(f"  {kind}: {n} rows")
        print("import log:")
        for seq, file, sha, kind, day, added, replaced, unchanged, rejected in store.log(con):
            print(
                f"  {seq:>4} {day} {file} ({kind}, sha256 {sha[:12]}): {added} added, {replaced} replaced, "
                f"{unchanged} unchanged, {rejected} rejected"
            )
    return EXIT_CLEAN


def run_export(root: Path | None, output: Path) -> int:
    """Write every published table (privacy-safe: suppressed cells empty) as CSV files into ``output``."""
    import csv

    from ..checks.results import check_results

    base = _root(root)
    if base is None:
        return EXIT_USAGE
    catalogue = load_catalogue(base)
    results, found = check_results(catalogue)
    _report([x for x in found if x.severity >= Severity.ERROR], base, "en")
    if results is None:
        print("no results to export", file=sys.stderr)
        return EXIT_FINDINGS if found else EXIT_CLEAN
    output.mkdir(parents=True, exist_ok=True)
    for _, pub in sorted(results.tables.items()):
        for table, cells in sorted(pub.cells.items()):
            with (output / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow([*pub.dims[table], "people", "mean", "suppressed"])
                for c in cells:
                    mean = "" if c.mean is None else f"{c.mean:.3f}"
                    hidden = pub.suppressed(c)
                    w.writerow([*c.key, "" if c.count is None else c.count, mean, "yes" if hidden else ""])
    print(f"{sum(len(p.cells) for p in results.tables.values())} tables written to {output} (k = {results.k})")
    return EXIT_CLEAN
