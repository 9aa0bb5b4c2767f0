"""`curriculum import …` and `curriculum export …` for the exchange formats of :mod:`curriculum.exchange`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from ..catalogue import Catalogue, find_root, load_catalogue
from ..diagnostics import Diagnostic, Severity, unreadable

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def error(text: str) -> int:
    print(f"curriculum: error: {text}", file=sys.stderr)
    return EXIT_USAGE


def report(diags: list[Diagnostic], lang: str = "en") -> None:
    """Findings on standard error, one per line with its hint, in file order."""
    for x in sorted(diags, key=lambda x: (x.file, x.line, x.column, x.code)):
        print(f"{x.file}:{x.line}:{x.column}: {x.code} {x.severity}: {x.message_in(lang)}", file=sys.stderr)
        hint = x.hint_in(lang)
        if hint:
            print(f"  hint: {hint}", file=sys.stderr)


def dump_yaml(data: dict[str, Any], header: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return header + body


def write(path: Path, text: str) -> int | None:
    """Write ``text`` whole (through a temporary file beside it); an exit code on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        return error(f"cannot write {path}: {exc.strerror or exc}")
    return None


def open_catalogue(root: Path | None) -> Catalogue | int:
    folder = find_root(root or Path.cwd())
    if folder is None:
        return error("no catalogue here; pass --root")
    catalogue = load_catalogue(folder)
    unusable = unreadable(catalogue.diagnostics)
    if unusable:
        report(unusable)
        return error("fix the files above first (`curriculum check` lists every finding)")
    return catalogue


# --------------------------------------------------------------------------- CASE
def import_case(
    packages: tuple[Path, ...],
    strict: bool,
    framework_id: str | None,
    output: Path | None,
    root: Path | None,
    force: bool,
) -> int:
    from ..exchange import case

    built = case.import_packages(list(packages), strict=strict, framework_id=framework_id)
    report(built.diagnostics)
    if not built.data:
        if unreadable(built.diagnostics) or any(x.code == "CUR810" for x in built.diagnostics):
            return EXIT_USAGE
        print(
            "curriculum: the package breaks CASE 1.1 (findings above); nothing written. "
            "Without --strict each deviation is repaired with a finding.",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    if output is None:
        folder = find_root(root or Path.cwd())
        if folder is None:
            return error("no catalogue here to write into; pass --root or -o FILE")
        output = folder / "competencies" / f"{built.data['id']}.yml"
    if output.exists() and not force:
        return error(f"{output} exists; pass --force to replace it")
    names = ", ".join(p.name for p in packages)
    header = f"# Imported from the CASE package {names} by `curriculum import case`.\n"
    failed = write(output, dump_yaml(built.data, header))
    if failed is not None:
        return failed
    items = _count(built.data.get("items", []))
    print(f"wrote {output} ({items} items)", file=sys.stderr)
    return EXIT_CLEAN


def _count(items: list[dict[str, Any]]) -> int:
    return sum(1 + _count(x.get("items", [])) for x in items)


def export_case(name: str, langs: tuple[str, ...], output: Path | None, root: Path | None, base: str) -> int:
    from ..exchange import case

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    frameworks = {k: v.framework for k, v in catalogue.indexes.items()}
    languages = langs or tuple(catalogue.settings.languages)
    if name in frameworks:
        fw = frameworks[name]
        changed = case.changed_of(fw, catalogue.root / fw.loc.file if fw.loc.file else None)
        texts = {lang: case.dumps(case.export_framework(fw, lang, changed, base)) for lang in languages}
    elif name in catalogue.programmes:
        p = catalogue.programmes[name]
        changed = case.changed_of(p, catalogue.root / p.loc.file if p.loc.file else None)
        texts = {lang: case.dumps(case.export_programme(p, frameworks, lang, changed, base)) for lang in languages}
    else:
        known = sorted([*frameworks, *catalogue.programmes])
        return error(f"no framework or programme `{name}`; known: {', '.join(known)}")
    return _emit(name, texts, output, "json")


def _emit(name: str, texts: dict[str, str], output: Path | None, ext: str) -> int:
    """One text to standard output or a file; several (one per language) into a folder as NAME.LANG.EXT."""
    if len(texts) == 1 and (output is None or output.suffix == f".{ext}"):
        text = next(iter(texts.values()))
        if output is None:
            sys.stdout.write(text)
            return EXIT_CLEAN
        return write(output, text) or EXIT_CLEAN
    if output is None:
        return error("several languages give several files: pass -o FOLDER (or one --lang)")
    if output.suffix == f".{ext}":
        return error(f"several languages give several files: pass -o FOLDER, not a .{ext} file")
    for lang, text in texts.items():
        failed = write(output / f"{name}.{lang}.{ext}", text)
        if failed is not None:
            return failed
    print(f"wrote {len(texts)} files to {output}", file=sys.stderr)
    return EXIT_CLEAN


def failing(diags: list[Diagnostic]) -> bool:
    return any(x.severity >= Severity.ERROR for x in diags)


# --------------------------------------------------------------------------- CurricularAnalytics CSV
def export_analytics(name: str, langs: tuple[str, ...], output: Path | None, root: Path | None) -> int:
    from ..exchange import analytics_csv

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    if name not in catalogue.programmes:
        return error(f"no programme `{name}`; known: {', '.join(sorted(catalogue.programmes))}")
    p = catalogue.programmes[name]
    languages = langs or tuple(catalogue.settings.languages[:1])
    texts = {lang: analytics_csv.export_programme(p, lang) for lang in languages}
    return _emit(name, texts, output, "csv")


def import_analytics(path: Path, ident: str, output: Path | None, root: Path | None, force: bool) -> int:
    from ..exchange import analytics_csv

    found = analytics_csv.import_csv(path, ident)
    report(found.diagnostics)
    if not found.data:
        return EXIT_USAGE
    if output is None:
        folder = find_root(root or Path.cwd())
        if folder is None:
            return error("no catalogue here to write into; pass --root or -o FILE")
        output = folder / "programmes" / f"{ident}.yml"
    if output.exists() and not force:
        return error(f"{output} exists; pass --force to replace it")
    header = (
        f"# Imported from the CurricularAnalytics CSV {path.name} by `curriculum import analytics-csv`.\n"
        "# The modules and their requisites come from the file; fill in the rest (`curriculum check` lists it).\n"
    )
    failed = write(output, dump_yaml(found.data, header))
    if failed is not None:
        return failed
    print(f"wrote {output} ({len(found.data['modules'])} modules)", file=sys.stderr)
    return EXIT_CLEAN


# --------------------------------------------------------------------------- Europass ELM
def export_elm(name: str, output: Path | None, root: Path | None, eqf: int | None) -> int:
    from ..exchange import elm

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    if name not in catalogue.programmes:
        return error(f"no programme `{name}`; known: {', '.join(sorted(catalogue.programmes))}")
    text = elm.dumps(elm.record(catalogue.programmes[name], catalogue, eqf))
    return _emit(name, {"": text}, output, "jsonld")


# --------------------------------------------------------------------------- ESCO
def esco_import(folder: Path, version: str | None, root: Path | None) -> int:
    from .. import diagnostics as d
    from ..exchange import esco
    from ..load import Loc

    target_root = find_root(root or Path.cwd())
    if target_root is None:
        return error("no catalogue here to record the release in; pass --root")
    try:
        release = esco.read_release(folder, version)
    except (esco.ReleaseError, OSError, UnicodeDecodeError) as exc:
        report([d.make(d.ESCO_RELEASE_UNREADABLE, Loc(str(folder), 1, 1), reason=str(exc))])
        return EXIT_USAGE
    path = esco.write_index(release, target_root)
    kinds = {k: sum(1 for c in release.concepts.values() if c.kind == k) for k in ("skill", "occupation")}
    print(
        f"recorded ESCO {release.version} in {path.relative_to(target_root)} "
        f"({kinds['skill']} skills, {kinds['occupation']} occupations)",
        file=sys.stderr,
    )
    return EXIT_CLEAN


# --------------------------------------------------------------------------- working curriculum as .xlsx
def export_xlsx(names: tuple[str, ...], output: Path, lang: str | None, root: Path | None) -> int:
    from ..exchange import xlsx

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    unknown = [n for n in names if n not in catalogue.programmes]
    if unknown:
        return error(f"no programme `{unknown[0]}`; known: {', '.join(sorted(catalogue.programmes))}")
    chosen = (
        [catalogue.programmes[n] for n in names]
        if names
        else [catalogue.programmes[k] for k in sorted(catalogue.programmes)]
    )
    if not chosen:
        return error("the catalogue has no programme to export")
    data = xlsx.export_workbook(chosen, catalogue, lang or catalogue.settings.languages[0])
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(f".{output.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as exc:
        return error(f"cannot write {output}: {exc.strerror or exc}")
    print(f"wrote {output} ({len(chosen)} programmes)", file=sys.stderr)
    return EXIT_CLEAN


def export_matrix_csv(name: str, output: Path | None, root: Path | None) -> int:
    from ..exchange import xlsx

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    if name not in catalogue.programmes:
        return error(f"no programme `{name}`; known: {', '.join(sorted(catalogue.programmes))}")
    return _emit(name, {"": xlsx.matrix_csv(catalogue.programmes[name])}, output, "csv")


def import_xlsx(path: Path, root: Path | None, dry_run: bool) -> int:
    from ..exchange import xlsx

    catalogue = open_catalogue(root)
    if isinstance(catalogue, int):
        return catalogue
    display = path.name
    try:
        terms = {v: list(catalogue.terms.get(v, {})) for v in ("cycles", "components", "hour-kinds", "control-forms")}
        read = xlsx.read_workbook(path, display, terms)
    except xlsx.LayoutError as exc:
        report([exc.finding])
        print("curriculum: nothing written", file=sys.stderr)
        return EXIT_USAGE
    if failing(read.diagnostics):
        report(read.diagnostics)
        print("curriculum: nothing written: correct the cells above and import again", file=sys.stderr)
        return EXIT_FINDINGS
    texts, found, outcome = xlsx.apply(read, catalogue, display)
    diags = [*read.diagnostics, *found]
    report(diags)
    if not dry_run:
        for target, text in texts.items():
            failed = write(target, text)
            if failed is not None:
                return failed
    for ident, what in outcome.items():
        print(f"{ident}: {what}{' (dry run)' if dry_run and what != 'unchanged' else ''}", file=sys.stderr)
    return EXIT_FINDINGS if diags else EXIT_CLEAN
