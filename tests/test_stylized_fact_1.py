"""Stylized fact 1 (DOMAIN.md §5): responsiveness feeds participation.

Higher or faster resolution raises later reporting (by villagers) and trust. Two arms differ only in how
responsive the departments are; both use the same seed list (common random numbers), and the
effect must show in the mean over seeds and in most seeds. Only about one adult in ten reports
in a year, so the effect on reporting builds up through reporters, affected households and
their neighbours and needs a township and two years to stand clear of seed noise; trust and
efficacy separate within a year in one village.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from govsim import RunResult, Scenario

RESPONSIVE = 0.95
UNRESPONSIVE = 0.2
PER_THOUSAND = 1000.0
DAYS_PER_MONTH = 30.0


@dataclass(frozen=True)
class Outcome:
    """What an arm produced in one run; 'later' means the second half of the run."""

    later_reports_per_1000_per_month: float
    later_participation_share: float
    final_trust: float
    final_efficacy: float


def _outcome(result: RunResult) -> Outcome:
    daily = result.daily
    later = daily.iloc[len(daily) // 2 :]
    adults = result.summary["villagers"]
    # Villagers' own reports (coproduction): grid workers' discoveries do not depend on villagers'
    # efficacy and partly substitute for what villagers leave unreported.
    reports = later["villager_reports"].sum()
    return Outcome(
        later_reports_per_1000_per_month=reports
        / adults
        * PER_THOUSAND
        * DAYS_PER_MONTH
        / len(later),
        later_participation_share=float(later["participation_share"].mean()),
        final_trust=float(daily["mean_trust"].iloc[-1]),
        final_efficacy=float(daily["mean_efficacy"].iloc[-1]),
    )


def _resolve_everywhere(scenario: Scenario, probability: float) -> dict[str, Any]:
    return {f"departments.{d.name}.resolve_probability": probability for d in scenario.departments}


def _capacity_everywhere(scenario: Scenario, factor: float) -> dict[str, Any]:
    return {
        f"departments.{d.name}.cases_per_staff_per_day": d.cases_per_staff_per_day * factor
        for d in scenario.departments
    }


def _arms(
    village: Scenario,
    cached_run: Any,
    high: dict[str, Any],
    low: dict[str, Any],
    *,
    seeds: list[int],
    days: int,
    villages: int,
    isolated: bool = False,
) -> tuple[list[Outcome], list[Outcome]]:
    size: dict[str, Any] = {"county.villages": villages}
    if isolated:  # the villages are the whole county (no rest of the county in the queues)
        size["county.villages_in_county"] = villages
    responsive = [
        _outcome(cached_run(village, days=days, seed=s, overrides={**high, **size})) for s in seeds
    ]
    unresponsive = [
        _outcome(cached_run(village, days=days, seed=s, overrides={**low, **size})) for s in seeds
    ]
    return responsive, unresponsive


def _assert_higher(high: list[Outcome], low: list[Outcome], field: str) -> None:
    a = np.array([getattr(o, field) for o in high])
    b = np.array([getattr(o, field) for o in low])
    wins = int(np.count_nonzero(a > b))
    detail = f"{field}: responsive {np.round(a, 4)} vs unresponsive {np.round(b, 4)}"
    assert a.mean() > b.mean(), f"mean over seeds not higher; {detail}"
    assert wins > len(a) / 2, f"higher in only {wins} of {len(a)} seeds; {detail}"


# --------------------------------------------------------------------------------------------
# Default: trust in one village over a year; reporting in ten villages over two years
# --------------------------------------------------------------------------------------------

SEEDS = [1, 2, 3, 4]
DAYS = 365
TOWNSHIP_VILLAGES = 20
TOWNSHIP_DAYS = 730


@pytest.fixture(scope="module")
def village_arms(village: Scenario, cached_run: Any) -> tuple[list[Outcome], list[Outcome]]:
    return _arms(
        village,
        cached_run,
        _resolve_everywhere(village, RESPONSIVE),
        _resolve_everywhere(village, UNRESPONSIVE),
        seeds=SEEDS,
        days=DAYS,
        villages=1,
    )


@pytest.mark.parametrize("field", ["final_trust", "final_efficacy"])
def test_resolution_raises_trust_and_efficacy(
    village_arms: tuple[list[Outcome], list[Outcome]], field: str
) -> None:
    _assert_higher(*village_arms, field)


@pytest.fixture(scope="module")
def township_arms(village: Scenario, cached_run: Any) -> tuple[list[Outcome], list[Outcome]]:
    return _arms(
        village,
        cached_run,
        _resolve_everywhere(village, RESPONSIVE),
        _resolve_everywhere(village, UNRESPONSIVE),
        seeds=SEEDS,
        days=TOWNSHIP_DAYS,
        villages=TOWNSHIP_VILLAGES,
    )


@pytest.mark.parametrize("field", ["later_reports_per_1000_per_month", "later_participation_share"])
def test_resolution_raises_later_reporting(
    township_arms: tuple[list[Outcome], list[Outcome]], field: str
) -> None:
    _assert_higher(*township_arms, field)


# --------------------------------------------------------------------------------------------
# Slow: three villages, two years, six seeds; resolution probability and capacity
# --------------------------------------------------------------------------------------------

SLOW_SEEDS = [1, 2, 3, 4, 5, 6]
SLOW_DAYS = 730
SLOW_VILLAGES = 20
FIELDS = [
    "later_reports_per_1000_per_month",
    "later_participation_share",
    "final_trust",
    "final_efficacy",
]


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_resolution_raises_later_reporting_and_trust_county(
    village: Scenario, cached_run: Any, field: str
) -> None:
    arms = _arms(
        village,
        cached_run,
        _resolve_everywhere(village, RESPONSIVE),
        _resolve_everywhere(village, UNRESPONSIVE),
        seeds=SLOW_SEEDS,
        days=SLOW_DAYS,
        villages=SLOW_VILLAGES,
    )
    _assert_higher(*arms, field)


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_faster_resolution_raises_later_reporting_and_trust(
    village: Scenario, cached_run: Any, field: str
) -> None:
    # Ample versus scarce department capacity: the same resolution chance, reached sooner. In an
    # isolated county of 20 villages, as fact 10: scarce capacity must bind on every case, and in
    # a sample of a larger county the simulated villages' escalated cases jump the rest of the
    # county's queue (docs/model.md §5.8).
    arms = _arms(
        village,
        cached_run,
        _capacity_everywhere(village, 4.0),
        _capacity_everywhere(village, 0.25),
        seeds=SLOW_SEEDS,
        days=SLOW_DAYS,
        villages=SLOW_VILLAGES,
        isolated=True,
    )
    _assert_higher(*arms, field)
