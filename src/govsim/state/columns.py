"""Append-only columnar storage shared by the case ledger and the problem store."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["ColumnStore"]


class ColumnStore:
    """Typed numpy columns that grow by doubling; rows are appended, never deleted.

    Subclasses declare ``COLUMNS = {name: (dtype, fill)}``. Appending is amortised O(1) per row,
    reading a column is a view over the rows so far.
    """

    COLUMNS: ClassVar[dict[str, tuple[type[Any], Any]]] = {}

    def __init__(self, capacity: int = 1024) -> None:
        self._size = 0
        self._capacity = max(16, capacity)
        self._data: dict[str, NDArray[Any]] = {
            name: np.full(self._capacity, fill, dtype=dtype)
            for name, (dtype, fill) in self.COLUMNS.items()
        }
        self._views: dict[str, NDArray[Any]] = {}  # column views over the rows so far

    def __getstate__(self) -> dict[str, Any]:
        # the cached views would be pickled as separate arrays: rebuild them after unpickling
        state = self.__dict__.copy()
        state["_views"] = {}
        return state

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, name: str) -> NDArray[Any]:
        """A writable view of one column over the rows appended so far."""
        view = self._views.get(name)
        if view is None:  # first read since the last append
            view = self._views[name] = self._data[name][: self._size]
        return view

    def append(self, count: int, **columns: Any) -> NDArray[np.int64]:
        """Append ``count`` rows; columns not given take their fill value. Returns the new ids."""
        start = self._size
        self._views = {}
        if start + count > self._capacity:
            capacity = self._capacity
            while capacity < start + count:
                capacity *= 2
            for name, (dtype, fill) in self.COLUMNS.items():
                grown = np.full(capacity, fill, dtype=dtype)
                grown[:start] = self._data[name][:start]
                self._data[name] = grown
            self._capacity = capacity
        for name, values in columns.items():
            if name not in self._data:
                raise KeyError(f"unknown column {name!r} of {type(self).__name__}")
            self._data[name][start : start + count] = values
        self._size = start + count
        return np.arange(start, start + count, dtype=np.int64)
