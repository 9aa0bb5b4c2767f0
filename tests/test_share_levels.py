"""The workplace-share rule is set per education level (``workplace_share_levels``, TVET by default).
Where it does not apply (the bachelor programmes of the example catalogue), no share is given and none is
shown as failed: the home page, the programme page, the self-assessment report and the text report show
a dash and say why, in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curriculum.checks import Result, check_path
from curriculum.render import Renderer, install, make_env, pages_for
from curriculum.report.text import figures_table

ROOT = Path(__file__).resolve().parent.parent
HE = ("6b01301-primary-education-ict", "6b01705-russian-language-literature")
TVET = "koktobe-software-web"
NOTE = {
    "en": "The workplace-share rule does not apply at this level of education: bachelor",
    "ru": "Правило о доле предприятия не применяется на этом уровне образования: бакалавриат",
    "kk": "Кәсіпорын үлесі туралы ереже бұл білім беру деңгейінде қолданылмайды: бакалавриат",
}


@pytest.fixture(scope="module")
def result() -> Result:
    return check_path(ROOT)


def render(result: Result, lang: str, path: str) -> str:
    env = make_env(ROOT)
    r = Renderer(result, lang, env)
    install(env, r)
    pages, _ = pages_for(result, r, ROOT)
    return r.render(next(x for x in pages if x.path == path))


def test_no_share_is_given_where_the_rule_does_not_apply(result: Result) -> None:
    for pid in HE:
        assert result.catalogue.programmes[pid].level == "bachelor"
        assert "workplace_share" not in result.figures[pid]
    assert result.figures[TVET]["workplace_share"] > 0.6


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_home_page_shows_a_dash_not_a_failure_for_higher_education(result: Result, lang: str) -> None:
    md = render(result, lang, "index.md")
    rows = {pid: row for row in re.findall(r"<tr>.*?</tr>", md, re.S) for pid in [*HE, TVET] if f"/{pid}/" in row}
    assert set(rows) == {*HE, TVET}
    for pid in HE:
        share = re.findall(r"<td[^>]*>.*?</td>", rows[pid], re.S)[3]
        assert "share below" not in share and "✗" not in share and "share-bar" not in share, share
        assert f'title="{NOTE[lang]}"' in share and '<span aria-hidden="true">—</span>' in share, share
        assert f'<span class="sr-only">{NOTE[lang]}</span>' in share
    tvet = re.findall(r"<td[^>]*>.*?</td>", rows[TVET], re.S)[3]
    assert 'class="share"' in tvet and "share-threshold" in tvet and "—" not in tvet


def test_programme_page_figures_say_why_there_is_no_share(result: Result) -> None:
    md = render(result, "ru", f"programmes/{HE[0]}/index.md")
    row = next(line for line in md.splitlines() if line.startswith("| Доля предприятия |"))
    assert NOTE["ru"] in row and "%" not in row, row
    tvet = render(result, "ru", f"programmes/{TVET}/index.md")
    assert re.search(r"^\| Доля предприятия \| \d+ % \|$", tvet, re.M)


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_self_assessment_report_gives_no_share_for_higher_education(result: Result, lang: str) -> None:
    from curriculum.sar.markdown import render as sar
    from curriculum.sar.report import build

    md = sar(build(result, result.catalogue.programmes[HE[1]], lang)).replace("\\", "")  # markdown escapes
    word = {"en": "Workplace share", "kk": "Кәсіпорын үлесі"}[lang]
    shown = [line for line in md.splitlines() if line.startswith((f"| {word} |", f"{word}:"))]
    assert len(shown) == 2, shown  # the figures table and the line under the partners table
    for line in shown:
        assert "— (" + NOTE[lang] + ")" in line and "%" not in line, line
    tvet = sar(build(result, result.catalogue.programmes[TVET], lang)).replace("\\", "")
    assert re.search(rf"^{word}: \d+\.\d %$", tvet, re.M)
    assert re.search(rf"^\| {word} \| \d+\.\d % \|$", tvet, re.M)


def test_text_report_shows_a_dash_for_higher_education(result: Result) -> None:
    lines = figures_table(result)
    rule = lines[1].split("  ")  # the dashes under each column give the columns' widths
    at = sum(len(x) + 2 for x in rule[:6])  # programme, required, covered, assessed, at workplace, at level

    def share(pid: str) -> str:
        row = next(line for line in lines if line.startswith(pid + " "))
        return row[at : at + len(rule[6])].strip()

    for pid in HE:
        assert share(pid) == "—"
    assert re.fullmatch(r"\d+ %", share(TVET))


def test_share_bar_fails_on_the_wrong_side_of_its_bound() -> None:
    from curriculum.diagrams import share_bar

    assert "✗" in share_bar(0.5, "share", 0.6, "minimum 60 %") and "share below" in share_bar(0.5, "s", 0.6)
    assert "✗" not in share_bar(0.7, "share", 0.6, "minimum 60 %")
    assert "✗" in share_bar(0.7, "share", 0.6, "maximum 60 %", "maximum")
    assert "✗" not in share_bar(0.5, "share", 0.6, "maximum 60 %", "maximum")


@pytest.fixture(scope="module")
def maximum(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The example catalogue with ``workplace_share_bound: maximum`` in its settings."""
    from tests.test_scaleout import copy_example

    root = copy_example(tmp_path_factory.mktemp("maximum"))
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        text.replace("  curriculum:\n", "  curriculum:\n    workplace_share_bound: maximum\n", 1), encoding="utf-8"
    )
    result = check_path(root)
    assert result.catalogue.settings.workplace_share_bound == "maximum"
    return result


@pytest.mark.parametrize(("lang", "word"), [("en", "maximum"), ("ru", "максимум"), ("kk", "ең көп")])
def test_home_page_reads_a_maximum_as_a_maximum(maximum: Result, lang: str, word: str) -> None:
    """With ``workplace_share_bound: maximum`` the column says so, and a share over it is the failure."""
    result = maximum
    md = render(result, lang, "index.md")
    assert f'<span class="threshold-note">({word} 60 %)</span>' in md
    row = next(r for r in re.findall(r"<tr>.*?</tr>", md, re.S) if f"/{TVET}/" in r)
    share = re.findall(r"<td[^>]*>.*?</td>", row, re.S)[3]
    assert result.figures[TVET]["workplace_share"] > 0.6 and "✗" in share and "share below" in share


def test_no_share_and_why_where_no_hour_counts_in_its_base(result: Result) -> None:
    """A programme under the rule whose base holds no hour yet gets no share (not a failed 0 %), and the
    dash says why."""
    r = Renderer(result, "en", make_env(ROOT))
    note = r.share_note(result.catalogue.programmes[TVET])
    assert note == "No hours of the programme count in the workplace share's base yet"
    assert r.share_note(result.catalogue.programmes[HE[0]]) == NOTE["en"]


HOURS = {"en": "Workplace hours", "ru": "Часы на предприятии", "kk": "Кәсіпорындағы сағаттар"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_programme_page_gives_no_workplace_hours_where_the_rule_does_not_apply(result: Result, lang: str) -> None:
    """The hours at the workplace of the share's base (its professional modules' industrial training and
    practice) are no measure of a bachelor programme: a dash and why, not "0"."""
    for pid in HE:
        md = render(result, lang, f"programmes/{pid}/index.md")
        rows = [line for line in md.splitlines() if line.startswith(f"| {HOURS[lang]} |")]
        assert len(rows) == 1, rows
        assert f'title="{NOTE[lang]}"' in rows[0] and '<span aria-hidden="true">—</span>' in rows[0], rows[0]
        assert not re.search(r"\| \d+ \|$", rows[0]), rows[0]
    tvet = render(result, lang, f"programmes/{TVET}/index.md")
    hours = int(result.figures[TVET]["workplace_hours"])
    assert hours > 0 and f"| {HOURS[lang]} | {hours} |" in tvet.splitlines()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_self_assessment_report_gives_no_workplace_hours_for_higher_education(result: Result, lang: str) -> None:
    from curriculum.sar.markdown import render as sar
    from curriculum.sar.report import build

    md = sar(build(result, result.catalogue.programmes[HE[1]], lang)).replace("\\", "")  # markdown escapes
    rows = [line for line in md.splitlines() if line.startswith(f"| {HOURS[lang]} |")]
    assert rows == [f"| {HOURS[lang]} | — ({NOTE[lang]}) |"], rows  # the figures table (the module table heads it)
    tvet = sar(build(result, result.catalogue.programmes[TVET], lang)).replace("\\", "")
    hours = int(result.figures[TVET]["workplace_hours"])
    assert f"| {HOURS[lang]} | {hours} |" in tvet.splitlines()
