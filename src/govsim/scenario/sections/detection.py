"""Detection: who notices a problem, and how grid workers and cameras find it."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param

__all__ = ["Detection"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """Who notices a problem, and how grid workers and cameras find it."""

    neighbour_notice_probability: float = param(
        0.01,
        unit="share/day",
        doc="chance per day a resident neighbour of the affected notices",
        lo=0,
        hi=1,
    )
    neighbours_considered: int = param(
        3, unit="adults", doc="network neighbours of the affected who may notice", lo=0, ceiling=100
    )
    grid_discovery_at_full_patrol: float = param(
        0.028,
        unit="share/day",
        doc="chance per day a grid worker finds an open problem when patrolling the whole grid",
        lo=0,
        hi=1,
    )
