"""Departments that answer for results: scenario sections of accountability.

Their appraisal, supervision by the people they serve, summons by villages and the
transparency of case handling (seed 001 §2.3, §4.4, §6).

Four sections of the scenario:

* ``[department_appraisal]`` — how departments are appraised (weights on cases closed, claimed
  resolved, resolved in time and reporters' ratings; how often; a public ranking; audits) and how
  their effort responds (Holmström & Milgrom 1991: effort goes to what is measured; Bevan & Hood
  2006: what is counted is gamed);
* ``[evaluation]`` — reporters' and firms' evaluations of outcomes (call-back surveys, app
  ratings) and how many of them an independent call-back makes;
* ``[summons]`` — a village that cannot settle a matter summons the responsible department, which
  must come at once: the case skips the centre and goes to the front of the department's queue,
  and the department handles it on the spot with the village (Beijing's "街乡吹哨、部门报到",
  2018);
* ``[transparency]`` — how much of a case's progress reporters and the public can see.

The rules that read them are in :mod:`govsim.processes.accountability`,
:mod:`govsim.processes.evaluation`, :mod:`govsim.processes.settlement`,
:mod:`govsim.processes.processing` and :mod:`govsim.processes.feedback`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_LOGIT, MAX_TIME_LIMIT_DAYS

__all__ = ["DepartmentAppraisal", "Evaluation", "Summons", "Transparency"]

_SUM_TOLERANCE = 1e-6
_SEED_44 = "E (SEED 001 §4.4)"


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartmentAppraisal:
    """How departments are appraised, and how their effort and gaming respond to it."""

    closed_weight: float = param(
        0.6, unit="share", lo=0, hi=1, lever=True, source=_SEED_44,
        doc="weight on the share of the department's cases it closed in the period",
    )  # fmt: skip
    resolved_weight: float = param(
        0.2, unit="share", lo=0, hi=1, lever=True, source=_SEED_44,
        doc="weight on the share of closed cases the department reports as resolved",
    )  # fmt: skip
    in_time_weight: float = param(
        0.2, unit="share", lo=0, hi=1, lever=True, source=_SEED_44,
        doc="weight on the share of closed cases reported resolved within the time limit",
    )  # fmt: skip
    satisfaction_weight: float = param(
        0.0, unit="share", lo=0, hi=1, lever=True, source="S: Beijing 12345 (satisfaction rate)",
        doc="weight on reporters' ratings of the outcome (counts only where cases are evaluated)",
    )  # fmt: skip
    period_days: int = param(
        30, unit="days", lo=1, ceiling=MAX_TIME_LIMIT_DAYS, lever=True, source="S: Beijing 12345 monthly appraisal",
        doc="days between appraisals of the departments",
    )  # fmt: skip
    public_ranking: bool = param(
        False, unit="-", lever=True, source="S: Beijing 12345 published rankings",
        doc="departments' appraisal results are ranked and published",
    )  # fmt: skip
    ranking_pressure: float = param(
        1.0, unit="x", lo=0, ceiling=100, source="E (Bevan & Hood 2006)",
        doc="extra weight a published ranking puts on results for the last-ranked department",
    )  # fmt: skip
    audit_rate: float = param(
        0.0, unit="share", lo=0, hi=1, lever=True,
        doc="share of cases reported resolved that an audit checks on the spot",
    )  # fmt: skip
    penalty: float = param(
        2.0, unit="x", lo=0, ceiling=1e6,
        doc="appraisal loss of a case found closed unresolved, relative to the gain of one closure",
    )  # fmt: skip
    learning_rate: float = param(
        0.2, unit="share/period", lo=0, hi=1,
        doc="share of the gap to the rule's best response a department closes each appraisal",
    )  # fmt: skip
    diligence_sensitivity: float = param(
        6.0, unit="logit/unit", lo=0, ceiling=MAX_LOGIT,
        doc="how sharply diligence responds to the weight of results in the appraisal",
    )  # fmt: skip
    diligence_threshold: float = param(
        0.18, unit="share", lo=0, ceiling=MAX_LOGIT, source="E (calibrated: diligence 0.3 at the status quo)",
        doc="weight of checked results at which diligence is worth half its cost",
    )  # fmt: skip
    gaming_sensitivity: float = param(
        20.0, unit="logit/unit", lo=0, ceiling=MAX_LOGIT,
        doc="how sharply closing cases unresolved and pressing for ratings respond to their gain",
    )  # fmt: skip
    gaming_threshold: float = param(
        0.75, unit="share", lo=0, ceiling=MAX_LOGIT,
        source="E (calibrated: a tenth of genuine cases closed unresolved at the status quo)",
        doc="net gain at which a department closes half its maximum share unresolved (integrity)",
    )  # fmt: skip
    pressure_threshold: float = param(
        0.1, unit="share", lo=0, ceiling=MAX_LOGIT,
        doc="net gain at which a department presses half its maximum share of raters",
    )  # fmt: skip
    closure_gaming_max: float = param(
        0.3, unit="share", lo=0, hi=1,
        doc="most a department closes of its genuine cases without resolving them",
    )  # fmt: skip
    rating_pressure_max: float = param(
        0.5, unit="share", lo=0, hi=1,
        doc="most a department presses of the reporters asked to rate its cases",
    )  # fmt: skip
    resolve_ceiling: float = param(
        0.97, unit="share", lo=0, hi=1, source="S: Beijing 12345 resolution 96.5% (2024)",
        doc="a department's chance of resolving a case at full diligence",
    )  # fmt: skip
    effort_returns: float = param(
        2.0, unit="-", lo=0.01, ceiling=MAX_LOGIT,
        doc="curvature k of diminishing returns: chance gains ∝ 1 − e^(−k·diligence)",
    )  # fmt: skip
    capacity_cost: float = param(
        0.15, unit="share", lo=0, hi=0.9,
        doc="share of a department's capacity that full diligence uses up",
    )  # fmt: skip
    speed_gain: float = param(
        0.5, unit="x", lo=0, ceiling=100,
        doc="handling time is divided by 1 + speed_gain × diligence",
    )  # fmt: skip

    def check(self) -> Iterator[tuple[str, object, str]]:
        """The four weights sum to 1."""
        weights = (
            self.closed_weight,
            self.resolved_weight,
            self.in_time_weight,
            self.satisfaction_weight,
        )
        total = sum(weights)
        if abs(total - 1.0) > _SUM_TOLERANCE:
            yield (
                "closed_weight",
                weights,
                f"department appraisal weights must sum to 1 (they sum to {total:.6g})",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """Supervision by the people served: reporters' and firms' ratings of outcomes."""

    evaluated_share: float = param(
        0.1, unit="share", lo=0, hi=1, lever=True, source="E (SEED 001 §4.4)",
        doc="share of closed genuine cases whose reporter is asked to rate the outcome",
    )  # fmt: skip
    callback_share: float = param(
        0.0, unit="share", lo=0, hi=1, lever=True,
        doc="share of the ratings an independent call-back collects (a department cannot press them)",
    )  # fmt: skip
    pressed_rating: float = param(
        1.0, unit="0-1", lo=0, hi=1,
        doc="rating a pressed reporter gives, whatever the outcome",
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Summons:
    """Villages summon the responsible department to matters they cannot settle (吹哨报到)."""

    enabled: bool = param(
        False, unit="-", lever=True, source="S: Beijing 街乡吹哨、部门报到 (2018)",
        doc="a village can summon the responsible department to a matter it cannot settle",
    )  # fmt: skip
    share: float = param(
        0.5, unit="share", lo=0, hi=1, lever=True,
        doc="share of the village-channel matters it could not settle that the village summons",
    )  # fmt: skip
    resolution_boost: float = param(
        0.1, unit="share", lo=0, hi=1,
        doc="resolution chance added when the department comes to the village (joint, on the spot)",
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Transparency:
    """How much of a case's progress reporters and the public can see."""

    level: float = param(
        0.0, unit="share", lo=0, hi=1, lever=True, source="E (SEED 001 §2.3)",
        doc="share of cases whose progress is public (case tracking on the platform, village notices)",
    )  # fmt: skip
    supervision_weight: float = param(
        2.0, unit="x", lo=0, ceiling=100,
        source="E (Fox 2015: transparency works through voice; calibrated so that it strengthens "
        "supervision)",
        doc="how much visible progress adds to the weight of reporters' ratings and of results",
    )  # fmt: skip
    public_detection: float = param(
        0.2, unit="share", lo=0, hi=1,
        source="E (Fox 2015: information alone has weak effects)",
        doc="chance that a case closed unresolved in public view is called out",
    )  # fmt: skip
    progress_trust_rate: float = param(
        0.05, unit="share", lo=0, hi=1,
        doc="step of a reporter's trust towards 1 on seeing the case worked on",
    )  # fmt: skip
