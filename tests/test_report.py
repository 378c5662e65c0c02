"""The decision report: lever differences, statistics, formatting, both languages, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govsim import i18n
from govsim.cli import main
from govsim.experiments import ExperimentError
from govsim.report import (
    HEADLINE,
    PATHS,
    ChangeKind,
    DecisionReport,
    Verdict,
    compare,
    cost_effectiveness,
    lever_changes,
    paired_effects,
    time_paths,
)
from govsim.report.formatting import format_change, format_interval, format_money, format_value
from govsim.scenario import Scenario, load_scenario, with_overrides

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
ONE_VILLAGE = {"county.villages": 1, "county.households_per_village_sd": 0.0}


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


def test_a_later_rollout_is_refused_until_scenarios_schedule_it() -> None:
    with pytest.raises(ExperimentError, match="dated lever schedules"):
        compare(SCENARIOS / "village.toml", SCENARIOS / "village.toml", seeds=2, rollout_day=180)


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
    assert "headline outcomes at 30 days (2 paired seeds" in printed
    assert "programme cost per year" in printed
    assert (out / "report.html").exists()
    assert not (out / "report_zh.html").exists()
    assert (out / "runs" / "manifest.json").exists()


def test_cli_compare_reports_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(tmp_path / "a.toml"), str(tmp_path / "b.toml")]) == 2
    assert "scenario file not found" in capsys.readouterr().err
