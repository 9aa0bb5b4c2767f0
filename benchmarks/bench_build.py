"""Site build time, split into the toolkit's own work (load, check, render) and the MkDocs build.

    python -m benchmarks.bench_build [--factors 1 20]

Each factor N builds a catalogue of 6 × N programmes (the example's size N times), generated from the
example (:func:`benchmarks.scale.generate_catalogue`, seed 1), into a temporary folder; the toolkit's
share of the total is printed per size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from curriculum.checks import check_path
from curriculum.commands.build import build

from .scale import catalogue_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 20])
    args = parser.parse_args()
    print(f"{'factor':>6} {'programmes':>10} {'check s':>8} {'render s':>9} {'MkDocs s':>9} {'toolkit %':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            root = catalogue_of(Path(tmp) / f"x{factor}", factor)
            timings: dict[str, float] = {}
            start = time.perf_counter()
            result = check_path(root)
            timings["check"] = time.perf_counter() - start
            build(root, result, root / "site", timings=timings)
            toolkit = timings["check"] + timings["render"]
            share = 100 * toolkit / (toolkit + timings["site"])
            print(
                f"{factor:>6} {len(result.catalogue.programmes):>10} {timings['check']:>8.2f} "
                f"{timings['render']:>9.2f} {timings['site']:>9.2f} {share:>9.1f}"
            )


if __name__ == "__main__":
    main()
