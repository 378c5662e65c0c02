"""Programme cost: the [costs] section and the cost metrics (known answers, every costed lever)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import govsim
from govsim import Scenario
from govsim.metrics import COST_LINES, SUMMARY, Direction, Group
from govsim.scenario import ScenarioError, iter_fields, load_scenario, with_overrides
from govsim.scenario.sections.costs import Costs

DAYS = 40
LEVER_DAYS = 150  # long enough for a village to close cases whose reporters are told


def _zero_costs() -> dict[str, float]:
    return {f"costs.{f.name}": 0.0 for f in dataclasses.fields(Costs)}


def test_every_unit_cost_is_in_cny_with_a_source_and_not_negative() -> None:
    rows = [row for row in iter_fields(Scenario) if row.path.startswith("costs.")]
    assert len(rows) == len(dataclasses.fields(Costs))
    for row in rows:
        assert row.info.unit.startswith("CNY/"), row.path
        assert row.info.lo == 0, row.path
        assert row.info.source.startswith(("E", "S")), row.path
        assert not row.info.lever, row.path  # unit costs are prices, not policy levers


def test_a_negative_unit_cost_is_rejected_with_its_path(village: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"costs\.village_meeting_cny = -1"):
        with_overrides(village, {"costs.village_meeting_cny": -1.0})


def test_cost_metrics_are_registered_cost_lines_in_cny_per_year() -> None:
    for name in (*COST_LINES, "programme_cost_cny_per_year"):
        metric = SUMMARY[name]
        assert metric.group is Group.COST
        assert metric.direction is Direction.LOWER
        assert metric.unit == "CNY/year"
    denominator = SUMMARY["resolved_in_time_cases_per_year"]
    assert denominator.direction is Direction.HIGHER


def test_programme_cost_is_the_sum_of_its_lines(village: Scenario, cached_run: Any) -> None:
    summary = cached_run(village, days=DAYS, seed=1).summary
    total = sum(summary[name] for name in COST_LINES)
    assert summary["programme_cost_cny_per_year"] == pytest.approx(total)
    assert summary["programme_cost_cny_per_year"] > 0  # the status quo has staff and grid workers


def test_known_answer_with_a_single_priced_item(village: Scenario) -> None:
    """With every unit cost zero but staff pay, cost = adults/100k × Σ staff × pay."""
    overrides = {**_zero_costs(), "costs.department_staff_cny_per_year": 100_000.0}
    scenario = with_overrides(village, overrides)
    result = govsim.run(scenario, days=DAYS, seed=2)
    staff_per_100k = sum(d.staff_per_100k_adults for d in scenario.departments)
    expected = result.summary["villagers"] / 100_000 * staff_per_100k * 100_000.0
    assert result.summary["staffing_cost_cny_per_year"] == pytest.approx(expected)
    # publicity money and points are counted by the run, not priced in [costs]
    spent = result.summary["publicity_spent_cny"] * 365 / DAYS
    assert result.summary["programme_cost_cny_per_year"] == pytest.approx(expected + spent)


def test_flows_are_scaled_to_a_year(village: Scenario) -> None:
    """Publicity spending grows with the run; per year it stays the same order."""
    short = govsim.run(village, days=30, seed=3).summary
    longer = govsim.run(village, days=90, seed=3).summary
    assert longer["publicity_spent_cny"] > 2 * short["publicity_spent_cny"]
    assert longer["publicity_cost_cny_per_year"] == pytest.approx(
        short["publicity_cost_cny_per_year"], rel=0.5
    )


#: Each costed lever, switched on (from the status quo), and the budget line it must raise.
COSTED_LEVERS: list[tuple[dict[str, Any], str]] = [
    ({"centre.staff_per_100k_adults": 2.0}, "staffing_cost_cny_per_year"),
    ({"departments.judicial.staff_per_100k_adults": 4.0}, "staffing_cost_cny_per_year"),
    ({"grid_workers.households_per_worker": 120.0}, "grid_work_cost_cny_per_year"),
    ({"grid_workers.training": True}, "grid_work_cost_cny_per_year"),
    (
        {
            "appraisal.count_weight": 0.2,
            "appraisal.resolution_weight": 0.5,
            "appraisal.satisfaction_weight": 0.3,
            "appraisal.audit_rate": 0.2,
        },
        "grid_work_cost_cny_per_year",
    ),
    ({"cameras.coverage_share": 0.6}, "cameras_cost_cny_per_year"),
    ({"publicity.plain_language": True}, "publicity_cost_cny_per_year"),
    ({"incentives.points_enabled": True}, "incentives_cost_cny_per_year"),
    ({"incentives.spiritual_enabled": True}, "incentives_cost_cny_per_year"),
    ({"meetings.livestream": True}, "engagement_cost_cny_per_year"),
    ({"meetings.interval_days": 30}, "engagement_cost_cny_per_year"),
    ({"meetings.self_government_share": 0.5}, "engagement_cost_cny_per_year"),
    ({"wechat_groups.run_by_young_party_members": True}, "engagement_cost_cny_per_year"),
    ({"enterprises.forum_inclusion_share": 0.6}, "engagement_cost_cny_per_year"),
    ({"sharing.data_standard_share": 1.0}, "coordination_cost_cny_per_year"),
    ({"departments.judicial.data_standard": True}, "coordination_cost_cny_per_year"),
    ({"sharing.shared_cloud": True}, "coordination_cost_cny_per_year"),
    ({"sharing.responsibility_list_coverage": 1.0}, "coordination_cost_cny_per_year"),
    ({"sharing.linkage_meetings_per_month": 2.0}, "coordination_cost_cny_per_year"),
    ({"apps.event_classification": True}, "coordination_cost_cny_per_year"),
    ({"apps.feedback_feature": True}, "coordination_cost_cny_per_year"),
    (
        {"feedback.notified_share": 1.0, "costs.notification_cny_per_report": 8.0},
        "coordination_cost_cny_per_year",
    ),
]

#: Reporters told the outcome are counted by the run, so a lever that changes the cases closed
#: moves the coordination line through notifications; they are priced at zero in these pairs
#: (except in the notification pair itself) so that each pair isolates its lever's own price.
UNPRICED_NOTIFICATIONS = {"costs.notification_cny_per_report": 0.0}


@pytest.mark.parametrize(("overrides", "line"), COSTED_LEVERS, ids=lambda v: str(v)[:60])
def test_every_costed_lever_raises_its_budget_line(
    village: Scenario, cached_run: Any, overrides: dict[str, Any], line: str
) -> None:
    base = {
        **UNPRICED_NOTIFICATIONS,
        **{k: v for k, v in overrides.items() if k.startswith("costs.")},
    }
    status_quo = cached_run(village, days=LEVER_DAYS, seed=5, overrides=base).summary
    changed = cached_run(
        village, days=LEVER_DAYS, seed=5, overrides={**UNPRICED_NOTIFICATIONS, **overrides}
    ).summary
    assert changed[line] > status_quo[line]
    assert changed["programme_cost_cny_per_year"] > status_quo["programme_cost_cny_per_year"]


def test_scenario_files_may_set_their_own_prices(write_toml: Any, village_path: Any) -> None:
    path = write_toml(
        "priced.toml",
        f'extends = "{village_path}"\n[costs]\ncamera_cny_per_covered_grid_per_year = 4000\n',
    )
    scenario = load_scenario(path, search_paths=[village_path.parent])
    assert scenario.costs.camera_cny_per_covered_grid_per_year == 4000.0
