"""Problems arise in each grid, by category.

Rule: the number of new problems of category *c* in grid *g* on a day is
Poisson(``categories.<c>.rate_per_1000_per_month`` / 1,000 / 30 × adults of *g*) [E, calibrated
so that reports land at 5–15 per 1,000 adults per month]. Each problem affects ``1 + Poisson(
problems.affected_households_mean − 1)`` consecutive households (neighbours, within the village)
from a uniformly drawn household of the grid; has a Beta(``severity_mean``,
``problems.severity_concentration``) severity (0–1); can be settled in the village with the
category's ``settleable_share``; needs an assisting department with
``multi_department_probability`` (one of the category's ``assist_departments``, uniformly);
and with ``enterprise_share`` was caused by one of the village's firms, uniformly.

Work per day: the grids × categories counts are drawn through their total
(:class:`govsim.sampling.PoissonCells`), so a day without problems costs one draw; each
problem's attributes are drawn together, vectorised over the day's problems.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.sampling import NO_ROWS, PoissonCells, beta_from_mean
from govsim.scenario import Scenario
from govsim.state.layout import Layout
from govsim.state.population import Population
from govsim.state.problems import CategoryTable, ProblemStore
from govsim.state.villages import VillageTable

__all__ = ["ProblemArrival"]


class ProblemArrival:
    """Draws each day's new problems into the problem store (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "layout",
        "population.grid",
        "villages.enterprise_start",
        "villages.enterprise_count",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("problems+",)
    SETTINGS: ClassVar[tuple[str, ...]] = ("problems", "categories")

    def __init__(
        self,
        layout: Layout,
        population: Population,
        villages: VillageTable,
        problems: ProblemStore,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.layout = layout
        self.villages = villages
        self.problems = problems
        self.rng = rng
        self.adults_per_grid = np.bincount(population.grid, minlength=layout.n_grids)
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's rates and problem settings."""
        self.settings = settings.problems
        self.categories = categories
        expected = np.outer(self.adults_per_grid, categories.rate_per_adult_day)
        self.cells = PoissonCells(expected)  # grids × categories
        self.n_categories = len(categories.names)

    def step(self, day: int) -> NDArray[np.int64]:
        """Today's new problems (ids in the problem store)."""
        cells = self.cells.draw(self.rng)
        total = len(cells)
        if total == 0:
            return NO_ROWS
        rng = self.rng
        layout = self.layout
        cats = self.categories
        grid = cells // self.n_categories
        category = cells % self.n_categories
        village = layout.village_of_grid[grid]

        first = layout.grid_household_start[grid] + np.floor(
            rng.random(total) * layout.grid_household_count[grid]
        ).astype(np.int64)
        village_end = (
            layout.village_household_start[village] + layout.village_household_count[village]
        )
        spread = 1 + rng.poisson(self.settings.affected_households_mean - 1.0, total)
        households = np.minimum(spread, village_end - first)
        severity = beta_from_mean(
            rng, cats.severity_mean[category], self.settings.severity_concentration, total
        )
        settleable = rng.random(total) < cats.settleable_share[category]
        cross = rng.random(total) < cats.multi_department_probability[category]
        assist = np.full(total, -1, dtype=np.int64)
        for c in np.unique(category[cross]).tolist():
            options = cats.assist_options[c]
            where = (cross & (category == c)).nonzero()[0]
            assist[where] = options[rng.integers(0, len(options), size=len(where))]
        enterprise = np.full(total, -1, dtype=np.int64)
        firms = self.villages.enterprise_count[village]
        caused = (rng.random(total) < cats.enterprise_share[category]) & (firms > 0)
        pick = np.floor(rng.random(total) * firms).astype(np.int64)
        enterprise[caused] = (self.villages.enterprise_start[village] + pick)[caused]
        return self.problems.append(
            total,
            day=day,
            village=village,
            grid=grid,
            household=first,
            households=households,
            category=category,
            severity=severity,
            enterprise=enterprise,
            settleable=settleable,
            cross_department=cross,
            assist_department=assist,
        )
