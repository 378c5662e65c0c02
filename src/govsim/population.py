"""Columnar state of the villager population, and its synthesis from a scenario.

Villager state lives in numpy arrays, one row per adult villager, so that population-wide rules are
vectorised. Rows are sorted by village, then household, so a village or a household is a
contiguous slice. :class:`govsim.agents.Villager` agents are views on these rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AgeBand, AppStatus
from govsim.scenario import Scenario

__all__ = ["Layout", "Population", "beta_from_mean", "build_layout", "build_population"]

NEVER = -(10**6)  # "day" of an event that has not happened: far enough before any day 0 window


def beta_from_mean(
    rng: np.random.Generator, mean: NDArray[np.float64] | float, concentration: float, size: int
) -> NDArray[np.float64]:
    """Draw Beta variates parameterised by mean and concentration ``a + b``."""
    m = np.clip(np.asarray(mean, dtype=np.float64), 1e-6, 1 - 1e-6)
    a, b = m * concentration, (1.0 - m) * concentration
    if size == 1 and m.shape == (1,):
        # the same single draw as with the arrays, without numpy's per-array checks
        return rng.beta(float(a[0]), float(b[0]), size=1)
    return rng.beta(a, b, size=size)


@dataclass(slots=True)
class Layout:
    """Villages, grids and households: the county's spatial units.

    Attributes
    ----------
    village_of_household, grid_of_household:
        Village and grid of each household.
    household_start, household_size:
        First villager row and number of adults of each household.
    village_start, village_size:
        First villager row and number of adults of each village.
    village_household_start, village_household_count:
        First household and number of households of each village.
    village_of_grid, grid_household_start, grid_household_count:
        Village of each grid and the contiguous households it covers.
    """

    village_of_household: NDArray[np.int32]
    grid_of_household: NDArray[np.int32]
    household_start: NDArray[np.int64]
    household_size: NDArray[np.int64]
    village_start: NDArray[np.int64]
    village_size: NDArray[np.int64]
    village_household_start: NDArray[np.int64]
    village_household_count: NDArray[np.int64]
    village_of_grid: NDArray[np.int32]
    grid_household_start: NDArray[np.int64]
    grid_household_count: NDArray[np.int64]

    @property
    def n_villages(self) -> int:
        """Number of villages."""
        return len(self.village_start)

    @property
    def n_grids(self) -> int:
        """Number of grids (one grid worker each)."""
        return len(self.village_of_grid)

    @property
    def n_households(self) -> int:
        """Number of households."""
        return len(self.household_start)


def build_layout(scenario: Scenario, rng: np.random.Generator) -> Layout:
    """Draw village sizes, households, adults per household and grids.

    Households per village are Normal(mean, sd) rounded and at least 1; adults per household are
    ``1 + Poisson(mean - 1)``; each village is cut into ``round(households / households_per_worker)``
    grids (at least one) of contiguous households.
    """
    county = scenario.county
    households = np.maximum(
        1,
        np.rint(
            rng.normal(
                county.households_per_village_mean,
                county.households_per_village_sd,
                county.villages,
            )
        ),
    ).astype(np.int64)
    n_households = int(households.sum())
    village_household_start = np.concatenate(([0], np.cumsum(households)[:-1]))
    village_of_household = np.repeat(np.arange(county.villages, dtype=np.int32), households)
    household_size = 1 + rng.poisson(county.adults_per_household_mean - 1.0, n_households)
    household_start = np.concatenate(([0], np.cumsum(household_size)[:-1]))

    grids_per_village = np.maximum(
        1, np.rint(households / scenario.grid_workers.households_per_worker)
    ).astype(np.int64)
    grid_offset = np.concatenate(([0], np.cumsum(grids_per_village)[:-1]))
    local_index = np.arange(n_households) - village_household_start[village_of_household]
    grid_of_household = (
        grid_offset[village_of_household]
        + (local_index * grids_per_village[village_of_household])
        // households[village_of_household]
    ).astype(np.int32)
    n_grids = int(grids_per_village.sum())
    grid_household_count = np.bincount(grid_of_household, minlength=n_grids).astype(np.int64)
    grid_household_start = np.concatenate(([0], np.cumsum(grid_household_count)[:-1]))
    village_of_grid = np.repeat(np.arange(county.villages, dtype=np.int32), grids_per_village)

    village_size = np.bincount(
        village_of_household, weights=household_size, minlength=county.villages
    )
    village_size_int = village_size.astype(np.int64)
    village_start = np.concatenate(([0], np.cumsum(village_size_int)[:-1]))
    return Layout(
        village_of_household=village_of_household,
        grid_of_household=grid_of_household,
        household_start=household_start,
        household_size=household_size,
        village_start=village_start,
        village_size=village_size_int,
        village_household_start=village_household_start,
        village_household_count=households,
        village_of_grid=village_of_grid,
        grid_household_start=grid_household_start,
        grid_household_count=grid_household_count,
    )


@dataclass(slots=True)
class Population:
    """Columnar villager state: one row per adult villager.

    Static traits: ``village``, ``household``, ``grid``, ``age_band`` (:class:`AgeBand`),
    ``migrant`` (works away), ``smartphone``, ``digital_skill`` (0-1), ``party_member``,
    ``wechat_member`` (in the village WeChat group), ``recognition_seeker`` (values spiritual
    incentives).

    Dynamic state: ``aware`` (knows the policy), ``ownership`` (sees self as a governance
    subject), ``trust`` and ``efficacy`` (0-1), ``points`` (earned), ``app_status``
    (:class:`AppStatus`), ``app_registered_day``, ``app_last_use_day``,
    ``last_participation_day`` (reported or attended a meeting), ``last_report_day``, ``reports``.
    """

    village: NDArray[np.int32]
    household: NDArray[np.int32]
    grid: NDArray[np.int32]
    age_band: NDArray[np.int8]
    migrant: NDArray[np.bool_]
    smartphone: NDArray[np.bool_]
    digital_skill: NDArray[np.float64]
    party_member: NDArray[np.bool_]
    wechat_member: NDArray[np.bool_]
    recognition_seeker: NDArray[np.bool_]
    aware: NDArray[np.bool_]
    ownership: NDArray[np.bool_]
    trust: NDArray[np.float64]
    efficacy: NDArray[np.float64]
    points: NDArray[np.float64]
    app_status: NDArray[np.int8]
    app_registered_day: NDArray[np.int32]
    app_last_use_day: NDArray[np.int32]
    last_participation_day: NDArray[np.int32]
    last_report_day: NDArray[np.int32]
    reports: NDArray[np.int32]

    @property
    def size(self) -> int:
        """Number of villagers."""
        return len(self.village)

    @property
    def resident(self) -> NDArray[np.bool_]:
        """Villagers living in the village (not migrants)."""
        return ~self.migrant


def concatenated_ranges(
    start: NDArray[np.int64], length: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``range(start[i], start[i] + length[i])`` for every ``i``, concatenated, and each one's ``i``.

    Households' adults, a problem's consecutive households and a villager's ties are such ranges
    of rows (or of CSR positions); one range is an ``arange``, several a vectorised expansion.
    """
    if len(start) == 1:
        first = int(start[0])
        positions = np.arange(first, first + int(length[0]), dtype=np.int64)
        return positions, np.zeros(len(positions), dtype=np.int64)
    owner = np.repeat(np.arange(len(start)), length)
    shift = np.repeat(start - (np.add.accumulate(length) - length), length)
    return (np.arange(len(owner)) + shift).astype(np.int64, copy=False), owner


def build_population(scenario: Scenario, layout: Layout, rng: np.random.Generator) -> Population:
    """Draw every villager's traits and initial beliefs (vectorised)."""
    pop = scenario.population
    n = int(layout.household_size.sum())
    household = np.repeat(np.arange(layout.n_households, dtype=np.int32), layout.household_size)
    village = layout.village_of_household[household]
    grid = layout.grid_of_household[household]

    age_band = rng.choice(3, size=n, p=np.asarray(pop.age_band_shares.as_tuple())).astype(np.int8)
    migrant = rng.random(n) < np.asarray(pop.migrant_share.as_tuple())[age_band]
    smartphone = rng.random(n) < np.asarray(pop.smartphone_share.as_tuple())[age_band]
    skill_mean = np.asarray(pop.digital_skill_mean.as_tuple())[age_band]
    digital_skill = np.where(
        smartphone, beta_from_mean(rng, skill_mean, pop.digital_skill_concentration, n), 0.0
    )
    party_member = rng.random(n) < pop.party_member_share
    wechat = scenario.wechat_groups
    membership = (
        wechat.young_party_member_membership_share
        if wechat.run_by_young_party_members
        else wechat.membership_share
    )
    wechat_member = smartphone & (rng.random(n) < membership)
    recognition_seeker = party_member | (
        rng.random(n) < scenario.incentives.spiritual_eligible_share
    )

    aware = party_member | (rng.random(n) < pop.awareness_share)
    ownership = rng.random(n) < pop.ownership_share
    trust = beta_from_mean(rng, pop.trust_mean, pop.belief_concentration, n)
    efficacy = beta_from_mean(rng, pop.efficacy_mean, pop.belief_concentration, n)
    never = np.full(n, NEVER, dtype=np.int32)
    return Population(
        village=village,
        household=household,
        grid=grid,
        age_band=age_band,
        migrant=migrant,
        smartphone=smartphone,
        digital_skill=digital_skill,
        party_member=party_member,
        wechat_member=wechat_member,
        recognition_seeker=recognition_seeker,
        aware=aware,
        ownership=ownership,
        trust=trust,
        efficacy=efficacy,
        points=np.zeros(n),
        app_status=np.full(n, AppStatus.NEVER, dtype=np.int8),
        app_registered_day=never.copy(),
        app_last_use_day=never.copy(),
        last_participation_day=never.copy(),
        last_report_day=never,
        reports=np.zeros(n, dtype=np.int32),
    )


OLDEST = AgeBand.AGE_60_PLUS
