"""Detection alone: villagers notice after geometric waits; grid workers, cameras and firms find."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import NO_CHANNEL, Channel, Source
from govsim.processes import Detection

NEIGHBOUR_DISPUTE, ENVIRONMENT = 0, 2  # categories of the village scenario (environment: cameras)
QUIET = {  # nobody notices or finds anything unless a test says so
    "categories.neighbour_dispute.visibility": 0.0,
    "categories.environment.visibility": 0.0,
    "detection.neighbours_considered": 0,
    "detection.grid_discovery_at_full_patrol": 0.0,
    "cameras.coverage_share": 0.0,
    "enterprises.report_probability": 0.0,
    "enterprises.points_inclusion": False,
    "channels.grid_worker.intake_delay_days": 0.0,
    "channels.hotline.intake_delay_days": 0.0,
    "grid_workers.patrol_minutes_full_coverage": 400.0,
    "problems.findable_days": 30,
    "grid_workers.undocumented_quality_loss": 0.0,  # write-ups keep their quality, logs or not
}
FULL = 400.0  # patrol minutes that cover a whole grid


def _detection(
    households: list[list[int]], grids: list[int] | None = None, seed: int = 0,
    population_columns: dict | None = None, ties: list | None = None,
    firm_columns: dict | None = None, worker_columns: dict | None = None, **overrides: Any,
) -> Detection:  # fmt: skip
    the_layout = st.layout(households, grids)
    n = int(the_layout.household_size.sum())
    pop = st.population(n, the_layout, **(population_columns or {}))
    workers = st.grid_workers(
        the_layout.n_grids, village=the_layout.village_of_grid, **(worker_columns or {})
    )
    settings = st.settings(**{**QUIET, **overrides})
    return Detection(
        the_layout, pop, st.network(n, ties or []), workers, st.enterprises(3, **(firm_columns or {})),
        st.ProblemStore(), settings, st.categories(settings), st.rng(seed),
    )  # fmt: skip


def _patrol(detection: Detection, minutes: float = 0.0) -> np.ndarray:
    return np.full(detection.grid_workers.size, minutes)


def _arise(detection: Detection, n: int, **columns: Any) -> np.ndarray:
    return st.problems(detection.problems, n, **columns)


NONE = np.zeros(0, dtype=np.int64)


def test_every_resident_affected_adult_notices_a_fully_visible_problem_at_once() -> None:
    detection = _detection([[2, 1, 2]], population_columns={"migrant": [False, True, False, False, False]},
                           **{"categories.neighbour_dispute.visibility": 1.0})  # fmt: skip
    ids = _arise(detection, 1, household=0, households=2)
    notices, found = detection.step(0, ids, _patrol(detection))
    assert notices.rows.tolist() == [0, 2]  # row 1 works away
    assert notices.problems.tolist() == [0, 0]
    assert len(found) == 0
    assert len(detection.step(1, NONE, _patrol(detection))[0]) == 0  # each notices once


def test_waiting_times_to_notice_are_geometric_with_the_visibility() -> None:
    n, p = 5000, 0.3
    detection = _detection([[1] * n], seed=1, **{
        "categories.neighbour_dispute.visibility": p, "problems.findable_days": 1000,
    })  # fmt: skip
    ids = _arise(detection, n, household=np.arange(n))
    waits = []
    for day in range(80):
        notices, _ = detection.step(day, ids if day == 0 else NONE, _patrol(detection))
        waits += [day] * len(notices)
    waits_array = np.array(waits)
    assert len(waits_array) == n  # P(wait ≥ 80) = 0.7^80 ≈ 4e-13
    st.assert_share(int(np.count_nonzero(waits_array == 0)), n, p)
    st.assert_within(waits_array.mean(), (1 - p) / p, np.sqrt((1 - p) / p**2 / n))


def test_notices_after_the_findable_period_are_dropped() -> None:
    n = 4000
    detection = _detection([[1] * n], seed=2, **{
        "categories.neighbour_dispute.visibility": 0.2, "problems.findable_days": 3,
    })  # fmt: skip
    ids = _arise(detection, n, household=np.arange(n))
    per_day = [
        len(detection.step(day, ids if day == 0 else NONE, _patrol(detection))[0])
        for day in range(10)
    ]
    assert per_day[3:] == [0] * 7
    st.assert_share(sum(per_day), n, 1 - 0.8**3)


def test_noticing_a_fixed_problem_is_dropped() -> None:
    detection = _detection([[1] * 200], seed=3, **{"categories.neighbour_dispute.visibility": 0.1})
    ids = _arise(detection, 200, household=np.arange(200))
    detection.step(0, ids, _patrol(detection))
    detection.problems["fixed"][:] = True
    assert sum(len(detection.step(day, NONE, _patrol(detection))[0]) for day in range(1, 40)) == 0


def test_resident_neighbours_of_the_affected_may_notice_too() -> None:
    detection = _detection(
        [[1, 1, 1, 1]], ties=[(0, 1), (2, 3)],
        population_columns={"migrant": [False, False, False, True]},
        **{"detection.neighbours_considered": 1, "detection.neighbour_notice_probability": 1.0},
    )  # fmt: skip
    ids = _arise(detection, 2, household=[0, 2])
    notices, _ = detection.step(0, ids, _patrol(detection))
    assert notices.rows.tolist() == [1]  # villager 3, tied to 2, works away
    assert notices.problems.tolist() == [0]


def test_a_grid_worker_on_full_patrol_finds_with_the_discovery_chance() -> None:
    detection = _detection(
        [[1] * 6], grids=[2], worker_columns={"text_skill": [0.3, 0.6]},
        **{"detection.grid_discovery_at_full_patrol": 1.0, "grid_workers.training": True,
           "grid_workers.training_skill_gain": 0.25},
    )  # fmt: skip
    ids = _arise(detection, 2, household=[1, 4], grid=[0, 1], category=[3, 5])
    _, found = detection.step(0, ids, _patrol(detection, FULL))
    assert found.problem.tolist() == [0, 1]
    assert found.source.tolist() == [Source.GRID_WORKER] * 2
    assert found.channel.tolist() == [Channel.GRID_WORKER] * 2
    assert found.reporter.tolist() == [0, 1]
    np.testing.assert_allclose(found.quality, [0.55, 0.85])  # written skill, after training
    assert found.category.tolist() == [3, 5]
    assert found.grid.tolist() == [0, 1]
    assert found.intake_days.tolist() == [0, 0]


@pytest.mark.parametrize(
    ("minutes", "chance"), [(FULL / 4, 0.2), (FULL, 0.8), (2 * FULL, 0.8), (0.0, 0.0)]
)
def test_discovery_scales_with_patrol_coverage(minutes: float, chance: float) -> None:
    n = 10_000
    detection = _detection([[1] * n], seed=4, **{"detection.grid_discovery_at_full_patrol": 0.8})
    ids = _arise(detection, n, household=np.arange(n))
    _, found = detection.step(0, ids, _patrol(detection, minutes))
    st.assert_share(len(found), n, chance)


def test_reported_or_no_longer_findable_problems_are_not_found() -> None:
    detection = _detection([[1] * 4], **{
        "detection.grid_discovery_at_full_patrol": 1.0, "problems.findable_days": 5,
    })  # fmt: skip
    ids = _arise(detection, 3, household=[0, 1, 2], day=[0, 0, 2])
    detection.problems["case"][0] = 7  # reported already
    for day in range(5):
        detection.step(day, ids if day == 0 else NONE, _patrol(detection))
    _, found = detection.step(5, NONE, _patrol(detection, FULL))
    assert found.problem.tolist() == [2]  # problem 1 arose on day 0: findable on days 0-4


def test_cameras_find_camera_detectable_problems_the_worker_missed() -> None:
    n = 10_000
    detection = _detection([[1] * n], seed=5, **{
        "cameras.coverage_share": 0.5, "cameras.detection_probability": 0.6,
        "cameras.report_quality": 0.8,
    })  # fmt: skip
    category = np.where(np.arange(n) % 2 == 0, ENVIRONMENT, NEIGHBOUR_DISPUTE)
    ids = _arise(detection, n, household=np.arange(n), category=category)
    _, found = detection.step(0, ids, _patrol(detection))
    assert set(category[found.problem].tolist()) == {ENVIRONMENT}
    st.assert_share(len(found), n // 2, 0.5 * 0.6)
    assert set(found.source.tolist()) == {Source.CAMERA}
    assert set(found.channel.tolist()) == {NO_CHANNEL}
    assert set(found.reporter.tolist()) == {-1}
    np.testing.assert_allclose(found.quality, 0.8)
    assert set(found.intake_days.tolist()) == {0}


def test_a_worker_who_finds_a_problem_leaves_nothing_for_the_cameras() -> None:
    detection = _detection([[1] * 50], **{
        "detection.grid_discovery_at_full_patrol": 1.0, "cameras.coverage_share": 1.0,
        "cameras.detection_probability": 1.0,
    })  # fmt: skip
    ids = _arise(detection, 50, household=np.arange(50), category=ENVIRONMENT)
    _, found = detection.step(0, ids, _patrol(detection, FULL))
    assert set(found.source.tolist()) == {Source.GRID_WORKER}


def test_aware_firms_not_shut_out_report_the_problems_they_caused() -> None:
    firms = {"aware": [True, False, True], "excluded": [False, False, True]}
    detection = _detection([[1] * 3], firm_columns=firms, **{
        "enterprises.report_probability": 1.0, "channels.hotline.quality": 0.6,
    })  # fmt: skip
    ids = _arise(detection, 4, household=[0, 1, 2, 0], enterprise=[0, 1, 2, -1])
    _, found = detection.step(0, ids, _patrol(detection))
    assert found.problem.tolist() == [0]
    assert found.source.tolist() == [Source.ENTERPRISE]
    assert found.channel.tolist() == [Channel.HOTLINE]
    assert found.reporter.tolist() == [0]
    np.testing.assert_allclose(found.quality, [0.6])
    assert detection.enterprises.reports.tolist() == [1, 0, 0]


def test_firms_report_with_the_report_probability() -> None:
    n = 10_000
    detection = _detection([[1] * n], seed=6, firm_columns={"aware": np.ones(3, dtype=bool)},
                           **{"enterprises.report_probability": 0.3})  # fmt: skip
    ids = _arise(detection, n, household=np.arange(n), enterprise=np.arange(n) % 3)
    _, found = detection.step(0, ids, _patrol(detection))
    st.assert_share(len(found), n, 0.3)
    assert detection.enterprises.reports.sum() == len(found)


def test_firms_in_village_forums_report_more_with_points_inclusion() -> None:
    firms = {
        "aware": [True, True, True],
        "inclusion_draw": [0.05, 0.5, 0.05],
        "excluded": [False, False, True],
    }
    detection = _detection([[1] * 3], firm_columns=firms, **{
        "enterprises.points_inclusion": True, "enterprises.points_report_boost": 1.0,
        "enterprises.forum_inclusion_share": 0.1,
    })  # fmt: skip
    ids = _arise(detection, 3, household=[0, 1, 2], enterprise=[0, 1, 2])
    _, found = detection.step(0, ids, _patrol(detection))
    assert found.reporter.tolist() == [0]  # firm 1 is not included, firm 2 is shut out


def test_training_rolled_out_mid_run_improves_workers_reports() -> None:
    detection = _detection([[1] * 2], **{"detection.grid_discovery_at_full_patrol": 1.0})
    detection.configure(st.settings(**{**QUIET, "detection.grid_discovery_at_full_patrol": 1.0,
                                       "grid_workers.training": True,
                                       "grid_workers.training_skill_gain": 0.25}),
                        detection.categories)  # fmt: skip
    _, found = detection.step(0, _arise(detection, 1), _patrol(detection, FULL))
    np.testing.assert_allclose(found.quality, [0.75])


def test_fewer_logs_mid_run_lower_the_quality_of_workers_finds() -> None:
    """Without logs a write-up keeps half its quality (§7.6)."""
    detection = _detection([[1] * 2], **{"detection.grid_discovery_at_full_patrol": 1.0})
    detection.configure(st.settings(**{**QUIET, "detection.grid_discovery_at_full_patrol": 1.0,
                                       "grid_workers.undocumented_quality_loss": 0.5,
                                       "grid_workers.logging_minutes_per_day": 0.0}),
                        detection.categories)  # fmt: skip
    _, found = detection.step(0, _arise(detection, 1), _patrol(detection, FULL))
    np.testing.assert_allclose(found.quality, [0.25])  # text skill 0.5, half of it kept


def test_a_day_without_problems_gives_no_notices_and_no_finds() -> None:
    detection = _detection([[1] * 3], **{"detection.grid_discovery_at_full_patrol": 1.0})
    notices, found = detection.step(0, NONE, _patrol(detection, FULL))
    assert len(notices) == len(found) == 0


def test_detection_writes_only_what_it_declares() -> None:
    firms = {"aware": np.ones(3, dtype=bool)}
    detection = _detection([[1] * 4], firm_columns=firms, **{
        "enterprises.report_probability": 1.0, "categories.neighbour_dispute.visibility": 1.0,
    })  # fmt: skip
    ids = _arise(detection, 2, household=[0, 1], enterprise=[0, 1])
    tables = {"population": detection.population, "problems": detection.problems,
              "enterprises": detection.enterprises, "grid_workers": detection.grid_workers}  # fmt: skip
    before = st.snapshot(**tables)
    detection.step(0, ids, _patrol(detection, FULL))
    assert st.written(before, **tables) == set(Detection.WRITES)
