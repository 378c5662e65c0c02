"""Participation alone: reports and attendance dated on villagers' rows; recent participants."""

from __future__ import annotations

import numpy as np

import _states as st
from govsim.enums import AgeBand, Channel, Source
from govsim.events import Attendance, Filings
from govsim.processes import Participation
from govsim.processes.participation import PARTICIPATION_WINDOW_DAYS
from govsim.state.population import NEVER

# rows 0-1 resident under 60, rows 2-3 resident 60+, row 4 a migrant
AGE = [0, 1, AgeBand.AGE_60_PLUS, AgeBand.AGE_60_PLUS, 0]
MIGRANT = [False, False, False, False, True]


def _participation() -> Participation:
    return Participation(st.population(5, age_band=AGE, migrant=MIGRANT))


def _reports(*rows: int) -> Filings:
    return st.filings(len(rows), reporter=list(rows))


def _attended(*rows: int) -> Attendance:
    return Attendance(rows=np.array(rows, dtype=np.int64), migrant=np.zeros(len(rows), dtype=bool))


def test_groups_are_residents_under_60_residents_60_plus_and_migrants() -> None:
    assert _participation().group_sizes.tolist() == [2, 2, 1]


def test_reports_and_attendance_are_dated_on_the_villagers_rows() -> None:
    participation = _participation()
    pop = participation.population
    participation.step(3, _reports(0, 2, 0), _attended(2, 4))
    assert pop.last_report_day.tolist() == [3, NEVER, 3, NEVER, NEVER]
    assert pop.last_attendance_day.tolist() == [NEVER, NEVER, 3, NEVER, 3]
    assert pop.last_participation_day.tolist() == [3, NEVER, 3, NEVER, 3]
    assert pop.reports.tolist() == [2, 0, 1, 0, 0]  # every report counts


def test_recent_participants_are_counted_once_per_group() -> None:
    participation = _participation()
    participation.step(0, _reports(0, 2, 0), _attended(2, 4))
    assert participation.reporting.count.tolist() == [1, 1, 0]
    assert participation.attending.count.tolist() == [0, 1, 1]
    assert participation.participating.count.tolist() == [1, 1, 1]
    participation.step(1, _reports(0, 1), Attendance())  # 0 again: moves, not counted twice
    assert participation.reporting.count.tolist() == [2, 1, 0]
    assert participation.participating.count.tolist() == [2, 1, 1]


def test_participation_leaves_the_window_after_a_quarter() -> None:
    window = PARTICIPATION_WINDOW_DAYS
    participation = _participation()
    participation.step(0, _reports(0), _attended(4))
    for day in range(1, window):
        participation.step(day, Filings(), Attendance())
    assert participation.participating.count.tolist() == [1, 0, 1]  # day 89: still inside
    participation.step(window, Filings(), Attendance())
    assert participation.participating.count.tolist() == [0, 0, 0]
    assert participation.reporting.count.tolist() == [0, 0, 0]


def test_a_later_event_keeps_a_villager_in_the_window() -> None:
    participation = _participation()
    participation.step(0, _reports(1), Attendance())
    participation.step(50, Filings(), _attended(1))
    participation.step(100, Filings(), Attendance())
    assert participation.participating.count.tolist() == [1, 0, 0]  # last event on day 50
    assert participation.reporting.count.tolist() == [0, 0, 0]  # last report on day 0
    participation.step(140, Filings(), Attendance())
    assert participation.participating.count.tolist() == [0, 0, 0]


def test_counts_match_a_count_from_the_dated_columns() -> None:
    participation = _participation()
    pop = participation.population
    generator = st.rng(8)
    group = np.array([0, 0, 1, 1, 2])
    for day in range(0, 400, 7):
        reporters = generator.integers(0, 5, size=generator.integers(0, 3))
        attendees = generator.integers(0, 5, size=generator.integers(0, 2))
        participation.step(day, _reports(*reporters.tolist()), _attended(*attendees.tolist()))
        recent = pop.last_participation_day > day - PARTICIPATION_WINDOW_DAYS
        assert (
            participation.participating.count.tolist()
            == np.bincount(group[recent], minlength=3).tolist()
        )


def test_only_villagers_reports_are_dated() -> None:
    participation = _participation()
    found = st.filings(2, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER, reporter=[0, 1])
    before = st.snapshot(population=participation.population)
    participation.step(0, found, Attendance())
    assert st.written(before, population=participation.population) == set()


def test_participation_writes_only_what_it_declares() -> None:
    participation = _participation()
    before = st.snapshot(population=participation.population)
    participation.step(0, _reports(0, 1), _attended(2))
    assert st.written(before, population=participation.population) == set(Participation.WRITES)
