"""GovernanceModel: a county's grassroots governance as a Mesa model, one step per day."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from govsim.agents import Cadre, Department, Enterprise, GovernanceCentre, GridWorker, Villager
from govsim.enums import CadreRole
from govsim.events import Day
from govsim.metrics import DailyRecorder, model_reporters
from govsim.processes import (
    Accountability,
    AppAdoption,
    Awareness,
    Beliefs,
    Closing,
    DepartmentProcessing,
    Detection,
    Evaluation,
    Feedback,
    GridWork,
    Incentives,
    Intake,
    LocalSettlement,
    Meetings,
    Participation,
    ProblemArrival,
    Relations,
    Reporting,
    Routing,
    Supervision,
)
from govsim.sampling import RandomStreams
from govsim.scenario import (
    FIXED_AT_SET_UP,
    Problem,
    Scenario,
    ScenarioError,
    differences,
    fixed_at_set_up,
    get_path,
    load_scenario,
    with_overrides,
)
from govsim.sizing import check_fits
from govsim.state import CategoryTable, build_county

__all__ = ["FIXED_AT_SET_UP", "GovernanceModel", "changed_paths", "fixed_at_set_up"]

_CADRE_ROLES = (CadreRole.PARTY_SECRETARY, CadreRole.COMMITTEE_MEMBER)


def changed_paths(before: Scenario, after: Scenario) -> list[str]:
    """Dotted paths whose values differ between two scenarios.

    Items added to or removed from a keyed list count as a change of the list itself.
    """
    changed = [path for path, _, _ in differences(before, after)]
    if [c.name for c in before.categories] != [c.name for c in after.categories]:
        changed.append("categories")
    if [d.name for d in before.departments] != [d.name for d in after.departments]:
        changed.append("departments")
    return changed


class GovernanceModel(mesa.Model):  # type: ignore[misc]
    """A county's collaborative rural governance, simulated one day per step.

    Parameters
    ----------
    settings:
        A loaded :class:`govsim.scenario.Scenario`, or the path of a scenario TOML file; the
        validated scenario is ``model.settings``.
    rng:
        The seed: an integer, a :class:`numpy.random.SeedSequence` or generator. Every mechanism
        draws from its own stream spawned from it (:class:`govsim.sampling.RandomStreams`), so a
        run is a pure function of (settings, seed). Mesa's own ``model.rng`` is seeded from it too
        and left to user code.
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
    :meth:`step` is the day's data flow between the processes of :mod:`govsim.processes`; the
    state they read and write is in :mod:`govsim.state` (``model.population``,
    ``model.ledger``, ...); ``model.today`` holds the day's events (:class:`govsim.events.Day`).
    Mesa agents (:mod:`govsim.agents`) are views on the state's rows.
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
        self.streams = RandomStreams(self.rng if rng is None else rng)
        self.day = 0
        self._build()
        self.today = Day()
        self.recorder = DailyRecorder(self)
        #: The first reported day: the scenario's spin-up runs before it (not reported).
        self.origin = loaded.spin_up_days
        self.report_begun = False  # whether the reported days have begun
        #: Where the reported days begin in the append-only stores (set when they begin).
        self.first_case = self.first_problem = self.first_report = 0
        self.at_origin: dict[str, float] = {}
        #: Roll-outs still to come: (absolute day, changes), soonest last; roll-outs of one day
        #: are popped in the scenario's order, as :func:`~govsim.scenario.in_force` applies them.
        self.schedule = sorted(
            ((self.origin + r.day, r.changes) for r in loaded.rollouts), key=lambda item: item[0]
        )[::-1]
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())
        self.datacollection = datacollection

    def _build(self) -> None:
        s = self.settings
        streams = self.streams
        county = build_county(s, streams)
        self.county = county
        self.layout = county.layout
        self.population = county.population
        self.network = county.network
        self.grid_workers = county.grid_workers
        self.enterprises = county.enterprises
        self.villages = county.villages
        self.departments = county.departments
        self.centre = county.centre
        self.problems = county.problems
        self.ledger = county.ledger
        self.reports = county.reports
        self.categories = CategoryTable.from_scenario(s, county.category_order)
        categories = self.categories
        adults = float(self.population.size)
        county_adults = adults * s.county.scale  # the shared centre and departments serve them

        self.relations = Relations(county.departments, s)
        self.meetings = Meetings(
            county.layout, county.population, county.villages, s, streams("meetings")
        )
        self.awareness = Awareness(
            county.layout, county.population, county.network, county.enterprises,
            county.grid_workers.size, s, streams("awareness"),
        )  # fmt: skip
        self.arrival = ProblemArrival(
            county.layout, county.population, county.villages, county.problems, s, categories,
            streams("arrival"),
        )  # fmt: skip
        self.grid_work = GridWork(county.grid_workers, s, categories, streams("grid_work"))
        self.detection = Detection(
            county.layout, county.population, county.network, county.grid_workers,
            county.enterprises, county.problems, s, categories, streams("detection"),
        )  # fmt: skip
        self.incentives = Incentives(county.population, county.ledger, s, streams("incentives"))
        self.reporting = Reporting(
            county.population, county.grid_workers, county.problems, county.ledger, s, categories,
            streams("reporting"),
        )  # fmt: skip
        self.participation = Participation(county.population)
        self.app_adoption = AppAdoption(county.population, s, streams("app_adoption"))
        self.intake = Intake(
            county.population, county.problems, county.ledger, county.reports, s, categories
        )
        self.supervision = Supervision(county.ledger, s)
        self.settlement = LocalSettlement(county.villages, county.ledger, s, streams("settlement"))
        self.routing = Routing(
            county.centre, county.departments, county.ledger, county_adults, s, categories,
            streams("routing"),
        )  # fmt: skip
        self.processing = DepartmentProcessing(
            county.departments, county.enterprises, county.ledger, county_adults, s, categories,
            streams("processing"),
        )  # fmt: skip
        self.closing = Closing(county.ledger, county.problems)
        self.feedback = Feedback(
            county.layout, county.population, county.network, county.problems, county.ledger,
            county.reports, s, streams("feedback"),
        )  # fmt: skip
        self.evaluation = Evaluation(county.departments, county.ledger, s, streams("evaluation"))
        self.accountability = Accountability(county.departments, county.ledger, s)
        self.beliefs = Beliefs(county.population, s, streams("beliefs"))

    # -- the daily data flow -------------------------------------------------------------------

    def begin_reporting(self) -> None:
        """Mark today as the first reported day: outputs count from here (the spin-up is over)."""
        self.origin = self.day
        self.report_begun = True
        self.first_case = len(self.ledger)
        self.first_problem = len(self.problems)
        self.first_report = len(self.reports)
        self.at_origin = {
            "points_paid_cny": float(self.incentives.paid_cny),
            "publicity_spent_cny": float(self.awareness.spent_cny),
        }
        self.recorder.begin(self.day)

    @property
    def reported_days(self) -> int:
        """Days simulated since the reported days began (0 during the spin-up)."""
        return self.day - self.origin if self.report_begun else 0

    def step(self) -> None:
        """Simulate one day: each process takes the values it needs and hands on its own.

        On the scenario's first reported day (after ``spin_up_days``) reporting begins; on a
        roll-out's day its changes take effect before the day is simulated.
        """
        day = self.day
        if not self.report_begun and day >= self.origin:
            self.begin_reporting()
        while self.schedule and self.schedule[-1][0] <= day:
            _, changes = self.schedule.pop()
            self.apply_levers(changes)
        last = self.today  # yesterday's events: what the slow mechanisms learn from
        self.relations.step(day, last.closures)
        attendance, dialogue = self.meetings.step(day, last.closures)
        self.awareness.step(day, attendance)
        problems = self.arrival.step(day)
        patrol, trivial = self.grid_work.step(
            day, last.filings, last.closures, last.satisfaction, last.triage.caught_workers
        )
        notices, found = self.detection.step(day, problems, patrol.minutes)
        incentive = self.incentives.step(day, last.opened)
        reports = self.reporting.step(day, notices, incentive)
        self.participation.step(day, reports, attendance)
        self.app_adoption.step(day, reports, last.app_letdowns)
        opened, ready = self.intake.step(day, (found, trivial, reports))
        deadlines = self.supervision.step(day, opened)
        triage = self.settlement.step(day, ready)
        dispatch = self.routing.step(day, triage.to_centre)
        handled = self.processing.step(day, dispatch, deadlines.escalated, triage.summoned)
        closures = self.closing.step(day, triage.closing, handled)
        satisfaction, experiences, letdowns = self.feedback.step(day, closures, deadlines.overdue)
        evaluations = self.evaluation.step(day, closures, satisfaction)
        self.accountability.step(day, dispatch, triage.summoned, evaluations)
        self.beliefs.step(day, *dialogue, *experiences)

        self.today = Day(
            day=day, new_problems=problems, attendance=attendance, patrol=patrol,
            notices=notices, found=found, trivial=trivial, incentive=incentive, reports=reports,
            opened=opened, ready=ready, deadlines=deadlines, triage=triage, dispatch=dispatch,
            handled=handled, closures=closures, satisfaction=satisfaction,
            experiences=(*dialogue, *experiences), evaluations=evaluations,
            app_letdowns=letdowns,
        )  # fmt: skip
        self.recorder.record(self)
        if self.datacollection:
            self.datacollector.collect(self)
        self.day += 1

    def apply_levers(self, changes: Mapping[str, Any]) -> Scenario:
        """Change scenario values from the next step on (a policy rolled out today).

        ``changes`` maps dotted paths to values, as for overrides; the new scenario is validated
        as a whole and becomes ``model.settings``, and every process takes its values
        (``configure``). The state carries over: beliefs, queues, relations and open cases are
        as they were. Values fixed when the county was built (its size and population, the
        network, the firms' and cadres' traits, departments' data interfaces; :data:`FIXED_AT_SET_UP`)
        cannot change: a :class:`~govsim.scenario.ScenarioError` names them.
        """
        new = with_overrides(self.settings, changes)
        changed = changed_paths(self.settings, new)
        fixed = [path for path in changed if fixed_at_set_up(path)]
        if fixed:
            raise ScenarioError(
                Problem(
                    path,
                    get_path(new, path) if path not in ("categories", "departments") else "...",
                    "is fixed when the county is built; it cannot change mid-run",
                )
                for path in fixed
            )
        self._configure(new, {path.split(".")[0] for path in changed})
        return new

    def _configure(self, settings: Scenario, sections: set[str]) -> None:
        """Make ``settings`` the model's scenario.

        The processes that read a changed section take its values; the others keep theirs, and
        the random draws they have made ahead.
        """
        self.settings = settings
        self.categories = CategoryTable.from_scenario(settings, self.county.category_order)
        with_categories = (
            self.arrival, self.grid_work, self.detection, self.reporting, self.intake, self.routing,
            self.processing,
        )  # fmt: skip
        for process in self.processes:
            if sections.intersection(process.SETTINGS):
                if process in with_categories:
                    process.configure(settings, self.categories)
                else:
                    process.configure(settings)

    @property
    def processes(self) -> tuple[Any, ...]:
        """The processes, in the order :meth:`step` runs them."""
        return (
            self.relations, self.meetings, self.awareness, self.arrival, self.grid_work,
            self.detection, self.incentives, self.reporting, self.participation,
            self.app_adoption, self.intake, self.supervision, self.settlement, self.routing,
            self.processing, self.closing, self.feedback, self.evaluation, self.accountability,
            self.beliefs,
        )  # fmt: skip

    def run_days(self, days: int) -> None:
        """Step the model ``days`` times (Mesa's ``run_for``: one pass of its event loop).

        Zero days do nothing (Mesa would warn about running for no time).
        """
        if days > 0:
            self.run_for(days)

    def social_graph(self, village: int | None = None) -> Any:
        """The villagers' social network as a networkx graph (one village, or the county)."""
        if village is None:
            return self.network.to_networkx()
        start = int(self.layout.village_start[village])
        rows = np.arange(start, start + int(self.layout.village_size[village]))
        return self.network.to_networkx(rows)

    # -- Mesa agents ---------------------------------------------------------------------------

    _agents_pending = True  # until the view agents exist

    def _create_agents(self) -> None:
        """Create the Mesa agents, once: views on the state's rows, and the cadres.

        They hold nothing of their own, so they are created the first time anyone asks for the
        model's agents (``agents``, ``agents_by_type``, ``agent_types``) or registers another
        agent: departments, the centre, villagers, grid workers, firms and cadres, in that order.
        A run that never looks at them (``govsim.run``, sweeps) does not pay ~5 µs per agent.
        """
        if not self._agents_pending:
            return
        self._agents_pending = False
        for row in range(self.departments.size):
            Department(self, row)
        GovernanceCentre(self)
        for row in range(self.population.size):
            Villager(self, row)
        for row in range(self.grid_workers.size):
            GridWorker(self, row)
        for row in range(self.enterprises.size):
            Enterprise(self, row)
        leadership = self.villages.leadership
        for village in range(self.layout.n_villages):
            for k in range(self.settings.cadres.per_village):
                Cadre(self, village, _CADRE_ROLES[min(k, 1)], float(leadership[village]))

    @property
    def agents(self) -> Any:
        """All agents (Mesa's ``Model.agents``)."""
        self._create_agents()
        return super().agents

    @property
    def agents_by_type(self) -> Any:
        """Agents by class (Mesa's ``Model.agents_by_type``)."""
        self._create_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """Agent classes present (Mesa's ``Model.agent_types``)."""
        self._create_agents()
        types: list[type] = super().agent_types
        return types

    def register_agent(self, agent: Any) -> None:
        """Register an agent (Mesa); the view agents first, so that unique ids keep their order."""
        self._create_agents()  # nothing to do once they exist (or while they are being created)
        super().register_agent(agent)

    def remove_all_agents(self) -> None:
        """Remove every agent (Mesa), the view agents included."""
        self._create_agents()
        super().remove_all_agents()
