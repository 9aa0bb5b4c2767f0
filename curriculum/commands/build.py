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

from .. import dossier, output, scaleout, site
from ..checks import Result, check_path
from ..diagnostics import Severity, unreadable
from ..progress import Progress
from ..report import REPORTERS
from .check import EXIT_USAGE, resolve

EXIT_OK, EXIT_FAILED = 0, 1


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
    jobs: int = 1,
) -> None:
    """Render ``result`` and build the site into ``site_dir`` (atomically). Raise SiteError.

    The work happens in a temporary folder outside the catalogue (see :mod:`curriculum.output`).
    ``jobs`` > 1 builds the languages in groups of pages in that many processes (MkDocs; see
    :mod:`curriculum.scaleout`), or the languages side by side (Zensical); the site is the same."""
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
        site.quiet_mkdocs()
        if jobs > 1 and builder == "mkdocs":
            languages = scaleout.build_jobs(result, work, out, jobs, shim, pdf=pdf, strict=strict, progress=progress)
            timings["parts"] = time.perf_counter() - t0
        else:
            configs = render(result, work / "src", shim, pdf=pdf, progress=progress)
            timings["render"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            build_configs(configs, out, strict=strict, builder=builder, jobs=jobs, progress=progress)
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


def build_configs(
    configs: list[Path], out: Path, *, strict: bool, builder: str, jobs: int = 1, progress: Progress | None = None
) -> None:
    """Build each language's project into ``out/<lang>``; ``jobs`` > 1 runs that many builders at
    once (Zensical runs in a process of its own, so threads suffice)."""

    def one(config: Path) -> None:
        site.build_site(config, strict=strict, builder=builder)
        os.replace(config.parent / "site", out / config.parent.name)

    if jobs > 1 and builder == "zensical":
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for _ in pool.map(one, configs):
                pass
        return
    for number, config in enumerate(configs, 1):
        if progress is not None:
            progress.stage(f"{builder} {config.parent.name}", number, len(configs))
        one(config)


PROTECTED = ("programmes", "competencies", "templates", "docs", "schemas", ".git")


def unsafe_target(root: Path, target: Path) -> str | None:
    """Why building into ``target`` would destroy something (the build replaces the folder), or None."""
    root, target = root.resolve(), target.resolve()
    if target == root or target in root.parents:
        return "it holds the catalogue"
    if any(target == root / name or (root / name) in target.parents for name in PROTECTED):
        return "it is one of the catalogue's own folders"
    built_before = (target / "index.html").is_file() or (target / scaleout.SHARD_FILE).is_file()
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not built_before)):
        return "it exists and is not a site built before (no index.html); choose an empty or new folder"
    return None


def _load(root: Path, cache: bool = False) -> tuple[Result | None, int]:
    result = check_path(root, cache=cache)
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
    jobs: int = 1,
    shard: str | None = None,
) -> int:
    part = None
    if shard is not None:
        part = scaleout.parse_shard(shard)
        if part is None:
            _err(f"error: --shard must be I/N with 1 <= I <= N (e.g. 2/3), not {shard!r}")
            return EXIT_USAGE
        if builder != "mkdocs" or pdf or zip_path is not None:
            _err(
                "error: --shard builds part of an MkDocs site: no --builder zensical, --pdf or --zip (use them with --merge)"
            )
            return EXIT_USAGE
    if jobs < 1:
        _err(f"error: --jobs must be 1 or more, not {jobs}")
        return EXIT_USAGE
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
        default = f"site-shard-{part[0]}-of-{part[1]}" if part else "site"
        target = site_dir if site_dir is not None else found / default
        problem = unsafe_target(found, target)
        if problem:
            _err(f"error: will not build into {target}: {problem}")
            return EXIT_USAGE
        if part is not None:
            return _run_shard(found, result, target, part, jobs=jobs, strict=strict, quiet=quiet, progress=progress)
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
                jobs=jobs,
            )
        except Exception as exc:  # noqa: BLE001 - a template or data problem: keep the old site
            return _failed(exc, progress, "site")
        total = time.perf_counter() - progress.start
    if not quiet:
        print(summary(target, total, timings, builder))
        if zip_path is not None:
            print(f"wrote {zip_path}")
    return EXIT_OK


def _failed(exc: Exception, progress: Progress, what: str) -> int:
    """Say why a build failed (the previous ``what``, site or shard, is left as it was): exit 1."""
    progress.close()
    if isinstance(exc, site.SiteError):
        _err(f"error: {exc}")
    else:
        _err(f"error: build failed ({type(exc).__name__}: {exc}); the previous {what} is unchanged")
    return EXIT_FAILED


def _run_shard(
    root: Path,
    result: Result,
    target: Path,
    part: tuple[int, int],
    *,
    jobs: int,
    strict: bool,
    quiet: bool,
    progress: Progress,
) -> int:
    """Build shard ``part`` into ``target`` (atomically), or keep it when its inputs did not change."""
    index, count = part
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    output.clear_stale(target)
    try:
        with output.stage() as work:
            built, rebuilt, pages = scaleout.build_shard(
                result,
                work,
                target,
                index,
                count,
                site.iframe_worker_shim(root),
                jobs=jobs,
                strict=strict,
                progress=progress,
            )
            if built is not None:
                progress.stage("swap")
                output.swap_in(built, target)
    except Exception as exc:  # noqa: BLE001 - a template or data problem: keep the old shard
        return _failed(exc, progress, "shard")
    total = time.perf_counter() - progress.start
    progress.close()
    if not quiet:
        if built is None:
            what = f"unchanged, kept {target}"
        elif rebuilt < pages:
            what = f"{rebuilt} of {pages} page(s) rebuilt in {target}"
        else:
            what = f"built {target} ({pages} pages)"
        print(f"shard {index}/{count}: {what} in {total:.1f}s")
    return EXIT_OK


def run_merge(
    root: Path | None,
    folders: list[Path],
    site_dir: Path | None,
    zip_path: Path | None,
    *,
    strict: bool = False,
    quiet: bool = False,
) -> int:
    """Stitch the shard folders into one site (atomically) and optionally zip it."""
    from ..output import root_index

    if not folders:
        _err("error: --merge needs the shard folders: curriculum build --merge DIR...")
        return EXIT_USAGE
    found, _ = resolve(root)
    base = found if found is not None else Path.cwd()
    target = (site_dir if site_dir is not None else base / "site").resolve()
    problem = unsafe_target(base, target) if found is not None else None
    if problem:
        _err(f"error: will not build into {target}: {problem}")
        return EXIT_USAGE
    with Progress(enabled=False if quiet else None) as progress, _terminated_cleanly():
        target.parent.mkdir(parents=True, exist_ok=True)
        output.clear_stale(target)
        try:
            with output.stage() as work:
                out = work / "site"
                languages = scaleout.merge(folders, out, strict=strict, progress=progress)
                (out / "index.html").write_text(root_index(languages, languages[0][0]), encoding="utf-8")
                output.finish(out)
                progress.stage("swap")
                output.swap_in(out, target)
            if zip_path is not None:
                progress.stage("zip")
                output.write_zip(target, zip_path)
        except site.SiteError as exc:
            progress.close()
            _err(f"error: {exc}")
            return EXIT_FAILED
        total = time.perf_counter() - progress.start
    if not quiet:
        print(f"merged {len(folders)} shard(s) into {target} in {total:.1f}s")
        if zip_path is not None:
            print(f"wrote {zip_path}")
    return EXIT_OK


def summary(target: Path, total: float, timings: dict[str, float], builder: str = "mkdocs") -> str:
    """``built SITE in T s (load+check …, render …, MkDocs …, pdf …, zip …)``: T is the whole run."""
    names = {"check": "load+check", "render": "render", "site": "MkDocs" if builder == "mkdocs" else builder}
    names.update(parts="render+MkDocs in processes", pdf="pdf", zip="zip")
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
    """Build, serve the site, rebuild when YAML (or templates, docs, results exports) change."""
    from ..live import LiveSite, Server, snapshot, watched

    found, _ = resolve(root)
    if found is None:
        _err(f"error: no catalogue at {root or Path.cwd()}")
        return EXIT_USAGE
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        _err(f"error: --dev-addr must be HOST:PORT, not {dev_addr!r}")
        return EXIT_USAGE
    site_dir = (found / "site").resolve()
    lock = threading.Lock()
    saved = threading.Event()  # a save waits for the lock: the pages left for later give way at their next step
    left = threading.Event()  # a save left pages to build after the pages being viewed
    try:
        live = LiveSite(found, site_dir, site.iframe_worker_shim(found))
    except site.SiteError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    output.clear_stale(site_dir)
    server: Server | None = None

    def failed(exc: Exception, progress: Progress) -> None:
        live.parts.clear()  # the next save builds the whole site again
        live.pending = None
        progress.close()
        _err(f"error: rebuild failed, serving the previous site: {exc}")

    def rebuild() -> None:
        """After a save: the pages being viewed (the browsers reload once, when this returns)."""
        saved.set()
        with lock, Progress(enabled=False if quiet else None) as progress:
            saved.clear()
            progress.stage("load and check")
            files = snapshot(found)
            try:
                if live.parts and files == live.files and live.pending is None:
                    return  # nothing the site is made from changed
                result, _ = _load(found, cache=True)  # after a save, only what changed is read and checked again
                checked = time.perf_counter() - progress.start
                if result is None:
                    return
                progress.stage("build")
                said = live.build(result, files, first=server.viewed() if server is not None else ())
                progress.close()
                if not quiet:
                    total = time.perf_counter() - progress.start
                    print(f"{said} in {total:.1f}s (load+check {checked:.1f}s)", flush=True)
            except Exception as exc:  # noqa: BLE001 - keep serving the previous site
                failed(exc, progress)
            if live.pending is not None:
                left.set()
            elif server is not None:
                server.settle()

    def finish() -> None:
        """The other changed pages, right after the pages being viewed, without reloading the browsers: a
        request for one of them waits until it is built."""
        while left.wait():
            left.clear()
            if stopping.is_set():
                return
            with lock, Progress(enabled=False if quiet else None) as progress:
                try:
                    progress.stage("build")
                    said = live.finish(stop=saved.is_set)
                    progress.close()
                    if said and not quiet:
                        print(f"{said} in {time.perf_counter() - progress.start:.1f}s", flush=True)
                except Exception as exc:  # noqa: BLE001 - keep serving the previous site
                    failed(exc, progress)
            if server is not None:
                server.settle()

    rebuild()
    if not site_dir.is_dir():
        live.close()
        return EXIT_FAILED

    def listening() -> None:
        print(f"serving {site_dir} on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)

    server = Server(
        builder=rebuild, host=host, port=int(port), root=str(site_dir), waits=live.waits, listening=listening
    )
    for path in watched(found):
        server.watch(str(path))
    stopping = threading.Event()
    worker = threading.Thread(target=finish, name="curriculum-finish", daemon=True)
    worker.start()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        saved.set()  # the pages left for later stop at their next step
        left.set()
        server.shutdown()
        with lock:
            live.close()
    return EXIT_OK
