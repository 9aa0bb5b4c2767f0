"""The working curriculum (рабочий учебный план) as an Excel workbook, and back.

Layout (version 1): a title sheet ``curriculum``, then one sheet per programme. A programme sheet starts
with its facts (``A1`` holds the layout marker, ``B2`` the programme id), then a header of two rows:
labels in the site's first language and, below them, the keys the importer reads (``cycle``, ``module``,
``title.kk``…, ``hours:KIND``, ``workplace:KIND``, ``total``, ``control``). Column ``A`` says what a row
is: ``cycle`` (a heading), ``load`` (a module's hours in one semester), ``subtotal`` (of a cycle),
``total`` (of the programme), ``semester`` (the hours of one semester by kind) or ``elective`` (an
elective group). Totals are formulas; their computed values are stored with them, so every reader (one
that does not calculate, too) sees the numbers.

openpyxl writes formulas without a computed value; :func:`dumps` therefore saves the workbook and then
stores each formula's value beside it in the sheet's XML, and writes every part of the archive with the
date of the one clock, so the same catalogue on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import clock

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..model import Module, Programme, SemesterLoad

MARKER = "curriculum working curriculum"
LAYOUT = 1
TITLE_SHEET = "curriculum"
LANGS = ("kk", "ru", "en")
HEADER_ROW = 10  # the keys; the labels stand in the row above
FIRST_ROW = HEADER_ROW + 1

LABELS: dict[str, dict[str, str]] = {
    "row": {"en": "Row", "ru": "Строка", "kk": "Жол"},
    "cycle": {"en": "Cycle", "ru": "Цикл", "kk": "Цикл"},
    "module": {"en": "Module", "ru": "Модуль", "kk": "Модуль"},
    "title": {"en": "Title", "ru": "Наименование", "kk": "Атауы"},
    "component": {"en": "Component", "ru": "Компонент", "kk": "Компонент"},
    "credits": {"en": "Credits", "ru": "Кредиты", "kk": "Кредит"},
    "semester": {"en": "Semester", "ru": "Семестр", "kk": "Семестр"},
    "workplace": {"en": "at the workplace", "ru": "на предприятии", "kk": "кәсіпорында"},
    "total": {"en": "Total", "ru": "Всего", "kk": "Барлығы"},
    "control": {"en": "Control", "ru": "Формы контроля", "kk": "Бақылау түрлері"},
    "programme": {"en": "Programme", "ru": "Программа", "kk": "Бағдарлама"},
    "semesters": {"en": "Semesters", "ru": "Семестров", "kk": "Семестр саны"},
    "level": {"en": "Level", "ru": "Уровень", "kk": "Деңгей"},
    "code": {"en": "Code", "ru": "Код", "kk": "Код"},
    "revision": {"en": "Written", "ru": "Составлено", "kk": "Жасалды"},
    "elective": {"en": "Elective group", "ru": "Элективная группа", "kk": "Элективті топ"},
    "choose": {"en": "Choose", "ru": "Выбрать", "kk": "Таңдау"},
}


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang, LABELS[key]["en"])


def col(n: int) -> str:
    """Column letters of the 1-based column ``n``."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def sheet_name(ident: str, taken: set[str]) -> str:
    """A sheet name of at most 31 characters, unique in the workbook (the id itself stands in ``B2``)."""
    base = ident[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


@dataclass
class Columns:
    """The columns of a programme sheet: fixed ones, then the kinds of hours used, then the workplace shares."""

    kinds: list[str]
    workplace: list[str]
    keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [
            "row",
            "cycle",
            "module",
            *(f"title.{lang}" for lang in LANGS),
            "component",
            "credits",
            "semester",
            *(f"hours:{k}" for k in self.kinds),
            *(f"workplace:{k}" for k in self.workplace),
            "total",
            "control",
        ]

    def index(self, key: str) -> int:
        return self.keys.index(key) + 1

    def letter(self, key: str) -> str:
        return col(self.index(key))


def ordered(used: Iterable[str], order: Iterable[str]) -> list[str]:
    """``used`` in the vocabulary's order, unknown ones after, alphabetically."""
    used = set(used)
    first = [x for x in order if x in used]
    return first + sorted(used - set(first))


def columns_of(p: Programme, catalogue: Catalogue) -> Columns:
    kinds = {k.kind for m in p.modules for s in m.semesters for k in s.hours}
    workplace = {k.kind for m in p.modules for s in m.semesters for k in s.workplace}
    order = list(catalogue.terms.get("hour-kinds", {}))
    return Columns(ordered(kinds, order), ordered(workplace, order))


def term_label(catalogue: Catalogue, vocabulary: str, ident: str, lang: str) -> str:
    term = catalogue.term(vocabulary, ident)
    if term is None:
        return ident
    if term.abbreviation is not None:
        return term.abbreviation.get(lang)
    return term.title.get(lang)


class Book:
    """An openpyxl workbook and the computed value of every formula written into it."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook()
        self.values: dict[tuple[str, str], float | int] = {}

    def formula(self, ws: Any, ref: str, formula: str, value: float | int) -> None:
        ws[ref] = formula
        self.values[(ws.title, ref)] = value


def export_workbook(programmes: list[Programme], catalogue: Catalogue, lang: str) -> bytes:
    """The workbook of ``programmes`` (labels in ``lang``) as the bytes of an .xlsx file."""
    from openpyxl.styles import Alignment, Font

    book = Book()
    title = book.wb.active
    title.title = TITLE_SHEET
    taken = {TITLE_SHEET}
    title["A1"] = MARKER
    title["B1"] = LAYOUT
    title["A1"].font = Font(bold=True)
    title["A2"] = label("revision", lang)
    title["B2"] = clock.today_iso()
    title["A4"] = label("programme", lang)
    title["B4"] = "id"
    title["C4"] = label("title", lang)
    title["D4"] = "sheet"
    for c in ("A4", "B4", "C4", "D4"):
        title[c].font = Font(bold=True)
    names = []
    for i, p in enumerate(programmes):
        name = sheet_name(p.id, taken)
        names.append(name)
        row = 5 + i
        title[f"A{row}"] = p.code or ""
        title[f"B{row}"] = p.id
        title[f"C{row}"] = p.title.get(lang)
        title[f"D{row}"] = name
    title.column_dimensions["C"].width = 70
    title.column_dimensions["D"].width = 34
    for p, name in zip(programmes, names, strict=True):
        ws = book.wb.create_sheet(name)
        _programme_sheet(book, ws, p, catalogue, lang)
        for cell in ws[HEADER_ROW - 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    props = book.wb.properties
    moment = datetime.datetime.combine(clock.today(), datetime.time())
    props.created = props.modified = moment
    props.creator = props.lastModifiedBy = "curriculum"
    props.title = "Working curriculum"
    return _finish(book, moment)


def _programme_sheet(book: Book, ws: Any, p: Programme, catalogue: Catalogue, lang: str) -> None:
    from openpyxl.styles import Font

    cols = columns_of(p, catalogue)
    ws["A1"] = MARKER
    ws["B1"] = LAYOUT
    facts = [
        ("programme", p.id),
        ("code", p.code or ""),
        ("level", p.level),
        ("semesters", p.semesters),
    ]
    for i, (key, value) in enumerate(facts):
        ws[f"A{2 + i}"] = key
        ws[f"B{2 + i}"] = value
        ws[f"C{2 + i}"] = label(key, lang)
    for i, lg in enumerate(LANGS):
        ws[f"A{6 + i}"] = f"title.{lg}"
        ws[f"B{6 + i}"] = p.title.values.get(lg, p.title.values.get("", ""))
    ws["A1"].font = Font(bold=True)
    # header: labels, then keys
    for i, key in enumerate(cols.keys, start=1):
        ws.cell(row=HEADER_ROW, column=i, value=key)
        ws.cell(row=HEADER_ROW - 1, column=i, value=_header_label(key, catalogue, lang))
    sums = [*(f"hours:{k}" for k in cols.kinds), *(f"workplace:{k}" for k in cols.workplace), "total"]
    row = FIRST_ROW
    subtotals: list[int] = []
    load_rows: list[tuple[int, int, dict[str, int]]] = []  # (row, semester, values by key)
    grand: dict[str, int] = dict.fromkeys(sums, 0)
    cycle_order = list(catalogue.terms.get("cycles", {}))
    for cycle in ordered({m.cycle for m in p.modules}, cycle_order):
        ws.cell(row=row, column=1, value="cycle")
        ws.cell(row=row, column=cols.index("cycle"), value=cycle)
        ws.cell(row=row, column=cols.index("title.kk"), value=term_label(catalogue, "cycles", cycle, lang))
        ws.cell(row=row, column=cols.index("title.kk")).font = Font(bold=True)
        row += 1
        first = row
        part: dict[str, int] = dict.fromkeys(sums, 0)
        for m in (m for m in p.modules if m.cycle == cycle):
            for values, r_sem in _module_rows(ws, book, row, m, cols):
                load_rows.append((row, r_sem, values))
                for k in sums:
                    part[k] += values.get(k, 0)
                row += 1
        last = row - 1
        ws.cell(row=row, column=1, value="subtotal")
        ws.cell(row=row, column=cols.index("cycle"), value=cycle)
        for k in sums:
            ref = f"{cols.letter(k)}{row}"
            if last >= first:
                book.formula(ws, ref, f"=SUM({cols.letter(k)}{first}:{cols.letter(k)}{last})", part[k])
            else:
                ws[ref] = 0
            grand[k] += part[k]
        subtotals.append(row)
        row += 1
    ws.cell(row=row, column=1, value="total")
    ws.cell(row=row, column=cols.index("title.kk"), value=label("total", lang)).font = Font(bold=True)
    for k in sums:
        refs = ",".join(f"{cols.letter(k)}{r}" for r in subtotals)
        book.formula(ws, f"{cols.letter(k)}{row}", f"=SUM({refs})" if refs else "=0", grand[k])
    row += 2
    # hours of each semester by kind
    sem = cols.letter("semester")
    span = (FIRST_ROW, max(FIRST_ROW, row - 3))
    for s in range(1, p.semesters + 1):
        ws.cell(row=row, column=1, value="semester")
        ws.cell(row=row, column=cols.index("semester"), value=s)
        for k in sums:
            c = cols.letter(k)
            value = sum(v.get(k, 0) for _, rs, v in load_rows if rs == s)
            formula = f"=SUMIF(${sem}${span[0]}:${sem}${span[1]},{sem}{row},{c}${span[0]}:{c}${span[1]})"
            book.formula(ws, f"{c}{row}", formula, value)
        row += 1
    row += 1
    for g in p.electives:
        ws.cell(row=row, column=1, value="elective")
        ws.cell(row=row, column=cols.index("module"), value=g.id)
        if g.title is not None:
            for lg in LANGS:
                ws.cell(row=row, column=cols.index(f"title.{lg}"), value=g.title.values.get(lg) or None)
        ws.cell(row=row, column=cols.index("credits"), value=g.choose)
        ws.cell(row=row, column=cols.index("control"), value=", ".join(g.modules))
        row += 1
    ws.freeze_panes = f"{col(cols.index('title.kk'))}{FIRST_ROW}"
    ws.column_dimensions[cols.letter(f"title.{lang}")].width = 50


def _header_label(key: str, catalogue: Catalogue, lang: str) -> str:
    if key.startswith("hours:"):
        return term_label(catalogue, "hour-kinds", key[6:], lang)
    if key.startswith("workplace:"):
        return f"{term_label(catalogue, 'hour-kinds', key[10:], lang)} ({label('workplace', lang)})"
    if key.startswith("title."):
        return f"{label('title', lang)} ({key[6:]})"
    return label(key, lang)


def _module_rows(ws: Any, book: Book, row: int, m: Module, cols: Columns) -> Iterable[tuple[dict[str, int], int]]:
    loads: list[SemesterLoad | None] = [*m.semesters] or [None]
    for i, load in enumerate(loads):
        r = row + i
        ws.cell(row=r, column=1, value="load")
        ws.cell(row=r, column=cols.index("cycle"), value=m.cycle)
        ws.cell(row=r, column=cols.index("module"), value=m.id)
        if i == 0:
            for lg in LANGS:
                text = m.title.values.get(lg) or (m.title.values.get("") if lg == "en" else None)
                ws.cell(row=r, column=cols.index(f"title.{lg}"), value=text or None)
            ws.cell(row=r, column=cols.index("component"), value=m.component)
            ws.cell(row=r, column=cols.index("credits"), value=m.credits)
        values: dict[str, int] = {}
        if load is None:
            yield values, 0
            continue
        ws.cell(row=r, column=cols.index("semester"), value=load.semester)
        for k in load.hours:
            ws.cell(row=r, column=cols.index(f"hours:{k.kind}"), value=k.hours)
            values[f"hours:{k.kind}"] = values.get(f"hours:{k.kind}", 0) + k.hours
        for k in load.workplace:
            ws.cell(row=r, column=cols.index(f"workplace:{k.kind}"), value=k.hours)
            values[f"workplace:{k.kind}"] = values.get(f"workplace:{k.kind}", 0) + k.hours
        values["total"] = load.total
        if cols.kinds:
            first, last = cols.letter(f"hours:{cols.kinds[0]}"), cols.letter(f"hours:{cols.kinds[-1]}")
            book.formula(ws, f"{cols.letter('total')}{r}", f"=SUM({first}{r}:{last}{r})", load.total)
        ws.cell(row=r, column=cols.index("control"), value=", ".join(load.control) or None)
        yield values, load.semester


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)</c>')
_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


def _finish(book: Book, moment: datetime.datetime) -> bytes:
    """Save through openpyxl, then store each formula's value and give every part the same date."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book.wb, archive).save()
    titles = [ws.title for ws in book.wb.worksheets]
    out = io.BytesIO()
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            m = _SHEET.fullmatch(info.filename)
            if m:
                data = _store_values(data, titles[int(m.group(1)) - 1], book.values)
            item = zipfile.ZipInfo(info.filename, date_time=stamp)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o600 << 16
            dst.writestr(item, data)
    return out.getvalue()


def _store_values(xml: bytes, title: str, values: dict[tuple[str, str], float | int]) -> bytes:
    def put(m: re.Match[bytes]) -> bytes:
        ref = m.group(1).decode()
        value = values.get((title, ref))
        if value is None:
            return m.group(0)
        text = repr(value).encode() if isinstance(value, float) else str(value).encode()
        return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (m.group(1), m.group(2), m.group(3), text)

    return _CELL.sub(put, xml)


# --------------------------------------------------------------------------- outcomes × competencies
def matrix_csv(p: Programme) -> str:
    """The outcomes of ``p`` (rows) against the competencies they cover (columns), cells the level."""
    import csv

    refs = sorted({c.competency for m in p.modules for o in m.outcomes for c in o.covers})
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["module", "outcome", *refs])
    for m in p.modules:
        for o in m.outcomes:
            levels = {c.competency: c.level for c in o.covers}
            w.writerow([m.id, o.id, *(levels.get(r, "") for r in refs)])
    return out.getvalue()
