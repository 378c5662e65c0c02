"""Detection: who notices a problem, and who finds it.

Villagers (per event): every resident adult of an affected household notices the problem after a
geometric waiting time with daily probability ``categories.<c>.visibility``; each of them names
``detection.neighbours_considered`` random network neighbours, each of whom (if resident)
notices with daily probability ``detection.neighbour_notice_probability``. Waiting times are drawn
when the problem arises (a Geometric waiting time is exactly a daily Bernoulli trial repeated until
success); a notice that falls after the problem was fixed or stopped being findable
(``problems.findable_days``) is dropped. Noticers go to the reporting decision.

Grid workers, cameras and firms: each day an unreported problem in grid *g*, while findable, is
found by the grid worker with ``detection.grid_discovery_at_full_patrol × min(1, patrol minutes /
grid_workers.patrol_minutes_full_coverage)`` (patrol minutes: :mod:`grid_work`); otherwise by a
camera, for camera-detectable categories, with ``cameras.coverage_share ×
cameras.detection_probability`` (cameras cover that share of every grid); otherwise by the firm
that caused it, if the firm is aware of the policy and not excluded, with
``enterprises.report_probability`` (+ ``points_report_boost`` for firms included in village
forums when ``enterprises.points_inclusion`` is on). Found problems are filed as reports: the
grid worker's (quality: its written skill), the camera's (``cameras.report_quality``) or the
firm's, on the hotline.

Work per day is the day's events, not the unreported problems: each finder's daily tries at a
problem are a clock — the next success of a daily Bernoulli(*p*) trial at the finder's top chance
*p* is a Geometric(*p*) wait — and on the clock's day the worker's try succeeds with his patrol
coverage and the firm's if it is willing (thinning: exactly a daily Bernoulli(*p* × coverage)
trial); a failed try draws the next clock. New levers redraw the clocks of every problem that
may still be found.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import NO_CHANNEL, Channel, Source
from govsim.events import Filings, Notices
from govsim.sampling import poisson_days
from govsim.scenario import Scenario
from govsim.state.calendar import Calendar
from govsim.state.enterprises import EnterpriseTable
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.layout import Layout
from govsim.state.network import SocialNetwork
from govsim.state.population import Population
from govsim.state.problems import CategoryTable, ProblemStore, affected_residents

__all__ = ["Detection"]

GRID_WORKER, CAMERA, FIRM = 0, 1, 2  # the finders, in the order they act on a day
N_FINDERS = 3


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
        "problems.day",
        "problems.grid",
        "problems.village",
        "problems.enterprise",
        "problems.household",
        "problems.households",
        "enterprises.excluded",
        "enterprises.inclusion_draw",
        "layout",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("enterprises.reports",)
    SETTINGS: ClassVar[tuple[str, ...]] = (
        "detection",
        "problems",
        "grid_workers",
        "cameras",
        "enterprises",
        "channels",
        "apps",
        "categories",
    )

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
        # day -> (villager rows, their problems) noticing that day, in scheduling order
        self.calendar: dict[int, tuple[list[int], list[int]]] = {}
        # the finders' clocks: problem × N_FINDERS + finder, due on a day
        self.finders = Calendar()
        self.last_day = -1  # the last day stepped
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
        # per finder: a daily chance (per firm for firms, with 0 appended for "no firm")
        self.finder_chance: tuple[float, float, NDArray[np.float64]] = (
            s.detection.grid_discovery_at_full_patrol,
            self.camera_chance,
            np.append(self.firm_chance, 0.0),
        )
        self._reschedule()

    def _reschedule(self) -> None:
        """Draw the clocks of every problem that may still be found afresh (new chances)."""
        self.finders = Calendar()
        store = self.problems
        if len(store) == 0:
            return
        first = int(np.searchsorted(store["day"], self.last_day - self.findable_days + 1))
        live = np.arange(first, len(store), dtype=np.int64)
        live = live[store["case"][live] < 0]
        self._start_clocks(self.last_day, live)

    # -- villagers --------------------------------------------------------------------------

    def _arise(self, day: int, ids: NDArray[np.int64]) -> None:
        """New problems: draw which villagers notice them, and when.

        A villager who could notice a problem twice (affected, and named as a neighbour) notices
        it at the earlier of the two times.
        """
        store = self.problems
        rng = self.rng
        adults, owner = affected_residents(store, self.layout, self.population.migrant, ids)
        problem_of_adult = ids[owner]
        visibility = self.categories.visibility[store["category"][problem_of_adult]]
        seen = visibility > 0
        rows, problems = adults[seen], problem_of_adult[seen]
        wait = rng.geometric(visibility[seen]) - 1  # 0 = today
        d = self.detection
        k = d.neighbours_considered
        if k > 0 and len(adults) and d.neighbour_notice_probability > 0:
            each = np.repeat(np.arange(len(adults)), k)
            neighbours = self.network.random_neighbour(adults[each], rng)
            ok = neighbours >= 0
            ok[ok] = ~self.population.migrant[neighbours[ok]]
            rows = np.concatenate((rows, neighbours[ok]))
            problems = np.concatenate((problems, problem_of_adult[each][ok]))
            wait = np.concatenate(
                (wait, rng.geometric(d.neighbour_notice_probability, int(ok.sum())) - 1)
            )
        if len(rows) == 0:
            return
        # one notice per villager and problem: the earliest
        order = np.lexsort((wait, rows, problems))
        rows, problems, wait = rows[order], problems[order], wait[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (problems[1:] != problems[:-1])
        rows, problems, wait = rows[first], problems[first], wait[first]
        # one pass over the notices (a handful per problem): bucket by day
        findable = self.findable_days
        calendar = self.calendar
        for row, problem, w in zip(rows.tolist(), problems.tolist(), wait.tolist(), strict=True):
            if w < findable:
                bucket = calendar.get(day + w)
                if bucket is None:
                    bucket = calendar[day + w] = ([], [])
                bucket[0].append(row)
                bucket[1].append(problem)

    def _notices(self, day: int) -> Notices:
        bucket = self.calendar.pop(day, None)
        if bucket is None:
            return Notices.empty()
        rows = np.array(bucket[0], dtype=np.int64)
        problems = np.array(bucket[1], dtype=np.int64)
        live = ~self.problems["fixed"][problems]
        return Notices(rows=rows[live], problems=problems[live])

    # -- grid workers, cameras, firms -------------------------------------------------------

    def _clocks(self, day: int, problems: NDArray[np.int64], finder: int) -> None:
        """Schedule the next day ``finder`` might find each of ``problems`` (its clock).

        A finder tries every day with a fixed chance p (the grid worker at full patrol, the
        camera, the firm); the next success of a daily Bernoulli(p) trial is a Geometric(p)
        wait. On that day the worker succeeds only with his patrol coverage and the firm only if
        willing (thinning: exactly a daily Bernoulli(p × coverage) trial); otherwise the clock is
        drawn again. Clocks past the problem's findable days are dropped.
        """
        chance = self.finder_chance[finder]
        if isinstance(chance, np.ndarray):
            chance = chance[self.problems["enterprise"][problems]]
            live = chance > 0
            problems, chance = problems[live], chance[live]
        elif chance <= 0:
            return
        if len(problems) == 0:
            return
        wait = self.rng.geometric(chance, size=len(problems))  # 1 = tomorrow (today is done)
        last = self.problems["day"][problems].astype(np.int64) + self.findable_days - 1
        due = day + wait
        keep = due <= last
        self.finders.add(day, problems[keep] * N_FINDERS + finder, wait[keep])

    def _start_clocks(self, after: int, ids: NDArray[np.int64]) -> None:
        """Start every finder's clock of ``ids``: first tries on the days after ``after``."""
        if len(ids) == 0:
            return
        store = self.problems
        self._clocks(after, ids, GRID_WORKER)
        if self.camera_chance > 0:
            self._clocks(after, ids[self.camera_detectable[store["category"][ids]]], CAMERA)
        caused = ids[store["enterprise"][ids] >= 0]
        if len(caused):
            self._clocks(after, caused, FIRM)

    def step(
        self, day: int, new_problems: NDArray[np.int64], patrol: NDArray[np.float64]
    ) -> tuple[Notices, Filings]:
        """Today's villager noticers, and the reports of grid workers, cameras and firms."""
        self.last_day = day
        if len(new_problems):
            self._arise(day, new_problems)
            self._start_clocks(day - 1, new_problems)  # they can be found the day they arise
        notices = self._notices(day)
        due = self.finders.pop(day)
        if len(due) == 0:
            return notices, Filings.empty()
        return notices, self._discover(day, due, patrol)

    def _discover(self, day: int, due: NDArray[np.int64], patrol: NDArray[np.float64]) -> Filings:
        """Today's clocks: who finds which problem (grid worker, then camera, then firm)."""
        store = self.problems
        problem, finder = due // N_FINDERS, due % N_FINDERS
        open_ = store["case"][problem] < 0  # reported meanwhile: the clock is void
        problem, finder = problem[open_], finder[open_]
        if len(problem) == 0:
            return Filings.empty()
        # order by problem, then finder, so that the grid worker's success comes first
        order = np.lexsort((finder, problem))
        problem, finder = problem[order], finder[order]
        u = self.rng.random(len(problem))
        success = np.ones(len(problem), dtype=bool)
        worker = finder == GRID_WORKER
        if np.count_nonzero(worker):
            grid = store["grid"][problem[worker]]
            success[worker] = u[worker] < np.minimum(1.0, patrol[grid] / self.patrol_full)
        firm = finder == FIRM
        if np.count_nonzero(firm):
            f = store["enterprise"][problem[firm]]
            firms = self.enterprises
            success[firm] = firms.aware[f] & ~firms.excluded[f]
        # a problem is found once: the first success in finder order
        first = success.copy()
        found_before = np.zeros(len(problem), dtype=bool)
        same = problem[1:] == problem[:-1]
        for k in np.flatnonzero(same) + 1:  # a handful of same-day clocks of one problem
            found_before[k] = found_before[k - 1] or first[k - 1]
        first &= ~found_before
        # failed tries and clocks behind a success draw again (unless the problem was found)
        found_problems = problem[first]
        retry = ~first & ~np.isin(problem, found_problems)
        for kind in (GRID_WORKER, CAMERA, FIRM):
            again = problem[retry & (finder == kind)]
            if len(again):
                self._clocks(day, again, kind)
        parts = []
        for kind, make in (
            (GRID_WORKER, self._by_worker),
            (CAMERA, self._by_camera),
            (FIRM, self._by_firm),
        ):
            chosen = problem[first & (finder == kind)]
            if len(chosen):
                parts.append(make(chosen))
        return Filings.concat(*parts) if len(parts) > 1 else parts[0] if parts else Filings.empty()

    def _by_worker(self, problems: NDArray[np.int64]) -> Filings:
        worker = self.problems["grid"][problems].astype(np.int64)
        return self._filings(
            problems, Source.GRID_WORKER, Channel.GRID_WORKER, worker,
            self.worker_quality[worker], self.worker_delay,
        )  # fmt: skip

    def _by_camera(self, problems: NDArray[np.int64]) -> Filings:
        n = len(problems)
        return self._filings(
            problems, Source.CAMERA, NO_CHANNEL, np.full(n, -1, dtype=np.int64),
            np.full(n, self.camera_quality), 0.0,
        )  # fmt: skip

    def _by_firm(self, problems: NDArray[np.int64]) -> Filings:
        firm_ids = self.problems["enterprise"][problems].astype(np.int64)
        np.add.at(self.enterprises.reports, firm_ids, 1)
        return self._filings(
            problems, Source.ENTERPRISE, Channel.HOTLINE, firm_ids,
            np.full(len(firm_ids), self.firm_quality), self.firm_delay,
        )  # fmt: skip

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
            reporter=reporter,
            quality=quality,
            intake_days=poisson_days(self.rng, delay_mean, n),
            category=store["category"][problems].astype(np.int64),
            village=store["village"][problems].astype(np.int64),
            grid=store["grid"][problems].astype(np.int64),
        )
