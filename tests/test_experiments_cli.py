"""Experiment files and the CLI verbs: clear errors naming the field, sweeps, resume after kill."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from govsim.experiments import ExperimentError, load_experiment, read_results
from govsim.experiments.__main__ import main

GOOD = """
name = "lin"
model = "govsim.experiments.testfunctions:noisy_linear"
replications = 2
seed = 3
outputs = ["y", "z"]

[design]
kind = "lhs"
samples = 6

[[parameters]]
path = "x"
lo = 0.0
hi = 1.0
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    experiment, store = load_experiment(write(tmp_path, GOOD))
    assert experiment.name == "lin"
    assert experiment.total_runs == 12
    assert store == {"flush_every": 100, "flush_seconds": 30.0}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (("replications = 2", "replications = 0"), "replications: must be between 1 and"),
        (("replications = 2", 'replications = "two"'), "replications: expected an integer"),
        (("samples = 6", "samples_ = 6"), "design.samples: required for a lhs design"),
        (('kind = "lhs"', 'kind = "annealing"'), "design.kind: expected one of: grid, lhs"),
        (("hi = 1.0", "hi = -1.0"), "parameters\\[0\\].hi: must be greater than lo"),
        (("lo = 0.0", "low = 0.0"), "parameters\\[0\\].low: unknown key; did you mean 'lo'"),
        (("seed = 3", "seed = 3\nsede = 4"), "sede: unknown key; did you mean 'seed'"),
        (("noisy_linear", "no_such_function"), "model: .* is not a model this file may run"),
        (('model = "govsim', 'base = "missing.toml"\n#'), "base: scenario file not found"),
        (('path = "x"', 'name = "x"'), "parameters\\[0\\].path: required"),
        (("samples = 6", "samples = 6\nn = 8"), "design.n: not an option of a lhs design"),
        (("lo = 0.0", "lo = 0.0\nmode = 0.5"), "parameters\\[0\\].mode: only a triangular"),
        (
            ('kind = "lhs"\nsamples = 6', 'kind = "sobol"\nn = 6'),
            "design.n: the Sobol' base sample must be a power of two",
        ),
        (
            ('kind = "lhs"\nsamples = 6', 'kind = "lhs"\nsamples = 16777216'),
            "design: 33,554,432 runs .* at most 10,000,000 are allowed",
        ),
    ],
)
def test_bad_files_name_the_field(tmp_path: Path, change: tuple[str, str], match: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(ExperimentError, match=match):
        load_experiment(write(tmp_path, text))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("replications = 2", "replications = 0").replace("seed = 3", "seed = -1")
    with pytest.raises(ExperimentError, match=r"(?s)replications: .*seed: must be between 0 and"):
        load_experiment(write(tmp_path, text))


def test_missing_and_malformed_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match="experiment file not found"):
        load_experiment(tmp_path / "nope.toml")
    with pytest.raises(ExperimentError, match="not valid TOML"):
        load_experiment(write(tmp_path, "name = [unclosed"))


def test_cli_sweep_prints_a_summary_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    out = tmp_path / "out"
    arguments = ["sweep", str(path), "--executor", "serial", "--out", str(out), "--no-progress"]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert "12 runs (12 ok, 0 failed)" in printed
    assert "outputs over 12 successful runs" in printed
    assert main(arguments) == 0
    assert "skipped 12 runs already stored" in capsys.readouterr().out


def test_cli_reports_user_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", str(tmp_path / "missing.toml")]) == 2
    assert capsys.readouterr().err.startswith("error: experiment file not found")


def test_cli_sweep_exits_non_zero_when_runs_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace("noisy_linear", "raises_above").replace('outputs = ["y", "z"]', "")
    path = write(tmp_path, text)
    assert main(["sweep", str(path), "--executor", "serial", "--out", str(tmp_path / "o")]) == 1
    assert "--retry-failed" in capsys.readouterr().err


def test_cli_sensitivity_writes_indices_and_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('kind = "lhs"\nsamples = 6', 'kind = "morris"\ntrajectories = 6')
    text += '\n[[parameters]]\npath = "dummy"\nlo = 0.0\nhi = 1.0\n'
    out = tmp_path / "out"
    code = main(
        ["sensitivity", str(write(tmp_path, text)), "--executor", "serial", "--out", str(out)]
    )
    assert code == 0
    assert "morris indices of z" in capsys.readouterr().out
    indices = pd.read_csv(out / "sensitivity" / "indices.csv")
    assert set(indices["index"]) == {"mu_star", "mu", "sigma"}
    assert (out / "sensitivity" / "morris_mu_sigma_z.png").exists()


SLOW = """
name = "slow"
model = "govsim.experiments.testfunctions:slow_linear"
replications = 2
seed = 5

[design]
kind = "lhs"
samples = 30

[[parameters]]
path = "x"
lo = 0.0
hi = 1.0

[store]
flush_every = 4
"""


@pytest.mark.timeout(300)
def test_ctrl_c_stores_finished_runs_and_says_how_to_resume(tmp_path: Path) -> None:
    path = write(tmp_path, SLOW.replace("samples = 30", "samples = 300"))
    out = tmp_path / "interrupted"
    command = [
        sys.executable,
        "-m",
        "govsim.experiments",
        "sweep",
        str(path),
        "--out",
        str(out),
        "--executor",
        "processes",
        "--workers",
        "2",
        "--no-progress",
    ]
    process = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 180
    while not list((out / "runs").glob("part-*.parquet")):
        assert process.poll() is None
        assert time.monotonic() < deadline, "the sweep stored nothing in 180 s"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Re-run the same command to resume" in stderr
    stored = read_results(out)
    assert 0 < len(stored) < 600
    assert stored["run_id"].is_unique


# --------------------------------------------------------------------------------------------
# Input errors from issue 14, and models as code
# --------------------------------------------------------------------------------------------

VILLAGE = Path(__file__).resolve().parents[1] / "scenarios" / "village.toml"


def test_levers_all_with_a_backwards_span_is_a_clean_error(tmp_path: Path) -> None:
    text = f"""
base = "{VILLAGE.as_posix()}"
levers = "all"
default_span = [2.0, 1.0]
[design]
kind = "morris"
trajectories = 4
"""
    with pytest.raises(ExperimentError, match=r"default_span: must be \[low_factor, high_factor\]"):
        load_experiment(write(tmp_path, text))


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"name = 'x'\n\xff\xfe", "not valid UTF-8"),
        (b"name = 'x'\n[design\n", "not valid TOML"),
        (b"a = " + b"[" * 3000, "nested too deeply"),
    ],
)
def test_unreadable_experiment_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, match: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    assert main(["sweep", str(path), "--executor", "serial"]) == 2
    err = capsys.readouterr().err
    assert re.search(match, err)
    assert "Traceback" not in err


def test_a_directory_is_not_an_experiment_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_an_experiment_file_cannot_run_arbitrary_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = GOOD.replace(
        'model = "govsim.experiments.testfunctions:noisy_linear"', 'model = "os:system"'
    )
    path = write(tmp_path, hostile + f"\n# touch {marker}\n")
    with pytest.raises(
        ExperimentError, match=r"model: 'os:system' is not a model this file may run"
    ):
        load_experiment(path)
    assert not marker.exists()
    # allowed explicitly (as --allow-model does), it is imported; os.system is not a model
    # with parameters x, but it is a callable, so the file validates
    experiment, _ = load_experiment(path, allow_models=["os:system"])
    assert experiment.total_runs == 12


def test_registered_models_run_by_entry_point_name(tmp_path: Path) -> None:
    text = GOOD.replace("govsim.experiments.testfunctions:noisy_linear", "noisy_linear")
    experiment, _ = load_experiment(write(tmp_path, text))
    assert experiment.model.__name__ == "noisy_linear"  # type: ignore[attr-defined]


def test_cli_allow_model_lets_a_file_run_an_unregistered_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace("govsim.experiments.testfunctions:noisy_linear", "math:hypot")
    path = write(tmp_path, text.replace('outputs = ["y", "z"]', ""))
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--executor", "serial", "--out", str(out)]) == 2
    assert "--allow-model math:hypot" in capsys.readouterr().err
    code = main(
        ["sweep", str(path), "--allow-model", "math:hypot", "--executor", "serial",
         "--out", str(out), "--no-progress"]
    )  # fmt: skip
    assert code == 1  # it runs: math.hypot is no model, so every run fails, as data
    assert (read_results(out)["error"].str.startswith("TypeError")).all()


def test_experiment_name_becomes_a_safe_store_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, GOOD.replace('name = "lin"', 'name = "../../escape"'))
    assert main(["sweep", str(path), "--executor", "serial", "--no-progress"]) == 0
    assert (tmp_path / "out" / "escape" / "manifest.json").is_file()
