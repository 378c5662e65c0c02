"""Global sensitivity analysis of stored sweeps: Sobol', Morris and FAST, with replications.

Stochastic models give a different output for every seed, which SALib's estimators do not expect.
Outputs are therefore averaged over the replications of each design point first (the points share
their seeds — common random numbers — which removes much of the noise from differences between
points), and the remaining replication noise is reported beside the indices: ``noise_share`` is the
variance of a point mean due to replication noise (within-point variance / replications) over the
variance of the point means. Where it is large, the indices partly measure noise.

* Sobol' first-order ``S1``, total ``ST`` and optional second-order ``S2`` indices with bootstrap
  intervals — Saltelli et al. (2010), doi:10.1016/j.cpc.2009.09.018, via ``SALib.analyze.sobol``.
* Morris elementary effects ``mu_star`` (μ*), ``mu`` and ``sigma`` (σ) — Morris (1991),
  doi:10.1080/00401706.1991.10484804; μ* from Campolongo et al. (2007),
  doi:10.1016/j.envsoft.2006.10.004 — via ``SALib.analyze.morris``.
* eFAST ``S1`` and ``ST`` — Cukier et al. (1973), doi:10.1063/1.1680571; Saltelli, Tarantola &
  Chan (1999), doi:10.1080/00401706.1999.10485594 — with SALib's spectral estimator and a bootstrap
  of our own on a seeded generator (SALib 1.6 resamples FAST with the global NumPy generator).

When the intervals of two inputs next to each other in the ranking overlap, an
:class:`~govsim.experiments.errors.AmbiguousRankingWarning` says so.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import norm

from govsim.experiments.designs import FastDesign, MorrisDesign, SobolDesign
from govsim.experiments.errors import AmbiguousRankingWarning, ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.parameters import salib_problem
from govsim.experiments.seeds import ANALYSIS_STREAM, stream_seed
from govsim.experiments.store import OUTPUT_PREFIX
from govsim.experiments.worker import STATUS_OK

__all__ = ["SENSITIVITY_METHODS", "SensitivityResult", "analyze", "ranking_ambiguities"]

#: Design kinds that support a sensitivity analysis, and the index each ranks inputs by.
SENSITIVITY_METHODS = {"sobol": "ST", "morris": "mu_star", "fast": "ST"}

#: Indices below this share of the largest index are "negligible": their ties are not reported.
NEGLIGIBLE_SHARE = 0.05

INDEX_COLUMNS = ["output", "method", "index", "parameter", "value", "conf", "lower", "upper"]


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of every output, tidy.

    Attributes
    ----------
    indices:
        One row per (output, index, parameter): columns ``output, method, index, parameter,
        value, conf, lower, upper`` (``conf`` is the half-width of the ``conf_level`` interval).
    noise:
        One row per output: ``points, replications, between_point_variance,
        within_point_variance, noise_share``.
    ambiguities:
        Human-readable statements of unresolved rankings (also issued as warnings).
    """

    method: str
    indices: pd.DataFrame
    noise: pd.DataFrame
    ambiguities: list[str] = field(default_factory=list)

    def table(self, output: str) -> pd.DataFrame:
        """Return the first-order indices of one output as a wide table (one row per input)."""
        rows = self.indices[(self.indices["output"] == output)]
        rows = rows[~rows["parameter"].str.contains(" × ", regex=False)]
        values = rows.pivot(index="parameter", columns="index", values="value")
        conf = rows.pivot(index="parameter", columns="index", values="conf")
        conf = conf.dropna(axis="columns", how="all").add_suffix("_conf")
        wide = values.join(conf)
        ordered = [c for kind in values.columns for c in (kind, f"{kind}_conf") if c in wide]
        rank_by = SENSITIVITY_METHODS[self.method]
        return wide.loc[:, ordered].sort_values(rank_by, ascending=False)


def analyze(
    results: pd.DataFrame,
    experiment: Experiment,
    *,
    outputs: Sequence[str] | None = None,
    num_resamples: int = 100,
    conf_level: float = 0.95,
) -> SensitivityResult:
    """Compute the sensitivity indices of ``experiment`` from its stored ``results``.

    Parameters
    ----------
    results:
        The store's table (:func:`~govsim.experiments.store.read_results`).
    experiment:
        The experiment; its design must be Sobol', Morris or FAST.
    outputs:
        Outputs to analyse (default: every ``output.*`` column).
    num_resamples, conf_level:
        Bootstrap resamples and confidence level of the intervals.

    Raises
    ------
    ExperimentError
        If the design supports no sensitivity method, or design points have no successful run.
    """
    design = experiment.design
    method = design.kind
    if method not in SENSITIVITY_METHODS:
        raise ExperimentError(
            f"design.kind is {method!r}: sensitivity analysis needs a sobol, morris or fast design"
        )
    names = list(outputs) if outputs else _output_names(results)
    if not names:
        raise ExperimentError("the store has no outputs to analyse (no successful runs yet?)")
    means, noise = _replication_means(results, experiment, names)
    problem = salib_problem(experiment.parameters)
    rng = np.random.default_rng(stream_seed(experiment.seed, ANALYSIS_STREAM))
    frames = []
    for output in names:
        y = means[output].to_numpy(dtype=np.float64)
        if isinstance(design, SobolDesign):
            rows = _sobol(problem, y, design.calc_second_order, num_resamples, conf_level, rng)
        elif isinstance(design, MorrisDesign):
            unit = experiment.points.unit
            if unit is None:  # pragma: no cover - Morris designs always sample
                raise ExperimentError("the Morris design has no sample matrix")
            rows = _morris(problem, unit, y, design.levels, num_resamples, conf_level, rng)
        elif isinstance(design, FastDesign):
            rows = _fast(problem, y, design.m, num_resamples, conf_level, rng)
        else:  # pragma: no cover - excluded above
            raise ExperimentError(f"no sensitivity method for design {method!r}")
        frame = pd.DataFrame(rows, columns=["index", "parameter", "value", "conf"])
        frame.insert(0, "method", method)
        frame.insert(0, "output", output)
        frames.append(frame)
    indices = pd.concat(frames, ignore_index=True)
    indices["lower"] = indices["value"] - indices["conf"]
    indices["upper"] = indices["value"] + indices["conf"]
    indices = indices.loc[:, INDEX_COLUMNS]
    ambiguities = ranking_ambiguities(indices, SENSITIVITY_METHODS[method])
    for message in ambiguities:
        warnings.warn(message, AmbiguousRankingWarning, stacklevel=2)
    return SensitivityResult(method=method, indices=indices, noise=noise, ambiguities=ambiguities)


def ranking_ambiguities(indices: pd.DataFrame, rank_by: str) -> list[str]:
    """Return a statement for each output whose adjacent-rank intervals of ``rank_by`` overlap.

    Inputs whose upper bound is below ``NEGLIGIBLE_SHARE`` of the largest index are left out:
    ties among negligible inputs do not matter for screening.
    """
    messages = []
    for output, rows in indices[indices["index"] == rank_by].groupby("output", sort=False):
        ranked = rows.sort_values("value", ascending=False)
        ranked = ranked[~ranked["parameter"].str.contains(" × ", regex=False)]
        top = float(ranked["value"].max()) if len(ranked) else 0.0
        threshold = NEGLIGIBLE_SHARE * abs(top)
        pairs = []
        records = ranked.to_dict("records")
        for higher, lower in itertools.pairwise(records):
            if higher["upper"] < threshold:
                break
            if higher["lower"] <= lower["upper"]:
                pairs.append(f"{higher['parameter']} and {lower['parameter']}")
        if pairs:
            messages.append(
                f"output {output!r}: the {rank_by} intervals of {'; '.join(pairs)} overlap, so "
                "their ranking is not resolved; increase the base sample (N or trajectories) or "
                "the replications"
            )
    return messages


def _output_names(results: pd.DataFrame) -> list[str]:
    return [c.removeprefix(OUTPUT_PREFIX) for c in results.columns if c.startswith(OUTPUT_PREFIX)]


def _replication_means(
    results: pd.DataFrame, experiment: Experiment, outputs: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return per-point means of each output (indexed 0..n_points-1) and the noise table."""
    n_points = len(experiment.points)
    columns = [f"{OUTPUT_PREFIX}{name}" for name in outputs]
    absent = [name for name, column in zip(outputs, columns, strict=True) if column not in results]
    if absent:
        raise ExperimentError(f"the store has no output(s) {', '.join(absent)}")
    ok = results.loc[results["status"] == STATUS_OK, ["point", *columns]]
    grouped = ok.groupby("point")[columns]
    means = grouped.mean().reindex(range(n_points))
    missing = means.index[means.isna().any(axis=1)].tolist()
    if missing:
        shown = ", ".join(str(point) for point in missing[:5])
        raise ExperimentError(
            f"{len(missing)} of {n_points} design points have no successful run or a missing "
            f"output (points {shown}{', ...' if len(missing) > 5 else ''}); the estimators need "
            "every point. Finish the sweep, or rerun failures with --retry-failed."
        )
    within = grouped.var(ddof=1).mean()
    replications = experiment.replications
    noise_rows = []
    for name, column in zip(outputs, columns, strict=True):
        between = float(means[column].var(ddof=1))
        within_variance = float(within[column]) if replications > 1 else math.nan
        share = within_variance / replications / between if between > 0 else math.nan
        noise_rows.append(
            {
                "output": name,
                "points": n_points,
                "replications": replications,
                "between_point_variance": between,
                "within_point_variance": within_variance,
                "noise_share": share,
            }
        )
    means.columns = list(outputs)
    return means, pd.DataFrame(noise_rows)


def _sobol(
    problem: dict[str, Any],
    y: npt.NDArray[np.float64],
    second_order: bool,
    num_resamples: int,
    conf_level: float,
    rng: np.random.Generator,
) -> list[tuple[str, str, float, float]]:
    from SALib.analyze import sobol

    # A Generator, not an int: SALib 1.6 ignores an integer seed of 0 (``if seed:``).
    indices = sobol.analyze(
        problem,
        y,
        calc_second_order=second_order,
        num_resamples=num_resamples,
        conf_level=conf_level,
        seed=rng,
    )
    names = problem["names"]
    rows = [
        (index, name, float(indices[index][i]), float(indices[f"{index}_conf"][i]))
        for index in ("S1", "ST")
        for i, name in enumerate(names)
    ]
    if second_order:
        for i, j in zip(*np.triu_indices(len(names), k=1), strict=True):
            rows.append(
                (
                    "S2",
                    f"{names[i]} × {names[j]}",
                    float(indices["S2"][i, j]),
                    float(indices["S2_conf"][i, j]),
                )
            )
    return rows


def _morris(
    problem: dict[str, Any],
    unit: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    levels: int,
    num_resamples: int,
    conf_level: float,
    rng: np.random.Generator,
) -> list[tuple[str, str, float, float]]:
    from SALib.analyze import morris

    indices = morris.analyze(
        problem,
        unit,
        y,
        num_resamples=num_resamples,
        conf_level=conf_level,
        num_levels=levels,
        seed=rng,
    )
    rows = []
    for i, name in enumerate(problem["names"]):
        rows.append(
            ("mu_star", name, float(indices["mu_star"][i]), float(indices["mu_star_conf"][i]))
        )
        rows.append(("mu", name, float(indices["mu"][i]), math.nan))
        rows.append(("sigma", name, float(indices["sigma"][i]), math.nan))
    return rows


def _fast(
    problem: dict[str, Any],
    y: npt.NDArray[np.float64],
    m: int,
    num_resamples: int,
    conf_level: float,
    rng: np.random.Generator,
) -> list[tuple[str, str, float, float]]:
    from SALib.analyze.fast import compute_orders

    names = problem["names"]
    per_curve = y.size // len(names)
    omega = math.floor((per_curve - 1) / (2 * m))
    bound = float(norm.ppf(0.5 + conf_level / 2.0))
    half = math.ceil(per_curve / 2)
    rows = []
    for i, name in enumerate(names):
        curve = y[i * per_curve : (i + 1) * per_curve]
        first, total = compute_orders(curve, per_curve, m, omega)
        resampled = np.empty((num_resamples, 2))
        sub_omega = math.floor((half - 1) / (2 * m))
        for r, start in enumerate(rng.integers(0, per_curve, size=num_resamples)):
            window = np.take(curve, np.arange(start, start + half), mode="wrap")
            resampled[r] = compute_orders(window, half, m, sub_omega)
        first_conf, total_conf = bound * resampled.std(axis=0, ddof=1)
        rows.append(("S1", name, float(first), float(first_conf)))
        rows.append(("ST", name, float(total), float(total_conf)))
    return rows
