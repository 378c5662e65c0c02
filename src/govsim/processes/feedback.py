"""Feedback: what reporters, their neighbours and the affected households learn from outcomes.

Satisfaction with a closed genuine case: resolved or settled → ``0.5 ** (days late /
feedback.late_satisfaction_halving_days)``; unresolved → 0 (written to the ledger; NaN for a
report with nothing behind it). Every villager who reported the case — the one who opened it and
everyone who joined it — is told the outcome with ``notified_share`` (always when it was settled
in the village, or when it came through the app and the app has its feedback feature); one who is
told experiences the satisfaction, one who is never told infers ``silent_outcome_value``. A
reporter told of a fix may take ownership (``small_win_ownership_probability``; Ansell & Gash 2008,
"small wins"); one whose case went unresolved or unanswered may drop it
(``broken_commitment_ownership_loss``). An app reporter whose case was not fixed is let down (and
may leave the app, :mod:`adoption`).

Each network neighbour of a reporter observes the outcome (fixed or not) with
``neighbour_observation_probability`` at rate × ``neighbour_weight`` (and may take ownership from
the small win); the resident adults of the affected households see whether their problem was
fixed at rate × ``affected_weight`` (a fix is a small win for them too: they may take ownership).
A case that passes its time limit unfixed is a broken
commitment to the affected households: they experience ``silent_outcome_value`` at rate ×
``affected_weight`` (:mod:`supervision` flags it).

Transparency: the progress of a genuine case is public with ``transparency.level`` (case tracking
on the platform, notices in the village; ledger ``visible``). Its reporters then know the outcome
(as if told) and, having seen the case worked on, move their trust towards 1 at
``transparency.progress_trust_rate`` before they take the outcome in. The experiences go to
:mod:`beliefs`, in the order overdue, affected, seen progress, reporters, neighbours. Vectorised
over the day's closures.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.events import Closures, Experiences
from govsim.sampling import NO_ROWS
from govsim.scenario import Scenario
from govsim.state.layout import Layout
from govsim.state.ledger import CaseLedger, ReportLog
from govsim.state.network import SocialNetwork
from govsim.state.population import Population
from govsim.state.problems import ProblemStore, affected_residents

__all__ = ["Feedback", "FeedbackDay"]

FeedbackDay = tuple[NDArray[np.float64], tuple[Experiences, ...], NDArray[np.int64]]


class Feedback:
    """Outcome feedback to reporters, neighbours and affected households (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "problems.household",
        "problems.households",
        "population.migrant",
        "network",
        "reports.joiners",
        "ledger.problem",
        "ledger.genuine",
        "layout",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("ledger.satisfaction", "ledger.notified", "ledger.visible")
    SETTINGS: ClassVar[tuple[str, ...]] = ("feedback", "apps", "transparency")

    def __init__(
        self,
        layout: Layout,
        population: Population,
        network: SocialNetwork,
        problems: ProblemStore,
        ledger: CaseLedger,
        reports: ReportLog,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.layout = layout
        self.population = population
        self.network = network
        self.problems = problems
        self.ledger = ledger
        self.reports = reports
        self.rng = rng
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's feedback rules."""
        self.settings = settings.feedback
        self.app_feedback = settings.apps.feedback_feature
        self.transparency = settings.transparency

    def step(self, day: int, closures: Closures, overdue: NDArray[np.int64]) -> FeedbackDay:
        """Satisfaction with today's closures, the day's experiences, and app letdowns."""
        del day  # the rules do not depend on the date
        f = self.settings
        experiences: list[Experiences] = []
        if len(overdue):
            experiences.append(self._broken_promises(overdue))
        if len(closures) == 0:
            return _NO_SATISFACTION, tuple(e for e in experiences if len(e)), NO_ROWS
        satisfaction = np.where(
            closures.good, 0.5 ** (closures.late_days / f.late_satisfaction_halving_days), 0.0
        )
        satisfaction[~closures.genuine] = np.nan
        self.ledger["satisfaction"][closures.ids] = satisfaction
        genuine = closures.genuine.nonzero()[0]
        if len(genuine) == 0:
            return satisfaction, tuple(e for e in experiences if len(e)), NO_ROWS
        visible = np.zeros(len(closures), dtype=bool)
        if self.transparency.level > 0:
            visible[genuine] = self.rng.random(len(genuine)) < self.transparency.level
            self.ledger["visible"][closures.ids[visible]] = True
        experiences.append(self._affected(closures, genuine))
        told, letdowns = self._reporters(closures, genuine, satisfaction, visible)
        if told is not None:
            experiences.extend(told)
        return satisfaction, tuple(e for e in experiences if len(e)), letdowns

    def _broken_promises(self, overdue: NDArray[np.int64]) -> Experiences:
        ledger = self.ledger
        problems = ledger["problem"][overdue]
        problems = problems[ledger["genuine"][overdue] & (problems >= 0)]
        if len(problems) == 0:
            return Experiences.empty()
        rows, _ = affected_residents(self.problems, self.layout, self.population.migrant, problems)
        f = self.settings
        rate = f.learning_rate * f.affected_weight
        return Experiences.uniform(
            rows, f.silent_outcome_value, trust_rate=rate, efficacy_rate=rate
        )

    def _affected(self, closures: Closures, genuine: NDArray[np.int64]) -> Experiences:
        problem = closures.problem[genuine]
        has_problem = problem >= 0
        if not np.count_nonzero(has_problem):
            return Experiences.empty()
        rows, owner = affected_residents(
            self.problems, self.layout, self.population.migrant, problem[has_problem]
        )
        fixed = closures.good[genuine][has_problem][owner]
        f = self.settings
        rate = f.learning_rate * f.affected_weight
        return Experiences.uniform(
            rows, fixed.astype(np.float64), trust_rate=rate, efficacy_rate=rate,
            gain=np.where(fixed, f.small_win_ownership_probability, 0.0),
        )  # fmt: skip

    def _reporters(
        self,
        closures: Closures,
        genuine: NDArray[np.int64],
        satisfaction: NDArray[np.float64],
        visible: NDArray[np.bool_],
    ) -> tuple[list[Experiences] | None, NDArray[np.int64]]:
        """Experiences of the villager reporters and their observing neighbours; app letdowns."""
        f = self.settings
        # the villager who opened each case (through the case's channel), then every villager
        # who joined it (through their own)
        opened_by_villager = genuine[closures.source[genuine] == Source.VILLAGER]
        rows_list = [closures.reporter[opened_by_villager]]
        channel_list = [closures.channel[opened_by_villager]]
        closure_list = [opened_by_villager]
        joiners = self.reports.joiners
        if joiners:
            joined_reports: list[int] = []
            joined_closure: list[int] = []
            for k, case in zip(genuine.tolist(), closures.ids[genuine].tolist(), strict=True):
                joined = joiners.get(case)
                if joined:
                    joined_reports.extend(joined)
                    joined_closure.extend([k] * len(joined))
            if joined_reports:
                reports = np.array(joined_reports, dtype=np.int64)
                rows_list.append(self.reports["reporter"][reports])
                channel_list.append(self.reports["channel"][reports])
                closure_list.append(np.array(joined_closure, dtype=np.int64))
        rows = np.concatenate(rows_list) if len(rows_list) > 1 else rows_list[0]
        if len(rows) == 0:
            return None, NO_ROWS
        which = np.concatenate(closure_list) if len(closure_list) > 1 else closure_list[0]
        channel = np.concatenate(channel_list) if len(channel_list) > 1 else channel_list[0]
        seen = visible[which]
        told = (
            (self.rng.random(len(rows)) < f.notified_share)
            | closures.settled_locally[which]
            | ((channel == Channel.APP) & self.app_feedback)
            | seen
        )
        self.ledger["notified"][closures.ids[which[told]]] = True
        won = closures.good[which]
        value = np.where(told, satisfaction[which], f.silent_outcome_value)
        small_win = won & told
        reporters = Experiences.uniform(
            rows, value, trust_rate=f.learning_rate, efficacy_rate=f.learning_rate,
            gain=np.where(small_win, f.small_win_ownership_probability, 0.0),
            loss=np.where(small_win, 0.0, f.broken_commitment_ownership_loss),
        )  # fmt: skip
        letdowns = rows[(channel == Channel.APP) & ~won]
        progress = Experiences.uniform(
            rows[seen], 1.0, trust_rate=self.transparency.progress_trust_rate, efficacy_rate=0.0
        )

        neighbours, owner = self.network.neighbours_of(rows)
        seen = self.rng.random(len(neighbours)) < f.neighbour_observation_probability
        observers = neighbours[seen]
        observed_win = won[owner[seen]]
        rate = f.learning_rate * f.neighbour_weight
        observing = Experiences.uniform(
            observers, observed_win.astype(np.float64), trust_rate=rate, efficacy_rate=rate,
            gain=np.where(observed_win, f.small_win_ownership_probability, 0.0),
        )  # fmt: skip
        return [progress, reporters, observing], letdowns


_NO_SATISFACTION = np.zeros(0, dtype=np.float64)
