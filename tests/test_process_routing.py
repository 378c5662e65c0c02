"""Routing alone: the centre's capacity and carry-over, misroutes and bounces, pass-backs and
coordination of cross-department cases."""

from __future__ import annotations

from typing import Any

import numpy as np

import _states as st
from govsim.enums import Stage
from govsim.processes import Routing

NO_CASES = np.zeros(0, dtype=np.int64)
PERFECT = {"centre.routing_accuracy_base": 1.0, "sharing.responsibility_list_coverage": 0.0}
AMPLE = {"centre.staff_per_100k_adults": 1.0, "centre.cases_per_staff_per_day": 1e6}
ALWAYS_WRONG = {
    **AMPLE,
    "centre.routing_accuracy_base": 0.0,
    "centre.routing_accuracy_per_quality": 0.0,
    "sharing.responsibility_list_coverage": 0.0,
}


def _routing(
    adults: float = 100_000, seed: int = 0, department_columns: dict | None = None, **overrides: Any
) -> Routing:
    settings = st.settings(**{"county.villages_in_county": 1, **overrides})  # a whole county
    departments = st.departments(settings, **(department_columns or {}))
    return Routing(
        st.CentreState(), departments, st.CaseLedger(), adults, settings,
        st.categories(settings), st.rng(seed),
    )  # fmt: skip


def _dispatch_days(routing: Routing, days: int, arrivals: dict[int, np.ndarray]) -> dict[int, int]:
    """The day each case was handed to a department."""
    seen: dict[int, int] = {}
    for day in range(days):
        dispatch = routing.step(day, arrivals.get(day, NO_CASES))
        for case in dispatch.ids.tolist():
            assert case not in seen
            seen[case] = day
    return seen


def test_capacity_is_staff_times_adults_served_times_cases_per_staff() -> None:
    # 2 staff per 100k × 50k adults × 3 cases a day = 3 cases a day
    routing = _routing(adults=50_000, **PERFECT, **{
        "centre.staff_per_100k_adults": 2.0, "centre.cases_per_staff_per_day": 3.0,
    })  # fmt: skip
    ids = st.cases(routing.ledger, 7)
    seen = _dispatch_days(routing, 3, {0: ids})
    assert sorted(seen.items()) == [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (5, 1), (6, 2)]


def test_unused_capacity_carries_over_day_by_day() -> None:
    # half a case a day: the queue is served on every second day
    routing = _routing(**PERFECT, **{
        "centre.staff_per_100k_adults": 1.0, "centre.cases_per_staff_per_day": 0.5,
    })  # fmt: skip
    ids = st.cases(routing.ledger, 3)
    carry = []
    seen: dict[int, int] = {}
    for day in range(6):
        dispatch = routing.step(day, ids if day == 0 else NO_CASES)
        seen.update(dict.fromkeys(dispatch.ids.tolist(), day))
        carry.append(routing.centre.capacity_carry)
    assert seen == {0: 1, 1: 3, 2: 5}
    assert carry == [0.5, 0.0, 0.5, 0.0, 0.5, 0.0]
    assert routing.centre.dispatched == 3


def test_carry_over_is_at_most_one_case_beyond_a_days_capacity() -> None:
    routing = _routing(**PERFECT, **{
        "centre.staff_per_100k_adults": 1.0, "centre.cases_per_staff_per_day": 2.5,
    })  # fmt: skip
    for day in range(10):  # idle: the carry stops at 2.5 + 1
        routing.step(day, NO_CASES)
    assert routing.centre.capacity_carry == 3.5
    ids = st.cases(routing.ledger, 10)
    assert len(routing.step(10, ids).ids) == 3  # int(min(3.5 + 2.5, 3.5))


def test_a_tenth_of_a_case_a_day_dispatches_one_case_on_the_tenth_day() -> None:
    routing = _routing(**PERFECT, **{
        "centre.staff_per_100k_adults": 1.0, "centre.cases_per_staff_per_day": 0.1,
    })  # fmt: skip
    ids = st.cases(routing.ledger, 1)
    # after days 0..9 the centre has had 10 × 0.1 = 1 case of capacity
    assert _dispatch_days(routing, 12, {0: ids}) == {0: 9}


def test_perfect_routing_sends_every_case_to_its_lead_department() -> None:
    routing = _routing(**PERFECT, **AMPLE)
    ids = st.cases(routing.ledger, 4, lead_department=[0, 3, 8, 3], quality=0.0)
    dispatch = routing.step(0, ids)
    ledger = routing.ledger
    assert dispatch.ids.tolist() == [0, 1, 2, 3]
    assert dispatch.department.tolist() == [0, 3, 8, 3]
    assert ledger["routing_attempts"].tolist() == [1] * 4
    assert ledger["bounces"].tolist() == [0] * 4
    assert dispatch.bounced == 0


def test_queued_cases_wait_at_the_routing_stage() -> None:
    routing = _routing(**PERFECT, **{"centre.cases_per_staff_per_day": 0.0})
    ids = st.cases(routing.ledger, 2)
    dispatch = routing.step(0, ids)
    assert len(dispatch.ids) == 0
    assert routing.ledger["stage"].tolist() == [Stage.ROUTING] * 2
    assert list(routing.centre.queue) == [0, 1]


def test_misrouted_cases_bounce_back_to_the_queue_until_routed_by_hand() -> None:
    routing = _routing(**ALWAYS_WRONG, **{
        "centre.bounce_delay_days": 1.0, "centre.max_routing_attempts": 2,
    })  # fmt: skip
    ids = st.cases(routing.ledger, 3, lead_department=4)
    ledger = routing.ledger
    first = routing.step(0, ids)
    assert (len(first.ids), first.bounced) == (0, 3)
    assert ledger["stage"].tolist() == [Stage.BOUNCED] * 3
    assert ledger["bounces"].tolist() == [1] * 3
    second = routing.step(1, NO_CASES)  # back after 1 + Poisson(0) days, misrouted again
    assert (len(second.ids), second.bounced) == (0, 3)
    third = routing.step(2, NO_CASES)  # two bounces: routed by hand
    assert third.ids.tolist() == [0, 1, 2]
    assert third.department.tolist() == [4, 4, 4]
    assert third.bounced == 0
    assert ledger["routing_attempts"].tolist() == [3] * 3
    assert ledger["bounces"].tolist() == [2] * 3


def test_misroute_chance_follows_report_quality_and_the_responsibility_list() -> None:
    n = 20_000
    accuracy = {"centre.routing_accuracy_base": 0.5, "centre.routing_accuracy_per_quality": 0.4}
    for coverage, expected in ((0.0, 1 - (0.5 + 0.4 * 0.5)), (1.0, (1 - 0.7) * 0.3)):
        routing = _routing(**AMPLE, **accuracy, **{
            "sharing.responsibility_list_coverage": coverage,
            "sharing.listed_misroute_factor": 0.3,
        })  # fmt: skip
        ids = st.cases(routing.ledger, n, quality=0.5, category=np.arange(n) % 9)
        st.assert_share(routing.step(0, ids).bounced, n, expected)


def test_high_quality_reports_cap_routing_accuracy_at_one() -> None:
    routing = _routing(**AMPLE, **{
        "centre.routing_accuracy_base": 0.8, "centre.routing_accuracy_per_quality": 0.4,
        "sharing.responsibility_list_coverage": 0.0,
    })  # fmt: skip
    ids = st.cases(routing.ledger, 1000, quality=0.5)  # 0.8 + 0.2 = 1
    assert routing.step(0, ids).bounced == 0


def test_bounces_come_back_sooner_when_the_wrong_department_can_forward_the_case() -> None:
    n = 4000
    delays = {"centre.bounce_delay_days": 3.0, "sharing.forwarded_bounce_factor": 0.5,
              "centre.max_routing_attempts": 1}  # fmt: skip
    for links, mean in ((np.ones((9, 9), dtype=bool), 1.5), (np.eye(9, dtype=bool), 3.0)):
        routing = _routing(department_columns={"links": links}, **ALWAYS_WRONG, **delays)
        ids = st.cases(routing.ledger, n)
        back = np.array(list(_dispatch_days(routing, 40, {0: ids}).values()))
        assert len(back) == n
        assert back.min() >= 1
        # back after 1 + Poisson(mean - 1) days, then routed by hand
        st.assert_within(back.mean(), mean, np.sqrt((mean - 1) / n))


def test_with_one_department_nothing_is_misrouted() -> None:
    one = {
        **st.only_departments("judicial"),
        **st.only_categories("neighbour_dispute"),
        "categories.neighbour_dispute.assist_departments": [],
    }
    routing = _routing(**ALWAYS_WRONG, **one)
    ids = st.cases(routing.ledger, 100)
    dispatch = routing.step(0, ids)
    assert dispatch.bounced == 0
    assert dispatch.ids.tolist() == ids.tolist()


def _cross(routing: Routing, n: int, **columns: Any) -> np.ndarray:
    values = {"cross_department": True, "lead_department": 1, "assist_department": 0, **columns}
    return st.cases(routing.ledger, n, **values)


def test_unlisted_cross_department_cases_are_passed_back_once() -> None:
    routing = _routing(**PERFECT, **AMPLE, **{
        "sharing.bounce_back_probability": 1.0, "centre.bounce_delay_days": 1.0,
        "sharing.coordination_days_with_interface": 0.0,
        "sharing.coordination_days_without_interface": 0.0,
    })  # fmt: skip
    ids = _cross(routing, 3)
    first = routing.step(0, ids)
    assert (len(first.ids), first.bounced) == (0, 3)
    assert routing.ledger["stage"].tolist() == [Stage.BOUNCED] * 3
    second = routing.step(1, NO_CASES)  # back, and not passed back again
    assert second.ids.tolist() == [0, 1, 2]
    assert second.bounced == 0
    assert routing.ledger["bounces"].tolist() == [1] * 3


def test_listed_cross_department_cases_are_not_passed_back() -> None:
    routing = _routing(**AMPLE, **{
        "centre.routing_accuracy_base": 1.0, "sharing.responsibility_list_coverage": 1.0,
        "sharing.bounce_back_probability": 1.0, "sharing.coordination_days_with_interface": 0.0,
        "sharing.coordination_days_without_interface": 0.0,
    })  # fmt: skip
    dispatch = routing.step(0, _cross(routing, 5))
    assert dispatch.bounced == 0
    assert len(dispatch.ids) == 5


def test_cross_department_cases_wait_for_coordination_then_go_to_the_lead() -> None:
    routing = _routing(**PERFECT, **AMPLE, **{
        "sharing.bounce_back_probability": 0.0, "sharing.stall_probability": 0.0,
        "sharing.coordination_days_without_interface": 0.0,
    })  # fmt: skip
    ids = _cross(routing, 2, lead_department=[1, 6], assist_department=[0, 2])
    dispatch = routing.step(0, ids)  # no delay: to the lead's queue today
    assert dispatch.ids.tolist() == [0, 1]
    assert dispatch.department.tolist() == [1, 6]
    assert routing.ledger["stage"].tolist() == [Stage.COORDINATION] * 2


def test_coordination_takes_poisson_days_with_the_interface_mean() -> None:
    n = 4000
    no_stalls = {**PERFECT, **AMPLE, "sharing.bounce_back_probability": 0.0,
                 "sharing.stall_probability": 0.0, "sharing.coordination_days_with_interface": 2.0,
                 "sharing.coordination_days_without_interface": 6.0}  # fmt: skip
    for links, mean in ((np.ones((9, 9), dtype=bool), 2.0), (np.eye(9, dtype=bool), 6.0)):
        routing = _routing(department_columns={"links": links}, **no_stalls)
        ids = _cross(routing, n)
        days = np.array(list(_dispatch_days(routing, 40, {0: ids}).values()))
        assert len(days) == n
        st.assert_within(days.mean(), mean, np.sqrt(mean / n))


def test_a_day_without_cases_dispatches_nothing_but_banks_capacity() -> None:
    routing = _routing(**PERFECT, **{"centre.cases_per_staff_per_day": 0.5})
    st.cases(routing.ledger, 2)
    before = st.snapshot(ledger=routing.ledger)
    dispatch = routing.step(0, NO_CASES)
    assert len(dispatch.ids) == len(dispatch.department) == dispatch.bounced == 0
    assert st.written(before, ledger=routing.ledger) == set()
    assert routing.centre.capacity_carry == 0.5


def test_more_staff_mid_run_dispatch_more_from_the_next_day_on() -> None:
    base = {**PERFECT, "centre.staff_per_100k_adults": 1.0, "centre.cases_per_staff_per_day": 1.0}
    routing = _routing(**base)
    ids = st.cases(routing.ledger, 10)
    assert len(routing.step(0, ids).ids) == 1
    routing.configure(st.settings(**{**base, "centre.cases_per_staff_per_day": 3.0}),
                      st.categories(st.settings(**base)))  # fmt: skip
    assert len(routing.step(1, NO_CASES).ids) == 3
    assert len(routing.centre.queue) == 6


def test_a_wider_responsibility_list_mid_run_stops_misroutes_of_listed_categories() -> None:
    never_on_list = {**ALWAYS_WRONG, "sharing.listed_misroute_factor": 0.0,
                     "centre.bounce_delay_days": 1.0}  # fmt: skip
    routing = _routing(**never_on_list)
    assert routing.step(0, st.cases(routing.ledger, 50, category=4)).bounced == 50
    wider = st.settings(**{**never_on_list, "sharing.responsibility_list_coverage": 1.0})
    routing.configure(wider, st.categories(wider))
    dispatch = routing.step(1, NO_CASES)
    assert dispatch.bounced == 0
    assert len(dispatch.ids) == 50


def test_routing_writes_only_what_it_declares() -> None:
    routing = _routing(**ALWAYS_WRONG)
    ids = st.cases(routing.ledger, 5)
    tables = {
        "ledger": routing.ledger,
        "centre": routing.centre,
        "departments": routing.departments,
    }
    before = st.snapshot(**tables)
    routing.step(0, ids)
    assert st.written(before, **tables) <= set(Routing.WRITES)
