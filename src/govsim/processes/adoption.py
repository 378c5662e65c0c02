"""Digital platform adoption: registration, use and churn on the government app.

An aware villager with a smartphone and digital skill ≥ ``channels.app_min_digital_skill``
registers with ``apps.registration_probability × needs_fit`` a day; reporting through the app
also registers. A new user tries the app and abandons it after the first use with
``trial_abandonment × (1 − needs_fit)`` (seed 003, Qionglai: a platform that lacks practicality
suffers a "rapid loss of users" — most of the loss comes at once, not by slow attrition). An
active user opens the app with ``use_probability × needs_fit`` a day; one idle for
``churn_after_idle_days`` churns, and so does, with ``churn_on_bad_experience``, one whose app
report went unresolved (:mod:`feedback`). A churned user who reports through the app is active
again. A churned user's account lapses ``apps.lapse_after_churn_days`` after their last use: they
no longer count as registered and may register again (so the registered stock is bounded and the
status quo is steady). Metrics: registered share, monthly actives (% of registered who are active and used the
app in the last 30 days) and 3-month retention.

Work per day is the day's events: registration tries among the able are drawn for a block of days
at once (Geometric gaps, :func:`govsim.sampling.bernoulli_positions`); each active user has one
pending event — the next use, a Geometric(use chance) wait, or idle churn if that comes first.
The count of monthly actives is kept as users use the app and churn.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AppStatus, Channel
from govsim.events import Filings
from govsim.sampling import NO_ROWS, BernoulliDays
from govsim.scenario import Scenario
from govsim.state.calendar import Calendar
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
    SETTINGS: ClassVar[tuple[str, ...]] = ("apps", "channels")

    def __init__(
        self, population: Population, settings: Scenario, rng: np.random.Generator
    ) -> None:
        self.population = population
        self.rng = rng
        self.registered: NDArray[np.int64] = NO_ROWS
        self.events = Calendar()  # each active user's pending event (next use or idle churn)
        self.lapses = Calendar()  # churned users' accounts, on the day they lapse
        self.event_day = np.full(population.size, -1, dtype=np.int32)  # its day (-1: none)
        # active users by the day of their last use, over the last MONTH_DAYS days (a ring)
        self.active_by_day = np.zeros(MONTH_DAYS, dtype=np.int64)
        self.monthly_active = 0
        self.last_day = -1
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's app fit and use rates (pending events are drawn afresh)."""
        pop = self.population
        able = pop.smartphone & (pop.digital_skill >= settings.channels.app_min_digital_skill)
        self.able = able.nonzero()[0].astype(np.int64)
        apps = settings.apps
        self.register_probability = apps.registration_probability * apps.needs_fit
        self.use_probability = apps.use_probability * apps.needs_fit
        self.abandon_probability = apps.trial_abandonment * (1.0 - apps.needs_fit)
        self.idle_days = apps.churn_after_idle_days
        self.lapse_days = apps.lapse_after_churn_days
        self.churn_on_bad_experience = apps.churn_on_bad_experience
        self.tries = BernoulliDays(len(self.able), self.register_probability)
        active = self.registered[pop.app_status[self.registered] == AppStatus.ACTIVE]
        self.events = Calendar()
        self.event_day[:] = -1
        self._schedule(self.last_day, active)

    def step(self, day: int, reports: Filings, letdowns: NDArray[np.int64]) -> None:
        """Registration, use (app reports included), churn after a letdown, idle churn."""
        self._advance(day)
        pop = self.population
        candidates = self._tries(day)
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
        if len(letdowns):
            active = letdowns[pop.app_status[letdowns] == AppStatus.ACTIVE]
            self._churn(active[self.rng.random(len(active)) < self.churn_on_bad_experience])
        due = self.events.pop(day)
        if len(due):
            due = due[(self.event_day[due] == day) & (pop.app_status[due] == AppStatus.ACTIVE)]
            idle = day >= pop.app_last_use_day[due] + self.idle_days
            self._churn(due[idle])
            self._use(day, due[~idle])
        lapsing = self.lapses.pop(day)
        if len(lapsing):
            self._lapse(day, lapsing)

    def _tries(self, day: int) -> NDArray[np.int64]:
        """Today's registration tries among the able (drawn for a block of days at once)."""
        tries = self.tries.today(self.rng, day)
        return self.able[tries] if len(tries) else NO_ROWS

    def _advance(self, day: int) -> None:
        """Start ``day``: users whose last use was ``MONTH_DAYS`` days ago leave the month."""
        for d in range(self.last_day + 1, day + 1):
            slot = d % MONTH_DAYS
            self.monthly_active -= int(self.active_by_day[slot])
            self.active_by_day[slot] = 0
        self.last_day = day

    def _use(self, day: int, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` use the app today (registering if new; churned users return)."""
        pop = self.population
        rows = np.unique(rows) if len(rows) > 1 else rows
        rows = rows[
            (pop.app_status[rows] != AppStatus.ACTIVE) | (pop.app_last_use_day[rows] != day)
        ]
        if len(rows) == 0:
            return
        status = pop.app_status[rows]
        last = pop.app_last_use_day[rows].astype(np.int64)
        counted = (status == AppStatus.ACTIVE) & (last > day - MONTH_DAYS)
        np.subtract.at(self.active_by_day, last[counted] % MONTH_DAYS, 1)
        self.monthly_active += len(rows) - int(np.count_nonzero(counted))
        self.active_by_day[day % MONTH_DAYS] += len(rows)
        new = rows[status == AppStatus.NEVER]
        pop.app_status[rows] = AppStatus.ACTIVE
        pop.app_last_use_day[rows] = day
        if len(new):
            pop.app_registered_day[new] = day
            self.registered = np.concatenate((self.registered, new))
            self._churn(new[self.rng.random(len(new)) < self.abandon_probability])
        self._schedule(day, rows[pop.app_status[rows] == AppStatus.ACTIVE])

    def _schedule(self, now: int, rows: NDArray[np.int64]) -> None:
        """Each active user's next event after day ``now``: the next use, or idle churn if sooner.

        Days of use are a daily Bernoulli(use chance) process: the next one is a Geometric wait
        from now (memoryless). Idle churn comes ``churn_after_idle_days`` after the last use.
        """
        if len(rows) == 0:
            return
        last_use = self.population.app_last_use_day[rows].astype(np.int64)
        when = last_use + self.idle_days
        if self.use_probability > 0:
            when = np.minimum(when, now + self.rng.geometric(self.use_probability, len(rows)))
        when = np.maximum(when, now + 1)
        self.event_day[rows] = when
        self.events.add(now, rows, when - now)

    def _churn(self, rows: NDArray[np.int64]) -> None:
        """Active users ``rows`` leave the app."""
        if len(rows) == 0:
            return
        pop = self.population
        last = pop.app_last_use_day[rows].astype(np.int64)
        counted = last > self.last_day - MONTH_DAYS
        np.subtract.at(self.active_by_day, last[counted] % MONTH_DAYS, 1)
        self.monthly_active -= int(np.count_nonzero(counted))
        pop.app_status[rows] = AppStatus.CHURNED
        self.event_day[rows] = -1
        if self.lapse_days > 0:
            when = np.maximum(last + self.lapse_days, self.last_day + 1)
            self.lapses.add(self.last_day, rows, when - self.last_day)

    def _lapse(self, day: int, rows: NDArray[np.int64]) -> None:
        """Accounts of churned users idle ``lapse_after_churn_days`` lapse (unless used since)."""
        pop = self.population
        rows = rows[
            (pop.app_status[rows] == AppStatus.CHURNED)
            & (pop.app_last_use_day[rows] + self.lapse_days <= day)
        ]
        if len(rows) == 0:
            return
        pop.app_status[rows] = AppStatus.NEVER
        pop.app_registered_day[rows] = -1
        self.registered = self.registered[pop.app_status[self.registered] != AppStatus.NEVER]

    def retention(self, day: int) -> float:
        """Share of users registered at least ``RETENTION_DAYS`` ago who are still active."""
        pop = self.population
        registered = self.registered
        old = registered[day - pop.app_registered_day[registered] >= RETENTION_DAYS]
        if len(old) == 0:
            return float("nan")
        return float(np.count_nonzero(pop.app_status[old] == AppStatus.ACTIVE) / len(old))
