"""Grid work alone: the time budget, the appraisal counters, gaming and how it is learnt."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import NO_CHANNEL, Channel, Source
from govsim.events import Closures, Filings
from govsim.processes import GridWork
from govsim.processes.grid_work import catch_probability, gaming_gain
from govsim.sampling import logistic
from govsim.state.grid_workers import documentation

NO_ROWS = np.zeros(0, dtype=np.int64)
NO_SATISFACTION = np.zeros(0)
HONEST = {  # 480 − 150 − 5 = 325 free minutes; no trivial reports
    "grid_workers.minutes_per_day": 480.0,
    "grid_workers.logging_minutes_per_day": 150.0,
    "grid_workers.publicity_minutes_per_day": 5.0,
    "grid_workers.followup_minutes_per_case": 20.0,
    "grid_workers.trivial_reports_max_per_day": 0.0,
}
SCENARIO = st.settings()


def _work(
    n: int = 3, seed: int = 0, worker_columns: dict | None = None, **overrides: Any
) -> GridWork:
    settings = st.settings(**{**HONEST, **overrides})
    return GridWork(
        st.grid_workers(n, **(worker_columns or {})),
        settings,
        st.categories(settings),
        st.rng(seed),
    )


def _day(work: GridWork, *filings: Any, closures: Closures | None = None,
         satisfaction: np.ndarray = NO_SATISFACTION, caught: np.ndarray = NO_ROWS) -> Any:  # fmt: skip
    return work.step(0, filings, closures or Closures(), satisfaction, caught)


def test_patrol_is_the_time_left_after_logs_publicity_and_yesterdays_follow_ups() -> None:
    work = _work()
    found = st.filings(
        4, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER, reporter=[0, 0, 1, 1],
    )  # fmt: skip
    relayed = st.filings(1, channel=Channel.GRID_WORKER, grid=[0])
    patrol, _ = _day(work, found, relayed)
    # worker 0: 3 reports × 20 minutes; worker 1: 2 × 20; worker 2: none
    assert patrol.minutes.tolist() == [265.0, 285.0, 325.0]
    assert work.workers.followup_minutes.tolist() == [60.0, 40.0, 0.0]
    assert work.workers.patrol_minutes.tolist() == [265.0, 285.0, 325.0]


def test_patrol_time_is_never_negative() -> None:
    work = _work()
    patrol, _ = _day(work, st.filings(20, source=Source.GRID_WORKER, reporter=0))
    assert patrol.minutes.tolist() == [0.0, 325.0, 325.0]


def test_less_logging_mid_run_frees_patrol_time() -> None:
    work = _work()
    work.configure(
        st.settings(**{**HONEST, "grid_workers.logging_minutes_per_day": 50.0}),
        st.categories(SCENARIO),
    )
    assert _day(work)[0].minutes.tolist() == [425.0] * 3


def test_reports_filed_count_own_finds_relays_and_trivial_reports_only() -> None:
    work = _work()
    own = st.filings(2, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER, reporter=[1, 2])
    trivial = st.filings(
        1, problem=-1, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER, reporter=[2]
    )
    villagers = st.filings(
        3, channel=[Channel.GRID_WORKER, Channel.HOTLINE, Channel.GRID_WORKER], grid=[0, 1, 0],
    )  # fmt: skip
    others = Closures()
    camera = st.filings(1, source=Source.CAMERA, channel=NO_CHANNEL, reporter=-1, grid=[1])
    firm = st.filings(1, source=Source.ENTERPRISE, channel=Channel.HOTLINE, reporter=[0], grid=[1])
    _day(work, own, trivial, villagers, camera, firm, closures=others)
    assert work.workers.reports_filed.tolist() == [2, 1, 2]
    assert work.workers.trivial_reports_filed.tolist() == [0, 0, 1]


def test_appraisal_counts_resolutions_and_relayed_reporters_satisfaction() -> None:
    work = _work()
    closures = st.closures(
        5, source=[Source.GRID_WORKER, Source.GRID_WORKER, Source.VILLAGER, Source.VILLAGER, Source.VILLAGER],
        channel=[Channel.GRID_WORKER, Channel.GRID_WORKER, Channel.GRID_WORKER, Channel.GRID_WORKER, Channel.HOTLINE],
        reporter=[1, 1, 40, 41, 42], grid=[2, 2, 0, 0, 0], good=[True, False, True, False, True],
    )  # fmt: skip
    satisfaction = np.array([0.5, 0.0, 0.8, 0.0, 1.0])
    _day(work, closures=closures, satisfaction=satisfaction)
    w = work.workers
    assert w.reports_resolved.tolist() == [1, 1, 0]  # worker 1's own find; a relay in grid 0
    assert w.satisfaction_sum.tolist() == [0.8, 0.0, 0.0]  # relays only: 0.8 + 0.0
    assert w.satisfaction_count.tolist() == [2, 0, 0]


def test_unrated_relays_do_not_count_for_satisfaction() -> None:
    work = _work()
    closures = st.closures(2, channel=Channel.GRID_WORKER, grid=[1, 1], genuine=[True, False])
    _day(work, closures=closures, satisfaction=np.array([0.25, np.nan]))
    assert work.workers.satisfaction_sum.tolist() == [0.0, 0.25, 0.0]
    assert work.workers.satisfaction_count.tolist() == [0, 1, 0]


def test_caught_inflated_reports_are_counted_per_worker() -> None:
    work = _work()
    _day(work, caught=np.array([2, 0, 2], dtype=np.int64))
    assert work.workers.inflated_reports_caught.tolist() == [1, 0, 2]


@pytest.mark.parametrize(
    ("audit", "coverage"), [(0.0, 0.0), (0.3, 0.0), (0.0, 0.6), (1.0, 0.0), (0.2, 0.5)]
)
def test_catch_probability_is_an_audit_or_a_camera_cross_check(
    audit: float, coverage: float
) -> None:
    settings = st.settings(**{
        "appraisal.audit_rate": audit, "cameras.coverage_share": coverage,
        "cameras.cross_check_probability": 0.5,
    })  # fmt: skip
    assert catch_probability(settings) == pytest.approx(1 - (1 - audit) * (1 - coverage * 0.5))


@pytest.mark.parametrize("audit", [0.0, 0.5])
def test_trivial_reports_are_poisson_at_the_gaming_rate(audit: float) -> None:
    workers, days = 20, 200
    integrity = np.where(np.arange(workers) < 10, 0.5, 0.9)
    work = _work(workers, seed=6, worker_columns={"integrity": integrity}, **{
        "grid_workers.trivial_reports_max_per_day": 2.0, "appraisal.audit_rate": audit,
        "appraisal.count_weight": 0.7, "appraisal.resolution_weight": 0.2,
        "appraisal.satisfaction_weight": 0.1, "appraisal.penalty": 2.0,
        "appraisal.result_dilution": 0.5, "appraisal.gaming_sensitivity": 6.0,
        "cameras.coverage_share": 0.0, "appraisal.learning_rate": 0.0,
    })  # fmt: skip
    gain = 0.7 * (1 - audit * 2.0) - (0.2 + 0.1) * 0.5
    rate = 2.0 * (1 - integrity) * float(logistic(6.0 * gain))
    counts = np.zeros(workers)
    for day in range(days):
        _, trivial = work.step(day, (), Closures(), NO_SATISFACTION, NO_ROWS)
        counts += np.bincount(trivial.reporter, minlength=workers)
    for group in (slice(0, 10), slice(10, 20)):
        expected = rate[group].sum() * days
        st.assert_within(counts[group].sum(), expected, np.sqrt(expected))


def test_fully_honest_workers_file_no_trivial_reports() -> None:
    work = _work(4, worker_columns={"integrity": np.ones(4)}, **{
        "grid_workers.trivial_reports_max_per_day": 5.0,
    })  # fmt: skip
    for day in range(50):
        assert len(work.step(day, (), Closures(), NO_SATISFACTION, NO_ROWS)[1]) == 0


def test_trivial_reports_have_nothing_behind_them_and_the_workers_write_up() -> None:
    work = _work(3, worker_columns={
        "integrity": np.zeros(3), "text_skill": [0.2, 0.5, 0.9], "village": [4, 4, 5],
        "grid": [0, 1, 2],
    }, **{
        "grid_workers.trivial_reports_max_per_day": 5.0, "grid_workers.training": True,
        "grid_workers.training_skill_gain": 0.25, "channels.grid_worker.intake_delay_days": 0.0,
    })  # fmt: skip
    _, trivial = _day(work)
    assert len(trivial) > 0
    assert set(trivial.problem.tolist()) == {-1}
    assert set(trivial.source.tolist()) == {Source.GRID_WORKER}
    assert set(trivial.channel.tolist()) == {Channel.GRID_WORKER}
    # skill + training, at most 1, × what 150 minutes of logs keep of it
    kept = 1 - 0.5 * 2 ** (-150 / 20)
    np.testing.assert_allclose(
        trivial.quality, np.array([0.45, 0.75, 1.0])[trivial.reporter] * kept
    )
    assert trivial.village.tolist() == np.array([4, 4, 5])[trivial.reporter].tolist()
    assert trivial.grid.tolist() == trivial.reporter.tolist()
    assert set(trivial.intake_days.tolist()) == {0}
    assert trivial.category.min() >= 0
    assert trivial.category.max() < len(SCENARIO.categories)


def test_grid_work_writes_only_what_it_declares() -> None:
    work = _work()
    before = st.snapshot(grid_workers=work.workers)
    found = st.filings(2, source=Source.GRID_WORKER, reporter=[0, 1], problem=[3, -1])
    closures = st.closures(2, source=Source.GRID_WORKER, reporter=[0, 1])
    relayed = st.closures(1, channel=Channel.GRID_WORKER, grid=[2])
    last_day_of_period = work.settings.appraisal.period_days - 1  # the workers learn today
    work.step(last_day_of_period, (found,), Closures.concat(closures, relayed),
              np.array([1.0, 1.0, 0.5]), np.array([1]))  # fmt: skip
    assert st.written(before, grid_workers=work.workers) == set(GridWork.WRITES)


# -- gaming learnt from the appraisal ----------------------------------------------------------

COUNT_RULE = {  # count weight 0.7, no audits, no cameras: a trivial report earns 0.55 counts
    "appraisal.count_weight": 0.7, "appraisal.resolution_weight": 0.2,
    "appraisal.satisfaction_weight": 0.1, "appraisal.penalty": 2.0,
    "appraisal.result_dilution": 0.5, "appraisal.gaming_sensitivity": 6.0,
    "appraisal.audit_rate": 0.0, "cameras.coverage_share": 0.0, "appraisal.period_days": 30,
}  # fmt: skip


def _trivial(reporters: list[int]) -> Filings:
    return st.filings(
        len(reporters), problem=-1, source=Source.GRID_WORKER, channel=Channel.GRID_WORKER,
        reporter=reporters,
    )  # fmt: skip


def _periods(
    work: GridWork, start: int, periods: int, catch: float = 0.0, seed: int = 99
) -> list[np.ndarray]:
    """Run ``periods`` appraisal periods from day ``start``: each day's trivial reports are
    filed the next day and each is caught at intake with ``catch``. The workers' gaming at the
    end of each period."""
    rng = st.rng(seed)
    period = work.settings.appraisal.period_days
    filed, caught = Filings(), NO_ROWS
    gaming = []
    for day in range(start, start + periods * period):
        _, trivial = work.step(day, (filed,), Closures(), NO_SATISFACTION, caught)
        filed, caught = trivial, trivial.reporter[rng.random(len(trivial)) < catch]
        if day % period == period - 1:
            gaming.append(work.workers.gaming.copy())
    return gaming


def test_workers_start_expecting_what_the_rule_pays_for_a_trivial_report() -> None:
    work = _work(4, **{**COUNT_RULE, "appraisal.audit_rate": 0.2})
    q = catch_probability(work.settings)
    assert q == pytest.approx(0.2)
    expected = 0.7 * (1 - 0.2 * 2.0) - (0.2 + 0.1) * 0.5
    assert gaming_gain(work.settings, q) == pytest.approx(expected)
    np.testing.assert_allclose(work.workers.gaming_gain, expected)
    np.testing.assert_allclose(work.workers.gaming, float(logistic(6.0 * expected)))


def test_the_status_quo_is_a_steady_state() -> None:
    """No audits, no cameras: every period teaches what the workers already expect."""
    work = _work(50, seed=3, worker_columns={"integrity": np.linspace(0, 1, 50)}, **{
        **COUNT_RULE, "grid_workers.trivial_reports_max_per_day": 1.0,
    })  # fmt: skip
    gain, gaming = work.workers.gaming_gain.copy(), work.workers.gaming.copy()
    for end_of_period in _periods(work, 0, 12):
        np.testing.assert_array_equal(end_of_period, gaming)
    np.testing.assert_array_equal(work.workers.gaming_gain, gain)


def test_workers_learn_from_their_own_catches_and_from_announced_penalties() -> None:
    """Worker 0 filed 2 trivial reports, both caught; worker 1 filed 2, none caught; worker 2
    filed none. Half of all trivial reports were caught (c̄ = 0.5); peer weight 2, rate 0.5."""
    work = _work(3, **{**COUNT_RULE, "appraisal.learning_rate": 0.5, "appraisal.peer_weight": 2.0})
    work.step(0, (_trivial([0, 0, 1, 1]),), Closures(), NO_SATISFACTION, NO_ROWS)
    work.step(1, (), Closures(), NO_SATISFACTION, np.array([0, 0]))
    for day in range(2, 29):
        work.step(day, (), Closures(), NO_SATISFACTION, NO_ROWS)
    np.testing.assert_allclose(work.workers.gaming_gain, 0.55)  # nothing learnt before the end
    work.step(29, (), Closures(), NO_SATISFACTION, NO_ROWS)
    # caught shares: (2 + 2·0.5)/(2 + 2) = 0.75, (0 + 1)/4 = 0.25, (0 + 1)/2 = 0.5;
    # gains 0.7(1 − 2c) − 0.15: −0.5, 0.2, −0.15; each moves half-way from 0.55
    np.testing.assert_allclose(work.workers.gaming_gain, [0.025, 0.375, 0.2])
    np.testing.assert_allclose(work.workers.gaming, logistic(6.0 * np.array([0.025, 0.375, 0.2])))
    assert work.workers.gaming[0] < work.workers.gaming[2] < work.workers.gaming[1]
    # the next period starts afresh: nobody games or is caught, nothing is learnt
    for day in range(30, 60):
        work.step(day, (), Closures(), NO_SATISFACTION, NO_ROWS)
    np.testing.assert_allclose(work.workers.gaming_gain, [0.025, 0.375, 0.2])


def test_without_peer_weight_only_own_experience_teaches() -> None:
    work = _work(3, **{**COUNT_RULE, "appraisal.learning_rate": 0.5, "appraisal.peer_weight": 0.0})
    work.step(0, (_trivial([0, 1]),), Closures(), NO_SATISFACTION, NO_ROWS)
    work.step(1, (), Closures(), NO_SATISFACTION, np.array([0]))
    for day in range(2, 30):
        work.step(day, (), Closures(), NO_SATISFACTION, NO_ROWS)
    # worker 0: all caught, gain 0.7(1 − 2) − 0.15 = −0.85; worker 1: none, 0.55; worker 2: none
    np.testing.assert_allclose(work.workers.gaming_gain, [0.55 + 0.5 * (-0.85 - 0.55), 0.55, 0.55])


def test_unchecked_count_appraisal_rolled_out_mid_run_raises_gaming_period_by_period() -> None:
    """From result-based appraisal (a trivial report earns 0.2 − 0.8 × 0.5 = −0.2 counts) to
    counts alone, unchecked (it earns 1): each period closes a share 0.2 of the gap."""
    result = {"appraisal.count_weight": 0.2, "appraisal.resolution_weight": 0.5,
              "appraisal.satisfaction_weight": 0.3, "appraisal.learning_rate": 0.2}  # fmt: skip
    gaming = {"grid_workers.trivial_reports_max_per_day": 1.0}
    work = _work(40, seed=4, worker_columns={"integrity": np.zeros(40)},
                 **{**COUNT_RULE, **gaming, **result})  # fmt: skip
    np.testing.assert_allclose(work.workers.gaming_gain, -0.2)
    count_only = {"appraisal.count_weight": 1.0, "appraisal.resolution_weight": 0.0,
                  "appraisal.satisfaction_weight": 0.0}  # fmt: skip
    work.configure(
        st.settings(**{**HONEST, **COUNT_RULE, **gaming, **result, **count_only}),
        st.categories(SCENARIO),
    )
    np.testing.assert_allclose(work.workers.gaming_gain, -0.2)  # a new rule is not known at once
    means = [float(g.mean()) for g in _periods(work, 0, 8)]
    assert all(later > earlier for earlier, later in itertools.pairwise(means))
    np.testing.assert_allclose(work.workers.gaming_gain, 1.0 - 1.2 * 0.8**8)
    assert means[-1] == pytest.approx(float(logistic(6.0 * (1.0 - 1.2 * 0.8**8))))


def test_an_audit_rolled_out_mid_run_is_learnt_by_being_caught() -> None:
    """Audit of every other report: the expected gain falls from 0.55 to 0.7(1 − 1) − 0.15 =
    −0.15; workers learn it over the following periods, from their own and announced catches."""
    gaming = {"grid_workers.trivial_reports_max_per_day": 1.0}
    work = _work(100, seed=9, worker_columns={"integrity": np.zeros(100)},
                 **{**COUNT_RULE, **gaming})  # fmt: skip
    before = float(work.workers.gaming.mean())
    work.configure(
        st.settings(**{**HONEST, **COUNT_RULE, **gaming, "appraisal.audit_rate": 0.5}),
        st.categories(SCENARIO),
    )
    assert float(work.workers.gaming.mean()) == before  # not yet learnt
    means = [float(g.mean()) for g in _periods(work, 0, 24, catch=0.5)]
    assert means[0] < before
    assert means[2] < means[0]
    assert float(work.workers.gaming_gain.mean()) == pytest.approx(-0.15, abs=0.05)


# -- logging documents the grid ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "kept"), [(0.0, 0.5), (20.0, 0.75), (40.0, 0.875), (150.0, 1 - 0.5 * 2**-7.5)]
)
def test_logs_keep_the_quality_of_write_ups_with_diminishing_returns(
    minutes: float, kept: float
) -> None:
    settings = st.settings(**{
        "grid_workers.logging_minutes_per_day": minutes,
        "grid_workers.undocumented_quality_loss": 0.5,
        "grid_workers.logging_half_benefit_minutes": 20.0,
    })  # fmt: skip
    assert documentation(settings) == pytest.approx(kept)
    workers = st.grid_workers(2, text_skill=[0.2, 0.6])
    np.testing.assert_allclose(workers.written_skill(settings), np.array([0.2, 0.6]) * kept)


def test_each_further_minute_of_logging_adds_less_quality() -> None:
    kept = [
        documentation(st.settings(**{"grid_workers.logging_minutes_per_day": float(m)}))
        for m in range(0, 481, 30)
    ]
    gains = np.diff(kept)
    assert np.all(gains > 0)
    assert np.all(np.diff(gains) < 0)


def test_event_classification_is_not_lost_without_logs() -> None:
    settings = st.settings(**{
        "grid_workers.logging_minutes_per_day": 0.0, "grid_workers.undocumented_quality_loss": 0.5,
        "apps.event_classification": True, "apps.classification_quality_gain": 0.3,
    })  # fmt: skip
    workers = st.grid_workers(2, text_skill=[0.2, 0.6])
    np.testing.assert_allclose(workers.written_skill(settings), [0.1 + 0.3, 0.3 + 0.3])


def test_less_logging_mid_run_lowers_the_quality_of_trivial_reports() -> None:
    options = {
        "grid_workers.trivial_reports_max_per_day": 5.0, "grid_workers.training": False,
        "grid_workers.undocumented_quality_loss": 0.5,
    }  # fmt: skip
    work = _work(3, worker_columns={"integrity": np.zeros(3)}, **options)
    work.configure(
        st.settings(**{**HONEST, **options, "grid_workers.logging_minutes_per_day": 0.0}),
        st.categories(SCENARIO),
    )
    _, trivial = _day(work)
    assert len(trivial) > 0
    np.testing.assert_allclose(trivial.quality, 0.25)  # text skill 0.5, half lost
