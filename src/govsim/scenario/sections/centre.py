"""The comprehensive governance centre and the departments it dispatches to."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import (
    MAX_CAPACITY_PER_DAY,
    MAX_DELAY_DAYS,
    MAX_STAFF_PER_100K,
    MAX_TIME_LIMIT_DAYS,
)

__all__ = ["Centre", "Department", "default_departments"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Centre:
    """The comprehensive governance centre: routing, time limits, escalation."""

    staff_per_100k_adults: float = param(
        1.0,
        unit="staff/100k adults",
        doc="dispatchers at the centre per 100,000 adults served",
        lo=0,
        lever=True,
        ceiling=MAX_STAFF_PER_100K,
    )
    cases_per_staff_per_day: float = param(
        55.0,
        unit="cases/staff/day",
        doc="dispatch capacity per staff",
        lo=0,
        ceiling=MAX_CAPACITY_PER_DAY,
    )
    routing_accuracy_base: float = param(
        0.62, unit="share", doc="routing accuracy for a report of quality 0", lo=0, hi=1
    )
    routing_accuracy_per_quality: float = param(
        0.4, unit="share/unit", doc="accuracy added per unit report quality", lo=0, hi=1
    )
    bounce_delay_days: float = param(
        2.0,
        unit="days",
        doc="mean days a misrouted case takes to come back",
        lo=0,
        ceiling=MAX_DELAY_DAYS,
    )
    sla_general_days: int = param(
        7,
        unit="days",
        doc="time limit for single-department cases",
        lo=1,
        source="S-B",
        lever=True,
        ceiling=MAX_TIME_LIMIT_DAYS,
    )
    sla_complex_days: int = param(
        15,
        unit="days",
        doc="time limit for cross-department cases",
        lo=1,
        source="S-B",
        lever=True,
        ceiling=MAX_TIME_LIMIT_DAYS,
    )
    escalation_after_days: int = param(
        10,
        unit="days",
        doc="an open case this old is escalated (jumps its department's queue)",
        lo=1,
        lever=True,
        ceiling=MAX_TIME_LIMIT_DAYS,
    )
    max_routing_attempts: int = param(
        4,
        unit="attempts",
        doc="after this many bounces (misroutes or passing back) the centre routes by hand (correctly)",
        lo=1,
        ceiling=100,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Department:
    """A government department that processes dispatched cases."""

    name: str = param("", unit="-", doc="identifier of the department")
    staff_per_100k_adults: float = param(
        0.75,
        unit="staff/100k adults",
        doc="case-handling staff per 100,000 adults served",
        lo=0,
        lever=True,
        ceiling=MAX_STAFF_PER_100K,
    )
    cases_per_staff_per_day: float = param(
        2.6,
        unit="cases/staff/day",
        doc="cases one staff member can take on per day, before diligence takes its share",
        lo=0,
        ceiling=MAX_CAPACITY_PER_DAY,
    )
    handling_days_mean: float = param(
        2.3,
        unit="days",
        doc="mean field/handling time of a case once taken on (Poisson), at no extra diligence",
        lo=0,
        ceiling=MAX_DELAY_DAYS,
    )
    resolve_probability: float = param(
        0.6,
        unit="share",
        doc="chance a genuine case taken on is resolved, at no extra diligence",
        lo=0,
        hi=1,
    )
    data_standard: bool = param(
        False, unit="-", doc="adopted the unified data standard at the start", lever=True
    )


def default_departments() -> tuple[Department, ...]:
    """The nine departments of a baseline county, with their case-handling staff."""
    d = Department
    return (
        d(name="civil_affairs", staff_per_100k_adults=1.95),
        d(name="judicial", staff_per_100k_adults=2.9),
        d(name="market_regulation", staff_per_100k_adults=1.05),
        d(name="natural_resources", staff_per_100k_adults=1.45),
        d(name="environment", staff_per_100k_adults=2.0),
        d(name="agriculture", staff_per_100k_adults=1.95),
        d(name="public_security", staff_per_100k_adults=1.45),
        d(name="housing_transport", staff_per_100k_adults=2.55),
        d(name="human_resources", staff_per_100k_adults=0.65),
    )
