"""The site ``curriculum serve`` serves, kept up to date page by page after each save.

The first build renders every language into a project kept for the whole session and builds it
as one part per language (:mod:`curriculum.groups`), in parallel processes. After a save, the
catalogue is checked again; when only programme files changed, only those programmes' pages and the
catalogue's own pages (home, matrices, frameworks, qualifications) are rendered again, otherwise
every page is. MkDocs then builds only the pages whose Markdown differs from the last build, each
page is swapped into the served site whole, and the language's search index is written again. The
pages open in a browser (:class:`Server` notes them) are built and served first, and the other
changed pages right after, by :meth:`LiveSite.finish`: the page being looked at is rendered alone (the
other pages of its language stay as they were until then, their front matter compared with what it
would be now) and does not wait for the rest of its language, nor for the programme's dossier, the
largest page to convert. The browsers reload once, when the pages they show are served; a request for
one of the pages left for later waits until it is built (:meth:`LiveSite.waits`). MkDocs is set up once
per language in the serving process and kept while the language's frame (navigation, titles, theme)
stays the same (:func:`curriculum.groups.build_group`). When the navigation, the theme or the settings
change (a new module, a renamed programme), every page changes, and the site is built afresh and
swapped in whole.

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
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.livereload import LiveReloadServer

from . import groups, output, scaleout
from .discover import DATA_DIRS
from .escape import slug
from .revision import Revision, today
from .settings import find_config, load_settings

if TYPE_CHECKING:
    from .checks import Result

WATCHED = (*DATA_DIRS, "templates", "docs", "results")


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
class Pending:
    """What a save left to build after the pages being viewed: changed pages rendered already (``pages``), and
    the languages whose changed pages are still to be rendered and found."""

    result: Result
    units: frozenset[str] | None
    pages: dict[str, frozenset[str]]
    languages: list[str]
    fresh: frozenset[str] = frozenset()  # pages (``<lang>/<docs path>``) up to date already: the ones viewed


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
    pending: Pending | None = None  # what a save left to build after the pages being viewed

    def close(self) -> None:
        groups.forget_sessions()
        shutil.rmtree(self.work, ignore_errors=True)

    def project(self, lang: str) -> Path:
        return self.work / "src" / lang

    def build(self, result: Result, files: dict[str, str] | None = None, first: Collection[str] = ()) -> str:
        """Bring the site up to date with ``result`` (checked from the files ``files``); say what was done.

        ``first``: pages (``<lang>/<docs path>``) to build before the others; when some of them changed,
        only they are built, and the other changed pages wait in :attr:`pending` for :meth:`finish`."""
        left, self.pending = self.pending, None  # what a previous save left to build is found again below
        files = files if files is not None else snapshot(self.root)
        changed = {k for k in set(files) | set(self.files) if files.get(k) != self.files.get(k)}
        units: frozenset[str] | None = None
        if self.parts and set(result.catalogue.programmes) == self.programmes:
            units = programme_units(result, changed)
        if units is not None and left is not None:  # the pages it may change are looked at again
            units = None if left.units is None else units | left.units
        if not self.parts:
            said = self._full(result)
        else:
            said = self._pages(result, units, frozenset(first))
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
                pages=None if pages is None else pages.get(lang),
                keep=pages is not None,
            )
            for lang in languages_of(result)
            if pages is None or pages.get(lang)
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
        if self.jobs > 1 and len(tasks) > 1 and scaleout.fork_available():
            self._warm(result, tasks[0].lang)
        return f"built every page ({sum(len(p.own) for p in parts)})"

    def _warm(self, result: Result, lang: str) -> None:
        """Compile the page and theme templates in this process, as the next save needs them: the site
        was built in worker processes. The language's project is rendered to the Markdown it holds; each
        language's home page is built into the project's own output folder, not into the served site, and
        MkDocs' set-up kept for the pages a save changes (:func:`curriculum.groups.build_group`)."""
        from .render import render_language

        render_language(result, lang, self.project(lang), self.shim, revision=working_copy())
        for code in self.parts:  # and MkDocs set up for each language, kept for the pages a save changes
            project = self.project(code)
            groups.build_group(project / "mkdocs.yml", {"index.md"}, False, lang=code, session=self.parts[code].frame)

    # ------------------------------------------------------------------ changed pages
    def _pages(self, result: Result, units: frozenset[str] | None, first: frozenset[str]) -> str:
        from .render import languages_of

        languages = languages_of(result)
        if set(languages) != set(self.parts):
            return self._full(result)
        now = self._viewed(result, units, first) if first else None
        if now:  # the pages being viewed changed: they alone now, every other changed page later
            self.pending = Pending(result, units, {}, languages, first)
            said = self._run(result, self._tasks(result, units, now))
            return f"{said} (the other changed pages follow)"
        pages = self._render(result, units, languages)
        if pages is None:
            return self._full(result)
        tasks = self._tasks(result, units, pages)
        if not tasks:
            return "no page changed"
        return self._run(result, tasks)

    def _viewed(
        self, result: Result, units: frozenset[str] | None, first: frozenset[str]
    ) -> dict[str, frozenset[str]] | None:
        """Render the pages ``first`` (of ``units``) alone, each language's other pages left as they are:
        those of them whose Markdown changed, or None when that cannot be told from them alone (a page's
        frame changed: the navigation, a title, the theme; the other pages then decide)."""
        from .render import render_language

        out: dict[str, frozenset[str]] = {}
        for lang, part in self.parts.items():
            order = set(part.order)
            wanted = frozenset(
                path
                for page in first
                for code, _, path in [page.partition("/")]
                if code == lang and path in order and (units is None or scaleout.unit_of(path) in units)
            )
            if not wanted:
                continue
            project = self.project(lang)
            stale: list[str] = []
            render_language(
                result,
                lang,
                project,
                self.shim,
                own=wanted.__contains__,
                keep=True,
                revision=working_copy(),
                stale=stale,
            )
            if stale or groups.frame_key(project, {}) != part.frame:
                return None
            sources = groups.page_sources(project, wanted)
            if set(sources) != wanted:
                return None
            out[lang] = frozenset(k for k, v in sources.items() if part.sources.get(k) != v)
        return {lang: pages for lang, pages in out.items() if pages}

    def _render(
        self, result: Result, units: frozenset[str] | None, languages: list[str]
    ) -> dict[str, frozenset[str]] | None:
        """Render ``units`` of ``languages`` again: each language's changed pages, or None when a page's
        frame changed (the navigation, a title, the theme) or a page came or went: every page changes."""
        from .render import render_language

        pages = {}
        for lang in languages:
            project = self.project(lang)
            own = (lambda path: scaleout.unit_of(path) in units) if units is not None else None
            render_language(result, lang, project, self.shim, own=own, keep=True, revision=working_copy())
            if groups.frame_key(project, {}) != self.parts[lang].frame:
                return None
            sources = groups.page_sources(project)
            if set(sources) != set(self.parts[lang].order):
                return None
            pages[lang] = frozenset(k for k, v in sources.items() if self.parts[lang].sources.get(k) != v)
        return pages

    def finish(self, stop: Callable[[], bool] = lambda: False) -> str:
        """Build the changed pages :meth:`build` left for later; say what was done ("" when none were left).

        ``stop`` is asked between the languages: when it says so (a save waits), what is left stays in
        :attr:`pending` for the next :meth:`build`, which finds it again."""
        work = self.pending
        if work is None:
            return ""
        more: dict[str, frozenset[str]] = {}
        for lang in work.languages:
            if stop():
                return "stopped: a save came"
            found = self._render(work.result, work.units, [lang])
            if found is None:
                self.pending = None
                return self._full(work.result)
            more.update(found)
        pages = {**work.pages, **more}
        self.pending = Pending(work.result, work.units, pages, [], work.fresh)  # what is left to build is known now
        tasks = self._tasks(work.result, work.units, pages)
        said = self._run(work.result, tasks) if tasks else "no other page changed"
        self.pending = None
        return said

    def waits(self, page: str) -> bool:
        """Whether the page (``<lang>/<docs path>``) may change when what :meth:`build` left for later is built."""
        work = self.pending
        if work is None:
            return False
        lang, _, path = page.partition("/")
        if page in work.fresh:
            return False
        if path in work.pages.get(lang, ()):
            return True
        return lang in work.languages and (work.units is None or scaleout.unit_of(path) in work.units)

    def _run(self, result: Result, tasks: list[scaleout.Task]) -> str:
        parts = scaleout.build_parts(result, tasks, self.jobs, self.shim)
        for part, task in zip(parts, tasks, strict=True):
            out = self.site_dir / task.lang
            groups.place(task.project / "site", out, move=False, overwrite=True)
            self.parts[task.lang].update(part)
            groups.write_search_index(self.parts[task.lang], out)
        done = sorted(f"{t.lang}/{p}" for t in tasks for p in t.pages or ())
        return f"rebuilt {len(done)} page(s): {', '.join(done[:4])}{' …' if len(done) > 4 else ''}"


def viewed_page(path: str) -> str | None:
    """The page (``<lang>/<docs path>``) a request's path asks for, when it asks for a page of a language."""
    lang, _, rest = path.lstrip("/").partition("/")
    if not lang or "." in lang:
        return None
    rest = rest or "index.html"
    if rest.endswith("/"):
        rest += "index.html"
    return f"{lang}/{rest[:-5]}.md" if rest.endswith(".html") else None


class Server(LiveReloadServer):
    """MkDocs' live-reload server, noting the pages browsers ask for (the latest few), so that a rebuild
    builds them first, and holding a request for a page that what a save left for later may change
    (``waits``) until it is built (:meth:`settle`), as MkDocs holds every request while it builds."""

    KEEP = 8

    def __init__(
        self,
        *args: Any,
        waits: Callable[[str], bool] = lambda page: False,
        listening: Callable[[], None] = lambda: None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._listening = listening
        self._viewed: OrderedDict[str, None] = OrderedDict()
        self._viewed_lock = threading.Lock()
        self._waits = waits
        self._settled = threading.Condition()

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        page = viewed_page(environ.get("PATH_INFO", ""))
        if page is not None:
            with self._viewed_lock:
                self._viewed[page] = None
                self._viewed.move_to_end(page)
                while len(self._viewed) > self.KEEP:
                    self._viewed.popitem(last=False)
            with self._settled:
                self._settled.wait_for(lambda: not self._waits(page), timeout=self.poll_response_timeout)
        return super().serve_request(environ, start_response)

    def server_activate(self) -> None:
        super().server_activate()
        self._listening()  # requests are taken from now on

    def viewed(self) -> frozenset[str]:
        with self._viewed_lock:
            return frozenset(self._viewed)

    def settle(self) -> None:
        """Let the requests held for pages that were left for later go on (they are built, or will not be)."""
        with self._settled:
            self._settled.notify_all()
