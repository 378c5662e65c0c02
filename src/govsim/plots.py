"""Matplotlib figures of one run: backlog, channel shares, trust and participation over time.

Uses the non-interactive Agg backend through explicit ``Figure`` objects (no pyplot state), so it
works on headless machines and in worker processes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from govsim.enums import Channel

__all__ = ["plot_backlog", "plot_beliefs", "plot_channels", "save_run_plots"]

ROLLING_DAYS = 30


def plot_backlog(daily: pd.DataFrame) -> Figure:
    """Open cases, centre and department queues, and new cases (30-day mean) by day."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    ax.plot(daily.index, daily["backlog"], label="open cases (backlog)")
    ax.plot(daily.index, daily["department_queue"], label="waiting at departments")
    ax.plot(daily.index, daily["centre_queue"], label="waiting at the centre")
    ax.plot(
        daily.index,
        daily["new_cases"].rolling(ROLLING_DAYS, min_periods=1).mean(),
        ":",
        label="new cases/day (30-day mean)",
    )
    ax.set_xlabel("day")
    ax.set_ylabel("cases")
    ax.set_title("Backlog")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def plot_channels(daily: pd.DataFrame) -> Figure:
    """Share of reports by channel, 30-day rolling."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    columns = [f"reports_{c.label}" for c in Channel]
    counts = daily[columns].rolling(ROLLING_DAYS, min_periods=1).sum()
    shares = counts.div(counts.sum(axis=1).where(lambda total: total > 0), axis=0)
    ax.stackplot(
        daily.index,
        shares.fillna(0.0).T.to_numpy(),
        labels=[c.label.replace("_", " ") for c in Channel],
    )
    ax.set_ylim(0, 1)
    ax.set_xlabel("day")
    ax.set_ylabel("share of reports (30-day window)")
    ax.set_title("Reporting channels")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def plot_beliefs(daily: pd.DataFrame) -> Figure:
    """Trust, efficacy, ownership, awareness, participation and departments' relations by day."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    for column, label in (
        ("mean_trust", "mean trust (residents)"),
        ("mean_efficacy", "mean efficacy (residents)"),
        ("ownership_share", "ownership (residents)"),
        ("awareness_share", "policy awareness"),
        ("participation_share", "participation (90 days)"),
        ("department_relations", "departments' working relations"),
    ):
        ax.plot(daily.index, daily[column], label=label)
    ax.set_ylim(0, 1)
    ax.set_xlabel("day")
    ax.set_ylabel("share / score (0-1)")
    ax.set_title("Trust, ownership and participation")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def save_run_plots(daily: pd.DataFrame, directory: Path) -> list[Path]:
    """Write the three figures as PNG files into ``directory``; return their paths."""
    paths = []
    for name, make in (
        ("backlog", plot_backlog),
        ("channels", plot_channels),
        ("trust_participation", plot_beliefs),
    ):
        path = directory / f"{name}.png"
        make(daily).savefig(path, dpi=110)
        paths.append(path)
    return paths
