"""Supervision of time limits by the governance centre: escalation and overdue cases.

A case's time limit is its ``sla_days`` (``centre.sla_general_days``, or ``sla_complex_days`` for a
cross-department case; [S-B] 7 and 15 days); a case still open the day after its limit becomes
overdue (flagged once). A case still open ``centre.escalation_after_days`` after it was opened is
escalated: flagged, and moved to the front of its department's queue (:mod:`processing`). Both
checks are scheduled per case when it opens, so a day's work is the cases due that day
(per-event, never a pass over open cases).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.events import Deadlines
from govsim.sampling import NO_ROWS
from govsim.scenario import Scenario
from govsim.state.calendar import Calendar
from govsim.state.ledger import CaseLedger

__all__ = ["Supervision"]


class Supervision:
    """Escalation and overdue checks (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = ("ledger.closed_day", "ledger.sla_days")
    WRITES: ClassVar[tuple[str, ...]] = ("ledger.escalated", "ledger.overdue")
    SETTINGS: ClassVar[tuple[str, ...]] = ("centre",)

    def __init__(self, ledger: CaseLedger, settings: Scenario) -> None:
        self.ledger = ledger
        self.escalations = Calendar()
        self.overdue = Calendar()
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's escalation threshold."""
        self.escalate_after = settings.centre.escalation_after_days

    def step(self, day: int, opened: NDArray[np.int64]) -> Deadlines:
        """Schedule the checks of cases opened today; run today's checks."""
        if len(opened):
            self.escalations.add(day, opened, self.escalate_after)
            self.overdue.add(day, opened, self.ledger["sla_days"][opened].astype(np.int64) + 1)
        escalated = self._still_open(self.escalations.pop(day))
        overdue = self._still_open(self.overdue.pop(day))
        if len(escalated):
            self.ledger["escalated"][escalated] = True
        if len(overdue):
            self.ledger["overdue"][overdue] = True
        if len(escalated) == 0 and len(overdue) == 0:
            return _NOTHING
        return Deadlines(escalated=escalated, overdue=overdue)

    def _still_open(self, ids: NDArray[np.int64]) -> NDArray[np.int64]:
        if len(ids) == 0:
            return NO_ROWS
        return ids[self.ledger["closed_day"][ids] < 0]


_NOTHING = Deadlines()
