"""Summary metrics: one value per run, each a registered function of a :class:`RunView`.

Rates are over *genuine* cases (trivial and inflated reports are counted by ``genuine_share``);
stocks (trust, ownership, awareness, ...) are the last recorded day's values. Definitions and
units are in ``docs/model.md`` §4.11; the registry (:mod:`govsim.metrics.registry`) carries each
one's unit, desirable direction and report group.
"""

from __future__ import annotations

import math
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Outcome, Source
from govsim.metrics.registry import (
    SUMMARY,
    Direction,
    Group,
    Metric,
    summary_metric,
)
from govsim.metrics.repeat_reporting import RepeatReporting, repeat_reporting

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["RunView", "summarise"]

DAYS_PER_MONTH = 30.0
PER_THOUSAND = 1000.0
_GOOD = (Outcome.RESOLVED, Outcome.SETTLED_LOCALLY)

HIGHER, LOWER, NEUTRAL = Direction.HIGHER, Direction.LOWER, Direction.NEUTRAL


def quantile(values: NDArray[Any], q: float) -> float:
    """``np.quantile(values, q)`` (linear interpolation), NaN when there are no values."""
    if len(values) == 0:
        return math.nan
    return float(np.quantile(values, q))


class StoreWindow:
    """The rows of an append-only column store from ``start`` on: the reported ones.

    Cases, problems and reports are appended in the order they arise, so the reported days'
    rows (after the spin-up) are a slice: ``window["column"]`` is a view of the store's column.
    """

    def __init__(self, store: Any, start: int) -> None:
        self.store = store
        self.start = start

    def __getitem__(self, name: str) -> Any:
        return self.store[name][self.start :]

    def __len__(self) -> int:
        return len(self.store) - self.start


class RunView:
    """What summary metrics read: the model at the end of a run, with ledger masks cached.

    ``ledger`` and ``problems`` hold the cases and problems of the reported days (those that
    arose after the spin-up); ``days`` is the number of reported days (at least 1).
    """

    def __init__(self, model: GovernanceModel) -> None:
        self.model = model
        self.ledger = StoreWindow(model.ledger, model.first_case)
        self.problems = StoreWindow(model.problems, model.first_problem)
        self.days = max(model.reported_days, 1)
        self.latest = model.recorder.latest

    def last(self, name: str) -> float:
        """The last recorded value of daily metric ``name`` (NaN before the first day)."""
        return float(self.latest.get(name, math.nan))

    @cached_property
    def closed_genuine(self) -> NDArray[np.bool_]:
        """Closed genuine cases."""
        mask: NDArray[np.bool_] = (self.ledger["closed_day"] >= 0) & self.ledger["genuine"]
        return mask

    @cached_property
    def good(self) -> NDArray[np.bool_]:
        """Cases resolved by a department or settled in the village."""
        return np.isin(self.ledger["outcome"], _GOOD)

    @cached_property
    def duration(self) -> NDArray[np.int64]:
        """Days from creation to closure (meaningless while open)."""
        closed: NDArray[np.int64] = self.ledger["closed_day"].astype(np.int64)
        days: NDArray[np.int64] = closed - self.ledger["created_day"]
        return days

    @cached_property
    def in_time(self) -> NDArray[np.bool_]:
        """Closed within the case's time limit."""
        in_time: NDArray[np.bool_] = self.duration <= self.ledger["sla_days"]
        return in_time

    @cached_property
    def n_closed_genuine(self) -> int:
        """Number of closed genuine cases (at least 1, as a denominator)."""
        return max(int(np.count_nonzero(self.closed_genuine)), 1)

    @cached_property
    def resolved(self) -> NDArray[np.bool_]:
        """Closed genuine cases resolved or settled."""
        mask: NDArray[np.bool_] = self.closed_genuine & self.good
        return mask

    @cached_property
    def repeat(self) -> RepeatReporting:
        """First reporters by outcome and who of them reported again (:mod:`.repeat_reporting`)."""
        log, ledger = self.model.reports, self.model.ledger  # whole: reports name any case
        return repeat_reporting(
            report_day=log["day"],
            reporter=log["reporter"],
            report_case=log["case"],
            closed_day=ledger["closed_day"],
            genuine=ledger["genuine"],
            fixed=np.isin(ledger["outcome"], _GOOD),
            last_day=self.model.day - 1,
            first_from=self.model.origin,
        )

    @cached_property
    def channel_reports(self) -> NDArray[np.int64]:
        """Reports through each channel over the reported days."""
        tallies = self.model.recorder.tallies
        return np.array(
            [int(getattr(tallies, f"reports_{c.label}").sum()) for c in Channel], dtype=np.int64
        )

    def share_of_closed(self, mask: NDArray[np.bool_]) -> float:
        """Share of closed genuine cases in ``mask``."""
        return float(np.count_nonzero(self.closed_genuine & mask) / self.n_closed_genuine)

    def resolution_days(self, mask: NDArray[np.bool_] | None = None) -> NDArray[np.int64]:
        """Days to resolution of resolved cases (within ``mask``)."""
        chosen = self.resolved if mask is None else self.resolved & mask
        return self.duration[chosen]


# -- bookkeeping -------------------------------------------------------------------------------


@summary_metric(unit="days", direction=NEUTRAL, group=Group.BOOKKEEPING)
def days(run: RunView) -> float:
    """Reported days (the spin-up before them not counted)."""
    return float(run.model.reported_days)


@summary_metric(unit="adults", direction=NEUTRAL, group=Group.BOOKKEEPING)
def villagers(run: RunView) -> float:
    """Adult villagers simulated."""
    return float(run.model.population.size)


@summary_metric(unit="problems", direction=NEUTRAL, group=Group.BOOKKEEPING)
def problems(run: RunView) -> float:
    """Problems that arose."""
    return float(len(run.problems))


@summary_metric(unit="cases", direction=NEUTRAL, group=Group.BOOKKEEPING)
def cases(run: RunView) -> float:
    """Cases opened (genuine, trivial and inflated)."""
    return float(len(run.ledger))


# -- participation ------------------------------------------------------------------------------


@summary_metric(unit="share of problems", direction=HIGHER, group=Group.HANDLING)
def detection_rate(run: RunView) -> float:
    """Problems that became cases ÷ problems."""
    store = run.problems
    if not len(store):
        return math.nan
    return float(np.count_nonzero(store["case"] >= 0) / len(store))


@summary_metric(
    unit="reports per 1,000 adults per month", direction=NEUTRAL, group=Group.PARTICIPATION
)
def reports_per_1000_per_month(run: RunView) -> float:
    """Reports through every channel plus camera cases, per 1,000 adults per month.

    Trivial and inflated reports included (the figure a hotline counts; the calibration target),
    so more is not better: ``genuine_reports_per_1000_per_month`` is the outcome.
    """
    total = int(run.channel_reports.sum()) + int(
        np.count_nonzero(run.ledger["source"] == Source.CAMERA)
    )
    adults = max(run.model.population.size, 1)
    return total / adults * PER_THOUSAND * DAYS_PER_MONTH / run.days


@summary_metric(
    unit="reports per 1,000 adults per month", direction=HIGHER, group=Group.PARTICIPATION
)
def genuine_reports_per_1000_per_month(run: RunView) -> float:
    """Reports of real problems per 1,000 adults per month (trivial and inflated ones excluded).

    Villagers', grid workers', firms' reports and camera finds of problems that exist: the
    participation in finding problems.
    """
    total = float(run.model.recorder.tallies.genuine_reports.sum())
    adults = max(run.model.population.size, 1)
    return total / adults * PER_THOUSAND * DAYS_PER_MONTH / run.days


def _channel_share(channel: Channel, run: RunView) -> float:
    reports = run.channel_reports
    total = int(reports.sum())
    return float(reports[channel] / total) if total else math.nan


for _channel in Channel:
    SUMMARY.add(
        Metric(
            name=f"channel_share_{_channel.label}",
            unit="share of channel reports",
            direction=NEUTRAL,
            group=Group.PARTICIPATION,
            description=f"Share of reports made through the {_channel.label.replace('_', ' ')} "
            "channel (cameras excluded).",
            kind="summary",
            function=partial(_channel_share, _channel),
        )
    )


@summary_metric(unit="share of 12345 intake", direction=NEUTRAL, group=Group.PARTICIPATION)
def hotline_phone_share_of_12345(run: RunView) -> float:
    """Hotline (phone) reports ÷ (hotline + app) reports: the 12345 intake by phone."""
    reports = run.channel_reports
    intake = reports[Channel.HOTLINE] + reports[Channel.APP]
    return float(reports[Channel.HOTLINE] / intake) if intake else math.nan


@summary_metric(unit="share of cases", direction=HIGHER, group=Group.HANDLING)
def genuine_share(run: RunView) -> float:
    """Genuine cases ÷ cases (the rest are trivial or inflated reports)."""
    n = len(run.ledger)
    return float(np.count_nonzero(run.ledger["genuine"]) / n) if n else math.nan


# -- handling -----------------------------------------------------------------------------------


@summary_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolution_rate(run: RunView) -> float:
    """Genuine closed cases resolved by a department or settled in the village."""
    return float(np.count_nonzero(run.resolved) / run.n_closed_genuine)


@summary_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def resolved_within_sla_share(run: RunView) -> float:
    """Genuine closed cases resolved or settled within their time limit."""
    return run.share_of_closed(run.good & run.in_time)


@summary_metric(unit="share of closed genuine cases", direction=HIGHER, group=Group.HANDLING)
def local_settlement_share(run: RunView) -> float:
    """Genuine closed cases settled by the village cadres (Fengqiao triage)."""
    return run.share_of_closed(run.ledger["settled_locally"])


@summary_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def median_days_to_resolution(run: RunView) -> float:
    """Median days from report to resolution of resolved or settled genuine cases."""
    return quantile(run.resolution_days(), 0.5)


@summary_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def p90_days_to_resolution(run: RunView) -> float:
    """90th percentile of days to resolution of resolved or settled genuine cases."""
    return quantile(run.resolution_days(), 0.9)


@summary_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def median_days_single_department(run: RunView) -> float:
    """Median days to resolution of single-department cases not settled in the village."""
    ledger = run.ledger
    return quantile(
        run.resolution_days(~ledger["cross_department"] & ~ledger["settled_locally"]), 0.5
    )


@summary_metric(unit="days", direction=LOWER, group=Group.HANDLING)
def median_days_cross_department(run: RunView) -> float:
    """Median days to resolution of cross-department cases not settled in the village."""
    ledger = run.ledger
    return quantile(
        run.resolution_days(ledger["cross_department"] & ~ledger["settled_locally"]), 0.5
    )


@summary_metric(unit="bounces per routed case", direction=LOWER, group=Group.HANDLING)
def bounces_per_case(run: RunView) -> float:
    """Mean bounces over cases the centre routed at least once."""
    routed = run.ledger["routing_attempts"] > 0
    return float(run.ledger["bounces"][routed].mean()) if routed.any() else math.nan


@summary_metric(unit="share of cases", direction=LOWER, group=Group.HANDLING)
def escalated_share(run: RunView) -> float:
    """Cases escalated for being open past the escalation threshold."""
    n = len(run.ledger)
    return float(run.ledger["escalated"].mean()) if n else math.nan


@summary_metric(unit="open cases", direction=LOWER, group=Group.HANDLING)
def backlog_end(run: RunView) -> float:
    """Open cases at the end of the run."""
    return run.last("backlog")


@summary_metric(unit="share of open cases", direction=LOWER, group=Group.HANDLING)
def overdue_share(run: RunView) -> float:
    """Open cases past their time limit at the end of the run."""
    return run.last("overdue_share")


# -- accountability -----------------------------------------------------------------------------


def _department_closures(run: RunView) -> NDArray[np.bool_]:
    """Closed genuine cases a department handled (not settled in the village)."""
    mask: NDArray[np.bool_] = run.closed_genuine & ~run.ledger["settled_locally"]
    mask &= run.ledger["department"] >= 0
    return mask


@summary_metric(
    unit="share of departments' closed genuine cases", direction=NEUTRAL, group=Group.HANDLING
)
def claimed_resolution_rate(run: RunView) -> float:
    """Departments' closed genuine cases they reported resolved (what their appraisal counts).

    Above the true resolution rate by the cases closed unresolved and reported resolved.
    """
    handled = _department_closures(run)
    n = int(np.count_nonzero(handled))
    return float(np.count_nonzero(handled & run.ledger["claimed_resolved"]) / n) if n else math.nan


@summary_metric(
    unit="share of departments' closed genuine cases", direction=LOWER, group=Group.HANDLING
)
def closed_unresolved_share(run: RunView) -> float:
    """Departments' closed genuine cases reported resolved but not resolved (closure gaming)."""
    handled = _department_closures(run)
    n = int(np.count_nonzero(handled))
    gamed = handled & run.ledger["claimed_resolved"] & ~run.good
    return float(np.count_nonzero(gamed) / n) if n else math.nan


@summary_metric(unit="share of gamed closures", direction=HIGHER, group=Group.HANDLING)
def gaming_detected_share(run: RunView) -> float:
    """Cases closed unresolved and reported resolved that an audit or the public found out."""
    gamed = _department_closures(run) & run.ledger["claimed_resolved"] & ~run.good
    n = int(np.count_nonzero(gamed))
    return float(np.count_nonzero(gamed & run.ledger["gaming_detected"]) / n) if n else math.nan


@summary_metric(unit="0-1", direction=NEUTRAL, group=Group.HANDLING)
def recorded_satisfaction(run: RunView) -> float:
    """Mean rating the departments' appraisal recorded (pressed ratings included)."""
    rating = run.ledger["rating"]
    rated = ~np.isnan(rating)
    return float(rating[rated].mean()) if rated.any() else math.nan


@summary_metric(unit="0-1", direction=LOWER, group=Group.HANDLING)
def rating_inflation(run: RunView) -> float:
    """Recorded minus true mean rating of the rated cases (what pressing reporters adds)."""
    rating = run.ledger["rating"]
    rated = ~np.isnan(rating)
    if not rated.any():
        return math.nan
    return float(rating[rated].mean() - run.ledger["satisfaction"][rated].mean())


@summary_metric(unit="share of closed genuine cases", direction=NEUTRAL, group=Group.HANDLING)
def summoned_share(run: RunView) -> float:
    """Closed genuine cases a village summoned the responsible department to."""
    return run.share_of_closed(run.ledger["summoned"])


@summary_metric(unit="0-1", direction=HIGHER, group=Group.COLLABORATION)
def department_diligence(run: RunView) -> float:
    """Departments' mean diligence (effort on resolving cases) at the end of the run."""
    return run.last("department_diligence")


@summary_metric(unit="share", direction=LOWER, group=Group.COLLABORATION)
def department_closure_gaming(run: RunView) -> float:
    """Departments' mean share of genuine cases closed unresolved, at the end of the run."""
    return run.last("department_closure_gaming")


# -- collaboration ------------------------------------------------------------------------------


@summary_metric(
    unit="share of closed cross-department cases", direction=HIGHER, group=Group.COLLABORATION
)
def order_parameter(run: RunView) -> float:
    """Closed genuine cross-department cases (not settled locally) resolved within their time limit.

    The slow order parameter of the department subsystem (stylized fact 10).
    """
    ledger = run.ledger
    joint = run.closed_genuine & ledger["cross_department"] & ~ledger["settled_locally"]
    n = int(np.count_nonzero(joint))
    if not n:
        return math.nan
    return float(np.count_nonzero(joint & run.good & run.in_time) / n)


@summary_metric(unit="0-1", direction=HIGHER, group=Group.COLLABORATION)
def department_relations(run: RunView) -> float:
    """Departments' mean working relations at the end of the run."""
    return run.last("department_relations")


# -- beliefs and participation ------------------------------------------------------------------


@summary_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_trust(run: RunView) -> float:
    """Resident adults' mean trust in the governance system at the end of the run."""
    return run.last("mean_trust")


@summary_metric(unit="0-1", direction=HIGHER, group=Group.PARTICIPATION)
def mean_efficacy(run: RunView) -> float:
    """Resident adults' mean sense that reporting makes a difference, at the end of the run."""
    return run.last("mean_efficacy")


@summary_metric(unit="share of resident adults", direction=HIGHER, group=Group.PARTICIPATION)
def ownership_share(run: RunView) -> float:
    """Resident adults who see themselves as a subject of governance, at the end of the run."""
    return run.last("ownership_share")


@summary_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def awareness_share(run: RunView) -> float:
    """Adults aware of the governance policy, at the end of the run."""
    return run.last("awareness_share")


@summary_metric(unit="share of enterprises", direction=HIGHER, group=Group.PARTICIPATION)
def enterprise_awareness_share(run: RunView) -> float:
    """Enterprises aware of the governance policy, at the end of the run."""
    return run.last("enterprise_awareness_share")


@summary_metric(unit="share of adults", direction=HIGHER, group=Group.PARTICIPATION)
def participation_share(run: RunView) -> float:
    """Adults who reported or attended a meeting in the last 90 days of the run."""
    return run.last("participation_share")


@summary_metric(unit="percentage points", direction=LOWER, group=Group.EQUITY)
def participation_gap_60_plus(run: RunView) -> float:
    """Participation share of resident adults under 60 minus that of the 60+."""
    return run.last("participation_share_under_60") - run.last("participation_share_60_plus")


@summary_metric(unit="share of migrant adults", direction=HIGHER, group=Group.EQUITY)
def migrant_participation_share(run: RunView) -> float:
    """Migrant adults who took part (reported or attended) in the last 90 days of the run."""
    return run.last("migrant_participation_share")


@summary_metric(unit="0-1", direction=HIGHER, group=Group.EQUITY)
def mean_trust_migrants(run: RunView) -> float:
    """Migrant adults' mean trust in the governance system at the end of the run."""
    return run.last("mean_trust_migrants")


@summary_metric(unit="0-1", direction=HIGHER, group=Group.EQUITY)
def mean_efficacy_migrants(run: RunView) -> float:
    """Migrant adults' mean sense of efficacy at the end of the run."""
    return run.last("mean_efficacy_migrants")


@summary_metric(unit="share of migrant adults", direction=HIGHER, group=Group.EQUITY)
def ownership_share_migrants(run: RunView) -> float:
    """Migrant adults who see themselves as a subject of governance, at the end of the run."""
    return run.last("ownership_share_migrants")


@summary_metric(unit="percentage points", direction=LOWER, group=Group.EQUITY)
def reporting_gap_60_plus(run: RunView) -> float:
    """Share of resident adults under 60 who reported in the last 90 days minus that of the 60+.

    The digital-exclusion gap on reporting (stylized fact 5).
    """
    return run.last("reporting_share_under_60") - run.last("reporting_share_60_plus")


# -- repeat reporting (Sjoberg, Mellon & Peixoto 2017; a calibration target) ---------------------


@summary_metric(unit="relative increase", direction=NEUTRAL, group=Group.PARTICIPATION)
def repeat_reporting_effect(run: RunView) -> float:
    """Relative rise in the chance of reporting again within 180 days after a fixed vs an unfixed first report.

    ``repeat_reporting_after_fix / repeat_reporting_after_no_fix − 1``, over villagers whose
    first report was on a genuine case closed at least 180 days before the end of the run, fixed
    (resolved or settled) or not (Sjoberg, Mellon & Peixoto 2017: +57%). NaN when either group
    is empty or nobody in the not-fixed group reported again
    (:mod:`govsim.metrics.repeat_reporting`).
    """
    return run.repeat.effect


@summary_metric(unit="share of first reporters", direction=NEUTRAL, group=Group.PARTICIPATION)
def repeat_reporting_after_fix(run: RunView) -> float:
    """First reporters whose genuine case was fixed who reported again within 180 days."""
    return run.repeat.after_fix


@summary_metric(unit="share of first reporters", direction=NEUTRAL, group=Group.PARTICIPATION)
def repeat_reporting_after_no_fix(run: RunView) -> float:
    """First reporters whose genuine case closed unfixed who reported again within 180 days."""
    return run.repeat.after_no_fix


# -- platform -----------------------------------------------------------------------------------


@summary_metric(unit="share of adults", direction=HIGHER, group=Group.PLATFORM)
def app_registered_share(run: RunView) -> float:
    """Adults registered on the government app at the end of the run."""
    return run.last("app_registered_share")


@summary_metric(unit="share of registered users", direction=HIGHER, group=Group.PLATFORM)
def app_monthly_active_share(run: RunView) -> float:
    """Registered users active who used the app in the last 30 days of the run."""
    return run.last("app_monthly_active_share")


@summary_metric(unit="share of users", direction=HIGHER, group=Group.PLATFORM)
def app_retention_3_months(run: RunView) -> float:
    """Users registered at least 90 days before the end who are still active."""
    return run.model.app_adoption.retention(run.model.day)


@summary_metric(unit="share of working time", direction=HIGHER, group=Group.PLATFORM)
def grid_patrol_share(run: RunView) -> float:
    """Grid workers' mean patrol minutes ÷ working minutes on the last day."""
    return run.last("grid_patrol_share")


@summary_metric(unit="share of working time", direction=LOWER, group=Group.PLATFORM)
def grid_logging_share(run: RunView) -> float:
    """Grid workers' log-writing minutes ÷ working minutes (the logging burden)."""
    g = run.model.settings.grid_workers
    return g.logging_minutes_per_day / max(g.minutes_per_day, 1e-9)


@summary_metric(unit="share", direction=LOWER, group=Group.PLATFORM)
def grid_worker_gaming(run: RunView) -> float:
    """Grid workers' mean gaming (share of the trivial reports their integrity allows), at the end."""
    return run.last("grid_worker_gaming")


# -- cost ---------------------------------------------------------------------------------------


@summary_metric(unit="CNY", direction=LOWER, group=Group.COST)
def points_paid_cny(run: RunView) -> float:
    """Points paid to villagers over the reported days."""
    paid = run.model.incentives.paid_cny - run.model.at_origin.get("points_paid_cny", 0.0)
    return float(paid)


@summary_metric(unit="CNY", direction=LOWER, group=Group.COST)
def publicity_spent_cny(run: RunView) -> float:
    """Publicity spending over the reported days."""
    spent = run.model.awareness.spent_cny - run.model.at_origin.get("publicity_spent_cny", 0.0)
    return float(spent)


def summarise(model: GovernanceModel, names: list[str] | None = None) -> dict[str, float]:
    """End-of-run metrics by name (all registered ones, or ``names`` in that order)."""
    run = RunView(model)
    metrics = SUMMARY if names is None else [SUMMARY[name] for name in names]
    return {metric.name: float(metric.function(run)) for metric in metrics}
