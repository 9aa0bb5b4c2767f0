"""ESCO CSV releases: a compact index in the catalogue so that ESCO URIs are checked offline.

ESCO is not on a package registry: the user downloads a CSV release from the ESCO portal (one folder
per language, e.g. ``ESCO dataset - v1.2.0 - classification - en - csv``) and
``curriculum esco import DIR`` records it as ``esco/VERSION.json`` in the catalogue: for each skill
and occupation of ``skills_*.csv`` and ``occupations_*.csv`` its URI, kind, preferred label and status
(and the concept replacing it, where the release gives an ``isReplacedBy``/``replacedBy`` column).
The newest recorded release is the current one; older recorded ones are pinned so that a concept that
is gone or replaced since is reported. ESCO has no Kazakh or Russian labels: the catalogue's own texts
go with the URI.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

FOLDER = "esco"
KINDS = {"skills": "skill", "occupations": "occupation"}
URI = re.compile(r"^http://data\.europa\.eu/esco/(skill|occupation)/[0-9a-f-]{36}$")
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class Concept:
    kind: str
    label: str
    status: str
    replaced_by: str


@dataclass
class Release:
    version: str
    concepts: dict[str, Concept]

    def label(self, uri: str) -> str:
        c = self.concepts.get(uri)
        return c.label if c else ""


class ReleaseError(ValueError):
    """A folder that is not an ESCO CSV release."""


def version_of(folder: Path) -> str:
    m = re.search(r"v(\d+(?:\.\d+)+)", folder.name)
    return m.group(1) if m else ""


def read_release(folder: Path, version: str | None = None) -> Release:
    """Read the skills and occupations CSV files of a release folder."""
    files = sorted(p for p in folder.glob("*.csv") if p.name.split("_")[0] in KINDS)
    if not files:
        raise ReleaseError(f"{folder}: no skills_*.csv or occupations_*.csv")
    concepts: dict[str, Concept] = {}
    for path in files:
        kind = KINDS[path.name.split("_")[0]]
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or "conceptUri" not in reader.fieldnames:
                raise ReleaseError(f"{path}: no `conceptUri` column")
            for row in reader:
                uri = (row.get("conceptUri") or "").strip()
                if not uri:
                    continue
                replaced = (row.get("isReplacedBy") or row.get("replacedBy") or "").strip()
                concepts[uri] = Concept(
                    kind, (row.get("preferredLabel") or "").strip(), (row.get("status") or "").strip(), replaced
                )
    name = version or version_of(folder)
    if not name:
        raise ReleaseError(f"{folder}: no version in the folder name; pass --version")
    return Release(name, concepts)


def write_index(release: Release, root: Path) -> Path:
    """Record ``release`` in the catalogue at ``root`` (``esco/VERSION.json``, sorted, compact)."""
    target = root / FOLDER / f"{release.version}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    concepts = {
        uri: [c.kind, c.label, c.status, *([c.replaced_by] if c.replaced_by else [])]
        for uri, c in sorted(release.concepts.items())
    }
    text = json.dumps({"version": release.version, "concepts": concepts}, ensure_ascii=False, separators=(",", ":"))
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version))


def recorded(root: Path) -> list[Release]:
    """The releases recorded in the catalogue, oldest first."""
    out = []
    for path in sorted((root / FOLDER).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            concepts = {
                uri: Concept(v[0], v[1], v[2], v[3] if len(v) > 3 else "") for uri, v in data["concepts"].items()
            }
            out.append(Release(str(data["version"]), concepts))
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            continue
    return sorted(out, key=lambda r: _key(r.version))


def nearest(release: Release, text: str, n: int = 3) -> list[str]:
    """The ``n`` preferred labels sharing most words with ``text`` (ties by label)."""
    words = {w.lower() for w in WORD.findall(text)}
    if not words:
        return []
    scored = []
    for c in release.concepts.values():
        label_words = {w.lower() for w in WORD.findall(c.label)}
        common = len(words & label_words)
        if common:
            scored.append((-common / len(words | label_words), c.label))
    return [label for _, label in sorted(scored)[:n]]
