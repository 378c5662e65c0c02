"""The graph-free Watts-Strogatz replay gives networkx's edges, in networkx's order."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from govsim.network import watts_strogatz_edges


@pytest.mark.parametrize(
    ("n", "k", "p"),
    [(3, 2, 0.5), (5, 4, 0.9), (12, 4, 0.1), (60, 6, 0.2), (331, 6, 0.1), (400, 10, 1.0)],
)
@pytest.mark.parametrize("seed", [0, 1, 12345, 2**31 - 2])
def test_watts_strogatz_edges_match_networkx(n: int, k: int, p: float, seed: int) -> None:
    graph = nx.watts_strogatz_graph(n, k, p, seed=seed)
    expected = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    np.testing.assert_array_equal(watts_strogatz_edges(n, k, p, seed), expected)
