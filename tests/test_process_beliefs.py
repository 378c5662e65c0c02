"""Beliefs alone: the asymmetric update of trust and efficacy, ownership gained and lost."""

from __future__ import annotations

import numpy as np
import pytest

import _states as st
from govsim.events import Experiences
from govsim.processes import Beliefs
from govsim.processes.beliefs import MIGRANTS, RESIDENTS, asymmetric_step

SETTINGS = st.settings(**{"feedback.loss_aversion": 2.0})


def _rows(*rows: int) -> np.ndarray:
    return np.array(rows, dtype=np.int64)


@pytest.mark.parametrize(
    ("belief", "outcome", "rate", "loss_aversion", "expected"),
    [
        (0.5, 1.0, 0.2, 2.0, 0.6),  # a gain: 0.5 + 0.2 × 0.5
        (0.5, 0.0, 0.2, 2.0, 0.3),  # a loss weighs double: 0.5 − 2 × 0.2 × 0.5
        (0.4, 0.4, 0.9, 3.0, 0.4),  # no surprise, no change
        (0.1, 0.0, 0.5, 3.0, 0.0),  # 0.1 − 3 × 0.05 < 0: clipped at 0
        (0.9, 1.0, 1.0, 1.0, 1.0),  # rate 1 jumps to the outcome
        (0.8, 0.2, 0.25, 1.0, 0.65),  # symmetric with loss aversion 1
    ],
)
def test_asymmetric_step_moves_towards_the_outcome_losses_weighted(
    belief: float, outcome: float, rate: float, loss_aversion: float, expected: float
) -> None:
    moved = asymmetric_step(np.array([belief]), outcome, rate, loss_aversion)
    assert moved[0] == pytest.approx(expected)


def test_asymmetric_step_is_elementwise_with_per_row_outcomes_and_rates() -> None:
    moved = asymmetric_step(
        np.array([0.5, 0.5, 0.5]), np.array([1.0, 0.0, 0.5]), np.array([0.1, 0.1, 0.3]), 2.0
    )
    np.testing.assert_allclose(moved, [0.55, 0.4, 0.5])


def test_trust_and_efficacy_move_at_their_own_rates() -> None:
    pop = st.population(3, trust=[0.5, 0.2, 0.9], efficacy=[0.5, 0.6, 0.1])
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    beliefs.step(0, Experiences.uniform(_rows(0, 1), 1.0, trust_rate=0.2, efficacy_rate=0.5))
    np.testing.assert_allclose(pop.trust, [0.6, 0.36, 0.9])
    np.testing.assert_allclose(pop.efficacy, [0.75, 0.8, 0.1])


def test_a_villager_appearing_twice_in_a_batch_takes_the_last_experience() -> None:
    pop = st.population(2)
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    batch = Experiences(
        rows=_rows(0, 1, 0), outcome=np.array([1.0, 0.0, 0.0]),
        trust_rate=np.array([0.5, 0.1, 0.1]), efficacy_rate=np.array([0.5, 0.1, 0.1]),
        gain=np.zeros(3), loss=np.zeros(3),
    )  # fmt: skip
    beliefs.step(0, batch)
    np.testing.assert_allclose(pop.trust, [0.5 - 2 * 0.1 * 0.5, 0.5 - 2 * 0.1 * 0.5])


def test_batches_apply_one_after_the_other_in_order() -> None:
    pop = st.population(1)
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    up = Experiences.uniform(_rows(0), 1.0, trust_rate=0.5, efficacy_rate=0.0)
    down = Experiences.uniform(_rows(0), 0.0, trust_rate=0.1, efficacy_rate=0.0)
    beliefs.step(0, up, down)  # 0.5 → 0.75 → 0.75 − 2 × 0.1 × 0.75
    assert pop.trust[0] == pytest.approx(0.6)
    assert pop.efficacy[0] == 0.5


def test_ownership_is_taken_and_dropped_with_certainty_at_chance_one() -> None:
    pop = st.population(4, ownership=[False, True, False, True])
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    beliefs.step(0, Experiences.uniform(_rows(0, 1), 0.5, trust_rate=0, efficacy_rate=0, gain=1.0))
    assert pop.ownership.tolist() == [True, True, False, True]
    beliefs.step(1, Experiences.uniform(_rows(1, 2), 0.5, trust_rate=0, efficacy_rate=0, loss=1.0))
    assert pop.ownership.tolist() == [True, False, False, True]


def test_ownership_is_gained_and_lost_with_the_experiences_chances() -> None:
    n = 20_000
    pop = st.population(2 * n, ownership=np.arange(2 * n) >= n)  # first half without
    beliefs = Beliefs(pop, SETTINGS, st.rng(3))
    everyone = np.arange(2 * n, dtype=np.int64)
    beliefs.step(
        0, Experiences.uniform(everyone, 0.5, trust_rate=0, efficacy_rate=0, gain=0.3, loss=0.1)
    )
    st.assert_share(int(pop.ownership[:n].sum()), n, 0.3)
    st.assert_share(int((~pop.ownership[n:]).sum()), n, 0.1)


def test_running_sums_and_owner_counts_match_the_population_by_residence() -> None:
    pop = st.population(
        50,
        trust=np.linspace(0, 1, 50),
        ownership=np.arange(50) % 3 == 0,
        migrant=np.arange(50) % 4 == 0,
    )
    beliefs = Beliefs(pop, SETTINGS, st.rng(1))
    generator = st.rng(2)
    for day in range(20):
        rows = generator.integers(0, 50, size=30)
        batch = Experiences.uniform(
            rows, generator.random(30), trust_rate=0.3, efficacy_rate=0.2, gain=0.2, loss=0.2
        )
        beliefs.step(day, batch)
    assert (pop.trust != np.linspace(0, 1, 50)).any()  # the experiences moved beliefs
    for group, members in ((RESIDENTS, ~pop.migrant), (MIGRANTS, pop.migrant)):
        assert beliefs.trust_sums[group] == pytest.approx(pop.trust[members].sum())
        assert beliefs.efficacy_sums[group] == pytest.approx(pop.efficacy[members].sum())
        assert beliefs.owners[group] == int(pop.ownership[members].sum())


def test_a_higher_loss_aversion_applies_after_configure() -> None:
    pop = st.population(1)
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    beliefs.configure(st.settings(**{"feedback.loss_aversion": 4.0}))
    beliefs.step(0, Experiences.uniform(_rows(0), 0.0, trust_rate=0.1, efficacy_rate=0.0))
    assert pop.trust[0] == pytest.approx(0.5 - 4 * 0.1 * 0.5)


def test_no_experiences_change_nothing() -> None:
    pop = st.population(3, ownership=[True, False, True])
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    before = st.snapshot(population=pop)
    beliefs.step(0)
    beliefs.step(1, Experiences(), Experiences())
    assert st.written(before, population=pop) == set()


def test_beliefs_write_only_what_they_declare() -> None:
    pop = st.population(3, ownership=[True, False, True])
    beliefs = Beliefs(pop, SETTINGS, st.rng())
    before = st.snapshot(population=pop)
    rows = _rows(0, 1)
    beliefs.step(
        0, Experiences.uniform(rows, 0.9, trust_rate=0.5, efficacy_rate=0.5, gain=1, loss=1)
    )
    assert st.written(before, population=pop) == set(Beliefs.WRITES)
