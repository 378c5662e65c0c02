"""Evaluation alone: ratings of outcomes, call-backs, pressed ratings and checks of claims."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import Outcome
from govsim.processes.evaluation import Evaluation

N = 20_000


def _evaluation(n: int = N, seed: int = 0, pressure: float = 0.0, **overrides: Any) -> Evaluation:
    """Evaluation of ``n`` closed genuine cases of department 0 (reported resolved)."""
    settings = st.settings(**overrides)
    departments = st.departments(settings)
    departments.rating_pressure[:] = pressure
    ledger = st.CaseLedger()
    st.cases(ledger, n, department=0, claimed_resolved=True)
    return Evaluation(departments, ledger, settings, st.rng(seed))


def _closures(n: int = N, **columns: Any) -> Any:
    return st.closures(n, **columns)


def test_a_share_of_closures_is_rated_with_the_reporters_satisfaction() -> None:
    evaluation = _evaluation(**{"evaluation.evaluated_share": 0.3})
    satisfaction = np.linspace(0.0, 1.0, N)
    done = evaluation.step(0, _closures(), satisfaction)
    rated = ~np.isnan(done.rating)
    st.assert_share(int(rated.sum()), N, 0.3)
    np.testing.assert_array_equal(done.rating[rated], satisfaction[rated])  # nobody pressed
    assert evaluation.ledger["evaluated"].sum() == rated.sum()
    np.testing.assert_array_equal(evaluation.ledger["rating"][rated], satisfaction[rated])


def test_village_settlements_and_trivial_cases_are_not_the_departments_to_rate() -> None:
    evaluation = _evaluation(n=4, **{"evaluation.evaluated_share": 1.0})
    closures = _closures(
        4, settled_locally=[True, False, False, False], genuine=[True, True, False, True]
    )
    done = evaluation.step(0, closures, np.ones(4))
    assert done.ids.tolist() == [1, 3]


def test_departments_press_the_raters_they_reach_and_call_backs_find_some() -> None:
    evaluation = _evaluation(
        pressure=0.5, **{"evaluation.evaluated_share": 1.0, "evaluation.callback_share": 0.2}
    )
    done = evaluation.step(0, _closures(), np.zeros(N))  # every reporter dissatisfied
    ledger = evaluation.ledger
    pressed = ledger["rating_pressed"]
    # pressed: rated by the department (0.8) and pressed (0.5); found: then called back (0.2)
    st.assert_share(int(pressed.sum()), N, 0.8 * 0.5)
    st.assert_share(int(done.pressing_found.sum()), int(pressed.sum()), 0.2)
    kept = pressed & ~done.pressing_found
    assert (done.rating[kept] == 1.0).all()  # the pressed rating counts
    assert (done.rating[~kept] == 0.0).all()  # the others are the truth
    assert ledger["rating_verified"][done.pressing_found].all()


def test_claims_of_unresolved_cases_are_found_by_audits_and_by_the_public() -> None:
    evaluation = _evaluation(
        **{"department_appraisal.audit_rate": 0.2, "transparency.public_detection": 0.5}
    )
    evaluation.ledger["visible"][: N // 2] = True
    unresolved = _closures(outcome=Outcome.UNRESOLVED, good=False)
    done = evaluation.step(0, unresolved, np.zeros(N))
    found = done.gaming_found
    st.assert_share(int(found[N // 2 :].sum()), N // 2, 0.2)  # audits only
    st.assert_share(int(found[: N // 2].sum()), N // 2, 1 - 0.8 * 0.5)  # audits or the public
    assert evaluation.ledger["gaming_detected"].sum() == found.sum()


def test_true_resolutions_are_never_found_gaming() -> None:
    evaluation = _evaluation(**{"department_appraisal.audit_rate": 1.0})
    done = evaluation.step(0, _closures(), np.ones(N))
    assert not done.gaming_found.any()
    assert done.claimed.all()
    assert done.resolved.all()


def test_a_day_without_closures_checks_nothing() -> None:
    evaluation = _evaluation(n=1)
    assert len(evaluation.step(0, _closures(0), np.zeros(0))) == 0


def test_evaluation_writes_only_what_it_declares() -> None:
    evaluation = _evaluation(
        n=200, pressure=1.0,
        **{"evaluation.evaluated_share": 1.0, "evaluation.callback_share": 0.5,
           "department_appraisal.audit_rate": 1.0},
    )  # fmt: skip
    tables = {"ledger": evaluation.ledger, "departments": evaluation.departments}
    before = st.snapshot(**tables)
    closures = _closures(200, outcome=Outcome.UNRESOLVED, good=False)
    evaluation.step(0, closures, np.zeros(200))
    assert st.written(before, **tables) == set(Evaluation.WRITES)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_new_settings_take_effect_at_once(share: float) -> None:
    evaluation = _evaluation(n=100)
    evaluation.configure(st.settings(**{"evaluation.evaluated_share": share}))
    done = evaluation.step(0, _closures(100), np.ones(100))
    assert int((~np.isnan(done.rating)).sum()) == 100 * share
