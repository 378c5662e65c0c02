"""The state of a county: every table the mechanisms read and write, and how it is built.

One module per table — :mod:`layout` (villages, grids, households), :mod:`population`
(villagers), :mod:`network` (their ties), :mod:`grid_workers`, :mod:`enterprises`,
:mod:`villages`, :mod:`departments` (and the governance centre), :mod:`problems` (categories and
every problem that arose), :mod:`ledger` (cases and reports) — plus the append-only
:mod:`columns` storage and the :mod:`calendar` of timed waits. Each dynamic column names its one
writer in its table's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.sampling import RandomStreams
from govsim.scenario import Scenario
from govsim.state.departments import CentreState, DepartmentTable, build_departments
from govsim.state.enterprises import EnterpriseTable, build_enterprises
from govsim.state.grid_workers import GridWorkerTable, build_grid_workers
from govsim.state.layout import Layout, build_layout
from govsim.state.ledger import CaseLedger, ReportLog
from govsim.state.network import SocialNetwork, build_social_network
from govsim.state.population import Population, build_population
from govsim.state.problems import CategoryTable, ProblemStore
from govsim.state.villages import VillageTable, build_villages

__all__ = [
    "CaseLedger",
    "CategoryTable",
    "CentreState",
    "County",
    "DepartmentTable",
    "EnterpriseTable",
    "GridWorkerTable",
    "Layout",
    "Population",
    "ProblemStore",
    "ReportLog",
    "SocialNetwork",
    "VillageTable",
    "build_county",
]


@dataclass(slots=True)
class County:
    """Every state table of one model.

    ``category_order`` is the random order in which problem categories join the responsibility
    list (:meth:`CategoryTable.from_scenario`).
    """

    layout: Layout
    population: Population
    network: SocialNetwork
    grid_workers: GridWorkerTable
    enterprises: EnterpriseTable
    villages: VillageTable
    departments: DepartmentTable
    centre: CentreState
    problems: ProblemStore
    ledger: CaseLedger
    reports: ReportLog
    category_order: NDArray[np.int64]


def build_county(scenario: Scenario, streams: RandomStreams) -> County:
    """Synthesise a county from ``scenario``, each table from its own random stream."""
    layout = build_layout(scenario, streams("layout"))
    population = build_population(scenario, layout, streams("population"))
    enterprises, firm_start, firm_count = build_enterprises(
        scenario, layout, streams("enterprises")
    )
    return County(
        layout=layout,
        population=population,
        network=build_social_network(
            layout, population.village, scenario.network, streams("network")
        ),
        grid_workers=build_grid_workers(scenario, layout, streams("grid_workers")),
        enterprises=enterprises,
        villages=build_villages(scenario, layout, firm_start, firm_count, streams("villages")),
        departments=build_departments(scenario, streams("departments")),
        centre=CentreState(),
        problems=ProblemStore(),
        ledger=CaseLedger(),
        reports=ReportLog(),
        category_order=streams("categories").permutation(len(scenario.categories)),
    )
