"""Metrics: the daily series and the end-of-run summary, as named functions of the model.

Daily counters are incremented by the processes as events happen; population shares are
vectorised reductions over the columnar state; delay statistics read the case ledger. Every
metric has a unit in its name or below. Rates are over *genuine* cases (trivial and inflated
reports are counted separately by ``genuine_share``).
"""

from __future__ import annotations

import math
from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from govsim.enums import AgeBand, Channel, Outcome, Source

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["DAILY_METRICS", "DailyCounters", "DailyRecorder", "model_reporters", "summarise"]

PARTICIPATION_WINDOW_DAYS = 90  # "participation: % adults reporting or attending per quarter"
DELAY_WINDOW_DAYS = 30  # rolling window of the daily median/p90 days to resolution
DAYS_PER_MONTH = 30.0
PER_THOUSAND = 1000.0

_GOOD = (Outcome.RESOLVED, Outcome.SETTLED_LOCALLY)

#: Daily metric names with units, in column order of ``RunResult.daily``.
DAILY_METRICS: dict[str, str] = {
    "new_problems": "problems/day",
    "new_cases": "cases/day",
    "closures": "cases/day",
    "backlog": "open cases",
    **{f"reports_{c.label}": "reports/day" for c in Channel},
    "villager_reports": "reports/day made by villagers (any channel, duplicates included)",
    "camera_cases": "cases/day",
    "bounces": "bounces/day",
    "escalations": "cases/day",
    "resolution_rate": "share of genuine closed cases resolved or settled (cumulative)",
    "resolved_within_sla_share": "share of genuine closed cases resolved within the time limit (cumulative)",
    "median_days_to_resolution": "days (genuine cases closed in the last 30 days)",
    "p90_days_to_resolution": "days (genuine cases closed in the last 30 days)",
    "overdue_share": "share of open cases past their time limit",
    "centre_queue": "cases",
    "department_queue": "cases",
    "mean_trust": "0-1",
    "mean_efficacy": "0-1",
    "department_relations": "0-1",
    "ownership_share": "share of adults",
    "awareness_share": "share of adults",
    "enterprise_awareness_share": "share of enterprises",
    "participation_share": "share of adults who reported or attended in the last 90 days",
    "participation_share_under_60": "share of resident adults under 60",
    "participation_share_60_plus": "share of resident adults 60+",
    "migrant_participation_share": "share of migrant adults",
    "app_registered_share": "share of adults",
    "app_monthly_active_share": "share of registered users",
    "grid_patrol_share": "share of grid workers' time",
    "points_paid_cny": "CNY (cumulative)",
}


_ROW_KEYS = ("day", *DAILY_METRICS)
_NO_DAYS = np.zeros(0, dtype=np.int64)  # a day without closures (never written to)


class DailyCounters:
    """Event counts of the current day, incremented by the processes."""

    def __init__(self, n_departments: int) -> None:
        self.n_departments = n_departments
        self.reports = np.zeros(len(Channel), dtype=np.int64)
        self.resolution_days: list[NDArray[np.int64]] = []
        self.reset()

    def reset(self) -> None:
        """Zero the day's counts."""
        self.new_problems = 0
        self.new_cases = 0
        self.closures = 0
        self.bounces = 0
        self.escalations = 0
        self.camera_cases = 0
        self.villager_reports = 0
        self.closed_genuine = 0
        self.resolved_genuine = 0
        self.resolved_within_sla = 0
        self.overdue_started = 0
        self.overdue_closed = 0
        self.reports[:] = 0
        self.resolution_days = []


class DailyRecorder:
    """Accumulates one row of :data:`DAILY_METRICS` per day.

    A row is a list of values in column order (``day``, then :data:`DAILY_METRICS`); the
    DataFrame is built once, by :meth:`frame`.
    """

    def __init__(self, model: GovernanceModel) -> None:
        self.rows: list[list[float]] = []
        self._latest: dict[str, float] = {}
        self._latest_day = -1
        pop = model.population
        # the digital-exclusion gap is measured among residents (migrants are away from both)
        resident = ~pop.migrant
        self.under_60 = resident & (pop.age_band != AgeBand.AGE_60_PLUS)
        self.aged_60_plus = resident & (pop.age_band == AgeBand.AGE_60_PLUS)
        self.n_under_60 = max(int(self.under_60.sum()), 1)
        self.n_60_plus = max(int(self.aged_60_plus.sum()), 1)
        self.n_migrants = max(int(pop.migrant.sum()), 1)
        # denominators fixed at set-up
        self.n_adults = pop.size
        self.n_firms = model.enterprises.size
        self.n_workers = model.grid_workers.size
        self.n_departments = len(model.sharing.relations)
        self.minutes_per_day = model.settings.grid_workers.minutes_per_day
        self.created = 0
        self.closed = 0
        self.closed_genuine = 0
        self.resolved_genuine = 0
        self.resolved_within_sla = 0
        self.overdue_open = 0
        self.recent_resolution_days: deque[NDArray[np.int64]] = deque(maxlen=DELAY_WINDOW_DAYS)
        # median and p90 of the window; recomputed only when the window's multiset changes
        self._recent_quantiles = (math.nan, math.nan)
        self.total_reports = np.zeros(len(Channel), dtype=np.int64)

    @property
    def latest(self) -> dict[str, float]:
        """The last recorded row by metric name (empty before the first day)."""
        if self._latest_day != len(self.rows):
            self._latest = dict(zip(_ROW_KEYS, self.rows[-1], strict=True)) if self.rows else {}
            self._latest_day = len(self.rows)
        return self._latest

    def record(self, model: GovernanceModel) -> None:
        """Compute and store today's row."""
        c = model.counters
        self.created += c.new_cases
        self.closed += c.closures
        self.closed_genuine += c.closed_genuine
        self.resolved_genuine += c.resolved_genuine
        self.resolved_within_sla += c.resolved_within_sla
        self.overdue_open += c.overdue_started - c.overdue_closed
        self.total_reports += c.reports
        backlog = self.created - self.closed
        closed = self.closed_genuine
        pop = model.population
        n = max(self.n_adults, 1)
        recent = pop.last_participation_day > model.day - PARTICIPATION_WINDOW_DAYS
        n_firms, n_workers, minutes = self.n_firms, self.n_workers, self.minutes_per_day
        median, p90 = self._window_quantiles(c.resolution_days)
        registered, monthly_active = model.app_adoption.daily_metrics(model)
        # in the order of ``_ROW_KEYS``
        self.rows.append(
            [
                model.day,
                c.new_problems,
                c.new_cases,
                c.closures,
                backlog,
                *c.reports.tolist(),
                c.villager_reports,
                c.camera_cases,
                c.bounces,
                c.escalations,
                # rates and delays from counters kept as cases close (no pass over the ledger)
                self.resolved_genuine / closed if closed else math.nan,
                self.resolved_within_sla / closed if closed else math.nan,
                median,
                p90,
                self.overdue_open / backlog if backlog else 0.0,
                len(model.centre.queue),
                model.processing.queued_total,
                # np.add.reduce / n is what ndarray.mean computes, without its Python wrapper
                float(np.add.reduce(pop.trust)) / n if self.n_adults else math.nan,
                float(np.add.reduce(pop.efficacy)) / n if self.n_adults else math.nan,
                float(np.add.reduce(model.sharing.relations)) / self.n_departments,
                np.count_nonzero(pop.ownership) / n,
                np.count_nonzero(pop.aware) / n,
                np.count_nonzero(model.enterprises.aware) / n_firms if n_firms else math.nan,
                np.count_nonzero(recent) / n,
                np.count_nonzero(recent & self.under_60) / self.n_under_60,
                np.count_nonzero(recent & self.aged_60_plus) / self.n_60_plus,
                np.count_nonzero(recent & pop.migrant) / self.n_migrants,
                registered,
                monthly_active,
                float(np.add.reduce(model.grid_workers.patrol_minutes)) / n_workers / minutes
                if n_workers and minutes
                else 0.0,
                model.incentives.paid_cny,
            ]
        )

    def _window_quantiles(self, resolution_days: list[NDArray[np.int64]]) -> tuple[float, float]:
        """Median and p90 days to resolution over the last ``DELAY_WINDOW_DAYS`` days' closures.

        The window is a deque of per-day arrays; when neither today's array nor the one leaving
        the window has any element, the multiset is unchanged and so are the quantiles.
        """
        window = self.recent_resolution_days
        today = np.concatenate(resolution_days) if resolution_days else _NO_DAYS
        leaving = len(window[0]) if len(window) == window.maxlen else 0
        window.append(today)
        if len(today) or leaving:
            ordered = np.sort(np.concatenate(window)).astype(np.float64)
            self._recent_quantiles = (
                _quantile_sorted(ordered, 0.5),
                _quantile_sorted(ordered, 0.9),
            )
        return self._recent_quantiles

    def frame(self) -> pd.DataFrame:
        """The daily series: one row per day (index ``day``), columns :data:`DAILY_METRICS`."""
        values = np.array(self.rows, dtype=np.float64).reshape(len(self.rows), len(_ROW_KEYS))
        return pd.DataFrame(
            values[:, 1:],
            columns=list(DAILY_METRICS),
            index=pd.Index(values[:, 0].astype(np.int64), name="day"),
        )


def _quantile(values: NDArray[Any], q: float) -> float:
    """``np.quantile(values, q)`` (linear method), without its per-call overhead; NaN if empty."""
    return _quantile_sorted(np.sort(values).astype(np.float64), q)


def _quantile_sorted(ordered: NDArray[np.float64], q: float) -> float:
    """:func:`_quantile` of values already sorted and converted to float64."""
    n = len(ordered)
    if n == 0:
        return math.nan
    position = q * (n - 1)
    below = math.floor(position)
    above = min(below + 1, n - 1)
    a, b = float(ordered[below]), float(ordered[above])
    t = position - below
    # numpy's _lerp: interpolate from the nearer end, so the result is bit-identical
    return b - (b - a) * (1.0 - t) if t >= 0.5 else a + (b - a) * t


def _reporting_gap_60_plus(model: GovernanceModel) -> float:
    """Share of resident adults under 60 who reported in the last 90 days minus that of the 60+."""
    pop = model.population
    recent = pop.last_report_day > model.day - PARTICIPATION_WINDOW_DAYS
    resident = ~pop.migrant
    older = pop.age_band == AgeBand.AGE_60_PLUS
    young, old = resident & ~older, resident & older
    if not young.any() or not old.any():
        return math.nan
    return float(recent[young].mean() - recent[old].mean())


def _latest(name: str, model: GovernanceModel) -> float:
    return model.recorder.latest.get(name, math.nan)


def model_reporters() -> dict[str, Any]:
    """Mesa ``DataCollector`` model reporters: one named, picklable function per daily metric."""
    return {name: partial(_latest, name) for name in DAILY_METRICS}


def summarise(model: GovernanceModel) -> dict[str, float]:
    """End-of-run metrics (see ``docs/model.md`` for definitions and units)."""
    ledger = model.ledger
    pop = model.population
    recorder = model.recorder
    days = max(model.day, 1)
    closed = ledger["closed_day"] >= 0
    genuine = ledger["genuine"]
    cg = closed & genuine
    good = np.isin(ledger["outcome"], _GOOD)
    duration = ledger["closed_day"] - ledger["created_day"]
    cross = ledger["cross_department"]
    routed = ledger["routing_attempts"] > 0
    cross_closed = cg & cross & ~ledger["settled_locally"]
    n_cg = max(int(np.count_nonzero(cg)), 1)
    reports = recorder.total_reports
    total_reports = int(reports.sum()) + int(np.count_nonzero(ledger["source"] == Source.CAMERA))
    share = reports / reports.sum() if reports.sum() else np.full(len(Channel), math.nan)
    intake_12345 = reports[Channel.HOTLINE] + reports[Channel.APP]
    problems = model.problems
    resolved = int(np.count_nonzero(cg & good))
    cost = model.incentives.paid_cny + model.publicity.spent_cny
    latest = recorder.latest
    registered, monthly_active, retention = model.app_adoption.metrics(model)
    summary: dict[str, float] = {
        "days": float(model.day),
        "villagers": float(pop.size),
        "problems": float(len(problems)),
        "cases": float(len(ledger)),
        "detection_rate": (
            float(np.count_nonzero(problems["case"] >= 0) / len(problems))
            if len(problems)
            else math.nan
        ),
        "reports_per_1000_per_month": total_reports
        / max(pop.size, 1)
        * PER_THOUSAND
        * DAYS_PER_MONTH
        / days,
        **{f"channel_share_{c.label}": float(share[c]) for c in Channel},
        "hotline_phone_share_of_12345": float(reports[Channel.HOTLINE] / intake_12345)
        if intake_12345
        else math.nan,
        "genuine_share": float(np.count_nonzero(genuine) / len(ledger))
        if len(ledger)
        else math.nan,
        "resolution_rate": resolved / n_cg,
        "resolved_within_sla_share": float(
            np.count_nonzero(cg & good & (duration <= ledger["sla_days"])) / n_cg
        ),
        "local_settlement_share": float(np.count_nonzero(cg & ledger["settled_locally"]) / n_cg),
        "median_days_to_resolution": _quantile(duration[cg & good], 0.5),
        "p90_days_to_resolution": _quantile(duration[cg & good], 0.9),
        "median_days_single_department": _quantile(
            duration[cg & good & ~cross & ~ledger["settled_locally"]], 0.5
        ),
        "median_days_cross_department": _quantile(
            duration[cg & good & cross & ~ledger["settled_locally"]], 0.5
        ),
        "bounces_per_case": float(ledger["bounces"][routed].mean()) if routed.any() else math.nan,
        "order_parameter": (
            float(
                np.count_nonzero(cross_closed & good & (duration <= ledger["sla_days"]))
                / np.count_nonzero(cross_closed)
            )
            if cross_closed.any()
            else math.nan
        ),
        "escalated_share": float(ledger["escalated"].mean()) if len(ledger) else math.nan,
        "backlog_end": float(latest.get("backlog", math.nan)),
        "overdue_share": float(latest.get("overdue_share", math.nan)),
        "mean_trust": float(latest.get("mean_trust", math.nan)),
        "mean_efficacy": float(latest.get("mean_efficacy", math.nan)),
        "department_relations": float(latest.get("department_relations", math.nan)),
        "ownership_share": float(latest.get("ownership_share", math.nan)),
        "awareness_share": float(latest.get("awareness_share", math.nan)),
        "enterprise_awareness_share": float(latest.get("enterprise_awareness_share", math.nan)),
        "participation_share": float(latest.get("participation_share", math.nan)),
        "participation_gap_60_plus": float(
            latest.get("participation_share_under_60", math.nan)
            - latest.get("participation_share_60_plus", math.nan)
        ),
        "migrant_participation_share": float(latest.get("migrant_participation_share", math.nan)),
        "reporting_gap_60_plus": _reporting_gap_60_plus(model),
        "app_registered_share": registered,
        "app_monthly_active_share": monthly_active,
        "app_retention_3_months": retention,
        "grid_patrol_share": float(latest.get("grid_patrol_share", math.nan)),
        "grid_logging_share": model.settings.grid_workers.logging_minutes_per_day
        / max(model.settings.grid_workers.minutes_per_day, 1e-9),
        "points_paid_cny": model.incentives.paid_cny,
        "publicity_spent_cny": model.publicity.spent_cny,
        "cost_per_resolved_case_cny": cost / resolved if resolved else math.nan,
    }
    return summary
