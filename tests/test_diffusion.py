"""Known answer for publicity (DOMAIN.md §5, classical results; STYLE.md convention 10).

With word of mouth, grid workers' door-to-door visits and village meetings switched off, only
the five budgeted channels (website, TV/radio, village meetings, party members, WeChat groups)
make villagers aware. Villager *i* then becomes aware on each day independently with the chance
``q_i`` of :func:`govsim.processes.awareness.daily_awareness_probability`, so after *t* days

    P(aware_i) = 1 − (1 − q_i)^t      (for a villager unaware at the start),

and the share of initially-unaware villagers who are aware has expectation mean_i(1 − (1 − q_i)^t)
and variance Σ π_i(1 − π_i) / N² (independent Bernoulli draws). The tests compare the observed
share with that expectation within :data:`Z` binomial standard errors. ``q`` differs between
villagers (online or not, age band for TV, resident, neighbour of a party member, WeChat
member), so this checks the whole heterogeneous exposure model, not one channel.

Initial awareness is zero except for party members (who start aware by construction); they are
kept so the party-member channel (two-step flow) acts, and excluded from the comparison.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from _validation import VILLAGE, load, township
from govsim import GovernanceModel, Scenario
from govsim.processes.awareness import daily_awareness_probability

Z = 4.0  # tolerance in binomial standard errors


def _publicity_only(villages: int, **extra: Any) -> Scenario:
    """A township where only the budgeted publicity channels make villagers aware."""
    return load(
        VILLAGE,
        township(
            villages,
            **{
                "population.awareness_share": 0.0,  # party members still start aware
                "publicity.word_of_mouth_rate": 0.0,
                "grid_workers.publicity_minutes_per_day": 0.0,
                "meetings.attendance_probability": 0.0,  # attendees would be made aware
                "meetings.self_government_share": 0.0,  # would add to attendance
                "meetings.livestream": False,
                "reporting.enabled": False,  # irrelevant to awareness; cheaper runs
                "publicity.forgetting_half_life_days": 0.0,  # nobody forgets: the law is exact
                **extra,
            },
        ),
    )


def _check_geometric_law(scenario: Scenario, seeds: list[int], checkpoints: list[int]) -> None:
    """Observed aware share of the initially unaware vs mean(1 − (1 − q)^t), pooled over seeds."""
    observed = dict.fromkeys(checkpoints, 0)
    expected = dict.fromkeys(checkpoints, 0.0)
    variance = dict.fromkeys(checkpoints, 0.0)
    candidates = 0
    for seed in seeds:
        model = GovernanceModel(scenario, rng=seed)
        pop = model.population
        q, spend = daily_awareness_probability(model.population, model.network, model.settings)
        assert spend > 0
        unaware = ~pop.aware
        assert not pop.aware[~pop.party_member].any(), "only party members start aware"
        assert (q[unaware] > 0).any()
        candidates += int(unaware.sum())
        done = 0
        for t in checkpoints:
            model.run_days(t - done)
            done = t
            p = 1.0 - (1.0 - q[unaware]) ** t
            observed[t] += int(pop.aware[unaware].sum())
            expected[t] += float(p.sum())
            variance[t] += float((p * (1.0 - p)).sum())
        assert pop.aware[~unaware].all(), "awareness is never lost"
    for t in checkpoints:
        se = math.sqrt(variance[t]) / candidates
        share = observed[t] / candidates
        assert share == pytest.approx(expected[t] / candidates, abs=Z * se), (
            f"day {t}: observed {share:.4f}, expected {expected[t] / candidates:.4f} ± {Z} × {se:.4f}"
        )


def test_awareness_follows_geometric_law_smoke() -> None:
    """Three villages, one seed, 30/120 days: the law holds (quick check for every CI run)."""
    _check_geometric_law(_publicity_only(3), seeds=[11], checkpoints=[30, 120])


@pytest.mark.slow
def test_awareness_follows_geometric_law_township() -> None:
    """Twenty villages, four seeds pooled (~80,000 villager-draws), checkpoints up to a year."""
    _check_geometric_law(
        _publicity_only(20), seeds=[101, 102, 103, 104], checkpoints=[7, 30, 90, 180, 365]
    )


def test_zero_publicity_budget_gives_no_awareness() -> None:
    """No budget and every other source off: nobody becomes aware, ever."""
    scenario = _publicity_only(3, **{"publicity.budget_cny_per_adult_per_year": 0.0})
    model = GovernanceModel(scenario, rng=5)
    q, spend = daily_awareness_probability(model.population, model.network, model.settings)
    assert spend == 0.0
    assert np.all(q == 0.0)
    start = model.population.aware.copy()
    model.run_days(180)
    assert np.array_equal(model.population.aware, start)
    assert model.awareness.spent_cny == 0.0


def test_geometric_law_rejects_word_of_mouth() -> None:
    """The check has power: with word of mouth on, awareness exceeds the publicity-only law."""
    scenario = _publicity_only(
        3,
        **{"publicity.word_of_mouth_rate": 0.2, "publicity.word_of_mouth_persuasion": 0.5},
    )
    with pytest.raises(AssertionError, match="observed"):
        _check_geometric_law(scenario, seeds=[11], checkpoints=[120])
