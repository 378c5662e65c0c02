# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · Quick start: one run, its daily series, its case ledger and its reports
#
# A run of govsim is one simulated county (or part of one) day by day: problems arise in villages,
# villagers and grid workers notice them, some are reported through a channel (12345 hotline, grid
# worker, village committee, WeChat group, government app), village cadres settle small matters,
# the governance centre (综治中心) routes the rest to departments, and outcomes feed back into trust.
#
# This notebook runs the one-village scenario for a year and looks at what a run produces. Change
# `VILLAGES` to run more of the county (30 is a township; 400 the whole baseline county, ~5 s).

# %% tags=["parameters"]
VILLAGES = 1  # villages simulated: 1 (a village), 30 (a township), 400 (the county)
DAYS = 365
SEED = 1

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import govsim
from govsim.metrics import DAILY, SUMMARY

REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
scenario = govsim.load_scenario(REPO / "scenarios" / "baseline.toml", {"county.villages": VILLAGES})
result = govsim.run(scenario, days=DAYS, seed=SEED)
print(f"{scenario.name}: {result.summary['villagers']:,.0f} adults in {VILLAGES} villages, "
      f"{DAYS} days, set-up {result.timings['setup_seconds']:.2f} s, run {result.timings['run_seconds']:.2f} s")

# %% [markdown]
# ## The summary: one value per metric, with its unit and desirable direction
#
# Every metric is registered with a unit, the direction in which it is better and the report group
# it belongs to (`govsim.metrics.SUMMARY`), so tables and reports never guess.

# %%
summary = pd.DataFrame(
    [
        {"metric": m.name, "value": result.summary[m.name], "unit": m.unit,
         "better": m.direction.value, "group": m.group.value}
        for m in SUMMARY
    ]
).set_index("metric")
summary[summary["group"].isin(["participation", "handling", "equity", "cost"])].round(3)

# %% [markdown]
# ## The daily series
#
# `result.daily` has one row per day and one column per registered daily metric. Participation and
# reporting shares look back 90 days, so they start from zero: the first quarter is a warm-up.

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.2), layout="constrained")
result.daily["backlog"].plot(ax=axes[0], title=f"backlog ({DAILY['backlog'].unit})")
result.daily[["mean_trust", "mean_efficacy"]].plot(ax=axes[1], title="residents' trust and efficacy (0-1)")
(100 * result.daily[["participation_share", "awareness_share"]]).plot(ax=axes[2], title="% of adults")
for ax in axes:
    ax.set_xlabel("day")

# %% [markdown]
# ## The case ledger: one row per case
#
# Who reported it and through which channel, which department handled it, how long it took,
# whether it was resolved in time, whether the reporter was told.

# %%
cases = result.cases
genuine = cases[cases["genuine"] & (cases["closed_day"] >= 0)]
in_time = genuine["outcome"].isin(["resolved", "settled_locally"]) & (genuine["days_to_close"] <= genuine["sla_days"])
by_channel = pd.DataFrame(
    {
        "cases": genuine.groupby("channel", observed=True).size(),
        "resolved in time": in_time.groupby(genuine["channel"], observed=True).mean().round(3),
        "median days": genuine.groupby("channel", observed=True)["days_to_close"].median(),
    }
)
by_channel

# %%
ax = genuine["days_to_close"].clip(upper=40).plot.hist(bins=40, figsize=(6, 3), title="days from report to closure (genuine cases)")
ax.set_xlabel("days (40 = 40 or more)");

# %% [markdown]
# ## The reports: how villagers reach the system
#
# Reports per channel per week (duplicates included). The seeds report that villagers rarely use the
# app or website and mostly tell the grid worker or the village committee, or call 12345.

# %%
channels = [c for c in result.daily.columns if c.startswith("reports_")]
weekly = result.daily[channels].groupby(result.daily.index // 7).sum()
weekly.columns = [c.removeprefix("reports_").replace("_", " ") for c in channels]
ax = weekly.plot.area(figsize=(8, 3), title="reports per week by channel")
ax.set_xlabel("week");

# %% [markdown]
# ## Programme cost
#
# Each lever with a money or staff cost is priced in the scenario's `[costs]` section (all estimates,
# tagged `E`, for a planner to replace with the county's own prices); the run reports each budget
# line per year.

# %%
from govsim.metrics import COST_LINES

pd.Series({line: result.summary[line] for line in [*COST_LINES, "programme_cost_cny_per_year"]}, name="CNY/year").round(0)

# %% [markdown]
# ## Save the run
#
# `result.save(directory)` writes the daily series, the case ledger and the reports (Parquet),
# the summary and the scenario (JSON); `govsim.RunResult.load(directory)` reads them back.
# `govsim run scenarios/village.toml` does the same from the command line.

# %%
out = result.save(REPO / "out" / "notebooks" / "01_quickstart")
sorted(p.name for p in out.iterdir())
