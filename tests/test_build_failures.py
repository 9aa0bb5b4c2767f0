"""A build that fails says why on stderr, exits 1 and leaves the previous site (or shard) as it was:
MkDocs' own failure (SiteError) in its words, anything else with its type and the promise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum import scaleout, site
from curriculum.commands import build as build_cmd

from .conftest import BASE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "c"
    shutil.copytree(BASE, target)
    return target


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (site.SiteError("MkDocs failed for kk"), "curriculum: error: MkDocs failed for kk\n"),
        (KeyError("title"), "curriculum: error: build failed (KeyError: 'title'); the previous {what} is unchanged\n"),
    ],
)
@pytest.mark.parametrize(("shard", "what", "name"), [(None, "site", "build"), ("1/2", "shard", "build_shard")])
def test_failed_build_says_why_and_exits_1(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    said: str,
    shard: str | None,
    what: str,
    name: str,
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(build_cmd if shard is None else scaleout, name, boom)
    assert build_cmd.run(root, False, root / "site", None, False, quiet=True, shard=shard) == 1
    assert capsys.readouterr().err == said.format(what=what)
    assert not (root / "site").exists()
