"""Information sharing between departments: the data-interface network and coordination delay.

The department network (networkx) has an edge where two departments can exchange case data. At
the start each pair has an interface with ``sharing.interface_density``. Departments adopt the
unified data standard: those with ``data_standard = true`` at once, and enough others to reach
``data_standard_share`` of all departments, spread evenly over the roll-out
(``standard_rollout_start_day``, ``standard_rollout_days``). A pair can exchange data if it has an
interface or either side publishes to the standard (a standard-conformant feed is readable by
all) — so linked pairs grow as 1 − (1 − s)², with diminishing returns in the adoption share *s*.
A shared cloud platform links every pair.

Mean coordination delay of a cross-department case: ``coordination_days_with_interface`` if lead
and assistant are linked, else ``coordination_days_without_interface``; × ``cloud_delay_factor``
with a shared cloud; × 1 / (1 + m / ``linkage_halving_meetings``) for *m* linkage meetings a
month (diminishing returns). Bounce forwarding uses the same links (:mod:`routing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Sharing"]


class Sharing:
    """Department interface network and the data-standard roll-out."""

    def __init__(self, model: GovernanceModel) -> None:
        s = model.scenario.sharing
        rng = model.rng
        n = len(model.departments)
        self.graph = nx.Graph()
        self.graph.add_nodes_from(d.name for d in model.departments)
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        draws = rng.random(len(pairs))
        self.interface = np.zeros((n, n), dtype=bool)
        for (i, j), u in zip(pairs, draws, strict=True):
            if u < s.interface_density:
                self.interface[i, j] = self.interface[j, i] = True
                self.graph.add_edge(model.departments[i].name, model.departments[j].name)
        self.adopted = np.array([d.data_standard for d in model.departments], dtype=bool)
        target = max(int(self.adopted.sum()), round(s.data_standard_share * n))
        candidates = rng.permutation(np.flatnonzero(~self.adopted))[
            : target - int(self.adopted.sum())
        ]
        if s.standard_rollout_days > 0 and len(candidates):
            offsets = np.floor(
                np.arange(len(candidates)) * s.standard_rollout_days / len(candidates)
            )
        else:
            offsets = np.zeros(len(candidates))
        self.adoption_day = dict(
            zip(
                candidates.tolist(),
                (s.standard_rollout_start_day + offsets).astype(int).tolist(),
                strict=True,
            )
        )
        linkage = 1.0 / (1.0 + s.linkage_meetings_per_month / s.linkage_halving_meetings)
        cloud = s.cloud_delay_factor if s.shared_cloud else 1.0
        self.delay_factor = linkage * cloud
        self.shared_cloud = s.shared_cloud
        self.days_with_interface = s.coordination_days_with_interface
        self.days_without_interface = s.coordination_days_without_interface
        self._refresh()

    def _refresh(self) -> None:
        self.links = self.interface | self.adopted[:, None] | self.adopted[None, :]
        np.fill_diagonal(self.links, True)

    def step(self, model: GovernanceModel) -> None:
        """Departments whose roll-out day is today adopt the standard."""
        due = [d for d, day in self.adoption_day.items() if day == model.day]
        if not due:
            return
        for d in due:
            self.adopted[d] = True
            model.departments[d].data_standard = True
            del self.adoption_day[d]
        self._refresh()

    def linked(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether each pair of departments can exchange case data."""
        if self.shared_cloud:
            return np.ones(len(a), dtype=bool)
        linked: NDArray[np.bool_] = self.links[a, b]
        return linked

    def coordination_days(
        self, lead: NDArray[np.int64], assist: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Mean coordination delay (days) of cross-department cases."""
        base = np.where(
            self.linked(lead, assist), self.days_with_interface, self.days_without_interface
        )
        return base * self.delay_factor
