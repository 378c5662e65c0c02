"""The government app and the grid app's features."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS

__all__ = ["Apps"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Apps:
    """Government app adoption and the grid app's features."""

    event_classification: bool = param(
        False,
        unit="-",
        doc="grid and public apps let reporters pick the event type",
        lever=True,
        source="SEED 001 §5.2",
    )
    classification_quality_gain: float = param(
        0.3, unit="0-1", doc="report quality added by event classification", lo=0, hi=1
    )
    feedback_feature: bool = param(
        False, unit="-", doc="the app notifies reporters of progress and closure", lever=True
    )
    needs_fit: float = param(
        0.35,
        unit="0-1",
        doc="how well the app fits villagers' real needs",
        lo=0,
        hi=1,
        lever=True,
        source="E (SEED 003)",
    )
    registration_probability: float = param(
        0.002,
        unit="share/day",
        doc="daily chance an aware, able adult registers (scaled by fit)",
        lo=0,
        hi=1,
    )
    use_probability: float = param(
        0.05,
        unit="share/day",
        doc="daily chance an active user opens the app (scaled by fit)",
        lo=0,
        hi=1,
    )
    churn_after_idle_days: int = param(
        120, unit="days", doc="an active user idle this long churns", lo=1, ceiling=MAX_DAYS
    )
    lapse_after_churn_days: int = param(
        365,
        unit="days",
        doc="a churned user's account stops counting as registered this long after their last "
        "use (the app uninstalled, the phone changed); they may register again; 0 = never lapses",
        lo=0,
        ceiling=MAX_DAYS,
        source="E (platform statistics count accounts in use; DOMAIN §6 steady state)",
    )
    churn_on_bad_experience: float = param(
        0.5, unit="share", doc="chance a user churns after an unresolved app report", lo=0, hi=1
    )
    trial_abandonment: float = param(
        0.6,
        unit="share",
        doc="chance a new user abandons the app after the first use, × (1 − needs_fit)",
        lo=0,
        hi=1,
        source="E (SEED 003)",
    )
