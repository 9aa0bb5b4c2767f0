"""The working curriculum as a workbook: export and import time per example programme, against
openpyxl's own load of the same file, measured in the same run.

    python -m benchmarks.bench_xlsx [--repeat 5]

For each programme of the example catalogue (a copy in a temporary folder): *export* is
`curriculum.exchange.xlsx.export_workbook` (build the sheet, save, store the formulas' values);
*import* is `read_workbook` + `apply` (openpyxl load with `data_only=True`, read and check every row,
recompute the totals, compare with the model) of the unchanged workbook; *load* is
`openpyxl.load_workbook(data_only=True)` of the same file alone — the baseline. Targets: export at most
3 × load, import at most 6 × load.

*changed* imports a workbook with one more semester, so the programme's YAML file goes through the
comment-preserving round-trip writer (ruamel.yaml, as `curriculum migrate`); its baseline *ruamel* is a
ruamel round-trip load and dump of the same YAML file alone. Target: changed at most 1.5 × ruamel.
Times are the best of `--repeat` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from curriculum.catalogue import load_catalogue
from curriculum.exchange import xlsx

ROOT = Path(__file__).resolve().parent.parent
IMPORT_LIMIT, EXPORT_LIMIT, CHANGED_LIMIT = 6.0, 3.0, 1.5


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _round_trip(text: str) -> str:
    from curriculum.commands.migrate import _yaml

    yaml = _yaml()
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "cat"
        for folder in ("competencies", "programmes", "standards"):
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, root / folder)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        catalogue = load_catalogue(root)
        lang = catalogue.settings.languages[0]
        print(
            f"{'programme':36} {'rows':>4} {'export':>7} {'import':>7} {'load':>7} {'exp/ld':>6} {'imp/ld':>6} "
            f"{'changed':>8} {'ruamel':>8} {'chg/rt':>6}"
        )
        worst_import = worst_export = worst_changed = 0.0
        for ident in sorted(catalogue.programmes):
            p = catalogue.programmes[ident]
            data = xlsx.export_workbook([p], catalogue, lang)
            path = Path(tmp) / f"{ident}.xlsx"
            path.write_bytes(data)
            export = best(lambda p=p: xlsx.export_workbook([p], catalogue, lang), args.repeat)
            load = best(lambda data=data: load_workbook(io.BytesIO(data), data_only=True), args.repeat)

            def imported(path: Path = path) -> object:
                read = xlsx.read_workbook(path, path.name)
                return xlsx.apply(read, catalogue, path.name)

            texts, _, outcome = imported()  # type: ignore[misc]
            assert outcome == {ident: "unchanged"} and not texts, outcome
            import_ = best(imported, args.repeat)
            rows = sum(max(1, len(m.semesters)) for m in p.modules)
            # one more semester: the YAML file is rewritten
            book = load_workbook(path)
            book[book.sheetnames[1]]["B5"] = p.semesters + 1
            changed_path = Path(tmp) / f"{ident}-changed.xlsx"
            book.save(changed_path)
            texts, _, outcome = imported(changed_path)  # type: ignore[misc]
            assert outcome == {ident: "updated"} and len(texts) == 1, outcome
            changed = best(lambda c=changed_path: imported(c), args.repeat)
            yaml_text = (root / p.loc.file).read_text(encoding="utf-8")
            ruamel = best(lambda t=yaml_text: _round_trip(t), args.repeat)
            worst_import = max(worst_import, import_ / load)
            worst_export = max(worst_export, export / load)
            worst_changed = max(worst_changed, changed / ruamel)
            print(
                f"{ident[:36]:36} {rows:4} {export * 1000:7.1f} {import_ * 1000:7.1f} {load * 1000:7.1f} "
                f"{export / load:6.2f} {import_ / load:6.2f} {changed * 1000:8.1f} {ruamel * 1000:8.1f} "
                f"{changed / ruamel:6.2f}"
            )
    ok = worst_import <= IMPORT_LIMIT and worst_export <= EXPORT_LIMIT and worst_changed <= CHANGED_LIMIT
    print(
        f"worst: export {worst_export:.2f} × load (target ≤ {EXPORT_LIMIT:g}), "
        f"import {worst_import:.2f} × load (target ≤ {IMPORT_LIMIT:g}), "
        f"changed {worst_changed:.2f} × ruamel (target ≤ {CHANGED_LIMIT:g}) — {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
