"""The page renders without a browser (``solara.render``, as Mesa tests SolaraViz pages)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import ipyvuetify as v
import ipywidgets
import pytest
import solara
import solara.widgets
from reacton.core import _RenderContext as RenderContext

from govsim import i18n
from govsim.app.controls import css_id
from govsim.app.levers import group_of, lever_specs
from govsim.app.page import ENV_SCENARIO, ENV_SCENARIOS_DIR, Page, mesa_components
from govsim.app.presets import PRESETS
from govsim.model import GovernanceModel
from govsim.scenario import load_scenario

OUT = Path(__file__).parents[2] / "out" / "app"


@pytest.fixture
def app_page(monkeypatch: pytest.MonkeyPatch, scenarios_dir: Path) -> RenderContext:
    monkeypatch.setenv(ENV_SCENARIO, "teaching/township.toml")
    monkeypatch.setenv(ENV_SCENARIOS_DIR, str(scenarios_dir))
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    return rc


def button(rc: RenderContext, label: str) -> Any:
    root = rc.find(ipywidgets.Widget).widget
    found = [w for w in descendants(root) if isinstance(w, v.Btn) and w.children == [label]]
    assert len(found) == 1, label
    return found[0]


def classes_of(widget: Any) -> list[str]:
    names = str(getattr(widget, "class_", "") or "").split()
    return names + list(getattr(widget, "_dom_classes", ()))


def descendants(root: Any) -> list[Any]:
    """Every widget under ``root`` (reacton's finder stops at the first match, so walk)."""
    # ``seen`` keeps the objects alive: a trait may return a fresh list, and a freed list's id
    # can come back as another object's
    seen: dict[int, Any] = {id(root): root}
    queue, found = [root], []
    while queue:
        item = queue.pop(0)
        if isinstance(item, ipywidgets.Widget):
            found.append(item)
            values = [getattr(item, key) for key in item.keys]
        elif isinstance(item, dict):
            values = list(item.values())
        else:
            values = list(item)
        for value in values:
            if isinstance(value, (ipywidgets.Widget, list, tuple, dict)) and id(value) not in seen:
                seen[id(value)] = value
                queue.append(value)
    return found


def with_class(rc: RenderContext, name: str, cls: type = ipywidgets.Widget) -> list[Any]:
    """Widgets of type ``cls`` whose CSS classes include ``name``."""
    root = rc.find(ipywidgets.Widget).widget
    return [w for w in descendants(root) if isinstance(w, cls) and name in classes_of(w)]


def the(rc: RenderContext, name: str, cls: type = ipywidgets.Widget) -> Any:
    found = with_class(rc, name, cls)
    assert len(found) == 1, (name, found)
    return found[0]


def inside(widget: Any, cls: type) -> Any:
    """The one descendant of ``widget`` of type ``cls``."""
    found = [w for w in descendants(widget)[1:] if isinstance(w, cls)]
    assert len(found) == 1, (cls, found)
    return found[0]


def open_group(rc: RenderContext, group: str) -> None:
    """What a click on a lever group's header does: open it in the accordion."""
    panels = the(rc, "govsim-levers", v.Card)
    accordion = inside(panels, v.ExpansionPanels)
    names = [w for w in descendants(accordion) if isinstance(w, v.ExpansionPanel)]
    accordion.v_model = [f"govsim-group--{group}" in classes_of(p) for p in names].index(True)


def lever(rc: RenderContext, path: str, cls: type = v.Slider) -> Any:
    open_group(rc, group_of(path))
    return inside(the(rc, f"govsim-lever--{css_id(path)}"), cls)


def html_with_class(rc: RenderContext, name: str) -> str:
    """The inner HTML of the solara.HTML element carrying ``name`` among its classes."""
    root = rc.find(ipywidgets.Widget).widget
    matches = [
        w
        for w in descendants(root)
        if isinstance(w, solara.widgets.HTML) and name in w.attributes.get("class", "").split()
    ]
    assert len(matches) == 1, name
    return str(matches[0].unsafe_innerHTML)


def choose_language(rc: RenderContext, language: str) -> None:
    """What a click on the language's button does: select it in the toggle."""
    toggle = the(rc, "govsim-language", v.BtnToggle)
    toggle.v_model = list(i18n.LANGUAGES).index(language)


def day_shown(rc: RenderContext) -> str:
    return html_with_class(rc, "govsim-day")


def test_every_lever_has_a_control(app_page: RenderContext, scenarios_dir: Path) -> None:
    specs = lever_specs(load_scenario(scenarios_dir / "teaching" / "township.toml"))
    for spec in specs:
        control = lever(app_page, spec.path, v.Switch if spec.kind == "switch" else v.Slider)
        assert control.label == i18n.lever_name(spec.path, "en")


def test_step_and_reset(app_page: RenderContext) -> None:
    assert day_shown(app_page) == "Day 0"
    button(app_page, "Step").click()
    assert day_shown(app_page) == "Day 1"
    button(app_page, "+7 days").click()
    assert day_shown(app_page) == "Day 8"
    monitors = html_with_class(app_page, "govsim-monitors")
    assert "govsim-monitor--day" in monitors
    assert ">8<" in monitors
    button(app_page, "Reset").click()
    assert day_shown(app_page) == "Day 0"


def test_a_lever_moved_applies_at_once_and_a_county_lever_waits_for_reset(
    app_page: RenderContext,
) -> None:
    lever(app_page, "appraisal.audit_rate").v_model = 0.3
    assert "1 changed" in html_with_class(app_page, "govsim-levers-summary")
    assert with_class(app_page, "govsim-pending") == []
    lever(app_page, "grid_workers.households_per_worker").v_model = 100.0
    assert "press Reset" in html_with_class(app_page, "govsim-pending")
    button(app_page, "Reset").click()
    assert with_class(app_page, "govsim-pending") == []


def test_moving_an_appraisal_weight_rebalances_the_others(app_page: RenderContext) -> None:
    lever(app_page, "appraisal.count_weight").v_model = 0.4
    assert lever(app_page, "appraisal.resolution_weight").v_model == pytest.approx(0.4)
    assert with_class(app_page, "govsim-error") == []


def test_switching_to_chinese_translates_the_page(app_page: RenderContext) -> None:
    choose_language(app_page, "zh")
    assert day_shown(app_page) == "第 0 天"
    button(app_page, "单步").click()
    assert day_shown(app_page) == "第 1 天"
    assert lever(app_page, "cadres.local_settlement", v.Switch).label == "小事不出村"
    assert "综治中心" not in html_with_class(
        app_page, "govsim-monitors"
    )  # monitors, not the pipeline
    assert "新立案数" in html_with_class(app_page, "govsim-monitors")


def test_every_tab_renders_in_both_languages(app_page: RenderContext) -> None:
    for language in ("en", "zh"):
        choose_language(app_page, language)
        button(app_page, i18n.text("control.step_week", language)).click()
        for index, key in enumerate(
            ("tab.village", "tab.pipeline", "tab.cycle", "tab.classroom", "tab.info")
        ):
            app_page.find(v.Tabs).widget.v_model = index
            assert app_page.find(v.Tab, children=[i18n.text(key, language)]).widgets
        app_page.find(v.Tabs).widget.v_model = 1
        assert i18n.text("stage.centre", language) in html_with_class(app_page, "govsim-pipeline")


def test_a_demonstration_loads_and_compares(app_page: RenderContext) -> None:
    app_page.find(v.Tabs).widget.v_model = 3
    demo = next(p for p in PRESETS if p.id == "livestream")
    inside(the(app_page, f"govsim-preset--{demo.id}"), v.Btn).click()  # load
    assert "livestream" in str(the(app_page, "govsim-scenario", v.Select).v_model)
    buttons = with_class(app_page, "govsim-preset-run", v.Btn)
    assert len(buttons) == 1
    buttons[0].click()
    assert day_shown(app_page) == f"Day {demo.days}"
    verdict = html_with_class(app_page, "govsim-comparison--ok")
    assert "Migrants&#x27; participation: this run" in verdict  # the metric's catalogue label


def test_step_render_time_is_logged(app_page: RenderContext) -> None:
    """Wall time of one Step click: model day, view model, pictures and widget updates."""
    step = button(app_page, "Step")
    frames = []
    for _ in range(20):
        started = time.perf_counter()
        step.click()
        frames.append(time.perf_counter() - started)
    assert day_shown(app_page) == "Day 20"
    OUT.mkdir(parents=True, exist_ok=True)
    record = {
        "median_ms": 1000 * statistics.median(frames),
        "max_ms": 1000 * max(frames),
        "clicks": len(frames),
    }
    (OUT / "page_step_timing.json").write_text(json.dumps(record, indent=2))
    print("page: one Step click re-rendered in", json.dumps(record))


def test_views_work_inside_mesa_solaraviz(scenarios_dir: Path) -> None:
    from mesa.visualization import SolaraViz

    model = GovernanceModel(load_scenario(scenarios_dir / "village.toml"), rng=1)
    viz = SolaraViz(model, components=mesa_components(), name="govsim")
    _, rc = solara.render(solara.AppLayout(children=[viz]), handle_error=False)
    button(rc, "Step").click()
    button(rc, "Step").click()
    assert model.day == 2
    assert with_class(rc, "solara-image")
