"""Incentives alone: motivation from points and recognition, payment within the budget, and
trivial reports drawn by unvalidated rewards."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import Source
from govsim.processes import Incentives

NO_CASES = np.zeros(0, dtype=np.int64)
POINTS = {  # 10 points × 1 CNY against a half-saturation of 20 CNY: m = 10 / 30
    "incentives.points_enabled": True,
    "incentives.points_per_report": 10.0,
    "incentives.cny_per_point": 1.0,
    "incentives.saturation_cny": 20.0,
    "incentives.budget_cny_per_adult_per_year": 10.0,
    "incentives.spiritual_enabled": False,
    "incentives.spiritual_strength": 0.6,
    "incentives.spiritual_eligible_share": 0.15,
}
SEEKERS = {  # row 0 a party member, row 1 values recognition, row 2 does not
    "party_member": [True, False, False],
    "recognition_draw": [0.9, 0.1, 0.5],
    "aware": [True, True, True],
}


def _incentives(
    n: int = 3, seed: int = 0, population_columns: dict | None = None, **overrides: Any
) -> Incentives:
    pop = st.population(n, **(population_columns or SEEKERS))
    return Incentives(pop, st.CaseLedger(), st.settings(**{**POINTS, **overrides}), st.rng(seed))


def test_material_motivation_saturates_with_the_reward() -> None:
    incentive = _incentives().step(0, NO_CASES)
    np.testing.assert_allclose(incentive.motivation, [1 / 3] * 3)


def test_recognition_seekers_combine_both_motivations() -> None:
    incentive = _incentives(**{"incentives.spiritual_enabled": True}).step(0, NO_CASES)
    both = 1 - (1 - 1 / 3) * (1 - 0.6)
    np.testing.assert_allclose(incentive.motivation, [both, both, 1 / 3])


def test_without_points_only_recognition_motivates() -> None:
    incentives = _incentives(
        **{"incentives.points_enabled": False, "incentives.spiritual_enabled": True}
    )
    np.testing.assert_allclose(incentives.step(0, NO_CASES).motivation, [0.6, 0.6, 0.0])


def test_an_exhausted_budget_leaves_only_recognition() -> None:
    incentives = _incentives(**{
        "incentives.budget_cny_per_adult_per_year": 0.0, "incentives.spiritual_enabled": True,
    })  # fmt: skip
    np.testing.assert_allclose(incentives.step(0, NO_CASES).motivation, [0.6, 0.6, 0.0])


def test_accepted_villager_reports_are_paid_while_the_budget_lasts() -> None:
    incentives = _incentives()  # budget 10 CNY × 3 adults: three rewards of 10 CNY
    ids = st.cases(incentives.ledger, 5, reporter=[2, 0, 1, 2, 0])
    incentives.step(1, ids)
    assert incentives.population.points.tolist() == [10.0, 10.0, 10.0]  # first three in order
    assert incentives.paid_cny == 30.0
    assert incentives.budget_left == 0.0
    np.testing.assert_allclose(incentives.step(2, NO_CASES).motivation, 0.0)  # nothing to pay


def test_the_budget_is_renewed_every_year() -> None:
    incentives = _incentives()
    incentives.step(1, st.cases(incentives.ledger, 3, reporter=[0, 1, 2]))
    incentives.step(364, st.cases(incentives.ledger, 1, reporter=[0]))
    assert incentives.population.points.tolist() == [10.0, 10.0, 10.0]
    incentives.step(365, st.cases(incentives.ledger, 1, reporter=[0]))
    assert incentives.population.points.tolist() == [20.0, 10.0, 10.0]
    assert incentives.budget_left == 20.0


def test_with_validation_only_genuine_reports_are_paid() -> None:
    incentives = _incentives(**{"incentives.validation": True})
    incentives.step(
        1, st.cases(incentives.ledger, 3, reporter=[0, 1, 2], genuine=[True, False, True])
    )
    assert incentives.population.points.tolist() == [10.0, 0.0, 10.0]


def test_without_validation_every_accepted_report_is_paid() -> None:
    incentives = _incentives(**{"incentives.validation": False})
    incentives.step(
        1, st.cases(incentives.ledger, 3, reporter=[0, 1, 2], genuine=[True, False, True])
    )
    assert incentives.population.points.tolist() == [10.0, 10.0, 10.0]


def test_reports_by_grid_workers_cameras_and_firms_earn_no_points() -> None:
    incentives = _incentives()
    sources = [Source.GRID_WORKER, Source.CAMERA, Source.ENTERPRISE]
    incentives.step(1, st.cases(incentives.ledger, 3, reporter=[0, 1, 2], source=sources))
    assert incentives.population.points.tolist() == [0.0] * 3
    assert incentives.budget_left == 30.0


def test_unvalidated_rewards_lure_aware_residents_to_file_trivial_reports() -> None:
    n = 30_000
    aware = np.arange(n) % 3 != 0  # a third unaware
    migrant = np.arange(n) % 5 == 0
    incentives = _incentives(
        n, seed=4, population_columns={"aware": aware, "migrant": migrant},
        **{"incentives.validation": False, "incentives.trivial_report_rate": 0.3,
           "incentives.budget_cny_per_adult_per_year": 100.0},
    )  # fmt: skip
    lured = incentives.step(0, NO_CASES).lured
    assert aware[lured].all()
    assert not migrant[lured].any()
    st.assert_share(len(lured), int(np.count_nonzero(aware & ~migrant)), 0.3 * 1 / 3)


def test_recognition_seekers_are_lured_at_their_combined_motivation() -> None:
    n = 30_000
    seekers = np.arange(n) % 2 == 0
    incentives = _incentives(
        n, seed=5, population_columns={"party_member": seekers, "aware": np.ones(n, dtype=bool)},
        **{"incentives.validation": False, "incentives.trivial_report_rate": 0.3,
           "incentives.spiritual_enabled": True, "incentives.spiritual_eligible_share": 0.0,
           "incentives.budget_cny_per_adult_per_year": 100.0},
    )  # fmt: skip
    lured = incentives.step(0, NO_CASES).lured
    both = 1 - (1 - 1 / 3) * (1 - 0.6)
    st.assert_share(int(np.count_nonzero(seekers[lured])), n // 2, 0.3 * both)
    st.assert_share(int(np.count_nonzero(~seekers[lured])), n // 2, 0.3 / 3)


@pytest.mark.parametrize(
    "overrides",
    [
        {"incentives.validation": True},
        {"incentives.validation": False, "reporting.enabled": False},
        {"incentives.validation": False, "incentives.budget_cny_per_adult_per_year": 0.0},
        {"incentives.validation": False, "incentives.points_enabled": False},
    ],
)
def test_validated_unfunded_or_unheard_rewards_lure_nobody(overrides: dict) -> None:
    n = 2000
    incentives = _incentives(
        n, population_columns={"aware": np.ones(n, dtype=bool)},
        **{"incentives.trivial_report_rate": 1.0, **overrides},
    )  # fmt: skip
    assert len(incentives.step(0, NO_CASES).lured) == 0


def test_points_switched_on_mid_run_motivate_from_the_next_day() -> None:
    incentives = _incentives(**{"incentives.points_enabled": False})
    np.testing.assert_allclose(incentives.step(0, NO_CASES).motivation, 0.0)
    incentives.configure(st.settings(**POINTS))
    np.testing.assert_allclose(incentives.step(1, NO_CASES).motivation, 1 / 3)


def test_incentives_write_only_what_they_declare() -> None:
    incentives = _incentives(**{"incentives.validation": False})
    ids = st.cases(incentives.ledger, 2, reporter=[0, 1])
    tables = {"population": incentives.population, "ledger": incentives.ledger}
    before = st.snapshot(**tables)
    incentives.step(1, ids)
    assert st.written(before, **tables) == set(Incentives.WRITES)
