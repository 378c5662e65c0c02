"""The unit of work sent to a worker: one run of the model, never raising.

:func:`execute_run` is what every executor calls. It catches any exception the model raises and
returns it as a failed :class:`RunOutcome`, so one bad run never takes a sweep (or a process pool)
down. Only the death of the worker process itself — or Ctrl-C — escapes, and the runner records
those. This module imports nothing heavy, so worker processes start quickly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govsim.experiments.model import ModelFunction, SeriesModel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUS_FAILED", "STATUS_OK", "RunOutcome", "RunSpec", "execute_run"]

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
