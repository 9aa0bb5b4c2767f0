"""`check --lang kk|ru|en`: every reporter speaks the language asked — messages, hints, notes of related
locations, titles, labels and summaries."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum import messages
from curriculum.cli import main

from .conftest import CASES, materialise


@pytest.fixture(scope="module")
def college_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lang") / "catalogue"
    materialise(CASES / "cur303-not-at-workplace", root)
    return root


@pytest.mark.parametrize(
    "lang,message,severity,title",
    [
        ("en", "is taught in `example-web` only at the college (BM01.2)", "error", "never practised at the workplace"),
        (
            "ru",
            "компетенция `ws-webtech:2` в `example-web` изучается только в колледже (BM01.2)",
            "ошибка",
            "не отрабатывается на предприятии",
        ),
        (
            "kk",
            "`ws-webtech:2` құзыреті `example-web` бағдарламасында тек колледжде оқытылады (BM01.2)",
            "қате",
            "кәсіпорында пысықталмайды",
        ),
    ],
)
def test_check_speaks_the_language_asked(
    college_only: Path, lang: str, message: str, severity: str, title: str
) -> None:
    def run(fmt: str) -> str:
        result = CliRunner().invoke(main, ["check", str(college_only), "--lang", lang, "--format", fmt])
        assert result.exit_code == 1, result.output
        return result.stdout

    text = run("text")
    assert f" {severity} CUR303 " in text and message in text
    report = json.loads(run("json"))
    assert report["lang"] == lang
    [x] = [x for x in report["diagnostics"] if x["code"] == "CUR303"]
    assert message in x["message"] and title in x["title"]
    assert x["hint"] == messages.hint("CUR303", "default", {}, lang)
    assert message in run("github")
    sarif = json.loads(run("sarif"))
    assert sarif["runs"][0]["language"] == lang
    assert message in sarif["runs"][0]["results"][0]["message"]["text"]
    assert title in sarif["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"]
    junit = ET.fromstring(run("junit"))
    failed = [c for c in junit.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [f"CUR303 {messages.title('CUR303', lang)}"]
    assert message in failed[0].find("failure").text


NOTES = {
    "en": "required at competencies/qualifications/4S06130103.yml:19:5",
    "ru": "требование задано здесь: competencies/qualifications/4S06130103.yml:19:5",
    "kk": "талап мына жерде қойылған: competencies/qualifications/4S06130103.yml:19:5",
}
LABELS = {  # note, hint, severity, summary line, JUnit suite of shared files, step-summary title
    "en": (
        "note",
        "hint",
        "error",
        "1 error, 0 warnings, 0 notes in 3 files (1 programme)",
        "(catalogue)",
        "curriculum check",
    ),
    "ru": (
        "примечание",
        "подсказка",
        "ошибка",
        "1 ошибка, 0 предупреждений, 0 заметок в 3 файлах (1 программа)",
        "(каталог)",
        "curriculum check: проверка",
    ),
    "kk": (
        "ескертпе",
        "кеңес",
        "қате",
        "3 файлда (1 бағдарлама): 1 қате, 0 ескерту, 0 ақпарат",
        "(каталог)",
        "curriculum check: тексеру",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_part_of_every_report_in_the_language(
    college_only: Path, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note, hint_word, severity, summary, catalogue, check_title = LABELS[lang]
    hint = messages.hint("CUR303", "default", {}, lang)
    title = messages.title("CUR303", lang)

    def run(fmt: str) -> str:
        return CliRunner().invoke(main, ["check", str(college_only), "--lang", lang, "--format", fmt]).stdout

    text = run("text").splitlines()
    assert f"        = {hint_word}: {hint}" in text
    assert f"        = {note}: {NOTES[lang]}" in text
    assert text[-1] == summary
    assert any(line.startswith(f"programmes/example-web.yml:43:16: {severity} CUR303 ") for line in text)
    assert text[-5].split()[0] == messages.label("programme", lang)  # the figures' header

    step = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step))
    github = run("github")
    assert github.endswith(f"%0A{hint}%0A{note}: {NOTES[lang]}\n")
    assert f",title=CUR303 {title}::" in github
    table = step.read_text(encoding="utf-8")
    assert table.startswith(f"## {check_title}\n\n**{summary}**\n\n| {messages.label('programme', lang)} | ")
    assert f"| {severity} | CUR303 | `programmes/example-web.yml:43:16` | " in table

    sarif = json.loads(run("sarif"))["runs"][0]
    [result] = sarif["results"]
    assert result["message"]["text"].endswith(f" ({hint})")
    assert result["relatedLocations"][0]["message"]["text"] == NOTES[lang]

    junit = ET.fromstring(run("junit"))
    suites = junit.findall("testsuite")
    assert suites[0].get("name") == catalogue
    assert all(c.get("classname") == catalogue for c in suites[0].findall("testcase"))
    [failed] = [c for c in junit.iter("testcase") if c.find("failure") is not None]
    assert failed.get("classname") == "example-web"
    failure = failed.find("failure")
    assert failure.get("type") == "CUR303"
    assert failure.get("message") == messages.Count(1, "finding").render(lang)
    assert failure.text.endswith(f"\n  {note}: {NOTES[lang]}")

    doc = json.loads(run("json"))
    [x] = doc["diagnostics"]
    assert x["related"][0]["note"] == NOTES[lang] and x["hint"] == hint and x["title"] == title
    assert os.environ["GITHUB_STEP_SUMMARY"] == str(step)
