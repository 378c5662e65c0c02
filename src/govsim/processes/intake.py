"""Intake: reports become cases, or join the case already open for their problem.

Each report filed today (:class:`~govsim.events.Filings`: grid workers', cameras' and firms'
finds; grid workers' trivial reports; villagers' reports) is taken in that order:

* a report of a problem whose case is open joins that case (``reports`` + 1; the villager is
  remembered, so every reporter hears the outcome);
* otherwise the first report of the problem opens a case, and the day's other reports of it join
  that case; a problem whose case was closed without fixing it is reported afresh as a new case
  (a repeat complaint);
* a report with nothing behind it (a trivial or inflated report) opens a case of its own, marked
  not genuine.

A case's time limit is ``centre.sla_general_days``, or ``sla_complex_days`` for a
cross-department problem. The case reaches the village or the centre after the report's intake
delay (0: today); the cases whose intake ends today are handed on. Every villager report is a row
of the report log (:class:`~govsim.state.ledger.ReportLog`). Vectorised over the day's reports;
the ledger is written in one batch per source.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Source, Stage
from govsim.events import Filings
from govsim.sampling import NO_ROWS
from govsim.scenario import Scenario
from govsim.state.calendar import Calendar
from govsim.state.ledger import CaseLedger, ReportLog
from govsim.state.population import Population
from govsim.state.problems import CategoryTable, ProblemStore

__all__ = ["Intake"]


class Intake:
    """Opening and joining cases; the intake delay (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "problems",
        "population.age_band",
        "population.migrant",
        "population.smartphone",
        "ledger.closed_day",
    )
    WRITES: ClassVar[tuple[str, ...]] = (
        "ledger+",
        "ledger.reports",
        "ledger.stage",
        "reports+",
        "reports.joiners",
        "problems.case",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("centre", "categories", "departments")

    def __init__(
        self,
        population: Population,
        problems: ProblemStore,
        ledger: CaseLedger,
        reports: ReportLog,
        settings: Scenario,
        categories: CategoryTable,
    ) -> None:
        self.population = population
        self.problems = problems
        self.ledger = ledger
        self.reports = reports
        self.calendar = Calendar()
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's time limits and categories."""
        self.sla_general = settings.centre.sla_general_days
        self.sla_complex = settings.centre.sla_complex_days
        self.lead = categories.lead

    def step(
        self, day: int, filings: tuple[Filings, ...]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Open or join cases for today's reports.

        Returns the cases opened today and the cases whose intake ends today (to triage).
        """
        opened: list[NDArray[np.int64]] = []
        ready: list[NDArray[np.int64]] = [self.calendar.pop(day)]
        for batch in filings:
            if len(batch) == 0:
                continue
            ids, delays = self._take(day, batch)
            if len(ids):
                opened.append(ids)
                now = delays == 0
                ready.append(ids[now])
                self.calendar.add(day, ids[~now], delays[~now])
        return _join(opened), _join(ready)

    def _take(self, day: int, batch: Filings) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Open or join cases for one batch; the ids opened and their intake delays."""
        problem = batch.problem
        genuine = problem >= 0
        case_of = np.full(len(batch), -1, dtype=np.int64)
        case_of[genuine] = self.problems["case"][problem[genuine]]
        joining = case_of >= 0
        # a case closed without fixing its problem: the report opens a new one
        joining[joining] = self.ledger["closed_day"][case_of[joining]] < 0
        # among the rest, the first report of each problem opens the case; trivial ones each do
        fresh = (~joining).nonzero()[0]
        opener = np.zeros(len(batch), dtype=bool)
        fresh_genuine = fresh[genuine[fresh]]
        if len(fresh_genuine) < 2:
            opener[fresh_genuine] = True
        else:
            _, first = np.unique(problem[fresh_genuine], return_index=True)
            opener[fresh_genuine[np.sort(first)]] = True
        opener[fresh[~genuine[fresh]]] = True

        ids = self._open(day, batch, opener)
        if len(ids):
            opened_problems = problem[opener]
            real = opened_problems >= 0
            self.problems["case"][opened_problems[real]] = ids[real]
        joins = ~opener
        case = np.empty(len(batch), dtype=np.int64)
        case[opener] = ids
        if np.count_nonzero(joins):
            case[joins] = self.problems["case"][problem[joins]]
            np.add.at(self.ledger["reports"], case[joins], 1)
        villagers = batch.source == Source.VILLAGER
        if np.count_nonzero(villagers):
            logged = self.reports.append(
                int(np.count_nonzero(villagers)),
                day=day,
                reporter=batch.reporter[villagers],
                channel=batch.channel[villagers],
                case=case[villagers],
                opened=opener[villagers],
                genuine=genuine[villagers],
            )
            joined = ~opener[villagers]
            for report, joined_case in zip(
                logged[joined].tolist(), case[villagers][joined].tolist(), strict=True
            ):
                self.reports.joiners.setdefault(joined_case, []).append(report)
        return ids, batch.intake_days[opener]

    def _open(self, day: int, batch: Filings, opener: NDArray[np.bool_]) -> NDArray[np.int64]:
        n = int(np.count_nonzero(opener))
        if n == 0:
            return NO_ROWS
        problem = batch.problem[opener]
        genuine = problem >= 0
        store = self.problems
        real = problem[genuine]
        category = batch.category[opener]
        village = batch.village[opener]
        grid = batch.grid[opener]
        village[genuine] = store["village"][real]
        grid[genuine] = store["grid"][real]
        cross = np.zeros(n, dtype=bool)
        cross[genuine] = store["cross_department"][real]
        severity = np.zeros(n)
        severity[genuine] = store["severity"][real]
        settleable = np.zeros(n, dtype=bool)
        settleable[genuine] = store["settleable"][real]
        assist = np.full(n, -1, dtype=np.int64)
        assist[genuine] = store["assist_department"][real]
        enterprise = np.full(n, -1, dtype=np.int64)
        enterprise[genuine] = store["enterprise"][real]
        source = batch.source[opener]
        reporter = batch.reporter[opener]
        columns = {}
        villager = source == Source.VILLAGER
        if np.count_nonzero(villager):
            pop = self.population
            rows = reporter[villager]
            age = np.full(n, -1, dtype=np.int8)
            age[villager] = pop.age_band[rows]
            migrant = np.zeros(n, dtype=bool)
            migrant[villager] = pop.migrant[rows]
            smartphone = np.zeros(n, dtype=bool)
            smartphone[villager] = pop.smartphone[rows]
            columns = {
                "reporter_age_band": age,
                "reporter_migrant": migrant,
                "reporter_smartphone": smartphone,
            }
        return self.ledger.append(
            n,
            problem=problem,
            created_day=day,
            category=category,
            source=source,
            channel=batch.channel[opener],
            reporter=reporter,
            village=village,
            grid=grid,
            lead_department=self.lead[category],
            assist_department=assist,
            cross_department=cross,
            severity=severity,
            genuine=genuine,
            settleable=settleable,
            enterprise=enterprise,
            quality=batch.quality[opener],
            stage=Stage.INTAKE,
            sla_days=np.where(cross, self.sla_complex, self.sla_general),
            **columns,
        )


def _join(chunks: list[NDArray[np.int64]]) -> NDArray[np.int64]:
    present = [c for c in chunks if len(c)]
    if not present:
        return NO_ROWS
    return present[0] if len(present) == 1 else np.concatenate(present)
