"""Daily metrics: one value per simulated day, each a registered function of the day's tallies.

Each day the recorder (:class:`DailyRecorder`) writes one row of *tallies*: counts of the day's
events (:attr:`GovernanceModel.today`), running totals updated from them (cases opened and
closed, resolved within the time limit, overdue), and the population totals that the mechanisms
keep as they write their columns (trust and efficacy sums, owners, the aware, recent participants
by group). No metric passes over the case ledger or the villagers. A daily metric is a function
of a :class:`Tallies` view — arrays with one value per recorded day — so the whole daily table is
computed at once, vectorised, when it is asked for (:meth:`DailyRecorder.frame`), and the latest
row on demand (:attr:`DailyRecorder.latest`). Columns of ``RunResult.daily`` are the registered
daily metrics, in registration order.
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

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["TALLIES", "DailyRecorder", "Tallies", "model_reporters"]

DELAY_WINDOW_DAYS = 30  # rolling window of the daily median/p90 days to resolution

HIGHER, LOWER, NEUTRAL = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL
Values = NDArray[np.float64]

#: Running totals that count from the first reported day (the others are flows or stocks).
SINCE_ORIGIN = ("closed_genuine", "resolved_genuine", "resolved_within_sla", "points_paid_cny")

#: What the recorder writes each day, in column order.
TALLIES = (
    "day",
    "new_problems",
    "new_cases",
    "closures",
    *(f"reports_{c.label}" for c in Channel),
    "villager_reports",
    "genuine_reports",
    "camera_cases",
    "bounces",
    "escalations",
    "created",
    "closed",
    "closed_genuine",
    "resolved_genuine",
    "resolved_within_sla",
    "overdue_open",
    "recent_median_days",
    "recent_p90_days",
    "centre_queue",
    "department_queue",
    "trust_sum",  # resident adults' (then migrants'): Beliefs keeps them by group
    "trust_sum_migrants",
    "efficacy_sum",
    "efficacy_sum_migrants",
    "owners",
    "owners_migrants",
    "aware",
    "firms_aware",
    "relations_sum",
    "diligence_sum",
    "closure_gaming_sum",
    "rating_pressure_sum",
    "participating_under_60",
    "participating_60_plus",
    "participating_migrant",
    "reporting_under_60",
    "reporting_60_plus",
    "reporting_migrant",
    "attending_under_60",
    "attending_60_plus",
    "attending_migrant",
    "app_registered",
    "app_monthly_active",
    "patrol_minutes",
    "gaming_sum",
    "points_paid_cny",
)
_COLUMN = {name: k for k, name in enumerate(TALLIES)}
_SINCE_ORIGIN = [_COLUMN[name] for name in SINCE_ORIGIN]


class Tallies:
    """The recorded tallies as arrays over days (or one day), and the run's fixed denominators.

    ``tallies.trust_sum`` is the column of that name (:data:`TALLIES`; ``trust_sum``,
    ``efficacy_sum`` and ``owners`` are resident adults', the ``_migrants`` columns migrants');
    ``adults``, ``firms``, ``departments``, ``grid_workers``, ``working_minutes`` and the group
    sizes ``residents``, ``under_60``, ``aged_60_plus``, ``migrants`` (resident adults, resident
    adults under 60, resident 60+, migrants) are numbers.
    """

    def __init__(self, rows: NDArray[np.float64], sizes: dict[str, float]) -> None:
        self._rows = rows
        self.__dict__.update(sizes)

    def __getattr__(self, name: str) -> Values:
        try:
            column: Values = self._rows[:, _COLUMN[name]]
        except KeyError:
            raise AttributeError(f"no tally {name!r}") from None
        return column


def ratio(numerator: Values | float, denominator: Values | float) -> Values:
    """``numerator / denominator``, NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


# -- flows of the day ---------------------------------------------------------------------------


@daily_metric(unit="problems/day", direction=NEUTRAL, group=Group.HANDLING)
def new_problems(t: Tallies) -> Values:
    """Problems that arose today."""
    return t.new_problems


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def new_cases(t: Tallies) -> Values:
    """Cases opened today (genuine, trivial and inflated)."""
    return t.new_cases


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def closures(t: Tallies) -> Values:
    """Cases closed today."""
    return t.closures


@daily_metric(unit="open cases", direction=LOWER, group=Group.HANDLING)
def backlog(t: Tallies) -> Values:
    """Open cases at the end of the day (opened − closed)."""
    return t.created - t.closed


def _reports_on(channel: Channel, t: Tallies) -> Values:
    values: Values = getattr(t, f"reports_{channel.label}")
    return values


for _channel in Channel:
    DAILY.add(
        Metric(
            name=f"reports_{_channel.label}",
            unit="reports/day",
            direction=NEUTRAL,
            group=Group.PARTICIPATION,
            description=f"Reports made through the {_channel.label.replace('_', ' ')} channel "
            "today (duplicates, grid workers' own and trivial reports included).",
            kind="daily",
            function=partial(_reports_on, _channel),
        )
    )


@daily_metric(unit="reports/day", direction=HIGHER, group=Group.PARTICIPATION)
def villager_reports(t: Tallies) -> Values:
    """Reports villagers made today (any channel; duplicates and trivial reports included)."""
    return t.villager_reports


@daily_metric(unit="reports/day", direction=HIGHER, group=Group.PARTICIPATION)
def genuine_reports(t: Tallies) -> Values:
    """Reports of real problems made today (villagers, grid workers, firms, cameras)."""
    return t.genuine_reports


@daily_metric(unit="cases/day", direction=NEUTRAL, group=Group.HANDLING)
def camera_cases(t: Tallies) -> Values:
    """Cases opened today from camera detections."""
    return t.camera_cases


@daily_metric(unit="bounces/day", direction=LOWER, group=Group.HANDLING)
def bounces(t: Tallies) -> Values:
    """Cases sent back today by a department that was not the right one, or passed back."""
    return t.bounces


@daily_metric(unit="cases/day", direction=LOWER, group=Group.HANDLING)
def escalations(t: Tallies) -> Values:
    """Cases escalated today for being open past the escalation threshold."""
    return t.escalations


# -- running rates and delays -------------------------------------------------------------------


@daily_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolution_rate(t: Tallies) -> Values:
    """Genuine cases closed so far that were resolved or settled (cumulative)."""
    return ratio(t.resolved_genuine, t.closed_genuine)


@daily_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolved_within_sla_share(t: Tallies) -> Values:
    """Genuine cases closed so far that were resolved within their time limit (cumulative)."""
    return ratio(t.resolved_within_sla, t.closed_genuine)


@daily_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def median_days_to_resolution(t: Tallies) -> Values:
    """Median days to resolution of genuine cases resolved in the last 30 days."""
    return t.recent_median_days


@daily_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def p90_days_to_resolution(t: Tallies) -> Values:
    """90th percentile of days to resolution of genuine cases resolved in the last 30 days."""
    return t.recent_p90_days


@daily_metric(unit="share of open cases", direction=LOWER, group=Group.HANDLING)
def overdue_share(t: Tallies) -> Values:
    """Open cases past their time limit (0 when nothing is open)."""
    return np.nan_to_num(ratio(t.overdue_open, t.created - t.closed), nan=0.0)


@daily_metric(unit="cases", direction=LOWER, group=Group.HANDLING)
def centre_queue(t: Tallies) -> Values:
    """Cases waiting to be dispatched by the governance centre."""
    return t.centre_queue


@daily_metric(unit="cases", direction=LOWER, group=Group.HANDLING)
def department_queue(t: Tallies) -> Values:
    """Cases waiting in departments' queues."""
    return t.department_queue


# -- population state (kept by the mechanisms that write it) -------------------------------------


@daily_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_trust(t: Tallies) -> Values:
    """Resident adults' mean trust in the governance system."""
    return ratio(t.trust_sum, t.residents)


@daily_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_efficacy(t: Tallies) -> Values:
    """Resident adults' mean sense that reporting makes a difference."""
    return ratio(t.efficacy_sum, t.residents)


@daily_metric(unit="0-1", direction=HIGHER, group=Group.COLLABORATION)
def department_relations(t: Tallies) -> Values:
    """Departments' mean working relations."""
    return ratio(t.relations_sum, t.departments)


@daily_metric(unit="0-1", direction=HIGHER, group=Group.COLLABORATION)
def department_diligence(t: Tallies) -> Values:
    """Departments' mean diligence: effort on resolving cases, as their appraisal rewards it."""
    return ratio(t.diligence_sum, t.departments)


@daily_metric(unit="share", direction=LOWER, group=Group.COLLABORATION)
def department_closure_gaming(t: Tallies) -> Values:
    """Departments' mean share of genuine cases they close unresolved and report resolved."""
    return ratio(t.closure_gaming_sum, t.departments)


@daily_metric(unit="share", direction=LOWER, group=Group.COLLABORATION)
def department_rating_pressure(t: Tallies) -> Values:
    """Departments' mean share of raters they press for a good rating."""
    return ratio(t.rating_pressure_sum, t.departments)


@daily_metric(unit="share of resident adults", direction=HIGHER, group=Group.PARTICIPATION)
def ownership_share(t: Tallies) -> Values:
    """Resident adults who see themselves as a subject of governance."""
    return ratio(t.owners, t.residents)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def awareness_share(t: Tallies) -> Values:
    """Adults aware of the governance policy."""
    return ratio(t.aware, t.adults)


@daily_metric(unit="share of enterprises", direction=HIGHER, group=Group.PARTICIPATION)
def enterprise_awareness_share(t: Tallies) -> Values:
    """Enterprises aware of the governance policy."""
    return ratio(t.firms_aware, t.firms)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def participation_share(t: Tallies) -> Values:
    """Adults who reported or attended a meeting in the last 90 days."""
    total = t.participating_under_60 + t.participating_60_plus + t.participating_migrant
    return ratio(total, t.adults)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def reporting_share(t: Tallies) -> Values:
    """Adults who reported a problem in the last 90 days."""
    total = t.reporting_under_60 + t.reporting_60_plus + t.reporting_migrant
    return ratio(total, t.adults)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def attendance_share(t: Tallies) -> Values:
    """Adults who attended a village meeting (in person or livestreamed) in the last 90 days."""
    total = t.attending_under_60 + t.attending_60_plus + t.attending_migrant
    return ratio(total, t.adults)


@daily_metric(unit="share of resident adults under 60", direction=HIGHER, group=Group.EQUITY)
def participation_share_under_60(t: Tallies) -> Values:
    """Resident adults under 60 who reported or attended a meeting in the last 90 days."""
    return ratio(t.participating_under_60, t.under_60)


@daily_metric(unit="share of resident adults 60+", direction=HIGHER, group=Group.EQUITY)
def participation_share_60_plus(t: Tallies) -> Values:
    """Resident adults aged 60+ who reported or attended a meeting in the last 90 days."""
    return ratio(t.participating_60_plus, t.aged_60_plus)


@daily_metric(unit="share of resident adults under 60", direction=HIGHER, group=Group.EQUITY)
def reporting_share_under_60(t: Tallies) -> Values:
    """Resident adults under 60 who reported in the last 90 days."""
    return ratio(t.reporting_under_60, t.under_60)


@daily_metric(unit="share of resident adults 60+", direction=HIGHER, group=Group.EQUITY)
def reporting_share_60_plus(t: Tallies) -> Values:
    """Resident adults aged 60+ who reported in the last 90 days."""
    return ratio(t.reporting_60_plus, t.aged_60_plus)


@daily_metric(unit="share of resident adults under 60", direction=HIGHER, group=Group.EQUITY)
def attendance_share_under_60(t: Tallies) -> Values:
    """Resident adults under 60 who attended a village meeting in the last 90 days."""
    return ratio(t.attending_under_60, t.under_60)


@daily_metric(unit="share of resident adults 60+", direction=HIGHER, group=Group.EQUITY)
def attendance_share_60_plus(t: Tallies) -> Values:
    """Resident adults aged 60+ who attended a village meeting in the last 90 days."""
    return ratio(t.attending_60_plus, t.aged_60_plus)


@daily_metric(unit="share of migrant adults", direction=HIGHER, group=Group.EQUITY)
def migrant_participation_share(t: Tallies) -> Values:
    """Migrant adults who reported or attended (by livestream) in the last 90 days."""
    return ratio(t.participating_migrant, t.migrants)


@daily_metric(unit="0-1", direction=HIGHER, group=Group.EQUITY)
def mean_trust_migrants(t: Tallies) -> Values:
    """Migrant adults' mean trust in the governance system."""
    return ratio(t.trust_sum_migrants, t.migrants)


@daily_metric(unit="0-1", direction=HIGHER, group=Group.EQUITY)
def mean_efficacy_migrants(t: Tallies) -> Values:
    """Migrant adults' mean sense that reporting makes a difference."""
    return ratio(t.efficacy_sum_migrants, t.migrants)


@daily_metric(unit="share of migrant adults", direction=HIGHER, group=Group.EQUITY)
def ownership_share_migrants(t: Tallies) -> Values:
    """Migrant adults who see themselves as a subject of governance."""
    return ratio(t.owners_migrants, t.migrants)


@daily_metric(unit="share of adults", direction=HIGHER, group=Group.PLATFORM)
def app_registered_share(t: Tallies) -> Values:
    """Adults registered on the government app."""
    return np.nan_to_num(ratio(t.app_registered, t.adults), nan=0.0)


@daily_metric(unit="share of registered users", direction=HIGHER, group=Group.PLATFORM)
def app_monthly_active_share(t: Tallies) -> Values:
    """Registered users who are active and used the app in the last 30 days (0 before any)."""
    return np.nan_to_num(ratio(t.app_monthly_active, t.app_registered), nan=0.0)


@daily_metric(unit="share of working time", direction=HIGHER, group=Group.PLATFORM)
def grid_patrol_share(t: Tallies) -> Values:
    """Grid workers' mean patrol minutes ÷ working minutes."""
    return np.nan_to_num(ratio(t.patrol_minutes, t.grid_workers * t.working_minutes), nan=0.0)


@daily_metric(unit="share", direction=LOWER, group=Group.PLATFORM)
def grid_worker_gaming(t: Tallies) -> Values:
    """Grid workers' mean gaming: the share of the trivial reports their integrity allows they file.

    Learnt from their appraisal (:mod:`govsim.processes.grid_work`).
    """
    return ratio(t.gaming_sum, t.grid_workers)


@daily_metric(unit="CNY (cumulative)", direction=LOWER, group=Group.COST)
def points_paid_cny(t: Tallies) -> Values:
    """Points paid to villagers so far."""
    return t.points_paid_cny


class DailyRecorder:
    """Writes one row of tallies per day; computes the daily metrics from them.

    The running totals are updated from the day's events (:attr:`GovernanceModel.today`):
    cases opened and closed, genuine closures resolved and resolved within the time limit,
    cases becoming overdue and overdue cases closing, and the days to resolution of the last
    ``DELAY_WINDOW_DAYS`` days' resolutions (their median and 90th percentile are recomputed
    only on days the window changes).
    """

    def __init__(self, model: GovernanceModel) -> None:
        self.metrics = list(DAILY)
        self.names = [metric.name for metric in self.metrics]
        self._rows: list[tuple[float, ...]] = []
        self._tallies_table = np.zeros((0, len(TALLIES)))
        self._latest: tuple[int, dict[str, float]] = (0, {})
        sizes = model.participation.group_sizes
        self.sizes = {
            "adults": float(model.population.size),
            "firms": float(model.enterprises.size),
            "departments": float(model.departments.size),
            "grid_workers": float(model.grid_workers.size),
            "working_minutes": float(model.settings.grid_workers.minutes_per_day),
            "residents": float(sizes[0] + sizes[1]),
            "under_60": float(sizes[0]),
            "aged_60_plus": float(sizes[1]),
            "migrants": float(sizes[2]),
        }
        self.created = 0
        self.closed = 0
        self.closed_genuine = 0
        self.resolved_genuine = 0
        self.resolved_within_sla = 0
        self.overdue_open = 0
        self.recent_resolution_days: deque[NDArray[np.int64]] = deque(maxlen=DELAY_WINDOW_DAYS)
        self.recent_histogram = np.zeros(64, dtype=np.int64)  # resolutions in the window, by days
        self.recent_quantiles = (math.nan, math.nan)
        self.total_reports = np.zeros(len(Channel), dtype=np.int64)
        self.origin_row = 0  # the first reported row (after the spin-up)
        self.origin_day = 0
        self.at_origin: tuple[float, ...] | None = None  # the last spin-up row

    def begin(self, day: int) -> None:
        """The reported days begin on ``day``: rows before it are the spin-up's.

        The daily series then starts there (day 0 = ``day``), and the running totals of
        closures, resolutions and points paid count from it; stocks (backlog, overdue, queues,
        beliefs) carry on, as they are states of the county.
        """
        self.origin_row = len(self._rows)
        self.origin_day = day
        self.at_origin = self._rows[-1] if self._rows else None
        self._tallies_table = np.zeros((0, len(TALLIES)))  # the spin-up's rows are not reported
        self._latest = (0, {})

    def record(self, model: GovernanceModel) -> None:
        """Update the running totals from today's events and write today's row of tallies."""
        today = model.today
        self.created += len(today.opened)
        closures = today.closures
        if len(closures):
            self.closed += len(closures)
            genuine = closures.genuine
            good = genuine & closures.good
            self.closed_genuine += int(np.count_nonzero(genuine))
            self.resolved_genuine += int(np.count_nonzero(good))
            self.resolved_within_sla += int(np.count_nonzero(good & closures.in_time))
            self.overdue_open -= int(np.count_nonzero(closures.overdue))
            self._update_window(closures.days[good])
        else:
            self._update_window(_NO_DAYS)
        self.overdue_open += len(today.deadlines.overdue)
        reports = [0] * len(Channel)
        real_reports = 0
        for batch in today.filings:
            if len(batch):
                real_reports += int(np.count_nonzero(batch.problem >= 0))
                for channel, count in enumerate(
                    np.bincount(batch.channel[batch.channel >= 0], minlength=len(Channel)).tolist()
                ):
                    reports[channel] += count
        if any(reports):
            self.total_reports += reports
        found = today.found
        cameras = int(np.count_nonzero(found.source == Source.CAMERA)) if len(found) else 0
        p = model.participation
        participating, reporting, attending = (
            p.participating.count,
            p.reporting.count,
            p.attending.count,
        )
        row = (
            today.day,
            len(today.new_problems),
            len(today.opened),
            len(closures),
            *reports,
            len(today.reports),
            real_reports,
            cameras,
            today.dispatch.bounced,
            len(today.deadlines.escalated),
            self.created,
            self.closed,
            self.closed_genuine,
            self.resolved_genuine,
            self.resolved_within_sla,
            self.overdue_open,
            *self.recent_quantiles,
            model.centre.waiting,
            model.processing.queued_total,
            *model.beliefs.trust_sums.tolist(),
            *model.beliefs.efficacy_sums.tolist(),
            *model.beliefs.owners.tolist(),
            model.awareness.aware_count,
            model.awareness.firms_aware,
            model.relations.relations_sum,
            *model.accountability.sums,
            *participating.tolist(),
            *reporting.tolist(),
            *attending.tolist(),
            len(model.app_adoption.registered),
            model.app_adoption.monthly_active,
            model.grid_work.patrol_total,
            model.grid_work.gaming_sum,
            model.incentives.paid_cny,
        )
        self._rows.append(row)

    def _update_window(self, today: NDArray[np.int64]) -> None:
        """Slide the window of resolutions; recompute its quantiles only if it changed.

        Days to resolution are whole days, so the window is a histogram; its median and 90th
        percentile are read from the cumulative counts (linear interpolation, as numpy's
        default quantile).
        """
        window = self.recent_resolution_days
        leaving = window[0] if len(window) == window.maxlen else _NO_DAYS
        window.append(today)
        if not len(today) and not len(leaving):
            return  # the window's multiset is unchanged
        histogram = self.recent_histogram
        if len(today):
            top = int(today.max())
            if top >= len(histogram):
                histogram = self.recent_histogram = np.concatenate(
                    (
                        histogram,
                        np.zeros(max(top + 1, 2 * len(histogram)) - len(histogram), dtype=np.int64),
                    )
                )
            np.add.at(histogram, today, 1)
        if len(leaving):
            np.subtract.at(histogram, leaving, 1)
        cumulative = np.cumsum(histogram)
        n = int(cumulative[-1])
        if n == 0:
            self.recent_quantiles = (math.nan, math.nan)
            return
        values = []
        for q in (0.5, 0.9):
            position = q * (n - 1)
            below = math.floor(position)
            above = min(below + 1, n - 1)
            low, high = np.searchsorted(cumulative, (below, above), side="right").tolist()
            values.append(low + (high - low) * (position - below))
        self.recent_quantiles = (values[0], values[1])

    def _table(self, rows: list[tuple[float, ...]]) -> NDArray[np.float64]:
        table = np.array(rows, dtype=np.float64).reshape(len(rows), len(TALLIES))
        if self.origin_row or self.at_origin is not None:  # reported rows: day 0 at the origin
            table[:, 0] -= self.origin_day
            if self.at_origin is not None:
                start = np.array(self.at_origin, dtype=np.float64)[_SINCE_ORIGIN]
                table[:, _SINCE_ORIGIN] -= start
        return table

    @property
    def tallies(self) -> Tallies:
        """The tallies of every reported day (the table grows with the days asked for)."""
        table = self._tallies_table
        reported = self._rows[self.origin_row :]
        if len(table) != len(reported):
            new = self._table(reported[len(table) :])
            table = self._tallies_table = np.concatenate((table, new)) if len(table) else new
        return Tallies(table, self.sizes)

    @property
    def days(self) -> list[int]:
        """The reported days (0 = the first after the spin-up)."""
        return [int(row[0]) - self.origin_day for row in self._rows[self.origin_row :]]

    @property
    def latest(self) -> dict[str, float]:
        """The last recorded day's metrics by name (empty before the first day)."""
        count = len(self._rows)
        if self._latest[0] != count:
            if count <= self.origin_row:
                return {}
            last = Tallies(self._table(self._rows[-1:]), self.sizes)
            values = {m.name: float(np.asarray(m.function(last))[0]) for m in self.metrics}
            self._latest = (count, values)
        return self._latest[1]

    def frame(self) -> pd.DataFrame:
        """The daily series: one row per day (index ``day``), one column per daily metric."""
        t = self.tallies
        table = t._rows
        n = len(table)
        columns = {
            m.name: np.broadcast_to(np.asarray(m.function(t), dtype=np.float64), (n,))
            for m in self.metrics
        }
        return pd.DataFrame(columns, index=pd.Index(table[:, 0].astype(np.int64), name="day"))


_NO_DAYS = np.zeros(0, dtype=np.int64)


def _latest(name: str, model: Any) -> float:
    return float(model.recorder.latest.get(name, math.nan))


def model_reporters() -> dict[str, Any]:
    """Mesa ``DataCollector`` model reporters: one picklable function per daily metric."""
    return {name: partial(_latest, name) for name in DAILY.names()}
