"""The governance centre classifies and dispatches cases; misrouted cases bounce.

Each day the centre dispatches up to its capacity — ``centre.staff_per_100k_adults × adults
served / 100,000 × cases_per_staff_per_day`` cases, the adults of the whole county — from its
FIFO queue (unused capacity carries over, at most one case beyond a day's capacity). In a run of
part of a county the rest of the county's cases wait in the same queue
(:mod:`govsim.state.background`) and take their share of the capacity; only the simulated cases
are dispatched. A case of report quality *q* is routed to the
right department with ``min(1, routing_accuracy_base + routing_accuracy_per_quality × q)``; for
categories on the responsibility list the misroute chance is × ``sharing.listed_misroute_factor``;
after ``max_routing_attempts`` bounces the centre routes by hand (and with one department there
is nowhere wrong to send a case). A misrouted case bounces: it returns to the queue after 1 +
Poisson(``bounce_delay_days`` − 1) days (× ``sharing.forwarded_bounce_factor`` on the mean when
the wrong department shares a data link with the right one, which forwards it). A correctly
routed cross-department case of an unlisted category is passed back once ("buck-passing", seed
001 §4.3) with ``sharing.bounce_back_probability``; otherwise it waits for coordination between
lead and assisting department — Poisson(rounds × mean delay) days, rounds and delay from
:mod:`relations` — before entering the lead's queue. Single-department cases enter the lead's
queue at once. Per-event work on the day's dispatches.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Stage
from govsim.events import Dispatch
from govsim.processes.relations import coordination_days, coordination_rounds
from govsim.sampling import NO_ROWS, poisson_days
from govsim.scenario import Scenario
from govsim.state.background import BackgroundLoad, append_block
from govsim.state.calendar import Calendar
from govsim.state.departments import CentreState, DepartmentTable
from govsim.state.ledger import CaseLedger
from govsim.state.problems import CategoryTable

__all__ = ["Routing"]

_NO_DISPATCH = Dispatch()  # nothing dispatched or bounced today (shared: batches are never written)
ADULTS_PER_STAFFING_UNIT = 100_000  # staffing is given per 100,000 adults served
#: Carried-over fractions of a case that add up to a whole one are a case, despite rounding
#: (ten days of 0.1 case sum to 0.9999999999999999 in binary floating point).
CAPACITY_TOLERANCE = 1e-9


def day_capacity(carry: Any, capacity: Any) -> Any:
    """What a queue can take on today: its capacity and the unused capacity carried over.

    Never more than one case beyond a day's capacity; scalars (without numpy's overhead) or
    arrays.
    """
    if isinstance(carry, float) and isinstance(capacity, float):
        return min(carry + capacity, capacity + 1.0)
    return np.minimum(carry + capacity, capacity + 1.0)


class Routing:
    """The governance centre's dispatch (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "ledger.category",
        "ledger.quality",
        "ledger.lead_department",
        "ledger.assist_department",
        "ledger.cross_department",
        "departments.links",
        "departments.relations",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.routing_attempts",
        "ledger.bounces",
        "ledger.stage",
        "centre.queue",
        "centre.waiting",
        "centre.capacity_carry",
        "centre.dispatched",
        "centre.background_queued",
        "centre.background_dispatched",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("centre", "sharing", "categories", "departments")

    def __init__(
        self,
        centre: CentreState,
        departments: DepartmentTable,
        ledger: CaseLedger,
        adults_served: float,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.centre = centre
        self.departments = departments
        self.ledger = ledger
        self.adults_served = adults_served
        self.rng = rng
        self.bounced = Calendar()
        self.coordinating = Calendar()
        self.background = BackgroundLoad(np.ones((1, 1)), settings.county.scale)
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's centre staffing, routing accuracy and sharing rules."""
        self.settings = settings
        c = settings.centre
        self.capacity = (
            c.staff_per_100k_adults
            * self.adults_served
            / ADULTS_PER_STAFFING_UNIT
            * c.cases_per_staff_per_day
        )
        self.listed = categories.listed

    def step(self, day: int, to_centre: NDArray[np.int64]) -> Dispatch:
        """Queue today's cases; dispatch up to today's capacity; release coordinated cases."""
        centre = self.centre
        returning = self.bounced.pop(day)
        if self.background.active:
            arriving = len(returning) + len(to_centre)
            rest = int(self.background.arrivals(np.array([arriving]))[0])
            if arriving:
                self._enqueue_background(rest // 2)  # half the rest of the day comes first
                self._enqueue(returning, to_centre)
                self._enqueue_background(rest - rest // 2)
            else:
                self._enqueue_background(rest)
        else:
            self._enqueue(returning, to_centre)
        available = float(day_capacity(centre.capacity_carry, self.capacity))
        capacity = int(available + CAPACITY_TOLERANCE)
        queue = centre.queue
        taken: list[int] = []
        rest = 0
        while len(taken) + rest < capacity and queue:
            case = queue.popleft()
            if case < 0:  # a block of the rest of the county's cases
                block = min(-case, capacity - len(taken) - rest)
                rest += block
                if block < -case:
                    queue.appendleft(case + block)
            else:
                taken.append(case)
        centre.capacity_carry = available - len(taken) - rest
        centre.waiting -= len(taken)
        centre.background_queued -= rest
        centre.background_dispatched += rest
        ready = [self.coordinating.pop(day)]
        bounced = 0
        if taken:
            ids = np.array(taken, dtype=np.int64)
            centre.dispatched += len(taken)
            direct, bounced = self._dispatch(day, ids)
            ready.append(direct)
        cases = ready[0] if len(ready) == 1 or not len(ready[1]) else np.concatenate(ready)
        if len(cases) == 0:
            return Dispatch(bounced=bounced) if bounced else _NO_DISPATCH
        return Dispatch(
            ids=cases,
            department=self.ledger["lead_department"][cases].astype(np.int64),
            bounced=bounced,
        )

    def _enqueue(self, *batches: NDArray[np.int64]) -> None:
        for ids in batches:
            if len(ids):
                self.ledger["stage"][ids] = Stage.ROUTING
                self.centre.queue.extend(ids.tolist())
                self.centre.waiting += len(ids)

    def _enqueue_background(self, count: int) -> None:
        if count > 0:
            append_block(self.centre.queue, count)
            self.centre.background_queued += count

    def _dispatch(self, day: int, ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], int]:
        """Route ``ids``: (cases for a department's queue now, number bounced)."""
        rng = self.rng
        s = self.settings
        ledger = self.ledger
        n_departments = self.departments.size
        ledger["routing_attempts"][ids] += 1
        listed = self.listed[ledger["category"][ids]]
        accuracy = np.minimum(
            1.0,
            s.centre.routing_accuracy_base
            + s.centre.routing_accuracy_per_quality * ledger["quality"][ids],
        )
        misroute = (1.0 - accuracy) * np.where(listed, s.sharing.listed_misroute_factor, 1.0)
        misroute[ledger["bounces"][ids] >= s.centre.max_routing_attempts] = 0.0
        if n_departments < 2:
            misroute[:] = 0.0
        wrong = rng.random(len(ids)) < misroute
        lead = ledger["lead_department"][ids].astype(np.int64)
        bounced = 0
        if np.count_nonzero(wrong):
            others = rng.integers(0, n_departments - 1, size=int(np.count_nonzero(wrong)))
            wrong_department = np.where(others >= lead[wrong], others + 1, others)
            linked = self.departments.links[wrong_department, lead[wrong]]
            mean = s.centre.bounce_delay_days * np.where(
                linked, s.sharing.forwarded_bounce_factor, 1.0
            )
            delays = 1 + poisson_days(rng, np.maximum(mean - 1.0, 0.0), len(wrong_department))
            self._bounce(day, ids[wrong], delays)
            bounced += len(wrong_department)

        right = ids[~wrong]
        right_lead = lead[~wrong]
        cross = ledger["cross_department"][right]
        passing = cross & ~listed[~wrong] & (ledger["bounces"][right] == 0)
        if np.count_nonzero(passing):
            passing &= rng.random(len(right)) < s.sharing.bounce_back_probability
        if np.count_nonzero(passing):
            extra = max(s.centre.bounce_delay_days - 1.0, 0.0)
            self._bounce(day, right[passing], 1 + poisson_days(rng, extra, int(passing.sum())))
            bounced += int(np.count_nonzero(passing))
        coordinating = cross & ~passing
        if np.count_nonzero(coordinating):
            c_ids = right[coordinating]
            c_lead = right_lead[coordinating]
            c_assist = ledger["assist_department"][c_ids].astype(np.int64)
            mean = coordination_days(self.departments, s, c_lead, c_assist)
            mean = mean * coordination_rounds(self.departments, s, c_lead, c_assist, rng)
            ledger["stage"][c_ids] = Stage.COORDINATION
            delays = poisson_days(rng, mean, len(c_ids))
            now = delays == 0
            self.coordinating.add(day, c_ids[~now], delays[~now])
            direct_cross = c_ids[now]
        else:
            direct_cross = NO_ROWS
        single = right[~cross]
        if len(direct_cross):
            return np.concatenate((single, direct_cross)), bounced
        return single, bounced

    def _bounce(self, day: int, ids: NDArray[np.int64], delays: NDArray[np.int64]) -> None:
        self.ledger["bounces"][ids] += 1
        self.ledger["stage"][ids] = Stage.BOUNCED
        self.bounced.add(day, ids, delays)
