"""Grid workers' day: the time budget, the appraisal counters, and reports filed for the count.

Time (vectorised over workers): patrol minutes = ``grid_workers.minutes_per_day −
logging_minutes_per_day − publicity_minutes_per_day − followup_minutes_per_case × reports the
worker filed or relayed the day before`` (at least 0). Logging is the log-writing burden of seed
001 §4.2 (the "digital formalism" of seed 003); publicity time comes out of patrol. Logging also
documents the grid: the quality of what a worker writes up is × :func:`documentation` (see
:meth:`GridWorkerTable.written_skill`), which rises with diminishing returns in logging minutes.

Appraisal counters (per worker, from the day before's filings and closures): reports filed
(own finds, relays of villagers' reports through the grid-worker channel, trivial reports),
reports resolved, reporters' satisfaction with relayed cases, trivial reports filed and inflated
reports caught at intake.

Gaming (Bevan & Hood 2006, Public Administration 84(3)), learnt from the appraisal. One trivial
or inflated report earns ``gain(c) = count_weight × (1 − c × penalty) − (resolution_weight +
satisfaction_weight) × result_dilution`` count rewards when a share *c* of such reports is caught
(an on-the-spot audit, or a camera's cross-check). Each worker holds ``gaming_gain``, what it has
learnt such a report earns, and files Poisson(``trivial_reports_max_per_day × (1 − integrity) ×
gaming``) trivial reports a day, ``gaming = logistic(gaming_sensitivity × gaming_gain)`` (logit
response). They are filed on the grid-worker channel with nothing behind them: they take centre
and department capacity and close with no action, unless caught at intake (:mod:`settlement`).

Every ``appraisal.period_days`` the workers are appraised and learn (reinforcement with a
constant step, Erev & Roth 1998; Sutton & Barto 2018 §2.5): a worker who filed *T* trivial reports
and had *C* caught in the period experienced the caught share ``c = (C + peer_weight × c̄) /
(max(T, C) + peer_weight)``, where c̄ is the share of all workers' trivial reports caught in the
period (penalties are announced), and moves ``gaming_gain`` by ``learning_rate × (gain(c) −
gaming_gain)``. A period in which no worker filed or was caught teaches nothing. At set-up every
worker starts at the rule's expected gain ``gain(q)``, q = :func:`catch_probability`: with no
audits and no cameras that is exactly what every period teaches (the status quo is a steady
state); a rule rolled out mid-run (``configure``) is learnt over the following periods; a worker
who is caught learns that gaming costs, an unchecked count that it pays.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.events import Closures, Filings, Patrol
from govsim.sampling import Categorical, PoissonCells, logistic, poisson_days
from govsim.scenario import Scenario
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.problems import CategoryTable

__all__ = ["GridWork", "catch_probability", "gaming_gain"]


def catch_probability(settings: Scenario) -> float:
    """Chance an inflated grid-worker report is caught at intake: an audit or a camera check."""
    camera_check = settings.cameras.coverage_share * settings.cameras.cross_check_probability
    return 1.0 - (1.0 - settings.appraisal.audit_rate) * (1.0 - camera_check)


def gaming_gain(settings: Scenario, caught_share: Any) -> Any:
    """Appraisal gain of one trivial report, in count rewards, if ``caught_share`` of them is caught.

    The count it adds, less the penalty of the caught share, less the result-based appraisal
    that a report which resolves nothing dilutes. ``caught_share``: a float or an array.
    """
    a = settings.appraisal
    return (
        a.count_weight * (1.0 - caught_share * a.penalty)
        - (a.resolution_weight + a.satisfaction_weight) * a.result_dilution
    )


class GridWork:
    """Daily time allocation, appraisal counters and gaming of grid workers."""

    READS: ClassVar[tuple[str, ...]] = ("grid_workers.integrity", "grid_workers.text_skill")
    WRITES: ClassVar[tuple[str, ...]] = (
        "grid_workers.gaming_gain",
        "grid_workers.gaming",
        "grid_workers.patrol_minutes",
        "grid_workers.followup_minutes",
        "grid_workers.reports_filed",
        "grid_workers.reports_resolved",
        "grid_workers.satisfaction_sum",
        "grid_workers.satisfaction_count",
        "grid_workers.trivial_reports_filed",
        "grid_workers.inflated_reports_caught",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = (
        "grid_workers",
        "appraisal",
        "cameras",
        "apps",
        "channels",
        "categories",
    )

    def __init__(
        self,
        grid_workers: GridWorkerTable,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.workers = grid_workers
        self.rng = rng
        self.patrol_total = 0.0  # patrol minutes of all workers today
        self.gaming_sum = 0.0  # of the workers' gaming shares, for the metrics
        # the appraisal period's trivial reports filed and inflated reports caught, per worker
        self.period_trivial = np.zeros(grid_workers.size, dtype=np.int64)
        self.period_caught = np.zeros(grid_workers.size, dtype=np.int64)
        self.started = False
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's time budget and appraisal rule.

        At set-up every worker expects the rule's gain of a trivial report; later (a rule rolled
        out mid-run) the workers keep what they have learnt and learn the new rule by experience.
        """
        self.settings = settings
        g = settings.grid_workers
        self.followup_per_report = g.followup_minutes_per_case
        self.free_minutes = max(
            0.0, g.minutes_per_day - g.logging_minutes_per_day - g.publicity_minutes_per_day
        )
        if not self.started:
            self.workers.gaming_gain[:] = gaming_gain(settings, catch_probability(settings))
            self.started = True
        self._respond()
        self.trivial_category = Categorical(categories.rate_per_adult_day)  # as problems arise
        self.quality = self.workers.written_skill(settings)
        self.delay = settings.channels.grid_worker.intake_delay_days
        # a day after nothing was filed (shared, read-only arrays)
        n = self.workers.size
        self.no_followup = np.zeros(n)
        self.full_patrol = Patrol(minutes=np.full(n, self.free_minutes))
        self.full_patrol_total = self.free_minutes * n
        self.no_followup.flags.writeable = False
        self.full_patrol.minutes.flags.writeable = False

    def step(
        self,
        day: int,
        filings: tuple[Filings, ...],
        closures: Closures,
        satisfaction: NDArray[np.float64],
        caught_workers: NDArray[np.int64],
    ) -> tuple[Patrol, Filings]:
        """Count yesterday's work, set today's patrol time, file today's trivial reports.

        On the last day of an appraisal period the workers learn from it before filing.
        """
        workers = self.workers
        filed: NDArray[np.int64] | None = None
        for batch in filings:
            if len(batch):
                if filed is None:
                    filed = np.zeros(workers.size, dtype=np.int64)
                own = batch.source == Source.GRID_WORKER
                relayed = (batch.source == Source.VILLAGER) & (batch.channel == Channel.GRID_WORKER)
                filed += np.bincount(batch.reporter[own], minlength=workers.size)
                filed += np.bincount(batch.grid[relayed], minlength=workers.size)
                trivial = own & (batch.problem < 0)
                if np.count_nonzero(trivial):
                    count = np.bincount(batch.reporter[trivial], minlength=workers.size)
                    workers.trivial_reports_filed += count
                    self.period_trivial += count
        if len(closures):
            self._count_closures(closures, satisfaction)
        if len(caught_workers):
            np.add.at(workers.inflated_reports_caught, caught_workers, 1)
            np.add.at(self.period_caught, caught_workers, 1)
        period = self.settings.appraisal.period_days
        if day % period == period - 1:
            self._learn()
        if filed is None:  # nothing filed yesterday: no follow-up, the full patrol
            workers.followup_minutes = self.no_followup
            workers.patrol_minutes = self.full_patrol.minutes
            self.patrol_total = self.full_patrol_total
            return self.full_patrol, self._file_trivial()
        workers.reports_filed += filed
        workers.followup_minutes = (filed * self.followup_per_report).astype(np.float64)
        workers.patrol_minutes = np.maximum(0.0, self.free_minutes - workers.followup_minutes)
        self.patrol_total = float(np.add.reduce(workers.patrol_minutes))
        return Patrol(minutes=workers.patrol_minutes), self._file_trivial()

    def _respond(self) -> None:
        """Gaming and trivial-report rates from what the workers have learnt (logit response)."""
        g = self.settings.grid_workers
        workers = self.workers
        sensitivity = self.settings.appraisal.gaming_sensitivity
        workers.gaming = np.asarray(logistic(sensitivity * workers.gaming_gain), dtype=np.float64)
        self.gaming_sum = float(np.add.reduce(workers.gaming))
        self.trivial_rate = (
            g.trivial_reports_max_per_day * (1.0 - workers.integrity) * workers.gaming
        )
        self.trivial = PoissonCells(self.trivial_rate)

    def _learn(self) -> None:
        """Appraisal: each worker moves its expected gain towards the gain it experienced."""
        filed, caught = self.period_trivial, self.period_caught
        tried = np.maximum(
            filed, caught
        )  # a report filed late in a period may be caught in the next
        total_tried = int(tried.sum())
        if total_tried == 0:
            return  # nobody gamed: nothing learnt
        announced = float(caught.sum()) / total_tried
        weight = self.settings.appraisal.peer_weight
        experience = tried + weight
        learnt = experience > 0
        caught_share = np.zeros(self.workers.size)
        np.divide(caught + weight * announced, experience, out=caught_share, where=learnt)
        gain = self.workers.gaming_gain
        rate = self.settings.appraisal.learning_rate
        gain[learnt] += rate * (gaming_gain(self.settings, caught_share[learnt]) - gain[learnt])
        self._respond()
        filed[:] = 0
        caught[:] = 0

    def _count_closures(self, closures: Closures, satisfaction: NDArray[np.float64]) -> None:
        workers = self.workers
        own = closures.source == Source.GRID_WORKER
        relayed = (closures.source == Source.VILLAGER) & (closures.channel == Channel.GRID_WORKER)
        resolved_own = own & closures.good
        np.add.at(workers.reports_resolved, closures.reporter[resolved_own], 1)
        np.add.at(workers.reports_resolved, closures.grid[relayed & closures.good], 1)
        rated = relayed & ~np.isnan(satisfaction)
        np.add.at(workers.satisfaction_sum, closures.grid[rated], satisfaction[rated])
        np.add.at(workers.satisfaction_count, closures.grid[rated], 1)

    def _file_trivial(self) -> Filings:
        worker = self.trivial.draw(self.rng)
        n = len(worker)
        if n == 0:
            return Filings.empty()
        rng = self.rng
        workers = self.workers
        return Filings(
            problem=np.full(n, -1, dtype=np.int64),
            source=np.full(n, Source.GRID_WORKER, dtype=np.int8),
            channel=np.full(n, Channel.GRID_WORKER, dtype=np.int8),
            reporter=worker,
            quality=self.quality[worker],
            intake_days=poisson_days(rng, self.delay, n),
            category=self.trivial_category.draw(rng, n),
            village=workers.village[worker].astype(np.int64),
            grid=workers.grid[worker].astype(np.int64),
        )
