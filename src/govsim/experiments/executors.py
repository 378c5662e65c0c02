"""Where runs execute: in isolated local processes, on a Dask cluster, or any ``Executor``.

Every backend runs :func:`govsim.experiments.worker.execute_run`, which never raises for a model
error (a ``sys.exit`` included), so results do not depend on the backend (only ``wall_time``
does). A backend offers four operations the runner needs: ``submit`` one run, ``wait`` for any to
finish (with a timeout, so the runner can flush and notice Ctrl-C), ``outcome`` of a finished
one, and ``restart`` after a caller-owned pool broke. The runner bounds how many runs are in
flight.

* :class:`ProcessBackend` — a pool of local worker processes of govsim's own, each running one
  run at a time (:func:`govsim.experiments.worker.serve`). A run that ends its process
  (``os._exit``, a signal, a segfault) becomes a failed outcome naming how it ended, the process
  is replaced, and no other run is affected. Workers end when their driver ends, however it
  ends. They are started from a ``forkserver`` that has imported govsim once
  (:data:`PRELOAD`), so a worker, and a replacement, starts in milliseconds; the start method is
  chosen for this pool only (``spawn`` where there is no forkserver), never process-wide.
* :class:`SerialBackend` — the same with one worker: one run at a time, isolated from the driver.
* :class:`DaskBackend` — a ``distributed.Client`` on a scheduler address, or on a ``LocalCluster``
  of single-threaded worker processes. Each submission has a unique key (``pure=False``), because
  Dask would otherwise merge identical calls — and a replicated run *is* an identical call. A run
  whose worker dies is retried by Dask on another worker and, if its workers keep dying, ends as
  a failed outcome (``KilledWorker``).
* :class:`ExecutorBackend` — any :class:`concurrent.futures.Executor` the caller owns (its
  isolation is the executor's: in a thread pool, a run that ends the process ends the sweep).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from govsim.experiments.errors import ExperimentError
from govsim.experiments.model import ModelFunction
from govsim.experiments.worker import (
    RunOutcome,
    RunSpec,
    execute_run,
    exit_reason,
    failed_outcome,
    serve,
)

__all__ = [
    "EXECUTOR_KINDS",
    "PRELOAD",
    "Backend",
    "DaskBackend",
    "ExecutorBackend",
    "ProcessBackend",
    "SerialBackend",
    "make_backend",
    "worker_context",
]

#: Executor names accepted by the CLI and :func:`make_backend`.
EXECUTOR_KINDS = ("serial", "processes", "dask")
#: Modules the forkserver imports once, so that worker processes start with govsim loaded.
PRELOAD = ("govsim.experiments.worker", "govsim.results")
#: Seconds a worker gets to exit after its driver closed it, before it is killed.
STOP_SECONDS = 5.0


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


def worker_context(start_method: str | None = None) -> BaseContext:
    """The multiprocessing context of local workers: a preloading forkserver where available.

    Only this context is configured; the process-wide start method is left alone. The preload
    list is the forkserver's (shared by the process), and takes effect when the forkserver
    starts, on first use.
    """
    methods = multiprocessing.get_all_start_methods()
    method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(PRELOAD))
    return context


@dataclass(slots=True)
class _Worker:
    """A worker process, the driver's ends of its pipes, and the run it is doing."""

    process: BaseProcess
    connection: multiprocessing.connection.Connection
    lifeline: multiprocessing.connection.Connection  # closing it ends the worker
    job: tuple[RunSpec, cf.Future[RunOutcome]] | None = None


class ProcessBackend:
    """Local worker processes, each running one run at a time, isolated from one another.

    Parameters
    ----------
    workers:
        Number of processes (default ``os.cpu_count()``).
    start_method:
        ``"forkserver"`` (default where available) or ``"spawn"``; for this pool only.
    """

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        self._count = max(1, workers or os.cpu_count() or 1)
        self._start_method = start_method
        self._context: BaseContext | None = None
        self._pool: list[_Worker] = []
        self._queue: collections.deque[tuple[RunSpec, cf.Future[RunOutcome]]] = collections.deque()
        self._model: ModelFunction | None = None
        self._outputs: tuple[str, ...] = ()
        self._daily = False

    @property
    def workers(self) -> int:
        """Number of worker processes."""
        return self._count

    def start(self, model: ModelFunction, outputs: tuple[str, ...], daily: bool) -> None:
        """Start the worker processes (the model is sent to each once)."""
        self._model, self._outputs, self._daily = model, outputs, daily
        self._context = worker_context(self._start_method)
        self._pool = [self._spawn() for _ in range(self._count)]

    def _spawn(self) -> _Worker:
        if self._context is None or self._model is None:
            raise RuntimeError("ProcessBackend.start() was not called")
        connection, child = self._context.Pipe()
        lifeline_child, lifeline = self._context.Pipe(duplex=False)
        process = self._context.Process(  # type: ignore[attr-defined]
            target=serve,
            args=(child, lifeline_child, self._model, self._outputs, self._daily),
            name="govsim-worker",
            daemon=True,
        )
        process.start()
        child.close()  # the worker holds these ends now; the driver keeps the others
        lifeline_child.close()
        return _Worker(process, connection, lifeline)

    def submit(self, spec: RunSpec) -> cf.Future[RunOutcome]:
        """Queue one run; it starts as soon as a worker is free."""
        future: cf.Future[RunOutcome] = cf.Future()
        self._queue.append((spec, future))
        self._dispatch()
        return future

    def _dispatch(self) -> None:
        for index, worker in enumerate(self._pool):
            while worker.job is None and self._queue:
                spec, future = self._queue[0]
                try:
                    worker.connection.send(spec)
                except OSError:  # the worker died while idle: replace it and try again
                    self._pool[index] = worker = self._replace(worker)
                    continue
                self._queue.popleft()
                future.set_running_or_notify_cancel()
                worker.job = (spec, future)

    def wait(self, handles: Iterable[Any], timeout: float | None) -> set[Any]:
        """Wait until a handle is done (a worker answers or ends), or ``timeout`` passes."""
        pending = set(handles)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            done = {handle for handle in pending if handle.done()}
            busy = [worker for worker in self._pool if worker.job is not None]
            if done or not busy:
                return done
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            watched: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
            ready = set(multiprocessing.connection.wait(watched, timeout=remaining))
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker)
            self._dispatch()
            if not ready and remaining == 0.0:
                return {handle for handle in pending if handle.done()}

    def _collect(self, worker: _Worker) -> None:
        """Take the outcome a worker sent, or record how its process ended."""
        if worker.job is None:
            return
        spec, future = worker.job
        outcome: RunOutcome | None = None
        if worker.connection.poll():
            try:
                outcome = worker.connection.recv()
            except Exception:  # EOF or a message cut short: the process ended
                outcome = None
        if outcome is not None:
            worker.job = None
            future.set_result(outcome)
            if worker.process.is_alive():
                return
        else:
            worker.process.join(STOP_SECONDS)
            future.set_result(failed_outcome(spec, exit_reason(worker.process.exitcode)))
            worker.job = None
        index = self._pool.index(worker)
        self._pool[index] = self._replace(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        _stop(worker, kill=True)
        return self._spawn()

    def outcome(self, handle: Any) -> RunOutcome:
        """Return the outcome of a handle, waiting for it if it has not finished."""
        while not handle.done():
            self.wait([handle], timeout=None)
        result: RunOutcome = handle.result()
        return result

    def restart(self) -> None:
        """Nothing to do: a dead worker is replaced as soon as it is noticed."""
        return None

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel``, runs in progress are abandoned (killed)."""
        for _, future in self._queue:
            future.cancel()
        self._queue.clear()
        pool, self._pool = self._pool, []
        for worker in pool:
            if worker.job is None:
                with contextlib.suppress(OSError):  # already gone
                    worker.connection.send(None)
        for worker in pool:
            _stop(worker, kill=cancel)


def _stop(worker: _Worker, *, kill: bool) -> None:
    """End a worker: closing its lifeline makes it exit; kill it if it does not."""
    worker.lifeline.close()
    if not kill:
        worker.process.join(STOP_SECONDS)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(STOP_SECONDS)
    worker.connection.close()
    with contextlib.suppress(ValueError):  # a process the kernel has not reaped yet
        worker.process.close()


class SerialBackend(ProcessBackend):
    """One run at a time in one worker process, so that no run can end the driver."""

    def __init__(self, start_method: str | None = None) -> None:
        super().__init__(workers=1, start_method=start_method)


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
        distributed = _distributed()

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
        distributed = _distributed()

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


def _distributed() -> Any:
    """The optional ``distributed`` package, or a clear error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ExperimentError(
            "the dask executor needs the 'distributed' package: pip install 'govsim[dask]'"
        ) from None
    return distributed


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
