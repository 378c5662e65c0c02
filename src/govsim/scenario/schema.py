"""The govsim scenario: the county, its actors and every policy lever, assembled from sections.

Each section (:mod:`govsim.scenario.sections`) holds one mechanism's parameters; this module puts
them together under the dotted paths the model reads (``scenario.appraisal.audit_rate``) and
states the rules that span sections (categories name existing departments).
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS, MAX_ITEMS
from govsim.scenario.sections import (
    Appraisal,
    Apps,
    Cadres,
    Cameras,
    Category,
    Centre,
    Channels,
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
    Reporting,
    Sharing,
    WeChatGroups,
    default_categories,
    default_departments,
)
from govsim.scenario.sections._rules import Check

__all__ = ["Scenario"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A complete govsim scenario: the county, its actors, and every policy lever."""

    name: str = param("unnamed", unit="-", doc="scenario name")
    description: str = param("", unit="-", doc="what the scenario represents")
    days: int = param(365, unit="days", doc="default run length", lo=1, ceiling=MAX_DAYS)
    county: County = param(County(), unit="-", doc="county size")
    population: Population = param(Population(), unit="-", doc="villager traits")
    network: Network = param(Network(), unit="-", doc="social network")
    problems: Problems = param(Problems(), unit="-", doc="problem arrival")
    categories: tuple[Category, ...] = param(
        default_categories(), unit="-", doc="problem categories", keyed=True, max_items=MAX_ITEMS
    )
    departments: tuple[Department, ...] = param(
        default_departments(),
        unit="-",
        doc="government departments",
        keyed=True,
        max_items=MAX_ITEMS,
    )
    detection: Detection = param(Detection(), unit="-", doc="noticing and discovery")
    reporting: Reporting = param(Reporting(), unit="-", doc="reporting decision")
    channels: Channels = param(Channels(), unit="-", doc="reporting channels")
    wechat_groups: WeChatGroups = param(WeChatGroups(), unit="-", doc="village WeChat groups")
    grid_workers: GridWorkers = param(GridWorkers(), unit="-", doc="grid workers")
    appraisal: Appraisal = param(Appraisal(), unit="-", doc="grid-worker appraisal rule")
    cameras: Cameras = param(Cameras(), unit="-", doc="cameras")
    cadres: Cadres = param(Cadres(), unit="-", doc="village cadres and local settlement")
    meetings: Meetings = param(Meetings(), unit="-", doc="village meetings")
    publicity: Publicity = param(Publicity(), unit="-", doc="policy publicity")
    incentives: Incentives = param(Incentives(), unit="-", doc="villager incentives")
    apps: Apps = param(Apps(), unit="-", doc="apps and platform adoption")
    enterprises: Enterprises = param(Enterprises(), unit="-", doc="enterprises")
    centre: Centre = param(Centre(), unit="-", doc="governance centre")
    sharing: Sharing = param(Sharing(), unit="-", doc="inter-department information sharing")
    feedback: Feedback = param(Feedback(), unit="-", doc="feedback and belief updating")

    def check(self) -> Check:
        """Departments named by categories exist; names are unique."""
        departments = {d.name for d in self.departments}
        if len(departments) != len(self.departments):
            yield (
                "departments",
                [d.name for d in self.departments],
                "department names must be unique",
            )
        allowed = ", ".join(sorted(departments))
        for category in self.categories:
            if category.lead_department not in departments:
                yield (f"categories.{category.name}.lead_department", category.lead_department,
                       f"not a department of this scenario; allowed: {allowed}")  # fmt: skip
            for i, name in enumerate(category.assist_departments):
                if name not in departments:
                    yield (f"categories.{category.name}.assist_departments[{i}]", name,
                           f"not a department of this scenario; allowed: {allowed}")  # fmt: skip
        if not self.categories:
            yield ("categories", (), "at least one problem category is needed")
