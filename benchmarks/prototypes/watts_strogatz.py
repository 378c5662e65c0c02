"""Hot spot #2: ``govsim.network.watts_strogatz_edges`` against networkx on the county layout.

The prototype of this function now lives in the model (``govsim.network.watts_strogatz_edges``:
a graph-free replay of ``nx.watts_strogatz_graph``'s draws, same edges in the same order). This
script checks equality on every village of the baseline county and times both (CPU seconds):
``.venv/bin/python benchmarks/prototypes/watts_strogatz.py [TREE]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


def main() -> int:
    import networkx as nx

    root = Path(__file__).resolve().parents[2]
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else root
    sys.path.insert(0, str(tree / "src"))
    import govsim
    from govsim.network import watts_strogatz_edges
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
    for fn in (via_networkx, watts_strogatz_edges):
        t = time.process_time()
        results[fn.__name__] = [fn(*job) for job in jobs]
        print(f"{fn.__name__:<28} {time.process_time() - t:6.3f} s CPU for {len(jobs)} villages")
    same = all(
        np.array_equal(a, b)
        for a, b in zip(results["via_networkx"], results["watts_strogatz_edges"], strict=True)
    )
    print("identical edges, same order:", same)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
