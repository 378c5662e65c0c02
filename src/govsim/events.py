"""The values that flow between the processes of a day: typed, columnar batches of events.

A process returns one of these and never hands anything on by side effect, so any number of
later readers (the next process, the recorder, the teaching app, a test) see the same batch, and
a unit test can build one by hand. Every batch is a frozen dataclass of equally long numpy
arrays (one entry per event) and treats them as read-only. :class:`Day` collects a day's
batches; the model keeps the last one as ``model.today``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Outcome

__all__ = [
    "Attendance",
    "Closures",
    "Day",
    "Deadlines",
    "Dispatch",
    "Evaluations",
    "Experiences",
    "Filings",
    "Incentive",
    "Notices",
    "Patrol",
    "ToClose",
    "Triage",
]


def _empty(dtype: Any) -> NDArray[Any]:
    array = np.zeros(0, dtype=dtype)
    array.flags.writeable = False
    return array


_INT = _empty(np.int64)
_FLOAT = _empty(np.float64)
_BOOL = _empty(np.bool_)
_INT8 = _empty(np.int8)


def _ints() -> NDArray[np.int64]:
    return _INT


def _floats() -> NDArray[np.float64]:
    return _FLOAT


def _bools() -> NDArray[np.bool_]:
    return _BOOL


def _codes() -> NDArray[np.int8]:
    return _INT8


_EMPTY: dict[type, Any] = {}  # the shared empty batch of each class


class _Batch:
    """Shared behaviour of event batches: length (of the first column) and concatenation."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(getattr(self, self.__slots__[0]))  # type: ignore[misc]

    @classmethod
    def empty(cls) -> Self:
        """The batch without events: one shared instance per class (batches are never written)."""
        batch = _EMPTY.get(cls)
        if batch is None:
            batch = _EMPTY[cls] = cls()
        return batch

    @classmethod
    def concat(cls, *batches: Self) -> Self:
        """One batch with the events of ``batches``, in order."""
        present = [b for b in batches if len(b)]
        if not present:
            return batches[0] if batches else cls()
        if len(present) == 1:
            return present[0]
        return cls(
            **{
                f.name: np.concatenate([getattr(b, f.name) for b in present])
                for f in fields(cls)  # type: ignore[arg-type]
            }
        )


@dataclass(frozen=True, slots=True)
class Filings(_Batch):
    """Reports filed today, each to open a case or join one.

    ``problem`` is ``-1`` for a trivial or inflated report (nothing behind it: a worker gaming a
    count-based appraisal, a villager drawn by unvalidated rewards). ``source`` is a
    :class:`~govsim.enums.Source`, ``channel`` a :class:`~govsim.enums.Channel` (or ``-1``:
    cameras), ``reporter`` the villager row, grid-worker index or firm index by source
    (``-1`` for cameras). ``quality`` (0-1) is how well the report is written, ``intake_days``
    the days before the centre or the village can act on it.
    """

    problem: NDArray[np.int64] = field(default_factory=_ints)
    source: NDArray[np.int8] = field(default_factory=_codes)
    channel: NDArray[np.int8] = field(default_factory=_codes)
    reporter: NDArray[np.int64] = field(default_factory=_ints)
    quality: NDArray[np.float64] = field(default_factory=_floats)
    intake_days: NDArray[np.int64] = field(default_factory=_ints)
    category: NDArray[np.int64] = field(default_factory=_ints)
    village: NDArray[np.int64] = field(default_factory=_ints)
    grid: NDArray[np.int64] = field(default_factory=_ints)


@dataclass(frozen=True, slots=True)
class Notices(_Batch):
    """Villagers (``rows``) who noticed a problem (``problems``) today and may report it."""

    rows: NDArray[np.int64] = field(default_factory=_ints)
    problems: NDArray[np.int64] = field(default_factory=_ints)


@dataclass(frozen=True, slots=True)
class Patrol(_Batch):
    """Grid workers' day: patrol minutes of each worker (one entry per grid worker)."""

    minutes: NDArray[np.float64] = field(default_factory=_floats)


@dataclass(frozen=True, slots=True)
class Incentive:
    """Today's incentives.

    ``motivation``: each villager's incentive motivation (0–1, indexed by villager row);
    ``lured``: the villagers drawn to file a trivial report by unvalidated rewards.
    """

    motivation: NDArray[np.float64] = field(default_factory=_floats)
    lured: NDArray[np.int64] = field(default_factory=_ints)


@dataclass(frozen=True, slots=True)
class Attendance(_Batch):
    """Villagers who attended a village meeting today (in person or by livestream)."""

    rows: NDArray[np.int64] = field(default_factory=_ints)
    migrant: NDArray[np.bool_] = field(default_factory=_bools)


@dataclass(frozen=True, slots=True)
class Experiences(_Batch):
    """What villagers lived through today that moves their beliefs (:mod:`beliefs`).

    Each villager ``rows[i]`` saw an outcome ``outcome[i]`` (0 = nothing done or a broken
    promise, 1 = fixed in time); trust and efficacy move towards it at ``trust_rate[i]`` and
    ``efficacy_rate[i]`` (losses weighted by loss aversion), and the villager takes ownership
    ("I am a subject of governance") with ``gain[i]`` or drops it with ``loss[i]``.
    """

    rows: NDArray[np.int64] = field(default_factory=_ints)
    outcome: NDArray[np.float64] = field(default_factory=_floats)
    trust_rate: NDArray[np.float64] = field(default_factory=_floats)
    efficacy_rate: NDArray[np.float64] = field(default_factory=_floats)
    gain: NDArray[np.float64] = field(default_factory=_floats)
    loss: NDArray[np.float64] = field(default_factory=_floats)

    @classmethod
    def uniform(
        cls,
        rows: NDArray[np.int64],
        outcome: NDArray[np.float64] | float,
        *,
        trust_rate: float,
        efficacy_rate: float,
        gain: NDArray[np.float64] | float = 0.0,
        loss: NDArray[np.float64] | float = 0.0,
    ) -> Experiences:
        """A batch whose rates (and, where scalars are given, outcome and chances) are shared."""
        n = len(rows)

        def column(value: NDArray[np.float64] | float) -> NDArray[np.float64]:
            if isinstance(value, np.ndarray):
                return value.astype(np.float64, copy=False)
            return np.full(n, float(value))

        return cls(
            rows=rows,
            outcome=column(outcome),
            trust_rate=column(trust_rate),
            efficacy_rate=column(efficacy_rate),
            gain=column(gain),
            loss=column(loss),
        )


@dataclass(frozen=True, slots=True)
class ToClose(_Batch):
    """Cases a process finished today, with how they ended (:class:`~govsim.enums.Outcome`)."""

    ids: NDArray[np.int64] = field(default_factory=_ints)
    outcome: NDArray[np.int8] = field(default_factory=_codes)

    @classmethod
    def all(cls, ids: NDArray[np.int64], outcome: Outcome) -> ToClose:
        """``ids`` all ending with ``outcome``."""
        return cls(ids=ids, outcome=np.full(len(ids), outcome, dtype=np.int8))


@dataclass(frozen=True, slots=True)
class Triage:
    """Village triage of the cases whose intake ended: closed in the village or sent on.

    ``closing`` are mediations that ended today (settled) and inflated reports caught at intake
    (no action); ``caught_workers`` the grid worker of each caught report; ``to_centre`` the cases
    for the governance centre; ``summoned`` the cases a village summons the responsible
    department to (they go straight to its queue).
    """

    closing: ToClose = field(default_factory=ToClose)
    caught_workers: NDArray[np.int64] = field(default_factory=_ints)
    to_centre: NDArray[np.int64] = field(default_factory=_ints)
    summoned: NDArray[np.int64] = field(default_factory=_ints)


@dataclass(frozen=True, slots=True)
class Dispatch:
    """The centre's day.

    ``ids`` and ``department``: cases ready for a department's queue; ``bounced``: the number of
    cases that bounced (misrouted, or passed back by the right department).
    """

    ids: NDArray[np.int64] = field(default_factory=_ints)
    department: NDArray[np.int64] = field(default_factory=_ints)
    bounced: int = 0


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Time limits checked today: cases escalated and cases that just became overdue."""

    escalated: NDArray[np.int64] = field(default_factory=_ints)
    overdue: NDArray[np.int64] = field(default_factory=_ints)


@dataclass(frozen=True, slots=True)
class Closures(_Batch):
    """Cases closed today, with what their readers need from the ledger.

    ``good``: resolved or settled in the village (the problem is fixed); ``days``: days from
    report to closure; ``in_time``: closed within the case's time limit; ``joint``: a genuine
    cross-department case not settled in the village (it counts for the departments' working
    relations and the order parameter).
    """

    ids: NDArray[np.int64] = field(default_factory=_ints)
    outcome: NDArray[np.int8] = field(default_factory=_codes)
    genuine: NDArray[np.bool_] = field(default_factory=_bools)
    good: NDArray[np.bool_] = field(default_factory=_bools)
    problem: NDArray[np.int64] = field(default_factory=_ints)
    village: NDArray[np.int64] = field(default_factory=_ints)
    grid: NDArray[np.int64] = field(default_factory=_ints)
    source: NDArray[np.int8] = field(default_factory=_codes)
    channel: NDArray[np.int8] = field(default_factory=_codes)
    reporter: NDArray[np.int64] = field(default_factory=_ints)
    days: NDArray[np.int64] = field(default_factory=_ints)
    late_days: NDArray[np.int64] = field(default_factory=_ints)
    in_time: NDArray[np.bool_] = field(default_factory=_bools)
    joint: NDArray[np.bool_] = field(default_factory=_bools)
    lead: NDArray[np.int64] = field(default_factory=_ints)
    assist: NDArray[np.int64] = field(default_factory=_ints)
    settled_locally: NDArray[np.bool_] = field(default_factory=_bools)
    overdue: NDArray[np.bool_] = field(default_factory=_bools)


@dataclass(frozen=True, slots=True)
class Evaluations(_Batch):
    """Today's closures of genuine department cases, as the departments' appraisal sees them.

    ``claimed``: the department reported it resolved; ``resolved``: it was; ``in_time``: closed
    within its time limit; ``rating``: the rating the appraisal recorded (NaN: not rated);
    ``pressing_found``: a call-back found the reporter had been pressed for the rating;
    ``gaming_found``: an audit or the public found it closed unresolved.
    """

    ids: NDArray[np.int64] = field(default_factory=_ints)
    department: NDArray[np.int64] = field(default_factory=_ints)
    claimed: NDArray[np.bool_] = field(default_factory=_bools)
    resolved: NDArray[np.bool_] = field(default_factory=_bools)
    in_time: NDArray[np.bool_] = field(default_factory=_bools)
    rating: NDArray[np.float64] = field(default_factory=_floats)
    pressing_found: NDArray[np.bool_] = field(default_factory=_bools)
    gaming_found: NDArray[np.bool_] = field(default_factory=_bools)


@dataclass(slots=True)
class Day:
    """Everything that happened on one day, batch by batch (the model's ``today``)."""

    day: int = -1
    new_problems: NDArray[np.int64] = field(default_factory=_ints)
    attendance: Attendance = field(default_factory=Attendance)
    patrol: Patrol = field(default_factory=Patrol)
    notices: Notices = field(default_factory=Notices)
    found: Filings = field(default_factory=Filings)
    trivial: Filings = field(default_factory=Filings)
    incentive: Incentive = field(default_factory=Incentive)
    reports: Filings = field(default_factory=Filings)
    opened: NDArray[np.int64] = field(default_factory=_ints)
    ready: NDArray[np.int64] = field(default_factory=_ints)
    deadlines: Deadlines = field(default_factory=Deadlines)
    triage: Triage = field(default_factory=Triage)
    dispatch: Dispatch = field(default_factory=Dispatch)
    handled: ToClose = field(default_factory=ToClose)
    closures: Closures = field(default_factory=Closures)
    satisfaction: NDArray[np.float64] = field(default_factory=_floats)
    experiences: tuple[Experiences, ...] = ()
    evaluations: Evaluations = field(default_factory=Evaluations)
    app_letdowns: NDArray[np.int64] = field(default_factory=_ints)

    @property
    def filings(self) -> tuple[Filings, Filings, Filings]:
        """Every report filed today: found by workers, cameras and firms; trivial; villagers'."""
        return (self.found, self.trivial, self.reports)
