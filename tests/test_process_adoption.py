"""App adoption alone: registration, first-use abandonment, use, idle churn and letdowns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import AppStatus, Channel
from govsim.processes import AppAdoption

NO_ROWS = np.zeros(0, dtype=np.int64)
QUIET = {  # nobody registers, uses or leaves unless a test says so
    "apps.registration_probability": 0.0,
    "apps.use_probability": 0.0,
    "apps.trial_abandonment": 0.0,
    "apps.churn_on_bad_experience": 0.0,
    "apps.churn_after_idle_days": 1000,
    "apps.needs_fit": 1.0,
    "channels.app_min_digital_skill": 0.25,
}


def _adoption(
    n: int = 6, seed: int = 0, population_columns: dict | None = None, **overrides: Any
) -> AppAdoption:
    pop = st.population(n, **(population_columns or {}))
    return AppAdoption(pop, st.settings(**{**QUIET, **overrides}), st.rng(seed))


def _app_reports(*rows: int) -> Any:
    return st.filings(len(rows), reporter=list(rows), channel=Channel.APP)


def test_aware_able_villagers_register_and_start_using_the_app() -> None:
    adoption = _adoption(population_columns={
        "aware": [True, True, True, False, True, True],
        "smartphone": [True, True, False, True, True, True],
        "digital_skill": [0.5, 0.25, 0.9, 0.9, 0.2, 0.9],
        "app_status": [0, 0, 0, 0, 0, AppStatus.CHURNED],
    }, **{"apps.registration_probability": 1.0})  # fmt: skip
    adoption.step(4, st.filings(0), NO_ROWS)
    pop = adoption.population
    # row 2: no smartphone; 3: unaware; 4: skill below 0.25; 5: left the app before
    assert pop.app_status.tolist() == [1, 1, 0, 0, 0, AppStatus.CHURNED]
    assert pop.app_registered_day[:2].tolist() == [4, 4]
    assert pop.app_last_use_day[:2].tolist() == [4, 4]
    assert adoption.registered.tolist() == [0, 1]


def test_registration_chance_is_scaled_by_needs_fit() -> None:
    n = 20_000
    adoption = _adoption(n, seed=1, population_columns={"aware": np.ones(n, dtype=bool)}, **{
        "apps.registration_probability": 0.5, "apps.needs_fit": 0.6,
    })  # fmt: skip
    adoption.step(0, st.filings(0), NO_ROWS)
    st.assert_share(len(adoption.registered), n, 0.5 * 0.6)


def test_reporting_through_the_app_registers_and_counts_as_use() -> None:
    adoption = _adoption()
    adoption.step(2, _app_reports(3, 3), NO_ROWS)
    adoption.step(3, st.filings(2, reporter=[0, 1], channel=Channel.HOTLINE), NO_ROWS)
    pop = adoption.population
    assert pop.app_status.tolist() == [0, 0, 0, 1, 0, 0]
    assert adoption.registered.tolist() == [3]
    assert (pop.app_registered_day[3], pop.app_last_use_day[3]) == (2, 2)


def test_new_users_abandon_after_the_first_use_with_the_trial_chance() -> None:
    n = 20_000
    adoption = _adoption(n, seed=2, **{"apps.trial_abandonment": 0.8, "apps.needs_fit": 0.5})
    adoption.step(0, _app_reports(*range(n)), NO_ROWS)
    churned = int(np.count_nonzero(adoption.population.app_status == AppStatus.CHURNED))
    st.assert_share(churned, n, 0.8 * (1 - 0.5))
    assert len(adoption.registered) == n


def test_active_users_open_the_app_with_the_use_chance() -> None:
    n = 20_000
    adoption = _adoption(n, seed=3, **{"apps.use_probability": 0.5, "apps.needs_fit": 0.6})
    adoption.step(0, _app_reports(*range(n)), NO_ROWS)
    adoption.step(1, st.filings(0), NO_ROWS)
    used = int(np.count_nonzero(adoption.population.app_last_use_day == 1))
    st.assert_share(used, n, 0.5 * 0.6)


def test_idle_users_churn_after_the_idle_period() -> None:
    adoption = _adoption(**{"apps.churn_after_idle_days": 5})
    adoption.step(0, _app_reports(0), NO_ROWS)
    adoption.step(2, _app_reports(1), NO_ROWS)
    status = {}
    for day in range(3, 9):
        adoption.step(day, st.filings(0), NO_ROWS)
        status[day] = adoption.population.app_status[:2].tolist()
    assert status[4] == [AppStatus.ACTIVE, AppStatus.ACTIVE]
    assert status[5] == [AppStatus.CHURNED, AppStatus.ACTIVE]  # idle since day 0
    assert status[7] == [AppStatus.CHURNED, AppStatus.CHURNED]  # idle since day 2


@pytest.mark.parametrize(("chance", "status"), [(1.0, AppStatus.CHURNED), (0.0, AppStatus.ACTIVE)])
def test_a_letdown_makes_an_active_user_leave_with_the_churn_chance(
    chance: float, status: int
) -> None:
    adoption = _adoption(**{"apps.churn_on_bad_experience": chance})
    adoption.step(0, _app_reports(0, 1), NO_ROWS)
    adoption.step(1, st.filings(0), np.array([0, 2], dtype=np.int64))  # 2 never registered
    assert adoption.population.app_status[:3].tolist() == [
        status,
        AppStatus.ACTIVE,
        AppStatus.NEVER,
    ]


def test_a_churned_user_who_reports_on_the_app_returns() -> None:
    adoption = _adoption(**{"apps.churn_after_idle_days": 2})
    adoption.step(0, _app_reports(0), NO_ROWS)
    adoption.step(2, st.filings(0), NO_ROWS)
    assert adoption.population.app_status[0] == AppStatus.CHURNED
    adoption.step(9, _app_reports(0), NO_ROWS)
    pop = adoption.population
    assert (pop.app_status[0], pop.app_registered_day[0], pop.app_last_use_day[0]) == (1, 0, 9)
    assert adoption.registered.tolist() == [0]


def test_a_better_fit_mid_run_lowers_abandonment() -> None:
    adoption = _adoption(**{"apps.trial_abandonment": 1.0, "apps.needs_fit": 0.0})
    adoption.step(0, _app_reports(0), NO_ROWS)
    adoption.configure(
        st.settings(**{**QUIET, "apps.trial_abandonment": 1.0, "apps.needs_fit": 1.0})
    )
    adoption.step(1, _app_reports(1), NO_ROWS)
    assert adoption.population.app_status[:2].tolist() == [AppStatus.CHURNED, AppStatus.ACTIVE]


def test_a_quiet_day_changes_nothing() -> None:
    adoption = _adoption()
    before = st.snapshot(population=adoption.population)
    adoption.step(0, st.filings(0), NO_ROWS)
    assert st.written(before, population=adoption.population) == set()


def test_adoption_writes_only_what_it_declares() -> None:
    adoption = _adoption(population_columns={"aware": np.ones(6, dtype=bool)}, **{
        "apps.registration_probability": 1.0,
    })  # fmt: skip
    before = st.snapshot(population=adoption.population)
    adoption.step(0, _app_reports(0), NO_ROWS)
    assert st.written(before, population=adoption.population) == set(AppAdoption.WRITES)
