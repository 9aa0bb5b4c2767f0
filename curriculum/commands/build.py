"""`curriculum build` and `curriculum serve`: check, render, build with MkDocs, swap the site in.

The build happens in a temporary folder next to the site folder; only a complete build replaces
the previous site, so a failure leaves it as it was.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import site
from ..checks import Result, check_path
from ..diagnostics import Severity, unreadable
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
) -> None:
    """Render ``result`` and build the site into ``site_dir`` (atomically). Raise SiteError."""
    from ..render import LANGUAGE_NAMES, render, slug

    timings = timings if timings is not None else {}
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        t0 = time.perf_counter()
        shim = site.iframe_worker_shim(root)
        src, out = work / "src", work / "site"
        out.mkdir()
        chromium = site.find_chromium() if pdf else None
        configs = render(result, src, out, shim, pdf=bool(chromium))
        timings["render"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        site.quiet_mkdocs()
        for config in configs:
            site.build_site(config, strict=strict)
        timings["mkdocs"] = time.perf_counter() - t1
        languages = list(result.catalogue.settings.languages) or ["en"]
        (out / "index.html").write_text(
            site.root_index([(x, LANGUAGE_NAMES.get(x, x)) for x in languages], languages[0]), encoding="utf-8"
        )
        site.make_deterministic(out)
        if pdf:
            t2 = time.perf_counter()
            if chromium is None:
                print(
                    "curriculum: chromium not found; skipping --pdf (install it: apt-get install chromium)",
                    file=sys.stderr,
                )
            else:
                for lang in languages:
                    for pid in sorted(result.catalogue.programmes):
                        folder = out / lang / "programmes" / slug(pid)
                        site.print_pdf(folder / "print.html", folder / "dossier.pdf", chromium)
            timings["pdf"] = time.perf_counter() - t2
        site.swap_in(out, site_dir)
        if zip_path is not None:
            site.write_zip(site_dir, zip_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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


def run(root: Path | None, strict: bool, site_dir: Path | None, zip_path: Path | None, pdf: bool) -> int:
    found, _ = resolve(root)
    if found is None:
        _err(f"error: no catalogue at {root or Path.cwd()} (no mkdocs.yml, competencies/ or programmes/)")
        return EXIT_USAGE
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    result, code = _load(found)
    timings["check"] = time.perf_counter() - t0
    if result is None:
        return code
    errors = result.failing(Severity.ERROR)
    if errors:
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
    try:
        build(found, result, target, strict=strict, pdf=pdf, zip_path=zip_path, timings=timings)
    except site.SiteError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a template or data problem: keep the old site
        _err(f"error: build failed ({type(exc).__name__}: {exc}); the previous site is unchanged")
        return EXIT_FAILED
    toolkit = timings.get("check", 0) + timings.get("render", 0)
    extra = f", pdf {timings['pdf']:.1f}s" if "pdf" in timings else ""
    print(
        f"built {target} in {toolkit + timings.get('mkdocs', 0) + timings.get('pdf', 0):.1f}s "
        f"(toolkit {toolkit:.1f}s: load+check {timings.get('check', 0):.1f}s, render {timings.get('render', 0):.1f}s; "
        f"MkDocs {timings.get('mkdocs', 0):.1f}s{extra})"
    )
    if zip_path is not None:
        print(f"wrote {zip_path}")
    return EXIT_OK


def serve(root: Path | None, dev_addr: str) -> int:
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
        with lock:
            result, _ = _load(found)
            if result is None:
                return
            try:
                build(found, result, site_dir)
                print(f"rebuilt {site_dir}", flush=True)
            except Exception as exc:  # noqa: BLE001 - keep serving the previous site
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
