"""The message catalogue is complete in both languages and in step with the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsim import i18n
from govsim.app.levers import GROUPS
from govsim.app.presets import PRESETS
from govsim.app.view_model import CHANNELS, MEASURES
from govsim.scenario import iter_fields, load_scenario
from govsim.scenario.schema import Scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"
CJK = re.compile(r"[\u4e00-\u9fff]")
LANGUAGE_NEUTRAL = {"monitor.none", "levers.item"}  # a dash; "{item}：{name}" (a full-width colon)
SECTIONS = ("messages", "levers", "units", "departments")


def lever_rows() -> list[tuple[str, i18n.FieldInfo]]:
    rows = {row.path: row.info for row in iter_fields(Scenario) if row.info.lever}
    for path in SCENARIOS.rglob("*.toml"):
        for row in iter_fields(load_scenario(path)):
            if row.info.lever:
                rows.setdefault(row.path, row.info)
    return sorted(rows.items())


@pytest.mark.parametrize("section", SECTIONS)
def test_both_languages_have_the_same_keys(section: str) -> None:
    english, chinese = set(i18n.catalogue("en")[section]), set(i18n.catalogue("zh")[section])
    assert english - chinese == set(), "missing in zh.toml"
    assert chinese - english == set(), "missing in en.toml"


def test_placeholders_match_between_languages() -> None:
    english, chinese = i18n.catalogue("en")["messages"], i18n.catalogue("zh")["messages"]
    for key, text in english.items():
        assert i18n.placeholders(text) == i18n.placeholders(chinese[key]), key


def test_chinese_texts_are_chinese() -> None:
    for section in ("messages", "levers", "departments"):
        for key, text in i18n.catalogue("zh")[section].items():
            if key not in LANGUAGE_NEUTRAL:
                assert CJK.search(text), (section, key, text)


def test_every_lever_has_a_name_and_help_in_both_languages() -> None:
    rows = lever_rows()
    assert len(rows) >= 60  # every lever of the schema, and of every scenario file
    for path, info in rows:
        for language in i18n.LANGUAGES:
            assert i18n.lever_name(path, language).strip(), (path, language)
            assert i18n.lever_help(path, info, language).strip(), (path, language)
            assert i18n.unit(info.unit, language) is not None


def test_chinese_help_translates_the_current_schema_text() -> None:
    """A schema description that changed makes its translation stale: update zh.toml."""
    entries = i18n.catalogue("zh")["lever_help"]
    for path, info in lever_rows():
        entry = entries[i18n.lever_key(path)]
        assert entry["source"] == info.doc, f"{path}: zh.toml translates an old description"
    used = {i18n.lever_key(path) for path, _ in lever_rows()}
    assert set(entries) == used, "zh.toml has help for levers the schema no longer has"


def test_lever_names_cover_exactly_the_schema() -> None:
    used = {i18n.lever_key(path) for path, _ in lever_rows()}
    assert set(i18n.catalogue("en")["levers"]) == used


def test_units_and_departments_of_the_schema_are_translated() -> None:
    units = {info.unit for _, info in lever_rows()}
    assert units <= set(i18n.catalogue("zh")["units"])
    for department in Scenario().departments:
        assert CJK.search(i18n.department_name(department.name, "zh"))


def test_app_texts_exist_in_both_languages() -> None:
    keys = [f"group.{g}" for g in GROUPS] + [f"channel.{c}" for c in CHANNELS]
    keys += [f"measure.{m}" for m in MEASURES]
    keys += [
        f"preset.{p.id}.{part}" for p in PRESETS for part in ("title", "claim", "watch", "try")
    ]
    for language in i18n.LANGUAGES:
        for key in keys:
            assert i18n.text(key, language).strip(), (language, key)


def test_text_fills_placeholders_and_rejects_unknown_keys() -> None:
    assert i18n.text("control.day", "zh", day=12) == "第 12 天"
    assert i18n.text("control.day", "en", day=12) == "Day 12"
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        i18n.text("no.such.key", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.catalogue("fr")  # type: ignore[arg-type]


def test_keyed_paths_share_one_entry() -> None:
    assert i18n.lever_key("departments.judicial.data_standard") == "departments.*.data_standard"
    assert i18n.lever_key("appraisal.audit_rate") == "appraisal.audit_rate"
    assert i18n.lever_name("departments.judicial.data_standard", "zh") == "司法：采用统一数据标准"
