"""Information sharing between departments: data links, the unified standard, working relations.

**Links.** Two departments can exchange case data if they have a data interface of their own
(drawn with ``sharing.interface_density``) or either publishes to the unified data standard (a
standard-conformant feed is readable by all) — so linked pairs grow as 1 − (1 − s)², with
diminishing returns in the adoption share *s*; a shared cloud platform links every pair.
Departments with ``data_standard = true`` adopt at once, and enough others to reach
``sharing.data_standard_share`` of all departments adopt in a random order, spread evenly over
the roll-out (``standard_rollout_start_day``, ``standard_rollout_days``).

**Coordination delay** of a cross-department case (:func:`coordination_days`): mean
``coordination_days_with_interface`` if lead and assistant are linked, else
``coordination_days_without_interface``; × ``cloud_delay_factor`` with a shared cloud; × 1 / (1 +
m / ``linkage_halving_meetings``) for *m* linkage meetings a month (diminishing returns).

**Working relations** — capacity for joint action that accumulates through joint work (Emerson,
Nabatchi & Balogh 2012) from a prehistory of cooperation or conflict (Ansell & Gash 2008); the
slow order parameter of the department subsystem, with circular causality (Haken). Each
department has relations *w* ∈ [0, 1], at first ``sharing.relations_initial``. The assisting
department's handler cooperates when the pair's relations w̄ (mean of lead's and assistant's)
exceed the handler's threshold, logistic around ``cooperation_threshold`` with scale
``cooperation_threshold_spread`` (Granovetter 1978): F(w̄) = 1 / (1 + exp((θ − w̄) / σ)). A
coordination round stalls with ``stall_probability × (1 − F(w̄))``; a case needs *k* ~
Geometric(1 − stall) rounds (:func:`coordination_rounds`). Every ``relations_review_days`` each
department reviews the joint cases it led or assisted that closed in the period and moves *w*
towards their share *S* closed within the time limit (departments are appraised on time limits),
with the asymmetric update of :mod:`beliefs` at rate ``relations_learning_rate × n / (n +
relations_evidence_half)`` for *n* reviewed cases (a review of a handful of cases teaches little).
Departments are county bodies and review all their joint cases, the rest of the county's too
(:mod:`govsim.state.background`): in a run of part of a county (``scale`` =
``villages_in_county / villages`` > 1) the simulated cases are a sample of those reviewed, so *n*
is ``scale`` × the simulated count, and the share *S* is estimated from the sample. A sample of a
few cases would make that estimate noisy, and with loss aversion noise pulls relations down; so a
department whose sample since its last update is smaller than :data:`MIN_SAMPLE` cases waits,
pooling the next review period's cases, and then makes the moves the county made over the pooled
periods: rate ``1 − (1 − r)^P`` for *P* periods of rate *r* each. A whole county (``scale`` = 1)
updates every period, as the rule says.
Fixed points satisfy S(w) = w; because stalls push cases past the time limit, S rises steeply in
w and there are two stable states — the hysteresis of stylized fact 10.
"""

from __future__ import annotations

from typing import ClassVar

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from govsim.events import Closures
from govsim.processes.beliefs import asymmetric_step
from govsim.scenario import Scenario
from govsim.state.background import judged
from govsim.state.departments import DepartmentTable

__all__ = ["Relations", "coordination_days", "coordination_rounds", "department_graph"]


def coordination_days(
    departments: DepartmentTable,
    settings: Scenario,
    lead: NDArray[np.int64],
    assist: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Mean coordination delay (days) of cross-department cases between ``lead`` and ``assist``."""
    s = settings.sharing
    linkage = 1.0 / (1.0 + s.linkage_meetings_per_month / s.linkage_halving_meetings)
    cloud = s.cloud_delay_factor if s.shared_cloud else 1.0
    base = np.where(
        departments.links[lead, assist],
        s.coordination_days_with_interface,
        s.coordination_days_without_interface,
    )
    days: NDArray[np.float64] = base * linkage * cloud
    return days


def coordination_rounds(
    departments: DepartmentTable,
    settings: Scenario,
    lead: NDArray[np.int64],
    assist: NDArray[np.int64],
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Coordination rounds each cross-department case needs (1 + stalls)."""
    s = settings.sharing
    w = 0.5 * (departments.relations[lead] + departments.relations[assist])
    cooperate = 1.0 / (1.0 + np.exp((s.cooperation_threshold - w) / s.cooperation_threshold_spread))
    rounds: NDArray[np.int64] = rng.geometric(1.0 - s.stall_probability * (1.0 - cooperate))
    return rounds


def department_graph(departments: DepartmentTable) -> nx.Graph:
    """The departments' data links as a networkx graph (nodes named by department)."""
    graph = nx.Graph()
    graph.add_nodes_from(departments.names)
    rows, cols = np.nonzero(np.triu(departments.links, k=1))
    graph.add_edges_from(
        (departments.names[i], departments.names[j])
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    )
    return graph


class Relations:
    """The data-standard roll-out, data links and working relations (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = ("departments.interface", "departments.adoption_order")
    WRITES: ClassVar[tuple[str, ...]] = (
        "departments.relations",
        "departments.adopted",
        "departments.links",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("sharing", "feedback", "departments")

    def __init__(self, departments: DepartmentTable, settings: Scenario) -> None:
        self.departments = departments
        n = departments.size
        # joint cases closed since the last review, per department: how many, how many in time
        self.joint_closed = np.zeros(n, dtype=np.int64)
        self.joint_in_time = np.zeros(n, dtype=np.int64)
        self.periods = np.zeros(n, dtype=np.int64)  # review periods pooled since the last update
        self.relations_sum = float(departments.relations.sum())
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's standard roll-out, cloud and relations rules."""
        s = settings.sharing
        d = self.departments
        self.settings = s
        self.loss_aversion = settings.feedback.loss_aversion
        self.scale = settings.county.scale
        at_once = np.array([x.data_standard for x in settings.departments], dtype=bool)
        d.adopted |= at_once
        # the schedule is a function of the settings alone (the order is drawn at set-up), so
        # a department keeps its day however often the settings are taken
        target = max(int(np.count_nonzero(at_once)), round(s.data_standard_share * d.size))
        later = [i for i in d.adoption_order.tolist() if not at_once[i]]
        later = later[: target - int(np.count_nonzero(at_once))]
        if s.standard_rollout_days > 0 and later:
            offsets = np.floor(np.arange(len(later)) * s.standard_rollout_days / len(later))
        else:
            offsets = np.zeros(len(later))
        days = (s.standard_rollout_start_day + offsets).astype(int).tolist()
        self.adoption_day = {
            department: when
            for department, when in zip(later, days, strict=True)
            if not d.adopted[department]
        }
        self._link()

    def _link(self) -> None:
        d = self.departments
        if self.settings.shared_cloud:
            d.links[:] = True
            return
        d.links[:] = d.interface | d.adopted[:, None] | d.adopted[None, :]
        np.fill_diagonal(d.links, True)

    def step(self, day: int, closures: Closures) -> None:
        """Count yesterday's joint closures; review relations on review days; adopt the standard."""
        if len(closures) and np.count_nonzero(closures.joint):
            self._count(closures)
        review = self.settings.relations_review_days
        if day % review == review - 1:
            self._review()
        if self.adoption_day:
            due = [d for d, when in self.adoption_day.items() if when <= day]
            if due:
                for department in due:
                    self.departments.adopted[department] = True
                    del self.adoption_day[department]
                self._link()

    def _count(self, closures: Closures) -> None:
        n = self.departments.size
        joint = closures.joint
        both = np.concatenate((closures.lead[joint], closures.assist[joint]))
        in_time = np.concatenate((closures.in_time[joint], closures.in_time[joint]))
        self.joint_closed += np.bincount(both, minlength=n)
        self.joint_in_time += np.bincount(both[in_time], minlength=n)

    def _review(self) -> None:
        self.periods += 1
        reviewed, reset = judged(self.joint_closed, self.scale)
        if np.count_nonzero(reviewed):
            n = self.joint_closed[reviewed]
            periods = self.periods[reviewed]
            share = self.joint_in_time[reviewed] / n
            county = n * self.scale / periods  # the county's joint cases per period
            rate = (
                self.settings.relations_learning_rate
                * county
                / (county + self.settings.relations_evidence_half)
            )
            rate = 1.0 - (1.0 - rate) ** periods
            relations = self.departments.relations
            relations[reviewed] = asymmetric_step(
                relations[reviewed], share, rate, self.loss_aversion
            )
        self.joint_closed[reset] = 0
        self.joint_in_time[reset] = 0
        self.periods[reset] = 0
        self.relations_sum = float(self.departments.relations.sum())
