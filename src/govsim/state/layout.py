"""The county's spatial units: villages, grids and households, and how villager rows map to them.

Villager rows are sorted by village, then household, so a village or a household is a contiguous
range of rows; a village's households are cut into contiguous grids, one grid worker each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim.scenario import Scenario

__all__ = ["Layout", "build_layout", "concatenated_ranges"]


@dataclass(slots=True)
class Layout:
    """Villages, grids and households: the county's spatial units.

    Attributes
    ----------
    village_of_household, grid_of_household:
        Village and grid of each household.
    household_start, household_size:
        First villager row and number of adults of each household.
    village_start, village_size:
        First villager row and number of adults of each village.
    village_household_start, village_household_count:
        First household and number of households of each village.
    village_of_grid, grid_household_start, grid_household_count:
        Village of each grid and the contiguous households it covers.
    """

    village_of_household: NDArray[np.int32]
    grid_of_household: NDArray[np.int32]
    household_start: NDArray[np.int64]
    household_size: NDArray[np.int64]
    village_start: NDArray[np.int64]
    village_size: NDArray[np.int64]
    village_household_start: NDArray[np.int64]
    village_household_count: NDArray[np.int64]
    village_of_grid: NDArray[np.int32]
    grid_household_start: NDArray[np.int64]
    grid_household_count: NDArray[np.int64]

    @property
    def n_villages(self) -> int:
        """Number of villages."""
        return len(self.village_start)

    @property
    def n_grids(self) -> int:
        """Number of grids (one grid worker each)."""
        return len(self.village_of_grid)

    @property
    def n_households(self) -> int:
        """Number of households."""
        return len(self.household_start)


def build_layout(scenario: Scenario, rng: np.random.Generator) -> Layout:
    """Draw village sizes, households, adults per household and grids.

    Households per village are Normal(mean, sd) rounded and at least 1; adults per household are
    ``1 + Poisson(mean - 1)``; each village is cut into ``round(households / households_per_worker)``
    grids (at least one) of contiguous households.
    """
    county = scenario.county
    households = np.maximum(
        1,
        np.rint(
            rng.normal(
                county.households_per_village_mean,
                county.households_per_village_sd,
                county.villages,
            )
        ),
    ).astype(np.int64)
    n_households = int(households.sum())
    village_household_start = np.concatenate(([0], np.cumsum(households)[:-1]))
    village_of_household = np.repeat(np.arange(county.villages, dtype=np.int32), households)
    household_size = 1 + rng.poisson(county.adults_per_household_mean - 1.0, n_households)
    household_start = np.concatenate(([0], np.cumsum(household_size)[:-1]))

    grids_per_village = np.maximum(
        1, np.rint(households / scenario.grid_workers.households_per_worker)
    ).astype(np.int64)
    grid_offset = np.concatenate(([0], np.cumsum(grids_per_village)[:-1]))
    local_index = np.arange(n_households) - village_household_start[village_of_household]
    grid_of_household = (
        grid_offset[village_of_household]
        + (local_index * grids_per_village[village_of_household])
        // households[village_of_household]
    ).astype(np.int32)
    n_grids = int(grids_per_village.sum())
    grid_household_count = np.bincount(grid_of_household, minlength=n_grids).astype(np.int64)
    grid_household_start = np.concatenate(([0], np.cumsum(grid_household_count)[:-1]))
    village_of_grid = np.repeat(np.arange(county.villages, dtype=np.int32), grids_per_village)

    village_size = np.bincount(
        village_of_household, weights=household_size, minlength=county.villages
    )
    village_size_int = village_size.astype(np.int64)
    village_start = np.concatenate(([0], np.cumsum(village_size_int)[:-1]))
    return Layout(
        village_of_household=village_of_household,
        grid_of_household=grid_of_household,
        household_start=household_start,
        household_size=household_size,
        village_start=village_start,
        village_size=village_size_int,
        village_household_start=village_household_start,
        village_household_count=households,
        village_of_grid=village_of_grid,
        grid_household_start=grid_household_start,
        grid_household_count=grid_household_count,
    )


def concatenated_ranges(
    start: NDArray[np.signedinteger[Any]], length: NDArray[np.signedinteger[Any]]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``range(start[i], start[i] + length[i])`` for every ``i``, concatenated, and each one's ``i``.

    Households' adults, a problem's consecutive households and a villager's ties are such ranges
    of rows (or of CSR positions); one range is an ``arange``, several a vectorised expansion.
    """
    if len(start) == 1:
        first = int(start[0])
        positions = np.arange(first, first + int(length[0]), dtype=np.int64)
        return positions, np.zeros(len(positions), dtype=np.int64)
    owner = np.repeat(np.arange(len(start)), length)
    shift = np.repeat(start - (np.add.accumulate(length) - length), length)
    return (np.arange(len(owner)) + shift).astype(np.int64, copy=False), owner
