"""Reporting and channels: the villager's decision to report and the channel it goes through."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DELAY_DAYS, MAX_LOGIT

__all__ = ["ChannelSettings", "Channels", "Reporting", "WeChatGroups"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reporting:
    """Logistic reporting decision of a villager who noticed a problem (coproduction)."""

    enabled: bool = param(True, unit="-", doc="villagers report at all (off: only grid workers)")
    intercept: float = param(
        -4.6,
        unit="logit",
        doc="log-odds of reporting at zero traits",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    efficacy_weight: float = param(
        3.0, unit="logit/unit", doc="weight of efficacy (0-1)", floor=-MAX_LOGIT, ceiling=MAX_LOGIT
    )
    trust_weight: float = param(
        1.2, unit="logit/unit", doc="weight of trust (0-1)", floor=-MAX_LOGIT, ceiling=MAX_LOGIT
    )
    awareness_weight: float = param(
        0.6,
        unit="logit",
        doc="added log-odds when aware of the policy",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    ownership_weight: float = param(
        0.9,
        unit="logit",
        doc="added log-odds when owning governance",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    severity_weight: float = param(
        1.5, unit="logit/unit", doc="weight of severity (0-1)", floor=-MAX_LOGIT, ceiling=MAX_LOGIT
    )
    access_weight: float = param(
        0.6,
        unit="logit/unit",
        doc="weight of the channel log-sum (ease of the best channels)",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    open_case_weight: float = param(
        -2.0,
        unit="logit",
        doc="log-odds added when the problem already has an open case (it is known to be reported)",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    incentive_weight: float = param(
        0.8,
        unit="logit",
        doc="log-odds added by a fully saturated material or spiritual reward",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelSettings:
    """Attributes of one reporting channel."""

    utility: float = param(
        0.0,
        unit="logit",
        doc="alternative-specific constant in channel choice",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    intake_delay_days: float = param(
        0.5,
        unit="days",
        doc="mean delay before the case enters (Poisson)",
        lo=0,
        ceiling=MAX_DELAY_DAYS,
    )
    quality: float = param(
        0.5,
        unit="0-1",
        doc="quality of the report's description (drives routing accuracy)",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Channels:
    """Multinomial-logit channel choice and each channel's access rule."""

    hotline: ChannelSettings = param(
        ChannelSettings(utility=-0.2, intake_delay_days=0.0, quality=0.6),
        unit="-", doc="12345 hotline by phone",
    )  # fmt: skip
    grid_worker: ChannelSettings = param(
        ChannelSettings(utility=0.9, intake_delay_days=1.0, quality=0.45),
        unit="-", doc="tell the grid worker, who files it in the grid app",
    )  # fmt: skip
    village_committee: ChannelSettings = param(
        ChannelSettings(utility=0.4, intake_delay_days=1.5, quality=0.5),
        unit="-", doc="tell the village committee",
    )  # fmt: skip
    wechat: ChannelSettings = param(
        ChannelSettings(utility=0.7, intake_delay_days=0.5, quality=0.45),
        unit="-", doc="post in the village WeChat group run by cadres",
    )  # fmt: skip
    app: ChannelSettings = param(
        ChannelSettings(utility=-3.0, intake_delay_days=0.2, quality=0.55),
        unit="-", doc="government app / website",
    )  # fmt: skip
    age_60_plus_digital_penalty: float = param(
        1.2,
        unit="logit",
        doc="utility lost by 60+ villagers on WeChat and the app",
        lo=0,
        ceiling=MAX_LOGIT,
    )
    digital_skill_weight: float = param(
        2.0,
        unit="logit/unit",
        doc="utility gained on WeChat and the app per unit digital skill",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
    app_min_digital_skill: float = param(
        0.25, unit="0-1", doc="digital skill needed to use the app at all", lo=0, hi=1
    )
    phone_share: float = param(
        0.97, unit="share", doc="share of adults who can place a phone call", lo=0, hi=1
    )
    grid_worker_availability: float = param(
        0.8, unit="share", doc="chance the grid worker is reachable when needed", lo=0, hi=1
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class WeChatGroups:
    """Village WeChat groups: a reporting channel and a publicity channel."""

    membership_share: float = param(
        0.35,
        unit="share",
        doc="share of smartphone owners in their village's WeChat group",
        lo=0,
        hi=1,
    )
    run_by_young_party_members: bool = param(
        False,
        unit="-",
        doc="young party members set up and run the groups",
        lever=True,
        source="SEED 001 §5.1",
    )
    young_party_member_membership_share: float = param(
        0.75,
        unit="share",
        doc="membership share when young party members run the groups",
        lo=0,
        hi=1,
    )
    young_party_member_utility_gain: float = param(
        0.6,
        unit="logit",
        doc="channel utility added when young party members answer in the group",
        floor=-MAX_LOGIT,
        ceiling=MAX_LOGIT,
    )
