"""Files from npm packages, fetched once into a cache and checked against the registry's integrity.

The site needs iframe-worker's shim (search from ``file://``); the tests need the SARIF schema.
Both come from a tarball of the npm registry, verified by its ``sha512-…`` integrity before any
use. For an air-gapped machine, put the tarball into ``$CURRICULUM_CACHE`` (or the catalogue's
``.cache/curriculum/``, or ``~/.cache/curriculum/``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


class FetchError(Exception):
    """The package could not be had or did not verify (message is for the user)."""


@dataclass(frozen=True)
class Package:
    name: str  # e.g. "iframe-worker" or "@microsoft/jest-sarif"
    version: str
    integrity: str  # the registry's dist.integrity, "sha512-<base64>"

    @property
    def tarball(self) -> str:
        return f"{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"

    @property
    def url(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.tarball}"

    def verifies(self, data: bytes) -> bool:
        algo, _, digest = self.integrity.partition("-")
        return base64.b64encode(hashlib.new(algo, data).digest()).decode() == digest


def cache_dirs(root: Path | None = None) -> list[Path]:
    """Where tarballs are looked for, in order; the first writable one receives a download."""
    dirs = []
    if os.environ.get("CURRICULUM_CACHE"):
        dirs.append(Path(os.environ["CURRICULUM_CACHE"]).expanduser())
    if root is not None:
        dirs.append(root / ".cache" / "curriculum")
    dirs.append(Path.home() / ".cache" / "curriculum")
    return dirs


def tarball(package: Package, root: Path | None = None, extra: Path | None = None) -> bytes:
    """The verified tarball: from ``extra``, the caches, else downloaded (and cached)."""
    candidates = ([extra] if extra else []) + [d / package.tarball for d in cache_dirs(root)]
    for path in candidates:
        if path.is_file():
            blob = path.read_bytes()
            if package.verifies(blob):
                return blob
            logging.getLogger(__name__).warning("ignoring %s: integrity mismatch", path)
    try:
        with urllib.request.urlopen(package.url, timeout=30) as response:  # noqa: S310 - fixed https URL
            data: bytes = response.read()
    except OSError as exc:
        raise FetchError(
            f"cannot download {package.url} ({exc}); for an offline build put {package.tarball} "
            f"into {cache_dirs(root)[0]}"
        ) from exc
    if not package.verifies(data):
        raise FetchError(f"{package.url} does not match its registry integrity {package.integrity}")
    for folder in cache_dirs(root):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / (package.tarball + ".part")
            part.write_bytes(data)
            os.replace(part, folder / package.tarball)
            break
        except OSError:
            continue
    return data


def member(package: Package, path: str, root: Path | None = None, extra: Path | None = None) -> bytes:
    """One file of the package, e.g. ``package/shim/index.js``."""
    with tarfile.open(fileobj=io.BytesIO(tarball(package, root, extra)), mode="r:gz") as tar:
        handle = tar.extractfile(path)
        if handle is None:
            raise FetchError(f"{package.tarball} has no {path}")
        return handle.read()
