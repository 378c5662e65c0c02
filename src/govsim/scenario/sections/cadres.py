"""Village cadres, local settlement and village meetings."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import (
    MAX_CAPACITY_PER_DAY,
    MAX_CONCENTRATION,
    MAX_DELAY_DAYS,
    MAX_TIME_LIMIT_DAYS,
)

__all__ = ["Cadres", "Meetings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cadres:
    """Village cadres and local settlement of small matters ("Fengqiao")."""

    per_village: int = param(
        5, unit="cadres", doc="cadres per village", lo=0, source="S", ceiling=1_000
    )
    mediation_cases_per_cadre_per_day: float = param(
        0.15,
        unit="cases/cadre/day",
        doc="small matters one cadre can mediate per day",
        lo=0,
        lever=True,
        ceiling=MAX_CAPACITY_PER_DAY,
    )
    mediation_success_probability: float = param(
        0.75, unit="share", doc="chance mediation of a settleable matter succeeds", lo=0, hi=1
    )
    local_settlement: bool = param(
        True,
        unit="-",
        doc="cadres triage village-channel reports and settle what they can",
        lever=True,
    )
    leadership_concentration: float = param(
        8.0,
        unit="-",
        doc="Beta concentration (a+b) of village leadership",
        lo=0.1,
        ceiling=MAX_CONCENTRATION,
    )
    mediation_days_mean: float = param(
        1.0, unit="days", doc="mean days a mediation takes (Poisson)", lo=0, ceiling=MAX_DELAY_DAYS
    )
    leadership_mean: float = param(
        0.5,
        unit="0-1",
        doc="mean facilitative leadership; scales mediation success and meeting turnout",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Meetings:
    """Village meetings: face-to-face dialogue in the collaborative cycle."""

    interval_days: int = param(
        90,
        unit="days",
        doc="days between village meetings",
        lo=1,
        lever=True,
        ceiling=MAX_TIME_LIMIT_DAYS,
    )
    attendance_probability: float = param(
        0.25, unit="share", doc="chance a resident adult attends (scaled by trust)", lo=0, hi=1
    )
    livestream: bool = param(
        False,
        unit="-",
        doc="meetings are livestreamed so migrants can join",
        lever=True,
        source="SEED 004",
    )
    livestream_attendance_probability: float = param(
        0.3, unit="share", doc="chance a migrant with a smartphone joins a livestream", lo=0, hi=1
    )
    trust_attendance_offset: float = param(
        0.5,
        unit="-",
        doc="attendance scales with (offset + trust): at trust 0.5 and offset 0.5 it is the base probability",
        lo=0,
        ceiling=100,
    )
    record_weight: float = param(
        0.5,
        unit="x",
        doc="meetings go over the village's resolution record; attendees' belief step towards it, relative to a reporter's",
        lo=0,
        hi=1,
    )
    trust_gain: float = param(0.05, unit="0-1", doc="trust gained by attending", lo=0, hi=1)
    ownership_probability: float = param(
        0.02, unit="share", doc="chance attending makes a villager take ownership", lo=0, hi=1
    )
    self_government_share: float = param(
        0.0,
        unit="share",
        doc="share of villages with villager self-government groups",
        lo=0,
        hi=1,
        lever=True,
    )
    self_government_attendance_boost: float = param(
        0.15,
        unit="share",
        doc="attendance added where a self-government group organises",
        lo=0,
        hi=1,
    )
    self_government_mediation_boost: float = param(
        0.5,
        unit="share",
        doc="relative mediation capacity added by a self-government group",
        lo=0,
        ceiling=100,
    )
