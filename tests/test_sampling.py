"""Sampling helpers draw exactly the distributions they name; streams are independent by name."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from govsim.sampling import (
    BLOCK_DAYS,
    BernoulliDays,
    Categorical,
    PoissonCells,
    RandomStreams,
    bernoulli_positions,
    logistic,
    poisson_days,
)

Z = 5.0


def test_streams_are_named_reproducible_and_independent() -> None:
    a, b = RandomStreams(7), RandomStreams(7)
    assert a("reporting") is a("reporting")
    np.testing.assert_array_equal(a("reporting").random(5), b("reporting").random(5))
    # a stream's draws do not depend on which other streams exist or were drawn from
    c = RandomStreams(7)
    c("arrival").random(1000)
    d = RandomStreams(7)
    np.testing.assert_array_equal(c("routing").random(5), d("routing").random(5))
    assert not np.array_equal(RandomStreams(7)("x").random(5), RandomStreams(7)("y").random(5))
    assert not np.array_equal(RandomStreams(7)("x").random(5), RandomStreams(8)("x").random(5))


def test_streams_accept_seed_sequences_and_generators() -> None:
    from_sequence = RandomStreams(np.random.SeedSequence(3))("a").random(3)
    np.testing.assert_array_equal(from_sequence, RandomStreams(3)("a").random(3))
    g1, g2 = np.random.default_rng(11), np.random.default_rng(11)
    np.testing.assert_array_equal(
        RandomStreams(g1)("a").random(3), RandomStreams(g2)("a").random(3)
    )


@pytest.mark.parametrize("p", [0.0, 0.001, 0.2, 1.0])
def test_bernoulli_positions_have_the_bernoulli_law(p: float) -> None:
    """Each of n trials succeeds independently with p: counts binomial, positions uniform."""
    rng = np.random.default_rng(1)
    n, trials = 300, 4000
    hits = np.zeros(n)
    sizes = []
    for _ in range(trials):
        chosen = bernoulli_positions(rng, n, p)
        assert np.all(np.diff(chosen) > 0), "distinct positions, in order"
        assert chosen.min(initial=0) >= 0
        assert chosen.max(initial=0) < n
        hits[chosen] += 1
        sizes.append(len(chosen))
    expected_sd = math.sqrt(n * p * (1 - p) / trials)
    assert np.mean(sizes) == pytest.approx(n * p, abs=Z * expected_sd + 1e-12)
    if 0 < p < 1:
        assert np.var(sizes) == pytest.approx(n * p * (1 - p), rel=0.15)
        assert stats.chisquare(hits).pvalue > 1e-4  # every position equally likely


def test_bernoulli_days_draw_each_row_each_day_with_its_chance() -> None:
    """Daily successes of a chance per row: binomial counts, rows uniform, days independent."""
    rng = np.random.default_rng(3)
    n, p, days = 50, 0.04, 3 * BLOCK_DAYS * 40 + 5  # many blocks, the last one started
    draws = BernoulliDays(n, p)
    hits = np.zeros(n)
    sizes = []
    for day in range(days):
        rows = draws.today(rng, day)
        assert np.all(np.diff(rows) > 0)
        assert rows.min(initial=0) >= 0
        assert rows.max(initial=0) < n
        hits[rows] += 1
        sizes.append(len(rows))
    sizes_a = np.array(sizes)
    assert sizes_a.mean() == pytest.approx(n * p, abs=Z * math.sqrt(n * p * (1 - p) / days))
    assert sizes_a.var() == pytest.approx(n * p * (1 - p), rel=0.1)
    assert stats.chisquare(hits).pvalue > 1e-4
    lag = np.corrcoef(sizes_a[:-1], sizes_a[1:])[0, 1]
    assert abs(lag) < Z / math.sqrt(days)  # no dependence from one day to the next


def test_bernoulli_days_skipped_days_lose_their_draws() -> None:
    """A day not asked for is skipped (its draws are discarded), a new block starts on time."""
    draws = BernoulliDays(10, 1.0)
    rng = np.random.default_rng(0)
    assert draws.today(rng, 0).tolist() == list(range(10))
    assert draws.today(rng, BLOCK_DAYS + 7).tolist() == list(range(10))
    assert len(BernoulliDays(10, 0.0).today(rng, 3)) == 0


def test_bernoulli_positions_of_neighbouring_trials_are_independent() -> None:
    """The joint law of two trials is the product of their marginals (no gap correlation)."""
    rng = np.random.default_rng(6)
    p, trials = 0.3, 20_000
    both = first = 0
    for _ in range(trials):
        chosen = set(bernoulli_positions(rng, 4, p).tolist())
        first += 1 in chosen
        both += {1, 2} <= chosen
    assert first / trials == pytest.approx(p, abs=Z * math.sqrt(p * (1 - p) / trials))
    assert both / trials == pytest.approx(p * p, abs=Z * math.sqrt(p * p / trials))


def test_poisson_cells_are_independent_poisson_counts() -> None:
    rng = np.random.default_rng(3)
    means = np.array([[0.0, 0.02, 0.5], [1.5, 0.001, 0.3]])
    cells = PoissonCells(means)
    days = 20_000
    counts = np.zeros((days, means.size))
    for d in range(days):
        drawn = cells.draw(rng)
        assert np.all(np.diff(drawn) >= 0)
        counts[d] = np.bincount(drawn, minlength=means.size)
    flat = means.ravel()
    assert np.all(np.abs(counts.mean(axis=0) - flat) <= Z * np.sqrt(flat / days) + 1e-12)
    assert np.all(np.abs(counts.var(axis=0) - flat) <= 0.1 * flat + 1e-3)  # Poisson: var = mean
    # independence: the correlation of two busy cells is ~0
    assert abs(np.corrcoef(counts[:, 2], counts[:, 3])[0, 1]) < 0.04
    with pytest.raises(ValueError, match="finite and non-negative"):
        PoissonCells(np.array([-1.0]))


def test_small_helpers() -> None:
    assert logistic(0.0) == 0.5
    np.testing.assert_allclose(logistic(np.array([-2.0, 3.0])), 1 / (1 + np.exp([2.0, -3.0])))
    days = poisson_days(np.random.default_rng(4), np.array([0.0, 2.0]), 2)
    assert days.dtype == np.int64
    assert days[0] == 0


def test_bernoulli_positions_with_a_vanishing_probability_finds_nothing() -> None:
    """numpy draws the gaps of p = 5e-324 as 2**63 − 1: their sums must not overflow (a
    negative position would never pass n, and the search would not end)."""
    rng = np.random.default_rng(0)
    for probability in (5e-324, 1e-300, 1e-18):
        assert len(bernoulli_positions(rng, 10_000_000, probability)) == 0


def test_categorical_draws_have_the_weights_law() -> None:
    """Category k comes up with probability weight_k / Σ weights; zero weights never."""
    weights = np.array([2.0, 0.0, 1.0, 5.0])
    draws = Categorical(weights).draw(np.random.default_rng(4), 40_000)
    counts = np.bincount(draws, minlength=4)
    assert counts[1] == 0
    assert stats.chisquare(counts[[0, 2, 3]], 40_000 * weights[[0, 2, 3]] / 8.0).pvalue > 1e-4
    assert set(Categorical(np.zeros(3)).draw(np.random.default_rng(0), 300).tolist()) == {0, 1, 2}
