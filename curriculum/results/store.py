"""The results store: one DuckDB file, the only module that speaks SQL.

The schema is versioned (``meta.schema_version``) and grows by migrations, applied in order when a
store is opened. Imports are transactional (all files of one import, or none) and idempotent: a row
whose natural key is stored replaces it, and the same file twice adds nothing. The import log keeps
file, hash and rows added, replaced, unchanged and rejected; the findings of the rejected rows are
kept too (code, position and parameters — never a value), so ``check`` reports them without
reading the exports again.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .. import clock
from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from .ingest import Table
from .kinds import KINDS, Kind

SQL_TYPES = {"int": "BIGINT", "number": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}

MIGRATIONS: tuple[str, ...] = (
    # 1: the five record kinds, the import log and the findings of rejected rows
    """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    CREATE TABLE ratings (trainee VARCHAR, programme VARCHAR, partner VARCHAR, period VARCHAR, competency VARCHAR,
        instrument VARCHAR, score DOUBLE, scale_min DOUBLE, scale_max DOUBLE, comment VARCHAR,
        source VARCHAR, "row" BIGINT);
    CREATE TABLE exams (candidate VARCHAR, programme VARCHAR, standard VARCHAR, section VARCHAR, date DATE,
        centre VARCHAR, score DOUBLE, passed BOOLEAN, passport BOOLEAN, comment VARCHAR, source VARCHAR, "row" BIGINT);
    CREATE TABLE employment (graduate VARCHAR, programme VARCHAR, cohort BIGINT, months VARCHAR, status VARCHAR,
        at_partner BOOLEAN, in_specialty BOOLEAN, source VARCHAR, "row" BIGINT);
    CREATE TABLE enrolment (programme VARCHAR, year BIGINT, intake BIGINT, dual BIGINT, source VARCHAR, "row" BIGINT);
    CREATE TABLE agreements (bin VARCHAR, enterprise VARCHAR, sector VARCHAR, region VARCHAR, college VARCHAR,
        programme VARCHAR, specialties VARCHAR, number VARCHAR, start DATE, "end" DATE, source VARCHAR, "row" BIGINT);
    CREATE TABLE import_log (seq BIGINT, file VARCHAR, sha256 VARCHAR, kind VARCHAR, day DATE, added BIGINT,
        replaced BIGINT, unchanged BIGINT, rejected BIGINT);
    CREATE TABLE findings (file VARCHAR, line BIGINT, col BIGINT, code VARCHAR, variant VARCHAR, params VARCHAR,
        suggestion VARCHAR);
    """,
    # 2: an agreement names the programme's partner it is with (its sector and region then reach the tables)
    """
    ALTER TABLE agreements ADD COLUMN partner VARCHAR;
    """,
    # 3: each trainee's placement at a partner ends completed or withdrawn, or is continuing
    """
    CREATE TABLE completion (trainee VARCHAR, programme VARCHAR, partner VARCHAR, status VARCHAR, date DATE,
        source VARCHAR, "row" BIGINT);
    """,
    # 4: a finding about a workbook's cell keeps the cell (sheet!cell)
    """
    ALTER TABLE findings ADD COLUMN path VARCHAR;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be used; carries the finding that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Imported:
    file: str
    kind: str
    added: int
    replaced: int
    unchanged: int
    rejected: int


def _q(name: str) -> str:
    return f'"{name}"'


def _migrate(con: duckdb.DuckDBPyConnection, display: str) -> None:
    has_meta = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
    version = 0
    if has_meta and has_meta[0]:
        got = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(got[0]) if got else 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            d.make(d.RESULTS_STORE, Loc(display, 1, 1), variant="newer", found=version, known=SCHEMA_VERSION)
        )
    for number in range(version, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        con.execute(MIGRATIONS[number])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number + 1)])
        con.execute("COMMIT")


@contextlib.contextmanager
def connect(path: Path, display: str | None = None, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open, migrated store at ``path`` (created when absent unless ``read_only``)."""
    shown = display or str(path)
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(d.make(d.RESULTS_STORE, Loc(shown, 1, 1), reason=reason)) from None
    try:
        if not read_only:
            _migrate(con, shown)
        yield con
    finally:
        con.close()


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Staging:
    """CSV files beside nothing else, one per export being imported, that DuckDB reads in one go."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="curriculum-stage-")
        self._files: list[Any] = []
        self.paths: dict[str, Path] = {}

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        self._dir.cleanup()

    def sink(self, file: str, kind: Kind) -> Any:
        """A function that writes one accepted row of ``file`` (an export of ``kind``) to its staging file."""
        path = Path(self._dir.name) / f"{len(self.paths)}.csv"
        self.paths[file] = path
        handle = path.open("w", encoding="utf-8", newline="")
        self._files.append(handle)
        writer = csv.writer(handle)
        writer.writerow([*kind.names, "source", "row"])
        names = kind.names

        def write(row: dict[str, Any]) -> None:
            writer.writerow([_cell(row.get(name)) for name in names] + [file, row.get("_row", "")])

        return write

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        self._files = []


def import_tables(
    con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[Table, str, Path]], partial: bool = True
) -> list[Imported] | None:
    """Import every table (with its file's hash and staged rows) in one transaction: all of them, or
    nothing. Rows that repeat a natural key within a file are rejected (findings on the table); without
    ``partial`` they cancel the whole import (None)."""
    out = []
    con.execute("BEGIN TRANSACTION")
    try:
        for table, sha, staged in tables:
            out.append(_import(con, table, sha, staged))
        if not partial and any(x.code == d.RESULTS_DUPLICATE_KEY for t, _, _ in tables for x in t.diagnostics):
            con.execute("ROLLBACK")
            return None
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return out


def _import(con: duckdb.DuckDBPyConnection, table: Table, sha: str, staged: Path) -> Imported:
    kind = table.kind
    _stage(con, table, staged)
    _duplicates(con, table)
    key = " AND ".join(f"t.{_q(k)} = s.{_q(k)}" for k in kind.key)
    same = " AND ".join(f"t.{_q(f.name)} IS NOT DISTINCT FROM s.{_q(f.name)}" for f in kind.fields)
    matched, unchanged = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {same}) FROM stage s JOIN {kind.name} t ON {key}"
    ).fetchone() or (0, 0)
    total = (con.execute("SELECT count(*) FROM stage").fetchone() or (0,))[0]
    added = total - matched
    replaced = matched - unchanged
    last = con.execute(
        "SELECT sha256 FROM import_log WHERE file = ? ORDER BY seq DESC LIMIT 1", [table.file]
    ).fetchone()
    con.execute("DELETE FROM findings WHERE file = ?", [table.file])
    _keep_findings(con, table.diagnostics)
    if added or replaced or last is None or last[0] != sha:
        con.execute(f"DELETE FROM {kind.name} t USING stage s WHERE {key}")
        con.execute(f"INSERT INTO {kind.name} BY NAME SELECT * FROM stage")
        seq = (con.execute("SELECT coalesce(max(seq), 0) + 1 FROM import_log").fetchone() or (1,))[0]
        con.execute(
            "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, table.file, sha, kind.name, clock.today(), added, replaced, unchanged, table.rejected],
        )
    con.execute("DROP TABLE stage")
    return Imported(table.file, kind.name, added, replaced, unchanged, table.rejected)


def _stage(con: duckdb.DuckDBPyConnection, table: Table, staged: Path) -> None:
    """Load the staged rows into a temporary ``stage`` table."""
    columns = {f.name: SQL_TYPES.get(f.type, "VARCHAR") for f in table.kind.fields}
    columns.update({"source": "VARCHAR", "row": "BIGINT"})
    spec = ", ".join(f"'{name}': '{sql}'" for name, sql in columns.items())
    con.execute(
        f"CREATE TEMP TABLE stage AS SELECT * FROM read_csv(?, header = true, columns = {{{spec}}}, "
        "nullstr = '', quote = '\"', escape = '\"', auto_detect = false)",
        [str(staged)],
    )


def _duplicates(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Reject the rows that repeat an earlier row's natural key (which one should count?)."""
    keys = ", ".join(_q(k) for k in table.kind.key)
    repeats = con.execute(
        f'SELECT "row", first FROM (SELECT "row", min("row") OVER (PARTITION BY {keys}) AS first FROM stage) '
        'WHERE "row" <> first ORDER BY "row"'
    ).fetchall()
    if not repeats:
        return
    con.execute(
        f'DELETE FROM stage WHERE "row" IN (SELECT "row" FROM (SELECT "row", min("row") OVER (PARTITION BY {keys}) '
        'AS first FROM stage) WHERE "row" <> first)'
    )
    key = ", ".join(table.kind.key)
    for row, first in repeats:
        found = d.make(d.RESULTS_DUPLICATE_KEY, Loc(table.file, int(row), 1), key=key, first=first)
        table.diagnostics.append(table.at(found, int(row), 1))
    table.rejected += len(repeats)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _keep_findings(con: duckdb.DuckDBPyConnection, diagnostics: list[Diagnostic]) -> None:
    rows = [
        [x.file, x.line, x.column, x.code, x.variant, json.dumps(dict(x.params), sort_keys=True), x.suggestion, x.path]
        for x in diagnostics
    ]
    if rows:
        con.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def findings(con: duckdb.DuckDBPyConnection) -> list[Diagnostic]:
    """The findings kept from the imports (the rows they rejected)."""
    rows = con.execute("SELECT file, line, col, code, variant, params, suggestion, path FROM findings").fetchall()
    out = []
    for file, line, col, code, variant, params, suggestion, path in rows:
        out.append(
            Diagnostic(
                file,
                int(line),
                int(col),
                code,
                json.loads(params),
                variant,
                suggestion or "",
                path=path or "",
                severity=d.RULES[code].severity,
            )
        )
    return out


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows stored per kind."""
    return {k: int((con.execute(f"SELECT count(*) FROM {k}").fetchone() or (0,))[0]) for k in KINDS}


def log(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """The import log, oldest first: seq, file, sha256, kind, day, added, replaced, unchanged, rejected."""
    return con.execute("SELECT * FROM import_log ORDER BY seq").fetchall()


def version(con: duckdb.DuckDBPyConnection) -> int:
    got = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(got[0]) if got else 0


def replace_atomically(built: Path, target: Path) -> None:
    """Move a store built beside ``target`` into place in one step."""
    os.replace(built, target)
    wal = built.with_name(built.name + ".wal")
    if wal.exists():
        wal.unlink()


# -- aggregates: counts of people per atom (the finest breakdown), never a row about one person --------

SCALE = "(score - coalesce(scale_min, 1)) / nullif(coalesce(scale_max, 5) - coalesce(scale_min, 1), 0)"


def placements(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Trainees per programme, partner and year (the year the period starts in)."""
    return con.execute(
        "SELECT programme, partner, left(period, 4), count(DISTINCT trainee) FROM ratings GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def ratings(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Per programme, competency and period: trainees rated and the sum of their mean score (0–1 of the scale)."""
    return con.execute(
        f"SELECT programme, competency, period, count(*), sum(s) FROM (SELECT programme, competency, period, "
        f"trainee, avg({SCALE}) AS s FROM ratings GROUP BY ALL) GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def exams(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Exams per programme, year, passed and passport (one exam: a candidate, a standard, a date)."""
    return con.execute(
        "SELECT programme, year(date)::VARCHAR AS y, passed, passport, count(*) FROM (SELECT programme, candidate, "
        "standard, date, bool_or(passed) AS passed, bool_or(coalesce(passport, false)) AS passport FROM exams "
        "GROUP BY ALL) GROUP BY programme, y, passed, passport ORDER BY ALL"
    ).fetchall()


def sections(con: duckdb.DuckDBPyConnection, pass_score: float) -> list[tuple[Any, ...]]:
    """Candidates per programme, standard, section, year and whether they reached ``pass_score`` in it."""
    return con.execute(
        "SELECT programme, standard, section, year(date)::VARCHAR, score >= ?, count(DISTINCT candidate) "
        "FROM exams GROUP BY ALL ORDER BY ALL",
        [pass_score],
    ).fetchall()


def employment(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Graduates per programme, cohort, months after graduation, status, at a partner, in the specialty."""
    return con.execute(
        "SELECT programme, cohort::VARCHAR, months, status, coalesce(at_partner, false), "
        "coalesce(in_specialty, false), count(DISTINCT graduate) FROM employment GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def enrolment(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Intake and dual enrolment per programme and year."""
    return con.execute("SELECT programme, year::VARCHAR, intake, dual FROM enrolment ORDER BY ALL").fetchall()


def agreements(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """The agreements register (organisations, not people): bin, enterprise, sector, region, college,
    programme, partner, number, start, end, source, row."""
    return con.execute(
        'SELECT bin, enterprise, sector, region, college, programme, partner, number, start, "end", source, "row" '
        "FROM agreements ORDER BY ALL"
    ).fetchall()


def partner_ratings(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Per programme, partner and period: trainees rated and the sum of their mean score (0–1 of the scale)."""
    return con.execute(
        f"SELECT programme, partner, period, count(*), sum(s) FROM (SELECT programme, partner, period, trainee, "
        f"avg({SCALE}) AS s FROM ratings GROUP BY ALL) GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def completion(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Trainees per programme, partner and completion status (completed, withdrawn, continuing)."""
    return con.execute(
        "SELECT programme, partner, status, count(DISTINCT trainee) FROM completion GROUP BY ALL ORDER BY ALL"
    ).fetchall()
