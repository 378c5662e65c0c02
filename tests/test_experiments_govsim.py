"""The govsim adapter end to end: a tiny sweep of the village model, shipped experiment files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govsim.experiments import (
    Experiment,
    ExperimentError,
    GovsimModel,
    PointList,
    load_experiment,
    read_results,
    run_experiment,
)
from govsim.experiments.__main__ import main
from govsim.experiments.model import SumToOne

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ROOT / "scenarios" / "village.toml"
OUTPUTS = ("resolution_rate", "participation_share", "mean_trust")


@pytest.mark.parametrize("path", sorted((ROOT / "experiments").glob("*.toml")), ids=str)
def test_shipped_experiment_files_validate(path: Path) -> None:
    experiment, _ = load_experiment(path)
    assert experiment.total_runs > 0
    assert isinstance(experiment.model, GovsimModel)


@pytest.mark.timeout(300)
def test_a_tiny_village_sweep_runs_the_real_model(tmp_path: Path) -> None:
    points = PointList(({"feedback.notified_share": 0.2}, {"feedback.notified_share": 0.9}))
    model = GovsimModel(base=str(VILLAGE), days=60, outputs=OUTPUTS)
    experiment = Experiment("village", model, points, replications=2, seed=1, outputs=OUTPUTS)
    summary = run_experiment(experiment, tmp_path / "serial", executor="serial")
    assert summary.succeeded == 4, read_results(tmp_path / "serial")["error"].tolist()
    table = read_results(tmp_path / "serial")
    assert table[[f"output.{name}" for name in OUTPUTS]].notna().all().all()
    assert table["param.feedback.notified_share"].tolist() == [0.2, 0.2, 0.9, 0.9]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_village_runs_are_identical_in_worker_processes(tmp_path: Path) -> None:
    points = PointList(({"feedback.notified_share": 0.2}, {"feedback.notified_share": 0.9}))
    model = GovsimModel(base=str(VILLAGE), days=60, outputs=OUTPUTS)
    experiment = Experiment("village", model, points, replications=2, seed=1, outputs=OUTPUTS)
    run_experiment(experiment, tmp_path / "serial", executor="serial")
    run_experiment(experiment, tmp_path / "processes", executor="processes", workers=2)
    pd.testing.assert_frame_equal(
        read_results(tmp_path / "serial").drop(columns="wall_time"),
        read_results(tmp_path / "processes").drop(columns="wall_time"),
    )


def test_constraints_complete_weights_that_must_sum_to_one(tmp_path: Path) -> None:
    weights = SumToOne(
        ("appraisal.count_weight", "appraisal.resolution_weight", "appraisal.satisfaction_weight"),
        balance="appraisal.resolution_weight",
    )
    model = GovsimModel(
        base=str(VILLAGE), days=5, outputs=("resolution_rate",), constraints=(weights,)
    )
    assert set(model({"appraisal.count_weight": 0.3}, seed=1)) == {"resolution_rate"}
    completed = weights.apply({"appraisal.count_weight": 0.3}, lambda path: 0.1)
    assert completed["appraisal.resolution_weight"] == pytest.approx(0.6)


def test_bad_scenario_paths_and_values_name_the_parameter(tmp_path: Path) -> None:
    text = f"""
base = "{VILLAGE}"
days = 30
[design]
kind = "lhs"
samples = 4
[[parameters]]
path = "feedback.notified_shar"
lo = 0.0
hi = 1.0
[[parameters]]
path = "cameras.coverage_share"
lo = 0.0
hi = 1.5
"""
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(
        ExperimentError,
        match=r"(?s)parameters\[0\]: 'feedback\.notified_shar' is not a field of the scenario.*"
        r"parameters\[1\]\.hi: rejected by the scenario schema: cameras\.coverage_share: "
        r"must be between 0 and 1",
    ):
        load_experiment(path)


@pytest.mark.timeout(300)
def test_cli_compare_of_identical_scenarios_finds_no_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "compare"
    arguments = [
        "compare",
        str(VILLAGE),
        str(VILLAGE),
        "--replications",
        "3",
        "--days",
        "30",
        "--lang",
        "en",
        "--executor",
        "serial",
        "--out",
        str(out),
    ]
    assert main(arguments) == 0
    table = pd.read_csv(out / "effects.csv")
    assert (table["mean_difference"] == 0.0).all()
    # a metric defined in few of the 30-day runs (3-month app retention) gets no test at all
    assert "no clear difference" in set(table["verdict"])
    assert set(table["verdict"]) <= {
        "no clear difference",
        "not judged",
        "undefined",
        "not enough runs",
    }
    assert "village (2)" in (out / "report.md").read_text()
    assert (out / "report.html").exists()
    assert (out / "figures" / "effects_en.png").exists()


def test_a_list_design_names_an_invalid_scenario_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[feedback]\nnotified_share = 7\n")
    text = f"""
base = "{VILLAGE}"
[design]
kind = "list"
files = ["{VILLAGE}", "bad.toml"]
"""
    path = tmp_path / "list.toml"
    path.write_text(text)
    with pytest.raises(
        ExperimentError,
        match=r"(?s)design\.files\[1\]: invalid scenario:.*feedback\.notified_share: must be "
        r"between 0 and 1",
    ):
        load_experiment(path)


# -- spin-up -----------------------------------------------------------------------------------

SPIN_UP_SWEEP = f"""
base = "{VILLAGE}"
days = 10
spin_up_days = 30
outputs = ["days", "cases", "mean_trust"]
[design]
kind = "points"
points = [{{"feedback.notified_share" = 0.5}}]
"""


def test_a_govsim_model_with_a_spin_up_reports_only_the_days_after_it() -> None:
    import govsim

    model = GovsimModel(base=str(VILLAGE), days=10, spin_up_days=30, outputs=("days", "cases"))
    values, daily = model.simulate({}, seed=3, daily=True)
    assert daily is not None
    assert daily.index.tolist() == [0, 7, 9]  # every 7th reported day and the last
    direct = govsim.run(VILLAGE, days=10, seed=3, spin_up_days=30)
    assert values == {"days": 10.0, "cases": direct.summary["cases"]}
    assert model.describe()["spin_up_days"] == 30


def test_an_experiment_file_sets_the_spin_up_and_the_cli_overrides_it(tmp_path: Path) -> None:
    path = tmp_path / "spin.toml"
    path.write_text(SPIN_UP_SWEEP)
    experiment, _ = load_experiment(path)
    assert isinstance(experiment.model, GovsimModel)
    assert experiment.model.spin_up_days == 30
    experiment, _ = load_experiment(path, spin_up_days=0)
    assert isinstance(experiment.model, GovsimModel)
    assert experiment.model.spin_up_days == 0


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (SPIN_UP_SWEEP.replace("spin_up_days = 30", "spin_up_days = -1"), "spin_up_days: must be"),
        (
            SPIN_UP_SWEEP.replace("spin_up_days = 30", 'spin_up_days = "long"'),
            "spin_up_days: expected an integer",
        ),
        (
            'model = "ishigami"\nspin_up_days = 5\n[design]\nkind = "points"\npoints = [{x1 = 0}]',
            "spin_up_days: a spin-up .* needs a govsim base scenario",
        ),
    ],
    ids=["negative", "not a number", "model function"],
)
def test_a_bad_spin_up_in_an_experiment_file_names_the_field(
    tmp_path: Path, text: str, match: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ExperimentError, match=match):
        load_experiment(path)


def test_cli_sweep_runs_with_the_spin_up_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "spin.toml"
    path.write_text(SPIN_UP_SWEEP)
    out = tmp_path / "out"
    argv = ["sweep", str(path), "--spin-up-days", "20", "--executor", "serial", "--out", str(out)]
    assert main(argv) == 0
    table = read_results(out)
    assert table["output.days"].tolist() == [10.0]
    manifest = (out / "manifest.json").read_text()
    assert '"spin_up_days": 20' in manifest
    capsys.readouterr()
    # a model function has no spin-up: a clear error, exit 2
    function = tmp_path / "function.toml"
    function.write_text('model = "ishigami"\n[design]\nkind = "points"\npoints = [{x1 = 0}]\n')
    assert main(["sweep", str(function), "--spin-up-days", "5"]) == 2
    assert "spin_up_days: a spin-up" in capsys.readouterr().err
