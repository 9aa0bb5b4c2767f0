"""Site build time against the number of processes (``build --jobs N``), and shards + merge.

    python -m benchmarks.bench_jobs [--root DIR] [--jobs 1 2] [--shards 0]

Builds the catalogue (default: the example) once per ``--jobs`` value into temporary folders, after
one check (the check is not what is timed: it is the same for every N), and prints the wall time of
render + MkDocs, the CPU seconds of this process and its workers, and the ratio of each wall time to
the one-process build of the same run; every site is compared, file by file, with the first.
``--shards N`` also builds N shards one after the other (as N CI jobs would, each on its own
machine) and merges them: the longest shard and the merge are what a CI matrix waits for.
Figures from a shared machine say how the build scales there; the ratio is the figure to compare.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import tempfile
import time
from pathlib import Path

from curriculum import output, scaleout, site
from curriculum.checks import check_path
from curriculum.commands.build import build

ROOT = Path(__file__).resolve().parent.parent


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def sums(folder: Path) -> dict[str, str]:
    """Every file of a site (its path in the site) with the hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    }


def differences(got: dict[str, str], want: dict[str, str], most: int = 10) -> str:
    """The files two sites do not share or hold with other bytes (at most ``most`` of them named)."""
    names = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
    shown = ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")
    return f"{len(names)} file(s) differ: {shown}" if names else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shards", type=int, default=0)
    args = parser.parse_args()
    site.quiet_mkdocs()
    result = check_path(args.root)
    shim = site.iframe_worker_shim(args.root)
    pages = len(scaleout.units(result))
    print(f"{args.root}: {len(result.catalogue.programmes)} programmes, {pages} units")
    print(f"load average at start: {load()}", flush=True)
    print(f"{'jobs':>5} {'wall s':>8} {'cpu s':>8} {'wall/1 job':>10} {'same site':>9}", flush=True)
    base = first = None
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in args.jobs:
            target = Path(tmp) / f"j{jobs}"
            c0, t0 = cpu(), time.perf_counter()
            build(args.root, result, target, jobs=jobs)
            wall, used = time.perf_counter() - t0, cpu() - c0
            base = base or wall
            got = sums(target)
            first = first or got
            print(
                f"{jobs:>5} {wall:>8.1f} {used:>8.1f} {wall / base:>10.2f} {'yes' if got == first else 'NO':>9}"
                f"  (load {load()})",
                flush=True,
            )
            if got != first:
                print("  " + differences(got, first), flush=True)
        if args.shards:
            folders, longest, spent = [], 0.0, 0.0
            for index in range(1, args.shards + 1):
                folder = Path(tmp) / f"shard-{index}"
                c0, t0 = cpu(), time.perf_counter()
                with output.stage() as work:
                    built, _, _ = scaleout.build_shard(result, work, folder, index, args.shards, shim)
                    assert built is not None
                    output.swap_in(built, folder)
                wall, used = time.perf_counter() - t0, cpu() - c0
                longest, spent = max(longest, wall), spent + used
                folders.append(folder)
                print(f"shard {index}/{args.shards}: {wall:.1f} s wall, {used:.1f} s CPU  (load {load()})", flush=True)
            c0, t0 = cpu(), time.perf_counter()
            merged = Path(tmp) / "merged"
            with output.stage() as work:
                languages = scaleout.merge(folders, work / "site")
                (work / "site" / "index.html").write_text(
                    output.root_index(languages, languages[0][0]), encoding="utf-8"
                )
                output.finish(work / "site")
                output.swap_in(work / "site", merged)
            merge, merge_cpu = time.perf_counter() - t0, cpu() - c0
            got = sums(merged)
            same = "yes" if got == first else "NO"
            print(
                f"{args.shards} shards: longest shard {longest:.1f} s + merge {merge:.1f} s "
                f"= {(longest + merge) / (base or 1):.2f} of one build (same site: {same}); "
                f"CPU: shards {spent:.1f} s + merge {merge_cpu:.1f} s  (load {load()})",
                flush=True,
            )
            if first is not None and got != first:
                print("  " + differences(got, first), flush=True)


if __name__ == "__main__":
    main()
