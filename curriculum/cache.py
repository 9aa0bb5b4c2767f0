"""Incremental work in one place: what a check derived from each file, kept between runs.

``curriculum check`` keeps, in ``.curriculum-cache/`` at the catalogue's root, each data file's parsed
model and findings, each framework's own findings and each programme's check results, keyed by a hash
of the file's bytes, its name, the toolkit (its version and the hash of its own code and data,
:func:`fingerprint`) and the settings that shape reading. A re-check reads again only the files whose bytes changed and checks again only
the programmes whose inputs changed (see :mod:`curriculum.checks`). The folder holds derived data only:
deleting it is always safe, and ``check --no-cache`` ignores it.

Trust: the entries are Python pickles, and unpickling runs code, so an entry is unpickled only when its
HMAC verifies with a secret key of this user that never lives in the catalogue
(``$CURRICULUM_CACHE_KEY``, else ``$XDG_STATE_HOME/curriculum/cache-key``, else
``~/.local/state/curriculum/cache-key``; created 0600 on first use). An entry written by anyone else — a cache folder committed to a repository, copied from another
machine, or tampered with — fails the check and is rebuilt, as is a truncated, corrupt or stale one;
none is ever trusted. When the key cannot be kept, or the cache folder is a symbolic link, the cache
is off and a check runs as with ``--no-cache``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import re
import secrets
import sys
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__

CACHE_DIR = ".curriculum-cache"
FORMAT = 4  # bump when what an entry holds changes shape
MAGIC = b"curriculum-cache %d\n" % FORMAT
NAME = re.compile(r"^[0-9a-f]{64}\.[a-z]$")
SUFFIXES = (".py", ".yml", ".yaml", ".json")


@cache
def fingerprint() -> str:
    """The toolkit as far as a check's results depend on it: its version, Python's and PyYAML's, and the
    bytes of its own modules and data (messages, vocabularies, standards) — an edited toolkit never
    reads entries of another."""
    import yaml

    h = hashlib.sha256(f"{__version__}\0{sys.version}\0{yaml.__version__}\0{FORMAT}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def _seed() -> Any:
    """The hash every entry name starts from: the toolkit's fingerprint (copied for each name)."""
    return hashlib.sha256(fingerprint().encode())


def _secret() -> bytes | None:
    """This user's key for the entries' HMAC (created on first use); None when it cannot be kept."""
    if os.environ.get("CURRICULUM_CACHE_KEY"):
        path = Path(os.environ["CURRICULUM_CACHE_KEY"]).expanduser()
    else:
        state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        path = Path(state) / "curriculum" / "cache-key"
    base = path.parent
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = base / f".{path.name}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
        os.replace(tmp, path)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= 32 else None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """The cache folder of one catalogue: entries by name, written atomically, verified when read."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.where = str(self.folder)
        self.key = _secret()
        self.enabled = self.key is not None and not self.folder.is_symlink() and not root.is_symlink()
        if self.folder.exists() and not self.folder.is_dir():
            self.enabled = False
        self.used: set[str] = set()
        self.rejected = 0  # entries found corrupt, truncated, stale or not ours (rebuilt)
        self.hits = 0
        self.misses = 0

    def name(self, *parts: str, kind: str) -> str:
        """The entry name for ``parts`` (file name, content hash …) under the current toolkit."""
        h = _seed().copy()
        for part in parts:
            h.update(b"\0" + part.encode("utf-8", "surrogateescape"))
        return f"{h.hexdigest()}.{kind}"

    def _path(self, name: str) -> str:
        return os.path.join(self.where, name[:2], name)

    def _mac(self, name: str, payload: bytes) -> bytes:
        assert self.key is not None
        return hmac.new(self.key, MAGIC + name.encode() + b"\0" + payload, hashlib.sha256).digest()

    def get(self, name: str) -> Any | None:
        """The entry ``name``, or None when there is none or it cannot be trusted (then it is removed)."""
        if not self.enabled:
            return None
        self.used.add(name)
        path = self._path(name)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + 32
        if data[: len(MAGIC)] == MAGIC and len(data) > head:
            payload = data[head:]
            if hmac.compare_digest(data[len(MAGIC) : head], self._mac(name, payload)):
                try:
                    value = pickle.loads(payload)
                except Exception:  # noqa: BLE001 - ours but unreadable (a class that changed shape): rebuilt
                    value = None
                if value is not None:
                    self.hits += 1
                    return value
        self.rejected += 1
        self.misses += 1
        with contextlib.suppress(OSError):
            os.unlink(path)
        return None

    def keep(self, name: str) -> None:
        """Keep the entry ``name`` without reading it (a model this run may never ask for): :meth:`prune`
        leaves it, so that the next run finds it."""
        self.used.add(name)

    def put(self, name: str, value: Any) -> None:
        """Keep ``value`` as entry ``name`` (best effort: a cache that cannot be written is skipped)."""
        if not self.enabled:
            return
        self.used.add(name)
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a value that cannot be pickled is simply not cached
            return
        path = Path(self._path(name))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.is_symlink():
                return
            tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
            tmp.write_bytes(MAGIC + self._mac(name, payload) + payload)
            os.replace(tmp, path)
        except OSError:
            return

    def prune(self) -> None:
        """Remove the entries this run did not use (the files they were made from changed or went)."""
        if not self.enabled or not self.folder.is_dir():
            return
        with contextlib.suppress(OSError), os.scandir(self.where) as subs:
            for sub in subs:
                if len(sub.name) != 2 or sub.is_symlink() or not sub.is_dir():
                    continue
                with contextlib.suppress(OSError), os.scandir(sub.path) as entries:
                    for entry in entries:
                        if entry.name not in self.used and NAME.match(entry.name):
                            with contextlib.suppress(OSError):
                                os.unlink(entry.path)
