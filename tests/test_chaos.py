"""Chaos tests of sweeps (issue 14 point 3): faults lose no run, duplicate none, change nothing.

Each test disturbs a sweep — SIGKILL of a worker or of the driver, SIGINT, a second driver, a
truncated chunk, a model that exits or crashes its process — and then audits the store against an
undisturbed serial sweep of the same experiment:

* **lost**: run ids of the experiment with no row in the store;
* **duplicated**: run ids with more than one successful row in the chunks (a failed row
  superseded by a successful retry is the one duplication allowed, and is counted apart);
* **identical**: ``read_results`` equals the undisturbed serial sweep's table (``wall_time``
  aside).

Disturbances synchronise by polling for files the sweep and its models write, with generous
deadlines; no sleep stands in for synchronisation. The tests that start sweeps as
subprocesses are marked slow.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from chaos_models import CHAOS_DIR, MISBEHAVIOURS
from govsim.experiments import (
    ExperimentError,
    ResultStore,
    UnreadableChunkWarning,
    load_experiment,
    read_results,
    run_experiment,
)

TESTS = Path(__file__).resolve().parent
DEADLINE = 180.0  # seconds a disturbed sweep gets to reach the state a test waits for


def experiment_file(directory: Path, model: str, points: int, *, sleep: float = 0.05,
                    flush_every: int = 3, replications: int = 1) -> Path:  # fmt: skip
    rows = ", ".join(f"{{x = {x}.0, sleep = {sleep}}}" for x in range(points))
    text = f"""
        name = "chaos"
        model = "chaos_models:{model}"
        replications = {replications}
        seed = 11
        [design]
        kind = "points"
        points = [{rows}]
        [store]
        flush_every = {flush_every}
        flush_seconds = 3600
    """
    path = directory / "chaos.toml"
    path.write_text(textwrap.dedent(text))
    return path


def allow(model: str) -> list[str]:
    return [f"chaos_models:{model}"]


def reference(path: Path, model: str, out: Path) -> pd.DataFrame:
    """The undisturbed serial sweep of the experiment file."""
    experiment, _ = load_experiment(path, allow_models=allow(model))
    run_experiment(experiment, out, executor="serial", progress=False)
    return comparable(read_results(out))


def comparable(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="wall_time")


@dataclass(frozen=True)
class Audit:
    expected: int
    stored: int
    lost: int
    duplicated: int
    superseded: int

    def clean(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.stored == self.expected


def report(fault: str, result: Audit, identical: bool) -> None:
    """Print one row of the chaos table (shown with ``pytest -s`` or ``-rP``)."""
    print(
        f"\nchaos | {fault} | expected {result.expected} | stored {result.stored} | lost "
        f"{result.lost} | duplicated {result.duplicated} | superseded retries "
        f"{result.superseded} | identical {identical}"
    )


def audit(out: Path, expected: int) -> Audit:
    rows = pd.concat(
        [pq.read_table(path).to_pandas() for path in sorted((out / "runs").glob("part-*.parquet"))],
        ignore_index=True,
    )
    ok = rows[rows["status"] == "ok"]["run_id"].value_counts()
    per_id = rows["run_id"].value_counts()
    stored = set(rows["run_id"])
    return Audit(
        expected=expected,
        stored=len(stored & set(range(expected))),
        lost=len(set(range(expected)) - stored),
        duplicated=int((ok > 1).sum()),
        superseded=int((per_id > 1).sum()),
    )


def sweep_command(path: Path, out: Path, model: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "govsim.experiments", "sweep", str(path), "--out", str(out),
        "--allow-model", f"chaos_models:{model}", "--executor", "processes", "--workers", "2",
        "--no-progress", *extra,
    ]  # fmt: skip


def environment(chaos: Path | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    if chaos is not None:
        env[CHAOS_DIR] = str(chaos)
    return env


def wait_for(
    condition: Callable[[], bool], what: str, process: subprocess.Popen[str] | None = None
) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if process is not None and process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the sweep ended (exit {process.returncode}) before {what}:\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"waited {DEADLINE:.0f} s for {what}")
        time.sleep(0.02)  # polling interval, not synchronisation


def chunks(out: Path) -> int:
    return len(list((out / "runs").glob("part-*.parquet")))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return (
        not Path(f"/proc/{pid}/stat").exists() or " Z " not in Path(f"/proc/{pid}/stat").read_text()
    )


# --------------------------------------------------------------------------------------------
# In-process faults (fast)
# --------------------------------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_a_model_that_exits_or_crashes_fails_only_its_run_under_every_executor(
    tmp_path: Path,
) -> None:
    path = experiment_file(tmp_path, "misbehaves", points=9, sleep=0.0)
    expected = reference(path, "misbehaves", tmp_path / "serial")
    failed = expected[expected["status"] == "failed"]
    assert sorted(failed["param.x"]) == sorted(MISBEHAVIOURS)
    reasons = dict(zip(failed["param.x"], failed["error"], strict=True))
    assert reasons[1.0] == "SystemExit: the model called sys.exit(3)"
    assert "exit status 7" in reasons[2.0]
    assert "SIGSEGV (a segmentation fault)" in reasons[3.0]
    assert "SIGSEGV (a segmentation fault)" in reasons[4.0]
    assert "SIGABRT (an abort)" in reasons[5.0]
    assert "SIGKILL (killed" in reasons[6.0]
    assert (expected.loc[~expected["param.x"].isin(list(MISBEHAVIOURS)), "status"] == "ok").all()
    experiment, _ = load_experiment(path, allow_models=allow("misbehaves"))
    run_experiment(
        experiment, tmp_path / "processes", executor="processes", workers=2, progress=False
    )
    pd.testing.assert_frame_equal(comparable(read_results(tmp_path / "processes")), expected)
    assert audit(tmp_path / "processes", 9).clean()


@pytest.mark.timeout(300)
def test_a_truncated_chunk_is_named_and_its_runs_are_run_again(tmp_path: Path) -> None:
    path = experiment_file(tmp_path, "steady", points=12, sleep=0.0)
    expected = reference(path, "steady", tmp_path / "reference")
    experiment, _ = load_experiment(path, allow_models=allow("steady"))
    out = tmp_path / "damaged"
    run_experiment(experiment, out, executor="serial", flush_every=3, progress=False)
    victim = out / "runs" / "part-00001.parquet"
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    with pytest.warns(UnreadableChunkWarning, match=r"part-00001\.parquet .*re-run the sweep"):
        partial = read_results(out)
    assert len(partial) == 9
    summary = run_experiment(experiment, out, executor="serial", progress=False)
    assert summary.attempted == 3
    assert any("part-00001.parquet is unreadable" in note for note in summary.notes)
    assert (out / "runs" / "part-00001.parquet.unreadable").exists()
    pd.testing.assert_frame_equal(comparable(read_results(out)), expected)
    result = audit(out, 12)
    assert result.clean(), result
    report("truncated chunk, then resume", result, identical=True)


def test_a_second_writer_is_refused_naming_the_first(tmp_path: Path) -> None:
    path = experiment_file(tmp_path, "steady", points=3, sleep=0.0)
    experiment, _ = load_experiment(path, allow_models=allow("steady"))
    with ResultStore.open(tmp_path / "out", experiment):
        with pytest.raises(
            ExperimentError,
            match=rf"being written by another sweep \(host .*, pid {os.getpid()}, started",
        ):
            ResultStore.open(tmp_path / "out", experiment)
        with pytest.raises(ExperimentError, match="being written by another sweep"):
            run_experiment(experiment, tmp_path / "out", executor="serial")
    with ResultStore.open(tmp_path / "out", experiment) as store:  # released: free again
        assert store.lock is not None
        assert store.lock.previous is None


# --------------------------------------------------------------------------------------------
# Faults from outside: subprocess sweeps (slow)
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_of_a_worker_fails_its_run_alone_and_a_retry_completes_the_table(
    tmp_path: Path,
) -> None:
    chaos = tmp_path / "chaos"
    chaos.mkdir()
    path = experiment_file(tmp_path, "steady", points=20)
    expected = reference(path, "steady", tmp_path / "reference")
    (chaos / "trap-7").touch()
    out = tmp_path / "out"
    with subprocess.Popen(sweep_command(path, out, "steady"), env=environment(chaos), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:  # fmt: skip
        wait_for(lambda: any(chaos.glob("caught-*")), "the trapped run", process)
        victim = int(next(chaos.glob("caught-*")).name.removeprefix("caught-"))
        os.kill(victim, signal.SIGKILL)
        (chaos / "trap-7").unlink()  # the retry runs through
        _, stderr = process.communicate(timeout=DEADLINE)
    assert process.returncode == 1, stderr  # one run failed
    table = read_results(out)
    failed = table[table["status"] == "failed"]
    assert failed["param.x"].tolist() == [7.0]  # no bystanders
    assert "SIGKILL" in failed["error"].iloc[0]
    retried = subprocess.run(sweep_command(path, out, "steady", "--retry-failed"), env=environment(chaos),
                             capture_output=True, text=True, timeout=DEADLINE, check=False)  # fmt: skip
    assert retried.returncode == 0, retried.stderr
    pd.testing.assert_frame_equal(comparable(read_results(out)), expected)
    result = audit(out, 20)
    assert result.clean(), result
    assert result.superseded == 1  # the failed row of run 7, superseded by its retry
    report("SIGKILL of a worker, then --retry-failed", result, identical=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_of_the_driver_ends_its_workers_and_a_resume_completes_the_table(
    tmp_path: Path,
) -> None:
    chaos = tmp_path / "chaos"
    chaos.mkdir()
    path = experiment_file(tmp_path, "steady", points=40, sleep=0.1)
    expected = reference(path, "steady", tmp_path / "reference")
    out = tmp_path / "out"
    process = subprocess.Popen(sweep_command(path, out, "steady"), env=environment(chaos), text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_for(lambda: chunks(out) >= 2, "two chunks", process)
        workers = [int(p.name.removeprefix("worker-")) for p in chaos.glob("worker-*")]
        assert workers
        os.kill(process.pid, signal.SIGKILL)  # the driver only: its workers must follow
        process.wait(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end with their driver")
    assert (out / "sweep.lock").read_text().strip(), "the dead driver's lock names it"
    resumed = subprocess.run(sweep_command(path, out, "steady"), env=environment(), capture_output=True,
                             text=True, timeout=DEADLINE, check=False)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "took over the lock of a sweep that ended without releasing it" in resumed.stdout
    pd.testing.assert_frame_equal(comparable(read_results(out)), expected)
    result = audit(out, 40)
    assert result.clean(), result
    assert result.superseded == 0
    report("SIGKILL of the driver, then resume", result, identical=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigint_stores_what_finished_and_a_resume_completes_the_table(tmp_path: Path) -> None:
    path = experiment_file(tmp_path, "steady", points=60, sleep=0.1)
    expected = reference(path, "steady", tmp_path / "reference")
    out = tmp_path / "out"
    process = subprocess.Popen(sweep_command(path, out, "steady"), env=environment(), text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)  # fmt: skip
    wait_for(lambda: chunks(out) >= 1, "a chunk", process)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _, stderr = process.communicate(timeout=DEADLINE)
    assert process.returncode == 130, stderr
    assert "Re-run the same command to resume" in stderr
    resumed = subprocess.run(sweep_command(path, out, "steady"), env=environment(), capture_output=True,
                             text=True, timeout=DEADLINE, check=False)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    pd.testing.assert_frame_equal(comparable(read_results(out)), expected)
    result = audit(out, 60)
    assert result.clean(), result
    report("SIGINT (Ctrl-C), then resume", result, identical=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_second_driver_is_refused_and_the_first_completes(tmp_path: Path) -> None:
    chaos = tmp_path / "chaos"
    chaos.mkdir()
    path = experiment_file(tmp_path, "steady", points=30, sleep=0.02)
    expected = reference(path, "steady", tmp_path / "reference")
    out = tmp_path / "out"
    (chaos / "trap-20").touch()  # holds the first sweep open until the second was refused
    with subprocess.Popen(sweep_command(path, out, "steady"), env=environment(chaos), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as first:  # fmt: skip
        wait_for(lambda: any(chaos.glob("caught-*")), "the first driver to reach run 20", first)
        second = subprocess.run(sweep_command(path, out, "steady"), env=environment(), capture_output=True,
                                text=True, timeout=DEADLINE, check=False)  # fmt: skip
        assert second.returncode == 2, second.stderr
        assert (
            f"being written by another sweep (host {os.uname().nodename}, pid {first.pid}"
            in second.stderr
        )
        assert "Traceback" not in second.stderr
        (chaos / "trap-20").unlink()
        _, stderr = first.communicate(timeout=DEADLINE)
    assert first.returncode == 0, stderr
    pd.testing.assert_frame_equal(comparable(read_results(out)), expected)
    result = audit(out, 30)
    assert result.clean(), result
    report("two drivers on one store", result, identical=True)
