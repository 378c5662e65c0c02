"""A browser session's simulation: stepping, reset with a seed, levers, demonstrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsim import ScenarioError
from govsim.app.levers import SUM_TO_ONE, balanced, lever_specs
from govsim.app.presets import PRESETS, preset
from govsim.app.session import Session


def test_step_advances_both_the_model_and_the_history(scenarios_dir: Path) -> None:
    session = Session("village.toml", seed=3, scenarios_dir=scenarios_dir)
    assert session.day == 0
    session.step(5)
    assert session.day == 5
    assert [p.day for p in session.history] == [0, 1, 2, 3, 4, 5]


def test_reset_with_the_same_seed_replays_the_run(scenarios_dir: Path) -> None:
    session = Session("teaching/township.toml", seed=7, scenarios_dir=scenarios_dir)
    session.step(40)
    first = list(session.history)
    session.reset()
    assert session.day == 0
    session.step(40)
    assert session.history == first
    session.reset(seed=8)
    session.step(40)
    assert session.seed == 8
    assert session.history != first


def test_a_lever_takes_effect_from_the_next_day(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    session.step(5)
    session.set_levers({"appraisal.audit_rate": 0.3})
    assert session.pending() == {}
    assert session.model.settings.appraisal.audit_rate == 0.3
    assert session.day == 5  # the run goes on: a policy rolled out today
    session.set_levers({"appraisal.audit_rate": 0.0})  # back to the file's value
    assert session.overrides == {}
    assert session.pending() == {}
    assert session.model.settings.appraisal.audit_rate == 0.0


def test_a_lever_that_shapes_the_county_waits_for_reset(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    session.set_levers({"grid_workers.households_per_worker": 100.0})
    assert session.pending() == {"grid_workers.households_per_worker": 100.0}
    assert session.model.settings.grid_workers.households_per_worker == 250.0
    session.reset()
    assert session.pending() == {}
    assert session.model.settings.grid_workers.households_per_worker == 100.0


def test_an_invalid_lever_combination_is_refused_with_the_schema_message(
    scenarios_dir: Path,
) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    with pytest.raises(ScenarioError, match=r"publicity budget shares .* must sum to 1"):
        session.set_levers({"publicity.website.budget_share": 0.9})
    assert session.overrides == {}


def test_every_lever_of_the_scenario_can_be_set_to_its_range_ends(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    for spec in lever_specs(session.settings):
        if spec.kind == "switch":
            continue
        for end in (spec.lo, spec.hi):
            value = int(end) if spec.kind == "integer" else end
            current = {p: session.lever_value(p) for g in SUM_TO_ONE if spec.path in g for p in g}
            session.set_levers(
                balanced(spec.path, value, current) if current else {spec.path: value}
            )
            session.revert_levers()


def test_a_demonstration_runs_its_contrast_in_lockstep(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    demo = preset("fengqiao")
    session.load_preset(demo)
    assert session.scenario_name() == demo.scenario
    session.step(30)
    assert session.contrast is not None
    assert session.contrast.day == session.model.day == 30
    assert len(session.contrast_history) == len(session.history) == 31
    assert session.compare() is not None
    session.drop_contrast()
    assert session.compare() is None


def test_levers_apply_to_the_contrast_too(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    session.load_preset(preset("livestream"))
    session.set_levers({"meetings.interval_days": 30})
    session.reset()
    assert session.contrast is not None
    assert session.model.settings.meetings.interval_days == 30
    assert session.contrast.settings.meetings.interval_days == 30


def test_scenario_files_are_listed_and_loaded(scenarios_dir: Path) -> None:
    session = Session("village.toml", scenarios_dir=scenarios_dir)
    files = session.scenario_files()
    assert "baseline.toml" in files
    assert {p.scenario for p in PRESETS} <= set(files)
    session.load_scenario("teaching/township.toml")
    assert session.model.layout.n_villages == 12
    with pytest.raises(ScenarioError, match="no-such-file"):
        session.load_scenario("no-such-file.toml")
    assert session.scenario_name() == "teaching/township.toml"
