"""Find a catalogue's files, load and convert them, and index what they define.

A catalogue is a folder with ``competencies/`` (frameworks and qualifications), ``programmes/``
and usually ``mkdocs.yml``. :func:`load_catalogue` reads every file, collecting diagnostics, and
returns a :class:`Catalogue`; nothing here judges references or coverage (see ``validate`` and
``checks``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import diagnostics as d
from .diagnostics import Diagnostic
from .discover import DATA_DIRS, Unusable, discover
from .document import read_document
from .load import Loc
from .model import Figures, Framework, Item, Programme, Qualification, Standard, Term, Vocabulary
from .settings import CONFIG_NAMES, Settings, load_settings

if TYPE_CHECKING:
    from .cache import Store

PACKAGE_VOCABULARIES = Path(__file__).resolve().parent / "vocabularies"
PACKAGE_STANDARDS = Path(__file__).resolve().parent / "standards"
PACKAGE_PREFIX = "<curriculum>/"


@dataclass
class FrameworkIndex:
    """A framework's items by id, with parents and children."""

    framework: Framework
    items: dict[str, Item] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    children: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, framework: Framework) -> FrameworkIndex:
        index = cls(framework)
        stack: list[tuple[Item, str | None]] = [(i, None) for i in reversed(framework.items)]
        index.children[None] = [i.id for i in framework.items]
        while stack:
            item, parent = stack.pop()
            if item.id not in index.items:
                index.items[item.id] = item
                index.parent[item.id] = parent
            index.children[item.id] = [c.id for c in item.items]
            stack.extend((c, item.id) for c in reversed(item.items))
        return index

    def leaves(self, item_id: str | None = None) -> list[str]:
        """Leaf item ids under ``item_id`` (the whole framework for None), in document order."""
        out: list[str] = []
        stack = list(reversed(self.children.get(item_id, [])))
        if item_id is not None and not stack:
            return [item_id]
        while stack:
            current = stack.pop()
            kids = self.children.get(current, [])
            if kids:
                stack.extend(reversed(kids))
            else:
                out.append(current)
        return out

    def ancestors(self, item_id: str) -> list[str]:
        out = []
        parent = self.parent.get(item_id)
        while parent is not None:
            out.append(parent)
            parent = self.parent.get(parent)
        return out

    def top(self, item_id: str) -> str:
        """The top-level item (e.g. WorldSkills section) that ``item_id`` belongs to."""
        chain = self.ancestors(item_id)
        return chain[-1] if chain else item_id


@dataclass
class Catalogue:
    root: Path
    settings: Settings
    frameworks: dict[str, Framework] = field(default_factory=dict)
    indexes: dict[str, FrameworkIndex] = field(default_factory=dict)
    qualifications: dict[str, Qualification] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    figures: dict[str, Figures] = field(default_factory=dict)  # declared figures (``kind: figures``), by set id
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    duplicates: list[tuple[str, object, object]] = field(default_factory=list)
    unread: dict[str, Loc] = field(default_factory=dict)  # files that could not be used → where it failed
    keys: dict[str, str] = field(default_factory=dict)  # file → hash of its name and bytes (a cached load only)
    sources: dict[str, str] = field(default_factory=dict)  # programme id → its file

    def qualification(self, code: str, programme: Programme | None = None) -> Qualification | None:
        """The qualification with ``code``; an HE code is matched to the programme's provider."""
        if code in self.qualifications:
            return self.qualifications[code]
        matches = [q for key, q in self.qualifications.items() if key.endswith("/" + code)]
        if programme is not None:
            names = set(programme.provider.name.values.values())
            matches = [q for q in matches if q.provider in names]
        return matches[0] if matches else None

    def term(self, vocabulary: str, term: str) -> Term | None:
        """The term ``term`` of vocabulary ``vocabulary`` (the catalogue's own, else the toolkit's)."""
        return self.terms.get(vocabulary, {}).get(term)

    def item(self, ref: str) -> Item | None:
        framework, _, item = ref.partition(":")
        index = self.indexes.get(framework)
        return index.items.get(item) if index else None


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a catalogue."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / n).is_file() for n in CONFIG_NAMES) or any((folder / n).is_dir() for n in DATA_DIRS):
            return folder
    return None


def data_files(root: Path) -> list[Path]:
    """Every readable YAML file under the data folders, in a stable order (see :mod:`.discover`)."""
    return discover(root)[0]


class Pending:
    """A programme or framework read from the cache whose model is not needed yet (see :class:`Lazy`)."""

    __slots__ = ("id", "file", "load", "kind")

    def __init__(self, pid: str, file: str, load: Callable[[], Any], kind: type = Programme) -> None:
        self.id = pid
        self.file = file
        self.load = load
        self.kind = kind


class Lazy(dict):  # type: ignore[type-arg]
    """A table of a cached load whose entries may still be in the cache (:class:`Pending`): a programme
    whose checks are reused, or a framework that no programme checked again uses, is not even
    unpickled; it is read the first time anything asks for it."""

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if isinstance(value, Pending):
            value = value.load()
            dict.__setitem__(self, key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 - self.get would be this method

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[k] for k in list(self)]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(k, self[k]) for k in list(self)]

    def loaded(self, key: str) -> bool:
        return not isinstance(dict.get(self, key), Pending)


def file_of(table: dict[str, Any], key: str) -> str | None:
    """The file of ``table[key]`` (a programme or framework) without reading it from the cache."""
    value = dict.get(table, key)
    if value is None:
        return None
    return value.file if isinstance(value, Pending) else value.loc.file  # type: ignore[no-any-return]


def load_catalogue(root: Path, store: Store | None = None) -> Catalogue:
    """Load every file of the catalogue at ``root`` (through ``store``, the cache, when given)."""
    settings, diags = load_settings(root)
    catalogue = Catalogue(root=root, settings=settings, diagnostics=list(diags))
    heads = Heads(store) if store is not None and store.enabled else None
    if store is not None:
        catalogue.programmes = Lazy()
        catalogue.frameworks = Lazy()
        catalogue.indexes = Lazy()
    _package_vocabularies(catalogue, store, heads)
    _package_standards(catalogue, store, heads)
    files, unusable = discover(root)
    if not files and not unusable:
        catalogue.diagnostics.append(d.make(d.NO_CATALOGUE, Loc(".", 1, 1)))
    for u in unusable:
        rel = u.path.relative_to(root).as_posix()
        catalogue.files.append(rel)
        found = _unusable(u, rel)
        catalogue.diagnostics.append(found)
        catalogue.unread[rel] = Loc(rel, 1, 1)
    for path, rel in zip(files, relative(root, files), strict=True):
        catalogue.files.append(rel)
        if store is not None:
            obj, problems, parsed = _read_cached(catalogue, store, path, rel, settings.max_text_chars, heads)
        else:
            obj, problems, parsed = read_document(path, rel, max_text=settings.max_text_chars)
        catalogue.diagnostics += problems
        if obj is None:
            usable = [x for x in problems if x.code not in (d.UNKNOWN_FIELD, d.FORMAT_OLD)] or problems
            catalogue.unread[rel] = _cause(problems if not parsed else usable, rel)
        else:
            _register(catalogue, obj)
    if heads is not None:
        heads.save()
    return catalogue


class Heads:
    """What a cached load knows of each file before its model (its findings, whether it parsed, its kind and
    id: the head), for every file of the last load in one entry, by content hash: a re-check reads one entry
    instead of one per file. A file's content hash (with the text limit) still decides: a head is taken
    only for the bytes it was made from, and a file missing from the entry has its head read from its own."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.name = store.name("heads", kind="i")
        found = store.get(self.name)
        self.known: dict[tuple[str, str], Any] = found if isinstance(found, dict) else {}
        self.now: dict[tuple[str, str], Any] = {}

    def get(self, key: str, limit: str, name: str) -> Any:
        head = self.known.get((key, limit))
        if isinstance(head, tuple) and len(head) == 4:
            self.store.keep(name)
        else:
            head = self.store.get(name)
        if head is not None:
            self.now[(key, limit)] = head
        return head

    def put(self, key: str, limit: str, name: str, head: tuple[Any, ...]) -> None:
        self.store.put(name, head)
        self.now[(key, limit)] = head

    def save(self) -> None:
        """Keep the heads of this load (the entry written again only when a file changed, came or went)."""
        if self.now.keys() != self.known.keys():
            self.store.put(self.name, self.now)
        else:
            self.store.keep(self.name)


def relative(root: Path, files: list[Path]) -> list[str]:
    """Each of ``files`` (under ``root``) relative to ``root``, in the form findings name files by."""
    base = str(root)
    cut = len(base) + 1
    out = []
    for path in files:
        text = str(path)
        if text.startswith(base) and text[cut - 1 : cut] == os.sep and not base.endswith(os.sep) and base != ".":
            out.append(text[cut:].replace(os.sep, "/"))
        else:
            out.append(path.relative_to(root).as_posix())
    return out


def _read_cached(
    catalogue: Catalogue, store: Store, path: Path, rel: str, max_text: int | None, heads: Heads | None = None
) -> tuple[object | None, list[Diagnostic], bool]:
    """:func:`read_document` through the cache: an unchanged file is not parsed again, and an unchanged
    programme's model is left in the cache until something asks for it."""
    from .cache import content_hash

    try:
        data = path.read_bytes()
    except OSError:
        return read_document(path, rel, max_text=max_text)
    key = catalogue.keys[rel] = content_hash(rel.encode("utf-8", "surrogateescape") + b"\0" + data)
    limit = str(max_text)
    head_name = store.name(key, limit, kind="h")
    model_name = store.name(key, limit, kind="m")
    head = store.get(head_name) if heads is None else heads.get(key, limit, head_name)
    if head is not None:
        problems, parsed, kind, pid = head
        if kind is None:
            return None, problems, parsed
        if kind in LAZY:
            cls = LAZY[kind]

            def load() -> Any:
                obj = store.get(model_name)
                if not isinstance(obj, cls):  # gone or not to be trusted since: read the file again
                    obj = read_document(path, rel, max_text=max_text)[0]
                return obj

            store.keep(model_name)
            return Pending(pid, rel, load, cls), problems, parsed
        obj = store.get(model_name)
        if obj is not None:
            return obj, problems, parsed
    obj, problems, parsed = read_document(path, rel, max_text=max_text, data=data)
    kind = None if obj is None else next((k for k, c in LAZY.items() if isinstance(obj, c)), "model")
    head = (problems, parsed, kind, getattr(obj, "id", None))
    if heads is None:
        store.put(head_name, head)
    else:
        heads.put(key, limit, head_name, head)
    if obj is not None:
        store.put(model_name, obj)
    return obj, problems, parsed


LAZY: dict[str, type] = {"programme": Programme, "framework": Framework}  # left in the cache until asked for


def _unusable(u: Unusable, rel: str) -> Diagnostic:
    where = Loc(rel, 1, 1)
    if u.why == "dangling":
        return d.make(d.UNREADABLE, where, variant="dangling", target=u.detail)
    if u.why == "folder":
        return d.make(d.UNREADABLE, where, variant="folder", reason=u.detail)
    if u.why == "loop":
        return d.make(d.UNREADABLE, where, variant="loop")
    return d.make(d.UNREADABLE, where, variant="special")


def _cause(problems: list[Diagnostic], file: str) -> Loc:
    """Where the finding that made ``file`` unusable stands."""
    return next((Loc(x.file, x.line, x.column) for x in problems), Loc(file, 1, 1))


def _read_package(
    catalogue: Catalogue, store: Store | None, path: Path, display: str, heads: Heads | None = None
) -> tuple[object | None, list[Diagnostic]]:
    if store is None:
        return read_document(path, display)[:2]
    return _read_cached(catalogue, store, path, display, None, heads)[:2]  # the toolkit's own: no text limit


def _package_vocabularies(catalogue: Catalogue, store: Store | None = None, heads: Heads | None = None) -> None:
    """The vocabularies shipped with the toolkit; a catalogue file with the same id replaces one."""
    for path in sorted(PACKAGE_VOCABULARIES.glob("*.yml")):
        obj, problems = _read_package(catalogue, store, path, PACKAGE_PREFIX + "vocabularies/" + path.name, heads)
        catalogue.diagnostics += problems
        if isinstance(obj, Vocabulary):
            _add_vocabulary(catalogue, obj)


def _package_standards(catalogue: Catalogue, store: Store | None = None, heads: Heads | None = None) -> None:
    """The accreditation standards shipped with the toolkit (ESG 2015 Part 1); a catalogue file with the
    same id replaces one."""
    for path in sorted(PACKAGE_STANDARDS.glob("*.yml")):
        obj, problems = _read_package(catalogue, store, path, PACKAGE_PREFIX + "standards/" + path.name, heads)
        catalogue.diagnostics += problems
        if isinstance(obj, Standard):
            catalogue.standards[obj.id] = obj


def _add_vocabulary(catalogue: Catalogue, vocabulary: Vocabulary) -> None:
    catalogue.vocabularies[vocabulary.id] = vocabulary
    terms = catalogue.terms[vocabulary.id] = {}
    for t in vocabulary.terms:
        terms.setdefault(t.id, t)  # a repeated id is reported by validation; the first one counts


def _register(catalogue: Catalogue, obj: object) -> None:
    if isinstance(obj, Vocabulary):
        shipped = catalogue.vocabularies.get(obj.id)
        if shipped is not None and shipped.loc.file.startswith(PACKAGE_PREFIX):
            del catalogue.vocabularies[obj.id]  # the catalogue's own list replaces the toolkit's
        if obj.id in catalogue.vocabularies:
            catalogue.duplicates.append((obj.id, catalogue.vocabularies[obj.id], obj))
            return
        _add_vocabulary(catalogue, obj)
        return
    if isinstance(obj, Standard):
        shipped_standard = catalogue.standards.get(obj.id)
        if shipped_standard is not None and shipped_standard.loc.file.startswith(PACKAGE_PREFIX):
            del catalogue.standards[obj.id]  # the catalogue's own edition replaces the toolkit's
        if obj.id in catalogue.standards:
            catalogue.duplicates.append((obj.id, catalogue.standards[obj.id], obj))
            return
        catalogue.standards[obj.id] = obj
        return
    kind = obj.kind if isinstance(obj, Pending) else type(obj)
    if issubclass(kind, Framework):
        table: dict[str, object] = catalogue.frameworks  # type: ignore[assignment]
        key = obj.id  # type: ignore[attr-defined]
    elif isinstance(obj, Qualification):
        table, key = catalogue.qualifications, obj.code  # type: ignore[assignment]
        if obj.provider:
            key = f"{obj.provider}/{obj.code}"
    elif issubclass(kind, Programme):
        table, key = catalogue.programmes, obj.id  # type: ignore[assignment, attr-defined]
    elif isinstance(obj, Figures):
        table, key = catalogue.figures, obj.id  # type: ignore[assignment]
    else:  # pragma: no cover - KINDS lists only these
        return
    if key in table:
        catalogue.duplicates.append((key, table[key], obj.load() if isinstance(obj, Pending) else obj))
        return
    if issubclass(kind, Programme):
        catalogue.sources[key] = obj.file if isinstance(obj, Pending) else obj.loc.file  # type: ignore[attr-defined]
    dict.__setitem__(table, key, obj)
    if isinstance(obj, Framework):
        dict.__setitem__(catalogue.indexes, obj.id, FrameworkIndex.build(obj))
    elif isinstance(obj, Pending) and issubclass(kind, Framework):
        frameworks = catalogue.frameworks
        later = Pending(key, obj.file, lambda: FrameworkIndex.build(frameworks[key]), FrameworkIndex)
        dict.__setitem__(catalogue.indexes, key, later)  # type: ignore[misc]
