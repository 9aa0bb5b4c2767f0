"""Escaping for every output language the site is written in, and safe file names.

A leaf module: the renderer and the drawings both use it, and it uses nothing of theirs.
"""

from __future__ import annotations

import hashlib
import html
import re

# Markdown characters Python-Markdown (with the tables extension) accepts a backslash before.
_MD_META = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_CSS_UNSAFE = re.compile(r"[^\w .,:;!?()\-–—«»„“”'/+&%№]", re.UNICODE)


def escape_md(value: str) -> str:
    """Markdown-safe inline text: metacharacters backslash-escaped, then HTML-escaped."""
    value = " ".join(str(value).split())
    return html.escape(_MD_META.sub(r"\\\1", value), quote=False)


def escape_html(value: str) -> str:
    """Text or attribute value in HTML (whitespace folded, quotes escaped)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def escape_css(value: str) -> str:
    """The inside of a double-quoted CSS string inside a ``<style>`` element: every character that
    could end the string, the rule or the element is written as a CSS hex escape."""
    value = " ".join(str(value).split())
    return _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group(0)):x} ", value)


_BOUNDARY = re.compile(r"(</(?:td|th|tr|li|ul|ol|thead|tbody|table|p|dt|dd)>)(?=<)")


def apart(markup: str) -> str:
    """HTML with a line break after every closing table cell, row, list item and paragraph, so that
    text extractors (the site's search index) never glue the words of two cells into one token.
    Browsers ignore whitespace between these elements."""
    return _BOUNDARY.sub("\\1\n", markup)


def slug(value: str) -> str:
    """A file name for an id: unchanged when safe, else made safe and made unique with a hash."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip(".-") or "x"
    if safe != value:
        safe += "-" + hashlib.sha1(value.encode()).hexdigest()[:6]
    return safe
