"""Each classroom demonstration's claim, checked on the model itself.

For every demonstration (:data:`govsim.app.presets.PRESETS`): its scenario and its contrast run
side by side for the demonstration's days with common random numbers, five seeds; the measure
must differ in the claimed direction in every seed. The observed values are printed (``-s``)
and recorded in docs/teaching.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govsim.app import view_model as vm
from govsim.app.presets import PRESETS, Preset

SEEDS = (1001, 1002, 1003, 1004, 1005)


def _measure_after(path: Path, preset: Preset, seed: int) -> float:
    model = vm.build_model(str(path), seed)
    model.run_days(preset.days)
    return vm.measure(model, preset.measure)


@pytest.mark.slow
@pytest.mark.parametrize("preset", PRESETS, ids=[p.id for p in PRESETS])
def test_demonstration_shows_its_claim(preset: Preset, scenarios_dir: Path) -> None:
    pairs = [
        (
            _measure_after(scenarios_dir / preset.scenario, preset, seed),
            _measure_after(scenarios_dir / preset.contrast, preset, seed),
        )
        for seed in SEEDS
    ]
    print(f"{preset.id}: {preset.measure} after {preset.days} days (run, contrast):",
          [(round(a, 3), round(b, 3)) for a, b in pairs])  # fmt: skip
    for run, contrast in pairs:
        assert (run > contrast) if preset.expect == "higher" else (run < contrast), pairs


def test_demonstrations_name_existing_files_and_measures(scenarios_dir: Path) -> None:
    from govsim.scenario import load_scenario

    assert len(PRESETS) >= 5
    assert {p.fact for p in PRESETS} >= {1, 2, 3, 10, 11}
    for preset in PRESETS:
        load_scenario(scenarios_dir / preset.scenario)
        load_scenario(scenarios_dir / preset.contrast)
        assert preset.measure in vm.MEASURES
