"""Control characters from the input (ESC, BEL, C1, bidi overrides) never reach a report raw."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.cli import main
from curriculum.report.visible import json_safe, visible

from .conftest import CASES, materialise

HOSTILE = "BM\x1b[31m\x07\x9b\u202e\u200b01\r"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("esc") / "catalogue"
    materialise(CASES / "pass-base", root)
    path = root / "programmes" / "example-web.yml"
    text = path.read_text(encoding="utf-8")
    quoted = '"BM\\e[31m\\a\\x9b\\u202e\\u200b01\\r"'  # YAML double-quoted escapes
    path.write_text(text.replace("prerequisites: [BM01]", f"prerequisites: [{quoted}]"), encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "junit", "json"])
def test_no_raw_control_characters_in_any_report(hostile: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["check", str(hostile), "--format", fmt])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "CUR203" in out
    assert not [c for c in RAW if c in out], [repr(c) for c in RAW if c in out]
    if fmt == "json":  # escaped as \\uXXXX: the data is exact once parsed
        [x] = [x for x in json.loads(out)["diagnostics"] if x["code"] == "CUR203"]
        assert x["message"] == f"no module `{HOSTILE}`"
    elif fmt == "sarif":
        [r] = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "CUR203"]
        assert "BM\\x1b[31m\\x07\\x9b\\u202e\\u200b01\\r" in r["message"]["text"]
    elif fmt == "junit":
        ET.fromstring(out)  # well-formed XML (a raw ESC would not be)
        assert "BM\\x1b[31m\\x07\\x9b\\u202e\\u200b01\\r" in out
    else:
        assert "BM\\x1b[31m\\x07\\x9b\\u202e\\u200b01\\r" in out


def test_text_report_caret_stays_under_the_value(hostile: Path) -> None:
    out = CliRunner().invoke(main, ["check", str(hostile)]).stdout.splitlines()
    i = next(i for i, line in enumerate(out) if " CUR203 " in line)
    column = int(out[i].split(":")[2])
    assert out[i + 1].endswith('prerequisites: ["BM\\e[31m\\a\\x9b\\u202e\\u200b01\\r"]')
    assert out[i + 2].index("^") - out[i + 2].index("|") - 2 == column - 1


def test_visible_and_json_safe() -> None:
    assert visible("a\x1bb\tc\nd\u202ee\x7f") == "a\\x1bb\\tc\\nd\\u202ee\\x7f"
    assert visible("Қазақ тілі — «ok»") == "Қазақ тілі — «ok»"
    text = json.dumps({"k": "a\u202eb\x9bc\x1bd"}, ensure_ascii=False, indent=1)
    safe = json_safe(text)
    assert "\u202e" not in safe and "\x9b" not in safe
    assert json.loads(safe) == {"k": "a\u202eb\x9bc\x1bd"}


@pytest.mark.parametrize("html", [False, True])
def test_finding_message_keeps_the_spaces_around_code(html: bool) -> None:
    """A message's `backticked` snippet is set as code between words, never glued to them."""
    from curriculum.checks import check_path
    from curriculum.render import Renderer, make_env

    root = Path(__file__).resolve().parent.parent
    r = Renderer(check_path(root), "en", make_env(root))
    text = "give the evidence and  `status: closed`, or a new date `due:` for `<b>x</b>` `a`  `b`"
    out = r.message(text, html=html)
    assert "evidence and <code>status: closed</code>, or a new date <code>due:</code> for <code>" in out
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert out.endswith("<code>a</code> <code>b</code>")
    assert r.message("`id` first", html=html) == "<code>id</code> first"
