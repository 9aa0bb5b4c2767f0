"""The drawings' own rules, without a browser: label wrapping, print chunks of the matrix, heat bins,
CSS-string escaping for the dossier's running header, and escaping of hostile titles in every drawing."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from curriculum.checks import check_path
from curriculum.commands.scaffold import init
from curriculum.diagrams import heatmap, matrix, matrix_model, prereq
from curriculum.escape import escape_css
from curriculum.render import Renderer, install, make_env

EVIL = '<script>alert(1)</script> "q" A|B'


@pytest.mark.parametrize(
    "text",
    [
        "Кәсіпорынның ақпараттық жүйелерін жобалау және сүйемелдеу",
        "Электрооборудование электрических станций и сетей (по видам) — дуальное обучение, полный курс и ещё",
        "Информационно-коммуникационных-и-цифровых-технологий-применение",
        "",
        "short",
    ],
)
def test_wrap_keeps_lines_short_and_marks_a_cut(text: str) -> None:
    lines = prereq.wrap(text)
    assert 1 <= len(lines) <= prereq.MAX_LINES
    assert all(len(line) <= prereq.LINE_CHARS for line in lines), lines
    joined = " ".join(lines).replace("- ", "-").replace("-", "")
    if lines[-1].endswith("…"):
        assert len(text) > prereq.LINE_CHARS * (prereq.MAX_LINES - 1)
    else:
        assert joined.replace(" ", "") == text.replace("-", "").replace(" ", "")


def test_print_chunks_keep_sections_and_limits() -> None:
    def section(sid: str | None, n: int) -> matrix_model.Section:
        return matrix_model.Section(sid, [matrix_model.Column(None, f"{sid}.{i}", "", "") for i in range(n)])  # type: ignore[arg-type]

    group = matrix_model.Group("fw", [section("A", 6), section("B", 9), section("C", 25), section(None, 3)])
    parts = matrix_model.chunks(group, 10)
    assert [[(s.id, len(s.columns)) for s in part] for part in parts] == [
        [("A", 6)],
        [("B", 9)],
        [("C", 10)],
        [("C", 10)],
        [("C", 5), (None, 3)],
    ]
    assert all(sum(len(s.columns) for s in part) <= 10 for part in parts)
    flat = [c.item for part in parts for s in part for c in s.columns]
    assert flat == [c.item for s in group.sections for c in s.columns]


def test_heat_bins() -> None:
    cls = [heatmap.heat_class(heatmap.Use(c, 20, False)) for c in (0, 1, 5, 6, 10, 11, 15, 16, 20)]
    assert cls == ["heat-0", "heat-1", "heat-1", "heat-2", "heat-2", "heat-3", "heat-3", "heat-4", "heat-4"]


def test_css_string_cannot_escape_the_style() -> None:
    value = escape_css('A "quoted" \\ </style><script>x</script>\nnext')
    assert '"' not in value and "<" not in value and "\n" not in value and "\\\\" not in value.replace("\\5c ", "")
    assert value.startswith("A \\22 quoted\\22  \\5c  \\3c /style\\3e ")
    assert escape_css("Веб-әзірлеу «Альфа»") == "Веб-әзірлеу «Альфа»"


@pytest.fixture(scope="module")
def evil_renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    root = tmp_path_factory.mktemp("evil") / "cat"
    init(root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: {kk: Дизайнды іске асыру, ru: Реализация дизайна, en: Design implementation}",
        "title: {kk: 'x', ru: 'x', en: '" + EVIL.replace("'", "''") + "'}",
    )
    assert EVIL in text
    path.write_text(text, encoding="utf-8")
    result = check_path(root)
    env: jinja2.Environment = make_env(root)
    r = Renderer(result, "en", env)
    install(env, r)
    return r


def test_drawings_escape_yaml_values(evil_renderer: Renderer) -> None:
    p = evil_renderer.catalogue.programmes["example-web"]
    for html in (
        prereq.prereq_figure(p, evil_renderer),
        matrix.matrix_html(p, evil_renderer),
        matrix.matrix_html(p, evil_renderer, 3, 2),
        heatmap.framework_heatmap(evil_renderer),
    ):
        assert "<script>" not in html and '"q"' not in html
    figure = prereq.prereq_figure(p, evil_renderer)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; A|B" in figure
    table = matrix.matrix_html(p, evil_renderer)
    assert '<span class="module-title">&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; A|B</span>' in table


def test_graph_sizes_do_not_shrink(evil_renderer: Renderer) -> None:
    p = evil_renderer.catalogue.programmes["example-web"]
    lanes, boxes, width, height = prereq.layout(p, evil_renderer)
    assert [s for s, _, _ in lanes] == [1, 2, 3, 4]
    svg = prereq.prereq_svg(p, evil_renderer)
    assert f'width="{width:.0f}"' in svg and 'aria-hidden="true"' in svg
    assert svg.count('tabindex="-1"') == len(boxes) == 5
    assert width <= 930  # four boxes a row fit the page's content at 1440 px


def test_module_list_is_the_text_alternative(evil_renderer: Renderer, tmp_path: Path) -> None:
    p = evil_renderer.catalogue.programmes["example-web"]
    listing = prereq.module_list(p, evil_renderer)
    for m in p.modules:
        assert f">{m.id}</a>" in listing
    assert "Prerequisites: <a" in listing and listing.count("<li>Semester ") == 4
