"""A printed dossier made reproducible and correct as a file: what Chromium leaves that differs
from one print to the next, or that points at the folder the build ran in, is rewritten.

* links to other pages of the site become relative (Chromium writes ``file://`` URIs of the stage);
* the tagged structure's element ids (Chromium's DOM node ids) are numbered in document order;
* title, language and dates are set (the dates from the dossier's date); the file ID is derived
  from the content.
"""

from __future__ import annotations

import datetime
import io
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from .dossier import Job


def outline_pages(data: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline entry, in document order."""
    import pikepdf

    out: list[tuple[str, int]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index: dict[Any, int] = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                dest = item.destination
                page = index.get(dest[0].objgen, 0) if isinstance(dest, pikepdf.Array) and len(dest) else 0
                out.append((" ".join(str(item.title).split()), page))
                stack.extend(reversed(item.children))
    return out


def relative_links(pdf: Any, job: Job) -> None:
    """Links to other pages of the site are printed as ``file://`` URIs of the folder the build ran
    in; write them relative to the dossier (as on the site), so they work wherever the site is."""
    import pikepdf

    base = job.html.resolve().parent
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith("file://"):
                parts = urlsplit(uri)
                target = os.path.relpath(url2pathname(parts.path), base).replace(os.sep, "/")
                action.URI = pikepdf.String(target + (f"#{parts.fragment}" if parts.fragment else ""))


def renumber_structure(pdf: Any) -> None:
    """The tagged structure names its elements after Chromium's DOM node ids, which depend on what
    the page's scripts did first. Number them in document order instead (and the references to them)."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    mapping: dict[str, str] = {}
    elements: list[Any] = []  # those with an /ID, in document order
    visited: list[Any] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        visited.append(node)
        if "/ID" in node and str(node.ID) not in mapping:
            mapping[str(node.ID)] = f"n{len(mapping):07d}"
            elements.append(node)
        kids = node.get("/K")
        if kids is not None:
            stack.extend(reversed(list(kids) if isinstance(kids, pikepdf.Array) else [kids]))
    for node in visited:
        if "/ID" in node:
            node.ID = pikepdf.String(mapping[str(node.ID)])
        attrs = node.get("/A")
        for attr in list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []:
            if isinstance(attr, pikepdf.Dictionary) and "/Headers" in attr:
                attr.Headers = pikepdf.Array([pikepdf.String(mapping.get(str(h), str(h))) for h in attr.Headers])
    if "/IDTree" in root:
        names: list[Any] = []
        for node in elements:
            names += [pikepdf.String(str(node.ID)), node]
        root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))


def normalise(data: bytes, job: Job) -> bytes:
    """Relative links, title, language, fixed dates and a content-derived ID: the same input, the same bytes."""
    import pikepdf

    when = datetime.date.fromisoformat(job.date).strftime("D:%Y%m%d000000Z")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        relative_links(pdf, job)
        renumber_structure(pdf)
        info = pdf.docinfo
        info["/Title"] = job.title
        info["/Creator"] = "curriculum"
        info["/CreationDate"] = when
        info["/ModDate"] = when
        pdf.Root.Lang = pikepdf.String(job.lang)
        prefs = pdf.Root.get("/ViewerPreferences") or pikepdf.Dictionary()
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = job.title
            meta["dc:language"] = [job.lang]
        if "/ID" in pdf.trailer:  # a file ID is made from the content below, never kept
            del pdf.trailer["/ID"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
