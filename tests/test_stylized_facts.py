"""Stylized facts 1-12 of DOMAIN.md §5 as seeded, paired comparisons (issue 3, "Validation").

Every test runs a *township* (``scenarios/village.toml`` or a lever file over the baseline, shrunk
to 10-30 villages of ~1,000 adults; see ``tests/_validation.py``) under two or more arms with the
same seed list (common random numbers). It asserts the direction of the mean paired difference,
that the difference has that sign in at least 75% of seeds, and a one-sided paired t-test at
α = 0.01 — and, where DOMAIN.md gives one, the rough size. Observed sizes quoted in docstrings
are from the seeds below on the model as of this commit.

All tests are ``slow`` (run with ``pytest -m slow -n 2``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

import govsim
from _validation import (
    BASELINE,
    SCENARIOS_DIR,
    VILLAGE,
    Paired,
    assert_greater,
    assert_less,
    category_overrides,
    department_overrides,
    load,
    metric,
    models,
    runs,
    shared_json,
    staffing_overrides,
    summary,
    township,
    villager_reports,
    villager_reports_per_30_days,
)
from govsim import GovernanceModel, RunResult, Scenario
from govsim.enums import AgeBand

pytestmark = pytest.mark.slow

YEAR = 365
HALF = YEAR // 2
SEEDS_12 = list(range(1001, 1013))
SEEDS_10 = SEEDS_12[:10]
SEEDS_8 = SEEDS_12[:8]
SEEDS_6 = SEEDS_12[:6]
SEEDS_4 = SEEDS_8[:4]
SEEDS_3 = SEEDS_8[:3]

_VILLAGE_SCENARIO = govsim.load_scenario(VILLAGE)


# ----------------------------------------------------------------------------------------------
# 1. Responsiveness feeds participation
# ----------------------------------------------------------------------------------------------

HIGH_RESOLUTION = 0.95
LOW_RESOLUTION = 0.05


#: The baseline's spin-up, for the facts read from the status quo's steady state.
SPIN_UP = 730


def _resolution_arms() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, p in (("high", HIGH_RESOLUTION), ("low", LOW_RESOLUTION)):
        # from the spun-up status quo (steady awareness and beliefs), the departments' record
        # changes on day 0 of the report
        changes = department_overrides(_VILLAGE_SCENARIO, "resolve_probability", p)
        scenario = load(
            VILLAGE,
            township(20, spin_up_days=SPIN_UP, rollouts=[{"day": 0, "changes": changes}]),
        )
        results = runs(scenario, SEEDS_8, 2 * YEAR)
        out[name] = {
            "trust": metric(
                results, lambda r: float(r.daily["mean_trust"].iloc[YEAR - 1])
            ).tolist(),
            "efficacy": metric(
                results, lambda r: float(r.daily["mean_efficacy"].iloc[YEAR - 1])
            ).tolist(),
            "reports_first_half": metric(
                results, lambda r: villager_reports_per_30_days(r, 0, HALF)
            ).tolist(),
            "reports_last_half": metric(
                results, lambda r: villager_reports_per_30_days(r, 2 * YEAR - HALF, 2 * YEAR)
            ).tolist(),
        }
    return out


@pytest.fixture(scope="session")
def resolution_arms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, np.ndarray]]:
    """All nine departments resolve with 0.95 vs 0.05 from day 0 after the status quo's two-year
    spin-up; 20 villages, two years, 8 seeds.

    Computed once per session even under pytest-xdist (three tests read it).
    """
    data = shared_json(tmp_path_factory, "fact01_resolution_arms", _resolution_arms)
    return {arm: {k: np.asarray(v) for k, v in values.items()} for arm, values in data.items()}


def test_fact01a_resolution_raises_trust_and_efficacy(
    resolution_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 1 (trust part): higher resolution raises trust and efficacy.

    Operationalisation: resolve_probability of every department 0.95 vs 0.05; mean trust and
    efficacy at the end of the first year. Seeds 1001-1008, 20 villages. Observed: see
    ``pytest -rP`` (trust ≈ 0.58 vs 0.42, efficacy ≈ 0.48 vs 0.34 after a year, every seed).
    """
    high, low = resolution_arms["high"], resolution_arms["low"]
    assert_greater(high["trust"], low["trust"], "trust")
    assert_greater(high["efficacy"], low["efficacy"], "efficacy")


def test_fact01b_resolution_raises_later_reporting(
    resolution_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 1 (participation part): higher resolution raises *later* reporting.

    Operationalisation: villagers' own reports (``villager_reports``: any channel, duplicates
    included; grid workers' discoveries excluded, since they do not depend on villagers'
    beliefs) per 30 days in the last half-year of two, resolve_probability 0.95 vs 0.05 in
    every department. Seeds 1001-1008, 20 villages. Observed: ≈ 1,250 vs 850 per half-year
    (≈ +45%), every seed.
    """
    high, low = resolution_arms["high"], resolution_arms["low"]
    assert_greater(
        high["reports_last_half"], low["reports_last_half"], "last-half villager reports"
    )


def test_fact01c_persistent_non_resolution_collapses_reporting(
    resolution_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 1 (collapse part): persistent non-resolution wears reporting down.

    Operationalisation: from the status quo's steady state, resolve_probability 0.05 in every
    department from day 0; villagers' reports per 30 days fall from the first to the last
    half-year of two (on average and in at least 75% of seeds), and end below the responsive
    arm's in every seed and by at least 5% on average. (Unresolved problems stay live and are
    re-reported, which holds the supply of reports up; the fall is in the willingness to
    report.) Seeds 1001-1008, 20 villages. Observed: the unresponsive arm ends at 0.88-0.96 of
    the responsive one (mean 0.92). A *collapse* it is not: calibrated to the repeat-reporting
    effect (Sjoberg et al. 2017: a fixed first report makes another 57% likelier), one unfixed
    report discourages a reporter by about a third, and beliefs return towards dispositions
    with a two-year half-life (docs/model.md §1.3 says so).
    """
    high, low = resolution_arms["high"], resolution_arms["low"]
    falling = low["reports_last_half"] / low["reports_first_half"]
    detail = f"last/first half-year under non-resolution: {falling.round(3)}"
    assert falling.mean() < 1.0, detail
    assert np.mean(falling < 1.0) >= 0.75, detail
    relative = low["reports_last_half"] / high["reports_last_half"]
    detail = f"unresponsive / responsive, last half-year: {relative.round(3)}"
    assert np.all(relative < 1.0), detail
    assert relative.mean() <= 0.95, detail


# ----------------------------------------------------------------------------------------------
# 2. Familiar channels beat the website, most among the elderly and offline
# ----------------------------------------------------------------------------------------------


def _awareness_by_group(model: govsim.GovernanceModel) -> dict[str, float]:
    pop = model.population
    old = pop.age_band == AgeBand.AGE_60_PLUS
    return {
        "all": float(pop.aware.mean()),
        "60_plus": float(pop.aware[old].mean()),
        "under_60": float(pop.aware[~old].mean()),
        "offline": float(pop.aware[~pop.smartphone].mean()),
        "online": float(pop.aware[pop.smartphone].mean()),
    }


def test_fact02_familiar_channels_beat_website_most_for_elderly_and_offline() -> None:
    """Fact 2: familiar channels beat the website for awareness, most among the elderly/offline.

    Operationalisation: ``familiar_publicity.toml`` (same budget moved from the website to
    TV/radio, party members, WeChat; plain language; 30 min/day door to door) vs
    ``baseline.toml``, 20 villages, one year, seeds 1001-1006. End awareness overall, and the gain
    for 60+ vs under-60 and for villagers without vs with a smartphone (paired differences of
    gains). Observed: overall 0.40 → 0.74 (+0.34); gain 60+ +0.41 vs under-60 +0.32; gain
    offline +0.37 vs online +0.33 (every seed).
    """
    groups: dict[str, list[dict[str, float]]] = {}
    for name, path in (
        ("baseline", BASELINE),
        ("familiar", SCENARIOS_DIR / "familiar_publicity.toml"),
    ):
        groups[name] = [
            _awareness_by_group(m) for m in models(load(path, township(20)), SEEDS_8, YEAR)
        ]

    def column(name: str, key: str) -> np.ndarray:
        return np.array([g[key] for g in groups[name]])

    def gain(key: str) -> np.ndarray:
        return column("familiar", key) - column("baseline", key)

    overall = assert_greater(column("familiar", "all"), column("baseline", "all"), "awareness")
    assert overall.mean_diff > 0.1, overall.describe()
    assert_greater(gain("60_plus"), gain("under_60"), "awareness gain: 60+ vs under 60")
    assert_greater(gain("offline"), gain("online"), "awareness gain: no smartphone vs smartphone")


# ----------------------------------------------------------------------------------------------
# 3. Count-based appraisal inflates trivial reports and crowds out serious problems
# ----------------------------------------------------------------------------------------------

SEVERE = 0.6


def _severe_resolved_within_sla(result: RunResult) -> float:
    cases = result.cases
    severe = cases[cases["genuine"] & (cases["severity"] >= SEVERE)]
    good = severe["outcome"].isin(["resolved", "settled_locally"])
    return float((good & (severe["days_to_close"] <= severe["sla_days"])).mean())


def _trivial_reports(result: RunResult) -> float:
    return float((~result.cases["genuine"]).sum())


#: Departments staffed at this share of the baseline for fact 3 (utilisation ≈ 0.75-1): crowding
#: out needs capacity that binds; the baseline's headroom (utilisation 0.5-0.7) leaves little to
#: crowd.
THIN_STAFFING = 0.65


def test_fact03_count_appraisal_inflates_trivial_reports_and_crowds_out_serious_ones() -> None:
    """Fact 3: count-based appraisal inflates trivial reports, crowds capacity, and lowers the
    resolution of serious problems; audits and result-based appraisal reverse it.

    Operationalisation: ``baseline.toml`` (count weight 0.7, no audits) vs
    ``result_appraisal.toml`` (count 0.2, resolution 0.5, satisfaction 0.3, 20% audited) and vs
    the baseline with audits alone (audit_rate 0.3, seeds 1001-1008); 20 villages, one year,
    seeds 1001-1012, departments staffed at 0.65 × the baseline (capacity binds; at the
    baseline's headroom the crowding-out is +0.01, p = 0.16). Grid workers start at the gain
    their rule pays a trivial report
    and learn from what it earns them (audits alone are learnt from the workers' catches).
    Metrics: trivial (non-genuine) cases, genuine share, and the share of severe genuine cases
    (severity ≥ 0.6) resolved within their time limit. Observed: trivial 389 vs 66 (result-based),
    398 vs 271 (audits alone); genuine share 0.82 vs 0.96; severe resolved in time ≈ 0.67 vs
    0.70 (+0.04) (2026-12-01, after issue 11's recalibration).
    """
    thin = staffing_overrides(_VILLAGE_SCENARIO, THIN_STAFFING)
    count = runs(load(BASELINE, township(20, **thin)), SEEDS_12, YEAR)
    result = runs(
        load(SCENARIOS_DIR / "result_appraisal.toml", township(20, **thin)), SEEDS_12, YEAR
    )
    audited = runs(load(BASELINE, township(20, **{"appraisal.audit_rate": 0.3})), SEEDS_8, YEAR)

    inflation = assert_greater(
        metric(count, _trivial_reports), metric(result, _trivial_reports), "trivial reports"
    )
    assert inflation.relative > 1.0, (
        f"count-based at least doubles trivial reports: {inflation.describe()}"
    )
    assert_less(
        metric(count, summary("genuine_share")),
        metric(result, summary("genuine_share")),
        "genuine share",
    )
    assert_less(
        metric(count, _severe_resolved_within_sla),
        metric(result, _severe_resolved_within_sla),
        "severe cases resolved within the time limit",
    )
    assert_greater(
        metric(count[: len(SEEDS_8)], _trivial_reports),
        metric(audited, _trivial_reports),
        "trivial reports vs audits",
    )


# ----------------------------------------------------------------------------------------------
# 4. Data standard and responsibility lists cut delay and bouncing, with diminishing returns
# ----------------------------------------------------------------------------------------------


CAP_DAYS = 30  # long tails (escalations, repeated bounces) are capped so they do not swamp the mean


def _cross_department_days(result: RunResult) -> float:
    """Mean days to close of resolved cross-department cases, each capped at 30 days."""
    cases = result.cases
    done = cases[cases["cross_department"] & (cases["outcome"] == "resolved")]
    return float(done["days_to_close"].clip(upper=CAP_DAYS).mean())


def test_fact04_data_standard_and_lists_cut_delay_and_bouncing_with_diminishing_returns() -> None:
    """Fact 4: a unified data standard and responsibility lists cut cross-department delay and
    bouncing, with diminishing returns.

    Operationalisation: ``village.toml``, 20 villages, one year, seeds 1001-1012, roll-out at once.
    (a) With full responsibility lists, data_standard_share 0 → 0.5 → 1.0 (0, 4, 9 of the 9
    departments adopt; which 4 is random per seed): mean days to close of resolved
    cross-department cases (capped at 30 days). Asserted at α = 0.01: full and half adoption
    each cut the delay against none. Asserted at 0.05 (a second difference over the shared
    middle arm): the cut of the first half of adoption exceeds that of the second, in absolute
    terms and per adopting department. The second half's own cut (≈ 1 day) is
    asserted in direction only (mean paired difference > 0): it is within seed noise at this
    sample. (b) Lists 0.3 → 1.0 (no standard) lower bounces per case. The standard does not
    change bounce *counts* by design (it halves a bounce's delay via forwarding), so bouncing
    is tested against the lists. Observed: 13.7 → 10.2 → 9.2 days (cuts 3.5 then 1.0, first
    larger in 83% of seeds, p ≈ 0.02); bounces ≈ 0.27 → 0.08 per case.
    """
    days: dict[float, np.ndarray] = {}
    adopters: dict[float, int] = {}
    lists_full: dict[float, list[RunResult]] = {}
    for share in (0.0, 0.5, 1.0):
        scenario = load(
            VILLAGE,
            township(
                20,
                **{
                    "sharing.data_standard_share": share,
                    "sharing.standard_rollout_days": 0,
                    "sharing.responsibility_list_coverage": 1.0,
                },
            ),
        )
        adopters[share] = round(share * len(scenario.departments))
        lists_full[share] = runs(scenario, SEEDS_12, YEAR)
        days[share] = metric(lists_full[share], _cross_department_days)
    assert_greater(days[0.0], days[1.0], "cross-department days: standard 0 → 1")
    first = assert_greater(days[0.0], days[0.5], "cross-department days: standard 0 → 0.5")
    second = Paired(days[0.5], days[1.0])
    assert second.mean_diff > 0, f"cross-department days: standard 0.5 → 1: {second.describe()}"
    # Diminishing returns: a second difference over the shared middle arm, whose noise (and the
    # random choice of the 4 first adopters) enters twice — tested at the looser 0.05 level.
    assert_greater(
        first.diff, second.diff, "cut of the first vs the second half of adoption", alpha=0.05
    )
    assert_greater(
        first.diff / (adopters[0.5] - adopters[0.0]),
        second.diff / (adopters[1.0] - adopters[0.5]),
        "cut per adopting department, first vs second half",
        alpha=0.05,
    )

    partial = runs(
        load(VILLAGE, township(20, **{"sharing.responsibility_list_coverage": 0.3})),
        SEEDS_4,
        YEAR,
    )
    bounces = summary("bounces_per_case")
    assert_greater(
        metric(partial, bounces),
        metric(lists_full[0.0][: len(SEEDS_4)], bounces),
        "bounces per case: lists 0.3 vs 1",
    )


# ----------------------------------------------------------------------------------------------
# 5. Digital-only channels widen the 60+ participation gap
# ----------------------------------------------------------------------------------------------


def _share_of_villager_reports_by_60_plus(result: RunResult) -> float:
    cases = result.cases
    opened = cases[cases["source"] == "villager"]
    return float((opened["reporter_age_band"] == "age_60_plus").mean())


DIGITAL_ONLY = {
    f"channels.{name}.utility": -20.0 for name in ("hotline", "grid_worker", "village_committee")
}


def _digital_arms() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, extra in (("baseline", {}), ("digital_only", DIGITAL_ONLY)):
        results = runs(load(VILLAGE, township(20, **extra)), SEEDS_10, YEAR)
        out[name] = {
            "gap": metric(results, summary("reporting_gap_60_plus")).tolist(),
            "share_60_plus": metric(results, _share_of_villager_reports_by_60_plus).tolist(),
        }
    return out


@pytest.fixture(scope="session")
def digital_arms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, np.ndarray]]:
    """``village.toml`` vs digital-only channels; 20 villages, one year, seeds 1001-1010."""
    data = shared_json(tmp_path_factory, "fact05_digital_arms", _digital_arms)
    return {arm: {k: np.asarray(v) for k, v in values.items()} for arm, values in data.items()}


def test_fact05a_digital_only_channels_skew_reporting_away_from_the_60_plus(
    digital_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 5 (reporting part): digital-only channels widen the 60+ gap in reporting.

    Operationalisation: ``village.toml`` vs the same with the non-digital channels (hotline,
    grid worker, village committee) made unattractive (utility −20: practically never used, and
    they add nothing to the ease of reporting), leaving WeChat and the app; 20 villages, one
    year, seeds 1001-1010. Metric: the 60+ share of villager-opened cases. Observed: 0.295 →
    0.102 (every seed).
    """
    base, digital = digital_arms["baseline"], digital_arms["digital_only"]
    assert_less(digital["share_60_plus"], base["share_60_plus"], "60+ share of villager reports")


def test_fact05b_digital_only_channels_widen_the_60_plus_participation_gap(
    digital_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 5 (participation part): digital-only channels widen the 60+ participation gap.

    Same arms as 05a. Metric: ``reporting_gap_60_plus`` — among resident adults, the share
    under 60 who reported in the last 90 days minus the share of the 60+ (participation through
    reporting; meeting attendance, which channels do not touch, is left out). Observed: see
    ``pytest -rP``.
    """
    base, digital = digital_arms["baseline"], digital_arms["digital_only"]
    assert_greater(digital["gap"], base["gap"], "reporting gap (under 60 − 60+)")


# ----------------------------------------------------------------------------------------------
# 6. About 90% of hotline intake by phone
# ----------------------------------------------------------------------------------------------


def test_fact06_about_90_percent_of_12345_intake_by_phone() -> None:
    """Fact 6: about 90% of the 12345 hotline's intake arrives by phone (the rest by app/web).

    Operationalisation: ``village.toml`` (baseline settings), 30 villages, one year, seeds
    1001-1004: ``hotline_phone_share_of_12345`` in [0.85, 0.95] in every seed. Observed
    ≈ 0.91 (0.903-0.923 over exploratory seeds 0-3).
    """
    shares = metric(
        runs(load(VILLAGE, township(30)), SEEDS_4, YEAR), summary("hotline_phone_share_of_12345")
    )
    assert np.all((shares >= 0.85) & (shares <= 0.95)), shares


# ----------------------------------------------------------------------------------------------
# 7. Platforms that don't fit needs lose users quickly
# ----------------------------------------------------------------------------------------------


def test_fact07_platforms_that_do_not_fit_needs_lose_users_quickly() -> None:
    """Fact 7: platforms that don't fit needs lose users quickly.

    Operationalisation: ``apps.needs_fit`` 0.15 vs 0.9, ``village.toml``, 30 villages, one year,
    seeds 1001-1004: 3-month retention and the monthly-active share of registered users are
    higher with high fit, and with low fit most registered users are gone within 3 months
    (retention < 0.25). Observed: retention 0.05 vs 0.94; monthly active 0.20 vs 0.94.
    """
    low = runs(load(VILLAGE, township(30, **{"apps.needs_fit": 0.15})), SEEDS_4, YEAR)
    high = runs(load(VILLAGE, township(30, **{"apps.needs_fit": 0.9})), SEEDS_4, YEAR)
    retention = summary("app_retention_3_months")
    assert_greater(metric(high, retention), metric(low, retention), "3-month retention")
    assert_greater(
        metric(high, summary("app_monthly_active_share")),
        metric(low, summary("app_monthly_active_share")),
        "monthly actives",
    )
    assert np.all(metric(low, retention) < 0.25), metric(low, retention)


# ----------------------------------------------------------------------------------------------
# 8. A thin hub makes backlog grow non-linearly with load
# ----------------------------------------------------------------------------------------------

LOADS = (0.5, 1.0, 2.25, 3.0)


def test_fact08_thin_hub_backlog_grows_nonlinearly_with_load() -> None:
    """Fact 8: a thin hub (centre/department capacity) makes backlog grow non-linearly with load.

    Operationalisation: every category's problem rate × 0.5, 1.0, 2.25, 3.0 (load multiplier)
    at baseline capacity, ``village.toml``, 20 villages, one year, seeds 1001-1006; end backlog
    (open cases). The status quo runs its departments at utilisation 0.5-0.7, so the knee lies
    beyond twice the load. Convexity: the backlog added between loads 1.0 and 2.25 exceeds three
    times that added between 0.5 and 1.0 (and so does 2.25 → 3.0). Observed: ≈ 16, 27, 473, 1444
    open cases (increments ≈ 11, 446, 971): a knee where the departments' utilisation passes 1.
    """
    backlog: dict[float, np.ndarray] = {}
    for load_factor in LOADS:
        overrides = category_overrides(_VILLAGE_SCENARIO, "rate_per_1000_per_month", load_factor)
        backlog[load_factor] = metric(
            runs(load(VILLAGE, township(20, **overrides)), SEEDS_6, YEAR), summary("backlog_end")
        )
    assert_greater(backlog[1.0], backlog[0.5], "backlog 1.0 vs 0.5")
    low_step = backlog[1.0] - backlog[0.5]
    print("fact 8 backlog by load:", {k: v.round(1).tolist() for k, v in backlog.items()})
    assert_greater(
        backlog[2.25] - backlog[1.0], 3.0 * low_step, "backlog added 1.0 → 2.25 vs 3 × (0.5 → 1.0)"
    )
    assert_greater(
        backlog[3.0] - backlog[2.25], 3.0 * low_step, "backlog added 2.25 → 3.0 vs 3 × (0.5 → 1.0)"
    )


# ----------------------------------------------------------------------------------------------
# 9. Material rewards have weak, saturating effects
# ----------------------------------------------------------------------------------------------


def test_fact09_material_rewards_weak_and_saturating() -> None:
    """Fact 9: material rewards have weak, saturating effects.

    Operationalisation: points on, 10 points per validated report at 0, 2 and 10 CNY a point
    (rewards 0, 20, 100 CNY), points budget ample (1,000 CNY/adult/year, so it never binds),
    ``village.toml``, 30 villages, one year, seeds 1001-1008. Metric: reports filed by villagers
    (opened cases + duplicates). Asserted at α: the largest reward raises reports; saturation —
    the gain per CNY of the first 20 CNY exceeds that of the next 80 CNY; weak — the total effect
    is below +50%. Observed: 2,761 → 3,112 reports at 100 CNY (+12.7%, every seed); 10.8
    reports per CNY over the first 20 CNY vs 1.7 over the next 80.
    """

    def arm(cny_per_point: float) -> np.ndarray:
        overrides = {
            "incentives.points_enabled": True,
            "incentives.cny_per_point": cny_per_point,
            "incentives.budget_cny_per_adult_per_year": 1000.0,
        }
        scenario = load(VILLAGE, township(30, **overrides))
        return metric(runs(scenario, SEEDS_8, YEAR), villager_reports)

    none, medium, large = arm(0.0), arm(2.0), arm(10.0)
    total = assert_greater(large, none, "villager reports: 100 CNY vs no reward")
    assert_greater(
        (medium - none) / 20.0, (large - medium) / 80.0, "reports per CNY: first 20 vs next 80"
    )
    assert total.relative < 0.5, f"material rewards have weak effects: {total.describe()}"


# ----------------------------------------------------------------------------------------------
# 10. Thresholds and hysteresis
# ----------------------------------------------------------------------------------------------

STAFFING_SWEEP = (0.5, 0.7, 0.85, 1.0, 1.15, 1.3, 1.6)


def _staffed(factor: float, **overrides: Any) -> Scenario:
    """``village.toml`` × 20 villages with every department's staffing × ``factor``."""
    staffing = staffing_overrides(_VILLAGE_SCENARIO, factor)
    return load(VILLAGE, township(20, **staffing, **overrides))


def test_fact10a_threshold_in_capacity_for_joint_action() -> None:
    """Fact 10 (threshold): collaboration shows a threshold in its control parameters.

    Order parameter (Haken; DOMAIN §2): ``order_parameter`` — the share of cross-department
    cases resolved jointly within the time limit. Control parameter: capacity for joint action
    (Emerson et al. 2012) — every department's staffing × 0.5 ... 1.6 of the baseline;
    ``village.toml``, an isolated county of 20 villages (as fact 10c: the whole county is
    simulated, so thin capacity binds on every case; in a sample of a larger county the
    simulated villages' escalated cases jump the rest of the county's queue, docs/model.md
    §5.8), one year, seeds 1001-1003 (averaged). A threshold shows as a steep region: the
    steepest segment's slope at least twice the whole sweep's, with a plateau above it.
    Observed: see ``pytest -rP`` — a knee where staffing meets the load, flat beyond.
    """
    order = []
    for factor in STAFFING_SWEEP:
        scenario = _staffed(factor, **{"county.villages_in_county": 20})
        order.append(metric(runs(scenario, SEEDS_3, YEAR), summary("order_parameter")).mean())
    levels = np.array(STAFFING_SWEEP)
    values = np.array(order)
    print(f"order parameter by staffing {STAFFING_SWEEP}: {values.round(3)}")
    slopes = np.diff(values) / np.diff(levels)
    overall = (values[-1] - values[0]) / (levels[-1] - levels[0])
    assert overall > 0, values
    assert slopes.max() >= 2.0 * overall, (
        f"order parameter {values.round(3)}; slopes {slopes.round(3)} vs {overall:.3f}"
    )
    plateau = values[-1] - values[levels >= 1.15][0]
    assert plateau < 0.2 * (values[-1] - values[0]), f"no plateau: {values.round(3)}"


HYSTERESIS_STAFFING = 1.3  # on the plateau of the threshold sweep: capacity is not what binds


def _joint_in_time(model: GovernanceModel, first_day: int, last_day: int) -> float:
    """Order parameter over cross-department cases created in [first_day, last_day)."""
    cases = model.ledger.to_frame()
    joint = cases[
        cases["cross_department"]
        & cases["genuine"]
        & ~cases["settled_locally"]
        & cases["created_day"].between(first_day, last_day - 1)
    ]
    good = (joint["outcome"] == "resolved") & (joint["days_to_close"] <= joint["sla_days"])
    return float(good.mean())


def _relations_after_years(
    scenario: Scenario, seed: int, staffing_by_year: Sequence[float]
) -> tuple[list[float], GovernanceModel]:
    """Mean department relations at the end of each year; staffing rescaled at each year start."""
    model = GovernanceModel(scenario, rng=seed, datacollection=False)
    base = {d.name: d.staff_per_100k_adults / staffing_by_year[0] for d in scenario.departments}
    ends = []
    for factor in staffing_by_year:
        model.apply_levers(
            {
                f"departments.{name}.staff_per_100k_adults": staff * factor
                for name, staff in base.items()
            }
        )
        model.run_days(YEAR)
        ends.append(float(model.departments.relations.mean()))
    return ends, model


def test_fact10b_two_stable_states_of_joint_working() -> None:
    """Fact 10 (hysteresis, i): under the same control values, departments that start from a
    prehistory of conflict and from one of cooperation end in different states that persist.

    Operationalisation: ``sharing.relations_initial`` 0.1 vs 0.9, every department staffed at
    1.3 × the baseline (the plateau of the threshold sweep), ``village.toml``, 20 villages, three
    years, seeds 1001-1003. Asserted, every seed: at the end of each year the low start stays
    below the cooperation threshold 0.35 (relations < 0.3) and the high start above it (> 0.5);
    in the third year the order parameter differs by more than 0.3. Observed (seeds 1001-1003):
    relations at the year ends 0.09 / 0.04 / 0.04, 0.09 / 0.07 / 0.04, 0.12 / 0.06 / 0.05 vs
    0.76 / 0.70 / 0.71, 0.79 / 0.69 / 0.58, 0.80 / 0.68 / 0.68; third-year order parameter 0.05,
    0.03, 0.03 vs 0.60, 0.48, 0.51. Mechanism
    (:mod:`govsim.processes.relations`): stalled coordination makes joint cases late, and late joint
    cases keep relations below the threshold; cooperation keeps them on time, which keeps it.
    """
    for seed in SEEDS_3:
        low, low_model = _relations_after_years(
            _staffed(HYSTERESIS_STAFFING, **{"sharing.relations_initial": 0.1}), seed, [1.0] * 3
        )
        high, high_model = _relations_after_years(
            _staffed(HYSTERESIS_STAFFING, **{"sharing.relations_initial": 0.9}), seed, [1.0] * 3
        )
        assert max(low) < 0.3, (seed, low)
        assert min(high) > 0.5, (seed, high)
        gap = _joint_in_time(high_model, 2 * YEAR, 3 * YEAR - 60) - _joint_in_time(
            low_model, 2 * YEAR, 3 * YEAR - 60
        )
        assert gap > 0.3, (seed, gap)


#: The staffing cut of fact 10c (× baseline): deep enough that the departments' queues grow for
#: a year (utilisation ≈ 1.2-1.6; 0.6 × when a case-handler took on 2.1 cases a day, now 2.6).
CUT = 0.4
COOPERATION_THRESHOLD = 0.35  # sharing.cooperation_threshold


def test_fact10c_hysteresis_loop_in_staffing() -> None:
    """Fact 10 (hysteresis, ii): a staffing cut that is later reversed leaves collaboration
    broken — the state depends on the path of the control parameter, not only on its value.

    Operationalisation: ``village.toml``, 20 villages, baseline working relations (0.5), seeds
    1001-1003. Path: staffing 1.3 × baseline for a year, 0.4 × for a year, 1.3 × again for a
    year; control: 1.3 × throughout (common random numbers). Asserted, every seed: the control
    ends each year above the cooperation threshold 0.35 (relations > 0.4); the cut drives
    relations below it by the end of the second year, and they keep falling in the third
    (< 0.2) although staffing is back; in the third year the order parameter of the path run is
    lower than the control's by more than 0.3. A county of 20 villages on its own.
    Observed (seeds 1001-1003): path 0.62 / 0.20 / 0.08, 0.64 / 0.24 / 0.09, 0.65 / 0.21 / 0.10
    vs control 0.62 / 0.66 / 0.63, 0.64 / 0.68 / 0.67, 0.65 / 0.63 / 0.68; third-year order
    parameter 0.02, 0.01, 0.03 vs 0.50, 0.51, 0.60.
    """
    for seed in SEEDS_3:
        # a county of 20 villages on its own: in a sample of a larger county the background
        # cases never escalate, so under a deep cut the sample's escalated cases would jump the
        # saturated queues (docs/model.md §10.1)
        scenario = _staffed(HYSTERESIS_STAFFING, **{"county.villages_in_county": 20})
        path, path_model = _relations_after_years(scenario, seed, [1.0, CUT / 1.3, 1.0])
        control, control_model = _relations_after_years(scenario, seed, [1.0, 1.0, 1.0])
        assert min(control) > 0.4, (seed, control)
        assert path[0] > 0.4, (seed, path)
        assert path[1] < COOPERATION_THRESHOLD, (seed, path)
        assert path[2] < 0.2, (seed, path)
        gap = _joint_in_time(control_model, 2 * YEAR, 3 * YEAR - 60) - _joint_in_time(
            path_model, 2 * YEAR, 3 * YEAR - 60
        )
        assert gap > 0.3, (seed, gap)


# ----------------------------------------------------------------------------------------------
# 11. Settling small matters in the village cuts centre load
# ----------------------------------------------------------------------------------------------


def _cases_reaching_centre(result: RunResult) -> float:
    return float((result.cases["routing_attempts"] > 0).sum())


def test_fact11_local_settlement_cuts_centre_load() -> None:
    """Fact 11: settling small matters in the village cuts load at the centre (Fengqiao).

    Operationalisation: ``cadres.local_settlement`` on vs off, ``village.toml``, 20 villages,
    one year, seeds 1001-1006; cases dispatched by the centre at least once (routing attempts >
    0). Observed: 1,930 vs 2,182 (−11.6%, every seed).
    """
    on = runs(load(VILLAGE, township(20, **{"cadres.local_settlement": True})), SEEDS_6, YEAR)
    off = runs(load(VILLAGE, township(20, **{"cadres.local_settlement": False})), SEEDS_6, YEAR)
    cut = assert_less(
        metric(on, _cases_reaching_centre), metric(off, _cases_reaching_centre), "centre load"
    )
    assert cut.relative > 0.05, cut.describe()


# ----------------------------------------------------------------------------------------------
# 12. Livestreamed meetings raise migrants' participation
# ----------------------------------------------------------------------------------------------


def _migrants(model: GovernanceModel) -> dict[str, float]:
    """What livestreamed meetings could change for migrants, read at the end of the run."""
    pop = model.population
    summary = govsim.metrics.summarise(
        model,
        [
            "migrant_participation_share",
            "ownership_share_migrants",
            "mean_trust_migrants",
            "mean_efficacy_migrants",
        ],
    )
    return {**summary, "awareness_migrants": float(pop.aware[pop.migrant].mean())}


def _livestream_arms() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for arm, path in (("base", BASELINE), ("live", SCENARIOS_DIR / "livestream_meetings.toml")):
        measured = [_migrants(m) for m in models(load(path, township(20)), SEEDS_8, YEAR)]
        out[arm] = {name: [m[name] for m in measured] for name in measured[0]}
    return out


@pytest.fixture(scope="session")
def livestream_arms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, np.ndarray]]:
    """``livestream_meetings.toml`` vs ``baseline.toml``, 20 villages, one year, 8 seeds (CRN).

    Computed once per session even under pytest-xdist (two tests read it).
    """
    data = shared_json(tmp_path_factory, "fact12_livestream_arms", _livestream_arms)
    return {arm: {k: np.asarray(v) for k, v in values.items()} for arm, values in data.items()}


def test_fact12_livestreamed_meetings_make_migrants_governance_subjects(
    livestream_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Fact 12: livestreamed meetings raise migrant workers' participation — shown downstream.

    Attending is the treatment, not the outcome (counting attendance as participation would be
    true by definition). What a migrant takes home from a meeting, through the model's rules
    (§7.3): dialogue builds trust and may give ownership, the village's record moves trust and
    efficacy, and the meeting informs of the policy (§7.2). The outcome is the seeds' own measure
    of taking part in governance — seeing oneself as a main body of governance (ownership) —
    with trust, efficacy and policy awareness among migrants.

    Operationalisation: ``livestream_meetings.toml`` vs ``baseline.toml``, 20 villages, one year,
    seeds 1001-1008; at year end, migrants' ``ownership_share_migrants``,
    ``mean_trust_migrants``, ``mean_efficacy_migrants`` and share aware of the policy. Observed:
    ownership 0.203 → 0.220 (+1.7 pp), trust 0.504 → 0.558, efficacy 0.405 → 0.452, awareness
    0.290 → 0.343, every seed. (Nothing reaches residents' reporting: migrants never notice
    problems, §10.1; residents' awareness gains ≈ 0.2 pp by word of mouth from aware migrants,
    p ≈ 0.04, 5 of 8 seeds: too small to assert.)
    """
    live, base = livestream_arms["live"], livestream_arms["base"]
    assert_greater(
        live["ownership_share_migrants"], base["ownership_share_migrants"], "migrants' ownership"
    )
    assert_greater(live["mean_trust_migrants"], base["mean_trust_migrants"], "migrants' trust")
    assert_greater(
        live["mean_efficacy_migrants"], base["mean_efficacy_migrants"], "migrants' efficacy"
    )
    assert_greater(live["awareness_migrants"], base["awareness_migrants"], "migrants' awareness")


def test_fact12_mechanism_only_livestreams_let_migrants_attend(
    livestream_arms: dict[str, dict[str, np.ndarray]],
) -> None:
    """Mechanism check for fact 12 (not the fact): migrants attend only by livestream.

    ``migrant_participation_share`` counts attendance, which is what ``meetings.livestream``
    switches on (§7.3; unit-tested in ``test_process_meetings.py``), so this only checks the
    township runs above use the mechanism: 0 without livestreams (migrants never report), ≈ 0.26
    with them (30% of smartphone owners join each meeting), every seed.
    """
    live, base = livestream_arms["live"], livestream_arms["base"]
    assert np.all(base["migrant_participation_share"] == 0.0), base["migrant_participation_share"]
    pair = assert_greater(
        live["migrant_participation_share"], base["migrant_participation_share"], "attendance"
    )
    assert pair.mean_diff > 0.1, pair.describe()
