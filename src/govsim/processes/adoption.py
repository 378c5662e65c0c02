"""Digital platform adoption: registration, use and churn on the government app.

An aware villager with a smartphone and digital skill ≥ ``channels.app_min_digital_skill``
registers with ``apps.registration_probability × needs_fit`` a day; reporting through the app also
registers. A new user tries the app and abandons it after the first use with
``trial_abandonment × (1 − needs_fit)`` (seed 003, Qionglai: a platform that lacks practicality
suffers a "rapid loss of users" — most of the loss comes at once, not by slow attrition). An
active user opens the app with ``use_probability × needs_fit`` a day; one idle for
``churn_after_idle_days`` churns, and so does, with ``churn_on_bad_experience``, one whose app
report went unresolved. Metrics: registered share, monthly actives (% of registered used in the
last 30 days) and 3-month retention.

Work per day: registration and use are drawn by thinning (Binomial count over the able, then
keep the eligible), churn is checked over registered users only — never a pass over everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AppStatus
from govsim.processes._common import sample_rows

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["AppAdoption"]

MONTH_DAYS = 30
RETENTION_DAYS = 90


class AppAdoption:
    """Registration, use and churn (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        pop = model.population
        able = pop.smartphone & (pop.digital_skill >= model.settings.channels.app_min_digital_skill)
        self.able = np.flatnonzero(able).astype(np.int64)
        self.registered: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        apps = model.settings.apps
        self.register_probability = apps.registration_probability * apps.needs_fit
        self.use_probability = apps.use_probability * apps.needs_fit
        self.abandon_probability = apps.trial_abandonment * (1.0 - apps.needs_fit)

    def record_use(self, model: GovernanceModel, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` use the app today (registering if new; churned users return)."""
        pop = model.population
        new = rows[pop.app_status[rows] == AppStatus.NEVER]
        pop.app_status[rows] = AppStatus.ACTIVE
        pop.app_last_use_day[rows] = model.day
        if len(new):
            new = np.unique(new)
            pop.app_registered_day[new] = model.day
            self.registered = np.concatenate((self.registered, new))
            abandon = new[model.rng.random(len(new)) < self.abandon_probability]
            pop.app_status[abandon] = AppStatus.CHURNED

    def churn(self, model: GovernanceModel, rows: NDArray[np.int64], probability: float) -> None:
        """Active users ``rows`` churn with ``probability``."""
        pop = model.population
        active = rows[pop.app_status[rows] == AppStatus.ACTIVE]
        pop.app_status[active[model.rng.random(len(active)) < probability]] = AppStatus.CHURNED

    def step(self, model: GovernanceModel) -> None:
        """Registration, daily use, and idle churn."""
        pop = model.population
        rng = model.rng
        candidates = sample_rows(rng, self.able, self.register_probability)
        if len(candidates):
            joining = candidates[
                pop.aware[candidates] & (pop.app_status[candidates] == AppStatus.NEVER)
            ]
            if len(joining):
                self.record_use(model, joining)
        if len(self.registered) == 0:
            return
        users = sample_rows(rng, self.registered, self.use_probability)
        users = users[pop.app_status[users] == AppStatus.ACTIVE]
        pop.app_last_use_day[users] = model.day
        registered = self.registered
        # idle for churn_after_idle_days or more: last used on or before this day
        idle = (pop.app_status[registered] == AppStatus.ACTIVE) & (
            pop.app_last_use_day[registered]
            <= model.day - model.settings.apps.churn_after_idle_days
        )
        pop.app_status[registered[idle]] = AppStatus.CHURNED

    def registered_share(self, model: GovernanceModel) -> float:
        """Share of adults registered on the app."""
        return len(self.registered) / model.population.size if model.population.size else 0.0

    def monthly_active_share(self, model: GovernanceModel) -> float:
        """Share of registered users who are active and used the app in the last month."""
        registered = self.registered
        if len(registered) == 0:
            return 0.0
        pop = model.population
        active = pop.app_status[registered] == AppStatus.ACTIVE
        monthly = active & (pop.app_last_use_day[registered] > model.day - MONTH_DAYS)
        return np.count_nonzero(monthly) / len(registered)

    def retention(self, model: GovernanceModel) -> float:
        """Share of users registered at least ``RETENTION_DAYS`` ago who are still active."""
        pop = model.population
        registered = self.registered
        old = registered[model.day - pop.app_registered_day[registered] >= RETENTION_DAYS]
        if len(old) == 0:
            return float("nan")
        return float(np.count_nonzero(pop.app_status[old] == AppStatus.ACTIVE) / len(old))
