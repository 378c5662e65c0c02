"""Departments answer for results: appraisal, and the effort and gaming it calls forth.

Every ``department_appraisal.period_days`` each department is appraised on the cases it closed in
the period: the share of its cases it closed (closed ÷ entered its queue), the share it reports
resolved, the share reported resolved within the time limit, and the mean of its recorded
ratings, weighted by ``closed_weight``, ``resolved_weight``, ``in_time_weight`` and
``satisfaction_weight``; each case found closed unresolved (by an audit or the public) or whose
reporter was found pressed costs ``penalty`` closures. Under a public ranking the department's
rank among the others (0 first, 1 last) raises the pressures on it by ``ranking_pressure × rank``.
Departments are county bodies: in a run of part of a county the simulated cases are a sample of
the cases they are appraised on, so a department's score is renewed only once its sample since
the last score has :data:`~govsim.state.background.MIN_SAMPLE` closed cases (it keeps its last
score meanwhile): a ranking of scores from one or two cases each would be a lottery.

**Effort follows what is measured** (Holmström & Milgrom 1991, multitask agency; Bevan & Hood
2006, targets and gaming). A department chooses three things, and moves each a share
``learning_rate`` of the way to its best response at every appraisal (partial adjustment: the
responses grow over periods, as departments learn what the rule rewards):

* *diligence* g ∈ [0, 1], effort on resolving cases: best response
  ``g* = logistic(diligence_sensitivity × (m·P_results − diligence_threshold))``;
* *closure gaming* q, the share of genuine cases it closes without resolving them while reporting
  them resolved: ``q* = closure_gaming_max × logistic(gaming_sensitivity × (m·(P_claims −
  P_deterrence) − P_results − gaming_threshold))``;
* *rating pressure* h, the share of the reporters it collects ratings from whom it presses for a
  good one: with ``x = m·w_sat·σ·(1 − c) − penalty·c·w_sat·σ`` (what pressing gains), ``h* =
  rating_pressure_max × max(0, (L(x) − L(0)) / (1 − L(0)))``, ``L(x) = logistic(gaming_sensitivity
  × (x − pressure_threshold))``: nobody is pressed when ratings count for nothing.

The pressures are weights of the rule seen through the checks on it: supervision
``σ = min(1, evaluated_share × (1 + supervision_weight × transparency))`` (the share of outcomes
those served report); checking ``κ = 1 − (1 − audit_rate)(1 − σ)(1 − transparency ×
public_detection)`` (the chance a claim is checked against the truth); ``c`` = call-back share;
``P_results = w_sat·σ + (w_resolved + w_in_time)·κ`` (what only true results earn);
``P_claims = w_closed + (w_resolved + w_in_time)·(1 − κ)`` (what an unchecked claim earns);
``P_deterrence = penalty·κ·(w_closed + w_resolved + w_in_time)``. Transparency works mainly
through voice (Fox 2015): visible progress multiplies the weight of the ratings, while the
public's own detection of false claims is weak, so transparency strengthens supervision. At the status quo (counts and
claims, few ratings, no audits) departments are moderately diligent and close about one genuine
case in ten unresolved; appraisal on checked results raises diligence and ends the gaming; on
closures alone it raises the gaming.

How diligence acts (:mod:`processing`): resolution chance ``p₀ + (resolve_ceiling − p₀)(1 −
e^{−k·g}) / (1 − e^{−k})`` (diminishing returns, k = ``effort_returns``), handling time ÷ (1 +
``speed_gain``·g), and capacity × (1 − ``capacity_cost``·g): effort on each case is time not
spent on the next. The departments start at their best response to the scenario's rule (the
status quo is a steady state); a rule rolled out mid-run is learned over the following periods.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.events import Dispatch, Evaluations
from govsim.sampling import logistic
from govsim.scenario import Scenario
from govsim.state.background import judged
from govsim.state.departments import DepartmentTable
from govsim.state.ledger import CaseLedger

__all__ = ["Accountability", "best_responses"]


def best_responses(
    settings: Scenario, multiplier: NDArray[np.float64] | float = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Diligence, closure gaming and rating pressure that the scenario's rule rewards.

    ``multiplier`` is each department's ranking pressure ``m`` (1 without a public ranking).
    """
    a = settings.department_appraisal
    e = settings.evaluation
    t = settings.transparency
    m = np.asarray(multiplier, dtype=np.float64)
    sigma = min(1.0, e.evaluated_share * (1.0 + t.supervision_weight * t.level))
    kappa = 1.0 - (1.0 - a.audit_rate) * (1.0 - sigma) * (1.0 - t.level * t.public_detection)
    claims = a.resolved_weight + a.in_time_weight
    results = a.satisfaction_weight * sigma + claims * kappa
    unchecked = a.closed_weight + claims * (1.0 - kappa)
    deterrence = a.penalty * kappa * (a.closed_weight + claims)
    diligence = logistic(a.diligence_sensitivity * (m * results - a.diligence_threshold))
    gaming = a.closure_gaming_max * logistic(
        a.gaming_sensitivity * (m * (unchecked - deterrence) - results - a.gaming_threshold)
    )
    rated = a.satisfaction_weight * sigma
    c = e.callback_share
    # pressing costs effort: with nothing to gain (no weight on ratings) nobody is pressed
    floor = logistic(-a.gaming_sensitivity * a.pressure_threshold)
    drive = logistic(
        a.gaming_sensitivity
        * (m * rated * (1.0 - c) - a.penalty * c * rated - a.pressure_threshold)
    )
    pressure = a.rating_pressure_max * np.maximum(0.0, (drive - floor) / (1.0 - floor))
    shape = np.broadcast(m, np.zeros(1)).shape
    return (
        np.broadcast_to(diligence, shape).astype(np.float64),
        np.broadcast_to(gaming, shape).astype(np.float64),
        np.broadcast_to(pressure, shape).astype(np.float64),
    )


class Accountability:
    """The departments' appraisal and their response to it (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = ("ledger.lead_department",)
    WRITES: ClassVar[tuple[str, ...]] = (
        "departments.diligence",
        "departments.closure_gaming",
        "departments.rating_pressure",
        "departments.appraisal_score",
        "departments.appraisals",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("department_appraisal", "evaluation", "transparency")

    def __init__(
        self, departments: DepartmentTable, ledger: CaseLedger, settings: Scenario
    ) -> None:
        self.departments = departments
        self.ledger = ledger
        n = departments.size
        # the period's tallies, per department
        self.entered = np.zeros(n)
        self.closed = np.zeros(n)
        self.claimed = np.zeros(n)
        self.claimed_in_time = np.zeros(n)
        self.rating_sum = np.zeros(n)
        self.rated = np.zeros(n)
        self.found = np.zeros(n)
        self.started = False
        self.sums = (0.0, 0.0, 0.0)  # diligence, closure gaming, rating pressure: for the metrics
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's appraisal rule; at set-up, start at its best response."""
        self.settings = settings
        self.period = settings.department_appraisal.period_days
        self.scale = settings.county.scale
        if not self.started:
            d = self.departments
            d.diligence[:], d.closure_gaming[:], d.rating_pressure[:] = best_responses(
                settings, np.ones(d.size)
            )
            d.appraisals += 1
            self.started = True
            self._sum()

    def step(
        self, day: int, dispatch: Dispatch, summoned: NDArray[np.int64], evaluations: Evaluations
    ) -> None:
        """Tally the cases entering departments' queues today and the checked closures.

        At the end of a period, appraise the departments and adjust their responses.
        """
        n = self.departments.size
        if len(dispatch.ids):
            self.entered += np.bincount(dispatch.department, minlength=n)
        if len(summoned):
            lead = self.ledger["lead_department"][summoned].astype(np.int64)
            self.entered += np.bincount(lead, minlength=n)
        if len(evaluations):
            d = evaluations.department
            self.closed += np.bincount(d, minlength=n)
            claimed_ok = evaluations.claimed & ~evaluations.gaming_found
            self.claimed += np.bincount(d[claimed_ok], minlength=n)
            self.claimed_in_time += np.bincount(d[claimed_ok & evaluations.in_time], minlength=n)
            rated = ~np.isnan(evaluations.rating)
            self.rating_sum += np.bincount(d[rated], weights=evaluations.rating[rated], minlength=n)
            self.rated += np.bincount(d[rated], minlength=n)
            found = evaluations.gaming_found | evaluations.pressing_found
            self.found += np.bincount(d[found], minlength=n)
        if day % self.period == self.period - 1:
            self._appraise()

    def _sum(self) -> None:
        d = self.departments
        self.sums = (
            float(d.diligence.sum()),
            float(d.closure_gaming.sum()),
            float(d.rating_pressure.sum()),
        )

    def _appraise(self) -> None:
        a = self.settings.department_appraisal
        d = self.departments
        closed = np.maximum(self.closed, 1.0)
        closure_rate = np.minimum(1.0, self.closed / np.maximum(self.entered, 1.0))
        rating = np.divide(self.rating_sum, self.rated, out=np.zeros(d.size), where=self.rated > 0)
        score = (
            a.closed_weight * closure_rate
            + a.resolved_weight * self.claimed / closed
            + a.in_time_weight * self.claimed_in_time / closed
            + a.satisfaction_weight * rating
            - a.penalty * a.closed_weight * self.found / closed
        )
        active, reset = judged(self.closed, self.scale)
        d.appraisal_score[active] = score[active]
        multiplier = np.ones(d.size)
        if a.public_ranking and d.size > 1:
            known = np.nan_to_num(
                d.appraisal_score,
                nan=float(np.nanmean(d.appraisal_score))
                if np.any(~np.isnan(d.appraisal_score))
                else 0.0,
            )
            rank = np.argsort(np.argsort(-known, kind="stable"), kind="stable") / (d.size - 1)
            multiplier = 1.0 + a.ranking_pressure * rank
        targets = best_responses(self.settings, multiplier)
        rate = a.learning_rate
        for column, target in zip(
            (d.diligence, d.closure_gaming, d.rating_pressure), targets, strict=True
        ):
            column += rate * (target - column)
        d.appraisals += 1
        self._sum()
        for tally in (
            self.entered,
            self.closed,
            self.claimed,
            self.claimed_in_time,
            self.rating_sum,
            self.rated,
            self.found,
        ):
            tally[reset] = 0.0
