"""Process 3 — the reporting decision, and opening or joining cases.

A villager who noticed a problem today reports it with probability
``logistic(intercept + efficacy_weight·efficacy + trust_weight·trust + awareness_weight·aware +
ownership_weight·ownership + severity_weight·severity + access_weight·logsum + incentive_weight·
incentive + open_case_weight·[the problem has an open case])`` — reporting as coproduction (Ostrom 1996; the logistic form follows Sjoberg, Mellon &
Peixoto 2017, PAR 77(3)). ``logsum`` is the channel inclusive value of
:mod:`govsim.processes.channels` and ``incentive`` (0-1) the saturating material/spiritual reward
of :mod:`govsim.processes.incentives`. With ``reporting.enabled = false`` no villager reports.

Reporters choose a channel (multinomial logit). Duplicate reports of a problem join its open case
(``reports`` + 1; the reporter is remembered for feedback); the first report opens it; a report of
a problem whose case was closed without fixing it opens a new case (a repeat complaint). Vectorised
over the day's noticers; the ledger is written in one batch.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Source
from govsim.ledger import NO_CHANNEL
from govsim.processes._common import add_at, logistic, poisson_days, problem_case_columns
from govsim.processes.channels import ChannelChoice

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Reporting"]


# One noticer's decision in Python floats (False: always the array path; tests compare the two)
ONE_NOTICER_IN_FLOATS = True


def _propensity(
    r: Any,
    efficacy: Any,
    trust: Any,
    awareness: Any,
    ownership: Any,
    severity: Any,
    access: Any,
    incentive: Any,
    open_case: Any,
) -> Any:
    """The logit of the reporting decision, term by term (floats or arrays alike)."""
    return (
        r.intercept
        + r.efficacy_weight * efficacy
        + r.trust_weight * trust
        + r.awareness_weight * awareness
        + r.ownership_weight * ownership
        + r.severity_weight * severity
        + r.access_weight * access
        + r.incentive_weight * incentive
        + r.open_case_weight * open_case
    )


class Reporting:
    """Reporting decision, channel choice, and case opening (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        self.channels = ChannelChoice(model)

    def step(self, model: GovernanceModel) -> None:
        """Decide for today's noticers; open or join cases for those who report."""
        s = model.settings
        r = s.reporting
        rows = model.detection.noticers
        problems = model.detection.noticed_problems
        if not r.enabled or len(rows) == 0:
            return
        rng = model.rng
        pop = model.population
        if len(rows) == 1 and ONE_NOTICER_IN_FLOATS:
            # Most days one villager decides: the same terms in the same order as below, in
            # Python floats (IEEE double arithmetic, so the same bits), without ~25 numpy calls.
            row, problem = int(rows[0]), int(problems[0])
            its_case = int(model.problems["case"][problem])
            utility = self.channels.utilities(model, rows)
            access = float(self.channels.log_sum(utility)[0])
            can_reach = math.isfinite(access)
            x = _propensity(
                r,
                float(pop.efficacy[row]),
                float(pop.trust[row]),
                float(pop.aware[row]),
                float(pop.ownership[row]),
                float(model.problems["severity"][problem]),
                access if can_reach else 0.0,
                float(model.incentives.motivation(model, rows)[0]),
                float(its_case >= 0 and model.ledger["closed_day"][its_case] < 0),
            )
            drawn = rng.random()  # drawn whether or not any channel is reachable
            if not (can_reach and drawn < logistic(x)):
                return
            self.file(model, rows, problems, self.channels.choose(utility, rng))
            return
        case = model.problems["case"][problems]
        open_case = case >= 0
        open_case[open_case] = model.ledger["closed_day"][case[open_case]] < 0
        utility = self.channels.utilities(model, rows)
        log_sum = self.channels.log_sum(utility)
        reachable = np.isfinite(log_sum)
        x = _propensity(
            r,
            pop.efficacy[rows],
            pop.trust[rows],
            pop.aware[rows],
            pop.ownership[rows],
            model.problems["severity"][problems],
            np.where(reachable, log_sum, 0.0),
            model.incentives.motivation(model, rows),
            open_case,
        )
        reports = reachable & (rng.random(len(rows)) < logistic(x))
        if not np.count_nonzero(reports):
            return
        rows, problems = rows[reports], problems[reports]
        channel = self.channels.choose(utility[reports], rng)
        self.file(model, rows, problems, channel)

    def file(
        self,
        model: GovernanceModel,
        rows: NDArray[np.int64],
        problems: NDArray[np.int64],
        channel: NDArray[np.int64],
    ) -> None:
        """Villagers ``rows`` report ``problems`` through ``channel``: open or join cases."""
        pop = model.population
        pop.last_participation_day[rows] = model.day
        pop.last_report_day[rows] = model.day
        pop.reports[rows] += 1
        add_at(model.counters.reports, channel, 1)
        model.counters.villager_reports += len(rows)
        on_app = rows[channel == Channel.APP]
        if len(on_app):
            model.app_adoption.record_use(model, on_app)
        model.grid_work.relay(model, pop.grid[rows[channel == Channel.GRID_WORKER]])

        case_of = model.problems["case"][problems]
        joining = case_of >= 0
        # A problem whose case was closed without fixing it is reported afresh: a new case.
        joining[joining] = model.ledger["closed_day"][case_of[joining]] < 0
        # Among reports of problems without a case, the first report per problem opens it.
        fresh = (~joining).nonzero()[0]
        opener = np.zeros(len(rows), dtype=bool)
        if len(fresh) < 2:
            opener[fresh] = True  # at most one report: it is the first
        else:
            _, first = np.unique(problems[fresh], return_index=True)
            opener[fresh[np.sort(first)]] = True
        if np.count_nonzero(opener):
            o_rows, o_channel = rows[opener], channel[opener]
            self.open_cases(
                model,
                problems[opener],
                source=Source.VILLAGER,
                channel=o_channel,
                reporter=o_rows,
                quality=self.channels.report_quality(model, o_rows, o_channel),
                intake_days=poisson_days(
                    model.rng, self.channels.intake_delay_days[o_channel], len(o_rows)
                ),
                reporter_age_band=pop.age_band[o_rows],
                reporter_migrant=pop.migrant[o_rows],
                reporter_smartphone=pop.smartphone[o_rows],
            )
            model.incentives.reward(model, o_rows, np.ones(len(o_rows), dtype=bool))
        joiners = ~opener
        if np.count_nonzero(joiners):
            cases = model.problems["case"][problems[joiners]]
            add_at(model.ledger["reports"], cases, 1)
            for case, row in zip(cases.tolist(), rows[joiners].tolist(), strict=True):
                model.flow.co_reporters.setdefault(case, []).append(row)

    def open_cases(
        self,
        model: GovernanceModel,
        problems: NDArray[np.int64],
        *,
        source: Source,
        channel: NDArray[np.int64] | int,
        reporter: NDArray[np.int64] | int,
        quality: NDArray[np.float64],
        intake_days: NDArray[np.int64],
        **columns: Any,
    ) -> NDArray[np.int64]:
        """Open one case per problem (each problem at most once) and link problem → case."""
        ids = model.flow.open(
            model,
            intake_days,
            source=source,
            channel=channel,
            reporter=reporter,
            quality=quality,
            **problem_case_columns(model, problems),
            **columns,
        )
        model.problems["case"][problems] = ids
        if source != Source.VILLAGER:
            channels = np.broadcast_to(np.asarray(channel), ids.shape)
            known = channels[channels != NO_CHANNEL]
            add_at(model.counters.reports, known, 1)
        return ids
