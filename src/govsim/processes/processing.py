"""Departments take on and handle cases.

Each department takes on up to ``departments.<d>.staff_per_100k_adults × adults served / 100,000 ×
cases_per_staff_per_day`` cases a day from its queue, escalated cases first, then first come first
served. Unused capacity carries over, but never more than one case beyond a day's capacity. A case
taken on is finished after Poisson(``handling_days_mean``) days: a genuine case is resolved with
the department's ``resolve_probability`` (plus ``enterprises.included_resolution_boost`` when the
firm involved is included in village forums), otherwise closed unresolved; a trivial report
closes with no action. With one department, perfect routing and no handling time this is a
discrete-time queue: utilisation above 1 makes the backlog grow at λ − μ per day.

An escalated case (:mod:`supervision`) still waiting in a queue moves to the front: it is put in
the department's priority queue and skipped in the normal one when its turn comes (lazy deletion).
Per-event work: the cases that enter, are taken on and finish today.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Outcome, Stage
from govsim.events import Dispatch, ToClose
from govsim.processes.routing import ADULTS_PER_STAFFING_UNIT, CAPACITY_TOLERANCE
from govsim.sampling import poisson_days
from govsim.scenario.schema import Scenario
from govsim.state.calendar import Calendar
from govsim.state.departments import DepartmentTable
from govsim.state.enterprises import EnterpriseTable
from govsim.state.ledger import CaseLedger

__all__ = ["DepartmentProcessing"]


class DepartmentProcessing:
    """Department queues, service and outcomes (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "ledger.department",
        "ledger.escalated",
        "ledger.genuine",
        "ledger.enterprise",
        "enterprises.excluded",
        "enterprises.inclusion_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.stage",
        "departments.queue",
        "departments.priority_queue",
        "departments.queued",
        "departments.capacity_carry",
        "departments.taken_on",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("departments", "enterprises")

    def __init__(
        self,
        departments: DepartmentTable,
        enterprises: EnterpriseTable,
        ledger: CaseLedger,
        adults_served: float,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.departments = departments
        self.enterprises = enterprises
        self.ledger = ledger
        self.adults_served = adults_served
        self.rng = rng
        self.in_service = Calendar()
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's staffing, handling times and resolution chances."""
        per_unit = self.adults_served / ADULTS_PER_STAFFING_UNIT
        self.capacity = np.array(
            [
                d.staff_per_100k_adults * per_unit * d.cases_per_staff_per_day
                for d in settings.departments
            ]
        )
        self.handling_days_mean = np.array([d.handling_days_mean for d in settings.departments])
        self.resolve_probability = np.array([d.resolve_probability for d in settings.departments])
        e = settings.enterprises
        included = self.enterprises.included(e.forum_inclusion_share)
        # per firm, with a 0 appended so that "no firm" (-1) indexes it
        self.firm_boost = np.append(included * e.included_resolution_boost, 0.0)

    @property
    def queued_total(self) -> int:
        """Cases waiting in departments' queues."""
        return int(self.departments.queued.sum())

    def step(self, day: int, dispatch: Dispatch, escalated: NDArray[np.int64]) -> ToClose:
        """Finish today's service; prioritise escalated cases; queue and take on new work."""
        finished = [self.in_service.pop(day)]
        if len(escalated):
            self._prioritise(escalated)
        if len(dispatch.ids):
            self._enqueue(dispatch.ids, dispatch.department)
        taken = self._take_on()
        if len(taken):
            days = poisson_days(
                self.rng, self.handling_days_mean[self.ledger["department"][taken]], len(taken)
            )
            now = days == 0
            finished.append(taken[now])
            self.in_service.add(day, taken[~now], days[~now])
        ids = finished[0] if len(finished) == 1 else np.concatenate(finished)
        if len(ids) == 0:
            return _NOTHING
        return self._outcomes(ids)

    def _enqueue(self, ids: NDArray[np.int64], departments: NDArray[np.int64]) -> None:
        ledger = self.ledger
        ledger["stage"][ids] = Stage.QUEUED
        escalated = ledger["escalated"][ids]
        d = self.departments
        for case, department, urgent in zip(
            ids.tolist(), departments.tolist(), escalated.tolist(), strict=True
        ):
            (d.priority_queue if urgent else d.queue)[department].append(case)
        np.add.at(d.queued, departments, 1)

    def _prioritise(self, escalated: NDArray[np.int64]) -> None:
        ledger = self.ledger
        queued = escalated[ledger["stage"][escalated] == Stage.QUEUED]
        d = self.departments
        for case in queued.tolist():
            d.priority_queue[int(ledger["department"][case])].append(case)

    def _take_on(self) -> NDArray[np.int64]:
        d = self.departments
        if not np.add.reduce(d.queued):  # nothing waiting: all capacity carries over
            np.minimum(d.capacity_carry + self.capacity, self.capacity + 1.0, out=d.capacity_carry)
            return _NO_CASES
        ledger = self.ledger
        stage = ledger["stage"]
        escalated = ledger["escalated"]
        taken: list[int] = []
        for k in range(d.size):
            available = min(d.capacity_carry[k] + self.capacity[k], self.capacity[k] + 1.0)
            normal, priority = d.queue[k], d.priority_queue[k]
            if not normal and not priority:
                d.capacity_carry[k] = available  # nothing to take on: all capacity carries over
                continue
            capacity = int(available + CAPACITY_TOLERANCE)
            count = 0
            for queue in (priority, normal):
                while count < capacity and queue:
                    case = queue.popleft()
                    if stage[case] != Stage.QUEUED or (queue is normal and escalated[case]):
                        continue  # lazily deleted: already taken from the priority queue
                    stage[case] = Stage.IN_SERVICE
                    taken.append(case)
                    count += 1
            d.capacity_carry[k] = available - count
            d.queued[k] -= count
            d.taken_on[k] += count
        return np.array(taken, dtype=np.int64) if taken else _NO_CASES

    def _outcomes(self, ids: NDArray[np.int64]) -> ToClose:
        ledger = self.ledger
        chance = self.resolve_probability[ledger["department"][ids]]
        chance = np.minimum(1.0, chance + self.firm_boost[ledger["enterprise"][ids]])
        resolved = self.rng.random(len(ids)) < chance
        outcome = np.where(resolved, Outcome.RESOLVED, Outcome.UNRESOLVED).astype(np.int8)
        outcome[~ledger["genuine"][ids]] = Outcome.NO_ACTION
        return ToClose(ids=ids, outcome=outcome)


_NOTHING = ToClose()
_NO_CASES = np.zeros(0, dtype=np.int64)
