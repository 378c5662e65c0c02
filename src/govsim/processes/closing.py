"""Closing: the day's finished cases are closed in the ledger, and their problems fixed or not.

A case closes with the outcome the finishing process gave it (settled in the village, resolved,
closed unresolved, or no action for a report with nothing behind it); a resolved or settled case
fixes its problem (noticers of a fixed problem no longer report it). The day's closures are
handed on as one :class:`~govsim.events.Closures` batch with the ledger columns their readers
need — feedback, working relations, meetings' records, the appraisal of grid workers and the
recorder all read the same batch. Vectorised over the day's closures.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from govsim.enums import Outcome, Stage
from govsim.events import Closures, ToClose
from govsim.state.ledger import CaseLedger
from govsim.state.problems import ProblemStore

__all__ = ["Closing"]


class Closing:
    """Writes closures to the ledger and the problem store (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = ("ledger",)
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.closed_day",
        "ledger.outcome",
        "ledger.stage",
        "problems.fixed",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ()  # no scenario values

    def __init__(self, ledger: CaseLedger, problems: ProblemStore) -> None:
        self.ledger = ledger
        self.problems = problems

    def step(self, day: int, *finished: ToClose) -> Closures:
        """Close the cases of ``finished`` today."""
        batch = ToClose.concat(*finished)
        if len(batch) == 0:
            return Closures.empty()
        ids = batch.ids
        ledger = self.ledger
        ledger["closed_day"][ids] = day
        ledger["outcome"][ids] = batch.outcome
        ledger["stage"][ids] = Stage.CLOSED
        good = (batch.outcome == Outcome.RESOLVED) | (batch.outcome == Outcome.SETTLED_LOCALLY)
        problem = ledger["problem"][ids]
        fixed = problem[good & (problem >= 0)]
        if len(fixed):
            self.problems["fixed"][fixed] = True
        genuine = ledger["genuine"][ids]
        days = day - ledger["created_day"][ids].astype(np.int64)
        late = np.maximum(0, days - ledger["sla_days"][ids])
        settled = ledger["settled_locally"][ids]
        return Closures(
            ids=ids,
            outcome=batch.outcome,
            genuine=genuine,
            good=good,
            problem=problem,
            village=ledger["village"][ids].astype(np.int64),
            grid=ledger["grid"][ids].astype(np.int64),
            source=ledger["source"][ids],
            channel=ledger["channel"][ids],
            reporter=ledger["reporter"][ids],
            days=days,
            late_days=late,
            in_time=late == 0,
            joint=genuine & ledger["cross_department"][ids] & ~settled,
            lead=ledger["lead_department"][ids].astype(np.int64),
            assist=ledger["assist_department"][ids].astype(np.int64),
            settled_locally=settled,
            overdue=ledger["overdue"][ids],
        )
