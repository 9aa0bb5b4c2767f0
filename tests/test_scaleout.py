"""The site built in parts (`build --jobs N`, `build --shard i/N` + `build --merge`) is byte for byte the
site of one process: every file of it, hashed, on the example catalogue and on a small one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from curriculum import groups, scaleout, sitecheck
from curriculum.checks import check_path
from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init
from curriculum.site import SiteError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", autouse=True)
def shared_cache() -> None:
    """Download iframe-worker once per user (or use a pre-seeded cache)."""
    mp = pytest.MonkeyPatch()
    if not os.environ.get("CURRICULUM_CACHE"):
        mp.setenv("CURRICULUM_CACHE", str(Path.home() / ".cache" / "curriculum"))
    yield
    mp.undo()


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_example(target: Path) -> Path:
    for name in ("programmes", "competencies", "docs", "results"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def small_catalogue(target: Path) -> Path:
    """The scaffold's catalogue with its programme twice more under other ids and titles."""
    init(target)
    source = target / "programmes" / "example-web.yml"
    text = source.read_text(encoding="utf-8")
    for n in (2, 3):
        copy = re.sub(r"^id: (\S+)$", rf"id: \1-{n}", text, count=1, flags=re.MULTILINE)
        copy = copy.replace("title: {kk: ", f"title: {{kk: {n} ", 1)
        (target / "programmes" / f"example-web-{n}.yml").write_text(copy, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str]]]:
    """Each catalogue with the hashes of its one-process build (the reference)."""
    out = {}
    for name, make in (("example", copy_example), ("small", small_catalogue)):
        root = make(tmp_path_factory.mktemp(name) / "cat")
        site = root.parent / "one"
        assert build_cmd.run(root, False, site, None, False, quiet=True) == 0
        out[name] = (root, hashes(site))
    return out


def test_reference_is_a_working_site(catalogues: dict[str, tuple[Path, dict[str, str]]]) -> None:
    root, ref = catalogues["small"]
    assert {"index.html", "kk/index.html", "kk/search/search_index.json", "kk/search/search_index.js"} <= set(ref)
    assert sitecheck.check(root.parent / "one") == []


@pytest.mark.parametrize("name", ["example", "small"])
@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_build_the_same_site(
    catalogues: dict[str, tuple[Path, dict[str, str]]], tmp_path: Path, name: str, jobs: int
) -> None:
    root, ref = catalogues[name]
    assert build_cmd.run(root, False, tmp_path / "site", None, False, quiet=True, jobs=jobs) == 0
    assert hashes(tmp_path / "site") == ref


def _shards(root: Path, base: Path, count: int) -> list[Path]:
    folders = [base / f"shard-{i}" for i in range(1, count + 1)]
    for i, folder in enumerate(folders, 1):
        assert build_cmd.run(root, False, folder, None, False, quiet=True, shard=f"{i}/{count}") == 0
        assert (folder / scaleout.SHARD_FILE).is_file()
    return folders


@pytest.mark.parametrize(("name", "count"), [("small", 1), ("small", 2), ("small", 3), ("example", 2), ("example", 3)])
def test_merged_shards_are_the_same_site(
    catalogues: dict[str, tuple[Path, dict[str, str]]], tmp_path: Path, name: str, count: int
) -> None:
    root, ref = catalogues[name]
    folders = _shards(root, tmp_path, count)
    units = [json.loads((f / scaleout.SHARD_FILE).read_text(encoding="utf-8"))["units"] for f in folders]
    assert sorted(u for us in units for u in us) == sorted(scaleout.units(check_path(root)))
    site = tmp_path / "site"
    assert build_cmd.run_merge(root, folders, site, None, quiet=True) == 0
    assert hashes(site) == ref
    assert sitecheck.check(site) == []


def test_unchanged_shards_are_kept_and_changed_pages_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = small_catalogue(tmp_path / "cat")
    count = 4
    folders = _shards(root, tmp_path, count)
    units = {
        i: json.loads((f / scaleout.SHARD_FILE).read_text(encoding="utf-8"))["units"] for i, f in enumerate(folders, 1)
    }
    capsys.readouterr()
    for i, folder in enumerate(folders, 1):  # nothing changed: every shard is kept as it is
        before = (folder / scaleout.SHARD_FILE).stat().st_mtime_ns
        assert build_cmd.run(root, False, folder, None, False, shard=f"{i}/{count}") == 0
        assert f"shard {i}/{count}: unchanged, kept" in capsys.readouterr().out
        assert (folder / scaleout.SHARD_FILE).stat().st_mtime_ns == before
    # an edit inside one programme: its pages and the catalogue's pages change; in the other shards only
    # each programme's dossier page (one per language), which names the catalogue's revision
    path = root / "programmes" / "example-web-2.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"cohort: (\d+)", lambda m: f"cohort: {int(m.group(1)) + 1}", text, count=1), encoding="utf-8"
    )
    changed = {scaleout.shard_of("programmes/example-web-2", count), scaleout.shard_of(scaleout.CATALOGUE_UNIT, count)}
    for i, folder in enumerate(folders, 1):
        assert build_cmd.run(root, False, folder, None, False, shard=f"{i}/{count}") == 0
        line = capsys.readouterr().out
        if i in changed:
            assert re.search(rf"shard {i}/{count}: \d+ of \d+ page\(s\) rebuilt", line), line
        elif units[i]:
            assert f"shard {i}/{count}: {3 * len(units[i])} of " in line, line
        else:
            assert f"shard {i}/{count}: unchanged, kept" in line, line
    assert len(changed) < count and any(units[i] for i in range(1, count + 1) if i not in changed)
    site, one = tmp_path / "site", tmp_path / "one"
    assert build_cmd.run_merge(root, folders, site, None, quiet=True) == 0
    assert build_cmd.run(root, False, one, None, False, quiet=True) == 0
    assert hashes(site) == hashes(one)


def test_merge_refuses_a_missing_or_foreign_shard(
    catalogues: dict[str, tuple[Path, dict[str, str]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = catalogues["small"]
    folders = _shards(root, tmp_path / "of2", 2)
    capsys.readouterr()
    site = tmp_path / "site"
    assert build_cmd.run_merge(root, folders[:1], site, None, quiet=True) == 1
    assert "shard(s) 2 of 2 missing" in capsys.readouterr().err
    assert build_cmd.run_merge(root, [folders[0], folders[0]], site, None, quiet=True) == 1
    assert "shard 1/2 given twice" in capsys.readouterr().err
    other = _shards(root, tmp_path / "of3", 3)
    assert build_cmd.run_merge(root, [folders[0], other[1]], site, None, quiet=True) == 1
    assert "build every shard with the same N" in capsys.readouterr().err
    assert build_cmd.run_merge(root, [folders[0], root / "programmes"], site, None, quiet=True) == 1
    assert "is not a shard folder" in capsys.readouterr().err
    assert not site.exists()


def test_shard_usage_errors(
    catalogues: dict[str, tuple[Path, dict[str, str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = catalogues["small"]
    for bad in ("0/2", "3/2", "1", "a/b"):
        assert build_cmd.run(root, False, None, None, False, quiet=True, shard=bad) == 2
        assert "--shard must be I/N" in capsys.readouterr().err
    assert build_cmd.run(root, False, None, None, True, quiet=True, shard="1/2") == 2
    assert build_cmd.run(root, False, None, None, False, quiet=True, jobs=0) == 2


def test_failed_part_keeps_the_old_site(
    catalogues: dict[str, tuple[Path, dict[str, str]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, ref = catalogues["small"]
    site = tmp_path / "site"
    shutil.copytree(root.parent / "one", site)

    def broken(*args: object, **kwargs: object) -> groups.Part:
        raise SiteError("MkDocs failed for kk: a page could not be built")

    monkeypatch.setattr(groups, "build_group", broken)  # the forked workers inherit it
    assert build_cmd.run(root, False, site, None, False, quiet=True, jobs=2) == 1
    assert hashes(site) == ref


def _part(own: list[str], anchors: dict[str, list[str]], pending: list[list[str]], static: bool) -> groups.Part:
    return groups.Part(
        lang="en",
        fingerprint="f",
        order=["a.md", "b.md"],
        own=own,
        static=static,
        search_config=None,
        offline=False,
        anchors=anchors,
        pending=pending,
    )


def test_stitch_checks_anchors_between_groups(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A link from one group's page to an anchor on another group's page is checked when they meet,
    with MkDocs' own words; --strict fails on it as MkDocs does."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.html").write_text(name, encoding="utf-8")
    a = _part(["a.md"], {"a.md": ["top"]}, [["a.md", "b.md", "gone", "b.md#gone"]], True)
    b = _part(["b.md"], {"b.md": ["here"]}, [["b.md", "a.md", "top", "a.md#top"]], False)
    groups.stitch([(a, tmp_path / "a"), (b, tmp_path / "b")], tmp_path / "out")
    assert "Doc file 'a.md' contains a link 'b.md#gone', but the doc 'b.md' does not contain an anchor '#gone'." in (
        caplog.text
    )
    assert "a.md#top" not in caplog.text
    with pytest.raises(SiteError, match="strict"):
        groups.stitch([(a, tmp_path / "a"), (b, tmp_path / "b")], tmp_path / "out2", strict=True)
    with pytest.raises(SiteError, match="in no part"):
        groups.stitch([(a, tmp_path / "a")], tmp_path / "out3")
    with pytest.raises(SiteError, match="in two parts"):
        groups.stitch([(a, tmp_path / "a"), (b, tmp_path / "b"), (a, tmp_path / "a")], tmp_path / "out4")


def test_shards_are_stable() -> None:
    """A unit's shard depends on its name only: adding programmes moves none of the others."""
    assert scaleout.shard_of("programmes/x", 5) == scaleout.shard_of("programmes/x", 5)
    assert {scaleout.shard_of(f"programmes/p{i}", 3) for i in range(30)} == {1, 2, 3}
    assert scaleout.parse_shard("2/3") == (2, 3) and scaleout.parse_shard("4/3") is None
    assert scaleout.unit_of("programmes/x/modules/m1.md") == "programmes/x"
    assert scaleout.unit_of("programmes/x.md") == scaleout.unit_of("frameworks/ws.md") == scaleout.CATALOGUE_UNIT


def test_the_workflow_builds_shards_and_merges_them() -> None:
    import yaml

    workflow = ROOT / ".github" / "workflows" / "check.yml"
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    shards = jobs["site-shard"]["strategy"]["matrix"]["shard"]
    count = len(shards)
    assert shards == list(range(1, count + 1))
    runs = [s.get("run", "") for s in jobs["site-shard"]["steps"]]
    assert f"curriculum build --shard ${{{{ matrix.shard }}}}/{count} --site-dir shard" in runs
    cache = next(s for s in jobs["site-shard"]["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "shard" and cache["with"]["restore-keys"].endswith(f"-of-{count}-")
    assert jobs["site"]["needs"] == "site-shard"
    merge = [s.get("run", "") for s in jobs["site"]["steps"]]
    assert any(r.startswith("curriculum build --merge shards/site-shard-* --site-dir site") for r in merge)
    assert "python -m curriculum.sitecheck site" in merge
