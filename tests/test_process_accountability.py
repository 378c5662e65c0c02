"""Accountability alone: departments' appraisal and their best responses to it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.events import Dispatch, Evaluations
from govsim.processes.accountability import Accountability, best_responses
from govsim.sampling import logistic

APPRAISAL = "department_appraisal"
CLOSURES_ONLY = {
    f"{APPRAISAL}.closed_weight": 1.0,
    f"{APPRAISAL}.resolved_weight": 0.0,
    f"{APPRAISAL}.in_time_weight": 0.0,
}
RESULTS = {
    f"{APPRAISAL}.closed_weight": 0.0,
    f"{APPRAISAL}.resolved_weight": 0.4,
    f"{APPRAISAL}.in_time_weight": 0.3,
    f"{APPRAISAL}.satisfaction_weight": 0.3,
}
SUPERVISED = {"evaluation.evaluated_share": 0.5, "evaluation.callback_share": 0.5}


def _responses(**overrides: Any) -> tuple[float, float, float]:
    g, q, h = best_responses(st.settings(**overrides))
    return float(g[0]), float(q[0]), float(h[0])


def test_best_responses_follow_the_documented_formulas() -> None:
    s = st.settings()
    a, e, t = s.department_appraisal, s.evaluation, s.transparency
    sigma = min(1.0, e.evaluated_share * (1 + t.supervision_weight * t.level))
    kappa = 1 - (1 - a.audit_rate) * (1 - sigma) * (1 - t.level * t.public_detection)
    claims = a.resolved_weight + a.in_time_weight
    results = a.satisfaction_weight * sigma + claims * kappa
    unchecked = a.closed_weight + claims * (1 - kappa)
    deterrence = a.penalty * kappa * (a.closed_weight + claims)
    g, q, _ = _responses()
    assert g == pytest.approx(logistic(a.diligence_sensitivity * (results - a.diligence_threshold)))
    assert q == pytest.approx(
        a.closure_gaming_max
        * logistic(a.gaming_sensitivity * (unchecked - deterrence - results - a.gaming_threshold))
    )


def test_the_status_quo_is_moderately_diligent_and_closes_a_tenth_unresolved() -> None:
    g, q, _ = _responses()
    assert g == pytest.approx(0.3, abs=0.02)
    assert q == pytest.approx(0.1, abs=0.02)


def test_closures_alone_reward_gaming_checked_results_reward_diligence() -> None:
    g0, q0, _ = _responses()
    g1, q1, _ = _responses(**CLOSURES_ONLY)
    g2, q2, _ = _responses(**RESULTS, **SUPERVISED)
    assert q1 > 1.5 * q0
    assert g1 < g0
    assert g2 > 0.8
    assert q2 < 0.01


def test_unchecked_satisfaction_invites_pressing_and_call_backs_deter_it() -> None:
    satisfaction_only = {
        f"{APPRAISAL}.closed_weight": 0.0, f"{APPRAISAL}.resolved_weight": 0.0,
        f"{APPRAISAL}.in_time_weight": 0.0, f"{APPRAISAL}.satisfaction_weight": 1.0,
        "evaluation.evaluated_share": 0.5,
    }  # fmt: skip
    _, _, unchecked = _responses(**satisfaction_only)
    _, _, checked = _responses(**{**satisfaction_only, "evaluation.callback_share": 0.5})
    assert unchecked > 0.4
    assert checked < 0.05


def test_transparency_strengthens_supervision() -> None:
    base, _, _ = _responses()
    supervised, _, _ = _responses(**{"evaluation.evaluated_share": 0.5})
    open_, _, _ = _responses(**{"transparency.level": 0.8})
    both, _, _ = _responses(**{"evaluation.evaluated_share": 0.5, "transparency.level": 0.8})
    assert both - open_ > 0
    assert supervised - base > 0
    # the effect of supervision is larger where progress is public
    assert (both - open_) > 0.5 * (supervised - base)
    assert both > supervised


def test_a_public_ranking_presses_the_last_ranked_hardest() -> None:
    s = st.settings(**{f"{APPRAISAL}.public_ranking": True})
    g, _, _ = best_responses(s, np.array([1.0, 1.5, 2.0]))
    assert g[0] < g[1] < g[2]


def _accountability(**overrides: Any) -> Accountability:
    settings = st.settings(**{"county.villages_in_county": 1, **overrides})
    return Accountability(st.departments(settings), st.CaseLedger(), settings)


def _evaluations(n: int, department: int = 0, **columns: Any) -> Evaluations:
    values: dict[str, Any] = {
        "ids": np.arange(n), "department": np.full(n, department), "claimed": np.ones(n, bool),
        "resolved": np.ones(n, bool), "in_time": np.ones(n, bool), "rating": np.full(n, np.nan),
        "pressing_found": np.zeros(n, bool), "gaming_found": np.zeros(n, bool),
    }  # fmt: skip
    for name, value in columns.items():
        values[name] = np.asarray(value, dtype=values[name].dtype)
    return Evaluations(**values)


def test_departments_start_at_the_best_response_to_the_scenarios_rule() -> None:
    accountability = _accountability(**CLOSURES_ONLY)
    g, q, h = best_responses(accountability.settings)
    d = accountability.departments
    np.testing.assert_allclose(d.diligence, g[0])
    np.testing.assert_allclose(d.closure_gaming, q[0])
    np.testing.assert_allclose(d.rating_pressure, h[0])


def test_a_new_rule_is_learned_a_share_at_each_appraisal() -> None:
    accountability = _accountability(**{f"{APPRAISAL}.period_days": 10})
    d = accountability.departments
    start = d.closure_gaming.copy()
    new = st.settings(**{**CLOSURES_ONLY, f"{APPRAISAL}.period_days": 10})
    accountability.configure(new)
    np.testing.assert_array_equal(d.closure_gaming, start)  # nothing changes before an appraisal
    _, target, _ = best_responses(new)
    rate = new.department_appraisal.learning_rate
    for period in range(1, 4):
        for day in range(10 * (period - 1), 10 * period):
            accountability.step(day, Dispatch(), np.zeros(0, np.int64), Evaluations())
        expected = target[0] + (start - target[0]) * (1 - rate) ** period
        np.testing.assert_allclose(d.closure_gaming, expected)


def test_the_appraisal_scores_the_periods_closures() -> None:
    accountability = _accountability(**{f"{APPRAISAL}.period_days": 2})
    entered = Dispatch(ids=np.arange(10), department=np.zeros(10, np.int64))
    accountability.step(0, entered, np.zeros(0, np.int64), Evaluations())
    # 8 of 10 closed; 6 reported resolved, 4 of them in time; one claim found out
    done = _evaluations(
        8, claimed=[1, 1, 1, 1, 1, 1, 0, 0], in_time=[1, 1, 1, 1, 0, 1, 0, 0],
        gaming_found=[0, 0, 0, 0, 0, 1, 0, 0],
    )  # fmt: skip
    done = Evaluations(
        **{
            **{f: getattr(done, f) for f in done.__slots__},
            "claimed": done.claimed.astype(bool),
            "in_time": done.in_time.astype(bool),
            "gaming_found": done.gaming_found.astype(bool),
        }
    )
    accountability.step(1, Dispatch(), np.zeros(0, np.int64), done)
    a = accountability.settings.department_appraisal
    claimed = 5 / 8  # the found claim does not count
    in_time = 4 / 8
    expected = (
        a.closed_weight * 0.8
        + a.resolved_weight * claimed
        + a.in_time_weight * in_time
        - a.penalty * a.closed_weight * 1 / 8
    )
    assert accountability.departments.appraisal_score[0] == pytest.approx(expected)
    assert np.isnan(accountability.departments.appraisal_score[1])  # nothing closed: no score


def test_accountability_writes_only_what_it_declares() -> None:
    accountability = _accountability(**{f"{APPRAISAL}.period_days": 1, **CLOSURES_ONLY})
    accountability.configure(
        st.settings(**{"county.villages_in_county": 1, f"{APPRAISAL}.period_days": 1, **RESULTS})
    )
    tables = {"departments": accountability.departments, "ledger": accountability.ledger}
    before = st.snapshot(**tables)
    accountability.step(0, Dispatch(ids=np.arange(2), department=np.zeros(2, np.int64)),
                        np.zeros(0, np.int64), _evaluations(2))  # fmt: skip
    assert st.written(before, **tables) == set(Accountability.WRITES)
