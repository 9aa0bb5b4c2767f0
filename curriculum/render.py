"""Render a checked catalogue into one Markdown tree and one ``mkdocs.yml`` per language.

Templates are Jinja (package ``curriculum/templates``, overridable by a ``templates/`` folder in
the catalogue). Autoescaping is off because the output is Markdown; every value that comes from
YAML must go through one of the escaping filters instead:

* ``md``   — Markdown inline text: HTML-escaped and Markdown metacharacters backslash-escaped;
  a :class:`~curriculum.model.Text` is translated, and a missing translation is marked visibly;
* ``cell`` — like ``md`` for a Markdown table cell (``|`` escaped, newlines become spaces);
* ``h``    — text inside raw HTML (matrix, SVG): HTML-escaped only, with the same fallback mark;
* ``attr`` — plain text for an HTML attribute (``title="…"``), HTML-escaped with quotes.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .checks import Result
from .checks.coverage import RANK
from .model import Programme, Text

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"
SEARCH_SEPARATOR = r"""[\s\-,:;.!?()\[\]{}"'/\\«»„“”‘’—–…]+"""
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

# Markdown characters Python-Markdown (with the tables extension) accepts a backslash before.
_MD_META = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

LABELS: dict[str, dict[str, str]] = {
    "home": {"en": "Catalogue", "ru": "Каталог", "kk": "Каталог"},
    "programmes": {"en": "Programmes", "ru": "Программы", "kk": "Бағдарламалар"},
    "programme": {"en": "Programme", "ru": "Программа", "kk": "Бағдарлама"},
    "overview": {"en": "Overview", "ru": "Обзор", "kk": "Шолу"},
    "matrix": {"en": "Competency matrix", "ru": "Матрица компетенций", "kk": "Құзыреттер матрицасы"},
    "coverage": {"en": "Coverage and findings", "ru": "Покрытие и замечания", "kk": "Қамту және ескертулер"},
    "modules": {"en": "Modules", "ru": "Модули", "kk": "Модульдер"},
    "module": {"en": "Module", "ru": "Модуль", "kk": "Модуль"},
    "partners": {"en": "Partner enterprises", "ru": "Предприятия-партнёры", "kk": "Серіктес кәсіпорындар"},
    "graph": {"en": "Prerequisite graph", "ru": "Граф пререквизитов", "kk": "Пререквизиттер графы"},
    "accreditation": {"en": "Accreditation", "ru": "Аккредитация", "kk": "Аккредиттеу"},
    "print": {"en": "Print view", "ru": "Версия для печати", "kk": "Басып шығаруға арналған нұсқа"},
    "frameworks": {"en": "Competency frameworks", "ru": "Стандарты и требования", "kk": "Стандарттар мен талаптар"},
    "qualifications": {"en": "Qualifications", "ru": "Квалификации", "kk": "Біліктіліктер"},
    "qualification": {"en": "Qualification", "ru": "Квалификация", "kk": "Біліктілік"},
    "reference": {"en": "Format reference", "ru": "Справочник формата", "kk": "Формат анықтамалығы"},
    "providers": {"en": "Providers", "ru": "Организации образования", "kk": "Білім беру ұйымдары"},
    "provider": {"en": "Provider", "ru": "Организация образования", "kk": "Білім беру ұйымы"},
    "regions": {"en": "Regions", "ru": "Регионы", "kk": "Өңірлер"},
    "region": {"en": "Region", "ru": "Регион", "kk": "Өңір"},
    "places": {"en": "Training places", "ru": "Учебные места", "kk": "Оқу орындары"},
    "students": {"en": "Cohort students", "ru": "Обучающиеся в наборе", "kk": "Қабылданған білім алушылар"},
    "dual_share": {
        "en": "Dual share (workplace hours)",
        "ru": "Доля дуального обучения (часы на предприятии)",
        "kk": "Дуалды оқыту үлесі (кәсіпорындағы сағаттар)",
    },
    "code": {"en": "Code", "ru": "Код", "kk": "Коды"},
    "nqf": {"en": "NQF level", "ru": "Уровень НРК", "kk": "ҰБШ деңгейі"},
    "duration": {"en": "Duration", "ru": "Продолжительность", "kk": "Ұзақтығы"},
    "semesters": {"en": "Semesters", "ru": "Семестры", "kk": "Семестрлер"},
    "semester": {"en": "Semester", "ru": "Семестр", "kk": "Семестр"},
    "languages": {"en": "Languages of instruction", "ru": "Языки обучения", "kk": "Оқыту тілдері"},
    "cohort": {"en": "Cohort", "ru": "Контингент набора", "kk": "Қабылдау контингенті"},
    "run": {"en": "Run", "ru": "Сроки", "kk": "Мерзімі"},
    "hours": {"en": "Hours", "ru": "Часы", "kk": "Сағаттар"},
    "theory": {"en": "College theory", "ru": "Теория в колледже", "kk": "Колледждегі теория"},
    "practice": {"en": "College practice", "ru": "Практика в колледже", "kk": "Колледждегі практика"},
    "workplace": {"en": "Workplace", "ru": "На предприятии", "kk": "Кәсіпорында"},
    "total": {"en": "Total", "ru": "Всего", "kk": "Барлығы"},
    "status": {"en": "Accreditation status", "ru": "Статус аккредитации", "kk": "Аккредиттеу мәртебесі"},
    "not_translated": {"en": "not translated", "ru": "не переведено", "kk": "аударылмаған"},
    "gap": {"en": "gap", "ru": "пробел", "kk": "олқылық"},
    "waived": {"en": "waived", "ru": "исключение", "kk": "ерекшелік"},
    "ignored": {
        "en": "requirement set not mapped",
        "ru": "требования не сопоставлены",
        "kk": "талаптар салыстырылмаған",
    },
    "outcomes": {"en": "Learning outcomes", "ru": "Результаты обучения", "kk": "Оқыту нәтижелері"},
    "outcome": {"en": "Outcome", "ru": "Результат", "kk": "Нәтиже"},
    "covers": {"en": "Covers", "ru": "Покрывает", "kk": "Қамтиды"},
    "level": {"en": "Level", "ru": "Уровень", "kk": "Деңгей"},
    "introduced": {"en": "introduced", "ru": "введено", "kk": "енгізілген"},
    "reinforced": {"en": "reinforced", "ru": "закреплено", "kk": "бекітілген"},
    "mastered": {"en": "mastered", "ru": "освоено", "kk": "меңгерілген"},
    "venue": {"en": "Venue", "ru": "Место обучения", "kk": "Оқыту орны"},
    "college": {"en": "college", "ru": "колледж", "kk": "колледж"},
    "both": {"en": "college and workplace", "ru": "колледж и предприятие", "kk": "колледж және кәсіпорын"},
    "assessments": {"en": "Assessments", "ru": "Оценивание", "kk": "Бағалау"},
    "assessed_by": {"en": "Assessed by", "ru": "Оценивается", "kk": "Бағалануы"},
    "prerequisites": {"en": "Prerequisites", "ru": "Пререквизиты", "kk": "Пререквизиттер"},
    "type": {"en": "Type", "ru": "Тип", "kk": "Түрі"},
    "credits": {"en": "Credits", "ru": "Кредиты", "kk": "Кредиттер"},
    "agreement": {"en": "Agreement", "ru": "Договор", "kk": "Келісімшарт"},
    "parties": {"en": "Parties", "ru": "Стороны", "kk": "Тараптар"},
    "signed": {"en": "Signed", "ru": "Подписан", "kk": "Қол қойылған"},
    "valid": {"en": "In force", "ru": "Действует", "kk": "Күшінде"},
    "mentors": {"en": "Mentors", "ru": "Наставники", "kk": "Тәлімгерлер"},
    "mentor_count": {"en": "Number of mentors", "ru": "Число наставников", "kk": "Тәлімгерлер саны"},
    "trainees": {"en": "Trainees", "ru": "Обучающиеся", "kk": "Білім алушылар"},
    "trained": {"en": "Mentor training", "ru": "Обучение наставников", "kk": "Тәлімгерлерді оқыту"},
    "yes": {"en": "yes", "ru": "да", "kk": "иә"},
    "no": {"en": "no", "ru": "нет", "kk": "жоқ"},
    "none": {"en": "None.", "ru": "Нет.", "kk": "Жоқ."},
    "training_plan": {"en": "Training plan", "ru": "План обучения на предприятии", "kk": "Кәсіпорындағы оқыту жоспары"},
    "unit": {"en": "Unit", "ru": "Единица", "kk": "Бірлік"},
    "site": {"en": "Workshop or department", "ru": "Цех или отдел", "kk": "Цех немесе бөлім"},
    "sector": {"en": "Sector", "ru": "Отрасль", "kk": "Сала"},
    "city": {"en": "City", "ru": "Город", "kk": "Қала"},
    "requirement_set": {
        "en": "Employer requirements",
        "ru": "Требования работодателя",
        "kk": "Жұмыс берушінің талаптары",
    },
    "findings": {"en": "Findings", "ru": "Замечания", "kk": "Ескертулер"},
    "severity": {"en": "Severity", "ru": "Важность", "kk": "Маңыздылығы"},
    "message": {"en": "Message", "ru": "Сообщение", "kk": "Хабарлама"},
    "location": {"en": "Location", "ru": "Место в файле", "kk": "Файлдағы орны"},
    "waivers": {"en": "Waivers", "ru": "Обоснованные исключения", "kk": "Негізделген ерекшеліктер"},
    "justification": {"en": "Justification", "ru": "Обоснование", "kk": "Негіздеме"},
    "approved_by": {"en": "Approved by", "ru": "Утверждено", "kk": "Бекіткен"},
    "rules": {"en": "Rules", "ru": "Правила", "kk": "Ережелер"},
    "figures": {"en": "Figures", "ru": "Показатели", "kk": "Көрсеткіштер"},
    "agency": {"en": "Agency", "ru": "Агентство", "kk": "Агенттік"},
    "decision": {"en": "Decision", "ru": "Решение", "kk": "Шешім"},
    "date": {"en": "Date", "ru": "Дата", "kk": "Күні"},
    "valid_until": {"en": "Valid until", "ru": "Действует до", "kk": "Жарамдылық мерзімі"},
    "report": {"en": "Panel report", "ru": "Отчёт комиссии", "kk": "Комиссия есебі"},
    "recommendations": {"en": "Recommendations", "ru": "Рекомендации", "kk": "Ұсынымдар"},
    "evidence": {"en": "Evidence", "ru": "Подтверждение", "kk": "Дәлелдер"},
    "due": {"en": "Due", "ru": "Срок", "kk": "Мерзімі"},
    "open": {"en": "open", "ru": "открыта", "kk": "ашық"},
    "in-progress": {"en": "in progress", "ru": "выполняется", "kk": "орындалуда"},
    "closed": {"en": "closed", "ru": "закрыта", "kk": "жабық"},
    "accredited": {"en": "accredited", "ru": "аккредитована", "kk": "аккредиттелген"},
    "conditional": {
        "en": "accredited with conditions",
        "ru": "аккредитована с условиями",
        "kk": "шартты түрде аккредиттелген",
    },
    "denied": {"en": "denied", "ru": "отказано", "kk": "бас тартылды"},
    "pending": {"en": "pending", "ru": "на рассмотрении", "kk": "қаралуда"},
    "not_accredited": {
        "en": "no accreditation recorded",
        "ru": "аккредитация не указана",
        "kk": "аккредиттеу көрсетілмеген",
    },
    "covered_by": {"en": "Covered by", "ru": "Покрывается", "kk": "Қамтитын"},
    "not_covered": {"en": "not covered", "ru": "не покрыто", "kk": "қамтылмаған"},
    "requirements": {"en": "Requirements", "ru": "Требования", "kk": "Талаптар"},
    "required_level": {"en": "Required level", "ru": "Требуемый уровень", "kk": "Талап етілетін деңгей"},
    "competency": {"en": "Competency", "ru": "Компетенция", "kk": "Құзырет"},
    "items": {"en": "Items", "ru": "Элементы", "kk": "Элементтер"},
    "source": {"en": "Source", "ru": "Источник", "kk": "Дереккөз"},
    "illustrative": {
        "en": "Illustrative example data, not an official text.",
        "ru": "Иллюстративные данные, не официальный текст.",
        "kk": "Мысал ретіндегі деректер, ресми мәтін емес.",
    },
    "legend": {
        "en": "I — introduced, R — reinforced, M — mastered; the cell shows the highest level an outcome of the module reaches for the competency or an item below it.",
        "ru": "I — введено, R — закреплено, M — освоено; в ячейке — наивысший уровень, которого достигает результат модуля по компетенции или её подпункту.",
        "kk": "I — енгізілген, R — бекітілген, M — меңгерілген; ұяшықта модуль нәтижесі құзырет немесе оның тармағы бойынша жететін ең жоғары деңгей.",
    },
    "required": {"en": "Required competencies", "ru": "Требуемых компетенций", "kk": "Талап етілетін құзыреттер"},
    "covered": {"en": "Covered", "ru": "Покрыто", "kk": "Қамтылған"},
    "assessed": {"en": "Assessed", "ru": "Оценивается", "kk": "Бағаланады"},
    "at_workplace": {
        "en": "Practised at the workplace",
        "ru": "Отрабатывается на предприятии",
        "kk": "Кәсіпорында пысықталады",
    },
    "at_level": {"en": "At the required level", "ru": "На требуемом уровне", "kk": "Талап етілетін деңгейде"},
    "gaps": {"en": "Gaps", "ru": "Пробелы", "kk": "Олқылықтар"},
    "waived_count": {"en": "Waived", "ru": "Исключения", "kk": "Ерекшеліктер"},
    "workplace_hours": {"en": "Workplace hours", "ru": "Часы на предприятии", "kk": "Кәсіпорындағы сағаттар"},
    "workplace_share": {"en": "Workplace share", "ru": "Доля предприятия", "kk": "Кәсіпорын үлесі"},
    "weighted": {
        "en": "WorldSkills weight covered",
        "ru": "Покрытый вес WorldSkills",
        "kk": "Қамтылған WorldSkills салмағы",
    },
    "dossier_pdf": {"en": "Dossier as PDF", "ru": "Досье в PDF", "kk": "PDF досье"},
    "clean": {"en": "No findings.", "ru": "Замечаний нет.", "kk": "Ескертулер жоқ."},
    "description": {"en": "Description", "ru": "Описание", "kk": "Сипаттама"},
}

FIGURES = (
    "required",
    "covered",
    "assessed",
    "workplace",
    "at_level",
    "gaps",
    "waived",
    "workplace_hours",
    "workplace_share",
)
SHARE_FIGURES = {"covered", "assessed", "workplace", "at_level", "workplace_share"}
FIGURE_LABELS = {"workplace": "at_workplace", "waived": "waived_count"}


# --------------------------------------------------------------------------- escaping
def escape_md(value: str) -> str:
    """Markdown-safe inline text: metacharacters backslash-escaped, then HTML-escaped."""
    value = " ".join(str(value).split())
    return html.escape(_MD_META.sub(r"\\\1", value), quote=False)


def escape_html(value: str) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def slug(value: str) -> str:
    """A file name for an id: unchanged when safe, else made safe and made unique with a hash."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip(".-") or "x"
    if safe != value:
        safe += "-" + hashlib.sha1(value.encode()).hexdigest()[:6]
    return safe


@dataclass
class Page:
    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()


class Renderer:
    """Renders the pages of one language."""

    def __init__(self, result: Result, lang: str, env: jinja2.Environment) -> None:
        self.result = result
        self.catalogue = result.catalogue
        self.lang = lang
        self.env = env
        self.order = tuple(result.catalogue.settings.languages)
        self.here = "index.md"
        self.pdf = False

    # ---- texts
    def label(self, key: str) -> str:
        entry = LABELS.get(key)
        if entry is None:
            return key
        return entry.get(self.lang) or entry["en"]

    def plain(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.get(self.lang, self.order)
        return str(value)

    def _marked(self, value: Any, escape: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, Text):
            return escape(str(value))
        text = escape(value.get(self.lang, self.order))
        used = value.lang_of(self.lang, self.order)
        if value.neutral or used == self.lang or not used:
            return text
        note = html.escape(self.label("not_translated"), quote=True)
        return (
            f'<span class="fallback" lang="{used}" title="{note}">{text}</span>'
            f'<sup class="fallback-badge" title="{note}">({used})</sup>'
        )

    def md(self, value: Any) -> str:
        return self._marked(value, escape_md)

    def cell(self, value: Any) -> str:
        return self.md(value)

    def h(self, value: Any) -> str:
        return self._marked(value, escape_html)

    def attr(self, value: Any) -> str:
        return escape_html(self.plain(value))

    # ---- links
    def link(self, target: str) -> str:
        """Relative link from the page being rendered to ``target`` (a docs path)."""
        base = posixpath.dirname(self.here) or "."
        return posixpath.relpath(target, base)

    def hlink(self, target: str) -> str:
        """Relative link for raw HTML: to the built ``.html`` page."""
        path, _, anchor = target.partition("#")
        if path.endswith(".md"):
            path = path[:-3] + ".html"
        return self.link(path) + (f"#{anchor}" if anchor else "")

    # ---- rendering
    def render(self, page: Page) -> str:
        self.here = page.path
        ctx = {
            "lang": self.lang,
            "here": page.path,
            "catalogue": self.catalogue,
            "result": self.result,
            "page_title": page.title,
            "shift": 0,
            "pdf": self.pdf,
            **page.context,
        }
        body = self.env.get_template(page.template).render(ctx)
        front = "---\n" + f"title: {json.dumps(escape_html(page.title), ensure_ascii=False)}\n"
        if page.hide:
            front += f"hide: {json.dumps(list(page.hide))}\n"
        front += "---\n\n"
        return front + body.rstrip() + "\n"


def make_env(root: Path) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if (root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / "templates")))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def install(env: jinja2.Environment, r: Renderer) -> None:
    env.filters.update(md=r.md, cell=r.cell, h=r.h, attr=r.attr, plain=r.plain, pct=pct, num=num)
    env.globals.update(
        t=r.label,
        link=r.link,
        hlink=r.hlink,
        slug=slug,
        rank=RANK,
        level_code=level_code,
        prereq_svg=lambda p: prereq_svg(p, r),
        hours_bars=lambda p: hours_bars(p, r),
        matrix=lambda p: matrix_table(p, r),
        coverage_of=lambda p: r.result.coverage.get(p.id),
        figures_of=lambda p: r.result.figures.get(p.id, {}),
        findings_of=lambda p: findings_of(r.result, p),
        figure_rows=lambda p: figure_rows(r, p),
        who_covers=lambda fw, item: who_covers(r, fw, item),
        item_tree=item_tree,
        qualification_rows=lambda key, q: qualification_rows(r, key, q),
        qualification_page=lambda p, code: qualification_page(r.catalogue, p, code),
        dashboard=lambda: dashboard(r),
        accreditation_status=lambda p: accreditation_status(r, p),
        module_ids=lambda p: {m.id for m in p.modules},
    )


def dashboard(r: Renderer) -> dict[str, Any]:
    cat = r.catalogue
    progs = [cat.programmes[k] for k in sorted(cat.programmes)]
    providers = sorted({r.plain(p.provider.name) for p in progs})
    partner_rows = [(p, x) for p in progs for x in p.partners]
    partners = sorted({r.plain(x.name) for _, x in partner_rows})
    regions = sorted({r.plain(p.provider.region) for p in progs} | {r.plain(x.region) for _, x in partner_rows})
    workplace = total = 0.0
    for p in progs:
        h = module_hours(p)
        workplace += h["workplace"]
        total += sum(h.values())
    return {
        "programmes": len(progs),
        "providers": providers,
        "partners": partners,
        "partner_rows": partner_rows,
        "regions": regions,
        "places": sum(x.places for _, x in partner_rows),
        "students": sum(p.cohort for p in progs),
        "dual_share": workplace / total if total else 0.0,
    }


def accreditation_status(r: Renderer, p: Programme) -> str:
    """The latest decision, as Markdown-safe text."""
    if not p.accreditation:
        return r.label("not_accredited")
    a = sorted(p.accreditation, key=lambda a: a.date or "")[-1]
    when = f", {a.date}" if a.date else ""
    return escape_md(f"{a.agency}: {r.label(a.decision)}{when}")


def pct(value: float) -> str:
    return f"{100 * value:.0f} %"


def num(value: float) -> str:
    return f"{value:g}"


def level_code(level: str) -> str:
    return {"introduced": "I", "reinforced": "R", "mastered": "M"}.get(level, "?")


# --------------------------------------------------------------------------- data helpers
def module_hours(p: Programme) -> dict[str, int]:
    out = {"theory": 0, "practice": 0, "workplace": 0}
    for m in p.modules:
        out["theory"] += m.hours.theory
        out["practice"] += m.hours.practice
        out["workplace"] += m.hours.workplace
    return out


def findings_of(result: Result, p: Programme) -> list[Any]:
    file = p.loc.file
    return [x for x in result.diagnostics if x.programme == p.id or (not x.programme and file and x.file == file)]


def figure_rows(r: Renderer, p: Programme) -> list[tuple[str, str]]:
    figures = r.result.figures.get(p.id, {})
    rows = []
    for key in FIGURES:
        if key in figures:
            value = figures[key]
            rows.append((r.label(FIGURE_LABELS.get(key, key)), pct(value) if key in SHARE_FIGURES else num(value)))
    for key in sorted(k for k in figures if k.startswith("weighted:")):
        rows.append((f"{r.label('weighted')} ({key.partition(':')[2]})", pct(figures[key])))
    return rows


def qualification_key(catalogue: Any, p: Programme | None, code: str) -> str | None:
    q = catalogue.qualification(code, p)
    if q is None:
        return None
    return next((k for k, v in catalogue.qualifications.items() if v is q), None)


def qualification_page(catalogue: Any, p: Programme | None, code: str) -> str | None:
    key = qualification_key(catalogue, p, code)
    return f"qualifications/{slug(key)}.md" if key else None


def item_tree(index: Any) -> list[tuple[int, str]]:
    """(depth, item id) in document order."""
    out: list[tuple[int, str]] = []
    stack = [(0, i) for i in reversed(index.children.get(None, []))]
    while stack:
        depth, item = stack.pop()
        out.append((depth, item))
        stack.extend((depth + 1, c) for c in reversed(index.children.get(item, [])))
    return out


def who_covers(r: Renderer, fw: str, item: str) -> list[tuple[Programme, Any, Any, str]]:
    """(programme, module, outcome, level) for every outcome that covers ``fw:item`` directly."""
    ref = f"{fw}:{item}"
    out: list[tuple[Programme, Any, Any, str]] = []
    for pid in sorted(r.catalogue.programmes):
        p = r.catalogue.programmes[pid]
        for m in p.modules:
            for o in m.outcomes:
                for c in o.covers:
                    if c.competency == ref:
                        out.append((p, m, o, c.level))
    return out


def qualification_rows(r: Renderer, key: str, q: Any) -> list[dict[str, Any]]:
    """For each requirement: the programmes awarding the qualification and what covers it there."""
    rows = []
    programmes = [
        r.catalogue.programmes[pid]
        for pid in sorted(r.catalogue.programmes)
        if any(
            qualification_key(r.catalogue, r.catalogue.programmes[pid], c) == key
            for c in r.catalogue.programmes[pid].qualifications
        )
    ]
    for req in q.requires:
        fw, _, item = req.competency.partition(":")
        index = r.catalogue.indexes.get(fw)
        if index is None:
            refs = [req.competency]
        elif req.subtree:
            refs = [f"{fw}:{x}" for x in index.leaves(item or None)]
        elif item:
            refs = [req.competency]
        else:
            refs = [f"{fw}:{x}" for x in index.children[None]]
        entries = []
        for ref in refs:
            where = []
            for p in programmes:
                cov = r.result.coverage.get(p.id)
                records = cov.records.get(ref, []) if cov else []
                seen = sorted({(rec.module.id, rec.outcome.id, rec.level) for rec in records})
                where.append((p, seen, bool(cov and cov.gaps.get(ref))))
            entries.append((ref, r.catalogue.item(ref), where))
        rows.append({"req": req, "entries": entries})
    return rows


# --------------------------------------------------------------------------- HTML pieces
def hours_bars(p: Programme, r: Renderer) -> str:
    """Stacked bars (theory / practice / workplace) per semester and in total, as plain HTML+CSS."""
    per: dict[int, dict[str, int]] = defaultdict(lambda: {"theory": 0, "practice": 0, "workplace": 0})
    for m in p.modules:
        per[m.semester]["theory"] += m.hours.theory
        per[m.semester]["practice"] += m.hours.practice
        per[m.semester]["workplace"] += m.hours.workplace
    rows = [(f"{r.label('semester')} {s}", per[s]) for s in sorted(per)]
    rows.append((r.label("total"), module_hours(p)))
    biggest = max(sum(v.values()) for _, v in rows[:-1]) if len(rows) > 1 else 1
    parts = ['<div class="hours-chart" role="img" aria-label="' + escape_html(r.label("hours")) + '">']
    parts.append(
        '<div class="hours-legend">'
        + "".join(
            f'<span class="hours-key {k}">{escape_html(r.label(k))}</span>' for k in ("theory", "practice", "workplace")
        )
        + "</div>"
    )
    for i, (name, v) in enumerate(rows):
        total = sum(v.values())
        scale = total if i == len(rows) - 1 else biggest
        parts.append(
            f'<div class="hours-row"><span class="hours-name">{escape_html(name)}</span><span class="hours-bar">'
        )
        for k in ("theory", "practice", "workplace"):
            if v[k]:
                width = 100 * v[k] / (scale or 1)
                share = 100 * v[k] / (total or 1)
                parts.append(
                    f'<span class="hours-seg {k}" style="width:{width:.2f}%" title="{escape_html(r.label(k))}: {v[k]} ({share:.0f} %)">{v[k]}</span>'
                )
        parts.append(f'</span><span class="hours-total">{total}</span></div>')
    parts.append("</div>")
    return "\n".join(parts)


def prereq_svg(p: Programme, r: Renderer) -> str:
    """The prerequisite graph: one column per semester, a box per module, an arrow per prerequisite."""
    box_w, box_h, gap_x, gap_y, top = 150, 46, 50, 18, 34
    columns: dict[int, list[Any]] = defaultdict(list)
    for m in p.modules:
        columns[m.semester].append(m)
    semesters = list(range(1, max([p.semesters, *columns]) + 1)) if columns else [1]
    pos: dict[str, tuple[float, float]] = {}
    for ci, s in enumerate(semesters):
        for ri, m in enumerate(columns.get(s, [])):
            pos.setdefault(m.id, (20 + ci * (box_w + gap_x), top + ri * (box_h + gap_y)))
    width = 40 + len(semesters) * (box_w + gap_x) - gap_x
    rows = max((len(v) for v in columns.values()), default=1)
    height = top + rows * (box_h + gap_y) + 10
    out = [
        f'<div class="prereq-graph"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape_html(r.label("graph"))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>',
    ]
    for ci, s in enumerate(semesters):
        col = 20 + ci * (box_w + gap_x)
        out.append(
            f'<text class="semester" x="{col + box_w / 2:.0f}" y="18" text-anchor="middle">{escape_html(r.label("semester"))} {s}</text>'
        )
    for m in p.modules:
        x2, y2 = pos[m.id]
        for pre in m.prerequisites:
            if pre not in pos:
                continue
            x1, y1 = pos[pre]
            sx, sy, ex, ey = x1 + box_w, y1 + box_h / 2, x2, y2 + box_h / 2
            if x1 >= x2:  # same or later semester: route below the box
                sx, sy, ex, ey = x1 + box_w / 2, y1 + box_h, x2 + box_w / 2, y2 + box_h
                d = f"M {sx:.0f} {sy:.0f} C {sx:.0f} {sy + 30:.0f}, {ex:.0f} {ey + 30:.0f}, {ex:.0f} {ey:.0f}"
                cls = "edge backward"
            else:
                mid = (sx + ex) / 2
                d = f"M {sx:.0f} {sy:.0f} C {mid:.0f} {sy:.0f}, {mid:.0f} {ey:.0f}, {ex:.0f} {ey:.0f}"
                cls = "edge"
            out.append(
                f'<path class="{cls}" d="{d}" marker-end="url(#arrow)"><title>{escape_html(pre)} → {escape_html(m.id)}</title></path>'
            )
    for m in p.modules:
        x, y = pos[m.id]
        title = r.plain(m.title)
        short = title if len(title) <= 22 else title[:21] + "…"
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
        out.append(
            f'<a href="{escape_html(href)}"><g class="module {escape_html(m.type)}">'
            f"<title>{escape_html(m.id)} — {escape_html(title)}</title>"
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6"/>'
            f'<text x="{x + 8}" y="{y + 18}" class="mid">{escape_html(m.id)}</text>'
            f'<text x="{x + 8}" y="{y + 36}" class="mtitle">{escape_html(short)}</text></g></a>'
        )
    out.append("</svg></div>")
    return "\n".join(out)


def matrix_table(p: Programme, r: Renderer) -> str:
    """Modules × required competencies as an HTML table with a sticky header and short codes."""
    cov = r.result.coverage.get(p.id)
    if cov is None or not cov.needs:
        return f"<p>{escape_html(r.label('none'))}</p>"
    waived: dict[str, list[Any]] = defaultdict(list)
    for diag, w in cov.waived:
        waived[w.competency].append((diag, w))
    groups: list[tuple[str, int]] = []
    for need in cov.needs:
        fw = need.competency.partition(":")[0]
        if groups and groups[-1][0] == fw:
            groups[-1] = (fw, groups[-1][1] + 1)
        else:
            groups.append((fw, 1))
    out = [
        '<div class="matrix-wrap"><table class="matrix">',
        "<thead>",
        "<tr>",
        f'<th class="corner" rowspan="2">{escape_html(r.label("module"))}</th>',
    ]
    for fw, n in groups:
        framework = r.catalogue.frameworks.get(fw)
        name = r.plain(framework.title) if framework else fw
        href = r.hlink(f"frameworks/{slug(fw)}.md") if framework else ""
        label = f'<a href="{escape_html(href)}">{escape_html(fw)}</a>' if href else escape_html(fw)
        out.append(f'<th class="framework" colspan="{n}" title="{escape_html(name)}">{label}</th>')
    out.append("</tr>")
    out.append("<tr>")
    for need in cov.needs:
        ref = need.competency
        fw, _, item = ref.partition(":")
        it = r.catalogue.item(ref)
        full = f"{ref} — {r.plain(it.title)}" if it else ref
        full += f" ({r.label('required_level')}: {r.label(need.level)}; {', '.join(need.sources)})"
        gaps = cov.gaps.get(ref, [])
        classes = ["comp"]
        mark = ""
        if gaps:
            classes.append("gap")
            full += " — " + r.label("gap") + ": " + "; ".join(f"{g.code} {g.message}" for g in gaps)
            mark = f'<span class="mark">✗ {escape_html(r.label("gap"))}</span>'
        elif ref in waived:
            classes.append("waived")
            reasons = "; ".join(r.plain(w.justification) for _, w in waived[ref])
            full += " — " + r.label("waived") + ": " + reasons
            mark = f'<span class="mark">≈ {escape_html(r.label("waived"))}</span>'
        elif need.partner and need.partner in cov.ignored_sets:
            classes.append("ignored")
            full += " — " + r.label("ignored")
        out.append(
            f'<th class="{" ".join(classes)}" title="{escape_html(full)}"><span class="code">{escape_html(item or fw)}</span>{mark}</th>'
        )
    out.append("</tr></thead><tbody>")
    for m in p.modules:
        href = r.hlink(f"programmes/{slug(p.id)}/modules/{slug(m.id)}.md")
        out.append(
            f'<tr><th class="module" title="{escape_html(m.id)} — {escape_html(r.plain(m.title))}">'
            f'<a href="{escape_html(href)}">{escape_html(m.id)}</a></th>'
        )
        for need in cov.needs:
            records = [x for x in cov.records.get(need.competency, []) if x.module.id == m.id]
            classes = []
            if cov.gaps.get(need.competency):
                classes.append("gap")
            elif need.competency in waived:
                classes.append("waived")
            if records:
                best = max(records, key=lambda x: RANK[x.level])
                outcomes = ", ".join(sorted({x.outcome.id for x in records}))
                classes.append("lvl-" + best.level)
                tip = f"{m.id} × {need.competency}: {r.label(best.level)} ({outcomes})"
                out.append(f'<td class="{" ".join(classes)}" title="{escape_html(tip)}">{level_code(best.level)}</td>')
            else:
                cls = f' class="{" ".join(classes)}"' if classes else ""
                out.append(f"<td{cls}></td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


# --------------------------------------------------------------------------- the tree
def pages_for(result: Result, r: Renderer, root: Path) -> tuple[list[Page], list[Any]]:
    """Every page of one language, and the nav (titles HTML-escaped)."""
    cat = result.catalogue
    pages: list[Page] = [Page("index.md", "index.md.j2", r.label("home"))]
    nav: list[Any] = [{escape_html(r.label("home")): "index.md"}]
    prog_nav: list[Any] = []
    for pid in sorted(cat.programmes):
        p = cat.programmes[pid]
        base = f"programmes/{slug(pid)}"
        ctx = {"p": p, "cov": result.coverage.get(pid), "base": base}
        title = r.plain(p.title)
        section: list[Any] = []

        def add(
            path: str,
            template: str,
            page_title: str,
            nav_title: str,
            extra: dict[str, Any] | None = None,
            into: list[Any] = section,
            hide: tuple[str, ...] = (),
            ctx: dict[str, Any] = ctx,
        ) -> None:
            pages.append(Page(path, template, page_title, {**ctx, **(extra or {})}, hide))
            into.append({escape_html(nav_title): path})

        add(f"{base}/index.md", "programme/index.md.j2", title, r.label("overview"))
        add(
            f"{base}/matrix.md",
            "programme/matrix.md.j2",
            f"{r.label('matrix')}: {title}",
            r.label("matrix"),
            hide=("toc",),
        )
        add(f"{base}/coverage.md", "programme/coverage.md.j2", f"{r.label('coverage')}: {title}", r.label("coverage"))
        add(
            f"{base}/graph.md", "programme/graph.md.j2", f"{r.label('graph')}: {title}", r.label("graph"), hide=("toc",)
        )
        add(
            f"{base}/accreditation.md",
            "programme/accreditation.md.j2",
            f"{r.label('accreditation')}: {title}",
            r.label("accreditation"),
        )
        modules: list[Any] = []
        for m in p.modules:
            add(
                f"{base}/modules/{slug(m.id)}.md",
                "programme/module.md.j2",
                f"{m.id} {r.plain(m.title)}",
                f"{m.id} {r.plain(m.title)}",
                {"m": m},
                modules,
            )
        if modules:
            section.append({escape_html(r.label("modules")): modules})
        partners: list[Any] = []
        for x in p.partners:
            add(
                f"{base}/partners/{slug(x.id)}.md",
                "programme/partner.md.j2",
                r.plain(x.name),
                r.plain(x.name),
                {"x": x},
                partners,
            )
        if partners:
            section.append({escape_html(r.label("partners")): partners})
        add(f"{base}/print.md", "programme/print.md.j2", f"{title}", r.label("print"), hide=("toc", "navigation"))
        prog_nav.append({escape_html(title): section})
    if prog_nav:
        nav.append({escape_html(r.label("programmes")): prog_nav})
    fw_nav: list[Any] = []
    for fid in sorted(cat.frameworks):
        fw = cat.frameworks[fid]
        path = f"frameworks/{slug(fid)}.md"
        pages.append(Page(path, "framework.md.j2", r.plain(fw.title), {"fw": fw, "index": cat.indexes[fid]}))
        fw_nav.append({escape_html(r.plain(fw.title)): path})
    if fw_nav:
        nav.append({escape_html(r.label("frameworks")): fw_nav})
    q_nav: list[Any] = []
    for key in sorted(cat.qualifications):
        q = cat.qualifications[key]
        path = f"qualifications/{slug(key)}.md"
        pages.append(Page(path, "qualification.md.j2", f"{q.code} {r.plain(q.title)}", {"q": q, "key": key}))
        q_nav.append({escape_html(f"{q.code} {r.plain(q.title)}"): path})
    if q_nav:
        nav.append({escape_html(r.label("qualifications")): q_nav})
    return pages, nav


USER_KEYS = ("site_description", "site_author", "copyright")
USER_THEME_KEYS = ("palette", "logo", "favicon", "icon", "features")


def user_config(root: Path) -> dict[str, Any]:
    """What the catalogue's ``mkdocs.yml`` says about the site that the generated configs keep:
    the site name and description, the copyright, and the theme's palette, logo, icons and features."""
    from .load import load_file, plain
    from .settings import find_config

    config = find_config(root)
    data = plain(load_file(config, config.name, any_tag=True)[0]) if config is not None else None
    if not isinstance(data, dict):
        return {}
    out = {key: data[key] for key in ("site_name", *USER_KEYS) if isinstance(data.get(key), str)}
    theme: dict[str, Any] = data["theme"] if isinstance(data.get("theme"), dict) else {}
    out["theme"] = {key: theme[key] for key in USER_THEME_KEYS if key in theme}
    return out


def render(result: Result, src: Path, out: Path, shim: bytes, pdf: bool = False) -> list[Path]:
    """Write ``src/<lang>/docs`` and ``src/<lang>/mkdocs.yml`` for every language (building into
    ``out/<lang>``), plus the shared theme overrides in ``src/overrides``. Returns the configs."""
    root = result.catalogue.root
    languages = list(result.catalogue.settings.languages) or ["en"]
    overrides = src / "overrides"
    shutil.copytree(TEMPLATES / "overrides", overrides, dirs_exist_ok=True)
    if (root / "templates" / "overrides").is_dir():
        shutil.copytree(root / "templates" / "overrides", overrides, dirs_exist_ok=True)
    shim_file = overrides / SHIM_PATH
    shim_file.parent.mkdir(parents=True, exist_ok=True)
    shim_file.write_bytes(shim)
    reference = root / "docs" / "reference" / "format.md"
    user = user_config(root)
    name = user.get("site_name", "Dual programmes")
    configs = []
    for lang in languages:
        env = make_env(root)
        r = Renderer(result, lang, env)
        r.pdf = pdf
        install(env, r)
        docs = src / lang / "docs"
        pages, nav = pages_for(result, r, root)
        for page in pages:
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(r.render(page), encoding="utf-8")
        if reference.is_file():
            (docs / "reference").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(reference, docs / "reference" / "format.md")
            nav.append({escape_html(r.label("reference")): "reference/format.md"})
        (docs / "assets").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / "curriculum.css", docs / "assets" / "curriculum.css")
        features = ["navigation.indexes", "navigation.top", "search.highlight"]
        features += [f for f in user["theme"].get("features", []) if f not in features] if user else []
        config = {
            "site_name": escape_html(name),
            **{key: escape_html(user[key]) for key in USER_KEYS if key in user},
            "docs_dir": "docs",
            "site_dir": str((out / lang).resolve()),
            "use_directory_urls": False,
            "theme": {
                "name": "material",
                "language": lang,
                "custom_dir": "../overrides",
                "font": False,
                **{k: v for k, v in (user.get("theme") or {}).items() if k != "features"},
                "features": features,
            },
            "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}, "offline"],
            "markdown_extensions": ["tables", "attr_list", "md_in_html", {"toc": {"permalink": False}}],
            "extra_css": ["assets/curriculum.css"],
            "extra": {
                "generator": False,
                "polyfills": [SHIM_PATH],
                # `alternate: true` shows the switcher (partials/alternate.html reads the list from
                # `languages`) without base.html's <link rel=alternate> tags: with them, Material 9.8
                # fetches each language's sitemap.xml by XHR, which fails (console errors) on file://.
                "alternate": True,
                "languages": [{"name": LANGUAGE_NAMES.get(x, x), "link": f"../{x}/", "lang": x} for x in languages],
            },
            "validation": {
                "omitted_files": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
                "anchors": "warn",
            },
            "nav": nav,
        }
        config_file = src / lang / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(config_file)
    return configs
