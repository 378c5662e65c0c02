"""The actors of govsim as Mesa agents.

Villagers, grid workers and enterprises are many and simple, so their state is columnar (numpy
arrays in :mod:`govsim.state`) and each agent is a *view* on its row: reading ``villager.trust``
reads ``model.population.trust[row]``. Mesa's ``model.agents_by_type[Villager]`` and
``DataCollector`` agent reporters therefore work unchanged, while the model's processes update
whole columns at once. Cadres are few and hold their own (static) state. Departments and the governance centre are views too, on the department table and the centre's
state. The agents are created the first time anything asks for the model's agents (see
``GovernanceModel._create_agents``); a run that never looks at them does not pay for them.

None of these agents has a per-agent ``step``: a simulated day is the data flow of processes
in :meth:`govsim.model.GovernanceModel.step`, each vectorised over the population or driven by
the events (cases) of that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import mesa

from govsim.enums import AgeBand, AppStatus, CadreRole, EnterpriseKind

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = [
    "Cadre",
    "Department",
    "Enterprise",
    "GovernanceCentre",
    "GridWorker",
    "Villager",
]


class Column[T]:
    """Descriptor exposing one row of a model-held column as an agent attribute."""

    def __init__(self, table: str, convert: type[T]) -> None:
        self.table = table
        self.convert = convert
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Column[T]: ...
    @overload
    def __get__(self, obj: RowAgent, objtype: type | None = None) -> T: ...
    def __get__(self, obj: RowAgent | None, objtype: type | None = None) -> T | Column[T]:
        if obj is None:
            return self
        column = getattr(getattr(obj.model, self.table), self.name)
        return self.convert(column[obj.row])  # type: ignore[call-arg]

    def __set__(self, obj: RowAgent, value: T) -> None:
        getattr(getattr(obj.model, self.table), self.name)[obj.row] = value


class RowAgent(mesa.Agent):  # type: ignore[misc]
    """A Mesa agent whose state is row ``row`` of columnar tables held by the model."""

    model: GovernanceModel

    def __init__(self, model: GovernanceModel, row: int) -> None:
        super().__init__(model)
        self.row = row


class Villager(RowAgent):
    """An adult registered villager (resident or migrant); a view on its population row.

    Behaviour (vectorised in :mod:`govsim.processes`): notices problems, decides whether and
    through which channel to report, observes outcomes, updates trust and efficacy, spreads
    policy information, attends meetings, adopts or drops the government app.
    """

    village = Column("population", int)
    household = Column("population", int)
    grid = Column("population", int)
    migrant = Column("population", bool)
    smartphone = Column("population", bool)
    digital_skill = Column("population", float)
    party_member = Column("population", bool)
    aware = Column("population", bool)
    ownership = Column("population", bool)
    trust = Column("population", float)
    efficacy = Column("population", float)
    points = Column("population", float)
    reports = Column("population", int)
    last_participation_day = Column("population", int)
    last_report_day = Column("population", int)
    last_attendance_day = Column("population", int)

    @property
    def age_band(self) -> AgeBand:
        """Age band of the villager."""
        return AgeBand(int(self.model.population.age_band[self.row]))

    @property
    def app_status(self) -> AppStatus:
        """Registration state on the government app."""
        return AppStatus(int(self.model.population.app_status[self.row]))

    @property
    def wechat_member(self) -> bool:
        """Member of the village WeChat group (under the scenario's membership share)."""
        return bool(self.model.population.wechat_members(self.model.settings)[self.row])


class GridWorker(RowAgent):
    """A grid worker: patrols one grid, files and relays reports, publicises the policy.

    State columns live in ``model.grid_workers``; daily time allocation, appraisal gaming and its
    learning are vectorised in :mod:`govsim.processes.grid_work`.
    """

    grid = Column("grid_workers", int)
    village = Column("grid_workers", int)
    text_skill = Column("grid_workers", float)
    integrity = Column("grid_workers", float)
    reports_filed = Column("grid_workers", int)
    reports_resolved = Column("grid_workers", int)
    trivial_reports_filed = Column("grid_workers", int)
    inflated_reports_caught = Column("grid_workers", int)
    patrol_minutes = Column("grid_workers", float)
    gaming_gain = Column("grid_workers", float)
    gaming = Column("grid_workers", float)

    @property
    def appraisal_score(self) -> float:
        """Score under the scenario's appraisal rule (count, resolution, satisfaction)."""
        return float(
            self.model.grid_workers.appraisal_scores(self.model.settings.appraisal)[self.row]
        )


class Enterprise(RowAgent):
    """A local firm, outside firm or cooperative; a view on its row of ``model.enterprises``."""

    village = Column("enterprises", int)
    aware = Column("enterprises", bool)
    excluded = Column("enterprises", bool)
    reports = Column("enterprises", int)

    @property
    def kind(self) -> EnterpriseKind:
        """Local firm, outside firm or cooperative."""
        return EnterpriseKind(int(self.model.enterprises.kind[self.row]))

    @property
    def included(self) -> bool:
        """Included in village forums (under the scenario's inclusion share)."""
        share = self.model.settings.enterprises.forum_inclusion_share
        return bool(self.model.enterprises.included(share)[self.row])


class Cadre(mesa.Agent):  # type: ignore[misc]
    """A village cadre: mediates small matters, runs meetings and the WeChat group.

    Mediation capacity is pooled per village (:mod:`govsim.processes.settlement`).
    """

    def __init__(
        self, model: GovernanceModel, village: int, role: CadreRole, leadership: float
    ) -> None:
        super().__init__(model)
        self.village = village
        self.role = role
        self.leadership = leadership


class Department(RowAgent):
    """A government department; a view on its row of ``model.departments``.

    Each day it takes on cases from its queue up to its capacity (:mod:`govsim.processes.
    processing`); its working relations with other departments set how often coordination with
    it stalls (:mod:`govsim.processes.relations`).
    """

    relations = Column("departments", float)
    queued = Column("departments", int)
    taken_on = Column("departments", int)

    @property
    def name(self) -> str:
        """The department's name."""
        return self.model.departments.names[self.row]

    @property
    def data_standard(self) -> bool:
        """Publishes its case data to the unified data standard."""
        return bool(self.model.departments.adopted[self.row])

    @property
    def capacity_per_day(self) -> float:
        """Cases it can take on a day."""
        return float(self.model.processing.capacity[self.row])

    def __repr__(self) -> str:
        return f"Department({self.name!r}, queued={self.queued}, relations={self.relations:.2f})"


class GovernanceCentre(mesa.Agent):  # type: ignore[misc]
    """The comprehensive governance centre (综治中心): classifies and dispatches cases.

    A view on the centre's state (``model.centre``): its routing queue and daily capacity.
    """

    model: GovernanceModel

    @property
    def queued(self) -> int:
        """Cases waiting to be dispatched."""
        return self.model.centre.waiting

    @property
    def capacity_per_day(self) -> float:
        """Cases it can dispatch a day."""
        return float(self.model.routing.capacity)

    def __repr__(self) -> str:
        return f"GovernanceCentre(queued={self.queued})"
