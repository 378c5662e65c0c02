"""Helpers for the stylized-fact validation tests: township runs and paired comparisons.

A *township* is ``scenarios/village.toml`` (or a lever file over the baseline) with the county
shrunk to a few dozen villages: large enough that one year's counts are not dominated by noise,
small enough for a run in one or two seconds. Arms of a comparison use the same seed list
(common random numbers), so each seed gives one paired difference; the tests assert the
direction of the mean paired difference, that it holds in a clear majority of seeds, and a
one-sided paired t-test at :data:`ALPHA`.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

import govsim
from govsim import GovernanceModel, RunResult, Scenario

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENARIOS_DIR = REPO_ROOT / "scenarios"
VILLAGE = SCENARIOS_DIR / "village.toml"
BASELINE = SCENARIOS_DIR / "baseline.toml"

ALPHA = 0.01  # one-sided level of the paired tests
MAJORITY = 0.75  # share of seeds in which the paired difference must have the asserted sign

Metric = Callable[[RunResult], float]


def township(villages: int = 20, **overrides: Any) -> dict[str, Any]:
    """Overrides that make any scenario a township of ``villages`` villages."""
    return {
        "county.villages": villages,
        "county.households_per_village_sd": 60.0,
        **overrides,
    }


def load(path: Path, overrides: Mapping[str, Any]) -> Scenario:
    """Load ``path`` with ``overrides`` (validated once, then reused for every seed).

    The stylized facts are read from set-up (``spin_up_days = 0`` unless ``overrides`` say
    otherwise), with common random numbers across the arms.
    """
    return govsim.load_scenario(path, {"spin_up_days": 0, **overrides})


def department_overrides(scenario: Scenario, field: str, value: Any) -> dict[str, Any]:
    """``departments.<name>.<field> = value`` for every department of ``scenario``."""
    return {f"departments.{d.name}.{field}": value for d in scenario.departments}


def staffing_overrides(scenario: Scenario, factor: float) -> dict[str, Any]:
    """Every department of ``scenario`` staffed at ``factor`` × its staffing."""
    return {
        f"departments.{d.name}.staff_per_100k_adults": d.staff_per_100k_adults * factor
        for d in scenario.departments
    }


def category_overrides(scenario: Scenario, field: str, scale: float) -> dict[str, Any]:
    """``categories.<name>.<field>`` multiplied by ``scale`` for every category."""
    return {f"categories.{c.name}.{field}": getattr(c, field) * scale for c in scenario.categories}


def runs(scenario: Scenario, seeds: Iterable[int], days: int) -> list[RunResult]:
    """One run of ``scenario`` per seed."""
    return [govsim.run(scenario, days=days, seed=seed) for seed in seeds]


def metric(results: Sequence[RunResult], fn: Metric) -> NDArray[np.float64]:
    """``fn`` of each run."""
    return np.array([fn(r) for r in results], dtype=np.float64)


def summary(name: str) -> Metric:
    """A metric that reads ``name`` from the run's summary."""
    return lambda r: float(r.summary[name])


def models(scenario: Scenario, seeds: Iterable[int], days: int) -> list[GovernanceModel]:
    """One stepped model per seed (for direct access to ``model.population``)."""
    out = []
    for seed in seeds:
        model = GovernanceModel(scenario, rng=seed)
        model.run_days(days)
        out.append(model)
    return out


@dataclass(frozen=True)
class Paired:
    """Paired comparison of arm ``high`` against arm ``low`` over common seeds."""

    high: NDArray[np.float64]
    low: NDArray[np.float64]

    @property
    def diff(self) -> NDArray[np.float64]:
        """Per-seed paired differences ``high − low``."""
        return self.high - self.low

    @property
    def mean_diff(self) -> float:
        """Mean paired difference."""
        return float(self.diff.mean())

    @property
    def share_positive(self) -> float:
        """Share of seeds with ``high > low``."""
        return float(np.mean(self.diff > 0))

    @property
    def p_greater(self) -> float:
        """One-sided paired t-test p-value of mean(high − low) > 0."""
        d = self.diff
        if np.allclose(d, d[0], rtol=1e-9, atol=0.0):  # no spread: the t-test is undefined
            return 0.0 if d[0] > 0 else 1.0
        return float(stats.ttest_1samp(d, 0.0, alternative="greater").pvalue)

    @property
    def relative(self) -> float:
        """Mean paired difference relative to the mean of ``low``."""
        base = float(self.low.mean())
        return self.mean_diff / base if base else math.inf

    def describe(self) -> str:
        """One line for assertion messages."""
        return (
            f"high {self.high.mean():.4g} vs low {self.low.mean():.4g}: mean paired diff "
            f"{self.mean_diff:+.4g} ({self.relative:+.1%}), positive in {self.share_positive:.0%} "
            f"of {len(self.diff)} seeds, one-sided p = {self.p_greater:.2g}"
        )


def assert_greater(
    high: Sequence[float], low: Sequence[float], what: str, *, alpha: float = ALPHA
) -> Paired:
    """Assert ``high > low`` over common seeds: mean, majority and one-sided test at ``alpha``."""
    pair = Paired(np.asarray(high, dtype=np.float64), np.asarray(low, dtype=np.float64))
    assert pair.high.shape == pair.low.shape, f"{what}: arms differ in seeds"
    assert not np.isnan(pair.diff).any(), f"{what}: NaN in a metric ({pair.high}, {pair.low})"
    message = f"{what}: {pair.describe()}"
    print(message)  # shown with ``pytest -rP``: the observed sizes quoted in the docstrings
    assert pair.mean_diff > 0, message
    assert pair.share_positive >= MAJORITY, message
    assert pair.p_greater < alpha, message
    return pair


def reports_per_30_days(result: RunResult, first_day: int, last_day: int) -> float:
    """Reports (all channels, duplicates included) per 30 days over days [first, last)."""
    daily = result.daily
    columns = [c for c in daily.columns if c.startswith("reports_")]
    window = daily.loc[(daily.index >= first_day) & (daily.index < last_day), columns]
    return float(window.to_numpy().sum() / (last_day - first_day) * 30.0)


def villager_reports_per_30_days(result: RunResult, first_day: int, last_day: int) -> float:
    """Villagers' own reports (daily ``villager_reports``) per 30 days over days [first, last)."""
    daily = result.daily
    window = daily.loc[(daily.index >= first_day) & (daily.index < last_day), "villager_reports"]
    return float(window.sum() / (last_day - first_day) * 30.0)


def villager_reports(result: RunResult) -> float:
    """Reports filed by villagers: cases they opened plus their duplicate reports on any case."""
    cases = result.cases
    return float(cases["reports"].sum() - (cases["source"] != "villager").sum())


def assert_less(
    low: Sequence[float], high: Sequence[float], what: str, *, alpha: float = ALPHA
) -> Paired:
    """Assert ``low < high`` over common seeds (see :func:`assert_greater`)."""
    return assert_greater(high, low, what, alpha=alpha)


def shared_json(
    tmp_path_factory: Any, name: str, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """``compute()`` once per test session, shared by pytest-xdist workers through a JSON file.

    The first worker to arrive computes under an exclusive file lock and writes the result to the
    session's shared temporary directory; the others wait for the lock and read it (the pattern
    pytest-xdist documents for session fixtures that must run once).
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                return dict(json.loads(path.read_text()))
            data = compute()
            path.write_text(json.dumps(data))
            return data
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
