"""A small run is a faithful sample of its county (issue 11, docs/model.md §5.8).

One village and a township of 30 villages share the county's governance centre and departments,
with the rest of the county's load on their queues; their handling outcomes and lever effects
must be the county's. Each scale's outcome is computed over the cases of all its seeds pooled
(the reported year after the baseline's spin-up), and effects are paired: the same seeds in the
reference and the lever scenario (common random numbers).

Tolerances (the issue's): resolved within the time limit and escalated share ±0.03; median days
single-department ±1, cross-department ±2; lever effects of the same sign as the county's and
within ±25% of it where the county's effect is material (at least 0.02 in a share; median days
are whole days, so their effects agree within ±1 day).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import govsim
from _validation import SCENARIOS_DIR

pytestmark = pytest.mark.slow

#: Seeds per scale: more for smaller runs, so that each scale pools a few thousand cases.
SEEDS = {1: range(1, 61), 30: range(1, 7), 400: range(1, 3)}
LEVERS = ("data_standard_lists", "department_results_appraisal", "combined_package")
SHARES = ("resolved_within_time", "escalated_share")
DAYS = ("median_days_single", "median_days_cross")
SHARE_TOLERANCE = 0.03
DAYS_TOLERANCE = {"median_days_single": 1.0, "median_days_cross": 2.0}
MATERIAL_SHARE_EFFECT = 0.02
EFFECT_TOLERANCE = 0.25
COLUMNS = [
    "genuine",
    "created_day",
    "closed_day",
    "outcome",
    "sla_days",
    "escalated",
    "cross_department",
    "settled_locally",
]


def _cases(job: tuple[str, int, int]) -> pd.DataFrame:
    name, villages, seed = job
    result = govsim.run(
        SCENARIOS_DIR / f"{name}.toml", seed=seed, overrides={"county.villages": villages}
    )
    return result.cases[COLUMNS]


def outcomes(cases: pd.DataFrame) -> dict[str, float]:
    """Handling outcomes of pooled cases, as the summary metrics define them."""
    closed = cases[cases["genuine"] & (cases["closed_day"] >= 0)]
    good = closed["outcome"].isin(["resolved", "settled_locally"])
    days = closed["closed_day"] - closed["created_day"]
    by_department = good & ~closed["settled_locally"]
    return {
        "resolved_within_time": float((good & (days <= closed["sla_days"])).mean()),
        "escalated_share": float(cases["escalated"].mean()),
        "median_days_single": float(np.median(days[by_department & ~closed["cross_department"]])),
        "median_days_cross": float(np.median(days[by_department & closed["cross_department"]])),
    }


def measure(name: str) -> dict[int, dict[str, float]]:
    """Pooled outcomes of scenario ``name`` at each scale of :data:`SEEDS`."""
    return {
        villages: outcomes(pd.concat([_cases((name, villages, seed)) for seed in seeds]))
        for villages, seeds in SEEDS.items()
    }


@pytest.fixture(scope="module")
def baseline() -> dict[int, dict[str, float]]:
    return measure("baseline")


def _disagreements(measured: dict[int, dict[str, float]]) -> list[str]:
    county = measured[400]
    tolerance = {**dict.fromkeys(SHARES, SHARE_TOLERANCE), **DAYS_TOLERANCE}
    return [
        f"{villages} villages {metric} {measured[villages][metric]:.3g}"
        for villages in (1, 30)
        for metric, allowed in tolerance.items()
        if abs(measured[villages][metric] - county[metric]) > allowed
    ]


def test_the_baseline_is_the_same_at_every_scale(baseline: dict[int, dict[str, float]]) -> None:
    problems = _disagreements(baseline)
    print("baseline outcomes by scale:", baseline)
    assert not problems, f"county: {baseline[400]}; differing: {problems}"


@pytest.mark.parametrize("lever", LEVERS)
def test_a_lever_has_the_same_outcomes_and_effects_at_every_scale(
    baseline: dict[int, dict[str, float]], lever: str
) -> None:
    measured = measure(lever)
    problems = _disagreements(measured)
    effect = {
        villages: {m: measured[villages][m] - baseline[villages][m] for m in (*SHARES, *DAYS)}
        for villages in SEEDS
    }
    county = effect[400]
    for villages in (1, 30):
        for metric in SHARES:
            if abs(county[metric]) < MATERIAL_SHARE_EFFECT:
                continue
            ratio = effect[villages][metric] / county[metric]
            if not 1 - EFFECT_TOLERANCE <= ratio <= 1 + EFFECT_TOLERANCE:
                problems.append(
                    f"{villages} villages: effect on {metric} {effect[villages][metric]:+.3f} "
                    f"vs county {county[metric]:+.3f}"
                )
        for metric in DAYS:
            if abs(effect[villages][metric] - county[metric]) > 1.0:
                problems.append(
                    f"{villages} villages: effect on {metric} {effect[villages][metric]:+g} "
                    f"vs county {county[metric]:+g}"
                )
    print(lever, "effects by scale:", effect)
    assert not problems, f"{lever}: {problems}"
