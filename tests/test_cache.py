"""The check cache: results with and without it are the same on every case folder, also after its entries
were corrupted, truncated or written by someone else; a re-check reuses exactly what did not change."""

from __future__ import annotations

import dataclasses
import enum
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cache import CACHE_DIR, MAGIC, Store
from curriculum.checks import Kept, Result, check_path
from curriculum.checks.incremental import portable, relink
from curriculum.cli import main
from curriculum.report import REPORTERS

from .conftest import case_dirs, materialise

ROOT = Path(__file__).resolve().parent.parent


def _report(result: Result) -> str:
    return REPORTERS["json"](result, "en") + REPORTERS["text"](result, "ru")


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / CACHE_DIR).rglob("*") if p.is_file() and not p.name.startswith("."))


def _example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    for name in ("competencies", "programmes", "standards"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the cache entries read from now on, in the order they are read."""
    read: list[str] = []
    real = Store.get

    def get(self: Store, name: str) -> object:
        read.append(name)
        return real(self, name)

    monkeypatch.setattr(Store, "get", get)
    return read


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_same_results_with_and_without_cache(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    materialise(case, root)
    plain = _report(check_path(root))
    assert _report(check_path(root, cache=True)) == plain  # cold: every entry written
    assert _report(check_path(root, cache=True)) == plain  # warm: read back
    entries = _entries(root)
    for i, path in enumerate(entries):  # every entry damaged: truncated, or one byte flipped
        data = path.read_bytes()
        if i % 2:
            path.write_bytes(data[: len(data) // 2])
        else:
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    again = check_path(root, cache=True)
    assert again.reused == 0
    assert _report(again) == plain


def test_recheck_reuses_what_did_not_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _example(tmp_path)
    cold = check_path(root, cache=True)
    assert cold.reused == 0
    programmes = len(cold.catalogue.programmes)
    warm = check_path(root, cache=True)
    assert warm.reused == programmes
    assert _report(warm) == _report(cold)
    # one programme edited: it alone is checked again, and the findings follow the edit
    path = root / "programmes" / "nura-mechatronics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 25", "cohort: 250", 1), encoding="utf-8")
    edited = check_path(root, cache=True)
    assert edited.reused == programmes - 1
    assert _report(edited) == _report(check_path(root))
    assert _report(edited) != _report(cold)
    # a framework edited: the programmes whose graph reaches it are checked again, no other
    framework = root / "competencies" / "ws-mechatronics.yml"
    framework.write_text(framework.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = check_path(root, cache=True)
    assert after.reused == programmes - 1
    assert _report(after) == _report(check_path(root))
    # the day moves: date-dependent findings are never served stale
    monkeypatch.setenv("CURRICULUM_TODAY", "2027-06-30")
    later = check_path(root, cache=True)
    assert later.reused == 0
    assert _report(later) == _report(check_path(root))


def _markdown(result: Result, target: Path) -> dict[str, bytes]:
    from curriculum.render import render_language

    render_language(result, "en", target, b"")
    docs = target / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*.md"))}


def _tree(x: object) -> object:
    """``x`` as nested tuples of plain values: equal when the structures and values are (not the identities)."""
    if x is None or isinstance(x, (str, int, float, bytes, enum.Enum)):
        return x
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, *map(_tree, x))
    if isinstance(x, dict):
        return (type(x).__name__, *((_tree(k), _tree(v)) for k, v in x.items()))
    if isinstance(x, (set, frozenset)):
        return ("set", *sorted(map(repr, map(_tree, x))))
    slots = [n for c in type(x).__mro__ for n in getattr(c, "__slots__", ())]
    names = [f.name for f in dataclasses.fields(x)] if dataclasses.is_dataclass(x) else slots or sorted(vars(x))
    return (type(x).__name__, *((n, _tree(getattr(x, n))) for n in names))


def _coverage(result: Result) -> dict[str, object]:
    """Each programme's coverage, structure and values (records by the place of their outcome)."""
    return {pid: _tree(portable(cov)) for pid, cov in result.coverage.items()}


def test_the_cache_keeps_every_programmes_coverage_for_the_site(tmp_path: Path) -> None:
    root = _example(tmp_path)
    check_path(root, cache=True)
    plain, warm = check_path(root), check_path(root, cache=True)
    assert warm.reused == len(plain.catalogue.programmes) > 1
    # a check's reports never ask for a reused programme's coverage: it is not tied to the programme
    _report(warm)
    assert not any(warm.coverage.loaded(pid) for pid in warm.coverage)
    assert list(warm.coverage) == list(plain.coverage) == list(plain.catalogue.programmes)
    assert _coverage(warm) == _coverage(plain)
    for pid, cov in warm.coverage.items():  # tied to the programme as loaded in this run
        p = warm.catalogue.programmes[pid]
        assert cov.programme is p
        modules, outcomes = {id(m) for m in p.modules}, {id(o) for m in p.modules for o in m.outcomes}
        assert all(id(r.module) in modules and id(r.outcome) in outcomes for rs in cov.records.values() for r in rs)
        assert all(any(w is x for x in p.waivers) for _, w in cov.waived)
    pages = _markdown(plain, tmp_path / "plain")
    assert _markdown(warm, tmp_path / "warm") == pages
    # one programme edited: checked again, the others' coverage from the cache, the same pages as without
    path = root / "programmes" / "nura-mechatronics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 25", "cohort: 250", 1), encoding="utf-8")
    edited, fresh = check_path(root, cache=True), check_path(root)
    assert edited.reused == len(plain.catalogue.programmes) - 1
    assert _coverage(edited) == _coverage(fresh)
    assert _markdown(edited, tmp_path / "edited") == _markdown(fresh, tmp_path / "fresh") != pages
    # an entry whose coverage does not fit the programme it is read for is not reused
    cov = next(iter(plain.coverage.values()))
    other = plain.catalogue.programmes[sorted(plain.catalogue.programmes)[-1]]
    assert cov.programme is not other
    assert relink(portable(cov), other) is None
    assert relink(("x",), cov.programme) is None
    # a kept coverage that does not fit, or whose entry is truncated, is made afresh, the same as a
    # check without the cache makes it
    again = check_path(root, cache=True)
    pid = sorted(again.coverage)[0]
    kept = dict.__getitem__(again.coverage, pid)
    assert isinstance(kept, Kept)
    kept.digest = "another"
    assert _tree(portable(again.coverage[pid])) == _coverage(fresh)[pid]
    for entry in _entries(root):
        if entry.suffix == ".v":
            entry.write_bytes(entry.read_bytes()[:40])
    assert _coverage(check_path(root, cache=True)) == _coverage(fresh)


def test_a_recheck_does_not_read_the_coverage_it_does_not_need(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each programme's coverage has an entry of its own, read only when the site asks for it: a re-check's
    reports never unpickle it, and a later re-check still finds it."""
    root = _example(tmp_path)
    check_path(root, cache=True)
    kept = sorted(p.name for p in _entries(root) if p.suffix == ".v")
    read = _reads(monkeypatch)
    warm = check_path(root, cache=True)
    assert warm.reused == len(warm.catalogue.programmes) == len(kept) > 1
    assert _report(warm) == _report(check_path(root))
    assert not [n for n in read if n.endswith(".v")]
    assert sorted(p.name for p in _entries(root) if p.suffix == ".v") == kept  # left unread, not pruned
    pid = sorted(warm.coverage)[0]
    assert warm.coverage[pid].programme is warm.catalogue.programmes[pid]
    assert [n for n in read if n.endswith(".v")]


def test_a_recheck_keeps_the_models_it_did_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.scale import generate_catalogue  # programmes that declare no results: none is read again
    from curriculum import messages
    from curriculum.messages import load as messages_load

    root = generate_catalogue(tmp_path / "n", 4, seed=3)
    monkeypatch.setattr(messages, "_LOADED", [])  # as in a new process: the first check keeps them in the cache
    cold = check_path(root, cache=True)
    models = [p.name for p in _entries(root) if p.suffix == ".m"]
    assert len(models) >= len(cold.catalogue.programmes)
    warm = check_path(root, cache=True)  # models left unread are kept, not pruned
    assert warm.reused == len(cold.catalogue.programmes)
    assert not any(warm.catalogue.programmes.loaded(pid) for pid in warm.catalogue.programmes)
    assert [p.name for p in _entries(root) if p.suffix == ".m"] == models
    # the message catalogue comes from the cache too: its YAML files are not parsed again

    def refuse(folder: Path) -> None:
        raise AssertionError(f"{folder} parsed again")

    monkeypatch.setattr(messages, "_LOADED", [])
    monkeypatch.setattr(messages_load, "load", refuse)
    assert _report(check_path(root, cache=True)) == _report(cold)


def test_entries_of_another_key_are_never_unpickled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _example(tmp_path)
    plain = _report(check_path(root))
    check_path(root, cache=True)
    entries = _entries(root)
    assert entries
    # an entry that would run code if unpickled, with a made-up signature
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Evil(str(marker)))
    for path in entries:
        path.write_bytes(MAGIC + b"\0" * 32 + evil)
    assert _report(check_path(root, cache=True)) == plain
    assert not marker.exists()
    # entries signed with another user's key are rebuilt, never trusted
    monkeypatch.setenv("CURRICULUM_CACHE_KEY", str(tmp_path / "other-key"))
    store = Store(root)
    assert all(store.get(p.name) is None for p in _entries(root))
    assert store.rejected > 0
    result = check_path(root, cache=True)
    assert result.reused == 0
    assert _report(result) == plain


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (Path(self.path),))  # type: ignore[return-value]


def test_no_cache_writes_nothing_and_cache_folder_is_ignored_by_git(tmp_path: Path) -> None:
    root = _example(tmp_path)
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (root / CACHE_DIR).exists()
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert _entries(root)
    for ignore in (ROOT / ".gitignore", ROOT / "curriculum" / "scaffold" / "gitignore"):
        assert f"{CACHE_DIR}/" in ignore.read_text(encoding="utf-8").splitlines()


def test_a_symlinked_cache_folder_is_not_used(tmp_path: Path) -> None:
    root = _example(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere)
    plain = _report(check_path(root))
    assert _report(check_path(root, cache=True)) == plain
    assert not any(elsewhere.iterdir())


def _generated(tmp_path: Path) -> Path:
    from benchmarks.scale import generate_catalogue  # employer requirement sets, each used by some programmes

    return generate_catalogue(tmp_path / "n", 4, seed=3)


def _users(root: Path, framework: str) -> list[str]:
    """The programme files that name ``framework`` (as a partner's requirement set or in what they cover)."""
    return [
        p.name
        for p in sorted((root / "programmes").glob("*.yml"))
        if f"requirement_set: {framework}\n" in (text := p.read_text(encoding="utf-8")) or f"{framework}:" in text
    ]


def test_a_recheck_reads_only_the_frameworks_the_programmes_checked_again_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing one programme: an unrelated framework's model is never unpickled, its findings (kept in the
    cache) are reported all the same, and the results are those of a check without the cache."""
    from curriculum.graph import frameworks_named

    root = _generated(tmp_path)
    check_path(root, cache=True)
    unrelated = "emp-samal-bank-dala-samruk"  # a requirement set of programmes 0000 and 0003 only
    assert _users(root, unrelated) == ["esil-shugyla-software-web-0000.yml", "esil-shugyla-software-web-0003.yml"]
    path = root / "programmes" / "esil-shugyla-software-web-0001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("\ncohort: ", "\ncohort: 1", 1), encoding="utf-8")
    read = _reads(monkeypatch)
    edited = check_path(root, cache=True)
    assert edited.reused == 3
    c = edited.catalogue
    pid = next(p for p in c.programmes if c.sources[p] == "programmes/" + path.name)
    used = frameworks_named(c, [pid])
    loaded = {f for f in c.frameworks if c.frameworks.loaded(f)}
    assert unrelated not in loaded
    assert loaded <= used
    assert len(loaded) < len(c.frameworks) // 2
    store = Store(root)
    key = c.keys[f"competencies/{unrelated}.yml"]
    assert store.name(key, str(c.settings.max_text_chars), kind="m") not in read
    assert _report(edited) == _report(check_path(root))


def test_editing_a_framework_checks_it_and_its_programmes_again(tmp_path: Path) -> None:
    """A framework's own findings come from the cache while its file is unchanged; after an edit they are
    made again, and so are the results of every programme that uses it, and of no other."""
    from curriculum import diagnostics as d

    root = _generated(tmp_path)
    framework = "emp-samal-bank-dala-samruk"
    file = f"competencies/{framework}.yml"
    cold = check_path(root, cache=True)
    assert not [x for x in cold.diagnostics if x.file == file]
    warm = check_path(root, cache=True)
    assert warm.reused == 4 and not warm.catalogue.frameworks.loaded(framework)
    path = root / file
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: SB99\n  type: skill\n  title: {ru: Новое требование}\n",
        encoding="utf-8",
    )
    edited = check_path(root, cache=True)
    assert edited.reused == 4 - len(_users(root, framework)) == 2
    plain = check_path(root)
    assert _report(edited) == _report(plain)
    own = [x for x in edited.diagnostics if x.file == file]
    assert {x.code for x in own} == {d.MISSING_TRANSLATION} and {x.line for x in own} == {
        len(path.read_text(encoding="utf-8").splitlines())
    }
    gaps = [x for x in edited.diagnostics if x.code == d.NOT_COVERED and f"{framework}:SB99" in x.message]
    assert len(gaps) == 2  # the new requirement, in each programme that uses the set
    again = check_path(root, cache=True)  # the edited framework's findings now from the cache, unread
    assert again.reused == 4 and not again.catalogue.frameworks.loaded(framework)
    assert _report(again) == _report(plain)


def test_a_recheck_reads_the_heads_of_all_files_in_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file's head (its findings, kind and id) comes from one entry for the whole load, taken only for
    the bytes it was made from: an edited file's head is made again, a damaged entry read file by file."""
    from curriculum.catalogue import PACKAGE_STANDARDS, PACKAGE_VOCABULARIES

    root = _example(tmp_path)
    plain = _report(check_path(root))
    check_path(root, cache=True)
    read = _reads(monkeypatch)
    warm = check_path(root, cache=True)
    assert _report(warm) == plain
    assert [n[-1] for n in read].count("i") == 1 and "h" not in [n[-1] for n in read]
    path = root / "programmes" / "nura-mechatronics.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 25", "cohort: 250", 1), encoding="utf-8")
    read.clear()
    edited = check_path(root, cache=True)
    assert [n[-1] for n in read].count("h") == 1  # the edited file's own head: missing, made again
    assert _report(edited) == _report(check_path(root))
    for entry in _entries(root):
        if entry.suffix == ".i":
            entry.write_bytes(entry.read_bytes()[:-1])
    read.clear()
    again = check_path(root, cache=True)
    shipped = [*PACKAGE_VOCABULARIES.glob("*.yml"), *PACKAGE_STANDARDS.glob("*.yml")]  # the toolkit's own files
    assert [n[-1] for n in read].count("h") == len(again.catalogue.files) + len(shipped)
    assert again.reused == len(again.catalogue.programmes)
    assert _report(again) == _report(edited)


def test_the_qualifications_findings_follow_the_frameworks_they_require(tmp_path: Path) -> None:
    """A re-check that changed nothing reads no framework at all (the qualifications' findings are kept);
    a framework a qualification requires edited, the qualifications are checked again."""
    from curriculum import diagnostics as d

    root = _generated(tmp_path)
    plain = _report(check_path(root))
    check_path(root, cache=True)
    warm = check_path(root, cache=True)
    assert warm.reused == 4 and not any(warm.catalogue.frameworks.loaded(f) for f in warm.catalogue.frameworks)
    assert _report(warm) == plain
    path = root / "competencies" / "ps-electrician.yml"  # qualification 3W07130101 requires its item EL3
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: EL3\n", "  - id: EL3X\n", 1), encoding="utf-8")
    edited = check_path(root, cache=True)
    fresh = check_path(root)
    assert _report(edited) == _report(fresh) != plain
    unknown = [x for x in edited.diagnostics if x.code == d.UNKNOWN_ITEM]
    assert [(x.file, x.line) for x in unknown] == [("competencies/qualifications/3W07130101.yml", 20)]
    assert "`EL3`" in unknown[0].message_in("en")
    again = check_path(root, cache=True)
    assert again.reused == 4 and _report(again) == _report(fresh)


def test_the_published_results_are_kept_while_the_store_and_their_settings_stay_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curriculum.results import privacy

    root = _example(tmp_path)
    shutil.copytree(ROOT / "results", root / "results", ignore=shutil.ignore_patterns("*.duckdb*"))
    plain = check_path(root)
    assert plain.results is not None and plain.results.tables
    published: list[str] = []
    publish = privacy.publish
    monkeypatch.setattr(privacy, "publish", lambda family, *a: published.append(family.name) or publish(family, *a))

    def same(result: Result, like: Result) -> None:
        assert result.results is not None and like.results is not None
        assert result.results.tables == like.results.tables and result.results.network == like.results.network
        assert _report(result) == _report(like)

    same(check_path(root, cache=True), plain)  # cold: the tables are made and kept
    assert "enrolment" in published
    published.clear()
    same(check_path(root, cache=True), plain)  # warm: read back, no suppression run again
    assert published == []
    for kind in ("a", "s"):  # damaged entries are made again, never trusted
        entry = next(p for p in _entries(root) if p.suffix == f".{kind}")
        entry.write_bytes(entry.read_bytes()[:-1] + b"\0")
    same(check_path(root, cache=True), plain)
    assert "enrolment" in published
    # an export changed: the store is rebuilt and the tables made again from it
    exports = root / "results" / "enrolment-synthetic.csv"
    exports.write_text(exports.read_text(encoding="utf-8").replace(",2024,30,24", ",2024,31,24", 1), encoding="utf-8")
    published.clear()
    changed = check_path(root, cache=True)
    assert "enrolment" in published
    assert changed.results is not None and changed.results.tables != plain.results.tables
    same(changed, check_path(root))
