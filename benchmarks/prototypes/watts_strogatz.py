"""Prototype for hot spot #2: networkx-free Watts–Strogatz edges, bit-identical to networkx 3.x.

``nx.watts_strogatz_graph(n, k, p, seed=s)`` draws from ``random.Random(s)`` (one ``random()``
per ring edge, ``choice(nodes)`` per rewiring attempt) and its ``G.edges()`` order follows the
insertion order of each node's adjacency dict. ``watts_strogatz_edges_exact`` replays exactly those
draws on a list of insertion-ordered dicts and returns the same edges in the same order as an
``(m, 2)`` int64 array, so ``network._household_ties`` can use it without changing any result.

Run ``.venv/bin/python benchmarks/prototypes/watts_strogatz.py`` to check equality with networkx
on the county layout and time both (CPU seconds).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


def _edges_in_networkx_order(adjacency: list[dict[int, None]]) -> NDArray[np.int64]:
    """``G.edges()`` order: nodes ascending, each node's neighbours in insertion order, unseen only."""
    out: list[int] = []
    for u, neighbours in enumerate(adjacency):
        for v in neighbours:
            if v >= u:  # v < u were yielded when v was visited
                out.append(u)
                out.append(v)
    return np.asarray(out, dtype=np.int64).reshape(-1, 2)


def watts_strogatz_edges_exact(n: int, k: int, p: float, seed: int) -> NDArray[np.int64]:
    """Edges of ``networkx.watts_strogatz_graph(n, k, p, seed=seed)`` in ``G.edges()`` order (2 ≤ k < n)."""
    r = random.Random(seed)
    uniform, choice = r.random, r.choice
    nodes = list(range(n))
    adjacency: list[dict[int, None]] = [{} for _ in range(n)]
    half = k // 2
    for j in range(1, half + 1):
        for u in range(n):
            v = (u + j) % n
            adjacency[u][v] = None
            adjacency[v][u] = None
    for j in range(1, half + 1):
        for u in range(n):
            if uniform() < p:
                v = (u + j) % n
                neighbours = adjacency[u]
                w = choice(nodes)
                while w == u or w in neighbours:
                    w = choice(nodes)
                    if len(neighbours) >= n - 1:
                        break
                else:
                    del neighbours[v]
                    del adjacency[v][u]
                    neighbours[w] = None
                    adjacency[w][u] = None
    return _edges_in_networkx_order(adjacency)


def main() -> int:
    import networkx as nx

    root = Path(__file__).resolve().parents[2]
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else root
    sys.path.insert(0, str(tree / "src"))
    import govsim
    from govsim.population import build_layout

    scenario = govsim.load_scenario(tree / "scenarios/baseline.toml")
    rng = np.random.default_rng(1)
    layout = build_layout(scenario, rng)
    net = scenario.network
    seeds = rng.integers(0, 2**31 - 1, size=layout.n_villages)
    jobs = []
    for village in range(layout.n_villages):
        count = int(layout.village_household_count[village])
        k = min(net.neighbour_households, count - 1 - (count - 1) % 2)
        if count >= 2 and k >= 2:
            jobs.append((count, k, net.rewiring_probability, int(seeds[village])))

    def via_networkx(n: int, k: int, p: float, seed: int) -> NDArray[np.int64]:
        g = nx.watts_strogatz_graph(n, k, p, seed=seed)
        flat = np.fromiter(
            (x for e in g.edges() for x in e), dtype=np.int64, count=2 * g.number_of_edges()
        )
        return flat.reshape(-1, 2)

    results = {}
    for fn in (via_networkx, watts_strogatz_edges_exact):
        t = time.process_time()
        results[fn.__name__] = [fn(*job) for job in jobs]
        print(f"{fn.__name__:<28} {time.process_time() - t:6.3f} s CPU for {len(jobs)} villages")
    same = all(
        np.array_equal(a, b)
        for a, b in zip(results["via_networkx"], results["watts_strogatz_edges_exact"], strict=True)
    )
    print("identical edges, same order:", same)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
