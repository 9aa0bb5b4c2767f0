"""`curriculum graph`: export the coverage graph as DOT, GraphML or JSON."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import networkx as nx

from ..catalogue import find_root, load_catalogue
from ..diagnostics import unreadable
from ..graph import build_graph, to_json


def _dot(g: nx.DiGraph) -> str:
    def q(s: object) -> str:
        return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph curriculum {", "  rankdir=LR;"]
    for n, a in sorted(g.nodes(data=True)):
        lines.append(f"  {q(n)} [kind={q(a.get('kind', ''))}, label={q(a.get('label') or n)}];")
    for u, v, a in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        extra = "".join(f", {k}={q(val)}" for k, val in sorted(a.items()) if k != "kind")
        lines.append(f"  {q(u)} -> {q(v)} [kind={q(a.get('kind', ''))}{extra}];")
    return "\n".join(lines) + "\n}\n"


def _graphml(g: nx.DiGraph) -> str:
    clean = nx.DiGraph()
    for n, a in sorted(g.nodes(data=True)):
        clean.add_node(
            n, **{k: (", ".join(map(str, v)) if isinstance(v, tuple) else v) for k, v in a.items() if v is not None}
        )
    for u, v, a in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        clean.add_edge(
            u, v, **{k: (", ".join(map(str, x)) if isinstance(x, tuple) else x) for k, x in a.items() if x is not None}
        )
    buf = io.BytesIO()
    nx.write_graphml(clean, buf)
    return buf.getvalue().decode("utf-8")


def run(programme: str | None, fmt: str, root: Path | None, output: Path | None) -> int:
    folder = find_root(root or Path.cwd())
    if folder is None:
        print("curriculum: error: no catalogue here; pass --root", file=sys.stderr)
        return 2
    catalogue = load_catalogue(folder)
    unusable = unreadable(catalogue.diagnostics)
    if unusable:
        for x in unusable:
            print(f"{x.file}:{x.line}:{x.column}: {x.code} {x.message}", file=sys.stderr)
        print("curriculum: error: fix the files above first (`curriculum check` lists every finding)", file=sys.stderr)
        return 2
    if programme is not None and programme not in catalogue.programmes:
        print(
            f"curriculum: error: no programme `{programme}`; known: {', '.join(sorted(catalogue.programmes))}",
            file=sys.stderr,
        )
        return 2
    g = build_graph(catalogue, programme)
    text = {
        "dot": _dot,
        "graphml": _graphml,
        "json": lambda g: json.dumps(to_json(g), ensure_ascii=False, indent=1) + "\n",
    }[fmt](g)
    if output:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"curriculum: error: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 0
