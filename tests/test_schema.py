"""Scenario validation with the real schema: accept/reject pairs (STYLE.md convention 10).

Each rejected scenario differs from an accepted one by a single value, and the error must name
the full dotted path of the field, so that users can find what to fix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import govsim
from govsim import Scenario, ScenarioError
from govsim.scenario import read_scenario_data

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


@pytest.fixture(scope="module")
def village_data(village_path: Path) -> dict[str, Any]:
    """Plain merged data of village.toml (its ``extends`` chain resolved)."""
    return read_scenario_data(village_path)


def _path_error(path: str, message: str = "") -> str:
    """Regex matching the problem line that names ``path`` (and optionally the message)."""
    return rf"(?m)^\s+- {re.escape(path)} = .*{message}"


# --------------------------------------------------------------------------------------------
# Shipped scenarios
# --------------------------------------------------------------------------------------------


def test_there_are_shipped_scenarios() -> None:
    assert {p.name for p in SCENARIOS} >= {"baseline.toml", "village.toml"}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_validates(path: Path) -> None:
    scenario = govsim.load_scenario(path)
    assert isinstance(scenario, Scenario)
    assert scenario.name
    assert scenario.departments
    assert scenario.categories


def test_village_has_one_village(village: Scenario) -> None:
    assert village.county.villages == 1


# --------------------------------------------------------------------------------------------
# Accept / reject pairs
# --------------------------------------------------------------------------------------------

# (id, valid override, invalid override, path named in the error, message fragment)
PAIRS: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    (
        "share out of range",
        {"feedback.notified_share": 1.0},
        {"feedback.notified_share": 1.5},
        "feedback.notified_share",
        "must be between 0 and 1",
    ),
    (
        "negative share",
        {"appraisal.audit_rate": 0.0},
        {"appraisal.audit_rate": -0.1},
        "appraisal.audit_rate",
        "must be between 0 and 1",
    ),
    (
        "below lower bound",
        {"county.villages": 1},
        {"county.villages": 0},
        "county.villages",
        "must be between 1 and 100000",
    ),
    # Upper bounds: what the model can represent (issue 14: these validated, then crashed).
    (
        "time limit beyond the ledger's int16",
        {"centre.sla_general_days": 3650},
        {"centre.sla_general_days": 40_000},
        "centre.sla_general_days",
        "must be between 1 and 3650",
    ),
    (
        "arrival rate beyond one problem per adult a month",
        {"categories.land_dispute.rate_per_1000_per_month": 1000.0},
        {"categories.land_dispute.rate_per_1000_per_month": 1e8},
        "categories.land_dispute.rate_per_1000_per_month",
        "must be between 0 and 1000",
    ),
    (
        "ten million villages",
        {"county.villages": 100_000, "county.villages_in_county": 100_000},
        {"county.villages": 10**7, "county.villages_in_county": 100_000},
        "county.villages",
        "must be between 1 and 100000",
    ),
    (
        "log-odds beyond what a probability can tell apart",
        {"reporting.intercept": -50.0},
        {"reporting.intercept": -1e30},
        "reporting.intercept",
        "must be between -50 and 50",
    ),
    (
        "string for an integer",
        {"county.villages": 2},
        {"county.villages": "two"},
        "county.villages",
        "expected an integer",
    ),
    (
        "float for an integer",
        {"centre.sla_general_days": 7},
        {"centre.sla_general_days": 7.0},
        "centre.sla_general_days",
        "expected an integer",
    ),
    (
        "number for a bool",
        {"reporting.enabled": False},
        {"reporting.enabled": 0},
        "reporting.enabled",
        "expected true or false",
    ),
    (
        "bool for a number",
        {"appraisal.audit_rate": 0.5},
        {"appraisal.audit_rate": True},
        "appraisal.audit_rate",
        "expected a number",
    ),
    (
        "NaN",
        {"feedback.learning_rate": 0.3},
        {"feedback.learning_rate": math.nan},
        "feedback.learning_rate",
        "expected a finite number",
    ),
    (
        "number for a table",
        {"departments.judicial.resolve_probability": 0.9},
        {"departments.judicial": 3},
        "departments.judicial",
        "expected a table",
    ),
    (
        "age-band shares must sum to 1",
        {
            "population.age_band_shares.age_18_39": 0.4,
            "population.age_band_shares.age_40_59": 0.36,
        },
        {"population.age_band_shares.age_18_39": 0.5},
        "population.age_band_shares",
        "shares must sum to 1",
    ),
    (
        "appraisal weights must sum to 1",
        {
            "appraisal.count_weight": 0.2,
            "appraisal.resolution_weight": 0.5,
            "appraisal.satisfaction_weight": 0.3,
        },
        {"appraisal.count_weight": 0.2},
        "appraisal.count_weight",
        "appraisal weights must sum to 1",
    ),
    (
        "publicity budget shares must sum to 1",
        {"publicity.website.budget_share": 0.5, "publicity.tv_radio.budget_share": 0.3},
        {"publicity.website.budget_share": 0.9},
        "publicity.website.budget_share",
        "publicity budget shares .* must sum to 1",
    ),
    (
        "enterprise kind shares must sum to 1",
        {"enterprises.kind_shares": [0.2, 0.3, 0.5]},
        {"enterprises.kind_shares": [0.6, 0.3, 0.2]},
        "enterprises.kind_shares",
        "shares must sum to 1",
    ),
    (
        "enterprise kind shares: one per kind",
        {"enterprises.kind_shares": [0.5, 0.3, 0.2]},
        {"enterprises.kind_shares": [0.5, 0.5]},
        "enterprises.kind_shares",
        "expected 3 values",
    ),
    (
        "category pointing at a missing department",
        {"categories.neighbour_dispute.lead_department": "civil_affairs"},
        {"categories.neighbour_dispute.lead_department": "ministry_of_magic"},
        "categories.neighbour_dispute.lead_department",
        "not a department of this scenario",
    ),
    (
        "assisting department missing",
        {"categories.neighbour_dispute.assist_departments": ["civil_affairs"]},
        {"categories.neighbour_dispute.assist_departments": ["civil_affairs", "nowhere"]},
        "categories.neighbour_dispute.assist_departments[1]",
        "not a department of this scenario",
    ),
    (
        "removing a department still in use",
        {"departments.judicial.resolve_probability": 0.5},
        {"departments.judicial": False},
        "categories.neighbour_dispute.lead_department",
        "not a department of this scenario",
    ),
    (
        "odd Watts-Strogatz neighbour count",
        {"network.neighbour_households": 4},
        {"network.neighbour_households": 5},
        "network.neighbour_households",
        "must be even",
    ),
]


@pytest.mark.parametrize(
    ("valid", "invalid", "path", "message"),
    [pytest.param(*pair[1:], id=pair[0]) for pair in PAIRS],
)
def test_accept_reject_pair(
    village_data: dict[str, Any],
    valid: dict[str, Any],
    invalid: dict[str, Any],
    path: str,
    message: str,
) -> None:
    accepted = govsim.load_scenario(village_data, valid)
    assert isinstance(accepted, Scenario)
    with pytest.raises(ScenarioError, match=_path_error(path, message)) as info:
        govsim.load_scenario(village_data, invalid)
    assert any(problem.path == path for problem in info.value.problems)


@pytest.mark.parametrize(
    ("typo", "named", "suggestion"),
    [
        ("appraisal.audit_rat", "appraisal.audit_rat", "audit_rate"),
        ("feedback.notifed_share", "feedback.notifed_share", "notified_share"),
        (
            "departments.judicial.resolve_probabilty",
            "departments.judicial.resolve_probabilty",
            "resolve_probability",
        ),
        (
            "categories.neighbour_dispute.visibilty",
            "categories.neighbour_dispute.visibilty",
            "visibility",
        ),
        ("channels.hotline.utilty", "channels.hotline.utilty", "utility"),
        # An override through a misspelt section is named whole.
        ("apraisal.audit_rate", "apraisal.audit_rate", "appraisal"),
    ],
)
def test_typo_is_rejected_with_did_you_mean(
    village_data: dict[str, Any], typo: str, named: str, suggestion: str
) -> None:
    pattern = rf"{re.escape(named)} = 0.5: unknown key .*; did you mean '{re.escape(suggestion)}'\?"
    with pytest.raises(ScenarioError, match=pattern) as info:
        govsim.load_scenario(village_data, {typo: 0.5})
    assert [p.path for p in info.value.problems] == [named]


def test_every_problem_is_reported_at_once(village_data: dict[str, Any]) -> None:
    bad = {"feedback.notified_share": 1.5, "county.villages": "two", "appraisal.audit_rat": 0.1}
    with pytest.raises(ScenarioError, match=r"feedback\.notified_share") as info:
        govsim.load_scenario(village_data, bad)
    assert {p.path for p in info.value.problems} == set(bad)


def test_string_overrides_are_parsed_like_the_cli(village_data: dict[str, Any]) -> None:
    scenario = govsim.load_scenario(
        village_data, ["appraisal.audit_rate=0.25", "reporting.enabled=false"]
    )
    assert scenario.appraisal.audit_rate == 0.25
    assert scenario.reporting.enabled is False
    with pytest.raises(ScenarioError, match="expected path=value"):
        govsim.load_scenario(village_data, ["appraisal.audit_rate"])


def test_scenarios_are_immutable(village: Scenario) -> None:
    with pytest.raises(AttributeError, match=r"cannot assign|read-only|frozen"):
        village.appraisal.audit_rate = 0.5  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def test_file_extending_village_and_removing_departments(
    village: Scenario, village_path: Path, write_toml: Callable[[str, str], Path]
) -> None:
    search = [village_path.parent]
    kept = "civil_affairs"
    removed = [d.name for d in village.departments if d.name != kept]
    lines = [f'extends = "{village_path.as_posix()}"', "[departments]"]
    lines += [f"{name} = false" for name in removed]
    lines += ["[categories]"]
    lines += [f"{c.name} = false" for c in village.categories[1:]]
    first = village.categories[0].name
    lines += [
        f"[categories.{first}]",
        f'lead_department = "{kept}"',
        "assist_departments = []",
    ]
    path = write_toml("one_department.toml", "\n".join(lines) + "\n")
    scenario = govsim.load_scenario(path, search_paths=search)
    assert scenario.name == village.name  # inherited through `extends`
    assert [d.name for d in scenario.departments] == [kept]
    assert [c.name for c in scenario.categories] == [first]
    assert scenario.county.villages == 1

    # Without re-pointing the category, the removed department is still referenced.
    bad = write_toml("dangling.toml", "\n".join(lines[:-3]) + "\n")
    with pytest.raises(
        ScenarioError, match=rf"categories\.{first}\.lead_department: not a department"
    ) as info:
        govsim.load_scenario(bad, search_paths=search)
    assert info.value.source == str(bad)


def test_file_errors_name_the_file(
    village_path: Path, write_toml: Callable[[str, str], Path]
) -> None:
    typo = write_toml(
        "typo.toml", f'extends = "{village_path.as_posix()}"\n[feedback]\nnotified_shar = 0.5\n'
    )
    with pytest.raises(
        ScenarioError,
        match=r"invalid scenario .*typo\.toml:(.|\n)*feedback\.notified_shar: unknown key; did you mean 'notified_share'\?",
    ):
        govsim.load_scenario(typo, search_paths=[village_path.parent])
    broken = write_toml("broken.toml", "[feedback\nnotified_share = 0.5\n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        govsim.load_scenario(broken)
    with pytest.raises(ScenarioError, match="file not found"):
        govsim.load_scenario(village_path.with_name("no_such_scenario.toml"))
