"""Closing alone: finished cases are closed in the ledger and their problems fixed or not."""

from __future__ import annotations

import numpy as np

import _states as st
from govsim.enums import Outcome, Stage
from govsim.events import ToClose
from govsim.processes import Closing


def _closing(n_problems: int = 4) -> tuple[Closing, st.CaseLedger, st.ProblemStore]:
    ledger, store = st.CaseLedger(), st.ProblemStore()
    st.problems(store, n_problems)
    return Closing(ledger, store), ledger, store


def test_closures_carry_outcome_days_and_lateness() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(ledger, 3, problem=[0, 1, 2], created_day=[2, 0, 1], sla_days=[7, 7, 15])
    closures = closing.step(10, ToClose.all(ids, Outcome.RESOLVED))
    assert closures.ids.tolist() == ids.tolist()
    assert closures.days.tolist() == [8, 10, 9]  # day 10 - created_day
    assert closures.late_days.tolist() == [1, 3, 0]  # max(0, days - sla_days)
    assert closures.in_time.tolist() == [False, False, True]


def test_a_case_closed_on_its_last_day_is_in_time() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(ledger, 2, created_day=0, sla_days=7)
    closures = closing.step(7, ToClose(ids=ids[:1], outcome=np.array([Outcome.RESOLVED], np.int8)))
    assert closures.late_days.tolist() == [0]
    assert closures.in_time.tolist() == [True]
    assert closing.step(8, ToClose.all(ids[1:], Outcome.RESOLVED)).late_days.tolist() == [1]


def test_ledger_gets_closed_day_outcome_and_closed_stage() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(ledger, 3, problem=[0, 1, 2])
    outcome = np.array([Outcome.UNRESOLVED, Outcome.SETTLED_LOCALLY, Outcome.NO_ACTION], np.int8)
    closing.step(5, ToClose(ids=ids, outcome=outcome))
    assert ledger["closed_day"].tolist() == [5, 5, 5]
    assert ledger["outcome"].tolist() == outcome.tolist()
    assert set(ledger["stage"].tolist()) == {Stage.CLOSED}


def test_only_resolved_or_settled_cases_fix_their_problems() -> None:
    closing, ledger, store = _closing(n_problems=4)
    ids = st.cases(ledger, 4, problem=[0, 1, 2, 3])
    outcome = [Outcome.RESOLVED, Outcome.SETTLED_LOCALLY, Outcome.UNRESOLVED, Outcome.NO_ACTION]
    closures = closing.step(3, ToClose(ids=ids, outcome=np.array(outcome, np.int8)))
    assert closures.good.tolist() == [True, True, False, False]
    assert store["fixed"].tolist() == [True, True, False, False]


def test_a_resolved_case_without_a_problem_fixes_nothing() -> None:
    closing, ledger, store = _closing(n_problems=2)
    ids = st.cases(ledger, 1, problem=-1, genuine=False)
    closures = closing.step(1, ToClose.all(ids, Outcome.RESOLVED))
    assert closures.good.tolist() == [True]
    assert not store["fixed"].any()


def test_joint_means_genuine_cross_department_and_not_settled_in_the_village() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(
        ledger, 4,
        cross_department=[True, True, True, False],
        settled_locally=[False, True, False, False],
        genuine=[True, True, False, True],
        lead_department=[3, 3, 3, 3], assist_department=[5, 5, 5, -1],
    )  # fmt: skip
    closures = closing.step(2, ToClose.all(ids, Outcome.RESOLVED))
    assert closures.joint.tolist() == [True, False, False, False]
    assert closures.lead.tolist() == [3, 3, 3, 3]
    assert closures.assist.tolist() == [5, 5, 5, -1]
    assert closures.settled_locally.tolist() == [False, True, False, False]


def test_closures_copy_the_ledger_columns_their_readers_need() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(
        ledger, 2, village=[1, 2], grid=[3, 4], source=[0, 1], channel=[4, 1],
        reporter=[17, 2], overdue=[True, False], problem=[1, 0],
    )  # fmt: skip
    closures = closing.step(9, ToClose.all(ids, Outcome.UNRESOLVED))
    assert closures.village.tolist() == [1, 2]
    assert closures.grid.tolist() == [3, 4]
    assert closures.source.tolist() == [0, 1]
    assert closures.channel.tolist() == [4, 1]
    assert closures.reporter.tolist() == [17, 2]
    assert closures.overdue.tolist() == [True, False]
    assert closures.problem.tolist() == [1, 0]
    assert closures.genuine.tolist() == [True, True]


def test_several_finished_batches_close_in_the_order_given() -> None:
    closing, ledger, _ = _closing()
    ids = st.cases(ledger, 3, problem=[0, 1, 2])
    closures = closing.step(
        4, ToClose.all(ids[2:], Outcome.SETTLED_LOCALLY), ToClose(), ToClose.all(ids[:2], 2)
    )
    assert closures.ids.tolist() == [2, 0, 1]
    assert closures.outcome.tolist() == [Outcome.SETTLED_LOCALLY, 2, 2]


def test_nothing_finished_closes_nothing() -> None:
    closing, ledger, store = _closing()
    st.cases(ledger, 2)
    before = st.snapshot(ledger=ledger, problems=store)
    assert len(closing.step(0)) == 0
    assert len(closing.step(0, ToClose(), ToClose())) == 0
    assert st.written(before, ledger=ledger, problems=store) == set()


def test_closing_writes_only_what_it_declares() -> None:
    closing, ledger, store = _closing()
    ids = st.cases(ledger, 2, problem=[0, 1])
    before = st.snapshot(ledger=ledger, problems=store)
    closing.step(3, ToClose.all(ids, Outcome.RESOLVED))
    assert st.written(before, ledger=ledger, problems=store) == set(Closing.WRITES)
