"""Turn loader nodes into model objects, and derive JSON Schemas, from the one model definition.

Every dataclass in :mod:`curriculum.model` is read field by field: its Python type says what YAML
is accepted, its ``doc`` metadata documents it, and a field without a default is required.
Conversion never stops at the first problem: each goes into the diagnostics list, and the value
that could still be read is kept so that later checks can run.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime
import math
import re
import sys
import types
import typing
import unicodedata
from collections.abc import Callable
from functools import cache
from sys import intern
from typing import Any, Literal, Union

from . import diagnostics as d
from .diagnostics import Diagnostic, closest
from .load import SHARED_SHAPE, Map, Node, Scalar, Seq, Shape, Spots, shared_int
from .messages import Phrase, term
from .model import KINDS, LANGUAGES, Date, Extension, KeyedBy, Text
from .model import Node as ModelNode

Convert = Callable[[Node, str, list[Diagnostic]], Any]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INVALID = object()
_new = object.__new__


def _describe(node: Node) -> Phrase:
    if isinstance(node, Map):
        return Phrase("actual.mapping")
    if isinstance(node, Seq):
        return Phrase("actual.list")
    return Phrase("actual.scalar", type=term("scalar", node.tag), raw=node.raw) if node.raw else Phrase("actual.empty")


def _wrong(node: Node, path: str, want: Phrase, diags: list[Diagnostic], hint: str = "default") -> object:
    """CUR101 at ``node``; ``hint`` names the variant (``quote``, ``unquote``, ``list``) and its hint."""
    loc, actual = node.loc.at(path), _describe(node)
    if hint == "quote" and isinstance(node, Scalar):
        diags.append(d.make(d.WRONG_TYPE, loc, variant="quote", path=path, want=want, actual=actual, raw=node.raw))
    else:
        diags.append(
            d.make(
                d.WRONG_TYPE,
                loc,
                variant="unquote" if hint == "unquote" else "list" if hint == "list" else "default",
                path=path,
                want=want,
                actual=actual,
            )
        )
    return _INVALID


MAX_TEXT_CHARS: contextvars.ContextVar[int] = contextvars.ContextVar("max_text_chars", default=20_000)
"""The longest text the toolkit accepts (the ``max_text_chars`` setting), while a document converts."""
SPOTS: contextvars.ContextVar[Spots | None] = contextvars.ContextVar("spots", default=None)
"""The positions of the file being converted (one array per file, see :class:`~curriculum.load.Spots`)."""


def _spots(file: str) -> Spots:
    spots = SPOTS.get()
    return spots if spots is not None and spots.file == file else Spots(file)


def _string(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if not isinstance(node, Scalar):
        return _wrong(node, path, Phrase("want.text"), diags)
    if node.tag == "str":
        limit = MAX_TEXT_CHARS.get()
        if len(node.value) > limit:  # reported, and cut so that nothing downstream pays for the excess
            diags.append(d.make(d.TEXT_TOO_LONG, node.loc.at(path), path=path, length=len(node.value), limit=limit))
            return node.value[:limit]
        return node.value
    if node.plain and node.tag in ("int", "float", "bool", "timestamp", "null") and node.raw:
        reading = node.value.isoformat() if hasattr(node.value, "isoformat") else repr(node.value)
        what = term("scalar", node.tag)
        diags.append(d.make(d.COERCED_SCALAR, node.loc.at(path), raw=node.raw, path=path, type=what, reading=reading))
        return node.raw
    return _wrong(node, path, Phrase("want.text"), diags, "quote")


def _integer(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag == "int":
        return node.value
    hint = "unquote" if isinstance(node, Scalar) and node.raw.strip().isdigit() else "default"
    return _wrong(node, path, Phrase("want.integer"), diags, hint)


def _number(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag in ("int", "float"):
        if math.isfinite(node.value):
            return node.value
        return _wrong(node, path, Phrase("want.finite"), diags)
    return _wrong(node, path, Phrase("want.number"), diags)


def _boolean(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar) and node.tag == "bool":
        return node.value
    return _wrong(node, path, Phrase("want.boolean"), diags)


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
            diags.append(d.make(d.BAD_DATE, node.loc.at(path), raw=node.raw, path=path))
            return _INVALID
    return _wrong(node, path, Phrase("want.date"), diags)


def _visible(value: Any, node: Node, path: str, diags: list[Diagnostic]) -> Any:
    """A text with a control or invisible character (ESC, BEL, a bidi override, a zero-width space…)
    is kept, shown escaped everywhere, and reported (CUR015): it is almost always pasted by mistake,
    and a bidi override makes the text read differently from what it says."""
    if isinstance(value, str):
        bad = first_invisible(value, "\n\t\u00ad")
        if bad is not None:
            name = unicodedata.name(bad, "")
            char = f"U+{ord(bad):04X}" + (f" {name}" if name else "")
            diags.append(d.make(d.INVISIBLE_TEXT, node.loc.at(path), path=path, char=char))
    return value


def _text(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if isinstance(node, Scalar):
        value = _visible(_string(node, path, diags), node, path, diags)
        if value is _INVALID:
            return _INVALID
        text = _new(Text)  # Text({"": value}) without copying the dict
        text.values = {"": value}
        return text
    if not isinstance(node, Map):
        return _wrong(node, path, Phrase("want.text-or-languages"), diags)
    values: dict[str, str] = {}
    for lang, sub in node.items():
        where = f"{path}.{lang}"
        if lang not in LANGUAGES:
            close = "kk" if lang.lower() in ("kz", "qq", "kaz") else closest(lang, LANGUAGES)
            diags.append(
                d.make(d.UNKNOWN_FIELD, node.keylocs[lang].at(where), variant="language", suggest=close, key=lang)
            )
            continue
        value = _visible(_string(sub, where, diags), sub, where, diags)
        if value is not _INVALID:
            values[lang] = value
    if not values:
        return _wrong(node, path, Phrase("want.some-language"), diags)
    return Text(values)


def _plain(node: Node) -> Any:
    if isinstance(node, Map):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, Seq):
        return [_plain(v) for v in node]
    if node.tag == "timestamp":
        return node.raw
    return node.value


def _extension(node: Node, path: str, diags: list[Diagnostic]) -> Any:
    if not isinstance(node, Map):
        return _wrong(node, path, Phrase("want.mapping"), diags)
    return Extension(_plain(node))


def _literal(options: tuple[str, ...]) -> Convert:
    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        value = _string(node, path, diags)
        if value is _INVALID or value in options:
            return value
        where = node.loc.at(path)
        diags.append(
            d.make(d.BAD_VALUE, where, suggest=closest(value, options), value=value, path=path, options=options)
        )
        return _INVALID

    return convert


def _tuple(item: Convert) -> Convert:
    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not isinstance(node, Seq):
            return _wrong(node, path, Phrase("want.list"), diags, "list")
        out = []
        for i, sub in enumerate(node):
            value = item(sub, intern(f"{path}[{i}]"), diags)
            if value is not _INVALID:
                out.append(value)
        return tuple(out)

    return convert


def _keyed(cls: type, keyed: KeyedBy) -> Convert:
    key_convert = _field_converter(_hints(cls)[keyed.key])
    value_convert = _field_converter(_hints(cls)[keyed.value])

    shape = Shape.of((keyed.key, keyed.value), keyed.key)
    name, value_name = keyed.key, keyed.value

    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not isinstance(node, Map):
            return _wrong(node, path, Phrase("want.keyed", key=keyed.key, value=keyed.value), diags)
        out = []
        keylocs = node.keylocs
        spots = _spots(node.loc.file)  # the keys and values of one file
        data = spots.data
        for key, sub in node.items():
            keyloc = keylocs[key]
            where = intern(f"{path}.{key}")
            k = key_convert(Scalar(key, key, "str", False, keyloc), where, diags)
            v = value_convert(sub, where, diags)
            if k is not _INVALID and v is not _INVALID:
                at = shared_int(len(data))
                line, column = keyloc.line, keyloc.column
                sub_loc = sub.loc
                data.extend((line, column, line, column, sub_loc.line, sub_loc.column))
                out.append(cls(**{name: k, value_name: v}, _spots=spots, _at=at, _shape=shape, _path=where))
        return tuple(out)

    return convert


_ITEM_KEYS: dict[tuple[str, int], str] = {}


def _item_key(key: str, i: int) -> str:
    """``key[i]``, made once per process (for the first elements of a list, the ones most lists have)."""
    if i >= SHARED_SHAPE:
        return intern(f"{key}[{i}]")
    found = _ITEM_KEYS.get((key, i))
    if found is None:
        found = _ITEM_KEYS[(key, i)] = intern(f"{key}[{i}]")
    return found


_ITEM_LISTS: dict[str, list[str]] = {}


def _item_keys(key: str, n: int) -> list[str]:
    """``key[0]`` … ``key[n-1]`` (see :func:`_item_key`): one look-up for a list of the usual length."""
    known = _ITEM_LISTS.get(key)
    if known is None or len(known) < min(n, SHARED_SHAPE):
        known = _ITEM_LISTS[key] = [_item_key(key, i) for i in range(min(n, SHARED_SHAPE))]
    if n <= len(known):
        return known[:n]
    return [*known, *(_item_key(key, i) for i in range(len(known), n))]


@cache
def _hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls, include_extras=True)``, made faster: each annotation's text is evaluated
    once per module (the model's annotations are texts, ``from __future__ import annotations``, and many
    repeat), with no ``ForwardRef`` made per field; the same hints (``tests/test_schema.py`` compares
    them for every model class)."""
    out: dict[str, Any] = {}
    try:
        for base in reversed(cls.__mro__):
            names = base.__dict__.get("__annotations__", {})
            if not names or base.__module__ not in sys.modules:
                continue
            module, own = base.__module__, vars(base)
            for name, value in names.items():
                if isinstance(value, str):
                    if any(word in own for word in _words(value)):  # typing would read the class's names first
                        raise TypeError(name)
                    value = _evaluate(value, module)
                if isinstance(value, (str, typing.ForwardRef)):
                    raise TypeError(name)
                out[name] = type(None) if value is None else value
    except Exception:  # noqa: BLE001 - a hint this shortcut does not handle: typing's own way
        return typing.get_type_hints(cls, include_extras=True)
    return out


@cache
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[A-Za-z_]\w*", text))


@cache
def _evaluate(text: str, module: str) -> Any:
    return eval(text, vars(sys.modules[module]))  # noqa: S307 - an annotation of the toolkit's own code


def hints(cls: type) -> dict[str, Any]:
    """The type hints of a model class, ``Annotated`` extras kept (evaluated once per class)."""
    return _hints(cls)


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
    simple = {
        str: _string,
        int: _integer,
        float: _number,
        bool: _boolean,
        Text: _text,
        Date: _date,
        Extension: _extension,
    }
    return simple[tp]


def _check_bounds(f: dataclasses.Field[Any], value: Any, node: Node, path: str, diags: list[Diagnostic]) -> Any:
    low, high = f.metadata.get("minimum"), f.metadata.get("maximum")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and ((low is not None and value < low) or (high is not None and value > high)):
        span = Phrase("span.minimum", low=low) if high is None else Phrase("span.range", low=low, high=high)
        diags.append(d.make(d.BAD_VALUE, node.loc.at(path), variant="bounds", path=path, span=span, value=value))
        return _INVALID
    pattern = f.metadata.get("pattern")
    if isinstance(value, str) and pattern and not re.match(pattern, value):
        diags.append(d.make(d.BAD_VALUE, node.loc.at(path), variant="pattern", value=value, name=f.name))
        return _INVALID
    return value


def invisible(char: str) -> bool:
    """A character that cannot be seen or that steers the text: controls (C0, C1, DEL), format
    characters (zero-width, bidi marks and overrides, BOM), line and paragraph separators."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def first_invisible(text: str, allowed: str = "") -> str | None:
    """The first character of ``text`` that :func:`invisible` names, other than those ``allowed``.

    Every such character is non-printable, so a printable text (most are) is answered by one call in C;
    otherwise only its distinct non-printable characters are looked up."""
    if text.isprintable():
        return None
    bad = {c for c in set(text) if not c.isprintable() and c not in allowed and invisible(c)}
    return next((c for c in text if c in bad), None) if bad else None


def check_id(value: str, node: Node, path: str, diags: list[Diagnostic]) -> Any:
    """An id must be visible: not empty or blank, no control or invisible characters, no outer spaces."""
    if value.isprintable() and value.strip() == value and value:
        return value  # nearly every id: printable (so nothing invisible), no outer spaces, not empty
    where = node.loc.at(path)
    if not value.strip() or all(invisible(c) for c in value.strip()):
        diags.append(d.make(d.BAD_ID, where, path=path))
        return _INVALID
    bad = first_invisible(value)
    if bad is not None:
        name = unicodedata.name(bad, "")
        char = f"U+{ord(bad):04X}" + (f" {name}" if name else "")
        diags.append(d.make(d.BAD_ID, where, variant="character", path=path, char=char))
        return _INVALID
    if value != value.strip():
        diags.append(d.make(d.BAD_ID, where, variant="space", path=path))
        return _INVALID
    return value


IDENTITY = frozenset({"kind", "id", "code", "competency", "unit"})
"""Fields that name an object: without a usable one the object is left out (its finding says why)."""


def placeholder(tp: Any) -> Any:
    """A neutral stand-in of type ``tp`` for a required field whose value was unusable (the object
    marks the field invalid, and checks that need it skip the object)."""
    tp, nullable = _optional(tp)
    origin = typing.get_origin(tp)
    if nullable:
        return None
    if origin is typing.Annotated or origin is tuple:
        return ()
    if origin is Literal:
        return ""
    if tp is Text:
        return Text({"": ""})
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        needed = {f.name for f in _fields(tp) if required(f)}
        return tp(**{n: placeholder(_hints(tp)[n]) for n in needed}, invalid=frozenset(needed))  # type: ignore[call-arg]
    return {int: 0, float: 0.0, bool: False}.get(tp, "")


@cache
def _dataclass(cls: type) -> Convert:
    fields = _fields(cls)
    names = [f.name for f in fields]
    converters: dict[str, Convert] = {}  # filled on first use: the model is recursive (Item.items)
    needed = frozenset(f.name for f in fields if required(f))
    identity = needed & IDENTITY
    bounded = {f.name: f for f in fields if {"minimum", "maximum", "pattern"} & set(f.metadata)}

    def convert(node: Node, path: str, diags: list[Diagnostic]) -> Any:
        if not converters:
            converters.update({f.name: _field_converter(_hints(cls)[f.name]) for f in fields})
        if not isinstance(node, Map):
            return _wrong(node, path or ".", Phrase("want.mapping"), diags)
        loc = node.loc
        values: dict[str, Any] = {}
        keys: list[str] = []
        positions = [loc.line, loc.column]
        invalid: set[str] = set()
        for key, sub in node.items():
            where = intern(f"{path}.{key}") if path else key
            convert_field = converters.get(key)
            if convert_field is None:
                where_key = node.keylocs[key].at(where)
                diags.append(d.make(d.UNKNOWN_FIELD, where_key, suggest=closest(key, names), key=key, names=names))
                continue
            if type(sub) is Scalar and sub.tag == "null" and key not in needed:
                continue  # an empty optional field is an absent one
            value = convert_field(sub, where, diags)
            if key == "id" and isinstance(value, str):
                value = check_id(value, sub, where, diags)
            if value is not _INVALID and key in bounded:
                value = _check_bounds(bounded[key], value, sub, where, diags)
            keys.append(key)
            where_sub = sub.loc
            positions += (where_sub.line, where_sub.column)
            if value is _INVALID:
                invalid.add(key)
                continue
            values[key] = value
            if type(sub) is Seq:
                keys += _item_keys(key, len(sub))
                for item in sub:
                    where_item = item.loc
                    positions += (where_item.line, where_item.column)
        if not node.keys() >= needed:
            for f in fields:
                if f.name in needed and f.name not in node:
                    full = f"{path}.{f.name}" if path else f.name
                    what = term("object", cls.__name__.lower())
                    where_object = loc.at(path)
                    diags.append(
                        d.make(
                            d.MISSING_FIELD, where_object, path=full, object=what, name=f.name, doc=f.metadata["doc"]
                        )
                    )
                    invalid.add(f.name)
        if invalid:
            if not invalid.isdisjoint(identity):
                return _INVALID  # an object without a usable name cannot be referred to: its finding stands alone
            for name in invalid:
                if name in needed:
                    values[name] = placeholder(_hints(cls)[name])
        spots = _spots(loc.file)
        at = shared_int(len(spots.data))
        spots.data.extend(positions)
        shape = Shape.of(tuple(keys))
        return cls(**values, _spots=spots, _at=at, _shape=shape, _path=path, invalid=frozenset(invalid))

    return convert


def convert_document(root: Node, file: str, max_text: int | None = None) -> tuple[ModelNode | None, list[Diagnostic]]:
    """Convert one file's root node to a Framework, Qualification or Programme (``max_text``: the
    longest text accepted, the ``max_text_chars`` setting)."""
    token = MAX_TEXT_CHARS.set(max_text) if max_text is not None else None
    spots = SPOTS.set(Spots(root.loc.file))
    try:
        return _convert_document(root, file)
    finally:
        SPOTS.reset(spots)
        if token is not None:
            MAX_TEXT_CHARS.reset(token)


def _convert_document(root: Node, file: str) -> tuple[ModelNode | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if not isinstance(root, Map):
        shape = Phrase("actual.list" if isinstance(root, Seq) else "actual.single")
        return None, [d.make(d.WRONG_TYPE, root.loc, variant="document", shape=shape, kind=_expected_kind(file))]
    kind_node = root.get("kind")
    kind = kind_node.value if isinstance(kind_node, Scalar) and isinstance(kind_node.value, str) else None
    if kind is None or kind not in KINDS:
        where = kind_node.loc if kind_node is not None else root.loc
        if kind:
            found = d.make(d.UNKNOWN_KIND, where.at("kind"), suggest=closest(kind, KINDS), kinds=list(KINDS), kind=kind)
        else:
            found = d.make(
                d.UNKNOWN_KIND, where.at("kind"), variant="missing", kinds=list(KINDS), expected=_expected_kind(file)
            )
        return None, [found]
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
    if tp is Extension:
        return {"type": "object"}
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
