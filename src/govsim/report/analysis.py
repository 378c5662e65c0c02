"""The statistics of a decision report: paired effects, verdicts and cost-effectiveness.

Input is the tidy table of run outcomes (one row per arm, replication, horizon and metric); every
package is compared with the reference seed by seed (common random numbers), so each seed gives
one paired difference (:func:`govsim.experiments.compare.paired_difference`).

* **Families and correction.** For one package at one horizon, every registered metric that is
  not bookkeeping is tested (paired t-test). The headline outcomes (:data:`HEADLINE`), chosen
  before any run, are the *primary* family, whose p-values are adjusted together (Holm by
  default, :func:`govsim.experiments.compare.adjust_pvalues`); every other metric is in a
  *secondary* family adjusted on its own, as primary and secondary end points are in a trial
  (EMA 2017, *Guideline on multiplicity issues in clinical trials*, EMA/CHMP/44762/2017). The 95%
  intervals shown are per metric, not simultaneous.
* **Verdicts** follow each metric's desirable direction in the registry: *better* or *worse* when
  the adjusted p-value is below 5%, *changed* for neutral metrics (channel mix), *no clear
  difference* otherwise; bookkeeping metrics (days, villagers, problems, cases) are *not judged*.
* **Cost-effectiveness** is the incremental ratio of mean differences (Drummond et al. 2015,
  *Methods for the Economic Evaluation of Health Care Programmes*, 4th ed., ch. 4): extra
  programme cost per year ÷ extra cases resolved within the time limit per year, and ÷ extra
  percentage points of participation. Its interval is a paired percentile bootstrap over seeds.
  A ratio is given only when the gain is clear (its interval above zero); a package that gains
  and costs less *dominates*; otherwise the report says there is no clear gain rather than print
  a ratio whose denominator may be zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import pandas as pd

from govsim.experiments.compare import adjust_pvalues, paired_difference
from govsim.experiments.seeds import stream_seed
from govsim.metrics import SUMMARY, Direction, Group

__all__ = [
    "EFFECT_COLUMNS",
    "HEADLINE",
    "HEADLINE_GROUPS",
    "Verdict",
    "cost_effectiveness",
    "paired_effects",
]

#: The outcomes planners act on, by report group (groups and directions come from the registry).
HEADLINE: tuple[str, ...] = (
    "participation_share",
    "genuine_reports_per_1000_per_month",
    "mean_trust",
    "resolved_within_sla_share",
    "median_days_to_resolution",
    "backlog_end",
    "reporting_gap_60_plus",
    "migrant_participation_share",
    "programme_cost_cny_per_year",
)
#: Order of the groups in the headline table.
HEADLINE_GROUPS: tuple[Group, ...] = (
    Group.PARTICIPATION,
    Group.HANDLING,
    Group.EQUITY,
    Group.COST,
)
#: Bootstrap resamples for the intervals of cost-effectiveness ratios.
BOOTSTRAP_RESAMPLES = 4000
#: Spawn key of the bootstrap stream (apart from replication and design streams).
_BOOTSTRAP_STREAM = 2**32 + 13

EFFECT_COLUMNS = [
    "package",
    "horizon",
    "metric",
    "group",
    "direction",
    "unit",
    "n",
    "reference_mean",
    "package_mean",
    "mean_difference",
    "sd_difference",
    "ci_low",
    "ci_high",
    "t_pvalue",
    "p_adjusted",
    "family",
    "wilcoxon_pvalue",
    "cohen_dz",
    "verdict",
]


class Verdict(StrEnum):
    """What a paired effect means for governance."""

    BETTER = "better"
    WORSE = "worse"
    CHANGED = "changed"  # a neutral metric moved (e.g. the channel mix)
    UNCLEAR = "no clear difference"
    NOT_JUDGED = "not judged"  # bookkeeping: size and length of the run
    TOO_FEW = "not enough runs"
    UNDEFINED = "undefined"  # the metric has no value in these runs (e.g. retention before 90 days)


def paired_effects(
    outcomes: pd.DataFrame,
    reference: str,
    *,
    conf_level: float = 0.95,
    correction: str = "holm",
    primary: Sequence[str] = HEADLINE,
) -> pd.DataFrame:
    """Effects of every package on every metric at every horizon, paired by seed.

    Parameters
    ----------
    outcomes:
        Columns ``arm, seed, horizon, metric, value`` (successful runs only).
    reference:
        The reference arm's label.
    conf_level:
        Level of the intervals; ``1 - conf_level`` is the level of the adjusted tests.
    correction:
        ``"holm"``, ``"bh"`` or ``"none"``, applied per package and horizon within each family.
    primary:
        The primary family's metrics; the other tested metrics form the secondary family.

    Returns
    -------
    pandas.DataFrame
        One row per (package, horizon, metric), columns :data:`EFFECT_COLUMNS`, packages in the
        order they appear in ``outcomes``.
    """
    alpha = 1.0 - conf_level
    wide = outcomes.pivot_table(
        index=["arm", "horizon", "seed"], columns="metric", values="value", aggfunc="first"
    )
    metrics = [name for name in SUMMARY.names() if name in wide.columns]
    packages = [arm for arm in dict.fromkeys(outcomes["arm"]) if arm != reference]
    frames = []
    for package in packages:
        for horizon in sorted(outcomes["horizon"].unique()):
            base = wide.loc[(reference, horizon)]
            other = wide.loc[(package, horizon)]
            seeds = base.index.intersection(other.index)
            rows = []
            for name in metrics:
                metric = SUMMARY[name]
                ref_values = base.loc[seeds, name].to_numpy(dtype=np.float64)
                values = other.loc[seeds, name].to_numpy(dtype=np.float64)
                stats = paired_difference(values - ref_values, conf_level)
                if metric.bookkeeping:
                    stats |= {"t_pvalue": math.nan, "wilcoxon_pvalue": math.nan}
                rows.append(
                    {
                        "package": package,
                        "horizon": int(horizon),
                        "metric": name,
                        "group": metric.group.value,
                        "direction": metric.direction.value,
                        "unit": metric.unit,
                        "reference_mean": _mean(ref_values),
                        "package_mean": _mean(values),
                        **stats,
                    }
                )
            frame = pd.DataFrame(rows)
            frame["family"] = np.where(frame["metric"].isin(primary), "primary", "secondary")
            frame["p_adjusted"] = np.nan
            for members in frame.groupby("family").groups.values():
                frame.loc[members, "p_adjusted"] = adjust_pvalues(
                    frame.loc[members, "t_pvalue"].to_numpy(), correction
                )
            frame["verdict"] = [
                _verdict(
                    str(r["metric"]),
                    int(r["n"]),
                    float(r["mean_difference"]),
                    float(r["p_adjusted"]),
                    alpha,
                )
                for r in frame.to_dict("records")
            ]
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    return pd.concat(frames, ignore_index=True).loc[:, EFFECT_COLUMNS]


def _verdict(name: str, n: int, difference: float, p_adjusted: float, alpha: float) -> Verdict:
    metric = SUMMARY[name]
    if metric.bookkeeping:
        return Verdict.NOT_JUDGED
    if n == 0:
        return Verdict.UNDEFINED
    if n < 2 or math.isnan(p_adjusted):
        return Verdict.TOO_FEW
    if p_adjusted >= alpha or difference == 0.0:
        return Verdict.UNCLEAR
    sign = metric.direction.sign()
    if metric.direction is Direction.NEUTRAL:
        return Verdict.CHANGED
    return Verdict.BETTER if sign * difference > 0 else Verdict.WORSE


class Standing(StrEnum):
    """How a package stands on cost and one outcome against the reference."""

    RATIO = "ratio"  # a clear gain at an extra cost: CNY per unit gained
    DOMINANT = "dominant"  # a clear gain at no extra cost
    NO_GAIN = "no clear gain"
    LOSS = "clear loss"


def cost_effectiveness(
    outcomes: pd.DataFrame,
    reference: str,
    *,
    horizon: int,
    conf_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Extra cost per extra case resolved in time and per point of participation, per package.

    Parameters
    ----------
    outcomes:
        Columns ``arm, seed, horizon, metric, value``; needs ``programme_cost_cny_per_year``,
        ``resolved_in_time_cases_per_year``, ``participation_share`` and ``villagers``.
    reference:
        The reference arm's label.
    horizon:
        The horizon whose outcomes are used (costs are per year at every horizon).
    conf_level:
        Level of the intervals.
    seed:
        Root seed of the bootstrap stream.

    Returns
    -------
    pandas.DataFrame
        One row per package and outcome (``resolved_in_time`` and ``participation``): the mean
        extra cost per year with its interval, the mean gain per year (cases, or percentage
        points) with its interval, the standing (:class:`Standing`), and the ratio with its
        bootstrap interval when the standing is ``ratio``.
    """
    at = outcomes[outcomes["horizon"] == horizon]
    wide = at.pivot_table(index=["arm", "seed"], columns="metric", values="value", aggfunc="first")
    base = wide.loc[reference]
    rng = np.random.default_rng(stream_seed(seed, _BOOTSTRAP_STREAM))
    rows = []
    for package in [arm for arm in dict.fromkeys(at["arm"]) if arm != reference]:
        other = wide.loc[package]
        seeds = base.index.intersection(other.index)
        cost = (other.loc[seeds, "programme_cost_cny_per_year"] - base.loc[seeds, "programme_cost_cny_per_year"]).to_numpy(dtype=np.float64)  # fmt: skip
        gains = {
            "resolved_in_time": (
                other.loc[seeds, "resolved_in_time_cases_per_year"]
                - base.loc[seeds, "resolved_in_time_cases_per_year"]
            ).to_numpy(dtype=np.float64),
            "participation": 100.0
            * (
                other.loc[seeds, "participation_share"] - base.loc[seeds, "participation_share"]
            ).to_numpy(dtype=np.float64),
        }
        cost_stats = paired_difference(cost, conf_level)
        for outcome, gain in gains.items():
            gain_stats = paired_difference(gain, conf_level)
            standing = _standing(gain_stats, float(cost_stats["mean_difference"]))
            ratio, low, high = math.nan, math.nan, math.nan
            if standing is Standing.RATIO:
                ratio = float(cost.mean() / gain.mean())
                low, high = _bootstrap_ratio(cost, gain, conf_level, rng)
            rows.append(
                {
                    "package": package,
                    "outcome": outcome,
                    "n": int(cost_stats["n"]),
                    "extra_cost": cost_stats["mean_difference"],
                    "extra_cost_low": cost_stats["ci_low"],
                    "extra_cost_high": cost_stats["ci_high"],
                    "gain": gain_stats["mean_difference"],
                    "gain_low": gain_stats["ci_low"],
                    "gain_high": gain_stats["ci_high"],
                    "standing": standing.value,
                    "cost_per_unit": ratio,
                    "cost_per_unit_low": low,
                    "cost_per_unit_high": high,
                }
            )
    return pd.DataFrame(rows)


def _standing(gain: dict[str, float | int], extra_cost: float) -> Standing:
    low, high = float(gain["ci_low"]), float(gain["ci_high"])
    if math.isnan(low) or (low <= 0.0 <= high):
        return Standing.NO_GAIN
    if high < 0.0:
        return Standing.LOSS
    return Standing.DOMINANT if extra_cost <= 0.0 else Standing.RATIO


def _bootstrap_ratio(
    cost: np.ndarray, gain: np.ndarray, conf_level: float, rng: np.random.Generator
) -> tuple[float, float]:
    """Percentile interval of mean(cost)/mean(gain) over seed pairs resampled with replacement.

    Resamples whose mean gain is not positive have no finite ratio; they are counted as an
    unbounded ratio, so the upper limit is infinite when they are frequent.
    """
    n = len(cost)
    picks = rng.integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
    mean_gain = gain[picks].mean(axis=1)
    mean_cost = cost[picks].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(mean_gain > 0, mean_cost / mean_gain, np.inf)
    tail = (1.0 - conf_level) / 2.0
    low, high = np.quantile(ratios, [tail, 1.0 - tail], method="inverted_cdf")
    return float(low), float(high)


def headline_rows(metrics: Sequence[str] = HEADLINE) -> list[tuple[Group, list[str]]]:
    """The headline metrics grouped in :data:`HEADLINE_GROUPS` order, by their registry group."""
    groups: list[tuple[Group, list[str]]] = []
    for group in HEADLINE_GROUPS:
        names = [name for name in metrics if SUMMARY[name].group is group]
        if names:
            groups.append((group, names))
    return groups


def _mean(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else math.nan
