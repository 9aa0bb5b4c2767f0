"""The programme dossier: what its cover says, and printing every dossier of a build to PDF.

The dossier is the site's ``print.html`` of a programme (``templates/programme/print.md.j2``):
cover, contents, the programme's pages, wide tables on landscape pages. :mod:`curriculum.pdf`
prints it with Chromium through Playwright; here the jobs are made and run in parallel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .escape import slug
from .revision import revision
from .site import CHROMIUM_CANDIDATES

if TYPE_CHECKING:
    from .checks import Result
    from .progress import Progress
    from .render import Renderer


@dataclass(frozen=True)
class Job:
    html: Path  # the built print.html
    pdf: Path  # where the dossier goes
    title: str  # PDF title
    lang: str
    date: str  # the dossier's date (ISO), also its PDF dates


def dossier_facts(r: Renderer, p: Any) -> dict[str, Any]:
    """What the cover shows: programme, provider, qualifications, date and catalogue revision."""
    if r.revision is None:
        r.revision = revision(r.catalogue.root)
    rev = r.revision
    quals = []
    for code in p.qualifications:
        q = r.catalogue.qualification(code, p)
        quals.append((code, q.title if q else None, q.nqf_level if q else None))
    return {"revision": rev.text, "date": rev.date, "qualifications": quals}


def find_chromium() -> str | None:
    """``CURRICULUM_CHROMIUM``, else the system's Chromium (Debian: /usr/bin/chromium)."""
    import shutil

    override = os.environ.get("CURRICULUM_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in CHROMIUM_CANDIDATES:
        if os.access(name, os.X_OK):
            return name
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str | None:
    """Why ``--pdf`` cannot print here, or None."""
    import importlib.util

    absent = [name for name in ("playwright", "pikepdf") if importlib.util.find_spec(name) is None]
    if absent:
        return f"--pdf needs {' and '.join(absent)}: pip install 'curriculum[pdf]'"
    if find_chromium() is None:
        return "--pdf needs Chromium: apt-get install chromium (or set CURRICULUM_CHROMIUM to its path)"
    return None


def jobs(result: Result, site: Path, languages: list[str], title_label: dict[str, str]) -> list[Job]:
    """One job per language and programme, in a stable order."""
    rev = revision(result.catalogue.root)
    out = []
    for lang in languages:
        for pid in sorted(result.catalogue.programmes):
            p = result.catalogue.programmes[pid]
            folder = site / lang / "programmes" / slug(pid)
            title = f"{p.title.get(lang, tuple(result.catalogue.settings.languages))} — {title_label.get(lang, '')}"
            out.append(Job(folder / "print.html", folder / "dossier.pdf", title.strip(" —"), lang, rev.date))
    return out


def workers(count: int) -> int:
    """Dossiers printed at once: one per core (at most 4), never more than there are dossiers."""
    return max(1, min(count, os.cpu_count() or 1, 4))


def print_all(todo: list[Job], progress: Progress | None = None) -> None:
    """Print every job (in parallel where cores allow). Raise SiteError when one cannot be printed."""
    from .pdf import print_jobs

    chromium = find_chromium()
    if chromium is None:  # checked before the build; kept for callers that skip the check
        from .site import SiteError

        raise SiteError(missing() or "Chromium not found")
    print_jobs(todo, chromium, workers(len(todo)), progress)
