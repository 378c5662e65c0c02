"""Grid workers: one per grid, patrolling, filing and relaying reports, publicising the policy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.sampling import beta_from_mean
from govsim.scenario import Appraisal, Scenario
from govsim.state.layout import Layout

__all__ = ["GridWorkerTable", "build_grid_workers", "documentation"]


def documentation(scenario: Scenario) -> float:
    """Share of a worker's write-up quality that the worker's logs keep (at most 1).

    ``1 − undocumented_quality_loss × 2^(−logging_minutes_per_day / logging_half_benefit_minutes)``:
    a worker who keeps no log loses ``undocumented_quality_loss`` of the quality of the reports he
    writes; each ``logging_half_benefit_minutes`` of logging a day halves what is still lost, so
    the benefit of logging has diminishing returns while its cost in patrol time does not.
    """
    g = scenario.grid_workers
    halvings = g.logging_minutes_per_day / g.logging_half_benefit_minutes
    return 1.0 - g.undocumented_quality_loss * float(2.0**-halvings)


@dataclass(slots=True)
class GridWorkerTable:
    """One row per grid worker (one per grid).

    Static: ``grid``, ``village``, ``text_skill`` (0-1, before any training: the quality of the
    reports the worker writes), ``integrity`` (0-1, resists appraisal gaming). Dynamic, written by
    :mod:`~govsim.processes.grid_work` only: ``patrol_minutes`` (today's), ``followup_minutes``
    (booked for tomorrow), the appraisal counters, ``gaming_gain`` (what the worker has learnt
    one trivial report earns in the appraisal, in count rewards) and ``gaming`` (0-1, the share
    of the most trivial reports the worker's integrity allows that the worker files).
    """

    grid: NDArray[np.int32]
    village: NDArray[np.int32]
    text_skill: NDArray[np.float64]
    integrity: NDArray[np.float64]
    patrol_minutes: NDArray[np.float64]
    followup_minutes: NDArray[np.float64]
    reports_filed: NDArray[np.int64]
    reports_resolved: NDArray[np.int64]
    satisfaction_sum: NDArray[np.float64]
    satisfaction_count: NDArray[np.int64]
    trivial_reports_filed: NDArray[np.int64]
    inflated_reports_caught: NDArray[np.int64]
    gaming_gain: NDArray[np.float64]
    gaming: NDArray[np.float64]

    @property
    def size(self) -> int:
        """Number of grid workers."""
        return len(self.grid)

    def written_skill(self, scenario: Scenario) -> NDArray[np.float64]:
        """Quality of the reports each worker writes (at most 1).

        Text skill (plus training where the scenario has it) times how well the worker's logs
        document the grid (:func:`documentation`), plus the app's event classification where the
        scenario has it.
        """
        g = scenario.grid_workers
        skill = self.text_skill + (g.training_skill_gain if g.training else 0.0)
        written = np.minimum(1.0, skill) * documentation(scenario)
        if scenario.apps.event_classification:
            written = written + scenario.apps.classification_quality_gain
        quality: NDArray[np.float64] = np.minimum(1.0, written)
        return quality

    def appraisal_scores(self, rule: Appraisal) -> NDArray[np.float64]:
        """Appraisal score of each worker: weighted count (relative to the mean), resolution, satisfaction."""
        filed = self.reports_filed.astype(np.float64)
        mean_filed = filed.mean() if filed.size and filed.mean() > 0 else 1.0
        resolved_share = np.divide(
            self.reports_resolved, filed, out=np.zeros_like(filed), where=filed > 0
        )
        satisfaction = np.divide(
            self.satisfaction_sum,
            self.satisfaction_count,
            out=np.zeros_like(filed),
            where=self.satisfaction_count > 0,
        )
        penalty = rule.penalty * self.inflated_reports_caught / mean_filed
        return (
            rule.count_weight * filed / mean_filed
            + rule.resolution_weight * resolved_share
            + rule.satisfaction_weight * satisfaction
            - rule.count_weight * penalty
        )


def build_grid_workers(
    scenario: Scenario, layout: Layout, rng: np.random.Generator
) -> GridWorkerTable:
    """One grid worker per grid with Beta-distributed text skill and integrity."""
    settings = scenario.grid_workers
    n = layout.n_grids
    skill = beta_from_mean(rng, settings.text_skill_mean, settings.trait_concentration, n)
    zeros_i = np.zeros(n, dtype=np.int64)
    return GridWorkerTable(
        grid=np.arange(n, dtype=np.int32),
        village=layout.village_of_grid.copy(),
        text_skill=skill,
        integrity=beta_from_mean(rng, settings.integrity_mean, settings.trait_concentration, n),
        patrol_minutes=np.zeros(n),
        followup_minutes=np.zeros(n),
        reports_filed=zeros_i.copy(),
        reports_resolved=zeros_i.copy(),
        satisfaction_sum=np.zeros(n),
        satisfaction_count=zeros_i.copy(),
        trivial_reports_filed=zeros_i.copy(),
        inflated_reports_caught=zeros_i,
        gaming_gain=np.zeros(n),  # set by grid work at set-up: the rule's expected gain
        gaming=np.zeros(n),
    )
