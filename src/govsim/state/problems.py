"""Problem categories and the store of problems that have arisen.

A *problem* is something wrong in a village (a dispute, a polluted ditch, a broken road). It may
or may not become a *case* (see :mod:`govsim.state.ledger`): only noticed and reported problems do.
Every problem ever arisen is kept, so the detection rate (cases / problems) is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.scenario import Scenario
from govsim.state.columns import ColumnStore
from govsim.state.layout import Layout, concatenated_ranges

__all__ = ["CategoryTable", "ProblemStore", "affected_residents"]


@dataclass(slots=True)
class CategoryTable:
    """Per-category arrays, in scenario order."""

    names: tuple[str, ...]
    rate_per_adult_day: NDArray[np.float64]
    lead: NDArray[np.int64]
    assist_options: tuple[NDArray[np.int64], ...]
    multi_department_probability: NDArray[np.float64]
    settleable_share: NDArray[np.float64]
    severity_mean: NDArray[np.float64]
    visibility: NDArray[np.float64]
    camera_detectable: NDArray[np.bool_]
    enterprise_share: NDArray[np.float64]
    listed: NDArray[np.bool_]

    @classmethod
    def from_scenario(cls, scenario: Scenario, list_order: NDArray[np.int64]) -> CategoryTable:
        """The scenario's categories as arrays.

        ``round(responsibility_list_coverage × n)`` categories get a published lead/assist list:
        the first ones in ``list_order`` (a random permutation drawn once per model, so a wider
        list mid-run adds categories to the ones already listed).
        """
        cats = scenario.categories
        department_index = {d.name: i for i, d in enumerate(scenario.departments)}
        n = len(cats)
        n_listed = round(scenario.sharing.responsibility_list_coverage * n)
        listed = np.zeros(n, dtype=bool)
        listed[list_order[:n_listed]] = True
        days_per_month = 30.0
        return cls(
            names=tuple(c.name for c in cats),
            rate_per_adult_day=np.array(
                [c.rate_per_1000_per_month / 1000.0 / days_per_month for c in cats]
            ),
            lead=np.array([department_index[c.lead_department] for c in cats], dtype=np.int64),
            assist_options=tuple(
                np.array([department_index[d] for d in c.assist_departments], dtype=np.int64)
                for c in cats
            ),
            multi_department_probability=np.array(
                [c.multi_department_probability if c.assist_departments else 0.0 for c in cats]
            ),
            settleable_share=np.array([c.settleable_share for c in cats]),
            severity_mean=np.array([c.severity_mean for c in cats]),
            visibility=np.array([c.visibility for c in cats]),
            camera_detectable=np.array([c.camera_detectable for c in cats], dtype=bool),
            enterprise_share=np.array([c.enterprise_share for c in cats]),
            listed=listed,
        )


class ProblemStore(ColumnStore):
    """Append-only columnar store of every problem that arose.

    Columns: ``day`` (arose), ``village``, ``grid``, ``household`` (first affected household),
    ``households`` (number affected, contiguous), ``category``, ``severity`` (0-1),
    ``enterprise`` (firm that caused it, ``-1``), ``settleable``, ``cross_department``,
    ``assist_department`` (``-1``), ``case`` (case id once reported, ``-1``), ``fixed``.
    """

    COLUMNS: ClassVar[dict[str, tuple[type[Any], Any]]] = {
        "day": (np.int32, -1),
        "village": (np.int32, -1),
        "grid": (np.int32, -1),
        "household": (np.int64, -1),
        "households": (np.int32, 1),
        "category": (np.int16, -1),
        "severity": (np.float64, 0.0),
        "enterprise": (np.int32, -1),
        "settleable": (np.bool_, False),
        "cross_department": (np.bool_, False),
        "assist_department": (np.int16, -1),
        "case": (np.int64, -1),
        "fixed": (np.bool_, False),
    }


def affected_residents(
    problems: ProblemStore, layout: Layout, migrant: NDArray[np.bool_], ids: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Resident adults of the households each problem in ``ids`` affects.

    Returns the villager rows and, for each, the index into ``ids`` of its problem. A problem
    affects consecutive households and a household's adults are consecutive rows, so each
    problem's adults are one range of rows.
    """
    first = problems["household"][ids]
    last = first + problems["households"][ids] - 1
    start = layout.household_start[first]
    stop = layout.household_start[last] + layout.household_size[last]
    adults, owner = concatenated_ranges(start, stop - start)
    resident = ~migrant[adults]
    return adults[resident], owner[resident]
