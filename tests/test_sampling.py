"""Sampling helpers draw exactly the distributions they name; streams are independent by name."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from govsim.sampling import (
    PoissonCells,
    RandomStreams,
    bernoulli_rows,
    logistic,
    poisson_days,
    thinned_rows,
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
def test_bernoulli_rows_has_the_binomial_law_and_uniform_membership(p: float) -> None:
    rng = np.random.default_rng(1)
    rows = np.arange(100, 400, dtype=np.int64)
    trials = 4000
    hits = np.zeros(len(rows))
    sizes = []
    for _ in range(trials):
        chosen = bernoulli_rows(rng, rows, p)
        assert np.all(np.diff(chosen) > 0), "distinct rows, in row order"
        hits[chosen - 100] += 1
        sizes.append(len(chosen))
    n = len(rows)
    assert np.mean(sizes) == pytest.approx(
        n * p, abs=Z * math.sqrt(n * p * (1 - p) / trials) + 1e-12
    )
    if 0 < p < 1:
        # every row equally likely: chi-square of the per-row counts
        assert stats.chisquare(hits).pvalue > 1e-4


def test_thinned_rows_gives_each_row_its_own_probability() -> None:
    rng = np.random.default_rng(2)
    rows = np.arange(50, dtype=np.int64)
    probabilities = np.linspace(0.0, 0.3, 50)
    trials = 20_000
    hits = np.zeros(50)
    for _ in range(trials):
        hits[thinned_rows(rng, rows, probabilities, 0.3)] += 1
    se = np.sqrt(probabilities * (1 - probabilities) / trials)
    assert np.all(np.abs(hits / trials - probabilities) <= Z * se + 1e-9)
    assert hits[0] == 0


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
