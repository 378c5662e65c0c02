"""Problems and their categories: what goes wrong in villages, how often, and who is responsible."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import (
    MAX_CONCENTRATION,
    MAX_DAYS,
    MAX_ITEMS,
    MAX_RATE_PER_1000_PER_MONTH,
)

__all__ = ["Category", "Problems", "default_categories"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A category of local problem (dispute, pollution, road damage, ...)."""

    name: str = param("", unit="-", doc="identifier of the category")
    rate_per_1000_per_month: float = param(
        2.0,
        unit="problems/1000 adults/month",
        doc="how often problems of this kind arise",
        lo=0,
        ceiling=MAX_RATE_PER_1000_PER_MONTH,
    )
    lead_department: str = param("civil_affairs", unit="-", doc="department responsible")
    assist_departments: tuple[str, ...] = param(
        (), unit="-", doc="departments that join when a case needs several", max_items=MAX_ITEMS
    )
    multi_department_probability: float = param(
        0.1,
        unit="share",
        doc="chance a problem needs the lead and an assisting department",
        lo=0,
        hi=1,
    )
    settleable_share: float = param(
        0.0,
        unit="share",
        doc="chance a problem can be settled in the village by mediation",
        lo=0,
        hi=1,
    )
    severity_mean: float = param(
        0.5, unit="0-1", doc="mean severity (Beta, concentration 4)", lo=0.01, hi=0.99
    )
    visibility: float = param(
        0.5, unit="share/day", doc="chance per day an affected resident notices it", lo=0, hi=1
    )
    camera_detectable: bool = param(
        False, unit="-", doc="whether cameras on roads can see problems of this kind"
    )
    enterprise_share: float = param(
        0.0, unit="share", doc="share of these problems caused by an enterprise", lo=0, hi=1
    )


def default_categories() -> tuple[Category, ...]:
    """The nine categories of a baseline county.

    Rates are [E] estimates chosen so that detected cases land at 5-15 per 1,000 per month.
    """
    c = Category
    return (
        c(name="neighbour_dispute", rate_per_1000_per_month=2.25, lead_department="judicial",
          assist_departments=("civil_affairs",), multi_department_probability=0.05,
          settleable_share=0.7, severity_mean=0.35, visibility=0.6),
        c(name="land_dispute", rate_per_1000_per_month=0.9, lead_department="natural_resources",
          assist_departments=("agriculture", "judicial"), multi_department_probability=0.35,
          settleable_share=0.35, severity_mean=0.6, visibility=0.5, enterprise_share=0.25),
        c(name="environment", rate_per_1000_per_month=1.01, lead_department="environment",
          assist_departments=("agriculture", "market_regulation"), multi_department_probability=0.3,
          settleable_share=0.1, severity_mean=0.55, visibility=0.35, camera_detectable=True,
          enterprise_share=0.4),
        c(name="roads_infrastructure", rate_per_1000_per_month=1.24,
          lead_department="housing_transport", assist_departments=("natural_resources",),
          multi_department_probability=0.15, settleable_share=0.1, severity_mean=0.45,
          visibility=0.45, camera_detectable=True),
        c(name="public_security", rate_per_1000_per_month=0.68, lead_department="public_security",
          assist_departments=("judicial",), multi_department_probability=0.1,
          settleable_share=0.15, severity_mean=0.6, visibility=0.4, camera_detectable=True),
        c(name="market_food_safety", rate_per_1000_per_month=0.45,
          lead_department="market_regulation", assist_departments=("agriculture",),
          multi_department_probability=0.2, settleable_share=0.0, severity_mean=0.5,
          visibility=0.25, enterprise_share=0.6),
        c(name="social_assistance", rate_per_1000_per_month=1.12, lead_department="civil_affairs",
          assist_departments=("human_resources",), multi_department_probability=0.15,
          settleable_share=0.2, severity_mean=0.45, visibility=0.45),
        c(name="irrigation_agriculture", rate_per_1000_per_month=0.9,
          lead_department="agriculture", assist_departments=("natural_resources",),
          multi_department_probability=0.25, settleable_share=0.3, severity_mean=0.4,
          visibility=0.45, enterprise_share=0.1),
        c(name="labour_wages", rate_per_1000_per_month=0.34, lead_department="human_resources",
          assist_departments=("judicial", "market_regulation"), multi_department_probability=0.3,
          settleable_share=0.1, severity_mean=0.6, visibility=0.5, enterprise_share=0.8),
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Problems:
    """How problems arise and how long they stay findable."""

    affected_households_mean: float = param(
        1.2,
        unit="households",
        doc="mean households a problem affects (1 + Poisson)",
        lo=1,
        ceiling=100,
    )
    findable_days: int = param(
        30,
        unit="days",
        doc="an undetected problem stops being findable after this long",
        lo=1,
        ceiling=MAX_DAYS,
    )
    severity_concentration: float = param(
        4.0,
        unit="-",
        doc="Beta concentration (a+b) of a problem's severity",
        lo=0.1,
        ceiling=MAX_CONCENTRATION,
    )
