"""Process 6 — the centre classifies and dispatches; misrouted cases bounce.

Each day the centre dispatches up to ``centre.staff_per_100k_adults × adults / 100,000 ×
cases_per_staff_per_day`` cases from its FIFO queue (unused capacity carries over, at most one
case beyond a day's capacity). A case of report
quality *q* is routed to the right department with probability ``min(1, routing_accuracy_base +
routing_accuracy_per_quality × q)``; for categories on the responsibility list the misroute chance
is multiplied by ``sharing.listed_misroute_factor``; after ``max_routing_attempts`` the centre
routes by hand. A misrouted case bounces: it returns to the queue after Poisson(
``bounce_delay_days``) days, at least one (× ``sharing.forwarded_bounce_factor`` when the wrong department shares a data
interface with the right one, which forwards it). A correctly routed cross-department case of an unlisted category is
passed back once ("buck-passing", seed 001 §4.3) with ``sharing.bounce_back_probability``;
otherwise it waits for coordination between lead and assisting department — Poisson(rounds ×
mean delay) days, the rounds set by the departments' working relations
(:mod:`govsim.processes.sharing`) — before entering the lead's queue. Single-department cases enter
the lead's queue at once. Per-event work on the day's dispatches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Stage
from govsim.processes._common import poisson_days

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Routing"]


class Routing:
    """The governance centre's dispatch (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        self.n_departments = len(model.departments)

    def enqueue(self, model: GovernanceModel, ids: NDArray[np.int64]) -> None:
        """Put cases in the centre's routing queue."""
        if len(ids):
            model.ledger["stage"][ids] = Stage.ROUTING
            model.centre.queue.extend(ids.tolist())

    def step(self, model: GovernanceModel) -> None:
        """Dispatch up to today's capacity."""
        self.enqueue(model, model.flow.due(model, Stage.BOUNCED))
        centre = model.centre
        available = min(
            centre.capacity_carry + centre.capacity_per_day, centre.capacity_per_day + 1.0
        )
        take = min(int(available), len(centre.queue))
        centre.capacity_carry = available - take
        if take == 0:
            return
        ids = np.array([centre.queue.popleft() for _ in range(take)], dtype=np.int64)
        centre.dispatched += take
        self._dispatch(model, ids)

    def _dispatch(self, model: GovernanceModel, ids: NDArray[np.int64]) -> None:
        rng = model.rng
        s = model.settings
        ledger = model.ledger
        ledger["routing_attempts"][ids] += 1
        category = ledger["category"][ids]
        listed = model.categories.listed[category]
        accuracy = np.minimum(
            1.0,
            s.centre.routing_accuracy_base
            + s.centre.routing_accuracy_per_quality * ledger["quality"][ids],
        )
        misroute = (1.0 - accuracy) * np.where(listed, s.sharing.listed_misroute_factor, 1.0)
        # after max_routing_attempts misroutes (bounces) the centre routes by hand; with a single
        # department there is nowhere wrong to send a case
        misroute[ledger["bounces"][ids] >= s.centre.max_routing_attempts] = 0.0
        if self.n_departments < 2:
            misroute[:] = 0.0
        wrong = rng.random(len(ids)) < misroute
        lead = ledger["lead_department"][ids].astype(np.int64)

        bounced = ids[wrong]
        if len(bounced):
            others = rng.integers(0, max(self.n_departments - 1, 1), size=len(bounced))
            wrong_department = (
                np.where(others >= lead[wrong], others + 1, others) % self.n_departments
            )
            linked = model.sharing.linked(wrong_department, lead[wrong])
            mean = s.centre.bounce_delay_days * np.where(
                linked, s.sharing.forwarded_bounce_factor, 1.0
            )
            self._bounce(
                model, bounced, 1 + poisson_days(rng, np.maximum(mean - 1.0, 0.0), len(bounced))
            )

        right = ids[~wrong]
        cross = ledger["cross_department"][right]
        passing = (
            cross
            & ~listed[~wrong]
            & (ledger["bounces"][right] == 0)
            & (rng.random(len(right)) < s.sharing.bounce_back_probability)
        )
        if np.count_nonzero(passing):
            extra_days = max(s.centre.bounce_delay_days - 1.0, 0.0)
            self._bounce(
                model, right[passing], 1 + poisson_days(rng, extra_days, int(passing.sum()))
            )
        right_lead = lead[~wrong]
        coordinating = cross & ~passing
        if np.count_nonzero(coordinating):
            c_ids = right[coordinating]
            c_lead = right_lead[coordinating]
            c_assist = ledger["assist_department"][c_ids].astype(np.int64)
            mean = model.sharing.coordination_days(c_lead, c_assist)
            mean = mean * model.sharing.coordination_rounds(rng, c_lead, c_assist)
            ledger["department"][c_ids] = c_lead
            model.flow.schedule(
                model, c_ids, Stage.COORDINATION, poisson_days(rng, mean, len(c_ids))
            )
        single = ~cross
        if np.count_nonzero(single):
            model.processing.enqueue(model, right[single], right_lead[single])

    def _bounce(
        self, model: GovernanceModel, ids: NDArray[np.int64], delays: NDArray[np.int64]
    ) -> None:
        model.ledger["bounces"][ids] += 1
        model.counters.bounces += len(ids)
        model.flow.schedule(model, ids, Stage.BOUNCED, delays)
