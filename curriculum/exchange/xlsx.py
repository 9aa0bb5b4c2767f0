"""The working curriculum (рабочий учебный план) as an Excel workbook, and back.

Layout (version 1): a title sheet ``curriculum``, then one sheet per programme. A programme sheet starts
with its facts (``A1`` holds the layout marker, ``B2`` the programme id), then a header of two rows:
labels in the site's first language and, below them, the keys the importer reads (``cycle``, ``module``,
``title.kk``…, ``hours:KIND``, ``workplace:KIND``, ``total``, ``control``). Column ``A`` says what a row
is: ``cycle`` (a heading), ``load`` (a module's hours in one semester), ``subtotal`` (of a cycle),
``total`` (of the programme), ``semester`` (the hours of one semester by kind) or ``elective`` (an
elective group); ``alternative`` is a module's row like ``load``, of an alternative that its elective
group leaves out of the totals ("choose N of these": the first N count), so that every total counts a
group once. Totals are formulas; their computed values are stored with them, so every reader (one
that does not calculate, too) sees the numbers.

Below them, three blocks (layout 2): the academic calendar (график учебного процесса: weeks of each
semester by course year), the language groups and the approvals per academic year. A block is a row
``block`` naming it, a row of labels, a row ``keys`` naming its columns, and one row per entry whose
column ``A`` repeats the block's name. A workbook of layout 1 has no blocks; importing it leaves those
parts of the programme as they are.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock
from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..model import Module, Programme, SemesterLoad

MARKER = "curriculum working curriculum"
LAYOUT = 2
LAYOUTS = (1, 2)  # the layouts the importer reads
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
    "calendar": {"en": "Academic calendar", "ru": "График учебного процесса", "kk": "Оқу процесінің кестесі"},
    "language_groups": {"en": "Language groups", "ru": "Языковые группы", "kk": "Тілдік топтар"},
    "approvals": {
        "en": "Approval of the working curriculum",
        "ru": "Утверждение рабочего учебного плана",
        "kk": "Жұмыс оқу жоспарын бекіту",
    },
    "year": {"en": "Course", "ru": "Курс", "kk": "Курс"},
    "alternation": {"en": "Alternation", "ru": "Чередование", "kk": "Кезектесу"},
    "workplace_days": {"en": "Days at the enterprise", "ru": "Дней на предприятии", "kk": "Кәсіпорындағы күндер"},
    "theory": {"en": "Weeks of theory", "ru": "Недель теории", "kk": "Теория апталары"},
    "practice": {"en": "Weeks of practice", "ru": "Недель практики", "kk": "Практика апталары"},
    "attestation": {"en": "Weeks of attestation", "ru": "Недель аттестации", "kk": "Аттестаттау апталары"},
    "holidays": {"en": "Weeks of holidays", "ru": "Недель каникул", "kk": "Демалыс апталары"},
    "weeks": {"en": "Weeks", "ru": "Всего недель", "kk": "Барлық апталар"},
    "language": {"en": "Language", "ru": "Язык обучения", "kk": "Оқыту тілі"},
    "groups": {"en": "Groups", "ru": "Групп", "kk": "Топтар"},
    "students": {"en": "Students", "ru": "Обучающихся", "kk": "Білім алушылар"},
    "academic_year": {"en": "Academic year", "ru": "Учебный год", "kk": "Оқу жылы"},
    "approved_by": {"en": "Approved by", "ru": "Утвердил", "kk": "Бекіткен"},
    "date": {"en": "Date", "ru": "Дата", "kk": "Күні"},
    "agreed_with": {"en": "Agreed with", "ru": "Согласовано", "kk": "Келісілген"},
    "agreed": {"en": "Agreed on", "ru": "Дата согласования", "kk": "Келісілген күні"},
    "document": {"en": "Protocol or order", "ru": "Протокол или приказ", "kk": "Хаттама немесе бұйрық"},
}

# the blocks below the table: their keys, in column order from B
TEXTS = ("approved_by", "agreed_with")
BLOCKS: dict[str, tuple[str, ...]] = {
    "calendar": (
        "year",
        "alternation",
        "workplace_days",
        "semester",
        "theory",
        "practice",
        "attestation",
        "holidays",
        "weeks",
    ),
    "language_groups": ("language", "groups", "students"),
    "approvals": (
        "year",
        *(f"approved_by{x}" for x in ("", *(f".{lang}" for lang in LANGS))),
        "date",
        *(f"agreed_with{x}" for x in ("", *(f".{lang}" for lang in LANGS))),
        "agreed",
        "document",
    ),
}
WEEKS = ("theory", "practice", "attestation", "holidays")


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
    skipped = alternatives(p)
    for cycle in ordered({m.cycle for m in p.modules}, cycle_order):
        ws.cell(row=row, column=1, value="cycle")
        ws.cell(row=row, column=cols.index("cycle"), value=cycle)
        ws.cell(row=row, column=cols.index("title.kk"), value=term_label(catalogue, "cycles", cycle, lang))
        ws.cell(row=row, column=cols.index("title.kk")).font = Font(bold=True)
        row += 1
        first = row
        part: dict[str, int] = dict.fromkeys(sums, 0)
        for m in (m for m in p.modules if m.cycle == cycle):
            counts = m.id not in skipped
            for values, r_sem in _module_rows(ws, book, row, m, cols, "load" if counts else "alternative"):
                if counts:
                    load_rows.append((row, r_sem, values))
                    for k in sums:
                        part[k] += values.get(k, 0)
                row += 1
        last = row - 1
        ws.cell(row=row, column=1, value="subtotal")
        ws.cell(row=row, column=cols.index("cycle"), value=cycle)
        for k in sums:
            ref = f"{cols.letter(k)}{row}"
            c = cols.letter(k)
            if last >= first:
                # an elective group counts once: its alternatives' rows (`alternative`) are left out
                book.formula(ws, ref, f'=SUMIF($A${first}:$A${last},"load",{c}{first}:{c}{last})', part[k])
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
            formula = (
                f"=SUMIFS({c}${span[0]}:{c}${span[1]},${sem}${span[0]}:${sem}${span[1]},{sem}{row},"
                f'$A${span[0]}:$A${span[1]},"load")'
            )
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
    for name, entries in (
        ("calendar", _calendar_rows(p)),
        ("language_groups", _language_rows(p)),
        ("approvals", _approval_rows(p)),
    ):
        row = _block(book, ws, row + 1, name, entries, lang)
    ws.freeze_panes = f"{col(cols.index('title.kk'))}{FIRST_ROW}"
    ws.column_dimensions[cols.letter(f"title.{lang}")].width = 50


def alternatives(p: Programme) -> set[str]:
    """Modules an elective group leaves out of the totals (of "choose N", all but the first N)."""
    return {mid for g in p.electives for mid in g.modules[g.choose :]}


def _text_cells(key: str, text: Any) -> dict[str, Any]:
    """A text in its columns: one string in ``key``, a map of languages in ``key.kk`` …"""
    if text is None:
        return {}
    if text.neutral:
        return {key: text.values[""]}
    return {f"{key}.{lang}": text.values[lang] for lang in LANGS if text.values.get(lang)}


def _calendar_rows(p: Programme) -> list[dict[str, Any]]:
    return [
        {
            "year": y.year,
            "alternation": y.alternation,
            "workplace_days": y.workplace_days,
            "semester": cs.semester,
            **{w: getattr(cs, w) for w in WEEKS},
        }
        for y in p.calendar
        for cs in y.semesters
    ]


def _language_rows(p: Programme) -> list[dict[str, Any]]:
    return [{"language": g.language, "groups": g.groups, "students": g.students} for g in p.language_groups]


def _approval_rows(p: Programme) -> list[dict[str, Any]]:
    return [
        {
            "year": a.year,
            **_text_cells("approved_by", a.approved_by),
            "date": str(a.date),
            **_text_cells("agreed_with", a.agreed_with),
            "agreed": None if a.agreed is None else str(a.agreed),
            "document": a.document,
        }
        for a in p.approvals
    ]


def _block_label(key: str, lang: str) -> str:
    name, _, language = key.partition(".")
    if name == "year" and language == "":
        return label("year", lang)
    text = label(name, lang)
    return f"{text} ({language})" if language else text


def _block(book: Book, ws: Any, row: int, name: str, entries: list[dict[str, Any]], lang: str) -> int:
    """Write one block from ``row``; the row after it."""
    from openpyxl.styles import Font

    keys = BLOCKS[name]
    ws.cell(row=row, column=1, value="block")
    ws.cell(row=row, column=2, value=name)
    ws.cell(row=row, column=3, value=label(name, lang)).font = Font(bold=True)
    for i, key in enumerate(keys, start=2):
        shown = label("academic_year", lang) if (name, key) == ("approvals", "year") else _block_label(key, lang)
        ws.cell(row=row + 1, column=i, value=shown).font = Font(bold=True)
        ws.cell(row=row + 2, column=i, value=key)
    ws.cell(row=row + 2, column=1, value="keys")
    row += 3
    for entry in entries:
        ws.cell(row=row, column=1, value=name)
        for i, key in enumerate(keys, start=2):
            if key == "weeks":
                first, last = col(keys.index(WEEKS[0]) + 2), col(keys.index(WEEKS[-1]) + 2)
                book.formula(ws, f"{col(i)}{row}", f"=SUM({first}{row}:{last}{row})", sum(entry[w] for w in WEEKS))
            elif entry.get(key) is not None:
                ws.cell(row=row, column=i, value=entry[key])
        row += 1
    return row


def _header_label(key: str, catalogue: Catalogue, lang: str) -> str:
    if key.startswith("hours:"):
        return term_label(catalogue, "hour-kinds", key[6:], lang)
    if key.startswith("workplace:"):
        return f"{term_label(catalogue, 'hour-kinds', key[10:], lang)} ({label('workplace', lang)})"
    if key.startswith("title."):
        return f"{label('title', lang)} ({key[6:]})"
    return label(key, lang)


def _module_rows(
    ws: Any, book: Book, row: int, m: Module, cols: Columns, marker: str
) -> Iterable[tuple[dict[str, int], int]]:
    loads: list[SemesterLoad | None] = [*m.semesters] or [None]
    for i, load in enumerate(loads):
        r = row + i
        ws.cell(row=r, column=1, value=marker)
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


# --------------------------------------------------------------------------- reading a workbook back
class LayoutError(Exception):
    """The workbook is not one this module writes: the finding says where and what was expected."""

    def __init__(self, finding: Diagnostic) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class SheetProgramme:
    """The working-curriculum part of one programme sheet, as plain YAML values."""

    sheet: str
    id: str
    title: dict[str, str]
    code: str | None
    level: str
    semesters: int
    modules: list[dict[str, Any]]
    electives: list[dict[str, Any]]
    # the blocks, as rows (the shape :func:`_calendar_rows` … give); None: the sheet has no such block
    blocks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Read:
    programmes: list[SheetProgramme] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Sheet:
    def __init__(self, ws: Any, display: str, terms: dict[str, list[str]] | None = None) -> None:
        self.ws, self.display = ws, display
        self.terms = terms or {}

    def term(self, row: int, column: int, vocabulary: str, value: str, diags: list[Diagnostic]) -> None:
        """A finding when ``value`` is not a term of ``vocabulary`` (not checked without the vocabulary)."""
        known = self.terms.get(vocabulary)
        if known and value not in known:
            diags.append(
                d.make(
                    d.XLSX_CELL,
                    self.loc(row, column),
                    cell=self.ref(row, column),
                    expected=f"a term of the vocabulary `{vocabulary}` ({', '.join(known)})",
                    found=value,
                )
            )

    def ref(self, row: int, column: int) -> str:
        return f"{self.ws.title}!{col(column)}{row}"

    def loc(self, row: int, column: int) -> Loc:
        return Loc(self.display, row, column)

    def value(self, row: int, column: int) -> Any:
        v = self.ws.cell(row=row, column=column).value
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    def layout(self, row: int, column: int, expected: str) -> LayoutError:
        found = self.value(row, column)
        return LayoutError(
            d.make(
                d.XLSX_LAYOUT,
                self.loc(row, column),
                cell=self.ref(row, column),
                expected=expected,
                found="" if found is None else found,
            )
        )

    def bad(self, row: int, column: int, expected: str) -> Diagnostic:
        found = self.value(row, column)
        return d.make(d.XLSX_CELL, self.loc(row, column), cell=self.ref(row, column), expected=expected, found=found)


def _whole(v: Any) -> int | None:
    """A whole number from a cell (``12``, ``12.0``, ``'12'``), else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def _number(v: Any) -> float | int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return int(v) if float(v).is_integer() else float(v)
    if isinstance(v, str):
        try:
            return _number(float(v.replace(",", ".")))
        except ValueError:
            return None
    return None


def read_workbook(path: Path, display: str, terms: dict[str, list[str]] | None = None) -> Read:
    """Read ``path``; raises :class:`LayoutError` for a workbook of another layout (nothing is used then).
    ``terms``: the ids of each vocabulary (``cycles``, ``components``, ``hour-kinds``, ``control-forms``)
    that cells must name."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LayoutError(
            d.make(
                d.XLSX_LAYOUT,
                Loc(display, 1, 1),
                cell=display,
                expected="an .xlsx workbook",
                found=type(exc).__name__,
            )
        ) from None
    if TITLE_SHEET not in wb.sheetnames:
        first = _Sheet(wb.worksheets[0], display)
        raise first.layout(1, 1, f"a first sheet `{TITLE_SHEET}`")
    title = _Sheet(wb[TITLE_SHEET], display)
    if title.value(1, 1) != MARKER:
        raise title.layout(1, 1, f"`{MARKER}`")
    if _whole(title.value(1, 2)) not in LAYOUTS:
        raise title.layout(1, 2, " or ".join(f"layout {x}" for x in LAYOUTS))
    out = Read()
    for ws in wb.worksheets:
        if ws.title == TITLE_SHEET:
            continue
        out.programmes.append(_read_sheet(_Sheet(ws, display, terms), out.diagnostics))
    if not out.programmes:
        raise title.layout(5, 2, "at least one programme sheet")
    return out


FIXED = ["row", "cycle", "module", *(f"title.{lang}" for lang in LANGS), "component", "credits", "semester"]


def _read_sheet(sh: _Sheet, diags: list[Diagnostic]) -> SheetProgramme:
    if sh.value(1, 1) != MARKER:
        raise sh.layout(1, 1, f"`{MARKER}`")
    facts = {}
    for row, key in enumerate(("programme", "code", "level", "semesters"), start=2):
        if sh.value(row, 1) != key:
            raise sh.layout(row, 1, f"`{key}`")
        facts[key] = sh.value(row, 2)
    ident = facts["programme"]
    if not isinstance(ident, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", ident):
        raise sh.layout(2, 2, "a programme id (lower-case letters, digits, `.`, `_`, `-`)")
    semesters = _whole(facts["semesters"])
    if semesters is None or not 1 <= semesters <= 24:
        raise sh.layout(5, 2, "the number of semesters (1–24)")
    if facts["level"] not in ("tvet", "bachelor", "master"):
        raise sh.layout(4, 2, "`tvet`, `bachelor` or `master`")
    names: dict[str, str] = {}
    for row, lang in enumerate(LANGS, start=6):
        if sh.value(row, 1) != f"title.{lang}":
            raise sh.layout(row, 1, f"`title.{lang}`")
        if sh.value(row, 2) is not None:
            names[lang] = str(sh.value(row, 2))
    # the header of keys
    keys: dict[str, int] = {}
    column = 1
    while sh.value(HEADER_ROW, column) is not None:
        keys[str(sh.value(HEADER_ROW, column))] = column
        column += 1
    for i, key in enumerate(FIXED, start=1):
        if keys.get(key) != i:
            raise sh.layout(HEADER_ROW, i, f"the key `{key}`")
    extra = [k for k in keys if k not in FIXED]
    for k in extra:
        if not (k.startswith(("hours:", "workplace:")) or k in ("total", "control")):
            raise sh.layout(HEADER_ROW, keys[k], "`hours:KIND`, `workplace:KIND`, `total` or `control`")
    for k in ("total", "control"):
        if k not in keys:
            raise sh.layout(HEADER_ROW, column, f"the key `{k}`")
    kinds = [k for k in keys if k.startswith("hours:")]
    for k in [*kinds, *(k for k in keys if k.startswith("workplace:"))]:
        sh.term(HEADER_ROW, keys[k], "hour-kinds", k.split(":", 1)[1], diags)
    shares = [k for k in keys if k.startswith("workplace:")]
    sums = [*kinds, *shares, "total"]

    modules: dict[str, dict[str, Any]] = {}
    rows: list[tuple[str, str, int | None, dict[str, int]]] = []  # (module, cycle, semester, values)
    checks: list[tuple[int, str, Any]] = []  # (row, marker, key of the group)
    electives: list[dict[str, Any]] = []
    blocks: dict[str, list[dict[str, Any]]] = {}
    block: str | None = None
    block_keys: dict[str, int] = {}
    for row in range(FIRST_ROW, sh.ws.max_row + 1):
        marker = sh.value(row, 1)
        if marker is None or marker == "cycle":
            continue
        if marker in ("load", "alternative"):
            _load_row(sh, row, keys, kinds, shares, semesters, modules, rows, diags)
        elif marker == "block":
            block = sh.value(row, 2)
            if block not in BLOCKS:
                raise sh.layout(row, 2, " or ".join(f"`{b}`" for b in BLOCKS))
            if block in blocks:
                raise sh.layout(row, 2, f"one block `{block}`")
            blocks[block] = []
            block_keys = {}
        elif marker == "keys":
            if block is None or block_keys:
                raise sh.layout(row, 1, "`keys` right after a row `block`")
            block_keys = _block_keys(sh, row, block)
        elif marker in BLOCKS:
            if marker != block or not block_keys:
                raise sh.layout(row, 1, f"a row of the block `{block}`" if block else "a row `block` first")
            name = str(marker)
            entry = _block_row(sh, row, name, block_keys, semesters, blocks[name], diags)
            if entry is not None:
                blocks[name].append(entry)
        elif marker in ("subtotal", "total", "semester"):
            group = sh.value(row, keys["cycle"]) if marker == "subtotal" else sh.value(row, keys["semester"])
            checks.append((row, marker, group))
        elif marker == "elective":
            electives.append(_elective_row(sh, row, keys, diags))
        else:
            raise sh.layout(row, 1, "`cycle`, `load`, `subtotal`, `total`, `semester` or `elective`")
    # totals: recomputed from the hours, an elective group once; a typed one that disagrees is a finding
    skipped = {mid for g in electives for mid in g["modules"][g["choose"] :]}
    for row, marker, group in checks:
        chosen = [
            v
            for mid, cycle, sem, v in rows
            if mid not in skipped
            and (
                marker == "total"
                or (marker == "subtotal" and cycle == group)
                or (marker == "semester" and sem == _whole(group))
            )
        ]
        for k in sums:
            _check_total(sh, row, keys[k], sum(v.get(k, 0) for v in chosen), diags)
    return SheetProgramme(
        sheet=sh.ws.title,
        id=ident,
        title=names,
        code=None if facts["code"] is None else str(facts["code"]),
        level=str(facts["level"]),
        semesters=semesters,
        modules=list(modules.values()),
        electives=electives,
        blocks=blocks,
    )


def _block_keys(sh: _Sheet, row: int, block: str) -> dict[str, int]:
    keys: dict[str, int] = {}
    column = 2
    while sh.value(row, column) is not None:
        keys[str(sh.value(row, column))] = column
        column += 1
    for key in BLOCKS[block]:
        if key not in keys:
            raise sh.layout(row, column, f"the key `{key}` of the block `{block}`")
    return keys


def _date(v: Any) -> str | None:
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
        try:
            return datetime.date.fromisoformat(v.strip()).isoformat()
        except ValueError:
            return None
    return None


def _block_row(
    sh: _Sheet,
    row: int,
    block: str,
    keys: dict[str, int],
    semesters: int,
    earlier: list[dict[str, Any]],
    diags: list[Diagnostic],
) -> dict[str, Any] | None:
    """One entry of a block, in the shape the exporter writes; None (with findings) when unusable."""
    before = len(diags)

    def whole(key: str, low: int, high: int, what: str, default: int | None = None) -> int | None:
        v = sh.value(row, keys[key])
        if v is None:
            return default
        n = _whole(v)
        if n is None or not low <= n <= high:
            diags.append(sh.bad(row, keys[key], f"{what} ({low}–{high})"))
        return n

    def text(key: str) -> Any:
        return None if sh.value(row, keys[key]) is None else str(sh.value(row, keys[key]))

    def date(key: str, required: bool) -> str | None:
        v = sh.value(row, keys[key])
        if v is None and not required:
            return None
        found = _date(v)
        if found is None:
            diags.append(sh.bad(row, keys[key], "a date, YYYY-MM-DD"))
        return found

    out: dict[str, Any]
    if block == "calendar":
        out = {
            "year": whole("year", 1, 12, "a course year"),
            "alternation": text("alternation") or "block",
            "workplace_days": whole("workplace_days", 0, 7, "days a week at the enterprise"),
            "semester": whole("semester", 1, semesters, "a semester"),
            **{w: whole(w, 0, 52, f"weeks of {w}", 0) for w in WEEKS},
        }
        if sh.value(row, keys["year"]) is None:
            diags.append(sh.bad(row, keys["year"], "a course year (1–12)"))
        if sh.value(row, keys["semester"]) is None:
            diags.append(sh.bad(row, keys["semester"], f"a semester (1–{semesters})"))
        if out["alternation"] not in ("block", "day-release"):
            diags.append(sh.bad(row, keys["alternation"], "`block` or `day-release`"))
        first = next((e for e in earlier if e["year"] == out["year"]), None)
        if first is not None and first["alternation"] != out["alternation"]:
            diags.append(
                sh.bad(row, keys["alternation"], f"`{first['alternation']}`, as in course {out['year']}'s first row")
            )
        if len(diags) == before:
            _check_total(sh, row, keys["weeks"], sum(out[w] for w in WEEKS), diags)
    elif block == "language_groups":
        out = {
            "language": text("language"),
            "groups": whole("groups", 0, 10_000, "a number of groups", 1),
            "students": whole("students", 0, 1_000_000, "a number of students"),
        }
        if out["language"] not in LANGS:
            diags.append(sh.bad(row, keys["language"], "a language of instruction: " + ", ".join(LANGS)))
    else:
        out = {"year": text("year")}
        if not re.fullmatch(r"\d{4}-\d{4}", out["year"] or ""):
            diags.append(sh.bad(row, keys["year"], "an academic year, e.g. 2025-2026"))
        for name in TEXTS:
            for key in (name, *(f"{name}.{lang}" for lang in LANGS)):
                if text(key) is not None:
                    out[key] = text(key)
            if name == "approved_by":
                if not any(k.startswith(name) for k in out):
                    diags.append(sh.bad(row, keys[name], "who approved the working curriculum"))
                out["date"] = date("date", True)
        out["agreed"] = date("agreed", False)
        out["document"] = text("document")
    return out if len(diags) == before else None


def _text_value(entry: dict[str, Any], name: str) -> Any:
    if name in entry:
        return entry[name]
    values = {lang: entry[f"{name}.{lang}"] for lang in LANGS if f"{name}.{lang}" in entry}
    return values or None


def _iso(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def block_yaml(name: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A block's rows as the programme file writes them."""
    if name == "calendar":
        years: list[dict[str, Any]] = []
        for e in entries:
            if not years or years[-1]["year"] != e["year"]:
                year: dict[str, Any] = {"year": e["year"]}
                if e["alternation"] != "block":
                    year["alternation"] = e["alternation"]
                if e["workplace_days"] is not None:
                    year["workplace_days"] = e["workplace_days"]
                year["semesters"] = []
                years.append(year)
            years[-1]["semesters"].append({"semester": e["semester"], **{w: e[w] for w in WEEKS if e[w]}})
        return years
    if name == "language_groups":
        return [
            {
                k: v
                for k, v in (("language", e["language"]), ("groups", e["groups"]), ("students", e["students"]))
                if v is not None
            }
            for e in entries
        ]
    out = []
    for e in entries:
        item: dict[str, Any] = {
            "year": e["year"],
            "approved_by": _text_value(e, "approved_by"),
            "date": _iso(e["date"]),
        }
        for key, value in (
            ("agreed_with", _text_value(e, "agreed_with")),
            ("agreed", _iso(e["agreed"])),
            ("document", e["document"]),
        ):
            if value is not None:
                item[key] = value
        out.append(item)
    return out


MODEL_BLOCKS = {"calendar": _calendar_rows, "language_groups": _language_rows, "approvals": _approval_rows}


def _check_total(sh: _Sheet, row: int, column: int, computed: int, diags: list[Diagnostic]) -> None:
    typed = sh.value(row, column)
    if typed is None:
        return
    number = _number(typed)
    if number is None:
        diags.append(sh.bad(row, column, "a number of hours (or the formula)"))
    elif number != computed:
        diags.append(
            d.make(d.XLSX_TOTAL, sh.loc(row, column), cell=sh.ref(row, column), typed=number, computed=computed)
        )


def _load_row(
    sh: _Sheet,
    row: int,
    keys: dict[str, int],
    kinds: list[str],
    shares: list[str],
    semesters: int,
    modules: dict[str, dict[str, Any]],
    rows: list[tuple[str, str, int | None, dict[str, int]]],
    diags: list[Diagnostic],
) -> None:
    ident = sh.value(row, keys["module"])
    cycle = sh.value(row, keys["cycle"])
    if not isinstance(ident, str | int):
        diags.append(sh.bad(row, keys["module"], "a module id"))
        return
    if not isinstance(cycle, str):
        diags.append(sh.bad(row, keys["cycle"], "a cycle (a term of the vocabulary `cycles`)"))
        return
    ident = str(ident)
    module = modules.get(ident)
    if module is None:
        module = modules[ident] = {"id": ident, "cycle": cycle, "semesters": []}
        title = {
            lang: str(sh.value(row, keys[f"title.{lang}"])) for lang in LANGS if sh.value(row, keys[f"title.{lang}"])
        }
        module["title"] = title
        component = sh.value(row, keys["component"])
        module["component"] = None if component is None else str(component)
        if component is not None:
            sh.term(row, keys["component"], "components", str(component), diags)
        sh.term(row, keys["cycle"], "cycles", cycle, diags)
        credits = sh.value(row, keys["credits"])
        module["credits"] = None
        if credits is not None:
            number = _number(credits)
            if number is None or number < 0:
                diags.append(sh.bad(row, keys["credits"], "a number of credits"))
            module["credits"] = number
    elif module["cycle"] != cycle:
        diags.append(sh.bad(row, keys["cycle"], f"`{module['cycle']}`, the cycle of the module's first row"))
    raw_semester = sh.value(row, keys["semester"])
    values: dict[str, int] = {}
    hours: dict[str, int] = {}
    workplace: dict[str, int] = {}
    for key in [*kinds, *shares]:
        v = sh.value(row, keys[key])
        if v is None:
            continue
        n = _whole(v)
        if n is None or n < 0:
            diags.append(sh.bad(row, keys[key], "a whole number of hours (0 or more)"))
            continue
        values[key] = n
        (hours if key.startswith("hours:") else workplace)[key.split(":", 1)[1]] = n
    values["total"] = sum(hours.values())
    control_text = sh.value(row, keys["control"])
    control = [c.strip() for c in str(control_text).split(",") if c.strip()] if control_text is not None else []
    for form in control:
        sh.term(row, keys["control"], "control-forms", form, diags)
    if raw_semester is None:
        if hours or workplace or control:
            diags.append(sh.bad(row, keys["semester"], f"a semester (1–{semesters})"))
        rows.append((ident, module["cycle"], None, values))
    else:
        semester = _whole(raw_semester)
        if semester is None or not 1 <= semester <= semesters:
            diags.append(sh.bad(row, keys["semester"], f"a semester (1–{semesters})"))
            return
        load: dict[str, Any] = {"semester": semester, "hours": hours}
        if workplace:
            load["workplace"] = workplace
        if control:
            load["control"] = control
        module["semesters"].append(load)
        rows.append((ident, module["cycle"], semester, values))
    _check_total(sh, row, keys["total"], values["total"], diags)


def _elective_row(sh: _Sheet, row: int, keys: dict[str, int], diags: list[Diagnostic]) -> dict[str, Any]:
    group: dict[str, Any] = {"id": str(sh.value(row, keys["module"]) or "")}
    if not group["id"]:
        diags.append(sh.bad(row, keys["module"], "the id of the elective group"))
    title = {lang: str(sh.value(row, keys[f"title.{lang}"])) for lang in LANGS if sh.value(row, keys[f"title.{lang}"])}
    if title:
        group["title"] = title
    choose = _whole(sh.value(row, keys["credits"]))
    if choose is None or choose < 1:
        diags.append(sh.bad(row, keys["credits"], "how many modules a learner chooses (1 or more)"))
        choose = 1
    group["choose"] = choose
    listed = sh.value(row, keys["control"])
    group["modules"] = [m.strip() for m in str(listed or "").split(",") if m.strip()]
    if not group["modules"]:
        diags.append(sh.bad(row, keys["control"], "the ids of the modules, separated by commas"))
    return group


# --------------------------------------------------------------------------- writing the YAML files
NEW_MISSING = ("provider", "qualifications", "languages", "run", "cohort")


def _plain(node: Any) -> Any:
    """ruamel's round-trip values as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _compact(value: Any) -> Any:
    """Credits written as whole numbers where they are whole."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _set(tree: Any, mapping: Any, key: str, value: Any, after: str | None = None) -> None:
    """``key: value`` in ``mapping`` (in place when present, else after ``after``); None removes the key."""
    if value is None or value == [] or value == {}:
        if key in mapping:
            del mapping[key]
        return
    if key in mapping and _plain(mapping[key]) == value:
        return
    built = tree.build(value) if isinstance(value, dict | list) else value
    if isinstance(value, list) and value and isinstance(value[0], dict):
        built = tree.block(built)
    if key in mapping:
        mapping[key] = built
    else:
        keys = list(mapping)
        position = keys.index(after) + 1 if after in keys else len(keys)
        mapping.insert(position, key, built)


def _module_map(tree: Any, m: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    out["id"] = m["id"]
    out["title"] = tree.build(m["title"] or {"en": m["id"]})
    out["cycle"] = m["cycle"]
    if m["component"]:
        out["component"] = m["component"]
    if m["credits"] is not None:
        out["credits"] = _compact(m["credits"])
    out["semesters"] = tree.block(tree.build(m["semesters"]))
    return out


def apply(read: Read, catalogue: Catalogue, display: str) -> tuple[dict[Path, str], list[Diagnostic], dict[str, str]]:
    """The new text of every programme file the workbook touches (nothing is written here), the
    findings, and what happened to each programme (``updated``, ``unchanged`` or ``created``)."""
    from ruamel.yaml.comments import CommentedMap

    from ..commands.migrate import _yaml
    from ..formats.tree import RoundTripTree

    texts: dict[Path, str] = {}
    diags: list[Diagnostic] = []
    outcome: dict[str, str] = {}
    for sp in read.programmes:
        existing = catalogue.programmes.get(sp.id)
        yaml = _yaml()
        if existing is not None and existing.loc.file and _same(sp, existing):
            # nothing to write: skip the (slow) round-trip parse of the YAML file
            seen = {m["id"] for m in sp.modules}
            for module in existing.modules:
                if module.id not in seen:
                    diags.append(d.make(d.XLSX_MODULE_MISSING, module.loc, module=module.id, sheet=sp.sheet))
            outcome[sp.id] = "unchanged"
        elif existing is not None and existing.loc.file:
            path = catalogue.root / existing.loc.file
            original = path.read_text(encoding="utf-8")
            document = yaml.load(original)
            tree = RoundTripTree(existing.loc.file)
            _set(tree, document, "semesters", sp.semesters)
            modules = document.get("modules")
            if modules is None:
                document["modules"] = modules = tree.block(tree.build([]))
            by_id: dict[str, Any] = {str(m.get("id")): m for m in modules if isinstance(m, dict)}
            for m in sp.modules:
                node = by_id.get(m["id"])
                if node is None:
                    modules.append(_module_map(tree, m))
                    continue
                _set(tree, node, "cycle", m["cycle"], "title")
                _set(tree, node, "component", m["component"], "cycle")
                _set(tree, node, "credits", _compact(m["credits"]), "component" if "component" in node else "cycle")
                if _plain(node.get("semesters", [])) != m["semesters"]:
                    _set(tree, node, "semesters", m["semesters"], "credits")
            seen = {m["id"] for m in sp.modules}
            for ident, node in by_id.items():
                if ident not in seen:
                    line, column = node.lc.line + 1, node.lc.col + 1
                    diags.append(
                        d.make(
                            d.XLSX_MODULE_MISSING, Loc(existing.loc.file, line, column), module=ident, sheet=sp.sheet
                        )
                    )
            _set(tree, document, "electives", sp.electives, "modules")
            for name, entries in sp.blocks.items():
                if entries != MODEL_BLOCKS[name](existing):  # what the file says already: left as written
                    _set(tree, document, name, block_yaml(name, entries), _after(document, name))
            out = io.StringIO()
            yaml.dump(document, out)
            if out.getvalue() != original:
                texts[path] = out.getvalue()
                outcome[sp.id] = "updated"
            else:
                outcome[sp.id] = "unchanged"
        else:
            relative = f"programmes/{sp.id}.yml"
            path = catalogue.root / relative
            tree = RoundTripTree(relative)
            document = CommentedMap()
            for key, value in (("format", 2), ("kind", "programme"), ("id", sp.id)):
                document[key] = value
            document["title"] = tree.build(sp.title or {"en": sp.id})
            if sp.code:
                document["code"] = sp.code
            document["level"] = sp.level
            document["semesters"] = sp.semesters
            document["modules"] = tree.block(CommentedSeqOf([_module_map(tree, m) for m in sp.modules]))
            if sp.electives:
                document["electives"] = tree.block(tree.build(sp.electives))
            for name, entries in sp.blocks.items():
                if entries:
                    _set(tree, document, name, block_yaml(name, entries), _after(document, name))
            out = io.StringIO()
            yaml.dump(document, out)
            header = (
                "# yaml-language-server: $schema=../schemas/programme.schema.json\n"
                f"# The working curriculum of {sp.id}, imported from the workbook {display} by `curriculum import xlsx`.\n"
            )
            texts[path] = header + out.getvalue()
            outcome[sp.id] = "created"
            diags.append(
                d.make(d.XLSX_NEW_PROGRAMME, Loc(relative, 1, 1), programme=sp.id, missing=", ".join(NEW_MISSING))
            )
    return texts, diags, outcome


AFTER = {
    "language_groups": ("study_form", "base_education", "duration", "languages"),
    "calendar": ("electives", "modules"),
    "approvals": ("calendar", "electives", "modules"),
}


def _after(document: Any, name: str) -> str | None:
    """The key a new block goes after, in the order of the format."""
    return next((k for k in AFTER[name] if k in document), None)


def _plain_load(load: SemesterLoad) -> dict[str, Any]:
    out: dict[str, Any] = {"semester": load.semester, "hours": {k.kind: k.hours for k in load.hours}}
    if load.workplace:
        out["workplace"] = {k.kind: k.hours for k in load.workplace}
    if load.control:
        out["control"] = list(load.control)
    return out


def _same(sp: SheetProgramme, p: Programme) -> bool:
    """True when the sheet says what the programme's model already holds (nothing to rewrite)."""
    if sp.semesters != p.semesters:
        return False
    modules = {m.id: m for m in p.modules}
    for m in sp.modules:
        old = modules.get(m["id"])
        if old is None or (old.cycle, old.component, old.credits) != (m["cycle"], m["component"], m["credits"]):
            return False
        if [_plain_load(x) for x in old.semesters] != m["semesters"]:
            return False
    groups = []
    for g in p.electives:
        group: dict[str, Any] = {"id": g.id}
        if g.title is not None:
            group["title"] = {k: v for k, v in g.title.values.items() if k in LANGS and v}
        group["choose"] = g.choose
        group["modules"] = list(g.modules)
        groups.append(group)
    if any(entries != MODEL_BLOCKS[name](p) for name, entries in sp.blocks.items()):
        return False
    return groups == sp.electives


def CommentedSeqOf(items: list[Any]) -> Any:  # noqa: N802 - a constructor
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items)
