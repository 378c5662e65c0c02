"""Village triage when a case's intake ends: catch inflated reports, settle small matters locally.

An inflated grid-worker report (nothing behind it) is caught with the chance of an on-the-spot
audit or a camera cross-check (:func:`govsim.processes.grid_work.catch_probability`) and closed
with no action. Otherwise, if ``cadres.local_settlement`` is on, the case is genuine, came through
a village channel (grid worker, village committee, WeChat group) and its problem can be settled
in the village ("Fengqiao": small matters stay in the village), the village's cadres mediate it if
they have capacity left: capacity accrues at ``cadres.per_village ×
mediation_cases_per_cadre_per_day`` cases a day (× 1 + ``meetings.self_government_mediation_boost``
in a village with a self-government group); unused capacity carries over, at most one case beyond
a day's capacity (as the centre's and the departments'); mediation succeeds with ``mediation_success_probability × leadership / leadership_mean``
(at most 1) and then closes the case as settled after Poisson(``mediation_days_mean``) days.
Everything else, failed mediations included, goes to the governance centre — except that, with
``summons.enabled``, the village summons the responsible department to ``summons.share`` of the
genuine matters from village channels it could not settle (Beijing's "街乡吹哨、部门报到"): the
case skips the centre and goes to the front of the lead department's queue (:mod:`processing`),
which handles it with the village on the spot (``summons.resolution_boost``). Per-event work.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Outcome, Source, Stage
from govsim.events import ToClose, Triage
from govsim.processes.grid_work import catch_probability
from govsim.sampling import NO_ROWS, poisson_days
from govsim.scenario import Scenario
from govsim.state.calendar import Calendar
from govsim.state.ledger import CaseLedger
from govsim.state.villages import VillageTable

__all__ = ["LocalSettlement"]

VILLAGE_CHANNELS = (Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE, Channel.WECHAT)


class LocalSettlement:
    """Intake audit, village triage and mediation (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "ledger.source",
        "ledger.genuine",
        "ledger.reporter",
        "ledger.settleable",
        "ledger.channel",
        "ledger.village",
        "villages.leadership",
        "villages.group_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.settled_locally",
        "ledger.summoned",
        "ledger.stage",
        "villages.mediation_available",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("cadres", "meetings", "appraisal", "cameras", "summons")

    def __init__(
        self,
        villages: VillageTable,
        ledger: CaseLedger,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.villages = villages
        self.ledger = ledger
        self.rng = rng
        self.mediations = Calendar()
        self.village_channel = np.zeros(len(Channel) + 1, dtype=bool)  # index -1: no channel
        self.village_channel[list(VILLAGE_CHANNELS)] = True
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's mediation capacity and audit chance."""
        cadres = settings.cadres
        groups = self.villages.self_government(settings.meetings.self_government_share)
        self.rate = (
            cadres.per_village
            * cadres.mediation_cases_per_cadre_per_day
            * np.where(groups, 1.0 + settings.meetings.self_government_mediation_boost, 1.0)
        )
        self.bank_limit = self.rate + 1.0
        relative = self.villages.leadership / max(cadres.leadership_mean, 1e-9)
        self.success = np.clip(cadres.mediation_success_probability * relative, 0.0, 1.0)
        self.local = cadres.local_settlement
        self.mediation_days = cadres.mediation_days_mean
        self.catch = catch_probability(settings)
        self.summons = settings.summons.enabled
        self.summons_share = settings.summons.share

    def step(self, day: int, ready: NDArray[np.int64]) -> Triage:
        """Close today's mediations; triage the cases whose intake ended today."""
        villages = self.villages
        villages.mediation_available = np.minimum(
            villages.mediation_available + self.rate, self.bank_limit
        )
        settled = self.mediations.pop(day)
        if len(ready) == 0:
            if len(settled) == 0:
                return _NOTHING
            return Triage(closing=ToClose.all(settled, Outcome.SETTLED_LOCALLY))
        ledger = self.ledger
        rng = self.rng
        caught = NO_ROWS
        caught_workers = NO_ROWS
        inflated = (ledger["source"][ready] == Source.GRID_WORKER) & ~ledger["genuine"][ready]
        if np.count_nonzero(inflated):
            suspects = ready[inflated]
            found_out = rng.random(len(suspects)) < self.catch
            caught = suspects[found_out]
            caught_workers = ledger["reporter"][caught]
            ready = ready[~np.isin(ready, caught)]

        local = np.zeros(len(ready), dtype=bool)
        if self.local and len(ready):
            local = (
                ledger["settleable"][ready]
                & ledger["genuine"][ready]
                & self.village_channel[ledger["channel"][ready]]
            )
        to_centre = [ready[~local]]
        if np.count_nonzero(local):
            mediated, failed = self._mediate(ready[local])
            to_centre.append(failed)
            if len(mediated):
                ledger["settled_locally"][mediated] = True
                ledger["stage"][mediated] = Stage.LOCAL
                durations = poisson_days(rng, self.mediation_days, len(mediated))
                today = durations == 0
                settled = np.concatenate((settled, mediated[today]))
                self.mediations.add(day, mediated[~today], durations[~today])
        centre = np.concatenate(to_centre) if len(to_centre) > 1 else to_centre[0]
        summoned = NO_ROWS
        if self.summons and len(centre):
            unsettled = ledger["genuine"][centre] & self.village_channel[ledger["channel"][centre]]
            unsettled &= rng.random(len(centre)) < self.summons_share
            if np.count_nonzero(unsettled):
                summoned = centre[unsettled]
                centre = centre[~unsettled]
                ledger["summoned"][summoned] = True
        closing = ToClose.concat(
            ToClose.all(settled, Outcome.SETTLED_LOCALLY), ToClose.all(caught, Outcome.NO_ACTION)
        )
        return Triage(
            closing=closing, caught_workers=caught_workers, to_centre=centre, summoned=summoned
        )

    def _mediate(self, ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Cadres mediate ``ids`` in turn while their village has capacity: (settled, failed)."""
        available = self.villages.mediation_available
        village = self.ledger["village"][ids]
        draws = self.rng.random(len(ids))
        mediated: list[int] = []
        failed: list[int] = []
        for case, v, u in zip(ids.tolist(), village.tolist(), draws.tolist(), strict=True):
            if available[v] >= 1.0:
                available[v] -= 1.0
                if u < self.success[v]:
                    mediated.append(case)
                    continue
            failed.append(case)
        return np.array(mediated, dtype=np.int64), np.array(failed, dtype=np.int64)


_NOTHING = Triage()
