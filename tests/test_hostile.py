"""Hostile input: several hundred variants of the base catalogue's files, each checked in-process.

Every variant — invalid YAML, alias bombs, wrong types, out-of-range numbers, unknown fields, control
and bidi characters in every language text, bad ids, file-system oddities, huge texts, deep nesting —
must give: no exception (no traceback) in checking or in any reporter; an exit code of 0, 1 or 2;
at least one finding when the input is bad; and no value dropped in silence: every scalar of every
data file is in the model (a plain dump of the loaded objects) or has a finding on its line (or, for
an object left out as a whole, inside that object's lines; for a file that could not be read, in the
file). pytest-timeout is each variant's watchdog, so a hang fails loudly. A handful of variants also
go through the real command in a subprocess.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from curriculum.checks import check_path
from curriculum.diagnostics import Diagnostic, Severity, unreadable
from curriculum.load import Map, Node, Seq, load_file
from curriculum.model import Text
from curriculum.report import REPORTERS

from .conftest import BASE

PROGRAMME = "programmes/example-web.yml"
FRAMEWORK = "competencies/ws-webtech.yml"
QUALIFICATION = "competencies/qualifications/4S06130103.yml"
DATA = (PROGRAMME, FRAMEWORK, QUALIFICATION)
# characters that must never pass unnoticed in a text: ESC, BEL, NUL, a C1 control, bidi override
# and isolate, zero-width space and joiner, BOM, line separator (as YAML double-quoted escapes)
HOSTILE_CHARS = ("\\e", "\\a", "\\0", "\\x9b", "\\u202E", "\\u2066", "\\u200B", "\\u200D", "\\uFEFF", "\\L")

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Variant:
    name: str
    edit: Edit
    bad: bool = True  # a bad input must give at least one finding


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def _base_text(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


def replace_at(rel: str, start: int, end: int, new: str) -> Edit:
    def edit(root: Path) -> None:
        text = _read(root, rel)
        _write(root, rel, text[:start] + new + text[end:])

    return edit


def text_edit(rel: str, change: Callable[[str], str]) -> Edit:
    def edit(root: Path) -> None:
        _write(root, rel, change(_read(root, rel)))

    return edit


# --------------------------------------------------------------------------- the variants
def syntax() -> Iterator[Variant]:
    for rel in DATA:
        text = _base_text(rel)
        opens = [m.start() for m in re.finditer(r"[{\[]", text)]
        for k, at in enumerate(opens[:: max(1, len(opens) // 6)][:6]):  # cut inside a flow collection
            yield Variant(f"truncated-{rel}-{k}", replace_at(rel, at + 3, len(text), ""))
        lines = text.splitlines(keepends=True)
        for k in (5, len(lines) // 2, len(lines) - 2):
            where = sum(len(x) for x in lines[:k])
            yield Variant(f"tab-{rel}-{k}", replace_at(rel, where, where, "\t"))
        yield Variant(f"unclosed-quote-{rel}", text_edit(rel, lambda t: t.replace("kind:", "kind: 'x\nkind:", 1)))
        yield Variant(
            f"colon-in-value-{rel}", text_edit(rel, lambda t: t.replace("illustrative: true", "illustrative: a: b", 1))
        )
        yield Variant(f"two-documents-{rel}", text_edit(rel, lambda t: t + "---\nkind: programme\n"))
        yield Variant(
            f"python-tag-{rel}",
            text_edit(
                rel, lambda t: t.replace("illustrative: true", "illustrative: !!python/object/apply:os.system [ls]", 1)
            ),
        )
        yield Variant(
            f"custom-tag-{rel}",
            text_edit(rel, lambda t: t.replace("illustrative: true", "illustrative: !secret true", 1)),
        )
        yield Variant(
            f"duplicate-key-{rel}",
            text_edit(rel, lambda t: t.replace("illustrative: true", "illustrative: true\nillustrative: false", 1)),
        )
        yield Variant(
            f"undefined-alias-{rel}",
            text_edit(rel, lambda t: t.replace("illustrative: true", "illustrative: *nowhere", 1)),
        )
        yield Variant(f"empty-{rel}", text_edit(rel, lambda t: ""))
        yield Variant(f"comments-only-{rel}", text_edit(rel, lambda t: "# nothing yet\n"))
        yield Variant(f"null-document-{rel}", text_edit(rel, lambda t: "~\n"))
        yield Variant(f"top-level-list-{rel}", text_edit(rel, lambda t: "- " + t.replace("\n", "\n  ")))
        yield Variant(f"top-level-scalar-{rel}", text_edit(rel, lambda t: "just words\n"))
        yield Variant(f"no-kind-{rel}", text_edit(rel, lambda t: re.sub(r"(?m)^kind: \w+\n", "", t)))
        yield Variant(f"bad-kind-{rel}", text_edit(rel, lambda t: re.sub(r"(?m)^kind: \w+", "kind: programm", t)))
        yield Variant(f"deep-nesting-{rel}", text_edit(rel, lambda t: t + "extra: " + "[" * 200 + "]" * 200 + "\n"))
        yield Variant(
            f"deep-block-nesting-{rel}", text_edit(rel, lambda t: t + "".join(f"{'  ' * i}k{i}:\n" for i in range(80)))
        )

        def not_utf8(root: Path, rel: str = rel) -> None:
            data = (root / rel).read_bytes()
            (root / rel).write_bytes(data.replace(b"illustrative", b"illustr\xff\xfetive", 1))

        yield Variant(f"not-utf8-{rel}", not_utf8)

        def utf16(root: Path, rel: str = rel) -> None:
            (root / rel).write_bytes(_read(root, rel).encode("utf-16"))

        yield Variant(f"utf16-{rel}", utf16)

        def bom(root: Path, rel: str = rel) -> None:
            (root / rel).write_bytes(b"\xef\xbb\xbf" + (root / rel).read_bytes())

        yield Variant(f"bom-{rel}", bom, bad=False)


def aliases() -> Iterator[Variant]:
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 9)
    )
    for rel in DATA:
        yield Variant(f"billion-laughs-{rel}", text_edit(rel, lambda t: laughs + t))
        yield Variant(
            f"bomb-in-description-{rel}",
            text_edit(
                rel,
                lambda t: t.replace(
                    "illustrative: true", "illustrative: true\n" + laughs.replace("\n", "\n  ").join(["x:\n  ", ""]), 1
                ),
            ),
        )
    merge = "base: &m {theory: 1}\n"
    yield Variant(
        "merge-into-hours",
        text_edit(
            PROGRAMME,
            lambda t: (
                merge
                + t.replace(
                    "hours: {theory: 20, lpz: 10, industrial-training: 30}",
                    "hours: {<<: *m, lpz: 10, industrial-training: 30}",
                    1,
                )
            ),
        ),
    )
    yield Variant(
        "merge-of-list",
        text_edit(
            PROGRAMME,
            lambda t: t.replace("hours: {theory: 20, lpz: 10, industrial-training: 30}", "hours: {<<: [1, 2]}", 1),
        ),
    )


SCALAR_LINE = re.compile(r"(?m)^( *)(- )?([a-z_]+): ([^{\[\n#][^\n]*)$")


def wrong_types() -> Iterator[Variant]:
    for rel in DATA:
        text = _base_text(rel)
        for k, m in enumerate(SCALAR_LINE.finditer(text)):
            start, end = m.start(4), m.end(4)
            new = "[1, 2]" if k % 2 else "{a: b}"  # a list or a mapping where a scalar stands
            yield Variant(f"wrong-type-{m.group(3)}-{rel}-{k}", replace_at(rel, start, end, new))


NUMBER_FIELDS = re.compile(
    r"\b(semester|semesters|cohort|places|theory|practice|workplace|hours|weight|nqf_level): (\d+)"
)


def numbers() -> Iterator[Variant]:
    replacements = ("-1", ".nan", "-.inf", "'7'", "true", "2025-01-01", "1e999", "0x1G")
    for rel in DATA:
        text = _base_text(rel)
        for k, m in enumerate(NUMBER_FIELDS.finditer(text)):
            new = replacements[k % len(replacements)]
            if new == "-1" and m.group(1) == "weight":
                new = "'5'"  # weights have no lower bound
            yield Variant(f"number-{m.group(1)}-{new}-{rel}-{k}", replace_at(rel, m.start(2), m.end(2), new))
    yield Variant(
        "semester-zero", text_edit(PROGRAMME, lambda t: t.replace("{semester: 1, hours:", "{semester: 0, hours:", 1))
    )
    yield Variant(
        "semester-huge",
        text_edit(
            PROGRAMME,
            lambda t: t.replace("{semester: 1, hours:", "{semester: 100000000000000000000000000000, hours:", 1),
        ),
    )
    yield Variant("impossible-date", text_edit(PROGRAMME, lambda t: t.replace("2025-09-01", "2025-02-30", 1)))
    yield Variant(
        "date-as-words", text_edit(PROGRAMME, lambda t: t.replace("signed: 2025-06-15", "signed: last June", 1))
    )
    yield Variant("module-cycle-typo", text_edit(PROGRAMME, lambda t: t.replace("cycle: pm", "cycle: pmm", 1)))
    yield Variant("venue-typo", text_edit(PROGRAMME, lambda t: t.replace("venue: workplace", "venue: factory", 1)))
    yield Variant(
        "level-typo",
        text_edit(PROGRAMME, lambda t: t.replace("ws-webtech:3: reinforced", "ws-webtech:3: reinforsed", 1)),
    )


def unknown_fields() -> Iterator[Variant]:
    for rel in DATA:
        lines = _base_text(rel).splitlines(keepends=True)
        for k, line in enumerate(lines):
            m = re.match(r"( *)(- )?(id|code|kind|competency|title|number|name): ", line)
            if not m:
                continue
            indent = " " * (len(m.group(1)) + (2 if m.group(2) else 0))
            edited = "".join([*lines[: k + 1], f"{indent}colour: red\n", *lines[k + 1 :]])
            yield Variant(f"unknown-field-{rel}-{k}", text_edit(rel, lambda t, e=edited: e))
    flows = [m.start() + 1 for m in re.finditer(r"\{id: ", _base_text(PROGRAMME))]
    for k, at in enumerate(flows):
        yield Variant(f"unknown-flow-field-{k}", replace_at(PROGRAMME, at, at, "colour: red, "))
    yield Variant(
        "unknown-language",
        text_edit(PROGRAMME, lambda t: t.replace("en: Web development (dual training)", "de: Webentwicklung", 1)),
    )
    yield Variant(
        "kz-for-kk",
        text_edit(
            PROGRAMME, lambda t: t.replace("kk: Веб-әзірлеу (дуалды оқыту)", "kz: Веб-әзірлеу (дуалды оқыту)", 1)
        ),
    )


LANGUAGE_TEXT = re.compile(r"\b(kk|ru|en|name): ([^'\"{}\[\],\n][^,{}\[\]\n]*?)(?=,|\}|\n)")


def hidden_characters() -> Iterator[Variant]:
    n = 0
    for rel in DATA:
        text = _base_text(rel)
        for m in LANGUAGE_TEXT.finditer(text):
            value = m.group(2).rstrip()
            if m.group(1) == "name" and "{" in text[m.end() : m.end() + 3]:
                continue
            char = HOSTILE_CHARS[n % len(HOSTILE_CHARS)]
            middle = len(value) // 2
            quoted = '"' + value[:middle] + char + value[middle:] + '"'
            yield Variant(
                f"hidden-{char}-{rel}-{m.start()}", replace_at(rel, m.start(2), m.start(2) + len(value), quoted)
            )
            n += 1


ID_VALUE = re.compile(r"\bid: ([A-Za-z0-9'][A-Za-z0-9.'_-]*)")


def bad_ids() -> Iterator[Variant]:
    bad = ("''", "'   '", '"X\\n"', '"PM\\u200B01"', '"PM\\u202E01"', '"\\tX"', '"X\\e[31m"', '" X"')
    n = 0
    for rel in (PROGRAMME, FRAMEWORK):
        for m in ID_VALUE.finditer(_base_text(rel)):
            new = bad[n % len(bad)]
            n += 1
            yield Variant(f"bad-id-{new}-{rel}-{m.start()}", replace_at(rel, m.start(1), m.end(1), new))
    yield Variant(
        "ids-differ-in-case", text_edit(PROGRAMME, lambda t: t.replace("      - id: PM02.2", "      - id: pm01.1", 1))
    )


def file_system() -> Iterator[Variant]:
    def dangling(root: Path) -> None:
        (root / "programmes" / "gone.yml").symlink_to("nowhere.yml")

    def loop(root: Path) -> None:
        (root / "competencies" / "a.yaml").symlink_to("b.yaml")
        (root / "competencies" / "b.yaml").symlink_to("a.yaml")

    def fifo(root: Path) -> None:
        os.mkfifo(root / "programmes" / "pipe.yml")

    def folder_link_loop(root: Path) -> None:
        (root / "programmes" / "again").symlink_to(".", target_is_directory=True)

    def yml_folder(root: Path) -> None:
        (root / "programmes" / "old.yml").mkdir()
        (root / PROGRAMME).rename(root / "programmes" / "old.yml" / "example-web.yml")

    def rename(suffix: str) -> Edit:
        def edit(root: Path) -> None:
            (root / PROGRAMME).rename(root / ("programmes/example-web" + suffix))

        return edit

    def no_config(root: Path) -> None:
        (root / "mkdocs.yml").unlink()

    def config_list(root: Path) -> None:
        _write(root, "mkdocs.yml", "- a\n- b\n")

    def stray_files(root: Path) -> None:
        _write(root, "programmes/notes.txt", "not yaml\n")
        (root / "programmes" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    yield Variant("dangling-symlink", dangling)
    yield Variant("symlink-loop", loop)
    yield Variant("fifo", fifo)
    yield Variant("folder-link-loop", folder_link_loop, bad=False)
    yield Variant("folder-named-yml", yml_folder, bad=False)
    for suffix in (".YML", ".yaml", ".Yaml"):
        yield Variant(f"suffix{suffix}", rename(suffix), bad=False)
    yield Variant("no-mkdocs", no_config)
    yield Variant("mkdocs-is-a-list", config_list)
    yield Variant("stray-non-yaml-files", stray_files, bad=False)
    yield Variant(
        "duplicate-programme", lambda root: shutil.copyfile(root / PROGRAMME, root / "programmes" / "copy.yml")
    )


def huge() -> Iterator[Variant]:
    for size in (20_001, 1_000_000):
        yield Variant(
            f"description-{size}",
            text_edit(
                PROGRAMME,
                lambda t, s=size: t.replace(
                    "illustrative: true\n", f"illustrative: true\ndescription: '{'ж' * s}'\n", 1
                ),
            ),
        )
    yield Variant("long-key", text_edit(PROGRAMME, lambda t: t + "k" * 100_000 + ": 1\n"))
    yield Variant("long-id", text_edit(PROGRAMME, lambda t: t.replace("- id: BM01.1", "- id: B" + "M" * 50_000, 1)))
    yield Variant(
        "many-outcomes",
        text_edit(
            PROGRAMME,
            lambda t: t.replace(
                "    assessments:\n      - {id: BM01-MR",
                "".join(f"      - {{id: BM01.x{i}, text: T{i}}}\n" for i in range(2000))
                + "    assessments:\n      - {id: BM01-MR",
                1,
            ),
        ),
    )
    yield Variant("many-anchors", text_edit(PROGRAMME, lambda t: "".join(f"x{i}: &x{i} v\n" for i in range(3000)) + t))


def harmless() -> Iterator[Variant]:
    """Texts that are odd but legitimate: kept as they are, escaped where shown, no finding needed."""
    texts = (
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "[link](javascript:alert(1))",
        "%s %n",
        "'; DROP TABLE x; --",
        "<!--",
        "&amp; &lt;",
    )
    for k, payload in enumerate(texts):
        quoted = '"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"'
        yield Variant(
            f"payload-{k}",
            text_edit(PROGRAMME, lambda t, q=quoted: t.replace("en: Design implementation", f"en: {q}", 1)),
            bad=False,
        )
    yield Variant("unchanged", lambda root: None, bad=False)


VARIANTS = [
    *syntax(),
    *aliases(),
    *wrong_types(),
    *numbers(),
    *unknown_fields(),
    *hidden_characters(),
    *bad_ids(),
    *file_system(),
    *huge(),
    *harmless(),
]


def test_there_are_at_least_300_variants() -> None:
    assert len(VARIANTS) >= 300, len(VARIANTS)
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)


# --------------------------------------------------------------------------- the model as plain values
def model_values(objects: list[Any]) -> dict[str, set[str]]:
    """Every scalar the loaded objects hold, as text, by the file each object came from."""
    out: dict[str, set[str]] = {}
    for top in objects:
        values = out.setdefault(top.loc.file, set())
        stack: list[Any] = [top]
        while stack:
            obj = stack.pop()
            if dataclasses.is_dataclass(obj):
                stack += [getattr(obj, f.name) for f in dataclasses.fields(obj) if not f.metadata.get("internal")]
            elif isinstance(obj, Text):
                values.update(obj.values.values())
            elif isinstance(obj, (tuple, list)):
                stack += obj
            elif obj is not None:
                values.add(str(obj))
    return out


def field_names() -> set[str]:
    from curriculum.model import KINDS

    names: set[str] = {"kk", "ru", "en"}
    stack: list[Any] = list(KINDS.values())
    seen: set[Any] = set()
    while stack:
        cls = stack.pop()
        if cls in seen or not dataclasses.is_dataclass(cls):
            continue
        seen.add(cls)
        for f in dataclasses.fields(cls):
            names.add(f.name)
        import typing

        for hint in typing.get_type_hints(cls).values():
            stack += [a for a in _flatten(hint) if dataclasses.is_dataclass(a)]
    return names


def _flatten(tp: Any) -> list[Any]:
    import typing

    out = [tp]
    for arg in typing.get_args(tp):
        out += _flatten(arg)
    return out


FIELD_NAMES = field_names()


Scalars = list[tuple[tuple[str, ...], int, tuple[Map, ...]]]


def _scalars(node: Node, out: Scalars) -> int:
    """(its readings as text, line, the mappings it stands in below the document) of every scalar value
    and key under ``node``; returns the last line the node reaches."""
    stack: list[tuple[Node, tuple[Map, ...]]] = [(node, ())]
    last = node.loc.line
    while stack:
        current, maps = stack.pop()
        last = max(last, current.loc.line)
        if isinstance(current, Map):
            inner = (*maps, current) if current is not node else maps
            for key, sub in current.items():
                out.append(((key,), current.keylocs[key].line, inner))
                stack.append((sub, inner))
        elif isinstance(current, Seq):
            stack += [(sub, maps) for sub in current]
        elif current.tag != "null":
            out.append(((str(current.value), current.raw), current.loc.line, maps))
    return last


def assert_nothing_dropped(root: Path, result: Any, findings: list[Diagnostic]) -> None:
    catalogue = result.catalogue
    objects = [
        *catalogue.programmes.values(),
        *catalogue.frameworks.values(),
        *catalogue.qualifications.values(),
        *[v for v in catalogue.vocabularies.values() if not v.loc.file.startswith("<")],
        *[x[2] for x in catalogue.duplicates],
    ]
    values = model_values(objects)
    for rel in catalogue.files:
        path = root / rel
        if not path.is_file():
            assert any(x.file == rel for x in findings), f"{rel}: unusable path without a finding"
            continue
        in_file = [x for x in findings if x.file == rel or any(r.file == rel for r in x.related)]
        node, problems = load_file(path, rel)
        if node is None or rel in catalogue.unread:
            assert in_file, f"{rel}: could not be used, and no finding says so"
            continue
        lines = {x.line for x in findings if x.file == rel}
        spans: dict[int, tuple[int, int]] = {}
        scalars: Scalars = []
        _scalars(node, scalars)
        have = values.get(rel, set())
        for texts, line, maps in scalars:
            if any(t in have or t in FIELD_NAMES for t in texts) or line in lines:
                continue
            for m in maps:
                if id(m) not in spans:
                    spans[id(m)] = (m.loc.line, _scalars(m, []))
            if any(first <= n <= last for first, last in (spans[id(m)] for m in maps) for n in lines):
                continue  # an object it belongs to has a finding (e.g. it was left out for its id)
            raise AssertionError(f"{rel}:{line}: `{texts[-1][:80]}` is neither in the model nor reported")


# --------------------------------------------------------------------------- the test
def snapshot(root: Path) -> dict[str, bytes]:
    """Every path under the catalogue with its kind and, for a regular file, its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = b"link:" + os.readlink(path).encode()
        elif path.is_fifo():
            out[rel] = b"fifo"
        elif path.is_file():
            out[rel] = path.read_bytes()
        else:
            out[rel] = b"other"
    return out


@pytest.mark.timeout(30)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name[:90])
def test_hostile_variant(variant: Variant, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root, symlinks=True)
    before = snapshot(root)
    variant.edit(root)
    assert (snapshot(root) != before) == (variant.name != "unchanged"), f"{variant.name}: the edit changed nothing"
    result = check_path(root)  # an exception here is a traceback for the user: the test fails
    findings = result.diagnostics
    for fmt, render in REPORTERS.items():
        out = render(result, "en")
        assert isinstance(out, str), fmt
    code = 2 if unreadable(findings) else 1 if result.failing(Severity.parse(result.catalogue.settings.fail_on)) else 0
    assert code in (0, 1, 2)
    if variant.bad:
        assert findings, f"{variant.name}: a bad input gave no finding"
    for x in findings:
        assert x.line >= 1 and x.column >= 1 and x.message, x
    assert_nothing_dropped(root, result, findings)


SUBPROCESS = (
    "fifo",
    "billion-laughs-" + PROGRAMME,
    "deep-nesting-" + PROGRAMME,
    "truncated-" + PROGRAMME + "-2",
    "unchanged",
)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", SUBPROCESS)
def test_hostile_variant_through_the_command(name: str, tmp_path: Path) -> None:
    variant = next(v for v in VARIANTS if v.name == name)
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root, symlinks=True)
    variant.edit(root)
    for fmt in ("text", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "curriculum", "check", str(root), "--format", fmt],
            capture_output=True,
            text=True,
            timeout=100,
            check=False,
        )
        assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
        assert proc.returncode in (0, 1, 2)
        assert (proc.returncode == 0) == (name == "unchanged"), proc.stdout
        assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout


def test_the_dropped_value_check_can_fail(tmp_path: Path) -> None:
    """The oracle itself: a value that vanished from the model without a finding is caught."""
    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    result = check_path(root)
    assert_nothing_dropped(root, result, result.diagnostics)
    programme = result.catalogue.programmes["example-web"]
    quiet = dataclasses.replace(programme, duration=None)  # as if `duration: 2 years` were dropped
    result.catalogue.programmes["example-web"] = quiet
    with pytest.raises(AssertionError, match="2 years"):
        assert_nothing_dropped(root, result, result.diagnostics)


def test_an_object_kept_with_an_invalid_field_still_renders(tmp_path: Path) -> None:
    """A module whose required `cycle` is missing stays in the model (marked invalid) and the site's
    Markdown is still rendered for it."""
    from curriculum.render import render

    root = tmp_path / "catalogue"
    shutil.copytree(BASE, root)
    text = _read(root, PROGRAMME)
    assert "    cycle: bm\n" in text
    _write(root, PROGRAMME, text.replace("    cycle: bm\n", "", 1))
    result = check_path(root)
    assert [x.code for x in result.diagnostics if x.file == PROGRAMME][:1] == ["CUR103"]
    module = result.catalogue.programmes["example-web"].modules[0]
    assert module.id == "BM01" and not module.valid("cycle")
    render(result, tmp_path / "src", b"")
    assert any((tmp_path / "src").rglob("BM01*.md")) or any((tmp_path / "src").rglob("*.md"))
