"""The workplace share per partner: what each enterprise's training plan hosts, in the JSON report and on
the programme page (the rules themselves have case folders, cur411–cur414)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.render import Page, Renderer, install, make_env, pages_for

from .conftest import BASE

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    shutil.copytree(BASE, root)
    return root


def test_json_report_has_what_each_partner_hosts(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    # Beta Digital hosts PM03 by two of its outcomes (140 h + 200 h), not by the module: the same 340 h
    head, _, tail = text.partition("  - id: beta-digital")
    tail = tail.replace(
        "      - {unit: PM03, semester: 4, hours: 340}",
        "      - {unit: PM03.1, semester: 4, hours: 140}\n      - {unit: PM03.2, semester: 4, hours: 200}",
    )
    path.write_text(head + "  - id: beta-digital" + tail, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    report = json.loads(result.stdout)
    rows = report["partners"]["example-web"]
    assert [r["partner"] for r in rows] == ["alpha-soft", "beta-digital"]
    alpha, beta = rows
    # 30 h of BM01 (a basic module: not in the base) + 200 + 200 + 340 of the professional modules
    assert alpha == {
        "partner": "alpha-soft",
        "places": 12,
        "hours": 770,
        "workplace_hours": 740,
        "base_hours": 880,
        "workplace_share": 740 / 880,
        "part": 12 / 25,
    }
    assert beta["hours"] == 770 and beta["workplace_hours"] == 740 and beta["part"] == 13 / 25
    assert report["programmes"]["example-web"]["workplace_share"] == 740 / 880  # the programme's, the same


def test_an_elective_alternative_left_out_of_the_totals_counts_for_no_partner(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("partners:\n", "electives:\n  - {id: KV1, choose: 1, modules: [PM02, PM03]}\npartners:\n")
    path.write_text(text, encoding="utf-8")
    result = check_path(root)
    alpha = result.partners["example-web"][0]
    assert (alpha.hours, alpha.workplace, alpha.base) == (30 + 200 + 200, 400, 240 + 240)


def test_programme_page_shows_each_partners_hours_share_and_part(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.partition("  - id: beta-digital")
    tail = tail.replace("      - {unit: PM03, semester: 4, hours: 340}\n", "")  # Beta Digital leaves PM03 to Alpha
    path.write_text(head + "  - id: beta-digital" + tail, encoding="utf-8")
    result = check_path(root)
    env = make_env(root)
    r = Renderer(result, "en", env)
    install(env, r)
    pages, _ = pages_for(result, r, root)
    page: Page = next(x for x in pages if x.path == "programmes/example-web/index.md")
    md = r.render(page)
    header = next(line for line in md.splitlines() if line.startswith("| Partner enterprises |"))
    assert "| Hours at the enterprise | Workplace share of a trainee | Part of all workplace training |" in header
    rows = [line for line in md.splitlines() if line.startswith("| [") and "](partners/" in line]
    assert len(rows) == 2
    # Alpha: 12 places × 770 h; Beta: 13 × 430 h → 9,240 and 5,590 of 14,830 trainee-hours
    assert "| 12 | 3 | 770 | 84 % | 62 % |" in rows[0], rows[0]
    assert "| 13 | 3 | 430 | 45 % | 38 % |" in rows[1], rows[1]
    assert "Part of all workplace training: training places × hours" in md
    # and on the partner's own page
    beta = r.render(next(x for x in pages if x.path == "programmes/example-web/partners/beta-digital.md"))
    assert "| Hours at the enterprise | 430 |" in beta
    assert "| Workplace share of a trainee | 45 % (400 / 880) |" in beta
    assert "| Part of all workplace training | 38 % |" in beta


def test_self_assessment_report_lists_what_each_partner_hosts(tmp_path: Path) -> None:
    from curriculum.sar.markdown import render
    from curriculum.sar.report import build

    root = _copy(tmp_path)
    result = check_path(root)
    md = render(build(result, result.catalogue.programmes["example-web"], "en"))
    header = next(line for line in md.splitlines() if line.startswith("| Partner |"))
    assert header.endswith(
        "| Hours at the enterprise | Workplace share of a trainee | Part of all workplace training |"
    )
    alpha = next(line for line in md.splitlines() if line.startswith("| Alpha Soft LLP |"))
    assert alpha.endswith("| 770 | 84\\.1 % | 48\\.0 % |"), alpha
