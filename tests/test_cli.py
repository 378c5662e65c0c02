"""The ``govsim`` command line: run, validate, levers, --help; user errors exit 2 cleanly."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from govsim.cli import build_parser, main

EXIT_USAGE = 2


def _subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return list(actions[0].choices)


@pytest.fixture(scope="module")
def cli_run(
    village_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, str, str, Path]:
    """``govsim run scenarios/village.toml --days 20 --out DIR``, once for the module."""
    out = tmp_path_factory.mktemp("cli") / "village-run"
    argv = ["run", str(village_path), "--days", "20", "--seed", "3", "--out", str(out), "--quiet"]
    with pytest.MonkeyPatch.context() as mp:
        stdout, stderr = _capture(mp, lambda: main(argv))
    code, text = stdout
    return code, text, stderr, out


def _capture(mp: pytest.MonkeyPatch, call: Callable[[], int]) -> tuple[tuple[int, str], str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    mp.setattr(sys, "stdout", out)
    mp.setattr(sys, "stderr", err)
    code = call()
    return (code, out.getvalue()), err.getvalue()


def test_run_writes_tables_summary_scenario_and_plots(cli_run: tuple[int, str, str, Path]) -> None:
    code, _, stderr, out = cli_run
    assert code == 0, stderr
    daily = pd.read_parquet(out / "daily.parquet")
    cases = pd.read_parquet(out / "cases.parquet")
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(daily) == 20
    assert {"backlog", "new_cases", "mean_trust"} <= set(daily.columns)
    assert {"created_day", "closed_day", "outcome"} <= set(cases.columns)
    assert list(reports.columns) == ["day", "reporter", "channel", "case", "opened", "genuine"]
    assert len(reports) == daily["villager_reports"].sum()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 3
    assert summary["scenario"] == "village"
    assert summary["summary"]["days"] == 20
    scenario = json.loads((out / "scenario.json").read_text())
    assert scenario["county"]["villages"] == 1
    pngs = sorted(out.glob("*.png"))
    assert pngs, "no plots written"
    assert all(p.stat().st_size > 1000 for p in pngs)


def test_run_prints_a_summary(cli_run: tuple[int, str, str, Path]) -> None:
    _, stdout, _, out = cli_run
    assert "govsim run: village (seed 3), 20 days" in stdout
    assert "reports per 1,000 adults per month" in stdout
    assert "backlog at end" in stdout
    assert f"wrote {out}/" in stdout


def test_run_with_csv_and_override(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "csv"
    argv = ["run", str(village_path), "--days", "5", "--set", "feedback.notified_share=0.9",
            "--format", "csv", "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert (out / "daily.csv").is_file()
    assert (out / "cases.csv").is_file()
    assert (out / "reports.csv").is_file()
    scenario = json.loads((out / "scenario.json").read_text())
    assert scenario["feedback"]["notified_share"] == 0.9
    assert "govsim run: village" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("feedback.notified_share=1.5", "feedback.notified_share"),
        ("appraisal.audit_rat=0.2", "appraisal.audit_rat = 0.2: unknown key 'audit_rat'"),
        ("no.such.path=1", "no.such.path = 1: unknown key 'no'"),
        ("county.villages=lots", "county.villages"),
        ("appraisal.audit_rate", "override"),
    ],
)
def test_bad_set_exits_2_and_writes_nothing(
    village_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    named: str,
) -> None:
    out = tmp_path / "never"
    code = main(["run", str(village_path), "--days", "5", "--set", setting, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_USAGE
    assert captured.err.startswith("govsim: error:")
    assert named in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert not out.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--days", "0"], "argument --days: must be between 1 and 36,500, got 0"),
        (["--days", "-3"], "argument --days: must be between 1 and 36,500, got -3"),
        (["--days", "1e3"], "argument --days: expected an integer, got '1e3'"),
        (["--seed", "-1"], "argument --seed: must be between 0 and"),
        (["--seed", "x"], "argument --seed: expected an integer, got 'x'"),
        (["--spin-up-days", "-1"], "argument --spin-up-days: must be between 0 and 36,500, got -1"),
        (["--spin-up-days", "36501"], "argument --spin-up-days: must be between 0 and 36,500"),
        (["--spin-up-days", "two"], "argument --spin-up-days: expected an integer, got 'two'"),
    ],
)
def test_bad_run_options_exit_2_without_traceback(
    village_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    out = tmp_path / "never"
    with pytest.raises(SystemExit, match=f"^{EXIT_USAGE}$"):
        main(["run", str(village_path), *options, "--out", str(out)])
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_run_with_a_spin_up_reports_only_the_days_after_it(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spun"
    argv = ["run", str(village_path), "--days", "12", "--spin-up-days", "30", "--seed", "2",
            "--out", str(out), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert "village (seed 2), 12 days after a spin-up of 30 days" in capsys.readouterr().out
    daily = pd.read_parquet(out / "daily.parquet")
    assert daily.index.tolist() == list(range(12))
    cases = pd.read_parquet(out / "cases.parquet")
    assert cases["created_day"].min() >= 0
    assert json.loads((out / "scenario.json").read_text())["spin_up_days"] == 30


@pytest.mark.parametrize(
    "command",
    [
        ["run", "{village}"],
        ["calibrate", "{village}"],
        ["compare", "{village}", "{village}"],
        ["sweep", "{experiment}"],
        ["sensitivity", "{experiment}"],
    ],
    ids=lambda command: command[0],
)
def test_every_command_that_runs_refuses_a_bad_spin_up(
    village_path: Path,
    repo_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    experiment = repo_root / "experiments" / "appraisal_sweep.toml"
    argv = [arg.format(village=village_path, experiment=experiment) for arg in command]
    with pytest.raises(SystemExit, match=f"^{EXIT_USAGE}$"):
        main([*argv, "--spin-up-days", "-5", "--out", str(tmp_path / "never")])
    err = capsys.readouterr().err
    assert "argument --spin-up-days: must be between 0 and 36,500, got -5" in err
    assert "Traceback" not in err
    assert not (tmp_path / "never").exists()


def test_calibrate_reads_the_targets_after_the_spin_up(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "calibration.csv"
    argv = ["calibrate", str(village_path), "--seeds", "1", "--days", "10", "--spin-up-days",
            "20", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    assert "(village, seeds [1], 10 days after a spin-up of 20 days)" in capsys.readouterr().out
    assert out.is_file()


def test_scenario_name_becomes_a_safe_directory_name(
    village_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["run", str(village_path), "--days", "2", "--quiet", "--set", 'name="../../escape"']
    assert main(argv) == 0
    assert (tmp_path / "out" / "escape" / "summary.json").is_file()
    assert not (tmp_path.parent / "escape").exists()


def test_missing_scenario_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "govsim: error:" in err
    assert "file not found" in err
    assert not (tmp_path / "out").exists()


def test_validate_ok(village_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(village_path)]) == 0
    out = capsys.readouterr().out
    assert "valid scenario 'village'" in out
    assert "1 villages" in out
    assert "estimated peak memory of a run: about" in out


def test_validate_bad(
    village_path: Path, write_toml: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_toml(
        "bad.toml", f'extends = "{village_path.as_posix()}"\n[feedback]\nnotified_share = 1.5\n'
    )
    assert main(["validate", str(bad)]) == EXIT_USAGE
    assert "is outside the scenario's directory" in capsys.readouterr().err
    assert main(["validate", str(bad), "--scenario-path", str(village_path.parent)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "govsim: error:" in err
    # a value read from a file is not echoed; the path and what is allowed are named
    assert "feedback.notified_share: must be between 0 and 1" in err
    assert "1.5" not in err
    assert "Traceback" not in err


def test_validate_with_bad_set(village_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(village_path), "--set", "reporting.enabled=maybe"]) == EXIT_USAGE
    assert "reporting.enabled" in capsys.readouterr().err


def test_levers_lists_levers_with_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["levers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["path", "default"]
    audit = [line for line in lines if line.startswith("appraisal.audit_rate ")]
    assert len(audit) == 1
    assert "[0, 1]" in audit[0]
    assert " share " in audit[0]
    # Only levers by default: a mechanism parameter appears with --all.
    assert not any(line.startswith("feedback.learning_rate ") for line in lines)
    assert main(["levers", "--all"]) == 0
    assert any(
        line.startswith("feedback.learning_rate ") for line in capsys.readouterr().out.splitlines()
    )


def test_subcommands_include_the_core_verbs() -> None:
    assert {"run", "validate", "levers"} <= set(_subcommands())


@pytest.mark.parametrize(
    "command", [[], *([c] for c in _subcommands())], ids=lambda c: " ".join(c) or "govsim"
)
def test_help_works_for_every_subcommand(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit, match=r"^0$"):
        main([*command, "--help"])
    assert "usage: govsim" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match=r"^0$"):
        main(["--version"])
    assert capsys.readouterr().out.startswith("govsim ")


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match=f"^{EXIT_USAGE}$"):
        main([])
    assert "usage: govsim" in capsys.readouterr().err


def test_installed_entry_point_exits_2_without_traceback(
    village_path: Path, tmp_path: Path
) -> None:
    """The one subprocess: the installed ``govsim`` script, as a user would run it."""
    script = shutil.which("govsim", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "govsim.cli"]
    out = tmp_path / "never"
    completed = subprocess.run(
        [
            *command,
            "run",
            str(village_path),
            "--set",
            "feedback.notified_share=1.5",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert completed.returncode == EXIT_USAGE, completed.stderr
    assert completed.stderr.startswith("govsim: error:")
    assert "feedback.notified_share" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not out.exists()


def test_an_output_directory_that_cannot_be_written_exits_2(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    code = main(["run", str(village_path), "--days", "2", "--quiet", "--out", str(blocker / "x")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith("govsim: error:")
    assert str(blocker) in err
    assert "Traceback" not in err


def test_compare_with_an_invalid_scenario_exits_2(
    village_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[feedback]\nnotified_share = 7\n")
    code = main(["compare", str(village_path), str(bad), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "feedback.notified_share: must be between 0 and 1" in err
    assert "Traceback" not in err
