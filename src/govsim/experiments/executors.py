"""Where runs execute: serially, in local processes, on a Dask cluster, or any ``Executor``.

Every backend runs :func:`govsim.experiments.worker.execute_run`, which never raises for a model
error, so results do not depend on the backend (only ``wall_time`` does). A backend offers four
operations the runner needs: ``submit`` one run, ``wait`` for any to finish (with a timeout, so the
runner can flush and notice Ctrl-C), ``outcome`` of a finished one, and ``restart`` after a worker
process died. The runner bounds how many runs are in flight.

* :class:`SerialBackend` — in this process, one run at a time (debugging, tiny sweeps).
* :class:`ProcessBackend` — :class:`concurrent.futures.ProcessPoolExecutor` with the ``forkserver``
  start method (``spawn`` where unavailable) set on the pool, never process-wide.
* :class:`DaskBackend` — a ``distributed.Client`` on a scheduler address, or on a ``LocalCluster``
  of single-threaded worker processes. Each submission has a unique key (``pure=False``), because
  Dask would otherwise merge identical calls — and a replicated run *is* an identical call.
* :class:`ExecutorBackend` — any :class:`concurrent.futures.Executor` the caller owns.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import multiprocessing
import os
import signal
import uuid
from collections.abc import Iterable
from typing import Any, Protocol

from govsim.experiments.model import ModelFunction
from govsim.experiments.worker import RunOutcome, RunSpec, execute_run

__all__ = [
    "EXECUTOR_KINDS",
    "Backend",
    "DaskBackend",
    "ExecutorBackend",
    "ProcessBackend",
    "SerialBackend",
    "make_backend",
]

#: Executor names accepted by the CLI and :func:`make_backend`.
EXECUTOR_KINDS = ("serial", "processes", "dask")


class Backend(Protocol):
    """What the runner needs from an executor."""

    @property
    def workers(self) -> int:
        """Number of runs that can execute at once."""
        ...

    def start(self, model: ModelFunction, outputs: tuple[str, ...], daily: bool) -> None:
        """Prepare to run ``model`` (start processes, connect to a cluster)."""
        ...

    def submit(self, spec: RunSpec) -> Any:
        """Submit one run; return a handle (a future)."""
        ...

    def wait(self, handles: Iterable[Any], timeout: float | None) -> set[Any]:
        """Return the handles that have finished, waiting at most ``timeout`` seconds for one."""
        ...

    def outcome(self, handle: Any) -> RunOutcome:
        """Return the outcome of a finished handle (raises if its worker died)."""
        ...

    def restart(self) -> None:
        """Replace a pool whose worker process died."""
        ...

    def close(self, *, cancel: bool = False) -> None:
        """Release workers; ``cancel`` drops runs not yet started."""
        ...


class _FuturesBackend:
    """Shared logic for backends built on :mod:`concurrent.futures` futures."""

    _model: ModelFunction
    _outputs: tuple[str, ...] = ()
    _daily: bool = False

    def start(self, model: ModelFunction, outputs: tuple[str, ...], daily: bool) -> None:
        self._model, self._outputs, self._daily = model, outputs, daily

    def wait(self, handles: Iterable[Any], timeout: float | None) -> set[Any]:
        done, _ = cf.wait(list(handles), timeout=timeout, return_when=cf.FIRST_COMPLETED)
        return set(done)

    def outcome(self, handle: Any) -> RunOutcome:
        result: RunOutcome = handle.result()
        return result

    def restart(self) -> None:
        return None


class SerialBackend(_FuturesBackend):
    """Run each submission immediately in this process."""

    @property
    def workers(self) -> int:
        """One run at a time."""
        return 1

    def submit(self, spec: RunSpec) -> cf.Future[RunOutcome]:
        """Run now; return an already-finished future."""
        future: cf.Future[RunOutcome] = cf.Future()
        future.set_result(execute_run(self._model, spec, self._outputs, self._daily))
        return future

    def close(self, *, cancel: bool = False) -> None:
        """Nothing to release."""
        return None


class ProcessBackend(_FuturesBackend):
    """A local pool of worker processes (default: one per core).

    Parameters
    ----------
    workers:
        Number of processes (default ``os.cpu_count()``).
    start_method:
        ``"forkserver"`` (default where available) or ``"spawn"``; set on this pool only.
    """

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        self._workers = max(1, workers or os.cpu_count() or 1)
        methods = multiprocessing.get_all_start_methods()
        self._start_method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        """Number of worker processes."""
        return self._workers

    def start(self, model: ModelFunction, outputs: tuple[str, ...], daily: bool) -> None:
        """Create the pool."""
        super().start(model, outputs, daily)
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        context = multiprocessing.get_context(self._start_method)
        return cf.ProcessPoolExecutor(
            max_workers=self._workers, mp_context=context, initializer=ignore_interrupts
        )

    def submit(self, spec: RunSpec) -> cf.Future[RunOutcome]:
        """Send one run to the pool."""
        if self._pool is None:
            raise RuntimeError("ProcessBackend.start() was not called")
        return self._pool.submit(execute_run, self._model, spec, self._outputs, self._daily)

    def restart(self) -> None:
        """Replace the broken pool with a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self, *, cancel: bool = False) -> None:
        """Shut the pool down; when cancelling, drop queued runs and stop the running ones."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not cancel:
            pool.shutdown(wait=True)
            return
        terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
        if callable(terminate):
            terminate()
            return
        # Before 3.14 the pool offers no public way to stop running tasks; its workers run only
        # our runs, whose results are abandoned anyway.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()


def ignore_interrupts() -> None:
    """Make a worker process ignore Ctrl-C: the parent handles it and stops the workers.

    A terminal sends SIGINT to the whole process group; a worker interrupted inside the pool's
    queue machinery can deadlock the pool's shutdown.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ExecutorBackend(_FuturesBackend):
    """Submit to a caller-owned :class:`concurrent.futures.Executor` (not shut down here).

    Parameters
    ----------
    executor:
        The executor (thread pool, process pool, MPI pool, ...).
    workers:
        How many runs it executes at once (bounds the runs in flight; default ``os.cpu_count()``).
    """

    def __init__(self, executor: cf.Executor, workers: int | None = None) -> None:
        self._executor = executor
        default = getattr(executor, "_max_workers", 0) or os.cpu_count() or 1
        self._workers = max(1, workers or default)

    @property
    def workers(self) -> int:
        """Runs executed at once."""
        return self._workers

    def submit(self, spec: RunSpec) -> cf.Future[RunOutcome]:
        """Submit one run to the executor."""
        return self._executor.submit(execute_run, self._model, spec, self._outputs, self._daily)

    def close(self, *, cancel: bool = False) -> None:
        """Leave the executor to its owner."""
        return None


class DaskBackend:
    """Run on a Dask ``distributed`` cluster.

    Parameters
    ----------
    scheduler:
        Scheduler address (``tcp://host:8786``); ``None`` starts a ``LocalCluster``.
    workers:
        Worker processes of the ``LocalCluster`` (default ``os.cpu_count()``); ignored with an
        address, where the cluster's thread count bounds the runs in flight.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        self._scheduler = scheduler
        self._requested = max(1, workers or os.cpu_count() or 1)
        self._client: Any = None
        self._cluster: Any = None
        self._model: ModelFunction | None = None
        self._outputs: tuple[str, ...] = ()
        self._daily = False

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers (runs that execute at once)."""
        if self._client is None:
            return self._requested
        info = self._client.scheduler_info(n_workers=-1)
        threads = sum(int(worker.get("nthreads", 1)) for worker in info["workers"].values())
        return max(1, threads)

    def start(self, model: ModelFunction, outputs: tuple[str, ...], daily: bool) -> None:
        """Connect to the scheduler, or start a ``LocalCluster``."""
        distributed: Any = importlib.import_module("distributed")

        self._model, self._outputs, self._daily = model, outputs, daily
        if self._scheduler:
            self._client = distributed.Client(self._scheduler)
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=self._requested,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: 8787 may be taken
            )
            self._client = distributed.Client(self._cluster)

    def submit(self, spec: RunSpec) -> Any:
        """Submit one run with a unique key so that Dask never merges replicated calls."""
        key = f"govsim-run-{spec.run_id}-{uuid.uuid4().hex}"
        return self._client.submit(
            execute_run, self._model, spec, self._outputs, self._daily, key=key, pure=False
        )

    def wait(self, handles: Iterable[Any], timeout: float | None) -> set[Any]:
        """Wait for the first handle to finish, or the timeout."""
        distributed: Any = importlib.import_module("distributed")

        futures = list(handles)
        try:
            done, _ = distributed.wait(futures, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set()
        return set(done)

    def outcome(self, handle: Any) -> RunOutcome:
        """Return the run's outcome (raises ``KilledWorker`` if its workers kept dying)."""
        result: RunOutcome = handle.result()
        handle.release()
        return result

    def restart(self) -> None:
        """Dask reschedules lost tasks itself; nothing to do."""
        return None

    def close(self, *, cancel: bool = False) -> None:
        """Close the client and any ``LocalCluster`` this backend started."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_backend(
    executor: str | cf.Executor | Backend = "processes",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Backend:
    """Return the backend for an executor name, a ``concurrent.futures.Executor`` or a backend.

    Raises
    ------
    ValueError
        For an unknown executor name, or a scheduler address with an executor other than dask.
    """
    if scheduler and executor != "dask":
        raise ValueError("--scheduler needs --executor dask")
    if isinstance(executor, cf.Executor):
        return ExecutorBackend(executor, workers)
    if not isinstance(executor, str):
        return executor
    if executor == "serial":
        return SerialBackend()
    if executor == "processes":
        return ProcessBackend(workers)
    if executor == "dask":
        return DaskBackend(scheduler, workers)
    raise ValueError(f"executor must be one of {', '.join(EXECUTOR_KINDS)}; got {executor!r}")
