"""The loader's tree against PyYAML's own reading of the same text.

The loader builds its tree from libyaml's events in one loop (``load._build``); PyYAML's composer and
constructor, an independent reading, say what every node must be: each mapping's keys in order, each
value, its type and tag, and the line and column of every node and key. Both read every file of every
case folder and of a small generated catalogue; the loader's own refusals (repeated keys, merges,
aliases, tags, depth) are pinned below and in the case folders.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from benchmarks.scale import generate_catalogue
from curriculum import load
from curriculum.load import Map, Scalar, Seq

from .conftest import case_dirs, materialise

_constructor = SafeConstructor()


def _agree(ours: Any, theirs: yaml.Node, where: str) -> None:
    """``ours`` (a loader node) is what PyYAML composed as ``theirs``, with the same positions."""
    mark = theirs.start_mark
    assert (ours.loc.line, ours.loc.column) == (mark.line + 1, mark.column + 1), where
    if isinstance(theirs, yaml.MappingNode):
        assert isinstance(ours, Map), where
        assert list(ours) == [k.value for k, _ in theirs.value], where
        for k, v in theirs.value:
            assert (ours.keylocs[k.value].line, ours.keylocs[k.value].column) == (
                k.start_mark.line + 1,
                k.start_mark.column + 1,
            ), where
            _agree(ours[k.value], v, f"{where}.{k.value}")
    elif isinstance(theirs, yaml.SequenceNode):
        assert isinstance(ours, Seq) and len(ours) == len(theirs.value), where
        for i, (a, b) in enumerate(zip(ours, theirs.value, strict=True)):
            _agree(a, b, f"{where}[{i}]")
    else:
        assert isinstance(ours, Scalar), where
        assert ours.raw == theirs.value, where
        try:
            value = _constructor.construct_object(theirs)
        except ValueError:  # looks like a date but is none (2025-09-31): a text, judged by the schema
            assert (ours.value, ours.tag, ours.plain) == (theirs.value, "str", False), where
            return
        assert ours.tag == theirs.tag.rsplit(":", 1)[1], where
        assert type(ours.value) is type(value), where
        assert ours.value == value or value != value, where  # .nan is no number, not even itself
        assert ours.plain == (theirs.style is None), where  # no explicit tags here: plain is implicit


def _catalogues(tmp_path: Path) -> list[Path]:
    roots = []
    for case in case_dirs():
        root = tmp_path / case.name
        materialise(case, root)
        roots.append(root)
    generated = tmp_path / "generated"
    generate_catalogue(generated, 2, 1)
    return [*roots, generated]


def test_every_plain_file_reads_as_pyyaml_composes_it(tmp_path: Path) -> None:
    seen: set[tuple[str, bytes]] = set()
    compared = 0
    for root in _catalogues(tmp_path):
        for path in sorted(root.rglob("*.yml")):
            rel, data = path.relative_to(root).as_posix(), path.read_bytes()
            if (rel, data) in seen:  # the base catalogue's files, as most cases leave them
                continue
            seen.add((rel, data))
            node, found = load.load_file(path, rel, any_tag=rel == "mkdocs.yml")
            if node is None or found or b"<<" in data or b"!" in data:
                continue  # refused or reported (the case folders pin those), merged, or tagged
            _agree(node, yaml.compose(data, Loader=yaml.SafeLoader), rel)
            compared += 1
    assert compared > 150


def _read(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    node, found = load.load_text(text, "p.yml")
    return load.plain(node), [(x.code, x.line, x.column) for x in found]


def test_texts_numbers_and_dates_keep_their_source_and_kind() -> None:
    node, found = load.load_text("a: '12'\nb: 12\nc: 2025-09-31\nd: 2025-09-01\nf: !!str 7\ng: ~\n", "p.yml")
    assert isinstance(node, Map) and found == []
    got = {k: (v.value, v.raw, v.tag, v.plain) for k, v in node.items()}
    assert got == {
        "a": ("12", "12", "str", False),
        "b": (12, "12", "int", True),
        "c": ("2025-09-31", "2025-09-31", "str", False),  # looks like a date, is none: a text
        "d": (datetime.date(2025, 9, 1), "2025-09-01", "timestamp", True),
        "f": ("7", "7", "str", False),
        "g": (None, "~", "null", True),
    }


def test_repeated_keys_merges_and_aliases() -> None:
    assert _read("a: 1\nb: 2\na: 3\n") == ({"a": 3, "b": 2}, [("CUR004", 3, 1)])
    base = "base: &b {x: 1, y: 2}\n"
    assert _read(base + "m:\n  <<: *b\n  y: 3\n") == ({"base": {"x": 1, "y": 2}, "m": {"x": 1, "y": 3}}, [])
    assert _read(base + "m:\n  y: 3\n  <<: *b\n  y: 4\n")[1] == [("CUR004", 5, 3)]
    assert _read("m: {<<: [1]}\n") == (None, [("CUR101", 1, 5)])
    node, found = load.load_text("a: &v [1]\nb: *v\n", "p.yml")
    assert isinstance(node, Map) and node["a"] is node["b"] and found == []
    assert _read("a: *nowhere\n") == (None, [("CUR001", 1, 4)])
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
    )
    assert _read(bomb)[1][0][0] == "CUR005"


def test_what_stops_a_file_stops_it_where_it_stands() -> None:
    assert _read("a: 1\n---\nb: 2\n") == (None, [("CUR008", 2, 1)])
    assert _read("a: !custom 1\n") == (None, [("CUR009", 1, 4)])
    assert _read("a: !custom [1]\n") == (None, [("CUR009", 1, 4)])
    assert _read("[a]: 1\n") == (None, [("CUR101", 1, 1)])
    deep = "a:\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 80))
    assert _read(deep) == (None, [("CUR006", 65, 129)])
    assert _read("") == (None, [("CUR002", 1, 1)])
    assert _read("~\n") == (None, [("CUR002", 1, 1)])


def test_a_file_nested_ten_thousand_deep_gives_the_depth_finding_and_no_crash(tmp_path: Path) -> None:
    """Flow and block nesting 10,000 deep, read in a fresh process: the process ends normally with the
    depth finding (CUR006): the loader's own limit in block nesting (the 65th level), libyaml's in flow
    nesting (it scans a flow level ahead of the events)."""
    flow = tmp_path / "flow.yml"
    flow.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    block = tmp_path / "block.yml"
    block.write_text("".join(f"{' ' * i}- \n" for i in range(10_000)), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from curriculum.load import load_file\n"
        "for name in sys.argv[1:]:\n"
        "    node, found = load_file(Path(name), Path(name).name)\n"
        "    print(node, [(x.code, x.line, x.column) for x in found])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(flow), str(block)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["None [('CUR006', 1, 1003)]", "None [('CUR006', 65, 65)]"]
