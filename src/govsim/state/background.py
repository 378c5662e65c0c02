"""The rest of the county's load on the queues the simulated villages share with it.

A run of some villages of a county (``county.villages`` < ``county.villages_in_county``) shares
the county's governance centre and departments: they are staffed for the whole county, and the
cases of the villages not simulated wait in the same queues. Those cases are not simulated one by
one. The simulated villages are a sample of the county, so the others bring, in expectation,
``scale − 1`` times the simulated villages' own flow (``scale = villages_in_county /
villages``).

:class:`BackgroundLoad` estimates that flow and hands each queue its share every day, as whole
cases with the fraction carried over, so the background is smooth (the rest of the county is
large: its daily flow varies little). The own flow is measured in a few pooled *classes* of
cases — one for the centre; for the departments, cases that could be settled in the village and
those that could not — as exponential moving averages of arrivals per day (time constant
:data:`MEMORY_DAYS`; at the start corrected for the days not yet seen, as Adam corrects its
moments, but never counting fewer than :data:`RAMP_DAYS` days). A fixed ``mix`` matrix sends each
class to the queues in the proportions the county's structure implies (the departments' shares
of each class by the categories' problem rates), so one village's handful of cases a month sets
the *level* of the county's load while its *mix* comes from the scenario, and the background
follows the simulated villages when a policy changes their flow (fewer trivial reports, more
local settlement).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["MEMORY_DAYS", "MIN_SAMPLE", "RAMP_DAYS", "BackgroundLoad", "append_block", "judged"]

#: Time constant of the moving average of own arrivals (days): long enough that one village's
#: few cases a day give a steady estimate, short enough to follow a policy within a year.
MEMORY_DAYS = 365.0
#: The estimate's shortest memory (days): the background ramps up over the first two months.
RAMP_DAYS = 60.0
#: Simulated cases a county body needs before it judges the county's results from them, in a run
#: of part of a county (the working relations of :mod:`govsim.processes.relations`, the ranking
#: of :mod:`govsim.processes.accountability`): fewer cases wait for the next period's. A share
#: estimated from 5 cases has a standard error of at most 0.22; with loss aversion 2 around an
#: in-time share of 0.8 its pull on relations is below 0.01 per review.
MIN_SAMPLE = 5


def judged(
    counts: NDArray[np.int64] | NDArray[np.float64], scale: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_] | slice]:
    """Which county bodies can judge from their ``counts`` of cases, and whose tallies restart.

    A whole county (``scale`` = 1) judges every body with a case and starts every tally afresh;
    a sample of a county judges a body once its sample has :data:`MIN_SAMPLE` cases and keeps
    pooling the others' tallies.
    """
    sample = scale > 1.0
    ready: NDArray[np.bool_] = counts >= (MIN_SAMPLE if sample else 1)
    return ready, (ready if sample else slice(None))


def append_block(queue: deque[int], count: int) -> None:
    """Append a block of ``count`` of the rest of the county's cases (an entry ``−count``).

    A block that follows another joins it: the county's cases are interchangeable, so taking
    on from one block of a + b cases or from two of a and b is the same.
    """
    if queue and queue[-1] < 0:
        queue[-1] -= count
    else:
        queue.append(-count)


@dataclass(slots=True)
class BackgroundLoad:
    """Arrivals from the rest of the county at ``mix.shape[0]`` queues (see module docstring).

    ``mix[q, k]`` is the share of class ``k``'s cases that join queue ``q`` (each column sums to
    1). ``scale`` is the county's size relative to the simulated villages; with ``scale == 1`` (a
    whole county) there is no background and :meth:`arrivals` returns zeros.
    """

    mix: NDArray[np.float64]
    scale: float
    memory_days: float = MEMORY_DAYS
    mean: NDArray[np.float64] = field(init=False)
    weight: float = field(init=False, default=0.0)  # 1 − decay^days, the start-up correction
    carry: NDArray[np.float64] = field(init=False)
    _decay: float = field(init=False, repr=False)  # exp(−1 / memory_days), per day
    _floor: float = field(init=False, repr=False)
    _none: NDArray[np.int64] = field(init=False, repr=False)  # no arrivals (a whole county)

    def __post_init__(self) -> None:
        self.mix = np.asarray(self.mix, dtype=np.float64)
        self.mean = np.zeros(self.mix.shape[1])
        self.carry = np.zeros(self.mix.shape[0])
        self._decay = float(np.exp(-1.0 / self.memory_days))
        self._floor = float(1.0 - np.exp(-RAMP_DAYS / self.memory_days))  # the shortest memory
        self._none = np.zeros(self.mix.shape[0], dtype=np.int64)
        self._none.flags.writeable = False

    @property
    def active(self) -> bool:
        """Whether the rest of the county is represented (the run is part of a county)."""
        return self.scale > 1.0

    def arrivals(self, own: NDArray[np.int64] | NDArray[np.float64]) -> NDArray[np.int64]:
        """Take today's own arrivals per class; return the rest of the county's per queue."""
        if self.scale <= 1.0:
            return self._none
        decay = self._decay
        self.mean = decay * self.mean + (1.0 - decay) * own
        self.weight = decay * self.weight + (1.0 - decay)
        seen = max(self.weight, self._floor)
        expected = (self.scale - 1.0) * (self.mix @ (self.mean / seen)) + self.carry
        whole = np.floor(expected)
        self.carry = expected - whole
        counts: NDArray[np.int64] = whole.astype(np.int64)
        return counts
