"""The output folder: where a build is staged, how it is finished and swapped in, and the zip.

A build is staged in the system's temporary folder (``$TMPDIR``), never in the catalogue, so a
build killed at any moment leaves nothing beside the site. Only the last step, moving the finished
site next to its target when the temporary folder is on another file system, writes a
``.<site>.build-<pid>-…`` folder there; a later build removes such folders (and ``.<site>.old``
backups) left by processes that no longer run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

STAGE_PREFIX = "curriculum-build-"
_ROOT_PATH = re.compile(r'\b(href|src)="/(?!/)')
# the theme's JSON config, as MkDocs ("base": "/") and Zensical ("base":"/") write it
_ROOT_BASE = re.compile(r'"base":\s*"/"')
_ROOT_SEARCH = re.compile(r'"search":\s*"/(?!/)')


def _pid_of(name: str, prefix: str) -> int | None:
    rest = name[len(prefix) :]
    pid = rest.partition("-")[0]
    return int(pid) if pid.isdigit() else None


def _alive(pid: int | None) -> bool:
    if pid is None or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def clear_stale(target: Path) -> list[Path]:
    """Remove stages and backups of ``target`` left by builds that were killed; return them."""
    removed = []
    places = [(target.parent, f".{target.name}.build-"), (Path(tempfile.gettempdir()), STAGE_PREFIX)]
    for folder, prefix in places:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(prefix + "*")):
            if path.is_dir() and not path.is_symlink() and not _alive(_pid_of(path.name, prefix)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    backup = target.with_name(f".{target.name}.old")
    if backup.is_dir() and target.is_dir():
        shutil.rmtree(backup, ignore_errors=True)
        removed.append(backup)
    return removed


@contextlib.contextmanager
def stage() -> Iterator[Path]:
    """A temporary folder for one build, outside the catalogue, removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


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


def relative_404(page: Path) -> None:
    """MkDocs writes ``404.html`` with root paths (``/assets/…``), which break on ``file://``.
    The page sits at the top of its language's site, so ``./`` is the same place."""
    text = page.read_text(encoding="utf-8")
    text = _ROOT_PATH.sub(r'\1="./', text)
    text = _ROOT_SEARCH.sub('"search": "./', _ROOT_BASE.sub('"base": "."', text))
    page.write_text(text, encoding="utf-8")


def finish(site: Path) -> None:
    """Make the built site the same on every build and usable from the file system."""
    for path in sorted(site.rglob("sitemap.xml*")):
        path.unlink()
    for page in sorted(site.glob("*/404.html")):
        relative_404(page)


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``: old → backup, new → target, remove backup."""
    if os.stat(new).st_dev != os.stat(target.parent).st_dev:
        near = target.with_name(f".{target.name}.build-{os.getpid()}-site")
        shutil.rmtree(near, ignore_errors=True)
        try:
            shutil.copytree(new, near)
            _swap(near, target)
        finally:
            shutil.rmtree(near, ignore_errors=True)
    else:
        _swap(new, target)


def _swap(new: Path, target: Path) -> None:
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
