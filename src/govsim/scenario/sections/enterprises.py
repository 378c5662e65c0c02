"""Enterprises: local firms, outside firms and cooperatives."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.sections._rules import Check, check_length, shares_sum_to_one

__all__ = ["Enterprises"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Enterprises:
    """Local firms, outside firms and cooperatives."""

    per_village_mean: float = param(
        6.0, unit="enterprises", doc="mean enterprises per village (Poisson)", lo=0, ceiling=10_000
    )
    kind_shares: tuple[float, ...] = param(
        (0.5, 0.3, 0.2),
        unit="share",
        doc="shares of local firms, outside firms, cooperatives",
        lo=0,
        hi=1,
    )
    awareness_share: float = param(
        0.1,
        unit="share",
        doc="share initially aware of the policy (80% unaware)",
        lo=0,
        hi=1,
        source="SEED 001 §2.1",
    )
    exposure_probability: float = param(
        0.0002,
        unit="share/day",
        doc="daily chance a firm hears of the policy through its own channels",
        lo=0,
        hi=1,
    )
    outside_exclusion_probability: float = param(
        0.6,
        unit="share",
        doc="chance an outside firm is excluded by villagers",
        lo=0,
        hi=1,
        source="E (SEED 001 §2.1)",
    )
    forum_inclusion_share: float = param(
        0.1,
        unit="share",
        doc="share of non-excluded firms invited to village forums",
        lo=0,
        hi=1,
        lever=True,
    )
    forum_awareness_probability: float = param(
        0.0015,
        unit="share/day",
        doc="daily chance an included firm learns the policy at forums",
        lo=0,
        hi=1,
    )
    report_probability: float = param(
        0.03,
        unit="share/day",
        doc="daily chance an aware, not excluded firm reports a problem it caused",
        lo=0,
        hi=1,
    )
    points_inclusion: bool = param(
        False,
        unit="-",
        doc="firms included in forums are also recognised in the points/recognition system (no cash paid)",
        lever=True,
    )
    points_report_boost: float = param(
        0.3,
        unit="share",
        doc="report chance added for included firms in the points/recognition system",
        lo=0,
        hi=1,
    )
    included_resolution_boost: float = param(
        0.1,
        unit="share",
        doc="resolution chance added when the firm involved is included",
        lo=0,
        hi=1,
    )

    def check(self) -> Check:
        """Kind shares: three values summing to 1."""
        yield from check_length(
            "kind_shares", self.kind_shares, 3, "kind (local, outside, cooperative)"
        )
        yield from shares_sum_to_one("kind_shares", self.kind_shares)
