"""The English-word rule for Kazakh and Russian pages: no token of three or more Latin letters in
the text a reader sees, outside ``<code>`` and outside ids (codes with digits, ``FRAMEWORK:ITEM``
references, the catalogue's own ids, web addresses), except the reviewed proper names below.

Visible text is every text node outside ``<script>``, ``<style>``, ``<code>``, ``<kbd>``, ``<pre>``
and ``<head>`` (but with ``<title>``), plus the attributes a reader is shown: ``title`` (tooltips),
``aria-label`` (read aloud), ``alt``, ``placeholder`` and ``data-label`` (the column name a phone
shows beside a stacked table cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from html.parser import HTMLParser
from pathlib import Path

# Proper names that stay in Latin letters in Kazakh and Russian texts. Reviewed: add a name only
# when it is the name itself (an organisation, a brand, a standard), never an untranslated word.
ALLOWED = frozenset(
    {
        "WorldSkills",  # the organisation and its occupational standards
        "IQAA",  # Independent Agency for Quality Assurance in Education (Kazakhstan)
        "NKCA",  # Independent Kazakhstan Centre of Accreditation
        "ACQUIN",  # Accreditation, Certification and Quality Assurance Institute (Germany)
        "ESG",  # Standards and Guidelines for Quality Assurance in the EHEA
        "EQAR",  # European Quality Assurance Register
        "DEQAR",  # EQAR's database of external QA results
        "KAZDUAL",  # the Erasmus+ project
        "CurricularAnalytics",  # the curricular-analytics toolbox whose metrics the graph page cites
        "Erasmus",  # the EU programme
        "English",  # the English site's own name in the language switcher (an endonym)
        "PDF",  # the file format
        "SVG",  # the file format
    }
)

SKIPPED = frozenset({"script", "style", "code", "kbd", "pre", "head", "template", "noscript"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "data-label")
WORD = re.compile(r"[^\s,;()\[\]{}«»\"'“”„‘’|<>!?…—–·\\=+*]+")
LATIN = re.compile(r"[A-Za-z]{3,}")
URL = re.compile(r"^(?:[a-z]+://|www\.|mailto:)|\.(?:kz|com|org|net|ru|edu|gov)(?:/|$)", re.IGNORECASE)
ROMAN = re.compile(r"^[IVXLC]+$")  # a century or a part number (XIX век), a numeral
REFERENCE = re.compile(r"^[a-z0-9][a-z0-9._-]*:[^\s:]+$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.parts: list[tuple[str, str]] = []  # (where, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and not self.skipping:
                self.parts.append((f"<{tag} {name}>", value))
        if tag == "title":
            self.in_title = True
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in SKIPPED:
            self.skipping += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and not self.skipping:
                self.parts.append((f"<{tag} {name}>", value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIPPED:
                self.skipping -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title or not self.skipping:
            where = self.stack[-1] if self.stack else ""
            self.parts.append((f"<{where}>", data))


def visible_texts(html: str) -> list[tuple[str, str]]:
    """(element, text) for every piece of text a reader sees or hears."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.parts


def is_id(word: str, ids: frozenset[str]) -> bool:
    bare = word.strip(".:;,")
    return (
        any(c.isdigit() for c in bare)
        or bool(ROMAN.match(bare))
        or bare in ids
        or bool(URL.search(bare))
        or bool(REFERENCE.match(bare))
        or "@" in bare
    )


def english_words(html: str, ids: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(element, word) for every English word on the page that the rule forbids."""
    return english_in(visible_texts(html), ids, allowed)


def english_in(
    texts: Iterable[tuple[str, str]], ids: Iterable[str] = (), allowed: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(where, word) for every forbidden English word of the (where, text) pairs."""
    known = frozenset(ids)
    names = ALLOWED | frozenset(allowed)
    out = []
    for where, text in texts:
        for word in WORD.findall(text):
            if not LATIN.search(word) or is_id(word, known):
                continue
            if any(token not in names for token in LATIN.findall(word)):
                out.append((where, word))
    return out


# What a reader of the page in the browser sees or hears: rendered text outside code, and the
# attributes shown as tooltips, read aloud or printed beside stacked cells.
VISIBLE_TEXTS_JS = """() => {
  const out = [["<title>", document.title]];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim()) continue;
    if (el.closest('code, kbd, pre, script, style, template, noscript')) continue;
    if (!el.closest('svg') && el.getClientRects().length === 0) continue;
    out.push(['<' + el.tagName.toLowerCase() + '>', n.textContent]);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder], [data-label]')) {
    if (el.closest('code, kbd, pre, script, style, template, noscript')) continue;
    for (const a of ['title', 'aria-label', 'alt', 'placeholder', 'data-label']) {
      const v = el.getAttribute(a);
      if (v) out.push(['<' + el.tagName.toLowerCase() + ' ' + a + '>', v]);
    }
  }
  return out;
}"""


def catalogue_ids(catalogue: object) -> frozenset[str]:
    """Every id the catalogue defines (programmes, modules, outcomes, assessments, partners,
    frameworks and their items, qualifications, vocabulary terms): ids, not words."""
    ids: set[str] = set()
    for p in getattr(catalogue, "programmes", {}).values():
        ids.add(p.id)
        ids.update(x.id for x in p.partners)
        for m in p.modules:
            ids.add(m.id)
            ids.update(o.id for o in m.outcomes)
            ids.update(a.id for a in m.assessments)
        for a in p.accreditation:
            ids.update(r.id for r in a.recommendations)
    for fid, index in getattr(catalogue, "indexes", {}).items():
        ids.add(fid)
        ids.update(index.items)
    ids.update(getattr(catalogue, "qualifications", {}))
    ids.update(getattr(catalogue, "standards", {}))
    return frozenset(ids)


def authors_words(catalogue: object, lang: str) -> frozenset[str]:
    """The Latin-letter tokens the catalogue's authors wrote in their ``lang`` texts (and in texts
    given once for every language): the names of technologies, products and enterprises that a
    Kazakh or Russian text of the catalogue itself contains are the authors' words, not the toolkit's."""
    from curriculum.model import Text

    found: set[str] = set()
    seen: set[int] = set()

    def walk(value: object) -> None:
        if isinstance(value, Text):
            text = value.values.get("") or value.values.get(lang) or ""
            found.update(LATIN.findall(text))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif is_dataclass(value) and id(value) not in seen:
            seen.add(id(value))
            for f in fields(value):
                if not f.metadata.get("internal"):
                    walk(getattr(value, f.name))

    for table in ("programmes", "frameworks", "qualifications", "vocabularies", "standards"):
        for obj in getattr(catalogue, table, {}).values():
            walk(obj)
    root = getattr(catalogue, "root", None)
    if isinstance(root, Path):
        # narratives written for the report in this language, and the registers imported as written
        for path in [*root.glob(f"programmes/*/{lang}/*.md"), *root.glob("results/*.csv")]:
            found.update(LATIN.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def scan(site: Path, lang: str, ids: Iterable[str] = (), allowed: Iterable[str] = ()) -> Iterator[tuple[str, str, str]]:
    """(page, element, word) over every HTML page of one language of a built site."""
    known = frozenset(ids)
    also = frozenset(allowed)
    for page in sorted((site / lang).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for where, word in english_words(html, known, also):
            yield page.relative_to(site).as_posix(), where, word
