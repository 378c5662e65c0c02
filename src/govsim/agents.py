"""The actors of govsim as Mesa agents.

Villagers, grid workers and enterprises are many and simple, so their state is columnar (numpy
arrays held by the model) and each agent is a *view* on its row: reading ``villager.trust`` reads
``model.population.trust[row]``. Mesa's ``model.agents_by_type[Villager]`` and ``DataCollector``
agent reporters therefore work unchanged, while the model's processes update whole columns at
once. Departments, the governance centre and cadres are few; they hold their own state. The view
agents and the cadres are created the first time anything asks for the model's agents (see
``GovernanceModel._create_row_agents``), with the unique ids they would have had at set-up.

None of these agents has a per-agent ``step``: a simulated day is the ordered pipeline of
processes in :meth:`govsim.model.GovernanceModel.step`, each vectorised over the population or
driven by the events (cases) of that day.
"""

from __future__ import annotations

from collections import deque
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
    wechat_member = Column("population", bool)
    aware = Column("population", bool)
    ownership = Column("population", bool)
    trust = Column("population", float)
    efficacy = Column("population", float)
    points = Column("population", float)
    reports = Column("population", int)
    last_participation_day = Column("population", int)
    last_report_day = Column("population", int)

    @property
    def age_band(self) -> AgeBand:
        """Age band of the villager."""
        return AgeBand(int(self.model.population.age_band[self.row]))

    @property
    def app_status(self) -> AppStatus:
        """Registration state on the government app."""
        return AppStatus(int(self.model.population.app_status[self.row]))


class GridWorker(RowAgent):
    """A grid worker: patrols one grid, files and relays reports, publicises the policy.

    State columns live in ``model.grid_workers``; daily time allocation and appraisal gaming are
    vectorised in :mod:`govsim.processes.grid_work`.
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
    included = Column("enterprises", bool)
    excluded = Column("enterprises", bool)
    reports = Column("enterprises", int)

    @property
    def kind(self) -> EnterpriseKind:
        """Local firm, outside firm or cooperative."""
        return EnterpriseKind(int(self.model.enterprises.kind[self.row]))


class Cadre(mesa.Agent):  # type: ignore[misc]
    """A village cadre: mediates small matters, runs meetings and the WeChat group.

    Mediation capacity is pooled per village (``model.villages.mediation_capacity``).
    """

    def __init__(
        self, model: GovernanceModel, village: int, role: CadreRole, leadership: float
    ) -> None:
        super().__init__(model)
        self.village = village
        self.role = role
        self.leadership = leadership


class Department(mesa.Agent):  # type: ignore[misc]
    """A government department: a queue of dispatched cases and a daily capacity.

    Each day it takes on up to its capacity (unused capacity carries over, at most one case beyond
    a day's worth), escalated cases first, each then closing after a Poisson handling time. Its
    working relations with other departments (``relations``) set how often coordination with it
    stalls.
    """

    def __init__(
        self,
        model: GovernanceModel,
        index: int,
        name: str,
        capacity_per_day: float,
        handling_days_mean: float,
        resolve_probability: float,
        data_standard: bool,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.capacity_per_day = capacity_per_day
        self.handling_days_mean = handling_days_mean
        self.resolve_probability = resolve_probability
        self.data_standard = data_standard
        self.queue: deque[int] = deque()
        self.priority_queue: deque[int] = deque()
        self.queued = 0  # cases waiting (either queue), kept exact under lazy deletion
        self.capacity_carry = 0.0
        self.taken_on = 0

    @property
    def relations(self) -> float:
        """Working relations with other departments, 0-1 (:mod:`govsim.processes.sharing`)."""
        return float(self.model.sharing.relations[self.index])

    def __repr__(self) -> str:
        return f"Department({self.name!r}, queued={self.queued}, relations={self.relations:.2f})"


class GovernanceCentre(mesa.Agent):  # type: ignore[misc]
    """The comprehensive governance centre (综治中心): classifies and dispatches cases.

    Holds the routing queue; its daily dispatch capacity is ``staff_per_100k_adults × adults / 100,000 ×
    cases_per_staff_per_day``.
    """

    def __init__(self, model: GovernanceModel, capacity_per_day: float) -> None:
        super().__init__(model)
        self.capacity_per_day = capacity_per_day
        self.queue: deque[int] = deque()
        self.capacity_carry = 0.0
        self.dispatched = 0

    def __repr__(self) -> str:
        return f"GovernanceCentre(queued={len(self.queue)})"
