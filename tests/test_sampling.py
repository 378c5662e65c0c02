"""The vectorised class sampler draws exactly what the per-class loop draws."""

from __future__ import annotations

import numpy as np
import pytest

from govsim.processes._common import sample_classes, sample_rows


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("scale", [0.0001, 0.003, 0.05, 0.4])
def test_sample_classes_matches_the_loop(seed: int, scale: float) -> None:
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
        got = sample_classes(fast_rng, classes, sizes.astype(np.int64), probabilities)
        np.testing.assert_array_equal(got, expected)
        assert fast_rng.bit_generator.state == loop_rng.bit_generator.state
