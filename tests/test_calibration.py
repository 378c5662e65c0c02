"""Calibration of the baseline (issue 3): a one-year county run lands every target.

The targets, their ranges and source tags are ``govsim.calibration.TARGETS``; ``govsim
calibrate`` prints the same table. A county year takes ~15-30 s, so this is a slow test.
"""

from __future__ import annotations

import pytest

from govsim.calibration import TARGETS, Target, calibrate


def test_targets_are_well_formed() -> None:
    assert len({t.metric for t in TARGETS}) == len(TARGETS)
    for target in TARGETS:
        assert target.low <= target.high
        assert target.source
    assert Target("x", 0.0, 1.0, "E", "").contains(0.5)
    assert not Target("x", 0.0, 1.0, "E", "").contains(1.5)


@pytest.mark.slow
def test_baseline_lands_every_calibration_target() -> None:
    table = calibrate("scenarios/baseline.toml", seeds=(1,), days=365)
    missed = table[~table["in_range"]]
    assert missed.empty, f"targets out of range:\n{missed[['low', 'high', 'model_mean']]}"
