"""Process 2 — detection: who notices a problem, and who finds it.

Villagers (per-event): every resident adult of an affected household notices the problem after a
geometric waiting time with daily probability ``categories.<c>.visibility``; each of them names up
to ``detection.neighbours_considered`` random network neighbours, each of whom (if resident)
notices with daily probability ``detection.neighbour_notice_probability``. Waiting times are
drawn when the problem arises; a notice that falls after the problem was fixed or stopped being
findable (``problems.findable_days``) is dropped. Noticers go to the reporting decision.

Grid workers (vectorised over the pool of unreported problems): each day an unreported problem
in grid *g* is found with probability ``grid_discovery_at_full_patrol × min(1, patrol minutes /
patrol_minutes_full_coverage)``; patrol minutes are what is left after logging, publicity and
follow-up (:mod:`govsim.processes.grid_work`). Cameras find camera-detectable categories in
covered grids with ``cameras.detection_probability`` per day. A firm that caused a problem and is
aware of the policy and not excluded reports it with ``enterprises.report_probability`` per day
(plus ``points_report_boost`` for firms included in forums when ``points_inclusion`` is on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.ledger import NO_CHANNEL
from govsim.processes._common import NO_ROWS, add_at, affected_residents, poisson_days

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Detection"]


class Detection:
    """Noticing calendar for villagers; daily discovery by grid workers, cameras and firms."""

    def __init__(self, model: GovernanceModel) -> None:
        # cameras can find anything only with a covered grid, a detectable category and a chance
        self.cameras_watch = bool(
            np.count_nonzero(model.grid_workers.camera_covered)
            and np.count_nonzero(model.categories.camera_detectable)
            and model.settings.cameras.detection_probability > 0
        )
        self.pool: NDArray[np.int64] = NO_ROWS
        # day -> (villager rows, their problems) noticing that day, in scheduling order
        self._notices: dict[int, tuple[list[int], list[int]]] = {}
        self.noticers: NDArray[np.int64] = NO_ROWS
        self.noticed_problems: NDArray[np.int64] = NO_ROWS

    def add_problems(self, model: GovernanceModel, ids: NDArray[np.int64]) -> None:
        """Register new problems: add them to the pool and draw who notices them when."""
        if len(ids) == 0:
            return
        self.pool = np.concatenate((self.pool, ids))
        rng = model.rng
        s = model.settings
        store = model.problems
        pop = model.population
        adults, owner = affected_residents(model, ids)
        problem_of_adult = ids[owner]
        visibility: float | NDArray[np.float64]
        if len(ids) == 1:  # one problem, one category: one probability (a scalar draw below)
            visibility = float(model.categories.visibility[store["category"][ids[0]]])
        else:
            visibility = model.categories.visibility[store["category"][problem_of_adult]]
        self._schedule(model, adults, problem_of_adult, visibility)

        k = s.detection.neighbours_considered
        if k > 0 and len(adults) and s.detection.neighbour_notice_probability > 0:
            each = np.arange(len(adults) * k) // k  # every adult k times, in order
            neighbours = model.network.random_neighbour(adults[each], rng)
            problem_of_neighbour = problem_of_adult[each]
            # (-1, no neighbour, indexes the last row: masked out by the first term)
            ok = (neighbours >= 0) & ~pop.migrant[neighbours]
            self._schedule(
                model,
                neighbours[ok],
                problem_of_neighbour[ok],
                s.detection.neighbour_notice_probability,
            )

    def _schedule(
        self,
        model: GovernanceModel,
        rows: NDArray[np.int64],
        problems: NDArray[np.int64],
        probability: float | NDArray[np.float64],
    ) -> None:
        """Schedule the notices of ``rows`` (of ``problems``) after geometric waiting times.

        A scalar ``probability`` (the same for all) is drawn as ``geometric(p, size=n)``: the
        same draws as with an array of ``n`` equal probabilities, without the per-array checks.
        """
        if not isinstance(probability, np.ndarray):
            if probability <= 0 or len(rows) == 0:
                return
            wait = model.rng.geometric(float(probability), size=len(rows)) - 1  # 0 = today
        else:
            keep = probability > 0
            rows, problems, probability = rows[keep], problems[keep], probability[keep]
            if len(rows) == 0:
                return
            wait = model.rng.geometric(probability) - 1
        # one pass over the notices (a handful per problem): bucket by day, in order
        findable = model.settings.problems.findable_days
        today = model.day
        notices = self._notices
        for row, problem, w in zip(rows.tolist(), problems.tolist(), wait.tolist(), strict=True):
            if w < findable:
                bucket = notices.get(today + w)
                if bucket is None:
                    bucket = notices[today + w] = ([], [])
                bucket[0].append(row)
                bucket[1].append(problem)

    def step(self, model: GovernanceModel) -> None:
        """Today's villager noticers; cases opened by grid workers, cameras and firms."""
        store = model.problems
        bucket = self._notices.pop(model.day, None)
        if bucket is not None:
            rows = np.array(bucket[0], dtype=np.int64)
            problems = np.array(bucket[1], dtype=np.int64)
            live = ~store["fixed"][problems]
            self.noticers, self.noticed_problems = rows[live], problems[live]
        else:
            self.noticers, self.noticed_problems = NO_ROWS, NO_ROWS

        # The pool: problems not yet reported and still findable.
        findable = model.settings.problems.findable_days
        pool = self.pool
        if len(pool) == 0:
            return
        pool = pool[(store["case"][pool] < 0) & (store["day"][pool] > model.day - findable)]
        self.pool = pool
        if len(pool) == 0:
            return
        self._discover(model, pool)

    def _discover(self, model: GovernanceModel, pool: NDArray[np.int64]) -> None:
        rng = model.rng
        s = model.settings
        store = model.problems
        grid = store["grid"][pool]
        workers = model.grid_workers
        coverage = np.minimum(
            1.0, workers.patrol_minutes / s.grid_workers.patrol_minutes_full_coverage
        )
        n = len(pool)
        # the grid workers', the cameras' and the firms' uniforms, drawn in that order in one call
        # (the same numbers as three calls); the cameras' and firms' whether or not they can act
        uniforms = rng.random(3 * n)
        grid_draw, camera_draw, firm_draw = uniforms[:n], uniforms[n : 2 * n], uniforms[2 * n :]
        by_grid = grid_draw < s.detection.grid_discovery_at_full_patrol * coverage[grid]
        not_found = ~by_grid
        by_camera = None
        if self.cameras_watch:
            by_camera = (
                not_found
                & workers.camera_covered[grid]
                & model.categories.camera_detectable[store["category"][pool]]
                & (camera_draw < s.cameras.detection_probability)
            )
            not_found &= ~by_camera
        firm = store["enterprise"][pool]
        by_firm = None
        if np.count_nonzero(firm >= 0):
            firms = model.enterprises
            # per-firm flags with a False appended, so that "no firm" (-1) indexes False
            flag = np.zeros(firms.size + 1, dtype=bool)
            np.logical_and(firms.aware, ~firms.excluded, out=flag[:-1])
            willing = flag[firm]
            report_chance: float | NDArray[np.float64] = s.enterprises.report_probability
            if s.enterprises.points_inclusion:
                flag[:-1] = firms.included
                report_chance = np.minimum(
                    1.0, report_chance + flag[firm] * s.enterprises.points_report_boost
                )
            by_firm = not_found & willing & (firm_draw < report_chance)

        channels = s.channels
        quality_gain = s.apps.classification_quality_gain if s.apps.event_classification else 0.0
        found = pool[by_grid]
        if len(found):
            gw = grid[by_grid]
            quality = np.minimum(1.0, workers.text_skill[gw] + quality_gain)
            model.reporting.open_cases(
                model, found, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER,
                reporter=gw.astype(np.int64), quality=quality,
                intake_days=poisson_days(rng, channels.grid_worker.intake_delay_days, len(found)),
            )  # fmt: skip
            add_at(workers.reports_filed, gw, 1)
            add_at(workers.followup_minutes, gw, s.grid_workers.followup_minutes_per_case)
        if by_camera is not None:
            found = pool[by_camera]
            model.counters.camera_cases += len(found)
            if len(found):
                model.reporting.open_cases(
                    model, found, source=Source.CAMERA, channel=NO_CHANNEL, reporter=-1,
                    quality=np.full(len(found), s.cameras.report_quality),
                    intake_days=np.zeros(len(found), dtype=np.int64),
                )  # fmt: skip
        if by_firm is not None and np.count_nonzero(by_firm):
            found = pool[by_firm]
            firms = model.enterprises
            firm_ids = firm[by_firm].astype(np.int64)
            add_at(firms.reports, firm_ids, 1)
            model.reporting.open_cases(
                model, found, source=Source.ENTERPRISE, channel=Channel.HOTLINE, reporter=firm_ids,
                quality=np.full(len(found), channels.hotline.quality),
                intake_days=poisson_days(rng, channels.hotline.intake_delay_days, len(found)),
            )  # fmt: skip
