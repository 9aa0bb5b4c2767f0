"""Curricular-analytics metrics: CurricularAnalytics' own 8-course example, and random DAGs against a
brute-force enumeration of every source-to-sink path."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from curriculum.checks import check_path
from curriculum.cli import main
from curriculum.diagrams import prereq
from curriculum.metrics import compute_graph, programme_metrics
from curriculum.model import Module, Programme, SemesterLoad, Text
from curriculum.render import Renderer, install, make_env

from .conftest import materialise

CASES = Path(__file__).parent / "cases"


def module(mid: str, semester: int, pre: tuple[str, ...] = (), co: tuple[str, ...] = ()) -> Module:
    return Module(
        id=mid,
        title=Text({"": mid}),
        cycle="bm",
        semesters=(SemesterLoad(semester=semester, hours=()),),
        prerequisites=pre,
        corequisites=co,
    )


def eight_courses() -> list[Module]:
    """A, B → C (prerequisites), D → C (co-requisite), C → E and D → F (prerequisites); G, H alone."""
    return [
        module("A", 1),
        module("B", 1),
        module("C", 2, pre=("A", "B"), co=("D",)),
        module("D", 1),
        module("E", 3, pre=("C",)),
        module("F", 2, pre=("D",)),
        module("G", 1),
        module("H", 1),
    ]


def _programme(modules: list[Module]) -> Programme:
    """A programme with only its modules set: the metrics read nothing else."""
    p = object.__new__(Programme)
    object.__setattr__(p, "modules", tuple(modules))
    return p


def test_curricular_analytics_eight_course_example() -> None:
    metrics = programme_metrics(_programme(eight_courses()))
    assert metrics is not None
    assert metrics.totals() == {"blocking": 8, "delay": 19, "centrality": 9, "complexity": 27}
    c = metrics.modules["C"]
    assert (c.delay, c.blocking, c.centrality, c.complexity) == (3, 1, 9, 4)
    assert {k: v.blocking for k, v in metrics.modules.items()} == dict(A=2, B=2, C=1, D=3, E=0, F=0, G=0, H=0)
    assert {k: v.delay for k, v in metrics.modules.items()} == dict(A=3, B=3, C=3, D=3, E=3, F=2, G=1, H=1)
    assert [k for k, v in metrics.modules.items() if v.centrality] == ["C"]


def test_a_requisite_cycle_gives_no_metrics() -> None:
    modules = eight_courses()
    modules[0] = module("A", 1, co=("E",))  # E needs C needs A: a cycle through a co-requisite
    assert programme_metrics(_programme(modules)) is None
    assert compute_graph(["X"], [("X", "X")]) is None


def brute_force(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int, int]]:
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    sources = [v for v in nodes if g.in_degree(v) == 0]
    sinks = [v for v in nodes if g.out_degree(v) == 0]
    paths = [[s] for s in sources if s in sinks]
    for s in sources:
        for t in sinks:
            if s != t:
                paths += list(nx.all_simple_paths(g, s, t))
    out = {}
    for v in nodes:
        blocking = len(nx.descendants(g, v))
        delay = max(len(p) for p in paths if v in p)
        centrality = sum(len(p) for p in paths if v in p[1:-1])
        out[v] = (blocking, delay, centrality)
    return out


@pytest.mark.parametrize("seed", range(60))
def test_random_dags_against_path_enumeration(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 14)
    nodes = [f"m{i:02d}" for i in range(n)]
    rng.shuffle(nodes)  # the given order is not a topological one
    density = rng.choice([0.1, 0.25, 0.5])
    ranked = sorted(nodes)
    edges = [(a, b) for i, a in enumerate(ranked) for b in ranked[i + 1 :] if rng.random() < density]
    edges += edges[: rng.randint(0, 2)]  # parallel edges (a prerequisite also a co-requisite) count once
    metrics = compute_graph(nodes, edges)
    assert metrics is not None
    got = {k: (m.blocking, m.delay, m.centrality) for k, m in metrics.modules.items()}
    assert got == brute_force(nodes, sorted(set(edges)))
    assert list(metrics.modules) == nodes


def test_many_paths_are_counted_not_enumerated() -> None:
    # 30 layers of 4 fully connected modules: 4^30 source-to-sink paths
    layers = [[f"L{i}-{j}" for j in range(4)] for i in range(30)]
    nodes = [v for layer in layers for v in layer]
    edges = [(a, b) for x, y in zip(layers, layers[1:], strict=False) for a in x for b in y]
    metrics = compute_graph(nodes, edges)
    assert metrics is not None
    middle = metrics.modules["L15-0"]
    assert middle.delay == 30 and middle.blocking == 14 * 4
    assert middle.centrality == 30 * 4**29  # every path through it has 30 vertices; it is on a quarter of them


def test_check_json_reports_metrics_and_totals(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    materialise(CASES / "cur208-prerequisite-cycle", root)
    report = json.loads(CliRunner().invoke(main, ["check", str(root), "--format", "json"]).stdout)
    assert "example-web" not in report["metrics"]  # a requisite cycle: no metrics
    assert "complexity_total" not in report["programmes"]["example-web"]
    root2 = tmp_path / "clean"
    materialise(CASES / "cur802-strict-corequisite", root2)
    report = json.loads(CliRunner().invoke(main, ["check", str(root2), "--format", "json"]).stdout)
    # BM01 → PM01 → PM02 → PM03 → FA01 (a strict co-requisite) and PM02 → FA01: two paths, of 5 and 4
    modules = report["metrics"]["example-web"]
    assert modules["PM03"] == {"blocking": 1, "delay": 5, "centrality": 5, "complexity": 6}
    assert modules["PM02"] == {"blocking": 2, "delay": 5, "centrality": 9, "complexity": 7}
    assert modules["BM01"] == {"blocking": 4, "delay": 5, "centrality": 0, "complexity": 9}
    figures = report["programmes"]["example-web"]
    assert figures["delay_total"] == 25 and figures["blocking_total"] == 4 + 3 + 2 + 1 + 0
    assert figures["centrality_total"] == 9 + 9 + 5


def renderer_for(case: str, tmp_path: Path) -> Renderer:
    root = tmp_path / case
    materialise(CASES / case, root)
    env = make_env(root)
    r = Renderer(check_path(root), "en", env)
    install(env, r)
    return r


def test_graph_page_shows_metrics_and_corequisites(tmp_path: Path) -> None:
    r = renderer_for("cur802-strict-corequisite", tmp_path)
    p = r.catalogue.programmes["example-web"]
    html = prereq.prereq_figure(p, r)
    # FA01's strict co-requisite PM03 (same semester) is drawn dotted; PM03's PM02 is out of order: red dashes
    assert html.count('class="edge strict corequisite"') == 1
    assert html.count('class="edge backward"') == 1
    assert "co-requisite → module (same semester)" in html and "structural complexity" in html
    # PM02: delay 5 + blocking 2 = 7 in its box, the table row, and totals 10 / 25 / 23 / 35
    assert html.count('class="complexity" text-anchor="end">') == 5
    assert "<td>3</td><td>2</td><td>5</td><td>9</td><td>7</td></tr>" in html
    assert '<tfoot><tr><th scope="row">Total</th><td></td><td>10</td><td>25</td><td>23</td><td>35</td>' in html
    listing = prereq.module_list(p, r)
    assert "Co-requisites in the same semester: <a" in listing


def test_graph_page_without_metrics_says_why(tmp_path: Path) -> None:
    r = renderer_for("cur803-requisite-cycle", tmp_path)
    p = r.catalogue.programmes["example-web"]
    html = prereq.prereq_figure(p, r)
    assert "not computed, because the requisites form a cycle" in html
    assert 'class="complexity"' not in html and "<table" not in html
    assert 'class="edge corequisite"' in html
