"""Scenario validation engine and loading: accept/reject pairs on a toy schema."""

from __future__ import annotations

import json
import math
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsim.scenario.engine import (
    FieldRow,
    Problem,
    ScenarioError,
    build,
    get_path,
    iter_fields,
    to_data,
)
from govsim.scenario.fields import param
from govsim.scenario.loading import (
    apply_overrides,
    load_scenario,
    parse_override,
    read_scenario_data,
    with_overrides,
)

# --------------------------------------------------------------------------------------------
# A toy schema exercising every kind of field
# --------------------------------------------------------------------------------------------


class Channel(StrEnum):
    HOTLINE = "hotline"
    GRID_WORKER = "grid_worker"
    APP = "app"


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    name: str = param("", unit="-", doc="identifier")
    rate_per_1000_per_month: float = param(
        1.0, unit="problems/1000 villagers/month", doc="arrival rate", lo=0
    )
    lead_department: str = param("civil_affairs", unit="-", doc="department in charge")
    severity: float = param(0.5, unit="0-1", doc="how bad", lo=0, hi=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Publicity:
    budget_shares: tuple[float, ...] = param((0.5, 0.5), unit="share", doc="split", lo=0, hi=1)
    plain_language: bool = param(False, unit="-", doc="plain words", lever=True)

    def check(self) -> Iterator[tuple[str, object, str]]:
        total = sum(self.budget_shares)
        if abs(total - 1) > 1e-9:
            yield (
                "budget_shares",
                self.budget_shares,
                f"shares must sum to 1 (they sum to {total:g})",
            )


DEFAULT_CATEGORIES = (
    Category(name="neighbour_dispute"),
    Category(name="flood", severity=0.9, lead_department="water"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    name: str = param("unnamed", unit="-", doc="scenario name")
    days: int = param(365, unit="days", doc="run length", lo=1)
    queue_limit: int = param(10, unit="cases", doc="most cases waiting", hi=15)
    first_channel: Channel = param(Channel.HOTLINE, unit="-", doc="first", lever=True)
    channels: tuple[Channel, ...] = param((Channel.HOTLINE,), unit="-", doc="channels open")
    publicity: Publicity = param(Publicity(), unit="-", doc="publicity")
    categories: tuple[Category, ...] = param(
        DEFAULT_CATEGORIES, unit="-", doc="problem categories", keyed=True
    )
    optional_thing: float | None = param(None, unit="days", doc="optional delay", lo=0)

    def check(self) -> Iterator[tuple[str, object, str]]:
        for category in self.categories:
            if category.lead_department == "nobody":
                path = f"categories.{category.name}.lead_department"
                yield (path, category.lead_department, "a category needs a lead department")


@dataclass(frozen=True, slots=True, kw_only=True)
class Unnamed:
    """A schema without a ``name`` field (load_scenario must not inject one)."""

    level: int = param(1, unit="-", doc="level", lo=0)


def rejects(data: dict[str, Any], match: str) -> ScenarioError:
    with pytest.raises(ScenarioError, match=match) as info:
        build(Scenario, data)
    return info.value


# --------------------------------------------------------------------------------------------
# build: accept/reject pairs, one rule at a time
# --------------------------------------------------------------------------------------------


def test_empty_data_gives_the_defaults() -> None:
    assert build(Scenario, {}) == Scenario()


def test_bool_accepts_only_booleans() -> None:
    assert build(Scenario, {"publicity": {"plain_language": True}}).publicity.plain_language
    for bad in (1, 0, "true"):
        rejects({"publicity": {"plain_language": bad}}, "expected true or false")


def test_int_accepts_integers_only() -> None:
    assert build(Scenario, {"days": 30}).days == 30
    for bad in (2.0, True, "3"):
        rejects({"days": bad}, rf"days = {bad!r}: expected an integer")


def test_float_accepts_ints_and_floats_as_float() -> None:
    scenario = build(Scenario, {"categories": {"flood": {"rate_per_1000_per_month": 2}}})
    rate = scenario.categories[1].rate_per_1000_per_month
    assert rate == 2.0
    assert type(rate) is float


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (True, "expected a number"),
        ("1.5", "expected a number"),
        (math.nan, "finite"),
        (math.inf, "finite"),
    ],
)
def test_float_rejects_bool_strings_nan_and_inf(bad: object, match: str) -> None:
    rejects(
        {"categories": {"flood": {"severity": bad}}}, rf"categories\.flood\.severity = .*{match}"
    )


def test_str_accepts_only_strings() -> None:
    assert build(Scenario, {"name": "pilot"}).name == "pilot"
    rejects({"name": 3}, "name = 3: expected a string")


@pytest.mark.parametrize("spelling", ["grid_worker", "GRID_WORKER", "Grid_Worker"])
def test_enum_accepts_value_case_insensitively(spelling: str) -> None:
    assert build(Scenario, {"first_channel": spelling}).first_channel is Channel.GRID_WORKER


def test_enum_rejects_unknown_value_listing_allowed() -> None:
    rejects(
        {"first_channel": "phone"},
        "first_channel = 'phone': expected one of: hotline, grid_worker, app",
    )
    rejects({"first_channel": 1}, "expected one of: hotline, grid_worker, app")


def test_bounds_are_inclusive() -> None:
    for edge in (0, 1):
        assert (
            build(Scenario, {"categories": {"flood": {"severity": edge}}}).categories[1].severity
            == edge
        )
    assert build(Scenario, {"queue_limit": 15}).queue_limit == 15
    assert build(Scenario, {"days": 1}).days == 1


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"categories": {"flood": {"severity": 1.5}}}, "severity = 1.5: must be between 0 and 1"),
        ({"categories": {"flood": {"rate_per_1000_per_month": -1}}}, "= -1: must be >= 0"),
        ({"queue_limit": 16}, "queue_limit = 16: must be <= 15"),
        ({"days": 0}, "days = 0: must be >= 1"),
    ],
)
def test_bounds_reject_out_of_range(data: dict[str, Any], match: str) -> None:
    rejects(data, match)


def test_unknown_key_suggests_close_match() -> None:
    rejects(
        {"categories": {"flood": {"rate_per_1000_per_mnth": 2}}},
        r"categories\.flood\.rate_per_1000_per_mnth = 2: unknown key; did you mean "
        r"'rate_per_1000_per_month'\?",
    )


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    rejects(
        {"publicity": {"zzz": 1}},
        "publicity.zzz = 1: unknown key; allowed keys: budget_shares, plain_language",
    )


def test_nested_table_keeps_unmentioned_defaults() -> None:
    scenario = build(Scenario, {"publicity": {"plain_language": True}})
    assert scenario.publicity == Publicity(plain_language=True)


def test_table_where_value_expected_and_value_where_table_expected() -> None:
    rejects({"publicity": 3}, "publicity = 3: expected a table of Publicity")
    rejects({"days": {"a": 1}}, r"days = \{'a': 1\}: expected an integer")
    rejects(
        {"publicity": {"budget_shares": 0.5}},
        r"publicity\.budget_shares = 0\.5: expected an array of float",
    )


def test_root_must_be_a_table() -> None:
    with pytest.raises(ScenarioError, match="<scenario> = 3: expected a table of Scenario"):
        build(Scenario, 3)  # type: ignore[arg-type]


def test_tuple_elements_are_validated_with_index_paths() -> None:
    shares = build(Scenario, {"publicity": {"budget_shares": [0.25, 0.75]}}).publicity.budget_shares
    assert shares == (0.25, 0.75)
    rejects(
        {"publicity": {"budget_shares": [0.5, 1.5]}},
        r"publicity\.budget_shares\[1\] = 1\.5: must be between 0 and 1",
    )
    rejects(
        {"publicity": {"budget_shares": [True, 1.0]}},
        r"budget_shares\[0\] = True: expected a number",
    )
    channels = build(Scenario, {"channels": ["APP", "hotline"]}).channels
    assert channels == (Channel.APP, Channel.HOTLINE)
    rejects({"channels": ["app", "fax"]}, r"channels\[1\] = 'fax': expected one of")


def test_keyed_item_merges_onto_the_default_item() -> None:
    scenario = build(Scenario, {"categories": {"flood": {"rate_per_1000_per_month": 4}}})
    flood = get_path(scenario, "categories.flood")
    assert flood == Category(
        name="flood", severity=0.9, lead_department="water", rate_per_1000_per_month=4.0
    )
    assert [c.name for c in scenario.categories] == ["neighbour_dispute", "flood"]


def test_keyed_new_item_starts_from_item_class_defaults() -> None:
    scenario = build(Scenario, {"categories": {"landslide": {"severity": 0.7}}})
    assert [c.name for c in scenario.categories] == ["neighbour_dispute", "flood", "landslide"]
    assert scenario.categories[2] == Category(name="landslide", severity=0.7)


def test_keyed_item_false_removes_it() -> None:
    scenario = build(Scenario, {"categories": {"flood": False, "ghost": False}})
    assert [c.name for c in scenario.categories] == ["neighbour_dispute"]


@pytest.mark.parametrize(
    ("categories", "match"),
    [
        ({"flood risk": {}}, "categories.flood risk = 'flood risk': item name must be"),
        ({"flood": 3}, r"categories\.flood = 3: expected a table of Category \(or false"),
        ({"flood": True}, r"categories\.flood = True: expected a table of Category"),
        (
            {"flood": {"name": "storm"}},
            r"categories\.flood\.name = 'storm': must equal the table key 'flood'",
        ),
        ([{"name": "flood"}], "categories = .*: expected a table keyed by item name"),
        (
            {"flood": {"severity": -0.1}},
            r"categories\.flood\.severity = -0\.1: must be between 0 and 1",
        ),
    ],
)
def test_keyed_rejections(categories: object, match: str) -> None:
    rejects({"categories": categories}, match)


def test_keyed_item_may_repeat_its_own_name() -> None:
    assert build(Scenario, {"categories": {"flood": {"name": "flood"}}}) == Scenario()


def test_optional_accepts_none_or_the_type() -> None:
    assert build(Scenario, {"optional_thing": None}).optional_thing is None
    assert build(Scenario, {"optional_thing": 3}).optional_thing == 3.0
    rejects({"optional_thing": "soon"}, "optional_thing = 'soon': expected a number")
    rejects({"optional_thing": -1.0}, "optional_thing = -1.0: must be >= 0")


def test_check_rule_reports_full_path() -> None:
    rejects(
        {"publicity": {"budget_shares": [0.3, 0.6]}},
        r"publicity\.budget_shares = \(0\.3, 0\.6\): shares must sum to 1 \(they sum to 0\.9\)",
    )
    rejects(
        {"categories": {"flood": {"lead_department": "nobody"}}},
        "categories.flood.lead_department = 'nobody': a category needs a lead department",
    )


def test_check_rule_not_run_when_fields_are_invalid() -> None:
    err = rejects({"publicity": {"budget_shares": [0.3, 2.0]}}, "must be between 0 and 1")
    assert [p.path for p in err.problems] == ["publicity.budget_shares[1]"]


def test_all_problems_are_collected_in_one_error() -> None:
    data = {
        "days": 2.5,
        "first_channel": "fax",
        "publicity": {"plain_langage": True},
        "categories": {"flood": {"severity": 2}},
    }
    with pytest.raises(ScenarioError, match=r"invalid scenario x\.toml:") as info:
        build(Scenario, data, source="x.toml")
    err = info.value
    assert {p.path for p in err.problems} == {
        "days",
        "first_channel",
        "publicity.plain_langage",
        "categories.flood.severity",
    }
    lines = str(err).splitlines()
    assert lines[0] == "invalid scenario x.toml:"
    assert "  - days = 2.5: expected an integer" in lines
    assert len(lines) == 5


def test_path_prefix_and_header_without_source() -> None:
    with pytest.raises(
        ScenarioError, match=r"^invalid scenario:\n  - outer\.days = 0: must be >= 1$"
    ):
        build(Scenario, {"days": 0}, path="outer")


def test_problem_and_error_formatting_and_pickling() -> None:
    problem = Problem("a.b", 0.5, "must be >= 1")
    assert str(problem) == "a.b = 0.5: must be >= 1"
    err = ScenarioError([problem], "s.toml")
    clone = pickle.loads(pickle.dumps(err))
    assert clone.problems == (problem,)
    assert clone.source == "s.toml"
    assert str(clone) == str(err)
    assert isinstance(err, ValueError)


def test_unsupported_schema_type_is_a_programming_error() -> None:
    @dataclass(frozen=True)
    class Bad:
        members: frozenset[int] = param(frozenset(), unit="-", doc="unsupported")

    with pytest.raises(TypeError, match="cannot validate"):
        build(Bad, {"members": [1]})


# --------------------------------------------------------------------------------------------
# to_data, iter_fields, get_path
# --------------------------------------------------------------------------------------------


def test_to_data_is_plain_and_round_trips() -> None:
    scenario = build(
        Scenario,
        {
            "first_channel": "app",
            "optional_thing": 2,
            "categories": {"flood": False, "storm": {"severity": 1}},
        },
    )
    data = to_data(scenario)
    assert data["first_channel"] == "app"
    assert data["channels"] == ["hotline"]
    assert data["publicity"] == {"budget_shares": [0.5, 0.5], "plain_language": False}
    assert data["categories"]["flood"] is False
    assert "name" not in data["categories"]["storm"]
    assert json.loads(json.dumps(data)) == data
    assert build(Scenario, data) == scenario


def test_to_data_omits_none() -> None:
    assert "optional_thing" not in to_data(Scenario())


def test_to_data_rejects_non_dataclasses() -> None:
    with pytest.raises(TypeError, match="scenario dataclass instance"):
        to_data({"days": 1})


def test_iter_fields_walks_leaves_with_dotted_paths() -> None:
    rows = {row.path: row for row in iter_fields(Scenario)}
    assert list(rows)[:5] == ["name", "days", "queue_limit", "first_channel", "channels"]
    assert "publicity" not in rows
    assert "categories.flood.name" not in rows
    severity = rows["categories.flood.severity"]
    assert severity == FieldRow("categories.flood.severity", severity.info, "float", 0.9)
    assert (severity.info.lo, severity.info.hi, severity.info.unit) == (0, 1, "0-1")
    assert rows["publicity.budget_shares"].type_name == "tuple[float, ...]"
    assert rows["optional_thing"].type_name == "float | None"
    assert rows["first_channel"].type_name == "Channel"
    levers = [row.path for row in rows.values() if row.info.lever]
    assert levers == ["first_channel", "publicity.plain_language"]


def test_iter_fields_of_instance_uses_current_values_and_prefix() -> None:
    scenario = build(Scenario, {"days": 30, "categories": {"storm": {}}})
    rows = {row.path: row.default for row in iter_fields(scenario, prefix="s")}
    assert rows["s.days"] == 30
    assert rows["s.categories.storm.severity"] == 0.5


def test_get_path_reads_nested_keyed_and_indexed_values() -> None:
    scenario = Scenario()
    assert get_path(scenario, "days") == 365
    assert get_path(scenario, "publicity.plain_language") is False
    assert get_path(scenario, "categories.flood.severity") == 0.9
    assert get_path(scenario, "publicity.budget_shares.1") == 0.5
    assert get_path(scenario, "") is scenario


@pytest.mark.parametrize(
    ("path", "match"),
    [
        (
            "publicity.plain_langage",
            "publicity.plain_langage = 'plain_langage': no such value; "
            "did you mean 'plain_language'",
        ),
        (
            "categories.storm.severity",
            "categories.storm = 'storm': no such value; allowed: neighbour_dispute, flood",
        ),
        ("publicity.budget_shares.7", "allowed: 0, 1"),
        ("days.x", "days.x = 'x': no such value: parent is a leaf"),
    ],
)
def test_get_path_rejects_missing_values(path: str, match: str) -> None:
    with pytest.raises(ScenarioError, match=match):
        get_path(Scenario(), path)


NEW_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda n: n not in {c.name for c in DEFAULT_CATEGORIES}
)


def categories_named(name: str) -> st.SearchStrategy[Category]:
    return st.builds(
        Category,
        name=st.just(name),
        rate_per_1000_per_month=st.floats(0, 1e6),
        lead_department=st.text(max_size=10).filter(lambda department: department != "nobody"),
        severity=st.floats(0, 1),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    kept = [c.name for c in DEFAULT_CATEGORIES if draw(st.booleans())]
    new = draw(st.lists(NEW_NAMES, unique=True, max_size=3))
    categories = tuple(draw(categories_named(name)) for name in kept + new)
    share = draw(st.floats(0, 1))
    return Scenario(
        name=draw(st.text(max_size=12)),
        days=draw(st.integers(1, 10_000)),
        queue_limit=draw(st.integers(-100, 15)),
        first_channel=draw(st.sampled_from(Channel)),
        channels=tuple(draw(st.lists(st.sampled_from(Channel), max_size=3))),
        publicity=Publicity(budget_shares=(share, 1 - share), plain_language=draw(st.booleans())),
        categories=categories,
        optional_thing=draw(st.none() | st.floats(0, 1e3)),
    )


@given(scenarios())
def test_round_trip_property(scenario: Scenario) -> None:
    data = to_data(scenario)
    assert build(Scenario, json.loads(json.dumps(data))) == scenario


# --------------------------------------------------------------------------------------------
# Files: extends chains and deep merge
# --------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_read_plain_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.toml", "days = 30\n[publicity]\nplain_language = true\n")
    assert read_scenario_data(path) == {"days": 30, "publicity": {"plain_language": True}}


def test_extends_chain_deep_merges(tmp_path: Path) -> None:
    write(
        tmp_path / "base" / "root.toml",
        'name = "root"\ndays = 10\nchannels = ["hotline", "app"]\n'
        "[publicity]\nbudget_shares = [0.2, 0.8]\nplain_language = true\n"
        '[categories.flood]\nseverity = 0.4\nlead_department = "water"\n',
    )
    write(
        tmp_path / "base" / "mid.toml",
        'extends = "root.toml"\ndays = 20\nchannels = ["app"]\n'
        "[categories.flood]\nseverity = 0.6\n",
    )
    top = write(
        tmp_path / "top.toml",
        'extends = "base/mid.toml"\n[publicity]\nbudget_shares = [1.0]\n'
        "[categories.storm]\nseverity = 1.0\n",
    )
    assert read_scenario_data(top) == {
        "name": "root",
        "days": 20,
        "channels": ["app"],
        "publicity": {"budget_shares": [1.0], "plain_language": True},
        "categories": {
            "flood": {"severity": 0.6, "lead_department": "water"},
            "storm": {"severity": 1.0},
        },
    }


def test_extends_cycle_is_reported_with_file_names(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match=r"extends cycle: a\.toml -> b\.toml -> a\.toml"):
        read_scenario_data(tmp_path / "a.toml")


def test_extends_self_is_a_cycle(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match=r"extends cycle: a\.toml -> a\.toml"):
        read_scenario_data(tmp_path / "a.toml")


def test_extends_missing_file_names_path_and_extending_file(tmp_path: Path) -> None:
    top = write(tmp_path / "top.toml", 'extends = "nowhere.toml"\n')
    with pytest.raises(
        ScenarioError, match=r"top\.toml:\n  - extends: file not found: .*nowhere\.toml"
    ) as info:
        read_scenario_data(top)
    assert info.value.source == str(top)


def test_extends_must_be_a_string(tmp_path: Path) -> None:
    top = write(tmp_path / "top.toml", "extends = 3\n")
    with pytest.raises(ScenarioError, match="extends: expected the name of a TOML file"):
        read_scenario_data(top)


def test_toml_syntax_error_names_file(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", "days = = 3\n")
    top = write(tmp_path / "top.toml", 'extends = "base.toml"\n')
    with pytest.raises(
        ScenarioError, match=r"invalid scenario .*base\.toml:\n.*not valid TOML: .*line 1"
    ):
        read_scenario_data(top)


def test_missing_top_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file not found"):
        read_scenario_data(tmp_path / "missing.toml")


# --------------------------------------------------------------------------------------------
# Overrides
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("appraisal.count_weight=0.8", ("appraisal.count_weight", 0.8)),
        ("days=30", ("days", 30)),
        ("days = 30", ("days", 30)),
        ("publicity.plain_language=true", ("publicity.plain_language", True)),
        ("publicity.budget_shares=[0.1, 0.9]", ("publicity.budget_shares", [0.1, 0.9])),
        ('name="pilot run"', ("name", "pilot run")),
        ("first_channel=hotline", ("first_channel", "hotline")),
        ("name=a=b", ("name", "a=b")),
        ("name=", ("name", "")),
        ("name=1\nother=2", ("name", "1\nother=2")),
    ],
)
def test_parse_override(text: str, expected: tuple[str, Any]) -> None:
    assert parse_override(text) == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("days", "override = 'days': expected path=value"),
        ("=3", "path before '=' must be dotted names"),
        ("a..b=3", "path before '=' must be dotted names"),
    ],
)
def test_parse_override_rejects_malformed(text: str, match: str) -> None:
    with pytest.raises(ScenarioError, match=match):
        parse_override(text)


def test_apply_overrides_sets_paths_without_touching_input() -> None:
    data: dict[str, Any] = {"days": 10, "publicity": {"plain_language": False}}
    result = apply_overrides(
        data, ["publicity.plain_language=true", "categories.storm.severity=0.3"]
    )
    assert result == {
        "days": 10,
        "publicity": {"plain_language": True},
        "categories": {"storm": {"severity": 0.3}},
    }
    assert data == {"days": 10, "publicity": {"plain_language": False}}
    assert apply_overrides(data, {"days": 5})["days"] == 5
    assert apply_overrides(data, "days=6")["days"] == 6


def test_apply_overrides_through_a_non_table_is_an_error() -> None:
    with pytest.raises(
        ScenarioError, match=r"days = 10: is not a table, so 'days\.x' cannot be set"
    ):
        apply_overrides({"days": 10}, ["days.x=1"])
    with pytest.raises(ScenarioError, match="path before '=' must be dotted names"):
        apply_overrides({}, {"a..b": 1})


def test_unknown_override_leaf_is_reported_by_build() -> None:
    data = apply_overrides({}, ["publicity.plain_langauge=true"])
    with pytest.raises(ScenarioError, match="did you mean 'plain_language'"):
        build(Scenario, data)


def test_with_overrides_returns_validated_copy() -> None:
    scenario = Scenario()
    changed = with_overrides(scenario, ["categories.flood.severity=0.2", "first_channel=APP"])
    assert changed.categories[1].severity == 0.2
    assert changed.first_channel is Channel.APP
    assert with_overrides(scenario, ["categories.flood=false"]).categories == DEFAULT_CATEGORIES[:1]
    assert scenario == Scenario()
    with pytest.raises(
        ScenarioError, match=r"categories\.flood\.severity = 2: must be between 0 and 1"
    ):
        with_overrides(scenario, {"categories.flood.severity": 2})


# --------------------------------------------------------------------------------------------
# load_scenario
# --------------------------------------------------------------------------------------------


def test_load_scenario_from_file_names_it_after_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "pilot.toml", 'days = 30\nfirst_channel = "grid_worker"\n')
    scenario = load_scenario(path, schema=Scenario)
    assert scenario == Scenario(name="pilot", days=30, first_channel=Channel.GRID_WORKER)
    named = write(tmp_path / "other.toml", 'name = "given"\n')
    assert load_scenario(str(named), schema=Scenario).name == "given"


def test_load_scenario_applies_overrides_after_name(tmp_path: Path) -> None:
    path = write(tmp_path / "pilot.toml", "days = 30\n")
    scenario = load_scenario(path, ["days=40", "name=renamed"], schema=Scenario)
    assert (scenario.days, scenario.name) == (40, "renamed")


def test_load_scenario_errors_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.toml", "days = 0\n")
    with pytest.raises(
        ScenarioError, match=r"invalid scenario .*bad\.toml:\n  - days: must be >= 1"
    ) as info:
        load_scenario(path, schema=Scenario)
    assert info.value.source == str(path)
    with pytest.raises(
        ScenarioError,
        match=r"invalid scenario .*bad\.toml:\n  - days\.x = 1: days is a single value, not a table",
    ):
        load_scenario(path, ["days=3", "days.x=1"], schema=Scenario)


def test_load_scenario_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"file: file not found: .*missing\.toml"):
        load_scenario(tmp_path / "missing.toml", schema=Scenario)


def test_load_scenario_from_mapping() -> None:
    data = {"days": 3}
    assert load_scenario(data, {"queue_limit": 2}, schema=Scenario) == Scenario(
        days=3, queue_limit=2
    )
    assert data == {"days": 3}


def test_load_scenario_does_not_name_schemas_without_name(tmp_path: Path) -> None:
    path = write(tmp_path / "level.toml", "level = 2\n")
    assert load_scenario(path, schema=Unnamed) == Unnamed(level=2)


# --------------------------------------------------------------------------------------------
# Scalar unions, tables, item limits, override paths, hidden values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    bound: int | float | None = param(None, unit="-", doc="a number that keeps its type", hi=10)
    choice: str | int | float | bool = param(0, unit="-", doc="any scalar")
    weights: dict[str, float] = param({}, unit="-", doc="named weights", lo=0, max_items=2)
    tags: tuple[str, ...] = param((), unit="-", doc="tags", max_items=3)


def test_scalar_unions_keep_the_type_given() -> None:
    assert build(Entry, {"bound": 3}).bound == 3
    assert isinstance(build(Entry, {"bound": 3}).bound, int)
    assert isinstance(build(Entry, {"bound": 3.0}).bound, float)
    assert build(Entry, {"choice": True}).choice is True
    assert build(Entry, {"choice": "a"}).choice == "a"
    with pytest.raises(ScenarioError, match=r"bound = 'x': expected an integer or a number"):
        build(Entry, {"bound": "x"})
    with pytest.raises(ScenarioError, match=r"bound = 11: must be <= 10"):
        build(Entry, {"bound": 11})
    with pytest.raises(
        ScenarioError, match="expected a string, an integer, a number or true/false"
    ):
        build(Entry, {"choice": [1]})


def test_tables_and_item_limits() -> None:
    assert build(Entry, {"weights": {"a.b": 1, "c": 0.5}}).weights == {"a.b": 1.0, "c": 0.5}
    with pytest.raises(ScenarioError, match=r"weights\.c = -1: must be >= 0"):
        build(Entry, {"weights": {"c": -1}})
    with pytest.raises(ScenarioError, match=r"weights = .*at most 2 items are allowed; got 3"):
        build(Entry, {"weights": {"a": 1, "b": 1, "c": 1}})
    with pytest.raises(ScenarioError, match=r"tags = .*at most 3 items are allowed; got 4"):
        build(Entry, {"tags": ["a", "b", "c", "d"]})
    with pytest.raises(ScenarioError, match="weights = 3: expected a table"):
        build(Entry, {"weights": 3})
    assert to_data(build(Entry, {"weights": {"a": 2}})) == {
        "choice": 0,
        "weights": {"a": 2.0},
        "tags": [],
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("days", None),
        ("publicity.plain_language", None),
        ("categories", None),
        ("categories.storm", None),
        ("categories.storm.severity", None),
        ("no.such.path", "unknown key 'no'; allowed: name, days"),
        ("publicity.plain_langage", "unknown key 'plain_langage' in 'publicity'; did you mean"),
        ("categories.flood.sevrity", "unknown key 'sevrity' in 'categories.flood'"),
        ("days.x", "days is a single value, not a table, so it has no 'x'"),
    ],
)
def test_override_paths_are_checked_against_the_schema(path: str, expected: str | None) -> None:
    from govsim.scenario.engine import path_problem

    found = path_problem(Scenario, path)
    assert found == expected if expected is None else expected in str(found)


def test_a_problem_without_its_value_does_not_show_it() -> None:
    problem = Problem("days", "secret", "expected an integer")
    assert str(problem.without_value()) == "days: expected an integer"
    assert problem.without_value().value is None
    error = ScenarioError([problem.without_value()], "x.toml")
    assert "secret" not in str(error)
    assert pickle.loads(pickle.dumps(error)).problems == error.problems
