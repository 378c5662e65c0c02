"""Calibration of the baseline (issue 3): a one-year county run lands every target.

The targets, their ranges and source tags are ``govsim.calibration.TARGETS``; ``govsim
calibrate`` prints the same table. A county year takes ~15-30 s, so this is a slow test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from govsim.calibration import TARGETS, Target, calibrate


def test_targets_are_well_formed() -> None:
    assert len({t.metric for t in TARGETS}) == len(TARGETS)
    for target in TARGETS:
        assert target.low <= target.high
        assert target.source
    assert Target("x", 0.0, 1.0, "E", "").contains(0.5)
    assert not Target("x", 0.0, 1.0, "E", "").contains(1.5)


#: Targets added by issue 11 that the model is not yet calibrated to: the lead recalibrates every
#: parameter once, at the end of issue 11 (then this set is emptied; the strict xfail below fails
#: as soon as a target in it is landed, as a reminder).
AWAITING_RECALIBRATION = frozenset({"repeat_reporting_effect"})


@pytest.fixture(scope="module")
def baseline_table() -> pd.DataFrame:
    return calibrate("scenarios/baseline.toml", seeds=(1,), days=365)


@pytest.mark.slow
def test_baseline_lands_every_calibration_target(baseline_table: pd.DataFrame) -> None:
    assert set(baseline_table.index) >= AWAITING_RECALIBRATION
    missed = baseline_table[~baseline_table["in_range"]].drop(index=list(AWAITING_RECALIBRATION))
    assert missed.empty, f"targets out of range:\n{missed[['low', 'high', 'model_mean']]}"


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="added by issue 11; recalibrated at its end")
@pytest.mark.parametrize("metric", sorted(AWAITING_RECALIBRATION))
def test_baseline_lands_targets_awaiting_recalibration(
    baseline_table: pd.DataFrame, metric: str
) -> None:
    row = baseline_table.loc[metric]
    print(f"{metric}: model {row['model_mean']:.3g}, target {row['low']:.3g}-{row['high']:.3g}")
    assert row["in_range"], f"{metric}: {row['model_mean']:.3g} not in {row['low']}-{row['high']}"
