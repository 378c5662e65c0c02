"""Departments take on and handle cases, with the effort and the gaming their appraisal calls forth.

Each department takes on up to C_d = ``departments.<d>.staff_per_100k_adults × adults served /
100,000 × cases_per_staff_per_day × (1 − department_appraisal.capacity_cost × g_d)`` cases a day
(the adults of the whole county) from its queue, summoned and escalated cases first, then first
come first served; in a run of part of a county the rest of the county's cases wait in the same
ordinary queue (:mod:`govsim.state.background`) and take their share of the capacity (g_d is the
department's diligence, :mod:`accountability`). Unused capacity carries over, but never more than
one case beyond a day's capacity. A case taken on is finished after Poisson(``handling_days_mean /
(1 + speed_gain × g_d)``) days: a genuine case is resolved with the department's chance under its
diligence, ``p₀ + (resolve_ceiling − p₀)(1 − e^{−k·g})/(1 − e^{−k})`` (p₀ =
``resolve_probability``, k = ``effort_returns``), plus ``enterprises.included_resolution_boost``
when the firm involved is included in village forums and ``summons.resolution_boost`` when a
village summoned the department; otherwise it is closed unresolved; a trivial report closes with
no action. The department reports what it found (ledger ``claimed_resolved``).

**Closure gaming.** A genuine case arriving from the centre is closed on arrival with the
department's ``closure_gaming`` share q_d: unworked, unresolved, reported resolved. It takes no
capacity, so the queue is shorter and the closures counted rise while problems stay unfixed
(Bevan & Hood 2006). Summoned cases are never gamed: the village is there.

With one department, perfect routing, no diligence effects and no handling time this is a
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
from govsim.processes.routing import ADULTS_PER_STAFFING_UNIT, CAPACITY_TOLERANCE, day_capacity
from govsim.sampling import poisson_days
from govsim.scenario import Scenario
from govsim.state.background import BackgroundLoad, append_block
from govsim.state.calendar import Calendar
from govsim.state.departments import DepartmentTable
from govsim.state.enterprises import EnterpriseTable
from govsim.state.ledger import CaseLedger
from govsim.state.problems import CategoryTable

__all__ = ["DepartmentProcessing"]


def _county_mix(categories: CategoryTable, departments: int) -> NDArray[np.float64]:
    """Departments' shares of the county's cases that could and could not be settled locally.

    Column 0: cases of categories settleable in the village, by problem rate × settleable
    share of each category whose lead department a row is; column 1: the others.
    """
    rate = categories.rate_per_adult_day
    settleable = categories.settleable_share
    mix = np.zeros((departments, 2))
    np.add.at(mix[:, 0], categories.lead, rate * settleable)
    np.add.at(mix[:, 1], categories.lead, rate * (1.0 - settleable))
    totals = mix.sum(axis=0)
    return np.divide(mix, totals, out=np.full_like(mix, 1.0 / departments), where=totals > 0)


class DepartmentProcessing:
    """Department queues, service and outcomes (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "ledger.escalated",
        "ledger.genuine",
        "ledger.enterprise",
        "ledger.summoned",
        "ledger.settleable",
        "ledger.lead_department",
        "departments.diligence",
        "departments.closure_gaming",
        "departments.appraisals",
        "enterprises.excluded",
        "enterprises.inclusion_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.stage",
        "ledger.department",
        "ledger.claimed_resolved",
        "departments.queue",
        "departments.priority_queue",
        "departments.queued",
        "departments.background_queued",
        "departments.capacity_carry",
        "departments.taken_on",
        "departments.background_taken",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = (
        "departments",
        "enterprises",
        "department_appraisal",
        "summons",
        "categories",
    )

    def __init__(
        self,
        departments: DepartmentTable,
        enterprises: EnterpriseTable,
        ledger: CaseLedger,
        adults_served: float,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.departments = departments
        self.enterprises = enterprises
        self.ledger = ledger
        self.adults_served = adults_served
        self.rng = rng
        self.in_service = Calendar()
        self.background = BackgroundLoad(_county_mix(categories, departments.size), 1.0)
        self.background.scale = settings.county.scale
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's staffing, handling times and resolution chances."""
        self.background.mix = _county_mix(categories, self.departments.size)
        per_unit = self.adults_served / ADULTS_PER_STAFFING_UNIT
        self.base_capacity = np.array(
            [
                d.staff_per_100k_adults * per_unit * d.cases_per_staff_per_day
                for d in settings.departments
            ]
        )
        self.base_handling_days = np.array([d.handling_days_mean for d in settings.departments])
        self.base_resolve = np.array([d.resolve_probability for d in settings.departments])
        a = settings.department_appraisal
        self.effort = a
        e = settings.enterprises
        included = self.enterprises.included(e.forum_inclusion_share)
        # per firm, with a 0 appended so that "no firm" (-1) indexes it
        self.firm_boost = np.append(included * e.included_resolution_boost, 0.0)
        self.summons_boost = settings.summons.resolution_boost
        self._effort_of = -1  # the departments' appraisals the derived rates below are for
        self._derive()

    def _derive(self) -> None:
        """Capacity, handling time and resolution chance under the departments' diligence."""
        d = self.departments
        if self._effort_of == d.appraisals:
            return
        a = self.effort
        g = d.diligence
        gain = (1.0 - np.exp(-a.effort_returns * g)) / (1.0 - np.exp(-a.effort_returns))
        self.resolve_probability = (
            self.base_resolve + (a.resolve_ceiling - self.base_resolve) * gain
        )
        self.resolve_probability = np.maximum(self.resolve_probability, self.base_resolve)
        self.capacity = self.base_capacity * (1.0 - a.capacity_cost * g)
        self.handling_days_mean = self.base_handling_days / (1.0 + a.speed_gain * g)
        self._effort_of = d.appraisals

    @property
    def queued_total(self) -> int:
        """Cases waiting in departments' queues."""
        return int(self.departments.queued.sum())

    def step(
        self,
        day: int,
        dispatch: Dispatch,
        escalated: NDArray[np.int64],
        summoned: NDArray[np.int64],
    ) -> ToClose:
        """Finish today's service; prioritise escalated cases; queue and take on new work.

        ``summoned`` cases (a village summoned the department) join the front of its queue.
        """
        self._derive()
        finished = [self.in_service.pop(day)]
        if len(escalated):
            self._prioritise(escalated)
        gamed = _NO_CASES
        if len(dispatch.ids):
            ids, department = dispatch.ids, dispatch.department
            gaming = self.ledger["genuine"][ids]
            if np.count_nonzero(gaming) and self.departments.closure_gaming.any():
                gaming &= self.rng.random(len(ids)) < self.departments.closure_gaming[department]
                if np.count_nonzero(gaming):  # closed on arrival, unworked, reported resolved
                    gamed = ids[gaming]
                    self.ledger["department"][gamed] = department[gaming]
                    self.ledger["claimed_resolved"][gamed] = True
                    ids, department = ids[~gaming], department[~gaming]
        else:
            ids, department = _NO_CASES, _NO_CASES
        lead = _NO_CASES
        if len(summoned):
            lead = self.ledger["lead_department"][summoned].astype(np.int64)
        done = None
        if self.background.active:
            arriving = np.concatenate((ids, summoned)) if len(summoned) else ids
            could_settle = (
                int(np.count_nonzero(self.ledger["settleable"][arriving])) if len(arriving) else 0
            )
            rest = self.background.arrivals(np.array([could_settle, len(arriving) - could_settle]))
            done = self._serve_background_alone(rest, department, lead)
            if not done.all():  # some departments queue today's simulated or county's cases
                rest[done] = 0
                early = rest // 2  # half of the rest of the county's day arrives before these
                self._enqueue_background(early)
                self._enqueue(ids, department)
                self._enqueue_background(rest - early)
        else:
            self._enqueue(ids, department)
        if len(summoned):
            self._enqueue(summoned, lead, urgent=True)
        taken = self._take_on(done)
        if len(taken):
            days = poisson_days(
                self.rng, self.handling_days_mean[self.ledger["department"][taken]], len(taken)
            )
            now = days == 0
            finished.append(taken[now])
            self.in_service.add(day, taken[~now], days[~now])
        if len(gamed):
            finished.append(gamed)
        ids = finished[0] if len(finished) == 1 else np.concatenate(finished)
        if len(ids) == 0:
            return ToClose.empty()
        return self._outcomes(ids, len(gamed))

    def _enqueue(
        self, ids: NDArray[np.int64], departments: NDArray[np.int64], urgent: bool = False
    ) -> None:
        if not len(ids):
            return
        ledger = self.ledger
        ledger["stage"][ids] = Stage.QUEUED
        ledger["department"][ids] = departments
        escalated = ledger["escalated"][ids] | urgent
        d = self.departments
        for case, department, urgent in zip(
            ids.tolist(), departments.tolist(), escalated.tolist(), strict=True
        ):
            (d.priority_queue if urgent else d.queue)[department].append(case)
        np.add.at(d.queued, departments, 1)

    def _enqueue_background(self, counts: NDArray[np.int64]) -> None:
        """Append the rest of the county's arrivals: a block −n per department with n > 0.

        A block that follows another joins it (the county's cases are interchangeable), so a
        queue never holds two blocks in a row.
        """
        d = self.departments
        for k in np.flatnonzero(counts).tolist():
            append_block(d.queue[k], int(counts[k]))
        d.background_queued += counts

    def _prioritise(self, escalated: NDArray[np.int64]) -> None:
        ledger = self.ledger
        queued = escalated[ledger["stage"][escalated] == Stage.QUEUED]
        d = self.departments
        for case in queued.tolist():
            d.priority_queue[int(ledger["department"][case])].append(case)

    def _serve_background_alone(
        self, rest: NDArray[np.int64], department: NDArray[np.int64], lead: NDArray[np.int64]
    ) -> NDArray[np.bool_]:
        """Take on the rest of the county's cases where they are all there is, at once.

        A department with no simulated case waiting or arriving today holds only the county's
        interchangeable cases (and entries of cases already taken, which would be skipped): it
        takes on those waiting and today's up to its capacity, and what is left waits as one
        block — exactly what queueing the day's blocks and taking them on would do, at the cost
        of a few array operations instead of a Python pass per department. Returns the
        departments served (their day's take-on is done).
        """
        d = self.departments
        done: NDArray[np.bool_] = d.queued == 0
        if len(department):
            done[department] = False
        if len(lead):
            done[lead] = False
        if not done.any():
            return done
        available = day_capacity(d.capacity_carry, self.capacity)
        waiting = np.where(done, d.background_queued + rest, 0)
        served = np.minimum(waiting, (available + CAPACITY_TOLERANCE).astype(np.int64))
        np.copyto(d.capacity_carry, available - served, where=done)
        d.background_taken += served
        left = waiting - served
        changed = np.flatnonzero(
            np.where(done, d.background_queued | left, 0)
        )  # queues held or left
        np.copyto(d.background_queued, left, where=done)
        for k in changed.tolist():
            queue = d.queue[k]
            queue.clear()
            if left[k]:
                queue.append(-int(left[k]))
        return done

    def _take_on(self, done: NDArray[np.bool_] | None = None) -> NDArray[np.int64]:
        """Take on cases from each department's queues, up to its capacity (but those ``done``)."""
        d = self.departments
        if done is not None and done.all():
            return _NO_CASES  # every department's day is done
        pending = d.background_queued if done is None else np.where(done, 0, d.background_queued)
        if not np.add.reduce(d.queued) and not np.add.reduce(pending):
            # nothing waiting: all capacity carries over
            carried = day_capacity(d.capacity_carry, self.capacity)
            if done is None:
                d.capacity_carry[:] = carried
            else:
                d.capacity_carry[~done] = carried[~done]
            return _NO_CASES
        ledger = self.ledger
        stage = ledger["stage"]
        escalated = ledger["escalated"]
        taken: list[int] = []
        for k in range(d.size):
            if done is not None and done[k]:
                continue
            available = float(day_capacity(d.capacity_carry[k], self.capacity[k]))
            normal, priority = d.queue[k], d.priority_queue[k]
            if not normal and not priority:
                d.capacity_carry[k] = available  # nothing to take on: all capacity carries over
                continue
            capacity = int(available + CAPACITY_TOLERANCE)
            count = 0
            rest = 0  # the rest of the county's cases taken on
            for queue in (priority, normal):
                while count + rest < capacity and queue:
                    case = queue.popleft()
                    if case < 0:  # a block of the rest of the county's cases
                        block = min(-case, capacity - count - rest)
                        rest += block
                        if block < -case:
                            queue.appendleft(case + block)
                        continue
                    if stage[case] != Stage.QUEUED or (queue is normal and escalated[case]):
                        continue  # lazily deleted: already taken from the priority queue
                    stage[case] = Stage.IN_SERVICE
                    taken.append(case)
                    count += 1
            d.capacity_carry[k] = available - count - rest
            d.queued[k] -= count
            d.taken_on[k] += count
            d.background_queued[k] -= rest
            d.background_taken[k] += rest
        return np.array(taken, dtype=np.int64) if taken else _NO_CASES

    def _outcomes(self, ids: NDArray[np.int64], gamed: int) -> ToClose:
        """Outcomes of the cases finished today; the last ``gamed`` were closed unresolved."""
        ledger = self.ledger
        handled = ids[: len(ids) - gamed]
        chance = self.resolve_probability[ledger["department"][handled]]
        chance = chance + self.firm_boost[ledger["enterprise"][handled]]
        chance = chance + self.summons_boost * ledger["summoned"][handled]
        resolved = self.rng.random(len(handled)) < np.minimum(1.0, chance)
        outcome = np.full(len(ids), Outcome.UNRESOLVED, dtype=np.int8)
        outcome[: len(handled)] = np.where(resolved, Outcome.RESOLVED, Outcome.UNRESOLVED)
        outcome[~ledger["genuine"][ids]] = Outcome.NO_ACTION
        ledger["claimed_resolved"][handled] = resolved
        return ToClose(ids=ids, outcome=outcome)


_NO_CASES = np.zeros(0, dtype=np.int64)
