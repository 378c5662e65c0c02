"""Villages: cadres' leadership, self-government groups, the meeting calendar, the firms of each.

Lever-dependent properties of villages (whether a village has a self-government group, the day
of its meetings) are thresholds of latent uniforms drawn once at set-up, so that a policy rolled
out mid-run (a higher ``meetings.self_government_share``) adds groups to villages in a fixed
order and two scenarios that differ in that lever differ in as few villages as possible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.sampling import beta_from_mean
from govsim.scenario import Scenario
from govsim.state.layout import Layout

__all__ = ["VillageTable", "build_villages"]


@dataclass(slots=True)
class VillageTable:
    """One row per village.

    Static: ``leadership`` (mean cadre leadership, 0-1), ``group_draw`` and ``meeting_draw``
    (latent uniforms for self-government groups and the meeting calendar),
    ``enterprise_start``/``enterprise_count`` (the village's firms, rows of the enterprise table).
    Dynamic: ``mediation_available`` (banked mediation capacity, cases), written by
    :mod:`~govsim.processes.settlement`.
    """

    leadership: NDArray[np.float64]
    group_draw: NDArray[np.float64]
    meeting_draw: NDArray[np.float64]
    enterprise_start: NDArray[np.int64]
    enterprise_count: NDArray[np.int64]
    mediation_available: NDArray[np.float64]

    @property
    def size(self) -> int:
        """Number of villages."""
        return len(self.leadership)

    def self_government(self, share: float) -> NDArray[np.bool_]:
        """Villages with a self-government group when ``share`` of villages have one."""
        mask: NDArray[np.bool_] = self.group_draw < share
        return mask

    def meeting_offset(self, interval_days: int) -> NDArray[np.int64]:
        """Day of the meeting cycle (0 … ``interval_days`` − 1) on which each village meets."""
        offset: NDArray[np.int64] = np.floor(self.meeting_draw * interval_days).astype(np.int64)
        return offset


def build_villages(
    scenario: Scenario,
    layout: Layout,
    enterprise_start: NDArray[np.int64],
    enterprise_count: NDArray[np.int64],
    rng: np.random.Generator,
) -> VillageTable:
    """Draw each village's cadre leadership (Beta) and its latent uniforms."""
    cadres = scenario.cadres
    n = layout.n_villages
    return VillageTable(
        leadership=beta_from_mean(rng, cadres.leadership_mean, cadres.leadership_concentration, n),
        group_draw=rng.random(n),
        meeting_draw=rng.random(n),
        enterprise_start=enterprise_start,
        enterprise_count=enterprise_count,
        mediation_available=np.zeros(n),
    )
