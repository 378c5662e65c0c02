"""The metric registry: names, units, directions and lookups."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import govsim
from govsim.metrics import (
    DAILY,
    SUMMARY,
    Direction,
    Group,
    UnknownMetricError,
    summarise,
)


def test_every_metric_has_a_unit_a_direction_and_a_description() -> None:
    for registry in (DAILY, SUMMARY):
        assert len(registry) > 20
        for metric in registry:
            assert metric.unit
            assert isinstance(metric.direction, Direction)
            assert isinstance(metric.group, Group)
            assert metric.description.endswith(".")


def test_directions_of_headline_outcomes() -> None:
    assert SUMMARY["resolved_within_sla_share"].direction is Direction.HIGHER
    assert SUMMARY["backlog_end"].direction is Direction.LOWER
    assert SUMMARY["median_days_to_resolution"].direction is Direction.LOWER
    assert SUMMARY["reporting_gap_60_plus"].direction is Direction.LOWER
    assert DAILY["backlog"].direction is Direction.LOWER
    assert Direction.LOWER.sign() == -1


def test_bookkeeping_metrics_are_never_outcomes() -> None:
    bookkeeping = {m.name for m in SUMMARY if m.bookkeeping}
    assert bookkeeping == {"days", "villagers", "problems", "cases"}
    assert all(SUMMARY[name].direction is Direction.NEUTRAL for name in bookkeeping)


def test_a_misspelt_name_is_an_error_with_suggestions() -> None:
    with pytest.raises(UnknownMetricError, match="did you mean 'resolution_rate'"):
        SUMMARY["resolution_rat"]
    with pytest.raises(UnknownMetricError, match="unknown daily metric 'no_such_metric'"):
        DAILY["no_such_metric"]


def test_summarise_selected_names_in_order(village: govsim.Scenario) -> None:
    model = govsim.GovernanceModel(village, rng=3, datacollection=False)
    model.run_days(30)
    chosen = summarise(model, ["mean_trust", "cases"])
    assert list(chosen) == ["mean_trust", "cases"]
    with pytest.raises(UnknownMetricError, match="mean_trusts"):
        summarise(model, ["mean_trusts"])


def test_registry_columns_are_the_result_tables(village: govsim.Scenario, cached_run: Any) -> None:
    result = cached_run(village, days=20, seed=4)
    assert list(result.daily.columns) == DAILY.names()
    assert list(result.summary) == SUMMARY.names()


def test_metric_functions_pickle() -> None:
    for metric in [*DAILY, *SUMMARY]:
        assert pickle.loads(pickle.dumps(metric.function)) is not None


def test_window_quantiles_equal_numpys_over_the_last_30_days() -> None:
    from collections import deque

    import numpy as np

    from govsim.metrics.daily import DELAY_WINDOW_DAYS, DailyRecorder

    recorder = DailyRecorder.__new__(DailyRecorder)  # only the window's state is needed
    recorder.recent_resolution_days = deque(maxlen=DELAY_WINDOW_DAYS)
    recorder.recent_histogram = np.zeros(4, dtype=np.int64)
    recorder.recent_quantiles = (np.nan, np.nan)
    rng = np.random.default_rng(0)
    history: list[np.ndarray] = []
    for _ in range(300):
        today = rng.poisson(6, rng.integers(0, 4) if rng.random() < 0.5 else 0)
        recorder._update_window(today.astype(np.int64))
        history.append(today)
        window = np.concatenate(history[-DELAY_WINDOW_DAYS:])
        if len(window):
            expected = (np.quantile(window, 0.5), np.quantile(window, 0.9))
            np.testing.assert_allclose(recorder.recent_quantiles, expected)
        else:
            assert np.isnan(recorder.recent_quantiles).all()


def test_belief_averages_are_over_residents_with_migrants_apart(village: govsim.Scenario) -> None:
    """``mean_trust``, ``mean_efficacy``, ``ownership_share`` over resident adults (DOMAIN §1:
    the seeds survey rural residents); the ``_migrants`` metrics over migrants, who are away."""
    from govsim.scenario import with_overrides

    livestreamed = with_overrides(village, {"meetings.livestream": True})
    model = govsim.GovernanceModel(livestreamed, rng=7, datacollection=False)
    model.run_days(90)
    pop = model.population
    assert 0 < pop.migrant.sum() < pop.size
    chosen = summarise(model)
    last_day = model.recorder.frame().iloc[-1]
    for suffix, members in (("", ~pop.migrant), ("_migrants", pop.migrant)):
        expected = {
            f"mean_trust{suffix}": pop.trust[members].mean(),
            f"mean_efficacy{suffix}": pop.efficacy[members].mean(),
            f"ownership_share{suffix}": pop.ownership[members].mean(),
        }
        for name, value in expected.items():
            assert chosen[name] == pytest.approx(value, abs=1e-12), name
            assert last_day[name] == chosen[name], name
    # the two groups differ: migrants hear of outcomes only from network neighbours and meetings
    assert chosen["mean_trust"] != chosen["mean_trust_migrants"]
    assert SUMMARY["ownership_share"].unit == "share of resident adults"
    assert SUMMARY["ownership_share_migrants"].unit == "share of migrant adults"
