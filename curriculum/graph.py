"""The catalogue as one networkx ``DiGraph``: what is taught, practised and assessed, and what is required.

Node ids are ``KIND:KEY``; every node has a ``kind`` attribute and every edge a ``kind`` attribute.
:data:`NODE_KINDS` and :data:`EDGE_KINDS` list them (the format reference prints both tables).

At national scale the graph has hundreds of thousands of edges, so it is built lean: each node id is
one string object however many edges name it, and edges (and outcome and assessment nodes) with the
same attributes share one attribute dict. The graph is read, never changed, once built.
"""

from __future__ import annotations

from collections.abc import Collection
from sys import intern
from typing import Any

import networkx as nx

from .catalogue import Catalogue, FrameworkIndex
from .metrics import EDGE_KIND, requisites
from .model import Programme
from .workload import kinds_of, places

NODE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("programme", "programme:P", "level, cohort"),
    ("module", "module:P/M", "semester (the last), semesters, cycle, hours, theory, practice, workplace"),
    ("outcome", "outcome:P/O", "semester, venue, hours"),
    ("assessment", "assessment:P/A", "type"),
    ("partner", "partner:P/X", "places"),
    ("qualification", "qualification:CODE", "nqf_level"),
    ("framework", "framework:F", "type"),
    ("competency", "competency:F:ITEM", "weight"),
)
EDGE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("contains", "programme → module → outcome; module → assessment; framework → item → sub-item", ""),
    ("covers", "outcome → competency", "level"),
    ("assesses", "assessment → outcome", ""),
    ("prerequisite", "module → module (the earlier one first)", ""),
    ("corequisite", "module → module (taken in the same semester or earlier)", ""),
    ("strict-corequisite", "module → module (taken in the same semester)", ""),
    ("awards", "programme → qualification", ""),
    ("requires", "qualification → competency; partner → competency (its requirement set)", "level, subtree"),
    ("partners", "programme → partner", ""),
    ("trains", "partner → module or outcome (its training plan)", "hours, semesters"),
)


def cid(ref: str) -> str:
    return intern(f"competency:{ref}")


class _Lean:
    """Adds nodes and edges to ``g`` sharing one attribute dict among those with equal attributes."""

    def __init__(self, g: nx.DiGraph) -> None:
        self.g = g
        self.shared: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}

    def attrs(self, attrs: dict[str, Any]) -> dict[str, Any]:
        key = tuple(attrs.items())
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = attrs
        return found

    def node(self, n: str, **attrs: Any) -> None:
        """A node whose attributes are shared with every node of equal attributes."""
        g = self.g
        if n not in g._node:
            g.add_node(n)
        g._node[n] = self.attrs({**g._node[n], **attrs})

    def edge(self, u: str, v: str, **attrs: Any) -> None:
        """An edge (with its nodes, when new) whose attribute dict is shared with every edge of equal attributes."""
        g = self.g
        for n in (u, v):
            if n not in g._succ:
                g.add_node(n)
        old = g._succ[u].get(v)
        shared = self.attrs({**old, **attrs} if old else attrs)  # as add_edge: an edge given again is updated
        g._succ[u][v] = shared
        g._pred[v][u] = shared

    def link(self, u: str, v: str, **attrs: Any) -> None:
        """An edge to a node that exists (an unknown reference is reported by validation, not drawn)."""
        if v in self.g:
            self.edge(u, v, **attrs)


def build_graph(catalogue: Catalogue, programme: str | None = None, only: Collection[str] | None = None) -> nx.DiGraph:
    """The graph of the whole catalogue, or of one programme and what it uses (``only``: every qualification
    but only these programmes, and only the frameworks that these name, for a re-check of what changed: a
    framework no programme checked again uses is not even read from the cache)."""
    g = nx.DiGraph()
    lean = _Lean(g)
    named = None if only is None else frameworks_named(catalogue, only)
    for key in catalogue.indexes:
        if named is None or key in named:
            _framework(lean, catalogue.indexes[key])
    for code, q in catalogue.qualifications.items():
        qid = intern(f"qualification:{code}")
        g.add_node(qid, kind="qualification", nqf_level=q.nqf_level, label=q.title.get("en"))
        for req in q.requires:
            target = cid(req.competency) if ":" in req.competency else intern(f"framework:{req.competency}")
            lean.link(qid, target, kind="requires", level=req.level, subtree=req.subtree)
    for pid in catalogue.programmes:
        if (programme is None or pid == programme) and (only is None or pid in only):
            _programme(lean, catalogue, catalogue.programmes[pid])
    if programme is not None:
        keep = set(nx.descendants(g, f"programme:{programme}")) | {f"programme:{programme}"}
        keep |= {
            a for n in list(keep) for a in nx.ancestors(g, n) if g.nodes[a].get("kind") in ("framework", "competency")
        }
        g = g.subgraph(keep).copy()
    return g


def frameworks_named(catalogue: Catalogue, programmes: Collection[str]) -> set[str]:
    """The ids of the frameworks that ``programmes`` name: what their outcomes cover, what the qualifications
    they award require, their partners' requirement sets, their waivers, their assessments' standards."""
    out: set[str] = set()
    for pid in programmes:
        p = catalogue.programmes.get(pid)
        if p is None:
            continue
        for code in p.qualifications:
            q = catalogue.qualification(code, p)
            if q is not None:
                out.update(req.competency.partition(":")[0] for req in q.requires)
        out.update(x.requirement_set for x in p.partners if x.requirement_set)
        out.update(w.competency.partition(":")[0] for w in p.waivers)
        for m in p.modules:
            out.update(a.standard for a in m.assessments if a.standard)
            out.update(c.competency.partition(":")[0] for o in m.outcomes for c in o.covers)
    return out


def _framework(lean: _Lean, index: FrameworkIndex) -> None:
    g = lean.g
    f = index.framework
    fid = intern(f"framework:{f.id}")
    g.add_node(fid, kind="framework", type=f.type, label=f.title.get("en"))
    for item_id, item in index.items.items():
        ref = cid(f"{f.id}:{item_id}")
        g.add_node(ref, kind="competency", weight=item.weight, label=item.title.get("en"))
        parent = index.parent[item_id]
        lean.edge(fid if parent is None else cid(f"{f.id}:{parent}"), ref, kind="contains")


def _programme(lean: _Lean, catalogue: Catalogue, p: Programme) -> None:
    g, edge = lean.g, lean.edge
    kinds = kinds_of(catalogue)
    pid = intern(f"programme:{p.id}")
    g.add_node(pid, kind="programme", level=p.level, cohort=p.cohort, label=p.title.get("en"))
    for code in p.qualifications:
        q = catalogue.qualification(code, p)
        if q is not None:
            key = next(k for k, v in catalogue.qualifications.items() if v is q)
            edge(pid, intern(f"qualification:{key}"), kind="awards")
    modules = {m.id: intern(f"module:{p.id}/{m.id}") for m in p.modules}
    assessments = {a.id: intern(f"assessment:{p.id}/{a.id}") for m in p.modules for a in m.assessments}
    for m in p.modules:
        mid = modules[m.id]
        h = places(list(m.semesters), kinds)
        g.add_node(
            mid,
            kind="module",
            semester=m.semester,
            semesters=tuple(x.semester for x in m.semesters),
            cycle=m.cycle,
            hours=m.total_hours,
            theory=h["theory"],
            practice=h["practice"],
            workplace=h["workplace"],
            label=m.title.get("en"),
        )
        edge(pid, mid, kind="contains")
        for name, pre, _ in requisites(m):
            if pre in modules and not g.has_edge(modules[pre], mid):  # a prerequisite wins
                edge(modules[pre], mid, kind=EDGE_KIND[name])
        hours = module_outcome_hours(m)
        for o, spent in zip(m.outcomes, hours, strict=True):
            oid = intern(f"outcome:{p.id}/{o.id}")
            lean.node(oid, kind="outcome", semester=m.semester, venue=o.venue, hours=spent)
            edge(mid, oid, kind="contains")
            for c in o.covers:
                lean.link(oid, cid(c.competency), kind="covers", level=c.level)
            for a in o.assessed_by:
                if a in assessments:
                    edge(assessments[a], oid, kind="assesses")
        for assessment in m.assessments:
            aid = assessments[assessment.id]
            lean.node(aid, kind="assessment", type=assessment.type)
            edge(mid, aid, kind="contains")
    units = set(modules) | {o.id for m in p.modules for o in m.outcomes}
    for x in p.partners:
        xid = intern(f"partner:{p.id}/{x.id}")
        g.add_node(xid, kind="partner", places=x.places, label=x.name.get("en"))
        edge(pid, xid, kind="partners")
        index = catalogue.indexes.get(x.requirement_set or "")
        if index is not None:
            for leaf in index.leaves():
                edge(xid, cid(f"{index.framework.id}:{leaf}"), kind="requires", level=x.required_level, subtree=False)
        for entry in x.training_plan:
            if entry.unit in units:
                target = modules.get(entry.unit) or intern(f"outcome:{p.id}/{entry.unit}")
                data: dict[str, Any] = g.get_edge_data(xid, target) or {"kind": "trains", "hours": 0, "semesters": ()}
                data["hours"] += entry.hours
                data["semesters"] = tuple(sorted({*data["semesters"], entry.semester}))
                g.add_edge(xid, target, **data)  # its own dict: one per partner and unit


def module_outcome_hours(module: Any) -> list[float]:
    """Each outcome's hours, in order: its own, else an equal share of the module's hours that the
    outcomes with hours of their own leave. One pass over the outcomes (linear in their number)."""
    declared = 0
    rest = 0
    for o in module.outcomes:
        if o.hours is None:
            rest += 1
        else:
            declared += o.hours
    share = max(module.total_hours - declared, 0) / rest if rest else 0.0
    return [float(o.hours) if o.hours is not None else share for o in module.outcomes]


def edges_of(g: nx.DiGraph, kind: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(u, v, a) for u, v, a in g.edges(data=True) if a.get("kind") == kind]


def to_json(g: nx.DiGraph) -> dict[str, Any]:
    """A stable node-link form of the graph."""
    return {
        "directed": True,
        "nodes": [{"id": n, **_plain(a)} for n, a in sorted(g.nodes(data=True))],
        "edges": [
            {"source": u, "target": v, **_plain(a)}
            for u, v, a in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
    }


def _plain(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in sorted(attrs.items()) if v is not None}
