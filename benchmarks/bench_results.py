"""Results import and aggregation against DuckDB's own `read_csv` of the same file.

    python -m benchmarks.bench_results [--rows 1000000 10000000] [--repeat 1]

For each size a synthetic ratings export is written (``curriculum.results.synthetic.ratings_rows``),
then, in this one process:

* **import**: ``curriculum results import`` (every cell checked, rejected cells reported as
  file:row:column, natural keys, import log) into a fresh store, against
  ``CREATE TABLE … AS SELECT * FROM read_csv(…)`` of the same file into a fresh database;
* **aggregate**: the per programme × competency × period aggregate the published tables start
  from, on each of the two databases.

Rows/s and the ratios (ours / DuckDB) are printed; 10 M rows takes minutes on a small machine.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb

from curriculum.results import store, sync, synthetic

HEADER = [
    "trainee",
    "programme",
    "partner",
    "period",
    "competency",
    "instrument",
    "score",
    "scale_min",
    "scale_max",
    "comment",
]


def catalogue() -> Any:
    """Just enough of a catalogue for the references the synthetic rows make."""
    programme = SimpleNamespace(id="bench", partners=[SimpleNamespace(id=f"partner-{i}") for i in range(17)])
    items = {str(i): None for i in range(50)}
    index = SimpleNamespace(items=items, children={None: list(items)}, framework=SimpleNamespace(type="employer"))
    return SimpleNamespace(
        programmes={"bench": programme},
        indexes={"fw": index},
        terms={},
        settings=SimpleNamespace(results_dir="results"),
    )


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def run(rows: int, repeat: int, tmp: Path) -> dict[str, float]:
    export = tmp / "ratings-bench.csv"
    with export.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(synthetic.ratings_rows(rows))
    cat = catalogue()

    def ours() -> Any:
        target = tmp / "store.duckdb"
        target.unlink(missing_ok=True)
        outcome = sync.import_files(cat, tmp, [export], target)
        assert outcome.applied and not outcome.diagnostics, outcome.diagnostics[:3]
        return outcome

    def theirs() -> None:
        target = tmp / "plain.duckdb"
        target.unlink(missing_ok=True)
        con = duckdb.connect(str(target))
        con.execute("CREATE TABLE ratings AS SELECT * FROM read_csv(?)", [str(export)])
        con.close()

    import_ours, _ = timed(ours, repeat)
    import_theirs, _ = timed(theirs, repeat)
    out = {"rows": rows, "import": import_ours, "read_csv": import_theirs}
    for name in ("store", "plain"):
        con = duckdb.connect(str(tmp / f"{name}.duckdb"), read_only=True)
        out[f"aggregate_{name}"], result = timed(lambda con=con: store.ratings(con), repeat)
        assert result
        con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(
        f"{'rows':>10} {'import s':>9} {'rows/s':>9} {'read_csv s':>10} {'ratio':>6} "
        f"{'agg store s':>11} {'agg plain s':>11} {'ratio':>6}"
    )
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="bench-results-") as tmp:
            r = run(rows, args.repeat, Path(tmp))
        print(
            f"{rows:>10} {r['import']:>9.2f} {rows / r['import']:>9.0f} {r['read_csv']:>10.2f} "
            f"{r['import'] / r['read_csv']:>6.1f} {r['aggregate_store']:>11.3f} {r['aggregate_plain']:>11.3f} "
            f"{r['aggregate_store'] / r['aggregate_plain']:>6.2f}"
        )


if __name__ == "__main__":
    main()
