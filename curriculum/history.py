"""Git history in one place: resolve revisions and read a revision's catalogue files.

Only read-only plumbing runs (``rev-parse``, ``rev-list``, ``log``, ``ls-tree``, ``cat-file --batch``),
through git's command line: the working tree and the index are never touched, so a diff runs on a
checkout with uncommitted edits and leaves ``git status`` as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

QUIET = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
BLOB_MODES = ("100644", "100755")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class HistoryError(Exception):
    """A repository or revision the user must fix (commands exit 2); a message and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Repository:
    top: Path  # the work tree's top folder
    prefix: str  # the catalogue's folder relative to ``top``: "" or "sub/dir/"


@dataclass(frozen=True)
class Revision:
    """A commit as the user named it, or the working tree (empty ``commit``)."""

    name: str = ""
    commit: str = ""
    date: str = ""  # committer date, YYYY-MM-DD
    subject: str = ""

    @property
    def label(self) -> str:
        return self.name or "working tree"


WORKING_TREE = Revision()


def _git(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, env={**os.environ, **QUIET}, check=False
        )
    except FileNotFoundError:
        raise HistoryError("git is not installed", "install git (`apt-get install git`)") from None
    except NotADirectoryError:
        raise HistoryError(f"{cwd} is not a folder") from None


def _reason(p: subprocess.CompletedProcess[bytes]) -> str:
    lines = p.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"git exited with {p.returncode}"


def repository(root: Path) -> Repository:
    """The git work tree that holds the catalogue folder ``root``."""
    p = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if p.returncode:
        raise HistoryError(
            f"{root} is not inside a git work tree ({_reason(p)})",
            "run the command in a git checkout of the catalogue, or pass its folder with --root",
        )
    top, prefix = (p.stdout.decode("utf-8", "surrogateescape").splitlines() + ["", ""])[:2]
    return Repository(Path(top), prefix)


def resolve(repo: Repository, name: str) -> Revision:
    """The commit that ``name`` (tag, branch, SHA, ``HEAD~1``…) names."""
    if not name.strip() or name.startswith("-"):
        raise HistoryError(f"`{name}` is not a revision", "give a tag, a branch, a commit or e.g. HEAD~1")
    p = _git(repo.top, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    if p.returncode:
        raise HistoryError(
            f"unknown revision `{name}` in {repo.top}",
            "give a tag, a branch, a commit or e.g. HEAD~1 (`git log --oneline` lists them);"
            " in CI fetch the history first (actions/checkout with `fetch-depth: 0`)",
        )
    return _describe(repo, name, p.stdout.decode().strip())


def last_before(repo: Repository, date: str, start: str = "HEAD") -> Revision:
    """The last commit on ``start``'s first-parent line made on or before ``date`` (end of day, UTC)."""
    if not DATE.match(date):
        raise HistoryError(f"`{date}` is not a date", "write the date as YYYY-MM-DD, e.g. 2024-05-31")
    head = resolve(repo, start)
    p = _git(repo.top, "rev-list", "-1", "--first-parent", f"--before={date} 23:59:59 +0000", head.commit)
    sha = p.stdout.decode().strip()
    if p.returncode or not sha:
        raise HistoryError(f"no commit on or before {date} in {repo.top}", "give a later date, or a revision")
    return _describe(repo, date, sha)


def _describe(repo: Repository, name: str, sha: str) -> Revision:
    p = _git(repo.top, "log", "-1", "--no-show-signature", "--format=%cs%x00%s", sha)
    date, _, subject = p.stdout.decode("utf-8", "replace").rstrip("\n").partition("\0")
    return Revision(name, sha, date, subject)


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the catalogue folder
    mode: str
    kind: str  # blob, tree or commit (a submodule)
    object: str


def entries(repo: Repository, rev: Revision, names: tuple[str, ...]) -> list[Entry]:
    """The files under ``names`` (relative to the catalogue folder) at ``rev``, sorted by path."""
    paths = [repo.prefix + n for n in names]
    p = _git(repo.top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", rev.commit, "--", *paths)
    if p.returncode:
        raise HistoryError(f"cannot list the files of {rev.label} ({_reason(p)})")
    out = []
    for record in p.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            meta, _, path = record.partition("\t")
            mode, kind, obj = meta.split(" ")
            out.append(Entry(path[len(repo.prefix) :], mode, kind, obj))
    return sorted(out, key=lambda e: e.path)


def read_blobs(repo: Repository, objects: list[str]) -> dict[str, bytes]:
    """The contents of ``objects`` in one ``git cat-file --batch`` run."""
    wanted = sorted(set(objects))
    if not wanted:
        return {}
    p = _git(repo.top, "cat-file", "--batch", data="".join(o + "\n" for o in wanted).encode())
    if p.returncode:
        raise HistoryError(f"cannot read objects from {repo.top} ({_reason(p)})")
    out, data, pos = {}, p.stdout, 0
    for obj in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3:
            size = int(header[2])
            out[obj] = data[pos : pos + size]
            pos += size + 1
    return out


def materialise(repo: Repository, rev: Revision, dest: Path, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Write the files under ``names`` at ``rev`` into the empty folder ``dest``.

    Returns the entries not written, each with the reason (symbolic links and submodules are not
    followed in a revision)."""
    listing = entries(repo, rev, names)
    blobs = read_blobs(repo, [e.object for e in listing if e.kind == "blob" and e.mode in BLOB_MODES])
    skipped = []
    for e in listing:
        parts = PurePosixPath(e.path).parts
        if e.object not in blobs or not parts or any(x in ("", ".", "..") for x in parts):
            what = "a symbolic link" if e.mode == "120000" else "a submodule" if e.kind == "commit" else "not a file"
            skipped.append((e.path, f"{what} at {rev.label}: not read"))
            continue
        target = dest.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[e.object])
    return skipped
