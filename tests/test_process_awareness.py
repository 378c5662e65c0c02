"""Awareness alone: budgeted publicity, grid workers' visits, meetings, word of mouth and firms."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import AgeBand
from govsim.events import Attendance
from govsim.processes import Awareness
from govsim.processes.awareness import daily_awareness_probability

QUIET = {  # no source of awareness unless a test switches one on
    "publicity.budget_cny_per_adult_per_year": 0.0,
    "grid_workers.publicity_minutes_per_day": 0.0,
    "publicity.word_of_mouth_rate": 0.0,
    "publicity.plain_language": False,
    "enterprises.exposure_probability": 0.0,
    "enterprises.forum_awareness_probability": 0.0,
}
CHANNELS = ("website", "tv_radio", "village_meetings", "party_members", "wechat_groups")


def _only(channel: str, **values: float) -> dict[str, float]:
    """Overrides putting the whole publicity budget into ``channel`` with ``values``."""
    shares = {f"publicity.{c}.budget_share": float(c == channel) for c in CHANNELS}
    return {**shares, **{f"publicity.{channel}.{k}": v for k, v in values.items()}}


def _awareness(
    n: int = 4, seed: int = 0, households: list[list[int]] | None = None, ties: list | None = None,
    population_columns: dict | None = None, firm_columns: dict | None = None, **overrides: Any,
) -> Awareness:  # fmt: skip
    the_layout = st.layout(households or [[1] * n])
    pop = st.population(n, the_layout, **(population_columns or {}))
    firms = st.enterprises(3, **(firm_columns or {}))
    return Awareness(
        the_layout, pop, st.network(n, ties or []), firms, the_layout.n_grids,
        st.settings(**{**QUIET, **overrides}), st.rng(seed),
    )  # fmt: skip


def _nobody() -> Attendance:
    return Attendance()


def test_budget_limited_exposure_is_shared_by_the_reachable() -> None:
    # TV/radio reaches residents by age: 0.3, 0.6, 0.85 and nobody away (a migrant)
    columns = {"age_band": [0, 1, AgeBand.AGE_60_PLUS, AgeBand.AGE_60_PLUS],
               "migrant": [False, False, False, True]}  # fmt: skip
    budget = 0.2  # CNY per adult per year
    overrides = {"publicity.budget_cny_per_adult_per_year": budget,
                 **_only("tv_radio", cost_per_contact_cny=0.3, max_daily_reach=0.01, persuasion=0.05)}  # fmt: skip
    awareness = _awareness(population_columns=columns, **overrides)
    contacts = budget * 4 / 365 / 0.3  # a day's budget buys this many contacts
    ceiling = 0.01 * (0.3 + 0.6 + 0.85)  # contacts at the channel's maximum reach
    used = contacts / ceiling
    assert used < 1
    expected = 0.01 * np.array([0.3, 0.6, 0.85, 0.0]) * used * 0.05
    np.testing.assert_allclose(awareness.chance, expected)
    assert awareness.daily_spend_cny == pytest.approx(used * ceiling * 0.3)


def test_money_buys_reach_only_up_to_each_channels_ceiling() -> None:
    columns = {"smartphone": [True, True, False, True], "digital_skill": [0.5, 0.1, 0.9, 0.3]}
    overrides = {"publicity.budget_cny_per_adult_per_year": 1000.0,
                 **_only("website", max_daily_reach=0.02, persuasion=0.3, cost_per_contact_cny=0.2)}  # fmt: skip
    chance, spend = daily_awareness_probability(
        st.population(4, **columns), st.network(4, []), st.settings(**{**QUIET, **overrides})
    )
    # online: a smartphone and digital skill ≥ channels.app_min_digital_skill (0.25)
    np.testing.assert_allclose(chance, [0.02 * 0.3, 0.0, 0.0, 0.02 * 0.3])
    assert spend == pytest.approx(0.02 * 2 * 0.2)  # the ceiling's cost, not the whole budget


def test_channels_combine_as_independent_chances_and_plain_language_persuades_more() -> None:
    shares = {f"publicity.{c}.budget_share": 0.0 for c in CHANNELS}
    shares |= {"publicity.tv_radio.budget_share": 0.5, "publicity.wechat_groups.budget_share": 0.5}
    overrides = {
        **shares, "publicity.budget_cny_per_adult_per_year": 1e6,
        "publicity.tv_radio.max_daily_reach": 0.1, "publicity.tv_radio.persuasion": 0.5,
        "publicity.wechat_groups.max_daily_reach": 0.2, "publicity.wechat_groups.persuasion": 0.8,
        "wechat_groups.membership_share": 0.5, "publicity.plain_language_persuasion_factor": 1.5,
    }  # fmt: skip
    pop = st.population(2, age_band=[AgeBand.AGE_60_PLUS] * 2, wechat_draw=[0.2, 0.9])
    tv, wechat = 0.1 * 0.85 * 0.5, 0.2 * 0.8
    chance, _ = daily_awareness_probability(
        pop, st.network(2, []), st.settings(**{**QUIET, **overrides})
    )
    np.testing.assert_allclose(chance, [1 - (1 - tv) * (1 - wechat), tv])
    plain = st.settings(**{**QUIET, **overrides, "publicity.plain_language": True})
    chance, _ = daily_awareness_probability(pop, st.network(2, []), plain)
    tv, wechat = 0.1 * 0.85 * 0.75, 0.2 * 1.0  # persuasion × 1.5, at most 1
    np.testing.assert_allclose(chance, [1 - (1 - tv) * (1 - wechat), tv])


def test_party_members_reach_their_resident_network_neighbours() -> None:
    columns = {"party_member": [True, False, False, False, False],
               "migrant": [False, False, True, False, False]}  # fmt: skip
    overrides = {"publicity.budget_cny_per_adult_per_year": 1e6,
                 **_only("party_members", max_daily_reach=0.1, persuasion=0.5)}  # fmt: skip
    pop = st.population(5, **columns)
    chance, _ = daily_awareness_probability(
        pop, st.network(5, [(0, 1), (0, 2), (3, 4)]), st.settings(**{**QUIET, **overrides})
    )
    np.testing.assert_allclose(chance, [0.0, 0.05, 0.0, 0.0, 0.0])


def test_a_days_publicity_makes_each_villager_aware_with_chance_q() -> None:
    n = 40_000
    age = np.where(np.arange(n) < n // 2, 0, AgeBand.AGE_60_PLUS)
    overrides = {"publicity.budget_cny_per_adult_per_year": 1e6,
                 **_only("tv_radio", max_daily_reach=0.5, persuasion=0.4)}  # fmt: skip
    awareness = _awareness(n, seed=11, population_columns={"age_band": age}, **overrides)
    awareness.step(0, _nobody())
    aware = awareness.population.aware
    st.assert_share(int(aware[: n // 2].sum()), n // 2, 0.5 * 0.3 * 0.4)
    st.assert_share(int(aware[n // 2 :].sum()), n // 2, 0.5 * 0.85 * 0.4)
    assert awareness.aware_count == int(aware.sum())


def test_without_word_of_mouth_awareness_after_t_days_is_one_minus_one_minus_q_to_the_t() -> None:
    n, days = 20_000, 4
    overrides = {"publicity.budget_cny_per_adult_per_year": 1e6,
                 **_only("wechat_groups", max_daily_reach=0.5, persuasion=0.3)}  # fmt: skip
    awareness = _awareness(n, seed=12, **overrides)
    for day in range(days):
        awareness.step(day, _nobody())
    st.assert_share(int(awareness.population.aware.sum()), n, 1 - (1 - 0.15) ** days)


def test_without_any_publicity_nobody_becomes_aware() -> None:
    awareness = _awareness(
        6, households=[[2, 2, 2]], ties=[(0, 2), (2, 4)],
        population_columns={"aware": [True, False, False, False, False, False]},
        firm_columns={"inclusion_draw": np.zeros(3)},
    )  # fmt: skip
    before = st.snapshot(population=awareness.population, enterprises=awareness.enterprises)
    for day in range(30):
        awareness.step(day, _nobody())
    assert (
        st.written(before, population=awareness.population, enterprises=awareness.enterprises)
        == set()
    )
    assert awareness.spent_cny == 0.0


def test_grid_workers_visits_inform_the_resident_adults_of_visited_households() -> None:
    columns = {"migrant": [False, True, False, False, False, False]}
    awareness = _awareness(
        6, households=[[2, 1, 3]], population_columns=columns,
        **{"grid_workers.publicity_minutes_per_day": 60.0,
           "grid_workers.households_visited_per_publicity_hour": 100.0,
           "publicity.grid_worker_persuasion": 1.0},
    )  # fmt: skip
    awareness.step(0, _nobody())  # 100 visits to 3 households: every one is visited
    assert awareness.population.aware.tolist() == [True, False, True, True, True, True]


def test_meeting_attendees_become_aware_with_the_meetings_persuasion() -> None:
    awareness = _awareness(5, **{"publicity.village_meetings.persuasion": 1.0})
    rows = np.array([1, 3], dtype=np.int64)
    awareness.step(0, Attendance(rows=rows, migrant=np.zeros(2, dtype=bool)))
    assert awareness.population.aware.tolist() == [False, True, False, True, False]
    assert awareness.aware_count == 2


def test_an_aware_speaker_tells_one_random_neighbour() -> None:
    awareness = _awareness(
        3, ties=[(0, 1), (1, 2)], population_columns={"aware": [True, False, False]},
        **{"publicity.word_of_mouth_rate": 1.0, "publicity.word_of_mouth_persuasion": 1.0},
    )  # fmt: skip
    awareness.step(0, _nobody())  # only villager 0 was aware when the day's talks began
    assert awareness.population.aware.tolist() == [True, True, False]


def test_conversations_persuade_with_the_word_of_mouth_chance() -> None:
    n = 20_000
    pairs = [(2 * k, 2 * k + 1) for k in range(n // 2)]
    awareness = _awareness(
        n, seed=13, ties=pairs, population_columns={"aware": np.arange(n) % 2 == 0},
        **{"publicity.word_of_mouth_rate": 0.5, "publicity.word_of_mouth_persuasion": 0.4},
    )  # fmt: skip
    awareness.step(0, _nobody())
    st.assert_share(int(awareness.population.aware[1::2].sum()), n // 2, 0.5 * 0.4)


def test_firms_learn_by_their_own_channels_and_at_village_forums() -> None:
    firms = {"inclusion_draw": [0.05, 0.05, 0.5], "excluded": [False, True, False]}
    forums = _awareness(firm_columns=firms, **{
        "enterprises.forum_inclusion_share": 0.1, "enterprises.forum_awareness_probability": 1.0,
    })  # fmt: skip
    forums.step(0, _nobody())
    assert forums.enterprises.aware.tolist() == [True, False, False]  # included, not excluded
    exposed = _awareness(firm_columns=firms, **{"enterprises.exposure_probability": 1.0})
    exposed.step(0, _nobody())
    assert exposed.enterprises.aware.tolist() == [True, True, True]


def test_plain_language_mid_run_raises_the_daily_chance() -> None:
    overrides = {"publicity.budget_cny_per_adult_per_year": 1e6,
                 **_only("tv_radio", max_daily_reach=0.1, persuasion=0.4)}  # fmt: skip
    awareness = _awareness(**overrides)
    before = awareness.chance.copy()
    awareness.configure(st.settings(**{**QUIET, **overrides, "publicity.plain_language": True}))
    np.testing.assert_allclose(awareness.chance, before * 1.5)


def test_awareness_writes_only_what_it_declares() -> None:
    overrides = {"publicity.budget_cny_per_adult_per_year": 1e6, "enterprises.exposure_probability": 1.0,
                 **_only("tv_radio", max_daily_reach=1.0, persuasion=1.0)}  # fmt: skip
    awareness = _awareness(population_columns={"age_band": [AgeBand.AGE_60_PLUS] * 4}, **overrides)
    tables = {"population": awareness.population, "enterprises": awareness.enterprises}
    before = st.snapshot(**tables)
    for day in range(5):
        awareness.step(day, _nobody())
    assert st.written(before, **tables) == set(Awareness.WRITES)
