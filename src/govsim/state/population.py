"""Columnar state of the villager population, and its synthesis from a scenario.

Villager state lives in numpy arrays, one row per adult villager, so that population-wide rules
are vectorised. Rows are sorted by village, then household (:mod:`govsim.state.layout`), so a
village or a household is a contiguous range. :class:`govsim.agents.Villager` agents are views on
these rows.

Each dynamic column has one writer (the mechanism named beside it in :class:`Population`); the
static traits are drawn at set-up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AppStatus
from govsim.sampling import beta_from_mean
from govsim.scenario import Scenario
from govsim.state.layout import Layout

__all__ = ["NEVER", "Population", "build_population"]

NEVER = -(10**6)  # "day" of an event that has not happened: far enough before any day 0 window


@dataclass(slots=True)
class Population:
    """Columnar villager state: one row per adult villager.

    Static traits: ``village``, ``household``, ``grid``, ``age_band`` (:class:`AgeBand`),
    ``migrant`` (works away), ``smartphone``, ``digital_skill`` (0-1), ``party_member``, and two
    latent uniforms thresholded by levers: ``wechat_draw`` (:meth:`wechat_members`) and
    ``recognition_draw`` (:meth:`recognition_seekers`).

    Dynamic state, by writer: ``aware`` (knows the policy; :mod:`~govsim.processes.awareness`);
    ``ownership`` (sees self as a governance subject), ``trust`` and ``efficacy`` (0-1;
    :mod:`~govsim.processes.beliefs`); ``points`` (earned; :mod:`~govsim.processes.incentives`);
    ``app_status`` (:class:`AppStatus`), ``app_registered_day``, ``app_last_use_day``
    (:mod:`~govsim.processes.adoption`); ``last_report_day``, ``last_attendance_day`` (a village
    meeting, in person or livestreamed), ``last_participation_day`` (either), ``reports``
    (:mod:`~govsim.processes.participation`).
    """

    village: NDArray[np.int32]
    household: NDArray[np.int32]
    grid: NDArray[np.int32]
    age_band: NDArray[np.int8]
    migrant: NDArray[np.bool_]
    smartphone: NDArray[np.bool_]
    digital_skill: NDArray[np.float64]
    party_member: NDArray[np.bool_]
    wechat_draw: NDArray[np.float64]
    recognition_draw: NDArray[np.float64]
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
    last_attendance_day: NDArray[np.int32]
    reports: NDArray[np.int32]

    @property
    def size(self) -> int:
        """Number of villagers."""
        return len(self.village)

    @property
    def resident(self) -> NDArray[np.bool_]:
        """Villagers living in the village (not migrants)."""
        return ~self.migrant

    def wechat_members(
        self, scenario: Scenario, rows: NDArray[np.int64] | None = None
    ) -> NDArray[np.bool_]:
        """Members of their village's WeChat group (of villagers ``rows``, or of everyone).

        Smartphone users below the membership share (larger when young party members run the
        groups; seed 001 §5.1).
        """
        groups = scenario.wechat_groups
        share = (
            groups.young_party_member_membership_share
            if groups.run_by_young_party_members
            else groups.membership_share
        )
        who = slice(None) if rows is None else rows
        members: NDArray[np.bool_] = self.smartphone[who] & (self.wechat_draw[who] < share)
        return members

    def recognition_seekers(self, scenario: Scenario) -> NDArray[np.bool_]:
        """Villagers who value spiritual recognition: party members and a share of the others."""
        share = scenario.incentives.spiritual_eligible_share
        seekers: NDArray[np.bool_] = self.party_member | (self.recognition_draw < share)
        return seekers


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
    wechat_draw = rng.random(n)
    recognition_draw = rng.random(n)

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
        wechat_draw=wechat_draw,
        recognition_draw=recognition_draw,
        aware=aware,
        ownership=ownership,
        trust=trust,
        efficacy=efficacy,
        points=np.zeros(n),
        app_status=np.full(n, AppStatus.NEVER, dtype=np.int8),
        app_registered_day=never.copy(),
        app_last_use_day=never.copy(),
        last_participation_day=never.copy(),
        last_report_day=never.copy(),
        last_attendance_day=never,
        reports=np.zeros(n, dtype=np.int32),
    )
