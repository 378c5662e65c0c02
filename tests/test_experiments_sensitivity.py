"""Known answers through the full runner: Ishigami Sobol' indices, Morris and FAST rankings."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

from govsim.experiments import (
    AmbiguousRankingWarning,
    Experiment,
    ExperimentError,
    FastDesign,
    LatinHypercube,
    MorrisDesign,
    RealParameter,
    SobolDesign,
    analyze,
    read_results,
    run_experiment,
)
from govsim.experiments.plots import plot_indices, plot_morris
from govsim.experiments.sensitivity import ranking_ambiguities
from govsim.experiments.testfunctions import ISHIGAMI_INDICES, ishigami, linear, noisy_linear

ISHIGAMI_INPUTS = tuple(RealParameter(f"x{i}", -math.pi, math.pi) for i in (1, 2, 3))
LINEAR_INPUTS = tuple(RealParameter(name, 0.0, 1.0) for name in ("a", "b", "c", "dummy"))


def run_and_analyze(experiment: Experiment, out: Path, **options: object) -> pd.DataFrame:
    run_experiment(experiment, out, executor="serial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmbiguousRankingWarning)
        result = analyze(read_results(out), experiment, **options)  # type: ignore[arg-type]
    return result.indices


def test_sobol_recovers_ishigami_indices(tmp_path: Path) -> None:
    experiment = Experiment("ishigami", ishigami, SobolDesign(2048), ISHIGAMI_INPUTS, seed=1)
    indices = run_and_analyze(experiment, tmp_path)
    for kind, expected in ISHIGAMI_INDICES.items():
        rows = indices[indices["index"] == kind].set_index("parameter")
        for name, value in expected.items():
            assert rows.loc[name, "value"] == pytest.approx(value, abs=0.06), (kind, name)
            assert rows.loc[name, "conf"] < 0.15


def test_sobol_second_order_finds_the_x1_x3_interaction(tmp_path: Path) -> None:
    design = SobolDesign(1024, calc_second_order=True)
    experiment = Experiment("ishigami2", ishigami, design, ISHIGAMI_INPUTS, seed=2)
    indices = run_and_analyze(experiment, tmp_path)
    second = indices[indices["index"] == "S2"].set_index("parameter")["value"]
    # Analytic S13 = ST1 - S1 = 0.2437; S12 = S23 = 0.
    assert second["x1 × x3"] == pytest.approx(0.2437, abs=0.1)
    assert abs(second["x1 × x2"]) < 0.1
    assert abs(second["x2 × x3"]) < 0.1


def test_morris_ranks_the_dummy_input_last(tmp_path: Path) -> None:
    experiment = Experiment("morris", linear, MorrisDesign(12, levels=4), LINEAR_INPUTS, seed=4)
    indices = run_and_analyze(experiment, tmp_path)
    mu_star = indices[indices["index"] == "mu_star"].set_index("parameter")["value"]
    assert mu_star.sort_values(ascending=False).index.tolist() == ["a", "b", "c", "dummy"]
    assert mu_star["a"] == pytest.approx(4.0)
    assert mu_star["dummy"] == 0.0


def test_fast_ranks_ishigami_inputs(tmp_path: Path) -> None:
    experiment = Experiment("fast", ishigami, FastDesign(1025), ISHIGAMI_INPUTS, seed=5)
    indices = run_and_analyze(experiment, tmp_path)
    first = indices[indices["index"] == "S1"].set_index("parameter")["value"]
    assert first["x1"] == pytest.approx(0.3139, abs=0.05)
    assert first["x2"] == pytest.approx(0.4424, abs=0.05)
    assert abs(first["x3"]) < 0.05


def test_replications_are_averaged_and_noise_reported(tmp_path: Path) -> None:
    inputs = (RealParameter("x", 0.0, 1.0), RealParameter("dummy", 0.0, 1.0))
    experiment = Experiment("noisy", noisy_linear, MorrisDesign(10), inputs, 4, seed=6)
    run_experiment(experiment, tmp_path, executor="serial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmbiguousRankingWarning)
        result = analyze(read_results(tmp_path), experiment)
    noise = result.noise.set_index("output")
    assert noise.loc["z", "within_point_variance"] == 0.0
    assert noise.loc["y", "noise_share"] > 0.0
    mu_star = result.indices.query("output == 'z' and index == 'mu_star'")
    assert mu_star.set_index("parameter").loc["x", "value"] == pytest.approx(1.0)


def test_overlapping_intervals_warn_that_ranks_are_ambiguous(tmp_path: Path) -> None:
    experiment = Experiment("tiny", ishigami, SobolDesign(16), ISHIGAMI_INPUTS, seed=3)
    run_experiment(experiment, tmp_path, executor="serial")
    with pytest.warns(AmbiguousRankingWarning, match="overlap, so their ranking is not resolved"):
        analyze(read_results(tmp_path), experiment)


def test_ranking_ignores_ties_between_negligible_inputs() -> None:
    indices = pd.DataFrame(
        {
            "output": "y",
            "index": "ST",
            "parameter": ["a", "b", "c"],
            "value": [0.9, 0.001, 0.0],
            "lower": [0.85, -0.01, -0.01],
            "upper": [0.95, 0.012, 0.01],
        }
    )
    assert ranking_ambiguities(indices, "ST") == []


def test_analysis_needs_a_sensitivity_design(tmp_path: Path) -> None:
    experiment = Experiment("lhs", ishigami, LatinHypercube(4), ISHIGAMI_INPUTS)
    run_experiment(experiment, tmp_path, executor="serial")
    with pytest.raises(ExperimentError, match=r"design\.kind is 'lhs'"):
        analyze(read_results(tmp_path), experiment)


def test_analysis_refuses_missing_points(tmp_path: Path) -> None:
    experiment = Experiment("partial", ishigami, SobolDesign(8), ISHIGAMI_INPUTS)
    run_experiment(experiment, tmp_path, executor="serial")
    table = read_results(tmp_path)
    table.loc[3, "status"] = "failed"
    with pytest.raises(ExperimentError, match="1 of 40 design points have no successful run"):
        analyze(table, experiment)


def test_plots_are_written(tmp_path: Path) -> None:
    experiment = Experiment("plots", linear, MorrisDesign(6), LINEAR_INPUTS, seed=1)
    indices = run_and_analyze(experiment, tmp_path)
    bars = plot_indices(indices, "y", tmp_path / "bars.png")
    scatter = plot_morris(indices, "y", tmp_path / "scatter.png")
    assert bars.stat().st_size > 1000
    assert scatter.stat().st_size > 1000
