"""Build the rendered Markdown tree into a static site: the one place that calls a site builder.

Each language is a project of its own, ``<lang>/mkdocs.yml`` with ``docs/`` and ``overrides/``
beside it, written by :mod:`curriculum.render`; :func:`build_site` builds it into
``<lang>/site``. MkDocs + Material is the default builder; Zensical (the Material team's
successor, which reads the same ``mkdocs.yml``) is the other one (``build --builder zensical``).
Zensical has its own search, so the Kazakh search separator applies to the MkDocs build.

Also here: the offline shim of iframe-worker (downloaded once into a cache and verified).
The output folder (staging, swap, zip) is :mod:`curriculum.output`; the PDF is :mod:`curriculum.dossier`.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
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


BUILDERS = ("mkdocs", "zensical")


# --------------------------------------------------------------------------- the builder
def build_site(config_file: Path, strict: bool = False, builder: str = "mkdocs") -> None:
    """Build the project of ``config_file`` into ``site/`` beside it. Raise :class:`SiteError`."""
    if builder == "zensical":
        build_zensical(config_file, strict)
    else:
        build_mkdocs(config_file, strict)


def zensical_command() -> list[str] | None:
    """How to run Zensical here: its console script, else the module in this Python; None if absent."""
    exe = shutil.which("zensical")
    if exe:
        return [exe]
    import importlib.util

    return [sys.executable, "-m", "zensical"] if importlib.util.find_spec("zensical") else None


def build_zensical(config_file: Path, strict: bool = False) -> None:
    command = zensical_command()
    if command is None:
        raise SiteError("Zensical is not installed (pip install zensical), so --builder zensical cannot build")
    proc = subprocess.run(
        [*command, "build", "--config-file", config_file.name, *(["--strict"] if strict else [])],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        output = (proc.stderr.strip() or proc.stdout.strip())[-2000:]
        raise SiteError(f"Zensical failed for {config_file.parent.name}: {output}")


def build_mkdocs(config_file: Path, strict: bool = False) -> None:
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
