"""The decision report's figures: effects by outcome, time paths and cost by budget line.

Each figure is a small multiple that stays readable whatever the metrics' units: one panel per
outcome, each on its own axis in the outcome's display unit (percentage points for shares, days,
cases, CNY), so no near-zero reference mean can stretch a shared axis. Colours carry meaning:
green better, red worse (by the registry's desirable direction, when the corrected test is
clear), grey unclear; scenarios keep one colour across figures.

Matplotlib is used through its object API on the Agg canvas (no ``pyplot``, no global state);
Chinese labels need a CJK font, looked up once (:func:`cjk_font`); without one, figures fall back
to English labels and the report says so.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np
import pandas as pd

from govsim.i18n import Language, metric_label, text
from govsim.metrics import SUMMARY
from govsim.report.analysis import Verdict
from govsim.report.formatting import change_unit, display_factor, display_scale

__all__ = [
    "ARM_COLOURS",
    "VERDICT_COLOURS",
    "cjk_font",
    "figure_language",
    "plot_costs",
    "plot_effects",
    "plot_time_paths",
    "png_bytes",
]

#: Colours of verdicts (colour-blind-safe pairs from the Okabe-Ito palette, plus grey).
VERDICT_COLOURS: dict[str, str] = {
    Verdict.BETTER: "#009E73",
    Verdict.WORSE: "#D55E00",
    Verdict.CHANGED: "#0072B2",
    Verdict.UNCLEAR: "#8C8C8C",
    Verdict.NOT_JUDGED: "#8C8C8C",
    Verdict.TOO_FEW: "#8C8C8C",
    Verdict.UNDEFINED: "#8C8C8C",
}
#: Scenario colours: the reference in near-black, packages in Okabe-Ito hues.
ARM_COLOURS: tuple[str, ...] = (
    "#333333",
    "#0072B2",
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#009E73",
    "#D55E00",
)
_HORIZON_MARKERS = ("o", "s", "D", "^", "v")
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


_CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "droidsansfallback", "uming")


@functools.cache
def cjk_font() -> str | None:
    """The first installed font with Simplified Chinese glyphs, or ``None``.

    Matplotlib's font list is cached from when it was first built; a CJK font installed since
    (``apt-get install fonts-noto-cjk``) is found among the system's font files and added.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {entry.name for entry in font_manager.fontManager.ttflist}
        return next((name for name in _CJK_FONTS if name in installed), None)

    found = known()
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(part in path.lower().replace("-", "").replace("_", "") for part in _CJK_FILES):
                font_manager.fontManager.addfont(path)
        found = known()
    return found


def figure_language(lang: Language) -> Language:
    """The language figures can be labelled in: Chinese only with a CJK font installed."""
    return "zh" if lang == "zh" and cjk_font() is not None else "en"


def _fonts(lang: Language) -> AbstractContextManager[Any]:
    if lang != "zh":
        return nullcontext()
    import matplotlib as mpl

    # concrete family names: texts keep them, so the figure draws the same outside this context
    return mpl.rc_context({"font.family": [cjk_font(), "DejaVu Sans"], "axes.unicode_minus": False})


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Any, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for embedding in HTML or writing next to Markdown)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _wrap(title: str, lang: Language, width: int = 34) -> str:
    """Wrap a panel title so it never runs into the next panel."""
    import textwrap

    if lang == "zh":
        return "\n".join(title[i : i + 16] for i in range(0, len(title), 16))
    return "\n".join(textwrap.wrap(title, width))


def _grid(count: int, columns: int) -> tuple[int, int]:
    columns = min(columns, max(count, 1))
    return math.ceil(count / columns), columns


def plot_effects(
    effects: pd.DataFrame,
    metrics: Sequence[str],
    packages: Sequence[str],
    *,
    reference: str,
    lang: Language = "en",
    columns: int = 3,
) -> Any:
    """Forest plot as small multiples: one panel per metric, packages down, horizons as markers.

    Each panel's axis is the metric's change in its display unit and always includes zero.
    """
    lang = figure_language(lang)
    horizons = sorted(effects["horizon"].unique())
    rows, cols = _grid(len(metrics), columns)
    with _fonts(lang):
        figure = _figure(3.3 * cols, 0.55 + (0.42 * len(packages) + 0.75) * rows)
        axes_grid = figure.subplots(rows, cols, squeeze=False)
        step = 0.6 / max(len(horizons), 1)
        for index, name in enumerate(metrics):
            axes = axes_grid[index // cols][index % cols]
            unit = SUMMARY[name].unit
            factor = display_factor(unit)
            chosen = effects[effects["metric"] == name]
            for h_index, horizon in enumerate(horizons):
                offset = (h_index - (len(horizons) - 1) / 2) * step
                for p_index, package in enumerate(packages):
                    row = chosen[(chosen["package"] == package) & (chosen["horizon"] == horizon)]
                    if row.empty:
                        continue
                    r = row.iloc[0]
                    y = len(packages) - 1 - p_index + offset
                    colour = VERDICT_COLOURS[str(r["verdict"])]
                    filled = h_index == len(horizons) - 1
                    axes.plot(
                        [r["ci_low"] * factor, r["ci_high"] * factor],
                        [y, y],
                        color=colour,
                        linewidth=1.8,
                        solid_capstyle="butt",
                    )
                    axes.plot(
                        [r["mean_difference"] * factor],
                        [y],
                        marker=_HORIZON_MARKERS[h_index % len(_HORIZON_MARKERS)],
                        markersize=5.5,
                        color=colour,
                        markerfacecolor=colour if filled else "white",
                        linestyle="none",
                    )
            axes.axvline(0.0, color="0.35", linewidth=0.8)
            axes.set_yticks(range(len(packages)), list(reversed(packages)), fontsize=8)
            axes.set_ylim(-0.7, len(packages) - 0.3)
            axes.set_title(_wrap(metric_label(name, lang), lang), fontsize=9, loc="left")
            axes.set_xlabel(change_unit(unit, lang), fontsize=8)
            axes.tick_params(axis="x", labelsize=7.5)
            axes.grid(axis="x", color="0.9", linewidth=0.6)
            axes.set_axisbelow(True)
            for side in ("top", "right"):
                axes.spines[side].set_visible(False)
            if display_scale(unit).value == "money":
                axes.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4))
        for index in range(len(metrics), rows * cols):
            axes_grid[index // cols][index % cols].set_visible(False)
        handles = _horizon_handles(horizons, lang)
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            fontsize=8,
            frameon=False,
        )
        figure.suptitle(text("report.fig.effects_title", lang, reference=reference), fontsize=10.5)
    return figure


def _horizon_handles(horizons: Sequence[int], lang: Language) -> list[Any]:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker=_HORIZON_MARKERS[i % len(_HORIZON_MARKERS)],
            color="0.3",
            markerfacecolor="0.3" if i == len(horizons) - 1 else "white",
            linestyle="none",
            label=text("report.fig.horizon", lang, horizon=int(h)),
        )
        for i, h in enumerate(horizons)
    ]
    handles.extend(
        Line2D(
            [],
            [],
            color=VERDICT_COLOURS[verdict],
            linewidth=2.2,
            label=text(f"report.verdict.{verdict.value}", lang),
        )
        for verdict in (Verdict.BETTER, Verdict.WORSE, Verdict.UNCLEAR)
    )
    return handles


def plot_time_paths(
    paths: pd.DataFrame,
    arms: Sequence[str],
    metrics: Sequence[str],
    *,
    rollout_day: int = 0,
    horizons: Sequence[int] = (),
    lang: Language = "en",
    columns: int = 4,
    band: tuple[float, float] = (0.1, 0.9),
) -> Any:
    """Median over seeds (line) and a quantile band of each metric's path, one panel per metric.

    Parameters
    ----------
    paths:
        Columns ``arm, seed, day`` and one column per metric (:func:`~govsim.report.runs.time_paths`).
    arms:
        Scenario labels, reference first (their colours are :data:`ARM_COLOURS` in this order).
    metrics:
        Columns of ``paths`` to plot, one panel each.
    rollout_day:
        Marked with a dashed line.
    horizons:
        Days after roll-out marked with dotted lines.
    lang:
        Language of the labels.
    columns:
        Panels per row.
    band:
        Quantiles of the band over seeds.
    """
    lang = figure_language(lang)
    rows, cols = _grid(len(metrics), columns)
    with _fonts(lang):
        figure = _figure(3.1 * cols, 0.9 + 2.35 * rows)
        axes_grid = figure.subplots(rows, cols, squeeze=False, sharex=True)
        for index, name in enumerate(metrics):
            axes = axes_grid[index // cols][index % cols]
            unit = SUMMARY[name].unit
            factor = display_factor(unit)
            for a_index, arm in enumerate(arms):
                colour = ARM_COLOURS[a_index % len(ARM_COLOURS)]
                series = paths.loc[paths["arm"] == arm, ["day", name]].dropna()
                if series.empty:
                    continue
                grouped = series.groupby("day")[name]
                median = grouped.median() * factor
                low = grouped.quantile(band[0]) * factor
                high = grouped.quantile(band[1]) * factor
                axes.fill_between(median.index, low, high, color=colour, alpha=0.15, linewidth=0)
                axes.plot(
                    median.index,
                    median,
                    color=colour,
                    linewidth=1.6 if a_index else 1.3,
                    label=arm,
                )
            axes.axvline(rollout_day, color="0.2", linewidth=0.9, linestyle="--")
            for horizon in horizons:
                axes.axvline(rollout_day + horizon, color="0.75", linewidth=0.7, linestyle=":")
            axes.set_title(_wrap(metric_label(name, lang), lang), fontsize=9, loc="left")
            scale = display_scale(unit).value
            axes.set_ylabel(
                {"percent": "%", "points": text("report.format.pp", lang).strip()}.get(scale, ""),
                fontsize=8,
            )
            axes.tick_params(labelsize=7.5)
            axes.grid(color="0.92", linewidth=0.6)
            for side in ("top", "right"):
                axes.spines[side].set_visible(False)
        for index in range(len(metrics), rows * cols):
            axes_grid[index // cols][index % cols].set_visible(False)
        for axes in axes_grid[-1]:
            axes.set_xlabel(text("report.fig.day", lang), fontsize=8)
        handles, labels = axes_grid[0][0].get_legend_handles_labels()
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="0.2", linestyle="--", linewidth=0.9))
        labels.append(text("report.fig.rollout", lang))
        figure.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=len(labels),
            fontsize=8,
            frameon=False,
        )
        figure.suptitle(text("report.fig.paths_title", lang), fontsize=10.5)
    return figure


def plot_costs(
    costs: pd.DataFrame, arms: Sequence[str], lines: Sequence[str], *, lang: Language = "en"
) -> Any:
    """Stacked horizontal bars of programme cost per year by budget line, one bar per scenario.

    Parameters
    ----------
    costs:
        Index: scenario label; columns: the budget-line metrics (CNY per year, means over seeds).
    arms:
        Scenario labels, in the order of the bars (top first).
    lines:
        Budget-line columns to stack.
    lang:
        Language of the labels.
    """
    lang = figure_language(lang)
    from matplotlib import colormaps

    palette = colormaps["tab20c"].colors  # type: ignore[attr-defined]  # a ListedColormap
    with _fonts(lang):
        figure = _figure(9.0, 1.3 + 0.5 * len(arms))
        axes = figure.add_subplot()
        positions = np.arange(len(arms))[::-1]
        left = np.zeros(len(arms))
        scale = 1e4 if lang == "zh" else 1e3  # 万元 for Chinese readers, thousands otherwise
        unit = text("report.fig.cost_axis", lang)
        for l_index, line in enumerate(lines):
            values = costs.loc[list(arms), line].to_numpy(dtype=np.float64) / scale
            axes.barh(
                positions,
                values,
                left=left,
                height=0.6,
                color=palette[(l_index * 4) % len(palette)]
                if l_index < 5
                else palette[(l_index * 4 + 1) % len(palette)],
                label=metric_label(line, lang),
                edgecolor="white",
                linewidth=0.5,
            )
            left += values
        for y, total in zip(positions, left, strict=True):
            axes.text(total, y, f"  {total:,.0f}", va="center", fontsize=8)
        axes.set_yticks(positions, list(arms), fontsize=8.5)
        axes.set_xlabel(unit, fontsize=8.5)
        axes.set_xlim(0, float(left.max()) * 1.12 if len(left) and left.max() > 0 else 1.0)
        axes.tick_params(axis="x", labelsize=8)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.legend(loc="outside right upper", fontsize=7.5, frameon=False)
        axes.set_title(text("report.fig.costs_title", lang), fontsize=10.5, loc="left")
    return figure
