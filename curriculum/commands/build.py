"""`curriculum build` and `curriculum serve`: check, render, build with MkDocs, swap the site in.

The build happens in a temporary folder next to the site folder; only a complete build replaces
the previous site, so a failure leaves it as it was.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .. import dossier, output, site
from ..checks import Result, check_path
from ..diagnostics import Severity, unreadable
from ..progress import Progress
from ..report import REPORTERS
from ..settings import find_config
from .check import EXIT_USAGE, resolve

EXIT_OK, EXIT_FAILED = 0, 1
WATCHED = ("programmes", "competencies", "templates", "docs")


def _err(message: str) -> None:
    print(f"curriculum: {message}", file=sys.stderr)


def build(
    root: Path,
    result: Result,
    site_dir: Path,
    *,
    strict: bool = False,
    pdf: bool = False,
    zip_path: Path | None = None,
    timings: dict[str, float] | None = None,
    builder: str = "mkdocs",
    progress: Progress | None = None,
) -> None:
    """Render ``result`` and build the site into ``site_dir`` (atomically). Raise SiteError.

    The work happens in a temporary folder outside the catalogue (see :mod:`curriculum.output`)."""
    from ..render import LABELS, LANGUAGE_NAMES, render

    timings = timings if timings is not None else {}
    progress = progress or Progress(enabled=False)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    output.clear_stale(site_dir)
    if pdf and dossier.missing():
        raise site.SiteError(dossier.missing() or "")
    with output.stage() as work:
        t0 = time.perf_counter()
        shim = site.iframe_worker_shim(root)
        out = work / "site"
        out.mkdir()
        configs = render(result, work / "src", shim, pdf=pdf, progress=progress)
        timings["render"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        site.quiet_mkdocs()
        for number, config in enumerate(configs, 1):
            progress.stage(f"{builder} {config.parent.name}", number, len(configs))
            site.build_site(config, strict=strict, builder=builder)
            os.replace(config.parent / "site", out / config.parent.name)
        timings["site"] = time.perf_counter() - t1
        languages = [c.parent.name for c in configs]
        (out / "index.html").write_text(
            output.root_index([(x, LANGUAGE_NAMES.get(x, x)) for x in languages], languages[0]), encoding="utf-8"
        )
        output.finish(out)
        if pdf:
            t2 = time.perf_counter()
            titles = {lang: LABELS.get("dossier", {}).get(lang, "") for lang in languages}
            dossier.print_all(dossier.jobs(result, out, languages, titles), progress)
            timings["pdf"] = time.perf_counter() - t2
        progress.stage("swap")
        output.swap_in(out, site_dir)
    if zip_path is not None:
        t3 = time.perf_counter()
        progress.stage("zip")
        output.write_zip(site_dir, zip_path)
        timings["zip"] = time.perf_counter() - t3


PROTECTED = ("programmes", "competencies", "templates", "docs", "schemas", ".git")


def unsafe_target(root: Path, target: Path) -> str | None:
    """Why building into ``target`` would destroy something (the build replaces the folder), or None."""
    root, target = root.resolve(), target.resolve()
    if target == root or target in root.parents:
        return "it holds the catalogue"
    if any(target == root / name or (root / name) in target.parents for name in PROTECTED):
        return "it is one of the catalogue's own folders"
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / "index.html").is_file())):
        return "it exists and is not a site built before (no index.html); choose an empty or new folder"
    return None


def _load(root: Path) -> tuple[Result | None, int]:
    result = check_path(root)
    if unreadable(result.diagnostics):
        sys.stderr.write(REPORTERS["text"](result))
        return None, EXIT_USAGE
    return result, EXIT_OK


def run(
    root: Path | None,
    strict: bool,
    site_dir: Path | None,
    zip_path: Path | None,
    pdf: bool,
    *,
    builder: str = "mkdocs",
    quiet: bool = False,
) -> int:
    found, _ = resolve(root)
    if found is None:
        _err(f"error: no catalogue at {root or Path.cwd()} (no mkdocs.yml, competencies/ or programmes/)")
        return EXIT_USAGE
    timings: dict[str, float] = {}
    with Progress(enabled=False if quiet else None) as progress, _terminated_cleanly():
        progress.stage("load and check")
        result, code = _load(found)
        timings["check"] = time.perf_counter() - progress.start
        if result is None:
            return code
        errors = result.failing(Severity.ERROR)
        if errors:
            progress.close()
            result.threshold = Severity.ERROR
            sys.stderr.write(REPORTERS["text"](result))
            if strict:
                _err(f"error: {len(errors)} check error(s); --strict builds only a clean catalogue")
                return EXIT_FAILED
        target = site_dir if site_dir is not None else found / "site"
        problem = unsafe_target(found, target)
        if problem:
            _err(f"error: will not build into {target}: {problem}")
            return EXIT_USAGE
        if pdf and dossier.missing():
            _err(f"error: {dossier.missing()}")
            return EXIT_USAGE
        try:
            build(
                found,
                result,
                target,
                strict=strict,
                pdf=pdf,
                zip_path=zip_path,
                timings=timings,
                builder=builder,
                progress=progress,
            )
        except site.SiteError as exc:
            progress.close()
            _err(f"error: {exc}")
            return EXIT_FAILED
        except Exception as exc:  # noqa: BLE001 - a template or data problem: keep the old site
            progress.close()
            _err(f"error: build failed ({type(exc).__name__}: {exc}); the previous site is unchanged")
            return EXIT_FAILED
        total = time.perf_counter() - progress.start
    if not quiet:
        print(summary(target, total, timings, builder))
        if zip_path is not None:
            print(f"wrote {zip_path}")
    return EXIT_OK


def summary(target: Path, total: float, timings: dict[str, float], builder: str = "mkdocs") -> str:
    """``built SITE in T s (load+check …, render …, MkDocs …, pdf …, zip …)``: T is the whole run."""
    names = {"check": "load+check", "render": "render", "site": "MkDocs" if builder == "mkdocs" else builder}
    names.update(pdf="pdf", zip="zip")
    parts = [f"{names[key]} {timings[key]:.1f}s" for key in names if key in timings]
    return f"built {target} in {total:.1f}s ({', '.join(parts)})"


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exit that runs the clean-up of the build's temporary folder."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(root: Path | None, dev_addr: str, *, quiet: bool = False) -> int:
    """Build, serve the site, rebuild when YAML (or templates, docs) change."""
    from mkdocs.livereload import LiveReloadServer

    found, _ = resolve(root)
    if found is None:
        _err(f"error: no catalogue at {root or Path.cwd()}")
        return EXIT_USAGE
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        _err(f"error: --dev-addr must be HOST:PORT, not {dev_addr!r}")
        return EXIT_USAGE
    site_dir = found / "site"
    lock = threading.Lock()

    def rebuild() -> None:
        with lock, Progress(enabled=False if quiet else None) as progress:
            progress.stage("load and check")
            timings: dict[str, float] = {}
            result, _ = _load(found)
            timings["check"] = time.perf_counter() - progress.start
            if result is None:
                return
            try:
                build(found, result, site_dir, timings=timings, progress=progress)
                progress.close()
                if not quiet:
                    print(summary(site_dir, time.perf_counter() - progress.start, timings), flush=True)
            except Exception as exc:  # noqa: BLE001 - keep serving the previous site
                progress.close()
                _err(f"error: rebuild failed, serving the previous site: {exc}")

    rebuild()
    if not site_dir.is_dir():
        return EXIT_FAILED
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir))
    for name in WATCHED:
        if (found / name).is_dir():
            server.watch(str(found / name))
    config = find_config(found)
    if config is not None:
        server.watch(str(config))
    print(f"serving {site_dir} on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return EXIT_OK
