"""Read CSV and XLSX exports into checked rows of a record kind.

Every rejected cell is a finding at ``file:ROW:COLUMN`` (row 1 is the header) that names the field
and what is wrong with it — never the value, which may identify a person. A column mapping
(``results/mapping.yml``) maps an export's headers onto the kind's fields.
"""

from __future__ import annotations

import csv
import datetime
import fnmatch
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc, Map, Scalar, Seq, load_file
from .kinds import KINDS, Field, Kind, kind_of_name

PERIOD = re.compile(r"^(19|20)\d\d-(S[12]|0[1-9]|1[0-2])$")
BIN = re.compile(r"^\d{12}$")
TRUE = {"1", "yes", "true", "y", "да", "иә", "+"}
FALSE = {"0", "no", "false", "n", "нет", "жоқ", "-"}
SUFFIXES = (".csv", ".xlsx")
MAPPING_NAME = "mapping.yml"


@dataclass(frozen=True)
class Spec:
    """How to read one export: its kind and its header → field mapping (header text as in the file)."""

    kind: Kind
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → the export's value → ours


@dataclass(frozen=True)
class Rule:
    pattern: str
    kind: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Table:
    """One export read: the checked rows (field → value) and the findings about it."""

    file: str
    kind: Kind
    rows: list[dict[str, Any]] = field(default_factory=list)  # kept only when no sink takes them
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rejected: int = 0
    accepted: int = 0
    sheet: str = ""  # the worksheet an XLSX export was read from: findings name its cells (``Лист1!D3``)

    def at(self, x: Diagnostic, row: int, column: int) -> Diagnostic:
        """``x`` placed at ``row``, ``column`` of this export (with the sheet's cell for a workbook)."""
        from dataclasses import replace

        cell = f"{self.sheet}!{_letters(column)}{row}" if self.sheet else ""
        return replace(x, file=self.file, line=row, column=column, path=cell)


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


class Refs:
    """What a row may refer to, drawn from the catalogue once."""

    def __init__(self, catalogue: Any) -> None:
        self.programmes = set(catalogue.programmes)
        self.partners = {p.id: {x.id for x in p.partners} for p in catalogue.programmes.values()}
        self.competencies = {f"{fid}:{item}" for fid, index in catalogue.indexes.items() for item in index.items}
        self.standards = {
            fid: set(idx.children[None])
            for fid, idx in catalogue.indexes.items()
            if idx.framework.type == "worldskills"
        }
        self.terms = {name: set(terms) for name, terms in catalogue.terms.items()}
        self.runs: dict[str, tuple[datetime.date, datetime.date]] = {}
        for p in catalogue.programmes.values():
            run: Any = getattr(p, "run", None)
            try:
                self.runs[p.id] = (_day(run.start), _day(run.end))
            except (AttributeError, TypeError, ValueError):
                continue  # no run, or dates the schema already reports

    def outside_run(self, programme: str, period: str) -> tuple[str, str] | None:
        """The programme's run (start, end) when ``period`` falls outside it, else None."""
        run = self.runs.get(programme)
        if run is None:
            return None
        start, end = run
        year, part = int(period[:4]), period[5:]
        if part.startswith("S"):  # an academic year, named by its first calendar year
            first = start.year if start.month >= 8 else start.year - 1
            last = end.year - 1 if end.month <= 8 else end.year
            inside = first <= year <= last
        else:
            month = datetime.date(year, int(part), 1)
            inside = start.replace(day=1) <= month <= end
        return None if inside else (start.isoformat(), end.isoformat())

    def check(self, f: Field, value: str, row: dict[str, Any]) -> tuple[str, list[str]] | None:
        """``None`` when ``value`` is known, else (what it should be, the candidates for did-you-mean)."""
        options: set[str]
        if f.ref == "programme":
            options = self.programmes
        elif f.ref == "partner":
            options = self.partners.get(row.get("programme", ""), set())
        elif f.ref == "competency":
            options = self.competencies
        elif f.ref == "standard":
            options = set(self.standards)
        elif f.ref == "section":
            options = self.standards.get(row.get("standard", ""), set())
        elif f.ref == "region":
            options = self.terms.get("regions", set())
        elif f.ref == "sector":
            options = self.terms.get("sectors", set())
        else:
            return None
        return None if value in options else (f.ref, sorted(options))


def _day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def read_mapping(path: Path, display: str) -> tuple[list[Rule], list[Diagnostic]]:
    """The rules of a column-mapping file: ``exports: [{files: GLOB, kind: KIND, columns: {HEADER: FIELD}}]``."""
    node, diags = load_file(path, display)
    if node is None:
        return [], diags
    exports = node.get("exports") if isinstance(node, Map) else None
    if not isinstance(exports, Seq):
        where = node.loc if isinstance(node, (Map, Seq, Scalar)) else Loc(display, 1, 1)
        return [], [*diags, d.make(d.RESULTS_MAPPING, where, variant="shape")]
    rules = []
    for entry in exports:
        rule = _rule(entry, diags)
        if rule is not None:
            rules.append(rule)
    return rules, diags


def _rule(entry: Any, diags: list[Diagnostic]) -> Rule | None:
    if not isinstance(entry, Map) or not isinstance(entry.get("files"), Scalar):
        diags.append(d.make(d.RESULTS_MAPPING, entry.loc, variant="shape"))
        return None
    kind = entry.get("kind")
    if not isinstance(kind, Scalar) or str(kind.value) not in KINDS:
        where = kind.loc if isinstance(kind, Scalar) else entry.loc
        given = str(kind.value) if isinstance(kind, Scalar) else ""
        diags.append(
            d.make(d.RESULTS_MAPPING, where, variant="kind", suggest=d.closest(given, KINDS), kinds=", ".join(KINDS))
        )
        return None
    target = KINDS[str(kind.value)]
    columns: dict[str, str] = {}
    raw = entry.get("columns")
    if isinstance(raw, Map):
        for header, value in raw.items():
            name = str(value.value) if isinstance(value, Scalar) else ""
            if target.field(name) is None:
                where = value.loc if isinstance(value, Scalar) else raw.keylocs[header]
                diags.append(
                    d.make(
                        d.RESULTS_MAPPING,
                        where,
                        variant="field",
                        kind=target.name,
                        suggest=d.closest(name, target.names),
                        fields=", ".join(target.names),
                    )
                )
                continue
            columns[str(header)] = name
    return Rule(str(entry["files"].value), target.name, columns, _values(entry.get("values"), target, diags))


def _values(raw: Any, target: Kind, diags: list[Diagnostic]) -> dict[str, dict[str, str]]:
    """``values: {FIELD: {THEIRS: OURS}}``: an export's coded values (a status in Russian) mapped onto ours."""
    out: dict[str, dict[str, str]] = {}
    if not isinstance(raw, Map):
        if raw is not None:
            diags.append(d.make(d.RESULTS_MAPPING, raw.loc, variant="shape"))
        return out
    for name, table in raw.items():
        f = target.field(str(name))
        if f is None:
            diags.append(
                d.make(
                    d.RESULTS_MAPPING,
                    raw.keylocs[name],
                    variant="field",
                    kind=target.name,
                    suggest=d.closest(str(name), target.names),
                    fields=", ".join(target.names),
                )
            )
            continue
        if not isinstance(table, Map):
            diags.append(d.make(d.RESULTS_MAPPING, table.loc, variant="shape"))
            continue
        mapped: dict[str, str] = {}
        for theirs, ours in table.items():
            value = str(ours.value) if isinstance(ours, Scalar) else ""
            if f.choices and value not in f.choices:
                where = ours.loc if isinstance(ours, Scalar) else table.keylocs[theirs]
                diags.append(
                    d.make(
                        d.RESULTS_MAPPING,
                        where,
                        variant="value",
                        field=f.name,
                        choices=", ".join(f.choices),
                        suggest=d.closest(value, f.choices),
                    )
                )
                continue
            mapped[str(theirs)] = value
        out[f.name] = mapped
    return out


def spec_for(name: str, rules: list[Rule]) -> Spec | None:
    """How to read the export called ``name``: the first mapping rule whose glob matches, else by its name."""
    for r in rules:
        if fnmatch.fnmatch(name, r.pattern) or fnmatch.fnmatch(name.rsplit("/", 1)[-1], r.pattern):
            return Spec(KINDS[r.kind], r.columns, r.values)
    kind = kind_of_name(name)
    return Spec(KINDS[kind]) if kind else None


def read_export(
    path: Path, display: str, spec: Spec, refs: Refs, sink: Callable[[dict[str, Any]], None] | None = None
) -> Table:
    """Read and check every row of one export; the accepted rows go to ``sink`` (else ``rows``) one by one,
    so an export of any size streams through. Two rows with one natural key are found by the store."""
    table = Table(display, spec.kind)
    try:
        header, rows, table.sheet = _cells(path, display)
    except _Unreadable as exc:
        table.diagnostics.append(exc.diagnostic)
        return table
    columns = _columns(table, header, spec)
    if any(x.severity == d.Severity.ERROR for x in table.diagnostics):
        return table
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        row = _row(table, number, cells, columns, refs, spec.values)
        if row is None:
            table.rejected += 1
        else:
            row["_row"] = number
            table.accepted += 1
            if sink is not None:
                sink(row)
            else:
                table.rows.append(row)
    return table


class _Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _cells(path: Path, display: str) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """The header and the numbered rows of the export's first sheet, every cell as text."""
    where = Loc(display, 1, 1)
    if path.suffix.lower() == ".xlsx":
        return _xlsx(path, where)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unreadable(d.make(d.RESULTS_UNREADABLE, where, variant="encoding")) from None
    except OSError as exc:
        raise _Unreadable(d.make(d.RESULTS_UNREADABLE, where, reason=exc.strerror or "cannot be read")) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise _Unreadable(d.make(d.RESULTS_UNREADABLE, where, variant="empty")) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1

    return header, rows(), ""


def _xlsx(path: Path, where: Loc) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        raise _Unreadable(d.make(d.RESULTS_UNREADABLE, where, variant="xlsx")) from None
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    first = next(it, None)
    if first is None:
        raise _Unreadable(d.make(d.RESULTS_UNREADABLE, where, variant="empty"))
    header = [_text(c) for c in first]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(it, start=2):
            yield number, [_text(c) for c in cells]
        book.close()

    return header, rows(), str(sheet.title)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _columns(table: Table, header: list[str], spec: Spec) -> dict[str, int]:
    """Field → 0-based column index; findings for missing and unmapped columns."""
    out: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip()
        target = spec.columns.get(name, name if spec.kind.field(name) else "")
        if not target:
            if name:
                found = d.make(d.RESULTS_EXTRA_COLUMN, NOWHERE, header=name, kind=spec.kind.name)
                table.diagnostics.append(table.at(found, 1, index + 1))
            continue
        out.setdefault(target, index)
    for f in spec.kind.fields:
        if f.required and f.name not in out:
            guess = d.closest(f.name, [h.strip() for h in header])
            found = d.make(d.RESULTS_MISSING_COLUMN, NOWHERE, field=f.name, kind=spec.kind.name, suggest=guess)
            table.diagnostics.append(table.at(found, 1, 1))
    return out


def _row(
    table: Table,
    number: int,
    cells: list[str],
    columns: dict[str, int],
    refs: Refs,
    values: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True
    width = len(cells)
    for f in table.kind.fields:
        index = columns.get(f.name)
        raw = cells[index].strip() if index is not None and index < width else ""
        if values and raw in values.get(f.name, {}):
            raw = values[f.name][raw]
        value, problem = _value(f, raw) if raw or f.required else (None, None)
        if problem is None and value is not None and f.ref:
            unknown = refs.check(f, str(value), row)
            if unknown is not None:
                what, options = unknown
                problem = d.make(
                    d.RESULTS_UNKNOWN_REF, NOWHERE, field=f.name, what=what, suggest=d.closest(str(value), options)
                )
        if problem is None and f.type == "period" and value is not None:
            run = refs.outside_run(str(row.get("programme") or ""), value)
            if run is not None:
                problem = d.make(d.RESULTS_BAD_VALUE, NOWHERE, variant="run", field=f.name, start=run[0], end=run[1])
        if problem is not None:
            table.diagnostics.append(table.at(problem, number, (index or 0) + 1))
            ok = False
        row[f.name] = value
    return row if ok else None


NOWHERE = Loc("", 0, 0)


def _value(f: Field, raw: str) -> tuple[Any, Diagnostic | None]:
    """The typed value of a cell, or the finding (placed later) that says what is wrong with it."""
    if not raw:
        return None, (d.make(d.RESULTS_BAD_VALUE, NOWHERE, field=f.name) if f.required else None)
    try:
        value: Any = _PARSE[f.type](raw, f)
    except ValueError:
        if f.type == "choice":
            return None, d.make(
                d.RESULTS_BAD_VALUE, NOWHERE, variant="choice", field=f.name, choices=", ".join(f.choices)
            )
        return None, d.make(d.RESULTS_BAD_VALUE, NOWHERE, variant=_variant(f.type), field=f.name)
    if f.ref == "bin" and not BIN.match(value):
        return None, d.make(d.RESULTS_BAD_VALUE, NOWHERE, variant="bin", field=f.name)
    low = f.minimum if f.minimum is not None else float("-inf")
    high = f.maximum if f.maximum is not None else float("inf")
    if f.type in ("int", "number") and not low <= value <= high:
        return None, d.make(
            d.RESULTS_BAD_VALUE,
            NOWHERE,
            variant="range",
            field=f.name,
            minimum=_fmt(f.minimum),
            maximum=_fmt(f.maximum),
        )
    return value, None


def _fmt(x: float | None) -> str:
    return "…" if x is None else f"{x:g}"


def _number(raw: str, f: Field) -> float:
    value = float(raw.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(raw)
    return value


def _int(raw: str, f: Field) -> int:
    return int(raw.replace("\u00a0", "").replace(" ", ""))


def _bool(raw: str, f: Field) -> bool:
    low = raw.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError(raw)


def _period(raw: str, f: Field) -> str:
    if not PERIOD.match(raw):
        raise ValueError(raw)
    return raw


def _choice(raw: str, f: Field) -> str:
    if raw not in f.choices:
        raise ValueError(raw)
    return raw


def _date(raw: str, f: Field) -> datetime.date:
    return datetime.date.fromisoformat(raw[:10]) if len(raw) >= 10 and raw[4] == "-" else _dotted(raw)


def _dotted(raw: str) -> datetime.date:
    """``31.12.2026``, the way Kazakh and Russian exports write dates."""
    day, month, year = raw.split(".")
    return datetime.date(int(year), int(month), int(day))


_PARSE: dict[str, Any] = {
    "text": lambda raw, f: raw,
    "id": lambda raw, f: raw,
    "int": _int,
    "number": _number,
    "bool": _bool,
    "period": _period,
    "choice": _choice,
    "date": _date,
}


def _variant(kind: str) -> str:
    """The CUR904 variant for a cell of type ``kind`` that cannot be read."""
    if kind == "int":
        return "int"
    if kind == "number":
        return "number"
    if kind == "bool":
        return "bool"
    if kind == "period":
        return "period"
    if kind == "date":
        return "date"
    return "default"


def exports(folder: Path) -> list[Path]:
    """The exports in ``folder`` (CSV and XLSX, not in hidden folders), in a stable order."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()]
    found = [p for p in found if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())
