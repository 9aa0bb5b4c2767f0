"""Print dossiers to PDF with Chromium through Playwright, then make the files reproducible.

The page sets its own paper (``@page``: A4, landscape pages for wide tables, the running header
and "N / M" page numbers in margin boxes), so the print uses the CSS page size. Each dossier is
printed twice: the first print's outline (one entry per heading) says on which page each part
begins, those numbers are written into the contents page, and the second print is the dossier
(a third one only if the numbers moved). pikepdf then sets the title, language and dates and a
content-derived file ID, so the same input gives the same bytes. One browser, several pages at
once (see :func:`curriculum.dossier.workers`).
"""

from __future__ import annotations

import asyncio
import datetime
import io
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .site import CHROMIUM_FLAGS, SiteError

if TYPE_CHECKING:
    from .dossier import Job
    from .progress import Progress

PDF_OPTIONS: dict[str, Any] = {
    "prefer_css_page_size": True,
    "print_background": True,
    "outline": True,
    "tagged": True,
    "format": "A4",
}
# The contents: each entry names the id of its part; the heading text is matched in the outline.
TOC_TARGETS = """() => Array.from(document.querySelectorAll('.dossier-toc [data-target]')).map(e => {
  const part = document.getElementById(e.dataset.target);
  const h = part && part.querySelector('h1, h2, h3, h4');
  return [e.dataset.target, h ? h.textContent.replace(/\\s+/g, ' ').trim() : ''];
})"""
SET_PAGES = """(pages) => {
  for (const e of document.querySelectorAll('.dossier-toc [data-target]')) {
    const slot = e.querySelector('.toc-page');
    if (slot) slot.textContent = pages[e.dataset.target] || '';
  }
}"""


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


def page_numbers(targets: list[tuple[str, str]], outline: list[tuple[str, int]]) -> dict[str, str]:
    """For each contents entry, the page its heading is on: the next outline entry with its text."""
    pages: dict[str, str] = {}
    at = 0
    for target, text in targets:
        for i in range(at, len(outline)):
            if outline[i][0] == text and outline[i][1]:
                pages[target] = str(outline[i][1])
                at = i + 1
                break
    return pages


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


async def _print_one(browser: Any, job: Job) -> None:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(job.html.resolve().as_uri(), wait_until="load")
        await page.emulate_media(media="print")
        targets = [tuple(x) for x in await page.evaluate(TOC_TARGETS)]
        data = await page.pdf(**PDF_OPTIONS)
        known: dict[str, str] = {}
        for _ in range(3):
            pages = page_numbers(targets, outline_pages(data))  # type: ignore[arg-type]
            if pages == known:
                break
            known = pages
            await page.evaluate(SET_PAGES, pages)
            data = await page.pdf(**PDF_OPTIONS)
    finally:
        await context.close()
    tmp = job.pdf.with_name(job.pdf.name + ".part")
    tmp.write_bytes(normalise(data, job))
    os.replace(tmp, job.pdf)


async def _print_all(jobs: list[Job], chromium: str, workers: int, progress: Progress | None) -> None:
    from playwright.async_api import async_playwright

    done = 0
    gate = asyncio.Semaphore(workers)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS), headless=True)
        try:

            async def one(job: Job) -> None:
                nonlocal done
                async with gate:
                    await _print_one(browser, job)
                done += 1
                if progress is not None:
                    progress.stage(f"pdf ×{workers}", done, len(jobs))

            await asyncio.gather(*(one(job) for job in jobs))
        finally:
            await browser.close()


def print_jobs(jobs: list[Job], chromium: str, workers: int, progress: Progress | None = None) -> None:
    """Print ``jobs`` with at most ``workers`` pages at once. Raise SiteError on failure."""
    if progress is not None:
        progress.stage(f"pdf ×{workers}", 0, len(jobs))
    from concurrent.futures import ThreadPoolExecutor

    try:  # in a thread of its own, so that no event loop of the caller is in the way
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _print_all(jobs, chromium, workers, progress)).result()
    except SiteError:
        raise
    except Exception as exc:  # noqa: BLE001 - Playwright's errors: the message is what matters
        raise SiteError(f"could not print the dossiers with {chromium}: {exc}") from exc
