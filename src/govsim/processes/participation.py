"""Participation: who reported, who attended a meeting, and how recently.

Every villager report (:mod:`reporting`, trivial reports included) and every meeting attended, in
person or by livestream (:mod:`meetings`), is dated on the villager's row: ``last_report_day``,
``last_attendance_day`` and ``last_participation_day`` (either), with the count of reports made.
Participation in the sense of DOMAIN.md §4 is the share of adults who reported or attended in the
last ``PARTICIPATION_WINDOW_DAYS`` days (a quarter).

For the daily metrics the mechanism keeps, as events happen, how many villagers of each group
(resident under 60, resident 60+, migrant) have their last report, attendance and participation
inside the window: a ring of per-day counts (:class:`RecentCounter`), so a day costs the day's
events, never a pass over the population.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AgeBand, Source
from govsim.events import Attendance, Filings
from govsim.state.population import Population

__all__ = ["GROUPS", "PARTICIPATION_WINDOW_DAYS", "Participation", "RecentCounter"]

PARTICIPATION_WINDOW_DAYS = 90  # "participation: % adults reporting or attending per quarter"
#: Groups the counts are kept for: resident adults under 60, resident 60+, migrants
GROUPS = ("under_60", "aged_60_plus", "migrant")


class RecentCounter:
    """How many villagers of each group had their last event in the last ``window`` days.

    ``last`` is the population column of last-event days (written here); ``count[g]`` is the
    number of villagers of group *g* whose last event falls in ``(day − window, day]``.
    """

    def __init__(
        self, last: NDArray[np.int32], group: NDArray[np.int8], n_groups: int, window: int
    ) -> None:
        self.last = last
        self.group = group
        self.window = window
        self.by_day = np.zeros((window, n_groups), dtype=np.int64)  # a ring of days
        self.count = np.zeros(n_groups, dtype=np.int64)
        self.day = -1

    def advance(self, day: int) -> None:
        """Start ``day``: villagers whose last event was ``window`` days ago leave the window."""
        for d in range(self.day + 1, day + 1):
            slot = d % self.window
            self.count -= self.by_day[slot]
            self.by_day[slot] = 0
        self.day = day

    def record(self, day: int, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` (repeats allowed) had an event today."""
        rows = np.unique(rows) if len(rows) > 1 else rows
        previous = self.last[rows].astype(np.int64)
        rows, previous = rows[previous != day], previous[previous != day]
        if len(rows) == 0:
            return
        group = self.group[rows]
        inside = previous > day - self.window
        if np.count_nonzero(inside):
            np.add.at(self.by_day, (previous[inside] % self.window, group[inside]), -1)
        self.count += np.bincount(group[~inside], minlength=len(self.count))
        np.add.at(self.by_day, (np.full(len(rows), day % self.window), group), 1)
        self.last[rows] = day


class Participation:
    """Dates reports and attendance on villagers' rows; counts recent participants."""

    READS: ClassVar[tuple[str, ...]] = ("population.age_band", "population.migrant")
    WRITES: ClassVar[tuple[str, ...]] = (
        "population.last_report_day",
        "population.last_attendance_day",
        "population.last_participation_day",
        "population.reports",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ()  # no scenario values

    def __init__(self, population: Population) -> None:
        self.population = population
        pop = population
        group = np.where(pop.age_band == AgeBand.AGE_60_PLUS, 1, 0).astype(np.int8)
        group[pop.migrant] = 2
        self.group_sizes = np.bincount(group, minlength=len(GROUPS))
        window = PARTICIPATION_WINDOW_DAYS
        self.reporting = RecentCounter(pop.last_report_day, group, len(GROUPS), window)
        self.attending = RecentCounter(pop.last_attendance_day, group, len(GROUPS), window)
        self.participating = RecentCounter(pop.last_participation_day, group, len(GROUPS), window)

    def step(self, day: int, reports: Filings, attendance: Attendance) -> None:
        """Date today's reports and attendance."""
        counters = (self.reporting, self.attending, self.participating)
        for counter in counters:
            counter.advance(day)
        reporters = reports.reporter[reports.source == Source.VILLAGER] if len(reports) else None
        if reporters is not None and len(reporters):
            np.add.at(self.population.reports, reporters, 1)
            self.reporting.record(day, reporters)
        if len(attendance):
            self.attending.record(day, attendance.rows)
        if reporters is not None and len(reporters) and len(attendance):
            self.participating.record(day, np.concatenate((reporters, attendance.rows)))
        elif reporters is not None and len(reporters):
            self.participating.record(day, reporters)
        elif len(attendance):
            self.participating.record(day, attendance.rows)
