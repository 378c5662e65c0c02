"""Digital platform adoption: registration, use and churn on the government app.

An aware villager with a smartphone and digital skill ≥ ``channels.app_min_digital_skill``
registers with ``apps.registration_probability × needs_fit`` a day; reporting through the app
also registers. A new user tries the app and abandons it after the first use with
``trial_abandonment × (1 − needs_fit)`` (seed 003, Qionglai: a platform that lacks practicality
suffers a "rapid loss of users" — most of the loss comes at once, not by slow attrition). An
active user opens the app with ``use_probability × needs_fit`` a day; one idle for
``churn_after_idle_days`` churns, and so does, with ``churn_on_bad_experience``, one whose app
report went unresolved (:mod:`feedback`). Metrics: registered share, monthly actives (% of
registered used in the last 30 days) and 3-month retention.

Work per day: registration and use are drawn by thinning (Binomial count over the able, then
keep the eligible); churn is checked over registered users only — never a pass over everyone.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AppStatus, Channel
from govsim.events import Filings
from govsim.sampling import NO_ROWS, bernoulli_rows
from govsim.scenario.schema import Scenario
from govsim.state.population import Population

__all__ = ["AppAdoption"]

MONTH_DAYS = 30
RETENTION_DAYS = 90


class AppAdoption:
    """Registration, use and churn (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.aware",
        "population.smartphone",
        "population.digital_skill",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "population.app_status",
        "population.app_registered_day",
        "population.app_last_use_day",
    )

    def __init__(
        self, population: Population, settings: Scenario, rng: np.random.Generator
    ) -> None:
        self.population = population
        self.rng = rng
        self.registered: NDArray[np.int64] = NO_ROWS
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's app fit and use rates."""
        pop = self.population
        able = pop.smartphone & (pop.digital_skill >= settings.channels.app_min_digital_skill)
        self.able = able.nonzero()[0].astype(np.int64)
        apps = settings.apps
        self.register_probability = apps.registration_probability * apps.needs_fit
        self.use_probability = apps.use_probability * apps.needs_fit
        self.abandon_probability = apps.trial_abandonment * (1.0 - apps.needs_fit)
        self.churn_after_idle_days = apps.churn_after_idle_days
        self.churn_on_bad_experience = apps.churn_on_bad_experience

    def step(self, day: int, reports: Filings, letdowns: NDArray[np.int64]) -> None:
        """Registration, use (app reports included), churn after a letdown, idle churn."""
        pop = self.population
        rng = self.rng
        candidates = bernoulli_rows(rng, self.able, self.register_probability)
        if len(candidates):
            joining = candidates[
                pop.aware[candidates] & (pop.app_status[candidates] == AppStatus.NEVER)
            ]
            if len(joining):
                self._use(day, joining)
        if len(reports):
            on_app = reports.reporter[reports.channel == Channel.APP]
            if len(on_app):
                self._use(day, on_app)
        if len(self.registered) == 0:
            return
        if len(letdowns):
            active = letdowns[pop.app_status[letdowns] == AppStatus.ACTIVE]
            left = active[rng.random(len(active)) < self.churn_on_bad_experience]
            pop.app_status[left] = AppStatus.CHURNED
        users = bernoulli_rows(rng, self.registered, self.use_probability)
        users = users[pop.app_status[users] == AppStatus.ACTIVE]
        pop.app_last_use_day[users] = day
        registered = self.registered
        idle = (pop.app_status[registered] == AppStatus.ACTIVE) & (
            pop.app_last_use_day[registered] <= day - self.churn_after_idle_days
        )
        pop.app_status[registered[idle]] = AppStatus.CHURNED

    def _use(self, day: int, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` use the app today (registering if new; churned users return)."""
        pop = self.population
        new = rows[pop.app_status[rows] == AppStatus.NEVER]
        pop.app_status[rows] = AppStatus.ACTIVE
        pop.app_last_use_day[rows] = day
        if len(new):
            new = np.unique(new)
            pop.app_registered_day[new] = day
            self.registered = np.concatenate((self.registered, new))
            abandon = new[self.rng.random(len(new)) < self.abandon_probability]
            pop.app_status[abandon] = AppStatus.CHURNED

    def monthly_active(self, day: int) -> int:
        """Registered users who are active and used the app in the last 30 days."""
        registered = self.registered
        if len(registered) == 0:
            return 0
        pop = self.population
        active = pop.app_status[registered] == AppStatus.ACTIVE
        return int(np.count_nonzero(active & (pop.app_last_use_day[registered] > day - MONTH_DAYS)))

    def retention(self, day: int) -> float:
        """Share of users registered at least ``RETENTION_DAYS`` ago who are still active."""
        pop = self.population
        registered = self.registered
        old = registered[day - pop.app_registered_day[registered] >= RETENTION_DAYS]
        if len(old) == 0:
            return float("nan")
        return float(np.count_nonzero(pop.app_status[old] == AppStatus.ACTIVE) / len(old))
