"""Read YAML into plain nodes that remember file, line and column.

PyYAML's libyaml parser (``CSafeLoader``) produces the events; this module builds the tree itself,
without recursion, so that it can refuse what PyYAML would let through silently or crash on:
duplicate keys, alias bombs, very deep nesting, non-UTF-8 bytes, several documents, unknown tags.
Scalars keep their source text, so that later stages can tell ``012`` the id from ``10`` the number.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from sys import intern
from typing import Any, NamedTuple, Union

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from . import diagnostics as d
from .diagnostics import Diagnostic
from .messages import term

try:  # pragma: no cover - which branch runs depends on the PyYAML build
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
ALIAS_BUDGET = 100_000
YAML_TAG = "tag:yaml.org,2002:"
KNOWN_TAGS = {"str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"}


class Loc(NamedTuple):
    """A position in a source file (1-based line and column) and the YAML path to it."""

    file: str
    line: int
    column: int
    path: str = ""

    def at(self, path: str) -> Loc:
        return Loc(self.file, self.line, self.column, path)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Spots:
    """Where the objects of one file and their fields were written, as ints: two (line, column) per
    position in one array per file. A model object keeps its offset into it and its :class:`Shape`;
    a :class:`Loc` is made only when a finding or a page asks for one."""

    __slots__ = ("file", "data")

    def __init__(self, file: str) -> None:
        self.file = file
        self.data = array("i")

    def loc(self, at: int, path: str = "") -> Loc:
        data = self.data
        return Loc(self.file, data[at], data[at + 1], path)


class Shape:
    """The keys of an object's positions in :class:`Spots`, in order (shared by every object written
    with the same keys); ``own`` is the key that answers with the object's own position and path."""

    __slots__ = ("keys", "index", "own")
    _known: dict[tuple[tuple[str, ...], str], Shape] = {}

    def __init__(self, keys: tuple[str, ...], own: str) -> None:
        self.keys = keys
        self.index = {k: i for i, k in enumerate(keys)}
        self.own = own

    @classmethod
    def of(cls, keys: tuple[str, ...], own: str = "") -> Shape:
        """The shared shape of ``keys`` (one of its own for a long list: those are not kept for the
        process's life, so that a long-running process does not accumulate them)."""
        if len(keys) > SHARED_SHAPE:
            return cls(keys, own)
        found = cls._known.get((keys, own))
        if found is None:
            found = cls._known[(keys, own)] = cls(keys, own)
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return Shape.of, (self.keys, self.own)


SHARED_SHAPE = 64
NO_SHAPE = Shape.of(())


class Scalar:
    """A scalar value with its source text, resolved YAML tag and position."""

    __slots__ = ("value", "raw", "tag", "plain", "loc")

    def __init__(self, value: Any, raw: str, tag: str, plain: bool, loc: Loc) -> None:
        self.value = value
        self.raw = raw
        self.tag = tag  # short tag: str, int, float, bool, null, timestamp
        self.plain = plain  # True when the tag came from YAML 1.1 implicit resolution
        self.loc = loc

    def __repr__(self) -> str:
        return f"Scalar({self.raw!r}, {self.tag})"


class Map(dict):  # type: ignore[type-arg]
    """A mapping of key text to node; remembers where it and each key stand."""

    __slots__ = ("loc", "keylocs")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.keylocs: dict[str, Loc] = {}


class Seq(list):  # type: ignore[type-arg]
    """A sequence of nodes that remembers where it starts."""

    __slots__ = ("loc",)

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc


Node = Union[Map, Seq, Scalar]


class LoadError(Exception):
    """Raised inside the builder; carries the diagnostic that stops reading this file."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_constructor = SafeConstructor()
_resolvers = Resolver.yaml_implicit_resolvers


def _resolve(value: str) -> str:
    if len(value) <= INTERN_MAX:
        found = _RESOLVED.get(value)
        if found is None:
            found = _resolve_text(value)
            if len(_RESOLVED) < MEMO_MAX:
                _RESOLVED[value] = found
        return found
    return _resolve_text(value)


def _resolve_text(value: str) -> str:
    for tag, regexp in _resolvers.get(value[:1], ()):
        if regexp.match(value):
            return tag[len(YAML_TAG) :]
    return "str"


MEMO_MAX = 100_000
_RESOLVED: dict[str, str] = {}  # short plain scalar -> its implicit tag (the same few texts again and again)
_READ: dict[tuple[str, str], Any] = {}  # (tag, short text) -> its value: ints, floats, booleans, dates


def _scalar(event: Any, file: str, any_tag: bool = False) -> Scalar:
    loc = _loc(file, event.start_mark)
    if len(event.value) <= INTERN_MAX:  # ids, references, levels, numbers: the same few strings again and again
        event.value = intern(event.value)
    tag = event.tag
    if tag in (None, "!"):
        plain = not event.style and event.implicit[0]
        short = _resolve(event.value) if plain else "str"
    elif tag.startswith(YAML_TAG) and tag[len(YAML_TAG) :] in KNOWN_TAGS:
        short, plain = tag[len(YAML_TAG) :], False
    elif any_tag:
        return Scalar(event.value, event.value, "str", False, loc)
    else:
        raise LoadError(d.make(d.UNKNOWN_TAG, loc, tag=tag))
    if short in ("str", "merge"):
        return Scalar(event.value, event.value, short, plain, loc)
    key = (short, event.value)
    value = _READ.get(key, _READ)
    if value is not _READ:
        return Scalar(value, event.value, short, plain, loc)
    try:
        node = ScalarNode(YAML_TAG + short, event.value)
        value = getattr(_constructor, f"construct_yaml_{short}")(node)
        if len(event.value) <= INTERN_MAX and len(_READ) < MEMO_MAX:  # every such value is immutable
            _READ[key] = value
    except (ValueError, yaml.YAMLError) as exc:
        if plain:  # looks like a number or date but is none (2025-09-31): text, judged by the schema
            return Scalar(event.value, event.value, "str", False, loc)
        error = d.make(
            d.WRONG_TYPE, loc, variant="scalar", value=event.value, type=term("scalar", short), error=str(exc)
        )
        raise LoadError(error) from None
    return Scalar(value, event.value, short, plain, loc)


def _loc(file: str, mark: Any) -> Loc:
    line, column = mark.line + 1, mark.column + 1
    return _new_loc(
        Loc, (file, _INTS[line] if line < POSITIONS else line, _INTS[column] if column < POSITIONS else column, "")
    )


_new_loc = tuple.__new__  # Loc(...) without the Python-level __new__ of a named tuple


POSITIONS = 1 << 16
_INTS = list(range(POSITIONS))  # one int object per line and column number, shared by every position


def shared_int(n: int) -> int:
    """``n`` as the one int object of its value (below 65,536), not a new one per use."""
    return _INTS[n] if 0 <= n < POSITIONS else n


INTERN_MAX = 64


_ScalarEvent = yaml.events.ScalarEvent
_MAP_START, _SEQ_START = yaml.events.MappingStartEvent, yaml.events.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.events.MappingEndEvent, yaml.events.SequenceEndEvent
_ALIAS, _DOCUMENT = yaml.events.AliasEvent, yaml.events.DocumentStartEvent
_COLLECTION_TAGS = (None, "!", YAML_TAG + "map", YAML_TAG + "seq")
_new = object.__new__
_new_map = dict.__new__
_new_seq = list.__new__


def _build(get: Callable[[], Any], file: str, any_tag: bool) -> tuple[Node | None, list[Diagnostic]]:
    """The tree of the events that ``get`` gives one by one (None at the end), without recursion; the
    root (None for no document) and the repeated keys. Raises :class:`LoadError` at the first event
    that stops the file: a second document, an unknown tag, too deep, an alias of nothing or an alias
    bomb, a key that is not a scalar, a merge of what is not a mapping.

    One loop with its state in local variables: it runs once per event of every file, which makes it
    the loader's hot spot. ``stack`` keeps the state of each enclosing container while a nested one is
    read: the container (None at the top), whether it is a list, its pending key and the key's
    position (None while a key is awaited), the node count when it opened, and its anchor."""
    stack: list[tuple[Any, bool, Any, Any, int, Any]] = []
    container: Any = None
    in_seq = False
    key: Any = None
    keyloc: Any = None
    total0 = 0
    open_anchor: Any = None
    anchors: dict[str, tuple[Node, int]] = {}
    count = total = expanded = documents = 0  # nodes in the source; after alias expansion; by aliases
    root: Node | None = None
    duplicates: list[Diagnostic] = []
    merged: set[tuple[int, str]] = set()
    ints, resolved, read = _INTS, _RESOLVED, _READ
    node: Any
    event = get()
    while event is not None:
        cls = type(event)
        if cls is _ScalarEvent:
            count += 1
            total += 1
            size = 1
            anchor = event.anchor
            tag = event.tag
            if tag is None or tag == "!":
                plain = not event.style and event.implicit[0]  # else quoted or block: a text, whatever it reads
                short = (resolved.get(event.value) or _resolve(event.value)) if plain else "str"
            else:
                short = ""  # an explicit tag: see _scalar
            if short == "str" or (short and (known := read.get((short, event.value), read)) is not read):
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                value = event.value
                if len(value) <= INTERN_MAX:  # ids, references, levels: the same few strings again and again
                    value = intern(value)
                node = _new(Scalar)
                node.value = value if short == "str" else known
                node.raw = value
                node.tag = short
                node.plain = plain
                node.loc = _new_loc(
                    Loc,
                    (
                        file,
                        ints[line] if line < POSITIONS else line,
                        ints[column] if column < POSITIONS else column,
                        "",
                    ),
                )
            else:
                node = _scalar(event, file, any_tag)
        elif cls is _MAP_END or cls is _SEQ_END:
            count += 1
            total += 1
            node, anchor, size = container, open_anchor, total - total0
            container, in_seq, key, keyloc, total0, open_anchor = stack.pop()
        elif cls is _MAP_START or cls is _SEQ_START:
            loc = _loc(file, event.start_mark)
            if event.tag not in _COLLECTION_TAGS and not any_tag:
                raise LoadError(d.make(d.UNKNOWN_TAG, loc, tag=event.tag))
            if len(stack) >= MAX_DEPTH:
                raise LoadError(d.make(d.TOO_DEEP, loc, limit=MAX_DEPTH))
            stack.append((container, in_seq, key, keyloc, total0, open_anchor))
            if cls is _MAP_START:
                container = _new_map(Map)
                container.keylocs = {}
                in_seq = False
            else:
                container = _new_seq(Seq)
                in_seq = True
            container.loc = loc
            key = keyloc = None
            total0, open_anchor = total, event.anchor
            event = get()
            continue
        elif cls is _ALIAS:
            loc = _loc(file, event.start_mark)
            if event.anchor not in anchors:
                raise LoadError(d.make(d.YAML_SYNTAX, loc, variant="alias", anchor=event.anchor))
            node, size = anchors[event.anchor]
            expanded += size
            total += size
            if expanded > ALIAS_BUDGET and expanded > 10 * count:
                raise LoadError(d.make(d.ALIAS_BOMB, loc, budget=ALIAS_BUDGET))
            anchor = None
        else:
            if cls is _DOCUMENT:
                documents += 1
                if documents > 1:
                    raise LoadError(d.make(d.MULTI_DOC, _loc(file, event.start_mark)))
            event = get()
            continue
        if anchor:
            anchors[anchor] = (node, size)
        if container is None:
            root = node
        elif in_seq:
            container.append(node)
        elif keyloc is None:
            if type(node) is not Scalar:
                raise LoadError(d.make(d.WRONG_TYPE, node.loc, variant="key"))
            key, keyloc = ("<<" if node.tag == "merge" else node.raw), node.loc
        else:
            if key == "<<":
                _merge(container, keyloc, node, merged)
            else:
                if key in container and (not merged or (id(container), key) not in merged):
                    first = container.keylocs[key]
                    again = d.make(
                        d.DUPLICATE_KEY, keyloc, key=key, first=first.line, related=[d.related(first, "first-given")]
                    )
                    duplicates.append(again)
                if merged:
                    merged.discard((id(container), key))
                container[key] = node
                container.keylocs[key] = keyloc
            key = keyloc = None
        event = get()
    return root, duplicates


def _merge(container: Map, keyloc: Loc, node: Node, merged: set[tuple[int, str]]) -> None:
    """``<<: node``: the keys of the mapping(s) ``node`` that ``container`` does not have yet (a key
    given after the merge replaces the merged one without being reported as repeated)."""
    sources = node if isinstance(node, Seq) else [node]
    for source in sources:
        if not isinstance(source, Map):
            raise LoadError(d.make(d.WRONG_TYPE, keyloc, variant="merge"))
        for k, v in source.items():
            if k not in container:
                container[k] = v
                container.keylocs[k] = source.keylocs[k]
                merged.add((id(container), k))


def _decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        loc = Loc(file, line, column)
        return None, [d.make(d.NOT_UTF8, loc, byte=f"{data[exc.start]:02x}")]


def load_text(text: str, file: str, any_tag: bool = False) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document; return its root node (None if unusable) and diagnostics.

    ``any_tag`` reads unknown tags as text (for ``mkdocs.yml``, whose ``!!python/name`` tags
    belong to MkDocs).
    """
    try:
        with no_gc():
            loader = _Loader(text)
            try:
                root, duplicates = _build(loader.get_event, file, any_tag)
            finally:
                loader.dispose()
    except LoadError as exc:
        return None, [exc.diagnostic]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(file, mark) if mark is not None else Loc(file, 1, 1)
        what = exc.problem or "invalid YAML"
        if "maximum nesting depth" in what:
            return None, [d.make(d.TOO_DEEP, loc, variant="parser")]
        if exc.context:
            what = f"{what} ({exc.context}" + (f" on line {exc.context_mark.line + 1})" if exc.context_mark else ")")
        return None, [d.make(d.YAML_SYNTAX, loc, variant=_syntax_hint(what), problem=what)]
    except yaml.YAMLError as exc:
        return None, [d.make(d.YAML_SYNTAX, Loc(file, 1, 1), problem=str(exc))]
    if root is None or (isinstance(root, Scalar) and root.tag == "null"):
        return None, [d.make(d.EMPTY_FILE, Loc(file, 1, 1))]
    return root, duplicates


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector: loading and checking make many objects and no garbage cycles,
    and with the whole catalogue in memory each collection would scan all of it again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _syntax_hint(problem: str) -> str:
    """The message variant of CUR001 whose hint suits the parser's ``problem``."""
    if "tab" in problem or "cannot start any token" in problem:
        return "tab"
    if "mapping values are not allowed" in problem:
        return "colon"
    if "could not find expected ':'" in problem:
        return "key"
    return "default"


def load_file(
    path: Path, display: str | None = None, any_tag: bool = False, data: bytes | None = None
) -> tuple[Node | None, list[Diagnostic]]:
    """Read and parse ``path``; ``display`` is the name used in diagnostics (``data``: its bytes, when
    already read)."""
    file = display or str(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, [d.make(d.UNREADABLE, Loc(file, 1, 1), reason=exc.strerror or str(exc))]
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    return load_text(text, file, any_tag)


def plain(node: Node | None) -> Any:
    """The node as plain Python data (for settings and tests)."""
    if isinstance(node, Map):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, Seq):
        return [plain(v) for v in node]
    return None if node is None else node.value
