"""Which revision of the catalogue a dossier was made from, and the date it carries.

From git when the catalogue is in a repository (the commit, and the commit's date), else from a
hash of the catalogue's files (and the date from the one clock, ``CURRICULUM_TODAY``, else the
system date). Uncommitted changes to the data are said, with the hash of what was built.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .catalogue import data_files
from .settings import find_config


@dataclass(frozen=True)
class Revision:
    text: str  # e.g. "git 1a2b3c4d5e6f" or "content 9f8e7d6c5b4a"
    date: str  # ISO date


def content_hash(root: Path) -> str:
    """SHA-256 over the catalogue's YAML files and settings (paths and bytes), 12 hex digits."""
    digest = hashlib.sha256()
    config = find_config(root)
    for path in [*data_files(root), *([config] if config else [])]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def today() -> str:
    """The one clock (``curriculum.clock``) as YYYY-MM-DD."""
    return clock.today_iso()


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def revision(root: Path) -> Revision:
    """The revision, and the dossier's date: ``CURRICULUM_TODAY`` if set, else the commit's date
    for a clean git checkout, else today."""
    fixed = os.environ.get("CURRICULUM_TODAY", "").strip()
    commit = _git(root, "rev-parse", "--short=12", "HEAD")
    if not commit:
        return Revision(f"sha256 {content_hash(root)}", today())
    config = find_config(root)
    paths = [name for name in ("programmes", "competencies", "templates") if (root / name).exists()]
    dirty = _git(root, "status", "--porcelain", "--", *paths, *([config.name] if config else []))
    if dirty:
        return Revision(f"git {commit} + sha256 {content_hash(root)}", today())
    date = _git(root, "log", "-1", "--format=%cs")
    return Revision(f"git {commit}", today() if fixed or not date else date)
