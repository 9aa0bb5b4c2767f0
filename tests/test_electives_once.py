"""An elective group counts once wherever hours are added up: "choose 1 of these 3" adds the hours of one.

The base programme gets two alternatives of PM02 (PM04, PM05: the same 300 h in semester 3) and a group
`KV1: choose 1 of [PM02, PM04, PM05]`; every total must stay what it was without them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.checks.coverage import section_hours
from curriculum.cli import main
from curriculum.diagrams import workplan_html
from curriculum.render import Renderer, make_env
from curriculum.workload import by_semester, credits, programme_split

from .conftest import BASE
from .test_workplan import cells

ALTERNATIVE = """\
  - id: {ident}
    title: {{kk: Фронтенд-әзірлеу ({n}), ru: Фронтенд-разработка ({n}), en: Front-end development ({n})}}
    cycle: pm
    credits: 12.5
    semesters:
      - {{semester: 3, hours: {{theory: 60, industrial-training: 120, practice-industrial: 120}}, workplace: {{industrial-training: 80}}, control: [graded-credit]}}
    outcomes:
      - id: {ident}.1
        text: {{kk: Интерфейс жасайды, ru: Создаёт интерфейс, en: Builds an interface}}
        covers: {{ws-webtech:4: reinforced}}
        hours: 300
        assessed_by: [{ident}-EX]
    assessments:
      - {{id: {ident}-EX, type: practical, title: {{kk: Емтихан, ru: Экзамен, en: Exam}}}}
"""


def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    shutil.copytree(BASE, root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    extra = ALTERNATIVE.format(ident="PM04", n="B") + ALTERNATIVE.format(ident="PM05", n="C")
    text = text.replace("  - id: PM03\n", extra + "  - id: PM03\n")
    plan = "      - {unit: PM02, semester: 3, hours: 200}\n"
    alternatives = "      - {unit: PM04, semester: 3, hours: 200}\n      - {unit: PM05, semester: 3, hours: 200}\n"
    text = text.replace(plan, plan + alternatives)  # every partner hosts whichever a trainee chooses
    text = text.replace("partners:\n", "electives:\n  - {id: KV1, choose: 1, modules: [PM02, PM04, PM05]}\npartners:\n")
    path.write_text(text, encoding="utf-8")
    return root


def test_the_checks_count_the_group_once(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    result = check_path(root)
    # hours.total (1176), college (406) and workplace (770) as declared: no CUR501
    assert [x.code for x in result.diagnostics] == []
    p = result.catalogue.programmes["example-web"]
    kinds = result.catalogue.terms["hour-kinds"]
    split = programme_split(p, kinds)
    assert (split.total, split.college, split.workplace) == (1176, 406, 770)
    assert sum(by_semester(p)[3].values()) == 300
    assert credits(p) == 0  # PM02 has no credits; PM04's and PM05's 12.5 each count for no one
    figures = result.figures["example-web"]
    assert figures["workplace_hours"] == 740 and figures["workplace_share"] == 740 / 880
    index = result.catalogue.indexes["ws-webtech"]
    # the WorldSkills weighting reads the hours of section 4 once: PM02.1 100 h + PM02.2 200 h + FA01.1's half
    assert section_hours(result.coverage["example-web"], index)["4"] == 100 + 200 + 18


def test_the_site_table_counts_the_group_once(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    result = check_path(root)
    html = workplan_html(result.catalogue.programmes["example-web"], Renderer(result, "en", make_env(root)))
    table = cells(html)
    assert table[-1][-1] == "1176"
    assert table[-1][-2] == "516" and table[-1][-3] == "300"  # semester 3 holds PM02's 300 h, not 900


def test_the_workbook_counts_the_group_once(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    book = tmp_path / "web.xlsx"
    result = CliRunner().invoke(main, ["export", "xlsx", "--root", str(root), "-o", str(book)])
    assert result.exit_code == 0, result.stderr
    values = openpyxl.load_workbook(book, data_only=True)["example-web"]
    formulas = openpyxl.load_workbook(book)["example-web"]
    rows = list(values.iter_rows(values_only=True))
    keys = {str(v): i for i, v in enumerate(rows[9]) if v is not None}
    markers = [(r[0], r[keys["module"]]) for r in rows if r[0] in ("load", "alternative")]
    assert ("alternative", "PM04") in markers and ("alternative", "PM05") in markers and ("load", "PM02") in markers
    pm = next(i for i, r in enumerate(rows) if r[0] == "subtotal" and r[1] == "pm")
    total = next(i for i, r in enumerate(rows) if r[0] == "total")
    third = next(i for i, r in enumerate(rows) if r[0] == "semester" and r[keys["semester"]] == 3)
    assert rows[pm][keys["total"]] == 300 + 300 + 480
    assert rows[total][keys["total"]] == 1176
    assert rows[third][keys["total"]] == 300
    letter = openpyxl.utils.get_column_letter(keys["total"] + 1)
    assert '"load"' in str(formulas[f"{letter}{pm + 1}"].value)  # the formula leaves the alternatives out
    assert '"load"' in str(formulas[f"{letter}{third + 1}"].value)
    # read back, the stored totals agree with the hours counted once: no CUR541, nothing to change
    result = CliRunner().invoke(main, ["import", "xlsx", str(book), "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "CUR541" not in result.stderr and "unchanged" in result.stderr


def test_the_json_report_of_partners_counts_the_group_once(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    alpha = json.loads(result.stdout)["partners"]["example-web"][0]
    assert (alpha["hours"], alpha["workplace_hours"], alpha["base_hours"]) == (770, 740, 880)
