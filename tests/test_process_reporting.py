"""Reporting alone: the channel logit (:class:`ChannelChoice`), the reporting decision and trivial
reports."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import _states as st
from govsim.enums import AgeBand, Channel, Source
from govsim.events import Incentive, Notices
from govsim.processes import Reporting
from govsim.processes.channels import ChannelChoice
from govsim.sampling import logistic

NO_ROWS = np.zeros(0, dtype=np.int64)
CHANNELS = {  # the defaults, written out: every channel open to a resident with a smartphone
    "channels.hotline.utility": -0.2,
    "channels.grid_worker.utility": 0.9,
    "channels.village_committee.utility": 0.4,
    "channels.wechat.utility": 0.7,
    "channels.app.utility": -3.0,
    "channels.digital_skill_weight": 2.0,
    "channels.age_60_plus_digital_penalty": 1.2,
    "channels.app_min_digital_skill": 0.25,
    "channels.phone_share": 1.0,
    "channels.grid_worker_availability": 1.0,
    "wechat_groups.membership_share": 0.35,
    "wechat_groups.run_by_young_party_members": False,
    "grid_workers.undocumented_quality_loss": 0.0,  # workers' write-ups keep their quality
}
INF = -np.inf


def _choice(
    population_columns: dict | None = None, n: int = 4, seed: int = 0, **overrides: Any
) -> ChannelChoice:
    pop = st.population(n, **(population_columns or {}))
    return ChannelChoice(
        pop, st.grid_workers(2), st.settings(**{**CHANNELS, **overrides}), st.rng(seed)
    )


# -- channel choice ------------------------------------------------------------------------------

FOUR = {  # a young resident; a 60+ resident; a migrant without a smartphone; a non-member
    "age_band": [0, AgeBand.AGE_60_PLUS, 0, 1],
    "digital_skill": [0.5, 0.3, 0.0, 0.2],
    "smartphone": [True, True, False, True],
    "migrant": [False, False, True, False],
    "wechat_draw": [0.0, 0.1, 0.0, 0.9],
}


def test_channel_utilities_add_digital_terms_and_close_inaccessible_channels() -> None:
    table = _choice(FOUR).table
    np.testing.assert_allclose(table[0], [-0.2, 0.9, 0.4, 0.7 + 1.0, -3.0 + 1.0])
    np.testing.assert_allclose(table[1], [-0.2, 0.9, 0.4, 0.7 + 0.6 - 1.2, -3.0 + 0.6 - 1.2])
    np.testing.assert_allclose(table[2], [-0.2, INF, INF, INF, INF])  # away, no smartphone
    np.testing.assert_allclose(table[3], [-0.2, 0.9, 0.4, INF, INF])  # not in the group; low skill


def test_utilities_of_some_rows_are_those_rows_of_the_whole_table_bit_for_bit() -> None:
    n = 2_000
    choice = _choice(n=n, seed=2, **{"channels.phone_share": 0.6})
    pop = choice.population
    pop.age_band[:] = st.rng(3).integers(0, 3, size=n)
    pop.smartphone[:] = st.rng(4).random(n) < 0.7
    pop.digital_skill[:] = st.rng(5).random(n) * pop.smartphone
    pop.migrant[:] = st.rng(6).random(n) < 0.3
    pop.wechat_draw[:] = st.rng(7).random(n)
    table = choice.table
    rows = st.rng(8).integers(0, n, size=500)
    assert np.array_equal(choice.base_utilities(rows), table[rows])
    assert table.tobytes() == choice.base_utilities(np.arange(n)).tobytes()


def test_young_party_members_make_wechat_groups_larger_and_more_useful() -> None:
    choice = _choice(FOUR, **{
        "wechat_groups.run_by_young_party_members": True,
        "wechat_groups.young_party_member_membership_share": 0.95,
        "wechat_groups.young_party_member_utility_gain": 0.6,
    })  # fmt: skip
    assert choice.table[0, Channel.WECHAT] == pytest.approx(0.7 + 0.6 + 1.0)
    assert choice.table[3, Channel.WECHAT] == pytest.approx(0.7 + 0.6 + 0.4)  # now a member


def test_reconfiguring_recomputes_the_table_but_keeps_who_can_phone() -> None:
    choice = _choice(FOUR, n=4, **{"channels.phone_share": 0.5})
    phones = np.isfinite(choice.table[:, Channel.HOTLINE]).copy()
    choice.configure(st.settings(**{**CHANNELS, "channels.phone_share": 0.5,
                                    "channels.grid_worker.utility": 2.0}))  # fmt: skip
    assert np.array_equal(np.isfinite(choice.table[:, Channel.HOTLINE]), phones)
    assert choice.table[0, Channel.GRID_WORKER] == 2.0


def test_a_phone_share_of_villagers_can_call_the_hotline() -> None:
    n = 20_000
    choice = _choice(n=n, seed=3, **{"channels.phone_share": 0.7})
    st.assert_share(int(np.isfinite(choice.table[:, Channel.HOTLINE]).sum()), n, 0.7)


def test_the_grid_worker_is_reachable_with_the_availability_chance() -> None:
    n = 20_000
    choice = _choice(n=n, **{"channels.grid_worker_availability": 0.8})
    utility = choice.utilities(np.zeros(n, dtype=np.int64), st.rng(4))
    st.assert_share(int(np.isfinite(utility[:, Channel.GRID_WORKER]).sum()), n, 0.8)
    assert np.isfinite(utility[:, Channel.HOTLINE]).all()


def test_log_sum_is_the_inclusive_value_of_the_open_channels() -> None:
    utility = np.array([[0.0, np.log(3.0), INF], [INF, INF, INF]])
    np.testing.assert_allclose(ChannelChoice.log_sum(utility), [np.log(4.0), INF])


def test_choices_follow_multinomial_logit_probabilities() -> None:
    n = 40_000
    utility = np.tile([-0.2, 0.9, INF, 1.7, -2.0], (n, 1))
    chosen = ChannelChoice.choose(utility, st.rng(5))
    weights = np.exp(np.where(np.isfinite(utility[0]), utility[0], -np.inf))
    for channel, p in enumerate(weights / weights.sum()):
        st.assert_share(int(np.count_nonzero(chosen == channel)), n, float(p))


def test_report_quality_is_the_channels_or_the_grid_workers_write_up() -> None:
    pop = st.population(3, grid=[0, 1, 1])
    workers = st.grid_workers(2, text_skill=[0.2, 0.8])
    settings = st.settings(**{**CHANNELS, "channels.hotline.quality": 0.6,
                              "channels.grid_worker.quality": 0.4, "channels.app.quality": 0.55})  # fmt: skip
    choice = ChannelChoice(pop, workers, settings, st.rng())
    rows = np.array([0, 1, 2, 0], dtype=np.int64)
    channel = np.array([Channel.HOTLINE, Channel.GRID_WORKER, Channel.APP, Channel.GRID_WORKER])
    # relayed: half the channel's quality, half the worker's written skill
    np.testing.assert_allclose(choice.report_quality(rows, channel), [0.6, 0.6, 0.55, 0.3])


def test_a_worker_without_logs_relays_worse_reports() -> None:
    """Without logs the worker's half of a relayed report keeps half its quality (§7.6)."""
    pop = st.population(1)
    workers = st.grid_workers(1, text_skill=[0.6])
    settings = st.settings(**{**CHANNELS, "channels.grid_worker.quality": 0.4,
                              "grid_workers.undocumented_quality_loss": 0.5,
                              "grid_workers.logging_minutes_per_day": 0.0})  # fmt: skip
    choice = ChannelChoice(pop, workers, settings, st.rng())
    quality = choice.report_quality(np.array([0]), np.array([Channel.GRID_WORKER]))
    np.testing.assert_allclose(quality, [0.5 * 0.4 + 0.5 * 0.3])


def test_event_classification_improves_grid_worker_and_app_reports() -> None:
    pop = st.population(2)
    workers = st.grid_workers(1, text_skill=[0.2])
    settings = st.settings(**{**CHANNELS, "apps.event_classification": True,
                              "apps.classification_quality_gain": 0.3,
                              "channels.grid_worker.quality": 0.4, "channels.app.quality": 0.8})  # fmt: skip
    choice = ChannelChoice(pop, workers, settings, st.rng())
    quality = choice.report_quality(
        np.array([0, 1, 0]), np.array([Channel.GRID_WORKER, Channel.APP, Channel.HOTLINE])
    )
    hotline = settings.channels.hotline.quality
    np.testing.assert_allclose(quality, [0.5 * 0.7 + 0.5 * 0.5, 1.0, hotline])


# -- the reporting decision -------------------------------------------------------------------------


def _reporting(
    n: int = 4, seed: int = 0, population_columns: dict | None = None, **overrides: Any
) -> Reporting:
    pop = st.population(n, **(population_columns or {}))
    store = st.ProblemStore()
    st.problems(store, 3, severity=[0.2, 0.8, 0.5], category=[0, 4, 2], case=[-1, 0, 1])
    ledger = st.CaseLedger()
    st.cases(ledger, 2, closed_day=[-1, 5])  # problem 1's case is open, problem 2's closed
    settings = st.settings(**{**CHANNELS, **overrides})
    return Reporting(
        pop, st.grid_workers(2), store, ledger, settings, st.categories(settings), st.rng(seed)
    )


def _incentive(n: int, motivation: float = 0.0, lured: np.ndarray = NO_ROWS) -> Incentive:
    return Incentive(motivation=np.full(n, motivation), lured=lured)


def _notices(rows: Any, problems: Any) -> Notices:
    return Notices(
        rows=np.asarray(rows, dtype=np.int64), problems=np.asarray(problems, dtype=np.int64)
    )


def test_propensity_is_the_documented_sum_of_weighted_terms() -> None:
    reporting = _reporting(population_columns={
        "efficacy": [0.4, 0.4, 0.4, 0.4], "trust": [0.5, 0.5, 0.5, 0.5],
        "aware": [True, False, True, True], "ownership": [True, False, False, False],
    })  # fmt: skip
    rows, problems = np.array([0, 1, 2, 3]), np.array([0, 0, 1, 2])
    x = reporting.propensity(rows, problems, np.full(4, 0.5), np.full(4, 1.2))
    base = -4.6 + 3.0 * 0.4 + 1.2 * 0.5 + 0.6 * 1.2
    np.testing.assert_allclose(x, [
        base + 0.6 + 0.9 + 1.5 * 0.2 + 0.8 * 0.5,  # aware, owner: motivation counts
        base + 1.5 * 0.2,  # unaware: no awareness term, no incentive
        base + 0.6 + 1.5 * 0.8 + 0.8 * 0.5 - 2.0,  # problem 1 has an open case
        base + 0.6 + 1.5 * 0.5 + 0.8 * 0.5,  # problem 2's case closed: reported afresh
    ])  # fmt: skip


def test_a_noticer_reports_with_the_logistic_chance_of_the_propensity() -> None:
    n = 20_000
    reporting = _reporting(seed=6, **{"reporting.intercept": -1.0})
    rows, problems = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    reports = reporting.step(0, _notices(rows, problems), _incentive(4))
    access = float(np.logaddexp.reduce(reporting.channels.table[0]))
    x = reporting.propensity(rows[:1], problems[:1], np.zeros(4), np.array([access]))[0]
    st.assert_share(len(reports), n, float(logistic(x)))


def test_a_villager_who_can_reach_no_channel_never_reports() -> None:
    reporting = _reporting(population_columns={
        "migrant": [True] * 4, "smartphone": [False] * 4,
    }, **{"channels.phone_share": 0.0, "reporting.intercept": 50.0})  # fmt: skip
    reports = reporting.step(0, _notices([0, 1, 2, 3], [0, 0, 0, 0]), _incentive(4))
    assert len(reports) == 0


def test_with_reporting_disabled_nobody_reports() -> None:
    reporting = _reporting(**{"reporting.enabled": False, "reporting.intercept": 50.0})
    reports = reporting.step(0, _notices([0, 1], [0, 1]), _incentive(4, lured=np.array([2, 3])))
    assert len(reports) == 0


def test_reports_describe_the_reporter_the_problem_and_the_channel() -> None:
    reporting = _reporting(population_columns={"grid": [0, 1, 1, 0], "village": [2, 2, 2, 2]}, **{
        "reporting.intercept": 50.0, "channels.hotline.utility": 50.0,
        "channels.hotline.quality": 0.6, "channels.hotline.intake_delay_days": 0.0,
    })  # fmt: skip
    reports = reporting.step(0, _notices([1, 3], [1, 2]), _incentive(4))
    assert reports.problem.tolist() == [1, 2]
    assert reports.reporter.tolist() == [1, 3]
    assert reports.source.tolist() == [Source.VILLAGER] * 2
    assert reports.channel.tolist() == [Channel.HOTLINE] * 2
    np.testing.assert_allclose(reports.quality, [0.6, 0.6])
    assert reports.intake_days.tolist() == [0, 0]
    assert reports.category.tolist() == [4, 2]
    assert reports.village.tolist() == [2, 2]
    assert reports.grid.tolist() == [1, 0]


def test_intake_delays_are_poisson_with_the_channels_mean() -> None:
    n = 10_000
    reporting = _reporting(seed=7, **{
        "reporting.intercept": 50.0, "channels.app.utility": 50.0,
        "channels.app.intake_delay_days": 1.5,
    })  # fmt: skip
    reports = reporting.step(0, _notices(np.zeros(n), np.zeros(n)), _incentive(4))
    assert set(reports.channel.tolist()) == {Channel.APP}
    st.assert_within(reports.intake_days.mean(), 1.5, np.sqrt(1.5 / n))


def test_lured_villagers_file_trivial_reports_of_categories_in_proportion_to_rates() -> None:
    n = 20_000
    reporting = _reporting(n, seed=8)
    reports = reporting.step(0, Notices(), _incentive(n, lured=np.arange(n, dtype=np.int64)))
    assert len(reports) == n
    assert set(reports.problem.tolist()) == {-1}
    assert set(reports.source.tolist()) == {Source.VILLAGER}
    rates = np.diff(reporting.trivial_category.cdf, prepend=0.0)
    for category in (0, 4, 8):
        st.assert_share(
            int(np.count_nonzero(reports.category == category)), n, float(rates[category])
        )


def test_lured_villagers_who_can_reach_no_channel_file_nothing() -> None:
    reporting = _reporting(population_columns={"migrant": [True, False, True, False],
                                               "smartphone": [False] * 4},
                           **{"channels.phone_share": 0.0})  # fmt: skip
    reports = reporting.step(0, Notices(), _incentive(4, lured=np.array([0, 1, 2, 3])))
    assert reports.reporter.tolist() == [1, 3]


def test_genuine_reports_come_before_trivial_ones() -> None:
    reporting = _reporting(**{"reporting.intercept": 50.0})
    reports = reporting.step(0, _notices([0], [0]), _incentive(4, lured=np.array([2])))
    assert reports.problem.tolist() == [0, -1]
    assert reports.reporter.tolist() == [0, 2]


def test_new_weights_apply_after_configure() -> None:
    reporting = _reporting(**{"reporting.intercept": 50.0})
    settings = st.settings(**{**CHANNELS, "reporting.intercept": -50.0})
    reporting.configure(settings, st.categories(settings))
    assert len(reporting.step(0, _notices([0, 1, 2], [0, 0, 0]), _incentive(4))) == 0


def test_nothing_noticed_and_nobody_lured_gives_no_reports() -> None:
    reporting = _reporting(**{"reporting.intercept": 50.0})
    assert len(reporting.step(0, Notices(), _incentive(4))) == 0


def test_reporting_writes_no_state() -> None:
    reporting = _reporting(**{"reporting.intercept": 0.0})
    tables = {"population": reporting.population, "problems": reporting.problems,
              "ledger": reporting.ledger}  # fmt: skip
    before = st.snapshot(**tables)
    reporting.step(
        0, _notices([0, 1, 2, 3] * 5, [0, 1, 2, 0] * 5), _incentive(4, lured=np.array([1]))
    )
    assert Reporting.WRITES == ()
    assert st.written(before, **tables) == set()
