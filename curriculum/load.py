"""Read YAML into plain nodes that remember file, line and column.

PyYAML's libyaml parser (``CSafeLoader``) produces the events; this module builds the tree itself,
without recursion, so that it can refuse what PyYAML would let through silently or crash on:
duplicate keys, alias bombs, very deep nesting, non-UTF-8 bytes, several documents, unknown tags.
Scalars keep their source text, so that later stages can tell ``012`` the id from ``10`` the number.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator
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


class _Builder:
    def __init__(self, file: str, any_tag: bool = False) -> None:
        self.file = file
        self.any_tag = any_tag
        self.stack: list[list[Any]] = []  # frames: [container, pending key, key loc, count0]
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.count = 0  # nodes in the source
        self.total = 0  # nodes after alias expansion
        self.expanded = 0
        self.root: Node | None = None
        self.documents = 0
        self.duplicates: list[Diagnostic] = []
        self.merged: set[tuple[int, str]] = set()

    def handlers(self) -> dict[type, Any]:
        """What to do with each kind of event, by the event's class (the others need nothing)."""
        events = yaml.events
        return {
            events.ScalarEvent: self.scalar,
            events.DocumentStartEvent: self.document,
            events.AliasEvent: self._alias,
            events.MappingStartEvent: self.open_map,
            events.SequenceStartEvent: self.open_seq,
            events.MappingEndEvent: self.close,
            events.SequenceEndEvent: self.close,
        }

    def scalar(self, event: Any) -> None:
        self.count += 1
        self.total += 1
        self._add(_scalar(event, self.file, self.any_tag), event.anchor, 1)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise LoadError(d.make(d.MULTI_DOC, _loc(self.file, event.start_mark)))

    def open_map(self, event: Any) -> None:
        self._open(event, Map)

    def open_seq(self, event: Any) -> None:
        self._open(event, Seq)

    def close(self, event: Any) -> None:
        container, _, _, total0, anchor = self.stack.pop()
        self.count += 1
        self.total += 1
        self._add(container, anchor, self.total - total0)

    def _open(self, event: Any, cls: type) -> None:
        loc = _loc(self.file, event.start_mark)
        if event.tag not in (None, "!", YAML_TAG + "map", YAML_TAG + "seq") and not self.any_tag:
            raise LoadError(d.make(d.UNKNOWN_TAG, loc, tag=event.tag))
        if len(self.stack) >= MAX_DEPTH:
            raise LoadError(d.make(d.TOO_DEEP, loc, limit=MAX_DEPTH))
        self.stack.append([cls(loc), None, None, self.total, event.anchor])

    def _alias(self, event: Any) -> None:
        loc = _loc(self.file, event.start_mark)
        if event.anchor not in self.anchors:
            raise LoadError(d.make(d.YAML_SYNTAX, loc, variant="alias", anchor=event.anchor))
        node, size = self.anchors[event.anchor]
        self.expanded += size
        self.total += size
        if self.expanded > ALIAS_BUDGET and self.expanded > 10 * self.count:
            raise LoadError(d.make(d.ALIAS_BOMB, loc, budget=ALIAS_BUDGET))
        self._add(node, None, size)

    def _add(self, node: Node, anchor: str | None, size: int) -> None:
        if anchor:
            self.anchors[anchor] = (node, size)
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, Seq):
            container.append(node)
        elif frame[1] is None and frame[2] is None:
            if not isinstance(node, Scalar):
                raise LoadError(d.make(d.WRONG_TYPE, node.loc, variant="key"))
            frame[1], frame[2] = ("<<" if node.tag == "merge" else node.raw), node.loc
        else:
            self._set(container, frame[1], frame[2], node)
            frame[1] = frame[2] = None

    def _set(self, container: Map, key: str, keyloc: Loc, node: Node) -> None:
        if key == "<<":
            sources = node if isinstance(node, Seq) else [node]
            for source in sources:
                if not isinstance(source, Map):
                    raise LoadError(d.make(d.WRONG_TYPE, keyloc, variant="merge"))
                for k, v in source.items():
                    if k not in container:
                        container[k] = v
                        container.keylocs[k] = source.keylocs[k]
                        self.merged.add((id(container), k))
            return
        if key in container and (id(container), key) not in self.merged:
            first = container.keylocs[key]
            again = d.make(
                d.DUPLICATE_KEY, keyloc, key=key, first=first.line, related=[d.related(first, "first-given")]
            )
            self.duplicates.append(again)
        self.merged.discard((id(container), key))
        container[key] = node
        container.keylocs[key] = keyloc


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
    builder = _Builder(file, any_tag)
    try:
        with no_gc():
            loader = _Loader(text)
            try:
                get, handlers = loader.get_event, builder.handlers()
                event = get()
                while event is not None:
                    handler = handlers.get(type(event))
                    if handler is not None:
                        handler(event)
                    event = get()
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
    root = builder.root
    if root is None or (isinstance(root, Scalar) and root.tag == "null"):
        return None, [d.make(d.EMPTY_FILE, Loc(file, 1, 1))]
    return root, builder.duplicates


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
