"""`curriculum diff` on temporary git repositories: revisions against revisions and the working tree.

The history: tag ``v1`` is the base catalogue (2024-01-10); the next commit (2024-03-01) moves PM03
into a new fifth semester and adds the partner Gamma IT; tests then edit the working tree (an
outcome removed, a file broken) as a programme team would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main

from .conftest import BASE
from .git_support import GIT_ENV, commit, git

PROGRAMME = "programmes/example-web.yml"
GAMMA = """\
  - id: gamma-it
    name: {kk: «Гамма IT» ЖШС, ru: ТОО «Гамма IT», en: Gamma IT LLP}
    region: '750000000'
    places: 2
    agreement:
      number: DO-2025/03
      parties: [Example College, Gamma IT LLP]
      signed: 2025-06-20
      start: 2025-08-01
      end: 2027-08-31
    mentors:
      - {name: Asel Nurova, position: {kk: Әзірлеуші, ru: Разработчик, en: Developer}, trained: true}
    training_plan:
      - {unit: BM01, semester: 1, hours: 30}
"""


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def remove_outcome(root: Path, outcome: str = "BM01.2") -> None:
    path = root / PROGRAMME
    text = path.read_text(encoding="utf-8")
    start = text.index(f"      - id: {outcome}\n")
    end = min(text.find(x, start + 1) % (len(text) + 1) for x in ("      - id: ", "    assessments:"))
    path.write_text(text[:start] + text[end:], encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "college"
    shutil.copytree(BASE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "Base catalogue", "2024-01-10")
    git(root, "tag", "v1")
    edit(
        root / PROGRAMME,
        ("semesters: 4", "semesters: 5"),
        (
            "{semester: 4, hours: {theory: 80, industrial-training: 280",
            "{semester: 5, hours: {theory: 80, industrial-training: 280",
        ),
        ("{unit: PM03, semester: 4, hours: 340}", "{unit: PM03, semester: 5, hours: 340}"),
    )
    with (root / PROGRAMME).open("a", encoding="utf-8") as fh:
        fh.write(GAMMA)
    commit(root, "PM03 in a fifth semester; Gamma IT joins", "2024-03-01")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def sha(root: Path, rev: str) -> str:
    return git(root, "rev-parse", rev)


def test_revision_to_revision_module_moved_and_partner_added(repo: Path) -> None:
    code, out, _ = run(repo, "v1", "HEAD")
    v1, head = sha(repo, "v1")[:12], sha(repo, "HEAD")[:12]
    assert out == (
        f"curriculum diff: v1 ({v1}, 2024-01-10) → HEAD ({head}, 2024-03-01)\n"
        "\n"
        "programmes[example-web]  programmes/example-web.yml\n"
        "  ~ semesters: 4 → 5\n"
        "  - modules[PM03].semesters[4]\n"
        "  + modules[PM03].semesters[5]\n"
        "  - partners[alpha-soft].training_plan[PM03 semester 4]: hours 340\n"
        "  + partners[alpha-soft].training_plan[PM03 semester 5]: hours 340\n"
        "  - partners[beta-digital].training_plan[PM03 semester 4]: hours 340\n"
        "  + partners[beta-digital].training_plan[PM03 semester 5]: hours 340\n"
        "  + partners[gamma-it]: Gamma IT LLP\n"
        "  hours: semester 4: theory 80 → 0, industrial-training 280 → 0, practice-prediploma 120 → 0;"
        " semester 5: theory 0 → 80, industrial-training 0 → 280, practice-prediploma 0 → 120\n"
        "\n"
        "findings: 1 new, 0 fixed, 0 changed\n"
        "  + programmes/example-web.yml:119:42: warning CUR305 `ws-webtech:5` is mastered in semester 4 (FA01.1)"
        " but only reinforced later, in semester 5 (PM03.1)\n"
        "\n"
        "nothing gets worse\n"
    )
    assert code == 0  # a new warning is below the failing severity (error)
    assert run(repo, "v1", "HEAD", "--fail-on", "warning")[0] == 1


def test_outcome_removed_in_the_working_tree_reports_the_competency(repo: Path) -> None:
    remove_outcome(repo)
    code, out, _ = run(repo, "HEAD", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["base"] == {
        "revision": "HEAD",
        "commit": sha(repo, "HEAD"),
        "date": "2024-03-01",
        "subject": "PM03 in a fifth semester; Gamma IT joins",
        "label": "HEAD",
        "unread": [],
    }
    assert doc["head"]["commit"] is None and doc["head"]["label"] == "working tree"
    assert doc["changes"] == [
        {
            "path": [
                {"field": "programmes", "key": "example-web"},
                {"field": "modules", "key": "BM01"},
                {"field": "outcomes", "key": "BM01.2"},
            ],
            "op": "removed",
            "label": "Communicates effectively with the client and the team",
        }
    ]
    (web,) = doc["programmes"]
    assert web["status"] == "changed" and web["hours"] == []
    assert web["coverage"] == [
        {
            "competency": "ws-webtech:2",
            "title": "Communication and interpersonal skills",
            "before": {"required": "mastered", "reached": "mastered", "gaps": [], "waived": []},
            "after": {"required": "mastered", "reached": None, "gaps": ["CUR301"], "waived": []},
            "worse": True,
        }
    ]
    assert web["figures"]["covered"] == {"before": 1.0, "after": 0.8}
    assert web["figures"]["workplace_hours"] == {"before": 740.0, "after": 740.0}
    (new,) = doc["findings"]["new"]
    assert (new["code"], new["file"], new["line"], new["column"], new["programme"]) == (
        "CUR301",
        "programmes/example-web.yml",
        21,
        18,
        "example-web",
    )
    assert [(x["file"], x["line"]) for x in new["related"]] == [("competencies/qualifications/4S06130103.yml", 19)]
    assert doc["findings"]["fixed"] == [] and doc["findings"]["changed"] == []
    assert doc["worse"] == [
        "example-web: `ws-webtech:2` required mastered: met at mastered → CUR301 required competency not covered",
        "new error CUR301 at `programmes/example-web.yml:21:18`",
    ]


def test_markdown_for_a_pull_request_comment(repo: Path) -> None:
    remove_outcome(repo)
    code, out, _ = run(repo, "HEAD", "--format", "markdown")
    head = sha(repo, "HEAD")[:12]
    assert code == 1
    assert out == (
        "<!-- curriculum-diff -->\n"
        "## Curriculum changes: `HEAD` → working tree\n"
        "\n"
        f"- `HEAD`: commit `{head}` of 2024-03-01: PM03 in a fifth semester; Gamma IT joins\n"
        "\n"
        "**Worse** (fails at error):\n"
        "\n"
        "- example\\-web: `ws-webtech:2` required mastered: met at mastered → CUR301 required competency not covered\n"
        "- new error CUR301 at `programmes/example-web.yml:21:18`\n"
        "\n"
        "| programme | status | required | covered | assessed | at workplace | at level | workplace share |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| `example-web` | changed | 5 | 100 % → **80 %** | 100 % → **80 %** | 100 % → **80 %** |"
        " 100 % → **80 %** | 84 % |\n"
        "\n"
        "### Coverage and hours\n"
        "\n"
        "- `example-web` `ws-webtech:2` (Communication and interpersonal skills): **worse**,"
        " required mastered: met at mastered → CUR301 required competency not covered\n"
        "\n"
        "### Changes\n"
        "\n"
        "<details>\n"
        "<summary><code>programmes[example-web]</code>: 1 change</summary>\n"
        "\n"
        "- removed `modules[BM01].outcomes[BM01.2]`: Communicates effectively with the client and the team\n"
        "\n"
        "</details>\n"
        "\n"
        "### Findings\n"
        "\n"
        "1 new, 0 fixed, 0 changed\n"
        "\n"
        "| | severity | code | where | message |\n"
        "|---|---|---|---|---|\n"
        "| new | error | CUR301 | `programmes/example-web.yml:21:18` | `ws-webtech:2` \\(required by"
        " qualification 4S06130103\\) is covered by no outcome of `example-web` |\n"
    )


def test_markdown_escapes_catalogue_text_and_keeps_to_the_comment_size(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(repo / PROGRAMME, ("en: Back-end development}", "en: 'Back-end <script>alert(1)</script> | `dev`'}"))
    code, out, _ = run(repo, "HEAD", "--format", "markdown")
    assert code == 0
    line = next(x for x in out.splitlines() if "modules[PM03].title.en" in x)
    assert line == (
        '- `modules[PM03].title.en`: "Back\\-end development" → '
        '"Back\\-end &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\`dev\\`"'
    )
    assert "<script>" not in out
    from curriculum.diff import markdown

    monkeypatch.setattr(markdown, "BUDGET", 1360)  # GitHub takes 65,536 characters; the default is 60,000
    remove_outcome(repo)
    out = run(repo, "v1", "--format", "markdown")[1]
    assert '\\`dev\\`"\n- … and 7 more (`curriculum diff` in text lists them all)\n\n</details>' in out
    assert out.endswith("|---|---|---|---|---|\n| … | | | | 2 more (`curriculum diff` in text lists them all) |\n")
    assert len(out) < 1360 + 200
    source = (repo / "competencies" / "ws-webtech.yml").read_text(encoding="utf-8")
    for i in range(40):
        copy = source.replace("id: ws-webtech", f"id: ws-copy-{i:02d}")
        (repo / "competencies" / f"copy-{i:02d}.yml").write_text(copy, encoding="utf-8")
    monkeypatch.setattr(markdown, "BUDGET", 3000)
    out = run(repo, "HEAD", "--format", "markdown")[1]
    added = [x for x in out.splitlines() if x.startswith("- added `frameworks[ws-copy-")]
    assert added and added[0].startswith("- added `frameworks[ws-copy-00]`: WorldSkills Occupational Standard")
    assert f"\n… and {40 - len(added) + 1} more changed entries (`curriculum diff` in text lists them all)\n" in out
    assert len(out) < 3000 + 200


def test_the_working_tree_and_the_repository_are_untouched(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remove_outcome(repo)
    (repo / "programmes" / "draft.yml").write_text("kind: programme\n", encoding="utf-8")  # untracked
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))

    def snapshot() -> dict[str, bytes]:
        return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted(repo.rglob("*")) if p.is_file()}

    status, files = git(repo, "status", "--porcelain", "--untracked-files=all"), snapshot()
    assert status == "M programmes/example-web.yml\n?? programmes/draft.yml"
    for args, code in (
        (("v1",), 1),
        (("v1", "HEAD"), 0),
        (("HEAD~1", "--format", "json"), 1),
        (("--since-date", "2024-02-01", "--format", "markdown"), 1),
    ):
        assert run(repo, *args)[0] == code
    assert snapshot() == files  # the work tree and .git, index included, byte for byte
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == status
    assert list(scratch.iterdir()) == []  # the revisions' temporary folders are gone


def test_an_unreadable_file_at_the_head_is_reported_and_the_rest_diffed(repo: Path) -> None:
    (repo / PROGRAMME).write_text("kind: programme\nid: [example-web\n", encoding="utf-8")
    edit(
        repo / "competencies/qualifications/4S06130103.yml",
        ("en: Software developer", "en: Web developer"),
    )
    code, out, _ = run(repo, "HEAD")
    assert code == 2
    why = "CUR001 invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 2)"
    assert out.splitlines()[2:] == [
        "not read at working tree:",
        f"  programmes/example-web.yml: {why}",
        "",
        f"? programmes[example-web]: programmes/example-web.yml could not be read at working tree: {why}",
        "",
        "qualifications[4S06130103]",
        '  ~ title.en: "Software developer" → "Web developer"',
        "",
        "findings: 1 new, 0 fixed, 0 changed",  # the findings of example-web at HEAD are not "fixed": unknown
        f"  + programmes/example-web.yml:3:1: error {why}",
        "",
        "worse (fails at error):",
        "  new error CUR001 at `programmes/example-web.yml:3:1`",
    ]


def test_an_unreadable_file_at_the_base_is_reported_and_its_finding_fixed(repo: Path) -> None:
    good = (repo / PROGRAMME).read_bytes()
    (repo / PROGRAMME).write_text("kind: programme\nid: [example-web\n", encoding="utf-8")
    commit(repo, "Broken by a bad merge", "2024-04-01")
    (repo / PROGRAMME).write_bytes(good)
    code, out, _ = run(repo, "HEAD", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [x["file"] for x in doc["base"]["unread"]] == [PROGRAMME]
    assert doc["base"]["unread"][0]["reason"].startswith("CUR001 invalid YAML")
    assert [(c["op"], c["path"]) for c in doc["changes"]] == [
        ("unread", [{"field": "programmes", "key": "example-web"}])
    ]
    assert [x["code"] for x in doc["findings"]["fixed"]] == ["CUR001"]
    assert doc["findings"]["new"] == []  # the CUR305 warning was there before the file broke: unknown, not new
    assert doc["programmes"][0]["status"] == "unread"


def test_findings_that_only_moved_are_neither_new_nor_fixed(repo: Path) -> None:
    extra = (
        "      - id: BM01.3\n"
        "        text: {ru: Ведёт рабочий журнал, en: Keeps a work log}\n"
        "        assessed_by: [BM01-MR]\n"
    )
    edit(repo / PROGRAMME, ("    assessments:\n      - {id: BM01-MR", extra + "    assessments:\n      - {id: BM01-MR"))
    before = commit(repo, "BM01.3 drafted", "2024-05-01")
    module = (
        "  - id: BM00\n"
        "    title: {kk: Кіріспе, ru: Введение, en: Introduction}\n"
        "    cycle: bm\n"
        "    semesters:\n"
        "      - {semester: 1, hours: {theory: 0}}\n"
    )
    edit(repo / PROGRAMME, ("modules:\n", "modules:\n" + module))
    code, out, _ = run(repo, before, "--format", "json")
    doc = json.loads(out)
    assert [c["path"][1]["key"] for c in doc["changes"]] == ["BM00"]
    assert doc["findings"] == {"new": [], "fixed": [], "changed": []}
    assert code == 0
    base = {(x.code, x.line) for x in _check(repo, before)}
    head = {(x.code, x.line) for x in _check(repo, None)}
    assert {c for c, _ in base} >= {"CUR307", "CUR601"} and not base & head  # same findings, other lines


def _check(repo: Path, rev: str | None) -> list:
    from curriculum import history
    from curriculum.diff import load_side

    r = history.repository(repo)
    side = load_side(repo, r, history.resolve(r, rev) if rev else history.WORKING_TREE)
    return [x for x in side.result.diagnostics if x.code in ("CUR307", "CUR601")]


def test_same_revisions_same_bytes_whatever_the_hash_seed(repo: Path) -> None:
    remove_outcome(repo)
    outputs = []
    for seed in ("0", "12345"):
        for fmt in ("json", "markdown"):
            env = {**os.environ, **GIT_ENV, "PYTHONHASHSEED": seed}
            done = subprocess.run(
                [sys.executable, "-m", "curriculum", "diff", "v1", "--format", fmt, "--root", str(repo)],
                env=env,
                capture_output=True,
                check=False,
            )
            assert done.returncode == 1, done.stderr
            outputs.append(done.stdout)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


def test_since_date_resolves_to_the_last_commit_on_or_before_it(repo: Path) -> None:
    code, out, _ = run(repo, "--since-date", "2024-02-01", "--format", "json")
    doc = json.loads(out)
    assert (doc["base"]["revision"], doc["base"]["commit"]) == ("2024-02-01", sha(repo, "v1"))
    assert code == 0
    doc = json.loads(run(repo, "--since-date", "2024-03-01", "--format", "json")[1])
    assert doc["base"]["commit"] == sha(repo, "HEAD") and doc["changes"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-tag",), "unknown revision `no-such-tag`"),
        (("-x",), "No such option"),
        ((), "give REV [REV2], or --since-date DATE [REV2]"),
        (("v1", "HEAD", "HEAD~1"), "give REV [REV2]"),
        (("--since-date", "01.02.2024"), "`01.02.2024` is not a date"),
        (("--since-date", "2023-12-31"), "no commit on or before 2023-12-31"),
        (("--since-date", "2024-02-01", "v1", "HEAD"), "give REV [REV2]"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(repo, *args)
    assert code == 2 and message in err and out == ""


def test_a_folder_outside_git_exits_2(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "plain")
    code, out, err = run(tmp_path / "plain", "HEAD")
    assert code == 2 and out == ""
    assert "is not inside a git work tree" in err and "hint:" in err


def test_a_catalogue_in_a_subfolder_and_its_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    top = tmp_path / "college-repo"
    shutil.copytree(BASE, top / "dual programmes")
    (top / "programmes").mkdir()
    (top / "programmes" / "other.yml").write_text("not: a catalogue of this folder\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    commit(top, "Catalogue in a subfolder", "2024-01-10")
    root = top / "dual programmes"
    edit(root / "mkdocs.yml", ("fail_on: error", "fail_on: warning"))
    edit(root / PROGRAMME, ("places: 13", "places: 14"))
    code, out, _ = run(root, "HEAD")
    assert out.splitlines()[2:7] == [
        "programmes[example-web]  programmes/example-web.yml",
        "  ~ partners[beta-digital].places: 13 → 14",
        "",
        "settings[extra.curriculum]",
        '  ~ fail_on: "error" → "warning"',
    ]
    assert code == 0
    output = tmp_path / "out" / "diff.json"
    assert run(root, "HEAD", "--format", "json", "-o", str(output)) == (0, "", "")
    assert json.loads(output.read_text(encoding="utf-8"))["fail_on"] == "warning"


def test_the_workflow_fetches_the_base_and_updates_one_comment() -> None:
    import yaml

    from curriculum.diff.markdown import MARKER

    workflow = Path(__file__).parent.parent / ".github" / "workflows" / "check.yml"
    job = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["diff"]
    steps = {s.get("name", s.get("uses", s.get("run"))): s for s in job["steps"]}
    assert steps["actions/checkout@v4"]["with"]["fetch-depth"] == 0
    run_step = steps["Compare with the base branch"]["run"]
    assert 'curriculum diff "${{ github.event.pull_request.base.sha }}" --format markdown' in run_step
    assert 'cat curriculum-diff.md >> "$GITHUB_STEP_SUMMARY"' in run_step
    script = steps["Post or update the pull request's comment"]["with"]["script"]
    assert f"const marker = '{MARKER}';" in script and "updateComment" in script
    assert job["permissions"]["pull-requests"] == "write"


def test_a_finding_whose_numbers_changed_is_changed_not_new(repo: Path) -> None:
    plan = "      - {unit: BM01, semester: 1, hours: 30}\n      - {unit: PM01"
    edit(repo / PROGRAMME, (plan, plan.replace("hours: 30", "hours: 20")))
    commit(repo, "alpha-soft hosts BM01 for 20 h", "2024-05-01")
    edit(repo / PROGRAMME, (plan.replace("hours: 30", "hours: 20"), plan.replace("hours: 30", "hours: 25")))
    code, out, _ = run(repo, "HEAD")  # both partners' plans: `edit` replaces every occurrence

    def was(partner: str, line: int) -> str:
        message = f"the training plan of `{partner}` gives {{}} h to `BM01`, whose workplace hours are 30"
        return (
            f"  ~ programmes/example-web.yml:{line}:16: error CUR406 {message.format(25)} (was: {message.format(20)})"
        )

    assert out.splitlines()[2:] == [
        "programmes[example-web]  programmes/example-web.yml",
        "  ~ partners[alpha-soft].training_plan[BM01 semester 1].hours: 20 → 25",
        "  ~ partners[beta-digital].training_plan[BM01 semester 1].hours: 20 → 25",
        "",
        "findings: 0 new, 0 fixed, 2 changed",
        was("alpha-soft", 143),
        was("beta-digital", 162),
        "",
        "nothing gets worse",
    ]
    assert code == 0


def test_another_competency_uncovered_is_new_even_at_the_same_anchor(repo: Path) -> None:
    good = (repo / PROGRAMME).read_text(encoding="utf-8")
    remove_outcome(repo, "BM01.2")
    commit(repo, "BM01.2 dropped", "2024-05-01")
    (repo / PROGRAMME).write_text(good, encoding="utf-8")
    remove_outcome(repo, "BM01.1")  # both gaps stand at the qualification's one requirement `ws-webtech`
    code, out, _ = run(repo, "HEAD", "--format", "json")
    f = json.loads(out)["findings"]
    assert [(x["code"], x["message"][:14]) for x in f["new"]] == [("CUR301", "`ws-webtech:1`")]
    assert [(x["code"], x["message"][:14]) for x in f["fixed"]] == [("CUR301", "`ws-webtech:2`")]
    assert f["changed"] == [] and code == 1
