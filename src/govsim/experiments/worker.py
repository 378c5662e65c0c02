"""The unit of work sent to a worker: one run of the model, never raising.

:func:`execute_run` is what every executor calls. It catches any exception the model raises, and
a ``sys.exit`` from the model, and returns it as a failed :class:`RunOutcome`, so one bad run
never takes a sweep down. A run that ends its process (``os._exit``, a signal, a segfault) is
recorded by the executor that watches the process (:func:`exit_reason` words it).

:func:`serve` is the main function of a local worker process: it runs one run at a time for its
driver and ends when the driver ends (a thread watches a *lifeline* pipe whose other end only
the driver holds: when the driver dies, for any reason, the pipe closes).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from govsim.experiments.model import ModelFunction, SeriesModel

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STATUS_FAILED",
    "STATUS_OK",
    "RunOutcome",
    "RunSpec",
    "execute_run",
    "exit_reason",
    "serve",
]

#: Exit status of a worker whose driver is gone.
EXIT_ORPHANED = 3
#: How signals that end a run are described.
SIGNAL_MEANINGS = {
    "SIGSEGV": "a segmentation fault",
    "SIGBUS": "a bus error",
    "SIGFPE": "a floating-point exception",
    "SIGILL": "an illegal instruction",
    "SIGABRT": "an abort",
    "SIGKILL": "killed (by a user or the out-of-memory killer)",
    "SIGTERM": "terminated",
}

STATUS_OK = "ok"
STATUS_FAILED = "failed"

#: Longest error message kept in the store (a traceback can be huge).
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True, slots=True)
class RunSpec:
    """One run: a design point at one replication seed."""

    run_id: int
    point: int
    replication: int
    seed: int
    params: Mapping[str, Any]


@dataclass(slots=True)
class RunOutcome:
    """What came back from one run."""

    spec: RunSpec
    status: str
    outputs: dict[str, float] = field(default_factory=dict)
    error: str = ""
    wall_time: float = 0.0
    daily: pd.DataFrame | None = None


def execute_run(
    model: ModelFunction,
    spec: RunSpec,
    outputs: tuple[str, ...] = (),
    daily: bool = False,
) -> RunOutcome:
    """Run ``model`` once; return its outputs, or the error as a failed outcome.

    Parameters
    ----------
    model:
        The model callable.
    spec:
        The run to do.
    outputs:
        Output names the run must return (empty: whatever the model returns).
    daily:
        Ask a :class:`~govsim.experiments.model.SeriesModel` for its daily series too.
    """
    started = time.perf_counter()
    try:
        series = None
        if daily and isinstance(model, SeriesModel):
            returned, series = model.simulate(spec.params, spec.seed, daily=True)
        else:
            returned = model(spec.params, spec.seed)
        values = _select_outputs(returned, outputs)
    except SystemExit as error:  # sys.exit in the model ends the run, not the worker
        message = f"SystemExit: the model called sys.exit({error.code!r})"
        return RunOutcome(
            spec=spec,
            status=STATUS_FAILED,
            error=message[:MAX_ERROR_CHARS],
            wall_time=time.perf_counter() - started,
        )
    except Exception as error:  # a failed run is data, not a crash
        message = f"{type(error).__name__}: {error}"
        return RunOutcome(
            spec=spec,
            status=STATUS_FAILED,
            error=message[:MAX_ERROR_CHARS],
            wall_time=time.perf_counter() - started,
        )
    return RunOutcome(
        spec=spec,
        status=STATUS_OK,
        outputs=values,
        wall_time=time.perf_counter() - started,
        daily=series,
    )


def failed_outcome(spec: RunSpec, message: str) -> RunOutcome:
    """Return a failed outcome for a run whose worker died or was lost."""
    return RunOutcome(spec=spec, status=STATUS_FAILED, error=message[:MAX_ERROR_CHARS])


def _select_outputs(returned: Mapping[str, Any], outputs: tuple[str, ...]) -> dict[str, float]:
    if not isinstance(returned, Mapping):
        raise TypeError(
            f"the model must return a mapping of outputs, got {type(returned).__name__}"
        )
    names = outputs or tuple(returned)
    missing = [name for name in names if name not in returned]
    if missing:
        raise KeyError(f"the model did not return output(s) {', '.join(map(repr, missing))}")
    values: dict[str, float] = {}
    for name in names:
        values[str(name)] = float(returned[name])
    return values


def exit_reason(exitcode: int | None) -> str:
    """Say how a run ended its worker process, from the process's exit code."""
    if exitcode is None:
        return "the run's worker process stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        meaning = SIGNAL_MEANINGS.get(name, "a signal")
        return f"the run ended its worker process: {name} ({meaning})"
    return (
        f"the run ended its worker process with exit status {exitcode} (os._exit, or the "
        "interpreter stopped)"
    )


def serve(
    connection: Connection,
    lifeline: Connection,
    model: ModelFunction,
    outputs: tuple[str, ...],
    daily: bool,
) -> None:
    """Main function of a local worker process: run what the driver sends, one at a time.

    Receives :class:`RunSpec` values on ``connection`` and answers each with its
    :class:`RunOutcome`; ``None`` means stop. Ignores Ctrl-C (a terminal sends SIGINT to the
    whole process group; the driver decides). Ends at once when ``lifeline`` closes, that is
    when the driver is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_driver, args=(lifeline,), daemon=True).start()
    while True:
        try:
            spec = connection.recv()
        except (EOFError, OSError):
            return
        if spec is None:
            return
        outcome = execute_run(model, spec, outputs, daily)
        try:
            try:
                connection.send(outcome)
            except (pickle.PicklingError, TypeError, AttributeError, ValueError) as error:
                message = f"the run's outputs cannot be sent back: {type(error).__name__}: {error}"
                connection.send(failed_outcome(spec, message))
        except OSError:  # the driver is gone
            return


def _watch_driver(lifeline: Connection) -> None:
    """Wait until the driver closes its end of ``lifeline`` (it ended), then end this process."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()  # the driver never sends: this returns only by EOF
    os._exit(EXIT_ORPHANED)
