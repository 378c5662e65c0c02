"""Paired comparisons with common random numbers and the multiple-comparison corrections."""

from __future__ import annotations

import numpy as np
import pytest

from govsim.experiments import (
    Experiment,
    PointList,
    compare_points,
    paired_difference,
    read_results,
    run_experiment,
)
from govsim.experiments.compare import adjust_pvalues
from govsim.experiments.testfunctions import noisy_linear

LABELS = {0: "reference", 1: "identical", 2: "more x"}


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    points = PointList(({"x": 0.0}, {"x": 0.0}, {"x": 1.0}))
    experiment = Experiment("compare", noisy_linear, points, replications=12, seed=9)
    out = tmp_path_factory.mktemp("compare")
    run_experiment(experiment, out, executor="serial")
    return compare_points(read_results(out), LABELS), out


def test_identical_scenarios_show_no_difference(comparison) -> None:  # type: ignore[no-untyped-def]
    table, _ = comparison
    same = table[table["scenario"] == "identical"]
    assert (same["mean_difference"] == 0.0).all()
    assert (same["t_pvalue"] == 1.0).all()
    assert (same["p_adjusted"] == 1.0).all()
    assert (same["direction"] == "no clear difference").all()


def test_a_lever_with_a_known_effect_has_that_direction(comparison) -> None:  # type: ignore[no-untyped-def]
    table, _ = comparison
    more = table[table["scenario"] == "more x"].set_index("metric")
    assert more.loc["y", "direction"] == "higher"
    assert more.loc["y", "ci_low"] > 0
    assert more.loc["y", "mean_difference"] == pytest.approx(2.0, abs=1.0)
    assert more.loc["y", "t_pvalue"] < 0.01
    assert more.loc["y", "p_adjusted"] >= more.loc["y", "t_pvalue"]
    assert more.loc["y", "cohen_dz"] > 0.8
    assert more.loc["z", "direction"] == "lower"
    assert more.loc["z", "n"] == 12


def test_paired_difference_matches_scipy_conventions() -> None:
    differences = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    summary = paired_difference(differences)
    assert summary["mean_difference"] == pytest.approx(3.5)
    half = 2.5706 * differences.std(ddof=1) / np.sqrt(6)
    assert summary["ci_low"] == pytest.approx(3.5 - half, rel=1e-3)
    assert summary["cohen_dz"] == pytest.approx(3.5 / differences.std(ddof=1))
    assert float(summary["wilcoxon_pvalue"]) < 0.05


def test_differences_equal_but_for_rounding_have_no_spread() -> None:
    """A fixed extra cost summed in another order differs in the last digits between seeds."""
    summary = paired_difference(np.array([1764.1666666666715, 1764.1666666666642]))
    assert summary["sd_difference"] == 0.0
    assert summary["ci_low"] == summary["ci_high"] == summary["mean_difference"]
    assert summary["t_pvalue"] == 0.0
    assert paired_difference(np.array([1.0, 1.0 + 1e-9]))["sd_difference"] > 0.0


def test_one_pair_gives_no_interval_and_no_test() -> None:
    summary = paired_difference(np.array([1.0]))
    assert summary["n"] == 1
    assert np.isnan(summary["ci_low"])
    assert np.isnan(summary["t_pvalue"])


def test_holm_known_answer() -> None:
    """Holm (1979): sorted p times (m, m-1, ...), made monotone; NaN is not tested."""
    adjusted = adjust_pvalues([0.01, 0.04, 0.03, np.nan, 0.005], "holm")
    np.testing.assert_allclose(adjusted[[4, 0, 2, 1]], [0.02, 0.03, 0.06, 0.06])
    assert np.isnan(adjusted[3])


def test_benjamini_hochberg_known_answer() -> None:
    """BH (1995): p(i) m / i, made monotone from the largest; as in R's p.adjust."""
    adjusted = adjust_pvalues([0.01, 0.04, 0.03, 0.005], "bh")
    np.testing.assert_allclose(adjusted, [0.02, 0.04, 0.04, 0.02])


def test_corrections_never_lower_a_pvalue_and_cap_at_one() -> None:
    rng = np.random.default_rng(4)
    p = rng.uniform(size=30)
    for method in ("holm", "bh"):
        adjusted = adjust_pvalues(p, method)
        assert (adjusted >= p).all()
        assert (adjusted <= 1.0).all()
    np.testing.assert_array_equal(adjust_pvalues(p, "none"), p)
    with pytest.raises(ValueError, match="unknown correction 'bonf'"):
        adjust_pvalues(p, "bonf")
