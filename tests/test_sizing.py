"""The memory estimate (govsim.sizing): honest against a measured peak, and it refuses what won't fit.

The stated factor: for each scenario below, the peak that :mod:`tracemalloc` measures while
``govsim.run`` builds and runs the model lies between :data:`LOWEST_SHARE` and 100% of the
estimate made from the scenario alone.
"""

from __future__ import annotations

import gc
import pickle
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import govsim
from govsim.cli import main
from govsim.scenario import Scenario, ScenarioError, with_overrides
from govsim.sizing import (
    MEMORY_LIMIT_VARIABLE,
    ModelTooLargeError,
    available_memory,
    check_fits,
    estimate,
)

LOWEST_SHARE = 0.4
VILLAGE = govsim.load_scenario(
    Path(__file__).resolve().parents[1] / "scenarios" / "village.toml", {"spin_up_days": 0}
)
ALL_RATES_HIGH = {
    f"categories.{category.name}.rate_per_1000_per_month": 1000.0 for category in VILLAGE.categories
}


def measured_peak(scenario: Scenario, days: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        govsim.run(scenario, days=days, seed=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def assert_estimate_is_honest(overrides: dict[str, Any], days: int) -> None:
    scenario = with_overrides(VILLAGE, overrides)
    size = estimate(scenario, days)
    peak = measured_peak(scenario, days)
    share = peak / size.bytes
    assert LOWEST_SHARE <= share <= 1.0, (
        f"{overrides}, {days} days: measured {peak / 2**20:.1f} MiB, "
        f"estimated {size.bytes / 2**20:.1f} MiB ({share:.0%}); parts {size.parts}"
    )


@pytest.mark.parametrize(
    ("overrides", "days"),
    [
        ({"county.villages": 1}, 30),
        ({"county.villages": 10}, 30),
        ({"county.villages": 10, "grid_workers.trivial_reports_max_per_day": 1000.0,
          "grid_workers.integrity_mean": 0.0}, 10),
    ],
    ids=["village", "10 villages", "many trivial reports"],
)  # fmt: skip
def test_estimate_is_within_the_stated_factor_of_the_measured_peak(
    overrides: dict[str, Any], days: int
) -> None:
    assert_estimate_is_honest(overrides, days)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("overrides", "days"),
    [
        ({"county.villages": 30}, 365),
        ({"county.villages": 100}, 30),
        ({"county.villages": 30, "network.neighbour_households": 50}, 3),
        ({"county.households_per_village_mean": 20000.0, "network.neighbour_households": 50}, 3),
        ({"county.villages": 10, **ALL_RATES_HIGH}, 30),
        ({"county.villages": 10, "enterprises.per_village_mean": 10000.0}, 3),
    ],
    ids=["township year", "100 villages", "dense network", "huge village", "high rates", "firms"],
)
def test_estimate_is_within_the_stated_factor_at_larger_sizes(
    overrides: dict[str, Any], days: int
) -> None:
    assert_estimate_is_honest(overrides, days)


@pytest.mark.slow
def test_estimate_of_the_baseline_county_year(repo_root: Path) -> None:
    county = govsim.load_scenario(repo_root / "scenarios" / "baseline.toml")
    size = estimate(county, 365)
    share = measured_peak(county, 365) / size.bytes
    assert LOWEST_SHARE <= share <= 1.0, share


def test_a_model_too_large_for_the_memory_available_is_refused() -> None:
    huge = with_overrides(
        VILLAGE, {"county.villages": 100_000, "county.villages_in_county": 100_000}
    )
    with pytest.raises(
        ModelTooLargeError, match=r"about \d\d\.\d GiB for ~99,000,000 adults"
    ) as info:
        check_fits(huge, 365, available=16 * 2**30)
    assert "only 16.0 GiB of memory is available" in str(info.value)
    assert isinstance(info.value, ScenarioError)  # the CLI and sweeps report it as a user error
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert check_fits(VILLAGE, 365, available=16 * 2**30).adults > 900


def test_the_model_and_run_check_before_building(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "100K")
    assert available_memory() == 100 * 1024
    with pytest.raises(ModelTooLargeError, match="too large for this machine"):
        govsim.GovernanceModel(VILLAGE, rng=1)
    with pytest.raises(ModelTooLargeError, match="over 30 days"):
        govsim.run(VILLAGE, days=30, seed=1)
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "lots")
    with pytest.raises(ScenarioError, match=f"{MEMORY_LIMIT_VARIABLE} .*expected a number"):
        available_memory()


def test_cli_names_the_size_and_exits_2(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "200K")
    out = tmp_path / "never"
    assert main(["run", str(village_path), "--days", "365", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "too large for this machine: the model would need about" in err
    assert "only 200.0 KiB of memory is available" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_available_memory_is_known_on_this_machine() -> None:
    available = available_memory()
    assert available is not None
    assert available > 0
    # a subprocess sees the cap too (sweep workers inherit the environment)
    code = "from govsim.sizing import available_memory; print(available_memory())"
    env = {"GOVSIM_MAX_MEMORY": "2G", "PATH": ""}
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert int(printed) <= 2 * 2**30
