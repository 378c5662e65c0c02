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


@pytest.mark.parametrize("with_isolates", [False, True])
def test_random_neighbour_is_a_uniform_pick_from_each_rows_ties(with_isolates: bool) -> None:
    from govsim.network import SocialNetwork

    setup = np.random.default_rng(3)
    degree = setup.integers(0 if with_isolates else 1, 6, size=200)
    indptr = np.concatenate(([0], np.cumsum(degree))).astype(np.int64)
    indices = setup.integers(0, 200, size=int(indptr[-1])).astype(np.int32)
    network = SocialNetwork(indptr, indices)
    assert network.everyone_tied is not with_isolates
    rows = setup.integers(0, 200, size=500)
    a, b = np.random.default_rng(9), np.random.default_rng(9)
    got = network.random_neighbour(rows, a)
    # the rule written out: position floor(U × degree) in the row's list; -1 without ties
    u = b.random(len(rows))
    for row, value, uniform in zip(rows.tolist(), got.tolist(), u.tolist(), strict=True):
        ties = indices[indptr[row] : indptr[row + 1]]
        assert value == (ties[int(np.floor(uniform * len(ties)))] if len(ties) else -1)
    assert got.dtype == np.int64
    assert a.bit_generator.state == b.bit_generator.state


def test_neighbours_of_expands_each_rows_ties_in_order() -> None:
    from govsim.network import SocialNetwork

    setup = np.random.default_rng(4)
    degree = setup.integers(0, 6, size=100)
    indptr = np.concatenate(([0], np.cumsum(degree))).astype(np.int64)
    indices = setup.integers(0, 100, size=int(indptr[-1])).astype(np.int32)
    network = SocialNetwork(indptr, indices)
    for rows in (np.array([7]), np.array([0, 99, 7, 7, 3]), setup.integers(0, 100, size=40)):
        neighbours, owner = network.neighbours_of(rows)
        expected = [
            (int(v), k) for k, r in enumerate(rows) for v in indices[indptr[r] : indptr[r + 1]]
        ]
        assert list(zip(neighbours.tolist(), owner.tolist(), strict=True)) == expected
        assert neighbours.dtype == owner.dtype == np.int64
