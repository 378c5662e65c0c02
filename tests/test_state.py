"""The state tables: column storage, calendars, index helpers and set-up invariants."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import govsim
from govsim.sampling import RandomStreams
from govsim.state import build_county
from govsim.state.calendar import Calendar
from govsim.state.layout import concatenated_ranges
from govsim.state.ledger import CaseLedger
from govsim.state.problems import affected_residents


@pytest.fixture(scope="module")
def county() -> govsim.GovernanceModel:
    model = govsim.GovernanceModel("scenarios/village.toml", rng=4, datacollection=False)
    model.run_days(120)
    return model


def test_affected_residents_are_the_resident_adults_of_the_affected_households(
    county: govsim.GovernanceModel,
) -> None:
    store, layout, pop = county.problems, county.layout, county.population
    problems = np.arange(len(store), dtype=np.int64)
    assert len(problems) > 5
    for chosen in (problems[:1], problems[3:4], problems):
        adults, owner = affected_residents(store, layout, pop.migrant, chosen)
        expected_adults, expected_owner = [], []
        for k, problem in enumerate(chosen.tolist()):
            first = int(store["household"][problem])
            for household in range(first, first + int(store["households"][problem])):
                start = int(layout.household_start[household])
                for row in range(start, start + int(layout.household_size[household])):
                    if not pop.migrant[row]:
                        expected_adults.append(row)
                        expected_owner.append(k)
        assert adults.tolist() == expected_adults
        assert owner.tolist() == expected_owner


def test_column_views_follow_appends_and_pickling() -> None:
    ledger = CaseLedger(capacity=16)
    ledger.append(3, created_day=[1, 2, 3])
    first = ledger["created_day"]
    assert first.tolist() == [1, 2, 3]
    ledger.append(20, created_day=np.arange(20))  # grows past the capacity
    assert len(ledger["created_day"]) == 23
    ledger["created_day"][0] = 99
    assert ledger["created_day"][0] == 99
    for clone in (pickle.loads(pickle.dumps(ledger)), copy.deepcopy(ledger)):
        clone["created_day"][1] = 77
        assert clone["created_day"][1] == 77
        clone.append(1, created_day=5)
        assert clone["created_day"].tolist()[:2] == [99, 77]
        assert clone["created_day"][-1] == 5
    assert ledger["created_day"][1] == 2
    with pytest.raises(KeyError, match="unknown column 'no_such' of CaseLedger"):
        ledger.append(1, no_such=1)


def test_concatenated_ranges_lists_each_range_in_order() -> None:
    for start, length in (([5], [3]), ([5, 0, 9, 2], [2, 0, 3, 1]), ([], [])):
        positions, owner = concatenated_ranges(
            np.array(start, dtype=np.int64), np.array(length, dtype=np.int64)
        )
        expected = [
            (p, i)
            for i, (s, n) in enumerate(zip(start, length, strict=True))
            for p in range(s, s + n)
        ]
        assert list(zip(positions.tolist(), owner.tolist(), strict=True)) == expected
        assert positions.dtype == owner.dtype == np.int64


def test_calendar_returns_ids_on_their_day_in_order() -> None:
    calendar = Calendar()
    calendar.add(10, np.array([1, 2, 3]), np.array([1, 2, 1]))
    calendar.add(10, np.array([7]), 1)
    calendar.add(11, np.array([8, 9]), np.array([1, 1]))
    assert calendar.waiting == 6
    assert calendar.pop(10).tolist() == []
    assert calendar.pop(11).tolist() == [1, 3, 7]
    assert calendar.pop(12).tolist() == [2, 8, 9]
    assert calendar.waiting == 0
    assert calendar.pop(12).tolist() == []


def test_county_tables_are_consistent() -> None:
    scenario = govsim.load_scenario("scenarios/village.toml", {"county.villages": 3})
    county = build_county(scenario, RandomStreams(5))
    layout, pop = county.layout, county.population
    assert pop.size == int(layout.household_size.sum()) == int(layout.village_size.sum())
    # rows sorted by village and household; grids are contiguous runs of households
    assert np.all(np.diff(pop.household) >= 0)
    assert np.all(np.diff(pop.village) >= 0)
    assert np.array_equal(pop.village, layout.village_of_household[pop.household])
    assert county.grid_workers.size == layout.n_grids
    assert county.villages.size == 3
    assert county.departments.size == len(scenario.departments)
    assert np.array_equal(county.departments.interface, county.departments.interface.T)
    assert sorted(county.category_order.tolist()) == list(range(len(scenario.categories)))
    # the same seed builds the same county, table by table
    again = build_county(scenario, RandomStreams(5))
    assert np.array_equal(again.population.trust, pop.trust)
    assert np.array_equal(again.network.indices, county.network.indices)
