"""Print dossiers to PDF with Chromium through Playwright, then make the files reproducible.

The page sets its own paper (``@page``: A4, landscape pages for wide tables, the running header
and "N / M" page numbers in margin boxes), so the print uses the CSS page size. Each dossier is
printed twice: the first print's outline (one entry per heading) says on which page each part
begins, those numbers are written into the contents page, and the second print is the dossier
(a third one only if the numbers moved). pikepdf then sets the title, language and dates and a
content-derived file ID (:mod:`curriculum.pdfmeta`), so the same input gives the same bytes. One
browser, several pages at once (see :func:`curriculum.dossier.workers`).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any

from .pdfmeta import normalise, outline_pages
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
