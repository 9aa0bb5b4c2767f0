"""The site ``curriculum serve`` serves, kept up to date page by page after each save.

The first build renders every language into a project kept for the whole session and builds it
as one part per language (:mod:`curriculum.groups`), in parallel processes. After a save, the
catalogue is checked again; when only programme files changed, only those programmes' pages and the
catalogue's own pages (home, matrices, frameworks, qualifications) are rendered again, otherwise
every page is. MkDocs then builds only the pages whose Markdown differs from the last build, each
page is swapped into the served site whole, and the language's search index is written again. When
the navigation, the theme or the settings change (a new module, a renamed programme), every page
changes, and the site is built afresh and swapped in whole.

``serve`` watches the folders the site is made from, the results exports' folder (the results pages
read them) and the configuration (:func:`watched`). A change that leaves every source as it was — the
results store a check writes from the exports (:func:`derived`), a file touched but not changed — builds
nothing.

While serving, a dossier page names the catalogue's revision as the working copy: every save would
otherwise change every programme's dossier. ``curriculum build`` names the revision built.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import groups, output, scaleout
from .escape import slug
from .revision import Revision, today
from .settings import find_config, load_settings

if TYPE_CHECKING:
    from .checks import Result

WATCHED = ("programmes", "competencies", "templates", "docs", "results")


def working_copy() -> Revision:
    return Revision("working copy (curriculum serve)", today())


def watched(root: Path) -> list[Path]:
    """The folders and files ``serve`` watches and the site is made from: the catalogue's folders, the
    results exports' folder (``results_dir``), the configuration."""
    settings, _ = load_settings(root)
    out = [root / name for name in dict.fromkeys((*WATCHED, settings.results_dir)) if (root / name).is_dir()]
    config = find_config(root)
    return out + ([config] if config is not None else [])


def derived(root: Path) -> Callable[[Path], bool]:
    """Whether a path is the results store (or one of its temporary or log files): a check writes it
    from the exports, so it is no source of the site and its writes are no save."""
    settings, _ = load_settings(root)
    store = os.path.abspath(root / settings.results_store)

    def test(path: Path) -> bool:
        full = os.path.abspath(path)
        return full == store or full == store + ".wal" or full.startswith(store + ".tmp")

    return test


def snapshot(root: Path) -> dict[str, str]:
    """Every file the site is made from (relative path → hash of its bytes)."""
    out = {}
    paths = []
    skip = derived(root)
    for top in watched(root):
        paths += [p for p in top.rglob("*") if p.is_file() and not skip(p)] if top.is_dir() else [top]
    for path in sorted(set(paths)):
        out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def programme_units(result: Result, changed: set[str]) -> frozenset[str] | None:
    """The units of the programmes whose files are ``changed`` (with the catalogue's own pages), or
    None when a change may touch any page (a framework, a setting, a template, a new programme)."""
    found = {scaleout.CATALOGUE_UNIT}
    for rel in changed:
        if not rel.startswith("programmes/"):
            return None
        owner, best = None, -1
        for pid, p in result.catalogue.programmes.items():
            file = str(p.loc.file or "")
            stem = file[:-4] if file.endswith(".yml") else file[:-5] if file.endswith(".yaml") else file
            if rel == file:
                owner, best = pid, len(rel) + 1  # the programme's own file
            elif stem and rel.startswith((stem + "/", stem + "-")) and len(stem) > best:
                owner, best = pid, len(stem)  # a file in the programme's folder (its narratives)
        if owner is None:
            return None
        found.add(f"programmes/{slug(owner)}")
    return frozenset(found)


@dataclass
class LiveSite:
    root: Path
    site_dir: Path
    shim: bytes
    jobs: int = max(1, min(os.cpu_count() or 1, 4))
    work: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix=f"{output.STAGE_PREFIX}{os.getpid()}-serve-"))
    )
    parts: dict[str, groups.Part] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    programmes: frozenset[str] = frozenset()

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def project(self, lang: str) -> Path:
        return self.work / "src" / lang

    def build(self, result: Result, files: dict[str, str] | None = None) -> str:
        """Bring the site up to date with ``result`` (checked from the files ``files``); say what was done."""
        files = files if files is not None else snapshot(self.root)
        changed = {k for k in set(files) | set(self.files) if files.get(k) != self.files.get(k)}
        units: frozenset[str] | None = None
        if self.parts and set(result.catalogue.programmes) == self.programmes:
            units = programme_units(result, changed)
        if not self.parts:
            said = self._full(result)
        else:
            said = self._pages(result, units)
        self.files = files
        self.programmes = frozenset(result.catalogue.programmes)
        return said

    # ------------------------------------------------------------------ whole site
    def _tasks(
        self, result: Result, units: frozenset[str] | None, pages: dict[str, frozenset[str]] | None
    ) -> list[scaleout.Task]:
        from .render import languages_of

        everything = frozenset(scaleout.units(result))
        return [
            scaleout.Task(
                lang,
                units if units is not None else everything,
                self.project(lang),
                static=pages is None,
                render=pages is None,
                pages=None if pages is None else pages[lang],
            )
            for lang in languages_of(result)
            if pages is None or pages[lang]
        ]

    def _full(self, result: Result) -> str:
        from .render import LANGUAGE_NAMES

        shutil.rmtree(self.work / "src", ignore_errors=True)
        tasks = self._tasks(result, None, None)
        parts = scaleout.build_parts(result, tasks, self.jobs, self.shim, revision=working_copy())
        with output.stage() as stage:
            out = stage / "site"
            for part, task in zip(parts, tasks, strict=True):
                groups.stitch([(part, task.project / "site")], out / task.lang, move=True)
            languages = [(t.lang, LANGUAGE_NAMES.get(t.lang, t.lang)) for t in tasks]
            (out / "index.html").write_text(output.root_index(languages, languages[0][0]), encoding="utf-8")
            output.finish(out)
            output.swap_in(out, self.site_dir)
        self.parts = {t.lang: p for p, t in zip(parts, tasks, strict=True)}
        return f"built every page ({sum(len(p.own) for p in parts)})"

    # ------------------------------------------------------------------ changed pages
    def _pages(self, result: Result, units: frozenset[str] | None) -> str:
        from .render import languages_of, render_language

        languages = languages_of(result)
        if set(languages) != set(self.parts):
            return self._full(result)
        pages: dict[str, frozenset[str]] = {}
        for lang in languages:
            project = self.project(lang)
            own = (lambda path: scaleout.unit_of(path) in units) if units is not None else None
            render_language(result, lang, project, self.shim, own=own, keep=True, revision=working_copy())
            if groups.frame_key(project, {}) != self.parts[lang].frame:
                return self._full(result)
            sources = groups.page_sources(project)
            if set(sources) != set(self.parts[lang].order):
                return self._full(result)
            pages[lang] = frozenset(k for k, v in sources.items() if self.parts[lang].sources.get(k) != v)
        tasks = self._tasks(result, units, pages)
        if not tasks:
            return "no page changed"
        parts = scaleout.build_parts(result, tasks, self.jobs, self.shim)
        for part, task in zip(parts, tasks, strict=True):
            out = self.site_dir / task.lang
            groups.place(task.project / "site", out, move=False, overwrite=True)
            self.parts[task.lang].update(part)
            groups.write_search_index(self.parts[task.lang], out)
        done = sorted(f"{t.lang}/{p}" for t in tasks for p in pages[t.lang])
        return f"rebuilt {len(done)} page(s): {', '.join(done[:4])}{' …' if len(done) > 4 else ''}"
