"""Where teaching happens is named for the programme's level: the college for TVET, the university for
higher education, in kk/ru/en — in the calendar's legend and in the self-assessment report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curriculum.checks import Result, check_path
from curriculum.diagrams import calendar_svg
from curriculum.render import Renderer, install, make_env

ROOT = Path(__file__).resolve().parent.parent
HE, TVET = "6b01301-primary-education-ict", "koktobe-software-web"
THEORY = {
    "en": ("College theory", "University theory"),
    "ru": ("Теория в колледже", "Теория в вузе"),
    "kk": ("Колледждегі теория", "ЖОО-дағы теория"),
}
HOURS = {
    "en": ("Hours at the college", "Hours at the university"),
    "ru": ("Часы в колледже", "Часы в вузе"),
    "kk": ("Колледждегі сағаттар", "ЖОО-дағы сағаттар"),
}


@pytest.fixture(scope="module")
def result() -> Result:
    return check_path(ROOT)


def legend(result: Result, lang: str, pid: str) -> list[str]:
    env = make_env(ROOT)
    r = Renderer(result, lang, env)
    install(env, r)
    p = result.catalogue.programmes[pid]
    assert p.calendar
    svg = calendar_svg(p, r)
    return re.findall(r'<rect class="cal-[a-z]+" x="\d+" y="4"[^>]*/><text[^>]*>([^<]*)</text>', svg)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_calendar_legend_names_the_college_or_the_university(result: Result, lang: str) -> None:
    college, university = THEORY[lang]
    he, tvet = legend(result, lang, HE), legend(result, lang, TVET)
    assert len(he) == len(tvet) == 4
    assert he[0] == university and college not in he
    assert tvet[0] == college and university not in tvet
    assert he[1:] == tvet[1:]  # practice, attestation and holidays are the same words for both


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_self_assessment_report_names_the_college_or_the_university(result: Result, lang: str) -> None:
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    college, university = HOURS[lang]
    he = render(build(result, result.catalogue.programmes[HE], lang)).replace("\\", "")  # markdown escapes
    tvet = render(build(result, result.catalogue.programmes[TVET], lang)).replace("\\", "")
    assert f"| {university} |" in he and college not in he
    assert f"| {college} |" in tvet and university not in tvet
