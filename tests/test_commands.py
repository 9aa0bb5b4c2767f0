"""Commands as a user runs them: init, new, check (exit codes, paths, outputs), schema, graph."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.cli import main
from curriculum.load import load_file, load_text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_init_checks_clean_and_new_programme_too(tmp_path: Path) -> None:
    target = tmp_path / "college"
    code, out, _ = run("init", str(target))
    assert code == 0
    assert (target / "mkdocs.yml").is_file() and (target / ".vscode" / "settings.json").is_file()
    assert (target / "schemas" / "programme.schema.json").is_file()
    config = load_file(target / "mkdocs.yml")[0]
    settings = config["extra"]["curriculum"]  # type: ignore[index]
    published = [x.value for x in settings["languages"]]
    required = [x.value for x in settings["required_languages"]]
    assert required and set(required) <= set(published)  # a consistent pair, written out
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"site/", "site.zip", "curriculum.sarif"} <= set(ignored)
    first = (target / "programmes" / "example-web.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/programme.schema.json"
    code, out, _ = run("check", str(target))
    assert code == 0, out
    assert "0 errors, 0 warnings, 0 notes" in out
    code, _, _ = run("new", "programme", "my-new", "--root", str(target))
    assert code == 0
    skeleton = (target / "programmes" / "my-new.yml").read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../schemas/programme.schema.json")
    code, out, _ = run("check", str(target), "--format", "json")
    found = sorted((x["code"], x["file"], x["line"], x["column"]) for x in json.loads(out)["diagnostics"])
    # the skeleton's placeholders are findings until they are filled in: nothing required, a code of zeros;
    # and what a TVET programme still lacks: educational and pre-diploma practice, a final attestation
    assert found == [
        ("CUR219", "programmes/my-new.yml", 15, 17),
        ("CUR220", "programmes/my-new.yml", 11, 7),
        ("CUR234", "programmes/my-new.yml", 21, 3),
        ("CUR234", "programmes/my-new.yml", 21, 3),
        ("CUR236", "programmes/my-new.yml", 21, 3),
    ]
    assert code == 1
    assert run("init", str(target))[0] == 2  # not empty
    assert run("new", "programme", "my-new", "--root", str(target))[0] == 2  # exists


def test_check_usage_errors(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nowhere"))
    assert code == 2 and "no catalogue" in err
    assert run("check", "--format", "yaml")[0] == 2


def test_check_a_single_file_reports_only_that_file(scaffold: Path) -> None:
    path = scaffold / "programmes" / "example-web.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 25", "cohort: 25\ncohrt: 1"), encoding="utf-8")
    (scaffold / "competencies" / "broken.yml").write_text("kind: framework\nid: [\n", encoding="utf-8")
    code, out, _ = run("check", str(path), "--format", "json")
    files = {x["file"] for x in json.loads(out)["diagnostics"]}
    assert files == {"programmes/example-web.yml"}
    assert code == 1


def test_fail_on_and_output(scaffold: Path, tmp_path: Path) -> None:
    path = scaffold / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8").replace("title: {kk: Дизайнды іске асыру, ", "title: {")
    path.write_text(text, encoding="utf-8")
    assert run("check", str(scaffold))[0] == 0  # a warning only
    report = tmp_path / "report.xml"
    code, out, _ = run("check", str(scaffold), "--fail-on", "warning", "--format", "junit", "--output", str(report))
    assert code == 1 and out == ""
    assert ET.parse(report).getroot().get("failures") == "1"


def test_schema_command(tmp_path: Path) -> None:
    code, out, _ = run("schema", "programme")
    schema = json.loads(out)
    assert code == 0 and schema["properties"]["modules"]["type"] == "array"
    assert "contol" not in schema["$defs"]["SemesterLoad"]["properties"]
    assert schema["$defs"]["SemesterLoad"]["additionalProperties"] is False
    assert schema["$defs"]["SemesterLoad"]["properties"]["hours"]["type"] == "object"
    assert run("schema", "-o", str(tmp_path))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "figures.schema.json",
        "framework.schema.json",
        "programme.schema.json",
        "qualification.schema.json",
        "standard.schema.json",
        "vocabulary.schema.json",
    ]


def test_schema_output_to_a_file_is_a_clean_usage_error(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# mine\n", encoding="utf-8")
    code, out, err = run("schema", "-o", str(readme))
    assert code == 2 and out == ""
    assert "README.md is a file" in err and "Traceback" not in err
    assert readme.read_text(encoding="utf-8") == "# mine\n"  # left as it was


@pytest.mark.parametrize("fmt", ["json", "dot", "graphml"])
def test_graph_export(scaffold: Path, fmt: str) -> None:
    code, out, _ = run("graph", "example-web", "--root", str(scaffold), "--format", fmt)
    assert code == 0
    if fmt == "json":
        g = json.loads(out)
        kinds = {e["kind"] for e in g["edges"]}
        assert {"contains", "covers", "assesses", "prerequisite", "awards", "requires", "partners", "trains"} <= kinds
        covers = [e for e in g["edges"] if e["kind"] == "covers" and e["source"] == "outcome:example-web/BM01.1"]
        assert covers == [
            {
                "source": "outcome:example-web/BM01.1",
                "target": "competency:ws-webtech:1",
                "kind": "covers",
                "level": "mastered",
            }
        ]
    elif fmt == "dot":
        assert out.startswith("digraph curriculum {")
        assert '"module:example-web/PM01" -> "module:example-web/PM02" [kind="prerequisite"];' in out
    else:
        assert ET.fromstring(out.encode()).tag.endswith("graphml")
    assert run("graph", "nope", "--root", str(scaffold))[0] == 2


def test_unreadable_file(tmp_path: Path) -> None:
    node, diags = load_file(tmp_path / "missing.yml", "programmes/missing.yml")
    assert node is None and [(x.code, x.file, x.line) for x in diags] == [("CUR007", "programmes/missing.yml", 1)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab:-[]{}&*!|>'\"\n\t #%@`,?\\012.~", "әқ", "\ufeff", "\r\n", "- ", ": "]), max_size=60
    ).map("".join)
)
def test_loader_never_raises(text: str) -> None:
    node, diags = load_text(text, "f.yml")
    assert node is not None or diags
    for x in diags:
        assert x.line >= 1 and x.column >= 1 and x.code.startswith("CUR")


BASE_PROGRAMME = Path(__file__).parent / "cases" / "_base" / "programmes" / "example-web.yml"
ODD_VALUES = ["[]", "{}", "~", "1", "-3", "'x'", "[1, {a: b}]", "{a: [b]}", "2024-01-01", "yes", "1.5", "''"]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_checker_never_raises_on_odd_values(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any field given any odd value: findings, never an exception."""
    from curriculum.checks import check_path

    root = tmp_path_factory.mktemp("odd")
    shutil.copytree(BASE_PROGRAMME.parent.parent, root, dirs_exist_ok=True)
    lines = BASE_PROGRAMME.read_text(encoding="utf-8").splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from(candidates))
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {data.draw(st.sampled_from(ODD_VALUES))}"
    (root / "programmes" / "example-web.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check_path(root)
    for x in result.diagnostics:
        assert x.line >= 1 and x.code.startswith("CUR")


def test_graph_kinds_are_documented() -> None:
    from curriculum.catalogue import load_catalogue
    from curriculum.graph import EDGE_KINDS, NODE_KINDS, build_graph

    g = build_graph(load_catalogue(Path(__file__).resolve().parent.parent))
    assert {a["kind"] for _, a in g.nodes(data=True)} == {k for k, _, _ in NODE_KINDS}
    assert {a["kind"] for _, _, a in g.edges(data=True)} == {k for k, _, _ in EDGE_KINDS}
    for node, attrs in g.nodes(data=True):
        assert node.startswith(attrs["kind"] + ":")


def test_init_refuses_a_file_and_an_impossible_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert run("init", str(blocker))[0] == 2
    assert run("init", str(blocker / "inside"))[0] == 2


def test_new_programme_refuses_bad_ids(scaffold: Path) -> None:
    for ident in ("../../escape", "x: y", "yes", "123", "Web", "a b", "example-web"):
        code, _, err = run("new", "programme", ident, "--root", str(scaffold))
        assert code == 2, ident
        assert err
    assert not (scaffold.parent.parent / "escape.yml").exists()


def test_outputs_into_new_folders(scaffold: Path, tmp_path: Path) -> None:
    report = tmp_path / "new" / "dir" / "report.json"
    assert run("check", str(scaffold), "--format", "json", "-o", str(report))[0] == 0
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == 1
    graph = tmp_path / "g" / "graph.dot"
    assert run("graph", "--root", str(scaffold), "--format", "dot", "-o", str(graph))[0] == 0
    assert graph.read_text(encoding="utf-8").startswith("digraph")


def test_graph_refuses_unreadable_catalogue(scaffold: Path) -> None:
    (scaffold / "programmes" / "broken.yml").write_text("kind: programme\nid: [\n", encoding="utf-8")
    code, out, err = run("graph", "--root", str(scaffold))
    assert code == 2 and out == ""
    assert "programmes/broken.yml:3:1: CUR001" in err


def test_duplicate_programme_is_reported_at_its_id(scaffold: Path) -> None:
    source = scaffold / "programmes" / "example-web.yml"
    (scaffold / "programmes" / "example-web-copy.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _, out, _ = run("check", str(scaffold), "--format", "json")
    dup = [x for x in json.loads(out)["diagnostics"] if x["code"] == "CUR207"]
    assert [(x["file"], x["line"]) for x in dup] == [("programmes/example-web.yml", 4)]
    assert "programmes/example-web-copy.yml:4" in dup[0]["message"]


@pytest.mark.parametrize("target", [".", "programmes", "competencies/x", "docs"])
def test_build_refuses_to_overwrite_the_catalogue(scaffold: Path, target: str) -> None:
    before = sorted(p.relative_to(scaffold).as_posix() for p in scaffold.rglob("*"))
    code, _, err = run("build", "--root", str(scaffold), "--site-dir", str(scaffold / target))
    assert code == 2 and "will not build into" in err
    assert sorted(p.relative_to(scaffold).as_posix() for p in scaffold.rglob("*")) == before


def test_build_refuses_a_foreign_folder(scaffold: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"jpg")
    assert run("build", "--root", str(scaffold), "--site-dir", str(foreign))[0] == 2
    assert (foreign / "cat.jpg").exists()
