"""A site built in parts: processes on one machine (``build --jobs N``), CI jobs (``build --shard i/N``,
then ``build --merge DIR...``).

The pages of a language fall into units: each programme's pages (``programmes/<slug>/…``) and the
catalogue's own pages (home, frameworks, qualifications, results, reference) with the theme's
files. A part is one language built for a set of units (:func:`curriculum.groups.build_group`:
the project of the language is rendered with every other page as a stub of front matter);
:func:`curriculum.groups.stitch` puts the parts of a language together. Whatever the split, the site
is byte for byte the one ``build`` makes in one process.

``--jobs N`` splits every language into N groups of units balanced by size and builds
the (language, group) parts in N processes. ``--shard i/N`` builds, for every language, the units
whose hash falls on shard i (stable: adding a programme moves no other programme to another shard)
into a shard folder with ``shard.json``; a shard folder whose inputs (the rendered pages, the
configuration, the theme, the toolkit's and MkDocs' versions) hash to the same key as last time
is kept as it is. ``--merge`` checks that the shards come from one catalogue and cover it, and
stitches them into one site with one search index per language.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, groups
from .escape import slug
from .site import SiteError

if TYPE_CHECKING:
    from .checks import Result
    from .progress import Progress

CATALOGUE_UNIT = "catalogue"
SHARD_FILE = "shard.json"
SHARD_FORMAT = 1


def unit_of(path: str) -> str:
    """The unit of a page (a docs path): ``programmes/<slug>`` or the catalogue's own pages."""
    head, _, rest = path.partition("/")
    if head == "programmes" and "/" in rest:
        return f"programmes/{rest.partition('/')[0]}"
    return CATALOGUE_UNIT


def units(result: Result) -> dict[str, int]:
    """Every unit of the catalogue's site with a rough weight (its pages, the catalogue's pages heavier)."""
    cat = result.catalogue
    out = {CATALOGUE_UNIT: 4 + 2 * (len(cat.frameworks) + len(cat.qualifications))}
    for pid, p in cat.programmes.items():
        out[f"programmes/{slug(pid)}"] = 8 + len(p.modules) + len(p.partners)
    return out


def balanced(weights: dict[str, int], count: int) -> list[frozenset[str]]:
    """``count`` groups of units with loads as even as a greedy split makes them (heaviest first)."""
    members: list[set[str]] = [set() for _ in range(count)]
    loads = [0] * count
    for unit in sorted(weights, key=lambda u: (-weights[u], u)):
        k = min(range(count), key=lambda i: (loads[i], i))
        members[k].add(unit)
        loads[k] += weights[unit]
    return [frozenset(m) for m in members if m]


def shard_of(unit: str, count: int) -> int:
    """The shard (1…count) of a unit: by a hash of its name, so it never depends on the other units."""
    return 1 + int.from_bytes(hashlib.sha256(unit.encode("utf-8")).digest()[:8], "big") % count


def parse_shard(text: str) -> tuple[int, int] | None:
    """``"2/3"`` → (2, 3); None when it is not ``i/N`` with 1 ≤ i ≤ N."""
    index, slash, count = text.partition("/")
    if not slash or not index.isdigit() or not count.isdigit():
        return None
    i, n = int(index), int(count)
    return (i, n) if 1 <= i <= n else None


# --------------------------------------------------------------------------- parts
@dataclass(frozen=True)
class Task:
    lang: str
    units: frozenset[str]
    project: Path  # the language's project: mkdocs.yml, docs/, overrides/; the part goes to site/
    static: bool  # this part writes the theme's files (it holds the catalogue's pages)
    render: bool = True  # False: the project is rendered already
    pages: frozenset[str] | None = None  # only these pages (rebuilt in a part built before), not all of the units'
    extra: tuple[tuple[str, Any], ...] = ()  # what else the part's frame depends on (versions, --strict)
    keep: bool = False  # keep MkDocs' set-up in the process for the next build of the project (``serve``)


_RESULT: Any = None  # the checked catalogue, set before the worker processes are forked


def owned(project: Path, unit_set: frozenset[str]) -> set[str]:
    docs = project / "docs"
    return {
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
        if unit_of(p.relative_to(docs).as_posix()) in unit_set
    }


def render_part(result: Result, task: Task, shim: bytes, pdf: bool, revision: Any = None) -> Path:
    from .render import render_language

    own = lambda path: unit_of(path) in task.units  # noqa: E731
    return render_language(result, task.lang, task.project, shim, pdf, own=own, revision=revision)


def run_task(task: Task, shim: bytes, pdf: bool, strict: bool, revision: Any = None) -> groups.Part:
    from .site import quiet_mkdocs

    quiet_mkdocs()
    config = render_part(_RESULT, task, shim, pdf, revision) if task.render else task.project / "mkdocs.yml"
    own = task.pages if task.pages is not None else owned(task.project, task.units)
    frame = groups.frame_key(task.project, dict(task.extra))
    part = groups.build_group(config, own, task.static, strict, task.lang, session=frame if task.keep else None)
    part.frame = frame
    part.sources = groups.page_sources(task.project, own)
    return part


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def build_parts(
    result: Result,
    tasks: list[Task],
    jobs: int,
    shim: bytes,
    *,
    pdf: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    label: Callable[[Task], str] = lambda t: t.lang,
    revision: Any = None,
) -> list[groups.Part]:
    """Run ``tasks`` in ``jobs`` processes (forked: they share the checked catalogue); parts in task order."""
    global _RESULT
    _RESULT = result
    try:
        if jobs <= 1 or len(tasks) <= 1 or not fork_available():
            out = []
            for number, task in enumerate(tasks, 1):
                if progress is not None:
                    progress.stage(f"mkdocs {label(task)}", number, len(tasks))
                out.append(run_task(task, shim, pdf, strict, revision))
            return out
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
            futures: list[Future[groups.Part]] = [pool.submit(run_task, t, shim, pdf, strict, revision) for t in tasks]
            pending: set[Future[groups.Part]] = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                for future in done:
                    if future.exception() is not None:
                        for other in pending:
                            other.cancel()
                        raise future.exception()  # type: ignore[misc]
                if progress is not None:
                    progress.stage(f"mkdocs in {jobs} processes", len(futures) - len(pending), len(futures))
            return [f.result() for f in futures]
    finally:
        _RESULT = None


def build_jobs(
    result: Result, work: Path, out: Path, jobs: int, shim: bytes, *, pdf: bool, strict: bool, progress: Progress | None
) -> list[str]:
    """Build every language in ``jobs`` groups, ``jobs`` processes at a time, into ``out/<lang>``."""
    from .render import languages_of

    languages = languages_of(result)
    split = balanced(units(result), jobs)
    tasks = [
        Task(lang, g, work / "src" / f"{lang}.{k}", CATALOGUE_UNIT in g)
        for lang in languages
        for k, g in enumerate(split, 1)
    ]
    parts = build_parts(result, tasks, jobs, shim, pdf=pdf, strict=strict, progress=progress)
    for lang in languages:
        mine = [(part, task.project / "site") for part, task in zip(parts, tasks, strict=True) if task.lang == lang]
        groups.stitch(mine, out / lang, strict=strict, move=True)
    return languages


# --------------------------------------------------------------------------- shards
def versions() -> dict[str, str]:
    """What else than the inputs decides a shard's pages: the toolkit, MkDocs and Material."""
    out = {"curriculum": __version__}
    for name in ("mkdocs", "mkdocs-material"):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def read_shard(folder: Path) -> dict[str, Any] | None:
    """The ``shard.json`` of a shard folder, or None when there is none or it is not one."""
    try:
        data = json.loads((folder / SHARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == SHARD_FORMAT else None


def build_shard(
    result: Result,
    work: Path,
    previous: Path,
    index: int,
    count: int,
    shim: bytes,
    *,
    jobs: int = 1,
    strict: bool = False,
    progress: Progress | None = None,
) -> tuple[Path | None, int, int]:
    """Build shard ``index``/``count`` of every language into ``work/shard``.

    Returns (that folder, or None when ``previous`` holds the same shard built from the same inputs;
    the pages built; the pages of the shard). When ``previous`` holds the shard built with the same
    frame (configuration, navigation, theme, versions), only the pages whose Markdown changed are
    built again (a programme's dossier page, which names the catalogue's revision, changes with
    every commit)."""
    from .render import LANGUAGE_NAMES, languages_of

    languages = languages_of(result)
    mine = frozenset(u for u in units(result) if shard_of(u, count) == index)
    extra = tuple(sorted({**versions(), "shard": f"{index}/{count}", "strict": strict}.items()))
    tasks = [
        Task(lang, mine, work / "src" / lang, CATALOGUE_UNIT in mine, render=False, extra=extra) for lang in languages
    ]
    for number, task in enumerate(tasks, 1):
        if progress is not None:
            progress.stage(f"render {task.lang}", number, len(tasks))
        render_part(result, task, shim, False)
    sources = {t.lang: {k: v for k, v in groups.page_sources(t.project).items() if unit_of(k) in mine} for t in tasks}
    total = sum(len(v) for v in sources.values())
    old = _reusable(previous, index, count, languages, tasks, sources)
    if old is not None:
        changed = {
            lang: frozenset(k for k, v in sources[lang].items() if old[lang].sources.get(k) != v) for lang in languages
        }
        rebuilt = sum(len(v) for v in changed.values())
        if not rebuilt:
            return None, 0, total
        redo = [Task(t.lang, mine, t.project, False, False, changed[t.lang], extra) for t in tasks if changed[t.lang]]
        parts = build_parts(result, redo, jobs, shim, strict=strict, progress=progress)
        shard = work / "shard"
        shutil.copytree(previous, shard)
        for part, task in zip(parts, redo, strict=True):
            old[task.lang].update(part)
            groups.place(task.project / "site", shard / task.lang, move=True, overwrite=True)
        _write_manifest(shard, index, count, mine, [old[lang] for lang in languages], LANGUAGE_NAMES)
        return shard, rebuilt, total
    parts = build_parts(result, tasks, jobs, shim, strict=strict, progress=progress)
    shard = work / "shard"
    shard.mkdir()
    for task in tasks:
        site = task.project / "site"
        site.mkdir(exist_ok=True)  # a shard without pages of this language still has its folder
        os.replace(site, shard / task.lang)
    _write_manifest(shard, index, count, mine, parts, LANGUAGE_NAMES)
    return shard, total, total


def _reusable(
    previous: Path, index: int, count: int, languages: list[str], tasks: list[Task], sources: dict[str, dict[str, str]]
) -> dict[str, groups.Part] | None:
    """The parts of the shard built before in ``previous`` when their pages can be rebuilt in place."""
    data = read_shard(previous)
    if data is None or data.get("shard") != [index, count] or data.get("versions") != versions():
        return None
    try:
        parts = {p["lang"]: groups.Part.from_json(p) for p in data["parts"]}
    except (KeyError, TypeError):
        return None
    for task in tasks:
        part = parts.get(task.lang)
        if (
            part is None
            or not (previous / task.lang).is_dir()
            or part.frame != groups.frame_key(task.project, dict(task.extra))
            or set(part.own) != set(sources[task.lang])
        ):
            return None
    return parts if [p for p in parts] == languages else None


def _write_manifest(
    shard: Path, index: int, count: int, mine: frozenset[str], parts: list[groups.Part], names: dict[str, str]
) -> None:
    manifest = {
        "format": SHARD_FORMAT,
        "shard": [index, count],
        "versions": versions(),
        "languages": [[p.lang, names.get(p.lang, p.lang)] for p in parts],
        "units": sorted(mine),
        "parts": [p.to_json() for p in parts],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (shard / SHARD_FILE).write_text(text, encoding="utf-8")


def merge(
    folders: list[Path], out: Path, *, strict: bool = False, progress: Progress | None = None
) -> list[tuple[str, str]]:
    """Stitch shard folders into one site in ``out`` (per language); return the (language, name) list.

    Raise :class:`SiteError` naming the folder when a shard is missing, repeated, unreadable or from
    another catalogue, toolkit or shard count."""
    shards = []
    for folder in folders:
        data = read_shard(folder)
        if data is None:
            raise SiteError(
                f"{folder} is not a shard folder (no readable {SHARD_FILE}); build it with build --shard i/N"
            )
        shards.append((folder, data))
    first = shards[0][1]
    count = first["shard"][1]
    seen: dict[int, Path] = {}
    for folder, data in shards:
        i, n = data["shard"]
        if n != count:
            raise SiteError(f"{folder} is shard {i}/{n}, the others are of {count}: build every shard with the same N")
        if data["versions"] != first["versions"]:
            raise SiteError(f"{folder} was built by {data['versions']}, {shards[0][0]} by {first['versions']}")
        if data["languages"] != first["languages"]:
            raise SiteError(f"{folder} publishes other languages than {shards[0][0]}")
        if i in seen:
            raise SiteError(f"shard {i}/{count} given twice: {seen[i]} and {folder}")
        seen[i] = folder
    missing = [str(i) for i in range(1, count + 1) if i not in seen]
    if missing:
        raise SiteError(f"shard(s) {', '.join(missing)} of {count} missing: merge needs every shard")
    languages = [(str(code), str(name)) for code, name in first["languages"]]
    for number, (lang, _) in enumerate(languages, 1):
        if progress is not None:
            progress.stage(f"merge {lang}", number, len(languages))
        parts = [
            (groups.Part.from_json(p), folder / lang)
            for folder, data in sorted(shards, key=lambda s: s[1]["shard"][0])
            for p in data["parts"]
            if p["lang"] == lang
        ]
        groups.stitch(parts, out / lang, strict=strict, move=False)
    return languages
