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
# # 02 · Compare policy packages: the planner's notebook
#
# A county's status quo against four packages of levers, each rolled out on the same day and run
# with the **same seeds** (common random numbers: seed *k* draws the same villagers, problems and
# chances in every scenario, so the difference for that seed is the package's effect). The decision
# report says which package improves which outcome, by how much, how surely, and at what cost.
#
# Defaults keep this quick (a township of 30 villages, 5 seeds, about half a minute on 2 cores).
# For a decision, raise `SEEDS` to 10-20 and `VILLAGES` to the county's 400; nothing else changes.

# %% tags=["parameters"]
VILLAGES = 30  # 1 village, 30 a township, 400 the whole baseline county
SEEDS = 5  # paired replications per scenario; 10-20 for a decision
HORIZONS = (90, 365)  # days after roll-out at which outcomes are read
ROLLOUT_DAY = 0  # reported day the packages take effect; before it, every arm is the status quo
PACKAGES = ["result_appraisal", "data_standard_lists", "livestream_meetings", "combined_package"]
WORKERS = 2

# %%
from pathlib import Path

import pandas as pd

from govsim.report import compare

REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
scenarios = REPO / "scenarios"
report = compare(
    scenarios / "baseline.toml",
    *(scenarios / f"{name}.toml" for name in PACKAGES),
    seeds=SEEDS,
    horizons=HORIZONS,
    rollout_day=ROLLOUT_DAY,
    overrides={"county.villages": VILLAGES},
    labels=["status quo", *PACKAGES],
    workers=WORKERS,
)
print(f"{len(report.labels)} scenarios × {len(report.seeds)} seeds; failed runs: {report.failed}")

# %% [markdown]
# ## The decision report
#
# The report displays itself: in brief; the headline outcomes grouped into participation,
# handling, equity and cost, green where a package is clearly better and red where clearly worse
# (by each outcome's desirable direction — a smaller backlog is better); the levers each package
# changes; programme cost and cost-effectiveness; effects over time; time paths; how to read it;
# and every metric folded away at the end.

# %%
report

# %% [markdown]
# ## The same numbers as tables
#
# `report.headline()` is the headline table in long form; `report.effects` has every metric at
# every horizon with its interval, raw and corrected p-values and effect size.

# %%
headline = report.headline()
headline.pivot(index="metric", columns="package", values="mean_difference").round(4)

# %% [markdown]
# ## Effects over horizons
#
# Some levers act fast (routing, staffing), some slowly (trust, ownership, relations). The change at
# each horizon, with verdicts:

# %%
effects = report.effects[report.effects["metric"].isin(["resolved_within_sla_share", "participation_share", "mean_trust", "backlog_end"])]
effects.pivot_table(index=["metric", "package"], columns="horizon", values="mean_difference").round(4)

# %% [markdown]
# ## Costs
#
# Programme cost per year by budget line (means over seeds), and what the extra money buys:
# CNY per extra case resolved within the time limit and per extra percentage point of
# participation. A ratio is given only where the gain is clear.

# %%
(report.cost_lines() / 1e4).round(1).rename(columns=lambda c: c.replace("_cny_per_year", "")).add_suffix(" (10k CNY)")

# %%
report.costs[["package", "outcome", "extra_cost", "gain", "gain_low", "gain_high", "standing", "cost_per_unit", "cost_per_unit_low", "cost_per_unit_high"]].round(2)

# %% [markdown]
# ## Time paths
#
# Median over seeds and the middle 80% of seeds, with the roll-out marked.

# %%
report.figure("paths")

# %% [markdown]
# ## Save the report
#
# One self-contained HTML page per language (figures embedded, no external requests), Markdown
# with its figures, and the tables as CSV. `govsim compare` does all of this from the command line.

# %%
written = report.write(REPO / "out" / "notebooks" / "02_compare_policies")
[p.name for p in written if p.suffix in {".html", ".md"}]
