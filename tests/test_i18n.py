"""The one message catalogue (govsim.i18n): complete in both languages, in step with the schema,
the metric registry and the ids the app and the report look up."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from govsim import i18n
from govsim.app.levers import GROUPS
from govsim.app.presets import PRESETS
from govsim.app.view_model import CHANNELS, MEASURES
from govsim.experiments.compare import CORRECTIONS
from govsim.metrics import DAILY, SUMMARY, Group
from govsim.report.analysis import Standing, Verdict
from govsim.scenario import FieldInfo, FieldRow, Scenario, iter_fields, load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
#: Sections with the same keys in both languages ([lever_help] is Chinese only).
SECTIONS = (
    "messages",
    "report",
    "metrics",
    "levers",
    "prices",
    "sections",
    "units",
    "departments",
)


def _rows() -> Iterator[FieldRow]:
    """Every value of the schema and of every scenario file (their departments, categories)."""
    yield from iter_fields(Scenario)
    for path in sorted(SCENARIOS.rglob("*.toml")):
        yield from iter_fields(load_scenario(path))


def lever_rows() -> list[tuple[str, FieldInfo]]:
    rows: dict[str, FieldInfo] = {}
    for row in _rows():
        if row.info.lever:
            rows.setdefault(row.path, row.info)
    return sorted(rows.items())


def _entries(language: i18n.Language) -> Iterator[tuple[str, str, str]]:
    """(section, key, text) of every plain text of a language's catalogue."""
    entries = i18n.catalogue(language)
    for section in SECTIONS:
        for key, value in entries[section].items():
            yield section, key, value


def _words(text: str) -> list[str]:
    """Words of three letters or more outside the ``{placeholders}``."""
    return WORD.findall(re.sub(r"\{[^{}]*\}", "", text))


# -- both languages alike ----------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_both_languages_have_the_same_keys(section: str) -> None:
    english, chinese = set(i18n.catalogue("en")[section]), set(i18n.catalogue("zh")[section])
    assert english, f"[{section}] is empty"
    assert english - chinese == set(), "missing in zh.toml"
    assert chinese - english == set(), "missing in en.toml"


def test_placeholders_match_between_languages() -> None:
    chinese = {(section, key): text for section, key, text in _entries("zh")}
    checked = 0
    for section, key, text in _entries("en"):
        assert i18n.placeholders(text) == i18n.placeholders(chinese[section, key]), (section, key)
        checked += bool(i18n.placeholders(text))
    assert checked > 30  # the app's and the report's messages with fields


def test_chinese_entries_are_chinese_and_english_ones_are_not() -> None:
    """A Chinese entry whose English has words has Chinese characters (an untranslated copy has
    none); separators, symbols and formulas such as ``d_z`` need none."""
    english = {(section, key): text for section, key, text in _entries("en")}
    worded = 0
    for section, key, text in _entries("zh"):
        source = english[section, key]
        assert not CJK.search(source), f"en.toml [{section}] {key} has Chinese: {source!r}"
        if _words(source):
            worded += 1
            assert CJK.search(text), f"zh.toml [{section}] {key} is not Chinese: {text!r}"
    assert worded > 400
    for key, entry in i18n.catalogue("zh")["lever_help"].items():
        assert CJK.search(entry["help"]), key


def test_only_chinese_may_need_a_note_english_lacks() -> None:
    """An empty English message is a note only Chinese readers need (no CJK font for figures)."""
    empty = [key for key, text in i18n.messages("en").items() if not text]
    assert empty == ["report.method.fonts"]
    assert all(text for text in i18n.messages("zh").values())


# -- in step with the schema and the registry ---------------------------------------------------


def test_every_lever_has_a_name_and_help_in_both_languages() -> None:
    rows = lever_rows()
    assert len(rows) >= 60  # every lever of the schema, and of every scenario file
    for path, info in rows:
        for language in i18n.LANGUAGES:
            assert i18n.lever_name(path, language).strip(), (path, language)
            assert i18n.lever_help(path, info, language).strip(), (path, language)
    assert i18n.lever_name("departments.judicial.data_standard", "zh") == "司法：采用统一数据标准"


def test_lever_names_cover_exactly_the_schema() -> None:
    used = {i18n.lever_key(path) for path, _ in lever_rows()}
    assert set(i18n.catalogue("en")["levers"]) == used


def test_chinese_help_translates_the_current_schema_text() -> None:
    """A schema description that changed makes its translation stale: update zh.toml."""
    entries = i18n.catalogue("zh")["lever_help"]
    for path, info in lever_rows():
        entry = entries[i18n.lever_key(path)]
        assert entry["source"] == info.doc, f"{path}: zh.toml translates an old description"
    used = {i18n.lever_key(path) for path, _ in lever_rows()}
    assert set(entries) == used, "zh.toml has help for levers the schema no longer has"


def test_every_registered_metric_has_a_label() -> None:
    registered = set(DAILY.names()) | set(SUMMARY.names())
    assert set(i18n.catalogue("en")["metrics"]) == registered
    for name in registered:
        for language in i18n.LANGUAGES:
            assert i18n.metric_label(name, language).strip(), (name, language)
        assert CJK.search(i18n.metric_label(name, "zh")), name


def test_every_unit_price_is_named() -> None:
    prices = {row.path for row in iter_fields(Scenario) if row.path.startswith("costs.")}
    assert len(prices) >= 20
    assert set(i18n.catalogue("en")["prices"]) == prices
    assert i18n.price_name("costs.village_meeting_cny", "zh") == "每次村民会议成本"


def test_every_unit_in_use_is_translated() -> None:
    """Units of every scenario value (the report lists any value a package changes) and of
    every registered metric; none the catalogue keeps for nothing."""
    used = {row.info.unit for row in _rows()}
    used |= {DAILY[name].unit for name in DAILY.names()}
    used |= {SUMMARY[name].unit for name in SUMMARY.names()}
    assert set(i18n.catalogue("zh")["units"]) == used
    assert i18n.unit("staff/100k adults", "zh") == "人/10万成年人"
    assert i18n.unit("-", "en") == i18n.unit("-", "zh") == ""


def test_every_section_and_department_is_named() -> None:
    sections = {
        f.name
        for f in dataclasses.fields(Scenario)
        if dataclasses.is_dataclass(f.type) or f.name in i18n.keyed_sections()
    } | {row.path.partition(".")[0] for row in iter_fields(Scenario) if "." in row.path}
    assert set(i18n.catalogue("en")["sections"]) == sections
    departments = {row.path.split(".")[1] for row in _rows() if row.path.startswith("departments.")}
    assert len(departments) >= 9
    for department in departments:
        assert CJK.search(i18n.department_name(department, "zh")), department


# -- the ids the readers look up ------------------------------------------------------------------


def _app_keys() -> list[str]:
    keys = [f"group.{g}" for g in GROUPS] + [f"channel.{c}" for c in CHANNELS]
    keys += [f"measure.{m}" for m in MEASURES if m not in DAILY.names()]
    keys += [
        f"preset.{p.id}.{part}" for p in PRESETS for part in ("title", "claim", "watch", "try")
    ]
    return keys


def _report_keys() -> list[str]:
    keys = [f"report.verdict.{v.value}" for v in Verdict]
    keys += [f"report.group.{g.value}" for g in Group]
    keys += [f"report.standing.{s.value}" for s in Standing if s is not Standing.RATIO]
    keys += [f"report.correction.{c}" for c in CORRECTIONS]
    return keys


@pytest.mark.parametrize("keys", [_app_keys, _report_keys], ids=["app", "report"])
def test_composed_ids_exist_in_both_languages(keys: object) -> None:
    assert callable(keys)
    found = keys()
    assert len(found) > 10
    for language in i18n.LANGUAGES:
        for key in found:
            assert i18n.text(key, language).strip(), (language, key)


def test_classroom_measures_are_metrics_or_messages() -> None:
    for name in MEASURES:
        labelled = name in DAILY.names() or f"measure.{name}" in i18n.messages("en")
        assert labelled, f"measure {name!r} has no label"


# -- the lookups ------------------------------------------------------------------------------------


def test_text_fills_placeholders_from_either_section() -> None:
    assert i18n.text("control.day", "zh", day=12) == "第 12 天"
    assert i18n.text("control.day", "en", day=12) == "Day 12"
    assert i18n.text("report.col.horizon", "zh", horizon=90) == "第90天"
    assert i18n.text("report.section.brief", "en") == "In brief"


def test_unknown_ids_and_languages_are_errors() -> None:
    with pytest.raises(KeyError, match=r"no message 'no\.such\.key' in the en catalogue"):
        i18n.text("no.such.key", "en")
    with pytest.raises(KeyError, match=r"no message 'report\.nope'"):
        i18n.text("report.nope", "zh")
    with pytest.raises(KeyError, match=r"no lever 'appraisal\.nope'"):
        i18n.lever_name("appraisal.nope", "en")
    with pytest.raises(KeyError, match=r"no unit price 'costs\.nope'"):
        i18n.price_name("costs.nope", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.catalogue("fr")  # type: ignore[arg-type]


def test_names_outside_the_catalogue_are_shown_as_they_are() -> None:
    """A metric of an older result store, a unit or a department a scenario file invents."""
    assert i18n.metric_label("retired_metric", "zh") == "retired_metric"
    assert i18n.unit("furlongs", "zh") == "furlongs"
    assert i18n.department_name("water_works", "en") == "water works"
    assert i18n.section_name("unknown", "zh") == "unknown"


def test_keyed_paths_share_one_entry() -> None:
    assert i18n.lever_key("departments.judicial.data_standard") == "departments.*.data_standard"
    assert i18n.lever_key("appraisal.audit_rate") == "appraisal.audit_rate"
    names = {i18n.lever_name(f"departments.{d}.data_standard", "en") for d in ("judicial", "x_y")}
    assert names == {"Justice: On the unified data standard", "x y: On the unified data standard"}


def test_messages_lists_the_app_and_the_report() -> None:
    catalogue: Mapping[str, str] = i18n.messages("zh")
    assert catalogue["stage.centre"] == "综治中心"
    assert catalogue["report.verdict.better"] == "改善"
    assert len(catalogue) == len(i18n.catalogue("zh")["messages"]) + len(
        i18n.catalogue("zh")["report"]
    )
