"""Paired comparisons against a reference, with a multiple-comparison correction across metrics.

Replication ``k`` runs every scenario with the same seed (common random numbers), so the villagers'
random draws match across scenarios and the difference ``other - reference`` for that seed
isolates the effect of the change (Law 2015, *Simulation Modeling and Analysis*, 5th ed., §11.2).
For each metric and scenario, over the ``n`` seeds where both runs succeeded:

* mean difference ``d̄`` and its ``conf_level`` Student-t interval ``d̄ ± t s_d / √n``;
* the paired t-test p-value (``scipy.stats.ttest_1samp`` of the differences against 0) and, when
  ``n ≥ 6``, the Wilcoxon signed-rank p-value (robust to skewed differences);
* the effect size Cohen's ``d_z = d̄ / s_d`` (Lakens 2013, *Frontiers in Psychology* 4:863,
  doi:10.3389/fpsyg.2013.00863);
* the t-test p-value adjusted for testing many metrics at once (:func:`adjust_pvalues`): Holm's
  step-down method by default, which controls the chance of *any* false claim among the metrics
  of one scenario (Holm 1979, *Scand. J. Statist.* 6(2):65-70), or Benjamini & Hochberg's
  false-discovery rate (1995, *JRSS B* 57(1):289-300, doi:10.1111/j.2517-6161.1995.tb02031.x);
* the direction — "higher" or "lower" when the adjusted p-value is below ``1 - conf_level``,
  otherwise "no clear difference".

The intervals are per metric (not simultaneous); the adjusted p-value decides the direction.
Differences that are exactly zero for every seed (identical scenarios) give ``p = 1`` and an
interval of ``[0, 0]``; a constant non-zero difference gives ``p = 0``. Metrics registered as
bookkeeping (``days``, ``villagers``, ...) are not tested and do not enter the correction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from govsim.experiments.errors import ExperimentError
from govsim.experiments.store import OUTPUT_PREFIX
from govsim.experiments.worker import STATUS_OK

__all__ = [
    "COMPARISON_COLUMNS",
    "CORRECTIONS",
    "MIN_WILCOXON_PAIRS",
    "Correction",
    "adjust_pvalues",
    "compare_points",
    "paired_difference",
]

#: Fewest pairs for which a Wilcoxon signed-rank p-value is reported.
MIN_WILCOXON_PAIRS = 6
#: Paired differences that agree to this relative precision are one value: what remains is
#: rounding (a deterministic cost summed in another order), not variation to test.
ROUNDING = 1e-12

Correction = Literal["holm", "bh", "none"]
#: Multiple-comparison corrections by name, with the words a report uses for them.
CORRECTIONS: dict[str, str] = {
    "holm": "Holm's step-down correction (family-wise error rate)",
    "bh": "Benjamini-Hochberg correction (false discovery rate)",
    "none": "no correction",
}

COMPARISON_COLUMNS = [
    "scenario",
    "metric",
    "n",
    "reference_mean",
    "scenario_mean",
    "mean_difference",
    "ci_low",
    "ci_high",
    "relative_difference",
    "t_pvalue",
    "p_adjusted",
    "wilcoxon_pvalue",
    "cohen_dz",
    "direction",
]


def paired_difference(
    differences: npt.ArrayLike, conf_level: float = 0.95
) -> dict[str, float | int]:
    """Summarise paired differences: mean, t interval, t and Wilcoxon p-values, ``d_z``.

    Non-finite differences (a metric undefined in one run) are dropped. Differences equal but
    for rounding (within :data:`ROUNDING` of the largest) have no spread: a change every seed
    shares exactly, such as a fixed price, is certain, not a t-test of rounding noise.

    Returns
    -------
    dict
        Keys ``n, mean_difference, sd_difference, ci_low, ci_high, t_pvalue, wilcoxon_pvalue,
        cohen_dz``.
    """
    d = np.asarray(differences, dtype=np.float64)
    d = d[np.isfinite(d)]
    n = int(d.size)
    nan = math.nan
    if n == 0:
        return _summary(0, nan, nan, nan, nan, nan, nan, nan)
    mean = float(d.mean())
    if n == 1:
        return _summary(n, mean, nan, nan, nan, nan, nan, nan)
    sd = float(d.std(ddof=1))
    if np.ptp(d) <= ROUNDING * float(np.abs(d).max()):
        sd = 0.0
    if sd == 0.0:
        p = 1.0 if mean == 0.0 else 0.0
        dz = 0.0 if mean == 0.0 else math.copysign(math.inf, mean)
        return _summary(n, mean, 0.0, mean, mean, p, p if n >= MIN_WILCOXON_PAIRS else nan, dz)
    half = float(stats.t.ppf(0.5 + conf_level / 2.0, n - 1)) * sd / math.sqrt(n)
    t_p = float(stats.ttest_1samp(d, 0.0).pvalue)
    w_p = nan
    if n >= MIN_WILCOXON_PAIRS and np.any(d != 0.0):
        w_p = float(stats.wilcoxon(d, zero_method="zsplit").pvalue)
    return _summary(n, mean, sd, mean - half, mean + half, t_p, w_p, mean / sd)


def adjust_pvalues(pvalues: npt.ArrayLike, method: str = "holm") -> npt.NDArray[np.float64]:
    """Adjust a family of p-values for multiple comparisons.

    Parameters
    ----------
    pvalues:
        One p-value per hypothesis of the family; NaN (not tested) stays NaN and does not count
        towards the family's size.
    method:
        ``"holm"`` (Holm 1979: step-down Bonferroni, controls the family-wise error rate),
        ``"bh"`` (Benjamini & Hochberg 1995: step-up, controls the false discovery rate) or
        ``"none"``.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, each at least its raw value and at most 1.
    """
    if method not in CORRECTIONS:
        raise ValueError(f"unknown correction {method!r}; choose one of {', '.join(CORRECTIONS)}")
    p = np.asarray(pvalues, dtype=np.float64)
    adjusted = np.full(p.shape, math.nan)
    tested = np.flatnonzero(np.isfinite(p))
    m = tested.size
    if m == 0 or method == "none":
        adjusted[tested] = p[tested]
        return adjusted
    order = tested[np.argsort(p[tested], kind="stable")]
    ranked = p[order]
    rank = np.arange(1, m + 1)
    if method == "holm":
        steps = np.maximum.accumulate((m - rank + 1) * ranked)
    else:  # Benjamini-Hochberg
        steps = np.minimum.accumulate((m / rank * ranked)[::-1])[::-1]
    adjusted[order] = np.minimum(steps, 1.0)
    return adjusted


def compare_points(
    results: pd.DataFrame,
    labels: Mapping[int, str],
    *,
    reference: int = 0,
    metrics: Sequence[str] | None = None,
    conf_level: float = 0.95,
    correction: str = "holm",
) -> pd.DataFrame:
    """Compare every design point of a stored sweep with the reference point, paired by seed.

    Parameters
    ----------
    results:
        The store's table (one row per run; replications share seeds across points).
    labels:
        Name of each design point (``point -> label``) for the table.
    reference:
        Design point to compare against.
    metrics:
        Outputs to compare (default: all ``output.*`` columns).
    conf_level:
        Level of the intervals; ``1 - conf_level`` is the level of the adjusted tests.
    correction:
        Multiple-comparison correction across the metrics of each scenario
        (:func:`adjust_pvalues`).

    Returns
    -------
    pandas.DataFrame
        One row per (scenario, metric) with the columns in ``COMPARISON_COLUMNS``.
    """
    ok = results[results["status"] == STATUS_OK]
    names = (
        list(metrics)
        if metrics
        else [c.removeprefix(OUTPUT_PREFIX) for c in results.columns if c.startswith(OUTPUT_PREFIX)]
    )
    absent = [m for m in names if f"{OUTPUT_PREFIX}{m}" not in results.columns]
    if absent:
        raise ExperimentError(f"no output(s) {', '.join(absent)} in the results")
    base = ok[ok["point"] == reference].set_index("seed")
    if base.empty:
        raise ExperimentError(
            f"the reference ({labels.get(reference, reference)}) has no "
            "successful run to compare with"
        )
    bookkeeping = _bookkeeping(names)
    frames = []
    for point in sorted(labels):
        if point == reference:
            continue
        other = ok[ok["point"] == point].set_index("seed")
        seeds = base.index.intersection(other.index)
        rows = []
        for metric in names:
            column = f"{OUTPUT_PREFIX}{metric}"
            ref_values = base.loc[seeds, column].to_numpy(dtype=np.float64)
            other_values = other.loc[seeds, column].to_numpy(dtype=np.float64)
            summary = paired_difference(other_values - ref_values, conf_level)
            if metric in bookkeeping:
                summary |= {"t_pvalue": math.nan, "wilcoxon_pvalue": math.nan}
            ref_mean = _mean(ref_values)
            relative = float(summary["mean_difference"]) / abs(ref_mean) if ref_mean else math.nan
            rows.append(
                {
                    "scenario": labels[point],
                    "metric": metric,
                    "reference_mean": ref_mean,
                    "scenario_mean": _mean(other_values),
                    "relative_difference": relative,
                    **summary,
                }
            )
        frame = pd.DataFrame(rows)
        frame["p_adjusted"] = adjust_pvalues(frame["t_pvalue"].to_numpy(), correction)
        frame["direction"] = [
            direction(float(difference), float(p), 1.0 - conf_level)
            for difference, p in zip(frame["mean_difference"], frame["p_adjusted"], strict=True)
        ]
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    return pd.concat(frames, ignore_index=True).loc[:, COMPARISON_COLUMNS]


def direction(mean_difference: float, p_adjusted: float, alpha: float) -> str:
    """``"higher"``/``"lower"`` when the adjusted p-value is below ``alpha``, else not clear."""
    if math.isnan(p_adjusted):
        return "not tested"
    if p_adjusted < alpha and mean_difference != 0.0:
        return "higher" if mean_difference > 0 else "lower"
    return "no clear difference"


def _bookkeeping(names: Sequence[str]) -> set[str]:
    """Names of registered bookkeeping metrics (never tested); other outputs are tested."""
    from govsim.metrics import SUMMARY

    return {name for name in names if name in SUMMARY and SUMMARY[name].bookkeeping}


def _mean(values: npt.NDArray[np.float64]) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else math.nan


def _summary(
    n: int, mean: float, sd: float, low: float, high: float, t_p: float, w_p: float, dz: float
) -> dict[str, float | int]:
    return {
        "n": n,
        "mean_difference": mean,
        "sd_difference": sd,
        "ci_low": low,
        "ci_high": high,
        "t_pvalue": t_p,
        "wilcoxon_pvalue": w_p,
        "cohen_dz": dz,
    }
