"""Grid workers' day: the time budget, and trivial reports driven by the appraisal rule.

Time (vectorised over workers): patrol minutes = ``minutes_per_day − logging_minutes_per_day −
publicity_minutes_per_day − followup_minutes_per_case × reports filed yesterday`` (at least 0).
Logging is the log-writing burden of seed 001 §4.2 (the "digital formalism" of seed 003);
publicity time comes out of patrol.

Gaming (Bevan & Hood 2006, Public Administration 84(3)): a worker weighs a trivial or inflated
report by its net appraisal gain ``g = count_weight × (1 − q × penalty) − (resolution_weight +
satisfaction_weight) × result_dilution``, where ``q = 1 − (1 − audit_rate)(1 − camera ×
cross_check_probability)`` is the chance it is caught (audit or camera cross-check). Trivial
reports per day are Poisson(``trivial_reports_max_per_day × (1 − integrity) × logistic(
gaming_sensitivity × g)``). They are genuine = false: they take centre and department capacity
and close with no action, unless caught at intake (then closed at once and counted against the
worker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.processes._common import add_at, logistic, poisson_counts, poisson_days

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["GridWork"]


class GridWork:
    """Daily time allocation and appraisal gaming of grid workers."""

    def __init__(self, model: GovernanceModel) -> None:
        s = model.settings
        a = s.appraisal
        workers = model.grid_workers
        camera_check = workers.camera_covered * s.cameras.cross_check_probability
        self.catch_probability: NDArray[np.float64] = 1.0 - (1.0 - a.audit_rate) * np.asarray(
            1.0 - camera_check
        )
        gain = (
            a.count_weight * (1.0 - self.catch_probability * a.penalty)
            - (a.resolution_weight + a.satisfaction_weight) * a.result_dilution
        )
        self.trivial_rate = (
            s.grid_workers.trivial_reports_max_per_day
            * (1.0 - workers.integrity)
            * logistic(a.gaming_sensitivity * gain)
        )
        self.patrol_without_followup = self._patrol(model, np.zeros(workers.size))
        rates = model.categories.rate_per_adult_day
        self.category_weights = (
            rates / rates.sum() if rates.sum() > 0 else np.full(len(rates), 1 / len(rates))
        )

    def step(self, model: GovernanceModel) -> None:
        """Set today's patrol minutes; file today's trivial reports."""
        workers = model.grid_workers
        if np.count_nonzero(workers.followup_minutes):
            workers.patrol_minutes = self._patrol(model, workers.followup_minutes)
            workers.followup_minutes = np.zeros(workers.size)
        else:  # no follow-up booked yesterday: the patrol time of a day without any
            workers.patrol_minutes = self.patrol_without_followup.copy()
        self._file_trivial(model)

    @staticmethod
    def _patrol(model: GovernanceModel, followup: NDArray[np.float64]) -> NDArray[np.float64]:
        g = model.settings.grid_workers
        busy = g.logging_minutes_per_day + g.publicity_minutes_per_day + followup
        patrol: NDArray[np.float64] = np.maximum(0.0, g.minutes_per_day - busy)
        return patrol

    def relay(self, model: GovernanceModel, grids: NDArray[np.int32]) -> None:
        """Grid workers of ``grids`` file villagers' reports: count them and book follow-up time."""
        if len(grids) == 0:
            return
        workers = model.grid_workers
        add_at(workers.reports_filed, grids, 1)
        add_at(
            workers.followup_minutes, grids, model.settings.grid_workers.followup_minutes_per_case
        )

    def _file_trivial(self, model: GovernanceModel) -> None:
        rng = model.rng
        counts = poisson_counts(rng, self.trivial_rate, len(self.trivial_rate))
        total = int(np.add.reduce(counts))
        if total == 0:
            return
        workers = model.grid_workers
        s = model.settings
        worker = np.repeat(np.arange(workers.size), counts)
        category = rng.choice(len(self.category_weights), size=total, p=self.category_weights)
        add_at(workers.reports_filed, worker, 1)
        add_at(workers.trivial_reports_filed, worker, 1)
        add_at(workers.followup_minutes, worker, s.grid_workers.followup_minutes_per_case)
        quality_gain = s.apps.classification_quality_gain if s.apps.event_classification else 0.0
        model.flow.open_trivial(
            model,
            poisson_days(rng, s.channels.grid_worker.intake_delay_days, total),
            category,
            village=workers.village[worker],
            grid=workers.grid[worker],
            source=Source.GRID_WORKER,
            channel=Channel.GRID_WORKER,
            reporter=worker,
            quality=np.minimum(1.0, workers.text_skill[worker] + quality_gain),
        )
        model.counters.reports[Channel.GRID_WORKER] += total
