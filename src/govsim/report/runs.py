"""Running the arms of a comparison: one status quo, packages rolled out on a day, the same seeds.

:class:`ArmModel` is the model an :class:`~govsim.experiments.Experiment` runs for a comparison:
design point ``i`` is arm ``i`` (the reference is arm 0), replication ``k`` has the same seed in
every arm (common random numbers), and a run returns

* every registered summary metric at each horizon, as outputs named ``metric@horizon``
  (:func:`output_name`);
* the *time paths* of the headline outcomes (:data:`PATHS`), one row every ``path_every`` days,
  computed from the run's daily series and case ledger.

Running through :func:`~govsim.experiments.run_experiment` gives a comparison everything a sweep
has: local processes or a Dask cluster, a Parquet store that resumes, failed runs as rows.

**One county until the roll-out.** Every arm runs the *reference* scenario: its spin-up
(``spin_up_days``, not reported), then ``rollout_day`` reported days of its status quo; on the
roll-out day a package arm switches to the package (:func:`arm_scenarios`: the values in which
the package differs from the reference, :func:`~govsim.report.levers.rollout_changes`, become a
roll-out of the reference scenario; roll-outs the package schedules itself follow, dated from
its roll-out). With the same seed the arms therefore share the spin-up and every day before the
roll-out bit for bit, and differ only from the roll-out on. Values fixed when the county is built
cannot roll out, so a package that changes one is refused — unless nothing comes before the
roll-out (no spin-up, roll-out day 0): then each arm is built from its own scenario, a package in
force from the county's first day.

**Horizons are days after the roll-out.** The outcome at horizon ``h`` is the summary over the
``h`` days from the roll-out on (reported days ``rollout_day`` to ``rollout_day + h - 1``): on
the roll-out day the model begins reporting afresh (:meth:`GovernanceModel.begin_reporting
<govsim.model.GovernanceModel.begin_reporting>`, as at the end of a spin-up), so rates, shares of
cases, repeat reporting and costs count only the cases, reports and spending from the roll-out
on; stocks (backlog, trust, shares over the last 90 days) are those of the horizon's last day.
The time paths cover every reported day, before and after the roll-out. :meth:`ArmModel.run` is
the one place that lays out this calendar.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from govsim.experiments.errors import ExperimentError
from govsim.report.levers import rollout_changes
from govsim.scenario import Rollout

if TYPE_CHECKING:
    from govsim import GovernanceModel, RunResult, Scenario

__all__ = [
    "ARM_KEY",
    "PATHS",
    "PATH_WINDOW_DAYS",
    "ArmModel",
    "ArmRun",
    "arm_scenarios",
    "output_name",
    "run_days",
    "shares_history",
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
    """Reported days to simulate and the reported days after which each horizon is read."""
    return rollout_day + max(horizons), [rollout_day + h for h in horizons]


def check_rollout(rollout_day: int) -> None:
    """Refuse a roll-out day before the first reported day."""
    if rollout_day < 0:
        raise ExperimentError(f"the roll-out day must be 0 or later, not {rollout_day}")


def shares_history(arms: Sequence[Scenario], rollout_day: int) -> bool:
    """Whether the arms run anything before the roll-out: a spin-up, or reported days."""
    return rollout_day > 0 or any(arm.spin_up_days > 0 for arm in arms)


def arm_scenarios(arms: Sequence[Scenario], rollout_day: int) -> tuple[Scenario, ...]:
    """The scenario each arm runs: the reference's, with the package rolled out on its day.

    Parameters
    ----------
    arms:
        The validated scenarios, reference first.
    rollout_day:
        The first reported day of the packages (0 or later).

    Returns
    -------
    tuple of Scenario
        The reference, then for each package the reference with roll-outs: on ``rollout_day``
        the package's values (:func:`~govsim.report.levers.rollout_changes`), then the
        package's own roll-outs, each ``rollout_day`` later than the package dates it. When
        nothing runs before the roll-out (:func:`shares_history` is false) the arms themselves.

    Raises
    ------
    ExperimentError
        If a package differs from the reference in a value fixed when the county is built, or
        the reference schedules roll-outs of its own (it is the status quo the packages roll
        out from).
    """
    if not shares_history(arms, rollout_day):
        return tuple(arms)
    reference, *packages = arms
    if reference.rollouts:
        days = ", ".join(str(rollout.day) for rollout in reference.rollouts)
        raise ExperimentError(
            f"the reference {reference.name!r} schedules roll-outs of its own (on days {days}); "
            "the reference is the status quo every package rolls out from: remove its "
            "[[rollouts]], or make them a package"
        )
    return (reference, *(_rolled_out(reference, package, rollout_day) for package in packages))


def _rolled_out(reference: Scenario, package: Scenario, day: int) -> Scenario:
    changes = rollout_changes(reference, package)
    first = (Rollout(day=day, changes=changes),) if changes else ()
    own = tuple(Rollout(day=day + r.day, changes=dict(r.changes)) for r in package.rollouts)
    return dataclasses.replace(reference, name=package.name, rollouts=(*first, *own))


@dataclass(frozen=True)
class ArmRun:
    """One arm of a comparison, run with one seed (:meth:`ArmModel.run`).

    Attributes
    ----------
    outcomes:
        Every summary metric at each horizon (days after the roll-out), over the days from the
        roll-out on.
    before:
        The daily series of the reported days before the roll-out (index ``day`` from 0; empty
        for a roll-out on day 0).
    after:
        The daily series from the roll-out on (index ``day`` from ``rollout_day``); running
        totals in it (``resolution_rate``, ``resolved_within_sla_share``, ``points_paid_cny``)
        count from the roll-out.
    cases:
        The cases open on the first reported day or opened after it, days counted from it (a
        case from the spin-up has a negative ``created_day``): the time paths' share resolved
        in time is over the cases closed each day, whenever they arose.
    adults:
        Adults simulated.
    """

    outcomes: dict[int, dict[str, float]]
    before: pd.DataFrame
    after: pd.DataFrame
    cases: pd.DataFrame
    adults: float

    def paths(self, window: int = PATH_WINDOW_DAYS) -> pd.DataFrame:
        """The time paths of every reported day (see :func:`time_paths`)."""
        daily = pd.concat([self.before, self.after]) if len(self.before) else self.after
        return _paths(daily, self.cases, self.adults, window)


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
        The reported day on which the packages take effect (0: the first).
    path_every:
        Days between rows of the time paths (the last day is always kept).

    Raises
    ------
    ExperimentError
        If the packages cannot roll out on ``rollout_day`` (:func:`arm_scenarios`).
    """

    arms: tuple[Scenario, ...]
    horizons: tuple[int, ...]
    rollout_day: int = 0
    path_every: int = 7
    _digests: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)
    _runs: tuple[Scenario, ...] = field(default=(), init=False, repr=False, compare=False)

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
        object.__setattr__(self, "_runs", arm_scenarios(self.arms, self.rollout_day))

    @property
    def spin_up_days(self) -> int:
        """Days simulated before the first reported day (the reference's spin-up)."""
        return self._runs[0].spin_up_days

    def __call__(self, params: Mapping[str, Any], seed: int) -> Mapping[str, float]:
        """Run one arm and return its summary metrics at every horizon."""
        outputs, _ = self.simulate(params, seed, daily=False)
        return outputs

    def simulate(
        self, params: Mapping[str, Any], seed: int, *, daily: bool
    ) -> tuple[Mapping[str, float], pd.DataFrame | None]:
        """Run one arm; return its summaries at every horizon and, when ``daily``, time paths."""
        run = self.run(int(params[ARM_KEY]), int(seed))
        outputs = {
            output_name(str(metric), horizon): float(value)
            for horizon, summary in run.outcomes.items()
            for metric, value in summary.items()
        }
        if not daily:
            return outputs, None
        paths = run.paths()
        keep = sorted({*range(self.path_every - 1, len(paths), self.path_every), len(paths) - 1})
        return outputs, paths.iloc[keep]

    def run(self, arm: int, seed: int) -> ArmRun:
        """Run arm ``arm`` with ``seed``: spin-up, status quo until the roll-out, then horizons.

        The model reports from the end of the spin-up; on the roll-out day it begins reporting
        afresh, so that each horizon's summary covers only the days from the roll-out on.
        """
        from govsim.metrics import summarise
        from govsim.model import GovernanceModel
        from govsim.sizing import check_fits

        scenario = self._runs[arm]
        spin_up, rollout = scenario.spin_up_days, self.rollout_day
        days, read_after = run_days(rollout, self.horizons)
        check_fits(scenario, spin_up + days)
        model = GovernanceModel(scenario, rng=seed, datacollection=False)
        model.run_days(spin_up)
        model.begin_reporting()
        first_day = model.origin
        model.run_days(rollout)
        before = model.recorder.frame()
        if rollout:
            model.begin_reporting()  # outcomes count from the roll-out, as after a spin-up
        outcomes: dict[int, dict[str, float]] = {}
        for horizon, day in zip(self.horizons, read_after, strict=True):
            model.run_days(first_day + day - model.day)
            outcomes[horizon] = summarise(model)
        after = model.recorder.frame()
        after.index = after.index + rollout
        return ArmRun(
            outcomes=outcomes,
            before=before,
            after=after,
            cases=_cases_from(model, first_day),
            adults=float(model.population.size),
        )

    def describe(self) -> dict[str, Any]:
        """JSON-ready description (scenario digests, so a changed scenario is a new store)."""
        return {
            "model": "govsim.report.ArmModel",
            "arms": [arm.name for arm in self.arms],
            "arm_sha256": list(self._digests),
            "horizons": list(self.horizons),
            "rollout_day": self.rollout_day,
            "spin_up_days": self.spin_up_days,
            "path_every": self.path_every,
            "paths": list(PATHS),
        }


def _cases_from(model: GovernanceModel, day: int) -> pd.DataFrame:
    """The model's cases not closed before ``day``, their days counted from it."""
    cases = model.ledger.to_frame()
    closed = cases["closed_day"]
    cases = cases[(closed < 0) | (closed >= day)]
    closed = cases["closed_day"]
    return cases.assign(
        created_day=cases["created_day"] - day, closed_day=closed.where(closed < 0, closed - day)
    )


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
        Index ``day`` (the reported days: 0, 1, ...), one column per name in :data:`PATHS`.
    """
    return _paths(result.daily, result.cases, float(result.summary["villagers"]), window)


def _paths(daily: pd.DataFrame, cases: pd.DataFrame, adults: float, window: int) -> pd.DataFrame:
    """:func:`time_paths` from a daily series, its case ledger and the adults simulated."""
    days = daily.index.to_numpy()
    adults = max(adults, 1.0)
    reports = daily["genuine_reports"]
    per_window = reports.rolling(window, min_periods=1).sum()
    span = np.minimum(np.arange(1, len(days) + 1), window)
    reports_rate = per_window.to_numpy() / span * 30.0 / adults * 1000.0

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
