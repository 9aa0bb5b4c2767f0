"""``curriculum serve``: the time from a save to the changed page, against a full build in the same run.

    python -m benchmarks.bench_serve [--root DIR] [--edits 3]

Copies the catalogue (default: the example) into a temporary folder, builds it as ``serve`` does,
then edits one programme (its cohort: its overview, the dashboard and the search index change, the
navigation does not) and times what ``serve`` does after the save: snapshot, load and check through
the cache, render the programme's and the catalogue's pages, MkDocs for the pages that changed, swap
them in. The page a browser shows — the programme's overview in the site's first language — is built
and served first ("to the page"); the other changed pages right after ("all pages"). The ratio is
against a full ``build`` of the same catalogue in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from curriculum import site
from curriculum.checks import check_path
from curriculum.commands.build import build
from curriculum.escape import slug
from curriculum.live import LiveSite, snapshot
from curriculum.render import languages_of

ROOT = Path(__file__).resolve().parent.parent


def copy_catalogue(source: Path, target: Path) -> Path:
    for name in ("programmes", "competencies", "standards", "docs", "results", "templates"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


def edit(path: Path, step: int) -> None:
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"^cohort: (\d+)", lambda m: f"cohort: {int(m.group(1)) + step}", text, count=1, flags=re.M)
    assert n == 1, f"no cohort in {path}"
    path.write_text(text, encoding="utf-8")


def reload(live: LiveSite, root: Path, viewed: str) -> tuple[float, float, float, str]:
    """(seconds to the viewed page, of them load+check, seconds to every changed page, what was done)."""
    start = time.perf_counter()
    files = snapshot(root)
    result = check_path(root, cache=True)  # as serve does: only what changed is read and checked again
    checked = time.perf_counter() - start
    said = live.build(result, files, first={viewed})
    page = time.perf_counter() - start
    more = live.finish()
    return page, checked, time.perf_counter() - start, f"{said}; then {more}" if more else said


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_catalogue(args.root, Path(tmp) / "cat")
        shim = site.iframe_worker_shim(root)
        site.quiet_mkdocs()
        start = time.perf_counter()
        result = check_path(root)
        build(root, result, Path(tmp) / "full")
        full = time.perf_counter() - start
        live = LiveSite(root, root / "site", shim)
        try:
            start = time.perf_counter()
            live.build(check_path(root, cache=True), snapshot(root))
            first = time.perf_counter() - start
            target = sorted((root / "programmes").glob("*.yml"))[0]
            result = check_path(root, cache=True)
            pid = next(k for k, p in result.catalogue.programmes.items() if p.loc.file == f"programmes/{target.name}")
            viewed = f"{languages_of(result)[0]}/programmes/{slug(pid)}/index.md"
            times, checks, totals = [], [], []
            for step in range(1, args.edits + 1):
                edit(target, step)
                took, checked, total, said = reload(live, root, viewed)
                loads.append(os.getloadavg()[0])
                times.append(took)
                checks.append(checked)
                totals.append(total)
                print(
                    f"  save {step}: {took:.2f} s to {viewed} (load+check {checked:.2f} s), {total:.2f} s to all: {said}"
                )
        finally:
            live.close()
    loads.append(os.getloadavg()[0])
    reload_s = statistics.median(times)
    print(
        f"{'full build s':>12} {'serve first s':>13} {'to page s':>9} {'of it check s':>13} "
        f"{'all pages s':>11} {'to page/full':>12}"
    )
    print(
        f"{full:>12.2f} {first:>13.2f} {reload_s:>9.2f} {statistics.median(checks):>13.2f} "
        f"{statistics.median(totals):>11.2f} {reload_s / full:>12.3f}"
    )
    print(f"load average (1 min) during the run: {min(loads):.1f}–{max(loads):.1f}")


if __name__ == "__main__":
    main()
