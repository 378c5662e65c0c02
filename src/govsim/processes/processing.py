"""Process 7 — departments take on and close cases; time limits and escalation.

Each department takes on up to ``staff_per_100k_adults × adults / 100,000 ×
cases_per_staff_per_day`` cases a day from its queue, escalated cases first, then first come first
served. Unused capacity carries over, but never more than one case beyond a day's capacity (so a
one-village model's department takes on a case every few days, its share of the county's staff). A case taken on closes after Poisson(``handling_days_mean``) days: a
genuine case is resolved with the department's ``resolve_probability`` (plus
``enterprises.included_resolution_boost`` when the firm involved is included in village forums),
otherwise closed unresolved; a trivial report closes with no action. With one department, perfect
routing and no handling time this is a discrete-time queue: utilisation above 1 makes the backlog
grow at λ − μ per day.

Time limits (SLA): ``centre.sla_general_days`` for single-department cases,
``sla_complex_days`` for cross-department ones; a case open longer is overdue. A case still open
``escalation_after_days`` after creation is escalated: flagged and, if waiting in a queue, moved
to the front. Escalation and overdue checks are scheduled per case at creation (per-event work).
When a genuine case becomes overdue, the resident adults of the affected households move their
trust and efficacy towards ``feedback.silent_outcome_value`` with ``learning_rate ×
affected_weight`` (a broken time limit is a broken commitment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Outcome, Stage
from govsim.processes._common import NO_ROWS, affected_residents, poisson_days
from govsim.processes.feedback import update_beliefs

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["DepartmentProcessing"]


class DepartmentProcessing:
    """Department queues, service, outcomes and escalation (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        self._escalations: dict[int, list[NDArray[np.int64]]] = {}
        self._overdue: dict[int, list[NDArray[np.int64]]] = {}
        self.resolve_probability = np.array([d.resolve_probability for d in model.departments])
        self.handling_days_mean = np.array([d.handling_days_mean for d in model.departments])
        self.queued_total = 0  # Σ department.queued, for the daily metric

    def schedule_time_limits(self, model: GovernanceModel, ids: NDArray[np.int64]) -> None:
        """Schedule the escalation check and the overdue check of new cases."""
        if len(ids) == 0:
            return
        day = model.day + model.settings.centre.escalation_after_days
        self._escalations.setdefault(day, []).append(ids)
        overdue_day = model.day + model.ledger["sla_days"][ids].astype(np.int64) + 1
        if len(ids) == 1:  # one case: one check day (a copy, as the mask below gives)
            self._overdue.setdefault(int(overdue_day[0]), []).append(ids.copy())
            return
        for when in np.unique(overdue_day).tolist():
            self._overdue.setdefault(when, []).append(ids[overdue_day == when])

    def enqueue(
        self, model: GovernanceModel, ids: NDArray[np.int64], departments: NDArray[np.int64]
    ) -> None:
        """Put cases in their departments' queues (escalated ones at the front)."""
        ledger = model.ledger
        ledger["stage"][ids] = Stage.QUEUED
        ledger["department"][ids] = departments
        escalated = ledger["escalated"][ids]
        self.queued_total += len(ids)
        for case, department, urgent in zip(
            ids.tolist(), departments.tolist(), escalated.tolist(), strict=True
        ):
            dept = model.departments[department]
            (dept.priority_queue if urgent else dept.queue).append(case)
            dept.queued += 1

    def step(self, model: GovernanceModel) -> None:
        """Finish service, escalate, move coordinated cases in, take on new work."""
        flow = model.flow
        ledger = model.ledger
        self._finish(model, flow.due(model, Stage.IN_SERVICE))
        self._escalate(model)
        self._mark_overdue(model)
        coordinated = flow.due(model, Stage.COORDINATION)
        if len(coordinated):
            self.enqueue(model, coordinated, ledger["department"][coordinated].astype(np.int64))
        taken: list[int] = []
        stage = ledger["stage"]
        for dept in model.departments:
            available = min(
                dept.capacity_carry + dept.capacity_per_day, dept.capacity_per_day + 1.0
            )
            if not dept.queue and not dept.priority_queue:
                dept.capacity_carry = available  # nothing to take on: all capacity carries over
                continue
            capacity = int(available)
            count = 0
            for queue in (dept.priority_queue, dept.queue):
                while count < capacity and queue:
                    case = queue.popleft()
                    if stage[case] != Stage.QUEUED or (
                        queue is dept.queue and ledger["escalated"][case]
                    ):
                        continue  # lazily deleted: already moved to the priority queue
                    stage[case] = Stage.IN_SERVICE
                    taken.append(case)
                    count += 1
            dept.capacity_carry = available - count
            dept.queued -= count
            dept.taken_on += count
        self.queued_total -= len(taken)
        if not taken:
            return
        ids = np.array(taken, dtype=np.int64)
        department = ledger["department"][ids]
        days = poisson_days(model.rng, self.handling_days_mean[department], len(ids))
        self._finish(model, ids[days == 0])
        later = days > 0
        flow.schedule(model, ids[later], Stage.IN_SERVICE, days[later])

    def _finish(self, model: GovernanceModel, ids: NDArray[np.int64]) -> None:
        if len(ids) == 0:
            return
        ledger = model.ledger
        s = model.settings
        p = self.resolve_probability[ledger["department"][ids]]
        firm = ledger["enterprise"][ids]
        involved = firm >= 0
        boost = np.zeros(len(ids))
        boost[involved] = (
            model.enterprises.included[firm[involved]] * s.enterprises.included_resolution_boost
        )
        resolved = model.rng.random(len(ids)) < np.minimum(1.0, p + boost)
        outcome = np.where(resolved, Outcome.RESOLVED, Outcome.UNRESOLVED).astype(np.int8)
        outcome[~ledger["genuine"][ids]] = Outcome.NO_ACTION
        model.flow.close(model, ids, outcome)

    @staticmethod
    def _open_due(
        calendar: dict[int, list[NDArray[np.int64]]], model: GovernanceModel
    ) -> NDArray[np.int64]:
        """Cases checked today in ``calendar`` that are still open."""
        chunks = calendar.pop(model.day, None)
        if not chunks:
            return NO_ROWS
        ids = np.concatenate(chunks)
        return ids[model.ledger["closed_day"][ids] < 0]

    def _mark_overdue(self, model: GovernanceModel) -> None:
        ids = self._open_due(self._overdue, model)
        if len(ids) == 0:
            return
        ledger = model.ledger
        ledger["overdue"][ids] = True
        model.counters.overdue_started += len(ids)
        # A broken time limit is felt by the affected households (and the reporter among them).
        problems = ledger["problem"][ids]
        problems = problems[ledger["genuine"][ids] & (problems >= 0)]
        if len(problems) == 0:
            return
        rows, _ = affected_residents(model, problems)
        f = model.settings.feedback
        update_beliefs(
            model,
            rows,
            np.full(len(rows), f.silent_outcome_value),
            f.learning_rate * f.affected_weight,
        )

    def _escalate(self, model: GovernanceModel) -> None:
        ids = self._open_due(self._escalations, model)
        ledger = model.ledger
        if len(ids) == 0:
            return
        ledger["escalated"][ids] = True
        model.counters.escalations += len(ids)
        queued = ids[ledger["stage"][ids] == Stage.QUEUED]
        for case in queued.tolist():
            model.departments[int(ledger["department"][case])].priority_queue.append(case)
