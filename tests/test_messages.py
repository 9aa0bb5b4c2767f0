"""The message catalogue: every code worded in kk, ru and en, and every call site passing exactly the
parameters its template names (checked statically over the package's source, and by rendering)."""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

import pytest

from curriculum import diagnostics as d
from curriculum import messages, model
from curriculum.messages import LANGS, Count, Exact, Phrase, catalogue, term
from curriculum.messages.load import CatalogueError, load

PACKAGE = Path(d.__file__).resolve().parent
RESERVED = {"variant", "suggest", "related"}


FUNCTIONS: dict[str, ast.FunctionDef] = {}


def _constant(node: ast.expr) -> list[str] | None:
    """The string(s) an argument can take: a constant, either side of ``a if c else b``, or every
    ``return`` of a function of the package that returns only such values."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constant(node.body), _constant(node.orelse)
        return a + b if a is not None and b is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        out: list[str] = []
        for ret in ast.walk(FUNCTIONS[node.func.id]):
            if isinstance(ret, ast.Return):
                value = _constant(ret.value) if ret.value is not None else None
                if value is None:
                    return None
                out += value
        return out
    return None


def _code(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "d":
        value = getattr(d, node.attr, None)
        return value if isinstance(value, str) else None
    if isinstance(node, ast.Name):
        value = getattr(d, node.id, None)
        return value if isinstance(value, str) and value in d.RULES else None
    return None


def call_sites() -> list[tuple[str, ast.Call]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        FUNCTIONS.update(
            {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name.startswith("_")}
        )
        for node in ast.walk(tree):
            func = node.func if isinstance(node, ast.Call) else None
            owner = func.value if isinstance(func, ast.Attribute) and func.attr == "make" else None
            if isinstance(owner, ast.Name) and owner.id == "d":
                out.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node))  # type: ignore[arg-type]
    return out


def test_every_code_has_a_catalogue_entry() -> None:
    entries = catalogue().codes
    assert set(entries) == set(d.RULES)
    for code, rule in d.RULES.items():
        assert entries[code].title["en"] == rule.title, code
        for lang in LANGS:
            assert entries[code].title[lang].strip(), (code, lang)


def test_every_variant_in_every_language() -> None:
    for code, entry in catalogue().codes.items():
        for name, variant in entry.variants.items():
            for lang in LANGS:
                assert variant.message[lang].strip(), (code, name, lang)
                if variant.hint:
                    assert variant.hint[lang].strip(), (code, name, lang)


def test_there_are_many_call_sites() -> None:
    sites = call_sites()
    assert len(sites) > 80
    codes = {_code(call.args[0]) for _, call in sites}
    # every code is emitted somewhere (none registered, documented and never produced)
    assert codes >= set(d.RULES), sorted(set(d.RULES) - codes)


@pytest.mark.parametrize("where,call", call_sites(), ids=lambda x: x if isinstance(x, str) else "")
def test_call_site_passes_the_template_parameters(where: str, call: ast.Call) -> None:
    code = _code(call.args[0])
    assert code is not None, f"{where}: the code must be a constant of curriculum.diagnostics"
    assert not any(k.arg is None for k in call.keywords), f"{where}: no **kwargs: name each parameter"
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    variants = _constant(keywords["variant"]) if "variant" in keywords else ["default"]
    assert variants is not None, f"{where}: the variant must be a literal"
    passed = set(keywords) - RESERVED
    for name in variants:
        wanted = messages.variant(code, name).params
        assert passed == wanted, f"{where}: {code}/{name} names {sorted(wanted)}, the call passes {sorted(passed)}"


def test_related_notes_exist() -> None:
    notes = set(catalogue().notes)
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "related" and len(node.args) > 1:
                names = _constant(node.args[1])
                assert names and set(names) <= notes, f"{path.name}:{node.lineno}"


def _sample(name: str, spec_numeric: bool) -> object:
    return 12.5 if spec_numeric else f"<{name}>"


def test_every_template_renders_in_every_language() -> None:
    for code, entry in catalogue().codes.items():
        for name, variant in entry.variants.items():
            numeric = set()
            for lang in LANGS:
                for text in (variant.message[lang], *(variant.hint.values() if variant.hint else ())):
                    numeric |= {f for _, f, spec, _ in __import__("string").Formatter().parse(text) if f and spec}
            params = {
                p: (Count(3, "reference") if p in ("count", "places", "mentors") else _sample(p, p in numeric))
                for p in variant.params
            }
            for lang in LANGS:
                assert messages.message(code, name, params, lang)
                messages.hint(code, name, params, lang)


def test_a_call_with_wrong_parameters_fails_loudly() -> None:
    with pytest.raises(TypeError, match="missing"):
        d.make(d.NOT_COVERED, model.NOWHERE, competency="x:1")
    with pytest.raises(TypeError, match="unexpected"):
        d.make(d.EMPTY_FILE, model.NOWHERE, file="x")
    with pytest.raises(KeyError):
        d.make(d.EMPTY_FILE, model.NOWHERE, variant="nonesuch")


def _write(folder: Path, common: str, codes: str) -> Path:
    folder.mkdir()
    (folder / "common.yml").write_text(common, encoding="utf-8")
    (folder / "cur9xx.yml").write_text(codes, encoding="utf-8")
    return folder


TITLE = 'title: {en: "t", ru: "т", kk: "т"}'


@pytest.mark.parametrize(
    "codes,problem",
    [
        (f'CUR999:\n  {TITLE}\n  default:\n    message: {{en: "a", ru: "б"}}\n', "exactly en, ru, kk"),
        (f'CUR999:\n  {TITLE}\n  default:\n    message: {{en: "{{x}}", ru: "б", kk: "в"}}\n', "the ru texts name"),
        (f'CUR999:\n  {TITLE}\n  default:\n    message: {{en: "a", ru: "{{y}}", kk: "в"}}\n', "the ru texts name"),
        (f'CUR999:\n  {TITLE}\n  default:\n    message: {{en: "a", ru: "б", kk: ""}}\n', "empty"),
        ('CUR999:\n  default:\n    message: {en: "a", ru: "б", kk: "в"}\n', "title"),
    ],
)
def test_a_malformed_catalogue_is_refused(tmp_path: Path, codes: str, problem: str) -> None:
    folder = _write(tmp_path / "m", "labels: {}\n", codes)
    with pytest.raises(CatalogueError, match=problem):
        load(folder)


def test_plural_forms() -> None:
    assert Count(1, "error").render("en") == "1 error"
    assert Count(2, "error").render("en") == "2 errors"
    assert [Count(n, "error").render("ru") for n in (1, 3, 5, 11, 21, 22, 112)] == [
        "1 ошибка",
        "3 ошибки",
        "5 ошибок",
        "11 ошибок",
        "21 ошибка",
        "22 ошибки",
        "112 ошибок",
    ]
    assert Count(86, "reference").render("kk") == "86 сілтеме"


def test_exact_numbers_keep_their_side_of_the_bound() -> None:
    assert Exact(59.97, 60).render("en") == "59.97"
    assert Exact(59.97, 60).render("ru") == "59,97"
    assert Exact(59.4, 60).render("en") == "59"
    assert Exact(60.0, 60).render("en") == "60"
    assert Exact(60.004, 60).render("en") == "60.004"
    assert Exact(35.0, 35.0).render("kk") == "35"


def test_numbers_in_the_readers_conventions() -> None:
    assert (
        messages.message("CUR005", "default", {"budget": 100_000}, "en") == "aliases expand to more than 100,000 nodes"
    )
    assert "100\u00a0000" in messages.message("CUR005", "default", {"budget": 100_000}, "ru")


def _literal_values(cls: type, field: str) -> tuple[str, ...]:
    tp = typing.get_type_hints(cls)[field]
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    literal = args[0] if typing.get_origin(tp) is not typing.Literal else tp
    return typing.get_args(literal)


def test_enumerations_in_messages_are_translated() -> None:
    phrases = catalogue().phrases
    groups = {
        "level": model.LEVELS,
        "status": _literal_values(model.Recommendation, "status"),
        "education": _literal_values(model.Programme, "level"),
        "provider": _literal_values(model.Programme, "level"),
        "scalar": ("str", "int", "float", "bool", "null", "timestamp"),
    }
    for group, values in groups.items():
        for value in values:
            assert f"{group}.{value}" in phrases, (group, value)
    kinds = {
        cls.__name__.lower()
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and issubclass(cls, model.Node)
        and cls is not model.Node
    }
    assert {k for k in kinds if f"object.{k}" not in phrases} == set()
    assert term("level", "reinforced").render("ru") == "закреплено"
    assert term("level", "mastered").render("kk") == "меңгерілген"


def test_phrase_keys_used_in_the_code_exist() -> None:
    phrases, nouns = catalogue().phrases, catalogue().nouns
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                key = _constant(node.args[0]) if node.func.id == "Phrase" else None
                if key:
                    assert set(key) <= set(phrases), f"{path.name}:{node.lineno} {key}"
                if node.func.id == "Count" and len(node.args) > 1:
                    noun = _constant(node.args[1])
                    assert noun and set(noun) <= set(nouns), f"{path.name}:{node.lineno}"
    assert Phrase("did-you-mean", suggestion="x").render("kk")
