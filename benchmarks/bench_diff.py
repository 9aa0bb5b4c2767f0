"""`curriculum diff` against what it cannot avoid: checking both sides.

    python -m benchmarks.bench_diff [--factors 1 10] [--repeat 3]

For each catalogue size (6 × N programmes generated from the example, :func:`benchmarks.scale.generate_catalogue`
with seed 1), a temporary git repository holds the
catalogue as committed and the working tree with every programme edited (cohort changed, an
outcome's hours changed, a comment line added on top). Timed in this one process, best of
--repeat: two plain checks of the working tree, and the diff HEAD → working tree (reading the
revision through git, checking both sides, comparing, rendering text, JSON and Markdown). The
ratio diff / (2 × check) is the overhead of the diff itself; it should stay near 1 as size grows.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
from pathlib import Path

from curriculum.checks import check_path
from curriculum.diff import REPORTERS, diff_revisions

from .bench_check import best
from .scale import catalogue_of

GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "bench"}
GIT |= {"GIT_AUTHOR_EMAIL": "bench@invalid", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@invalid"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT}, check=True, capture_output=True)


def prepare(root: Path) -> int:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "catalogue")
    files = sorted((root / "programmes").glob("*.yml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^cohort: (\d+)", lambda m: f"cohort: {int(m.group(1)) + 1}", text, count=1, flags=re.M)
        text = re.sub(r"(\n +hours: )(\d+)\n", lambda m: f"{m.group(1)}{int(m.group(2)) + 2}\n", text, count=1)
        path.write_text("# edited\n" + text, encoding="utf-8")
    return len(files)


def diff_all(root: Path) -> None:
    diff = diff_revisions(root, "HEAD")
    for render in REPORTERS.values():
        render(diff)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'factor':>6} {'programmes':>10} {'2 × check s':>12} {'diff s':>7} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            root = catalogue_of(Path(tmp) / f"x{factor}", factor)
            count = prepare(root)
            t_check = best(lambda root=root: (check_path(root), check_path(root)), args.repeat)
            t_diff = best(lambda root=root: diff_all(root), args.repeat)
            print(f"{factor:>6} {count:>10} {t_check:>12.2f} {t_diff:>7.2f} {t_diff / t_check:>6.2f}")


if __name__ == "__main__":
    main()
