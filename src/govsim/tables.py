"""Columnar state of grid workers, enterprises and villages, and their synthesis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.enums import EnterpriseKind
from govsim.population import Layout, beta_from_mean
from govsim.scenario import Appraisal, Scenario

__all__ = [
    "EnterpriseTable",
    "GridWorkerTable",
    "VillageTable",
    "build_enterprises",
    "build_grid_workers",
    "build_villages",
]


@dataclass(slots=True)
class GridWorkerTable:
    """One row per grid worker (one per grid).

    ``text_skill`` (0-1) sets the quality of filed reports; ``integrity`` (0-1) resists appraisal
    gaming; ``camera_covered`` says whether the grid is under camera; counters feed the appraisal.
    """

    grid: NDArray[np.int32]
    village: NDArray[np.int32]
    text_skill: NDArray[np.float64]
    integrity: NDArray[np.float64]
    camera_covered: NDArray[np.bool_]
    patrol_minutes: NDArray[np.float64]
    followup_minutes: NDArray[np.float64]
    reports_filed: NDArray[np.int64]
    reports_resolved: NDArray[np.int64]
    satisfaction_sum: NDArray[np.float64]
    satisfaction_count: NDArray[np.int64]
    trivial_reports_filed: NDArray[np.int64]
    inflated_reports_caught: NDArray[np.int64]

    @property
    def size(self) -> int:
        """Number of grid workers."""
        return len(self.grid)

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


@dataclass(slots=True)
class EnterpriseTable:
    """One row per enterprise: village, kind, policy awareness and inclusion."""

    village: NDArray[np.int32]
    kind: NDArray[np.int8]
    aware: NDArray[np.bool_]
    excluded: NDArray[np.bool_]
    included: NDArray[np.bool_]
    reports: NDArray[np.int64]

    @property
    def size(self) -> int:
        """Number of enterprises."""
        return len(self.village)


@dataclass(slots=True)
class VillageTable:
    """One row per village: cadre leadership, mediation capacity, self-government, meetings, firms."""

    leadership: NDArray[np.float64]
    mediation_rate: NDArray[np.float64]
    mediation_available: NDArray[np.float64]
    mediation_success: NDArray[np.float64]
    self_government: NDArray[np.bool_]
    meeting_offset: NDArray[np.int64]
    enterprise_start: NDArray[np.int64]
    enterprise_count: NDArray[np.int64]


def build_grid_workers(
    scenario: Scenario, layout: Layout, rng: np.random.Generator
) -> GridWorkerTable:
    """One grid worker per grid with Beta-distributed text skill and integrity."""
    settings = scenario.grid_workers
    n = layout.n_grids
    skill = beta_from_mean(rng, settings.text_skill_mean, settings.trait_concentration, n)
    if settings.training:
        skill = np.minimum(1.0, skill + settings.training_skill_gain)
    zeros_i = np.zeros(n, dtype=np.int64)
    return GridWorkerTable(
        grid=np.arange(n, dtype=np.int32),
        village=layout.village_of_grid.copy(),
        text_skill=skill,
        integrity=beta_from_mean(rng, settings.integrity_mean, settings.trait_concentration, n),
        camera_covered=rng.random(n) < scenario.cameras.coverage_share,
        patrol_minutes=np.zeros(n),
        followup_minutes=np.zeros(n),
        reports_filed=zeros_i.copy(),
        reports_resolved=zeros_i.copy(),
        satisfaction_sum=np.zeros(n),
        satisfaction_count=zeros_i.copy(),
        trivial_reports_filed=zeros_i.copy(),
        inflated_reports_caught=zeros_i,
    )


def build_enterprises(
    scenario: Scenario, layout: Layout, rng: np.random.Generator
) -> tuple[EnterpriseTable, NDArray[np.int64], NDArray[np.int64]]:
    """Poisson enterprises per village; outside firms may be excluded; some firms are included.

    Returns the table and each village's first enterprise row and count.
    """
    settings = scenario.enterprises
    count = rng.poisson(settings.per_village_mean, layout.n_villages).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    n = int(count.sum())
    village = np.repeat(np.arange(layout.n_villages, dtype=np.int32), count)
    kind = rng.choice(3, size=n, p=np.asarray(settings.kind_shares)).astype(np.int8)
    excluded = (kind == EnterpriseKind.OUTSIDE) & (
        rng.random(n) < settings.outside_exclusion_probability
    )
    included = ~excluded & (rng.random(n) < settings.forum_inclusion_share)
    table = EnterpriseTable(
        village=village,
        kind=kind,
        aware=rng.random(n) < settings.awareness_share,
        excluded=excluded,
        included=included,
        reports=np.zeros(n, dtype=np.int64),
    )
    return table, start, count


def build_villages(
    scenario: Scenario,
    layout: Layout,
    leadership: NDArray[np.float64],
    enterprise_start: NDArray[np.int64],
    enterprise_count: NDArray[np.int64],
    rng: np.random.Generator,
) -> VillageTable:
    """Village-level capacities: mediation pooled over cadres, self-government groups, meetings.

    Mediation success scales the scenario's success probability by the village's mean cadre
    leadership relative to the county mean leadership (capped at 1).
    """
    cadres = scenario.cadres
    n = layout.n_villages
    self_government = rng.random(n) < scenario.meetings.self_government_share
    rate = (
        cadres.per_village
        * cadres.mediation_cases_per_cadre_per_day
        * np.where(self_government, 1.0 + scenario.meetings.self_government_mediation_boost, 1.0)
    )
    relative_leadership = leadership / max(cadres.leadership_mean, 1e-9)
    success = np.clip(cadres.mediation_success_probability * relative_leadership, 0.0, 1.0)
    return VillageTable(
        leadership=leadership,
        mediation_rate=rate.astype(np.float64),
        mediation_available=np.zeros(n),
        mediation_success=success,
        self_government=self_government,
        meeting_offset=rng.integers(0, scenario.meetings.interval_days, size=n),
        enterprise_start=enterprise_start,
        enterprise_count=enterprise_count,
    )
