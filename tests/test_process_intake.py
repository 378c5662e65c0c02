"""Intake alone: reports open cases or join the case already open; the report log; intake delay."""

from __future__ import annotations

import numpy as np

import _states as st
from govsim.enums import AgeBand, Channel, Source, Stage
from govsim.events import Filings
from govsim.processes import Intake

SETTINGS = st.settings(**{"centre.sla_general_days": 7, "centre.sla_complex_days": 15})
CATEGORIES = st.categories(SETTINGS)


def _intake(n_problems: int = 4, **problem_columns: object) -> tuple[Intake, st.ProblemStore]:
    store = st.ProblemStore()
    st.problems(store, n_problems, **problem_columns)
    pop = st.population(
        10, age_band=[AgeBand.AGE_60_PLUS] + [0] * 9, migrant=[True] + [False] * 9,
        smartphone=[False] + [True] * 9,
    )  # fmt: skip
    return Intake(pop, store, st.CaseLedger(), st.ReportLog(), SETTINGS, CATEGORIES), store


def test_a_first_report_opens_a_case_describing_its_problem() -> None:
    intake, store = _intake(
        3, village=[0, 1, 2], grid=[0, 5, 6], severity=[0.1, 0.2, 0.3],
        settleable=[False, True, False], cross_department=[False, False, True],
        assist_department=[-1, -1, 4], enterprise=[-1, 7, -1],
    )  # fmt: skip
    batch = st.filings(1, problem=1, reporter=0, category=2, quality=0.9, channel=Channel.WECHAT)
    opened, ready = intake.step(4, (batch,))
    ledger = intake.ledger
    assert opened.tolist() == ready.tolist() == [0]
    assert store["case"].tolist() == [-1, 0, -1]
    row = {name: ledger[name][0].item() for name in ledger.COLUMNS}
    assert row["problem"] == 1
    assert row["created_day"] == 4
    assert (row["village"], row["grid"]) == (1, 5)
    assert row["severity"] == 0.2
    assert row["settleable"] is True
    assert row["enterprise"] == 7
    assert row["category"] == 2
    assert row["lead_department"] == CATEGORIES.lead[2]
    assert row["quality"] == 0.9
    assert row["channel"] == Channel.WECHAT
    assert row["source"] == Source.VILLAGER
    assert row["reporter"] == 0
    assert (row["reporter_age_band"], row["reporter_migrant"], row["reporter_smartphone"]) == (
        AgeBand.AGE_60_PLUS, True, False,
    )  # fmt: skip
    assert row["genuine"] is True
    assert row["stage"] == Stage.INTAKE
    assert row["reports"] == 1
    assert row["closed_day"] == -1


def test_time_limit_is_general_or_complex_by_cross_department() -> None:
    intake, _ = _intake(2, cross_department=[False, True], assist_department=[-1, 3])
    intake.step(0, (st.filings(2),))
    assert intake.ledger["sla_days"].tolist() == [7, 15]
    assert intake.ledger["cross_department"].tolist() == [False, True]
    assert intake.ledger["assist_department"].tolist() == [-1, 3]


def _joined_reporters(log: st.ReportLog) -> dict[int, list[int]]:
    """The villagers who joined each case, from the report log."""
    return {case: log["reporter"][reports].tolist() for case, reports in log.joiners.items()}


def test_other_reports_of_the_same_problem_that_day_join_the_first() -> None:
    intake, store = _intake()
    batch = st.filings(3, problem=[2, 2, 2], reporter=[5, 6, 5])  # villager 5 twice
    opened, _ = intake.step(0, (batch,))
    ledger, log = intake.ledger, intake.reports
    assert opened.tolist() == [0]
    assert len(ledger) == 1
    assert ledger["reporter"].tolist() == [5]
    assert ledger["reports"].tolist() == [3]
    assert log.joiners == {0: [1, 2]}  # the reports that joined (rows of the log)
    assert _joined_reporters(log) == {0: [6, 5]}
    assert log["reporter"].tolist() == [5, 6, 5]
    assert log["case"].tolist() == [0, 0, 0]
    assert log["opened"].tolist() == [True, False, False]
    assert store["case"][2] == 0


def test_a_report_of_a_problem_with_an_open_case_joins_it() -> None:
    intake, _ = _intake()
    intake.step(0, (st.filings(1, problem=3, reporter=1),))
    opened, ready = intake.step(2, (st.filings(1, problem=3, reporter=4, channel=Channel.APP),))
    assert opened.tolist() == ready.tolist() == []
    assert intake.ledger["reports"].tolist() == [2]
    assert _joined_reporters(intake.reports) == {0: [4]}
    assert intake.reports["day"].tolist() == [0, 2]
    assert intake.reports["channel"].tolist() == [Channel.HOTLINE, Channel.APP]
    assert intake.reports["opened"].tolist() == [True, False]


def test_a_problem_whose_case_closed_unfixed_is_reported_afresh() -> None:
    intake, store = _intake()
    intake.step(0, (st.filings(1, problem=1, reporter=2),))
    intake.ledger["closed_day"][0] = 5  # closed unresolved: the problem is still there
    opened, _ = intake.step(9, (st.filings(2, problem=[1, 1], reporter=[3, 4]),))
    assert opened.tolist() == [1]
    assert store["case"][1] == 1
    assert intake.ledger["reports"].tolist() == [1, 2]
    assert intake.ledger["created_day"].tolist() == [0, 9]
    assert _joined_reporters(intake.reports) == {1: [4]}


def test_reports_with_nothing_behind_them_each_open_a_case_not_genuine() -> None:
    intake, store = _intake()
    batch = st.filings(3, problem=[-1, -1, 0], reporter=[1, 1, 2], category=[4, 5, 0])
    opened, _ = intake.step(0, (batch,))
    ledger = intake.ledger
    assert opened.tolist() == [0, 1, 2]
    assert ledger["genuine"].tolist() == [False, False, True]
    assert ledger["problem"].tolist() == [-1, -1, 0]
    assert ledger["category"].tolist() == [4, 5, 0]
    assert ledger["severity"].tolist()[:2] == [0.0, 0.0]
    assert ledger["sla_days"].tolist() == [7, 7, 7]
    assert intake.reports["genuine"].tolist() == [False, False, True]
    assert intake.reports["opened"].tolist() == [True, True, True]
    assert store["case"].tolist() == [2, -1, -1, -1]


def test_batches_are_taken_in_order_and_later_ones_join() -> None:
    intake, _ = _intake()
    found = st.filings(
        1, problem=0, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER, reporter=3
    )
    camera = st.filings(1, problem=0, source=Source.CAMERA, channel=-1, reporter=-1)
    villagers = st.filings(1, problem=0, reporter=8)
    opened, _ = intake.step(0, (found, camera, villagers))
    ledger = intake.ledger
    assert opened.tolist() == [0]
    assert ledger["source"].tolist() == [Source.GRID_WORKER]
    assert ledger["reporter"].tolist() == [3]
    assert ledger["reports"].tolist() == [3]
    assert _joined_reporters(intake.reports) == {0: [8]}  # only villagers are remembered
    assert intake.reports["reporter"].tolist() == [8]  # the log holds villagers' reports only


def test_non_villager_reporters_have_no_reporter_traits() -> None:
    intake, _ = _intake()
    found = st.filings(1, problem=0, source=Source.GRID_WORKER, reporter=0)
    intake.step(0, (found, st.filings(1, problem=1, reporter=0)))
    ledger = intake.ledger
    assert ledger["reporter_age_band"].tolist() == [-1, AgeBand.AGE_60_PLUS]
    assert ledger["reporter_migrant"].tolist() == [False, True]
    assert ledger["reporter_smartphone"].tolist() == [False, False]


def test_cases_are_handed_on_when_their_intake_delay_ends() -> None:
    intake, _ = _intake()
    opened, ready = intake.step(3, (st.filings(4, intake_days=[0, 2, 1, 2]),))
    assert opened.tolist() == [0, 1, 2, 3]
    assert ready.tolist() == [0]
    assert intake.step(4, ())[1].tolist() == [2]
    assert intake.step(5, (st.filings(1, problem=0, reporter=9),))[1].tolist() == [1, 3]
    assert intake.step(6, ())[1].tolist() == []


def test_a_joining_report_does_not_reset_the_intake_delay() -> None:
    intake, _ = _intake()
    intake.step(0, (st.filings(1, problem=0, intake_days=2),))
    _, ready = intake.step(1, (st.filings(1, problem=0, reporter=5, intake_days=0),))
    assert ready.tolist() == []
    assert intake.step(2, ())[1].tolist() == [0]


def test_no_reports_open_nothing() -> None:
    intake, store = _intake()
    before = st.snapshot(ledger=intake.ledger, reports=intake.reports, problems=store)
    for filings in ((), (Filings(),), (Filings(), Filings(), Filings())):
        opened, ready = intake.step(0, filings)
        assert len(opened) == len(ready) == 0
    assert st.written(before, ledger=intake.ledger, reports=intake.reports, problems=store) == set()


def test_new_time_limits_apply_to_cases_opened_after_configure() -> None:
    intake, _ = _intake()
    intake.step(0, (st.filings(1, problem=0),))
    intake.configure(st.settings(**{"centre.sla_general_days": 3}), CATEGORIES)
    intake.step(1, (st.filings(1, problem=1),))
    assert intake.ledger["sla_days"].tolist() == [7, 3]


def test_intake_writes_only_what_it_declares() -> None:
    intake, store = _intake()
    tables = {"ledger": intake.ledger, "reports": intake.reports, "problems": store}
    intake.step(0, (st.filings(2, problem=[0, 1]),))
    before = st.snapshot(**tables)
    intake.step(1, (st.filings(3, problem=[0, 2, -1], reporter=[4, 5, 6]),))
    changed = st.written(before, **tables)
    assert changed <= set(Intake.WRITES)
    assert changed == {"ledger+", "ledger.reports", "reports+", "reports.joiners", "problems.case"}
    # the problems' own columns are left alone
    assert np.array_equal(store["fixed"], np.zeros(4, dtype=bool))
