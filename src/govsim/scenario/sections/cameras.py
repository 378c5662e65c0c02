"""Cameras on village roads."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param

__all__ = ["Cameras"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cameras:
    """Cameras on village roads: find some categories and cross-check grid reports."""

    coverage_share: float = param(
        0.0,
        unit="share",
        doc="share of grids covered by cameras",
        lo=0,
        hi=1,
        lever=True,
        source="SEED 001 §5.3",
    )
    detection_probability: float = param(
        0.3,
        unit="share/day",
        doc="chance per day a camera sees a camera-detectable problem",
        lo=0,
        hi=1,
    )
    report_quality: float = param(
        0.8,
        unit="0-1",
        doc="quality of a camera-raised case (the image shows the event type)",
        lo=0,
        hi=1,
    )
    cross_check_probability: float = param(
        0.5,
        unit="share",
        doc="chance a camera exposes an inflated grid report in its view",
        lo=0,
        hi=1,
    )
