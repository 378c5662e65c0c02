"""The one place where the app reads the model: plain values for the views.

Everything the teaching app shows comes through the functions of this module, as small frozen
dataclasses of numbers and numpy arrays. The views, the session and the page never touch
``GovernanceModel`` attributes themselves, so when the model core changes (``govsim.state``,
typed event batches, the metric registry, ``apply_levers``) only this module has to follow.

What is read, and from where:

* villagers of one village (:func:`village_view`): rows ``layout.village_start`` …, columns
  ``aware``, ``trust``, ``ownership``, ``app_status``, ``household``, ``grid`` of
  ``model.population``; the ties from ``model.social_graph(village)``; grid workers from
  ``model.grid_workers``; cadres per village from the scenario; reporters from the case ledger;
* the case pipeline over a window of days (:func:`pipeline_view`): ``model.problems``, the case
  ledger ``model.ledger``, the daily rows of ``model.recorder``, department queues;
* the daily metrics (:func:`latest_metrics`, ``model.recorder.latest``) and the theory's series
  (:func:`cycle_point`), which add rolling shares computed from the ledger;
* levers (:func:`lever_value`, :func:`apply_levers`, :func:`live_lever`): ``model.settings``,
  ``model.apply_levers`` and ``govsim.model.fixed_at_set_up``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AgeBand, Channel, Outcome, Source
from govsim.metrics import DAILY
from govsim.model import GovernanceModel, fixed_at_set_up
from govsim.scenario import Scenario, get_path, load_scenario

__all__ = [
    "CHANNELS",
    "MEASURES",
    "CyclePoint",
    "PipelineView",
    "VillageView",
    "apply_levers",
    "build_model",
    "cycle_point",
    "daily_series",
    "day",
    "department_names",
    "latest_metrics",
    "lever_value",
    "lever_value_of",
    "live_lever",
    "load_settings",
    "measure",
    "n_villages",
    "pipeline_view",
    "village_view",
]

#: Reporting channels in display order, by their scenario spelling.
CHANNELS: tuple[str, ...] = tuple(c.label for c in Channel)

#: Window of the rolling shares of the collaborative cycle (days): long enough for a village to
#: close a few dozen cases, short enough to follow a change of lever.
CYCLE_WINDOW_DAYS = 90

_GOOD = np.array([Outcome.RESOLVED, Outcome.SETTLED_LOCALLY])


def build_model(
    scenario: Scenario | str, seed: int, overrides: Mapping[str, Any] | None = None
) -> GovernanceModel:
    """A fresh model of ``scenario`` with lever ``overrides`` (dotted paths), seeded ``seed``.

    Raises :class:`govsim.ScenarioError` (every problem with its path) if an override is invalid.
    """
    settings = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return GovernanceModel(settings, rng=seed, datacollection=False, **dict(overrides or {}))


def load_settings(path: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate a scenario file with overrides (raises :class:`govsim.ScenarioError`)."""
    return load_scenario(path, dict(overrides) if overrides else None)


def day(model: GovernanceModel) -> int:
    """Days simulated so far (the next step simulates this day)."""
    return int(model.day)


def n_villages(model: GovernanceModel) -> int:
    """Villages in the model."""
    return int(model.layout.n_villages)


def department_names(model: GovernanceModel) -> list[str]:
    """Departments' scenario names, in model order."""
    return [d.name for d in model.settings.departments]


def lever_value(model: GovernanceModel, path: str) -> Any:
    """The current value of a scenario value (lever) by dotted path."""
    return get_path(model.settings, path)


def lever_value_of(settings: Scenario, path: str) -> Any:
    """The value of a scenario value by dotted path in a loaded scenario."""
    return get_path(settings, path)


def live_lever(path: str) -> bool:
    """True if the lever can change mid-run, from the next day.

    False for a lever that shapes the county itself (its size, population, network): it waits
    for a reset.
    """
    return not fixed_at_set_up(path)


def apply_levers(model: GovernanceModel, changes: Mapping[str, Any]) -> None:
    """Change levers from the next step on (``model.apply_levers``; live levers only)."""
    model.apply_levers(dict(changes))


# --------------------------------------------------------------------------------------------
# one village: the social network and the villagers' state
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VillageView:
    """One village's villagers (rows ``start`` … ``start + size - 1``) and who serves them.

    Arrays are indexed by position in the village (0 … size - 1).
    """

    village: int
    start: int
    size: int
    household: NDArray[np.int64]  # household index, counted from the village's first
    grid: NDArray[np.int64]  # grid index, counted from the village's first
    n_households: int
    n_grids: int
    aware: NDArray[np.bool_]
    trust: NDArray[np.float64]
    ownership: NDArray[np.bool_]
    app_status: NDArray[np.int8]  # govsim.enums.AppStatus codes
    grid_worker_grids: NDArray[np.int64]  # grid (village-relative) of each grid worker
    cadres: int
    reporter_positions: NDArray[np.int64]  # villagers who opened a case in the window
    reporter_channels: NDArray[np.int64]  # the channel of that case (Channel code)


def village_edges(model: GovernanceModel, village: int) -> NDArray[np.int64]:
    """The village's social ties as an ``(m, 2)`` array of village positions (static in a run)."""
    graph = model.social_graph(village)
    start = int(model.layout.village_start[village])
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    return edges - start


def village_view(model: GovernanceModel, village: int, report_window_days: int = 7) -> VillageView:
    """The state of one village's villagers today, and who reported in the last days."""
    layout, people = model.layout, model.population
    start = int(layout.village_start[village])
    size = int(layout.village_size[village])
    rows = slice(start, start + size)
    first_household = int(layout.village_household_start[village])
    grids = np.flatnonzero(layout.village_of_grid == village)
    first_grid = int(grids[0]) if len(grids) else 0
    workers = np.flatnonzero(model.grid_workers.village == village)

    ledger = model.ledger
    created = ledger["created_day"]
    recent = (
        (created > model.day - 1 - report_window_days)
        & (ledger["village"] == village)
        & (ledger["source"] == Source.VILLAGER)
    )
    reporters = ledger["reporter"][recent] - start
    return VillageView(
        village=village,
        start=start,
        size=size,
        household=(people.household[rows] - first_household).astype(np.int64),
        grid=(people.grid[rows] - first_grid).astype(np.int64),
        n_households=int(layout.village_household_count[village]),
        n_grids=len(grids),
        aware=people.aware[rows].copy(),
        trust=people.trust[rows].copy(),
        ownership=people.ownership[rows].copy(),
        app_status=people.app_status[rows].copy(),
        grid_worker_grids=(model.grid_workers.grid[workers] - first_grid).astype(np.int64),
        cadres=int(model.settings.cadres.per_village),
        reporter_positions=reporters.astype(np.int64),
        reporter_channels=ledger["channel"][recent].astype(np.int64),
    )


# --------------------------------------------------------------------------------------------
# the case pipeline over a window of days
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PipelineView:
    """The flow of cases over the last ``days`` days (today included), and the queues now.

    Counts of events in the window: problems arisen and how many of them are cases by now;
    reports by channel (duplicates and grid workers' own finds included) and camera finds; new
    cases and trivial (non-genuine) ones; closures by how they ended; bounces and escalations.
    Stocks today: open cases, overdue ones, the centre's and each department's queue.
    """

    days: int
    problems: int
    problems_with_case: int
    reports_by_channel: dict[str, int]
    camera_cases: int
    new_cases: int
    trivial_cases: int
    settled_locally: int
    dispatched_new: int  # cases opened in the window that the centre has routed by now
    bounces: int
    escalations: int
    resolved: int
    resolved_in_time: int
    unresolved: int
    no_action: int
    notified: int
    closed_genuine: int
    open_cases: int
    overdue_open: int
    centre_queue: int
    department_queues: dict[str, int]


def _recorder_sum(model: GovernanceModel, names: list[str], days: int) -> dict[str, int]:
    """Sums of the recorder's daily tallies (counts of events) over the last ``days`` days."""
    if days <= 0 or model.day == 0:
        return dict.fromkeys(names, 0)
    tallies = model.recorder.tallies
    return {name: int(getattr(tallies, name)[-days:].sum()) for name in names}


def pipeline_view(model: GovernanceModel, days: int = 1) -> PipelineView:
    """The case pipeline of the last ``days`` days (``days=1``: today, the last day simulated)."""
    first = model.day - days  # the window is days first … model.day - 1
    problems = model.problems
    problem_new = problems["day"] >= first
    ledger = model.ledger
    created_new = ledger["created_day"] >= first
    closed_day = ledger["closed_day"]
    closed_new = closed_day >= first
    outcome = ledger["outcome"]
    genuine = ledger["genuine"]
    in_time = (
        closed_new
        & np.isin(outcome, _GOOD)
        & (closed_day - ledger["created_day"] <= ledger["sla_days"])
    )
    is_open = outcome == Outcome.OPEN
    names = [f"reports_{c}" for c in CHANNELS] + ["camera_cases", "bounces", "escalations"]
    sums = _recorder_sum(model, names, days)
    latest = model.recorder.latest
    return PipelineView(
        days=days,
        problems=int(problem_new.sum()),
        problems_with_case=int((problem_new & (problems["case"] >= 0)).sum()),
        reports_by_channel={c: sums[f"reports_{c}"] for c in CHANNELS},
        camera_cases=sums["camera_cases"],
        new_cases=int(created_new.sum()),
        trivial_cases=int((created_new & ~genuine).sum()),
        settled_locally=int((closed_new & (outcome == Outcome.SETTLED_LOCALLY)).sum()),
        dispatched_new=int((created_new & (ledger["routing_attempts"] > 0)).sum()),
        bounces=sums["bounces"],
        escalations=sums["escalations"],
        resolved=int((closed_new & (outcome == Outcome.RESOLVED)).sum()),
        resolved_in_time=int(in_time.sum()),
        unresolved=int((closed_new & (outcome == Outcome.UNRESOLVED)).sum()),
        no_action=int((closed_new & (outcome == Outcome.NO_ACTION)).sum()),
        notified=int((closed_new & genuine & ledger["notified"]).sum()),
        closed_genuine=int((closed_new & genuine).sum()),
        open_cases=int(is_open.sum()),
        overdue_open=int((is_open & ledger["overdue"]).sum()),
        centre_queue=int(latest.get("centre_queue", 0)),
        department_queues={
            name: int(queued)
            for name, queued in zip(model.departments.names, model.departments.queued, strict=True)
        },
    )


# --------------------------------------------------------------------------------------------
# daily metrics and the collaborative cycle
# --------------------------------------------------------------------------------------------


def latest_metrics(model: GovernanceModel) -> dict[str, float]:
    """Yesterday's row of daily metrics (``govsim.metrics.DAILY``), or {} before day 1."""
    if model.day == 0:
        return {}
    return {k: float(v) for k, v in model.recorder.latest.items()}


@dataclass(frozen=True, slots=True)
class CyclePoint:
    """The collaborative cycle (Ansell & Gash 2008) and the order parameter, on one day.

    Each stage is read from one model quantity (docs/teaching.md, "What the curves mean"):

    * dialogue — share of adults who reported or attended a village meeting in the last 90 days;
    * trust — resident adults' mean trust in government responsiveness (0-1);
    * commitment — share of resident adults who see themselves as governance subjects
      (ownership);
    * shared understanding — share of adults aware of the governance policy;
    * small wins — share of genuine cases closed in the last 90 days that were resolved or
      settled within their time limit;
    * order parameter — share of cross-department cases closed in the last 90 days (genuine,
      not settled in the village) resolved jointly within the time limit (stylized fact 10);
    * relations — departments' mean working relations, the slow state behind it (0-1).

    Shares over no cases are NaN: a gap in the curve, not a zero.
    """

    day: int
    dialogue: float
    trust: float
    commitment: float
    understanding: float
    small_wins: float
    order_parameter: float
    relations: float


def _share(numerator: NDArray[np.bool_], denominator: NDArray[np.bool_]) -> float:
    n = int(denominator.sum())
    return float(numerator[denominator].sum()) / n if n else math.nan


def cycle_point(model: GovernanceModel, window_days: int = CYCLE_WINDOW_DAYS) -> CyclePoint:
    """The cycle's stages and the order parameter after the last day simulated."""
    m = latest_metrics(model)
    residents = model.population.resident  # the belief metrics' denominator (before day 1 too)
    ledger = model.ledger
    closed_day = ledger["closed_day"]
    recent = (closed_day >= model.day - window_days) & ledger["genuine"]
    good = np.isin(ledger["outcome"], _GOOD)
    in_time = good & (closed_day - ledger["created_day"] <= ledger["sla_days"])
    joint = recent & ledger["cross_department"] & ~ledger["settled_locally"]
    return CyclePoint(
        day=model.day,
        dialogue=m.get("participation_share", math.nan),
        trust=m.get("mean_trust", float(model.population.trust[residents].mean())),
        commitment=m.get("ownership_share", float(model.population.ownership[residents].mean())),
        understanding=m.get("awareness_share", float(model.population.aware.mean())),
        small_wins=_share(in_time, recent),
        order_parameter=_share(in_time & (ledger["outcome"] == Outcome.RESOLVED), joint),
        relations=m.get("department_relations", math.nan),
    )


# --------------------------------------------------------------------------------------------
# measures a demonstration compares between its run and its contrast
# --------------------------------------------------------------------------------------------


def _trivial_reports(model: GovernanceModel) -> float:
    return float((~model.ledger["genuine"]).sum())


def _awareness(model: GovernanceModel, older: bool) -> float:
    people = model.population
    group = (people.age_band == AgeBand.AGE_60_PLUS) == older
    return float(people.aware[group].mean()) if group.any() else math.nan


def _awareness_60_plus(model: GovernanceModel) -> float:
    return _awareness(model, older=True)


def _awareness_under_60(model: GovernanceModel) -> float:
    return _awareness(model, older=False)


def _centre_cases(model: GovernanceModel) -> float:
    return float((model.ledger["routing_attempts"] > 0).sum())


def _metric(name: str) -> Measure:
    def read(model: GovernanceModel) -> float:
        return latest_metrics(model).get(name, math.nan)

    read.__name__ = f"_latest_{name}"
    return read


def _order_parameter(model: GovernanceModel) -> float:
    return cycle_point(model).order_parameter


Measure = Callable[[GovernanceModel], float]

#: Named measures of a model, with their display format: ``share`` (shown as %), ``score``
#: (0-1, two decimals) or ``count``. A measure that is a registered daily metric has the
#: metric's name, and the metric's label (:func:`govsim.i18n.metric_label`); the others are
#: labelled by the catalogue's ``measure.<name>``.
MEASURES: dict[str, tuple[Measure, str]] = {
    "participation_share": (_metric("participation_share"), "share"),
    "mean_trust": (_metric("mean_trust"), "score"),
    "trivial_reports": (_trivial_reports, "count"),
    "awareness_60_plus": (_awareness_60_plus, "share"),
    "awareness_under_60": (_awareness_under_60, "share"),
    "department_relations": (_metric("department_relations"), "score"),
    "order_parameter": (_order_parameter, "share"),
    "centre_cases": (_centre_cases, "count"),
    "migrant_participation_share": (_metric("migrant_participation_share"), "share"),
}


def measure(model: GovernanceModel, name: str) -> float:
    """The value of the named measure (:data:`MEASURES`) for ``model`` now."""
    return MEASURES[name][0](model)


def daily_series(
    model: GovernanceModel, names: list[str]
) -> tuple[list[int], dict[str, list[float]]]:
    """Days simulated and the named daily metrics over them (from the model's recorder)."""
    if model.day == 0:
        return [], {name: [] for name in names}
    tallies = model.recorder.tallies
    days = (tallies.day.astype(np.int64) + 1).tolist()
    n = len(days)
    return days, {
        name: np.broadcast_to(np.asarray(DAILY[name].function(tallies), dtype=float), (n,)).tolist()
        for name in names
    }
