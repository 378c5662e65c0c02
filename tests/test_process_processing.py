"""Department processing alone: capacity and carry-over, escalated cases first, handling time and
outcomes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import Outcome, Stage
from govsim.events import Dispatch
from govsim.processes import DepartmentProcessing

NO_CASES = np.zeros(0, dtype=np.int64)
INSTANT = {"departments.civil_affairs.handling_days_mean": 0.0}


def _per_day(cases: float, department: str = "civil_affairs") -> dict[str, float]:
    """Overrides giving ``department`` a capacity of ``cases`` a day for 100,000 adults."""
    return {
        f"departments.{department}.staff_per_100k_adults": 1.0,
        f"departments.{department}.cases_per_staff_per_day": cases,
    }


ISOLATED = {"county.villages_in_county": 1}  # the village is the whole county: no background


def _processing(seed: int = 0, firms: dict | None = None, **overrides: Any) -> DepartmentProcessing:
    """Processing for 100,000 adults served, with three local firms (``firms``: their columns).

    The village is a whole county unless ``county.villages_in_county`` says otherwise.
    """
    settings = st.settings(**{**ISOLATED, **overrides})
    return DepartmentProcessing(
        st.departments(settings), st.enterprises(3, **(firms or {})), st.CaseLedger(), 100_000,
        settings, st.categories(settings), st.rng(seed),
    )  # fmt: skip


def _cases(processing: DepartmentProcessing, n: int, department: int = 0, **columns: Any) -> Any:
    """``n`` cases for ``department`` (its lead); processing writes where each is queued."""
    return st.cases(processing.ledger, n, lead_department=department, **columns)


def _to(department: int, ids: np.ndarray) -> Dispatch:
    return Dispatch(ids=ids, department=np.full(len(ids), department, dtype=np.int64))


def _finish_days(
    processing: DepartmentProcessing, days: int, dispatch: dict[int, Dispatch],
    escalated: dict[int, np.ndarray] | None = None,
) -> dict[int, int]:  # fmt: skip
    """The day each case finished."""
    seen: dict[int, int] = {}
    for day in range(days):
        urgent = (escalated or {}).get(day, NO_CASES)
        if len(urgent):
            processing.ledger["escalated"][urgent] = True  # as supervision flags them
        done = processing.step(day, dispatch.get(day, Dispatch()), urgent, NO_CASES)
        for case in done.ids.tolist():
            assert case not in seen
            seen[case] = day
    return seen


def test_capacity_is_staff_times_adults_served_times_cases_per_staff() -> None:
    processing = _processing(**INSTANT, **{
        "departments.civil_affairs.staff_per_100k_adults": 2.0,
        "departments.civil_affairs.cases_per_staff_per_day": 1.5,
    })  # fmt: skip
    ids = _cases(processing, 7)
    seen = _finish_days(processing, 3, {0: _to(0, ids)})
    assert sorted(seen.items()) == [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (5, 1), (6, 2)]


def test_unused_capacity_carries_over_day_by_day() -> None:
    processing = _processing(**INSTANT, **_per_day(0.5))
    ids = _cases(processing, 3)
    d = processing.departments
    carry, queued = [], []
    seen: dict[int, int] = {}
    for day in range(6):
        done = processing.step(day, _to(0, ids) if day == 0 else Dispatch(), NO_CASES, NO_CASES)
        seen.update(dict.fromkeys(done.ids.tolist(), day))
        carry.append(float(d.capacity_carry[0]))
        queued.append(int(d.queued[0]))
    assert seen == {0: 1, 1: 3, 2: 5}
    assert carry == [0.5, 0.0, 0.5, 0.0, 0.5, 0.0]
    assert queued == [3, 2, 2, 1, 1, 0]
    assert d.taken_on[0] == 3


def test_carry_over_is_at_most_one_case_beyond_a_days_capacity() -> None:
    processing = _processing(**INSTANT, **_per_day(2.5))
    for day in range(10):
        processing.step(day, Dispatch(), NO_CASES, NO_CASES)
    assert processing.departments.capacity_carry[0] == 3.5
    ids = _cases(processing, 10)
    assert len(processing.step(10, _to(0, ids), NO_CASES, NO_CASES)) == 3


def test_a_tenth_of_a_case_a_day_takes_one_case_on_the_tenth_day() -> None:
    processing = _processing(**INSTANT, **_per_day(0.1))
    ids = _cases(processing, 1)
    # after days 0..9 the department has had 10 × 0.1 = 1 case of capacity
    assert _finish_days(processing, 12, {0: _to(0, ids)}) == {0: 9}


def test_departments_serve_their_own_queues_first_come_first_served() -> None:
    processing = _processing(**INSTANT, **_per_day(1.0), **_per_day(2.0, "judicial"), **{
        "departments.judicial.handling_days_mean": 0.0,
    })  # fmt: skip
    a = _cases(processing, 3)
    b = _cases(processing, 3, department=1)
    both = np.concatenate((a, b))
    dispatch = Dispatch(ids=both, department=np.repeat([0, 1], 3))
    seen = _finish_days(processing, 3, {0: dispatch})
    assert [seen[c] for c in a.tolist()] == [0, 1, 2]
    assert [seen[c] for c in b.tolist()] == [0, 0, 1]
    assert processing.departments.taken_on[:2].tolist() == [3, 3]


def test_a_case_escalated_while_queued_jumps_the_queue_and_is_taken_once() -> None:
    processing = _processing(**INSTANT, **_per_day(1.0))
    ids = _cases(processing, 4)
    seen = _finish_days(processing, 6, {0: _to(0, ids)}, escalated={1: ids[3:]})
    assert seen == {0: 0, 3: 1, 1: 2, 2: 3}
    assert processing.departments.queued[0] == 0


def test_a_case_escalated_before_it_is_queued_goes_to_the_front() -> None:
    processing = _processing(**INSTANT, **_per_day(1.0))
    early = _cases(processing, 3)
    late = _cases(processing, 1, escalated=True)
    seen = _finish_days(processing, 5, {0: _to(0, early), 1: _to(0, late)})
    assert seen == {0: 0, 3: 1, 1: 2, 2: 3}


def test_escalating_a_case_already_in_service_changes_nothing() -> None:
    processing = _processing(
        **_per_day(1.0), **{"departments.civil_affairs.handling_days_mean": 50.0}
    )
    ids = _cases(processing, 2)
    processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    processing.ledger["escalated"][ids[:1]] = True
    processing.step(1, Dispatch(), ids[:1], NO_CASES)
    assert processing.ledger["stage"].tolist() == [Stage.IN_SERVICE] * 2
    assert processing.departments.taken_on[0] == 2
    assert [len(q) for q in processing.departments.priority_queue] == [0] * 9


def test_stages_are_queued_then_in_service() -> None:
    processing = _processing(
        **_per_day(1.0), **{"departments.civil_affairs.handling_days_mean": 50.0}
    )
    ids = _cases(processing, 3)
    processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    assert processing.ledger["stage"].tolist() == [Stage.IN_SERVICE, Stage.QUEUED, Stage.QUEUED]


def test_genuine_cases_resolve_with_the_departments_chance_trivial_ones_need_no_action() -> None:
    n = 20_000
    processing = _processing(**INSTANT, **_per_day(1e6), **{
        "departments.civil_affairs.resolve_probability": 0.75,
    })  # fmt: skip
    ids = _cases(processing, n, genuine=np.arange(n) % 4 != 0)
    done = processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    genuine = processing.ledger["genuine"][done.ids]
    assert set(done.outcome[~genuine].tolist()) == {Outcome.NO_ACTION}
    outcomes = done.outcome[genuine]
    assert set(outcomes.tolist()) == {Outcome.RESOLVED, Outcome.UNRESOLVED}
    st.assert_share(int(np.count_nonzero(outcomes == Outcome.RESOLVED)), len(outcomes), 0.75)


def test_an_included_firm_raises_the_chance_of_resolution() -> None:
    firms = {"inclusion_draw": [0.05, 0.05, 0.5], "excluded": [False, True, False]}
    processing = _processing(firms=firms, **INSTANT, **_per_day(10.0), **{
        "departments.civil_affairs.resolve_probability": 0.0,
        "enterprises.forum_inclusion_share": 0.1, "enterprises.included_resolution_boost": 1.0,
    })  # fmt: skip
    ids = _cases(processing, 4, enterprise=[0, 1, 2, -1])
    done = processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    assert done.outcome.tolist() == [Outcome.RESOLVED] + [Outcome.UNRESOLVED] * 3


def test_handling_takes_poisson_days_from_the_day_a_case_is_taken_on() -> None:
    n = 4000
    processing = _processing(
        **_per_day(1e6), **{"departments.civil_affairs.handling_days_mean": 2.5}
    )
    ids = _cases(processing, n)
    seen = _finish_days(processing, 40, {3: _to(0, ids)})
    days = np.array(list(seen.values())) - 3
    assert len(days) == n
    st.assert_within(days.mean(), 2.5, np.sqrt(2.5 / n))
    st.assert_within(days.var(), 2.5, np.sqrt((2.5 + 2 * 2.5**2) / n))  # Poisson: var = mean


def test_without_capacity_nothing_is_taken_on() -> None:
    processing = _processing(**INSTANT, **_per_day(0.0))
    ids = _cases(processing, 5)
    assert _finish_days(processing, 30, {0: _to(0, ids)}) == {}
    assert processing.departments.queued[0] == 5
    assert processing.ledger["stage"].tolist() == [Stage.QUEUED] * 5


def test_more_staff_mid_run_take_on_more_from_the_next_day_on() -> None:
    processing = _processing(**INSTANT, **_per_day(1.0))
    ids = _cases(processing, 10)
    assert len(processing.step(0, _to(0, ids), NO_CASES, NO_CASES)) == 1
    settings = st.settings(**ISOLATED, **INSTANT, **_per_day(3.0))
    processing.configure(settings, st.categories(settings))
    assert len(processing.step(1, Dispatch(), NO_CASES, NO_CASES)) == 3
    assert processing.departments.queued[0] == 6


def test_a_quiet_day_finishes_nothing_and_banks_capacity() -> None:
    processing = _processing(**INSTANT, **_per_day(0.5))
    _cases(processing, 2)
    before = st.snapshot(ledger=processing.ledger)
    assert len(processing.step(0, Dispatch(), NO_CASES, NO_CASES)) == 0
    assert st.written(before, ledger=processing.ledger) == set()
    assert processing.departments.capacity_carry[0] == 0.5


def test_processing_writes_only_what_it_declares() -> None:
    processing = _processing(
        **_per_day(1.0),
        **{
            "county.villages_in_county": 400,  # part of a county: the rest's cases queue too
            "departments.civil_affairs.handling_days_mean": 50.0,
            "departments.civil_affairs.resolve_probability": 1.0,  # reported resolved
        },
    )
    ids = _cases(processing, 3)
    tables = {
        "ledger": processing.ledger, "departments": processing.departments,
        "enterprises": processing.enterprises,
    }  # fmt: skip
    before = st.snapshot(**tables)
    processing.step(0, _to(0, ids), NO_CASES, NO_CASES)  # queued, one taken on
    changed = st.written(before, **tables)
    processing.ledger["escalated"][ids[1:]] = True  # as supervision flags them
    before = st.snapshot(**tables)
    processing.step(1, Dispatch(), ids[1:], NO_CASES)  # both to the priority queue, one taken on
    changed |= st.written(before, **tables)
    before = st.snapshot(**tables)
    for day in range(2, 400):  # until the first one finishes (after Poisson(50) days)
        if len(processing.step(day, Dispatch(), NO_CASES, NO_CASES)):
            break
    changed |= st.written(before, **tables)
    assert changed == set(DepartmentProcessing.WRITES)


def test_closure_gaming_closes_genuine_cases_at_once_unresolved_but_reported_resolved() -> None:
    processing = _processing(
        **_per_day(10_000.0), **{"departments.civil_affairs.resolve_probability": 1.0}
    )
    processing.departments.closure_gaming[0] = 0.4
    processing.departments.appraisals += 1
    ids = _cases(processing, 5000)
    done = processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    ledger = processing.ledger
    gamed = done.ids[done.outcome == Outcome.UNRESOLVED]
    st.assert_share(len(gamed), 5000, 0.4)
    assert ledger["claimed_resolved"][gamed].all()  # reported resolved all the same
    assert (ledger["department"][gamed] == 0).all()
    honest = done.ids[done.outcome == Outcome.RESOLVED]  # finished today, truly resolved
    assert ledger["claimed_resolved"][honest].all()


def test_gamed_cases_take_no_capacity() -> None:
    processing = _processing(**_per_day(1.0))
    processing.departments.closure_gaming[0] = 0.5
    processing.departments.appraisals += 1
    ids = _cases(processing, 2000)
    done = processing.step(0, _to(0, ids), NO_CASES, NO_CASES)
    gamed = len(done.ids[done.outcome == Outcome.UNRESOLVED])
    st.assert_share(gamed, 2000, 0.5)
    assert int(processing.departments.taken_on[0]) == 1  # capacity went to one worked case
    assert int(processing.departments.queued[0]) == 2000 - gamed - 1


def test_summoned_cases_are_not_gamed_and_go_to_the_front() -> None:
    processing = _processing(**_per_day(1.0))
    waiting = _cases(processing, 3)
    processing.step(0, _to(0, waiting), NO_CASES, NO_CASES)  # one taken on, two wait
    processing.departments.closure_gaming[0] = 1.0
    processing.departments.appraisals += 1
    summoned = _cases(processing, 1, summoned=True)
    processing.step(1, Dispatch(), NO_CASES, summoned)
    assert processing.ledger["stage"][summoned[0]] == Stage.IN_SERVICE  # taken before the others
    assert processing.ledger["department"][summoned[0]] == 0
    assert not processing.ledger["claimed_resolved"][summoned[0]]


def test_diligence_raises_the_chance_with_diminishing_returns_and_costs_capacity() -> None:
    processing = _processing(**_per_day(10.0))
    a = processing.effort
    p0 = processing.base_resolve[0]
    chances, capacities = [], []
    for g in (0.0, 0.5, 1.0):
        processing.departments.diligence[:] = g
        processing.departments.appraisals += 1
        processing._derive()
        chances.append(float(processing.resolve_probability[0]))
        capacities.append(float(processing.capacity[0]))
    assert chances[0] == pytest.approx(p0)
    assert chances[2] == pytest.approx(a.resolve_ceiling)
    assert chances[1] - chances[0] > chances[2] - chances[1]  # diminishing returns
    assert capacities == pytest.approx(
        [10.0, 10.0 * (1 - a.capacity_cost / 2), 10.0 * (1 - a.capacity_cost)]
    )
