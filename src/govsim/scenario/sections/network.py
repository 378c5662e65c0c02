"""The villagers' social network."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.sections._rules import Check

__all__ = ["Network"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Network:
    """Social network: households as a small world within each village, some ties across."""

    neighbour_households: int = param(
        6,
        unit="households",
        doc="ring neighbours of each household (Watts-Strogatz k, even)",
        lo=2,
        ceiling=50,
    )
    rewiring_probability: float = param(
        0.1, unit="share", doc="chance a neighbour tie is rewired to a random household", lo=0, hi=1
    )
    cross_village_ties_per_adult: float = param(
        0.05, unit="ties/adult", doc="mean ties to adults of other villages", lo=0, hi=5
    )

    def check(self) -> Check:
        """Watts-Strogatz needs an even neighbour count."""
        if self.neighbour_households % 2:
            yield ("neighbour_households", self.neighbour_households, "must be even")
