"""The working-curriculum table: modules by cycle, hours by kind and by semester, control forms, totals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from curriculum.checks import check_path
from curriculum.diagrams import workplan_html
from curriculum.render import Renderer, make_env

from .conftest import BASE


def cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def render(root: Path, lang: str) -> str:
    result = check_path(root)
    r = Renderer(result, lang, make_env(root))
    return workplan_html(result.catalogue.programmes["example-web"], r)


def test_table_of_the_base_programme(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(BASE, root)
    table = cells(render(root, "ru"))
    assert table[0] == [
        "Модуль", "ТО", "ЛПЗ", "ПО", "УП", "ПП", "ПдП", "ИА", "Семестр 1", "Семестр 2", "Семестр 3", "Семестр 4", "Всего"
    ]  # fmt: skip
    assert table[1] == ["Базовые модули"]
    assert table[2] == [
        "BM01 Организация работы и коммуникация",
        "20",
        "10",
        "30",
        "",
        "",
        "",
        "",
        "60 ДЗ",
        "",
        "",
        "",
        "60",
    ]
    assert table[3] == ["Профессиональные модули"]
    assert table[-2] == ["FA01 Итоговая аттестация", "", "", "", "", "", "", "36", "", "", "", "36 ДЭ", "36"]
    total = ["Всего", "220", "10", "598", "72", "120", "120", "36", "60", "300", "300", "516", "1176"]  # = hours.total
    assert table[-1] == total


def test_table_escapes_titles_and_marks_electives_not_counted(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(BASE, root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8").replace("en: Back-end development}", "en: '<script>x</script> | B'}")
    text = text.replace("partners:\n", "electives:\n  - {id: KV1, choose: 1, modules: [PM02, PM03]}\npartners:\n")
    path.write_text(text, encoding="utf-8")
    html = render(root, "en")
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; | B *" in html
    assert cells(html)[-1][-1] == str(1176 - 480)  # PM03, the second alternative, is not in the totals


def test_calendar_chart(tmp_path: Path) -> None:
    from curriculum.diagrams import calendar_svg

    root = tmp_path / "c"
    shutil.copytree(BASE, root)
    path = root / "programmes" / "example-web.yml"
    calendar = (
        "calendar:\n"
        "  - {year: 1, semesters: [{semester: 1, theory: 16, holidays: 2}, {semester: 2, theory: 18, practice: 4}]}\n"
        "  - {year: 2, alternation: day-release, workplace_days: 3,"
        " semesters: [{semester: 3, theory: 13, practice: 4}, {semester: 4, theory: 10, practice: 4, attestation: 4}]}\n"
    )
    path.write_text(path.read_text(encoding="utf-8").replace("partners:\n", calendar + "partners:\n"), encoding="utf-8")
    result = check_path(root)
    assert [x.code for x in result.diagnostics] == []
    svg = calendar_svg(result.catalogue.programmes["example-web"], Renderer(result, "ru", make_env(root)))
    assert svg.startswith('<svg class="calendar-chart" role="img"')
    assert "<title>Семестр 2: Практика 4</title>" in svg and "<title>Семестр 4: Аттестация 4</title>" in svg
    assert "Курс 2" in svg and "по дням недели" in svg
    widths = [int(w) for w in re.findall(r'class="cal-[a-z]+" x="\d+" y="(?:2[4-9]|[3-9]\d)" width="(\d+)"', svg)]
    assert sum(widths) == 12 * (16 + 2 + 18 + 4 + 13 + 4 + 10 + 4 + 4)  # 12 px a week, every week drawn once
