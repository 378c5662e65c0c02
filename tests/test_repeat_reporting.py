"""The repeat-reporting effect (Sjoberg, Mellon & Peixoto 2017) on hand-built logs and a run."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim.metrics.repeat_reporting import REPEAT_WINDOW_DAYS, RepeatReporting, repeat_reporting
from govsim.scenario import with_overrides

# Cases of a hand-made ledger: (closed day, genuine, fixed)
CASES = [
    (10, True, True),  # 0: fixed, closed on day 10
    (20, True, False),  # 1: closed unfixed on day 20
    (30, True, True),  # 2: fixed, closed on day 30
    (5, False, False),  # 3: a trivial report's case
    (-1, True, False),  # 4: still open
    (300, True, True),  # 5: fixed, but closed too late for a 180-day window in 401 days
]
LAST_DAY = 400
# Reports (day, reporter, case), in filing order
REPORTS = [
    (3, 1, 1),  # villager 1: first report, on case 1 (not fixed)
    (5, 0, 0),  # villager 0: first report, opens case 0 (fixed)
    (5, 3, 3),  # villager 3: first report trivial: not counted
    (8, 5, 0),  # villager 5: first report joins case 0 (fixed)
    (15, 6, 1),  # villager 6: first report joins case 1 (not fixed)
    (20, 1, 4),  # villager 1 again on the day case 1 closed: before the outcome, not counted
    (25, 2, 2),  # villager 2: first report, on case 2 (fixed); never again
    (26, 4, 4),  # villager 4: first report on a case still open: not counted
    (40, 3, 0),  # villager 3 again: still excluded (the first report decides)
    (50, 0, 5),  # villager 0 again, 40 days after the fix: counts
    (100, 6, 5),  # villager 6 again, 80 days after the closure without a fix: counts
    (190, 5, 5),  # villager 5 again, exactly 180 days after case 0 closed: counts
    (201, 1, 5),  # villager 1 again, 181 days after case 1 closed: too late
    (290, 7, 5),  # villager 7: first report on case 5, whose window the run cuts short
]


def hand_made(**changes: Any) -> RepeatReporting:
    day, reporter, case = (np.array(column) for column in zip(*REPORTS, strict=True))
    closed, genuine, fixed = (np.array(column) for column in zip(*CASES, strict=True))
    arguments: dict[str, Any] = {
        "report_day": day.astype(np.int32),
        "reporter": reporter.astype(np.int64),
        "report_case": case.astype(np.int64),
        "closed_day": closed.astype(np.int32),
        "genuine": genuine.astype(bool),
        "fixed": fixed.astype(bool),
        "last_day": LAST_DAY,
    }
    arguments.update(changes)
    return repeat_reporting(**arguments)


def test_first_reports_on_closed_genuine_cases_whose_window_fits_are_counted() -> None:
    counted = hand_made()
    # fixed: villagers 0 (again), 2 (not), 5 (again, on the last day of the window);
    # not fixed: villagers 1 (only before the outcome and after the window), 6 (again)
    assert counted == RepeatReporting(fixed=3, fixed_again=2, not_fixed=2, not_fixed_again=1)
    assert counted.after_fix == pytest.approx(2 / 3)
    assert counted.after_no_fix == pytest.approx(1 / 2)
    assert counted.effect == pytest.approx((2 / 3) / (1 / 2) - 1)


def test_window_and_censoring() -> None:
    # a 40-day window: villager 0 (day 50 = 10 + 40) still reports again, villager 5 (day 190)
    # and villager 6 (day 100 > 20 + 40) no longer; villager 7's window (300 + 40) now fits
    assert hand_made(window=40) == RepeatReporting(4, 1, 2, 0)
    # a run ending on day 199 keeps only the windows that end by then: case 0's (10 + 180),
    # not case 1's (20 + 180) or case 2's (30 + 180)
    assert hand_made(last_day=199) == RepeatReporting(2, 2, 0, 0)
    # the whole window of case 5 fits in a longer run: villager 7 joins the fixed group
    assert hand_made(last_day=480) == RepeatReporting(4, 2, 2, 1)
    with pytest.raises(ValueError, match="window must be at least 1 day"):
        hand_made(window=0)


def test_undefined_effects_are_nan() -> None:
    assert math.isnan(RepeatReporting(0, 0, 0, 0).effect)
    assert math.isnan(RepeatReporting(5, 1, 0, 0).effect)  # nobody in the not-fixed group
    assert math.isnan(RepeatReporting(5, 1, 4, 0).effect)  # nobody of them reported again
    assert RepeatReporting(5, 1, 4, 0).after_no_fix == 0.0
    assert RepeatReporting(4, 2, 5, 1).effect == pytest.approx(1.5)
    empty = np.zeros(0, dtype=np.int64)
    none = hand_made(report_day=empty, reporter=empty, report_case=empty)
    assert none == RepeatReporting(0, 0, 0, 0)


def _by_pandas(result: govsim.RunResult, window: int) -> tuple[float, float]:
    """The two shares of repeat reporters, computed independently from the result's tables."""
    reports, cases = result.reports, result.cases
    last_day = int(result.summary["days"]) - 1
    first = reports.drop_duplicates("reporter")
    case = cases.loc[first["case"]]
    closed = case["closed_day"].to_numpy()
    counts = case["genuine"].to_numpy() & (closed >= 0) & (closed + window <= last_day)
    fixed = case["outcome"].isin(["resolved", "settled_locally"]).to_numpy()
    again = np.zeros(len(first), dtype=bool)
    for k, (who, day) in enumerate(zip(first["reporter"], closed, strict=True)):
        theirs = reports.loc[reports["reporter"] == who, "day"]
        again[k] = bool(((theirs > day) & (theirs <= day + window)).any())
    shares = [float(again[counts & group].mean()) for group in (fixed, ~fixed)]
    return shares[0], shares[1]


def test_summary_metrics_agree_with_the_result_tables(village: govsim.Scenario) -> None:
    township = with_overrides(village, {"county.villages": 6})
    result = govsim.run(township, days=365, seed=5)
    after_fix, after_no_fix = _by_pandas(result, REPEAT_WINDOW_DAYS)
    summary = result.summary
    assert summary["repeat_reporting_after_fix"] == pytest.approx(after_fix)
    assert summary["repeat_reporting_after_no_fix"] == pytest.approx(after_no_fix)
    assert summary["repeat_reporting_effect"] == pytest.approx(after_fix / after_no_fix - 1)
    frame = pd.Series(summary)
    assert frame.filter(like="repeat_reporting").notna().all()
