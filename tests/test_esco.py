"""ESCO: a synthetic release in ESCO's CSV layout recorded with `curriculum esco import`, then each
outcome's ESCO URIs checked offline: unknown (with the nearest labels), gone or replaced since the older
pinned release, not an ESCO URI; and a catalogue with URIs but no release."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from curriculum.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "esco"
OLD = FIXTURES / "ESCO dataset - v1.1.0 - classification - en - csv"
NEW = FIXTURES / "ESCO dataset - v1.2.0 - classification - en - csv"
SKILL = "http://data.europa.eu/esco/skill/0a1b2c3d-0000-4000-8000-0000000000"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "cat"
    assert run("init", str(root))[0] == 0
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    first = "        hours: 100\n        assessed_by: [PM01-EX]\n"
    second = "en: Implements a design in a real project of the enterprise}\n        covers: {ws-webtech:3: mastered}\n        venue: workplace\n        hours: 200\n"
    assert text.count(first) == 1 and text.count(second) == 1
    text = text.replace(
        first,
        first.replace("        assessed_by", "        esco:\n" + "ESCO_LIST" + "        assessed_by"),
    )
    text = text.replace(
        "ESCO_LIST",
        ""
        + f"          - {SKILL}01\n"  # line 59: known in both releases
        + f"          - {SKILL}03\n"  # line 60: gone from 1.2.0
        + f"          - {SKILL}04\n"  # line 61: obsolete in 1.2.0, replaced by …06
        + "          - urn:example:not-esco\n",  # line 62: not an ESCO URI
    )
    text = text.replace(second, second + f"        esco: [{SKILL}ff]\n")  # line 69: unknown
    path.write_text(text, encoding="utf-8")
    return root


def findings(root: Path) -> list[dict]:  # type: ignore[type-arg]
    report = json.loads(run("check", str(root), "--format", "json")[1])
    return [x for x in report["diagnostics"] if x["code"].startswith("CUR83")]


def test_uris_without_a_recorded_release_are_one_note(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    got = [(x["code"], x["line"], x["column"], x["severity"]) for x in findings(root)]
    assert got == [("CUR832", 59, 13, "info")]
    assert "5 ESCO URIs" in findings(root)[0]["message"]


def test_recorded_releases_check_every_uri(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    status, _, err = run("esco", "import", str(OLD), "--root", str(root))
    assert status == 0 and "recorded ESCO 1.1.0 in esco/1.1.0.json (5 skills, 1 occupations)" in err
    assert run("esco", "import", str(NEW), "--root", str(root))[0] == 0
    index = json.loads((root / "esco" / "1.2.0.json").read_text(encoding="utf-8"))
    assert index["concepts"][f"{SKILL}04"] == ["skill", "use markup languages", "obsolete", f"{SKILL}06"]
    got = {(x["code"], x["line"], x["column"]): x for x in findings(root)}
    assert sorted(got) == [("CUR830", 62, 13), ("CUR830", 69, 16), ("CUR831", 60, 13), ("CUR831", 61, 13)]
    assert "is in ESCO 1.1.0 but gone from ESCO 1.2.0" in got[("CUR831", 60, 13)]["message"]
    assert "database management systems" in got[("CUR831", 60, 13)]["message"]
    replaced = got[("CUR831", 61, 13)]["message"]
    assert "is obsolete in ESCO 1.2.0; replaced by" in replaced and "(write HTML and CSS markup)" in replaced
    assert "not an ESCO skill or occupation URI" in got[("CUR830", 62, 13)]["message"]
    unknown = got[("CUR830", 69, 16)]
    assert "is not a concept of ESCO 1.2.0" in unknown["message"]
    # PM01.2 "Implements a design in a real project of the enterprise": the label sharing a word comes first
    assert "design user interfaces" in unknown["hint"]
    assert all(x["programme"] == "example-web" for x in got.values())


def test_not_a_release(tmp_path: Path) -> None:
    root = catalogue(tmp_path)
    status, _, err = run("esco", "import", str(tmp_path), "--root", str(root))
    assert status == 2 and "CUR833" in err and "no skills_*.csv" in err
