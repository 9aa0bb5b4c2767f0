"""Privacy: only aggregates of at least k people leave the store, and no suppressed cell can be solved
for from the published ones — across every published table of a family (an exact rank test over the
rationals, written here independently of the suppression code)."""

from __future__ import annotations

import shutil
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.results import synthetic
from curriculum.results.privacy import Family, Published, View, publish

ROOT = Path(__file__).resolve().parent.parent


def _rref(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form: (pivot column, row) pairs."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = _reduce(basis, row)
        pivot = next((j for j, x in enumerate(row) if x), None)
        if pivot is None:
            continue
        row = [x / row[pivot] for x in row]
        basis = [(p, [a - b[pivot] * c for a, c in zip(b, row, strict=True)]) if b[pivot] else (p, b) for p, b in basis]
        basis.append((pivot, row))
    return basis


def _reduce(basis: list[tuple[int, list[Fraction]]], row: list[Fraction]) -> list[Fraction]:
    row = list(row)
    for pivot, b in basis:
        if row[pivot]:
            f = row[pivot]
            row = [a - f * c for a, c in zip(row, b, strict=True)]
    return row


def undetermined(pub: Published) -> dict[tuple[str, tuple[str, ...]], bool]:
    """For each suppressed cell: True when no linear combination of the published cells gives it."""
    atoms = sorted({a for members in pub.members.values() for a in members})
    index = {a: i for i, a in enumerate(atoms)}

    def vector(table: str, key: tuple[str, ...]) -> list[Fraction]:
        v = [Fraction(0)] * len(atoms)
        for a in pub.members[(table, key)]:
            v[index[a]] = Fraction(1)
        return v

    cells = [c for cs in pub.cells.values() for c in cs]
    basis = _rref([vector(c.table, c.key) for c in cells if c.count is not None])
    return {(c.table, c.key): any(_reduce(basis, vector(c.table, c.key))) for c in cells if c.count is None}


def _family(atoms: dict[tuple[str, ...], int]) -> Family:
    attrs = {a: {"programme": a[0], "partner": f"{a[0]}/{a[1]}", "year": a[2], "all": "all"} for a in atoms}
    views = (
        View("by-partner", ("partner", "year")),
        View("by-programme", ("programme", "year")),
        View("by-year", ("year",)),
        View("total", ("all",)),
    )
    return Family("t", ("programme", "partner", "year"), atoms, attrs, views)


def test_a_cohort_of_four_is_suppressed_and_cannot_be_recovered_from_the_totals() -> None:
    atoms = {("p1", "a", "2025"): 12, ("p1", "b", "2025"): 4, ("p2", "a", "2025"): 9, ("p2", "c", "2025"): 7}
    pub = publish(_family(atoms), 5)
    partner = pub.table("by-partner")
    assert partner[("p1/b", "2025")].count is None and partner[("p1/b", "2025")].primary
    assert pub.table("by-programme")[("p1", "2025")].count == 16  # the total is published …
    assert partner[("p1/a", "2025")].count is None  # … so its other part is suppressed with the cohort of 4
    assert not partner[("p1/a", "2025")].primary
    assert all(undetermined(pub).values())
    naive = Published("t", pub.dims, {t: [c if not c.primary else c for c in cs] for t, cs in pub.cells.items()})
    naive.members = pub.members
    # without the complementary cell, the cohort of 4 is 16 − 12: the audit must notice
    naive.cells["by-partner"] = [
        c if c.key != ("p1/a", "2025") else type(c)(c.table, c.key, 12) for c in naive.cells["by-partner"]
    ]
    assert not undetermined(naive)[("by-partner", ("p1/b", "2025"))]


def test_suppression_holds_across_tables_sharing_people() -> None:
    """A small cell hidden in one table must not follow from a year total minus another programme's total."""
    atoms = {("p1", "a", "2025"): 3, ("p2", "a", "2025"): 20, ("p2", "b", "2025"): 8, ("p1", "a", "2024"): 11}
    pub = publish(_family(atoms), 5)
    assert pub.table("by-programme")[("p1", "2025")].count is None
    hidden = undetermined(pub)
    assert hidden and all(hidden.values()), hidden


def test_rounding_rounds_every_published_count() -> None:
    atoms = {("p1", "a", "2025"): 12, ("p1", "b", "2025"): 8, ("p2", "a", "2025"): 9}
    pub = publish(_family(atoms), 5, rounding=5)
    assert {c.count for cs in pub.cells.values() for c in cs} <= {10, 20, 30}
    assert pub.table("total")[("all",)].count == 30  # 29 rounded


@pytest.fixture(scope="module")
def example_results():  # type: ignore[no-untyped-def]
    return check_path(ROOT).results


def test_example_has_real_figures_and_suppression(example_results) -> None:  # type: ignore[no-untyped-def]
    cells = [c for pub in example_results.tables.values() for cs in pub.cells.values() for c in cs]
    published = [c for c in cells if c.count is not None or c.mean is not None]
    assert len(published) > len(cells) / 2
    assert any(c.primary for c in cells) and any(c.count is None and not c.primary for c in cells)
    assert all(c.count >= 5 for c in published if c.count is not None)
    means = [c for c in example_results.tables["ratings"].cells["ratings"] if c.mean is not None]
    assert means and all(c.count is None for c in means)  # means are published, how many people never


def test_audit_every_suppressed_cell_of_the_example_stays_undetermined(example_results) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for name, pub in example_results.tables.items():
        hidden = undetermined(pub)
        assert all(hidden.values()), (name, [k for k, ok in hidden.items() if not ok][:5])
        checked += len(hidden)
    assert checked > 50


def test_the_example_exports_are_the_generators_output(tmp_path: Path) -> None:
    """The committed exports are what the seeded generator writes (so they can be regenerated)."""
    from curriculum.catalogue import load_catalogue

    written = synthetic.example(load_catalogue(ROOT), tmp_path)
    for path in written:
        assert path.read_bytes() == (ROOT / "results" / path.name).read_bytes(), (
            f"results/{path.name} is stale: run `python -m curriculum.results.synthetic`"
        )
    assert "SYNTHETIC" in (ROOT / "results" / "README.md").read_text(encoding="utf-8")


SECRET_ID = "QZX-SECRET-7731"
SECRET_NOTE = "Confidential remark zebra-quartz"


def test_no_trainee_id_or_comment_reaches_any_output(scaffold: Path, tmp_path: Path) -> None:
    rows = [
        f"{SECRET_ID}{i},example-web,alpha-soft,2025-S1,ws-webtech:3,mentor-5,{1 + i % 5},{SECRET_NOTE} {i}\n"
        for i in range(12)
    ]
    rows.append(f"{SECRET_ID}X,example-web,alpha-soft,2025-S9,ws-webtech:3,mentor-5,nine,{SECRET_NOTE}\n")
    rows.append(f"{SECRET_ID}Y,example-wbe,alpha-soft,2025-S1,ws-webtech:3,mentor-5,4,{SECRET_NOTE}\n")
    export = scaffold / "results" / "ratings.csv"
    export.parent.mkdir()
    export.write_text(
        "trainee,programme,partner,period,competency,instrument,score,comment\n" + "".join(rows), encoding="utf-8"
    )
    outputs: list[bytes] = []
    runner = CliRunner()
    for args in (
        ["results", "import", str(export), "--root", str(scaffold)],
        ["results", "import", str(export), "--root", str(scaffold), "--partial"],
        ["results", "status", "--root", str(scaffold)],
        ["results", "export", "--root", str(scaffold), "-o", str(tmp_path / "export")],
        *(["check", str(scaffold), "--format", fmt] for fmt in ("text", "json", "sarif", "github", "junit")),
        ["check", str(scaffold), "--lang", "ru"],
        ["build", "--root", str(scaffold), "--site-dir", str(tmp_path / "site"), "--quiet"],
        *(
            ["sar", "example-web", "--lang", lang, "--format", "docx", "-o", str(tmp_path / f"sar-{lang}.docx")]
            + ["--root", str(scaffold)]
            for lang in ("kk", "ru", "en")
        ),
    ):
        r = runner.invoke(main, args)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.output)
        outputs += [r.stdout_bytes, r.stderr_bytes or b""]
    assert "CUR904" in outputs[1].decode() + outputs[3].decode()
    files = [p for p in (tmp_path / "export").rglob("*") if p.is_file()] + [
        p for p in (tmp_path / "site").rglob("*") if p.is_file()
    ]
    assert files
    outputs += [p.read_bytes() for p in files]
    captions = {"kk": "Жоспар мен нәтиже", "ru": "План и факт", "en": "Planned vs achieved"}
    for lang, caption in captions.items():  # the SAR, with the programme's results: every part of the DOCX unzipped
        with zipfile.ZipFile(tmp_path / f"sar-{lang}.docx") as z:
            parts = [z.read(name) for name in z.namelist()]
        assert any(caption.encode() in x for x in parts), lang
        outputs += parts
    sar = (tmp_path / "site" / "en" / "programmes" / "example-web" / "sar.html").read_text(encoding="utf-8")
    assert "Planned vs achieved" in sar  # the SAR page of the site carries the results the scan covers
    for blob in outputs:
        for secret in (SECRET_ID, SECRET_NOTE, "zebra-quartz"):
            assert secret.encode() not in blob
    shutil.rmtree(tmp_path / "site", ignore_errors=True)
