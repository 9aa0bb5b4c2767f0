"""Find the catalogue's YAML files: every file of ``programmes/``, ``competencies/`` and ``standards/`` whose name ends
in ``.yml`` or ``.yaml`` in any case (``.YML``, ``.Yaml``…), in a stable order.

Nothing is skipped in silence: what has a YAML name but cannot be read as a file (a dangling
symbolic link, a link loop, a FIFO, a socket or a device, a folder that may not be listed) is
returned with the reason, and the loader reports it at its path (CUR007). A folder is walked
whatever its name (``old.yml/`` too), each real folder once, so a linked folder cannot loop. A FIFO
is never opened: reading it would wait for a writer for ever.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

DATA_DIRS = ("competencies", "programmes", "standards")
SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Unusable:
    """A path with a YAML name (or a folder) that cannot be read; ``why`` names a CUR007 variant."""

    path: Path
    why: str  # dangling, loop, special, folder
    detail: str = ""


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def discover(root: Path) -> tuple[list[Path], list[Unusable]]:
    """The YAML files under the data folders of ``root`` and what could not be read, each sorted by
    path relative to ``root``."""
    files: list[Path] = []
    problems: list[Unusable] = []
    seen: set[tuple[int, int]] = set()
    for folder in DATA_DIRS:
        base = root / folder
        if base.is_dir():
            _walk(base, files, problems, seen)

    prefix = str(root)
    cut = len(prefix) + 1

    def key(p: Path) -> str:
        text = str(p)
        if text.startswith(prefix) and text[cut - 1 : cut] == os.sep and not prefix.endswith(os.sep):
            return text[cut:].replace(os.sep, "/")
        return p.relative_to(root).as_posix()

    return sorted(files, key=key), sorted(problems, key=lambda u: key(u.path))


def _walk(folder: Path, files: list[Path], problems: list[Unusable], seen: set[tuple[int, int]]) -> None:
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
        except OSError as exc:
            problems.append(Unusable(current, "folder", exc.strerror or str(exc)))
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # a folder reached again through a link: each real folder is read once
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Unusable(current, "folder", exc.strerror or str(exc)))
            continue
        for entry in entries:
            kind = _entry_kind(entry)
            if kind == "folder":
                stack.append(Path(entry.path))
            elif not is_yaml_name(entry.name):
                continue
            elif kind == "file":
                files.append(Path(entry.path))
            else:
                path = Path(entry.path)
                problems.append(Unusable(path, kind, _target(path)))


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """:func:`_kind` of a listed entry: what the listing tells of an entry that is no link, without a
    ``stat`` of its own."""
    try:
        if not entry.is_symlink():
            if entry.is_dir(follow_symlinks=False):
                return "folder"
            if entry.is_file(follow_symlinks=False):
                return "file"
    except OSError:
        pass
    return _kind(Path(entry.path))


def _kind(path: Path) -> str:
    """``file``, ``folder``, ``dangling`` (a link to nothing), ``loop`` (a link to itself, in the end)
    or ``special`` (FIFO, socket, device)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return "loop" if exc.errno == errno.ELOOP else "dangling"
        return "dangling"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def _target(path: Path) -> str:
    try:
        return os.readlink(path) if os.path.islink(path) else ""
    except OSError:  # pragma: no cover - a link that vanished meanwhile
        return ""
