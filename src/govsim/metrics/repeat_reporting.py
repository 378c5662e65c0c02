"""The repeat-reporting effect: whether villagers whose first report got fixed report again more.

Sjoberg, Mellon & Peixoto (2017), "The Effect of Bureaucratic Responsiveness on Citizen
Participation", *Public Administration Review* 77(3): 340-351, doi:10.1111/puar.12697: among
~400,000 first reports on FixMyStreet, a user whose first report was fixed was about 57% more
likely to submit a second report than one whose first report was not. govsim measures the same
contrast on its reports table (:class:`~govsim.state.ledger.ReportLog`) and case ledger:

* a villager's **first report** is their first row in the report log (the run's first; the log
  is in filing order);
* it **counts** if its case is genuine and closed on a day *c* with ``c + window ≤ last day`` —
  the whole window lies inside the run (right-censoring: a first report whose window the run
  cuts short is left out, never counted as "did not report again");
* it was **fixed** if the case was resolved or settled in the village, **not fixed** otherwise
  (closed unresolved, including closures reported resolved without a fix);
* the villager **reported again** if they filed any report (any channel, genuine or not) on days
  ``c + 1 … c + window``: after the day the outcome was known (feedback reaches reporters on the
  day of closure, after that day's reports were filed).

The effect is ``P(again | fixed) / P(again | not fixed) − 1``. The window is
:data:`REPEAT_WINDOW_DAYS` (180 days): it fits twice in a one-year calibration run (first reports
whose case closed by day 184 count), and over half a year the chances of reporting again are
small (≈ 0.04-0.10 in the baseline), so their ratio is close to a ratio of hazards
(docs/model.md §4.11, §9). Vectorised: one sort of the log and two binary searches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["REPEAT_WINDOW_DAYS", "RepeatReporting", "repeat_reporting"]

#: Days after the closure of a first report's case in which another report counts.
REPEAT_WINDOW_DAYS = 180


@dataclass(frozen=True, slots=True)
class RepeatReporting:
    """Villagers whose first report counts, by outcome, and how many of them reported again."""

    fixed: int
    fixed_again: int
    not_fixed: int
    not_fixed_again: int

    @property
    def after_fix(self) -> float:
        """Share of the fixed group who reported again (NaN if the group is empty)."""
        return self.fixed_again / self.fixed if self.fixed else math.nan

    @property
    def after_no_fix(self) -> float:
        """Share of the not-fixed group who reported again (NaN if the group is empty)."""
        return self.not_fixed_again / self.not_fixed if self.not_fixed else math.nan

    @property
    def effect(self) -> float:
        """``after_fix / after_no_fix − 1``; NaN if either is undefined or the latter is 0."""
        fixed, not_fixed = self.after_fix, self.after_no_fix
        if math.isnan(fixed) or math.isnan(not_fixed) or not_fixed == 0:
            return math.nan
        return fixed / not_fixed - 1.0


def repeat_reporting(
    *,
    report_day: NDArray[Any],
    reporter: NDArray[Any],
    report_case: NDArray[Any],
    closed_day: NDArray[Any],
    genuine: NDArray[np.bool_],
    fixed: NDArray[np.bool_],
    last_day: int,
    window: int = REPEAT_WINDOW_DAYS,
    first_from: int = 0,
) -> RepeatReporting:
    """Count first reports and repeat reports (see the module docstring).

    Parameters
    ----------
    report_day, reporter, report_case:
        The report log's columns, in filing order (days non-decreasing).
    closed_day, genuine, fixed:
        Per case of the ledger: day of closure (``-1`` while open), genuine, and resolved or
        settled.
    last_day:
        The last simulated day (a run of *n* days ends on day ``n − 1``).
    window:
        Days after the closure in which another report counts (at least 1).
    first_from:
        The first reported day: first reports made before it (during the spin-up) do not count.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1 day, not {window}")
    if len(reporter) == 0:
        return RepeatReporting(0, 0, 0, 0)
    who = reporter.astype(np.int64)
    day = report_day.astype(np.int64)
    villagers, first = np.unique(who, return_index=True)
    case = report_case[first]
    closed = closed_day[case].astype(np.int64)
    counts = (
        genuine[case] & (closed >= 0) & (closed + window <= last_day) & (day[first] >= first_from)
    )
    villagers, closed, was_fixed = villagers[counts], closed[counts], fixed[case][counts]
    # every report as one sortable key (villager, day); another report in (c, c + window] is a
    # key strictly above (v, c) and at most (v, c + window)
    stride = max(int(day.max()), last_day) + window + 1
    keys = np.sort(who * stride + day)
    after = np.searchsorted(keys, villagers * stride + closed, side="right")
    until = np.searchsorted(keys, villagers * stride + closed + window, side="right")
    again = until > after
    return RepeatReporting(
        fixed=int(np.count_nonzero(was_fixed)),
        fixed_again=int(np.count_nonzero(again & was_fixed)),
        not_fixed=int(np.count_nonzero(~was_fixed)),
        not_fixed_again=int(np.count_nonzero(again & ~was_fixed)),
    )
