"""The ``curriculum`` command: each subcommand parses options and calls one core function."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .report import REPORTERS

PATH = click.Path(path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="curriculum")
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    envvar="CURRICULUM_TODAY",
    help="The date every date-dependent finding and page counts from (default: the system date; "
    "also CURRICULUM_TODAY).",
)
def main(today: str | None) -> None:
    """Design, check and publish dual programmes described in YAML."""
    if today:
        from . import clock

        try:
            os.environ[clock.ENV] = clock.parse(today).isoformat()
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--today") from None


@main.command()
@click.argument("path", type=PATH, required=False)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True, help="Report format."
)
@click.option("--output", "-o", type=PATH, help="Write the report to this file instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that fails the check (default: the `fail_on` setting, else error).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ru", "kk"]),
    default="en",
    show_default=True,
    help="Language of the findings and the report (English, Russian, Kazakh).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file and check every programme again, without the catalogue's .curriculum-cache/ folder.",
)
def check(path: Path | None, fmt: str, output: Path | None, fail_on: str | None, lang: str, no_cache: bool) -> None:
    """Check the catalogue at PATH (default: the current one): schema, references, coverage,
    dual-training rules, hours and languages. Exit 0 clean, 1 findings, 2 unusable input.

    With PATH a file, only the findings that concern it are reported: those in it, and those
    elsewhere with a related location in it. A re-check reads again only the files that changed and
    checks again only the programmes whose inputs changed (the cache in .curriculum-cache/, safe to
    delete; --no-cache ignores it)."""
    from .commands.check import run

    sys.exit(run(path, fmt, output, fail_on, lang, cache=not no_cache))


@main.command()
@click.argument("directory", type=PATH)
def init(directory: Path) -> None:
    """Create a new catalogue in DIRECTORY that passes `curriculum check`."""
    from .commands.scaffold import init as run

    sys.exit(run(directory))


@main.command()
@click.argument("path", type=PATH, required=False)
def migrate(path: Path | None) -> None:
    """Rewrite the data files at PATH (a file, a folder, default: the current catalogue) in the
    current format, keeping comments and key order. Files already current are left as they are.
    Exit 0 done, 1 with findings to settle by hand (e.g. a region with no known code), 2 unreadable."""
    from .commands.migrate import run

    sys.exit(run(path))


@main.command()
@click.argument("kind", type=click.Choice(["programme"]))
@click.argument("ident")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def new(kind: str, ident: str, root: Path | None) -> None:
    """Add a skeleton KIND (programme) with id IDENT to the catalogue."""
    from .commands.scaffold import new_programme

    sys.exit(new_programme(ident, root))


@main.command()
@click.argument(
    "kind",
    type=click.Choice(["framework", "qualification", "programme", "vocabulary", "standard", "all"]),
    default="all",
)
@click.option("--output-dir", "-o", type=PATH, help="Write <kind>.schema.json files here instead of printing.")
def schema(kind: str, output_dir: Path | None) -> None:
    """Print or write the JSON Schemas derived from the data model."""
    from .commands.schema import run

    sys.exit(run(kind, output_dir))


@main.command()
@click.argument("programme", required=False)
@click.option("--format", "fmt", type=click.Choice(["dot", "graphml", "json"]), default="json", show_default=True)
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--output", "-o", type=PATH, help="Write to this file instead of standard output.")
def graph(programme: str | None, fmt: str, root: Path | None, output: Path | None) -> None:
    """Export the coverage graph of the catalogue or of one PROGRAMME."""
    from .commands.graph import run

    sys.exit(run(programme, fmt, root, output))


@main.command()
@click.argument("revisions", nargs=-1, metavar="REV [REV2]")
@click.option(
    "--since-date", "since", metavar="DATE", help="Compare from the last commit on or before DATE (YYYY-MM-DD)."
)
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--output", "-o", type=PATH, help="Write to this file instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity of a new finding that fails (default: the `fail_on` setting, else error).",
)
def diff(
    revisions: tuple[str, ...], since: str | None, root: Path | None, fmt: str, output: Path | None, fail_on: str | None
) -> None:
    """What changed between git revision REV (a tag, branch, commit, HEAD~1) and REV2 (default: the
    working tree): modules, outcomes, partners field by field, hours, coverage and figures per
    programme, findings new and fixed. Exit 0 when nothing gets worse, 1 when coverage is lost or
    findings at or above the failing severity are new, 2 for bad usage or unreadable input."""
    from .commands.diff import run

    sys.exit(run(revisions, since, root, fmt, output, fail_on))


@main.command()
@click.argument("programme")
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default="kk", show_default=True, help="Language.")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default="docx", show_default=True)
@click.option("--output", "-o", type=PATH, required=True, help="File to write.")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def sar(programme: str, lang: str, fmt: str, output: Path, root: Path | None) -> None:
    """Write the self-assessment report of PROGRAMME for its accreditation: a heading per criterion of the
    standard, the evidence drawn from the data, and the team's narratives (DOCX needs `curriculum[docx]`,
    PDF `curriculum[pdf]`). Exit 0 written, 2 bad usage or unreadable input."""
    from .commands.sar import run

    sys.exit(run(programme, lang, fmt, output, root))


@main.command()
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--strict", is_flag=True, help="Fail on MkDocs warnings and on check errors.")
@click.option("--site-dir", type=PATH, help="Output folder (default: site/ in the catalogue).")
@click.option("--zip", "zip_path", type=PATH, help="Also write the built site to this zip file.")
@click.option("--pdf", is_flag=True, help="Also print each programme's dossier to an A4 PDF (Chromium via Playwright).")
@click.option(
    "--builder",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="Site builder: MkDocs + Material, or Zensical (pip install zensical).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes: the languages and groups of programmes are built side by side (the site is the same).",
)
@click.option(
    "--shard",
    metavar="I/N",
    help="Build shard I of N (every language, the programmes that fall on it) into --site-dir, for --merge; "
    "a shard whose inputs did not change since its last build there is kept.",
)
@click.option("--merge", "merge", is_flag=True, help="Merge the shard folders SHARDS into one site (--site-dir).")
@click.argument("shards", nargs=-1, type=PATH)
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary line (errors only).")
def build(
    root: Path | None,
    strict: bool,
    site_dir: Path | None,
    zip_path: Path | None,
    pdf: bool,
    builder: str,
    jobs: int,
    shard: str | None,
    merge: bool,
    shards: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Render the catalogue and build the accreditation site (progress on a terminal).

    In CI, `--shard I/N` builds part of it in each of N jobs and `--merge SHARDS...` puts the parts
    together: the same site as one build."""
    from .commands.build import EXIT_USAGE, run, run_merge

    if merge:
        if shard is not None or pdf or builder != "mkdocs":
            click.echo("curriculum: error: --merge takes no --shard, --pdf or --builder", err=True)
            sys.exit(EXIT_USAGE)
        sys.exit(run_merge(root, list(shards), site_dir, zip_path, strict=strict, quiet=quiet))
    if shards:
        click.echo(f"curriculum: error: unexpected argument {shards[0]} (shard folders go with --merge)", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(run(root, strict, site_dir, zip_path, pdf, builder=builder, quiet=quiet, jobs=jobs, shard=shard))


@main.command()
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary lines (errors only).")
def serve(root: Path | None, dev_addr: str, quiet: bool) -> None:
    """Serve the site and rebuild it when YAML under programmes/ or competencies/ changes."""
    from .commands.build import serve as run

    sys.exit(run(root, dev_addr, quiet=quiet))


@main.group()
def results() -> None:
    """Results (monitoring ratings, demonstration exams, employment, enrolment, agreements): the store
    derived from the catalogue's exports, published only as aggregates of at least k people."""


@results.command("import")
@click.argument("files", nargs=-1, required=True, type=PATH)
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option(
    "--partial", is_flag=True, help="Import the valid rows even when some are rejected (default: all or nothing)."
)
@click.option("--lang", type=click.Choice(["en", "ru", "kk"]), default="en", show_default=True)
def results_import(files: tuple[Path, ...], root: Path | None, partial: bool, lang: str) -> None:
    """Import CSV or XLSX exports FILE… into the results store, in one transaction. Exit 0 imported,
    1 rows rejected, 2 unusable input."""
    from .commands.results import run_import

    sys.exit(run_import(files, root, partial, lang))


@results.command("status")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def results_status(root: Path | None) -> None:
    """The results store: schema version, rows per kind, the import log."""
    from .commands.results import run_status

    sys.exit(run_status(root))


@results.command("export")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--output", "-o", type=PATH, required=True, help="Folder to write one CSV file per published table.")
def results_export(root: Path | None, output: Path) -> None:
    """Write the published results (aggregates of at least k people, suppressed cells empty) as CSV."""
    from .commands.results import run_export

    sys.exit(run_export(root, output))


@main.command()
@click.option("--output", "-o", type=PATH, help="Write to this file instead of standard output.")
def reference(output: Path | None) -> None:
    """Print the format reference (fields, settings, diagnostics) generated from the model."""
    from .reference import render

    text = render()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- exchange formats
@main.group("import")
def import_() -> None:
    """Read an outside format (CASE package, CurricularAnalytics CSV, …) into catalogue YAML."""


@main.group("export")
def export() -> None:
    """Write the catalogue, or one framework or programme, in an outside format (CASE, Europass ELM, …)."""


@import_.command("case")
@click.argument("packages", type=click.Path(path_type=Path, exists=True, dir_okay=False), nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Refuse a package that breaks CASE 1.1, naming each object and field.")
@click.option("--id", "framework_id", help="Framework id (default: from the package, else its title).")
@click.option("--output", "-o", type=PATH, help="YAML file to write (default: competencies/ID.yml).")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_case(
    packages: tuple[Path, ...],
    strict: bool,
    framework_id: str | None,
    output: Path | None,
    root: Path | None,
    force: bool,
) -> None:
    """Write a framework YAML file from CASE 1.1 PACKAGES (CFPackage JSON). Several packages of one
    framework in different languages (as `export case` writes them) give one framework with each text in
    each language. Lenient by default: each deviation from CASE 1.1 is repaired with a finding. Exit 0
    written, 1 refused by --strict, 2 unreadable input."""
    from .commands.exchange import import_case as run

    sys.exit(run(packages, strict, framework_id, output, root, force))


@export.command("case")
@click.argument("name", metavar="FRAMEWORK|PROGRAMME")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(["kk", "ru", "en"]),
    help="Language (repeatable; default: the site's languages).",
)
@click.option("--output", "-o", type=PATH, help="File (one language) or folder (NAME.LANG.json per language).")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option(
    "--base-uri",
    default="https://curriculum.invalid/ims/case/v1p1",
    show_default=True,
    help="Base of the URIs of objects born in the catalogue.",
)
def export_case(name: str, langs: tuple[str, ...], output: Path | None, root: Path | None, base_uri: str) -> None:
    """Write a framework, or a programme's outcomes and their alignments, as CASE 1.1 packages, one per
    language. The same catalogue always gives the same bytes."""
    from .commands.exchange import export_case as run

    sys.exit(run(name, langs, output, root, base_uri))


@export.command("analytics-csv")
@click.argument("programme")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(["kk", "ru", "en"]),
    help="Language of the names (repeatable; default: the site's first).",
)
@click.option("--output", "-o", type=PATH, help="File (one language) or folder (PROGRAMME.LANG.csv per language).")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def export_analytics_csv(programme: str, langs: tuple[str, ...], output: Path | None, root: Path | None) -> None:
    """Write PROGRAMME as a CurricularAnalytics degree-plan CSV (modules, requisites, credits, terms)."""
    from .commands.exchange import export_analytics as run

    sys.exit(run(programme, langs, output, root))


@import_.command("analytics-csv")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--id", "ident", required=True, help="Id of the programme to create.")
@click.option("--output", "-o", type=PATH, help="YAML file to write (default: programmes/ID.yml).")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_analytics_csv(path: Path, ident: str, output: Path | None, root: Path | None, force: bool) -> None:
    """Write a programme skeleton from a CurricularAnalytics curriculum or degree-plan CSV: its modules,
    prerequisites, co-requisites, credits and terms."""
    from .commands.exchange import import_analytics as run

    sys.exit(run(path, ident, output, root, force))


@export.command("xlsx")
@click.argument("programmes", nargs=-1)
@click.option("--output", "-o", type=PATH, required=True, help="The .xlsx file to write.")
@click.option(
    "--lang", type=click.Choice(["kk", "ru", "en"]), help="Language of the labels (default: the site's first)."
)
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def export_xlsx(programmes: tuple[str, ...], output: Path, lang: str | None, root: Path | None) -> None:
    """Write the working curriculum of PROGRAMMES (all when none is named) as an Excel workbook: a title
    sheet, then one sheet per programme with modules by cycle, hours by kind and semester, forms of
    control and totals (formulas with their values stored). `curriculum import xlsx` reads it back."""
    from .commands.exchange import export_xlsx as run

    sys.exit(run(programmes, output, lang, root))


@export.command("csv")
@click.argument("programme")
@click.option("--output", "-o", type=PATH, help="Write to this file instead of standard output.")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def export_csv(programme: str, output: Path | None, root: Path | None) -> None:
    """Write PROGRAMME's matrix of learning outcomes × competencies as CSV (cells: the level)."""
    from .commands.exchange import export_matrix_csv as run

    sys.exit(run(programme, output, root))


@import_.command("xlsx")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_xlsx(path: Path, root: Path | None, dry_run: bool) -> None:
    """Read a workbook written by `curriculum export xlsx` back into `programmes/`: only the working
    curriculum (modules' cycles, components, credits, hours by semester and kind, control forms, elective
    groups, number of semesters) changes; comments and everything else are kept. A programme not in the
    catalogue gets a new file. Exit 0 clean, 1 findings (a cell error writes nothing), 2 another layout."""
    from .commands.exchange import import_xlsx as run

    sys.exit(run(path, root, dry_run))


@export.command("elm")
@click.argument("programme")
@click.option("--output", "-o", type=PATH, help="Write to this file instead of standard output.")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
@click.option("--eqf", type=click.IntRange(1, 8), help="EQF level, when it differs from the NQF level.")
def export_elm(programme: str, output: Path | None, root: Path | None, eqf: int | None) -> None:
    """Write PROGRAMME's qualification and learning outcomes as a Europass ELM JSON-LD record
    (EQF/NQF level, ISCED-F field, credit points, outcomes with their ESCO skills)."""
    from .commands.exchange import export_elm as run

    sys.exit(run(programme, output, root, eqf))


@main.group("esco")
def esco_group() -> None:
    """ESCO releases recorded in the catalogue, so that ESCO URIs are checked offline."""


@esco_group.command("import")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--version", "version", help="Release version (default: from the folder name, e.g. `v1.2.0`).")
@click.option("--root", type=PATH, help="Catalogue folder (default: the current one).")
def esco_import(folder: Path, version: str | None, root: Path | None) -> None:
    """Record the ESCO CSV release in FOLDER (skills_*.csv, occupations_*.csv from the ESCO portal) as a
    compact index `esco/VERSION.json` in the catalogue. `curriculum check` then reports unknown ESCO URIs
    (with the nearest labels) and concepts gone or replaced since an older recorded release."""
    from .commands.exchange import esco_import as run

    sys.exit(run(folder, version, root))
