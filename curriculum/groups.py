"""One language's MkDocs build in groups of pages, and the stitching of the groups into one site.

A group build reads the whole project of a language (``mkdocs.yml`` with the full navigation, every
page's front matter) but converts and writes only the pages it owns; the group that owns the
catalogue's own pages also writes the theme's files and the 404 page. What the pages add to the
search index and the anchors they hold are returned as a :class:`Part`, so that
:func:`stitch` can write the one search index of the language, in the order MkDocs writes it, and
check the links between pages of different groups, as MkDocs checks them in one build.

The stitched site is byte for byte the site MkDocs builds in one run (``tests/test_scaleout.py``):
the pages are the same because MkDocs renders each page from its own source, the navigation and
the titles of the others; the search index because it is the pages' entries in the same order.
This module knows MkDocs 1.6's build loop (:mod:`mkdocs.commands.build`) and Material's search and
offline plugins; the tests compare with a plain MkDocs build, so a change there shows at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .site import SiteError
from .templates_cache import CompiledTemplates

log = logging.getLogger("mkdocs.commands.build")
THEME_TEMPLATES = CompiledTemplates()
SEPARATORS = (",", ":")


@dataclass
class Part:
    """What one group build of one language produced, besides its files (JSON-able)."""

    lang: str
    fingerprint: str  # hash of mkdocs.yml: parts of one site share it
    order: list[str]  # every page's docs path, in the order MkDocs builds them
    own: list[str]  # the pages this group built
    static: bool  # whether it wrote the theme's files, the assets and the 404 page
    search_config: str | None  # the search index's "config", as JSON; None without the search plugin
    offline: bool  # whether the offline plugin inlines the index into search_index.js
    entries: dict[str, list[str]] = field(default_factory=dict)  # page → its search entries (JSON each)
    anchors: dict[str, list[str]] = field(default_factory=dict)  # page → the anchors it holds
    pending: list[list[str]] = field(default_factory=list)  # [page, target page, anchor, link] across groups
    anchor_level: int = logging.WARNING  # how MkDocs reports a missing anchor (``validation.anchors``)
    frame: str = ""  # hash of what every page of the part depends on besides its own source (:func:`frame_key`)
    sources: dict[str, str] = field(default_factory=dict)  # page → hash of its Markdown

    def update(self, newer: Part) -> None:
        """Take the pages ``newer`` rebuilt (same frame) in place of this part's copies of them."""
        rebuilt = set(newer.own)
        self.entries.update(newer.entries)
        self.anchors.update(newer.anchors)
        self.sources.update(newer.sources)
        self.pending = [p for p in self.pending if p[0] not in rebuilt] + newer.pending

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Part:
        return cls(**data)


def fingerprint(config_file: Path) -> str:
    return hashlib.sha256(config_file.read_bytes()).hexdigest()


def front_matter(text: bytes) -> bytes:
    """A page's front matter (``---`` … ``---``), or nothing when it has none."""
    if not text.startswith(b"---\n"):
        return b""
    end = text.find(b"\n---\n", 3)
    return text[: end + 5] if end >= 0 else text


def page_sources(project: Path, only: Collection[str] | None = None) -> dict[str, str]:
    """Every page of a project (docs path; ``only``: those of them that exist) with the hash of its Markdown."""
    docs = project / "docs"
    paths = sorted(docs.rglob("*.md")) if only is None else [docs / k for k in sorted(only) if (docs / k).is_file()]
    return {p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _head(path: Path, size: int = 4096) -> bytes:
    """The start of a page, as much of it as holds its front matter (a page's body is no part of a frame)."""
    with path.open("rb") as f:
        data = f.read(size)
        if data.startswith(b"---\n") and data.find(b"\n---\n", 3) < 0:
            data += f.read()
    return data


def frame_key(project: Path, extra: dict[str, Any]) -> str:
    """The hash of what a page's HTML depends on besides its own Markdown: the configuration (the
    navigation), the theme overrides, the other files of ``docs/``, every page's front matter (the
    titles), and ``extra`` (the versions of the toolkit and the builder, ``--strict``)."""
    digest = hashlib.sha256(json.dumps(extra, sort_keys=True).encode("utf-8"))
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        rel = path.relative_to(project)
        if rel.parts[0] not in ("mkdocs.yml", "overrides", "docs"):
            continue
        data = _head(path) if path.suffix == ".md" else path.read_bytes()
        digest.update(rel.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(front_matter(data) if path.suffix == ".md" else data).digest())
    return digest.hexdigest()


def build_group(
    config_file: Path,
    own: Collection[str],
    static: bool,
    strict: bool = False,
    lang: str = "",
    session: str | None = None,
) -> Part:
    """Build the pages ``own`` (docs paths) of the project ``config_file`` into ``site/`` beside it
    (``lang``: the language the part is of; by default the project folder's name).

    ``session``: the project's frame (:func:`frame_key`). The build's set-up — the configuration and its
    plugins, the files of the project and of the theme, the navigation, every page's front matter, the
    theme's templates — is then kept in this process, and the next build of the same project with the
    same frame uses it instead of setting MkDocs up again (``serve``); only the pages built are read."""
    from mkdocs.exceptions import MkDocsException

    try:
        return _build_group(config_file, set(own), static, strict, lang or config_file.parent.name, session)
    except MkDocsException as exc:
        raise SiteError(f"MkDocs failed for {config_file.parent.name}: {exc}") from exc


@dataclass
class _Setup:
    """What one MkDocs build of a project sets up before it builds a page (see :func:`build_group`)."""

    key: str
    config: Any
    files: Any
    env: Any
    nav: Any
    order: list[str]


_SESSIONS: dict[str, _Setup] = {}  # config file → the set-up its last build kept


def forget_sessions() -> None:
    """Drop every set-up kept by :func:`build_group` (and shut their plugins down)."""
    while _SESSIONS:
        _, setup = _SESSIONS.popitem()
        setup.config.plugins.on_shutdown()


def _build_group(
    config_file: Path, own: set[str], static: bool, strict: bool, lang: str, session: str | None = None
) -> Part:
    from mkdocs import utils
    from mkdocs.commands import build as mk
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    name = str(config_file.resolve())
    key = f"{session}\0{strict}" if session is not None and not static else None
    kept = _SESSIONS.pop(name, None)
    if kept is not None and kept.key != key:
        kept.config.plugins.on_shutdown()
        kept = None
    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    inclusion = InclusionLevel.is_included
    if kept is None:
        config = load_config(str(config_file), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
    else:
        config = kept.config
    if config.strict:
        logger.addHandler(counter)
    done = False
    try:
        if kept is None:
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            utils.clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            env.bytecode_cache = THEME_TEMPLATES  # the theme's templates compiled once per process, not per build
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            order = []
            for file in files.documentation_pages(inclusion=inclusion):
                if file.page is None and file.inclusion.is_not_in_nav():
                    Page(None, file, config)
                assert file.page is not None
                order.append(file.src_uri)
                if file.src_uri in own:
                    mk._populate_page(file.page, config, files)
                else:  # its front matter: the title and settings the other pages' navigation shows
                    file.page.read_source(config)
            env = config.plugins.on_env(env, config=config, files=files)
        else:  # the same frame: the same files, navigation and front matter; only the pages built are read again
            utils.clean_directory(config.site_dir)
            files, env, nav, order = kept.files, kept.env, kept.nav, kept.order
            for plugin in config.plugins.values():
                if hasattr(plugin, "search_index"):  # what on_config starts each build with
                    plugin.search_index = type(plugin.search_index)(**plugin.config)
            for file in files.documentation_pages(inclusion=inclusion):
                if file.src_uri in own:
                    assert file.page is not None
                    mk._populate_page(file.page, config, files)
        if static:
            files.copy_static_files(inclusion=inclusion)
            for template in config.theme.static_templates:
                mk._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mk._build_extra_template(template, files, config, nav)
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        doc_files = files.documentation_pages(inclusion=inclusion)
        part = Part(
            lang=lang,
            fingerprint=fingerprint(config_file),
            order=order,
            own=[uri for uri in order if uri in own],
            static=static,
            search_config=_search_config(search),
            offline=any(type(p).__name__ == "OfflinePlugin" and p.config.enabled for p in config.plugins.values()),
        )
        for file in doc_files:
            if file.src_uri not in own:
                continue
            assert file.page is not None
            before = len(search.search_index.entries) if search is not None else 0
            mk._build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
            if search is not None:
                added = search.search_index.entries[before:]
                part.entries[file.src_uri] = [json.dumps(e, separators=SEPARATORS, default=str) for e in added]
        level = part.anchor_level = config.validation.links.anchors
        for file in doc_files:
            if file.src_uri not in own or file.page is None:
                continue
            page = file.page
            page.validate_anchor_links(files=files, log_level=level)  # links to pages of other groups: below
            part.anchors[file.src_uri] = sorted(page.present_anchor_ids or ())
            for to_file, links in (page.links_to_anchors or {}).items():
                if to_file.src_uri not in own:
                    for anchor, link in sorted(links.items()):
                        part.pending.append([file.src_uri, to_file.src_uri, anchor, link])
        if counts := counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        built = [file.page for file in doc_files if file.src_uri in own and file.page is not None]
        # kept only where the pages hold their rendering as MkDocs 1.6 does; else each build sets MkDocs up
        if key is not None and all(hasattr(page, a) for page in built for a in RENDERED):
            for page in built:  # back to what a page not built holds: its source and front matter only
                _unrendered(page)
            _SESSIONS[name] = _Setup(key, config, files, env, nav, order)
            done = True
        return part
    finally:
        logger.removeHandler(counter)
        if not done:
            config.plugins.on_shutdown()


RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")  # MkDocs 1.6


def _unrendered(page: Any) -> None:
    """A page built by a kept set-up as a page of the navigation that was not built holds it (its Markdown
    and front matter, read again when it is built): the next build of another page then sees it as a
    fresh set-up would."""
    for name in RENDERED:
        setattr(page, name, [] if name == "toc" else None)


def _search_config(search: Any) -> str | None:
    if search is None or not search.config.enabled:
        return None
    config = {key: search.search_index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    return json.dumps(config, separators=SEPARATORS, default=str)


def stitch(parts: list[tuple[Part, Path]], out: Path, strict: bool = False, move: bool = False) -> None:
    """Put the parts of one language's site (each with the folder it built) together in ``out``.

    ``move`` moves the parts' files (a build's own stage) instead of copying them (shards kept for
    reuse). Raise :class:`SiteError` when the parts do not make one site, or, with ``strict``, when a
    link between groups names an anchor that is not there."""
    if not parts:
        raise SiteError("no parts to put together")
    first = parts[0][0]
    lang = first.lang
    for part, _ in parts:
        if part.lang != lang or part.fingerprint != first.fingerprint or part.order != first.order:
            raise SiteError(
                f"the parts of the {lang} site were built from different catalogues or settings; "
                "build every shard from the same revision"
            )
    owner: dict[str, Part] = {}
    for part, _ in parts:
        for uri in part.own:
            if uri in owner:
                raise SiteError(f"page {uri} ({lang}) is in two parts; shards must come from one shard count")
            owner[uri] = part
    missing = [uri for uri in first.order if uri not in owner]
    if missing:
        raise SiteError(
            f"{len(missing)} page(s) of the {lang} site are in no part (first: {missing[0]}); a shard is missing"
        )
    statics = sum(part.static for part, _ in parts)
    if statics != 1:
        raise SiteError(f"the {lang} site needs exactly one part with the theme's files, not {statics}")
    out.mkdir(parents=True, exist_ok=True)
    for _, folder in parts:
        place(folder, out, move)
    _check_anchors(parts, owner, strict)
    _search_index(first, lambda uri: owner[uri].entries.get(uri, []), out)


def write_search_index(part: Part, out: Path) -> None:
    """Write the search index of a part that holds every page of its language (atomically)."""
    _search_index(part, lambda uri: part.entries.get(uri, []), out)


def _search_index(first: Part, entries: Callable[[str], list[str]], out: Path) -> None:
    """The language's search index as Material's search plugin writes it (and the offline plugin's copy)."""
    if first.search_config is None:
        return
    docs = ",".join(entry for uri in first.order for entry in entries(uri))
    data = f'{{"config":{first.search_config},"docs":[{docs}]}}'
    (out / "search").mkdir(parents=True, exist_ok=True)
    files = [("search_index.json", data.encode("utf-8"))]
    if first.offline:
        files.append(("search_index.js", f"var __index = {data}".encode()))
    for name, content in files:
        path = out / "search" / name
        part = path.with_name(name + ".part")
        part.write_bytes(content)
        os.replace(part, path)


def _check_anchors(parts: list[tuple[Part, Path]], owner: dict[str, Part], strict: bool) -> None:
    warned = 0
    for part, _ in parts:
        level = part.anchor_level
        for page, target, anchor, link in part.pending:
            held = owner[target].anchors.get(target) if target in owner else None
            if held is None or anchor in held:
                continue
            log.log(
                level,
                f"Doc file '{page}' contains a link '{link}', but the doc '{target}' does not contain an anchor '#{anchor}'.",
            )
            warned += level >= logging.WARNING
    if strict and warned:
        raise SiteError(f"MkDocs failed for {parts[0][0].lang}: Aborted with {warned} warnings in strict mode!")


def place(folder: Path, out: Path, move: bool, overwrite: bool = False) -> None:
    """Every file under ``folder`` into the same place under ``out``; a file already there is an
    error unless ``overwrite`` (a part rebuilt in place)."""
    for path in _files(folder):
        rel = path.relative_to(folder)
        target = out / rel
        if target.exists() and not overwrite:
            raise SiteError(f"two parts both wrote {rel.as_posix()}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if move:
            os.replace(path, target)
        elif overwrite:  # a reader of the folder sees the old file or the new one, never half of one
            part = target.with_name(target.name + ".part")
            shutil.copyfile(path, part)
            os.replace(part, target)
        else:
            shutil.copyfile(path, target)


def _files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())
