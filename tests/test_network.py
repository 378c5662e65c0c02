"""The villagers' network: Watts-Strogatz rings of households, and look-ups of ties."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from govsim.state.network import watts_strogatz_edges


def _edges(counts: list[int], k: int, p: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    count = np.array(counts, dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    return watts_strogatz_edges(start, count, k, p, np.random.default_rng(seed))


def _graph(u: np.ndarray, v: np.ndarray, n: int) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for a, b in zip(u.tolist(), v.tolist(), strict=True) if a != b)
    return graph


def test_without_rewiring_each_village_is_a_ring_lattice() -> None:
    u, v = _edges([12, 7, 1, 2, 330], k=6, p=0.0, seed=1)
    graph = _graph(u, v, 352)
    # ring of 12 and of 330: every household tied to its 3 nearest on each side
    for start, n in ((0, 12), (22, 330)):
        for node in range(start, start + n):
            ring = {start + (node - start + j) % n for j in (-3, -2, -1, 1, 2, 3)}
            assert set(graph[node]) == ring
    # a village of 7 households: k capped at 6 (everyone tied); of 1 or 2: no ring
    assert all(graph.degree(node) == 6 for node in range(12, 19))
    assert all(graph.degree(node) == 0 for node in range(19, 22))


@pytest.mark.parametrize("p", [0.1, 0.5, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rewired_edges_stay_in_their_village_without_loops_or_duplicates(
    p: float, seed: int
) -> None:
    counts = [40, 5, 330, 3]
    u, v = _edges(counts, k=6, p=p, seed=seed)
    village = np.repeat(np.arange(len(counts)), counts)
    assert np.array_equal(village[u], village[v])
    kept = u != v
    pairs = np.sort(np.stack((u[kept], v[kept]), axis=1), axis=1)
    assert len(np.unique(pairs, axis=0)) == len(pairs)
    # every ring edge survives or is rewired; only a rare collision loses one
    assert kept.sum() >= 0.99 * len(u)


def test_clustering_and_path_length_match_networkx_in_distribution() -> None:
    """The small-world statistics of the vectorised rewiring equal networkx's (n=330, k=6)."""
    n, k = 330, 6
    for p in (0.05, 0.3):
        ours, theirs = [], []
        for seed in range(6):
            u, v = _edges([n], k=k, p=p, seed=seed)
            ours.append(nx.average_clustering(_graph(u, v, n)))
            theirs.append(nx.average_clustering(nx.watts_strogatz_graph(n, k, p, seed=seed)))
        spread = max(np.std(theirs), 0.005)
        assert np.mean(ours) == pytest.approx(np.mean(theirs), abs=4 * spread)


@pytest.mark.parametrize("with_isolates", [False, True])
def test_random_neighbour_is_a_uniform_pick_from_each_rows_ties(with_isolates: bool) -> None:
    from govsim.state.network import SocialNetwork

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
    from govsim.state.network import SocialNetwork

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


@pytest.mark.parametrize("block_entries", [1 << 18, 16])
def test_the_adjacency_is_the_sorted_symmetric_csr_without_loops_or_repeats(
    block_entries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scipy.sparse as sp

    from govsim.state import network

    monkeypatch.setattr(network, "CSR_BLOCK_ENTRIES", block_entries)  # one block, or many
    n = 50
    setup = np.random.default_rng(5)
    a = setup.integers(0, n, size=300).astype(np.int32)  # repeats and self-loops among them
    b = setup.integers(0, n, size=300).astype(np.int32)
    indptr, indices = network._symmetric_csr(n, a, b)
    keep = a != b
    expected = sp.coo_array(
        (np.ones(2 * keep.sum()), (np.r_[a[keep], b[keep]], np.r_[b[keep], a[keep]])), shape=(n, n)
    ).tocsr()
    expected.sum_duplicates()
    expected.sort_indices()
    assert np.array_equal(indptr, expected.indptr)
    assert np.array_equal(indices, expected.indices)
    assert indices.dtype == np.int32
