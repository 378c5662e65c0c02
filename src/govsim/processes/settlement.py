"""Process 5 — intake ends; cadres settle small matters in the village ("Fengqiao").

When a case's intake delay ends: an inflated grid-worker report is caught with the worker's catch
probability (audit or camera cross-check, :mod:`govsim.processes.grid_work`) and closed with no
action. Otherwise, if ``cadres.local_settlement`` is on, the case came through a village channel
(grid worker, village committee, WeChat group) and the problem can be settled locally, the
village's cadres mediate it if they have capacity left: capacity accrues at ``per_village ×
mediation_cases_per_cadre_per_day`` (raised by a self-government group) cases/day and is banked up
to one day's worth (at least one case); mediation succeeds with the village's success probability
and then closes the case as settled after Poisson(``mediation_days_mean``) days. Everything else —
and failed mediations — goes to the governance centre's routing queue. Per-event work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from govsim.enums import Outcome, Source, Stage
from govsim.processes._common import VILLAGE_CHANNEL_MASK, add_at, poisson_days

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["LocalSettlement"]


class LocalSettlement:
    """Intake audit, village triage and mediation (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        v = model.villages
        self.bank_limit = np.maximum(v.mediation_rate, 1.0)

    def step(self, model: GovernanceModel) -> None:
        """Close today's mediations; triage cases whose intake ended today."""
        flow = model.flow
        flow.close(model, flow.due(model, Stage.LOCAL), Outcome.SETTLED_LOCALLY)
        villages = model.villages
        villages.mediation_available = np.minimum(
            villages.mediation_available + villages.mediation_rate, self.bank_limit
        )
        ids = flow.due(model, Stage.INTAKE)
        if len(ids) == 0:
            return
        rng = model.rng
        ledger = model.ledger
        s = model.settings
        from_grid = ledger["source"][ids] == Source.GRID_WORKER
        inflated = from_grid & ~ledger["genuine"][ids]
        if np.count_nonzero(inflated):
            worker = ledger["reporter"][ids[inflated]]
            caught_mask = rng.random(len(worker)) < model.grid_work.catch_probability[worker]
            caught = ids[inflated][caught_mask]
            add_at(model.grid_workers.inflated_reports_caught, worker[caught_mask], 1)
            flow.close(model, caught, Outcome.NO_ACTION)
            kept = np.ones(len(ids), dtype=bool)
            kept[inflated.nonzero()[0][caught_mask]] = False
            ids = ids[kept]

        local = np.zeros(len(ids), dtype=bool)
        if s.cadres.local_settlement:
            local = (
                ledger["settleable"][ids]
                & ledger["genuine"][ids]
                & VILLAGE_CHANNEL_MASK[ledger["channel"][ids]]
            )
        to_centre = ids[~local]
        mediated: list[int] = []
        available = villages.mediation_available
        success = villages.mediation_success
        draws = rng.random(int(local.sum()))
        to_centre_late: list[int] = []
        for k, case in enumerate(ids[local].tolist()):
            village = int(ledger["village"][case])
            if available[village] >= 1.0:
                available[village] -= 1.0
                if draws[k] < success[village]:
                    mediated.append(case)
                    continue
            to_centre_late.append(case)
        if mediated:
            m = np.array(mediated, dtype=np.int64)
            ledger["settled_locally"][m] = True
            durations = poisson_days(rng, s.cadres.mediation_days_mean, len(m))
            now = m[durations == 0]
            flow.close(model, now, Outcome.SETTLED_LOCALLY)
            later = durations > 0
            flow.schedule(model, m[later], Stage.LOCAL, durations[later])
        model.routing.enqueue(model, to_centre)
        model.routing.enqueue(model, np.array(to_centre_late, dtype=np.int64))
