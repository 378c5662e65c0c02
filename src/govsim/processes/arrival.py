"""Process 1 — problems arise in each grid, by category.

Rule: the number of new problems of category *c* in grid *g* on a day is
Poisson(``rate_per_1000_per_month[c]`` / 1000 / 30 × adults in *g*) [E, calibrated so that reports
land at 5-15 per 1,000 adults per month]. Each problem affects ``1 + Poisson(mean - 1)``
contiguous households (neighbours) starting at a random household of the grid, has a
Beta(``severity_mean``, concentration) severity, is settleable in the village with
``settleable_share``, needs an assisting department with ``multi_department_probability`` (one
of the category's ``assist_departments``, uniformly), and with ``enterprise_share`` was caused by
a random firm of the village.

Arrival is vectorised over grids × categories; the noticing of each new problem by its affected
residents and their network neighbours is drawn here as per-villager geometric waiting times and
handed to :class:`govsim.processes.detection.Detection` (work per problem, not per villager).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from govsim.population import beta_from_mean
from govsim.processes._common import PoissonCounts

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["ProblemArrival"]


class ProblemArrival:
    """Draws each day's new problems (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        adults = np.bincount(model.population.grid, minlength=model.layout.n_grids)
        self.expected = np.outer(adults, model.categories.rate_per_adult_day)  # grids × categories
        self.counts = PoissonCounts(self.expected)  # draws rng.poisson(self.expected), cheaper

    def step(self, model: GovernanceModel) -> None:
        """Create today's problems and schedule who notices them."""
        rng = model.rng
        layout = model.layout
        cats = model.categories
        counts, total = self.counts.draw(rng)
        model.counters.new_problems += total
        if total == 0:
            return  # Detection.add_problems of no problems would change nothing
        grid_index, category = np.nonzero(counts)
        grid = grid_index.astype(np.int32)
        if total > len(grid):  # some cell has several problems today
            repeats = counts[grid_index, category]
            grid = np.repeat(grid, repeats)
            category = np.repeat(category, repeats)
        village = layout.village_of_grid[grid]

        first = layout.grid_household_start[grid] + np.floor(
            rng.random(total) * layout.grid_household_count[grid]
        ).astype(np.int64)
        village_end = (
            layout.village_household_start[village] + layout.village_household_count[village]
        )
        spread = 1 + rng.poisson(model.settings.problems.affected_households_mean - 1.0, total)
        households = np.minimum(spread, village_end - first).astype(np.int32)

        severity = beta_from_mean(
            rng, cats.severity_mean[category], model.settings.problems.severity_concentration, total
        )
        settleable = rng.random(total) < cats.settleable_share[category]
        cross = rng.random(total) < cats.multi_department_probability[category]
        assist = np.full(total, -1, dtype=np.int16)
        for c in np.unique(category[cross]).tolist() if np.count_nonzero(cross) else ():
            options = cats.assist_options[c]
            where = (cross & (category == c)).nonzero()[0]
            assist[where] = options[rng.integers(0, len(options), size=len(where))]

        enterprise = np.full(total, -1, dtype=np.int32)
        firms = model.villages.enterprise_count[village]
        caused = (rng.random(total) < cats.enterprise_share[category]) & (firms > 0)
        pick = np.floor(rng.random(total) * firms).astype(np.int64)
        enterprise[caused] = (model.villages.enterprise_start[village] + pick)[caused]

        ids = model.problems.append(
            total,
            day=model.day,
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
        model.detection.add_problems(model, ids)
