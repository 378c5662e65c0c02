"""The runner on every executor: identical tables, failures, dead workers, resume, store."""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from govsim.experiments import (
    Experiment,
    ExperimentError,
    LatinHypercube,
    PointList,
    RealParameter,
    ResultStore,
    SerialBackend,
    read_manifest,
    read_results,
    run_experiment,
)
from govsim.experiments.testfunctions import noisy_linear, raises_above

X = (RealParameter("x", 0.0, 1.0),)


def dies_on_point_three(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Kill the worker process at x = 3 (as a segfault or the OOM killer would)."""
    if params["x"] == 3:
        os._exit(1)
    return {"y": float(params["x"])}


def noisy_experiment(points: int = 12, replications: int = 3) -> Experiment:
    return Experiment("noisy", noisy_linear, LatinHypercube(points), X, replications, seed=7)


def comparable(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="wall_time")


def test_serial_sweep_stores_one_row_per_run(tmp_path: Path) -> None:
    experiment = noisy_experiment()
    summary = run_experiment(experiment, tmp_path, executor="serial", flush_every=5)
    table = read_results(tmp_path)
    assert summary.succeeded == experiment.total_runs == 36
    assert table["run_id"].tolist() == list(range(36))
    assert (table["status"] == "ok").all()
    assert list(table.columns[:7]) == [
        "run_id",
        "point",
        "replication",
        "seed",
        "status",
        "error",
        "wall_time",
    ]
    assert {"param.x", "output.y", "output.z"} <= set(table.columns)
    assert table.groupby("replication")["seed"].nunique().eq(1).all()
    assert len(list((tmp_path / "runs").glob("part-*.parquet"))) == 8  # 36 runs, 5 per chunk
    manifest = read_manifest(tmp_path)
    assert manifest["definition_hash"] == experiment.definition_hash()
    assert manifest["total_runs"] == 36
    assert "govsim_version" in manifest


@pytest.mark.timeout(300)
@pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning")
def test_serial_processes_threads_and_dask_give_identical_tables(tmp_path: Path) -> None:
    experiment = noisy_experiment(points=10, replications=2)
    run_experiment(experiment, tmp_path / "serial", executor="serial")
    run_experiment(experiment, tmp_path / "processes", executor="processes", workers=2)
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        run_experiment(experiment, tmp_path / "threads", executor=pool)
    run_experiment(experiment, tmp_path / "dask", executor="dask", workers=2)
    reference = comparable(read_results(tmp_path / "serial"))
    for name in ("processes", "threads", "dask"):
        pd.testing.assert_frame_equal(comparable(read_results(tmp_path / name)), reference)


@pytest.mark.timeout(300)
def test_dask_does_not_merge_identical_calls(tmp_path: Path) -> None:
    experiment = Experiment("twins", noisy_linear, PointList(({"x": 1.0}, {"x": 1.0})), seed=3)
    run_experiment(experiment, tmp_path, executor="dask", workers=2)
    table = read_results(tmp_path)
    assert table["run_id"].tolist() == [0, 1]
    assert (table["status"] == "ok").all()
    assert table.loc[0, "output.y"] == table.loc[1, "output.y"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_failed_runs_are_recorded_and_the_sweep_goes_on(tmp_path: Path, executor: str) -> None:
    experiment = Experiment("flaky", raises_above, LatinHypercube(20), X, replications=2)
    summary = run_experiment(experiment, tmp_path, executor=executor, workers=2)
    table = read_results(tmp_path)
    failed = table[table["status"] == "failed"]
    assert len(table) == 40
    assert summary.failed == len(failed) > 0
    assert (failed["param.x"] > 0.5).all()
    assert failed["error"].str.startswith("ValueError: x=").all()
    assert failed["output.y"].isna().all()
    ok = table[table["status"] == "ok"]
    assert (ok["output.y"] == ok["param.x"]).all()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_a_run_that_ends_its_worker_fails_alone(tmp_path: Path, executor: str) -> None:
    points = PointList(tuple({"x": float(i)} for i in range(8)))
    experiment = Experiment("crash", dies_on_point_three, points)
    summary = run_experiment(experiment, tmp_path, executor=executor, workers=2)
    table = read_results(tmp_path)
    assert table["run_id"].tolist() == list(range(8))
    failed = table[table["status"] == "failed"]
    # only the run that called os._exit fails (no bystanders); its worker was replaced
    assert failed["run_id"].tolist() == [3]
    assert failed["error"].tolist() == [
        "the run ended its worker process with exit status 1 (os._exit, or the interpreter stopped)"
    ]
    assert summary.succeeded == 7


def test_rerunning_resumes_without_duplicates(tmp_path: Path) -> None:
    experiment = noisy_experiment()
    with ResultStore.open(tmp_path, experiment, flush_every=1000) as store:
        for spec in list(experiment.runs())[:10]:
            store.add(serial_outcome(experiment, spec))
    summary = run_experiment(experiment, tmp_path, executor="serial")
    assert summary.already_done == 10
    assert summary.attempted == 26
    again = run_experiment(experiment, tmp_path, executor="serial", resume=True)
    assert again.attempted == 0
    table = read_results(tmp_path)
    assert table["run_id"].tolist() == list(range(36))
    full = tmp_path / "full"
    run_experiment(experiment, full, executor="serial")
    pd.testing.assert_frame_equal(comparable(table), comparable(read_results(full)))


def serial_outcome(experiment: Experiment, spec: Any) -> Any:
    backend = SerialBackend()
    backend.start(experiment.model, experiment.outputs, experiment.daily)
    try:
        return backend.outcome(backend.submit(spec))
    finally:
        backend.close()


def test_retry_failed_reruns_failures_and_supersedes_them(tmp_path: Path) -> None:
    flaky = Experiment("flaky", raises_above, LatinHypercube(10), X, seed=2)
    run_experiment(flaky, tmp_path, executor="serial")
    failures = int((read_results(tmp_path)["status"] == "failed").sum())
    assert failures > 0
    # Without --retry-failed, failures count as done.
    assert run_experiment(flaky, tmp_path, executor="serial").attempted == 0
    retried = run_experiment(flaky, tmp_path, executor="serial", retry_failed=True)
    assert retried.attempted == failures
    table = read_results(tmp_path)
    assert len(table) == 10
    assert int((table["status"] == "failed").sum()) == failures  # still failing: still recorded


def test_resuming_a_changed_definition_is_refused(tmp_path: Path) -> None:
    run_experiment(noisy_experiment(replications=2), tmp_path, executor="serial")
    changed = noisy_experiment(replications=3)
    with pytest.raises(ExperimentError, match=r"different definition .* --force"):
        run_experiment(changed, tmp_path, executor="serial")
    summary = run_experiment(changed, tmp_path, executor="serial", force=True)
    assert summary.attempted == changed.total_runs
    assert len(read_results(tmp_path)) == changed.total_runs


def test_resume_flag_requires_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match="nothing to resume"):
        run_experiment(noisy_experiment(), tmp_path / "none", executor="serial", resume=True)


def test_scheduler_needs_the_dask_executor(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match="--scheduler needs --executor dask"):
        run_experiment(noisy_experiment(), tmp_path, executor="serial", scheduler="tcp://x:1")


def test_missing_outputs_fail_the_run_with_a_clear_error(tmp_path: Path) -> None:
    experiment = Experiment(
        "missing", noisy_linear, LatinHypercube(2), X, outputs=("y", "throughput")
    )
    run_experiment(experiment, tmp_path, executor="serial")
    table = read_results(tmp_path)
    assert (table["status"] == "failed").all()
    assert table["error"].str.contains("did not return output\\(s\\) 'throughput'").all()


class CountingExecutor(cf.ThreadPoolExecutor):
    """A thread pool that records the most runs ever submitted and not yet finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.pending = 0
        self.peak = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.pending += 1
        self.peak = max(self.peak, self.pending)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: cf.Future[Any]) -> None:
        self.pending -= 1


def test_runs_in_flight_are_bounded(tmp_path: Path) -> None:
    experiment = noisy_experiment(points=50, replications=2)
    with CountingExecutor() as pool:
        run_experiment(experiment, tmp_path, executor=pool, max_in_flight=4)
    assert pool.peak <= 4
    assert len(read_results(tmp_path)) == 100
