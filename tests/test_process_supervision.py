"""Supervision alone: escalation after ``escalation_after_days``, overdue the day after the limit."""

from __future__ import annotations

import numpy as np

import _states as st
from govsim.processes import Supervision

SETTINGS = st.settings(**{"centre.escalation_after_days": 10})


def _run(supervision: Supervision, days: range, opened: dict[int, np.ndarray]) -> dict:
    """Step through ``days``; the days each case was escalated and became overdue."""
    escalated: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for day in days:
        deadlines = supervision.step(day, opened.get(day, np.zeros(0, dtype=np.int64)))
        escalated.update(dict.fromkeys(deadlines.escalated.tolist(), day))
        overdue.update(dict.fromkeys(deadlines.overdue.tolist(), day))
    return {"escalated": escalated, "overdue": overdue}


def test_open_cases_escalate_after_the_threshold_and_go_overdue_the_day_after_the_limit() -> None:
    ledger = st.CaseLedger()
    ids = st.cases(ledger, 3, sla_days=[7, 15, 3])
    supervision = Supervision(ledger, SETTINGS)
    seen = _run(supervision, range(40), {2: ids[:2], 5: ids[2:]})
    assert seen["escalated"] == {0: 12, 1: 12, 2: 15}  # opened + 10
    assert seen["overdue"] == {0: 10, 1: 18, 2: 9}  # opened + sla_days + 1
    assert ledger["escalated"].all()
    assert ledger["overdue"].all()


def test_cases_closed_in_time_are_neither_escalated_nor_overdue() -> None:
    ledger = st.CaseLedger()
    ids = st.cases(ledger, 2, sla_days=7)
    supervision = Supervision(ledger, SETTINGS)
    supervision.step(0, ids)
    ledger["closed_day"][0] = 7  # closed on its last day
    seen = _run(supervision, range(1, 30), {})
    assert seen["overdue"] == {1: 8}
    assert seen["escalated"] == {1: 10}
    assert ledger["overdue"].tolist() == [False, True]
    assert ledger["escalated"].tolist() == [False, True]


def test_a_case_is_flagged_once() -> None:
    ledger = st.CaseLedger()
    ids = st.cases(ledger, 1, sla_days=7)
    supervision = Supervision(ledger, SETTINGS)
    flagged = []
    for day in range(60):
        deadlines = supervision.step(day, ids if day == 0 else np.zeros(0, dtype=np.int64))
        flagged += [("escalated", day)] * len(deadlines.escalated)
        flagged += [("overdue", day)] * len(deadlines.overdue)
    assert flagged == [("overdue", 8), ("escalated", 10)]


def test_nothing_opened_or_due_gives_empty_deadlines() -> None:
    ledger = st.CaseLedger()
    st.cases(ledger, 2)
    supervision = Supervision(ledger, SETTINGS)
    before = st.snapshot(ledger=ledger)
    for day in range(20):
        deadlines = supervision.step(day, np.zeros(0, dtype=np.int64))
        assert len(deadlines.escalated) == len(deadlines.overdue) == 0
    assert st.written(before, ledger=ledger) == set()


def test_a_new_threshold_applies_to_cases_opened_after_configure() -> None:
    ledger = st.CaseLedger()
    ids = st.cases(ledger, 2, sla_days=30)
    supervision = Supervision(ledger, SETTINGS)
    supervision.step(0, ids[:1])
    supervision.configure(st.settings(**{"centre.escalation_after_days": 3}))
    seen = _run(supervision, range(1, 20), {1: ids[1:]})
    assert seen["escalated"] == {0: 10, 1: 4}


def test_supervision_writes_only_what_it_declares() -> None:
    ledger = st.CaseLedger()
    ids = st.cases(ledger, 1, sla_days=2)
    supervision = Supervision(ledger, st.settings(**{"centre.escalation_after_days": 3}))
    before = st.snapshot(ledger=ledger)
    _run(supervision, range(5), {0: ids})
    assert st.written(before, ledger=ledger) == set(Supervision.WRITES)
