"""Material (points) and spiritual incentives for villagers' reports."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param

__all__ = ["Incentives"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Incentives:
    """Material (points) and spiritual incentives for villagers' reports."""

    points_enabled: bool = param(False, unit="-", doc="points system in place", lever=True)
    cny_per_point: float = param(
        1.0, unit="CNY/point", doc="cash value of a point", lo=0, lever=True, ceiling=1e6
    )
    points_per_report: float = param(
        10.0,
        unit="points/report",
        doc="points for an accepted report",
        lo=0,
        lever=True,
        ceiling=1e6,
    )
    budget_cny_per_adult_per_year: float = param(
        0.5,
        unit="CNY/adult/year",
        doc="points budget per adult; no points once the year's budget is spent",
        lo=0,
        lever=True,
        ceiling=1e6,
    )
    validation: bool = param(
        True, unit="-", doc="reports are checked before points are paid", lever=True
    )
    saturation_cny: float = param(
        20.0,
        unit="CNY",
        doc="reward at which the material effect is half-saturated",
        lo=0.01,
        source="S: Voorberg 2018",
        ceiling=1e6,
    )
    spiritual_enabled: bool = param(
        False, unit="-", doc="recognition and party/candidate recommendation", lever=True
    )
    spiritual_eligible_share: float = param(
        0.15, unit="share", doc="share of non-party adults who value recognition", lo=0, hi=1
    )
    spiritual_strength: float = param(
        0.6, unit="0-1", doc="strength of recognition relative to a saturated reward", lo=0, hi=1
    )
    trivial_report_rate: float = param(
        0.002,
        unit="reports/adult/day",
        doc="trivial reports per motivated adult per day when rewards are unvalidated",
        lo=0,
        ceiling=1,
    )
