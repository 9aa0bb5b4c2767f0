"""Bounded cost on any input: texts beyond `max_text_chars` are reported at the field and cut, and
outcome hours are shared in one pass (speed itself is measured in benchmarks/bench_bounded.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.graph import module_outcome_hours

from .conftest import BASE

WEB = "programmes/example-web.yml"


def _catalogue(tmp_path: Path, description: str, setting: str = "") -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    programme = root / WEB
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("illustrative: true\n", f"illustrative: true\ndescription: '{description}'\n"))
    if setting:
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("    fail_on: error", f"    fail_on: error\n{setting}")
        )
    return root


def _findings(root: Path) -> tuple[int, list[tuple[str, str, int, int]], list[dict]]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    report = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, sorted((x["code"], x["file"], x["line"], x["column"]) for x in report), report


def test_text_at_the_limit_is_accepted(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 20_000)
    assert _findings(root)[:2] == (0, [])
    assert len(check_path(root).catalogue.programmes["example-web"].description.get("kk")) == 20_000  # type: ignore[union-attr]


def test_text_beyond_the_limit_is_reported_at_the_field_and_cut(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 20_001)
    code, found, report = _findings(root)
    assert (code, found) == (1, [("CUR014", WEB, 6, 14)])
    assert "20001 characters" in report[0]["message"].replace(",", "").replace("\u202f", "")
    kept = check_path(root).catalogue.programmes["example-web"].description
    assert kept is not None and len(kept.get("kk")) == 20_000


def test_the_limit_is_a_setting(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "ж" * 30_000, "    max_text_chars: 50000")
    assert _findings(root)[:2] == (0, [])
    root2 = _catalogue(tmp_path / "b", "ж" * 30_000, "    max_text_chars: 25000")
    assert _findings(root2)[1] == [("CUR014", WEB, 6, 14)]


def test_outcome_hours_shared_in_one_pass() -> None:
    from curriculum.model import KindHours, Module, Outcome, SemesterLoad, Text

    t = Text({"": "x"})
    outcomes = tuple(Outcome(id=f"O{i}", text=t, hours=(10 if i == 0 else None)) for i in range(4))

    def load(hours: int) -> tuple[SemesterLoad, ...]:
        return (SemesterLoad(semester=1, hours=(KindHours(kind="theory", hours=hours),)),)

    module = Module(id="M", title=t, cycle="bm", semesters=load(40), outcomes=outcomes)
    assert module_outcome_hours(module) == [10.0, 10.0, 10.0, 10.0]
    over = Module(id="M", title=t, cycle="bm", semesters=load(5), outcomes=outcomes)
    assert module_outcome_hours(over) == [10.0, 0.0, 0.0, 0.0]


def test_a_description_reaches_markdown_as_one_raw_html_paragraph(tmp_path: Path) -> None:
    """A description is plain text: it is written into the page as an HTML paragraph, which
    Python-Markdown passes through in one piece. Written as backslash-escaped Markdown, every escape
    became an inline match that copies the rest of the paragraph, and the build grew with the square
    of the text's length (benchmarks/bench_bounded.py). Markup in it stays text."""
    import markdown

    from curriculum.render import render

    payload = "**жирный** [сілтеме](javascript:x) <b>b</b> & {: onclick=x } # 1. - `код` \\\\ |"
    root = _catalogue(tmp_path, payload)
    result = check_path(root)
    assert [x.code for x in result.diagnostics if x.file == WEB] == []
    render(result, tmp_path / "src", b"")
    escaped = "**жирный** [сілтеме](javascript:x) &lt;b&gt;b&lt;/b&gt; &amp; {: onclick=x } # 1. - `код` \\\\ |"
    pages = {
        lang: (tmp_path / "src" / lang / "docs" / "programmes" / "example-web" / "index.md")
        for lang in ("kk", "ru", "en")
    }
    for lang, page in pages.items():
        source = page.read_text(encoding="utf-8")
        assert f'\n<p class="description">{escaped}</p>\n' in source, lang
        html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"])
        assert f'<p class="description">{escaped}</p>' in html, lang
        assert "<strong>" not in html.split('class="description"')[1].split("</p>")[0]


def test_outcomes_reach_markdown_as_one_raw_html_block(tmp_path: Path) -> None:
    """A module's outcomes are one HTML block: Markdown passes it through in one piece, so a module of
    many outcomes is not five Markdown blocks and a dozen inline matches per outcome. The anchor
    each framework page links to, the escaping and the link to the framework page stay."""
    import markdown

    from curriculum.render import render

    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    programme = root / WEB
    text = programme.read_text(encoding="utf-8")
    old = "ru: Планирует рабочее время и расставляет приоритеты задач,"
    assert old in text
    payload = "**Планирует** [время](javascript:x) <i>задач</i> & {: .c } `код`"
    programme.write_text(text.replace(old, f"ru: '{payload}',"), encoding="utf-8")
    result = check_path(root)
    assert [x.code for x in result.diagnostics if x.file == WEB] == []
    render(result, tmp_path / "src", b"")
    docs = tmp_path / "src" / "ru" / "docs"
    source = (docs / "programmes" / "example-web" / "modules" / "BM01.md").read_text(encoding="utf-8")
    block = source[source.index('<div class="outcomes">') : source.index("## ", source.index('<div class="outcomes">'))]
    written = "**Планирует** [время](javascript:x) &lt;i&gt;задач&lt;/i&gt; &amp; {: .c } `код`"
    assert written in block
    assert "**" not in block.replace(written, "") and "](" not in block.replace(written, "")
    html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"])
    assert f'<div class="outcome" id="o-BM01.1">\n<p><strong>BM01.1</strong> {written}</p>' in html
    link = '<a href="../../../frameworks/ws-webtech.html">ws-webtech:1</a>'
    assert link in html and (docs / "frameworks" / "ws-webtech.md").is_file()
    assert html.count('<div class="outcome" id="o-BM01.') == 2


def test_the_dossier_reaches_the_site_builder_as_html_with_its_large_blocks_held_out(tmp_path: Path) -> None:
    """The dossier (the whole programme on one page) is converted to HTML when it is rendered: inside
    its ``markdown`` wrapper Python-Markdown would turn the outcomes and the findings table into a tree
    of elements and walk it in quadratic time. Those blocks are held out of the conversion and put
    back; links to pages become ``.html`` links, headings keep their ids, and hostile text stays text.
    The coverage page's findings table is raw HTML too."""
    import markdown

    from benchmarks.bench_bounded import with_outcomes
    from curriculum.render import HELD, render

    root = with_outcomes(tmp_path / "catalogue", 4)  # the base catalogue, in Russian, with a module XM01
    programme = root / WEB
    text = programme.read_text(encoding="utf-8")
    old = "ru: Планирует рабочее время и расставляет приоритеты задач,"
    payload = "**Планирует** [время](javascript:x) <i>задач</i> & {: .c } `код`"
    programme.write_text(text.replace(old, f"ru: '{payload}',"), encoding="utf-8")
    result = check_path(root)
    assert "CUR407" in {x.code for x in result.diagnostics}  # XM01's outcomes at the workplace: the table
    render(result, tmp_path / "src", b"")
    folder = tmp_path / "src" / "ru" / "docs" / "programmes" / "example-web"
    source = (folder / "print.md").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    assert HELD not in body and " markdown>" not in body and "|---|" not in body
    written = "**Планирует** [время](javascript:x) &lt;i&gt;задач&lt;/i&gt; &amp; {: .c } `код`"
    assert f'<div class="outcome" id="o-BM01.1">\n<p><strong>BM01.1</strong> {written}</p>' in body
    assert "<i>" not in body and "<em>" not in body.split('id="o-BM01.1"')[1].split("</div>")[0]
    assert 'id="d-coverage"' in body and '<div class="dossier">' in body and 'id="dossier-contents"' in body
    assert '<td><span class="diag ' in body and "<th>Сообщение</th>" in body
    assert 'href="modules/BM01.html"' in body and 'href="#d-m-XM01"' in body
    assert '.md"' not in body and ".md#" not in body
    # the site builder passes it through as it is
    html = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"])
    assert f"<p><strong>BM01.1</strong> {written}</p>" in html and "<em>" not in html.split("o-BM01.1")[1][:400]
    coverage = (folder / "coverage.md").read_text(encoding="utf-8")
    table = coverage[coverage.index("<table>") : coverage.index("</table>")]
    assert "| " not in table and '<td><span class="diag ' in table and "<code>programmes/example-web.yml:" in table
