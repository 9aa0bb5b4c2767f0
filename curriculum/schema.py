"""Turn loader nodes into model objects, and derive JSON Schemas, from the one model definition.

Every dataclass in :mod:`curriculum.model` is read field by field: its Python type says what YAML
is accepted, its ``doc`` metadata documents it, and a field without a default is required.
Conversion never stops at the first problem: each goes into the diagnostics list, and the value
that could still be read is kept so that later checks can run.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union

from . import diagnostics as d
from .diagnostics import Diagnostic
from .load import Loc, Map, Node, Scalar, Seq
from .model import KINDS, LANGUAGES, Date, KeyedBy, Text
from .model import Node as ModelNode

Convert = Callable[[Node, str, list[Diagnostic]], Any]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INVALID = object()
TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "empty",
    "timestamp": "a date",
}


def did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    """``"did you mean `x`?"`` for the closest option, or ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return TYPE_NAMES.get(node.tag, node.tag) + f" `{node.raw}`" if node.raw else "empty"


def _wrong(node: Node, path: str, want: str, diags: list[Diagnostic], hint: str = "") -> object:
    loc = node.loc.at(path)
    diags.append(d.make(d.WRONG_TYPE, loc, f"`{path}` must be {want}, not {_describe(node)}", hint))
    return _INVALID


def _string(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if not isinstance(node, Scalar):
        return _wrong(node, path, "text", diags)
    if node.tag == "str":
        return node.value
    if node.plain and node.tag in ("int", "float", "bool", "timestamp", "null") and node.raw:
        reading = node.value.isoformat() if hasattr(node.value, "isoformat") else repr(node.value)
        diags.append(
            d.make(
                d.COERCED_SCALAR,
                node.loc.at(path),
                f"`{node.raw}` in `{path}` is read by YAML 1.1 as {TYPE_NAMES[node.tag]}"
                f" ({reading}), not as the text `{node.raw}`",
                f"quote it: '{node.raw}'",
            )
        )
        return node.raw
    return _wrong(node, path, "text", diags, f"quote it: '{node.raw}'")


def _integer(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag == "int":
        return node.value
    hint = "remove the quotes" if isinstance(node, Scalar) and node.raw.strip().isdigit() else ""
    return _wrong(node, path, "a whole number", diags, hint)


def _number(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag in ("int", "float"):
        if math.isfinite(node.value):
            return node.value
        return _wrong(node, path, "a finite number", diags)
    return _wrong(node, path, "a number", diags)


def _boolean(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag == "bool":
        return node.value
    return _wrong(node, path, "true or false", diags)


def _date(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar):
        if node.tag == "timestamp" and type(node.value) is datetime.date:
            return node.value.isoformat()
        if node.tag == "str" and ISO_DATE.match(node.value):
            try:
                return datetime.date.fromisoformat(node.value).isoformat()
            except ValueError:
                pass
        if node.tag in ("str", "timestamp", "int"):
            diags.append(
                d.make(
                    d.BAD_DATE,
                    node.loc.at(path),
                    f"`{node.raw}` in `{path}` is not a date",
                    "write a calendar date as YYYY-MM-DD, e.g. 2025-09-01",
                )
            )
            return _INVALID
    return _wrong(node, path, "a date (YYYY-MM-DD)", diags)


def _text(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar):
        value = _string(node, path, diags)
        return _INVALID if value is _INVALID else Text({"": value})
    if not isinstance(node, Map):
        return _wrong(node, path, "text or a {kk, ru, en} mapping", diags)
    values: dict[str, str] = {}
    for lang, sub in node.items():
        where = f"{path}.{lang}"
        if lang not in LANGUAGES:
            hint = "Kazakh is `kk`" if lang in ("kz", "qq", "kaz") else did_you_mean(lang, LANGUAGES)
            diags.append(
                d.make(
                    d.UNKNOWN_FIELD,
                    node.keylocs[lang].at(where),
                    f"`{lang}` is not a language of the catalogue (kk, ru, en)",
                    hint,
                )
            )
            continue
        value = _string(sub, where, diags)
        if value is not _INVALID:
            values[lang] = value
    if not values:
        return _wrong(node, path, "text in at least one language", diags)
    return Text(values)


def _literal(options: tuple[str, ...]) -> Convert:
    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        value = _string(node, path, diags)
        if value is _INVALID or value in options:
            return value
        diags.append(
            d.make(
                d.BAD_VALUE,
                node.loc.at(path),
                f"`{value}` is not allowed in `{path}`; use one of: {', '.join(options)}",
                did_you_mean(value, options),
            )
        )
        return _INVALID

    return convert


def _tuple(item: Convert) -> Convert:
    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not isinstance(node, Seq):
            return _wrong(node, path, "a list", diags, "write each entry on its own line after `- `")
        out = []
        for i, sub in enumerate(node):
            value = item(sub, f"{path}[{i}]", diags)
            if value is not _INVALID:
                out.append(value)
        return tuple(out)

    return convert


def _keyed(cls: type, keyed: KeyedBy) -> Convert:
    key_convert = _field_converter(_hints(cls)[keyed.key])
    value_convert = _field_converter(_hints(cls)[keyed.value])

    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not isinstance(node, Map):
            return _wrong(node, path, f"a mapping of {keyed.key}: {keyed.value}", diags)
        out = []
        for key, sub in node.items():
            keyloc = node.keylocs[key]
            where = f"{path}.{key}"
            key_node = Scalar(key, key, "str", False, keyloc)
            k = key_convert(key_node, where, diags)
            v = value_convert(sub, where, diags)
            if k is not _INVALID and v is not _INVALID:
                loc = keyloc.at(where)
                out.append(cls(**{keyed.key: k, keyed.value: v}, loc=loc, locs={keyed.key: loc, keyed.value: sub.loc}))
        return tuple(out)

    return convert


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) < len(typing.get_args(tp)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True
    return tp, False


def keyed_by(tp: Any) -> tuple[type, KeyedBy]:
    """For ``Annotated[tuple[X, ...], KeyedBy(...)]``: the element class X and its KeyedBy."""
    base, *extra = typing.get_args(tp)
    return typing.get_args(base)[0], next(e for e in extra if isinstance(e, KeyedBy))


@cache
def _field_converter(tp: Any) -> Convert:
    tp, _ = _optional(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _keyed(*keyed_by(tp))
    if origin is Literal:
        return _literal(typing.get_args(tp))
    if origin is tuple:
        return _tuple(_field_converter(typing.get_args(tp)[0]))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    simple = {str: _string, int: _integer, float: _number, bool: _boolean, Text: _text, Date: _date}
    return simple[tp]


def _check_bounds(f: dataclasses.Field[Any], value: Any, node: Node, path: str, diags: list[Diagnostic]) -> Any:
    low, high = f.metadata.get("minimum"), f.metadata.get("maximum")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and ((low is not None and value < low) or (high is not None and value > high)):
        span = f"at least {low}" if high is None else f"between {low} and {high}"
        diags.append(d.make(d.BAD_VALUE, node.loc.at(path), f"`{path}` must be {span}, not {value}", ""))
        return _INVALID
    pattern = f.metadata.get("pattern")
    if isinstance(value, str) and pattern and not re.match(pattern, value):
        diags.append(
            d.make(
                d.BAD_VALUE,
                node.loc.at(path),
                f"`{value}` is not a valid `{f.name}`",
                "use lower-case letters, digits, `.`, `_` and `-`",
            )
        )
        return _INVALID
    return value


@cache
def _dataclass(cls: type) -> Convert:
    fields = _fields(cls)
    names = [f.name for f in fields]
    converters: dict[str, Convert] = {}  # filled on first use: the model is recursive (Item.items)
    by_name = {f.name: f for f in fields}

    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not converters:
            converters.update({f.name: _field_converter(_hints(cls)[f.name]) for f in fields})
        if not isinstance(node, Map):
            return _wrong(node, path or "the document", "a mapping", diags)
        loc = node.loc.at(path)
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        broken = False
        for key, sub in node.items():
            where = f"{path}.{key}" if path else key
            f = by_name.get(key)
            if f is None:
                hint = did_you_mean(key, names) or f"allowed here: {', '.join(names)}"
                diags.append(d.make(d.UNKNOWN_FIELD, node.keylocs[key].at(where), f"unknown field `{key}`", hint))
                continue
            if isinstance(sub, Scalar) and sub.tag == "null" and not required(f):
                continue  # an empty optional field is an absent one
            value = converters[key](sub, where, diags)
            if value is not _INVALID:
                value = _check_bounds(f, value, sub, where, diags)
            if value is _INVALID:
                broken = broken or required(f)
                continue
            values[key] = value
            locs[key] = sub.loc
            if isinstance(sub, Seq):
                for i, item in enumerate(sub):
                    locs[f"{key}[{i}]"] = item.loc
        for f in fields:
            if required(f) and f.name not in node:
                diags.append(
                    d.make(
                        d.MISSING_FIELD,
                        loc,
                        f"`{path + '.' if path else ''}{f.name}` is required" + _where(cls),
                        f"add `{f.name}:` — {f.metadata.get('doc', '')}".rstrip(" —"),
                    )
                )
                broken = True
        if broken:
            return _INVALID
        return cls(**values, loc=loc, locs=locs)

    return convert


def _where(cls: type) -> str:
    return f" in a {cls.__name__.lower()}"


def convert_document(root: Node, file: str) -> tuple[ModelNode | None, list[Diagnostic]]:
    """Convert one file's root node to a Framework, Qualification or Programme."""
    diags: list[Diagnostic] = []
    if not isinstance(root, Map):
        shape = "a list" if isinstance(root, Seq) else "a single value"
        return None, [
            d.make(
                d.WRONG_TYPE,
                root.loc,
                f"the document is {shape}; a {_expected_kind(file)} file must be a mapping",
                "start the file with `kind:` and the fields of the document, not with `- `",
            )
        ]
    kind_node = root.get("kind")
    kind = kind_node.value if isinstance(kind_node, Scalar) and isinstance(kind_node.value, str) else None
    if kind is None or kind not in KINDS:
        where = kind_node.loc if kind_node is not None else root.loc
        hint = did_you_mean(str(kind), KINDS) if kind else f"add `kind: {_expected_kind(file)}`"
        return None, [
            d.make(
                d.UNKNOWN_KIND,
                where.at("kind"),
                f"`kind` must be one of {', '.join(KINDS)}" + (f", not `{kind}`" if kind else ""),
                hint,
            )
        ]
    value = _dataclass(KINDS[kind])(root, "", diags)  # type: ignore[arg-type]
    return (None if value is _INVALID else value), diags


def _expected_kind(file: str) -> str:
    return "programme" if "programmes" in file.replace("\\", "/").split("/") else "framework"


# --------------------------------------------------------------------------- JSON Schema
def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, for editors and for tests."""
    defs: dict[str, Any] = {}
    root = _schema_of(KINDS[kind], defs)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://curriculum.invalid/schemas/{kind}.schema.json",
        "title": f"curriculum {kind}",
        **defs[root["$ref"].rsplit("/", 1)[1]],
        "$defs": {k: v for k, v in sorted(defs.items()) if k != KINDS[kind].__name__},
    }
    return schema


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp, nullable = _optional(tp)
    out = _schema_of_required(tp, defs)
    return {"anyOf": [out, {"type": "null"}]} if nullable else out


def _schema_of_required(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        cls, keyed = keyed_by(tp)
        return {
            "type": "object",
            "additionalProperties": _schema_of(_hints(cls)[keyed.value], defs),
        }
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if tp is Text:
        return {"$ref": "#/$defs/Text"} if _define_text(defs) else {}
    if tp is Date:
        return {"type": "string", "format": "date", "pattern": ISO_DATE.pattern}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)  # type: ignore[arg-type]
        return {"$ref": f"#/$defs/{name}"}
    return {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"}, bool: {"type": "boolean"}}[tp]


def _define_text(defs: dict[str, Any]) -> bool:
    defs.setdefault(
        "Text",
        {
            "description": "A text for every language, or a map of languages.",
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
        },
    )
    return True


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for f in _fields(cls):
        prop = dict(_schema_of(_hints(cls)[f.name], defs))
        for key in ("minimum", "maximum", "pattern"):
            if key in f.metadata:
                target = prop["anyOf"][0] if "anyOf" in prop else prop
                target[key] = f.metadata[key]
        prop["description"] = f.metadata.get("doc", "")
        if not required(f) and f.default not in (None, dataclasses.MISSING):
            prop["default"] = f.default
        props[f.name] = prop
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0]
        if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "(")
        else cls.__name__,
        "properties": props,
        "required": [f.name for f in _fields(cls) if required(f)],
        "additionalProperties": False,
    }
