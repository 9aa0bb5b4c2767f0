"""Curricular-analytics metrics on large requisite graphs, and CASE import of a large package, each
against a baseline measured in the same run.

    python -m benchmarks.bench_exchange [--modules 1000 2000 4000] [--items 10000] [--repeat 5]

Metrics: a synthetic programme of N modules in 8 semesters, each module requiring up to four modules
of earlier semesters (and every tenth a co-requisite of its own semester) — far more source-to-sink
paths than could be listed. `curriculum.metrics` (bit sets and path counts over one topological order)
is timed against a networkx baseline computing the same four figures per module with networkx calls
(`descendants` per module, longest paths and path counts over `topological_sort`); both must agree.
The target is a ratio (toolkit / networkx) of at most 1.

CASE: a package of N items (sections, functions and skills in three levels, one isChildOf association
each) is imported with `curriculum.exchange.case.import_packages` (parse, check every object against
CASE 1.1, build the framework) and compared with `json.loads` of the same text alone. The target is at
most 25 × json.loads.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from curriculum.exchange import case
from curriculum.metrics import compute_graph

METRICS_LIMIT = 1.0
CASE_LIMIT = 25.0


def graph(n: int, seed: int = 7) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    per = max(1, n // 8)
    nodes = [f"M{i:05d}" for i in range(n)]
    edges = []
    for i, v in enumerate(nodes):
        sem = i // per
        earlier = nodes[: sem * per]
        for u in rng.sample(earlier, min(len(earlier), rng.randint(0, 4))):
            edges.append((u, v))
        if i % 10 == 9 and i % per:
            edges.append((nodes[i - 1], v))  # a co-requisite in the same semester
    return nodes, edges


def baseline(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int, int]]:
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    order = list(nx.topological_sort(g))
    up, down, n_in, l_in, n_out, l_out = {}, {}, {}, {}, {}, {}
    for v in order:
        preds = list(g.predecessors(v))
        up[v] = 1 + max((up[u] for u in preds), default=0)
        n_in[v] = sum(n_in[u] for u in preds) or 1
        l_in[v] = sum(l_in[u] for u in preds) + n_in[v] if preds else 1
    for v in reversed(order):
        succ = list(g.successors(v))
        down[v] = 1 + max((down[w] for w in succ), default=0)
        n_out[v] = sum(n_out[w] for w in succ) or 1
        l_out[v] = sum(l_out[w] for w in succ) + n_out[v] if succ else 1
    out = {}
    for v in nodes:
        inner = g.in_degree(v) and g.out_degree(v)
        centrality = l_in[v] * n_out[v] + l_out[v] * n_in[v] - n_in[v] * n_out[v] if inner else 0
        out[v] = (len(nx.descendants(g, v)), up[v] + down[v] - 1, centrality)
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def package(n: int) -> dict:  # type: ignore[type-arg]
    stamp = "2025-02-01T00:00:00+00:00"
    doc_id = case.derived_id("bench", "doc")
    doc_link = {"title": "Bench", "identifier": doc_id, "uri": f"https://case.example.kz/CFDocuments/{doc_id}"}
    doc = {**doc_link, "creator": "bench", "lastChangeDateTime": stamp, "language": "en"}
    doc.pop("title")
    doc["title"] = "Bench"
    items, assocs, links = [], [], []
    for i in range(n):
        ident = case.derived_id("bench", str(i))
        link = {"title": f"I{i}", "identifier": ident, "uri": f"https://case.example.kz/CFItems/{ident}"}
        kind = "Section" if i < 20 else "Function" if i < 400 else "Skill"
        items.append(
            {
                **link,
                "fullStatement": f"Statement number {i}",
                "humanCodingScheme": f"I{i}",
                "CFItemType": kind,
                "lastChangeDateTime": stamp,
            }
        )
        items[-1].pop("title")
        parent = doc_link if i < 20 else links[i % 20] if i < 400 else links[20 + i % 380]
        aid = case.derived_id("bench", f"a{i}")
        assocs.append(
            {
                "identifier": aid,
                "uri": f"https://case.example.kz/CFAssociations/{aid}",
                "associationType": "isChildOf",
                "sequenceNumber": i,
                "originNodeURI": link,
                "destinationNodeURI": parent,
                "lastChangeDateTime": stamp,
            }
        )
        links.append(link)
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": assocs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    failed = False
    print(f"{'modules':>8} {'edges':>7} {'toolkit s':>10} {'networkx s':>11} {'ratio':>6}")
    for n in args.modules:
        nodes, edges = graph(n)
        ours = compute_graph(nodes, edges)
        assert ours is not None
        theirs = baseline(nodes, sorted(set(edges)))
        assert {k: (m.blocking, m.delay, m.centrality) for k, m in ours.modules.items()} == theirs
        t_ours = best(lambda n=nodes, e=edges: compute_graph(n, e), args.repeat)  # type: ignore[misc]
        t_nx = best(lambda n=nodes, e=edges: baseline(n, sorted(set(e))), args.repeat)  # type: ignore[misc]
        ratio = t_ours / t_nx
        failed |= ratio > METRICS_LIMIT
        print(f"{n:>8} {len(edges):>7} {t_ours:>10.4f} {t_nx:>11.4f} {ratio:>6.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "package.json"
        text = json.dumps(package(args.items), indent=2)
        path.write_text(text, encoding="utf-8")
        built = case.import_packages([path], strict=True)
        assert built.data and not built.diagnostics, built.diagnostics[:3]
        t_import = best(lambda: case.import_packages([path], strict=True), args.repeat)
        t_json = best(lambda: json.loads(path.read_text(encoding="utf-8")), args.repeat)
    ratio = t_import / t_json
    failed |= ratio > CASE_LIMIT
    print(f"CASE import of {args.items} items: {t_import:.3f} s; json.loads {t_json:.3f} s; ratio {ratio:.1f}")
    print("FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
