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
# # 03 · Sensitivity: a sweep and a Morris screening of the levers
#
# A comparison answers "what does *this* package do?". Sensitivity analysis asks "which levers
# matter at all, and how much does the answer depend on values we only estimated?". Two tools:
#
# 1. a **sweep** (full factorial) of two levers, to see a response surface;
# 2. a **Morris screening** (Morris 1991, doi:10.1080/00401706.1991.10484804) of several levers:
#    μ* ranks how much each lever moves an outcome, σ says whether its effect depends on the other
#    levers (interactions, non-linearity).
#
# Every run of a design point uses the same seeds (common random numbers). Defaults are small
# (one village, 2 replications); raise `TRAJECTORIES` and `REPLICATIONS` (and `VILLAGES`) for
# results to rely on, or run `govsim sensitivity experiments/morris_levers.toml` on a cluster.

# %% tags=["parameters"]
VILLAGES = 1
DAYS = 365
REPLICATIONS = 2
TRAJECTORIES = 6
WORKERS = 2

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from govsim.experiments import (
    Experiment,
    FullFactorial,
    GovsimModel,
    MorrisDesign,
    RealParameter,
    analyze,
    read_results,
    run_experiment,
)
from govsim.scenario import load_scenario

REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
OUT = REPO / "out" / "notebooks" / "03_sensitivity"
base = load_scenario(REPO / "scenarios" / "baseline.toml", {"county.villages": VILLAGES})
OUTPUTS = ("resolved_within_sla_share", "participation_share", "genuine_share", "programme_cost_cny_per_year")
model = GovsimModel(base=base, days=DAYS, outputs=OUTPUTS)

# %% [markdown]
# ## A sweep: audits against the logging burden
#
# Three levels each of the audit rate and of grid workers' minutes a day on logs.

# %%
sweep = Experiment(
    name="sweep_audit_logging",
    model=model,
    design=FullFactorial(levels=3),
    parameters=(
        RealParameter("appraisal.audit_rate", 0.0, 0.3),
        RealParameter("grid_workers.logging_minutes_per_day", 60.0, 180.0),
    ),
    replications=REPLICATIONS,
    seed=3,
)
run_experiment(sweep, OUT / "sweep", workers=WORKERS, force=True, progress=False)
runs = read_results(OUT / "sweep")
surface = runs.groupby(["param.appraisal.audit_rate", "param.grid_workers.logging_minutes_per_day"])[
    "output.genuine_share"
].mean().unstack()
surface.round(3)

# %%
ax = surface.T.plot(marker="o", figsize=(6, 3.2), title="genuine share of cases (mean over seeds)")
ax.set_xlabel("grid workers' minutes a day on logs")
ax.legend(title="audit rate", fontsize=8);

# %% [markdown]
# ## Morris screening of six levers
#
# Each trajectory changes one lever at a time across a 4-level grid of its range; the elementary
# effects are averaged over replications before SALib's estimator. Unit prices are in the screen
# too (the camera price): a conclusion about cost should not rest on one estimated price.

# %%
levers = (
    RealParameter("appraisal.audit_rate", 0.0, 0.3),
    RealParameter("grid_workers.logging_minutes_per_day", 60.0, 180.0),
    RealParameter("feedback.notified_share", 0.2, 1.0),
    RealParameter("sharing.responsibility_list_coverage", 0.0, 1.0),
    RealParameter("cameras.coverage_share", 0.0, 0.8),
    RealParameter("costs.camera_cny_per_covered_grid_per_year", 3000.0, 12000.0),
)
morris = Experiment(
    name="morris_levers",
    model=model,
    design=MorrisDesign(trajectories=TRAJECTORIES),
    parameters=levers,
    replications=REPLICATIONS,
    seed=4,
)
run_experiment(morris, OUT / "morris", workers=WORKERS, force=True, progress=False)
result = analyze(read_results(OUT / "morris"), morris, num_resamples=200)
print(f"{morris.total_runs} runs")
result.table("resolved_within_sla_share").round(4)

# %%
fig, axes = plt.subplots(1, len(OUTPUTS), figsize=(4 * len(OUTPUTS), 3.4), layout="constrained")
for ax, output in zip(axes, OUTPUTS, strict=True):
    table = result.table(output)
    ax.scatter(table["mu_star"], table["sigma"])
    for name, row in table.iterrows():
        ax.annotate(name.split(".")[-1], (row["mu_star"], row["sigma"]), fontsize=7)
    ax.set_title(output, fontsize=9)
    ax.set_xlabel("μ*")
axes[0].set_ylabel("σ");

# %% [markdown]
# ## Reading it
#
# For each outcome the table ranks the levers by μ* (the mean absolute change of the outcome when
# the lever moves across its range); the interval `mu_star_conf` is a bootstrap over trajectories.
# Where neighbouring intervals overlap, the ranking is not resolved (a warning says so) — add
# trajectories. `noise_share` says how much of the variation between design points is replication
# noise; when it is large, add replications before reading the ranks. A unit price (the camera
# price) can move only the cost, never an outcome: its μ* of zero for the outcomes is a check.

# %%
for output in OUTPUTS:
    table = result.table(output)
    top = table.index[0]
    noise = float(result.noise.set_index("output").loc[output, "noise_share"])
    verdict = "mostly replication noise: add replications or villages before ranking" if noise > 0.5 else "ranking readable"
    print(f"{output}: most influential lever {top} (μ* {table['mu_star'].iloc[0]:.4g}); "
          f"replication noise {100 * noise:.0f}% of the variance of point means — {verdict}")
for line in result.ambiguities:
    print("unresolved:", line)
