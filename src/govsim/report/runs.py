"""Running the arms of a comparison: every scenario with the same seeds, summaries at each horizon.

:class:`ArmModel` is the model an :class:`~govsim.experiments.Experiment` runs for a comparison:
design point ``i`` is arm ``i`` (the reference is arm 0), replication ``k`` has the same seed in
every arm (common random numbers), and a run returns

* every registered summary metric at each horizon, as outputs named ``metric@horizon``
  (:func:`output_name`), read from :attr:`govsim.RunResult.horizons`;
* the *time paths* of the headline outcomes (:data:`PATHS`), one row every ``path_every`` days,
  computed from the run's daily series and case ledger.

Running through :func:`~govsim.experiments.run_experiment` gives a comparison everything a sweep
has: local processes or a Dask cluster, a Parquet store that resumes, failed runs as rows.

Horizons are counted from the roll-out day. Today every package is in force from day 0, so the
roll-out day must be 0; when scenarios can schedule dated roll-outs (a status quo until day D,
then the package) a run lasts ``rollout_day + max(horizons)`` days and horizon ``h`` is read on
day ``rollout_day + h`` — :func:`run_days` is the one place that says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from govsim.experiments.errors import ExperimentError

if TYPE_CHECKING:
    from govsim import RunResult, Scenario

__all__ = [
    "ARM_KEY",
    "PATHS",
    "PATH_WINDOW_DAYS",
    "ArmModel",
    "output_name",
    "run_days",
    "split_output",
    "time_paths",
]

#: Design-point key naming the arm (0 = reference).
ARM_KEY = "arm"
#: Window of the time paths' rates (reports, share resolved in time), in days: about a month.
PATH_WINDOW_DAYS = 30
#: Summary metrics whose course over time the report plots, in this order.
PATHS: tuple[str, ...] = (
    "resolved_within_sla_share",
    "median_days_to_resolution",
    "backlog_end",
    "genuine_reports_per_1000_per_month",
    "participation_share",
    "reporting_gap_60_plus",
    "mean_trust",
)
_HORIZON_SEPARATOR = "@"
_GOOD_OUTCOMES = ("resolved", "settled_locally")


def output_name(metric: str, horizon: int) -> str:
    """The stored output name of ``metric`` at ``horizon`` days after roll-out."""
    return f"{metric}{_HORIZON_SEPARATOR}{horizon}"


def split_output(name: str) -> tuple[str, int]:
    """Inverse of :func:`output_name`."""
    metric, _, horizon = name.rpartition(_HORIZON_SEPARATOR)
    return metric, int(horizon)


def run_days(rollout_day: int, horizons: Sequence[int]) -> tuple[int, list[int]]:
    """Days to simulate and the run days on which each horizon is read."""
    return rollout_day + max(horizons), [rollout_day + h for h in horizons]


def check_rollout(rollout_day: int) -> None:
    """Refuse a roll-out day the model cannot simulate yet (see the module docstring)."""
    if rollout_day < 0:
        raise ExperimentError(f"the roll-out day must be 0 or later, not {rollout_day}")
    if rollout_day > 0:
        raise ExperimentError(
            "a roll-out after day 0 needs dated lever schedules in the scenario, which govsim "
            "does not have yet: every package is in force from day 0 (use --rollout-day 0)"
        )


@dataclass(frozen=True)
class ArmModel:
    """Run arm ``params["arm"]`` of a comparison with ``seed`` (see the module docstring).

    Parameters
    ----------
    arms:
        The validated scenarios, reference first.
    horizons:
        Days after roll-out at which summary metrics are read (sorted, unique, positive).
    rollout_day:
        Day the packages take effect (0: from the start).
    path_every:
        Days between rows of the time paths (the last day is always kept).
    """

    arms: tuple[Scenario, ...]
    horizons: tuple[int, ...]
    rollout_day: int = 0
    path_every: int = 7
    _digests: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.arms:
            raise ValueError("a comparison needs at least one scenario")
        if not self.horizons or list(self.horizons) != sorted(set(self.horizons)):
            raise ValueError(f"horizons must be sorted and unique, not {self.horizons}")
        if self.horizons[0] < 1:
            raise ValueError(f"horizons must be at least 1 day, not {self.horizons}")
        check_rollout(self.rollout_day)
        from govsim.scenario import to_data

        digests = tuple(
            hashlib.sha256(json.dumps(to_data(arm), sort_keys=True).encode()).hexdigest()[:16]
            for arm in self.arms
        )
        object.__setattr__(self, "_digests", digests)

    def __call__(self, params: Mapping[str, Any], seed: int) -> Mapping[str, float]:
        """Run one arm and return its summary metrics at every horizon."""
        outputs, _ = self.simulate(params, seed, daily=False)
        return outputs

    def simulate(
        self, params: Mapping[str, Any], seed: int, *, daily: bool
    ) -> tuple[Mapping[str, float], pd.DataFrame | None]:
        """Run one arm; return its summaries at every horizon and, when ``daily``, time paths."""
        import govsim

        scenario = self.arms[int(params[ARM_KEY])]
        days, read_on = run_days(self.rollout_day, self.horizons)
        # the last day's metrics are the run's summary (asking run() for a horizon on its last
        # day would step Mesa's clock by zero days, which it warns about)
        result = govsim.run(
            scenario, days=days, seed=int(seed), horizons=[d for d in read_on if d < days]
        )
        at_day: dict[Any, dict[Any, Any]] = dict(result.horizons.to_dict(orient="index"))
        at_day[days] = dict(result.summary)
        outputs = {
            output_name(str(metric), horizon): float(value)
            for horizon, day in zip(self.horizons, read_on, strict=True)
            for metric, value in at_day[day].items()
        }
        if not daily:
            return outputs, None
        paths = time_paths(result)
        keep = sorted({*range(self.path_every - 1, len(paths), self.path_every), len(paths) - 1})
        return outputs, paths.iloc[keep]

    def describe(self) -> dict[str, Any]:
        """JSON-ready description (scenario digests, so a changed scenario is a new store)."""
        return {
            "model": "govsim.report.ArmModel",
            "arms": [arm.name for arm in self.arms],
            "arm_sha256": list(self._digests),
            "horizons": list(self.horizons),
            "rollout_day": self.rollout_day,
            "path_every": self.path_every,
            "paths": list(PATHS),
        }


def time_paths(result: RunResult, window: int = PATH_WINDOW_DAYS) -> pd.DataFrame:
    """The headline outcomes day by day, as the summary metrics of :data:`PATHS` define them.

    Stocks are the daily series themselves (backlog, participation and reporting shares over the
    last 90 days, trust, median days to resolution over the last 30 days). Rates are over the
    last ``window`` days rather than since day 0, so a change after roll-out shows at once:
    reports of real problems per 1,000 adults per month (as
    ``genuine_reports_per_1000_per_month``), and the share of genuine cases closed in the window that
    were resolved or settled within their time limit (as ``resolved_within_sla_share``).

    Returns
    -------
    pandas.DataFrame
        Index ``day`` (1, 2, ...), one column per name in :data:`PATHS`.
    """
    daily = result.daily
    days = daily.index.to_numpy()
    adults = max(float(result.summary["villagers"]), 1.0)
    reports = daily["genuine_reports"]
    per_window = reports.rolling(window, min_periods=1).sum()
    span = np.minimum(np.arange(1, len(days) + 1), window)
    reports_rate = per_window.to_numpy() / span * 30.0 / adults * 1000.0

    cases = result.cases
    closed = cases["closed_day"].to_numpy()
    genuine_closed = cases["genuine"].to_numpy(dtype=bool) & (closed >= 0)
    in_time = (
        genuine_closed
        & cases["outcome"].astype(str).isin(_GOOD_OUTCOMES).to_numpy()
        & (cases["days_to_close"].to_numpy() <= cases["sla_days"].to_numpy())
    )
    first, last = int(days[0]), int(days[-1])
    bins = np.arange(first, last + 2)
    closed_per_day = np.histogram(closed[genuine_closed], bins=bins)[0]
    in_time_per_day = np.histogram(closed[in_time], bins=bins)[0]
    kernel = np.ones(window)
    closed_window = np.convolve(closed_per_day, kernel)[: len(days)]
    in_time_window = np.convolve(in_time_per_day, kernel)[: len(days)]
    with np.errstate(invalid="ignore", divide="ignore"):
        in_time_share = np.where(closed_window > 0, in_time_window / closed_window, np.nan)

    paths = pd.DataFrame(
        {
            "resolved_within_sla_share": in_time_share,
            "median_days_to_resolution": daily["median_days_to_resolution"].to_numpy(),
            "backlog_end": daily["backlog"].to_numpy(),
            "genuine_reports_per_1000_per_month": reports_rate,
            "participation_share": daily["participation_share"].to_numpy(),
            "reporting_gap_60_plus": (
                daily["reporting_share_under_60"] - daily["reporting_share_60_plus"]
            ).to_numpy(),
            "mean_trust": daily["mean_trust"].to_numpy(),
        },
        index=pd.Index(days, name="day"),
    )
    return paths.loc[:, list(PATHS)]
