"""Problem arrival alone: Poisson counts per grid and category, and each problem's attributes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.processes import ProblemArrival

LAND = "categories.land_dispute"
ONE_CATEGORY = {
    **st.only_categories("land_dispute"),
    f"{LAND}.rate_per_1000_per_month": 300.0,  # 0.01 problems per adult per day
    f"{LAND}.multi_department_probability": 0.0,
    f"{LAND}.enterprise_share": 0.0,
    "problems.affected_households_mean": 1.0,
}


def _arrival(
    households: list[list[int]], grids: list[int] | None = None, seed: int = 0,
    village_columns: dict | None = None, base: dict = ONE_CATEGORY, **overrides: Any,
) -> ProblemArrival:  # fmt: skip
    the_layout = st.layout(households, grids)
    settings = st.settings(**{**base, **overrides})
    pop = st.population(int(the_layout.household_size.sum()), the_layout)
    the_villages = st.villages(the_layout.n_villages, **(village_columns or {}))
    return ProblemArrival(
        the_layout,
        pop,
        the_villages,
        st.ProblemStore(),
        settings,
        st.categories(settings),
        st.rng(seed),
    )


def _days(arrival: ProblemArrival, days: int) -> list[np.ndarray]:
    return [arrival.step(day) for day in range(days)]


def test_daily_counts_are_poisson_with_rate_times_adults() -> None:
    # grid 0: 50 households of 3 adults; grid 1: 50 of 1; 0.01 a day per adult: 1.5 + 0.5
    arrival = _arrival([[3] * 50 + [1] * 50], grids=[2], seed=1)
    days = 2000
    counts = np.array([len(ids) for ids in _days(arrival, days)])
    st.assert_within(counts.mean(), 2.0, np.sqrt(2.0 / days))
    st.assert_within(counts.var(), 2.0, np.sqrt((2.0 + 2 * 2.0**2) / days))
    grid = arrival.problems["grid"]
    st.assert_share(int(np.count_nonzero(grid == 0)), len(grid), 150 / 200)


def test_categories_arise_in_proportion_to_their_rates() -> None:
    one = {k: v for k, v in ONE_CATEGORY.items() if k != "categories.environment"}
    two = {**one,
           "categories.environment.rate_per_1000_per_month": 150.0,
           "categories.environment.multi_department_probability": 0.0,
           "categories.environment.enterprise_share": 0.0}  # fmt: skip
    arrival = _arrival([[1] * 200], seed=2, base=two)
    _days(arrival, 500)
    category = arrival.problems["category"]
    st.assert_within(len(category) / 500, 200 * 0.015, np.sqrt(200 * 0.015 / 500))
    st.assert_share(int(np.count_nonzero(category == 0)), len(category), 2 / 3)


def test_problems_start_at_a_household_of_their_grid() -> None:
    arrival = _arrival([[1] * 30, [2] * 20], grids=[3, 2], seed=3)
    _days(arrival, 200)
    store, the_layout = arrival.problems, arrival.layout
    assert len(store) > 100
    first = store["household"]
    assert np.array_equal(the_layout.grid_of_household[first], store["grid"])
    assert np.array_equal(the_layout.village_of_grid[store["grid"]], store["village"])
    assert set(np.unique(store["grid"]).tolist()) == set(range(5))


def test_problems_are_dated_on_the_day_they_arise() -> None:
    arrival = _arrival([[1] * 100], seed=4)
    for day, ids in enumerate(_days(arrival, 50)):
        assert set(arrival.problems["day"][ids].tolist()) <= {day}


def test_affected_households_are_one_plus_poisson_within_the_village() -> None:
    n = 400
    arrival = _arrival([[1] * n, [1] * 5], seed=5, **{"problems.affected_households_mean": 3.0})
    _days(arrival, 100)
    store, the_layout = arrival.problems, arrival.layout
    village = store["village"]
    end = the_layout.village_household_start[village] + the_layout.village_household_count[village]
    assert np.all(store["household"] + store["households"] <= end)
    assert store["households"].min() >= 1
    # far from the village's last households nothing is cut: 1 + Poisson(2)
    uncut = (village == 0) & (store["household"] < n - 20)
    spread = store["households"][uncut]
    st.assert_within(spread.mean(), 3.0, np.sqrt(2.0 / len(spread)))
    small = store["households"][village == 1]
    assert small.max() <= 5


def test_severity_is_beta_with_the_categorys_mean() -> None:
    arrival = _arrival([[1] * 300], seed=6, **{f"{LAND}.severity_mean": 0.6,
                                                "problems.severity_concentration": 4.0})  # fmt: skip
    _days(arrival, 200)
    severity = arrival.problems["severity"]
    assert severity.min() > 0
    assert severity.max() < 1
    st.assert_within(severity.mean(), 0.6, np.sqrt(0.6 * 0.4 / 5 / len(severity)))


def test_settleable_with_the_categorys_share() -> None:
    arrival = _arrival([[1] * 300], seed=7, **{f"{LAND}.settleable_share": 0.35})
    _days(arrival, 200)
    settleable = arrival.problems["settleable"]
    st.assert_share(int(settleable.sum()), len(settleable), 0.35)


def test_cross_department_problems_draw_an_assisting_department_uniformly() -> None:
    arrival = _arrival([[1] * 300], seed=8, **{f"{LAND}.multi_department_probability": 0.4})
    _days(arrival, 200)
    store = arrival.problems
    cross = store["cross_department"]
    st.assert_share(int(cross.sum()), len(cross), 0.4)
    assert set(store["assist_department"][~cross].tolist()) == {-1}
    options = arrival.categories.assist_options[0].tolist()  # agriculture, judicial
    assist = store["assist_department"][cross]
    assert set(assist.tolist()) == set(options)
    st.assert_share(int(np.count_nonzero(assist == options[0])), len(assist), 0.5)


def test_firms_cause_problems_with_the_categorys_share_in_their_own_village() -> None:
    firms = {"enterprise_start": [0, 3, 5], "enterprise_count": [3, 2, 0]}
    arrival = _arrival([[1] * 200, [1] * 200, [1] * 100], seed=9, village_columns=firms,
                       **{f"{LAND}.enterprise_share": 0.5})  # fmt: skip
    _days(arrival, 100)
    store = arrival.problems
    village, firm = store["village"], store["enterprise"]
    assert set(firm[village == 2].tolist()) == {-1}  # a village without firms
    assert set(firm[(village == 0) & (firm >= 0)].tolist()) == {0, 1, 2}
    assert set(firm[(village == 1) & (firm >= 0)].tolist()) == {3, 4}
    with_firms = village < 2
    st.assert_share(int(np.count_nonzero(firm[with_firms] >= 0)), int(with_firms.sum()), 0.5)


@pytest.mark.parametrize("rate", [0.0, 300.0])
def test_new_rates_apply_after_configure(rate: float) -> None:
    arrival = _arrival([[1] * 100], seed=10, **{f"{LAND}.rate_per_1000_per_month": 300.0 - rate})
    settings = st.settings(**{**ONE_CATEGORY, f"{LAND}.rate_per_1000_per_month": rate})
    arrival.configure(settings, st.categories(settings))
    total = sum(len(ids) for ids in _days(arrival, 100))
    if rate == 0.0:
        assert total == 0
    else:
        st.assert_within(total, 100.0, 10.0)


def test_without_problems_a_day_adds_nothing() -> None:
    arrival = _arrival([[1] * 10], **{f"{LAND}.rate_per_1000_per_month": 0.0})
    assert all(len(ids) == 0 for ids in _days(arrival, 20))
    assert len(arrival.problems) == 0


def test_arrival_writes_only_what_it_declares() -> None:
    arrival = _arrival([[1] * 100], seed=11)
    tables = {"problems": arrival.problems, "villages": arrival.villages}
    before = st.snapshot(**tables)
    _days(arrival, 10)
    assert st.written(before, **tables) == set(ProblemArrival.WRITES)
