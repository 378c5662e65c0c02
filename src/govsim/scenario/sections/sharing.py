"""Information sharing and working relations between departments."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS, MAX_DELAY_DAYS

__all__ = ["Sharing"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Sharing:
    """Information sharing between departments."""

    interface_density: float = param(
        0.15,
        unit="share",
        doc="share of department pairs with a working data interface at start",
        lo=0,
        hi=1,
        source="E (SEED 001 §2.3, §4.3)",
    )
    data_standard_share: float = param(
        0.0,
        unit="share",
        doc="share of departments that adopt the unified data standard (by roll-out end)",
        lo=0,
        hi=1,
        lever=True,
    )
    standard_rollout_start_day: int = param(
        0, unit="day", doc="roll-out of the standard starts", lo=0, lever=True, ceiling=MAX_DAYS
    )
    standard_rollout_days: int = param(
        0, unit="days", doc="roll-out duration (0: at once)", lo=0, lever=True, ceiling=MAX_DAYS
    )
    shared_cloud: bool = param(
        False, unit="-", doc="departments share a government cloud platform", lever=True
    )
    responsibility_list_coverage: float = param(
        0.3,
        unit="share",
        doc="share of categories with a published lead/assist list",
        lo=0,
        hi=1,
        lever=True,
        source="S",
    )
    linkage_meetings_per_month: float = param(
        0.0, unit="meetings/month", doc="joint department meetings", lo=0, hi=30, lever=True
    )
    coordination_days_without_interface: float = param(
        9.0,
        unit="days",
        doc="mean coordination delay of a cross-department case without interface",
        lo=0,
        ceiling=MAX_DELAY_DAYS,
    )
    coordination_days_with_interface: float = param(
        2.5,
        unit="days",
        doc="mean coordination delay with a shared interface",
        lo=0,
        ceiling=MAX_DELAY_DAYS,
    )
    cloud_delay_factor: float = param(
        0.7, unit="x", doc="delay multiplier of the shared cloud", lo=0, hi=1
    )
    linkage_halving_meetings: float = param(
        4.0,
        unit="meetings/month",
        doc="linkage meetings per month that halve the remaining delay",
        lo=0.01,
        ceiling=30,
    )
    forwarded_bounce_factor: float = param(
        0.5,
        unit="x",
        doc="bounce delay multiplier when the wrong department can see the right one's data and forwards it",
        lo=0,
        hi=1,
    )
    listed_misroute_factor: float = param(
        0.3,
        unit="x",
        doc="misroute chance multiplier for categories on the responsibility list",
        lo=0,
        hi=1,
    )
    bounce_back_probability: float = param(
        0.5,
        unit="share",
        doc="chance an unlisted cross-department case is passed back once between departments",
        lo=0,
        hi=1,
    )
    relations_initial: float = param(
        0.5,
        unit="share",
        doc="departments' working relations at the start (prehistory of cooperation, 0: conflict)",
        lo=0,
        hi=1,
        source="E",
    )
    stall_probability: float = param(
        0.95,
        unit="share",
        doc="chance the assisting department stalls a coordination round when relations are below every handler's threshold",
        lo=0,
        hi=0.99,
        source="E",
    )
    cooperation_threshold: float = param(
        0.35,
        unit="share",
        doc="median working relations at which a case handler cooperates (Granovetter threshold)",
        lo=0,
        hi=1,
        source="E",
    )
    cooperation_threshold_spread: float = param(
        0.04,
        unit="share",
        doc="logistic scale of handlers' cooperation thresholds",
        lo=0.002,
        hi=1,
        source="E",
    )
    relations_learning_rate: float = param(
        0.3,
        unit="share",
        doc="step of a department's relations towards the share of its joint cases closed in time, per review",
        lo=0,
        hi=1,
        source="E",
    )
    relations_review_days: int = param(
        91,
        unit="days",
        doc="departments review their joint cases this often",
        lo=1,
        source="E",
        ceiling=MAX_DAYS,
    )
    relations_evidence_half: float = param(
        10.0,
        unit="cases",
        doc="joint cases in a review that give it half its full weight (few cases, little learning)",
        lo=0,
        source="E",
        ceiling=1e6,
    )
