"""A run's calendar: the spin-up before the reported days, and roll-outs dated from the first one."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim import GovernanceModel, Scenario
from govsim.scenario import Rollout, in_force, with_overrides

SPIN_UP, DAYS = 40, 30


@pytest.fixture(scope="module")
def spun_up(village: Scenario) -> govsim.RunResult:
    """The village reported for 30 days after a spin-up of 40."""
    return govsim.run(village, days=DAYS, seed=4, spin_up_days=SPIN_UP)


@pytest.fixture(scope="module")
def whole(village: Scenario) -> govsim.RunResult:
    """The same 70 days, every one reported."""
    return govsim.run(village, days=SPIN_UP + DAYS, seed=4)


def test_a_spin_up_is_simulated_but_not_reported(
    spun_up: govsim.RunResult, whole: govsim.RunResult
) -> None:
    daily = spun_up.daily
    assert len(daily) == DAYS
    assert daily.index.tolist() == list(range(DAYS))
    assert spun_up.summary["days"] == DAYS
    assert spun_up.scenario.spin_up_days == SPIN_UP
    # the same days, simulated exactly as the long run's last 30: its states, bit for bit
    later = whole.daily.iloc[SPIN_UP:]
    for stock in ("backlog", "mean_trust", "participation_share", "awareness_share"):
        np.testing.assert_array_equal(daily[stock].to_numpy(), later[stock].to_numpy())


def test_the_ledger_and_reports_start_at_the_first_reported_day(
    spun_up: govsim.RunResult, whole: govsim.RunResult
) -> None:
    cases = spun_up.cases
    assert len(cases) > 0
    assert cases["created_day"].min() >= 0
    assert spun_up.summary["cases"] == len(cases)
    # exactly the long run's cases that arose after day 40, their days counted from it
    later = whole.cases[whole.cases["created_day"] >= SPIN_UP]
    np.testing.assert_array_equal(
        cases["created_day"].to_numpy(), later["created_day"].to_numpy() - SPIN_UP
    )
    closed = later["closed_day"].to_numpy()
    np.testing.assert_array_equal(
        cases["closed_day"].to_numpy(), np.where(closed >= 0, closed - SPIN_UP, closed)
    )
    assert (spun_up.reports["day"] >= 0).all()
    assert len(spun_up.reports) == spun_up.daily["villager_reports"].sum()


def test_spin_up_days_given_to_run_override_the_scenario(
    village: Scenario, spun_up: govsim.RunResult
) -> None:
    own = with_overrides(village, {"spin_up_days": SPIN_UP})
    pd.testing.assert_frame_equal(govsim.run(own, days=DAYS, seed=4).daily, spun_up.daily)
    none = govsim.run(own, days=DAYS, seed=4, spin_up_days=0)
    assert none.scenario.spin_up_days == 0
    pd.testing.assert_frame_equal(none.daily, govsim.run(village, days=DAYS, seed=4).daily)


def test_a_roll_out_takes_effect_on_its_day_counted_after_the_spin_up(village: Scenario) -> None:
    scenario = with_overrides(
        village,
        {"spin_up_days": 10, "rollouts": [{"day": 5, "changes": {"appraisal.audit_rate": 0.3}}]},
    )
    model = GovernanceModel(scenario, rng=1, datacollection=False)
    model.run_days(15)  # the spin-up and reported days 0-4
    assert model.settings.appraisal.audit_rate == village.appraisal.audit_rate
    model.step()  # reported day 5
    assert model.settings.appraisal.audit_rate == 0.3


def test_roll_outs_on_one_day_apply_in_their_order_as_in_force_says(village: Scenario) -> None:
    first = Rollout(day=3, changes={"appraisal.audit_rate": 0.1, "feedback.notified_share": 0.9})
    second = Rollout(day=3, changes={"appraisal.audit_rate": 0.4})
    scenario = dataclasses.replace(village, rollouts=(first, second))
    model = GovernanceModel(scenario, rng=1, datacollection=False)
    model.run_days(4)
    expected = in_force(scenario)
    assert expected.appraisal.audit_rate == 0.4
    assert model.settings.appraisal == expected.appraisal
    assert model.settings.feedback == expected.feedback
