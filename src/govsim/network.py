"""The villagers' social network: households, neighbours, and a few ties across villages.

Topology (Watts & Strogatz 1998, Nature 393:440): within each village, households form a
small-world graph — a ring where each household is tied to ``neighbour_households`` nearest
households, each tie rewired to a random household of the village with ``rewiring_probability``.
Adults of one household are all tied to each other; a household-household tie links one random
adult of each. Ties across villages are added at ``cross_village_ties_per_adult``.

The household graphs are networkx's Watts-Strogatz graphs, drawn by an exact graph-free replay
of its algorithm (:func:`watts_strogatz_edges`); the villager-level network is stored as a
symmetric CSR adjacency (``indptr``, ``indices``) so that word of mouth and neighbour
observation are array look-ups. :meth:`SocialNetwork.to_networkx` gives a networkx view for analysis and teaching.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from govsim.population import Layout, concatenated_ranges
from govsim.scenario import Network

__all__ = ["SocialNetwork", "build_social_network"]


@dataclass(slots=True)
class SocialNetwork:
    """Symmetric adjacency of villagers in CSR form."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    degree: NDArray[np.int64] = field(init=False, repr=False)
    everyone_tied: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.degree = np.diff(self.indptr)
        self.everyone_tied = bool(np.all(self.degree > 0))

    def neighbours_of(self, rows: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """All neighbours of ``rows``, and for each the index into ``rows`` it belongs to.

        A vectorised expansion of the rows' adjacency lists, in row order.
        """
        positions, owner = concatenated_ranges(self.indptr[rows], self.degree[rows])
        return self.indices[positions].astype(np.int64), owner

    def random_neighbour(
        self, rows: NDArray[np.int64], rng: np.random.Generator
    ) -> NDArray[np.int64]:
        """One uniformly chosen neighbour per row (``-1`` for villagers without ties)."""
        degree = self.degree[rows]
        # truncation is the floor here: the products are non-negative
        pick = self.indptr[rows] + (rng.random(len(rows)) * degree).astype(np.int64)
        if self.everyone_tied:
            return self.indices[pick].astype(np.int64)
        out = np.full(len(rows), -1, dtype=np.int64)
        has = degree > 0
        out[has] = self.indices[pick[has]]
        return out

    def to_networkx(self, rows: NDArray[np.int64] | None = None) -> nx.Graph:
        """A networkx graph of the network, or of the subgraph induced by ``rows``."""
        n = len(self.indptr) - 1
        matrix = sp.csr_array(
            (np.ones(len(self.indices), dtype=np.int8), self.indices, self.indptr), shape=(n, n)
        )
        if rows is None:
            return nx.from_scipy_sparse_array(matrix)
        graph = nx.from_scipy_sparse_array(matrix[rows][:, rows])
        return nx.relabel_nodes(graph, dict(enumerate(rows.tolist())))


def watts_strogatz_edges(n: int, k: int, p: float, seed: int) -> NDArray[np.int64]:
    """The edges of ``nx.watts_strogatz_graph(n, k, p, seed=seed)``, in ``graph.edges()`` order.

    An ``(m, 2)`` array for ``2 <= k < n``. It replays networkx's algorithm and its draws from
    ``random.Random(seed)`` (one ``random()`` per ring edge, ``choice(nodes)`` per rewiring
    attempt) on insertion-ordered adjacency dicts, without building a graph: the same edges in
    the same order (``tests/test_network.py`` compares it with networkx), at a fraction of the
    cost. ``graph.edges()`` yields each node's neighbours in insertion order, skipping those
    already visited (smaller labels).
    """
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
                        break  # skip this rewiring
                else:
                    del neighbours[v]
                    del adjacency[v][u]
                    neighbours[w] = None
                    adjacency[w][u] = None
    flat = [
        x for u, neighbours in enumerate(adjacency) for v in neighbours if v > u for x in (u, v)
    ]
    return np.array(flat, dtype=np.int64).reshape(-1, 2)


def _household_ties(
    layout: Layout, network: Network, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Household-household ties of every village (global household ids)."""
    sources: list[NDArray[np.int64]] = []
    targets: list[NDArray[np.int64]] = []
    seeds = rng.integers(0, 2**31 - 1, size=layout.n_villages)
    for village in range(layout.n_villages):
        count = int(layout.village_household_count[village])
        k = min(network.neighbour_households, count - 1 - (count - 1) % 2)
        if count < 2 or k < 2:
            continue
        edges = watts_strogatz_edges(count, k, network.rewiring_probability, int(seeds[village]))
        offset = layout.village_household_start[village]
        sources.append(edges[:, 0] + offset)
        targets.append(edges[:, 1] + offset)
    if not sources:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(sources), np.concatenate(targets)


def _within_household_ties(layout: Layout) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """All pairs of adults inside each household."""
    sources: list[NDArray[np.int64]] = []
    targets: list[NDArray[np.int64]] = []
    for size in np.unique(layout.household_size):
        if size < 2:
            continue
        starts = layout.household_start[layout.household_size == size]
        i, j = np.triu_indices(int(size), k=1)
        sources.append((starts[:, None] + i[None, :]).ravel())
        targets.append((starts[:, None] + j[None, :]).ravel())
    if not sources:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(sources), np.concatenate(targets)


def build_social_network(
    layout: Layout, village_of_row: NDArray[np.int32], network: Network, rng: np.random.Generator
) -> SocialNetwork:
    """Build the villager network for a county layout."""
    n = len(village_of_row)
    hh_a, hh_b = _household_ties(layout, network, rng)
    member_a = layout.household_start[hh_a] + np.floor(
        rng.random(len(hh_a)) * layout.household_size[hh_a]
    ).astype(np.int64)
    member_b = layout.household_start[hh_b] + np.floor(
        rng.random(len(hh_b)) * layout.household_size[hh_b]
    ).astype(np.int64)
    in_a, in_b = _within_household_ties(layout)

    n_cross = int(rng.poisson(network.cross_village_ties_per_adult * n / 2)) if n > 1 else 0
    cross_a = rng.integers(0, n, size=n_cross)
    cross_b = rng.integers(0, n, size=n_cross)
    other_village = village_of_row[cross_a] != village_of_row[cross_b]
    cross_a, cross_b = cross_a[other_village], cross_b[other_village]

    a = np.concatenate((member_a, in_a, cross_a))
    b = np.concatenate((member_b, in_b, cross_b))
    keep = a != b
    a, b = a[keep], b[keep]
    matrix = sp.coo_array(
        (np.ones(2 * len(a), dtype=np.int8), (np.concatenate((a, b)), np.concatenate((b, a)))),
        shape=(n, n),
    ).tocsr()
    matrix.sum_duplicates()
    matrix.sort_indices()
    return SocialNetwork(
        indptr=matrix.indptr.astype(np.int64), indices=matrix.indices.astype(np.int32)
    )
