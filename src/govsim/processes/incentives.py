"""Villager incentives: points (material) and recognition (spiritual).

Motivation (0-1) entering the reporting decision, for an aware villager:
material ``m = v / (v + saturation_cny)`` with ``v = points_per_report × cny_per_point`` while the
year's points budget lasts — a saturating effect (Voorberg et al. 2018, PAR: small material
rewards have weak, saturating effects); spiritual ``r = spiritual_strength`` for recognition
seekers (party members and a ``spiritual_eligible_share`` of others); combined ``1 − (1 − m)(1 −
r)``. Points are paid per accepted report: with ``validation`` only for genuine problems,
without it for every report. The budget (``budget_cny_per_adult_per_year`` × adults) renews every 365 days; paid CNY is counted as
cost. Without validation, rewards also draw trivial reports: each aware villager files one per
day with probability ``trivial_report_rate × motivation`` (sampled as Binomial + choice, so the
cost is per report).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.processes._common import add_at, poisson_days, sample_rows

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Incentives"]

DAYS_PER_YEAR = 365


class Incentives:
    """Points and recognition: motivation, payment, and unvalidated trivial reports."""

    def __init__(self, model: GovernanceModel) -> None:
        inc = model.settings.incentives
        self.reward_cny = inc.points_per_report * inc.cny_per_point if inc.points_enabled else 0.0
        self.material = self.reward_cny / (self.reward_cny + inc.saturation_cny)
        self.spiritual = inc.spiritual_strength if inc.spiritual_enabled else 0.0
        self.budget_per_year = inc.budget_cny_per_adult_per_year * model.population.size
        self.budget_left = self.budget_per_year
        self.paid_cny = 0.0
        # each villager's motivation with and without payable points (recognition seeking is
        # fixed at set-up)
        spiritual = self.spiritual * model.population.recognition_seeker
        self._motivation_paid = 1.0 - (1.0 - self.material) * (1.0 - spiritual)
        self._motivation_unpaid = 1.0 - (1.0 - spiritual)  # the same with no material part

    def _material_now(self) -> float:
        return self.material if self.budget_left >= self.reward_cny > 0 else 0.0

    def motivation(self, model: GovernanceModel, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """Incentive motivation (0-1) of villagers ``rows``."""
        table = self._motivation_paid if self._material_now() else self._motivation_unpaid
        return np.where(model.population.aware[rows], table[rows], 0.0)

    def reward(
        self, model: GovernanceModel, rows: NDArray[np.int64], genuine: NDArray[np.bool_]
    ) -> None:
        """Pay points for accepted reports by ``rows`` (genuine ones only when validated)."""
        if self.reward_cny <= 0 or len(rows) == 0:
            return
        payable = (
            genuine if model.settings.incentives.validation else np.ones(len(rows), dtype=bool)
        )
        payable = payable & model.population.aware[rows]
        affordable = int(self.budget_left // self.reward_cny)
        paid_rows = rows[payable][:affordable]
        if len(paid_rows) == 0:
            return
        inc = model.settings.incentives
        add_at(model.population.points, paid_rows, inc.points_per_report)
        cost = len(paid_rows) * self.reward_cny
        self.budget_left -= cost
        self.paid_cny += cost

    def step(self, model: GovernanceModel) -> None:
        """Renew the yearly budget; file trivial reports drawn by unvalidated rewards."""
        inc = model.settings.incentives
        if model.day > 0 and model.day % DAYS_PER_YEAR == 0:
            self.budget_left = self.budget_per_year
        if inc.validation or not model.settings.reporting.enabled:
            return
        pop = model.population
        material = self._material_now()
        if material <= 0 and self.spiritual <= 0:
            return
        aware = (pop.aware & ~pop.migrant).nonzero()[0]
        groups: tuple[tuple[NDArray[np.int64], float], ...]
        if self.spiritual > 0:
            # motivation differs between recognition seekers and others: draw the two groups apart
            seekers = pop.recognition_seeker[aware]
            groups = (
                (aware[seekers], 1.0 - (1.0 - material) * (1.0 - self.spiritual)),
                (aware[~seekers], material),
            )
        else:
            groups = ((aware, material),)
        chosen = [
            sample_rows(model.rng, rows, inc.trivial_report_rate * level) for rows, level in groups
        ]
        rows = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
        if len(rows) == 0:
            return
        self._file_trivial(model, rows)

    def _file_trivial(self, model: GovernanceModel, rows: NDArray[np.int64]) -> None:
        rng = model.rng
        choice = model.reporting.channels
        utility = choice.utilities(model, rows)
        reachable = np.isfinite(choice.log_sum(utility))
        rows, utility = rows[reachable], utility[reachable]
        if len(rows) == 0:
            return
        channel = choice.choose(utility, rng)
        weights = model.grid_work.category_weights
        category = rng.choice(len(weights), size=len(rows), p=weights)
        pop = model.population
        pop.last_participation_day[rows] = model.day
        pop.last_report_day[rows] = model.day
        pop.reports[rows] += 1
        add_at(model.counters.reports, channel, 1)
        model.counters.villager_reports += len(rows)
        model.grid_work.relay(model, pop.grid[rows[channel == Channel.GRID_WORKER]])
        model.flow.open_trivial(
            model,
            poisson_days(rng, choice.intake_delay_days[channel], len(rows)),
            category,
            village=pop.village[rows],
            grid=pop.grid[rows],
            source=Source.VILLAGER,
            channel=channel,
            reporter=rows,
            reporter_age_band=pop.age_band[rows],
            reporter_migrant=pop.migrant[rows],
            reporter_smartphone=pop.smartphone[rows],
            quality=choice.report_quality(model, rows, channel),
        )
        self.reward(model, rows, np.zeros(len(rows), dtype=bool))
