"""Working relations between departments (``govsim.processes.sharing``): the rules, exactly.

The stylized-fact tests 10b and 10c (slow) show what the rules produce; these check the rules
themselves against hand-computed values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import govsim
from _validation import VILLAGE
from govsim import GovernanceModel
from govsim.scenario import with_overrides


@pytest.fixture(scope="module")
def model() -> GovernanceModel:
    return GovernanceModel(govsim.load_scenario(VILLAGE), rng=7, datacollection=False)


def test_relations_start_at_the_scenario_value(model: GovernanceModel) -> None:
    start = model.settings.sharing.relations_initial
    assert np.all(model.sharing.relations == start)
    assert model.departments[0].relations == start


def test_coordination_rounds_are_geometric_with_the_threshold_stall(model: GovernanceModel) -> None:
    s = model.settings.sharing
    sharing = model.sharing
    saved = sharing.relations.copy()
    try:
        for level in (0.05, s.cooperation_threshold, 0.9):
            sharing.relations[:] = level
            cooperate = 1.0 / (
                1.0 + math.exp((s.cooperation_threshold - level) / s.cooperation_threshold_spread)
            )
            stall = s.stall_probability * (1.0 - cooperate)
            lead = np.zeros(200_000, dtype=np.int64)
            rounds = sharing.coordination_rounds(np.random.default_rng(1), lead, lead + 1)
            assert rounds.min() >= 1
            se = math.sqrt(stall) / (1.0 - stall) / math.sqrt(len(rounds))
            assert rounds.mean() == pytest.approx(1.0 / (1.0 - stall), abs=5 * se)
    finally:
        sharing.relations[:] = saved


def test_review_moves_relations_towards_the_on_time_share_weighted_by_evidence() -> None:
    scenario = with_overrides(govsim.load_scenario(VILLAGE), {"sharing.relations_initial": 0.5})
    m = GovernanceModel(scenario, rng=3, datacollection=False)
    s = scenario.sharing
    aversion = scenario.feedback.loss_aversion
    sharing = m.sharing
    # department 0: 10 joint cases, 8 on time (a gain); department 1: the same cases (it assisted);
    # department 2: 2 cases, none on time (a loss); the rest: no joint case (unchanged)
    sharing.record_joint_closures(
        np.zeros(10, dtype=np.int64), np.ones(10, dtype=np.int64), np.arange(10) < 8
    )
    sharing.record_joint_closures(
        np.full(2, 2, dtype=np.int64), np.full(2, 3, dtype=np.int64), np.zeros(2, dtype=bool)
    )
    sharing._review()
    weight = lambda n: s.relations_learning_rate * n / (n + s.relations_evidence_half)  # noqa: E731
    assert sharing.relations[0] == pytest.approx(0.5 + weight(10) * (0.8 - 0.5))
    assert sharing.relations[1] == pytest.approx(0.5 + weight(10) * (0.8 - 0.5))
    assert sharing.relations[2] == pytest.approx(0.5 + weight(2) * (0.0 - 0.5) * aversion)
    assert np.all(sharing.relations[4:] == 0.5)
    assert sharing.joint_closed.sum() == 0, "counts start again after a review"
