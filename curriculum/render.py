"""Render a checked catalogue into one Markdown tree and one ``mkdocs.yml`` per language.

Templates are Jinja (package ``curriculum/templates``, overridable by a ``templates/`` folder in
the catalogue). Autoescaping is off because the output is Markdown; every value that comes from
YAML must go through one of the escaping filters instead:

* ``md``   — Markdown inline text: HTML-escaped and Markdown metacharacters backslash-escaped;
  a :class:`~curriculum.model.Text` is translated, and a missing translation is marked visibly;
* ``cell`` — like ``md`` for a Markdown table cell (``|`` escaped, newlines become spaces);
* ``h``    — text inside raw HTML (matrix, SVG): HTML-escaped only, with the same fallback mark;
* ``attr`` — plain text for an HTML attribute (``title="…"``), HTML-escaped with quotes.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
import yaml
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import words
from .checks import Result
from .checks.coverage import RANK
from .checks.dual import share_rule_applies
from .escape import apart, escape_css, escape_html, escape_md, slug
from .model import Programme, Text
from .templates_cache import CompiledTemplates
from .workload import Kinds, counted, kinds_of, places

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
ASSET_FILES = ("curriculum.css", "curriculum.js")
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"
UNSTEMMED = ("kk",)  # languages lunr has no rules for: searched by prefix, without language rules
SEARCH_SEPARATOR = r"""[\s\-,:;.!?()\[\]{}"'/\\«»„“”‘’—–…]+"""
REFERENCE_PAGE = "reference/format.md"
REFERENCE_LANG = "en"  # the language of docs/reference/format.md, published in that language's site only
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

LABELS: dict[str, dict[str, str]] = {}
for _path in sorted(TEMPLATES.glob("labels*.yml")):  # labels.yml, then one file per page family (labels_sar.yml)
    LABELS.update(yaml.safe_load(_path.read_text(encoding="utf-8")))

FIGURES = (
    "required",
    "covered",
    "assessed",
    "workplace",
    "at_level",
    "gaps",
    "waived",
    "workplace_hours",
    "workplace_share",
    "practitioners_share",
)
SHARE_FIGURES = {"covered", "assessed", "workplace", "at_level", "workplace_share", "practitioners_share"}
# The figures of the workplace-share rule (its hours at the workplace and the share): where the rule does not
# apply at a programme's level of education, a dash and why (the hours of its base are no measure there).
SHARE_RULE_FIGURES = {"workplace_hours", "workplace_share"}
FIGURE_LABELS = {"workplace": "at_workplace", "waived": "waived_count"}


@dataclass
class Page:
    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()
    searched: bool = True  # False: left out of the search index (the print view repeats other pages)
    prerendered: bool = False  # True: converted to HTML here, its large blocks held out (see Renderer.hold)
    skip: str | None = None  # the id where the content starts, for a page whose headings the theme cannot see


class Renderer:
    """Renders the pages of one language."""

    def __init__(self, result: Result, lang: str, env: jinja2.Environment) -> None:
        self.result = result
        self.catalogue = result.catalogue
        self.lang = lang
        self.env = env
        self.order = tuple(result.catalogue.settings.languages)
        self.here = "index.md"
        self.pdf = False
        self.revision: Any = None  # the catalogue's Revision, computed when the dossier cover needs it
        self.memo: dict[Any, Any] = {}  # what several pages derive from the same checked catalogue, derived once
        self.held: list[str] | None = None  # raw HTML blocks held out of a prerendered page's Markdown

    # ---- texts
    def label(self, key: str) -> str:
        entry = LABELS.get(key)
        if entry is None:
            return key
        return entry.get(self.lang) or entry["en"]

    def term(self, vocabulary: str, value: str | None) -> Any:
        """A vocabulary term's title (a Text) for ``value``, or ``value`` itself when it is no term."""
        if value is None:
            return None
        found = self.catalogue.term(vocabulary, value)
        return found.title if found is not None else value

    def word(self, group: str, value: Any) -> str:
        """A coded value (``cycle``, ``assessment``, ``decision`` …) in the page's language (see :mod:`.words`)."""
        return words.word(group, str(value), self.lang, self.catalogue.vocabularies)

    def region(self, value: Any) -> str:
        """A region's name in the page's language: a code of the ``regions`` vocabulary (KATO), or a
        region written as text (a provider's), named as the vocabulary names it where it is one."""
        name = region_name(self.catalogue, value, self.lang)
        return self.plain(value) if name is None else name

    def share_note(self, p: Programme) -> str:
        """Why a programme has no workplace share: the rule does not apply at its level of education,
        or no hour of the programme counts in the share's base yet."""
        if share_rule_applies(p, self.catalogue.settings):
            return self.label("workplace_share_no_base")
        return f"{self.label('workplace_share_not_applicable')}: {self.word('education', p.level)}"

    def cycle(self, m: Any) -> str:
        """A module's cycle: its ``cycle`` term where the model has one, else its ``type``."""
        return self.word("cycle", getattr(m, "cycle", None) or getattr(m, "type", None) or "")

    def venue(self, value: str, p: Programme | None) -> str:
        """Where something happens, naming the university rather than the college in higher education."""
        return self.word("venue-he" if he(p) else "venue-college", value)

    def by_provider(self, key: str, p: Programme | None) -> str:
        """The label ``key``, or its higher-education form ``key_he`` on a university's programme."""
        return self.label(provider_key(key, p))

    def plain(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.get(self.lang, self.order)
        return str(value)

    def _marked(self, value: Any, escape: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, Text):
            return escape(str(value))
        text = escape(value.get(self.lang, self.order))
        used = value.lang_of(self.lang, self.order)
        if value.neutral or used == self.lang or not used:
            return text
        note = html.escape(self.label("not_translated"), quote=True)
        return (
            f'<span class="fallback" lang="{used}" title="{note}">{text}</span>'
            f'<sup class="fallback-badge" title="{note}">({used})</sup>'
        )

    def md(self, value: Any) -> str:
        return self._marked(value, escape_md)

    def cell(self, value: Any) -> str:
        return self.md(value)

    def h(self, value: Any) -> str:
        return self._marked(value, escape_html)

    def attr(self, value: Any) -> str:
        return escape_html(self.plain(value))

    def weblink(self, url: str) -> str:
        """A web address as a link (``http``/``https`` only; anything else stays text)."""
        if re.match(r"^https?://[^\s\"'<>]+$", url):
            return f'<a href="{escape_html(url)}">{escape_html(url)}</a>'
        return escape_md(url)

    def message(self, text: str, html: bool = False) -> str:
        """A finding's message or hint for Markdown (a table cell too), or for raw HTML with ``html``:
        escaped, with the catalogue's `backticked` names and snippets set as code, so ids and YAML
        stay apart from the words."""
        escape = escape_html if html else escape_md
        text = " ".join(str(text).split())
        parts = text.split("`")
        if len(parts) % 2 == 0:  # an unpaired backtick: no code spans
            return escape(text)

        def spaced(x: str) -> str:  # escaping folds the edges away; the words beside code keep their space
            core = escape(x)
            if not core:
                return " " if x else ""
            return (" " if x[0] == " " else "") + core + (" " if x[-1] == " " else "")

        return "".join(f"<code>{escape(x)}</code>" if i % 2 else spaced(x) for i, x in enumerate(parts))

    def hold(self, markup: str) -> str:
        """A block of raw HTML as it is, or, while a prerendered page is rendered, a placeholder that
        :meth:`render` replaces with it after the page's Markdown is converted. Python-Markdown turns
        raw HTML inside a ``markdown`` element into a tree of elements and walks that tree in time
        quadratic in its size; a held block costs it one comment, whatever its size."""
        if self.held is None:
            return markup
        self.held.append(markup.strip("\n"))
        return f"\n<!--{HELD}{len(self.held) - 1}-->\n"

    # ---- links
    def link(self, target: str) -> str:
        """Relative link from the page being rendered to ``target`` (a docs path)."""
        base = posixpath.dirname(self.here) or "."
        return posixpath.relpath(target, base)

    def hlink(self, target: str) -> str:
        """Relative link for raw HTML: to the built ``.html`` page."""
        path, _, anchor = target.partition("#")
        if path.endswith(".md"):
            path = path[:-3] + ".html"
        return self.link(path) + (f"#{anchor}" if anchor else "")

    # ---- rendering
    def render(self, page: Page) -> str:
        self.here = page.path
        ctx = {
            "lang": self.lang,
            "here": page.path,
            "catalogue": self.catalogue,
            "result": self.result,
            "page_title": page.title,
            "shift": 0,
            "pdf": self.pdf,
            **page.context,
        }
        if not page.prerendered:
            body = self.env.get_template(page.template).render(ctx)
            return self.front(page) + body.rstrip() + "\n"
        self.held = []
        try:
            body = self.env.get_template(page.template).render(ctx)
            held = self.held
        finally:
            self.held = None
        return self.front(page) + prerender(body, held) + "\n"

    def front(self, page: Page) -> str:
        """The page's front matter: its title, what it hides, whether it is searched."""
        front = "---\n" + f"title: {json.dumps(escape_html(page.title), ensure_ascii=False)}\n"
        if page.hide:
            front += f"hide: {json.dumps(list(page.hide))}\n"
        if not page.searched:
            front += "search:\n  exclude: true\n"
        if page.skip:
            front += f"skip: {json.dumps(page.skip)}\n"
        return front + "---\n\n"


COMPILED = CompiledTemplates()


def make_env(root: Path) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if (root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / "templates")))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
    )


MARKDOWN_EXTENSIONS: list[Any] = ["tables", "attr_list", "md_in_html", "admonition", {"toc": {"permalink": False}}]
HELD = "curriculum-held:"
_HELD = re.compile(r"<!--" + HELD + r"(\d+)-->")


class _PageLinks(Treeprocessor):
    """Links to other pages of the site (``x.md``) written as MkDocs writes them (``x.html``)."""

    def run(self, root: Any) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.endswith(".md") or parts.path.startswith("/"):
                continue
            a.set("href", parts.path[:-3] + ".html" + (f"#{parts.fragment}" if parts.fragment else ""))


class _PageLinksExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_PageLinks(md), "curriculum-links", 0)


def prerender(markdown_text: str, held: list[str]) -> str:
    """A page's Markdown converted to HTML as the site builder converts it (the site's Markdown
    extensions, links to ``.md`` pages made ``.html`` links), the held blocks (:meth:`Renderer.hold`)
    put back in. The site builder then passes the page through as raw HTML."""
    extensions = [x if isinstance(x, str) else next(iter(x)) for x in MARKDOWN_EXTENSIONS]
    configs = {k: v for x in MARKDOWN_EXTENSIONS if isinstance(x, dict) for k, v in x.items()}
    converter = markdown.Markdown(extensions=[*extensions, _PageLinksExtension()], extension_configs=configs)
    out = converter.convert(markdown_text)
    return _HELD.sub(lambda m: held[int(m.group(1))], out)


def install(env: jinja2.Environment, r: Renderer) -> None:
    from .diagrams import (
        calendar_svg,
        framework_heatmap,
        framework_use,
        hours_bars,
        matrix_html,
        prereq_figure,
        share_absent,
        share_bar,
        workplan_html,
    )
    from .dossier import dossier_facts
    from .render_results import ResultsView

    env.filters.update(
        md=r.md, cell=r.cell, h=r.h, attr=r.attr, plain=r.plain, pct=pct, num=num, css=escape_css, hold=r.hold
    )
    env.globals.update(
        t=r.label,
        word=r.word,
        cycle=r.cycle,
        region=r.region,
        weblink=r.weblink,
        venue=r.venue,
        tp=r.by_provider,
        duration=lambda text: words.duration(text, r.lang),
        language_names=lambda codes: words.languages(codes, r.lang),
        message=r.message,
        link=r.link,
        hlink=r.hlink,
        slug=slug,
        rank=RANK,
        level_code=level_code,
        prereq_svg=lambda p, open_list=False: apart(prereq_figure(p, r, open_list)),
        hours_bars=lambda p: hours_bars(p, r),
        workplan=lambda p: apart(workplan_html(p, r)),
        calendar=lambda p: apart(calendar_svg(p, r)),
        term=r.term,
        module_places=lambda m: places(list(m.semesters), kinds_of(r.catalogue)),
        matrix=lambda p, level=2, max_columns=None: apart(matrix_html(p, r, level, max_columns)),
        share_bar=share_bar,
        share_absent=lambda p: share_absent(r.share_note(p)),
        heatmap=lambda only=None: apart(framework_heatmap(r, only)),
        framework_use=lambda fid: apart(framework_use(r, fid)),
        coverage_of=lambda p: r.result.coverage.get(p.id),
        figures_of=lambda p: r.result.figures.get(p.id, {}),
        findings_of=lambda p: findings_of(r.result, p),
        figure_rows=lambda p: figure_rows(r, p),
        partner_shares=lambda p: {x.partner: x for x in r.result.partners.get(p.id, [])},
        who_covers=lambda fw, item: who_covers(r, fw, item),
        item_tree=item_tree,
        qualification_rows=lambda key, q: qualification_rows(r, key, q),
        qualification_page=lambda p, code: qualification_page(r.catalogue, p, code),
        dashboard=lambda: dashboard(r),
        accreditation_status=lambda p, html=False: accreditation_status(r, p, html),
        standards=r.catalogue.standards,
        sar_markdown=lambda p: sar_markdown(r, p),
        module_ids=lambda p: {m.id for m in p.modules},
        settings=r.catalogue.settings,
        dossier=lambda p: dossier_facts(r, p),
        page_box=PAGE_BOX,
        results_view=ResultsView(r),
    )


PAGE_BOX = {"columns": 20}  # the most matrix columns one printed (landscape A4) table holds


def dashboard(r: Renderer) -> dict[str, Any]:
    cat = r.catalogue
    progs = [cat.programmes[k] for k in sorted(cat.programmes)]
    providers = sorted({r.plain(p.provider.name) for p in progs})
    partner_rows = [(p, x) for p in progs for x in p.partners]
    partners = sorted({r.plain(x.name) for _, x in partner_rows})
    # one region, one entry, in every language: by its code in the regions vocabulary (a provider's region
    # written as text is matched to the vocabulary's names; text that names no region counts as written)
    values = [p.provider.region for p in progs] + [x.region for _, x in partner_rows]
    codes = {region_code(cat, v) or r.plain(v) for v in values if v}
    regions = sorted({r.region(code) for code in codes})
    workplace = total = 0.0
    for p in progs:
        h = module_hours(p, kinds_of(cat))
        workplace += h["workplace"]
        total += sum(h.values())
    return {
        "programmes": len(progs),
        "providers": providers,
        "partners": partners,
        "partner_rows": partner_rows,
        "regions": regions,
        "places": sum(x.places for _, x in partner_rows),
        "students": sum(p.cohort for p in progs),
        "workplace_hours_share": workplace / total if total else 0.0,
    }


def accreditation_status(r: Renderer, p: Programme, html: bool = False) -> str:
    """The latest decision, as Markdown-safe text (or HTML-escaped text for raw HTML)."""
    escape = escape_html if html else escape_md
    if not p.accreditation:
        return escape(r.label("not_accredited"))
    a = sorted(p.accreditation, key=lambda a: a.date or "")[-1]
    when = f", {a.date}" if a.date else ""
    return escape(f"{a.agency}: {r.word('decision', a.decision)}{when}")


def region_name(catalogue: Any, value: Any, lang: str) -> str | None:
    """A region's name in ``lang`` where ``value`` is a region of the ``regions`` vocabulary (see
    :func:`region_code`), else None."""
    code = region_code(catalogue, value)
    return None if code is None else words.word("region", code, lang, catalogue.vocabularies)


def region_code(catalogue: Any, value: Any) -> str | None:
    """The code in the ``regions`` vocabulary of a region given as a code or as text in any language."""
    if value is None:
        return None
    terms = catalogue.terms.get("regions", {})
    texts = list(value.values.values()) if isinstance(value, Text) else [str(value)]
    for text in texts:
        if text in terms:
            return str(text)
    names = {name.casefold(): code for code, t in terms.items() for name in t.title.values.values()}
    return next((names[t.casefold()] for t in texts if t.casefold() in names), None)


def he(p: Programme | None) -> bool:
    """Whether ``p`` is a higher-education (university) programme."""
    return p is not None and p.level in ("bachelor", "master")


def provider_key(key: str, p: Programme | None) -> str:
    """The label ``key``, or its higher-education form ``key_he`` (university for college) where
    ``p`` is a university's programme and the labels have one."""
    return f"{key}_he" if he(p) and f"{key}_he" in LABELS else key


def pct(value: float) -> str:
    return f"{100 * value:.0f} %"


def num(value: float) -> str:
    return f"{value:g}"


def level_code(level: str) -> str:
    return {"introduced": "I", "reinforced": "R", "mastered": "M"}.get(level, "?")


# --------------------------------------------------------------------------- data helpers
def module_hours(p: Programme, kinds: Kinds) -> dict[str, int]:
    """The programme's hours as classes, practical training at the college and at the enterprise."""
    return places([x for m in counted(p) for x in m.semesters], kinds)


def findings_of(result: Result, p: Programme) -> list[Any]:
    file = p.loc.file
    return [x for x in result.diagnostics if x.programme == p.id or (not x.programme and file and x.file == file)]


def sar_markdown(r: Renderer, p: Programme) -> str:
    """The programme's self-assessment report page in the renderer's language (:mod:`curriculum.sar`)."""
    from .sar.markdown import render
    from .sar.report import build

    return render(build(r.result, p, r.lang))


def figure_rows(r: Renderer, p: Programme) -> list[tuple[str, str]]:
    from .diagrams import share_absent

    figures = r.result.figures.get(p.id, {})
    rows = []
    ruled = share_rule_applies(p, r.catalogue.settings)
    for key in FIGURES:
        if key in SHARE_RULE_FIGURES and not ruled and figures:
            rows.append((r.label(key), share_absent(r.share_note(p))))
        elif key in figures:
            value = figures[key]
            rows.append((r.label(FIGURE_LABELS.get(key, key)), pct(value) if key in SHARE_FIGURES else num(value)))
        elif key == "workplace_share" and figures:  # not given: no hour counts in the share's base yet
            rows.append((r.label(key), share_absent(r.share_note(p))))
    for key in sorted(k for k in figures if k.startswith("weighted:")):
        rows.append((f"{r.label('weighted')} ({key.partition(':')[2]})", pct(figures[key])))
    return rows


def qualification_key(catalogue: Any, p: Programme | None, code: str) -> str | None:
    q = catalogue.qualification(code, p)
    if q is None:
        return None
    return next((k for k, v in catalogue.qualifications.items() if v is q), None)


def qualification_page(catalogue: Any, p: Programme | None, code: str) -> str | None:
    key = qualification_key(catalogue, p, code)
    return f"qualifications/{slug(key)}.md" if key else None


def item_tree(index: Any) -> list[tuple[int, str]]:
    """(depth, item id) in document order."""
    out: list[tuple[int, str]] = []
    stack = [(0, i) for i in reversed(index.children.get(None, []))]
    while stack:
        depth, item = stack.pop()
        out.append((depth, item))
        stack.extend((depth + 1, c) for c in reversed(index.children.get(item, [])))
    return out


def who_covers(r: Renderer, fw: str, item: str) -> list[tuple[Programme, Any, Any, str]]:
    """(programme, module, outcome, level) for every outcome that covers ``fw:item`` directly."""
    found = r.memo.get("who_covers")
    if found is None:  # every outcome's covers, read once for all the items of all the framework pages
        found = r.memo["who_covers"] = {}
        for pid in sorted(r.catalogue.programmes):
            p = r.catalogue.programmes[pid]
            for m in p.modules:
                for o in m.outcomes:
                    for c in o.covers:
                        found.setdefault(c.competency, []).append((p, m, o, c.level))
    return list(found.get(f"{fw}:{item}", ()))


def qualification_rows(r: Renderer, key: str, q: Any) -> list[dict[str, Any]]:
    """For each requirement: the programmes awarding the qualification and what covers it there."""
    rows = []
    programmes = [
        r.catalogue.programmes[pid]
        for pid in sorted(r.catalogue.programmes)
        if any(
            qualification_key(r.catalogue, r.catalogue.programmes[pid], c) == key
            for c in r.catalogue.programmes[pid].qualifications
        )
    ]
    for req in q.requires:
        fw, _, item = req.competency.partition(":")
        index = r.catalogue.indexes.get(fw)
        if index is None:
            refs = [req.competency]
        elif req.subtree:
            refs = [f"{fw}:{x}" for x in index.leaves(item or None)]
        elif item:
            refs = [req.competency]
        else:
            refs = [f"{fw}:{x}" for x in index.children[None]]
        entries = []
        for ref in refs:
            where = []
            for p in programmes:
                cov = r.result.coverage.get(p.id)
                records = cov.records.get(ref, []) if cov else []
                seen = sorted({(rec.module.id, rec.outcome.id, rec.level) for rec in records})
                where.append((p, seen, bool(cov and cov.gaps.get(ref))))
            entries.append((ref, r.catalogue.item(ref), where))
        rows.append({"req": req, "entries": entries})
    return rows


# --------------------------------------------------------------------------- HTML pieces
def pages_for(result: Result, r: Renderer, root: Path) -> tuple[list[Page], list[Any]]:
    """Every page of one language, and the nav (titles HTML-escaped)."""
    cat = result.catalogue
    pages: list[Page] = [Page("index.md", "index.md.j2", r.label("home"), hide=("toc",))]
    nav: list[Any] = [{escape_html(r.label("home")): "index.md"}]
    prog_nav: list[Any] = []
    for pid in sorted(cat.programmes):
        p = cat.programmes[pid]
        base = f"programmes/{slug(pid)}"
        ctx = {"p": p, "cov": result.coverage.get(pid), "base": base}
        title = r.plain(p.title)
        section: list[Any] = []

        def add(
            path: str,
            template: str,
            page_title: str,
            nav_title: str,
            extra: dict[str, Any] | None = None,
            into: list[Any] = section,
            hide: tuple[str, ...] = (),
            ctx: dict[str, Any] = ctx,
            searched: bool = True,
            prerendered: bool = False,
            skip: str | None = None,
        ) -> None:
            pages.append(Page(path, template, page_title, {**ctx, **(extra or {})}, hide, searched, prerendered, skip))
            into.append({escape_html(nav_title): path})

        add(f"{base}/index.md", "programme/index.md.j2", title, r.label("overview"))
        add(
            f"{base}/matrix.md",
            "programme/matrix.md.j2",
            f"{r.label('matrix')}: {title}",
            r.label("matrix"),
            hide=("toc",),
        )
        add(f"{base}/coverage.md", "programme/coverage.md.j2", f"{r.label('coverage')}: {title}", r.label("coverage"))
        add(
            f"{base}/graph.md", "programme/graph.md.j2", f"{r.label('graph')}: {title}", r.label("graph"), hide=("toc",)
        )
        add(
            f"{base}/accreditation.md",
            "programme/accreditation.md.j2",
            f"{r.label('accreditation')}: {title}",
            r.label("accreditation"),
        )
        add(f"{base}/sar.md", "programme/sar.md.j2", f"{r.label('sar')}: {title}", r.label("sar"))
        modules: list[Any] = []
        for m in p.modules:
            add(
                f"{base}/modules/{slug(m.id)}.md",
                "programme/module.md.j2",
                f"{m.id} {r.plain(m.title)}",
                f"{m.id} {r.plain(m.title)}",
                {"m": m},
                modules,
            )
        if modules:
            section.append({escape_html(r.label("modules")): modules})
        partners: list[Any] = []
        for x in p.partners:
            add(
                f"{base}/partners/{slug(x.id)}.md",
                "programme/partner.md.j2",
                r.plain(x.name),
                r.plain(x.name),
                {"x": x},
                partners,
            )
        if partners:
            section.append({escape_html(r.label("partners")): partners})
        if result.results is not None:
            add(
                f"{base}/results.md",
                "programme/results.md.j2",
                f"{r.label('results_title')}: {title}",
                r.label("results_title"),
            )
        add(
            f"{base}/print.md",
            "programme/print.md.j2",
            f"{title}",
            r.label("print"),
            hide=("toc", "navigation"),
            searched=False,  # every part of it is a page of its own: one hit per page
            prerendered=True,  # the whole programme on one page: converted here, its large blocks held out
            skip="d-cover",  # the theme's skip link needs headings it can see: this page names its start
        )
        prog_nav.append({escape_html(title): section})
    if prog_nav:
        nav.append({escape_html(r.label("programmes")): prog_nav})
    if result.results is not None:
        pages.append(Page("results.md", "results.md.j2", r.label("results_dashboard")))
        pages.append(Page("network.md", "network.md.j2", r.label("results_network")))
        nav.append(
            {
                escape_html(r.label("results_title")): [
                    {escape_html(r.label("results_dashboard")): "results.md"},
                    {escape_html(r.label("results_network")): "network.md"},
                ]
            }
        )
    fw_nav: list[Any] = []
    if cat.frameworks:
        pages.append(Page("frameworks.md", "frameworks.md.j2", r.label("heatmap"), hide=("toc",)))
        fw_nav.append({escape_html(r.label("heatmap")): "frameworks.md"})
    for fid in sorted(cat.frameworks):
        fw = cat.frameworks[fid]
        path = f"frameworks/{slug(fid)}.md"
        pages.append(Page(path, "framework.md.j2", r.plain(fw.title), {"fw": fw, "index": cat.indexes[fid]}))
        fw_nav.append({escape_html(r.plain(fw.title)): path})
    if fw_nav:
        nav.append({escape_html(r.label("frameworks")): fw_nav})
    q_nav: list[Any] = []
    for key in sorted(cat.qualifications):
        q = cat.qualifications[key]
        path = f"qualifications/{slug(key)}.md"
        pages.append(Page(path, "qualification.md.j2", f"{q.code} {r.plain(q.title)}", {"q": q, "key": key}))
        q_nav.append({escape_html(f"{q.code} {r.plain(q.title)}"): path})
    if q_nav:
        nav.append({escape_html(r.label("qualifications")): q_nav})
    return pages, nav


USER_KEYS = ("site_description", "site_author", "copyright")
USER_THEME_KEYS = ("palette", "logo", "favicon", "icon", "features")


def user_config(root: Path) -> dict[str, Any]:
    """What the catalogue's ``mkdocs.yml`` says about the site that the generated configs keep:
    the site name and description, the copyright, and the theme's palette, logo, icons and features."""
    from .load import load_file, plain
    from .settings import find_config

    config = find_config(root)
    data = plain(load_file(config, config.name, any_tag=True)[0]) if config is not None else None
    if not isinstance(data, dict):
        return {}
    out = {key: data[key] for key in ("site_name", *USER_KEYS) if isinstance(data.get(key), str)}
    theme: dict[str, Any] = data["theme"] if isinstance(data.get("theme"), dict) else {}
    out["theme"] = {key: theme[key] for key in USER_THEME_KEYS if key in theme}
    return out


def render(result: Result, src: Path, shim: bytes, pdf: bool = False, progress: Any = None) -> list[Path]:
    """Write one project per language, ``src/<lang>/``: ``mkdocs.yml``, ``docs/`` and the theme
    ``overrides/``, building into ``src/<lang>/site`` (inside the project, as Zensical requires).
    Returns the configs."""
    languages = languages_of(result)
    configs = []
    for number, lang in enumerate(languages, 1):
        if progress is not None:
            progress.stage(f"render {lang}", number, len(languages))
        configs.append(render_language(result, lang, src / lang, shim, pdf))
    return configs


def languages_of(result: Result) -> list[str]:
    """The languages the site publishes, the default first."""
    return list(result.catalogue.settings.languages) or ["en"]


def render_language(
    result: Result,
    lang: str,
    project: Path,
    shim: bytes,
    pdf: bool = False,
    own: Any = None,
    *,
    keep: bool = False,
    revision: Any = None,
    stale: list[str] | None = None,
) -> Path:
    """Write the project of one language (see :func:`render`) and return its config file.

    ``own``, a predicate on a page's docs path, renders only the pages it accepts; every other page
    is written as its front matter alone (a stub: title and settings, which the site builder reads
    for the navigation of the pages it does build). Used to build a site in groups of pages
    (:mod:`curriculum.groups`). With ``keep``, a page ``own`` does not accept is left as it is in
    the project (rendered before) when there is one; ``stale``, when given, then receives each such
    page whose front matter (its title, what it hides) is no longer what it would be now. ``revision``
    is the catalogue revision the dossier names (by default the catalogue's, from git or its content)."""
    root = result.catalogue.root
    languages = languages_of(result)
    reference = root / "docs" / "reference" / "format.md"
    user = user_config(root)
    write_overrides(root, project / "overrides", shim)
    env = make_env(root)
    r = Renderer(result, lang, env)
    r.pdf = pdf
    r.revision = revision
    install(env, r)
    docs = project / "docs"
    pages, nav = pages_for(result, r, root)
    for page in pages:
        target = docs / page.path
        mine = own is None or own(page.path)
        if keep and not mine and target.is_file():
            if stale is not None:
                want = r.front(page).encode(
                    "utf-8"
                )  # ends in the blank line after it: equal starts, equal front matters
                with target.open("rb") as had:
                    if had.read(len(want)) != want:
                        stale.append(page.path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(r.render(page) if mine else r.front(page), encoding="utf-8")
    if reference.is_file() and lang == REFERENCE_LANG:  # the format reference is written in English only
        (docs / "reference").mkdir(parents=True, exist_ok=True)
        if own is None or own(REFERENCE_PAGE):
            shutil.copyfile(reference, docs / REFERENCE_PAGE)
        elif keep and (docs / REFERENCE_PAGE).is_file():
            pass
        else:
            (docs / REFERENCE_PAGE).write_text("", encoding="utf-8")
        nav.append({escape_html(r.label("reference")): REFERENCE_PAGE})
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    for asset in ASSET_FILES:
        shutil.copyfile(ASSETS / asset, docs / "assets" / asset)
    config_file = project / "mkdocs.yml"
    config = site_config(site_name(result.catalogue.settings, user, lang), user, lang, languages, nav)
    config_file.write_text(dump_config(config), encoding="utf-8")
    return config_file


_DUMPED: dict[str, str] = {}  # a language's configuration as JSON → as YAML: the same text, dumped once


def dump_config(config: dict[str, Any]) -> str:
    """``mkdocs.yml``'s text for ``config`` (the YAML dump of the whole navigation is the slow part of
    rendering one page: the serving process dumps each language's configuration once while it stays the same)."""
    key = json.dumps(config, ensure_ascii=False)
    text = _DUMPED.get(key)
    if text is None:
        text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        if len(_DUMPED) >= 8:
            _DUMPED.pop(next(iter(_DUMPED)))
        _DUMPED[key] = text
    return text


def site_name(settings: Any, user: dict[str, Any], lang: str) -> str:
    """The site's name in ``lang``: the ``site_name`` setting, else ``mkdocs.yml``'s, else the toolkit's."""
    if settings.site_name is not None:
        return str(settings.site_name.get(lang, tuple(settings.languages)))
    if "site_name" in user:
        return str(user["site_name"])
    return LABELS["site_name"].get(lang) or LABELS["site_name"]["en"]


def write_overrides(root: Path, overrides: Path, shim: bytes) -> None:
    """The theme overrides (the package's, then the catalogue's ``templates/overrides``) and the shim."""
    shutil.copytree(TEMPLATES / "overrides", overrides, dirs_exist_ok=True)
    if (root / "templates" / "overrides").is_dir():
        shutil.copytree(root / "templates" / "overrides", overrides, dirs_exist_ok=True)
    shim_file = overrides / SHIM_PATH
    shim_file.parent.mkdir(parents=True, exist_ok=True)
    shim_file.write_bytes(shim)


def search_config(lang: str) -> dict[str, Any]:
    """The search plugin's settings for one language (lunr.js, run by Material's search worker).

    Material adds a trailing wildcard to every word of a query, so a word finds every word it begins:
    prefix matching. Russian keeps Material's default (lunr's Russian language, stop words). lunr has no
    Kazakh: a Kazakh site gets no stemmer, stop words or trimmer (``pipeline: []``) and lunr's base
    language, never the Russian rules, so тәлімгер finds тәлімгерлер and тәлімгерді as written.
    """
    config: dict[str, Any] = {"separator": SEARCH_SEPARATOR}
    if lang in UNSTEMMED:
        config.update(lang=["en"], pipeline=[])
    return config


def site_config(name: str, user: dict[str, Any], lang: str, languages: Sequence[str], nav: list[Any]) -> dict[str, Any]:
    """One language's ``mkdocs.yml``: read by MkDocs and by Zensical alike."""
    features = ["navigation.indexes", "navigation.top", "navigation.prune", "search.highlight"]
    features += [f for f in user["theme"].get("features", []) if f not in features] if user else []
    return {
        "site_name": escape_html(name),
        **{key: escape_html(user[key]) for key in USER_KEYS if key in user},
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": {
            "name": "material",
            "language": lang,
            "custom_dir": "overrides",
            "font": False,
            **{k: v for k, v in (user.get("theme") or {}).items() if k != "features"},
            "features": features,
        },
        "plugins": [{"search": search_config(lang)}, "offline"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra_css": ["assets/curriculum.css"],
        "extra_javascript": ["assets/curriculum.js"],
        "extra": {
            "generator": False,
            "not_found": LABELS["not_found"].get(lang) or LABELS["not_found"]["en"],
            "polyfills": [SHIM_PATH],
            # `alternate: true` shows the switcher (partials/alternate.html reads the list from
            # `languages`) without base.html's <link rel=alternate> tags: with them, Material 9.8
            # fetches each language's sitemap.xml by XHR, which fails (console errors) on file://.
            "alternate": True,
            "languages": [{"name": LANGUAGE_NAMES.get(x, x), "link": f"../{x}/", "lang": x} for x in languages],
            # pages published in one language only: the switcher sends the other languages home
            "only_in": {"reference/format.html": REFERENCE_LANG},
        },
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "nav": nav,
    }
