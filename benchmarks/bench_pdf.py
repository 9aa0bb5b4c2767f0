"""Printing dossiers one at a time against several at once, in one run on the same built site.

    python -m benchmarks.bench_pdf [--root .] [--jobs 6] [--workers 1 2]

The catalogue's site is built once (without PDFs) into a temporary folder; then the first --jobs
dossiers are printed with each number of --workers, and the time and its ratio to one worker
are printed. Needs Chromium, Playwright and pikepdf (pip install 'curriculum[pdf]').
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from curriculum import dossier
from curriculum.checks import check_path
from curriculum.commands.build import build
from curriculum.pdf import print_jobs
from curriculum.render import LABELS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--jobs", type=int, default=6)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, max(1, min(os.cpu_count() or 1, 4))])
    args = parser.parse_args()
    problem = dossier.missing()
    if problem:
        raise SystemExit(problem)
    chromium = dossier.find_chromium() or ""
    result = check_path(args.root.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(result.catalogue.root, result, site)
        languages = sorted(p.name for p in site.iterdir() if p.is_dir() and (p / "index.html").is_file())
        titles = {lang: LABELS["dossier"].get(lang, "") for lang in languages}
        jobs = dossier.jobs(result, site, languages, titles)[: args.jobs]
        print(f"{len(jobs)} dossiers, {os.cpu_count()} cores")
        print(f"{'workers':>7} {'seconds':>8} {'ratio':>6}")
        base = None
        for n in args.workers:
            start = time.perf_counter()
            print_jobs(jobs, chromium, n)
            took = time.perf_counter() - start
            base = base or took
            print(f"{n:>7} {took:>8.1f} {took / base:>6.2f}")


if __name__ == "__main__":
    main()
