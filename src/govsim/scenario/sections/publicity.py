"""Policy publicity: budgeted channels and word of mouth."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.sections._rules import SUM_TOLERANCE, Check
from govsim.scenario.sections.population import AgeShares

__all__ = ["Publicity", "PublicityChannelSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicityChannelSettings:
    """Reach, persuasion and cost of one publicity channel."""

    budget_share: float = param(
        0.0, unit="share", doc="share of the publicity budget", lo=0, hi=1, lever=True
    )
    cost_per_contact_cny: float = param(
        1.0, unit="CNY/contact", doc="cost of one exposure", lo=0.001, ceiling=1e6
    )
    persuasion: float = param(
        0.1, unit="share", doc="chance an exposure makes a villager aware", lo=0, hi=1
    )
    max_daily_reach: float = param(
        0.01,
        unit="share/day",
        doc="daily exposure chance of a reachable villager when money is no limit",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Publicity:
    """Policy publicity through channels, then word of mouth over the social network."""

    budget_cny_per_adult_per_year: float = param(
        1.0,
        unit="CNY/adult/year",
        doc="publicity budget per adult (≈400k CNY for a county of 400k)",
        lo=0,
        lever=True,
        ceiling=1e6,
    )
    website: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.6, cost_per_contact_cny=0.2, persuasion=0.3, max_daily_reach=0.0005),
        unit="-", doc="official website: reaches only online villagers who seek it out",
    )  # fmt: skip
    tv_radio: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.2, cost_per_contact_cny=0.3, persuasion=0.05, max_daily_reach=0.01),
        unit="-", doc="county TV and radio: reaches residents, the elderly most",
    )  # fmt: skip
    village_meetings: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.1, cost_per_contact_cny=2.0, persuasion=0.08, max_daily_reach=0.003),
        unit="-", doc="publicity at village meetings: face to face",
    )  # fmt: skip
    party_members: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.05, cost_per_contact_cny=3.0, persuasion=0.45, max_daily_reach=0.01),
        unit="-", doc="party members explain the policy to their network neighbours",
    )  # fmt: skip
    wechat_groups: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.05, cost_per_contact_cny=0.1, persuasion=0.12, max_daily_reach=0.05),
        unit="-", doc="posts in village WeChat groups",
    )  # fmt: skip
    tv_reach: AgeShares = param(
        AgeShares(age_18_39=0.3, age_40_59=0.6, age_60_plus=0.85),
        unit="share", doc="relative TV/radio reach by age (TV/radio is 83% of preferred channels)", source="S",
    )  # fmt: skip
    plain_language: bool = param(
        False, unit="-", doc="plain-language messages", lever=True, source="SEED"
    )
    plain_language_persuasion_factor: float = param(
        1.5, unit="x", doc="persuasion multiplier of plain-language messaging", lo=1, ceiling=100
    )
    grid_worker_persuasion: float = param(
        0.3, unit="share", doc="chance a door-to-door visit makes an adult aware", lo=0, hi=1
    )
    word_of_mouth_rate: float = param(
        0.005,
        unit="conversations/adult/day",
        doc="chance per day an adult talks policy with a neighbour",
        lo=0,
        hi=1,
    )
    word_of_mouth_persuasion: float = param(
        0.1, unit="share", doc="chance such a conversation makes the neighbour aware", lo=0, hi=1
    )

    def channel_settings(self) -> tuple[PublicityChannelSettings, ...]:
        """Budgeted channels in a fixed order: website, TV/radio, meetings, party, WeChat."""
        return (
            self.website,
            self.tv_radio,
            self.village_meetings,
            self.party_members,
            self.wechat_groups,
        )

    def check(self) -> Check:
        """Budget shares sum to 1 when there is a budget."""
        shares = tuple(c.budget_share for c in self.channel_settings())
        if self.budget_cny_per_adult_per_year > 0:
            total = sum(shares)
            if abs(total - 1.0) > SUM_TOLERANCE:
                yield ("website.budget_share", shares,
                       f"publicity budget shares (website, tv_radio, village_meetings, party_members, "
                       f"wechat_groups) must sum to 1 (they sum to {total:.6g})")  # fmt: skip
