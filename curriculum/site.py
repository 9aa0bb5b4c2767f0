"""Build the rendered Markdown tree into a static site, and everything around that build.

:func:`build_site` is the ONE place that calls the site builder. Each language has its own
``mkdocs.yml`` written by :mod:`curriculum.render`; to try Zensical (which reads the same
``mkdocs.yml``) replace the body of :func:`build_site` with, e.g.,
``subprocess.run(["zensical", "build", "-f", str(config_file)] + (["--strict"] if strict else []), check=True)``.

Also here: the offline shim of iframe-worker (downloaded once into a cache and verified),
the root redirect page, determinism fixes, the atomic swap of the output folder, the zip and
the PDF print of programme dossiers.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from . import npm

IFRAME_WORKER = npm.Package(
    "iframe-worker",
    "1.0.4",
    "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q==",
)
SHIM_MEMBER = "package/shim/index.js"
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class SiteError(Exception):
    """The site could not be built (message is for the user)."""


# --------------------------------------------------------------------------- the builder
def build_site(config_file: Path, strict: bool = False) -> None:
    """Build one MkDocs site from ``config_file``. Raise :class:`SiteError` on failure."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:  # includes Abort raised in strict mode
        raise SiteError(f"MkDocs failed for {config_file.parent.name}: {exc}") from exc
    except SystemExit as exc:  # pragma: no cover - defensive
        raise SiteError(f"MkDocs exited for {config_file.parent.name}: {exc}") from exc


def quiet_mkdocs(level: int = logging.WARNING) -> None:
    """Show MkDocs warnings (they are what --strict fails on) but not its INFO chatter."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(level)
    if not any(getattr(h, "_curriculum", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        handler._curriculum = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


# --------------------------------------------------------------------------- iframe-worker shim
def iframe_worker_shim(root: Path) -> bytes:
    """The bytes of iframe-worker 1.0.4's ``shim/index.js``, verified (see :mod:`curriculum.npm`).

    Air-gapped builds: put ``iframe-worker-1.0.4.tgz`` (``npm pack iframe-worker@1.0.4``) into
    ``$CURRICULUM_CACHE``, ``<root>/.cache/curriculum/`` or ``~/.cache/curriculum/``, or point
    ``CURRICULUM_IFRAME_WORKER`` at the tarball.
    """
    override = os.environ.get("CURRICULUM_IFRAME_WORKER")
    try:
        return npm.member(IFRAME_WORKER, SHIM_MEMBER, root, Path(override).expanduser() if override else None)
    except npm.FetchError as exc:
        raise SiteError(str(exc)) from exc


# --------------------------------------------------------------------------- output folder
def root_index(languages: list[tuple[str, str]], default: str) -> str:
    """A page at the site root that sends the reader to the default language (works on file://)."""
    links = "\n".join(
        f'    <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{name}</a></li>'
        for code, name in languages
    )
    return f"""<!doctype html>
<html lang="{default}">
<head>
  <meta charset="utf-8">
  <meta http-equiv="refresh" content="0; url={default}/index.html">
  <title>{default}</title>
  <link rel="canonical" href="{default}/index.html">
</head>
<body>
  <ul>
{links}
  </ul>
</body>
</html>
"""


def make_deterministic(site: Path) -> None:
    """Remove what differs between two builds of the same input (sitemaps carry dates)."""
    for path in sorted(site.rglob("sitemap.xml*")):
        path.unlink()


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``: old → backup, new → target, remove backup."""
    backup = target.with_name(f".{target.name}.old")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    try:
        os.replace(new, target)
    except OSError:
        if backup.exists():
            os.replace(backup, target)
        raise
    if backup.exists():
        shutil.rmtree(backup, ignore_errors=True)


def write_zip(site: Path, zip_path: Path) -> None:
    """Zip the site with fixed timestamps and sorted names (same input, same zip)."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(site).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, zip_path)


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if os.access(name, os.X_OK):
            return name
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(html: Path, pdf: Path, chromium: str) -> None:
    """Print ``html`` (a file of the built site) to ``pdf`` with headless Chromium."""
    cmd = [
        chromium,
        "--headless",
        *CHROMIUM_FLAGS,
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0 or not pdf.is_file():
        raise SiteError(f"chromium could not print {html}: {proc.stderr.strip()[-500:]}")
