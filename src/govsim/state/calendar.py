"""A calendar of things waiting until a day: the timed stages of cases, noticing times.

Work per day is the items due that day, never a scan over everything waiting.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["Calendar"]

_EMPTY: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
_EMPTY.flags.writeable = False


class Calendar:
    """Ids due on a day: ``day -> [arrays of ids]``, in the order they were added."""

    def __init__(self) -> None:
        self._days: dict[int, list[NDArray[np.int64]]] = {}
        self.waiting = 0  # ids in the calendar

    def add(self, today: int, ids: NDArray[np.int64], delays: NDArray[np.int64] | int) -> None:
        """Put ``ids`` in the calendar until ``today + delays`` (``delays`` ≥ 1)."""
        if len(ids) == 0:
            return
        self.waiting += len(ids)
        if isinstance(delays, int):
            self._days.setdefault(today + delays, []).append(ids)
            return
        if len(ids) == 1:
            self._days.setdefault(today + int(delays[0]), []).append(ids)
            return
        for delay in np.unique(delays).tolist():
            self._days.setdefault(today + delay, []).append(ids[delays == delay])

    def pop(self, day: int) -> NDArray[np.int64]:
        """The ids due on ``day`` (and forget them)."""
        chunks = self._days.pop(day, None)
        if not chunks:
            return _EMPTY
        ids = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
        self.waiting -= len(ids)
        return ids
