"""Bounded cost on any input: `check` and `build` time per doubling of outcomes in one module
(10,000 → 160,000) and of the length of one text field, measured in one run.

    python -m benchmarks.bench_bounded [--outcomes 10000 20000 40000 80000 160000]
                                       [--texts 250000 500000 1000000 2000000] [--no-build]
                                       [--languages ru]

(`--outcomes` or `--texts` with no sizes skips that series.)

The base catalogue (tests/cases/_base) gets one extra module with N outcomes (each covering a
WorldSkills section, half of them at the workplace, every tenth with its own hours), or one
description of N characters (`max_text_chars` raised so the toolkit accepts it). For each step the
time and the ratio to the step before are printed; a linear (or n log n) toolkit keeps every ratio
per doubling near 2 — the target is at most 2.3. Times are CPU seconds (the process and its
children), so that other work on a shared machine does not count. The build column times what
`curriculum build` does (check, render, MkDocs, the site swapped in; no PDF, no zip) on the same
input, for the languages of `--languages` (default one, `ru`: every language is the same work again).

Each measurement runs in a fresh process of its own (after the imports and a warm-up on the base
catalogue, which compiles the templates), so that what one step leaves in memory — a larger heap for
the collector to walk — is never charged to the next.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from curriculum.checks import check_path

BASE = Path(__file__).resolve().parent.parent / "tests" / "cases" / "_base"
LIMIT = 2.3
LANGUAGES: list[str] = ["ru"]


def copy_base(root: Path) -> None:
    shutil.copytree(BASE, root)
    if LANGUAGES:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "    languages: [ru, kk, en]\n" in text
        config.write_text(text.replace("[ru, kk, en]", "[" + ", ".join(LANGUAGES) + "]"), encoding="utf-8")


def with_outcomes(root: Path, n: int) -> Path:
    copy_base(root)
    lines = [
        "  - id: XM01",
        "    title: {kk: Үлкен модуль, ru: Большой модуль, en: Large module}",
        "    cycle: pm",
        f"    semesters: [{{semester: 4, hours: {{theory: {n}, lpz: {n}}}, control: [exam]}}]",
        "    outcomes:",
    ]
    for i in range(n):
        venue = "both" if i % 2 else "college"
        hours = ", hours: 1" if i % 10 == 0 else ""
        lines.append(
            f"      - {{id: XM01.{i}, text: {{kk: Нәтиже {i}, ru: Результат {i}, en: Outcome {i}}}, "
            f"covers: {{ws-webtech:{1 + i % 5}: introduced}}, venue: {venue}{hours}, assessed_by: [XM01-EX]}}"
        )
    lines.append("    assessments:")
    lines.append("      - {id: XM01-EX, type: exam, title: {kk: Емтихан, ru: Экзамен, en: Exam}}")
    _add_module(root, "\n".join(lines) + "\n")
    return root


def with_text(root: Path, n: int) -> Path:
    copy_base(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "    fail_on: error", f"    fail_on: error\n    max_text_chars: {n}"
    )
    config.write_text(text, encoding="utf-8")
    programme = root / "programmes" / "example-web.yml"
    words = ("Дуалды оқыту кәсіпорында өтеді. " * (n // 32 + 1))[:n]
    body = programme.read_text(encoding="utf-8").replace(
        "illustrative: true\n", f"illustrative: true\ndescription: '{words}'\n"
    )
    programme.write_text(body, encoding="utf-8")
    return root


def _add_module(root: Path, module: str) -> None:
    programme = root / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8")
    text = text.replace("partners:\n", module + "partners:\n", 1)
    text = text.replace("hours: {total: 1176, college: 406, workplace: 770}\n", "")
    programme.write_text(text, encoding="utf-8")


def cpu() -> float:
    """CPU seconds of this process and its finished children: on a shared machine wall time measures
    the neighbours as much as the toolkit."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_check(root: Path) -> float:
    start = cpu()
    check_path(root)
    return cpu() - start


def time_build(root: Path) -> float:
    from curriculum.commands.build import build

    start = cpu()
    result = check_path(root)
    build(root, result, root / "site", timings={})
    return cpu() - start


def measure(what: str, root: Path) -> float:
    """CPU seconds of ``what`` (check or build) on ``root``, in a fresh process (see the module's text)."""
    command = [sys.executable, "-m", "benchmarks.bench_bounded", "--measure", what, str(root)]
    out = subprocess.run(command + ["--languages", *LANGUAGES], check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def _measure_here(what: str, root: Path) -> None:
    warm = root.parent / f"{root.name}-warm-up"
    copy_base(warm)
    (time_build if what == "build" else time_check)(warm)  # imports, templates: outside the figure
    shutil.rmtree(warm, ignore_errors=True)
    print(f"{(time_build if what == 'build' else time_check)(root):.3f}")


def series(label: str, sizes: list[int], make: object, tmp: Path, do_build: bool) -> bool:
    print(f"\n{label:>10} {'check s':>9} {'ratio':>6} {'build s':>9} {'ratio':>6}")
    ok = True
    last: tuple[float, float] | None = None
    for n in sizes:
        root = make(tmp / f"{label}-{n}", n)  # type: ignore[operator]
        check = measure("check", root)
        built = measure("build", root) if do_build else 0.0
        ratios = ("", "")
        if last is not None:
            rc, rb = check / last[0], (built / last[1] if do_build and last[1] else 0.0)
            ok = ok and rc <= LIMIT and (not do_build or rb <= LIMIT)
            ratios = (f"{rc:.2f}", f"{rb:.2f}" if do_build else "")
        print(f"{n:>10} {check:>9.2f} {ratios[0]:>6} {built:>9.2f} {ratios[1]:>6}", flush=True)
        last = (check, built)
        shutil.rmtree(root, ignore_errors=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outcomes", type=int, nargs="*", default=[10_000, 20_000, 40_000, 80_000, 160_000])
    parser.add_argument("--texts", type=int, nargs="*", default=[250_000, 500_000, 1_000_000, 2_000_000])
    parser.add_argument("--no-build", action="store_true", help="time check only")
    parser.add_argument("--languages", nargs="+", default=["ru"], help="languages the site publishes")
    parser.add_argument("--measure", nargs=2, metavar=("check|build", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    LANGUAGES[:] = args.languages
    if args.measure:  # one measurement, in the fresh process the series started for it
        _measure_here(args.measure[0], Path(args.measure[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        ok = True
        if args.outcomes:
            ok = series("outcomes", args.outcomes, with_outcomes, Path(tmp), not args.no_build)
        if args.texts:
            ok = series("text chars", args.texts, with_text, Path(tmp), not args.no_build) and ok
    print(f"\nevery ratio per doubling ≤ {LIMIT}: {'yes' if ok else 'NO'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
