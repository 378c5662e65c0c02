"""Invariants of every run: case conservation, Little's law, bounds, ledger sanity.

Each ``check_*`` function states one invariant over a :class:`govsim.RunResult`. They run on a few
fixed seeded runs (quick, precise failures) and under Hypothesis on random *valid* scenarios: a
handful of policy levers and mechanism parameters drawn within their schema bounds on top of
``scenarios/village.toml``. The candidate levers are read from the schema itself
(``iter_fields``), so newly added levers are exercised without editing this file.

Day convention (``govsim.metrics``): ``daily.backlog[t]`` is the number of open cases at the end
of day ``t``. A case created on day ``c`` and closed on day ``d`` is open at the end of days
``c .. d-1``; one still open at the horizon ``T = days`` is open on days ``c .. T-1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govsim
from govsim import RunResult, Scenario
from govsim.enums import Channel
from govsim.metrics import DAILY
from govsim.scenario import iter_fields, with_overrides

# --------------------------------------------------------------------------------------------
# Column classes, from the registered units of the daily metrics
# --------------------------------------------------------------------------------------------

COUNT_COLUMNS = [
    name
    for name, unit in ((m.name, m.unit) for m in DAILY)
    if unit.endswith("/day") or unit in ("open cases", "cases") or unit.startswith("CNY")
]
SHARE_COLUMNS = [m.name for m in DAILY if m.unit.startswith("share") or m.unit == "0-1"]
DAYS_COLUMNS = [m.name for m in DAILY if m.unit.startswith("days")]
#: Rates over closed genuine cases: NaN exactly until the first genuine case closes (documented).
CUMULATIVE_RATE_COLUMNS = ["resolution_rate", "resolved_within_sla_share"]
GOOD_OUTCOMES = ("resolved", "settled_locally")
VILLAGE_CHANNEL_LABELS = ("grid_worker", "village_committee", "wechat")
OPEN_STAGES = {"intake", "local", "routing", "bounced", "coordination", "queued", "in_service"}
DELAY_WINDOW_DAYS = 30  # govsim.metrics.DELAY_WINDOW_DAYS: window of the daily median/p90


def test_daily_columns_are_classified() -> None:
    # Every documented metric that the checks below rely on exists and is classified once.
    assert {"new_cases", "closures", "backlog", "bounces", "escalations"} <= set(COUNT_COLUMNS)
    assert {"resolution_rate", "mean_trust", "participation_share"} <= set(SHARE_COLUMNS)
    assert not set(COUNT_COLUMNS) & set(SHARE_COLUMNS)


# --------------------------------------------------------------------------------------------
# The invariants
# --------------------------------------------------------------------------------------------


def _horizon(result: RunResult) -> int:
    return len(result.daily)


def _per_day(days: pd.Series | np.ndarray, horizon: int) -> np.ndarray:
    return np.bincount(np.asarray(days, dtype=np.int64), minlength=horizon)


def check_days_index(result: RunResult) -> None:
    assert list(result.daily.index) == list(range(_horizon(result)))
    assert result.summary["days"] == _horizon(result)


def check_case_conservation(result: RunResult) -> None:
    """Backlog at the start + cumulative new cases − cumulative closures == backlog, every day.

    A run from set-up starts with no backlog; after a spin-up, with the cases the spin-up left
    open.
    """
    daily = result.daily
    first = daily.iloc[0]
    start = first["backlog"] - first["new_cases"] + first["closures"]
    assert start >= 0
    if result.scenario.spin_up_days == 0:
        assert start == 0
    backlog = start + daily["new_cases"].cumsum() - daily["closures"].cumsum()
    pd.testing.assert_series_equal(backlog, daily["backlog"], check_names=False, check_dtype=False)


def check_ledger_matches_daily_counts(result: RunResult) -> None:
    """Created ≤ t minus closed ≤ t (from the ledger) equals ``daily.backlog[t]``."""
    cases, daily, horizon = result.cases, result.daily, _horizon(result)
    closed = cases["closed_day"] >= 0
    created_per_day = _per_day(cases["created_day"], horizon)
    closed_per_day = _per_day(cases.loc[closed, "closed_day"], horizon)
    assert len(created_per_day) == horizon, "a case was created after the horizon"
    assert len(closed_per_day) == horizon, "a case was closed after the horizon"
    np.testing.assert_array_equal(created_per_day, daily["new_cases"].to_numpy())
    np.testing.assert_array_equal(closed_per_day, daily["closures"].to_numpy())
    backlog = np.cumsum(created_per_day) - np.cumsum(closed_per_day)
    np.testing.assert_array_equal(backlog, daily["backlog"].to_numpy())
    assert result.summary["cases"] == len(cases)
    assert result.summary["backlog_end"] == daily["backlog"].iloc[-1]


def check_littles_law(result: RunResult) -> None:
    """Σ_t backlog(t) == Σ_cases (min(closed_day, T) − created_day), open cases up to T."""
    cases, horizon = result.cases, _horizon(result)
    end = np.where(cases["closed_day"] >= 0, cases["closed_day"], horizon)
    case_days = int((end - cases["created_day"]).sum())
    assert int(result.daily["backlog"].sum()) == case_days
    # The same identity as L = λW over the run: mean backlog = arrival rate × mean sojourn.
    if len(cases):
        arrival_rate = len(cases) / horizon
        mean_sojourn = case_days / len(cases)
        assert result.daily["backlog"].mean() == pytest.approx(arrival_rate * mean_sojourn)


def check_no_negative_counts(result: RunResult) -> None:
    daily = result.daily
    for name in COUNT_COLUMNS:
        column = daily[name]
        assert column.notna().all(), f"{name} has NaN"
        assert (column >= 0).all(), f"{name} has negative values: {column[column < 0].head()}"
        if name != "points_paid_cny":
            assert (column == column.round()).all(), f"{name} is not a whole count"
    for name in DAYS_COLUMNS:
        column = daily[name].dropna()
        assert (column >= 0).all(), f"{name} has negative days"


def check_shares_in_unit_interval(result: RunResult, *, has_enterprises: bool = True) -> None:
    daily, cases = result.daily, result.cases
    closed_genuine = (cases["closed_day"] >= 0) & cases["genuine"]
    first_closure = cases.loc[closed_genuine, "closed_day"].min()
    before_first = (
        daily.index < first_closure if closed_genuine.any() else np.ones(len(daily), dtype=bool)
    )
    for name in SHARE_COLUMNS:
        column = daily[name]
        if name in CUMULATIVE_RATE_COLUMNS:
            np.testing.assert_array_equal(
                column.isna().to_numpy(), before_first, err_msg=f"{name}: NaN days"
            )
        elif name == "enterprise_awareness_share" and not has_enterprises:
            assert column.isna().all(), "no enterprises: the share is undefined (NaN)"
            continue
        else:
            assert column.notna().all(), (
                f"{name} is NaN on days {list(column.index[column.isna()])}"
            )
        values = column.dropna()
        assert ((values >= 0) & (values <= 1)).all(), f"{name} outside [0, 1]: {values.describe()}"


def check_delay_quantiles_nan_only_without_recent_resolutions(result: RunResult) -> None:
    daily, cases = result.daily, result.cases
    good = cases["genuine"] & cases["outcome"].isin(GOOD_OUTCOMES)
    closed_day = cases.loc[good, "closed_day"].to_numpy()
    for day in daily.index:
        recent = np.count_nonzero((closed_day <= day) & (closed_day > day - DELAY_WINDOW_DAYS))
        for name in ("median_days_to_resolution", "p90_days_to_resolution"):
            assert math.isnan(daily.at[day, name]) == (recent == 0), (name, day)


def check_ledger_sanity(result: RunResult) -> None:
    cases, horizon = result.cases, _horizon(result)
    is_open = cases["closed_day"] == -1
    closed = ~is_open
    assert (cases["closed_day"] >= -1).all()
    assert ((cases["created_day"] >= 0) & (cases["created_day"] < horizon)).all()
    assert (cases.loc[closed, "closed_day"] >= cases.loc[closed, "created_day"]).all()
    assert (cases.loc[closed, "closed_day"] < horizon).all()
    # outcome OPEN iff closed_day == -1; stage CLOSED iff closed.
    np.testing.assert_array_equal((cases["outcome"] == "open").to_numpy(), is_open.to_numpy())
    np.testing.assert_array_equal((cases["stage"] == "closed").to_numpy(), closed.to_numpy())
    assert set(cases.loc[is_open, "stage"].astype(str)) <= OPEN_STAGES
    days = cases["days_to_close"]
    assert days[is_open].isna().all()
    np.testing.assert_array_equal(
        days[closed].to_numpy(), (cases["closed_day"] - cases["created_day"])[closed].to_numpy()
    )
    # A problem has at most one open case at a time: it is reported again (a repeat complaint, a
    # new case) only after its earlier case closed without fixing it. Genuine cases are exactly
    # those of a problem.
    of_problem = cases[cases["problem"] >= 0].sort_values(["problem", "created_day"], kind="stable")
    previous = of_problem.groupby("problem").shift(1)
    repeat = previous["created_day"].notna()
    assert (previous.loc[repeat, "closed_day"] >= 0).all()
    assert (previous.loc[repeat, "closed_day"] <= of_problem.loc[repeat, "created_day"]).all()
    assert previous.loc[repeat, "outcome"].isin(("unresolved",)).all()
    problems = of_problem["problem"]
    np.testing.assert_array_equal(cases["genuine"].to_numpy(), (cases["problem"] >= 0).to_numpy())
    assert problems.nunique() <= result.summary["problems"]
    assert result.daily["new_problems"].sum() == result.summary["problems"]
    # Closed genuine cases end resolved, unresolved or settled; other reports with no action.
    outcome = cases.loc[closed, "outcome"]
    genuine = cases.loc[closed, "genuine"]
    assert outcome[genuine].isin(("resolved", "unresolved", "settled_locally")).all()
    assert (outcome[~genuine] == "no_action").all()
    # Local settlement: only genuine, settleable cases that came through a village channel. The
    # flag is set when mediation starts, so a case may still be open (stage local) at the horizon.
    settled = cases["settled_locally"]
    np.testing.assert_array_equal(
        settled.to_numpy(),
        (
            (cases["outcome"] == "settled_locally") | (is_open & (cases["stage"] == "local"))
        ).to_numpy(),
    )
    assert cases.loc[settled, "genuine"].all()
    assert cases.loc[settled, "settleable"].all()
    assert cases.loc[settled, "channel"].isin(VILLAGE_CHANNEL_LABELS).all()
    # Who filed it and how.
    source, channel = cases["source"], cases["channel"]
    assert (channel[source == "camera"] == "none").all()
    assert (channel[source == "villager"] != "none").all()
    assert (channel[source == "grid_worker"] == "grid_worker").all()
    np.testing.assert_array_equal(
        (cases["reporter_age_band"] != "none").to_numpy(), (source == "villager").to_numpy()
    )
    assert (cases["reports"] >= 1).all()
    assert (cases["routing_attempts"] >= cases["bounces"]).all()
    assert (cases["bounces"] >= 0).all()
    sat = cases["satisfaction"]
    assert sat[(closed & cases["genuine"]).to_numpy()].between(0, 1).all()
    assert sat[is_open | ~cases["genuine"]].isna().all()


def check_event_counters_match_ledger(result: RunResult) -> None:
    daily, cases = result.daily, result.cases
    assert daily["bounces"].sum() == cases["bounces"].sum()
    assert daily["escalations"].sum() == cases["escalated"].sum()
    assert daily["camera_cases"].sum() == (cases["source"] == "camera").sum()
    # Every report through a channel is counted once: the first opens a case (unless a camera
    # opened it), each later one joins it (``reports`` − 1).
    channel_reports = sum(daily[f"reports_{c.label}"].sum() for c in Channel)
    with_channel = int((cases["channel"] != "none").sum())
    joins = int((cases["reports"] - 1).sum())
    assert channel_reports == with_channel + joins


def check_reports_match_ledger(result: RunResult) -> None:
    """The reports table holds every villager report once, consistent with the ledger.

    The reports that opened a case are exactly the ledger's villager cases (same reporter,
    channel, day and genuineness); every other report joined a case opened no later, which
    counts it among its ``reports``; each day's rows are the day's ``villager_reports``.
    """
    reports, cases, daily = result.reports, result.cases, result.daily
    opened = reports[reports["opened"]].set_index("case").sort_index()
    by_villagers = cases[cases["source"] == "villager"]
    assert opened.index.tolist() == by_villagers.index.tolist()
    np.testing.assert_array_equal(opened["reporter"], by_villagers["reporter"])
    np.testing.assert_array_equal(opened["day"], by_villagers["created_day"])
    np.testing.assert_array_equal(opened["genuine"], by_villagers["genuine"])
    assert opened["channel"].astype(str).tolist() == by_villagers["channel"].astype(str).tolist()
    joins = reports[~reports["opened"]]
    assert (cases.loc[joins["case"], "created_day"].to_numpy() <= joins["day"].to_numpy()).all()
    assert cases.loc[joins["case"], "genuine"].all(), "a trivial report joined a case"
    per_case = joins.groupby("case").size()
    assert (cases.loc[per_case.index, "reports"] >= 1 + per_case).all()
    per_day = reports.groupby("day").size().reindex(daily.index, fill_value=0)
    np.testing.assert_array_equal(per_day.to_numpy(), daily["villager_reports"].to_numpy())


def check_escalation_timing(result: RunResult, escalation_after_days: int) -> None:
    """A case is escalated iff it is still open when it is ``escalation_after_days`` old."""
    cases, horizon = result.cases, _horizon(result)
    due = cases["created_day"] + escalation_after_days
    closed_day = cases["closed_day"]
    open_after_due = (due < horizon) & ((closed_day == -1) | (closed_day > due))
    open_until_due = (due < horizon) & ((closed_day == -1) | (closed_day >= due))
    escalated = cases["escalated"]
    assert escalated[open_after_due].all(), "an old open case was not escalated"
    assert not escalated[~open_until_due].any(), "a case was escalated early or after closing"


def check_queues_match_ledger_at_horizon(result: RunResult) -> None:
    last = result.daily.iloc[-1]
    stage = result.cases["stage"]
    assert last["centre_queue"] == (stage == "routing").sum()
    assert last["department_queue"] == (stage == "queued").sum()
    assert last["centre_queue"] + last["department_queue"] <= last["backlog"]


def check_sla_days(result: RunResult, scenario: Scenario) -> None:
    cases = result.cases
    expected = np.where(
        cases["cross_department"],
        scenario.centre.sla_complex_days,
        scenario.centre.sla_general_days,
    )
    np.testing.assert_array_equal(cases["sla_days"].to_numpy(), expected)


def check_scenario_switches(result: RunResult, scenario: Scenario) -> None:
    cases = result.cases
    if not scenario.reporting.enabled:
        assert not (cases["source"] == "villager").any(), "villager case with reporting off"
    if not scenario.cadres.local_settlement:
        assert not cases["settled_locally"].any(), "settled locally with local settlement off"


def check_all(result: RunResult, scenario: Scenario, *, has_enterprises: bool) -> None:
    check_days_index(result)
    check_case_conservation(result)
    check_ledger_matches_daily_counts(result)
    check_littles_law(result)
    check_no_negative_counts(result)
    check_shares_in_unit_interval(result, has_enterprises=has_enterprises)
    check_delay_quantiles_nan_only_without_recent_resolutions(result)
    check_ledger_sanity(result)
    check_event_counters_match_ledger(result)
    check_reports_match_ledger(result)
    check_escalation_timing(result, scenario.centre.escalation_after_days)
    check_queues_match_ledger_at_horizon(result)
    check_sla_days(result, scenario)
    check_scenario_switches(result, scenario)


# --------------------------------------------------------------------------------------------
# Fixed seeded runs: one test per invariant, for precise failures
# --------------------------------------------------------------------------------------------

# A busier village than the default: more reports, bounces, escalations and trivial reports,
# so every branch of the case life cycle occurs within a year.
BUSY_OVERRIDES: dict[str, Any] = {
    "reporting.intercept": 0.0,
    "appraisal.count_weight": 1.0,
    "appraisal.resolution_weight": 0.0,
    "appraisal.satisfaction_weight": 0.0,
    "grid_workers.integrity_mean": 0.2,
    "cameras.coverage_share": 1.0,
    "incentives.points_enabled": True,
    "incentives.validation": False,
    "centre.routing_accuracy_base": 0.3,
    "centre.escalation_after_days": 3,
}
FIXED_RUNS = {
    "village-365d-seed1": ({}, 365, 1),
    "busy-village-200d-seed7": (BUSY_OVERRIDES, 200, 7),
}


@pytest.fixture(scope="module", params=sorted(FIXED_RUNS))
def fixed_run(request: pytest.FixtureRequest, village: Scenario, cached_run: Any) -> RunResult:
    overrides, days, seed = FIXED_RUNS[request.param]
    return cached_run(village, days=days, seed=seed, overrides=overrides)


def test_busy_run_exercises_the_case_life_cycle(village: Scenario, cached_run: Any) -> None:
    overrides, days, seed = FIXED_RUNS["busy-village-200d-seed7"]
    result = cached_run(village, days=days, seed=seed, overrides=overrides)
    cases = result.cases
    assert cases["bounces"].sum() > 0
    assert cases["escalated"].any()
    assert (~cases["genuine"]).any()
    assert cases["settled_locally"].any()
    assert (cases["source"] == "camera").any()
    assert (cases["reports"] > 1).any()
    assert (cases["outcome"] == "open").any()


CHECKS: dict[str, Callable[[RunResult], None]] = {
    "days_index": check_days_index,
    "case_conservation": check_case_conservation,
    "ledger_matches_daily_counts": check_ledger_matches_daily_counts,
    "littles_law": check_littles_law,
    "no_negative_counts": check_no_negative_counts,
    "shares_in_unit_interval": check_shares_in_unit_interval,
    "delay_quantiles_nan": check_delay_quantiles_nan_only_without_recent_resolutions,
    "ledger_sanity": check_ledger_sanity,
    "event_counters_match_ledger": check_event_counters_match_ledger,
    "reports_match_ledger": check_reports_match_ledger,
    "queues_match_ledger_at_horizon": check_queues_match_ledger_at_horizon,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_invariant_on_fixed_runs(check: str, fixed_run: RunResult) -> None:
    CHECKS[check](fixed_run)


def test_scenario_dependent_invariants_on_fixed_runs(fixed_run: RunResult) -> None:
    scenario = fixed_run.scenario
    check_escalation_timing(fixed_run, scenario.centre.escalation_after_days)
    check_sla_days(fixed_run, scenario)
    check_scenario_switches(fixed_run, scenario)


# --------------------------------------------------------------------------------------------
# Hypothesis: random valid scenarios
# --------------------------------------------------------------------------------------------

# Mechanism parameters (not levers) worth varying too; those missing from the schema are skipped.
EXTRA_PATHS = (
    "centre.routing_accuracy_base",
    "centre.routing_accuracy_per_quality",
    "centre.bounce_delay_days",
    "centre.max_routing_attempts",
    "centre.cases_per_staff_per_day",
    "sharing.bounce_back_probability",
    "sharing.interface_density",
    "reporting.enabled",
    "reporting.intercept",
    "cadres.mediation_days_mean",
    "cadres.mediation_success_probability",
    "grid_workers.trivial_reports_max_per_day",
    "grid_workers.integrity_mean",
    "incentives.trivial_report_rate",
    "cameras.detection_probability",
    "cameras.cross_check_probability",
    "detection.grid_discovery_at_full_patrol",
    "feedback.learning_rate",
    "apps.churn_on_bad_experience",
    "problems.findable_days",
    "enterprises.per_village_mean",
    "enterprises.report_probability",
    "departments.civil_affairs.handling_days_mean",
    "departments.judicial.resolve_probability",
    "departments.judicial.cases_per_staff_per_day",
)
#: Fields tied by a "must sum to 1" rule are drawn together, not one by one.
APPRAISAL_WEIGHTS = (
    "appraisal.count_weight",
    "appraisal.resolution_weight",
    "appraisal.satisfaction_weight",
)
DEPARTMENT_WEIGHTS = (
    "department_appraisal.closed_weight",
    "department_appraisal.resolved_weight",
    "department_appraisal.in_time_weight",
    "department_appraisal.satisfaction_weight",
)
MAX_INT_SPAN = 60  # unbounded integers (days, attempts) are drawn up to default × 2 or this span


def _is_share_group_member(path: str) -> bool:
    return (
        path in APPRAISAL_WEIGHTS
        or path in DEPARTMENT_WEIGHTS
        or (path.startswith("publicity.") and "budget_share" in path)
    )


def _value_strategy(row: Any) -> st.SearchStrategy[Any]:
    lo, hi, default = row.info.lo, row.info.hi, row.default
    if row.type_name == "bool":
        return st.booleans()
    if row.type_name == "int":
        low = int(lo) if lo is not None else 0
        high = int(hi) if hi is not None else max(2 * int(default), low + MAX_INT_SPAN)
        return st.integers(low, high)
    low = float(lo) if lo is not None else min(0.0, 2 * float(default))
    high = float(hi) if hi is not None else max(2 * abs(float(default)), low + 1.0)
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def _candidate_rows(scenario: Scenario) -> dict[str, Any]:
    rows = {row.path: row for row in iter_fields(scenario)}
    chosen = {
        path: row
        for path, row in rows.items()
        if row.info.lever
        and row.type_name in ("bool", "int", "float")
        and not _is_share_group_member(path)
    }
    chosen.update({path: rows[path] for path in EXTRA_PATHS if path in rows})
    return chosen


VILLAGE = govsim.load_scenario(
    Path(__file__).resolve().parents[1] / "scenarios" / "village.toml", {"spin_up_days": 0}
)
CANDIDATES = _candidate_rows(VILLAGE)


def test_strategy_has_enough_candidates() -> None:
    assert len(CANDIDATES) >= 30, sorted(CANDIDATES)
    assert all(path in CANDIDATES for path in ("appraisal.audit_rate", "feedback.notified_share"))


@st.composite
def scenario_overrides(draw: st.DrawFn) -> dict[str, Any]:
    paths = draw(st.lists(st.sampled_from(sorted(CANDIDATES)), min_size=3, max_size=8, unique=True))
    overrides = {path: draw(_value_strategy(CANDIDATES[path]), label=path) for path in paths}
    if draw(st.booleans(), label="redraw appraisal weights"):
        count = draw(st.floats(0, 1), label="count_weight")
        resolution = draw(st.floats(0, 1), label="resolution_fraction") * (1 - count)
        overrides |= dict(
            zip(APPRAISAL_WEIGHTS, (count, resolution, 1.0 - count - resolution), strict=True)
        )
    if draw(st.booleans(), label="redraw department appraisal weights"):
        raw = [draw(st.floats(0.01, 1), label=path) for path in DEPARTMENT_WEIGHTS]
        shares = [value / sum(raw) for value in raw]
        shares[-1] = 1.0 - sum(shares[:-1])
        overrides |= dict(zip(DEPARTMENT_WEIGHTS, shares, strict=True))
    return overrides


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)
@given(
    overrides=scenario_overrides(),
    days=st.integers(30, 90),
    seed=st.integers(0, 2**32 - 1),
)
def test_invariants_hold_for_random_valid_scenarios(
    overrides: dict[str, Any], days: int, seed: int
) -> None:
    scenario = with_overrides(VILLAGE, overrides)
    assert scenario.county.villages == 1
    result = govsim.run(scenario, days=days, seed=seed)
    has_enterprises = govsim.GovernanceModel(scenario, rng=seed).enterprises.size > 0
    check_all(result, scenario, has_enterprises=has_enterprises)
