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
# # 05 · Your county: a scenario from the county's own figures
#
# Fill in the county's figures below — villages, adults, departments' case-handling staff, the
# centre's dispatchers, and the shares of reports that arrive through each channel today — and this
# notebook turns them into a scenario file over the baseline, nudges the channel preferences until
# the simulated channel mix matches the county's, and checks the result against the calibration
# targets. Everything else keeps the baseline's values (see `govsim levers --all`).
#
# For speed the checks simulate a sample of `SAMPLE_VILLAGES` villages of the county (the scenario
# file keeps the county's full size); set it to the county's villages for a full check.

# %% tags=["parameters"]
COUNTY = {
    "name": "my_county",
    "villages": 212,
    "adults": 230_000,
    # case-handling staff by department (people, not per 100k)
    "department_staff": {
        "civil_affairs": 5, "judicial": 7, "market_regulation": 3, "natural_resources": 4,
        "environment": 5, "agriculture": 5, "public_security": 4, "housing_transport": 6,
        "human_resources": 2,
    },
    "centre_staff": 3,
    # shares of reports by channel today (from the centre's intake records)
    "channel_shares": {"hotline": 0.15, "grid_worker": 0.47, "village_committee": 0.24, "wechat": 0.12, "app": 0.02},
}
SAMPLE_VILLAGES = 10
SEEDS = (1, 2)
DAYS = 365
ROUNDS = 2  # rounds of channel-preference adjustment

# %%
import math
from pathlib import Path

import pandas as pd

import govsim
from govsim.calibration import TARGETS, calibrate
from govsim.scenario import load_scenario

REPO = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
SCENARIOS = REPO / "scenarios"
OUT = REPO / "out" / "notebooks" / "05_your_county"
OUT.mkdir(parents=True, exist_ok=True)
baseline = load_scenario(REPO / "scenarios" / "baseline.toml")

# %% [markdown]
# ## From the county's figures to scenario values
#
# Staff become staff per 100,000 adults (the schema's unit, so a sample of villages keeps the
# county's staffing ratio); adults per village become households per village at the baseline's
# adults per household.

# %%
per_100k = 100_000 / COUNTY["adults"]
adults_per_village = COUNTY["adults"] / COUNTY["villages"]
values = {
    "county.villages": COUNTY["villages"],
    "county.households_per_village_mean": round(adults_per_village / baseline.county.adults_per_household_mean, 1),
    "centre.staff_per_100k_adults": round(COUNTY["centre_staff"] * per_100k, 3),
}
for department, staff in COUNTY["department_staff"].items():
    values[f"departments.{department}.staff_per_100k_adults"] = round(staff * per_100k, 3)
pd.Series(values, name="value").to_frame()

# %% [markdown]
# ## Matching today's channel mix
#
# Channel choice is a multinomial logit, so raising a channel's utility by log(target / simulated
# share) moves its share towards the target; two rounds on the sample are usually close.

# %%
channels = list(COUNTY["channel_shares"])
utilities = {c: getattr(baseline.channels, c).utility for c in channels}


def simulate(extra: dict) -> dict:
    scenario = load_scenario(REPO / "scenarios" / "baseline.toml", {**values, **extra, "county.villages": SAMPLE_VILLAGES})
    runs = [govsim.run(scenario, days=DAYS, seed=seed).summary for seed in SEEDS]
    return {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}


history = []
for round_ in range(ROUNDS + 1):
    extra = {f"channels.{c}.utility": round(u, 3) for c, u in utilities.items()}
    summary = simulate(extra)
    simulated = {c: summary[f"channel_share_{c}"] for c in channels}
    history.append({"round": round_, **{c: round(simulated[c], 3) for c in channels}})
    if round_ < ROUNDS:
        for c in channels:
            utilities[c] += math.log(COUNTY["channel_shares"][c] / max(simulated[c], 1e-3))
pd.DataFrame([*history, {"round": "county", **COUNTY["channel_shares"]}]).set_index("round")

# %% [markdown]
# ## The scenario file
#
# Dotted keys over the baseline: a file the county can keep, review and run with `govsim run`,
# `govsim compare` or `govsim calibrate` (`--scenario-path scenarios` lets it extend the shipped
# baseline from outside `scenarios/`).

# %%
values.update({f"channels.{c}.utility": round(u, 3) for c, u in utilities.items()})
lines = [
    f"# {COUNTY['name']}: the baseline with the county's own size, staffing and channel mix",
    'extends = "../../../scenarios/baseline.toml"',
    f'name = "{COUNTY["name"]}"',
    f'description = "{COUNTY["villages"]} villages, {COUNTY["adults"]:,} adults; staffing and channel mix from county figures"',
    *(f"{path} = {value}" for path, value in values.items()),
]
path = OUT / f"{COUNTY['name']}.toml"
path.write_text("\n".join(lines) + "\n", encoding="utf-8")
county = load_scenario(path, search_paths=[SCENARIOS])  # validated: errors name their path
print(path.read_text())

# %% [markdown]
# ## Check against the calibration targets
#
# The targets are the figures of the seed documents and the literature for a one-year status quo
# (ownership ≈ 20%, 12345 intake ≈ 90% by phone, resolved within the time limit 50-75%, ...). A
# county that misses one is either different (then say why) or mis-specified.

# %%
sample = load_scenario(path, {"county.villages": SAMPLE_VILLAGES}, search_paths=[SCENARIOS])
table = calibrate(sample, seeds=SEEDS, days=DAYS)
print(f"{int(table['in_range'].sum())} of {len(table)} targets in range")
table[["low", "high", "model_mean", "in_range", "source"]].round(3)
