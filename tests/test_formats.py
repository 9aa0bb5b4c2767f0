"""Format versions: format-1 files are read through the migration, `curriculum migrate` rewrites them
keeping comments and key order, and `curriculum diff` reads an old revision in format 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from curriculum.catalogue import load_catalogue
from curriculum.cli import main
from curriculum.formats.v1_to_v2 import region_code

from .conftest import BASE
from .git_support import commit, git

FORMAT_1 = Path(__file__).parent / "cases" / "cur120-format-1" / "files" / "programmes" / "example-web.yml"
PROGRAMME = "programmes/example-web.yml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def old_catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "old"
    shutil.copytree(BASE, root)
    shutil.copy(FORMAT_1, root / PROGRAMME)
    return root


def test_format_1_reads_as_its_rewrite(tmp_path: Path) -> None:
    """The in-memory migration and the rewritten file give the same model, field for field."""
    root = old_catalogue(tmp_path)
    before = load_catalogue(root)
    assert [x.code for x in before.diagnostics] == ["CUR120"]
    code, out, _ = run("migrate", str(root))
    assert code == 0 and f"{PROGRAMME}: rewritten in format 2" in out
    after = load_catalogue(root)
    assert after.diagnostics == []
    assert before.programmes == after.programmes
    pm01 = after.programmes["example-web"].modules[1]
    assert pm01.cycle == "pm" and [(s.semester, s.total) for s in pm01.semesters] == [(2, 300)]
    assert {k.kind: k.hours for k in pm01.semesters[0].hours} == {"theory": 60, "industrial-training": 240}
    assert {k.kind: k.hours for k in pm01.semesters[0].workplace} == {"industrial-training": 200}
    assert after.programmes["example-web"].partners[0].region == "750000000"


def test_migrate_keeps_comments_key_order_and_is_idempotent(tmp_path: Path) -> None:
    root = old_catalogue(tmp_path)
    path = root / PROGRAMME
    text = path.read_text(encoding="utf-8").replace(
        "  - id: PM02\n", "  # the front-end module, taught in year 2\n  - id: PM02\n"
    )
    text = text.replace("    prerequisites: [PM01]\n", "    prerequisites: [PM01]  # after design\n")
    path.write_text(text, encoding="utf-8")
    assert run("migrate", str(path))[0] == 0
    new = path.read_text(encoding="utf-8")
    assert "  # the front-end module, taught in year 2\n  - id: PM02\n" in new
    assert "    prerequisites: [PM01]  # after design\n" in new
    assert new.startswith("# yaml-language-server: $schema=../schemas/programme.schema.json\n# Illustrative")
    data = yaml.safe_load(new)
    assert data["format"] == 2 and list(data)[:3] == ["format", "kind", "id"]
    assert list(data["modules"][1])[:4] == ["id", "title", "cycle", "semesters"]  # where type and semester stood
    assert "    semesters:\n      - {semester: 2, hours: {theory: 60, industrial-training: 240}" in new
    assert run("migrate", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == new  # a current file is left byte for byte


def test_migrate_reports_a_region_it_cannot_map_and_keeps_the_text(tmp_path: Path) -> None:
    root = old_catalogue(tmp_path)
    path = root / PROGRAMME
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("region: {kk: Алматы қаласы, ru: город Алматы, en: Almaty}", "region: Гиперборея", 1))
    code, _, err = run("migrate", str(root))
    assert code == 1
    assert "programmes/example-web.yml:130:13: warning CUR122 the region `Гиперборея` matches no KATO code" in err
    assert "region: Гиперборея\n" in path.read_text(encoding="utf-8")


def test_a_newer_format_cannot_be_migrated_or_read(tmp_path: Path) -> None:
    root = tmp_path / "new"
    shutil.copytree(BASE, root)
    path = root / PROGRAMME
    path.write_text(path.read_text(encoding="utf-8").replace("format: 2  #", "format: 7  #"), encoding="utf-8")
    code, _, err = run("migrate", str(root))
    assert code == 2 and "CUR121 `format: 7` is newer than this toolkit reads" in err
    code, out, _ = run("check", str(root), "--format", "json")
    assert code == 2 and [x["code"] for x in json.loads(out)["diagnostics"]] == ["CUR121"]


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["г. Алматы"], "750000000"),
        (["Алматы қаласы", "город Алматы", "Almaty city"], "750000000"),
        (["Астана"], "710000000"),
        (["Akmola region", "Акмолинская область"], "110000000"),
        (["Karaganda Region", "Карагандинская область"], "350000000"),
        (["East Kazakhstan Region", "Восточно-Казахстанская область"], "630000000"),
        (["Южно-Казахстанская область"], "510000000"),
        (["Туркестанская область"], "610000000"),
        (["Almaty Region"], "190000000"),
    ],
)
def test_regions_map_to_kato_codes(texts: list[str], code: str) -> None:
    assert region_code(texts) == {code}


def test_diff_reads_a_base_revision_in_format_1(tmp_path: Path) -> None:
    root = old_catalogue(tmp_path)
    git(root, "init", "-q", "-b", "main")
    commit(root, "accredited in format 1", "2024-01-10")
    git(root, "tag", "accredited")
    assert run("migrate", str(root))[0] == 0
    path = root / PROGRAMME  # and one real change: PM03 moves to semester 5 (with its training plan)
    text = path.read_text(encoding="utf-8").replace("semesters: 4", "semesters: 5")
    text = text.replace("{semester: 4, hours: {theory: 80", "{semester: 5, hours: {theory: 80")
    path.write_text(text.replace("{unit: PM03, semester: 4,", "{unit: PM03, semester: 5,"), encoding="utf-8")
    code, out, _ = run("diff", "--root", str(root), "accredited")
    body = out.split("\n", 1)[1]  # after the header line with the commit
    assert body == (
        "\n"
        "programmes[example-web]  programmes/example-web.yml\n"
        "  ~ semesters: 4 → 5\n"
        "  - modules[PM03].semesters[4]\n"
        "  + modules[PM03].semesters[5]\n"
        "  - partners[alpha-soft].training_plan[PM03 semester 4]: hours 340\n"
        "  + partners[alpha-soft].training_plan[PM03 semester 5]: hours 340\n"
        "  - partners[beta-digital].training_plan[PM03 semester 4]: hours 340\n"
        "  + partners[beta-digital].training_plan[PM03 semester 5]: hours 340\n"
        "  hours: semester 4: theory 80 → 0, industrial-training 400 → 0;"
        " semester 5: theory 0 → 80, industrial-training 0 → 400\n"
        "\n"
        "findings: 1 new, 1 fixed, 0 changed\n"
        "  + programmes/example-web.yml:120:42: warning CUR305 `ws-webtech:5` is mastered in semester 4 (FA01.1)"
        " but only reinforced later, in semester 5 (PM03.1)\n"
        "  - programmes/example-web.yml:3:1: info CUR120 this file is in format 1; it was read by migrating it to"
        " format 2 in memory\n"
        "\n"
        "nothing gets worse\n"
    )  # the migration itself is no change: no cycle, kind or region shows, only the semester move
    assert code == 0
