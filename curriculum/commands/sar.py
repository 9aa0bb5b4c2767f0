"""`curriculum sar`: the self-assessment report of one programme as DOCX or PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue import find_root
from ..checks import check_path
from ..diagnostics import closest, unreadable

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(message: str, hint: str = "") -> int:
    print(f"curriculum: error: {message}" + (f"\n  hint: {hint}" if hint else ""), file=sys.stderr)
    return EXIT_USAGE


def run(programme: str, lang: str, fmt: str, output: Path, root: Path | None) -> int:
    """Write the SAR of ``programme`` in ``lang`` to ``output``; 0 written, 2 bad usage or unreadable input."""
    from ..sar import docx as docx_writer
    from ..sar.report import build

    if fmt == "docx" and (why := docx_writer.missing()):
        return _fail(why)
    folder = find_root(root or Path.cwd())
    if folder is None:
        return _fail(f"no catalogue at {root or Path.cwd()}", "pass the catalogue's folder with --root")
    result = check_path(folder)
    broken = unreadable(result.diagnostics)
    if broken:
        first = broken[0]
        return _fail(f"{first.where}: {first.message}", "run `curriculum check` and fix the files first")
    p = result.catalogue.programmes.get(programme)
    if p is None:
        close = closest(programme, result.catalogue.programmes)
        return _fail(f"no programme `{programme}`", f"did you mean `{close}`?" if close else "see `programmes/`")
    report = build(result, p, lang)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            docx_writer.write(report, p.provider.name.get(lang), output)
        else:
            from ..sar import pdf as pdf_writer
            from ..site import SiteError

            try:
                pdf_writer.write(report, output)
            except SiteError as exc:
                return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}")
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK
