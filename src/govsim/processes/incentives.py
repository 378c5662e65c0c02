"""Villager incentives: points (material) and recognition (spiritual).

Motivation (0–1) entering the reporting decision of an aware villager: material ``m = v / (v +
saturation_cny)`` with ``v = points_per_report × cny_per_point`` while the year's points budget
lasts — a saturating effect (Voorberg et al. 2018, PAR: small material rewards have weak,
saturating effects); spiritual ``r = spiritual_strength`` for recognition seekers (party members
and a ``spiritual_eligible_share`` of the others); combined ``1 − (1 − m)(1 − r)``.

Points are paid for accepted reports of villagers aware of the scheme (the villager opened the
case; with ``validation`` only for genuine problems, without it for every report), the day after, while the budget
(``budget_cny_per_adult_per_year`` × adults, renewed every 365 days) lasts; paid CNY is
programme cost. Without validation, rewards also draw trivial reports: each aware resident files
one a day with ``trivial_report_rate × motivation`` (drawn by Geometric gaps, so the cost is
per report); :mod:`reporting` gives them a channel.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Source
from govsim.events import Incentive
from govsim.sampling import NO_ROWS, bernoulli_positions
from govsim.scenario import Scenario
from govsim.state.ledger import CaseLedger
from govsim.state.population import Population

__all__ = ["Incentives"]

DAYS_PER_YEAR = 365


class Incentives:
    """Points and recognition: motivation, payment, and unvalidated trivial reports."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.aware",
        "population.migrant",
        "population.party_member",
        "ledger.source",
        "ledger.reporter",
        "ledger.genuine",
        "population.recognition_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("population.points",)
    SETTINGS: ClassVar[tuple[str, ...]] = ("incentives", "reporting")

    def __init__(
        self,
        population: Population,
        ledger: CaseLedger,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.population = population
        self.ledger = ledger
        self.rng = rng
        self.paid_cny = 0.0
        self.configure(settings)
        self.budget_left = self.budget_per_year

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's points and recognition settings."""
        inc = settings.incentives
        self.settings = inc
        self.reward_cny = inc.points_per_report * inc.cny_per_point if inc.points_enabled else 0.0
        self.material = self.reward_cny / (self.reward_cny + inc.saturation_cny)
        self.spiritual = inc.spiritual_strength if inc.spiritual_enabled else 0.0
        self.budget_per_year = inc.budget_cny_per_adult_per_year * self.population.size
        self.seekers = self.population.recognition_seekers(settings)
        spiritual = self.spiritual * self.seekers.astype(np.float64)
        self.motivation_paid: NDArray[np.float64] = 1.0 - (1.0 - self.material) * (1.0 - spiritual)
        self.motivation_unpaid: NDArray[np.float64] = spiritual
        self.lures = not inc.validation and settings.reporting.enabled

    def step(self, day: int, accepted: NDArray[np.int64]) -> Incentive:
        """Pay for the reports accepted yesterday (case ids); draw today's trivial reporters."""
        if day > 0 and day % DAYS_PER_YEAR == 0:
            self.budget_left = self.budget_per_year
        if len(accepted) and self.reward_cny > 0:
            self._pay(accepted)
        paying = self.budget_left >= self.reward_cny > 0
        motivation = self.motivation_paid if paying else self.motivation_unpaid
        if not self.lures or (not paying and self.spiritual <= 0):
            return Incentive(motivation=motivation, lured=NO_ROWS)
        pop = self.population
        aware = (pop.aware & ~pop.migrant).nonzero()[0]
        material = self.material if paying else 0.0
        rate = self.settings.trivial_report_rate
        if self.spiritual > 0:  # seekers and others differ in motivation: draw the groups apart
            seekers = self.seekers[aware]
            both = 1.0 - (1.0 - material) * (1.0 - self.spiritual)
            lured = np.concatenate(
                (
                    self._draw(aware[seekers], rate * both),
                    self._draw(aware[~seekers], rate * material),
                )
            )
        else:
            lured = self._draw(aware, rate * material)
        return Incentive(motivation=motivation, lured=lured)

    def _draw(self, rows: NDArray[np.int64], probability: float) -> NDArray[np.int64]:
        """Each of ``rows`` with ``probability`` (the successes of a Bernoulli process)."""
        return rows[bernoulli_positions(self.rng, len(rows), probability)]

    def _pay(self, cases: NDArray[np.int64]) -> None:
        ledger = self.ledger
        by_villager = cases[ledger["source"][cases] == Source.VILLAGER]
        if len(by_villager) == 0:
            return
        rows = ledger["reporter"][by_villager]
        payable = self.population.aware[rows]
        if self.settings.validation:
            payable &= ledger["genuine"][by_villager]
        affordable = int(self.budget_left // self.reward_cny)
        paid = rows[payable][:affordable]
        if len(paid) == 0:
            return
        np.add.at(self.population.points, paid, self.settings.points_per_report)
        cost = len(paid) * self.reward_cny
        self.budget_left -= cost
        self.paid_cny += cost
