"""The case ledger: one record per case, from creation to closure.

Every problem that becomes a case gets one row; duplicate reports of the same problem join that
row (``reports`` counts them). Columns are numpy arrays that grow by doubling, so appending is
amortised O(1) and reading the ledger is a vectorised operation. Nothing is ever deleted: at any
day, ``created = closed + open`` holds by construction, and :meth:`CaseLedger.to_frame` gives the
tidy table of :class:`govsim.RunResult`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from govsim.enums import NO_CHANNEL, AgeBand, Channel, Outcome, Source, Stage
from govsim.state.columns import ColumnStore

__all__ = ["NO_CHANNEL", "CaseLedger", "ReportLog"]


class CaseLedger(ColumnStore):
    """Columnar, append-only record of cases.

    Columns (one entry per case, ``-1`` where not applicable):

    ``problem``, ``created_day``, ``closed_day`` (``-1`` while open), ``category``, ``source``
    (:class:`Source`), ``channel`` (:class:`Channel` or ``-1``), ``reporter`` (villager row,
    grid-worker index or enterprise index by source), ``reporter_age_band``,
    ``reporter_migrant``, ``reporter_smartphone``, ``village``, ``grid``, ``lead_department``,
    ``assist_department``, ``department`` (where it is now), ``cross_department``, ``severity``,
    ``genuine``, ``settleable``, ``enterprise`` (firm involved), ``quality`` (report quality),
    ``stage`` (:class:`Stage`), ``bounces``, ``routing_attempts``, ``escalated``, ``overdue``
    (open past its time limit at some point), ``settled_locally``, ``sla_days``, ``outcome``
    (:class:`Outcome`), ``reports``, ``notified``, ``satisfaction`` (NaN until told),
    ``claimed_resolved`` (the department reported it resolved: true for resolutions and for
    cases it closed unresolved to game the count), ``summoned`` (a village summoned the
    department), ``visible`` (its progress was public), ``evaluated``, ``rating`` (the rating the
    appraisal recorded, NaN if not rated), ``rating_pressed`` (the department pressed the
    reporter), ``rating_verified`` (an independent call-back collected it),
    ``gaming_detected`` (an audit or the public found it closed unresolved).

    Writers: :mod:`~govsim.processes.intake` appends rows (every column describing the report
    and the problem) and counts joining ``reports``; ``stage`` is written by the process that
    holds the case (intake, settlement, routing, processing, closing), each only for the stage
    it puts the case in; ``settled_locally`` and ``summoned`` by settlement; ``bounces`` and
    ``routing_attempts`` by routing; ``department`` (the queue it joins) and
    ``claimed_resolved`` by processing; ``escalated`` and ``overdue`` by supervision;
    ``closed_day`` and ``outcome`` by closing; ``satisfaction``, ``notified`` and ``visible`` by
    feedback; ``evaluated``, ``rating``, ``rating_pressed``, ``rating_verified`` and
    ``gaming_detected`` by evaluation.
    """

    COLUMNS: ClassVar[dict[str, tuple[type[Any], Any]]] = {
        "problem": (np.int64, -1),
        "created_day": (np.int32, -1),
        "closed_day": (np.int32, -1),
        "category": (np.int16, -1),
        "source": (np.int8, -1),
        "channel": (np.int8, NO_CHANNEL),
        "reporter": (np.int64, -1),
        "reporter_age_band": (np.int8, -1),
        "reporter_migrant": (np.bool_, False),
        "reporter_smartphone": (np.bool_, False),
        "village": (np.int32, -1),
        "grid": (np.int32, -1),
        "lead_department": (np.int16, -1),
        "assist_department": (np.int16, -1),
        "department": (np.int16, -1),
        "cross_department": (np.bool_, False),
        "severity": (np.float64, 0.0),
        "genuine": (np.bool_, True),
        "settleable": (np.bool_, False),
        "enterprise": (np.int32, -1),
        "quality": (np.float64, 0.0),
        "stage": (np.int8, Stage.INTAKE),
        "bounces": (np.int16, 0),
        "routing_attempts": (np.int16, 0),
        "escalated": (np.bool_, False),
        "overdue": (np.bool_, False),
        "settled_locally": (np.bool_, False),
        "sla_days": (np.int16, 0),
        "outcome": (np.int8, Outcome.OPEN),
        "reports": (np.int32, 1),
        "notified": (np.bool_, False),
        "satisfaction": (np.float64, np.nan),
        "claimed_resolved": (np.bool_, False),
        "summoned": (np.bool_, False),
        "visible": (np.bool_, False),
        "evaluated": (np.bool_, False),
        "rating": (np.float64, np.nan),
        "rating_pressed": (np.bool_, False),
        "rating_verified": (np.bool_, False),
        "gaming_detected": (np.bool_, False),
    }

    #: Columns of enum codes that :meth:`to_frame` shows as categoricals of lower-case names,
    #: with the label of code ``-1`` where a case may have none.
    LABELLED: ClassVar[dict[str, tuple[type[IntEnum], str | None]]] = {
        "source": (Source, None),
        "channel": (Channel, "none"),
        "stage": (Stage, None),
        "outcome": (Outcome, None),
        "reporter_age_band": (AgeBand, "none"),
    }

    @classmethod
    def frame_dtypes(cls) -> dict[str, Any]:
        """The dtype of each column of :meth:`to_frame` but ``days_to_close``.

        ``days_to_close`` is integer when every case is closed, float with NaN otherwise.
        """
        dtypes: dict[str, Any] = {name: np.dtype(dtype) for name, (dtype, _) in cls.COLUMNS.items()}
        for name, (enum, missing) in cls.LABELLED.items():
            dtypes[name] = pd.CategoricalDtype(_categories(enum, missing))
        return dtypes

    def to_frame(self, start: int = 0, origin: int = 0) -> pd.DataFrame:
        """The ledger as a tidy DataFrame, one row per case, with labelled categoricals.

        ``days_to_close`` is ``closed_day - created_day`` (NaN while open). ``start`` is the
        first case to include (the first of the reported days; the index keeps case ids) and
        ``origin`` the first reported day: days are counted from it (a case still open keeps
        ``closed_day = -1``).
        """
        columns: dict[str, Any] = {}
        for name in self.COLUMNS:
            values = self[name][start:]
            if name in self.LABELLED:
                enum, missing = self.LABELLED[name]
                columns[name] = _labels(values, enum, missing)
            else:
                columns[name] = values.copy()
        created = columns["created_day"]
        closed_day = columns["closed_day"]
        closed = closed_day >= 0
        days = closed_day - created
        if origin:
            created -= origin
            closed_day[closed] -= origin
        # what Series.where(closed) gives: NaN while open, as float64 only if a case is open
        columns["days_to_close"] = (
            days if closed.all() else np.where(closed, days.astype(np.float64), np.nan)
        )
        frame = pd.DataFrame(
            columns, index=pd.RangeIndex(start, start + len(created), name="case"), copy=False
        )
        return frame


def _labels(codes: NDArray[Any], enum: Any, missing: str | None = None) -> pd.Categorical:
    """Integer codes of ``enum`` (``-1`` = ``missing``) as a categorical of lower-case names.

    The enums' values are 0..n-1, so they are the categorical's codes; ``-1`` maps to the last
    category when ``missing`` is given.
    """
    categories: list[object] = list(_categories(enum, missing))
    values: NDArray[np.int64] = codes.astype(np.int64)
    if missing:
        values = np.where(values < 0, len(categories) - 1, values)
    return pd.Categorical.from_codes(values, categories=pd.Index(categories))


def _categories(enum: Any, missing: str | None = None) -> list[str]:
    """Lower-case names of ``enum``'s members in code order (then ``missing``, if given)."""
    members = sorted(enum, key=lambda member: member.value)
    if [m.value for m in members] != list(range(len(members))):
        raise ValueError(f"{enum.__name__} values are not 0..n-1; they cannot be categorical codes")
    return [member.name.lower() for member in members] + ([missing] if missing else [])


class ReportLog(ColumnStore):
    """Every report a villager made: one row per report (written by :mod:`~govsim.processes.intake`).

    Columns: ``day``, ``reporter`` (villager row), ``channel`` (:class:`Channel`), ``case`` (the
    case it opened or joined), ``opened`` (True: it opened the case; False: it joined a case
    already open), ``genuine`` (False for trivial reports drawn by unvalidated rewards).
    ``joiners`` maps a case to the reports (rows of this log) that joined it after it was
    opened (the report that opened it is the ledger's ``reporter`` and ``channel``), so that
    every reporter hears the outcome.

    Grid workers', cameras' and firms' finds are not reports of a villager: they are the cases
    of the ledger with those ``source`` values (their later finds of a case already open are
    counted in the ledger's ``reports``).
    """

    def __init__(self, capacity: int = 1024) -> None:
        super().__init__(capacity)
        self.joiners: dict[int, list[int]] = {}

    COLUMNS: ClassVar[dict[str, tuple[type[Any], Any]]] = {
        "day": (np.int32, -1),
        "reporter": (np.int64, -1),
        "channel": (np.int8, NO_CHANNEL),
        "case": (np.int64, -1),
        "opened": (np.bool_, True),
        "genuine": (np.bool_, True),
    }

    #: dtypes of :meth:`to_frame`'s columns: compact (a county year is ~10^5 reports; 15 bytes a
    #: row), and what a reader of saved results restores from CSV.
    FRAME_DTYPES: ClassVar[dict[str, Any]] = {
        "day": np.dtype(np.int32),
        "reporter": np.dtype(np.int32),
        "channel": pd.CategoricalDtype(_categories(Channel)),
        "case": np.dtype(np.int32),
        "opened": np.dtype(np.bool_),
        "genuine": np.dtype(np.bool_),
    }

    def to_frame(self, start: int = 0, origin: int = 0) -> pd.DataFrame:
        """The reports as a tidy DataFrame, one row per report (index ``report``).

        Dtypes are :data:`FRAME_DTYPES`: villager rows and case ids as ``int32`` (checked to fit),
        the channel as a categorical of the channels' lower-case names. ``start`` is the first
        report to include (the first of the reported days; the index keeps report numbers) and
        ``origin`` the first reported day: days are counted from it. Case ids are the ledger's
        (a report may join a case opened before ``origin``).
        """
        columns: dict[str, Any] = {}
        for name in self.COLUMNS:
            values = self[name][start:]
            if name == "day" and origin:
                values = values - origin
            if name == "channel":
                columns[name] = _labels(values, Channel)
            else:
                columns[name] = _narrowed(values, self.FRAME_DTYPES[name], name)
        index = pd.RangeIndex(start, start + len(columns["day"]), name="report")
        return pd.DataFrame(columns, index=index, copy=False)


def _narrowed(values: NDArray[Any], dtype: np.dtype[Any], name: str) -> NDArray[Any]:
    """A copy of ``values`` as ``dtype``, which must hold every value (never a silent wrap)."""
    if values.dtype == dtype:
        return values.copy()
    if len(values) and np.issubdtype(dtype, np.integer):
        limits = np.iinfo(dtype)
        if values.min() < limits.min or values.max() > limits.max:
            raise OverflowError(f"report log column {name!r} does not fit {dtype}")
    return values.astype(dtype)
