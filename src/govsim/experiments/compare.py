"""Compare scenarios against a reference with paired replications (common random numbers).

Replication ``k`` runs every scenario with the same seed, so the villagers' random draws match
across scenarios and the difference ``other - reference`` for that seed isolates the effect of the
change (Law 2015, *Simulation Modeling and Analysis*, 5th ed., §11.2). For each metric and
scenario, over the ``n`` seeds where both runs succeeded:

* mean difference ``d̄`` and its ``conf_level`` Student-t interval ``d̄ ± t s_d / √n``;
* the paired t-test p-value (``scipy.stats.ttest_1samp`` of the differences against 0) and, when
  ``n ≥ 6``, the Wilcoxon signed-rank p-value (robust to skewed differences);
* the effect size Cohen's ``d_z = d̄ / s_d`` (Lakens 2013, *Frontiers in Psychology* 4:863,
  doi:10.3389/fpsyg.2013.00863);
* the direction — "higher" or "lower" when the interval excludes zero, otherwise "no clear
  difference".

Differences that are exactly zero for every seed (identical scenarios) give ``p = 1`` and an
interval of ``[0, 0]``; a constant non-zero difference gives ``p = 0``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from govsim.experiments.errors import ExperimentError
from govsim.experiments.store import OUTPUT_PREFIX
from govsim.experiments.worker import STATUS_OK

__all__ = ["COMPARISON_COLUMNS", "MIN_WILCOXON_PAIRS", "compare_points", "paired_difference"]

#: Fewest pairs for which a Wilcoxon signed-rank p-value is reported.
MIN_WILCOXON_PAIRS = 6

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
    "wilcoxon_pvalue",
    "cohen_dz",
    "direction",
]


def paired_difference(
    differences: npt.NDArray[np.float64], conf_level: float = 0.95
) -> dict[str, float | str]:
    """Summarise paired differences: mean, t interval, t and Wilcoxon p-values, ``d_z``.

    Returns
    -------
    dict
        Keys ``n, mean_difference, ci_low, ci_high, t_pvalue, wilcoxon_pvalue, cohen_dz,
        direction``.
    """
    d = np.asarray(differences, dtype=np.float64)
    d = d[np.isfinite(d)]
    n = int(d.size)
    nan = math.nan
    if n == 0:
        return _summary(0, nan, nan, nan, nan, nan, nan)
    mean = float(d.mean())
    sd = float(d.std(ddof=1)) if n > 1 else nan
    if n > 1 and sd == 0.0:
        p = 1.0 if mean == 0.0 else 0.0
        dz = 0.0 if mean == 0.0 else math.copysign(math.inf, mean)
        return _summary(n, mean, mean, mean, p, p if n >= MIN_WILCOXON_PAIRS else nan, dz)
    if n == 1:
        return _summary(n, mean, nan, nan, nan, nan, nan)
    half = float(stats.t.ppf(0.5 + conf_level / 2.0, n - 1)) * sd / math.sqrt(n)
    t_p = float(stats.ttest_1samp(d, 0.0).pvalue)
    w_p = nan
    if n >= MIN_WILCOXON_PAIRS and np.any(d != 0.0):
        w_p = float(stats.wilcoxon(d, zero_method="zsplit").pvalue)
    return _summary(n, mean, mean - half, mean + half, t_p, w_p, mean / sd)


def compare_points(
    results: pd.DataFrame,
    labels: Mapping[int, str],
    *,
    reference: int = 0,
    metrics: Sequence[str] | None = None,
    conf_level: float = 0.95,
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
        Level of the intervals.

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
    rows = []
    for point in sorted(labels):
        if point == reference:
            continue
        other = ok[ok["point"] == point].set_index("seed")
        seeds = base.index.intersection(other.index)
        for metric in names:
            column = f"{OUTPUT_PREFIX}{metric}"
            ref_values = base.loc[seeds, column].to_numpy(dtype=np.float64)
            other_values = other.loc[seeds, column].to_numpy(dtype=np.float64)
            summary = paired_difference(other_values - ref_values, conf_level)
            ref_mean = float(np.nanmean(ref_values)) if len(seeds) else math.nan
            relative = float(summary["mean_difference"]) / abs(ref_mean) if ref_mean else math.nan
            rows.append(
                {
                    "scenario": labels[point],
                    "metric": metric,
                    "reference_mean": ref_mean,
                    "scenario_mean": float(np.nanmean(other_values)) if len(seeds) else math.nan,
                    "relative_difference": relative,
                    **summary,
                }
            )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _summary(
    n: int, mean: float, low: float, high: float, t_p: float, w_p: float, dz: float
) -> dict[str, float | str]:
    if n == 0 or math.isnan(low):
        direction = "not enough runs"
    elif low > 0:
        direction = "higher"
    elif high < 0:
        direction = "lower"
    else:
        direction = "no clear difference"
    return {
        "n": n,
        "mean_difference": mean,
        "ci_low": low,
        "ci_high": high,
        "t_pvalue": t_p,
        "wilcoxon_pvalue": w_p,
        "cohen_dz": dz,
        "direction": direction,
    }
