"""CASE 1.1 packages in and out: strict rules one fixture each, lenient repairs with their places,
round trips (export → import → export byte-identical; import → export → import the same model) on the
example catalogue, on a package with every object type, and on a large synthetic one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.catalogue import load_catalogue
from curriculum.cli import main
from curriculum.exchange import case

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "case"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "cat"
    assert run("init", str(root))[0] == 0
    for f in (root / "competencies").glob("*.yml"):
        f.unlink()
    return root


# --------------------------------------------------------------------------- strict: one rule, one place
STRICT = [
    ("cur811-required", "CUR811", 11, 5, "CFItems[0] has no `fullStatement`"),
    ("cur812-uuid", "CUR812", 12, 21, "CFItems[0].identifier `2F6D8E0A-1B3C-4D5E-8F70-A1B2C3D4E5F6`"),
    ("cur813-uri", "CUR813", 4, 12, "CFDocument.uri `CFDocuments/0b7c1c1e-5a4f-4c6e-9d2a-3f1e2d3c4b5a`"),
    ("cur814-association-type", "CUR814", 23, 26, "CFAssociations[0].associationType `childOf`"),
    ("cur815-date", "CUR815", 16, 29, "CFItems[0].lastChangeDateTime `10.01.2025`"),
    ("cur816-json-type", "CUR816", 9, 19, "CFDocument.extensions must be a JSON object"),
]


@pytest.mark.parametrize("name,code,line,column,words", STRICT, ids=[s[0] for s in STRICT])
def test_strict_names_the_object_and_field(
    name: str, code: str, line: int, column: int, words: str, tmp_path: Path
) -> None:
    package = FIXTURES / "strict" / f"{name}.json"
    built = case.import_packages([package], strict=True)
    assert built.data == {}
    assert [(x.code, x.line, x.column) for x in built.diagnostics] == [(code, line, column)]
    assert words in built.diagnostics[0].message
    out = tmp_path / "x.yml"
    status, _, err = run("import", "case", str(package), "--strict", "-o", str(out))
    assert status == 1 and not out.exists()
    assert f"{package}:{line}:{column}: {code}" in err
    # the same package without --strict is repaired, with the same finding as a repair
    assert run("import", "case", str(package), "-o", str(out))[0] == 0 and out.exists()


def test_the_strict_base_is_clean() -> None:
    built = case.import_packages([FIXTURES / "strict" / "base.json"], strict=True)
    assert built.diagnostics == [] and built.data["items"][0]["id"] == "A1"


def test_lenient_repairs_each_deviation_with_a_finding() -> None:
    built = case.import_packages([FIXTURES / "lenient.json"])
    found = [(x.code, x.line, x.column, x.variant) for x in built.diagnostics]
    assert found == [
        ("CUR812", 3, 19, "repaired"),  # {0B7C…} → lower case, no braces
        ("CUR815", 7, 27, "repaired"),  # "2025-01-10 08:00:00"
        ("CUR816", 9, 19, "repaired"),  # extensions: []
        ("CUR811", 12, 5, "repaired"),  # no fullStatement: the abbreviated statement stands in
        ("CUR812", 13, 21, "version"),  # a UUID without version bits is kept
        ("CUR814", 24, 26, "repaired"),  # is_child_of → isChildOf
        ("CUR812", 25, 54, "version"),
    ]
    data = built.data
    assert data["title"] == {"ru": "Framework as a server publishes it"}
    [item] = data["items"]
    assert item["id"] == "A1" and item["title"] == {"ru": "Монтаж кабелей"}
    assert data["case"]["CFDocument"]["identifier"] == "0b7c1c1e-5a4f-4c6e-9d2a-3f1e2d3c4b5a"
    assert data["case"]["CFDocument"]["lastChangeDateTime"] == "2025-01-10T08:00:00+00:00"


def test_not_a_package(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "CFDocument": {\n    "title": "x",\n  }\n}\n', encoding="utf-8")
    status, _, err = run("import", "case", str(bad), "-o", str(tmp_path / "x.yml"))
    assert status == 2 and f"{bad}:4:3: CUR810" in err and "Traceback" not in err
    other = tmp_path / "list.json"
    other.write_text("[]", encoding="utf-8")
    status, _, err = run("import", "case", str(other), "-o", str(tmp_path / "x.yml"))
    assert status == 2 and "no `CFDocument` object" in err


# --------------------------------------------------------------------------- round trips
def framework_of(root: Path, fid: str) -> object:
    catalogue = load_catalogue(root)
    assert not [x for x in catalogue.diagnostics if x.severity >= 2], catalogue.diagnostics
    return catalogue.indexes[fid].framework


def strip_case(fw: object) -> object:
    """The framework without what the import keeps for export (``case``), for comparing the model."""
    from dataclasses import replace

    def items(xs: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(replace(x, case=None, items=items(x.items)) for x in xs)

    return replace(fw, case=None, items=items(fw.items))  # type: ignore[type-var]


def test_example_framework_export_import_export_is_byte_identical(catalogue: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert run("export", "case", "ws-webtech", "--root", str(ROOT), "-o", str(first))[0] == 0
    files = sorted(first.iterdir())
    assert [f.name for f in files] == ["ws-webtech.en.json", "ws-webtech.kk.json", "ws-webtech.ru.json"]
    ru = json.loads((first / "ws-webtech.ru.json").read_text(encoding="utf-8"))
    assert ru["CFDocument"]["language"] == "ru" and ru["CFDocument"]["caseVersion"] == "1.1"
    ids = {x["identifier"] for f in files for x in json.loads(f.read_text(encoding="utf-8"))["CFItems"]}
    assert len(ids) == 3 * len(ru["CFItems"])  # one object per language
    assert all(case.UUID_RE.match(i) and i[14] == "5" for i in ids)  # UUIDv5
    status, _, err = run("import", "case", *map(str, files), "--root", str(catalogue))
    assert status == 0, err
    imported = framework_of(catalogue, "ws-webtech")
    assert strip_case(imported) == strip_case(framework_of(ROOT, "ws-webtech"))
    second = tmp_path / "second"
    assert run("export", "case", "ws-webtech", "--root", str(catalogue), "-o", str(second))[0] == 0
    for f in files:
        assert (second / f.name).read_bytes() == f.read_bytes(), f.name


def test_every_object_type_import_export_import(catalogue: Path, tmp_path: Path) -> None:
    out = catalogue / "competencies" / "ps.yml"
    status, _, err = run("import", "case", str(FIXTURES / "full.json"), "--id", "ps-electrical", "-o", str(out))
    assert status == 0, err
    first = framework_of(catalogue, "ps-electrical")
    # sequenceNumber order (10 before 20), coding schemes as ids, positions where they are not usable
    tree = [(x.id, x.type, [(y.id, y.type) for y in x.items]) for x in first.items]  # type: ignore[attr-defined]
    assert tree == [
        ("TF1", "function", [("TF1.K1", "knowledge"), ("TF1.S1", "skill")]),
        ("2", "function", [("2.1", "skill"), ("2.2", "responsibility")]),
    ]
    kept = first.case.data  # type: ignore[attr-defined]
    assert [a["associationType"] for a in kept["CFAssociations"]] == ["exactMatchOf", "precedes", "ext:requiresLicence"]
    assert set(kept["CFDefinitions"]) == {
        "CFConcepts",
        "CFSubjects",
        "CFLicenses",
        "CFItemTypes",
        "CFAssociationGroupings",
    }
    assert kept["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]["score"] == 2
    exported = tmp_path / "ps.en.json"
    assert run("export", "case", "ps-electrical", "--lang", "en", "--root", str(catalogue), "-o", str(exported))[0] == 0
    pkg = json.loads(exported.read_text(encoding="utf-8"))
    source = json.loads((FIXTURES / "full.json").read_text(encoding="utf-8"))
    assert pkg["CFDocument"]["identifier"] == source["CFDocument"]["identifier"]  # imported objects keep theirs
    assert {x["identifier"] for x in pkg["CFItems"]} == {x["identifier"] for x in source["CFItems"]}
    assert {a["identifier"] for a in pkg["CFAssociations"]} == {a["identifier"] for a in source["CFAssociations"]}
    assert pkg["CFRubrics"] == source["CFRubrics"] and pkg["CFDefinitions"] == source["CFDefinitions"]
    by_id = {x["identifier"]: x for x in source["CFItems"]}
    for x in pkg["CFItems"]:
        original = by_id[x["identifier"]]
        for key, value in original.items():
            got = x[key]
            if key == "extensions":  # export adds its own, under `curriculum`
                got = {k: v for k, v in got.items() if k != "curriculum"}
            assert got == value, (key, x)  # every field comes back
    again = tmp_path / "again"
    again_root = again / "cat"
    shutil.copytree(catalogue, again_root)
    out2 = again_root / "competencies" / "ps.yml"
    assert run("import", "case", str(exported), "--id", "ps-electrical", "-o", str(out2), "--force")[0] == 0
    assert framework_of(again_root, "ps-electrical") == first
    third = tmp_path / "third.json"
    assert run("export", "case", "ps-electrical", "--lang", "en", "--root", str(again_root), "-o", str(third))[0] == 0
    assert third.read_bytes() == exported.read_bytes()


def synthetic(n: int) -> dict:  # type: ignore[type-arg]
    """A CASE package of ``n`` items: 10 sections of functions of skills, all associations isChildOf."""
    doc_id = case.derived_id("synthetic", "doc")
    doc_uri = f"https://case.example.kz/CFDocuments/{doc_id}"
    stamp = "2025-02-01T00:00:00+00:00"
    doc = {"identifier": doc_id, "uri": doc_uri, "creator": "x", "title": "Synthetic", "lastChangeDateTime": stamp}
    items, assocs = [], []
    parents = [{"title": "Synthetic", "identifier": doc_id, "uri": doc_uri}]
    for i in range(n):
        ident = case.derived_id("synthetic", str(i))
        uri = f"https://case.example.kz/CFItems/{ident}"
        code = f"S{i // 100}.{i % 100}" if i % 7 else f"dup {i}"
        items.append(
            {
                "identifier": ident,
                "uri": uri,
                "fullStatement": f"Statement {i} — мәтін",
                "humanCodingScheme": code,
                "CFItemType": "Skill",
                "lastChangeDateTime": stamp,
            }
        )
        parent = parents[0] if i < 10 else parents[1 + (i * 7919) % min(len(parents) - 1, i)]
        aid = case.derived_id("synthetic", f"a{i}")
        assocs.append(
            {
                "identifier": aid,
                "uri": f"https://case.example.kz/CFAssociations/{aid}",
                "associationType": "isChildOf",
                "sequenceNumber": n - i,
                "originNodeURI": {"title": code, "identifier": ident, "uri": uri},
                "destinationNodeURI": parent,
                "lastChangeDateTime": stamp,
            }
        )
        parents.append({"title": code, "identifier": ident, "uri": uri})
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": assocs}


def test_large_synthetic_package_round_trip(catalogue: Path, tmp_path: Path) -> None:
    package = tmp_path / "big.json"
    package.write_text(json.dumps(synthetic(1500)), encoding="utf-8")
    out = catalogue / "competencies" / "big.yml"
    assert run("import", "case", str(package), "--id", "big", "-o", str(out))[0] == 0
    first = framework_of(catalogue, "big")
    exported = tmp_path / "big.en.json"
    assert run("export", "case", "big", "--lang", "en", "--root", str(catalogue), "-o", str(exported))[0] == 0
    pkg = json.loads(exported.read_text(encoding="utf-8"))
    assert len(pkg["CFItems"]) == 1500 and len(pkg["CFAssociations"]) == 1500
    out.unlink()
    assert run("import", "case", str(exported), "--id", "big", "-o", str(out))[0] == 0
    assert framework_of(catalogue, "big") == first
    again = tmp_path / "again.json"
    assert run("export", "case", "big", "--lang", "en", "--root", str(catalogue), "-o", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()


def test_programme_export_aligns_outcomes_with_framework_items(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    assert run("export", "case", "koktobe-software-web", "--lang", "ru", "--root", str(ROOT), "-o", str(out))[0] == 0
    pkg = json.loads(out.read_text(encoding="utf-8"))
    fw = json.loads(
        CliRunner().invoke(main, ["export", "case", "ws-webtech", "--lang", "ru", "--root", str(ROOT)]).stdout
    )
    fw_ids = {x["identifier"] for x in fw["CFItems"]}
    kinds = {a["associationType"] for a in pkg["CFAssociations"]}
    assert {"isChildOf", "isRelatedTo", "ext:practisedAtWorkplace", "precedes", "ext:isCorequisiteOf"} <= kinds
    covers = [a for a in pkg["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    assert covers and any(a["destinationNodeURI"]["identifier"] in fw_ids for a in covers)
    assert all(a["extensions"]["curriculum"]["level"] in ("introduced", "reinforced", "mastered") for a in covers)
    types = {x["CFItemType"] for x in pkg["CFItems"]}
    assert types == {"module", "outcome"}
    again = (
        CliRunner().invoke(main, ["export", "case", "koktobe-software-web", "--lang", "ru", "--root", str(ROOT)]).stdout
    )
    assert again == out.read_text(encoding="utf-8")
