"""Known answers in degenerate settings (DOMAIN.md §5, classical results).

(a) One department, perfect routing and detection, no bounces, no local settlement, no
    cross-department cases, no handling delay, an ample centre: the model is a discrete-time
    queue with Poisson arrivals of rate λ = Σ_c rate_c / 1000 / 30 × adults and a server that
    takes on μ cases a day. With μ < λ the backlog grows linearly at λ − μ per day; with μ > λ
    it stays bounded.
(b) Reporting switched off (and no cameras, no firms): every case comes from a grid worker.
(c) Publicity through one channel without word of mouth: awareness after t days is
    1 − (1 − q)^t with q = max_daily_reach × persuasion (publicity module docstring).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import govsim
from govsim import GovernanceModel, RunResult, Scenario
from govsim.enums import Channel
from govsim.scenario import iter_fields, with_overrides

QUEUE_DEPARTMENT = "civil_affairs"
QUEUE_CATEGORY = "queue_problem"
QUEUE_RATE_PER_1000_PER_MONTH = 600.0  # λ ≈ 19 cases/day for ~950 adults
DAYS_PER_MONTH = 30.0
QUEUE_DAYS = 300
WARM_UP_DAYS = 30
SEED = 2024
Z = 4.0  # tolerance in standard errors for statistical assertions


def _queue_toml(village: Scenario, village_path: Path) -> str:
    """A scenario file extending village.toml, removing keyed items with ``name = false``."""
    removed_departments = [d.name for d in village.departments if d.name != QUEUE_DEPARTMENT]
    removed_categories = [c.name for c in village.categories]
    lines = [
        f'extends = "{village_path.as_posix()}"',
        'name = "one_department_queue"',
        "spin_up_days = 0  # the queue is read from its empty start",
        "",
        "[county]",
        "villages_in_county = 1  # the village is the whole county: no other load on the queue",
        "[reporting]",
        "enabled = false  # cases come only from grid workers, who find every problem at once",
        "[detection]",
        "grid_discovery_at_full_patrol = 1.0",
        "[grid_workers]",
        "logging_minutes_per_day = 0.0",
        "publicity_minutes_per_day = 0.0",
        "followup_minutes_per_case = 0.0",
        "trivial_reports_max_per_day = 0.0",
        "[channels.grid_worker]",
        "intake_delay_days = 0.0",
        "[cadres]",
        "local_settlement = false",
        "[cameras]",
        "coverage_share = 0.0",
        "[enterprises]",
        "per_village_mean = 0.0",
        "[centre]",
        "routing_accuracy_base = 1.0",
        "cases_per_staff_per_day = 1000000.0  # ample dispatch capacity",
        "[sharing]",
        "bounce_back_probability = 0.0",
        "[department_appraisal]  # the department's effort does not change its capacity or speed",
        "closure_gaming_max = 0.0",
        "capacity_cost = 0.0",
        "speed_gain = 0.0",
        "",
        "[departments]",
        *(f"{name} = false" for name in removed_departments),
        f"[departments.{QUEUE_DEPARTMENT}]",
        "handling_days_mean = 0.0",
        "",
        "[categories]",
        *(f"{name} = false" for name in removed_categories),
        f"[categories.{QUEUE_CATEGORY}]",
        f"rate_per_1000_per_month = {QUEUE_RATE_PER_1000_PER_MONTH}",
        f'lead_department = "{QUEUE_DEPARTMENT}"',
        "assist_departments = []",
        "multi_department_probability = 0.0",
        "settleable_share = 0.0",
        "enterprise_share = 0.0",
        "camera_detectable = false",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def queue_scenario(
    village: Scenario, village_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Scenario:
    path = tmp_path_factory.mktemp("queue") / "queue.toml"
    path.write_text(_queue_toml(village, village_path), encoding="utf-8")
    scenario = govsim.load_scenario(path, search_paths=[village_path.parent])
    assert [d.name for d in scenario.departments] == [QUEUE_DEPARTMENT]
    assert [c.name for c in scenario.categories] == [QUEUE_CATEGORY]
    return scenario


def _arrival_rate(model: GovernanceModel) -> float:
    """λ from the scenario: Σ_c rate_c / 1000 / 30 × adults (cases/day)."""
    rates = sum(c.rate_per_1000_per_month for c in model.settings.categories)
    return rates / 1000.0 / DAYS_PER_MONTH * model.population.size


def _with_capacity(scenario: Scenario, capacity_per_day: float) -> Scenario:
    """Scale the department's cases/staff/day so that its capacity is ``capacity_per_day``.

    Capacity is read from the built model, so this holds whatever the staffing formula.
    """
    path = f"departments.{QUEUE_DEPARTMENT}.cases_per_staff_per_day"
    current = GovernanceModel(scenario, rng=SEED).processing.capacity[0]
    assert current > 0
    per_staff = scenario.departments[0].cases_per_staff_per_day * capacity_per_day / current
    scaled = with_overrides(scenario, {path: per_staff})
    model = GovernanceModel(scaled, rng=SEED)
    assert model.processing.capacity[0] == pytest.approx(capacity_per_day, rel=1e-9)
    return scaled


def _queue_run(scenario: Scenario, mu: float) -> tuple[RunResult, float, float]:
    """Run the queue with capacity μ; return the result, λ and the model's exact μ."""
    scaled = _with_capacity(scenario, mu)
    model = GovernanceModel(scaled, rng=SEED)
    lam = _arrival_rate(model)
    assert model.routing.capacity >= 10 * lam, "the centre must not be a bottleneck"
    result = govsim.run(scaled, days=QUEUE_DAYS, seed=SEED)
    return result, lam, float(model.processing.capacity[0])


@pytest.fixture(scope="module")
def overloaded(queue_scenario: Scenario) -> tuple[RunResult, float, float]:
    lam = _arrival_rate(GovernanceModel(queue_scenario, rng=SEED))
    return _queue_run(queue_scenario, float(round(lam / 2)))


@pytest.fixture(scope="module")
def underloaded(queue_scenario: Scenario) -> tuple[RunResult, float, float]:
    lam = _arrival_rate(GovernanceModel(queue_scenario, rng=SEED))
    return _queue_run(queue_scenario, float(round(2 * lam)))


def test_every_problem_becomes_a_case_the_same_day(
    overloaded: tuple[RunResult, float, float],
) -> None:
    result, _, _ = overloaded
    daily = result.daily
    np.testing.assert_array_equal(daily["new_cases"].to_numpy(), daily["new_problems"].to_numpy())
    cases = result.cases
    assert (cases["source"] == "grid_worker").all()
    assert (cases["bounces"] == 0).all()
    assert (cases["routing_attempts"] <= 1).all()
    assert not cases["cross_department"].any()
    assert not cases["settled_locally"].any()
    assert cases["genuine"].all()
    closed = cases["closed_day"] >= 0
    # No waiting anywhere but the department's queue: taken on ⇒ closed that day.
    assert (result.daily["centre_queue"] == 0).all()
    assert (cases.loc[~closed, "stage"] == "queued").all()


def test_arrivals_are_poisson_with_the_scenario_rate(
    overloaded: tuple[RunResult, float, float],
) -> None:
    result, lam, _ = overloaded
    arrivals = result.daily["new_cases"].to_numpy()
    n = len(arrivals)
    assert abs(arrivals.mean() - lam) <= Z * math.sqrt(lam / n), (arrivals.mean(), lam)
    # Poisson: variance = mean; the dispersion index has standard error ≈ sqrt(2 / n).
    dispersion = arrivals.var(ddof=1) / arrivals.mean()
    assert abs(dispersion - 1.0) <= Z * math.sqrt(2.0 / n), dispersion


def test_overloaded_department_serves_exactly_its_capacity(
    overloaded: tuple[RunResult, float, float],
) -> None:
    result, lam, mu = overloaded
    assert mu < 0.6 * lam
    daily = result.daily.iloc[WARM_UP_DAYS:]
    assert (daily["backlog"] > 0).all(), "the queue should never empty once it has built up"
    # Work-conserving server with capacity μ a day (μ as built, up to float rounding).
    closures = daily["closures"].to_numpy()
    np.testing.assert_array_equal(closures, np.full(len(daily), round(mu, 9)))
    assert abs(closures.sum() - mu * len(closures)) <= 1.0
    assert daily["department_queue"].equals(daily["backlog"])


def test_overloaded_backlog_grows_linearly_at_lambda_minus_mu(
    overloaded: tuple[RunResult, float, float],
) -> None:
    result, lam, mu = overloaded
    daily = result.daily.iloc[WARM_UP_DAYS:]
    n = len(daily)
    slope, _ = np.polyfit(daily.index.to_numpy(), daily["backlog"].to_numpy(), 1)
    # Least-squares slope of a random walk with drift λ − μ and step variance λ (Poisson
    # arrivals, deterministic service) has variance ≈ 6λ / (5n).
    tolerance = Z * math.sqrt(6.0 * lam / (5.0 * n))
    assert slope == pytest.approx(lam - mu, abs=tolerance)
    assert tolerance < 0.15 * (lam - mu), "the test must be able to tell linear growth apart"
    # Linear, not accelerating: the two halves grow at the same rate.
    first, second = np.array_split(daily["backlog"].to_numpy(), 2)
    growth = [(half[-1] - half[0]) / (len(half) - 1) for half in (first, second)]
    assert growth[0] == pytest.approx(growth[1], abs=2 * Z * math.sqrt(2 * lam / (n / 2)))


def test_resolved_share_is_the_resolve_probability(
    overloaded: tuple[RunResult, float, float],
) -> None:
    """The share resolved is the department's resolution chance under its diligence."""
    result, _, _ = overloaded
    closed = result.cases[result.cases["closed_day"] >= 0]
    model = GovernanceModel(result.scenario, rng=SEED)
    model.step()  # the department's diligence is set: its chance follows
    p = float(model.processing.resolve_probability[0])
    assert p > result.scenario.departments[0].resolve_probability  # diligence adds to it
    share = (closed["outcome"] == "resolved").mean()
    assert set(closed["outcome"].astype(str)) <= {"resolved", "unresolved"}
    assert share == pytest.approx(p, abs=Z * math.sqrt(p * (1 - p) / len(closed)))


def test_fractional_capacity_carries_over(queue_scenario: Scenario) -> None:
    lam = _arrival_rate(GovernanceModel(queue_scenario, rng=SEED))
    mu = math.floor(lam / 2) + 0.5
    result, _, exact_mu = _queue_run(queue_scenario, mu)
    daily = result.daily.iloc[WARM_UP_DAYS:]
    assert (daily["backlog"] > 0).all()
    closures = daily["closures"].to_numpy()
    assert set(closures.tolist()) <= {math.floor(exact_mu), math.floor(exact_mu) + 1}
    assert abs(closures.sum() - exact_mu * len(closures)) <= 1.0


def test_underloaded_backlog_stays_bounded(
    underloaded: tuple[RunResult, float, float],
) -> None:
    result, lam, mu = underloaded
    assert mu > 1.8 * lam
    daily = result.daily
    backlog = daily["backlog"].to_numpy()
    arrivals = daily["new_cases"].to_numpy()
    # Capacity is at least ⌊μ⌋ a day, so the backlog obeys Lindley's bound every day.
    previous = np.concatenate(([0.0], backlog[:-1]))
    assert (backlog <= np.maximum(0.0, previous + arrivals - math.floor(mu))).all()
    assert backlog.max() <= 10
    second_half = daily.iloc[len(daily) // 2 :]
    slope, _ = np.polyfit(second_half.index.to_numpy(), second_half["backlog"].to_numpy(), 1)
    assert abs(slope) < 0.02
    # Little's law with W ≈ 0: nearly every case closes the day it arrives.
    cases = result.cases
    assert (cases["days_to_close"] == 0).mean() > 0.99


# --------------------------------------------------------------------------------------------
# (b) Reporting off
# --------------------------------------------------------------------------------------------

REPORTING_OFF = {
    "reporting.enabled": False,
    "cameras.coverage_share": 0.0,
    "enterprises.per_village_mean": 0.0,
}


def test_reporting_off_leaves_only_grid_worker_cases(village: Scenario, cached_run: Any) -> None:
    result = cached_run(village, days=180, seed=3, overrides=REPORTING_OFF)
    cases, daily = result.cases, result.daily
    assert len(cases) > 0
    assert (cases["source"] == "grid_worker").all()
    assert (cases["channel"] == "grid_worker").all()
    assert (cases["reports"] == 1).all(), "no villager can join a case"
    for channel in Channel:
        column = daily[f"reports_{channel.label}"]
        if channel is Channel.GRID_WORKER:
            assert column.sum() == len(cases)
        else:
            assert (column == 0).all(), f"reports_{channel.label} with reporting off"
    assert (daily["camera_cases"] == 0).all()


# --------------------------------------------------------------------------------------------
# (c) Publicity alone: 1 − (1 − q)^t
# --------------------------------------------------------------------------------------------

MEETING_CHANNEL = "village_meetings"  # reaches every resident adult with weight 1
REACH = 0.01
PERSUASION = 0.5
DIFFUSION_DAYS = 300
DIFFUSION_SEEDS = (SEED, SEED + 1, SEED + 2, SEED + 3)


def _publicity_channels(scenario: Scenario) -> list[str]:
    suffix = ".max_daily_reach"
    return [
        row.path.removeprefix("publicity.").removesuffix(suffix)
        for row in iter_fields(scenario)
        if row.path.startswith("publicity.") and row.path.endswith(suffix)
    ]


def _no_other_awareness(scenario: Scenario) -> dict[str, Any]:
    return {
        "publicity.word_of_mouth_rate": 0.0,
        "grid_workers.publicity_minutes_per_day": 0.0,
        "meetings.attendance_probability": 0.0,
        "meetings.livestream": False,
        "reporting.enabled": False,  # irrelevant to awareness; makes the run cheaper
        "publicity.forgetting_half_life_days": 0.0,  # nobody forgets: the geometric law is exact
    }


def test_awareness_from_publicity_alone_follows_geometric_law(village: Scenario) -> None:
    """Without word of mouth the aware count is Binomial(candidates, 1 − (1 − q)^t) per run.

    Pooled over DIFFUSION_SEEDS independent villages (a single village's path is one random walk;
    pooling keeps the Z-tolerance meaningful without depending on one seed's luck).
    """
    channels = _publicity_channels(village)
    assert MEETING_CHANNEL in channels
    overrides = _no_other_awareness(village)
    for channel in channels:
        chosen = channel == MEETING_CHANNEL
        overrides[f"publicity.{channel}.budget_share"] = 1.0 if chosen else 0.0
        overrides[f"publicity.{channel}.max_daily_reach"] = REACH if chosen else 0.0
        overrides[f"publicity.{channel}.persuasion"] = PERSUASION if chosen else 0.0
        overrides[f"publicity.{channel}.cost_per_contact_cny"] = 0.001  # money is no limit
    scenario = with_overrides(village, overrides)
    q = REACH * PERSUASION
    days = np.array([9, 49, 149, DIFFUSION_DAYS - 1])
    p = 1.0 - (1.0 - q) ** (days + 1)  # end of day `day`: day + 1 daily chances
    excess = np.zeros(len(days))  # observed − expected newly aware, summed over runs
    variance = np.zeros(len(days))
    for seed in DIFFUSION_SEEDS:
        model = GovernanceModel(scenario, rng=seed)
        pop = model.population
        aware_at_start = pop.aware.copy()
        resident = ~pop.migrant
        model.run_days(DIFFUSION_DAYS)

        # Only residents are reachable; the unaware migrants stay unaware.
        assert not pop.aware[~resident & ~aware_at_start].any()
        assert pop.aware[aware_at_start].all(), "awareness is never lost"
        candidates = int(np.count_nonzero(resident & ~aware_at_start))
        aware = model.recorder.frame()["awareness_share"].to_numpy()[days] * pop.size
        excess += aware - np.count_nonzero(aware_at_start) - candidates * p
        variance += candidates * p * (1 - p)
    z = excess / np.sqrt(variance)
    assert np.all(np.abs(z) < Z), dict(zip(days.tolist(), z.round(2).tolist(), strict=True))


def test_zero_publicity_means_no_new_awareness(village: Scenario) -> None:
    overrides = _no_other_awareness(village)
    for channel in _publicity_channels(village):
        overrides[f"publicity.{channel}.max_daily_reach"] = 0.0
    result = govsim.run(with_overrides(village, overrides), days=90, seed=SEED)
    share = result.daily["awareness_share"]
    assert (share == share.iloc[0]).all()
