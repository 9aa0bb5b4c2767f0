"""1EdTech CASE 1.1 (Competencies and Academic Standards Exchange) packages, in and out.

**Import** (:func:`import_packages`) reads CFPackage JSON files — ``CFDocument``, ``CFItems``,
``CFAssociations``, ``CFDefinitions``, ``CFRubrics`` — into a framework's YAML data: items, hierarchy from
``isChildOf`` associations in ``sequenceNumber`` order, ``humanCodingScheme`` as the item id when it is
usable and unique (else the position path, ``2.3.1``), item types, the document's language. Whatever the
framework's own fields cannot express stays under ``case:`` (the document, definitions, rubrics and other
associations on the framework; the item's own fields on each item) so that export restores it.

Two modes. **Strict** checks each object against the CASE 1.1 information model — required fields,
identifiers as RFC 4122 UUIDs in canonical (lower-case) form, URIs absolute, ``lastChangeDateTime`` as an
ISO 8601 date-time with a zone, dates as ``YYYY-MM-DD``, association types from the CASE vocabulary or an
``ext:`` extension type, ``extensions`` an object — and names the object and field of every violation;
nothing is written when there is one. **Lenient** (the default) repairs what real servers publish, each
repair a finding: upper-case or brace-wrapped UUIDs, missing ``fullStatement`` (the abbreviated statement,
coding scheme or identifier stands in), ``extensions: []``, dates in other forms, association types
spelt loosely.

**Export** (:func:`export_framework`, :func:`export_programme`) writes one package per language, because
CASE texts are single-language (``CFDocument.language``). Objects born in the catalogue get UUIDv5
identifiers derived from their ids and the language; imported ones keep theirs in their own language
(and derive the other languages' from them). ``lastChangeDateTime`` comes from the package the framework
was imported from, else from the git history of its file — never from the clock — so two exports of the
same catalogue are byte-identical. Each exported document and item carries
``extensions.curriculum`` (framework id, language, item id and the fields CASE has no place for), so
importing the kk, ru and en packages together gives back one framework with its three-language texts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import diagnostics as d
from ..diagnostics import Diagnostic
from ..load import Loc
from ..model import LANGUAGES, Framework, Item, Programme, Text
from .jsonpos import locate

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curriculum.invalid/case")
BASE_URI = "https://curriculum.invalid/ims/case/v1p1"
CASE_VERSION = "1.1"
ASSOCIATION_TYPES = (
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
)
EXT_TYPE = re.compile(r"^ext:[A-Za-z0-9._-]+$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
LOOSE_UUID = re.compile(
    r"^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$"
)
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
ITEM_ID = re.compile(r"^[^\s:]+$")
ITEM_TYPES = ("section", "function", "unit", "skill", "knowledge", "responsibility")
FRAMEWORK_TYPES = ("professional-standard", "worldskills", "employer", "nqf", "other")
EPOCH = "1970-01-01T00:00:00+00:00"

# Required fields by object kind (CASE 1.1 information model).
REQUIRED: dict[str, tuple[str, ...]] = {
    "CFDocument": ("identifier", "uri", "creator", "title", "lastChangeDateTime"),
    "CFItem": ("identifier", "uri", "fullStatement", "lastChangeDateTime"),
    "CFAssociation": (
        "identifier",
        "uri",
        "associationType",
        "originNodeURI",
        "destinationNodeURI",
        "lastChangeDateTime",
    ),
    "LinkURI": ("title", "identifier", "uri"),
    "CFDefinition": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFRubric": ("identifier", "uri", "lastChangeDateTime"),
}
DEFINITION_LISTS = ("CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings")
LINK_FIELDS = ("CFDocumentURI", "CFItemTypeURI", "licenseURI", "CFAssociationGroupingURI", "CFPackageURI")
STRICT_CODES = frozenset(
    {d.CASE_REQUIRED, d.CASE_UUID, d.CASE_URI, d.CASE_ASSOCIATION_TYPE, d.CASE_DATE, d.CASE_JSON_TYPE}
)

Path_ = tuple[str | int, ...]


# --------------------------------------------------------------------------- identifiers
def derived_id(*parts: str) -> str:
    """The UUIDv5 of an object born in the catalogue (or of another language's copy of an imported one)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def language_of(tag: Any) -> str:
    """kk, ru or en for a language tag (``ru-RU``, ``kaz``, ``EN``), else ``""``."""
    if not isinstance(tag, str):
        return ""
    base = tag.strip().lower().replace("_", "-").split("-")[0]
    return {"kaz": "kk", "kz": "kk", "rus": "ru", "eng": "en"}.get(base, base if base in LANGUAGES else "")


# --------------------------------------------------------------------------- import: checking and repairs
Maker = Callable[[Loc, bool], Diagnostic]


@dataclass
class Finding:
    code: str
    path: Path_
    make: Maker  # (place, strict) → the finding: a violation in strict mode, a repair otherwise


@dataclass
class Checker:
    """Checks one package against CASE 1.1 and repairs it in place (lenient), recording each finding."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, path: Path_, make: Maker) -> None:
        self.findings.append(Finding(code, path, make))

    def required(self, path: Path_, name: str, key: str, repair: str) -> None:
        self.add(
            d.CASE_REQUIRED,
            path,
            lambda at, strict: (
                d.make(d.CASE_REQUIRED, at, object=name, field=key)
                if strict
                else d.make(d.CASE_REQUIRED, at, variant="repaired", object=name, field=key, repair=repair)
            ),
        )

    def bad_uuid(self, path: Path_, name: str, key: str, value: str, repair: str | None) -> None:
        def make(at: Loc, strict: bool) -> Diagnostic:
            if strict:
                return d.make(d.CASE_UUID, at, object=name, field=key, value=value)
            if repair is None:
                return d.make(d.CASE_UUID, at, variant="version", object=name, field=key, value=value)
            return d.make(d.CASE_UUID, at, variant="repaired", object=name, field=key, value=value, repair=repair)

        self.add(d.CASE_UUID, path, make)

    def bad_uri(self, path: Path_, name: str, key: str, value: str, repair: str) -> None:
        self.add(
            d.CASE_URI,
            path,
            lambda at, strict: (
                d.make(d.CASE_URI, at, object=name, field=key, value=value)
                if strict
                else d.make(d.CASE_URI, at, variant="repaired", object=name, field=key, value=value, repair=repair)
            ),
        )

    def bad_type(self, path: Path_, name: str, value: str, repair: str) -> None:
        self.add(
            d.CASE_ASSOCIATION_TYPE,
            path,
            lambda at, strict: (
                d.make(d.CASE_ASSOCIATION_TYPE, at, object=name, value=value)
                if strict
                else d.make(d.CASE_ASSOCIATION_TYPE, at, variant="repaired", object=name, value=value, repair=repair)
            ),
        )

    def bad_date(self, path: Path_, name: str, key: str, value: str, repair: str, dropped: bool) -> None:
        def make(at: Loc, strict: bool) -> Diagnostic:
            if strict:
                return d.make(d.CASE_DATE, at, object=name, field=key, value=value)
            if dropped:
                return d.make(d.CASE_DATE, at, variant="dropped", object=name, field=key, value=value, repair=repair)
            return d.make(d.CASE_DATE, at, variant="repaired", object=name, field=key, value=value, repair=repair)

        self.add(d.CASE_DATE, path, make)

    def wrong_json(self, path: Path_, name: str, key: str, want: str, repair: str) -> None:
        self.add(
            d.CASE_JSON_TYPE,
            path,
            lambda at, strict: (
                d.make(d.CASE_JSON_TYPE, at, object=name, field=key, want=want)
                if strict
                else d.make(d.CASE_JSON_TYPE, at, variant="repaired", object=name, field=key, want=want, repair=repair)
            ),
        )

    def check_package(self, pkg: dict[str, Any]) -> None:
        doc = pkg.get("CFDocument")
        if not isinstance(doc, dict):
            self.required(("CFDocument",), "CFPackage", "CFDocument", "{}")
            doc = pkg["CFDocument"] = {}
        changed = self.obj(doc, ("CFDocument",), "CFDocument", "CFDocument", EPOCH)
        stamp = changed if isinstance(changed, str) else EPOCH
        for key in ("CFItems", "CFAssociations", "CFRubrics"):
            if key in pkg and not isinstance(pkg[key], list):
                self.wrong_json((key,), "CFPackage", key, "array", "[]")
                pkg[key] = []
        for i, item in enumerate(pkg.get("CFItems", [])):
            if isinstance(item, dict):
                self.obj(item, ("CFItems", i), f"CFItems[{i}]", "CFItem", stamp)
        for i, a in enumerate(pkg.get("CFAssociations", [])):
            if isinstance(a, dict):
                self.obj(a, ("CFAssociations", i), f"CFAssociations[{i}]", "CFAssociation", stamp)
        defs = pkg.get("CFDefinitions")
        if isinstance(defs, dict):
            for key in DEFINITION_LISTS:
                for i, x in enumerate(defs.get(key, []) if isinstance(defs.get(key), list) else []):
                    if isinstance(x, dict):
                        where = ("CFDefinitions", key, i)
                        self.obj(x, where, f"CFDefinitions.{key}[{i}]", "CFDefinition", stamp)
        for i, r in enumerate(pkg.get("CFRubrics", [])):
            if isinstance(r, dict):
                self.obj(r, ("CFRubrics", i), f"CFRubrics[{i}]", "CFRubric", stamp)

    def obj(self, o: dict[str, Any], path: Path_, name: str, kind: str, stamp: str) -> Any:
        """Check object ``o`` of ``kind`` at ``path``; returns its (repaired) lastChangeDateTime."""
        for key in REQUIRED[kind]:
            if key not in o or o[key] is None or o[key] == "":
                self.missing(o, path, name, kind, key, stamp)
        if "identifier" in o:
            o["identifier"] = self.uuid(o["identifier"], (*path, "identifier"), name, "identifier")
        if "uri" in o:
            self.uri(o, (*path, "uri"), name, "uri")
        for key in ("lastChangeDateTime",):
            if key in o:
                o[key] = self.datetime(o[key], (*path, key), name, key, stamp)
        for key in ("statusStartDate", "statusEndDate"):
            if key in o:
                fixed = self.date(o[key], (*path, key), name, key)
                if fixed is None:
                    del o[key]
                else:
                    o[key] = fixed
        if "extensions" in o and not isinstance(o["extensions"], dict):
            value = o["extensions"]
            repaired: dict[str, Any] = {} if value in ([], None, "") else {"value": value}
            self.wrong_json((*path, "extensions"), name, "extensions", "object", json.dumps(repaired))
            o["extensions"] = repaired
        if kind == "CFItem" and "fullStatement" in o and not isinstance(o["fullStatement"], str):
            repair = json.dumps(str(o["fullStatement"]), ensure_ascii=False)
            self.wrong_json((*path, "fullStatement"), name, "fullStatement", "string", repair)
            o["fullStatement"] = str(o["fullStatement"])
        if kind == "CFAssociation" and "associationType" in o:
            o["associationType"] = self.association_type(o["associationType"], (*path, "associationType"), name)
        for key in (*LINK_FIELDS, "originNodeURI", "destinationNodeURI"):
            link = o.get(key)
            if isinstance(link, dict):
                self.link(link, (*path, key), f"{name}.{key}")
            elif key in o and link is not None:
                self.wrong_json((*path, key), name, key, "object", "—")
                del o[key]
        return o.get("lastChangeDateTime")

    def missing(self, o: dict[str, Any], path: Path_, name: str, kind: str, key: str, stamp: str) -> None:
        if key == "identifier":
            basis = o.get("uri") if isinstance(o.get("uri"), str) else name
            m = LOOSE_UUID.match(str(basis).rsplit("/", 1)[-1])
            o[key] = "-".join(m.groups()).lower() if m else derived_id("import", str(basis))
            repair = o[key]
        elif key == "uri":
            o[key] = f"urn:uuid:{o.get('identifier', derived_id('import', name))}"
            repair = o[key]
        elif key == "lastChangeDateTime":
            o[key] = stamp
            repair = stamp
        elif key == "fullStatement":
            stand_in = next((k for k in ("abbreviatedStatement", "humanCodingScheme") if o.get(k)), "identifier")
            o[key] = str(o.get(stand_in) or "")
            repair = f"`{stand_in}`"
        elif key in ("title", "creator"):
            o[key] = str(o.get("identifier") or "") if key == "title" else "unknown"
            repair = json.dumps(o[key], ensure_ascii=False)
        else:  # associationType, originNodeURI, destinationNodeURI: the association cannot be used
            o["_unusable"] = True
            repair = "—"
        self.required(path, name, key, repair)

    def uuid(self, value: Any, path: Path_, name: str, key: str) -> Any:
        text = value if isinstance(value, str) else str(value)
        if UUID_RE.match(text):
            return text
        m = LOOSE_UUID.match(text.strip())
        if m:
            fixed = "-".join(m.groups()).lower()
            self.bad_uuid(path, name, key, text, fixed if UUID_RE.match(fixed) or fixed != text else None)
            return fixed
        fixed = derived_id("import", text)
        self.bad_uuid(path, name, key, text, fixed)
        return fixed

    def uri(self, o: dict[str, Any], path: Path_, name: str, key: str) -> None:
        value = o[key]
        if isinstance(value, str) and URI_RE.match(value):
            return
        fixed = f"urn:uuid:{o.get('identifier')}"
        self.bad_uri(path, name, key, str(value), fixed)
        o[key] = fixed

    def datetime(self, value: Any, path: Path_, name: str, key: str, stamp: str) -> str:
        text = value if isinstance(value, str) else str(value)
        if DATETIME_RE.match(text):
            return text
        fixed = parse_datetime(text)
        self.bad_date(path, name, key, text, fixed or stamp, dropped=not fixed)
        return fixed or stamp

    def date(self, value: Any, path: Path_, name: str, key: str) -> str | None:
        text = value if isinstance(value, str) else str(value)
        if DATE_RE.match(text):
            return text
        fixed = parse_datetime(text)
        day = fixed[:10] if fixed else None
        self.bad_date(path, name, key, text, day or "—", dropped=not day)
        return day

    def association_type(self, value: Any, path: Path_, name: str) -> str:
        text = value if isinstance(value, str) else str(value)
        if text in ASSOCIATION_TYPES or EXT_TYPE.match(text):
            return text
        loose = re.sub(r"[^a-z]", "", text.lower())
        for known in ASSOCIATION_TYPES:
            k = known.lower()
            if loose in (k, k.removeprefix("is"), k.removesuffix("of"), k.removeprefix("is").removesuffix("of")):
                self.bad_type(path, name, text, known)
                return known
        fixed = "ext:" + (re.sub(r"[^A-Za-z0-9._-]", "", text) or "unknown")
        self.bad_type(path, name, text, fixed)
        return fixed

    def link(self, link: dict[str, Any], path: Path_, name: str) -> None:
        for key in REQUIRED["LinkURI"]:
            if key not in link or link[key] in (None, ""):
                if key == "title":
                    link[key] = ""
                    repair = '""'
                elif key == "identifier":
                    m = LOOSE_UUID.match(str(link.get("uri", "")).rsplit("/", 1)[-1])
                    link[key] = "-".join(m.groups()).lower() if m else derived_id("import", str(link.get("uri")))
                    repair = link[key]
                else:
                    link[key] = f"urn:uuid:{link.get('identifier')}"
                    repair = link[key]
                self.required(path, name, key, repair)
        link["identifier"] = self.uuid(link["identifier"], (*path, "identifier"), name, "identifier")
        self.uri(link, (*path, "uri"), name, "uri")


def parse_datetime(text: str) -> str | None:
    """An ISO 8601 date-time with a zone for the forms servers publish, or None."""
    t = text.strip()
    formats = (
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%Y/%m/%d",
    )
    candidate = t[:-1] + "+00:00" if t.endswith("Z") else t
    for f in formats:
        try:
            value = dt.datetime.strptime(candidate, f)
        except ValueError:
            continue
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.replace(microsecond=0).isoformat()
    return None


# --------------------------------------------------------------------------- import: building the framework
@dataclass
class Package:
    path: Path
    text: str
    data: dict[str, Any]
    findings: list[Finding]


def read_package(path: Path, strict: bool) -> tuple[Package | None, list[Diagnostic]]:
    """Read and check one package; (None, [CUR810]) when it is not a CASE package at all."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [d.make(d.CASE_UNREADABLE, Loc(file, 1, 1), variant="file", reason=str(exc))]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [d.make(d.CASE_UNREADABLE, Loc(file, exc.lineno, exc.colno), reason=exc.msg)]
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        return None, [d.make(d.CASE_UNREADABLE, Loc(file, 1, 1), variant="shape")]
    checker = Checker()
    checker.check_package(data)
    return Package(path, text, data, checker.findings), []


def diagnostics_of(pkg: Package, strict: bool) -> list[Diagnostic]:
    """The package's findings with their places: in strict mode as violations, else as repairs."""
    places = locate(pkg.text, [f.path for f in pkg.findings]) if pkg.findings else {}
    out = []
    for f in pkg.findings:
        line, column = places[f.path]
        out.append(f.make(Loc(str(pkg.path), line, column, ".".join(str(p) for p in f.path)), strict))
    return out


def _text(values: dict[str, str]) -> Any:
    """A YAML text: a plain string for one language-neutral value, else a ``{lang: text}`` map."""
    if set(values) == {""}:
        return values[""]
    return {lang: values[lang] for lang in LANGUAGES if lang in values}


def _sort_key(a: dict[str, Any]) -> tuple[int, int]:
    seq = a.get("sequenceNumber")
    return (0, seq) if isinstance(seq, int) and not isinstance(seq, bool) else (1, 0)


@dataclass
class Built:
    data: dict[str, Any]
    diagnostics: list[Diagnostic]


def import_packages(paths: list[Path], *, strict: bool = False, framework_id: str | None = None) -> Built:
    """Read one or more CASE packages (one per language of the same framework) into framework YAML data.

    ``Built.data`` is empty when a package cannot be used, or in strict mode when one breaks a rule."""
    diags: list[Diagnostic] = []
    packages: list[Package] = []
    for path in paths:
        pkg, found = read_package(path, strict)
        diags += found
        if pkg is not None:
            diags += diagnostics_of(pkg, strict)
            packages.append(pkg)
    if len(packages) < len(paths) or (strict and any(x.code in STRICT_CODES for x in diags)):
        return Built({}, diags)
    first = packages[0]
    ours = _curriculum(first.data["CFDocument"])
    fid = framework_id or ours.get("framework") or _slug(first.data["CFDocument"].get("title", "")) or "case-framework"
    built = _framework(first, fid, diags)
    for other in packages[1:]:
        _merge_language(built, other, fid)
    return Built(built, diags)


def _curriculum(o: dict[str, Any]) -> dict[str, Any]:
    ext = o.get("extensions")
    value = ext.get("curriculum") if isinstance(ext, dict) else None
    return dict(value) if isinstance(value, dict) else {}


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s[:60].strip("-")


def _without_ours(o: dict[str, Any]) -> dict[str, Any]:
    out = dict(o)
    ext = out.get("extensions")
    if isinstance(ext, dict) and "curriculum" in ext:
        rest = {k: v for k, v in ext.items() if k != "curriculum"}
        if rest:
            out["extensions"] = rest
        else:
            del out["extensions"]
    return out


def _framework(pkg: Package, fid: str, diags: list[Diagnostic]) -> dict[str, Any]:
    data = pkg.data
    doc = data["CFDocument"]
    ours = _curriculum(doc)
    lang = language_of(doc.get("language")) if "language" in doc else ours.get("language", "")
    lang = ours.get("language") or lang
    items = [x for x in data.get("CFItems", []) if isinstance(x, dict)]
    by_id = {x["identifier"]: x for x in items}
    children: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    parent_of: dict[str, str] = {}
    others: list[Any] = []
    doc_id = doc["identifier"]
    for i, a in enumerate(data.get("CFAssociations", [])):
        if not isinstance(a, dict) or a.get("_unusable") or a.get("associationType") != "isChildOf":
            if isinstance(a, dict) and not a.get("_unusable"):
                others.append(a)
            continue
        child = a["originNodeURI"]["identifier"]
        parent = a["destinationNodeURI"]["identifier"]
        if child not in by_id or (parent not in by_id and parent != doc_id):
            where = _place(pkg, ("CFAssociations", i))
            diags.append(d.make(d.CASE_DANGLING, where, object=f"CFAssociations[{i}]", identifier=child))
            continue
        if child in parent_of or _ancestor(child, parent, parent_of):
            where = _place(pkg, ("CFAssociations", i))
            diags.append(d.make(d.CASE_DANGLING, where, variant="second-parent", object=f"CFAssociations[{i}]"))
            continue
        parent_of[child] = parent
        children.setdefault(parent, []).append((a, by_id[child]))
    orphans = [i for i, x in enumerate(items) if x["identifier"] not in parent_of]
    places = _places(pkg, [("CFItems", i) for i in orphans])
    for i in orphans:
        diags.append(d.make(d.CASE_ORPHAN, places[("CFItems", i)], object=f"CFItems[{i}]"))
        children.setdefault(doc_id, []).append(({}, items[i]))
    for key in children:
        children[key].sort(key=lambda pair: _sort_key(pair[0]))
    # item ids: our own id, else a usable and unique humanCodingScheme, else the position path
    codes = Counter(str(x.get("humanCodingScheme", "")) for x in items)
    unique = {c for c, n in codes.items() if c and n == 1 and ITEM_ID.match(c)}
    unusable: list[tuple[Path_, str, str]] = []
    index = {x["identifier"]: i for i, x in enumerate(items)}

    def build(parent: str, prefix: str) -> list[dict[str, Any]]:
        out = []
        for n, (assoc, x) in enumerate(children.get(parent, []), start=1):
            position = f"{prefix}{n}"
            mine = _curriculum(x)
            code = str(x.get("humanCodingScheme", ""))
            if mine.get("id"):
                iid = str(mine["id"])
            elif code in unique:
                iid = code
            else:
                iid = position
                if code:
                    unusable.append((("CFItems", index[x["identifier"]], "humanCodingScheme"), code, iid))
            out.append(_item(x, assoc, iid, fid, lang, n, build(x["identifier"], position + ".")))
        return out

    top = build(doc_id, "")
    places = _places(pkg, [path for path, _, _ in unusable])
    for path, code, iid in unusable:
        diags.append(d.make(d.CASE_CODE_UNUSABLE, places[path], code=code, id=iid))
    fw: dict[str, Any] = {"kind": "framework", "id": fid}
    ftype = ours.get("type") or (doc.get("frameworkType") if doc.get("frameworkType") in FRAMEWORK_TYPES else "other")
    fw["type"] = ftype
    fw["title"] = _text({"" if ours.get("neutral") else lang: str(doc.get("title", ""))})
    for key in ("organisation", "code", "occupation_code", "nqf_level", "source", "illustrative"):
        if key in ours:
            fw[key] = ours[key]
    fw["items"] = top
    rest = _without_ours(doc)
    rest.pop("title", None)
    if language_of(rest.get("language")) == lang and lang:
        rest.pop("language", None)
    if rest.get("identifier") == derived_id("curriculum", fid, lang):
        rest.pop("identifier")
        if rest.get("uri") == f"{BASE_URI}/CFDocuments/{derived_id('curriculum', fid, lang)}":
            rest.pop("uri")
    if rest.get("frameworkType") == ftype:
        rest.pop("frameworkType")
    if rest.get("caseVersion") == CASE_VERSION:
        rest.pop("caseVersion")
    source = ours.get("source") or {}
    issuer = source.get("issuer")
    derived = {
        "creator": (issuer.get(lang) if isinstance(issuer, dict) else issuer) or "curriculum",
        "officialSourceURL": source.get("url"),
        "version": source.get("version"),
    }
    for key, value in derived.items():
        if ours and key in rest and rest[key] == value:
            rest.pop(key)
    case: dict[str, Any] = {"CFDocument": rest} if rest else {}
    home = str(ours.get("home", "")) if ours else lang
    if home:
        case["language"] = home
    if others:
        case["CFAssociations"] = [_without_ours(a) for a in others]
    if isinstance(data.get("CFDefinitions"), dict) and data["CFDefinitions"]:
        case["CFDefinitions"] = data["CFDefinitions"]
    if data.get("CFRubrics"):
        case["CFRubrics"] = data["CFRubrics"]
    if case:
        fw["case"] = case
    return fw


def _ancestor(child: str, parent: str, parent_of: dict[str, str]) -> bool:
    """True when ``child`` is already above ``parent`` (the new association would close a cycle)."""
    seen = parent
    while seen in parent_of:
        if seen == child:
            return True
        seen = parent_of[seen]
    return seen == child


def _place(pkg: Package, path: Path_) -> Loc:
    return _places(pkg, [path])[path]


def _places(pkg: Package, paths: list[Path_]) -> dict[Path_, Loc]:
    """The places of ``paths`` in the package's text, in one pass."""
    if not paths:
        return {}
    found = locate(pkg.text, paths)
    return {p: Loc(str(pkg.path), *found[p], ".".join(str(x) for x in p)) for p in paths}


ITEM_MAPPED = ("identifier", "uri", "fullStatement", "CFDocumentURI", "lastChangeDateTime")


def _item(
    x: dict[str, Any], assoc: dict[str, Any], iid: str, fid: str, lang: str, n: int, sub: list[dict[str, Any]]
) -> dict[str, Any]:
    mine = _curriculum(x)
    out: dict[str, Any] = {"id": iid, "title": _text({"" if mine.get("neutral") else lang: x.get("fullStatement", "")})}
    ctype = str(x.get("CFItemType", ""))
    if mine.get("type"):
        out["type"] = mine["type"]
    elif ctype.lower() in ITEM_TYPES:
        out["type"] = ctype.lower()
    for key in ("weight", "nqf_level", "description", "esco"):
        if key in mine:
            out[key] = mine[key]
    if sub:
        out["items"] = sub
    rest = _without_ours(x)
    rest.pop("fullStatement", None)
    rest.pop("CFDocumentURI", None)
    if rest.get("identifier") == derived_id("curriculum", fid, iid, lang):
        rest.pop("identifier")
        if rest.get("uri") == f"{BASE_URI}/CFItems/{derived_id('curriculum', fid, iid, lang)}":
            rest.pop("uri")
    if rest.get("humanCodingScheme") == iid:
        rest.pop("humanCodingScheme")
    if "type" in out and rest.get("CFItemType") == out["type"]:
        rest.pop("CFItemType")
    if language_of(rest.get("language")) == lang:
        rest.pop("language", None)
    if assoc:
        link = {k: v for k, v in assoc.items() if k not in ("originNodeURI", "destinationNodeURI", "associationType")}
        link.pop("CFDocumentURI", None)
        link = _without_ours(link)
        if link.get("sequenceNumber") == n:
            link.pop("sequenceNumber")
        parent_key = f"{iid}:isChildOf"
        if link.get("identifier") == derived_id("curriculum", fid, parent_key, lang):
            link.pop("identifier")
            if link.get("uri") == f"{BASE_URI}/CFAssociations/{derived_id('curriculum', fid, parent_key, lang)}":
                link.pop("uri")
        if link.get("lastChangeDateTime") == rest.get("lastChangeDateTime"):
            link.pop("lastChangeDateTime", None)
        if link:
            rest["isChildOf"] = link
    if rest:
        out["case"] = rest
    return out


def _merge_language(fw: dict[str, Any], pkg: Package, fid: str) -> None:
    """Add the texts of another language's package of the same framework (matched by item id)."""
    doc = pkg.data["CFDocument"]
    ours = _curriculum(doc)
    lang = ours.get("language") or language_of(doc.get("language"))
    if not lang:
        return
    fw["title"] = _add_lang(fw["title"], lang, str(doc.get("title", "")))
    texts = {}
    for x in pkg.data.get("CFItems", []):
        if isinstance(x, dict):
            iid = _curriculum(x).get("id") or x.get("humanCodingScheme")
            if iid:
                texts[str(iid)] = str(x.get("fullStatement", ""))

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item["id"] in texts:
                item["title"] = _add_lang(item["title"], lang, texts[item["id"]])
            walk(item.get("items", []))

    walk(fw["items"])


def _add_lang(value: Any, lang: str, text: str) -> Any:
    if isinstance(value, str):
        return value
    out = dict(value)
    out[lang] = text
    return {k: out[k] for k in LANGUAGES if k in out}


# --------------------------------------------------------------------------- export
def git_changed(path: Path) -> str | None:
    """The date-time of the last commit that touched ``path`` (UTC), or None outside git."""
    try:
        p = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    value = p.stdout.strip()
    if p.returncode != 0 or not value:
        return None
    return dt.datetime.fromisoformat(value).astimezone(dt.timezone.utc).isoformat()


def changed_of(fw: Framework | Programme, file: Path | None) -> str:
    """``lastChangeDateTime`` for objects born in the catalogue: the git history of their file, else the
    source's date, else the epoch (never the clock)."""
    found = git_changed(file) if file is not None and file.exists() else None
    if found:
        return found
    source = getattr(fw, "source", None)
    if source is not None and source.date:
        return f"{source.date}T00:00:00+00:00"
    return EPOCH


class Exporter:
    """Builds one language's package; identifiers and URIs derived unless kept from an import."""

    def __init__(self, key: str, lang: str, changed: str, home: str = "", base: str = BASE_URI) -> None:
        self.key = key
        self.lang = lang
        self.changed = changed
        self.home = home  # the language of the package the framework was imported from
        self.base = base

    def ident(self, kept: dict[str, Any], *parts: str) -> str:
        own = kept.get("identifier")
        if isinstance(own, str):
            return own if self.lang == self.home or not self.home else derived_id(own, self.lang)
        return derived_id("curriculum", self.key, *parts, self.lang)

    def uri(self, kept: dict[str, Any], kind: str, identifier: str) -> str:
        own = kept.get("uri")
        if isinstance(own, str) and (self.lang == self.home or not self.home):
            return own
        return f"{self.base}/{kind}/{identifier}"

    def text(self, value: Text | None) -> str:
        return value.get(self.lang) if value is not None else ""


def _ordered(head: dict[str, Any], kept: dict[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """``head`` (derived fields) updated by the kept ones, with the kept extra fields after it, and
    ``extensions`` last."""
    out = dict(head)
    skip = set(skip)
    for k, v in kept.items():
        if k not in skip:
            out[k] = v
    if "extensions" in out:
        out["extensions"] = out.pop("extensions")
    return out


def _plain_text(value: Text | None) -> Any:
    if value is None:
        return None
    return _text(value.values)


def _ours(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, (), [], False)}


def _with_ours(kept: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    ext = dict(kept.get("extensions") or {}) if isinstance(kept.get("extensions"), dict) else {}
    ext["curriculum"] = ours
    return {"extensions": ext}


def export_framework(fw: Framework, lang: str, changed: str, base: str = BASE_URI) -> dict[str, Any]:
    """The CASE package of ``fw`` in ``lang``."""
    case = fw.case.data if fw.case is not None else {}
    kept_doc = dict(case.get("CFDocument", {}))
    home = str(case.get("language", ""))
    ex = Exporter(fw.id, lang, str(kept_doc.get("lastChangeDateTime") or changed), home, base)
    doc_id = ex.ident(kept_doc)
    doc_uri = ex.uri(kept_doc, "CFDocuments", doc_id)
    title = ex.text(fw.title)
    source = fw.source
    ours = _ours(
        {
            "framework": fw.id,
            "language": lang,
            "type": fw.type,
            "organisation": _plain_text(fw.organisation),
            "code": fw.code,
            "occupation_code": fw.occupation_code,
            "nqf_level": fw.nqf_level,
            "illustrative": fw.illustrative,
            "source": _source(source),
            "home": home,
            "neutral": fw.title.neutral,
        }
    )
    head: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": (source.issuer.get(lang) if source and source.issuer else "") or "curriculum",
        "title": title,
        "lastChangeDateTime": ex.changed,
        "language": lang,
        "caseVersion": CASE_VERSION,
        "frameworkType": fw.type,
    }
    if source is not None and source.url:
        head["officialSourceURL"] = source.url
    if source is not None and source.version:
        head["version"] = source.version
    document = _ordered({**head, **_with_ours(kept_doc, ours)}, kept_doc, skip=("extensions",))
    doc_link = {"title": title, "identifier": doc_id, "uri": doc_uri}
    items: list[dict[str, Any]] = []
    assocs: list[dict[str, Any]] = []

    def walk(nodes: tuple[Item, ...], parent: dict[str, Any]) -> None:
        for n, item in enumerate(nodes, start=1):
            kept = dict(item.case.data) if item.case is not None else {}
            child_kept = dict(kept.pop("isChildOf", {}))
            iid = ex.ident(kept, item.id)
            iuri = ex.uri(kept, "CFItems", iid)
            stamp = str(kept.get("lastChangeDateTime") or ex.changed)
            head = {
                "identifier": iid,
                "uri": iuri,
                "CFDocumentURI": doc_link,
                "fullStatement": ex.text(item.title),
                "humanCodingScheme": item.id,
            }
            if item.type:
                head["CFItemType"] = item.type
            head["language"] = lang
            head["lastChangeDateTime"] = stamp
            mine = _ours(
                {
                    "id": item.id,
                    "type": item.type,
                    "weight": item.weight,
                    "nqf_level": item.nqf_level,
                    "description": _plain_text(item.description),
                    "esco": list(item.esco),
                    "neutral": item.title.neutral,
                }
            )
            items.append(_ordered({**head, **_with_ours(kept, mine)}, kept, skip=("extensions",)))
            link = {"title": ex.text(item.title), "identifier": iid, "uri": iuri}
            aid = ex.ident(child_kept, f"{item.id}:isChildOf")
            ahead = {
                "identifier": aid,
                "uri": ex.uri(child_kept, "CFAssociations", aid),
                "CFDocumentURI": doc_link,
                "associationType": "isChildOf",
                "sequenceNumber": n,
                "originNodeURI": link,
                "destinationNodeURI": parent,
                "lastChangeDateTime": str(child_kept.get("lastChangeDateTime") or stamp),
            }
            assocs.append(_ordered(ahead, child_kept))
            walk(item.items, link)

    walk(fw.items, doc_link)
    assocs += [a for a in case.get("CFAssociations", []) if isinstance(a, dict)]
    pkg: dict[str, Any] = {"CFDocument": document, "CFItems": items, "CFAssociations": assocs}
    if case.get("CFDefinitions"):
        pkg["CFDefinitions"] = case["CFDefinitions"]
    if case.get("CFRubrics"):
        pkg["CFRubrics"] = case["CFRubrics"]
    return pkg


def _source(source: Any) -> dict[str, Any] | None:
    if source is None:
        return None
    out = _ours(
        {
            "issuer": _plain_text(source.issuer),
            "document": _plain_text(source.document),
            "version": source.version,
            "date": source.date,
            "url": source.url,
        }
    )
    return out or None


# Association types for a programme's alignments: standard ones where they fit, `ext:` for the dual ones.
COVERS = "isRelatedTo"
AT_WORKPLACE = "ext:practisedAtWorkplace"
ASSESSED = "ext:assessedBy"
COREQUISITE = "ext:isCorequisiteOf"


def export_programme(
    p: Programme, frameworks: dict[str, Framework], lang: str, changed: str, base: str = BASE_URI
) -> dict[str, Any]:
    """A programme as a CASE package in ``lang``: its modules and outcomes as items (outcomes under their
    module), each alignment of an outcome (``covers``) an ``isRelatedTo`` association to the framework
    item (with the level in its extensions) and, when the outcome is learnt at the workplace, an
    ``ext:practisedAtWorkplace`` one; prerequisites as ``precedes``, co-requisites as
    ``ext:isCorequisiteOf``."""
    ex = Exporter(f"programme:{p.id}", lang, changed, base=base)
    doc_id = ex.ident({})
    doc_uri = f"{base}/CFDocuments/{doc_id}"
    title = ex.text(p.title)
    document = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": ex.text(p.provider.name) or "curriculum",
        "title": title,
        "lastChangeDateTime": changed,
        "language": lang,
        "caseVersion": CASE_VERSION,
        "frameworkType": "programme",
        "extensions": {"curriculum": {"programme": p.id, "language": lang, "level": p.level}},
    }
    doc_link = {"title": title, "identifier": doc_id, "uri": doc_uri}
    items: list[dict[str, Any]] = []
    assocs: list[dict[str, Any]] = []
    links: dict[str, dict[str, Any]] = {}

    def item(key: str, statement: str, code: str, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
        iid = ex.ident({}, key)
        iuri = f"{base}/CFItems/{iid}"
        items.append(
            {
                "identifier": iid,
                "uri": iuri,
                "CFDocumentURI": doc_link,
                "fullStatement": statement,
                "humanCodingScheme": code,
                "CFItemType": kind,
                "language": lang,
                "lastChangeDateTime": changed,
                "extensions": {"curriculum": extra},
            }
        )
        return {"title": statement, "identifier": iid, "uri": iuri}

    def assoc(kind: str, origin: dict[str, Any], dest: dict[str, Any], key: str, **more: Any) -> None:
        aid = ex.ident({}, key)
        a = {
            "identifier": aid,
            "uri": f"{base}/CFAssociations/{aid}",
            "CFDocumentURI": doc_link,
            "associationType": kind,
            **({"sequenceNumber": more.pop("sequence")} if "sequence" in more else {}),
            "originNodeURI": origin,
            "destinationNodeURI": dest,
            "lastChangeDateTime": changed,
        }
        if more:
            a["extensions"] = {"curriculum": more}
        assocs.append(a)

    for n, m in enumerate(p.modules, start=1):
        links[m.id] = item(f"module:{m.id}", ex.text(m.title), m.id, "module", {"id": m.id, "semester": m.semester})
        assoc("isChildOf", links[m.id], doc_link, f"module:{m.id}:isChildOf", sequence=n)
        for k, o in enumerate(m.outcomes, start=1):
            extra: dict[str, Any] = {"id": o.id, "venue": o.venue}
            if o.esco:
                extra["esco"] = list(o.esco)
            link = item(f"outcome:{o.id}", ex.text(o.text), o.id, "outcome", extra)
            assoc("isChildOf", link, links[m.id], f"outcome:{o.id}:isChildOf", sequence=k)
            for c in o.covers:
                target = _item_link(frameworks, c.competency, lang, base)
                if target is None:
                    continue
                assoc(COVERS, link, target, f"outcome:{o.id}:covers:{c.competency}", level=c.level)
                if o.venue in ("workplace", "both"):
                    assoc(AT_WORKPLACE, link, target, f"outcome:{o.id}:workplace:{c.competency}")
    for m in p.modules:
        for pre in m.prerequisites:
            if pre in links:
                assoc("precedes", links[pre], links[m.id], f"module:{pre}:precedes:{m.id}")
        for name in ("corequisites", "strict_corequisites"):
            for pre in getattr(m, name):
                if pre in links:
                    strict = name == "strict_corequisites"
                    assoc(COREQUISITE, links[pre], links[m.id], f"module:{pre}:{name}:{m.id}", strict=strict)
    return {"CFDocument": document, "CFItems": items, "CFAssociations": assocs}


def _item_link(frameworks: dict[str, Framework], ref: str, lang: str, base: str) -> dict[str, Any] | None:
    fid, _, iid = ref.partition(":")
    fw = frameworks.get(fid)
    if fw is None:
        return None
    found = next((x for x in _walk(fw.items) if x.id == iid), None)
    if found is None:
        return None
    case = fw.case.data if fw.case is not None else {}
    ex = Exporter(fw.id, lang, "", str(case.get("language", "")), base)
    kept = dict(found.case.data) if found.case is not None else {}
    ident = ex.ident(kept, found.id)
    return {"title": ex.text(found.title), "identifier": ident, "uri": ex.uri(kept, "CFItems", ident)}


def _walk(items: tuple[Item, ...]) -> Iterator[Item]:
    for x in items:
        yield x
        yield from _walk(x.items)


def dumps(pkg: dict[str, Any]) -> str:
    """The package as JSON text (UTF-8, two-space indent, keys in the order built): the same package
    always gives the same bytes."""
    return json.dumps(pkg, ensure_ascii=False, indent=2) + "\n"
