"""Scenarios: typed, validated, immutable descriptions of a county and its policy levers.

Files are TOML (``scenarios/*.toml``); a file may ``extends = "baseline.toml"`` and be overridden
by dotted paths (``appraisal.count_weight=0.8``). Every error names the field's full path and what
is allowed. The schema is :class:`Scenario` (:mod:`govsim.scenario.schema`), assembled from one
section per mechanism (:mod:`govsim.scenario.sections`).
"""

from govsim.scenario.engine import (
    FieldRow,
    Problem,
    ScenarioError,
    build,
    get_path,
    iter_fields,
    to_data,
)
from govsim.scenario.fields import FieldInfo, param
from govsim.scenario.loading import (
    apply_overrides,
    load_scenario,
    parse_override,
    read_scenario_data,
    with_overrides,
)
from govsim.scenario.schema import Scenario
from govsim.scenario.sections import (
    AgeShares,
    Appraisal,
    Apps,
    Cadres,
    Cameras,
    Category,
    Centre,
    Channels,
    ChannelSettings,
    County,
    Department,
    Detection,
    Enterprises,
    Feedback,
    GridWorkers,
    Incentives,
    Meetings,
    Network,
    Population,
    Problems,
    Publicity,
    PublicityChannelSettings,
    Reporting,
    Sharing,
    WeChatGroups,
)

__all__ = [
    "AgeShares",
    "Appraisal",
    "Apps",
    "Cadres",
    "Cameras",
    "Category",
    "Centre",
    "ChannelSettings",
    "Channels",
    "County",
    "Department",
    "Detection",
    "Enterprises",
    "Feedback",
    "FieldInfo",
    "FieldRow",
    "GridWorkers",
    "Incentives",
    "Meetings",
    "Network",
    "Population",
    "Problem",
    "Problems",
    "Publicity",
    "PublicityChannelSettings",
    "Reporting",
    "Scenario",
    "ScenarioError",
    "Sharing",
    "WeChatGroups",
    "apply_overrides",
    "build",
    "get_path",
    "iter_fields",
    "load_scenario",
    "param",
    "parse_override",
    "read_scenario_data",
    "to_data",
    "with_overrides",
]
