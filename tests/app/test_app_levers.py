"""Lever controls come from the schema: every lever, its kind, range and group."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsim import ScenarioError
from govsim.app.levers import GROUPS, OPEN_RANGE_FACTOR, SUM_TO_ONE, balanced, group_of, lever_specs
from govsim.scenario import iter_fields, load_scenario


def test_every_lever_of_the_scenario_is_a_control(scenarios_dir: Path) -> None:
    scenario = load_scenario(scenarios_dir / "village.toml")
    specs = lever_specs(scenario)
    levers = [row.path for row in iter_fields(scenario) if row.info.lever]
    assert sorted(s.path for s in specs) == sorted(levers)
    assert [s.group for s in specs] == sorted((s.group for s in specs), key=list(GROUPS).index)


def test_ranges_are_the_schema_bounds_or_a_stated_open_end(scenarios_dir: Path) -> None:
    scenario = load_scenario(scenarios_dir / "village.toml")
    for spec in lever_specs(scenario):
        if spec.kind == "switch":
            assert (spec.lo, spec.hi) == (0, 1)
            continue
        assert spec.lo <= spec.default <= spec.hi, spec.path
        if spec.info.hi is not None:
            assert (spec.lo, spec.hi) == (spec.info.lo or 0, spec.info.hi), spec.path
        else:
            assert not spec.bounded_above
            assert spec.hi >= OPEN_RANGE_FACTOR * spec.default, spec.path
        assert 0 < spec.step <= (spec.hi - spec.lo), spec.path


def test_day_levers_reach_the_end_of_the_run(scenarios_dir: Path) -> None:
    scenario = load_scenario(scenarios_dir / "village.toml")
    rollout = next(
        s for s in lever_specs(scenario) if s.path == "sharing.standard_rollout_start_day"
    )
    assert rollout.hi == scenario.days


def test_groups_are_mechanisms() -> None:
    assert group_of("appraisal.audit_rate") == "grid"
    assert group_of("departments.judicial.data_standard") == "centre"
    assert group_of("sharing.shared_cloud") == "sharing"


def test_sum_to_one_groups_are_what_the_schema_enforces(scenarios_dir: Path) -> None:
    scenario = load_scenario(scenarios_dir / "village.toml")
    values = {row.path: row.default for row in iter_fields(scenario)}
    for group in SUM_TO_ONE:
        lone = {group[0]: min(1.0, float(values[group[0]]) + 0.2)}  # type: ignore[arg-type]
        with pytest.raises(ScenarioError, match="must sum to 1"):
            load_scenario(scenarios_dir / "village.toml", lone)
        current = {p: float(values[p]) for p in group}  # type: ignore[arg-type]
        changes = balanced(group[0], lone[group[0]], current)
        assert sum(changes.values()) == pytest.approx(1.0, abs=1e-9)
        load_scenario(scenarios_dir / "village.toml", changes)  # valid


def test_balanced_keeps_partners_proportions() -> None:
    current = {
        "appraisal.count_weight": 0.7,
        "appraisal.resolution_weight": 0.2,
        "appraisal.satisfaction_weight": 0.1,
    }
    changes = balanced("appraisal.count_weight", 0.4, current)
    assert changes["appraisal.resolution_weight"] == pytest.approx(0.4)
    assert changes["appraisal.satisfaction_weight"] == pytest.approx(0.2)
    assert balanced("cameras.coverage_share", 0.5, {}) == {"cameras.coverage_share": 0.5}
