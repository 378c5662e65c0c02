"""Figures for sensitivity analyses, saved to files (a comparison's are in :mod:`govsim.report`).

Matplotlib is used through its object API on the non-interactive Agg canvas (no ``pyplot``, no
global state, never ``show()``), so plotting works on headless cluster nodes and in tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["plot_indices", "plot_morris"]


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def plot_indices(indices: pd.DataFrame, output: str, path: Path | str) -> Path:
    """Plot the first-order and total indices (or μ*) of one output with their intervals.

    Parameters
    ----------
    indices:
        ``SensitivityResult.indices``.
    output:
        The output to plot.
    path:
        Image file to write (format from the suffix).
    """
    rows = indices[(indices["output"] == output) & indices["index"].isin(["S1", "ST", "mu_star"])]
    kinds = [kind for kind in ("ST", "S1", "mu_star") if kind in set(rows["index"])]
    order_by = kinds[0]
    ranked = rows[rows["index"] == order_by].sort_values("value")["parameter"].tolist()
    figure = _figure(7.0, 1.2 + 0.35 * len(ranked))
    axes = figure.add_subplot()
    height = 0.8 / len(kinds)
    positions = np.arange(len(ranked))
    for offset, kind in enumerate(kinds):
        values = rows[rows["index"] == kind].set_index("parameter").reindex(ranked)
        axes.barh(
            positions + (offset - (len(kinds) - 1) / 2) * height,
            values["value"],
            height=height,
            xerr=values["conf"].fillna(0.0),
            capsize=2,
            label=kind,
        )
    axes.set_yticks(positions, ranked)
    axes.axvline(0.0, color="0.3", linewidth=0.8)
    method = str(rows["method"].iloc[0]) if len(rows) else ""
    axes.set_xlabel("μ* (output units)" if order_by == "mu_star" else "sensitivity index")
    axes.set_title(f"{method} indices of {output} (bars: interval)")
    axes.legend(loc="lower right")
    return _save(figure, path)


def plot_morris(indices: pd.DataFrame, output: str, path: Path | str) -> Path:
    """Plot Morris σ against μ* for one output, inputs labelled, with μ* intervals.

    Inputs near the origin are negligible; far right, influential; high σ/μ*, non-linear or
    interacting (Morris 1991, doi:10.1080/00401706.1991.10484804).
    """
    rows = indices[indices["output"] == output]
    wide = rows.pivot_table(index="parameter", columns="index", values="value")
    conf = rows[rows["index"] == "mu_star"].set_index("parameter")["conf"]
    figure = _figure(6.5, 5.0)
    axes = figure.add_subplot()
    axes.errorbar(
        wide["mu_star"],
        wide["sigma"],
        xerr=conf.reindex(wide.index).fillna(0.0),
        fmt="o",
        capsize=2,
    )
    for name, row in wide.iterrows():
        axes.annotate(
            str(name),
            (row["mu_star"], row["sigma"]),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    top = float(max(wide["mu_star"].max(), wide["sigma"].max(), 0.0)) or 1.0
    axes.plot([0, top], [0, top], color="0.6", linewidth=0.8, linestyle="--", label="σ = μ*")
    axes.set_xlabel("μ* (mean absolute elementary effect)")
    axes.set_ylabel("σ (spread of elementary effects)")
    axes.set_title(f"Morris screening of {output}")
    axes.legend(loc="upper left")
    return _save(figure, path)


def _save(figure: Any, path: Path | str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=120)
    return target
