"""What a programme's checks depend on, so that a re-check can reuse the results of an unchanged one.

A programme's results depend on its own file, on the files of what its graph reaches — the
qualifications it awards and the frameworks its outcomes cover, its partners' requirement sets and
its qualifications require — on the frameworks its waivers name and the programmes it follows up, on
its self-assessment folder and attachments, and on what every programme shares: the settings, the
day (``--today``), the vocabularies and standards, and which frameworks and qualifications exist at
all (an unknown reference is judged, with a did-you-mean, against all of them). :class:`Inputs` turns
that into one digest per programme; the cache (:mod:`curriculum.cache`) keeps the programme's results
under its file's key with the digest and the list of files it depended on, and a re-check reuses them
only when the digest computed afresh is the same. The results include the programme's coverage (what the
site's pages are made from), kept without the programme's own objects (:func:`portable`) and tied
again to the programme as loaded in the run that reuses it (:func:`relink`).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .. import clock
from ..cache import Store
from ..catalogue import Catalogue, file_of
from ..diagnostics import Diagnostic
from ..metrics import Metrics
from ..model import Programme
from ..sar import narrative_dir
from .coverage import Coverage, Record

DEPENDS = ("competency", "framework")


@dataclass
class Checked:
    """One programme's share of a check's result: what the cache keeps per programme."""

    diagnostics: list[Diagnostic]
    figures: dict[str, float]
    metrics: Metrics | None
    partners: list[Any]  # what each partner hosts (:class:`curriculum.checks.dual.PartnerShare`)
    esco: list[tuple[str, Any, Any]] = field(default_factory=list)  # (URI, where, outcome text)
    # the programme's coverage, :func:`portable`, while it is checked; in the cache, the digest under which
    # the coverage's own entry holds it (read only when the site asks, see :meth:`Inputs.coverage`);
    # None when it could not be kept
    coverage: Any = None


class Inputs:
    """The inputs of each programme of ``catalogue``, read through ``store``."""

    def __init__(self, catalogue: Catalogue, store: Store) -> None:
        self.catalogue = catalogue
        self.store = store
        c = catalogue
        parts = [repr(c.settings), clock.today_iso()]
        parts += [f"F{k}={file_of(c.frameworks, k)}" for k in sorted(c.frameworks)]
        parts += [f"Q{k}={q.loc.file}" for k, q in sorted(c.qualifications.items())]
        for kind, table in (("V", c.vocabularies), ("S", c.standards)):
            parts += [f"{kind}{k}={v.loc.file}@{c.keys.get(v.loc.file, '')}" for k, v in sorted(table.items())]
        parts += [f"D{key}" for key, _, _ in c.duplicates]
        parts += [f"U{file}" for file in sorted(c.unread)]
        self.shared = _digest(parts)

    def qualifications(self, languages: tuple[str, ...]) -> str | None:
        """The name of the cache entry of the qualifications' findings: they depend on what is shared (the
        settings, which frameworks and qualifications exist), the languages, each qualification's file and
        the files of the frameworks they require. None when a file of theirs has no content hash."""
        c = self.catalogue
        parts = [self.shared, repr(languages)]
        for q in c.qualifications.values():
            key = c.keys.get(q.loc.file)
            if key is None:
                return None
            parts.append(f"{q.loc.file}={key}")
        named = sorted({req.competency.partition(":")[0] for q in c.qualifications.values() for req in q.requires})
        for fw in named:
            file = file_of(c.frameworks, fw)
            key = c.keys.get(file) if file is not None else "-"
            if key is None:
                return None
            parts.append(f"{fw}={key}")
        return self.store.name(_digest(parts), kind="q")

    def _name(self, pid: str) -> str | None:
        file = self.catalogue.sources.get(pid)
        key = self.catalogue.keys.get(file or "")
        return self.store.name(key, kind="r") if key else None

    def _digest(self, pid: str, deps: list[str], attachments: list[str], unknown_follow: bool) -> str:
        c = self.catalogue
        file = c.sources[pid]
        parts = [self.shared, pid, file, c.keys.get(file, "")]
        parts += [f"{dep}={c.keys.get(dep, '-')}" for dep in deps]
        parts.append(_folder_digest(c.root, c.root / narrative_dir_of(file)))
        for path in attachments:
            parts.append(f"A{path}={_file_digest(c.root / path)}")
        if unknown_follow:  # its did-you-mean looks at every programme's id
            parts += sorted(c.programmes)
        return _digest(parts)

    def reusable(self, pid: str) -> Checked | None:
        """The cached results of programme ``pid`` when none of its inputs changed, else None. Its coverage
        stays in an entry of its own, unread (a re-check's reports do not need it): :meth:`coverage`."""
        name = self._name(pid)
        entry = self.store.get(name) if name else None
        if not isinstance(entry, tuple) or len(entry) != 5:
            return None
        digest, deps, attachments, unknown_follow, checked = entry
        if not isinstance(checked, Checked) or digest != self._digest(pid, deps, attachments, unknown_follow):
            return None
        if checked.coverage is not None:
            self.store.keep(self._coverage_name(pid))
        return checked

    def coverage(self, pid: str, digest: str) -> Any:
        """The coverage kept with programme ``pid``'s results of ``digest`` (:func:`portable`), or None when
        its entry is missing, untrusted or from other results."""
        entry = self.store.get(self._coverage_name(pid))
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest:
            return entry[1]
        return None

    def _coverage_name(self, pid: str) -> str:
        return self.store.name(self._name(pid) or "", kind="v")

    def keep(self, p: Programme, graph: nx.DiGraph, checked: Checked) -> None:
        """Keep ``checked`` (its coverage :func:`portable`) as programme ``p``'s results."""
        name = self._name(p.id)
        if name is None:
            return
        deps = self.dependencies(p, graph)
        attachments = sorted({att.path for a in p.accreditation for att in a.attachments})
        unknown_follow = any(ref.programme not in self.catalogue.sources for a in p.accreditation for ref in a.follows)
        digest = self._digest(p.id, deps, attachments, unknown_follow)
        data, checked.coverage = checked.coverage, None
        if data is not None:
            self.store.put(self._coverage_name(p.id), (digest, data))
            checked.coverage = digest
        self.store.put(name, (digest, deps, attachments, unknown_follow, checked))

    def dependencies(self, p: Programme, graph: nx.DiGraph) -> list[str]:
        """The files besides its own whose content programme ``p``'s results depend on (from the graph)."""
        c = self.catalogue
        files: set[str] = set()
        start = f"programme:{p.id}"
        seen = {start}
        stack = [start]
        while stack:
            node = stack.pop()
            for succ in graph.successors(node) if node in graph else ():
                kind, _, rest = succ.partition(":")
                if kind in DEPENDS:  # a framework's items: the framework's file, and no further
                    framework = file_of(c.frameworks, rest.partition(":")[0])
                    if framework is not None:
                        files.add(framework)
                    continue
                if kind == "qualification":
                    q = c.qualifications.get(rest)
                    if q is not None:
                        files.add(q.loc.file)
                if succ not in seen:
                    seen.add(succ)
                    stack.append(succ)
        for fw in [w.competency.partition(":")[0] for w in p.waivers] + [
            a.standard for m in p.modules for a in m.assessments if a.standard
        ]:  # the frameworks its waivers name, and those its assessments are weighed against
            framework = file_of(c.frameworks, fw)
            if framework is not None:
                files.add(framework)
        for a in p.accreditation:
            for ref in a.follows:
                if ref.programme in c.sources:
                    files.add(c.sources[ref.programme])
        files.discard(p.loc.file)
        return sorted(files)


def narrative_dir_of(file: str) -> str:
    """The self-assessment folder of the programme in ``file`` (as :func:`curriculum.sar.narrative_dir`)."""
    return narrative_dir(_Located(file))  # type: ignore[arg-type]


class _Located:
    __slots__ = ("loc",)

    def __init__(self, file: str) -> None:
        from ..load import Loc

        self.loc = Loc(file, 1, 1)


def _digest(parts: list[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _file_digest(path: Path | str) -> str:
    try:
        if not os.path.isfile(path):
            return "-"
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "-"


def _folder_digest(root: Path, folder: Path) -> str:
    """What is in ``folder`` (names and bytes of every file under it, folders linked from it not walked),
    '-' when there is none."""
    if not folder.is_dir():
        return "-"
    found: list[tuple[str, str]] = []
    stack = [(str(folder), folder.relative_to(root).as_posix())]
    while stack:
        where, rel = stack.pop()
        try:
            with os.scandir(where) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        stack.append((entry.path, f"{rel}/{entry.name}"))
                elif entry.is_file():
                    found.append((f"{rel}/{entry.name}", entry.path))
            except OSError:
                continue
    return _digest([f"{name}={_file_digest(path)}" for name, path in sorted(found)])


def portable(cov: Coverage) -> Any:
    """``cov`` without the programme's objects: each record's module and outcome, each waiver, by its place
    in the programme (the cache keeps the programme's model apart). None when one is not the programme's."""
    p = cov.programme
    places: dict[int, tuple[int, int]] = {}
    for mi, m in enumerate(p.modules):
        places[id(m)] = (mi, -1)
        for oi, o in enumerate(m.outcomes):
            places[id(o)] = (mi, oi)
    waivers = {id(w): i for i, w in enumerate(p.waivers)}
    seen: dict[int, int] = {}
    records: list[tuple[Any, ...]] = []
    table: list[tuple[str, list[int]]] = []
    for key, found in cov.records.items():
        refs = []
        for rec in found:
            if id(rec) not in seen:
                module, outcome = places.get(id(rec.module)), places.get(id(rec.outcome))
                if module is None or outcome is None or outcome[0] != module[0] or module[1] != -1:
                    return None
                seen[id(rec)] = len(records)
                records.append((outcome, rec.item, rec.level, rec.loc, rec.hours))
            refs.append(seen[id(rec)])
        table.append((key, refs))
    waived = []
    for g, w in cov.waived:
        if id(w) not in waivers:
            return None
        waived.append((g, waivers[id(w)]))
    rest = (cov.needs, cov.gaps, cov.figures, cov.hours, cov.ignored_sets)
    return (p.id, type(cov.records) is defaultdict, records, table, waived, rest)


def relink(data: Any, p: Programme) -> Coverage | None:
    """The coverage :func:`portable` kept, tied to programme ``p``; None when it does not fit ``p``."""
    try:
        pid, default, records, table, waived, (needs, gaps, figures, hours, ignored) = data
        if pid != p.id:
            return None
        made = [
            Record(p.modules[mi], p.modules[mi].outcomes[oi], item, level, loc, h)
            for (mi, oi), item, level, loc, h in records
        ]
        out: dict[str, list[Record]] = defaultdict(list) if default else {}
        for key, refs in table:
            out[key] = [made[i] for i in refs]
        return Coverage(p, needs, out, gaps, [(g, p.waivers[i]) for g, i in waived], figures, hours, ignored)
    except (TypeError, ValueError, IndexError):
        return None
