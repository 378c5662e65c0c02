"""Meetings alone: the calendar, who attends, and what attendees take home."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.events import Closures
from govsim.processes import Meetings

EVERY_RESIDENT = {  # 1 × (0.5 + 0.5) × leadership / mean (= 1) = 1
    "meetings.interval_days": 10,
    "meetings.attendance_probability": 1.0,
    "meetings.trust_attendance_offset": 0.5,
    "cadres.leadership_mean": 0.5,
    "meetings.trust_gain": 0.05,
    "meetings.ownership_probability": 0.02,
    "meetings.record_weight": 0.5,
    "feedback.learning_rate": 0.4,
}


def _meetings(
    sizes: tuple[int, int] = (3, 2), seed: int = 0, village_columns: dict | None = None,
    population_columns: dict | None = None, **overrides: Any,
) -> Meetings:  # fmt: skip
    """Two villages of one-adult households; village 0 meets on day 0 of the cycle, 1 halfway."""
    the_layout = st.layout([[1] * sizes[0], [1] * sizes[1]])
    columns = {"meeting_draw": [0.0, 0.5], **(village_columns or {})}
    pop = st.population(sum(sizes), the_layout, **(population_columns or {}))
    return Meetings(
        the_layout, pop, st.villages(2, **columns), st.settings(**{**EVERY_RESIDENT, **overrides}),
        st.rng(seed),
    )  # fmt: skip


def test_each_village_meets_every_interval_on_its_own_day() -> None:
    meetings = _meetings()
    held = {}
    for day in range(30):
        attendance, _ = meetings.step(day, Closures())
        if len(attendance):
            held[day] = attendance.rows.tolist()
    assert held == {0: [0, 1, 2], 5: [3, 4], 10: [0, 1, 2], 15: [3, 4], 20: [0, 1, 2], 25: [3, 4]}


def test_a_new_interval_applies_after_configure() -> None:
    meetings = _meetings()
    meetings.configure(st.settings(**{**EVERY_RESIDENT, "meetings.interval_days": 4}))
    days = [day for day in range(12) if len(meetings.step(day, Closures())[0])]
    assert days == [0, 2, 4, 6, 8, 10]  # offsets floor(0 × 4) = 0 and floor(0.5 × 4) = 2


def test_migrants_attend_only_by_livestream_with_a_smartphone() -> None:
    migrant = {
        "migrant": [True, True, False, False, False],
        "smartphone": [True, False, True, True, True],
    }
    plain = _meetings(population_columns=migrant)
    assert plain.step(0, Closures())[0].rows.tolist() == [2]
    streamed = _meetings(population_columns=migrant, **{
        "meetings.livestream": True, "meetings.livestream_attendance_probability": 1.0,
    })  # fmt: skip
    attendance, _ = streamed.step(0, Closures())
    assert attendance.rows.tolist() == [0, 2]
    assert attendance.migrant.tolist() == [True, False]


def test_attendance_scales_with_trust_and_leadership() -> None:
    n = 20_000
    meetings = _meetings(
        (n, 1), seed=3, village_columns={"leadership": [0.6, 0.5]},
        population_columns={"trust": np.full(n + 1, 0.3)},
        **{"meetings.attendance_probability": 0.25},
    )  # fmt: skip
    attendance, _ = meetings.step(0, Closures())
    st.assert_share(len(attendance), n, 0.25 * (0.5 + 0.3) * 0.6 / 0.5)


def test_a_self_government_group_adds_attendance() -> None:
    groups = {"group_draw": [0.1, 0.9], "meeting_draw": [0.0, 0.0]}
    meetings = _meetings(village_columns=groups, **{
        "meetings.attendance_probability": 0.0, "meetings.self_government_share": 0.5,
        "meetings.self_government_attendance_boost": 1.0,
    })  # fmt: skip
    assert meetings.step(0, Closures())[0].rows.tolist() == [0, 1, 2]  # only village 0's group


def test_a_higher_self_government_share_adds_groups_to_the_same_villages_first() -> None:
    boost = {
        "meetings.attendance_probability": 0.0,
        "meetings.self_government_attendance_boost": 1.0,
    }
    groups = {"group_draw": [0.6, 0.2], "meeting_draw": [0.0, 0.0]}
    meetings = _meetings(village_columns=groups, **boost, **{"meetings.self_government_share": 0.3})
    assert meetings.step(0, Closures())[0].rows.tolist() == [3, 4]
    meetings.configure(
        st.settings(**{**EVERY_RESIDENT, **boost, "meetings.self_government_share": 0.7})
    )
    assert meetings.step(10, Closures())[0].rows.tolist() == [0, 1, 2, 3, 4]


def test_dialogue_builds_trust_and_may_give_ownership() -> None:
    meetings = _meetings()
    _, (dialogue, record) = meetings.step(0, Closures())
    assert dialogue.rows.tolist() == [0, 1, 2]
    np.testing.assert_allclose(dialogue.outcome, 1.0)
    np.testing.assert_allclose(dialogue.trust_rate, 0.05)
    np.testing.assert_allclose(dialogue.efficacy_rate, 0.0)
    np.testing.assert_allclose(dialogue.gain, 0.02)
    np.testing.assert_allclose(dialogue.loss, 0.0)
    assert len(record) == 0  # nothing closed yet: no record to go over


def test_the_meeting_goes_over_the_villages_record_since_the_last_meeting() -> None:
    meetings = _meetings()
    closed = st.closures(
        6, village=[0, 0, 0, 0, 1, 1], good=[True, True, False, True, False, False],
        genuine=[True, True, True, False, True, True],
    )  # fmt: skip
    records = {}
    for day in range(21):
        attendance, experiences = meetings.step(day, closed if day == 3 else Closures())
        if len(attendance):
            records[day] = experiences[1]
    assert len(records[0]) == 0  # nothing closed yet
    assert records[10].rows.tolist() == [0, 1, 2]
    np.testing.assert_allclose(records[10].outcome, 2 / 3)  # 2 of village 0's 3 genuine cases
    np.testing.assert_allclose(records[10].trust_rate, 0.4 * 0.5)
    np.testing.assert_allclose(records[10].efficacy_rate, 0.4 * 0.5)
    np.testing.assert_allclose(records[5].outcome, [0.0, 0.0])  # village 1: none of 2 fixed
    assert len(records[15]) == len(records[20]) == 0  # gone over: nothing new since


def test_a_meeting_nobody_attends_leaves_the_record_to_the_next() -> None:
    meetings = _meetings(population_columns={"trust": np.zeros(5)}, **{
        "meetings.trust_attendance_offset": 0.0,
    })  # fmt: skip
    meetings.step(0, st.closures(2, village=0, good=[True, False]))  # noted before the meeting
    assert meetings.step(0, Closures())[0].rows.tolist() == []
    meetings.population.trust[:] = 1.0
    _, (_, record) = meetings.step(10, Closures())
    np.testing.assert_allclose(record.outcome, [0.5, 0.5, 0.5])


def test_without_record_weight_the_record_is_not_discussed() -> None:
    meetings = _meetings(**{"meetings.record_weight": 0.0})
    meetings.step(0, st.closures(2, village=0))
    attendance, (dialogue, record) = meetings.step(0, Closures())
    assert len(attendance) == len(dialogue) == 3
    assert len(record) == 0


@pytest.mark.parametrize("day", [1, 4, 6, 9])
def test_a_day_without_meetings_gives_nothing(day: int) -> None:
    meetings = _meetings()
    attendance, experiences = meetings.step(day, Closures())
    assert len(attendance) == 0
    assert experiences == ()


def test_meetings_write_no_state() -> None:
    meetings = _meetings(**{"meetings.livestream": True})
    tables = {"population": meetings.population, "villages": meetings.villages}
    before = st.snapshot(**tables)
    for day in range(20):
        meetings.step(day, st.closures(2, village=[0, 1]))
    assert Meetings.WRITES == ()
    assert st.written(before, **tables) == set()
