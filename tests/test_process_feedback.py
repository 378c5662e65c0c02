"""Feedback alone: satisfaction, who is told, and what reporters, neighbours and the affected
households experience."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import Channel, Outcome, Source
from govsim.events import Closures, Experiences
from govsim.processes import Feedback

RULES = {
    "feedback.learning_rate": 0.5,
    "feedback.affected_weight": 0.8,  # affected households learn at 0.4
    "feedback.neighbour_weight": 0.2,  # neighbours at 0.1
    "feedback.silent_outcome_value": 0.2,
    "feedback.small_win_ownership_probability": 0.01,
    "feedback.broken_commitment_ownership_loss": 0.1,
    "feedback.late_satisfaction_halving_days": 7.0,
    "feedback.notified_share": 1.0,
    "feedback.neighbour_observation_probability": 1.0,
}
REPORTER, AFFECTED, NEIGHBOUR = 0.5, 0.4, 0.1  # the trust rate of each kind of experience
NO_OVERDUE = np.zeros(0, dtype=np.int64)


def _feedback(seed: int = 0, **overrides: Any) -> Feedback:
    """Households of 2, 1, 2 and 1 adults (rows 0-1, 2, 3-4, 5; row 1 is a migrant), ties
    0-2, 2-3 and 4-5, and two problems: one of household 0, one of households 2 and 3."""
    the_layout = st.layout([[2, 1, 2, 1]])
    pop = st.population(6, the_layout, migrant=[False, True, False, False, False, False])
    store = st.ProblemStore()
    st.problems(store, 2, household=[0, 2], households=[1, 2])
    ledger = st.CaseLedger()
    st.cases(ledger, 4, problem=[0, 1, -1, -1])
    return Feedback(
        the_layout, pop, st.network(6, [(0, 2), (2, 3), (4, 5)]), store, ledger, st.ReportLog(),
        st.settings(**{**RULES, **overrides}), st.rng(seed),
    )  # fmt: skip


def _by_rate(experiences: tuple[Experiences, ...]) -> dict[float, Experiences]:
    kinds = {float(e.trust_rate[0]): e for e in experiences}
    assert len(kinds) == len(experiences)
    return kinds


def test_satisfaction_halves_with_every_halving_period_late() -> None:
    feedback = _feedback()
    closures = st.closures(4, late_days=[0, 7, 14, 3], source=Source.GRID_WORKER)
    satisfaction, _, _ = feedback.step(0, closures, NO_OVERDUE)
    np.testing.assert_allclose(satisfaction, [1.0, 0.5, 0.25, 0.5 ** (3 / 7)])
    np.testing.assert_allclose(feedback.ledger["satisfaction"], satisfaction)


def test_unfixed_cases_satisfy_no_one_and_trivial_ones_are_not_rated() -> None:
    feedback = _feedback()
    closures = st.closures(
        3, outcome=[Outcome.UNRESOLVED, Outcome.SETTLED_LOCALLY, Outcome.NO_ACTION],
        good=[False, True, False], genuine=[True, True, False], late_days=[0, 7, 0],
    )  # fmt: skip
    satisfaction, _, _ = feedback.step(0, closures, NO_OVERDUE)
    assert satisfaction[:2].tolist() == [0.0, 0.5]
    assert np.isnan(satisfaction[2])
    assert np.isnan(feedback.ledger["satisfaction"][2])


def test_told_reporters_experience_their_satisfaction_and_may_take_or_drop_ownership() -> None:
    feedback = _feedback()
    closures = st.closures(
        3, reporter=[2, 3, 4], good=[True, False, True], late_days=[0, 0, 7],
        outcome=[Outcome.RESOLVED, Outcome.UNRESOLVED, Outcome.RESOLVED],
    )  # fmt: skip
    _, experiences, _ = feedback.step(0, closures, NO_OVERDUE)
    reporters = _by_rate(experiences)[REPORTER]
    assert reporters.rows.tolist() == [2, 3, 4]
    np.testing.assert_allclose(reporters.outcome, [1.0, 0.0, 0.5])
    np.testing.assert_allclose(reporters.efficacy_rate, [0.5] * 3)
    np.testing.assert_allclose(reporters.gain, [0.01, 0.0, 0.01])
    np.testing.assert_allclose(reporters.loss, [0.0, 0.1, 0.0])
    assert feedback.ledger["notified"][:3].tolist() == [True] * 3


def test_reporters_never_told_infer_the_silent_outcome_unless_settled_or_on_the_app() -> None:
    feedback = _feedback(**{"feedback.notified_share": 0.0, "apps.feedback_feature": True})
    closures = st.closures(
        3, reporter=[2, 3, 4], settled_locally=[False, True, False],
        channel=[Channel.HOTLINE, Channel.WECHAT, Channel.APP],
    )  # fmt: skip
    _, experiences, _ = feedback.step(0, closures, NO_OVERDUE)
    reporters = _by_rate(experiences)[REPORTER]
    np.testing.assert_allclose(reporters.outcome, [0.2, 1.0, 1.0])
    np.testing.assert_allclose(reporters.gain, [0.0, 0.01, 0.01])
    np.testing.assert_allclose(reporters.loss, [0.1, 0.0, 0.0])
    assert feedback.ledger["notified"][:3].tolist() == [False, True, True]


def test_app_reporters_are_not_told_without_the_feedback_feature() -> None:
    feedback = _feedback(**{"feedback.notified_share": 0.0, "apps.feedback_feature": False})
    closures = st.closures(1, reporter=[2], channel=Channel.APP)
    feedback.step(0, closures, NO_OVERDUE)
    assert not feedback.ledger["notified"].any()


def test_reporters_are_told_with_the_notified_share() -> None:
    n = 20_000
    feedback = _feedback(seed=5, **{"feedback.notified_share": 0.6})
    ledger = st.CaseLedger()
    st.cases(ledger, n)
    feedback.ledger = ledger
    feedback.step(0, st.closures(n, reporter=np.arange(n) % 6), NO_OVERDUE)
    st.assert_share(int(ledger["notified"].sum()), n, 0.6)


def test_everyone_who_joined_a_case_hears_its_outcome() -> None:
    feedback = _feedback()
    log = feedback.reports  # reports 1 and 2 joined case 1, report 3 joined case 3
    log.append(
        4, day=0, reporter=[3, 5, 0, 2], case=[1, 1, 1, 3], opened=[True, False, False, False]
    )
    log.joiners.update({1: [1, 2], 3: [3]})
    closures = st.closures(2, ids=[0, 1], reporter=[2, 3], good=[True, False])
    _, experiences, _ = feedback.step(0, closures, NO_OVERDUE)
    reporters = _by_rate(experiences)[REPORTER]
    assert reporters.rows.tolist() == [2, 3, 5, 0]
    np.testing.assert_allclose(reporters.outcome, [1.0, 0.0, 0.0, 0.0])


def test_app_reporters_whose_case_was_not_fixed_are_let_down() -> None:
    feedback = _feedback()
    closures = st.closures(
        3, reporter=[2, 3, 4], channel=[Channel.APP, Channel.APP, Channel.HOTLINE],
        good=[True, False, False],
    )  # fmt: skip
    _, _, letdowns = feedback.step(0, closures, NO_OVERDUE)
    assert letdowns.tolist() == [3]


def test_villagers_who_joined_through_the_app_are_let_down_by_their_own_channel() -> None:
    feedback = _feedback()
    log = feedback.reports  # as intake writes it: case 0 opened on the hotline, 1 on the app
    log.append(4, day=0, reporter=[2, 3, 4, 0], case=[0, 0, 1, 1],
               channel=[Channel.HOTLINE, Channel.APP, Channel.APP, Channel.HOTLINE],
               opened=[True, False, True, False])  # fmt: skip
    log.joiners.update({0: [1], 1: [3]})  # the reports that joined each case
    closures = st.closures(
        2, reporter=[2, 4], channel=[Channel.HOTLINE, Channel.APP], good=False,
        outcome=Outcome.UNRESOLVED,
    )  # fmt: skip
    _, _, letdowns = feedback.step(0, closures, NO_OVERDUE)
    assert sorted(letdowns.tolist()) == [3, 4]  # the two who reported through the app


def test_neighbours_of_reporters_observe_whether_the_problem_was_fixed() -> None:
    feedback = _feedback()
    closures = st.closures(3, reporter=[2, 3, 4], good=[True, False, True], late_days=7)
    _, experiences, _ = feedback.step(0, closures, NO_OVERDUE)
    neighbours = _by_rate(experiences)[NEIGHBOUR]
    assert neighbours.rows.tolist() == [0, 3, 2, 5]  # of 2, of 3, of 4
    np.testing.assert_allclose(neighbours.outcome, [1.0, 1.0, 0.0, 1.0])  # fixed, not satisfaction
    np.testing.assert_allclose(neighbours.gain, [0.01, 0.01, 0.0, 0.01])
    np.testing.assert_allclose(neighbours.loss, 0.0)


def test_each_neighbour_observes_with_the_observation_probability() -> None:
    n = 10_000
    the_layout = st.layout([[1] * (n + 1)])
    pop = st.population(n + 1, the_layout)
    ledger = st.CaseLedger()
    st.cases(ledger, 1)
    feedback = Feedback(
        the_layout, pop, st.network(n + 1, [(0, k) for k in range(1, n + 1)]), st.ProblemStore(),
        ledger, st.ReportLog(),
        st.settings(**{**RULES, "feedback.neighbour_observation_probability": 0.3}), st.rng(7),
    )  # fmt: skip
    _, experiences, _ = feedback.step(0, st.closures(1, reporter=[0]), NO_OVERDUE)
    st.assert_share(len(_by_rate(experiences)[NEIGHBOUR]), n, 0.3)


def test_resident_adults_of_affected_households_see_whether_it_was_fixed() -> None:
    feedback = _feedback()
    closures = st.closures(2, problem=[0, 1], good=[True, False], source=Source.GRID_WORKER)
    _, experiences, letdowns = feedback.step(0, closures, NO_OVERDUE)
    assert len(experiences) == 1  # no villager reported: no reporters, no neighbours
    affected = experiences[0]
    assert affected.rows.tolist() == [0, 3, 4, 5]  # row 1 is a migrant
    np.testing.assert_allclose(affected.outcome, [1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(affected.trust_rate, AFFECTED)
    np.testing.assert_allclose(affected.efficacy_rate, AFFECTED)
    np.testing.assert_allclose(affected.gain, [0.01, 0.0, 0.0, 0.0])
    assert len(letdowns) == 0


def test_an_overdue_case_is_a_broken_commitment_to_the_affected_households() -> None:
    feedback = _feedback()
    feedback.ledger["genuine"][1] = True
    _, experiences, _ = feedback.step(0, Closures(), np.array([1, 0, 2], dtype=np.int64))
    assert len(experiences) == 1
    broken = experiences[0]
    assert broken.rows.tolist() == [3, 4, 5, 0]  # problem 1's households, then problem 0's
    np.testing.assert_allclose(broken.outcome, 0.2)
    np.testing.assert_allclose(broken.trust_rate, AFFECTED)
    np.testing.assert_allclose(broken.gain, 0.0)


def test_experiences_come_in_the_order_overdue_affected_reporters_neighbours() -> None:
    feedback = _feedback()
    closures = st.closures(1, ids=[0], problem=[0], reporter=[2])
    _, experiences, _ = feedback.step(0, closures, np.array([1], dtype=np.int64))
    rates = [float(e.trust_rate[0]) for e in experiences]
    assert rates == [AFFECTED, AFFECTED, REPORTER, NEIGHBOUR]
    assert experiences[0].rows.tolist() == [3, 4, 5]  # overdue problem 1
    assert experiences[1].rows.tolist() == [0]  # closed problem 0


def test_closures_with_nothing_behind_them_teach_nothing() -> None:
    feedback = _feedback()
    closures = st.closures(2, genuine=False, good=False, outcome=Outcome.NO_ACTION)
    satisfaction, experiences, letdowns = feedback.step(0, closures, NO_OVERDUE)
    assert np.isnan(satisfaction).all()
    assert experiences == ()
    assert len(letdowns) == 0
    assert not feedback.ledger["notified"].any()


def test_no_closures_and_nothing_overdue_give_nothing() -> None:
    feedback = _feedback()
    before = st.snapshot(ledger=feedback.ledger)
    satisfaction, experiences, letdowns = feedback.step(0, Closures(), NO_OVERDUE)
    assert len(satisfaction) == len(letdowns) == 0
    assert experiences == ()
    assert st.written(before, ledger=feedback.ledger) == set()


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_new_notified_share_applies_after_configure(share: float) -> None:
    feedback = _feedback(**{"feedback.notified_share": 1.0 - share})
    feedback.configure(st.settings(**{**RULES, "feedback.notified_share": share}))
    feedback.step(0, st.closures(3, reporter=[2, 3, 4]), NO_OVERDUE)
    assert feedback.ledger["notified"][:3].tolist() == [bool(share)] * 3


def test_feedback_writes_only_what_it_declares() -> None:
    feedback = _feedback(**{"transparency.level": 1.0})
    tables = {
        "ledger": feedback.ledger, "population": feedback.population,
        "problems": feedback.problems, "reports": feedback.reports,
    }  # fmt: skip
    before = st.snapshot(**tables)
    feedback.step(0, st.closures(2, problem=[0, 1], reporter=[2, 3]), np.array([1]))
    assert st.written(before, **tables) == set(Feedback.WRITES)


def test_public_progress_tells_reporters_and_builds_their_trust() -> None:
    feedback = _feedback(
        **{"transparency.level": 1.0, "transparency.progress_trust_rate": 0.05,
           "feedback.notified_share": 0.0}
    )  # fmt: skip
    closures = st.closures(2, problem=[0, 1], reporter=[2, 3], good=[True, False])
    _, experiences, _ = feedback.step(0, closures, NO_OVERDUE)
    assert feedback.ledger["visible"][:2].all()
    assert feedback.ledger["notified"][:2].all()  # seen in public: as if told
    progress = [e for e in experiences if np.allclose(e.trust_rate, 0.05)]
    assert len(progress) == 1
    assert progress[0].rows.tolist() == [2, 3]
    np.testing.assert_allclose(progress[0].outcome, 1.0)
    np.testing.assert_allclose(progress[0].efficacy_rate, 0.0)


def test_a_share_of_cases_is_in_public_view() -> None:
    n = 10_000
    feedback = _feedback(seed=3, **{"transparency.level": 0.3})
    ledger = st.CaseLedger()
    st.cases(ledger, n)
    feedback.ledger = ledger
    feedback.step(0, st.closures(n, reporter=np.arange(n) % 6), NO_OVERDUE)
    st.assert_share(int(ledger["visible"].sum()), n, 0.3)
