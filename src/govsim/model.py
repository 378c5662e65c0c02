"""GovernanceModel: a county's grassroots governance as a Mesa model, one step per day."""

from __future__ import annotations

import os
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from govsim.agents import Cadre, Department, Enterprise, GovernanceCentre, GridWorker, Villager
from govsim.cases import CaseFlow
from govsim.enums import CadreRole
from govsim.ledger import CaseLedger
from govsim.metrics import DailyCounters, DailyRecorder, model_reporters
from govsim.network import build_social_network
from govsim.population import beta_from_mean, build_layout, build_population
from govsim.problems import CategoryTable, ProblemStore
from govsim.processes import (
    AppAdoption,
    DepartmentProcessing,
    Detection,
    Feedback,
    GridWork,
    Incentives,
    LocalSettlement,
    Meetings,
    ProblemArrival,
    Publicity,
    Reporting,
    Routing,
    Sharing,
)
from govsim.scenario import Scenario, load_scenario, with_overrides
from govsim.sizing import check_fits
from govsim.tables import build_enterprises, build_grid_workers, build_villages

__all__ = ["GovernanceModel"]

_CADRE_ROLES = (CadreRole.PARTY_SECRETARY, CadreRole.COMMITTEE_MEMBER)
ADULTS_PER_CAPACITY_UNIT = 100_000  # staffing is given per 100,000 adults served


class GovernanceModel(mesa.Model):  # type: ignore[misc]
    """A county's collaborative rural governance, simulated one day per step.

    Parameters
    ----------
    settings:
        A loaded :class:`govsim.scenario.Scenario`, or the path of a scenario TOML file; the
        validated scenario is ``model.settings``.
    rng:
        Seed or generator for the model's random generator (``model.rng``). A run is a pure
        function of (settings, rng seed).
    scenario:
        Mesa's own experimental ``Scenario`` (``model.scenario``), passed on to
        :class:`mesa.Model` untouched; govsim's scenario is ``settings``.
    datacollection:
        Collect the daily metrics into Mesa's ``model.datacollector`` each step (needed by
        ``mesa.batch_run``). :func:`govsim.run` turns it off: it reads the same metrics from
        ``model.recorder``.
    **overrides:
        Scenario values by dotted path, e.g. ``**{"appraisal.audit_rate": 0.2}``, so that
        ``mesa.batch_run(GovernanceModel, parameters={"settings": [...], "appraisal.audit_rate":
        [0, 0.2]}, rng=[...])`` sweeps them.

    Notes
    -----
    :meth:`step` is the ordered pipeline of processes in :mod:`govsim.processes`. Villager,
    grid-worker and enterprise state is columnar (``model.population``, ``model.grid_workers``,
    ``model.enterprises``); their Mesa agents are views on rows.
    """

    def __init__(
        self,
        settings: Scenario | str | os.PathLike[str] = "scenarios/village.toml",
        *,
        rng: Any = None,
        scenario: MesaScenario | None = None,
        datacollection: bool = True,
        **overrides: Any,
    ) -> None:
        super().__init__(rng=rng, scenario=scenario)
        if isinstance(settings, Scenario):
            loaded = with_overrides(settings, overrides) if overrides else settings
        else:
            loaded = load_scenario(settings, overrides or None)
        check_fits(loaded, days=0)  # refuse a set-up that cannot fit in memory, before building
        self.settings = loaded
        self.day = 0
        self.counters = DailyCounters(len(loaded.departments))
        self._build()
        self.recorder = DailyRecorder(self)
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self.datacollection = datacollection

    def _build(self) -> None:
        s = self.settings
        rng = self.rng
        self.layout = build_layout(s, rng)
        self.population = build_population(s, self.layout, rng)
        self.network = build_social_network(self.layout, self.population.village, s.network, rng)
        self.grid_workers = build_grid_workers(s, self.layout, rng)
        self.enterprises, e_start, e_count = build_enterprises(s, self.layout, rng)
        leadership = beta_from_mean(
            rng, s.cadres.leadership_mean, s.cadres.leadership_concentration, self.layout.n_villages
        )
        self.villages = build_villages(s, self.layout, leadership, e_start, e_count, rng)

        self.department_index = {d.name: i for i, d in enumerate(s.departments)}
        per_100k = self.population.size / ADULTS_PER_CAPACITY_UNIT
        self.departments = [
            Department(
                self,
                index=i,
                name=d.name,
                capacity_per_day=d.staff_per_100k_adults * per_100k * d.cases_per_staff_per_day,
                handling_days_mean=d.handling_days_mean,
                resolve_probability=d.resolve_probability,
                data_standard=d.data_standard,
            )
            for i, d in enumerate(s.departments)
        ]
        self.centre = GovernanceCentre(
            self, s.centre.staff_per_100k_adults * per_100k * s.centre.cases_per_staff_per_day
        )
        self.categories = CategoryTable.from_scenario(s, self.department_index, rng)
        self.problems = ProblemStore()
        self.ledger = CaseLedger()
        self.flow = CaseFlow()

        # Villagers, grid workers, firms and cadres: created when first asked for (see
        # _create_row_agents); the daily pipeline works on the columns and never needs them.
        self._leadership = leadership
        self._row_agents_pending = True

        # The daily pipeline, in order (DOMAIN.md; docs/model.md "Process overview").
        self.sharing = Sharing(self)
        self.publicity = Publicity(self)
        self.meetings = Meetings(self)
        self.app_adoption = AppAdoption(self)
        self.incentives = Incentives(self)
        self.arrival = ProblemArrival(self)
        self.grid_work = GridWork(self)
        self.detection = Detection(self)
        self.reporting = Reporting(self)
        self.settlement = LocalSettlement(self)
        self.routing = Routing(self)
        self.processing = DepartmentProcessing(self)
        self.feedback = Feedback(self)

    # -- Mesa agents -------------------------------------------------------------------------

    _row_agents_pending = False  # True from set-up until the row agents exist

    def _create_row_agents(self) -> None:
        """Create the Mesa agents of villagers, grid workers, firms and cadres, once.

        They are views on rows of the columnar state (:mod:`govsim.agents`) and hold nothing of
        their own, so they are created the first time anyone asks for the model's agents
        (``agents``, ``agents_by_type``, ``agent_types``) or registers another agent: in the
        same order, and so with the same ``unique_id``, as if they had been created at set-up.
        A run that never looks at them (``govsim.run``, sweeps) does not pay ~5 µs per agent.
        """
        if not self._row_agents_pending:
            return
        self._row_agents_pending = False
        for row in range(self.population.size):
            Villager(self, row)
        for row in range(self.grid_workers.size):
            GridWorker(self, row)
        for row in range(self.enterprises.size):
            Enterprise(self, row)
        for village in range(self.layout.n_villages):
            for k in range(self.settings.cadres.per_village):
                role = _CADRE_ROLES[min(k, 1)]
                Cadre(self, village, role, float(self._leadership[village]))

    @property
    def agents(self) -> Any:
        """All agents (Mesa's ``Model.agents``)."""
        self._create_row_agents()
        return super().agents

    @property
    def agents_by_type(self) -> Any:
        """Agents by class (Mesa's ``Model.agents_by_type``)."""
        self._create_row_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """Agent classes present (Mesa's ``Model.agent_types``)."""
        self._create_row_agents()
        types: list[type] = super().agent_types
        return types

    def register_agent(self, agent: Any) -> None:
        """Register an agent (Mesa); the row agents first, so that unique ids keep their order."""
        self._create_row_agents()
        super().register_agent(agent)

    def remove_all_agents(self) -> None:
        """Remove every agent (Mesa), the row agents included."""
        self._create_row_agents()
        super().remove_all_agents()

    # -- the daily pipeline --------------------------------------------------------------------

    def step(self) -> None:
        """Simulate one day: the ordered pipeline of processes."""
        self.counters.reset()
        self.sharing.step(self)  # roll-out of the data standard; interfaces between departments
        self.publicity.step(self)  # policy awareness via channels and word of mouth
        self.meetings.step(self)  # village meetings (dialogue, trust, ownership)
        self.app_adoption.step(self)  # registration, use and churn on the government app
        self.arrival.step(self)  # 1. problems arise per grid and category
        self.grid_work.step(self)  # grid workers' time budget; appraisal-driven trivial reports
        self.detection.step(self)  # 2. villagers notice; grid workers, cameras, firms find
        self.reporting.step(self)  # 3-4. report or not; channel choice; cases opened or joined
        self.incentives.step(self)  # trivial reports drawn by unvalidated rewards
        self.settlement.step(self)  # 5. intake ends; cadres settle small matters locally
        self.routing.step(self)  # 6. the centre classifies and dispatches; bounces
        self.processing.step(self)  # 7. departments take on and close cases; escalation
        self.feedback.step(self)  # 8. reporters and neighbours learn outcomes
        self.recorder.record(self)
        if self.datacollection:
            self.datacollector.collect(self)
        self.day += 1

    def run_days(self, days: int) -> None:
        """Step the model ``days`` times (Mesa's ``run_for``: one pass of its event loop)."""
        self.run_for(days)

    def social_graph(self, village: int | None = None) -> Any:
        """The villagers' social network as a networkx graph (one village, or the county)."""
        if village is None:
            return self.network.to_networkx()
        start = int(self.layout.village_start[village])
        rows = np.arange(start, start + int(self.layout.village_size[village]))
        return self.network.to_networkx(rows)
