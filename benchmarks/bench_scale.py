"""`curriculum check` at national scale, against parsing the same files with CSafeLoader.

    python -m benchmarks.bench_scale [--programmes 100 300 1000] [--seed 1] [--dir DIR]

For each size a catalogue is generated (:mod:`benchmarks.scale`; kept in ``--dir`` and reused when
it is already there) and measured in a fresh process of its own, after the imports (so interpreter
start-up is excluded), all in CPU seconds of that one process:

* ``yaml`` — ``yaml.load(CSafeLoader)`` of every data file of the catalogue: the baseline;
* ``check`` — loading, graph and checks, as ``curriculum check`` runs them; ``ratio`` = check / yaml;
* the phases: ``load`` (read and convert every file), ``graph``, ``checks`` (validation and every
  check), ``report`` (the text report of the findings), and its cost for 18,000 findings (the
  findings repeated to that many: the report's cost per finding at a national catalogue's count);
* ``lang`` — the language check alone (every text of every object), as a share of ``check``;
* ``peak`` — the process's peak resident memory after the check and its report (MB);
* ``warm`` — wall time of a re-check after one programme file is edited, with the cache the cold
  check wrote, against the cold check (both with the cache on; ``cold`` = wall seconds).

Goals (issue 15): ratio ≤ 1.3, peak ≤ 1 GB at 1,000 programmes, report and lang ≤ 2 % of check,
warm ≤ 5 %.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPORT_FINDINGS = 18_000


def _cpu() -> float:
    return time.process_time()


def worker(root: Path) -> dict[str, float]:
    """Measure one catalogue in this process (see the module's docstring)."""
    import yaml

    from curriculum.catalogue import data_files, load_catalogue
    from curriculum.checks import run_checks
    from curriculum.checks.languages import check_languages
    from curriculum.graph import build_graph
    from curriculum.load import no_gc
    from curriculum.report import REPORTERS

    out: dict[str, float] = {}
    with no_gc():  # as check_path runs it
        t0 = _cpu()
        catalogue = load_catalogue(root)
        t1 = _cpu()
        graph = build_graph(catalogue)
        t2 = _cpu()
        result = run_checks(catalogue, graph)
        t3 = _cpu()
        REPORTERS["text"](result, "en")
        t4 = _cpu()
        findings = len(result.diagnostics)
        out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        s = catalogue.settings
        languages = s.required_languages if s.required_languages is not None else s.languages
        objects = [ix.framework for ix in catalogue.indexes.values()]
        objects += [*catalogue.qualifications.values(), *catalogue.programmes.values()]
        t5 = _cpu()
        for obj in objects:
            for _ in check_languages(obj, languages):
                pass
        t6 = _cpu()
        if findings:
            many = result.diagnostics * (REPORT_FINDINGS // findings + 1)
            result.diagnostics = many[:REPORT_FINDINGS]
            t7 = _cpu()
            REPORTERS["text"](result, "en")
            out["report_18k"] = _cpu() - t7
    files = data_files(root)
    out.update(load=t1 - t0, graph=t2 - t1, checks=t3 - t2, report=t4 - t3, lang=t6 - t5, findings=findings)
    out["check"] = t3 - t0
    out["files"] = len(files)
    out["mb"] = sum(p.stat().st_size for p in files) / 1e6
    out["nodes"] = graph.number_of_nodes()
    out["edges"] = graph.number_of_edges()
    del result, graph, catalogue
    gc.collect()
    t8 = _cpu()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    out["yaml"] = _cpu() - t8
    return out


def measure(root: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scale", "--worker", str(root)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_scale")
    parser.add_argument("--programmes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="where the generated catalogues are kept (reused)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    from .scale import generate_catalogue

    keep = args.dir or Path(tempfile.mkdtemp(prefix="curriculum-scale-"))
    head = (
        f"{'progs':>5} {'files':>5} {'MB':>5} {'yaml s':>7} {'check s':>7} {'ratio':>5} {'load':>5} {'graph':>5}"
        f" {'checks':>6} {'report':>6} {'rep18k':>6} {'lang':>5} {'peak MB':>7} {'finds':>6}"
    )
    print(head)
    for n in args.programmes:
        root = keep / f"n{n}-s{args.seed}"
        if not (root / "programmes").is_dir():
            generate_catalogue(root, n, args.seed)
        m = measure(root)
        c = m["check"]
        print(
            f"{n:>5} {m['files']:>5.0f} {m['mb']:>5.0f} {m['yaml']:>7.2f} {c:>7.2f} {c / m['yaml']:>5.2f}"
            f" {m['load'] / c:>5.0%} {m['graph'] / c:>5.0%} {m['checks'] / c:>6.0%} {m['report'] / c:>6.1%}"
            f" {m.get('report_18k', 0) / c:>6.1%} {m['lang'] / c:>5.1%} {m['peak_mb']:>7.0f} {m['findings']:>6.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
