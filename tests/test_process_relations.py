"""Relations alone: data links and the standard's roll-out, coordination delay and rounds, and the
periodic review of working relations."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.events import Closures
from govsim.processes import Relations
from govsim.processes.relations import coordination_days, coordination_rounds, department_graph
from govsim.state.background import MIN_SAMPLE

REVIEW = {
    "sharing.relations_review_days": 10,
    "sharing.relations_learning_rate": 0.3,
    "sharing.relations_evidence_half": 10.0,
    "sharing.relations_initial": 0.5,
    "feedback.loss_aversion": 2.0,
}


def _relations(department_columns: dict | None = None, **overrides: Any) -> Relations:
    """Relations of a whole county (the sample rule of a part of one is tested on its own)."""
    settings = st.settings(**{"county.villages_in_county": 1, **overrides})
    return Relations(st.departments(settings, **(department_columns or {})), settings)


def _pairs(lead: list[int], assist: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(lead, dtype=np.int64), np.array(assist, dtype=np.int64)


def test_coordination_days_depend_on_a_link_meetings_and_the_cloud() -> None:
    interface = np.zeros((9, 9), dtype=bool)
    interface[0, 1] = interface[1, 0] = True
    delays = {"sharing.coordination_days_with_interface": 2.5,
              "sharing.coordination_days_without_interface": 9.0}  # fmt: skip
    lead, assist = _pairs([0, 0], [1, 2])
    plain = _relations({"interface": interface}, **delays)
    np.testing.assert_allclose(
        coordination_days(plain.departments, st.settings(**delays), lead, assist), [2.5, 9.0]
    )
    meetings = st.settings(**delays, **{
        "sharing.linkage_meetings_per_month": 4.0, "sharing.linkage_halving_meetings": 4.0,
    })  # fmt: skip
    np.testing.assert_allclose(
        coordination_days(plain.departments, meetings, lead, assist), [1.25, 4.5]
    )
    cloud = st.settings(
        **delays, **{"sharing.shared_cloud": True, "sharing.cloud_delay_factor": 0.7}
    )
    relations = _relations({"interface": interface}, **delays, **{"sharing.shared_cloud": True})
    np.testing.assert_allclose(
        coordination_days(relations.departments, cloud, lead, assist), [1.75, 1.75]
    )


def test_coordination_rounds_are_geometric_with_the_threshold_stall() -> None:
    n = 20_000
    settings = st.settings(**{
        "sharing.stall_probability": 0.95, "sharing.cooperation_threshold": 0.35,
        "sharing.cooperation_threshold_spread": 0.04,
    })  # fmt: skip
    departments = st.departments(settings, relations=np.full(9, 0.35))  # F(θ) = 1/2
    lead, assist = _pairs([0] * n, [1] * n)
    rounds = coordination_rounds(departments, settings, lead, assist, st.rng(4))
    p = 1 - 0.95 * (1 - 0.5)
    assert rounds.min() >= 1
    st.assert_within(rounds.mean(), 1 / p, np.sqrt((1 - p) / p**2 / n))
    st.assert_share(int(np.count_nonzero(rounds == 1)), n, p)


def test_cooperation_is_logistic_in_the_pairs_mean_relations() -> None:
    n = 20_000
    settings = st.settings(**{
        "sharing.stall_probability": 0.8, "sharing.cooperation_threshold": 0.35,
        "sharing.cooperation_threshold_spread": 0.04,
    })  # fmt: skip
    departments = st.departments(settings, relations=np.array([0.3, 0.46] + [0.5] * 7))
    rounds = coordination_rounds(departments, settings, *_pairs([0] * n, [1] * n), st.rng(5))
    cooperate = 1 / (1 + np.exp((0.35 - 0.38) / 0.04))  # mean relations 0.38
    st.assert_share(int(np.count_nonzero(rounds == 1)), n, 1 - 0.8 * (1 - cooperate))


def test_without_stalls_a_case_needs_one_round() -> None:
    settings = st.settings(**{"sharing.stall_probability": 0.0})
    departments = st.departments(settings, relations=np.zeros(9))
    rounds = coordination_rounds(departments, settings, *_pairs([0] * 500, [1] * 500), st.rng())
    assert set(rounds.tolist()) == {1}


def _joint(lead: list[int], assist: list[int], in_time: list[bool]) -> Closures:
    return st.closures(len(lead), joint=True, lead=lead, assist=assist, in_time=in_time)


def test_review_moves_relations_towards_the_share_in_time_weighted_by_evidence() -> None:
    relations = _relations(**REVIEW)
    closures = Closures.concat(
        _joint([0] * 4, [1] * 4, [True, True, True, False]), _joint([2, 2], [1, 1], [False, False])
    )
    for day in range(9):
        relations.step(day, closures if day == 3 else Closures())
    assert relations.departments.relations.tolist() == [0.5] * 9  # not yet reviewed
    relations.step(9, Closures())
    w = relations.departments.relations
    # department 0: 4 cases, 3/4 in time, rate 0.3 × 4 / 14
    assert w[0] == pytest.approx(0.5 + 0.3 * 4 / 14 * (0.75 - 0.5))
    # department 1: 6 cases (assisted), 3/6 in time = its relations: no change
    assert w[1] == pytest.approx(0.5)
    # department 2: 2 cases, none in time: a loss, weighted by loss aversion 2
    assert w[2] == pytest.approx(0.5 - 2 * 0.3 * 2 / 12 * 0.5)
    assert w[3:].tolist() == [0.5] * 6


def test_each_review_covers_only_its_own_period() -> None:
    relations = _relations(**REVIEW)
    relations.step(0, _joint([0], [1], [True]))
    for day in range(1, 20):
        relations.step(day, Closures())
    once = 0.5 + 0.3 * 1 / 11 * 0.5
    assert relations.departments.relations[:2] == pytest.approx([once, once])


def test_cases_that_are_not_joint_do_not_count() -> None:
    relations = _relations(**REVIEW)
    closures = st.closures(3, joint=False, lead=0, assist=[1, 1, -1], in_time=False)
    for day in range(10):
        relations.step(day, closures)
    assert relations.departments.relations.tolist() == [0.5] * 9


def test_departments_with_the_standard_are_linked_to_all() -> None:
    interface = np.zeros((9, 9), dtype=bool)
    interface[4, 5] = interface[5, 4] = True
    relations = _relations({"interface": interface}, **{"departments.judicial.data_standard": True})
    d = relations.departments
    assert d.adopted.tolist() == [False, True] + [False] * 7
    expected = np.eye(9, dtype=bool) | interface
    expected[1, :] = expected[:, 1] = True
    assert np.array_equal(d.links, expected)


def test_the_standard_rolls_out_evenly_over_the_roll_out_period() -> None:
    rollout = {"sharing.data_standard_share": 1 / 3, "sharing.standard_rollout_start_day": 10,
               "sharing.standard_rollout_days": 30}  # fmt: skip
    relations = _relations({"adoption_order": np.arange(9)[::-1].copy()}, **rollout)
    adopted_on: dict[int, int] = {}
    for day in range(60):
        relations.step(day, Closures())
        for k in np.nonzero(relations.departments.adopted)[0].tolist():
            adopted_on.setdefault(k, day)
    # 3 of 9 departments in adoption order 8, 7, 6, at days 10 + floor(i × 30 / 3)
    assert adopted_on == {8: 10, 7: 20, 6: 30}
    assert relations.departments.links[8].all()
    assert not relations.departments.links[0, 1]


def test_reconfiguring_with_the_same_settings_keeps_the_roll_out_schedule() -> None:
    rollout = {"sharing.data_standard_share": 1 / 3, "sharing.standard_rollout_start_day": 10,
               "sharing.standard_rollout_days": 30}  # fmt: skip
    relations = _relations({"adoption_order": np.arange(9)[::-1].copy()}, **rollout)
    adopted_on: dict[int, int] = {}
    for day in range(60):
        if day == 15:  # a policy rolled out on another lever takes every process's values
            relations.configure(st.settings(**rollout))
        relations.step(day, Closures())
        for k in np.nonzero(relations.departments.adopted)[0].tolist():
            adopted_on.setdefault(k, day)
    assert adopted_on == {8: 10, 7: 20, 6: 30}


def test_a_higher_standard_share_mid_run_adds_departments_in_the_same_order() -> None:
    order = {"adoption_order": np.array([3, 0, 8, 1, 2, 4, 5, 6, 7])}
    relations = _relations(order, **{"sharing.data_standard_share": 2 / 9})
    relations.step(0, Closures())
    assert np.nonzero(relations.departments.adopted)[0].tolist() == [0, 3]
    relations.configure(st.settings(**{"sharing.data_standard_share": 4 / 9}))
    relations.step(1, Closures())
    assert np.nonzero(relations.departments.adopted)[0].tolist() == [0, 1, 3, 8]


def test_a_shared_cloud_links_every_pair_until_it_is_switched_off() -> None:
    relations = _relations(**{"sharing.shared_cloud": True})
    assert relations.departments.links.all()
    relations.configure(st.settings(**{"sharing.shared_cloud": False}))
    assert np.array_equal(relations.departments.links, np.eye(9, dtype=bool))


def test_department_graph_has_an_edge_per_link() -> None:
    interface = np.zeros((9, 9), dtype=bool)
    interface[0, 2] = interface[2, 0] = True
    graph = department_graph(_relations({"interface": interface}).departments)
    assert graph.number_of_nodes() == 9
    assert sorted(graph.edges) == [("civil_affairs", "market_regulation")]


def test_a_quiet_period_changes_nothing() -> None:
    relations = _relations(**REVIEW)
    before = st.snapshot(departments=relations.departments)
    for day in range(25):
        relations.step(day, Closures())
    assert st.written(before, departments=relations.departments) == set()


def test_relations_write_only_what_they_declare() -> None:
    relations = _relations(**REVIEW, **{
        "sharing.data_standard_share": 1 / 3, "sharing.standard_rollout_start_day": 5,
    })  # fmt: skip
    before = st.snapshot(departments=relations.departments)
    for day in range(10):
        relations.step(day, _joint([0], [1], [True]) if day == 2 else Closures())
    assert st.written(before, departments=relations.departments) == set(Relations.WRITES)


def test_a_sample_of_the_county_pools_periods_until_it_has_enough_cases() -> None:
    """In a run of part of a county (one village of 400) a review waits for MIN_SAMPLE
    simulated joint cases, then makes the moves the county made over the pooled periods, at the
    rate of the county's evidence (400 × the sample per period)."""
    relations = _relations(**{**REVIEW, "county.villages_in_county": 400})
    one_in_time = _joint([0], [1], [True])
    for period in range(MIN_SAMPLE):  # one joint case in time a period
        for day in range(10 * period, 10 * period + 10):
            relations.step(day, one_in_time if day % 10 == 0 else Closures())
        if period < MIN_SAMPLE - 1:
            assert relations.departments.relations[:2].tolist() == [0.5, 0.5]  # too few cases
    county = MIN_SAMPLE * 400 / MIN_SAMPLE  # the county's joint cases per period
    rate = 1 - (1 - 0.3 * county / (county + 10.0)) ** MIN_SAMPLE
    np.testing.assert_allclose(relations.departments.relations[:2], 0.5 + rate * 0.5)
    assert relations.joint_closed[:2].tolist() == [0, 0]
    assert relations.departments.relations[2:].tolist() == [0.5] * 7
