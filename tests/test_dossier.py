"""The PDF dossier (`build --pdf`): A4 pages, landscape pages for the wide parts, cover, contents with
page numbers, "N / M" on every page after the cover, a running header, an outline, embedded fonts
with every Kazakh letter, title and language in the metadata, the same bytes on every build, and
dossiers printed in parallel."""

from __future__ import annotations

import asyncio
import io
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from curriculum import dossier, pdf, pdfmeta
from curriculum.commands import build as build_cmd
from curriculum.commands.scaffold import init
from curriculum.render import LABELS

from .browser_support import require_browser

require_browser()
pikepdf = pytest.importorskip("pikepdf")
pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.browser

A4 = (595.28, 841.89)  # points
KAZAKH = "әғқңөұүі"  # the Kazakh letters of the example text (һ does not occur in it)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("CURRICULUM_TODAY", "2026-02-03")
    root = tmp_path_factory.mktemp("pdf") / "cat"
    init(root)
    try:
        assert build_cmd.run(root, False, None, None, True, quiet=True) == 0
    finally:
        mp.undo()
    return root


def dossiers(root: Path) -> dict[str, Path]:
    return {lang: root / "site" / lang / "programmes" / "example-web" / "dossier.pdf" for lang in ("kk", "ru", "en")}


def texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages]


def test_a4_pages_and_landscape_parts(printed: Path) -> None:
    for lang, path in dossiers(printed).items():
        with pikepdf.open(path) as doc:
            sizes = [
                (float(p.mediabox[2]) - float(p.mediabox[0]), float(p.mediabox[3]) - float(p.mediabox[1]))
                for p in doc.pages
            ]
        pages = texts(path)
        assert len(sizes) == len(pages) > 8
        for n, (w, h) in enumerate(sizes):
            assert (min(w, h), max(w, h)) == pytest.approx(A4, abs=1.0), (lang, n, w, h)
        landscape = [n for n, (w, h) in enumerate(sizes) if w > h]
        matrix, graph, plan = LABELS["matrix"][lang], LABELS["graph"][lang], LABELS["working_curriculum"][lang]
        starts = [
            n
            for n, text in enumerate(pages)
            if n > 1 and re.search(rf"(^| ){re.escape(matrix)} | {re.escape(graph)}:", text)
        ]
        starts.insert(0, next(n for n, text in enumerate(pages) if n > 1 and plan in text))
        # the working curriculum, the matrix and the graph (with its metrics table) each start a
        # landscape run; every other landscape page continues the part before it
        assert len(starts) == 3 and set(starts) <= set(landscape), (lang, landscape, starts)
        assert all(n in starts or n - 1 in landscape for n in landscape), (lang, landscape, starts)


def test_cover_contents_numbers_and_running_header(printed: Path) -> None:
    pages = texts(dossiers(printed)["ru"])
    total = len(pages)
    cover = pages[0].lower()
    for fact in (
        "Аккредитационное досье",
        "Веб-разработка (дуальное обучение)",
        "Колледж-пример",
        "4S06130103",
        "2026-02-03",
        "Редакция каталога",
        "sha256 ",
    ):
        assert fact.lower() in cover, fact
    assert not re.search(r"\b1 / \d+\b", cover)  # no header or page number on the cover
    for n, text in enumerate(pages[1:], start=2):
        assert f"{n} / {total}" in text, (n, text[-80:])
        assert "Веб-разработка (дуальное обучение)" in text and "Колледж-пример" in text
    contents = pages[1]
    assert re.search(
        r"Содержание Обзор \d+ Рабочий учебный план \d+ Матрица компетенций \d+ Покрытие и замечания \d+", contents
    )
    entries = re.findall(
        r"(Обзор|Матрица компетенций|Покрытие и замечания|Граф пререквизитов|Аккредитация) (\d+)", contents
    )
    assert [name for name, _ in entries] == [
        "Обзор",
        "Матрица компетенций",
        "Покрытие и замечания",
        "Граф пререквизитов",
        "Аккредитация",
    ]
    heading = {
        "Обзор": "Обзор",
        "Матрица компетенций": "Матрица компетенций",
        "Покрытие и замечания": "Покрытие и замечания:",
        "Граф пререквизитов": "Граф пререквизитов:",
        "Аккредитация": "Аккредитация:",
    }
    for name, page in entries:  # each part begins on the page the contents say
        assert heading[name] in pages[int(page) - 1], (name, page)
    numbers = [int(p) for _, p in entries]
    assert numbers == sorted(numbers) and numbers[0] == 3


def test_outline_metadata_and_fonts(printed: Path) -> None:
    for lang, path in dossiers(printed).items():
        with pikepdf.open(path) as doc:
            assert str(doc.Root.Lang) == lang
            title = str(doc.docinfo["/Title"])
            assert title.startswith({"kk": "Веб-әзірлеу", "ru": "Веб-разработка", "en": "Web development"}[lang])
            assert str(doc.docinfo["/CreationDate"]) == "D:20260203000000Z" == str(doc.docinfo["/ModDate"])
            with doc.open_outline() as outline:
                top = [str(x.title) for x in outline.root]
                kids = [str(c.title) for x in outline.root for c in x.children]
            assert len(top) == 1 and len(kids) >= 7
            fonts, mapped = embedded_fonts(doc)
        assert fonts and all(fonts.values()), fonts  # every font is embedded
        if lang == "kk":
            body = " ".join(texts(path)).lower()
            for letter in KAZAKH:
                assert letter in body, letter
                assert letter in mapped, letter


def embedded_fonts(doc: Any) -> tuple[dict[str, bool], str]:
    """Font name → embedded?, and every character the fonts' ToUnicode maps cover."""
    fonts: dict[str, bool] = {}
    chars: list[str] = []
    for page in doc.pages:
        for _, font in (page.Resources.get("/Font") or {}).items():
            desc = font.get("/DescendantFonts")
            base = desc[0] if desc is not None else font
            fd = base.get("/FontDescriptor")
            fonts[str(font.BaseFont)] = fd is not None and any(
                k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if "/ToUnicode" in font:
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                for hexes in re.findall(r"<([0-9A-Fa-f]{4,})>\s*\]?\s*$", cmap, re.M):
                    chars += [chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4)]
                chars += [chr(int(h, 16)) for h in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4})>", cmap)]
    return fonts, "".join(chars).lower()


def test_same_input_same_bytes(printed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = {lang: p.read_bytes() for lang, p in dossiers(printed).items()}
    monkeypatch.setenv("CURRICULUM_TODAY", "2026-02-03")
    assert build_cmd.run(printed, False, None, None, True, quiet=True) == 0
    second = {lang: p.read_bytes() for lang, p in dossiers(printed).items()}
    assert [lang for lang in first if first[lang] != second[lang]] == []


def test_structure_ids_do_not_depend_on_the_browser(printed: Path) -> None:
    """Chromium names tagged elements after DOM node ids, which shift with what scripts did first:
    a dossier whose ids are all shifted normalises to the same bytes."""
    path = dossiers(printed)["kk"]
    shifted = io.BytesIO()
    with pikepdf.open(path) as doc:
        count = 0
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary):
                count += _shift_ids(obj)
        assert count > 20
        doc.save(shifted)
    job = dossier.Job(path.with_name("print.html"), path, "t", "kk", "2026-02-03")
    assert pdfmeta.normalise(shifted.getvalue(), job) == pdfmeta.normalise(path.read_bytes(), job)
    assert pdfmeta.normalise(shifted.getvalue(), job) != pdfmeta.normalise(path.read_bytes(), replace(job, title="u"))


def _shift_ids(obj: Any) -> int:
    count = 0
    for key in list(obj.keys()):
        value = obj[key]
        if key == "/ID" and str(value).startswith("n"):
            obj[key] = pikepdf.String(f"node{int(str(value)[-7:]) + 1000:08d}")
            count += 1
        elif key == "/Headers":
            obj[key] = pikepdf.Array([pikepdf.String(f"node{int(str(h)[-7:]) + 1000:08d}") for h in value])
    return count


def test_dossiers_print_in_parallel(printed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert dossier.workers(18) == 4 and dossier.workers(2) == 2 and dossier.workers(0) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert dossier.workers(18) == 1
    state = {"now": 0, "most": 0}

    async def slow(browser: Any, job: dossier.Job) -> None:
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        await asyncio.sleep(0.3)
        state["now"] -= 1

    monkeypatch.setattr(pdf, "_print_one", slow)
    jobs = [dossier.Job(Path("x.html"), Path("x.pdf"), "t", "ru", "2026-01-01")] * 6
    pdf.print_jobs(jobs, dossier.find_chromium() or "", 3)
    assert state["most"] == 3  # three pages printing at once, never more


def test_pdf_without_its_tools_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "nopdf"
    init(root)
    monkeypatch.setenv("CURRICULUM_CHROMIUM", str(tmp_path / "no-chromium"))
    assert build_cmd.run(root, False, None, None, True) == 2
    assert "--pdf needs Chromium" in capsys.readouterr().err
    assert not (root / "site").exists()
