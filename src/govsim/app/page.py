"""The teaching app's page: Solara components over a :class:`~govsim.app.session.Session`.

Layout, after NetLogo's interface: the sidebar holds the run controls (step, play/pause with a
speed, reset with a seed, the scenario file) and the policy levers grouped by mechanism; the
main area has a row of monitors and five tabs — the village's social network, the case pipeline,
the collaborative cycle, the classroom demonstrations and an Info tab. A language switch in the
app bar turns every text to English or Simplified Chinese (:mod:`govsim.i18n`).

Each browser session gets its own :class:`Session` (``solara.use_memo`` in :func:`Page`), so
two students never step each other's model. Components re-render on a per-session counter
(``AppState.tick``) that the play loop, the buttons and the levers bump; the lever panel does
not read it, so a running model does not redraw sixty sliders a frame.

Mesa's own shell, :class:`mesa.visualization.SolaraViz`, can show the same views:
:func:`mesa_components` returns them as SolaraViz components (a model in, a view out).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import solara
import solara.lab

from govsim import i18n
from govsim.app import view_model as vm
from govsim.app.controls import LeverPanel, RunControls, line
from govsim.app.presets import PRESETS, Preset
from govsim.app.session import Session
from govsim.app.views import palette
from govsim.app.views.network import ColourBy, NetworkPicture
from govsim.app.views.pipeline import pipeline_svg
from govsim.app.views.series import Line, line_chart_svg
from govsim.metrics import DAILY

__all__ = ["AppState", "Page", "mesa_components"]

#: Environment variables the launcher (``govsim app``) sets for the page.
ENV_SCENARIO = "GOVSIM_APP_SCENARIO"
ENV_SCENARIOS_DIR = "GOVSIM_APP_SCENARIOS_DIR"
DEFAULT_SCENARIO = "village.toml"

#: Days a villager who opened a case stays ringed in the network picture.
REPORTER_WINDOW_DAYS = 30

#: Names of the registered daily metrics (labelled by the catalogue's ``[metrics]``).
METRICS = frozenset(DAILY.names())

CYCLE_STAGES = ("dialogue", "trust", "commitment", "understanding", "small_wins")
ORDER_SERIES = ("order_parameter", "relations")


@dataclass(frozen=True)
class AppState:
    """One browser session: its simulation and the reactive values the components share."""

    session: Session
    tick: solara.Reactive[int]  # bumped whenever the model changed
    levers_version: solara.Reactive[int]  # bumped whenever levers or the scenario changed
    language: solara.Reactive[str]
    playing: solara.Reactive[bool]
    error: solara.Reactive[str]

    def t(self, key: str, **values: Any) -> str:
        """A catalogue text in the session's language."""
        return i18n.text(key, self.lang, **values)

    def metric(self, name: str) -> str:
        """A registered metric's label in the session's language, as a heading (capitalised)."""
        label = i18n.metric_label(name, self.lang)
        return label[:1].upper() + label[1:]

    def measure(self, name: str) -> str:
        """A classroom measure's label (:data:`govsim.app.view_model.MEASURES`)."""
        return self.metric(name) if name in METRICS else self.t(f"measure.{name}")

    @property
    def lang(self) -> i18n.Language:
        """The session's language."""
        return "zh" if self.language.value == "zh" else "en"

    def changed(self, *, levers: bool = False) -> None:
        """Tell the components the model (and, with ``levers``, the levers) changed."""
        self.tick.set(self.tick.value + 1)
        if levers:
            self.levers_version.set(self.levers_version.value + 1)


def _initial_session() -> Session:
    scenarios_dir = Path(os.environ.get(ENV_SCENARIOS_DIR, "scenarios"))
    scenario = os.environ.get(ENV_SCENARIO, DEFAULT_SCENARIO)
    return Session(scenario, seed=1, scenarios_dir=scenarios_dir)


def percent(value: float) -> str:
    """A share as a percentage, or a dash for no value."""
    return "–" if value is None or math.isnan(value) else f"{value:.0%}"


def _format(value: float, kind: str) -> str:
    if value is None or math.isnan(value):
        return "–"
    if kind == "share":
        return f"{value:.0%}"
    if kind == "score":
        return f"{value:.2f}"
    return f"{value:,.0f}"


# --------------------------------------------------------------------------------------------
# monitors
# --------------------------------------------------------------------------------------------


@solara.component
def Monitors(state: AppState) -> None:
    """Headline numbers, NetLogo's monitors: one box each, updated every frame."""
    state.tick.value  # re-render with the model  # noqa: B018
    model = state.session.model
    metrics = vm.latest_metrics(model)
    point = state.session.history[-1]
    # (css id, label, value): a registered daily metric is labelled as the catalogue names it
    items = [
        ("day", state.t("monitor.day"), f"{vm.day(model):,}"),
        ("cases_today", state.metric("new_cases"), f"{metrics.get('new_cases', 0):,.0f}"),
        ("backlog", state.metric("backlog"), f"{metrics.get('backlog', 0):,.0f}"),
        ("overdue", state.metric("overdue_share"),
         percent(metrics.get("overdue_share", math.nan))),
        ("in_time", state.metric("resolved_within_sla_share"),
         percent(metrics.get("resolved_within_sla_share", math.nan))),
        ("median_days", state.metric("median_days_to_resolution"),
         _format(metrics.get("median_days_to_resolution", math.nan), "count")),
        ("trust", state.metric("mean_trust"), _format(point.trust, "score")),
        ("participation", state.metric("participation_share"), percent(point.dialogue)),
        ("order_parameter", state.t("monitor.order_parameter"), percent(point.order_parameter)),
        ("relations", state.metric("department_relations"), _format(point.relations, "score")),
    ]  # fmt: skip
    boxes = "".join(
        f'<div class="govsim-monitor govsim-monitor--{key}">'
        f'<div class="govsim-monitor__label">{escape(label)}</div>'
        f'<div class="govsim-monitor__value">{escape(value)}</div></div>'
        for key, label, value in items
    )
    solara.HTML(tag="div", unsafe_innerHTML=boxes, classes=["govsim-monitors"])


# --------------------------------------------------------------------------------------------
# the three views
# --------------------------------------------------------------------------------------------


def _legend(entries: list[tuple[str, str, str]]) -> str:
    """HTML legend: (swatch colour, shape css, label)."""
    return "".join(
        f'<span class="govsim-legend__item"><span class="govsim-legend__swatch" '
        f'style="background:{colour};{shape}"></span>{escape(label)}</span>'
        for colour, shape, label in entries
    )


def _network_legend(state: AppState, colour_by: ColourBy, cadres: int) -> str:
    t = state.t
    round_ = "border-radius:50%"
    if colour_by == "trust":
        gradient = "linear-gradient(90deg,#440154,#31688e,#35b779,#fde725)"
        states = [
            (
                gradient,
                "width:64px;border-radius:3px",
                f"{t('legend.trust_low')} → {t('legend.trust_high')}",
            )
        ]
    elif colour_by == "app":
        labels = ("legend.app_never", "legend.app_active", "legend.app_churned")
        states = [(c, round_, t(k)) for c, k in zip(palette.STATE["app"], labels, strict=True)]
    elif colour_by == "aware":
        states = [
            (palette.STATE["aware"][0], round_, t("legend.aware")),
            (palette.STATE["aware"][1], round_, t("legend.unaware")),
        ]
    else:
        states = [
            (palette.STATE["ownership"][0], round_, t("legend.owner")),
            (palette.STATE["ownership"][1], round_, t("legend.not_owner")),
        ]
    markers = [
        (palette.CHANNEL[1], "transform:rotate(45deg) scale(0.8)", t("legend.grid_worker")),
        (palette.CHANNEL[2], "", t("legend.cadres", count=cadres)),
    ]
    channels = [
        ("transparent", f"border:2px solid {colour};border-radius:50%", t(f"channel.{name}"))
        for colour, name in zip(palette.CHANNEL, vm.CHANNELS, strict=True)
    ]
    return (
        f'<div class="govsim-legend">{_legend(states + markers)}</div>'
        f'<div class="govsim-legend">{_legend(channels)}</div>'
    )


@solara.component
def NetworkTab(state: AppState) -> None:
    """The village's social network, villagers coloured by a chosen state."""
    state.tick.value  # noqa: B018
    colour_by, set_colour_by = solara.use_state("aware")
    village, set_village = solara.use_state(0)
    model = state.session.model
    village = min(village, vm.n_villages(model) - 1)
    picture = solara.use_memo(
        lambda: NetworkPicture(vm.village_view(model, village), vm.village_edges(model, village)),
        [id(model), village],
    )
    view = vm.village_view(model, village, REPORTER_WINDOW_DAYS)
    states: list[ColourBy] = ["aware", "trust", "ownership", "app"]
    with solara.Row(classes=["govsim-network-controls"]):
        with solara.ToggleButtonsSingle(
            value=colour_by, on_value=set_colour_by, classes=["govsim-colour-by"]
        ):
            for key in states:
                solara.Button(
                    state.t(f"state.{key}"), value=key, classes=[f"govsim-colour-by--{key}"]
                )
        if vm.n_villages(model) > 1:
            solara.SliderInt(state.t("network.village"), value=village + 1, min=1,
                             max=vm.n_villages(model), on_value=lambda v: set_village(v - 1))  # fmt: skip
    solara.HTML(tag="div", unsafe_innerHTML=_network_legend(state, colour_by, view.cadres))
    solara.Image(picture.png(view, colour_by), width="min(640px, 100%)", classes=["govsim-network"])
    solara.HTML(
        tag="p", unsafe_innerHTML=escape(state.t("network.caption")), classes=["govsim-caption"]
    )
    solara.HTML(tag="p", unsafe_innerHTML=escape(state.t("network.reporters", days=REPORTER_WINDOW_DAYS)),
                classes=["govsim-caption"])  # fmt: skip


_WINDOWS = {"pipeline.today": 1, "pipeline.week": 7, "pipeline.month": 30}


@solara.component
def PipelineTab(state: AppState) -> None:
    """The case pipeline over a window of days, with queues and overdue cases as of today."""
    state.tick.value  # noqa: B018
    window, set_window = solara.use_state("pipeline.week")
    with (
        solara.Row(),
        solara.ToggleButtonsSingle(value=window, on_value=set_window, classes=["govsim-window"]),
    ):
        for key in _WINDOWS:
            solara.Button(state.t(key), value=key)
    view = vm.pipeline_view(state.session.model, _WINDOWS[window])
    svg = pipeline_svg(view, state.t, lambda name: i18n.department_name(name, state.lang))
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["govsim-pipeline"])
    solara.HTML(
        tag="p", unsafe_innerHTML=escape(state.t("pipeline.caption")), classes=["govsim-caption"]
    )


def _lines(state: AppState, keys: tuple[str, ...]) -> list[Line]:
    session = state.session
    lines = []
    for key in keys:
        values = [getattr(p, key) for p in session.history]
        contrast = [getattr(p, key) for p in session.contrast_history] if session.contrast else None
        lines.append(Line(state.t(f"cycle.{key}"), palette.CYCLE[key], values, contrast))
    return lines


@solara.component
def CycleTab(state: AppState) -> None:
    """The collaborative cycle's stages and the order parameter over time."""
    state.tick.value  # noqa: B018
    session = state.session
    days = [p.day for p in session.history]
    solara.HTML(tag="h3", unsafe_innerHTML=escape(state.t("cycle.title")))
    solara.HTML(
        tag="p", unsafe_innerHTML=escape(state.t("cycle.caption")), classes=["govsim-caption"]
    )
    if session.preset is not None:
        name = session.contrast_path.stem if session.contrast_path else ""
        solara.HTML(
            tag="p",
            unsafe_innerHTML=escape(state.t("cycle.contrast", name=name)),
            classes=["govsim-caption"],
        )
    solara.HTML(tag="div", unsafe_innerHTML=line_chart_svg(_lines(state, CYCLE_STAGES), days, state.t("cycle.day")),
                classes=["govsim-chart", "govsim-chart--cycle"])  # fmt: skip
    solara.HTML(tag="div", unsafe_innerHTML=line_chart_svg(_lines(state, ORDER_SERIES), days, state.t("cycle.day")),
                classes=["govsim-chart", "govsim-chart--order"])  # fmt: skip
    rows = "".join(
        f"<li><b>{escape(state.t(f'cycle.{key}'))}</b>: {escape(state.t(f'cycle.{key}.help'))}</li>"
        for key in CYCLE_STAGES + ORDER_SERIES
    )
    solara.HTML(tag="ul", unsafe_innerHTML=rows, classes=["govsim-caption"])


# --------------------------------------------------------------------------------------------
# classroom and info
# --------------------------------------------------------------------------------------------


@solara.component
def PresetCard(state: AppState, preset: Preset) -> None:
    """One demonstration: what it claims, what to watch, the comparison so far."""
    session = state.session
    key = f"preset.{preset.id}"
    loaded = session.preset is not None and session.preset.id == preset.id

    def load() -> None:
        state.playing.set(False)
        session.load_preset(preset)
        state.changed(levers=True)

    def run() -> None:
        state.playing.set(False)
        session.step(max(preset.days - session.day, 0))
        state.changed()

    with solara.Card(state.t(f"{key}.title"), subtitle=state.t("classroom.fact", fact=preset.fact),
                     classes=["govsim-preset", f"govsim-preset--{preset.id}"]):  # fmt: skip
        solara.Markdown(state.t(f"{key}.claim"))
        solara.Markdown(f"**{state.t('classroom.watch')}.** {state.t(f'{key}.watch')}")
        solara.Markdown(f"**{state.t('classroom.try')}.** {state.t(f'{key}.try')}")
        line(state.t("classroom.scenario", scenario=preset.scenario, contrast=preset.contrast),
             style="font-size:12px;color:#666")  # fmt: skip
        with solara.Row():
            solara.Button(state.t("classroom.load"), on_click=load, color="primary",
                          classes=["govsim-preset-load"])  # fmt: skip
            if loaded:
                solara.Button(state.t("classroom.run_for", days=preset.days), on_click=run,
                              classes=["govsim-preset-run"])  # fmt: skip
        if loaded:
            PresetComparison(state, preset)


@solara.component
def PresetComparison(state: AppState, preset: Preset) -> None:
    """The demonstration's measure in this run and in the contrast, and the expected way."""
    state.tick.value  # noqa: B018
    pair = state.session.compare()
    if pair is None:
        return
    value, contrast = pair
    kind = vm.MEASURES[preset.measure][1]
    agrees = value > contrast if preset.expect == "higher" else value < contrast
    verdict = state.t("classroom.as_expected") if agrees else state.t("classroom.not_yet")
    text = state.t("classroom.compare", metric=state.measure(preset.measure),
                   value=_format(value, kind), contrast=_format(contrast, kind))  # fmt: skip
    expected = state.t(f"classroom.expected_{preset.expect}")
    colour = "#1B7F5B" if agrees else "#8A6D00"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f'<b>{escape(text)}</b><br>{escape(expected)} — <span style="color:{colour}">{escape(verdict)}</span>',
        classes=[
            "govsim-comparison",
            "govsim-comparison--ok" if agrees else "govsim-comparison--pending",
        ],
    )


@solara.component
def ClassroomTab(state: AppState) -> None:
    """The classroom demonstrations."""
    state.levers_version.value  # noqa: B018
    solara.HTML(
        tag="p", unsafe_innerHTML=escape(state.t("classroom.intro")), classes=["govsim-caption"]
    )
    if state.session.preset is not None:

        def unload() -> None:
            state.session.drop_contrast()
            state.changed(levers=True)

        solara.Button(state.t("classroom.unload"), on_click=unload, text=True)
    with solara.GridFixed(columns=2):
        for preset in PRESETS:
            PresetCard(state, preset)


@solara.component
def InfoTab(state: AppState) -> None:
    """What the model is and where the theory sits (NetLogo's Info tab)."""
    solara.Markdown(f"## {state.t('info.title')}\n{state.t('info.body')}\n{state.t('info.theory')}")


# --------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------

CSS = """
.govsim-monitors { display:flex; flex-wrap:wrap; gap:8px; margin:4px 0 12px 0; }
.govsim-monitor { background:#F4F7FA; border:1px solid #D8E0E7; border-radius:6px; padding:6px 10px; min-width:104px; }
.govsim-monitor__label { font-size:12px; color:#555; }
.govsim-monitor__value { font-size:22px; font-weight:600; color:#1d2b36; font-variant-numeric:tabular-nums; }
.govsim-legend { display:flex; flex-wrap:wrap; gap:12px; font-size:13px; margin:4px 0; }
.govsim-legend__item { display:inline-flex; align-items:center; gap:5px; }
.govsim-legend__swatch { display:inline-block; width:12px; height:12px; }
.govsim-caption { font-size:13px; color:#444; max-width:820px; }
.govsim-lever { margin-bottom:6px; }
.govsim-lever .v-input__slot { margin-bottom:0; }
.govsim-lever__help { font-size:12px; color:#444; line-height:1.3; margin:0 0 2px 0; }
.govsim-lever__meta { font-size:11px; color:#888; margin-bottom:10px; }
.govsim-pending { color:#B35C00; font-weight:600; }
.govsim-comparison { margin-top:8px; padding:6px 8px; border-radius:4px; background:#F4F7FA; }
"""


@solara.component
def Page() -> None:
    """The teaching app (one per browser session)."""
    session = solara.use_memo(_initial_session, [])
    state = AppState(
        session=session,
        tick=solara.use_reactive(0),
        levers_version=solara.use_reactive(0),
        language=solara.use_reactive("en"),
        playing=solara.use_reactive(False),
        error=solara.use_reactive(""),
    )
    tab, set_tab = solara.use_state(0)
    solara.Style(CSS)
    solara.Title(state.t("app.title"))
    with solara.AppBar():
        solara.AppBarTitle(state.t("app.title"))
        with solara.ToggleButtonsSingle(value=state.language.value, on_value=state.language.set,
                                        classes=["govsim-language"]):  # fmt: skip
            for code, name in i18n.LANGUAGES.items():
                solara.Button(name, value=code, classes=[f"govsim-language--{code}"])
    with solara.Sidebar():
        RunControls(state)
        LeverPanel(state)
    if state.error.value:
        solara.Error(state.error.value, classes=["govsim-error"])
    Monitors(state)
    tabs = ("tab.village", "tab.pipeline", "tab.cycle", "tab.classroom", "tab.info")
    with solara.lab.Tabs(value=tab, on_value=set_tab):
        for key in tabs:
            solara.lab.Tab(state.t(key), classes=[f"govsim-{key.replace('.', '-')}"])
    [NetworkTab, PipelineTab, CycleTab, ClassroomTab, InfoTab][tab](state)


# --------------------------------------------------------------------------------------------
# the same views inside Mesa's SolaraViz
# --------------------------------------------------------------------------------------------


def mesa_components() -> list[tuple[Any, int]]:
    """The network, pipeline and cycle views as components of Mesa's ``SolaraViz``.

    Each takes the model and re-renders on SolaraViz's own update counter, in English::

        from mesa.visualization import SolaraViz
        page = SolaraViz(GovernanceModel("scenarios/village.toml"), components=mesa_components())
    """
    from mesa.visualization.utils import update_counter

    def t(key: str) -> str:
        return i18n.text(key, "en")

    @solara.component
    def GovsimNetwork(model: Any) -> None:
        update_counter.get()
        view = vm.village_view(model, 0, REPORTER_WINDOW_DAYS)
        picture = solara.use_memo(
            lambda: NetworkPicture(view, vm.village_edges(model, 0)), [id(model)]
        )
        solara.Image(picture.png(view, "aware"), width="480px")

    @solara.component
    def GovsimPipeline(model: Any) -> None:
        update_counter.get()
        svg = pipeline_svg(
            vm.pipeline_view(model, 7), t, lambda name: i18n.department_name(name, "en")
        )
        solara.HTML(tag="div", unsafe_innerHTML=svg)

    @solara.component
    def GovsimCycle(model: Any) -> None:
        update_counter.get()
        metrics = {"dialogue": "participation_share", "trust": "mean_trust",
                   "commitment": "ownership_share", "understanding": "awareness_share"}  # fmt: skip
        days, series = vm.daily_series(model, list(metrics.values()))
        lines = [Line(t(f"cycle.{k}"), palette.CYCLE[k], series[m]) for k, m in metrics.items()]
        solara.HTML(tag="div", unsafe_innerHTML=line_chart_svg(lines, days, t("cycle.day")))

    return [(GovsimNetwork, 0), (GovsimPipeline, 0), (GovsimCycle, 1)]
