"""The villagers' social network: households, neighbours, and a few ties across villages.

Topology (Watts & Strogatz 1998, Nature 393:440): within each village, households form a
small-world graph — a ring where each household is tied to ``neighbour_households`` nearest
households, each tie rewired to a random household of the village with ``rewiring_probability``.
Adults of one household are all tied to each other; a household-household tie links one random
adult of each. Ties across villages are added at ``cross_village_ties_per_adult``.

The household rings of all villages are drawn at once (:func:`watts_strogatz_edges`); the
villager-level network is stored as a symmetric CSR adjacency (``indptr``, ``indices``) so that
word of mouth and neighbour observation are array look-ups. :meth:`SocialNetwork.to_networkx`
gives a networkx view for analysis and teaching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from govsim.scenario import Network
from govsim.state.layout import Layout, concatenated_ranges

__all__ = ["SocialNetwork", "build_social_network", "watts_strogatz_edges"]

REWIRING_ATTEMPTS = 20  # draws of a rewired endpoint before the edge stays on the ring
CSR_BLOCK_ENTRIES = 1 << 18  # adjacency entries sorted at once when the network is assembled


@dataclass(slots=True)
class SocialNetwork:
    """Symmetric adjacency of villagers in CSR form.

    ``indptr`` (and ``degree``) are stored as int32 when the number of ties allows (always short
    of two billion ties), which halves their memory.
    """

    indptr: NDArray[np.signedinteger[Any]]
    indices: NDArray[np.int32]
    degree: NDArray[np.signedinteger[Any]] = field(init=False, repr=False)
    everyone_tied: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.indptr) and int(self.indptr[-1]) <= np.iinfo(np.int32).max:
            self.indptr = np.asarray(self.indptr, dtype=np.int32)
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
        pick: NDArray[np.int64] = self.indptr[rows] + (rng.random(len(rows)) * degree).astype(
            np.int64
        )
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


def watts_strogatz_edges(
    start: NDArray[np.int64], count: NDArray[np.int64], k: int, p: float, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Watts-Strogatz small-world edges of several disjoint rings at once.

    Ring *r* has nodes ``start[r] … start[r] + count[r] − 1``; each node is tied to its
    ``k_r / 2`` nearest neighbours on each side (``k_r`` = ``k`` capped at the largest even
    number below ``count[r]``; rings with ``k_r < 2`` get no edges), and each ring edge
    ``(u, u + j)`` is rewired with probability ``p`` to ``(u, w)``, ``w`` uniform on the ring
    (Watts & Strogatz 1998). A rewiring that would make a self-loop or a tie that exists already
    draws again; after ``REWIRING_ATTEMPTS`` draws the edge stays where it was. Vectorised over
    all rings: the work is proportional to the number of edges.

    Returns the two endpoint arrays (``u < v`` not guaranteed).
    """
    kr = np.minimum(k, count - 1 - (count - 1) % 2)
    kr[count < 2] = 0
    half = kr // 2
    ring = np.repeat(np.arange(len(count)), count * half)  # one entry per (node, j) pair
    if len(ring) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # the j-th tie of each node: positions within the ring's block of count × half entries
    within = np.arange(len(ring)) - np.repeat(np.cumsum(count * half) - count * half, count * half)
    local_u = within // half[ring]
    j = within % half[ring] + 1
    u = start[ring] + local_u
    v = start[ring] + (local_u + j) % count[ring]
    n_nodes = int(start[-1] + count[-1]) if len(count) else 0
    key = np.minimum(u, v) * n_nodes + np.maximum(u, v)
    rewire = (rng.random(len(u)) < p).nonzero()[0]
    kept = np.ones(len(u), dtype=bool)
    kept[rewire] = False
    taken = np.sort(key[kept])
    for _ in range(REWIRING_ATTEMPTS):
        if len(rewire) == 0:
            break
        r = ring[rewire]
        w = start[r] + np.floor(rng.random(len(rewire)) * count[r]).astype(np.int64)
        new_key = np.minimum(u[rewire], w) * n_nodes + np.maximum(u[rewire], w)
        ok = (w != u[rewire]) & ~_contains(taken, new_key)
        _, first = np.unique(new_key, return_index=True)  # one of several identical new ties
        unique = np.zeros(len(rewire), dtype=bool)
        unique[first] = True
        ok &= unique
        v[rewire[ok]] = w[ok]
        key[rewire[ok]] = new_key[ok]
        taken = np.sort(np.concatenate((taken, new_key[ok])))
        rewire = rewire[~ok]
    # an edge not rewired within the attempts stays on the ring, unless that tie is taken
    lost = rewire[_contains(taken, key[rewire])]
    v[lost] = u[lost]  # a self-loop, dropped when the network is assembled
    return u, v


def _contains(ordered: NDArray[np.int64], values: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each of ``values`` is in the sorted array ``ordered``."""
    if len(ordered) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: NDArray[np.bool_] = ordered[at] == values
    return found


def _household_ties(
    layout: Layout, network: Network, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Household-household ties of every village (global household ids)."""
    return watts_strogatz_edges(
        layout.village_household_start,
        layout.village_household_count,
        network.neighbour_households,
        network.rewiring_probability,
        rng,
    )


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
    del hh_a, hh_b
    in_a, in_b = _within_household_ties(layout)

    n_cross = int(rng.poisson(network.cross_village_ties_per_adult * n / 2)) if n > 1 else 0
    cross_a = rng.integers(0, n, size=n_cross)
    cross_b = rng.integers(0, n, size=n_cross)
    other_village = village_of_row[cross_a] != village_of_row[cross_b]
    cross_a, cross_b = cross_a[other_village], cross_b[other_village]

    # villager rows fit in int32 (the population is far below two billion): half the memory
    a = np.concatenate((member_a, in_a, cross_a), dtype=np.int32, casting="same_kind")
    del member_a, in_a, cross_a
    b = np.concatenate((member_b, in_b, cross_b), dtype=np.int32, casting="same_kind")
    del member_b, in_b, cross_b
    indptr, indices = _symmetric_csr(n, a, b)
    return SocialNetwork(indptr=indptr, indices=indices)


def _symmetric_csr(
    n: int, a: NDArray[np.int32], b: NDArray[np.int32]
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """CSR adjacency (``indptr``, ``indices``) of ``n`` nodes with the undirected ties ``a–b``.

    Each row's neighbours are sorted and distinct; self-loops are dropped. Built a block of rows
    at a time (a sort of ``row × n + column`` keys per block), so the set-up's transient memory
    is a block's keys rather than the whole edge list's.
    """
    indptr = np.zeros(n + 1, dtype=np.int64)
    indices = np.empty(2 * len(a), dtype=np.int32)
    blocks = max(1, -(-2 * len(a) // CSR_BLOCK_ENTRIES))
    bounds = np.linspace(0, n, blocks + 1).astype(np.int64)
    filled = 0
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        from_a = (a >= lo) & (a < hi)
        from_b = (b >= lo) & (b < hi)
        row = np.concatenate((a[from_a], b[from_b])).astype(np.int64)
        column = np.concatenate((b[from_a], a[from_b]))
        del from_a, from_b
        loop = row == column
        key = row * n + column
        del row, column
        if np.count_nonzero(loop):
            key = key[~loop]  # no self-loops
        key.sort()
        if len(key) > 1:
            key = key[np.concatenate(([True], key[1:] != key[:-1]))]  # each tie once
        row = key // n
        indptr[lo + 1 : hi + 1] = np.bincount(row - lo, minlength=hi - lo)
        indices[filled : filled + len(key)] = key - row * n
        filled += len(key)
    np.cumsum(indptr, out=indptr)
    indices.resize(filled, refcheck=False)  # in place: the array is ours alone
    return indptr, indices
