"""The fast samplers draw exactly what the plain numpy calls draw: values and generator state.

``_choose``, ``binomial_zero_chance`` and ``PoissonCounts`` lean on how numpy's ``Generator``
draws (Floyd's algorithm, binomial inversion, Poisson by multiplication); these tests fail if a
numpy release changes that, before any result could silently change.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.processes._common import (
    PoissonCounts,
    _choose,
    binomial_zero_chance,
    sample_classes,
    sample_rows,
)


def _pair(seed: int, offset: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Two generators in the same state; an odd ``offset`` leaves half a 64-bit word buffered."""
    a, b = np.random.default_rng(seed), np.random.default_rng(seed)
    for rng in (a, b):
        rng.integers(0, 1000, size=offset)
    return a, b


@pytest.mark.parametrize("offset", [0, 1])
@pytest.mark.parametrize("n", [1, 2, 7, 997, 10_001, 393_000])
def test_choose_one_row_is_numpys_choice(n: int, offset: int) -> None:
    rows = np.arange(n, dtype=np.int64) * 3
    for seed in range(40):
        a, b = _pair(seed, offset)
        for k in (1, 1, min(2, n), 1):
            expected = rows[np.sort(a.choice(n, size=k, replace=False))]
            np.testing.assert_array_equal(_choose(b, rows, k), expected)
        assert a.bit_generator.state == b.bit_generator.state


def test_binomial_zero_chance_says_which_counts_numpy_draws_as_zero() -> None:
    setup = np.random.default_rng(5)
    for seed in range(200):
        sizes = setup.integers(1, 3000, size=int(setup.integers(1, 30)))
        probabilities = setup.random(len(sizes)) * setup.choice([1e-4, 1e-3, 1e-2, 0.5])
        probabilities = np.minimum(probabilities, 29.0 / sizes)  # the inversion regime
        chance = binomial_zero_chance(sizes, probabilities)
        assert chance is not None
        a, b = _pair(seed, seed % 2)
        counts = a.binomial(sizes, probabilities)
        np.testing.assert_array_equal(b.random(len(sizes)) > chance, counts > 0)
        assert a.bit_generator.state == b.bit_generator.state


def test_binomial_zero_chance_refuses_other_regimes() -> None:
    assert binomial_zero_chance(np.array([10, 100]), np.array([0.1, 0.4])) is None  # n p > 30
    assert binomial_zero_chance(np.array([10]), np.array([0.6])) is None  # p > 1/2
    assert binomial_zero_chance(np.array([0]), np.array([0.1])) is None  # no draw at all


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("scale", [0.0001, 0.003, 0.05, 0.4])
def test_sample_classes_matches_the_loop(seed: int, scale: float, exact: bool) -> None:
    setup = np.random.default_rng(seed)
    sizes = setup.integers(1, 60, size=int(setup.integers(1, 30)))
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    classes = [
        (float(p), np.arange(bounds[k], bounds[k + 1], dtype=np.int64))
        for k, p in enumerate(setup.random(len(sizes)) * scale)
    ]
    probabilities = np.array([p for p, _ in classes])
    for day in range(20):
        loop_rng = np.random.default_rng([seed, day])
        fast_rng = np.random.default_rng([seed, day])
        expected = np.concatenate([sample_rows(loop_rng, rows, p) for p, rows in classes])
        zero_chance = binomial_zero_chance(sizes, probabilities) if exact else None
        got = sample_classes(fast_rng, classes, sizes.astype(np.int64), probabilities, zero_chance)
        np.testing.assert_array_equal(got, expected)
        assert fast_rng.bit_generator.state == loop_rng.bit_generator.state


@pytest.mark.parametrize("shape", [(1,), (6, 9), (4, 1), (16, 16), (20, 20)])
@pytest.mark.parametrize("scale", [1e-4, 0.01, 0.3, 3.0, 12.0])
def test_poisson_counts_are_numpys_poisson(shape: tuple[int, ...], scale: float) -> None:
    setup = np.random.default_rng(11)
    for seed in range(60):
        means = setup.random(shape) * scale
        means[setup.random(shape) < 0.2] = 0.0  # cells that draw nothing
        counts = PoissonCounts(means)
        assert counts.exact == (means.size <= 256 and bool(np.all(means < 10)))
        a, b = _pair(seed, seed % 2)
        for _ in range(5):
            expected = a.poisson(means)
            got, total = counts.draw(b)
            np.testing.assert_array_equal(got, expected)
            assert got.dtype == expected.dtype
            assert total == int(expected.sum())
        assert a.bit_generator.state == b.bit_generator.state


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float64])
def test_add_at_is_numpys_add_at(dtype: type) -> None:
    from govsim.processes._common import add_at

    setup = np.random.default_rng(2)
    for size in (0, 1, 1, 2, 7):
        index = setup.integers(0, 5, size=size)
        for value in (1, 2.5 if dtype is np.float64 else 3, setup.random(size) > 0.5):
            expected = np.arange(5, dtype=dtype)
            got = expected.copy()
            np.add.at(expected, index, value)
            add_at(got, index, value)
            np.testing.assert_array_equal(got, expected)
            assert got.dtype == expected.dtype
    floats = setup.random(1)
    expected, got = np.full(3, 0.1), np.full(3, 0.1)
    np.add.at(expected, np.array([2]), floats)
    add_at(got, np.array([2]), floats)
    assert got.tobytes() == expected.tobytes()


def test_uniforms_drawn_together_are_the_uniforms_drawn_apart() -> None:
    """Detection and feedback draw consecutive uniforms in one call; this is why that is exact."""
    for seed in range(20):
        a, b = _pair(seed, seed % 2)
        together = a.random(7 + 5 + 3)
        apart = np.concatenate((b.random(7), b.random(5), b.random(3)))
        np.testing.assert_array_equal(together, apart)
        assert a.bit_generator.state == b.bit_generator.state
