"""Running a scenario and the tables it produces."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from govsim.metrics import summarise
from govsim.model import GovernanceModel
from govsim.scenario import Scenario, load_scenario, to_data, with_overrides
from govsim.sizing import check_fits

__all__ = ["RunResult", "run"]


@dataclass(frozen=True)
class RunResult:
    """What one run produced.

    Attributes
    ----------
    scenario:
        The validated scenario that was run.
    seed:
        The seed of the model's random generator.
    daily:
        One row per simulated day (index ``day``), one column per registered daily metric
        (:data:`govsim.metrics.DAILY`).
    cases:
        The case ledger, one row per case (index ``case``).
    summary:
        End-of-run metrics by name (floats).
    timings:
        Wall-clock seconds of set-up and of the run.
    horizons:
        Summary metrics at each requested horizon (index ``horizon``: days into the reported
        run; columns: summary metrics), so that an effect can be read at 90 days, a year and
        three years from one run. Empty when no horizons were asked for.
    """

    scenario: Scenario
    seed: int
    daily: pd.DataFrame
    cases: pd.DataFrame
    summary: dict[str, float]
    timings: dict[str, float] = field(default_factory=dict)
    horizons: pd.DataFrame = field(default_factory=pd.DataFrame)

    def save(self, directory: str | os.PathLike[str], *, format: str = "parquet") -> Path:
        """Write ``daily``, ``cases`` (Parquet or CSV), ``summary.json`` and ``scenario.json``."""
        if format not in ("parquet", "csv"):
            raise ValueError(f"format must be 'parquet' or 'csv', not {format!r}")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in (("daily", self.daily), ("cases", self.cases)):
            if format == "parquet":
                frame.to_parquet(out / f"{name}.parquet")
            else:
                frame.to_csv(out / f"{name}.csv")
        meta = {"scenario": self.scenario.name, "seed": self.seed, "timings": self.timings}
        (out / "summary.json").write_text(
            json.dumps({**meta, "summary": self.summary}, indent=2, allow_nan=True)
        )
        (out / "scenario.json").write_text(json.dumps(to_data(self.scenario), indent=2))
        return out


def run(
    scenario: Scenario | str | os.PathLike[str],
    *,
    days: int | None = None,
    seed: int,
    overrides: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    horizons: Sequence[int] = (),
    spin_up_days: int | None = None,
) -> RunResult:
    """Run a scenario for ``days`` reported days (default: the scenario's ``days``) with ``seed``.

    The scenario's ``spin_up_days`` (or ``spin_up_days`` given here) run first and are not
    reported: the daily series, the cases and the summary cover the reported days only, counted
    from 0 (cases that arose during the spin-up are left out; the county's state — beliefs,
    queues, open cases — carries over). Roll-outs take effect on their day, counted from the
    first reported day.

    A run is a pure function of (scenario, overrides, days, spin-up, seed). ``progress(done,
    total)`` is called after each day, spin-up included, when given. ``horizons`` (reported
    days, each between 1 and ``days``) adds the summary metrics at the end of each of those days
    (``RunResult.horizons``).

    Raises
    ------
    ScenarioError
        If the scenario or an override is invalid, or
        :class:`~govsim.sizing.ModelTooLargeError` if the run's estimated memory exceeds what
        this machine has available (checked before anything is built).
    """
    if isinstance(scenario, Scenario):
        loaded = with_overrides(scenario, overrides) if overrides else scenario
    else:
        loaded = load_scenario(scenario, overrides)
    if spin_up_days is not None:
        loaded = with_overrides(loaded, {"spin_up_days": spin_up_days})
    n_days = loaded.days if days is None else days
    if n_days < 1:
        raise ValueError(f"days must be at least 1, not {n_days}")
    checkpoints = sorted(set(horizons))
    if checkpoints and not 1 <= checkpoints[0] <= checkpoints[-1] <= n_days:
        raise ValueError(f"horizons must be between 1 and {n_days} days, not {checkpoints}")
    spin_up = loaded.spin_up_days
    total = spin_up + n_days
    check_fits(loaded, total, source=None if isinstance(scenario, Scenario) else str(scenario))
    start = time.perf_counter()
    model = GovernanceModel(loaded, rng=seed, datacollection=False)
    built = time.perf_counter()
    at_horizon: dict[int, dict[str, float]] = {}
    done = 0
    for stop in [spin_up, *(spin_up + h for h in checkpoints), total]:
        if stop > done:
            if progress is None:
                model.run_days(stop - done)
            else:
                for day in range(done, stop):
                    model.step()
                    progress(day + 1, total)
            done = stop
        if stop == spin_up and not model.report_begun:
            model.begin_reporting()  # also when nothing is reported yet (a run of 0 days)
        if stop - spin_up in checkpoints and stop > spin_up:
            at_horizon[stop - spin_up] = summarise(model)
    finished = time.perf_counter()
    daily = model.recorder.frame()
    return RunResult(
        scenario=loaded,
        seed=seed,
        daily=daily,
        cases=model.ledger.to_frame(model.first_case, model.origin),
        summary=summarise(model),
        timings={"setup_seconds": built - start, "run_seconds": finished - built},
        horizons=pd.DataFrame.from_dict(at_horizon, orient="index").rename_axis("horizon"),
    )
