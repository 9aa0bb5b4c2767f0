"""Temporary git repositories for tests: commits with a fixed author and date, whatever the machine's
git configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Methodologist",
    "GIT_AUTHOR_EMAIL": "methodologist@college.invalid",
    "GIT_COMMITTER_NAME": "Methodologist",
    "GIT_COMMITTER_EMAIL": "methodologist@college.invalid",
}


def git(repo: Path, *args: str, date: str = "2024-01-10") -> str:
    """Run ``git ARGS`` in ``repo`` (commits dated ``date``, noon UTC); its output, stripped."""
    stamp = f"{date}T12:00:00+00:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, date: str) -> str:
    """Commit everything in ``repo`` on ``date``; the new commit's hash."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")
