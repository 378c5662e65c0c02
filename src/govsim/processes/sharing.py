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

Working relations — capacity for joint action that accumulates through joint work (Emerson,
Nabatchi & Balogh 2012) from a starting prehistory of cooperation or conflict (Ansell & Gash 2008);
the slow order parameter of the department subsystem, with circular causality (Haken). Each
department has relations *w* ∈ [0, 1], at first ``sharing.relations_initial``. A case handler in
the assisting department cooperates when the pair's relations w̄ (mean of lead's and assistant's)
exceed the handler's threshold, logistic around ``cooperation_threshold`` with scale
``cooperation_threshold_spread`` (Granovetter 1978): F(w̄) = 1 / (1 + exp((θ − w̄) / σ)). A
coordination round stalls — the assistant sits on it and a new round starts — with probability
``stall_probability × (1 − F(w̄))``; a case needs
*k* ~ Geometric(1 − stall) rounds and waits Poisson(*k* × mean coordination delay) days. Every
``relations_review_days`` each department reviews the cross-department cases it led or assisted
that closed in the period (village settlements excluded) and moves *w* towards their share *S*
closed within the time limit (departments are appraised on time limits; whether a problem could
be fixed is not the partner's doing), with the asymmetric belief update of
:mod:`govsim.processes.feedback` (rate ``relations_learning_rate × n / (n +
relations_evidence_half)`` for *n* reviewed cases — a review of a handful of cases teaches little,
which keeps a one-village model's departments from lurching on one late case; losses ×
``loss_aversion``).
Fixed points satisfy S(w) = w; because stalls lengthen delays past the time limit, S rises steeply
in w and there are two stable states (good relations keep cases on time, which keeps relations
good; bad relations make cases late, which keeps them bad) — the hysteresis of stylized fact 10.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from govsim.processes.feedback import update_belief

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Sharing"]


class Sharing:
    """Department interface network, the data-standard roll-out and working relations."""

    def __init__(self, model: GovernanceModel) -> None:
        s = model.settings.sharing
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
        self.relations = np.full(n, s.relations_initial)
        self.stall_probability = s.stall_probability
        self.threshold = s.cooperation_threshold
        self.threshold_spread = s.cooperation_threshold_spread
        self.review_days = s.relations_review_days
        self.relations_rate = s.relations_learning_rate
        self.evidence_half = s.relations_evidence_half
        self.loss_aversion = model.settings.feedback.loss_aversion
        # joint cases closed since the last review, per department: how many, how many on time
        self.joint_closed = np.zeros(n, dtype=np.int64)
        self.joint_on_time = np.zeros(n, dtype=np.int64)
        self._refresh()

    def _refresh(self) -> None:
        self.links = self.interface | self.adopted[:, None] | self.adopted[None, :]
        np.fill_diagonal(self.links, True)

    def step(self, model: GovernanceModel) -> None:
        """Review working relations on review days; departments due today adopt the standard."""
        if model.day % self.review_days == self.review_days - 1:
            self._review()
        if not self.adoption_day:
            return
        due = [d for d, day in self.adoption_day.items() if day == model.day]
        if not due:
            return
        for d in due:
            self.adopted[d] = True
            model.departments[d].data_standard = True
            del self.adoption_day[d]
        self._refresh()

    def record_joint_closures(
        self, lead: NDArray[np.int64], assist: NDArray[np.int64], on_time: NDArray[np.bool_]
    ) -> None:
        """Count closed cross-department cases (and those closed in time) for both departments."""
        n = len(self.relations)
        both = np.concatenate((lead, assist))
        self.joint_closed += np.bincount(both, minlength=n)
        self.joint_on_time += np.bincount(both[np.concatenate((on_time, on_time))], minlength=n)

    def _review(self) -> None:
        reviewed = self.joint_closed > 0
        if np.count_nonzero(reviewed):
            n = self.joint_closed[reviewed]
            share = self.joint_on_time[reviewed] / n
            rate = self.relations_rate * n / (n + self.evidence_half)
            self.relations[reviewed] = update_belief(
                self.relations[reviewed], share, rate, self.loss_aversion
            )
        self.joint_closed[:] = 0
        self.joint_on_time[:] = 0

    def coordination_rounds(
        self, rng: np.random.Generator, lead: NDArray[np.int64], assist: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Coordination rounds each cross-department case needs (1 + stalls)."""
        relations = 0.5 * (self.relations[lead] + self.relations[assist])
        cooperate = 1.0 / (1.0 + np.exp((self.threshold - relations) / self.threshold_spread))
        stall = self.stall_probability * (1.0 - cooperate)
        rounds: NDArray[np.int64] = rng.geometric(1.0 - stall)
        return rounds

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
