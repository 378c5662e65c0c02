"""Grid workers and their appraisal."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import (
    MAX_CONCENTRATION,
    MAX_HOUSEHOLDS_PER_VILLAGE,
    MAX_LOGIT,
    MAX_MINUTES_PER_DAY,
    MAX_PER_DAY,
    MAX_TIME_LIMIT_DAYS,
)
from govsim.scenario.sections._rules import SUM_TOLERANCE, Check

__all__ = ["Appraisal", "GridWorkers"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GridWorkers:
    """Grid workers: time budget, skills, and what the grid app asks of them."""

    households_per_worker: float = param(
        250.0,
        unit="households",
        doc="grid size: households per grid worker",
        lo=10,
        lever=True,
        ceiling=MAX_HOUSEHOLDS_PER_VILLAGE,
    )
    minutes_per_day: float = param(
        480.0, unit="minutes/day", doc="working time per day", lo=0, ceiling=MAX_MINUTES_PER_DAY
    )
    logging_minutes_per_day: float = param(
        150.0,
        unit="minutes/day",
        doc="time spent writing logs for the app ('digital formalism'; 20-40% of time)",
        lo=0,
        lever=True,
        source="E (SEED 001 §4.2)",
        ceiling=MAX_MINUTES_PER_DAY,
    )
    publicity_minutes_per_day: float = param(
        5.0,
        unit="minutes/day",
        doc="time spent on door-to-door publicity",
        lo=0,
        lever=True,
        ceiling=MAX_MINUTES_PER_DAY,
    )
    followup_minutes_per_case: float = param(
        20.0,
        unit="minutes/case",
        doc="time to file and follow up one report",
        lo=0,
        ceiling=MAX_MINUTES_PER_DAY,
    )
    patrol_minutes_full_coverage: float = param(
        480.0,
        unit="minutes/day",
        doc="patrol time needed to cover the whole grid in a day (a full working day)",
        lo=1,
        ceiling=100 * MAX_MINUTES_PER_DAY,
    )
    text_skill_mean: float = param(
        0.35,
        unit="0-1",
        doc="mean text skill (report description quality)",
        lo=0,
        hi=1,
        source="E (SEED 001 §4.2)",
    )
    training: bool = param(False, unit="-", doc="trained in report writing", lever=True)
    training_skill_gain: float = param(
        0.25, unit="0-1", doc="text skill added by training (capped at 1)", lo=0, hi=1
    )
    trait_concentration: float = param(
        8.0,
        unit="-",
        doc="Beta concentration (a+b) of grid workers' text skill and integrity",
        lo=0.1,
        ceiling=MAX_CONCENTRATION,
    )
    integrity_mean: float = param(
        0.7, unit="0-1", doc="mean integrity (resistance to gaming the appraisal)", lo=0, hi=1
    )
    households_visited_per_publicity_hour: float = param(
        4.0, unit="households/hour", doc="door-to-door publicity pace", lo=0, ceiling=100
    )
    undocumented_quality_loss: float = param(
        0.5,
        unit="share",
        doc="share of the quality of a worker's write-ups lost when the worker keeps no log "
        "(no record of place, time, parties and the grid's history to classify the event by)",
        lo=0,
        hi=1,
        source="E (SEED 001 §4.2)",
    )
    logging_half_benefit_minutes: float = param(
        20.0,
        unit="minutes/day",
        doc="logging minutes a day that recover half of that quality; each further as many "
        "minutes halves what is still lost (diminishing returns)",
        lo=1,
        ceiling=MAX_MINUTES_PER_DAY,
    )
    trivial_reports_max_per_day: float = param(
        0.15,
        unit="reports/day",
        doc="most trivial reports a fully gaming worker files per day",
        lo=0,
        ceiling=MAX_PER_DAY,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Appraisal:
    """How grid workers are appraised ("the more problems found, the higher the performance")."""

    count_weight: float = param(
        0.7,
        unit="share",
        doc="weight on the count of reports filed",
        lo=0,
        hi=1,
        lever=True,
        source="E (SEED 001 §4.4)",
    )
    resolution_weight: float = param(
        0.2, unit="share", doc="weight on the share of reports resolved", lo=0, hi=1, lever=True
    )
    satisfaction_weight: float = param(
        0.1, unit="share", doc="weight on reporters' satisfaction", lo=0, hi=1, lever=True
    )
    audit_rate: float = param(
        0.0, unit="share", doc="share of grid reports audited on the spot", lo=0, hi=1, lever=True
    )
    penalty: float = param(
        2.0,
        unit="count-weights",
        doc="appraisal loss for an inflated report caught, in units of one report's count reward",
        lo=0,
        lever=True,
        ceiling=100,
    )
    result_dilution: float = param(
        0.5,
        unit="share",
        doc="result-based appraisal lost per report that resolves nothing, relative to one report",
        lo=0,
        ceiling=100,
    )
    gaming_sensitivity: float = param(
        6.0,
        unit="logit/unit",
        doc="how sharply gaming responds to its net appraisal gain",
        lo=0,
        ceiling=MAX_LOGIT,
    )
    period_days: int = param(
        30,
        unit="days",
        doc="days between grid workers' appraisals (when they learn what gaming earned them)",
        lo=1,
        ceiling=MAX_TIME_LIMIT_DAYS,
    )
    learning_rate: float = param(
        0.2,
        unit="share/period",
        doc="share of the gap between the gain a worker expects of a trivial report and the gain "
        "it earned in the period that the worker closes at each appraisal",
        lo=0,
        hi=1,
        source="E (Erev & Roth 1998; Sutton & Barto 2018 §2.5)",
    )
    peer_weight: float = param(
        2.0,
        unit="reports",
        doc="weight, in trivial reports of the worker's own, of the share of all workers' "
        "trivial reports caught in the period (announced penalties) in a worker's experience",
        lo=0,
        ceiling=MAX_PER_DAY,
    )

    def check(self) -> Check:
        """Appraisal weights sum to 1."""
        weights = (self.count_weight, self.resolution_weight, self.satisfaction_weight)
        total = sum(weights)
        if abs(total - 1.0) > SUM_TOLERANCE:
            yield (
                "count_weight",
                weights,
                f"appraisal weights must sum to 1 (they sum to {total:.6g})",
            )
