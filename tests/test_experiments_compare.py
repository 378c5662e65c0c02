"""Scenario comparison with common random numbers: no false differences, right directions."""

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
from govsim.experiments.plots import plot_forest
from govsim.experiments.report import write_comparison_report
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
    assert (same["direction"] == "no clear difference").all()


def test_a_lever_with_a_known_effect_has_that_direction(comparison) -> None:  # type: ignore[no-untyped-def]
    table, _ = comparison
    more = table[table["scenario"] == "more x"].set_index("metric")
    assert more.loc["y", "direction"] == "higher"
    assert more.loc["y", "ci_low"] > 0
    assert more.loc["y", "mean_difference"] == pytest.approx(2.0, abs=1.0)
    assert more.loc["y", "t_pvalue"] < 0.01
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


def test_too_few_pairs_give_no_verdict() -> None:
    assert paired_difference(np.array([1.0]))["direction"] == "not enough runs"


def test_report_and_forest_plot_are_written(comparison) -> None:  # type: ignore[no-untyped-def]
    table, out = comparison
    plot_forest(table, out / "forest.png")
    markdown, html = write_comparison_report(
        table, out, reference="reference", context=["12 seeds."], figure="forest.png"
    )
    text = markdown.read_text()
    assert "# Scenario comparison against reference" in text
    assert "## more x vs reference" in text
    assert "Clear differences: y higher by" in text
    assert "No metric differs clearly from the reference." in text
    assert "<table>" in html.read_text()
    assert (out / "forest.png").stat().st_size > 1000
