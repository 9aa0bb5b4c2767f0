"""Every example in the format reference is checked, so the documentation and the checker cannot drift.

- each "A complete <kind>" YAML block is written, as printed in docs/reference/format.md, into a
  catalogue of the documented examples, which must check clean (exit 0, no finding);
- a field written as a map (`covers: {FRAMEWORK:ITEM: level}`) documents no list form the checker
  rejects; the documented map form is read as written;
- the message-catalogue example has the shape the catalogue loader needs (title, variants, kk/ru/en);
- the JSON report example has exactly the top-level keys, figure names and finding fields the JSON
  reporter writes (docs/reference/diff.md likewise for `curriculum diff --format json`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from curriculum.cli import main
from curriculum.load import load_text
from curriculum.schema import convert_document

from .conftest import BASE

ROOT = Path(__file__).resolve().parent.parent
FORMAT = ROOT / "docs" / "reference" / "format.md"
FOLDER = {"framework": "competencies", "qualification": "competencies/qualifications", "programme": "programmes"}


def blocks(text: str, lang: str) -> list[tuple[str, str]]:
    """(the heading above it, the block's text) of every fenced block in ``lang``."""
    out = []
    heading = ""
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("#"):
            heading = line
        elif line.strip() == f"```{lang}":
            indent = line[: len(line) - len(line.lstrip())]
            body = []
            for inner in lines:
                if inner.strip() == "```" and inner.startswith(indent):
                    break
                body.append(inner[len(indent) :])
            out.append((heading, "\n".join(body) + "\n"))
    return out


def complete_examples() -> dict[str, str]:
    found = {}
    for heading, body in blocks(FORMAT.read_text(encoding="utf-8"), "yaml"):
        m = re.match(r"### A complete (\w+)", heading)
        if m:
            found[m.group(1)] = body
    return found


def test_every_kind_has_a_complete_example() -> None:
    from curriculum.model import KINDS

    assert set(complete_examples()) == set(KINDS)


def test_the_documented_examples_check_clean(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    root.mkdir()
    shutil.copyfile(BASE / "mkdocs.yml", root / "mkdocs.yml")
    examples = complete_examples()
    for kind, body in examples.items():
        node, problems = load_text(body, f"{kind}.yml")
        assert node is not None and not problems, (kind, problems)
        obj, problems = convert_document(node, f"{kind}.yml")
        assert obj is not None and [x.code for x in problems] == [], (kind, [x.message for x in problems])
        folder = root / FOLDER.get(kind, "competencies")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"documented-{kind}.yml").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    report = json.loads(result.stdout)
    assert [(x["code"], x["file"], x["line"], x["message"]) for x in report["diagnostics"]] == []
    assert result.exit_code == 0


def test_no_list_form_is_documented_for_a_map_field() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    assert "### Coverage" not in text  # `covers` is a map; no table invites `- {competency:, level:}`
    row = next(line for line in text.splitlines() if line.startswith("| `covers` |"))
    assert "map of competency → level" in row
    example = "kind: x\ncovers: {ws-webtech:1: mastered}\n"
    assert yaml.safe_load(example)["covers"] == {"ws-webtech:1": "mastered"}


def test_the_documented_list_form_is_rejected_where_it_is_not_documented(tmp_path: Path) -> None:
    """The list form that an earlier reference showed is refused with a finding at the field."""
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    programme = root / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8")
    listed = "        covers: [{competency: ws-webtech:1, level: mastered}]\n"
    programme.write_text(text.replace("        covers: {ws-webtech:1: mastered}\n", listed, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    found = {(x["code"], x["line"]) for x in json.loads(result.stdout)["diagnostics"]}
    assert ("CUR101", 37) in found


def test_the_message_catalogue_example_has_the_catalogues_shape() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    example = next(body for heading, body in blocks(text, "yaml") if heading.startswith("### Adding a code"))
    entry = yaml.safe_load(example)
    (code, spec), *_ = entry.items()
    assert re.fullmatch(r"CUR\dnn", code)
    assert set(spec["title"]) == {"en", "ru", "kk"}
    assert set(spec["default"]["message"]) == {"en", "ru", "kk"}
    assert set(spec["default"]["hint"]) == {"en", "ru", "kk"}
    for variant in set(spec) - {"title", "default"}:
        assert set(spec[variant]) <= {"message", "hint"}


def _keys_of_report(tmp_path: Path) -> dict:
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    programme = root / "programmes" / "example-web.yml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("venue: both", "venue: college", 1), encoding="utf-8")  # one finding
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    return json.loads(result.stdout)


def test_the_json_report_example_matches_the_reporter(tmp_path: Path) -> None:
    text = FORMAT.read_text(encoding="utf-8")
    (example,) = [body for heading, body in blocks(text, "json") if "JSON report" in heading]
    documented = json.loads(example)
    real = _keys_of_report(tmp_path)
    assert set(documented) == set(real)
    assert set(documented["summary"]) == set(real["summary"])
    assert set(documented["tool"]) == set(real["tool"])
    assert set(documented["programmes"]["example-web"]) <= set(real["programmes"]["example-web"])
    finding = real["diagnostics"][0]
    assert set(documented["diagnostics"][0]) - {"related"} == set(finding) - {"related"}
    assert set(documented["diagnostics"][0]["related"][0]) == set(finding["related"][0])


@pytest.mark.parametrize("doc", ["diff.md"])
def test_every_json_example_of_the_reference_parses(doc: str) -> None:
    text = (ROOT / "docs" / "reference" / doc).read_text(encoding="utf-8")
    found = blocks(text, "json")
    assert found
    for _, body in found:
        json.loads(body)
