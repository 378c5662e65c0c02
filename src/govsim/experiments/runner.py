"""Run an experiment: submit its runs, store outcomes as they finish, resume what is missing.

The loop keeps at most ``max_in_flight`` runs submitted (default twice the workers), so memory is
flat however many runs the design has: the runner holds the in-flight runs, the store's unflushed
buffer and the set of finished run ids. The store is locked for the whole invocation (one writer
at a time). A run whose model raises, exits or ends its worker process comes back as a failed row
naming why (``--retry-failed`` reruns failures); with govsim's own executors no other run is
affected. A caller-owned executor whose pool breaks has the runs then in flight recorded as
failed. Ctrl-C stops submitting, writes what finished and raises
:class:`~govsim.experiments.errors.SweepInterrupted`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsim.experiments.errors import ExperimentError, SweepInterrupted
from govsim.experiments.executors import Backend, make_backend
from govsim.experiments.experiment import Experiment
from govsim.experiments.store import ResultStore
from govsim.experiments.worker import STATUS_OK, RunOutcome, RunSpec, failed_outcome
from govsim.filenames import safe_file_name

__all__ = ["SweepSummary", "default_store", "run_experiment"]

#: Longest wait for a run to finish before the runner checks whether a flush is due (seconds).
POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """What one invocation of :func:`run_experiment` did."""

    name: str
    store: Path
    total_runs: int
    already_done: int
    attempted: int
    succeeded: int
    failed: int
    elapsed: float
    notes: tuple[str, ...] = ()

    @property
    def runs_per_second(self) -> float:
        """Runs finished per second of wall time in this invocation."""
        return self.attempted / self.elapsed if self.elapsed > 0 else float("nan")

    def format(self) -> str:
        """Return a short human-readable summary."""
        lines = [
            f"experiment {self.name}: {self.total_runs} runs; results in {self.store}",
            f"  this invocation: {self.attempted} runs ({self.succeeded} ok, {self.failed} failed)"
            f" in {self.elapsed:.1f} s ({self.runs_per_second:.2f} runs/s)",
        ]
        lines.extend(f"  {note}" for note in self.notes)
        if self.already_done:
            lines.append(f"  skipped {self.already_done} runs already stored (resumed)")
        if self.failed:
            lines.append(
                "  failed runs keep their error in the 'error' column; rerun them with "
                "--retry-failed"
            )
        return "\n".join(lines)


def default_store(experiment: Experiment) -> Path:
    """``out/<name>``, the experiment's name made a safe file name."""
    return Path("out") / safe_file_name(experiment.name, fallback="experiment")


def run_experiment(
    experiment: Experiment,
    out: Path | str | None = None,
    *,
    executor: str | cf.Executor | Backend = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    retry_failed: bool = False,
    progress: bool | None = None,
    flush_every: int = 100,
    flush_seconds: float = 30.0,
    max_in_flight: int | None = None,
) -> SweepSummary:
    """Run every run of ``experiment`` not yet in the store at ``out``.

    Parameters
    ----------
    experiment:
        What to run.
    out:
        Store directory (default ``out/<experiment.name>``). If it holds results of the same
        definition, finished runs are skipped (resume); of another definition, it is refused.
    executor:
        ``"serial"``, ``"processes"`` (default), ``"dask"``, a ``concurrent.futures.Executor`` or
        a :class:`~govsim.experiments.executors.Backend`.
    workers, scheduler:
        Worker count; Dask scheduler address (``None``: a ``LocalCluster``).
    resume:
        Require an existing store (an error if there is none).
    force:
        Delete results of a different (or the same) definition and start afresh.
    retry_failed:
        Run again the runs whose latest try failed.
    progress:
        Show a progress bar (default: when stderr is a terminal).
    flush_every, flush_seconds:
        Write a chunk every this many runs or seconds.
    max_in_flight:
        Runs submitted at once (default twice the workers).

    Returns
    -------
    SweepSummary
        Counts and timing of this invocation.

    Raises
    ------
    SweepInterrupted
        On Ctrl-C, after the finished runs were stored.
    ExperimentError
        For a store of another definition, or a bad executor request.
    """
    root = Path(out) if out is not None else default_store(experiment)
    try:
        backend = make_backend(executor, workers=workers, scheduler=scheduler)
    except ValueError as error:
        raise ExperimentError(str(error)) from None
    with ResultStore.open(
        root,
        experiment,
        force=force,
        require_existing=resume,
        flush_every=flush_every,
        flush_seconds=flush_seconds,
    ) as store:
        return _run(experiment, store, backend, retry_failed, progress, max_in_flight)


def _run(
    experiment: Experiment,
    store: ResultStore,
    backend: Backend,
    retry_failed: bool,
    progress: bool | None,
    max_in_flight: int | None,
) -> SweepSummary:
    root = store.root
    notes = tuple(chunk.describe() for chunk in store.unreadable)
    takeover = store.lock.describe_takeover() if store.lock is not None else None
    notes += (takeover,) if takeover else ()
    ok_ids, failed_ids = store.finished()
    skip = ok_ids if retry_failed else ok_ids | failed_ids
    todo = experiment.total_runs - sum(1 for run_id in skip if 0 <= run_id < experiment.total_runs)
    started = time.perf_counter()
    counts = {"ok": 0, "failed": 0}
    if todo:
        backend.start(experiment.model, experiment.outputs, experiment.daily)
        limit = max_in_flight or 2 * backend.workers
        try:
            _loop(experiment, store, backend, skip, todo, limit, counts, progress)
        except KeyboardInterrupt:
            backend.close(cancel=True)
            store.flush()
            stored = counts["ok"] + counts["failed"]
            raise SweepInterrupted(
                f"interrupted: {stored} runs of this invocation stored in {root}; "
                f"{todo - stored} not run. Re-run the same command to resume.",
                completed=stored,
            ) from None
        except BaseException:
            backend.close(cancel=True)
            raise
        finally:
            store.flush()
        backend.close()
    return SweepSummary(
        name=experiment.name,
        store=root,
        total_runs=experiment.total_runs,
        already_done=experiment.total_runs - todo,
        attempted=counts["ok"] + counts["failed"],
        succeeded=counts["ok"],
        failed=counts["failed"],
        elapsed=time.perf_counter() - started,
        notes=notes,
    )


def _loop(
    experiment: Experiment,
    store: ResultStore,
    backend: Backend,
    skip: set[int],
    todo: int,
    limit: int,
    counts: dict[str, int],
    progress: bool | None,
) -> None:
    from tqdm.auto import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    pending = experiment.runs(skip)
    in_flight: dict[Any, RunSpec] = {}
    with tqdm(total=todo, desc=experiment.name, unit="run", disable=not show) as bar:

        def record(outcome: RunOutcome) -> None:
            store.add(outcome)
            counts["ok" if outcome.status == STATUS_OK else "failed"] += 1
            bar.update(1)
            if counts["failed"]:
                bar.set_postfix(failed=counts["failed"], refresh=False)

        while True:
            while len(in_flight) < limit and (spec := next(pending, None)) is not None:
                try:
                    in_flight[backend.submit(spec)] = spec
                except (cf.BrokenExecutor, RuntimeError) as error:  # a caller's broken pool
                    record(failed_outcome(spec, f"the executor refused the run: {error}"))
            if not in_flight:
                break
            broken = False
            for handle in backend.wait(in_flight, timeout=POLL_SECONDS):
                outcome, lost_pool = _collect(backend, handle, in_flight.pop(handle))
                broken = broken or lost_pool
                record(outcome)
            if broken:
                # Every run still in flight belonged to the broken pool: collect them, then renew.
                while in_flight:
                    for handle in backend.wait(in_flight, timeout=None):
                        record(_collect(backend, handle, in_flight.pop(handle))[0])
                backend.restart()
            if store.due():
                store.flush()


def _collect(backend: Backend, handle: Any, spec: RunSpec) -> tuple[RunOutcome, bool]:
    """Return the outcome of a finished handle and whether its worker pool broke."""
    try:
        return backend.outcome(handle), False
    except cf.BrokenExecutor as error:
        message = (
            "worker process died while this run was in flight (it or another run in flight "
            f"crashed the process: {type(error).__name__}: {error})"
        )
        return failed_outcome(spec, message), True
    except (Exception, asyncio.CancelledError) as error:
        return failed_outcome(spec, f"lost by the executor: {type(error).__name__}: {error}"), False
