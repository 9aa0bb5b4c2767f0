"""Curricular-analytics metrics of a programme's requisite graph.

The requisite graph has a vertex per module and an edge from each prerequisite and co-requisite
(plain or strict) to the module that names it, as in CurricularAnalytics (Heileman et al.). Per module:

* **blocking factor** — how many modules can be reached from it (it blocks them when failed);
* **delay factor** — the number of vertices on the longest path through it;
* **centrality** — the sum, over the source-to-sink paths that pass through it strictly inside
  (neither first nor last), of their lengths in vertices;
* **structural complexity** — delay factor + blocking factor.

The programme's totals are the sums over its modules. Everything is computed by dynamic programming
over a topological order (bit sets for reachability, path counts and length sums for centrality):
real programmes have millions of source-to-sink paths, which are never enumerated. A programme whose
requisites form a cycle has no metrics (validation reports the cycle).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Module, Programme

REQUISITE_FIELDS = ("prerequisites", "corequisites", "strict_corequisites")
"""The module fields that are requisite edges, and the edge kinds they give (``prerequisite`` …)."""
EDGE_KIND = {
    "prerequisites": "prerequisite",
    "corequisites": "corequisite",
    "strict_corequisites": "strict-corequisite",
}


def semester(m: Module) -> int:
    """The semester that orders a module against its requisites (the one place that reads it)."""
    return m.semester


def requisites(m: Module) -> Iterable[tuple[str, str, int]]:
    """``(field, module id, index)`` for every requisite the module names."""
    for name in REQUISITE_FIELDS:
        for i, other in enumerate(getattr(m, name)):
            yield name, other, i


def requisite_edges(p: Programme) -> list[tuple[str, str, str]]:
    """``(requisite, module, kind)`` for each requisite that names a module of the programme."""
    ids = {m.id for m in p.modules}
    return [(other, m.id, EDGE_KIND[name]) for m in p.modules for name, other, _ in requisites(m) if other in ids]


@dataclass(frozen=True)
class ModuleMetrics:
    blocking: int
    delay: int
    centrality: int

    @property
    def complexity(self) -> int:
        return self.delay + self.blocking

    def to_dict(self) -> dict[str, int]:
        return {
            "blocking": self.blocking,
            "delay": self.delay,
            "centrality": self.centrality,
            "complexity": self.complexity,
        }


@dataclass(frozen=True)
class Metrics:
    modules: dict[str, ModuleMetrics]  # in the programme's module order

    def total(self, name: str) -> int:
        return sum(getattr(m, name) for m in self.modules.values())

    def totals(self) -> dict[str, int]:
        return {name: self.total(name) for name in ("blocking", "delay", "centrality", "complexity")}


def topological(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[int] | None:
    """Kahn's order of ``nodes`` (indices), stable in the given order; None when there is a cycle."""
    index = {n: i for i, n in enumerate(nodes)}
    succ: list[list[int]] = [[] for _ in nodes]
    indeg = [0] * len(nodes)
    for a, b in edges:
        succ[index[a]].append(index[b])
        indeg[index[b]] += 1
    ready = [i for i in range(len(nodes)) if indeg[i] == 0]
    ready.reverse()
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                ready.append(j)
    return order if len(order) == len(nodes) else None


def compute_graph(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> Metrics | None:
    """The metrics of the graph with vertices ``nodes`` and ``edges`` (parallel edges count once);
    None when it has a cycle."""
    unique = sorted(set(edges), key=lambda e: (e[0], e[1]))
    order = topological(nodes, unique)
    if order is None:
        return None
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    succ: list[list[int]] = [[] for _ in range(n)]
    pred: list[list[int]] = [[] for _ in range(n)]
    for a, b in unique:
        succ[index[a]].append(index[b])
        pred[index[b]].append(index[a])
    # Longest path ending at / starting from each vertex (vertices), path counts and length sums.
    up, count_in, length_in = [1] * n, [0] * n, [0] * n
    for v in order:
        if pred[v]:
            up[v] = 1 + max(up[u] for u in pred[v])
            count_in[v] = sum(count_in[u] for u in pred[v])
            length_in[v] = sum(length_in[u] for u in pred[v]) + count_in[v]
        else:
            count_in[v], length_in[v] = 1, 1
    down, count_out, length_out = [1] * n, [0] * n, [0] * n
    reach = [0] * n
    for v in reversed(order):
        if succ[v]:
            down[v] = 1 + max(down[w] for w in succ[v])
            count_out[v] = sum(count_out[w] for w in succ[v])
            length_out[v] = sum(length_out[w] for w in succ[v]) + count_out[v]
            bits = 0
            for w in succ[v]:
                bits |= reach[w] | (1 << w)
            reach[v] = bits
        else:
            count_out[v], length_out[v] = 1, 1
    out: dict[str, ModuleMetrics] = {}
    for i, name in enumerate(nodes):
        if pred[i] and succ[i]:
            # each path in joined with each path out, v counted once: (a + b - 1) summed over the pairs
            centrality = length_in[i] * count_out[i] + length_out[i] * count_in[i] - count_in[i] * count_out[i]
        else:
            centrality = 0
        out[name] = ModuleMetrics(blocking=reach[i].bit_count(), delay=up[i] + down[i] - 1, centrality=centrality)
    return Metrics(out)


def programme_metrics(p: Programme) -> Metrics | None:
    """The metrics of a programme's requisite graph; None when its requisites form a cycle."""
    nodes = list(dict.fromkeys(m.id for m in p.modules))
    return compute_graph(nodes, ((a, b) for a, b, _ in requisite_edges(p)))
