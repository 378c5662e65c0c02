"""The reporting decision and the channel of each report.

A villager who noticed a problem today reports it with probability ``logistic(intercept +
efficacy_weight·efficacy + trust_weight·trust + awareness_weight·aware + ownership_weight·
ownership + severity_weight·severity + access_weight·logsum + incentive_weight·incentive +
open_case_weight·[the problem has an open case])`` — reporting as coproduction (Ostrom 1996;
the logistic form follows Sjoberg, Mellon & Peixoto 2017, PAR 77(3)). ``logsum`` is the channel
inclusive value of :mod:`channels` (a villager who can reach no channel does not report) and
``incentive`` (0–1) the motivation of :mod:`incentives` (for aware villagers). With
``reporting.enabled = false`` no villager reports.

Reporters choose a channel (multinomial logit, :mod:`channels`). Villagers drawn by unvalidated
rewards (:mod:`incentives`) file a trivial report of a category drawn in proportion to the
categories' rates, through a channel chosen the same way. The reports go to :mod:`intake`, which
opens cases or joins them. Vectorised over the day's deciders.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Source
from govsim.events import Filings, Incentive, Notices
from govsim.processes.channels import ChannelChoice
from govsim.sampling import Categorical, logistic, poisson_days
from govsim.scenario import Scenario
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.ledger import CaseLedger
from govsim.state.population import Population
from govsim.state.problems import CategoryTable, ProblemStore

__all__ = ["Reporting"]


class Reporting:
    """Reporting decision and channel choice (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.efficacy",
        "population.trust",
        "population.aware",
        "population.ownership",
        "population.digital_skill",
        "population.age_band",
        "population.smartphone",
        "population.migrant",
        "problems.severity",
        "problems.case",
        "ledger.closed_day",
        "population.grid",
        "population.village",
        "population.wechat_draw",
        "problems.category",
        "grid_workers.text_skill",
    )
    WRITES: ClassVar[tuple[str, ...]] = ()
    SETTINGS: ClassVar[tuple[str, ...]] = (
        "reporting",
        "channels",
        "wechat_groups",
        "apps",
        "grid_workers",
        "categories",
    )

    def __init__(
        self,
        population: Population,
        grid_workers: GridWorkerTable,
        problems: ProblemStore,
        ledger: CaseLedger,
        settings: Scenario,
        categories: CategoryTable,
        rng: np.random.Generator,
    ) -> None:
        self.population = population
        self.problems = problems
        self.ledger = ledger
        self.rng = rng
        self.channels = ChannelChoice(population, grid_workers, settings, rng)
        self.configure(settings, categories)

    def configure(self, settings: Scenario, categories: CategoryTable) -> None:
        """Take the scenario's reporting weights, channels and category mix."""
        self.weights = settings.reporting
        self.channels.configure(settings)
        self.trivial_category = Categorical(categories.rate_per_adult_day)  # as problems arise

    def step(self, day: int, notices: Notices, incentive: Incentive) -> Filings:
        """Today's villager reports: decisions of the noticers, and trivial reports."""
        del day  # the decision does not depend on the date
        if not self.weights.enabled:
            return Filings.empty()
        genuine = self._decide(notices, incentive.motivation) if len(notices) else Filings.empty()
        if len(incentive.lured) == 0:
            return genuine
        return Filings.concat(genuine, self._trivial(incentive.lured))

    def propensity(
        self, rows: NDArray[np.int64], problems: NDArray[np.int64], motivation: NDArray[np.float64],
        access: NDArray[np.float64],
    ) -> NDArray[np.float64]:  # fmt: skip
        """The log-odds of reporting of villagers ``rows`` who noticed ``problems``."""
        r = self.weights
        pop = self.population
        case = self.problems["case"][problems]
        open_case = case >= 0
        open_case[open_case] = self.ledger["closed_day"][case[open_case]] < 0
        aware = pop.aware[rows]
        x: NDArray[np.float64] = (
            r.intercept
            + r.efficacy_weight * pop.efficacy[rows]
            + r.trust_weight * pop.trust[rows]
            + r.awareness_weight * aware
            + r.ownership_weight * pop.ownership[rows]
            + r.severity_weight * self.problems["severity"][problems]
            + r.access_weight * access
            + r.incentive_weight
            * (np.where(aware, motivation[rows], 0.0) if len(motivation) else 0.0)
            + r.open_case_weight * open_case
        )
        return x

    def _decide(self, notices: Notices, motivation: NDArray[np.float64]) -> Filings:
        rows, problems = notices.rows, notices.problems
        utility = self.channels.utilities(rows, self.rng)
        log_sum = self.channels.log_sum(utility)
        reachable = np.isfinite(log_sum)
        x = self.propensity(rows, problems, motivation, np.where(reachable, log_sum, 0.0))
        report = reachable & (self.rng.random(len(rows)) < logistic(x))
        if not np.count_nonzero(report):
            return Filings.empty()
        rows, problems = rows[report], problems[report]
        channel = self.channels.choose(utility[report], self.rng)
        category = self.problems["category"][problems].astype(np.int64)
        return self._filings(rows, problems, channel, category)

    def _trivial(self, rows: NDArray[np.int64]) -> Filings:
        utility = self.channels.utilities(rows, self.rng)
        reachable = np.isfinite(self.channels.log_sum(utility))
        rows = rows[reachable]
        if len(rows) == 0:
            return Filings.empty()
        channel = self.channels.choose(utility[reachable], self.rng)
        category = self.trivial_category.draw(self.rng, len(rows))
        return self._filings(rows, np.full(len(rows), -1, dtype=np.int64), channel, category)

    def _filings(
        self,
        rows: NDArray[np.int64],
        problems: NDArray[np.int64],
        channel: NDArray[np.int64],
        category: NDArray[np.int64],
    ) -> Filings:
        pop = self.population
        n = len(rows)
        return Filings(
            problem=problems,
            source=np.full(n, Source.VILLAGER, dtype=np.int8),
            channel=channel.astype(np.int8),
            reporter=rows,
            quality=self.channels.report_quality(rows, channel),
            intake_days=poisson_days(self.rng, self.channels.intake_delay_days[channel], n),
            category=category,
            village=pop.village[rows].astype(np.int64),
            grid=pop.grid[rows].astype(np.int64),
        )
