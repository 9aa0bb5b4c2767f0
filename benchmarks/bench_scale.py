"""`curriculum check` at national scale, against parsing the same files with CSafeLoader.

    python -m benchmarks.bench_scale [--programmes 100 300 1000] [--seed 1] [--dir DIR]

For each size a catalogue is generated (:mod:`benchmarks.scale`; kept in ``--dir`` and reused when
it is already there) and measured in a fresh process of its own, after the imports (so interpreter
start-up is excluded), all in CPU seconds of that one process:

* ``yaml`` — ``yaml.load(CSafeLoader)`` of every data file of the catalogue: the baseline;
  ``yaml-gc`` the same with the cycle collector paused, as the check runs (a stricter baseline);
* ``check`` — loading, graph and checks, as ``curriculum check --no-cache`` runs them; ``ratio`` =
  check / yaml, ``ratio-gc`` = check / yaml-gc;
* ``tr-gc`` — reading every data file into the loader's tree (a node per YAML node with its position,
  duplicate keys, aliases and depth checked; no model yet), with the collector paused, / yaml-gc;
* the phases: ``load`` (read and convert every file), ``graph``, ``checks`` (validation and every
  check), ``report`` (the text report of the findings), and its cost for 18,000 findings (the
  findings repeated to that many: the report's cost per finding at a national catalogue's count);
* ``lang`` — the language check alone (every text of every object), as a share of ``check``;
* ``peak`` — the process's peak resident memory after the check and its report (MB);
* ``warm`` — wall time of a re-check after one programme file is edited, with the cache a first
  check wrote, against a cold check without the cache (``cold`` = its wall seconds; ``first`` = the
  first check with the cache, which writes it, against the same); ``w-cpu`` the same ratio in CPU
  seconds (steadier on a shared machine). Each is a fresh process timed from before loading to after
  the text report.

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
    from curriculum.load import load_file, no_gc
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
    with no_gc():
        t9 = _cpu()
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        out["yaml_nogc"] = _cpu() - t9
        t10 = _cpu()
        for path in files:
            load_file(path)
        out["tree"] = _cpu() - t10
    return out


def timed(root: Path, cache: bool) -> dict[str, float]:
    """Wall and CPU seconds of one check and its text report, as ``curriculum check`` runs them."""
    from curriculum.checks import check_path
    from curriculum.report import REPORTERS

    start, cpu = time.perf_counter(), _cpu()
    REPORTERS["text"](check_path(root, cache=cache), "en")
    return {"wall": time.perf_counter() - start, "cpu": _cpu() - cpu}


def measure(root: Path, *more: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scale", "--worker", str(root), *more],
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
    parser.add_argument("--no-warm", action="store_true", help="skip the re-check measurements")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timed", choices=["cache", "no-cache"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker and args.timed:
        print(json.dumps(timed(args.worker, args.timed == "cache")))
        return
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    from .scale import generate_catalogue

    keep = args.dir or Path(tempfile.mkdtemp(prefix="curriculum-scale-"))
    head = (
        f"{'progs':>5} {'files':>5} {'MB':>5} {'yaml s':>7} {'yaml-gc':>7} {'check s':>7} {'ratio':>5} {'rat-gc':>6} {'tr-gc':>5}"
        f" {'load':>5} {'graph':>5} {'checks':>6} {'report':>6} {'rep18k':>6} {'lang':>5} {'peak MB':>7}"
        f" {'finds':>6} {'cold s':>6} {'first':>6} {'warm':>6} {'w-cpu':>6}"
    )
    print(head)
    for n in args.programmes:
        root = keep / f"n{n}-s{args.seed}"
        if not (root / "programmes").is_dir():
            generate_catalogue(root, n, args.seed)
        m = measure(root)
        c = m["check"]
        warm = "" if args.no_warm else _warm(root)
        print(
            f"{n:>5} {m['files']:>5.0f} {m['mb']:>5.0f} {m['yaml']:>7.2f} {m['yaml_nogc']:>7.2f} {c:>7.2f}"
            f" {c / m['yaml']:>5.2f} {c / m['yaml_nogc']:>6.2f} {m['tree'] / m['yaml_nogc']:>5.2f}"
            f" {m['load'] / c:>5.0%} {m['graph'] / c:>5.0%} {m['checks'] / c:>6.0%} {m['report'] / c:>6.1%}"
            f" {m.get('report_18k', 0) / c:>6.1%} {m['lang'] / c:>5.1%} {m['peak_mb']:>7.0f} {m['findings']:>6.0f}"
            f" {warm}",
            flush=True,
        )


def _warm(root: Path) -> str:
    """Cold check without the cache; first check with it; re-check after one programme file is edited."""
    import shutil

    from curriculum.cache import CACHE_DIR

    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    cold = measure(root, "--timed", "no-cache")
    first = measure(root, "--timed", "cache")
    path = sorted((root / "programmes").glob("*.yml"))[len(list((root / "programmes").glob("*.yml"))) // 2]
    text = path.read_text(encoding="utf-8")
    try:
        path.write_text(text.replace("\ncohort: ", "\ncohort: 1", 1), encoding="utf-8")
        warm = measure(root, "--timed", "cache")
    finally:
        path.write_text(text, encoding="utf-8")
    w, c = warm["wall"] / cold["wall"], warm["cpu"] / cold["cpu"]
    return f"{cold['wall']:>6.1f} {first['wall'] / cold['wall']:>6.0%} {w:>6.1%} {c:>6.1%}"


if __name__ == "__main__":
    main()
