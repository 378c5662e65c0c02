"""The sidebar: run controls (NetLogo's buttons and speed slider) and the policy levers.

Levers are built from the schema (:func:`govsim.app.levers.lever_specs`): a switch for a flag,
a slider for a number, with the lever's name, its help text, its unit and range and the source of
its default underneath, grouped by mechanism in an accordion (one group open at a time). A moved lever is validated
at once (:meth:`Session.set_levers`); an invalid combination (publicity shares that do not add up
to 1) is refused with the schema's message and the control springs back.
"""

from __future__ import annotations

import time
from html import escape
from typing import TYPE_CHECKING, Any

import solara
import solara.lab
from solara.alias import rv

from govsim import i18n
from govsim.app.levers import GROUPS, SUM_TO_ONE, LeverSpec, balanced, lever_specs
from govsim.scenario import ScenarioError

if TYPE_CHECKING:
    from govsim.app.page import AppState

__all__ = ["LeverPanel", "RunControls", "css_id", "play_interval"]

#: Most frames drawn per second while playing; faster speeds step several days per frame.
MAX_FRAMES_PER_SECOND = 8.0
MAX_SPEED = 50  # days per second


def play_interval(days_per_second: float) -> tuple[float, int]:
    """Seconds between frames and days per frame for a speed (at most 8 frames a second)."""
    frames_per_second = min(days_per_second, MAX_FRAMES_PER_SECOND)
    return 1.0 / frames_per_second, max(1, round(days_per_second / frames_per_second))


def css_id(path: str) -> str:
    """A lever path as a CSS class suffix (``appraisal.audit_rate`` → ``appraisal-audit_rate``)."""
    return path.replace(".", "-")


def line(text: str, *, classes: list[str] | None = None, style: str = "") -> None:
    """A line of text (a block, unlike ``solara.Text``)."""
    solara.HTML(tag="div", unsafe_innerHTML=escape(text), classes=classes or [], style=style)


def _error_text(state: AppState, error: ScenarioError) -> str:
    return "\n".join([state.t("levers.invalid"), *(f"• {problem}" for problem in error.problems)])


@solara.component
def RunControls(state: AppState) -> None:
    """Step, play/pause, speed, seed, reset, and the scenario file."""
    state.tick.value  # noqa: B018
    state.levers_version.value  # noqa: B018
    session = state.session
    speed = solara.use_reactive(10)
    seed, set_seed = solara.use_state(session.seed)

    def play_loop() -> None:
        while state.playing.value:
            interval, days = play_interval(speed.value)
            started = time.perf_counter()
            session.step(days)
            state.changed()
            time.sleep(max(0.0, interval - (time.perf_counter() - started)))

    solara.lab.use_task(play_loop, dependencies=[state.playing.value], prefer_threaded=True)

    def step(days: int) -> None:
        session.step(days)
        state.changed()

    def reset() -> None:
        state.playing.set(False)
        session.reset(seed)
        state.error.set("")
        state.changed(levers=True)

    def pick(name: str) -> None:
        state.playing.set(False)
        try:
            session.load_scenario(name)
            state.error.set("")
        except ScenarioError as error:
            state.error.set(f"{state.t('error.scenario')}\n{error}")
        state.changed(levers=True)

    model = session.model
    with solara.Card(state.t("control.title"), classes=["govsim-run"]):
        line(state.t("control.day", day=session.day), classes=["govsim-day"],
             style="font-size:20px;font-weight:600")  # fmt: skip
        villages = state.t("control.villages", villages=model.layout.n_villages,
                           adults=f"{model.population.size:,}")  # fmt: skip
        line(villages, style="font-size:12px;color:#666;margin-bottom:8px")
        with solara.Row(gap="6px"):
            solara.Button(state.t("control.step"), on_click=lambda: step(1), disabled=state.playing.value,
                          color="primary", classes=["govsim-step"])  # fmt: skip
            solara.Button(state.t("control.step_week"), on_click=lambda: step(7),
                          disabled=state.playing.value, classes=["govsim-step-week"])  # fmt: skip
            solara.Button(
                state.t("control.pause") if state.playing.value else state.t("control.play"),
                on_click=lambda: state.playing.set(not state.playing.value),
                color="primary",
                classes=["govsim-play"],
            )
        solara.SliderInt(state.t("control.speed"), value=speed, min=1, max=MAX_SPEED)
        with solara.Row(gap="12px", style={"align-items": "baseline"}):
            solara.InputInt(state.t("control.seed"), value=seed, on_value=lambda v: set_seed(v or 0),
                            classes=["govsim-seed"])  # fmt: skip
            solara.Button(state.t("control.reset"), on_click=reset, color="warning" if session.pending() else None,
                          classes=["govsim-reset"])  # fmt: skip
        if session.pending():
            line(state.t("levers.pending"), classes=["govsim-pending"])
        line(state.t("control.reset_hint"), style="font-size:11px;color:#777;margin-bottom:8px")
        solara.Select(
            state.t("control.scenario"),
            values=session.scenario_files(),
            value=session.scenario_name(),
            on_value=pick,
            classes=["govsim-scenario"],
        )


def _range_text(state: AppState, spec: LeverSpec) -> str:
    unit = i18n.unit(spec.info.unit, state.lang)
    if spec.kind == "switch":
        return ""
    lo, hi = f"{spec.lo:g}", f"{spec.hi:g}"
    text = (
        state.t("levers.range", lo=lo, hi=hi)
        if spec.bounded_above
        else state.t("levers.at_least", lo=lo)
    )
    return f"{text} {unit}".strip()


@solara.component
def LeverControl(state: AppState, spec: LeverSpec) -> None:
    """One lever: a switch or a slider, its help text, range, unit and source."""
    session = state.session
    value = session.lever_value(spec.path)
    name = i18n.lever_name(spec.path, state.lang)

    def change(new: Any) -> None:
        partners = {
            p: session.lever_value(p) for group in SUM_TO_ONE if spec.path in group for p in group
        }
        changes = balanced(spec.path, float(new), partners) if partners else {spec.path: new}
        try:
            session.set_levers(changes)
            state.error.set("")
        except ScenarioError as error:
            state.error.set(_error_text(state, error))
        state.changed(levers=True)

    with solara.Column(gap="0px", classes=["govsim-lever", f"govsim-lever--{css_id(spec.path)}"]):
        if spec.kind == "switch":
            solara.Switch(label=name, value=bool(value), on_value=change)
        elif spec.kind == "integer":
            solara.SliderInt(name, value=int(value), min=int(spec.lo), max=max(int(spec.hi), int(value)),
                             step=int(spec.step), on_value=change)  # fmt: skip
        else:
            solara.SliderFloat(name, value=float(value), min=spec.lo, max=max(spec.hi, float(value)),
                               step=spec.step, on_value=change)  # fmt: skip
        line(i18n.lever_help(spec.path, spec.info, state.lang), classes=["govsim-lever__help"])
        meta = [_range_text(state, spec), state.t("levers.source", source=spec.info.source)]
        line(" · ".join(m for m in meta if m), classes=["govsim-lever__meta"])


@solara.component
def LeverPanel(state: AppState) -> None:
    """Every lever of the scenario, grouped by mechanism."""
    state.levers_version.value  # noqa: B018
    session = state.session
    specs = solara.use_memo(lambda: lever_specs(session.settings), [session.settings])
    open_group, set_open_group = solara.use_state(None)
    with solara.Card(state.t("levers.title"), classes=["govsim-levers"]):
        changed = len(session.overrides)
        summary = (
            state.t("levers.changed", count=changed) if changed else state.t("levers.none_changed")
        )
        line(summary, classes=["govsim-levers-summary"])
        line(state.t("levers.apply_live"), style="font-size:12px;color:#666")
        if changed:

            def revert() -> None:
                session.revert_levers()
                state.changed(levers=True)

            solara.Button(
                state.t("levers.revert"), on_click=revert, text=True, classes=["govsim-revert"]
            )
        groups = [g for g in GROUPS if any(spec.group == g for spec in specs)]
        # only the open group's controls exist: sixty sliders in closed panels would cost every
        # frame a walk over their widgets
        with rv.ExpansionPanels(v_model=open_group, on_v_model=set_open_group, accordion=True):
            for index, group in enumerate(groups):
                with rv.ExpansionPanel(class_=f"govsim-group govsim-group--{group}"):
                    rv.ExpansionPanelHeader(children=[state.t(f"group.{group}")])
                    with rv.ExpansionPanelContent():
                        if open_group == index:
                            for spec in specs:
                                if spec.group == group:
                                    LeverControl(state, spec)
