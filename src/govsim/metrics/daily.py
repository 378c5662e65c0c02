"""Daily metrics: one value per simulated day, each a registered function of a :class:`DayView`.

The recorder (:class:`DailyRecorder`) keeps running totals that are updated from each day's
events (cases created and closed, resolved within the time limit, overdue cases), so no metric
passes over the case ledger; population shares are kept by the mechanisms that write the columns
(beliefs, awareness, participation), so no metric passes over the villagers either.
Columns of ``RunResult.daily`` are the registered daily metrics, in registration order.
"""

from __future__ import annotations

import math
from collections import deque
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.metrics.registry import DAILY, Direction, Group, Metric, daily_metric
from govsim.processes.participation import GROUPS, RecentCounter

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["DailyRecorder", "DayView", "model_reporters"]

DELAY_WINDOW_DAYS = 30  # rolling window of the daily median/p90 days to resolution

HIGHER, LOWER, NEUTRAL = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL
_NO_DAYS = np.zeros(0, dtype=np.int64)


class DayView:
    """What daily metrics read: the model after the day's step, the day's counts, running totals.

    ``reports`` counts the day's reports by channel: villagers' (duplicates included), grid
    workers' own finds and trivial reports (grid-worker channel) and firms' (hotline); camera
    finds have no channel.
    """

    def __init__(self, model: GovernanceModel, recorder: DailyRecorder) -> None:
        self.model = model
        self.today = model.today
        self.totals = recorder
        self.reports = recorder.today_reports


# -- flows of the day ---------------------------------------------------------------------------


@daily_metric(unit="problems/day", direction=NEUTRAL, group=Group.HANDLING)
def new_problems(day: DayView) -> float:
    """Problems that arose today."""
    return len(day.today.new_problems)


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def new_cases(day: DayView) -> float:
    """Cases opened today (genuine, trivial and inflated)."""
    return len(day.today.opened)


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def closures(day: DayView) -> float:
    """Cases closed today."""
    return len(day.today.closures)


@daily_metric(unit="open cases", direction=LOWER, group=Group.HANDLING)
def backlog(day: DayView) -> float:
    """Open cases at the end of the day (created − closed)."""
    return day.totals.created - day.totals.closed


def _reports_on(channel: Channel, day: DayView) -> float:
    return float(day.reports[channel])


for _channel in Channel:
    DAILY.add(
        Metric(
            name=f"reports_{_channel.label}",
            unit="reports/day",
            direction=NEUTRAL,
            group=Group.PARTICIPATION,
            description=f"Reports made through the {_channel.label.replace('_', ' ')} channel "
            "today (duplicates included).",
            kind="daily",
            function=partial(_reports_on, _channel),
        )
    )


@daily_metric(unit="reports/day", direction=HIGHER, group=Group.PARTICIPATION)
def villager_reports(day: DayView) -> float:
    """Reports villagers made today (any channel; duplicates and trivial reports included)."""
    return len(day.today.reports)


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def camera_cases(day: DayView) -> float:
    """Cases opened today from camera detections."""
    found = day.today.found
    return int(np.count_nonzero(found.source == Source.CAMERA)) if len(found) else 0


@daily_metric(unit="bounces/day", direction=LOWER, group=Group.HANDLING)
def bounces(day: DayView) -> float:
    """Cases sent back today by a department that was not the right one, or passed back."""
    return day.today.dispatch.bounced


@daily_metric(unit="cases/day", direction=LOWER, group=Group.HANDLING)
def escalations(day: DayView) -> float:
    """Cases escalated today for being open past the escalation threshold."""
    return len(day.today.deadlines.escalated)


# -- running rates and delays -------------------------------------------------------------------


@daily_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolution_rate(day: DayView) -> float:
    """Genuine cases closed so far that were resolved or settled (cumulative)."""
    closed = day.totals.closed_genuine
    return day.totals.resolved_genuine / closed if closed else math.nan


@daily_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolved_within_sla_share(day: DayView) -> float:
    """Genuine cases closed so far that were resolved within their time limit (cumulative)."""
    closed = day.totals.closed_genuine
    return day.totals.resolved_within_sla / closed if closed else math.nan


@daily_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def median_days_to_resolution(day: DayView) -> float:
    """Median days to resolution of genuine cases resolved in the last 30 days."""
    return day.totals.recent_quantiles[0]


@daily_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def p90_days_to_resolution(day: DayView) -> float:
    """90th percentile of days to resolution of genuine cases resolved in the last 30 days."""
    return day.totals.recent_quantiles[1]


@daily_metric(unit="share of open cases", direction=LOWER, group=Group.HANDLING)
def overdue_share(day: DayView) -> float:
    """Open cases past their time limit."""
    open_cases = day.totals.created - day.totals.closed
    return day.totals.overdue_open / open_cases if open_cases else 0.0


@daily_metric(unit="cases", direction=LOWER, group=Group.HANDLING)
def centre_queue(day: DayView) -> float:
    """Cases waiting to be dispatched by the governance centre."""
    return len(day.model.centre.queue)


@daily_metric(unit="cases", direction=LOWER, group=Group.HANDLING)
def department_queue(day: DayView) -> float:
    """Cases waiting in departments' queues."""
    return int(np.add.reduce(day.model.departments.queued))


# -- population state (kept by the mechanisms that write it; no pass over villagers) -----------


def _share(count: int | np.integer[Any], n: int | np.integer[Any]) -> float:
    return int(count) / int(n) if n else math.nan


@daily_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_trust(day: DayView) -> float:
    """Adults' mean trust in the governance system."""
    n = day.model.population.size
    return day.model.beliefs.trust_sum / n if n else math.nan


@daily_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_efficacy(day: DayView) -> float:
    """Adults' mean sense that reporting makes a difference."""
    n = day.model.population.size
    return day.model.beliefs.efficacy_sum / n if n else math.nan


@daily_metric(unit="0-1", direction=HIGHER, group=Group.COLLABORATION)
def department_relations(day: DayView) -> float:
    """Departments' mean working relations."""
    relations = day.model.departments.relations
    return float(np.add.reduce(relations)) / len(relations)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def ownership_share(day: DayView) -> float:
    """Adults who see themselves as a subject of governance."""
    return _share(day.model.beliefs.owners, day.model.population.size)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def awareness_share(day: DayView) -> float:
    """Adults aware of the governance policy."""
    return _share(day.model.awareness.aware_count, day.model.population.size)


@daily_metric(unit="share of enterprises", direction=HIGHER, group=Group.PARTICIPATION)
def enterprise_awareness_share(day: DayView) -> float:
    """Enterprises aware of the governance policy."""
    firms = day.model.enterprises
    return _share(np.count_nonzero(firms.aware), firms.size)


def _recent(counter: RecentCounter, groups: tuple[int, ...], sizes: NDArray[np.int64]) -> float:
    return _share(sum(int(counter.count[g]) for g in groups), sum(int(sizes[g]) for g in groups))


_EVERYONE = tuple(range(len(GROUPS)))
_UNDER_60, _AGED_60_PLUS, _MIGRANT = (0,), (1,), (2,)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def participation_share(day: DayView) -> float:
    """Adults who reported or attended a meeting in the last 90 days."""
    p = day.model.participation
    return _recent(p.participating, _EVERYONE, p.group_sizes)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def reporting_share(day: DayView) -> float:
    """Adults who reported a problem in the last 90 days."""
    p = day.model.participation
    return _recent(p.reporting, _EVERYONE, p.group_sizes)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def attendance_share(day: DayView) -> float:
    """Adults who attended a village meeting (in person or livestreamed) in the last 90 days."""
    p = day.model.participation
    return _recent(p.attending, _EVERYONE, p.group_sizes)


@daily_metric(unit="share of resident adults under 60", direction=HIGHER, group=Group.EQUITY)
def participation_share_under_60(day: DayView) -> float:
    """Resident adults under 60 who reported or attended a meeting in the last 90 days."""
    p = day.model.participation
    return _recent(p.participating, _UNDER_60, p.group_sizes)


@daily_metric(unit="share of resident adults 60+", direction=HIGHER, group=Group.EQUITY)
def participation_share_60_plus(day: DayView) -> float:
    """Resident adults aged 60+ who reported or attended a meeting in the last 90 days."""
    p = day.model.participation
    return _recent(p.participating, _AGED_60_PLUS, p.group_sizes)


@daily_metric(unit="share of resident adults under 60", direction=HIGHER, group=Group.EQUITY)
def reporting_share_under_60(day: DayView) -> float:
    """Resident adults under 60 who reported in the last 90 days."""
    p = day.model.participation
    return _recent(p.reporting, _UNDER_60, p.group_sizes)


@daily_metric(unit="share of resident adults 60+", direction=HIGHER, group=Group.EQUITY)
def reporting_share_60_plus(day: DayView) -> float:
    """Resident adults aged 60+ who reported in the last 90 days."""
    p = day.model.participation
    return _recent(p.reporting, _AGED_60_PLUS, p.group_sizes)


@daily_metric(unit="share of migrant adults", direction=HIGHER, group=Group.EQUITY)
def migrant_participation_share(day: DayView) -> float:
    """Migrant adults who reported or attended (by livestream) in the last 90 days."""
    p = day.model.participation
    return _recent(p.participating, _MIGRANT, p.group_sizes)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PLATFORM)
def app_registered_share(day: DayView) -> float:
    """Adults registered on the government app."""
    return day.model.app_adoption.registered_share()


@daily_metric(unit="share of registered users", direction=HIGHER, group=Group.PLATFORM)
def app_monthly_active_share(day: DayView) -> float:
    """Registered users who are active and used the app in the last 30 days."""
    return day.model.app_adoption.monthly_active_share(day.today.day)


@daily_metric(unit="share of working time", direction=HIGHER, group=Group.PLATFORM)
def grid_patrol_share(day: DayView) -> float:
    """Grid workers' mean patrol minutes ÷ working minutes."""
    workers = day.model.grid_workers
    minutes = day.model.settings.grid_workers.minutes_per_day
    if not workers.size or not minutes:
        return 0.0
    return float(np.add.reduce(workers.patrol_minutes)) / workers.size / minutes


@daily_metric(unit="CNY (cumulative)", direction=LOWER, group=Group.COST)
def points_paid_cny(day: DayView) -> float:
    """Points paid to villagers so far."""
    return day.model.incentives.paid_cny


class DailyRecorder:
    """Computes one row of the registered daily metrics per day, and keeps running totals.

    The totals are updated from the day's events (:attr:`GovernanceModel.today`): cases opened
    and closed, genuine closures resolved and resolved within the time limit, cases becoming
    overdue and overdue cases closing, reports by channel, and the days to resolution of the
    last ``DELAY_WINDOW_DAYS`` days' resolutions.
    """

    def __init__(self, model: GovernanceModel) -> None:
        self.metrics = list(DAILY)
        self.names = [metric.name for metric in self.metrics]
        self.rows: list[list[float]] = []
        self.days: list[int] = []
        self._latest: tuple[int, dict[str, float]] = (0, {})
        self.created = 0
        self.closed = 0
        self.closed_genuine = 0
        self.resolved_genuine = 0
        self.resolved_within_sla = 0
        self.overdue_open = 0
        self.recent_resolution_days: deque[NDArray[np.int64]] = deque(maxlen=DELAY_WINDOW_DAYS)
        self.recent_quantiles = (math.nan, math.nan)
        self.today_reports = np.zeros(len(Channel), dtype=np.int64)
        self.total_reports = np.zeros(len(Channel), dtype=np.int64)

    @property
    def latest(self) -> dict[str, float]:
        """The last recorded row by metric name (empty before the first day)."""
        if self._latest[0] != len(self.rows):
            self._latest = (len(self.rows), dict(zip(self.names, self.rows[-1], strict=True)))
        return self._latest[1]

    def record(self, model: GovernanceModel) -> None:
        """Update the running totals from today's events and store today's row."""
        today = model.today
        self.created += len(today.opened)
        closures = today.closures
        resolved = _NO_DAYS
        if len(closures):
            self.closed += len(closures)
            genuine = closures.genuine
            good = genuine & closures.good
            self.closed_genuine += int(np.count_nonzero(genuine))
            self.resolved_genuine += int(np.count_nonzero(good))
            self.resolved_within_sla += int(np.count_nonzero(good & closures.in_time))
            self.overdue_open -= int(np.count_nonzero(closures.overdue))
            resolved = closures.days[good]
        self.overdue_open += len(today.deadlines.overdue)
        self._update_window(resolved)
        reports = self.today_reports
        reports[:] = 0
        for batch in today.filings:
            if len(batch):
                channel = batch.channel[batch.channel >= 0]
                reports += np.bincount(channel, minlength=len(Channel))
        self.total_reports += reports
        view = DayView(model, self)
        self.days.append(today.day)
        self.rows.append([float(metric.function(view)) for metric in self.metrics])

    def _update_window(self, today: NDArray[np.int64]) -> None:
        """Median and p90 days to resolution over the last ``DELAY_WINDOW_DAYS`` days' closures."""
        window = self.recent_resolution_days
        leaving = len(window[0]) if len(window) == window.maxlen else 0
        window.append(today)
        if len(today) or leaving:  # otherwise the window's multiset is unchanged
            recent = np.concatenate(window)
            self.recent_quantiles = (
                (float(np.quantile(recent, 0.5)), float(np.quantile(recent, 0.9)))
                if len(recent)
                else (math.nan, math.nan)
            )

    def frame(self) -> pd.DataFrame:
        """The daily series: one row per day (index ``day``), one column per daily metric."""
        values = np.array(self.rows, dtype=np.float64).reshape(len(self.rows), len(self.names))
        return pd.DataFrame(
            values, columns=self.names, index=pd.Index(np.array(self.days), name="day")
        )


def _latest(name: str, model: Any) -> float:
    return float(model.recorder.latest.get(name, math.nan))


def model_reporters() -> dict[str, Any]:
    """Mesa ``DataCollector`` model reporters: one picklable function per daily metric."""
    return {name: partial(_latest, name) for name in DAILY.names()}
