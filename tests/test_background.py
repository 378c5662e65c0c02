"""The rest of the county's load on the shared queues (govsim.state.background; issue 11)."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.events import Dispatch
from govsim.processes.processing import DepartmentProcessing
from govsim.sampling import NO_ROWS
from govsim.state.background import RAMP_DAYS, BackgroundLoad, append_block


def test_a_whole_county_has_no_background() -> None:
    load = BackgroundLoad(np.ones((1, 1)), scale=1.0)
    assert not load.active
    assert load.arrivals(np.array([50])).tolist() == [0]


def test_background_is_the_rest_of_the_county_times_the_own_flow() -> None:
    load = BackgroundLoad(np.ones((1, 1)), scale=400.0)
    rng = np.random.default_rng(1)
    own = rng.poisson(0.4, size=3000)
    rest = np.array([load.arrivals(np.array([k]))[0] for k in own])
    late = slice(1000, None)  # after the moving average has filled
    assert rest[late].mean() == pytest.approx(399 * own[late].mean(), rel=0.05)
    # smooth: the rest of the county's day varies far less than 399 times one village's
    assert rest[late].std() < 0.25 * 399 * own[late].std()


def test_the_estimate_ramps_up_and_never_reads_a_first_case_as_a_month() -> None:
    load = BackgroundLoad(np.ones((1, 1)), scale=101.0)
    first = load.arrivals(np.array([1]))[0]
    assert first <= 100 / RAMP_DAYS + 1  # one case on day 0 stands for at most RAMP_DAYS days


def test_classes_are_sent_to_queues_by_the_mix_and_fractions_carry_over() -> None:
    mix = np.array([[0.75, 0.0], [0.25, 1.0]])
    load = BackgroundLoad(mix, scale=11.0, memory_days=1e-9)  # memory of one day
    totals = np.zeros(2, dtype=np.int64)
    for _ in range(100):
        totals += load.arrivals(np.array([2, 1]))
    # per day: class 0 brings 10 × 2 = 20 (15 and 5), class 1 brings 10 × 1 = 10 (to queue 1)
    assert totals.tolist() == [1500, 1500]


def _processing(**overrides: Any) -> DepartmentProcessing:
    settings = st.settings(
        **{
            "departments.civil_affairs.staff_per_100k_adults": 1.0,
            "departments.civil_affairs.cases_per_staff_per_day": 20.0,
            "departments.civil_affairs.handling_days_mean": 0.0,
            "department_appraisal.capacity_cost": 0.0,
            "department_appraisal.closure_gaming_max": 0.0,
            **overrides,
        }
    )
    return DepartmentProcessing(
        st.departments(settings), st.enterprises(0), st.CaseLedger(), 100_000, settings,
        st.categories(settings), st.rng(0),
    )  # fmt: skip


def test_simulated_cases_wait_behind_the_rest_of_the_county() -> None:
    """A department staffed for the county (20 cases a day) serves a village sending 5 a day. In a
    county of two such villages (load 50%) the village's cases pass at once; in a county of five
    (load 125%) the queue grows and the village's cases wait in it with the others'."""
    waits = {}
    for county in (2, 5):
        processing = _processing(**{"county.villages_in_county": county})
        civil = processing.departments.index("civil_affairs")
        processing.background.mix[:] = 0.0
        processing.background.mix[civil] = 1.0  # every case of the county goes to civil affairs
        queued_days = []
        for day in range(400):
            ids = st.cases(processing.ledger, 5, lead_department=civil)
            processing.step(day, Dispatch(ids=ids, department=np.full(5, civil)), NO_ROWS, NO_ROWS)
            queued_days.append(int(processing.departments.queued[civil]))
        waits[county] = np.mean(queued_days[200:])
        taken = processing.departments.background_taken[civil]
        own = processing.departments.taken_on[civil]
        if county == 2:
            assert taken == pytest.approx(5 * 400, rel=0.1)  # all the rest's cases served
        else:  # capacity is shared in proportion to arrivals (first come, first served)
            assert taken / own == pytest.approx(county - 1, rel=0.1)
    assert waits[2] == 0.0
    assert waits[5] > 100.0


def test_a_quiet_department_takes_on_the_background_without_queueing_it() -> None:
    """With nothing of its own waiting or arriving, a department serves the rest of the county's
    day directly (the fast path): up to its capacity, the remainder waiting as one block — what
    queueing the day's two blocks and taking them on would do."""
    processing = _processing(**{"county.villages_in_county": 2})
    civil = processing.departments.index("civil_affairs")
    d = processing.departments
    processing.background.mix[:] = 0.0
    processing.background.mix[civil] = 1.0
    for day in range(100):  # 5 own cases a day and as many from the rest: the queue stays empty
        ids = st.cases(processing.ledger, 5, lead_department=civil)
        processing.step(day, Dispatch(ids=ids, department=np.full(5, civil)), NO_ROWS, NO_ROWS)
    assert d.queued[civil] == 0
    assert d.background_queued[civil] == 0
    for day, capacity in ((100, 20.0), (101, 2.0)):  # a quiet day, then one short of capacity
        processing.capacity[civil] = capacity
        carry, taken = float(d.capacity_carry[civil]), int(d.background_taken[civil])
        twin = copy.deepcopy(processing.background)  # what the day's rest of the county will be
        rest = int(twin.arrivals(np.zeros(2, dtype=np.int64))[civil])
        processing.step(day, Dispatch(), NO_ROWS, NO_ROWS)
        available = min(carry + capacity, capacity + 1.0)
        served = min(rest, int(available + 1e-9))
        assert int(d.background_taken[civil]) - taken == served
        assert d.capacity_carry[civil] == pytest.approx(available - served)
        assert int(d.background_queued[civil]) == rest - served
        assert [entry for entry in d.queue[civil] if entry < 0] == (
            [served - rest] if rest > served else []
        )


def test_a_block_that_follows_a_block_joins_it() -> None:
    """Blocks of the county's cases are interchangeable: adjacent ones are one block."""
    queue: deque[int] = deque([7])
    append_block(queue, 3)
    append_block(queue, 4)
    assert list(queue) == [7, -7]
    queue.append(8)
    append_block(queue, 2)
    assert list(queue) == [7, -7, 8, -2]
