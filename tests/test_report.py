"""The decision report: lever differences, statistics, formatting, both languages, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim import i18n
from govsim.cli import main
from govsim.experiments import ExperimentError
from govsim.report import (
    HEADLINE,
    PATHS,
    ArmModel,
    ChangeKind,
    DecisionReport,
    Verdict,
    arm_scenarios,
    compare,
    cost_effectiveness,
    lever_changes,
    paired_effects,
    rollout_changes,
    time_paths,
)
from govsim.report.formatting import format_change, format_interval, format_money, format_value
from govsim.scenario import Scenario, in_force, load_scenario, with_overrides

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
ONE_VILLAGE = {"county.villages": 1, "county.households_per_village_sd": 0.0, "spin_up_days": 0}


# -- what a package changes ---------------------------------------------------------------------


def test_result_appraisal_changes_exactly_its_four_levers() -> None:
    reference = load_scenario(SCENARIOS / "baseline.toml")
    package = load_scenario(SCENARIOS / "result_appraisal.toml")
    changes = {c.path: (c.reference, c.package) for c in lever_changes(reference, package)}
    assert changes == {
        "appraisal.count_weight": (0.7, 0.2),
        "appraisal.resolution_weight": (0.2, 0.5),
        "appraisal.satisfaction_weight": (0.1, 0.3),
        "appraisal.audit_rate": (0.0, 0.2),
    }


def test_identical_scenarios_change_nothing(village: Scenario) -> None:
    assert lever_changes(village, village) == []


def test_assumptions_and_prices_are_flagged_after_levers(village: Scenario) -> None:
    package = with_overrides(
        village,
        {
            "reporting.trust_weight": 2.0,
            "costs.village_meeting_cny": 800.0,
            "meetings.livestream": True,
        },
    )
    changes = lever_changes(village, package)
    assert [c.kind for c in changes] == [ChangeKind.LEVER, ChangeKind.ASSUMPTION, ChangeKind.PRICE]
    assert changes[0].info.unit == "-"


# -- numbers as a planner reads them -------------------------------------------------------------


def test_formatting_follows_the_registry_units() -> None:
    assert format_value(0.712, "share of closed genuine cases") == "71.2%"
    assert format_change(0.031, "share of adults") == "+3.1 pp"
    assert format_change(0.031, "share of adults", "zh") == "+3.1个百分点"
    assert format_change(-1.2, "days") == "−1.2 d"
    assert format_value(0.0043, "percentage points") == "0.4 pp"
    assert format_change(-36.4, "open cases") == "−36"
    assert format_money(1_891_907.0) == "CNY 1.89 M"
    assert format_money(1_891_907.0, "zh") == "189.2万元"
    assert format_money(6875.2, signed=True) == "+CNY 6,875"
    assert format_interval(0.011, 0.118, "share of adults") == "+1.1 to +11.8 pp"
    assert format_value(float("nan"), "days") == "–"


# -- statistics ----------------------------------------------------------------------------------


def _synthetic(seeds: int = 8) -> pd.DataFrame:
    """Outcomes of a reference and two packages with known effects, paired by seed."""
    rng = np.random.default_rng(0)
    rows = []
    for seed in range(seeds):
        noise = rng.normal(size=4)
        base = {
            "backlog_end": 70.0 + 5 * noise[0],
            "mean_trust": 0.5 + 0.01 * noise[1],
            "channel_share_app": 0.01,
            "programme_cost_cny_per_year": 1.0e6,
            "resolved_in_time_cases_per_year": 1800.0 + 50 * noise[2],
            "participation_share": 0.2 + 0.005 * noise[3],
            "villagers": 1000.0,
        }
        arms = {
            "status quo": base,
            # lowers the backlog clearly (better), costs 50,000 more, resolves 200 more in time
            "good": {
                **base,
                "backlog_end": base["backlog_end"] - 20 + rng.normal(),
                "programme_cost_cny_per_year": 1.05e6,
                "resolved_in_time_cases_per_year": base["resolved_in_time_cases_per_year"] + 200 + rng.normal(),
                "channel_share_app": 0.05,
            },
            # raises the backlog (worse) and costs less: no gain
            "bad": {
                **base,
                "backlog_end": base["backlog_end"] + 15 + rng.normal(),
                "programme_cost_cny_per_year": 0.99e6,
                "resolved_in_time_cases_per_year": base["resolved_in_time_cases_per_year"] + rng.normal(),
            },
        }  # fmt: skip
        for arm, values in arms.items():
            rows.extend(
                {"arm": arm, "seed": seed, "horizon": 365, "metric": metric, "value": value}
                for metric, value in values.items()
            )
    return pd.DataFrame(rows)


def test_verdicts_follow_the_desirable_direction() -> None:
    effects = paired_effects(_synthetic(), "status quo").set_index(["package", "metric"])
    assert effects.loc[("good", "backlog_end"), "verdict"] == Verdict.BETTER  # lower is better
    assert effects.loc[("bad", "backlog_end"), "verdict"] == Verdict.WORSE
    assert effects.loc[("good", "programme_cost_cny_per_year"), "verdict"] == Verdict.WORSE
    assert effects.loc[("good", "channel_share_app"), "verdict"] == Verdict.CHANGED  # neutral
    assert effects.loc[("good", "mean_trust"), "verdict"] == Verdict.UNCLEAR  # no effect
    assert effects.loc[("good", "villagers"), "verdict"] == Verdict.NOT_JUDGED
    assert np.isnan(effects.loc[("good", "villagers"), "p_adjusted"])


def test_the_correction_is_applied_within_each_family() -> None:
    effects = paired_effects(_synthetic(), "status quo", correction="holm")
    good = effects[effects["package"] == "good"]
    primary = good[good["family"] == "primary"]
    assert set(primary["metric"]) <= set(HEADLINE)
    tested = primary.dropna(subset=["t_pvalue"])
    smallest = tested.sort_values("t_pvalue").iloc[0]
    assert smallest["p_adjusted"] == pytest.approx(min(1.0, len(tested) * smallest["t_pvalue"]))
    raw = paired_effects(_synthetic(), "status quo", correction="none")
    assert (raw["p_adjusted"].dropna() <= effects["p_adjusted"].dropna()).all()


def test_cost_effectiveness_ratio_and_standings() -> None:
    table = cost_effectiveness(_synthetic(), "status quo", horizon=365).set_index(
        ["package", "outcome"]
    )
    good = table.loc[("good", "resolved_in_time")]
    assert good["standing"] == "ratio"
    assert good["extra_cost"] == pytest.approx(50_000.0)
    assert good["cost_per_unit"] == pytest.approx(50_000.0 / good["gain"])
    assert good["cost_per_unit_low"] <= good["cost_per_unit"] <= good["cost_per_unit_high"]
    assert table.loc[("bad", "resolved_in_time"), "standing"] == "no clear gain"
    assert np.isnan(table.loc[("bad", "resolved_in_time"), "cost_per_unit"])


# -- runs and the report ---------------------------------------------------------------------------


def test_time_paths_are_the_headline_outcomes_day_by_day(village: Scenario, cached_run) -> None:  # type: ignore[no-untyped-def]
    result = cached_run(village, days=120, seed=2)
    paths = time_paths(result)
    assert list(paths.columns) == list(PATHS)
    assert paths.index.equals(result.daily.index)
    in_time = paths["resolved_within_sla_share"].dropna()
    assert ((in_time >= 0) & (in_time <= 1)).all()
    assert (paths["backlog_end"] == result.daily["backlog"]).all()
    assert paths["genuine_reports_per_1000_per_month"].iloc[60:].mean() == pytest.approx(
        result.summary["genuine_reports_per_1000_per_month"], rel=0.5
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> DecisionReport:
    """A small comparison: one village, status quo against two packages, 3 seeds, 60 days."""
    return compare(
        SCENARIOS / "baseline.toml",
        SCENARIOS / "result_appraisal.toml",
        SCENARIOS / "livestream_meetings.toml",
        seeds=3,
        horizons=(30, 60),
        overrides=ONE_VILLAGE,
        labels=["status quo", "result appraisal", "livestreams"],
        executor="serial",
        store=tmp_path_factory.mktemp("store"),
    )


def test_the_report_runs_every_arm_with_the_same_seeds(report: DecisionReport) -> None:
    assert report.labels == ("status quo", "result appraisal", "livestreams")
    assert len(report.seeds) == 3
    seeds = report.outcomes.groupby("arm")["seed"].apply(lambda s: tuple(sorted(set(s))))
    assert seeds.nunique() == 1
    assert set(report.outcomes["horizon"]) == {30, 60}
    assert set(report.paths["arm"]) == set(report.labels)
    assert report.failed == 0


def test_the_headline_table_names_groups_levers_costs(report: DecisionReport) -> None:
    page = report.to_html("en")
    for label in ("participation", "resolved within time limit", "programme cost per year"):
        assert label in page
    # a lever by its name over its help text, both from the catalogue the app uses
    assert "Appraisal: weight on counts" in page
    assert "weight on the count of reports filed" in page
    assert "Livestreamed meetings" in page
    assert "CNY per extra case resolved in time" in page
    assert "Holm" in page
    zh = report.to_html("zh")
    for label in ("按时办结率", "年度项目成本", "考核：上报数量权重", "村民会议网络直播"):
        assert label in zh
    for path in ("appraisal.count_weight", "meetings.livestream"):
        assert i18n.lever_name(path, "zh") in zh
    assert '<html lang="zh-CN">' in zh


def test_the_html_page_is_self_contained(report: DecisionReport) -> None:
    page = report.to_html("en")
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "url(" not in page
    assert page.count('src="data:image/png;base64,') == 3


def test_write_saves_pages_figures_and_tables(report: DecisionReport, tmp_path: Path) -> None:
    written = report.write(tmp_path)
    names = {path.relative_to(tmp_path).as_posix() for path in written}
    assert {"report.html", "report_zh.html", "report.md", "report_zh.md"} <= names
    assert {"figures/effects_en.png", "figures/paths_zh.png", "figures/costs_en.png"} <= names
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "![" in markdown
    assert "](figures/effects_en.png)" in markdown
    assert "| **Participation** |" in markdown
    effects = pd.read_csv(tmp_path / "effects.csv")
    assert set(effects["package"]) == {"result appraisal", "livestreams"}


def test_bookkeeping_never_gets_a_verdict(report: DecisionReport) -> None:
    bookkeeping = report.effects[report.effects["metric"].isin(["days", "villagers", "cases"])]
    assert (bookkeeping["verdict"] == Verdict.NOT_JUDGED).all()


def test_livestreams_clearly_raise_migrant_participation(report: DecisionReport) -> None:
    """A known effect (stylized fact 12) is found even with 3 seeds of one village."""
    row = (
        report.headline()
        .set_index(["package", "metric"])
        .loc[("livestreams", "migrant_participation_share")]
    )
    assert row["mean_difference"] > 0.1
    assert row["verdict"] == Verdict.BETTER


def test_a_rollout_before_the_first_reported_day_is_refused() -> None:
    with pytest.raises(ExperimentError, match="the roll-out day must be 0 or later, not -1"):
        compare(SCENARIOS / "village.toml", SCENARIOS / "village.toml", seeds=2, rollout_day=-1)


def test_compare_needs_a_package_and_two_seeds() -> None:
    with pytest.raises(ExperimentError, match="at least one package"):
        compare(SCENARIOS / "village.toml")
    with pytest.raises(ExperimentError, match="at least 2 seeds"):
        compare(SCENARIOS / "village.toml", SCENARIOS / "village.toml", seeds=1)


def test_cli_compare_prints_the_headline_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    arguments = [
        "compare",
        str(SCENARIOS / "baseline.toml"),
        str(SCENARIOS / "cameras.toml"),
        "--set", "county.villages=1",
        "--set", "county.households_per_village_sd=0",
        "--seeds", "2",
        "--horizons", "30",
        "--lang", "en",
        "--executor", "serial",
        "--out", str(out),
    ]  # fmt: skip
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert "headline outcomes at 30 days after roll-out (2 paired seeds" in printed
    assert "programme cost per year" in printed
    assert (out / "report.html").exists()
    assert not (out / "report_zh.html").exists()
    assert (out / "runs" / "manifest.json").exists()


def test_cli_compare_reports_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(tmp_path / "a.toml"), str(tmp_path / "b.toml")]) == 2
    assert "scenario file not found" in capsys.readouterr().err


# -- roll-outs: one status quo until the roll-out day, then each package --------------------------


@pytest.fixture(scope="module")
def appraisal_village() -> Scenario:
    """Result-based appraisal in one village."""
    return load_scenario(SCENARIOS / "result_appraisal.toml", ONE_VILLAGE)


@pytest.fixture(scope="module")
def spun_up_village(village: Scenario) -> Scenario:
    """The village with a spin-up of 10 days."""
    return with_overrides(village, {"spin_up_days": 10})


def test_a_package_arm_is_the_reference_with_the_package_rolled_out(
    village: Scenario, appraisal_village: Scenario
) -> None:
    reference, package = arm_scenarios((village, appraisal_village), rollout_day=30)
    assert reference is village
    assert package.county == village.county
    (rollout,) = package.rollouts
    assert rollout.day == 30
    assert rollout.changes == {
        "appraisal.count_weight": 0.2,
        "appraisal.resolution_weight": 0.5,
        "appraisal.satisfaction_weight": 0.3,
        "appraisal.audit_rate": 0.2,
    }
    assert rollout_changes(village, appraisal_village) == rollout.changes
    # in force once rolled out, the arm is the package (labels aside)
    assert lever_changes(in_force(package), appraisal_village) == []


def test_a_packages_own_roll_outs_follow_its_roll_out(village: Scenario) -> None:
    phased = with_overrides(
        village,
        {
            "feedback.notified_share": 0.9,
            "rollouts": [{"day": 20, "changes": {"appraisal.audit_rate": 0.3}}],
        },
    )
    _, arm = arm_scenarios((village, phased), rollout_day=10)
    assert [(r.day, r.changes) for r in arm.rollouts] == [
        (10, {"feedback.notified_share": 0.9}),
        (30, {"appraisal.audit_rate": 0.3}),
    ]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"grid_workers.households_per_worker": 150}, "grid_workers.households_per_worker"),
        ({"spin_up_days": 20}, r"spin_up_days \(reference 10, package 20\)"),
    ],
    ids=["grid workers", "spin-up"],
)
def test_values_fixed_at_set_up_cannot_roll_out_after_a_shared_spin_up(
    spun_up_village: Scenario, change: dict[str, int], named: str
) -> None:
    package = with_overrides(spun_up_village, change)
    with pytest.raises(ExperimentError, match=f"fixed when the county is built.*{named}"):
        ArmModel(arms=(spun_up_village, package), horizons=(30,), rollout_day=0)


def test_with_nothing_before_the_rollout_each_arm_is_built_from_its_own_scenario(
    village: Scenario,
) -> None:
    staffed = with_overrides(village, {"grid_workers.households_per_worker": 150})
    model = ArmModel(arms=(village, staffed), horizons=(30,), rollout_day=0)
    assert arm_scenarios(model.arms, 0) == (village, staffed)
    with pytest.raises(ExperimentError, match="households_per_worker"):
        ArmModel(arms=(village, staffed), horizons=(30,), rollout_day=1)


def test_a_reference_that_schedules_roll_outs_is_refused(village: Scenario) -> None:
    scheduled = with_overrides(
        village, {"rollouts": [{"day": 5, "changes": {"appraisal.audit_rate": 0.3}}]}
    )
    with pytest.raises(ExperimentError, match="the reference 'village' schedules roll-outs"):
        arm_scenarios((scheduled, village), rollout_day=10)


@pytest.fixture(scope="module")
def arm_model(spun_up_village: Scenario, appraisal_village: Scenario) -> ArmModel:
    """Status quo and result appraisal after a spin-up of 10 days, rolled out on day 15."""
    package = with_overrides(appraisal_village, {"spin_up_days": 10})
    return ArmModel(arms=(spun_up_village, package), horizons=(10, 25), rollout_day=15)


def test_arms_share_every_day_before_the_rollout_bit_for_bit(arm_model: ArmModel) -> None:
    reference, package = arm_model.run(0, seed=8), arm_model.run(1, seed=8)
    assert reference.before.index.tolist() == list(range(15))
    pd.testing.assert_frame_equal(reference.before, package.before)
    assert reference.after.index.tolist() == list(range(15, 40))
    assert not reference.after.equals(package.after)
    early = reference.cases["created_day"] < 15
    pd.testing.assert_series_equal(
        reference.cases.loc[early, "created_day"], package.cases.loc[early, "created_day"]
    )


def test_the_time_paths_see_every_closure_of_the_reported_days(arm_model: ArmModel) -> None:
    """Cases from the spin-up that close later count in the share resolved in time."""
    run = arm_model.run(0, seed=8)
    closed = run.cases["closed_day"]
    assert (closed[closed >= 0] < 40).all()
    daily_closures = run.before["closures"].sum() + run.after["closures"].sum()
    assert (closed >= 0).sum() == daily_closures
    assert list(run.paths().index) == list(range(40))


def test_horizons_are_read_over_the_days_after_the_rollout(
    arm_model: ArmModel, spun_up_village: Scenario
) -> None:
    run = arm_model.run(0, seed=8)
    assert run.outcomes[10]["days"] == 10
    assert run.outcomes[25]["days"] == 25
    # the status quo read 25 days after day 15 is a run whose first 15 days are spin-up
    direct = govsim.run(spun_up_village, days=25, seed=8, spin_up_days=10 + 15)
    pd.testing.assert_series_equal(pd.Series(run.outcomes[25]), pd.Series(direct.summary))
    assert run.outcomes[25]["cases"] == (run.cases["created_day"] >= 15).sum()


@pytest.fixture(scope="module")
def rolled_out_report(
    village: Scenario, tmp_path_factory: pytest.TempPathFactory
) -> DecisionReport:
    """One village: status quo, then on day 10 (after a spin-up of 10) a phased package."""
    phased = with_overrides(
        load_scenario(SCENARIOS / "livestream_meetings.toml", ONE_VILLAGE),
        {"rollouts": [{"day": 5, "changes": {"appraisal.audit_rate": 0.3}}]},
    )
    return compare(
        village,
        phased,
        seeds=2,
        horizons=(10, 20),
        rollout_day=10,
        spin_up_days=10,
        labels=["status quo", "phased"],
        executor="serial",
        store=tmp_path_factory.mktemp("rolled"),
    )


def test_compare_rolls_packages_out_on_the_day_given(rolled_out_report: DecisionReport) -> None:
    report = rolled_out_report
    assert (report.rollout_day, report.spin_up_days, report.failed) == (10, 10, 0)
    days = report.outcomes[report.outcomes["metric"] == "days"]
    assert (days["value"] == days["horizon"]).all()  # each horizon counts from the roll-out
    paths = report.paths
    assert paths["day"].min() < 10 < paths["day"].max() == 29
    # the same seed is the same county until the roll-out, in every arm
    before = paths[paths["day"] < 10].set_index(["seed", "day"])
    pd.testing.assert_frame_equal(
        before[before["arm"] == "status quo"].drop(columns="arm"),
        before[before["arm"] == "phased"].drop(columns="arm"),
    )
    changed = {change.path: change.package for change in report.changes("phased")}
    assert changed == {"meetings.livestream": True, "appraisal.audit_rate": 0.3}


def test_the_report_says_when_packages_roll_out(rolled_out_report: DecisionReport) -> None:
    page = rolled_out_report.to_html("en")
    assert "with the same seeds until day 10; on day 10" in page
    assert "10 days of the status quo were simulated and not reported" in page
    assert "phased changes levers again on day 15" in page
    zh = rolled_out_report.to_html("zh")
    assert "第10天之前" in zh
    assert "预热期" in zh
    rolled_out_report.figure("paths")  # the roll-out marked on day 10


def test_cli_compare_rolls_out_after_a_spin_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    arguments = [
        "compare",
        str(SCENARIOS / "village.toml"),
        str(SCENARIOS / "village.toml"),
        "--seeds", "2",
        "--horizons", "10",
        "--rollout-day", "5",
        "--spin-up-days", "5",
        "--lang", "en",
        "--executor", "serial",
        "--out", str(out),
    ]  # fmt: skip
    assert main(arguments) == 0
    assert "headline outcomes at 10 days after roll-out on day 5" in capsys.readouterr().out
    manifest = (out / "runs" / "manifest.json").read_text()
    assert '"spin_up_days": 5' in manifest
    assert '"rollout_day": 5' in manifest
