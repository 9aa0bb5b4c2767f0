"""Checking is linear in input size: `curriculum check` against plain `yaml.load(CSafeLoader)`.

    python -m benchmarks.bench_check [--factors 1 10 100] [--repeat 3]

Factor 1 is the example catalogue (six programmes); factor N a catalogue of 6 × N programmes
generated from it (:func:`benchmarks.scale.generate_catalogue`, seed 1: each programme its own, with
its own partners and requirement sets). For each size, both are timed in this one process (best of
--repeat) and the ratio check / yaml.load is printed; a linear checker keeps the ratio flat as the
size grows.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from curriculum.catalogue import data_files
from curriculum.checks import check_path

from .scale import ROOT, catalogue_of


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_load(root: Path) -> None:
    for path in data_files(root):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'factor':>6} {'files':>6} {'MB':>6} {'yaml.load s':>12} {'check s':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            root = ROOT if factor == 1 else catalogue_of(Path(tmp) / f"x{factor}", factor)
            files = data_files(root)
            size = sum(p.stat().st_size for p in files) / 1e6
            t_yaml = best(lambda root=root: plain_load(root), args.repeat)
            t_check = best(lambda root=root: check_path(root), args.repeat)
            print(f"{factor:>6} {len(files):>6} {size:>6.1f} {t_yaml:>12.3f} {t_check:>9.3f} {t_check / t_yaml:>6.2f}")


if __name__ == "__main__":
    main()
