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
from govsim.scenario import Scenario, build, load_scenario, to_data, with_overrides
from govsim.sizing import check_fits
from govsim.state.ledger import CaseLedger, ReportLog

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
    reports:
        Every report a villager made, one row per report (index ``report``, in the order
        filed): ``day``, ``reporter`` (villager row), ``channel``, ``case`` (the case it opened
        or joined), ``opened`` (it opened the case, or joined one already open) and
        ``genuine`` (:class:`~govsim.state.ledger.ReportLog`; compact dtypes,
        ``ReportLog.FRAME_DTYPES``). Grid workers', cameras' and firms' finds are the cases of
        ``cases`` with those sources.
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
    reports: pd.DataFrame
    summary: dict[str, float]
    timings: dict[str, float] = field(default_factory=dict)
    horizons: pd.DataFrame = field(default_factory=pd.DataFrame)

    def save(self, directory: str | os.PathLike[str], *, format: str = "parquet") -> Path:
        """Write the tables (Parquet or CSV), ``summary.json`` and ``scenario.json``.

        The tables are ``daily``, ``cases``, ``reports`` and, when horizons were asked for,
        ``horizons``; :meth:`load` reads the directory back.
        """
        if format not in _FORMATS:
            raise ValueError(f"format must be 'parquet' or 'csv', not {format!r}")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name in _TABLES:
            frame = getattr(self, name)
            if name == "horizons" and frame.empty:
                continue
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

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> RunResult:
        """Read a result written by :meth:`save` (Parquet or CSV, whichever is there).

        Parquet gives the tables back exactly. From CSV the indexes and the dtypes of the
        reports and of the case ledger are restored (values as written: floats to CSV's
        precision); the daily and horizon tables are ``float64`` as saved.

        Raises
        ------
        FileNotFoundError
            If ``directory`` lacks ``summary.json``, ``scenario.json`` or a table.
        """
        where = Path(directory)
        meta = json.loads((where / "summary.json").read_text())
        scenario = build(Scenario, json.loads((where / "scenario.json").read_text()))
        tables = {name: _read_table(where, name) for name in _TABLES}
        return cls(
            scenario=scenario,
            seed=int(meta["seed"]),
            daily=tables["daily"],
            cases=tables["cases"],
            reports=tables["reports"],
            summary={key: float(value) for key, value in meta["summary"].items()},
            timings={key: float(value) for key, value in meta.get("timings", {}).items()},
            horizons=tables["horizons"],
        )


_FORMATS = ("parquet", "csv")
#: The tables a result saves, and the name of each one's index.
_TABLES = {"daily": "day", "cases": "case", "reports": "report", "horizons": "horizon"}


def _read_table(directory: Path, name: str) -> pd.DataFrame:
    """Table ``name`` of a saved result; ``horizons`` is empty when none were saved."""
    parquet, csv = directory / f"{name}.parquet", directory / f"{name}.csv"
    if parquet.is_file():
        return pd.read_parquet(parquet)
    if not csv.is_file():
        if name == "horizons":
            return pd.DataFrame()
        raise FileNotFoundError(f"{directory} has no {name}.parquet or {name}.csv")
    frame = pd.read_csv(csv, index_col=_TABLES[name])
    if name == "reports":
        frame = frame.astype(ReportLog.FRAME_DTYPES)
    elif name == "cases":
        frame = frame.astype(CaseLedger.frame_dtypes())
    return frame


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
        reports=model.reports.to_frame(model.first_report, model.origin),
        summary=summarise(model),
        timings={"setup_seconds": built - start, "run_seconds": finished - built},
        horizons=pd.DataFrame.from_dict(at_horizon, orient="index").rename_axis("horizon"),
    )
