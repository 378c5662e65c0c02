"""Detection: who notices a problem, and who finds it.

Villagers (per event): every resident adult of an affected household notices the problem after a
geometric waiting time with daily probability ``categories.<c>.visibility``; each of them names
``detection.neighbours_considered`` random network neighbours, each of whom (if resident)
notices with daily probability ``detection.neighbour_notice_probability``. Waiting times are drawn
when the problem arises (a Geometric waiting time is exactly a daily Bernoulli trial repeated until
success); a notice that falls after the problem was fixed or stopped being findable
(``problems.findable_days``) is dropped. Noticers go to the reporting decision.

Grid workers, cameras and firms (vectorised over the pool of unreported, still findable
problems): each day an unreported problem in grid *g* is found by the grid worker with
``detection.grid_discovery_at_full_patrol × min(1, patrol minutes /
grid_workers.patrol_minutes_full_coverage)`` (patrol minutes: :mod:`grid_work`); otherwise by a
camera, for camera-detectable categories, with ``cameras.coverage_share ×
cameras.detection_probability`` (cameras cover that share of every grid); otherwise by the firm
that caused it, if the firm is aware of the policy and not excluded, with
``enterprises.report_probability`` (+ ``points_report_boost`` for firms included in village
forums when ``enterprises.points_inclusion`` is on). Found problems are filed as reports: the
grid worker's (quality: its written skill), the camera's (``cameras.report_quality``) or the
firm's, on the hotline.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import NO_CHANNEL, Channel, Source
from govsim.events import Filings, Notices
from govsim.sampling import NO_ROWS, poisson_days
from govsim.scenario.schema import Scenario
from govsim.state.enterprises import EnterpriseTable
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.layout import Layout
from govsim.state.network import SocialNetwork
from govsim.state.population import Population
from govsim.state.problems import CategoryTable, ProblemStore, affected_residents

__all__ = ["Detection"]


class Detection:
    """Noticing calendar for villagers; daily discovery by grid workers, cameras and firms."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.migrant",
        "network",
        "problems.category",
        "problems.case",
        "problems.fixed",
        "enterprises.aware",
        "grid_workers.text_skill",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("enterprises.reports",)

    def __init__(
        self,
        layout: Layout,
        population: Population,
        network: SocialNetwork,
        grid_workers: GridWorkerTable,
        enterprises: EnterpriseTable,
        problems: ProblemStore,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.layout = layout
        self.population = population
        self.network = network
        self.grid_workers = grid_workers
        self.enterprises = enterprises
        self.problems = problems
        self.rng = rng
        self.pool: NDArray[np.int64] = NO_ROWS  # problems not yet reported, maybe findable
        # day -> (villager rows, their problems) noticing that day, in scheduling order
        self.calendar: dict[int, tuple[list[int], list[int]]] = {}
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's detection, camera and firm settings."""
        s = settings
        self.detection = s.detection
        self.findable_days = s.problems.findable_days
        self.categories = categories
        self.patrol_full = s.grid_workers.patrol_minutes_full_coverage
        self.worker_quality = self.grid_workers.written_skill(s)
        self.worker_delay = s.channels.grid_worker.intake_delay_days
        self.camera_chance = s.cameras.coverage_share * s.cameras.detection_probability
        self.camera_detectable = categories.camera_detectable
        self.camera_quality = s.cameras.report_quality
        e = s.enterprises
        firms = self.enterprises
        boost = e.points_report_boost if e.points_inclusion else 0.0
        self.firm_chance = np.minimum(
            1.0, e.report_probability + boost * firms.included(e.forum_inclusion_share)
        )
        self.firm_quality = s.channels.hotline.quality
        self.firm_delay = s.channels.hotline.intake_delay_days

    # -- villagers --------------------------------------------------------------------------

    def _schedule(
        self,
        day: int,
        rows: NDArray[np.int64],
        problems: NDArray[np.int64],
        probability: float | NDArray[np.float64],
    ) -> None:
        """Schedule the notices of ``rows`` (of ``problems``) after geometric waiting times."""
        if len(rows) == 0:
            return
        wait = self.rng.geometric(probability, size=len(rows)) - 1  # 0 = today
        # one pass over the notices (a handful per problem): bucket by day, in order
        findable = self.findable_days
        calendar = self.calendar
        for row, problem, w in zip(rows.tolist(), problems.tolist(), wait.tolist(), strict=True):
            if w < findable:
                bucket = calendar.get(day + w)
                if bucket is None:
                    bucket = calendar[day + w] = ([], [])
                bucket[0].append(row)
                bucket[1].append(problem)

    def _arise(self, day: int, ids: NDArray[np.int64]) -> None:
        """New problems: add them to the pool and draw who notices them when."""
        self.pool = np.concatenate((self.pool, ids))
        store = self.problems
        adults, owner = affected_residents(store, self.layout, self.population.migrant, ids)
        problem_of_adult = ids[owner]
        visibility = self.categories.visibility[store["category"][problem_of_adult]]
        seen = visibility > 0
        self._schedule(day, adults[seen], problem_of_adult[seen], visibility[seen])
        d = self.detection
        k = d.neighbours_considered
        if k > 0 and len(adults) and d.neighbour_notice_probability > 0:
            each = np.repeat(np.arange(len(adults)), k)
            neighbours = self.network.random_neighbour(adults[each], self.rng)
            ok = neighbours >= 0
            ok[ok] = ~self.population.migrant[neighbours[ok]]
            self._schedule(
                day, neighbours[ok], problem_of_adult[each][ok], d.neighbour_notice_probability
            )

    def _notices(self, day: int) -> Notices:
        bucket = self.calendar.pop(day, None)
        if bucket is None:
            return Notices()
        rows = np.array(bucket[0], dtype=np.int64)
        problems = np.array(bucket[1], dtype=np.int64)
        live = ~self.problems["fixed"][problems]
        return Notices(rows=rows[live], problems=problems[live])

    # -- grid workers, cameras, firms -------------------------------------------------------

    def step(
        self, day: int, new_problems: NDArray[np.int64], patrol: NDArray[np.float64]
    ) -> tuple[Notices, Filings]:
        """Today's villager noticers, and the reports of grid workers, cameras and firms."""
        if len(new_problems):
            self._arise(day, new_problems)
        notices = self._notices(day)
        store = self.problems
        pool = self.pool
        if len(pool):
            pool = pool[(store["case"][pool] < 0) & (store["day"][pool] > day - self.findable_days)]
            self.pool = pool
        if len(pool) == 0:
            return notices, Filings()
        return notices, self._discover(pool, patrol)

    def _discover(self, pool: NDArray[np.int64], patrol: NDArray[np.float64]) -> Filings:
        rng = self.rng
        store = self.problems
        grid = store["grid"][pool]
        n = len(pool)
        coverage = np.minimum(1.0, patrol[grid] / self.patrol_full)
        by_worker = rng.random(n) < self.detection.grid_discovery_at_full_patrol * coverage
        left = ~by_worker
        by_camera = np.zeros(n, dtype=bool)
        if self.camera_chance > 0:
            detectable = self.camera_detectable[store["category"][pool]]
            by_camera = left & detectable & (rng.random(n) < self.camera_chance)
            left &= ~by_camera
        firm = store["enterprise"][pool]
        by_firm = np.zeros(n, dtype=bool)
        caused = left & (firm >= 0)
        if np.count_nonzero(caused):
            firms = self.enterprises
            f = firm[caused]
            willing = firms.aware[f] & ~firms.excluded[f]
            by_firm[caused] = willing & (rng.random(len(f)) < self.firm_chance[f])
        parts = []
        if np.count_nonzero(by_worker):
            worker = grid[by_worker]
            parts.append(
                self._filings(
                    pool[by_worker], Source.GRID_WORKER, Channel.GRID_WORKER, worker,
                    self.worker_quality[worker], self.worker_delay,
                )
            )  # fmt: skip
        if np.count_nonzero(by_camera):
            found = pool[by_camera]
            parts.append(
                self._filings(
                    found, Source.CAMERA, NO_CHANNEL, np.full(len(found), -1, dtype=np.int64),
                    np.full(len(found), self.camera_quality), 0.0,
                )
            )  # fmt: skip
        if np.count_nonzero(by_firm):
            firm_ids = firm[by_firm]
            np.add.at(self.enterprises.reports, firm_ids, 1)
            parts.append(
                self._filings(
                    pool[by_firm], Source.ENTERPRISE, Channel.HOTLINE, firm_ids,
                    np.full(len(firm_ids), self.firm_quality), self.firm_delay,
                )
            )  # fmt: skip
        return Filings.concat(*parts) if parts else Filings()

    def _filings(
        self,
        problems: NDArray[np.int64],
        source: Source,
        channel: int,
        reporter: NDArray[np.int64],
        quality: NDArray[np.float64],
        delay_mean: float,
    ) -> Filings:
        n = len(problems)
        store = self.problems
        return Filings(
            problem=problems,
            source=np.full(n, source, dtype=np.int8),
            channel=np.full(n, channel, dtype=np.int8),
            reporter=reporter.astype(np.int64, copy=False),
            quality=quality,
            intake_days=poisson_days(self.rng, delay_mean, n),
            category=store["category"][problems].astype(np.int64),
            village=store["village"][problems].astype(np.int64),
            grid=store["grid"][problems].astype(np.int64),
        )
