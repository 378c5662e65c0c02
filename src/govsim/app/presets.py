"""Classroom demonstrations: a scenario, a contrast, and the measure whose direction to watch.

Each demonstration is a scenario file of ``scenarios/teaching/`` run beside a contrast file with
the same seed (common random numbers), so what differs is the lever, not the luck. Its title,
explanation, what to watch and what to try next are catalogue messages ``preset.<id>.*``
(:mod:`govsim.i18n`); the claim — the measure is higher (or lower) in the demonstration than in
its contrast after ``days`` — is checked on the model by ``tests/app/test_app_presets.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PRESETS", "Preset", "preset"]


@dataclass(frozen=True, slots=True)
class Preset:
    """A classroom demonstration.

    Attributes
    ----------
    id:
        Stable id; catalogue keys ``preset.<id>.title``, ``.claim``, ``.watch``, ``.try``.
    fact:
        The stylized fact it shows (docs/model.md §1.2).
    scenario, contrast:
        Scenario files, relative to the scenarios directory.
    measure:
        Name in :data:`govsim.app.view_model.MEASURES` compared between the two runs.
    expect:
        Direction of the measure in the demonstration relative to the contrast.
    days:
        How long to run for the difference to show (the test runs this long).
    """

    id: str
    fact: int
    scenario: str
    contrast: str
    measure: str
    expect: Literal["higher", "lower"]
    days: int


PRESETS: tuple[Preset, ...] = (
    Preset(
        "responsiveness",
        1,
        "teaching/responsive.toml",
        "teaching/unresponsive.toml",
        "participation_share",
        "higher",
        730,
    ),
    Preset(
        "appraisal",
        3,
        "teaching/count_appraisal.toml",
        "teaching/result_appraisal.toml",
        "trivial_reports",
        "higher",
        180,
    ),
    Preset(
        "familiar_channels",
        2,
        "teaching/familiar_publicity.toml",
        "teaching/website_publicity.toml",
        "awareness_60_plus",
        "higher",
        180,
    ),
    Preset(
        "hysteresis",
        10,
        "teaching/conflict_history.toml",
        "teaching/cooperation_history.toml",
        "department_relations",
        "lower",
        365,
    ),
    Preset(
        "fengqiao",
        11,
        "teaching/fengqiao.toml",
        "teaching/no_local_settlement.toml",
        "centre_cases",
        "lower",
        180,
    ),
    Preset(
        "livestream",
        12,
        "teaching/livestream.toml",
        "teaching/township.toml",
        "migrant_participation_share",
        "higher",
        180,
    ),
)


def preset(preset_id: str) -> Preset:
    """The demonstration with this id."""
    for candidate in PRESETS:
        if candidate.id == preset_id:
            return candidate
    raise KeyError(f"no demonstration {preset_id!r}; known: {', '.join(p.id for p in PRESETS)}")
