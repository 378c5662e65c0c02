"""Case life-cycle bookkeeping: opening, timed stages, closing.

A case moves through timed stages (:class:`govsim.enums.Stage`). When a stage has a duration, the
case is put in a *calendar* bucket for the day the stage ends, per stage, so each day's work is
only the cases whose stage ends that day — never a scan over all open cases. Queues (the centre's
routing queue, each department's queue) are plain FIFO deques held by those agents.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Outcome, Stage

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["CaseFlow"]

_EMPTY = np.zeros(0, dtype=np.int64)


class CaseFlow:
    """Calendar of stage ends and the day's closures.

    ``co_reporters`` maps a case to the villager rows who joined it with a duplicate report, so
    every reporter gets feedback.
    """

    def __init__(self) -> None:
        self._calendar: dict[Stage, dict[int, list[NDArray[np.int64]]]] = defaultdict(dict)
        self.closed_today: list[NDArray[np.int64]] = []
        self.co_reporters: dict[int, list[int]] = {}
        self._popped: dict[Stage, int] = {}

    def open(
        self, model: GovernanceModel, intake_days: NDArray[np.int64], **columns: Any
    ) -> NDArray[np.int64]:
        """Create cases (one ledger row each) and schedule the end of their intake."""
        ids = model.ledger.append(
            len(intake_days), created_day=model.day, stage=Stage.INTAKE, **columns
        )
        model.counters.new_cases += len(ids)
        self.schedule(model, ids, Stage.INTAKE, intake_days)
        model.processing.schedule_time_limits(model, ids)
        return ids

    def open_trivial(
        self,
        model: GovernanceModel,
        intake_days: NDArray[np.int64],
        category: NDArray[np.int64],
        **columns: Any,
    ) -> NDArray[np.int64]:
        """Open cases for trivial or inflated reports: no problem behind them, nothing to fix."""
        return self.open(
            model,
            intake_days,
            problem=-1,
            category=category,
            severity=0.0,
            genuine=False,
            lead_department=model.categories.lead[category],
            sla_days=model.settings.centre.sla_general_days,
            **columns,
        )

    def schedule(
        self,
        model: GovernanceModel,
        ids: NDArray[np.int64],
        stage: Stage,
        durations: NDArray[np.int64] | int,
    ) -> None:
        """Put ``ids`` in ``stage`` until ``today + durations`` (0: still today)."""
        if len(ids) == 0:
            return
        ledger = model.ledger
        ledger["stage"][ids] = stage
        if isinstance(durations, np.ndarray) and durations.shape == ids.shape:
            until = model.day + durations.astype(np.int64, copy=False)
        elif isinstance(durations, int):
            until = np.full(ids.shape, model.day + durations, dtype=np.int64)
        else:
            until = model.day + np.broadcast_to(np.asarray(durations, dtype=np.int64), ids.shape)
        if self._popped.get(stage) == model.day and np.count_nonzero(until <= model.day):
            raise RuntimeError(
                f"{stage.name} cases scheduled to end today after today's were taken"
            )
        ledger["stage_until"][ids] = until
        buckets = self._calendar[stage]
        if len(ids) == 1:  # one case: one bucket (a copy, as the mask below gives)
            buckets.setdefault(int(until[0]), []).append(ids.copy())
            return
        for day in np.unique(until).tolist():
            buckets.setdefault(day, []).append(ids[until == day])

    def due(self, model: GovernanceModel, stage: Stage) -> NDArray[np.int64]:
        """Cases whose ``stage`` ends today, in the order they were scheduled."""
        self._popped[stage] = model.day
        chunks = self._calendar[stage].pop(model.day, None)
        if not chunks:
            return _EMPTY
        return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)

    def close(
        self, model: GovernanceModel, ids: NDArray[np.int64], outcome: NDArray[np.int8] | Outcome
    ) -> None:
        """Close cases today with ``outcome``; resolved and settled problems are fixed."""
        if len(ids) == 0:
            return
        ledger = model.ledger
        ledger["closed_day"][ids] = model.day
        ledger["stage"][ids] = Stage.CLOSED
        ledger["outcome"][ids] = outcome
        outcomes = ledger["outcome"][ids]
        fixed = (outcomes == Outcome.RESOLVED) | (outcomes == Outcome.SETTLED_LOCALLY)
        problems = ledger["problem"][ids][fixed]
        model.problems["fixed"][problems[problems >= 0]] = True
        self.closed_today.append(ids)
        counters = model.counters
        counters.closures += len(ids)
        genuine = ledger["genuine"][ids]
        resolved = fixed & genuine
        duration = model.day - ledger["created_day"][ids][resolved]
        counters.closed_genuine += int(np.count_nonzero(genuine))
        counters.resolved_genuine += int(np.count_nonzero(resolved))
        counters.resolved_within_sla += int(
            np.count_nonzero(duration <= ledger["sla_days"][ids][resolved])
        )
        counters.resolution_days.append(duration)
        counters.overdue_closed += int(np.count_nonzero(ledger["overdue"][ids]))
        model.meetings.record_outcomes(ledger["village"][ids][genuine], fixed[genuine])

    def take_closed_today(self) -> NDArray[np.int64]:
        """Cases closed today (and forget them)."""
        chunks, self.closed_today = self.closed_today, []
        if not chunks:
            return _EMPTY
        return np.concatenate(chunks)
