# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Theory for teachers: the collaborative cycle and the stylized facts
#
# govsim operationalises collaborative governance (Ansell & Gash 2008; Emerson, Nabatchi & Balogh
# 2012) and coproduction (Ostrom 1996): a report is coproduction, with the villager as sensor and
# the department as producer; outcomes feed back into trust and efficacy, and so into whether
# villagers report next time. This notebook shows the cycle and some of the stylized facts the model
# reproduces (`docs/model.md` §1.2), each as one small experiment with paired seeds.
#
# Defaults: a township of 10 villages, 3 seeds; raise `SEEDS` for smoother curves.

# %% tags=["parameters"]
VILLAGES = 10
SEEDS = 3
DAYS = 365

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import govsim
from govsim.report import time_paths

REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
SCENARIOS = REPO / "scenarios"


def runs(file: str, overrides: dict | None = None) -> list[govsim.RunResult]:
    """One run per seed of a scenario file (with the township size and overrides)."""
    scenario = govsim.load_scenario(SCENARIOS / file, {"county.villages": VILLAGES, **(overrides or {})})
    return [govsim.run(scenario, days=DAYS, seed=seed) for seed in range(SEEDS)]


def median_path(results: list[govsim.RunResult], column: str) -> pd.Series:
    return pd.concat([time_paths(r)[column] for r in results], axis=1).median(axis=1)


# %% [markdown]
# ## The collaborative cycle in one run
#
# Reports that get resolved raise trust and efficacy; trust and efficacy raise reporting. Plotted
# against each other over a year, the cycle shows as a co-movement of trust and the share of cases
# resolved within the time limit (rates over the last 30 days).

# %%
base = runs("baseline.toml")
paths = time_paths(base[0])
fig, axes = plt.subplots(1, 2, figsize=(11, 3.3), layout="constrained")
(100 * paths["resolved_within_sla_share"]).plot(ax=axes[0], label="resolved within time limit (%)")
axes[0].twinx().plot(paths.index, paths["mean_trust"], color="tab:orange", label="trust")
axes[0].set_title("handling and trust over a year")
axes[1].scatter(paths["mean_trust"], paths["genuine_reports_per_1000_per_month"], c=paths.index, s=6)
axes[1].set_xlabel("trust")
axes[1].set_ylabel("reports of real problems per 1,000 adults per month")
axes[1].set_title("trust and reporting (colour: day)");

# %% [markdown]
# ## Fact 1 — responsiveness feeds participation
#
# The same county with departments that resolve 90% of the cases they take on, against 40%.
# Persistent non-resolution erodes trust and, with it, reporting.

# %%
departments = govsim.load_scenario(SCENARIOS / "baseline.toml").departments
def resolving(p: float) -> dict:
    return {f"departments.{d.name}.resolve_probability": p for d in departments}

responsive, unresponsive = runs("baseline.toml", resolving(0.9)), runs("baseline.toml", resolving(0.4))
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2), layout="constrained")
for label, results in (("resolve 90%", responsive), ("resolve 40%", unresponsive)):
    median_path(results, "mean_trust").plot(ax=axes[0], label=label)
    median_path(results, "genuine_reports_per_1000_per_month").plot(ax=axes[1], label=label)
axes[0].set_title("trust")
axes[1].set_title("reports of real problems per 1,000 adults per month")
axes[0].legend();

# %% [markdown]
# ## Fact 2 — familiar channels beat the official website for awareness
#
# The same publicity budget moved from the website to TV/radio, party members and WeChat groups,
# in plain language, with grid workers spending 30 minutes a day door to door.

# %%
familiar = runs("familiar_publicity.toml")
ax = plt.figure(figsize=(6, 3.2), layout="constrained").add_subplot()
for label, results in (("status quo (website)", base), ("familiar channels", familiar)):
    awareness = pd.concat([r.daily["awareness_share"] for r in results], axis=1).median(axis=1)
    (100 * awareness).plot(ax=ax, label=label)
ax.set_title("villagers aware of the policy (%)")
ax.legend();

# %% [markdown]
# ## Fact 4 — data standards and responsibility lists cut cross-department delay and bouncing

# %%
lists = runs("data_standard_lists.toml")
table = pd.DataFrame(
    {
        label: {
            "median days, cross-department": np.median([r.summary["median_days_cross_department"] for r in results]),
            "bounces per routed case": np.mean([r.summary["bounces_per_case"] for r in results]),
            "departments' working relations": np.mean([r.summary["department_relations"] for r in results]),
        }
        for label, results in (("status quo", base), ("data standard + lists", lists))
    }
)
table.round(2)

# %% [markdown]
# ## Fact 8 — a thin hub makes backlog grow non-linearly as load rises
#
# Departments' staffing scaled down step by step: the backlog at the end of the year stays low,
# then shoots up once capacity falls below the load.

# %%
scales = [1.0, 0.8, 0.65, 0.5, 0.4]
backlog = []
for scale in scales:
    overrides = {f"departments.{d.name}.staff_per_100k_adults": d.staff_per_100k_adults * scale for d in departments}
    backlog.append(np.mean([r.summary["backlog_end"] for r in runs("baseline.toml", overrides)]))
ax = plt.figure(figsize=(5.5, 3.2), layout="constrained").add_subplot()
ax.plot([100 * s for s in scales], backlog, marker="o")
ax.set_xlabel("department staffing (% of the status quo)")
ax.set_ylabel("open cases at year end")
ax.invert_xaxis();

# %% [markdown]
# ## Fact 12 — livestreamed meetings let migrant workers take part

# %%
live = runs("livestream_meetings.toml")
ax = plt.figure(figsize=(6, 3.2), layout="constrained").add_subplot()
for label, results in (("status quo", base), ("livestreamed meetings", live)):
    share = pd.concat([r.daily["migrant_participation_share"] for r in results], axis=1).median(axis=1)
    (100 * share).plot(ax=ax, label=label)
ax.set_title("migrant workers taking part in the last 90 days (%)")
ax.legend();

# %% [markdown]
# ## For discussion
#
# - Which of these effects are fast (routing, staffing) and which slow (trust, relations)?
# - The count-based appraisal (fact 3) rewards *reports*, not *resolutions*: what does
#   `result_appraisal.toml` change, and which metric would a count-based appraisal make look good?
# - Run `02_compare_policies` to see the same levers as a planner's decision report.
