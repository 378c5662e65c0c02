"""Reproducibility: a run is a pure function of (scenario, days, seed)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim import GovernanceModel, RunResult, Scenario
from govsim.enums import Channel

DAYS = 120


@pytest.fixture(scope="module")
def run_seed_11(village: Scenario, cached_run: Any) -> RunResult:
    return cached_run(village, days=DAYS, seed=11)


def test_same_seed_gives_identical_tables(village: Scenario, run_seed_11: RunResult) -> None:
    again = govsim.run(village, days=DAYS, seed=11)
    pd.testing.assert_frame_equal(again.daily, run_seed_11.daily, check_exact=True)
    pd.testing.assert_frame_equal(again.cases, run_seed_11.cases, check_exact=True)
    pd.testing.assert_frame_equal(again.reports, run_seed_11.reports, check_exact=True)
    assert again.summary.keys() == run_seed_11.summary.keys()
    np.testing.assert_array_equal(
        np.array(list(again.summary.values())), np.array(list(run_seed_11.summary.values()))
    )


def test_path_and_loaded_scenario_give_the_same_run(
    village_path: Any, run_seed_11: RunResult
) -> None:
    from_path = govsim.run(village_path, days=DAYS, seed=11, spin_up_days=0)
    pd.testing.assert_frame_equal(from_path.daily, run_seed_11.daily, check_exact=True)
    pd.testing.assert_frame_equal(from_path.cases, run_seed_11.cases, check_exact=True)


def test_different_seeds_differ(village: Scenario, cached_run: Any, run_seed_11: RunResult) -> None:
    other = cached_run(village, days=DAYS, seed=12)
    assert not other.daily.equals(run_seed_11.daily)
    assert not other.cases.equals(run_seed_11.cases)


def test_seed_zero_is_a_seed_not_none(village: Scenario) -> None:
    # SALib's `if seed:` bug: seed 0 must be as reproducible as any other.
    first = govsim.run(village, days=40, seed=0)
    second = govsim.run(village, days=40, seed=0)
    pd.testing.assert_frame_equal(first.daily, second.daily, check_exact=True)
    pd.testing.assert_frame_equal(first.cases, second.cases, check_exact=True)


def test_stepping_the_model_equals_run(village: Scenario, run_seed_11: RunResult) -> None:
    model = GovernanceModel(village, rng=11)
    for _ in range(DAYS):
        model.step()
    assert model.day == DAYS
    pd.testing.assert_frame_equal(model.ledger.to_frame(), run_seed_11.cases, check_exact=True)
    daily = model.recorder.frame()
    np.testing.assert_array_equal(daily.index.to_numpy(), run_seed_11.daily.index.to_numpy())
    pd.testing.assert_frame_equal(
        daily.reset_index(drop=True),
        run_seed_11.daily.reset_index(drop=True),
        check_exact=True,
    )
    assert govsim.metrics.summarise(model).keys() == run_seed_11.summary.keys()


def test_run_days_equals_stepping(village: Scenario) -> None:
    stepped = GovernanceModel(village, rng=5)
    for _ in range(30):
        stepped.step()
    bulk = GovernanceModel(village, rng=5)
    bulk.run_days(30)
    pd.testing.assert_frame_equal(bulk.ledger.to_frame(), stepped.ledger.to_frame())
    pd.testing.assert_frame_equal(bulk.recorder.frame(), stepped.recorder.frame())


def test_runs_do_not_leak_state_into_each_other(village: Scenario, run_seed_11: RunResult) -> None:
    # Interleave another run: no module-level counters or caches may change the result.
    govsim.run(village, days=30, seed=99, overrides={"appraisal.audit_rate": 0.7})
    again = govsim.run(village, days=DAYS, seed=11)
    pd.testing.assert_frame_equal(again.cases, run_seed_11.cases, check_exact=True)


def test_global_random_state_is_untouched(village: Scenario) -> None:
    # Convention 6: the model owns its generator; never the global np.random or random state.
    np.random.seed(1234)  # noqa: NPY002 - the point is to observe the legacy global state
    random.seed(1234)
    legacy_before = np.random.get_state()  # noqa: NPY002
    stdlib_before = random.getstate()
    govsim.run(village, days=30, seed=3)
    legacy_after = np.random.get_state()  # noqa: NPY002
    assert random.getstate() == stdlib_before
    assert legacy_before[0] == legacy_after[0]
    np.testing.assert_array_equal(legacy_before[1], legacy_after[1])
    assert legacy_before[2:] == legacy_after[2:]


def test_model_accepts_a_generator_and_a_seed_sequence(village: Scenario) -> None:
    sequence = np.random.SeedSequence(2024)
    from_sequence = GovernanceModel(village, rng=np.random.default_rng(sequence))
    from_sequence.run_days(20)
    again = GovernanceModel(village, rng=np.random.default_rng(np.random.SeedSequence(2024)))
    again.run_days(20)
    pd.testing.assert_frame_equal(from_sequence.ledger.to_frame(), again.ledger.to_frame())


def test_overrides_on_the_model_equal_overridden_scenario(village: Scenario) -> None:
    via_kwargs = GovernanceModel(village, rng=4, **{"feedback.notified_share": 0.9})
    assert via_kwargs.settings.feedback.notified_share == 0.9
    via_run = govsim.run(village, days=25, seed=4, overrides={"feedback.notified_share": 0.9})
    via_kwargs.run_days(25)
    pd.testing.assert_frame_equal(via_kwargs.ledger.to_frame(), via_run.cases, check_exact=True)


def test_run_rejects_non_positive_days(village: Scenario) -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        govsim.run(village, days=0, seed=1)


def test_saved_tables_round_trip(tmp_path: Any, run_seed_11: RunResult) -> None:
    out = run_seed_11.save(tmp_path / "out", format="csv")
    daily = pd.read_csv(out / "daily.csv", index_col="day")
    np.testing.assert_allclose(daily["backlog"].to_numpy(), run_seed_11.daily["backlog"].to_numpy())
    with pytest.raises(ValueError, match="format must be 'parquet' or 'csv'"):
        run_seed_11.save(tmp_path / "bad", format="xlsx")


@pytest.mark.parametrize("format", ["parquet", "csv"])
def test_a_saved_result_loads_back(tmp_path: Any, village: Scenario, format: str) -> None:
    """``RunResult.load`` reads what ``save`` wrote: every table with its dtypes, the rest."""
    result = govsim.run(village, days=40, seed=11, horizons=(20,))
    assert len(result.reports) > 0
    back = RunResult.load(result.save(tmp_path / format, format=format))
    exact = format == "parquet"
    for name in ("daily", "cases", "reports", "horizons"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(result, name), check_exact=exact)
    assert (back.scenario, back.seed, back.timings) == (
        result.scenario,
        result.seed,
        result.timings,
    )
    np.testing.assert_array_equal(list(back.summary.values()), list(result.summary.values()))
    assert back.summary.keys() == result.summary.keys()
    (tmp_path / format / f"reports.{format}").unlink()
    with pytest.raises(FileNotFoundError, match=r"no reports\.parquet or reports\.csv"):
        RunResult.load(tmp_path / format)


def test_reports_table_is_the_report_log_in_compact_dtypes(run_seed_11: RunResult) -> None:
    """One row per villager report, as filed: int32 ids, a channel categorical, no copies lost."""
    reports = run_seed_11.reports
    assert reports.index.name == "report"
    assert list(reports.index) == list(range(len(reports)))
    assert dict(reports.dtypes.astype(str)) == {
        "day": "int32", "reporter": "int32", "channel": "category", "case": "int32",
        "opened": "bool", "genuine": "bool",
    }  # fmt: skip
    assert list(reports["channel"].cat.categories) == [c.label for c in Channel]
    assert reports["day"].is_monotonic_increasing
    daily = run_seed_11.daily["villager_reports"]
    assert reports.groupby("day").size().reindex(daily.index, fill_value=0).tolist() == (
        daily.astype(int).tolist()
    )


def test_horizon_summaries_equal_runs_of_that_length(village: Scenario) -> None:
    """The summary at a horizon is the summary of a run stopped there (same seed)."""
    long = govsim.run(village, days=40, seed=12, horizons=(10, 25))
    assert list(long.horizons.index) == [10, 25]
    short = govsim.run(village, days=25, seed=12)
    pd.testing.assert_series_equal(
        long.horizons.loc[25], pd.Series(short.summary, name=25), check_names=False
    )
    with pytest.raises(ValueError, match="horizons must be between 1 and 40 days"):
        govsim.run(village, days=40, seed=12, horizons=(50,))


def test_levers_roll_out_mid_run_and_the_state_carries_over(village: Scenario) -> None:
    model = GovernanceModel(village, rng=5, datacollection=False)
    model.run_days(30)
    cases, trust = len(model.ledger), model.population.trust.copy()
    new = model.apply_levers({"appraisal.audit_rate": 0.5, "centre.staff_per_100k_adults": 3.0})
    assert model.settings is new
    assert new.appraisal.audit_rate == 0.5
    assert model.routing.capacity == pytest.approx(
        3 * model.population.size * new.county.scale / 100_000 * new.centre.cases_per_staff_per_day
    )
    assert len(model.ledger) == cases
    np.testing.assert_array_equal(model.population.trust, trust)
    model.run_days(10)
    assert model.day == 40


def test_grid_workers_keep_their_gaming_at_the_status_quo_and_learn_a_rolled_out_audit(
    village: Scenario,
) -> None:
    model = GovernanceModel(village, rng=7, datacollection=False)
    start = model.grid_workers.gaming.copy()
    model.run_days(120)
    np.testing.assert_array_equal(model.grid_workers.gaming, start)  # a steady state
    model.apply_levers({"appraisal.audit_rate": 0.5})
    np.testing.assert_array_equal(model.grid_workers.gaming, start)  # not known at once
    model.run_days(240)
    learnt = float(model.grid_workers.gaming.mean())
    assert learnt < float(start.mean())
    assert model.recorder.frame()["grid_worker_gaming"].iloc[-1] == pytest.approx(learnt)


def test_levers_fixed_at_set_up_cannot_roll_out(village: Scenario) -> None:
    model = GovernanceModel(village, rng=5, datacollection=False)
    with pytest.raises(
        govsim.ScenarioError, match=r"county\.villages = 3: is fixed when the county is built"
    ):
        model.apply_levers({"county.villages": 3})
    with pytest.raises(govsim.ScenarioError, match=r"appraisal\.audit_rate = 2"):
        model.apply_levers({"appraisal.audit_rate": 2})
    assert model.settings == village


def test_rolling_out_nothing_leaves_the_run_unchanged(village: Scenario) -> None:
    plain = GovernanceModel(village, rng=6, datacollection=False)
    plain.run_days(60)
    rolled = GovernanceModel(village, rng=6, datacollection=False)
    rolled.run_days(20)
    rolled.apply_levers({})
    rolled.run_days(40)
    pd.testing.assert_frame_equal(plain.ledger.to_frame(), rolled.ledger.to_frame())
    pd.testing.assert_frame_equal(plain.recorder.frame(), rolled.recorder.frame())
