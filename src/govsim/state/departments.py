"""Government departments and the governance centre: their queues, links and working relations.

A department's capacity, handling time and resolution chance follow from the scenario (levers)
and are derived by the processes that use them; this table holds what persists from day to day.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from govsim.scenario import Scenario

__all__ = ["CentreState", "DepartmentTable", "build_departments"]


@dataclass(slots=True)
class DepartmentTable:
    """One row per department, in scenario order.

    Static: ``names``; ``interface`` (``n × n``, whether two departments have a data interface
    of their own, drawn with ``sharing.interface_density``); ``adoption_order`` (the order in
    which departments not adopting at once take up the unified data standard).

    Dynamic, by writer — :mod:`~govsim.processes.relations`: ``relations`` (working relations,
    0-1), ``adopted`` (publishes to the unified data standard), ``links`` (``n × n``, whether two
    departments can exchange case data); :mod:`~govsim.processes.processing`: ``queue`` and
    ``priority_queue`` (case ids, FIFO; escalated and summoned cases in the priority queue; in
    the ordinary queue a negative entry −n stands for n cases of the rest of the county,
    :mod:`govsim.state.background`), ``queued`` (simulated cases waiting in either queue),
    ``background_queued`` (the rest of the county's cases waiting), ``capacity_carry`` (unused
    capacity carried over, cases), ``taken_on`` and ``background_taken`` (cases taken on so far,
    simulated and of the rest of the county); :mod:`~govsim.processes.accountability`:
    ``diligence`` (0-1, effort on resolving cases), ``closure_gaming`` (share of genuine cases
    closed without resolving them), ``rating_pressure`` (share of rating reporters pressed for a
    good rating), ``appraisal_score`` (the last appraisal's score) and ``appraisals`` (a counter
    bumped when those change).
    """

    names: tuple[str, ...]
    interface: NDArray[np.bool_]
    adoption_order: NDArray[np.int64]
    relations: NDArray[np.float64]
    adopted: NDArray[np.bool_]
    links: NDArray[np.bool_]
    queue: list[deque[int]]
    priority_queue: list[deque[int]]
    queued: NDArray[np.int64]
    background_queued: NDArray[np.int64]
    capacity_carry: NDArray[np.float64]
    taken_on: NDArray[np.int64]
    background_taken: NDArray[np.int64]
    diligence: NDArray[np.float64]
    closure_gaming: NDArray[np.float64]
    rating_pressure: NDArray[np.float64]
    appraisal_score: NDArray[np.float64]
    appraisals: int = 0  # bumped whenever diligence or gaming change (readers cache on it)

    @property
    def size(self) -> int:
        """Number of departments."""
        return len(self.names)

    def index(self, name: str) -> int:
        """Row of department ``name``."""
        return self.names.index(name)


@dataclass(slots=True)
class CentreState:
    """The governance centre's routing queue (written by :mod:`~govsim.processes.routing`).

    ``queue`` holds case ids, FIFO; a negative entry −n stands for n cases of the rest of the
    county (:mod:`govsim.state.background`), ``background_queued`` of them waiting;
    ``waiting`` counts the simulated cases in the queue.
    """

    queue: deque[int] = field(default_factory=deque)
    waiting: int = 0
    capacity_carry: float = 0.0
    dispatched: int = 0
    background_queued: int = 0
    background_dispatched: int = 0


def build_departments(scenario: Scenario, rng: np.random.Generator) -> DepartmentTable:
    """Departments of the scenario, their data interfaces and the standard's adoption order."""
    n = len(scenario.departments)
    upper = np.triu(rng.random((n, n)) < scenario.sharing.interface_density, k=1)
    interface = upper | upper.T
    adopted = np.array([d.data_standard for d in scenario.departments], dtype=bool)
    links = interface | np.eye(n, dtype=bool)
    return DepartmentTable(
        names=tuple(d.name for d in scenario.departments),
        interface=interface,
        adoption_order=rng.permutation(n).astype(np.int64),
        relations=np.full(n, scenario.sharing.relations_initial),
        adopted=adopted,
        links=links,
        queue=[deque() for _ in range(n)],
        priority_queue=[deque() for _ in range(n)],
        queued=np.zeros(n, dtype=np.int64),
        background_queued=np.zeros(n, dtype=np.int64),
        capacity_carry=np.zeros(n),
        taken_on=np.zeros(n, dtype=np.int64),
        background_taken=np.zeros(n, dtype=np.int64),
        diligence=np.zeros(n),
        closure_gaming=np.zeros(n),
        rating_pressure=np.zeros(n),
        appraisal_score=np.full(n, np.nan),
    )
