"""Supervision by the people served: ratings of outcomes, call-backs and audits of claims.

For each genuine case a department closed today (not settled in the village):

* **Ratings.** The reporter (a villager or a firm) is asked to rate the outcome with
  ``evaluation.evaluated_share`` (call-back surveys, app ratings); the rating is the reporter's
  satisfaction (:mod:`feedback`). An independent call-back collects it with
  ``evaluation.callback_share``; the department collects the others, and presses the reporter for a
  good rating (``evaluation.pressed_rating``) with its ``rating_pressure``
  (:mod:`accountability`). A pressed rating is also called back with ``callback_share``: the
  call-back finds the pressure, and the appraisal records the true rating.
* **Claims checked.** A case the department reports resolved but closed unresolved is found out
  by an on-the-spot audit (``department_appraisal.audit_rate``) or, if its progress was public
  (``visible``, :mod:`feedback`), by the public with ``transparency.public_detection``.

What was rated, pressed, verified and found is written to the ledger, and the day's checked
closures are handed to the departments' appraisal as :class:`~govsim.events.Evaluations`.
Vectorised over the day's closures.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.events import Closures, Evaluations
from govsim.scenario import Scenario
from govsim.state.departments import DepartmentTable
from govsim.state.ledger import CaseLedger

__all__ = ["Evaluation"]


class Evaluation:
    """Ratings, call-backs and audits of departments' closures (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "ledger.department",
        "ledger.claimed_resolved",
        "ledger.visible",
        "departments.rating_pressure",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger.evaluated",
        "ledger.rating",
        "ledger.rating_pressed",
        "ledger.rating_verified",
        "ledger.gaming_detected",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("evaluation", "department_appraisal", "transparency")

    def __init__(
        self,
        departments: DepartmentTable,
        ledger: CaseLedger,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.departments = departments
        self.ledger = ledger
        self.rng = rng
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's evaluation and audit settings."""
        self.settings = settings.evaluation
        self.audit_rate = settings.department_appraisal.audit_rate
        self.public_detection = settings.transparency.public_detection

    def step(self, day: int, closures: Closures, satisfaction: NDArray[np.float64]) -> Evaluations:
        """Rate and check today's closures of genuine department cases."""
        del day  # the rules do not depend on the date
        if len(closures) == 0:
            return Evaluations.empty()
        handled = closures.genuine & ~closures.settled_locally
        if not np.count_nonzero(handled):
            return Evaluations.empty()
        ids = closures.ids[handled]
        ledger = self.ledger
        n = len(ids)
        department = ledger["department"][ids].astype(np.int64)
        claimed = ledger["claimed_resolved"][ids]
        resolved = closures.good[handled]
        true_rating = satisfaction[handled]
        e = self.settings
        u = self.rng.random((5, n))
        evaluated = u[0] < e.evaluated_share
        by_callback = evaluated & (u[1] < e.callback_share)
        pressed = evaluated & ~by_callback & (u[2] < self.departments.rating_pressure[department])
        pressing_found = pressed & (u[4] < e.callback_share)  # a call-back re-checks the rating
        rating = np.where(evaluated, true_rating, np.nan)
        rating[pressed & ~pressing_found] = e.pressed_rating
        gamed = claimed & ~resolved
        check = 1.0 - (1.0 - self.audit_rate) * (
            1.0 - ledger["visible"][ids] * self.public_detection
        )
        gaming_found = gamed & (u[3] < check)
        ledger["evaluated"][ids] = evaluated
        ledger["rating"][ids] = rating
        ledger["rating_pressed"][ids] = pressed
        ledger["rating_verified"][ids] = by_callback | pressing_found
        ledger["gaming_detected"][ids] = gaming_found
        return Evaluations(
            ids=ids,
            department=department,
            claimed=claimed,
            resolved=resolved,
            in_time=closures.in_time[handled],
            rating=rating,
            pressing_found=pressing_found,
            gaming_found=gaming_found,
        )
