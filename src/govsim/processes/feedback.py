"""Process 8 — feedback: reporters and neighbours learn outcomes; beliefs update.

Satisfaction with a closed genuine case: resolved or settled → ``0.5 ** (max(0, days − SLA) /
late_satisfaction_halving_days)``; unresolved → 0. A villager reporter (and every co-reporter) is
told the outcome with ``feedback.notified_share`` (always when settled in the village, or when the
case came through the app and the app has its feedback feature). A reporter who is told takes the
outcome value *o* = satisfaction; one who is never told infers ``silent_outcome_value``.

Belief update (asymmetric, losses weigh ``loss_aversion`` times gains; Kahneman & Tversky 1979):
``x ← clip(x + λ·(o − x)·(loss_aversion if o < x else 1), 0, 1)`` with λ = ``learning_rate``
for trust and for efficacy. Each network neighbour of a reporter observes the outcome with
``neighbour_observation_probability`` and updates with λ × ``neighbour_weight``. Ownership
(Ansell & Gash 2008, "small wins"): a notified reporter of a resolution, and each observing
neighbour, takes ownership with ``small_win_ownership_probability``; a reporter whose case went
unresolved or unanswered drops it with ``broken_commitment_ownership_loss``. Resident adults of
the affected households see whether their problem was fixed (outcome 1 or 0) and update with λ ×
``affected_weight``; a fix is a small win for them too. An app reporter whose
case was not resolved churns with ``apps.churn_on_bad_experience``. Grid workers' appraisal
counters get resolutions and satisfaction of the cases they filed or relayed; closed
cross-department cases are counted for the departments' review of their working relations
(:mod:`govsim.processes.sharing`). Vectorised over the day's closures and their reporters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel, Outcome, Source
from govsim.processes._common import add_at, affected_residents

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Feedback", "update_belief", "update_beliefs"]


def update_belief(
    belief: NDArray[np.float64],
    outcome: NDArray[np.float64],
    rate: float | NDArray[np.float64],
    loss_aversion: float,
) -> NDArray[np.float64]:
    """Asymmetric step of ``belief`` towards ``outcome`` (losses weigh ``loss_aversion``×)."""
    step = np.asarray(rate * (outcome - belief))
    step[step < 0] *= loss_aversion
    clipped: NDArray[np.float64] = (belief + step).clip(0.0, 1.0)  # np.clip's own ufunc
    return clipped


def update_beliefs(
    model: GovernanceModel, rows: NDArray[np.int64], value: NDArray[np.float64], rate: float
) -> None:
    """Move the trust and efficacy of villagers ``rows`` towards outcome ``value`` (asymmetric)."""
    pop = model.population
    aversion = model.settings.feedback.loss_aversion
    pop.trust[rows] = update_belief(pop.trust[rows], value, rate, aversion)
    pop.efficacy[rows] = update_belief(pop.efficacy[rows], value, rate, aversion)


class Feedback:
    """Outcome feedback to reporters and neighbours (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        del model  # stateless: everything it needs is on the model each day

    def step(self, model: GovernanceModel) -> None:
        """Process today's closures."""
        ids = model.flow.take_closed_today()
        if len(ids) == 0:
            return
        s = model.settings
        f = s.feedback
        ledger = model.ledger
        rng = model.rng
        outcome = ledger["outcome"][ids]
        good = (outcome == Outcome.RESOLVED) | (outcome == Outcome.SETTLED_LOCALLY)
        genuine = ledger["genuine"][ids]
        late = np.maximum(0, model.day - ledger["created_day"][ids] - ledger["sla_days"][ids])
        satisfaction = np.where(good, 0.5 ** (late / f.late_satisfaction_halving_days), 0.0)
        satisfaction[~genuine] = np.nan
        ledger["satisfaction"][ids] = satisfaction
        self._appraisal(model, ids, good, satisfaction)
        joint = genuine & ledger["cross_department"][ids] & ~ledger["settled_locally"][ids]
        if np.count_nonzero(joint):
            model.sharing.record_joint_closures(
                ledger["lead_department"][ids[joint]].astype(np.int64),
                ledger["assist_department"][ids[joint]].astype(np.int64),
                late[joint] == 0,
            )
        self._affected_observe(model, ids[genuine], good[genuine])

        # Villager reporters: the one who opened the case and everyone who joined it, whoever
        # (grid worker, camera, firm) opened it.
        cases = ids[genuine]
        if len(cases) == 0:
            return
        opened_by_villager = (ledger["source"][cases] == Source.VILLAGER).nonzero()[0]
        rows = ledger["reporter"][cases[opened_by_villager]]
        case_of_row = opened_by_villager
        extra_rows: list[int] = []
        extra_case: list[int] = []
        for k, case in enumerate(cases.tolist()):
            joined = model.flow.co_reporters.pop(case, None)
            if joined:
                extra_rows.extend(joined)
                extra_case.extend([k] * len(joined))
        if extra_rows:
            rows = np.concatenate((rows, np.array(extra_rows, dtype=np.int64)))
            case_of_row = np.concatenate((case_of_row, np.array(extra_case, dtype=np.int64)))
        channel = ledger["channel"][cases][case_of_row]
        settled = ledger["settled_locally"][cases][case_of_row]
        told = (
            (rng.random(len(rows)) < f.notified_share)
            | settled
            | ((channel == Channel.APP) & s.apps.feedback_feature)
        )
        ledger["notified"][cases[case_of_row[told]]] = True
        value = np.where(told, satisfaction[genuine][case_of_row], f.silent_outcome_value)
        won = good[genuine][case_of_row]
        self._update(model, rows, value, won & told, ~(won & told), f.learning_rate)

        app_unresolved = (channel == Channel.APP) & ~won
        if np.count_nonzero(app_unresolved):
            model.app_adoption.churn(model, rows[app_unresolved], s.apps.churn_on_bad_experience)

        # Neighbours observe (vectorised expansion of the reporters' adjacency lists).
        neighbours, owner = model.network.neighbours_of(rows)
        seen = rng.random(len(neighbours)) < f.neighbour_observation_probability
        observers = neighbours[seen]
        if len(observers):
            observed_value = np.where(won[owner[seen]], 1.0, 0.0)
            self._update(
                model, observers, observed_value, won[owner[seen]], np.zeros(len(observers), dtype=bool),
                f.learning_rate * f.neighbour_weight,
            )  # fmt: skip

    def _affected_observe(
        self, model: GovernanceModel, ids: NDArray[np.int64], good: NDArray[np.bool_]
    ) -> None:
        """Residents of affected households see whether their problem was fixed."""
        problems = model.ledger["problem"][ids]
        has_problem = problems >= 0
        if not np.count_nonzero(has_problem):
            return
        rows, owner = affected_residents(model, problems[has_problem])
        fixed = good[has_problem][owner]
        f = model.settings.feedback
        self._update(
            model, rows, fixed.astype(np.float64), fixed, np.zeros(len(rows), dtype=bool),
            f.learning_rate * f.affected_weight,
        )  # fmt: skip

    def _update(
        self,
        model: GovernanceModel,
        rows: NDArray[np.int64],
        value: NDArray[np.float64],
        small_win: NDArray[np.bool_],
        broken: NDArray[np.bool_],
        rate: float,
    ) -> None:
        f = model.settings.feedback
        pop = model.population
        rng = model.rng
        # Repeated rows in one batch apply sequentially in effect only once; negligible per day.
        update_beliefs(model, rows, value, rate)
        n = len(rows)
        uniforms = rng.random(2 * n)  # the gains' then the losses' draws (as two calls would)
        gain = small_win & (uniforms[:n] < f.small_win_ownership_probability)
        pop.ownership[rows[gain]] = True
        loss = broken & (uniforms[n:] < f.broken_commitment_ownership_loss)
        pop.ownership[rows[loss]] = False

    def _appraisal(
        self,
        model: GovernanceModel,
        ids: NDArray[np.int64],
        good: NDArray[np.bool_],
        satisfaction: NDArray[np.float64],
    ) -> None:
        ledger = model.ledger
        workers = model.grid_workers
        source = ledger["source"][ids]
        by_worker = source == Source.GRID_WORKER
        resolved_by_worker = by_worker & good
        if np.count_nonzero(resolved_by_worker):
            add_at(workers.reports_resolved, ledger["reporter"][ids[resolved_by_worker]], 1)
        relayed = (source == Source.VILLAGER) & (ledger["channel"][ids] == Channel.GRID_WORKER)
        if not np.count_nonzero(relayed):
            return  # the updates below would add nothing
        grids = ledger["grid"][ids]
        add_at(workers.reports_resolved, grids[relayed & good], 1)
        rated = relayed & ~np.isnan(satisfaction)
        add_at(workers.satisfaction_sum, grids[rated], satisfaction[rated])
        add_at(workers.satisfaction_count, grids[rated], 1)
