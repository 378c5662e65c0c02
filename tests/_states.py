"""Small hand-made states for testing one process at a time, without building a model.

Every builder gives a state table with readable defaults that a test overrides column by
column: ``population(6, trust=[...], migrant=[...])``. Scenarios come from the village scenario
with overrides (``settings(**{"appraisal.audit_rate": 0.5})``); :func:`only_categories` and
:func:`only_departments` shrink its lists. Event batches are built the same way
(:func:`filings`, :func:`closures`), and :func:`snapshot` / :func:`written` tell which state
columns a process changed, to compare with its ``WRITES``. ``Z`` is the tolerance, in standard
errors, of every statistical assertion (:func:`assert_within`).
"""

from __future__ import annotations

import copy
import dataclasses
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

import govsim
from govsim.enums import AppStatus, Channel, Outcome, Source, Stage
from govsim.events import Closures, Filings
from govsim.scenario import Scenario
from govsim.state.columns import ColumnStore
from govsim.state.departments import CentreState, DepartmentTable
from govsim.state.enterprises import EnterpriseTable
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.layout import Layout
from govsim.state.ledger import CaseLedger, ReportLog
from govsim.state.network import SocialNetwork
from govsim.state.population import NEVER, Population
from govsim.state.problems import CategoryTable, ProblemStore
from govsim.state.villages import VillageTable

VILLAGE = Path(__file__).resolve().parents[1] / "scenarios" / "village.toml"


def settings(**overrides: Any) -> Scenario:
    """The village scenario with dotted-path overrides, started from set-up (no spin-up)."""
    return govsim.load_scenario(VILLAGE, {"spin_up_days": 0, **overrides})


def rng(seed: int = 0) -> np.random.Generator:
    """A generator for one test."""
    return np.random.default_rng(seed)


def layout(
    households_per_village: list[list[int]], grids_per_village: list[int] | None = None
) -> Layout:
    """Villages of households with the given numbers of adults; households cut into grids."""
    sizes = [size for village in households_per_village for size in village]
    counts = [len(village) for village in households_per_village]
    grids = grids_per_village or [1] * len(counts)
    n_households = len(sizes)
    household_size = np.array(sizes, dtype=np.int64)
    household_start = np.concatenate(([0], np.cumsum(household_size)[:-1])).astype(np.int64)
    village_household_count = np.array(counts, dtype=np.int64)
    village_household_start = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    village_of_household = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    grid_of_household = np.zeros(n_households, dtype=np.int32)
    village_of_grid = np.repeat(np.arange(len(counts), dtype=np.int32), grids)
    grid_offset = np.concatenate(([0], np.cumsum(grids)[:-1]))
    for v, (start, count) in enumerate(zip(village_household_start, counts, strict=True)):
        local = np.arange(count)
        grid_of_household[start : start + count] = grid_offset[v] + local * grids[v] // count
    grid_household_count = np.bincount(grid_of_household, minlength=sum(grids)).astype(np.int64)
    village_size = np.bincount(
        village_of_household, weights=household_size, minlength=len(counts)
    ).astype(np.int64)
    return Layout(
        village_of_household=village_of_household,
        grid_of_household=grid_of_household,
        household_start=household_start,
        household_size=household_size,
        village_start=np.concatenate(([0], np.cumsum(village_size)[:-1])).astype(np.int64),
        village_size=village_size,
        village_household_start=village_household_start,
        village_household_count=village_household_count,
        village_of_grid=village_of_grid,
        grid_household_start=np.concatenate(([0], np.cumsum(grid_household_count)[:-1])).astype(
            np.int64
        ),
        grid_household_count=grid_household_count,
    )


def population(n: int, the_layout: Layout | None = None, **columns: Any) -> Population:
    """``n`` villagers (residents under 60 with smartphones, trust and efficacy 0.5, unaware)."""
    village = household = grid = np.zeros(n, dtype=np.int32)
    if the_layout is not None:
        household = np.repeat(
            np.arange(the_layout.n_households, dtype=np.int32), the_layout.household_size
        )
        village = the_layout.village_of_household[household]
        grid = the_layout.grid_of_household[household]
    never = np.full(n, NEVER, dtype=np.int32)
    values: dict[str, Any] = {
        "village": village,
        "household": household,
        "grid": grid,
        "age_band": np.zeros(n, dtype=np.int8),
        "migrant": np.zeros(n, dtype=bool),
        "smartphone": np.ones(n, dtype=bool),
        "digital_skill": np.full(n, 0.5),
        "party_member": np.zeros(n, dtype=bool),
        "wechat_draw": np.zeros(n),
        "recognition_draw": np.ones(n),
        "aware": np.zeros(n, dtype=bool),
        "ownership": np.zeros(n, dtype=bool),
        "trust": np.full(n, 0.5),
        "efficacy": np.full(n, 0.5),
        "points": np.zeros(n),
        "app_status": np.full(n, AppStatus.NEVER, dtype=np.int8),
        "app_registered_day": never.copy(),
        "app_last_use_day": never.copy(),
        "last_participation_day": never.copy(),
        "last_report_day": never.copy(),
        "last_attendance_day": never.copy(),
        "reports": np.zeros(n, dtype=np.int32),
    }
    for name, value in columns.items():
        assert name in values, name
        values[name] = np.asarray(value, dtype=values[name].dtype)
    return Population(**values)


def network(n: int, ties: list[tuple[int, int]]) -> SocialNetwork:
    """An undirected network of ``n`` villagers with the given ties."""
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in ties:
        neighbours[a].append(b)
        neighbours[b].append(a)
    indptr = np.concatenate(([0], np.cumsum([len(x) for x in neighbours]))).astype(np.int64)
    indices = np.array([b for x in neighbours for b in sorted(x)], dtype=np.int32)
    return SocialNetwork(indptr=indptr, indices=indices)


def grid_workers(n: int, **columns: Any) -> GridWorkerTable:
    """``n`` grid workers, one per grid of village 0 (text skill 0.5, integrity 0.5)."""
    zeros = np.zeros(n, dtype=np.int64)
    values: dict[str, Any] = {
        "grid": np.arange(n, dtype=np.int32),
        "village": np.zeros(n, dtype=np.int32),
        "text_skill": np.full(n, 0.5),
        "integrity": np.full(n, 0.5),
        "patrol_minutes": np.zeros(n),
        "followup_minutes": np.zeros(n),
        "reports_filed": zeros.copy(),
        "reports_resolved": zeros.copy(),
        "satisfaction_sum": np.zeros(n),
        "satisfaction_count": zeros.copy(),
        "trivial_reports_filed": zeros.copy(),
        "inflated_reports_caught": zeros.copy(),
        "gaming_gain": np.zeros(n),
        "gaming": np.zeros(n),
    }
    values.update({name: np.asarray(value) for name, value in columns.items()})
    return GridWorkerTable(**values)


def enterprises(n: int, **columns: Any) -> EnterpriseTable:
    """``n`` local firms of village 0, unaware, not excluded, never included."""
    values: dict[str, Any] = {
        "village": np.zeros(n, dtype=np.int32),
        "kind": np.zeros(n, dtype=np.int8),
        "aware": np.zeros(n, dtype=bool),
        "excluded": np.zeros(n, dtype=bool),
        "inclusion_draw": np.ones(n),
        "reports": np.zeros(n, dtype=np.int64),
    }
    values.update({name: np.asarray(value) for name, value in columns.items()})
    return EnterpriseTable(**values)


def villages(n: int, **columns: Any) -> VillageTable:
    """``n`` villages with average leadership, no self-government group, no firms."""
    values: dict[str, Any] = {
        "leadership": np.full(n, 0.5),
        "group_draw": np.ones(n),
        "meeting_draw": np.zeros(n),
        "enterprise_start": np.zeros(n, dtype=np.int64),
        "enterprise_count": np.zeros(n, dtype=np.int64),
        "mediation_available": np.zeros(n),
    }
    values.update({name: np.asarray(value) for name, value in columns.items()})
    return VillageTable(**values)


def departments(scenario: Scenario, **columns: Any) -> DepartmentTable:
    """The scenario's departments, no data interfaces, relations at the scenario's start."""
    n = len(scenario.departments)
    values: dict[str, Any] = {
        "names": tuple(d.name for d in scenario.departments),
        "interface": np.zeros((n, n), dtype=bool),
        "adoption_order": np.arange(n, dtype=np.int64),
        "relations": np.full(n, scenario.sharing.relations_initial),
        "adopted": np.zeros(n, dtype=bool),
        "links": np.eye(n, dtype=bool),
        "queue": [deque() for _ in range(n)],
        "priority_queue": [deque() for _ in range(n)],
        "queued": np.zeros(n, dtype=np.int64),
        "background_queued": np.zeros(n, dtype=np.int64),
        "capacity_carry": np.zeros(n),
        "taken_on": np.zeros(n, dtype=np.int64),
        "background_taken": np.zeros(n, dtype=np.int64),
        "diligence": np.zeros(n),
        "closure_gaming": np.zeros(n),
        "rating_pressure": np.zeros(n),
        "appraisal_score": np.full(n, np.nan),
    }
    values.update({name: np.asarray(value) for name, value in columns.items()})
    return DepartmentTable(**values)


def categories(scenario: Scenario) -> CategoryTable:
    """The scenario's categories, listed in scenario order."""
    return CategoryTable.from_scenario(scenario, np.arange(len(scenario.categories)))


def cases(ledger: CaseLedger, n: int, **columns: Any) -> np.ndarray:
    """Append ``n`` open genuine villager cases (category 0, village 0, 7-day limit)."""
    values: dict[str, Any] = {
        "created_day": 0,
        "category": 0,
        "source": Source.VILLAGER,
        "channel": Channel.GRID_WORKER,
        "reporter": np.arange(n),
        "village": 0,
        "grid": 0,
        "lead_department": 0,
        "genuine": True,
        "stage": Stage.INTAKE,
        "sla_days": 7,
        "outcome": Outcome.OPEN,
    }
    values.update(columns)
    return ledger.append(n, **values)


def only_categories(*names: str) -> dict[str, bool]:
    """Overrides removing every category of the village scenario but ``names``."""
    return {f"categories.{c.name}": False for c in settings().categories if c.name not in names}


def only_departments(*names: str) -> dict[str, bool]:
    """Overrides removing every department of the village scenario but ``names``.

    Categories led or assisted by a removed department must be removed or changed too.
    """
    return {f"departments.{d.name}": False for d in settings().departments if d.name not in names}


def problems(store: ProblemStore, n: int, **columns: Any) -> np.ndarray:
    """Append ``n`` problems (day 0, village 0, grid 0, household 0, category 0) to ``store``."""
    values: dict[str, Any] = {
        "day": 0,
        "village": 0,
        "grid": 0,
        "household": 0,
        "households": 1,
        "category": 0,
        "severity": 0.5,
    }
    values.update(columns)
    return store.append(n, **values)


def _batch(cls: type, n: int, defaults: dict[str, Any], columns: dict[str, Any]) -> Any:
    """A batch of ``cls`` with ``n`` events, columns broadcast and cast to the batch's dtypes."""
    values = {**defaults, **columns}
    built = {}
    for f in dataclasses.fields(cls):
        dtype = f.default_factory().dtype  # type: ignore[misc]
        built[f.name] = np.broadcast_to(np.asarray(values[f.name], dtype=dtype), (n,)).copy()
    return cls(**built)


def filings(n: int, **columns: Any) -> Filings:
    """``n`` villager reports of problems ``0..n-1`` by villagers ``0..n-1`` on the hotline.

    Quality 0.5, no intake delay, category, village and grid 0.
    """
    defaults = {
        "problem": np.arange(n),
        "source": Source.VILLAGER,
        "channel": Channel.HOTLINE,
        "reporter": np.arange(n),
        "quality": 0.5,
        "intake_days": 0,
        "category": 0,
        "village": 0,
        "grid": 0,
    }
    result: Filings = _batch(Filings, n, defaults, columns)
    return result


def closures(n: int, **columns: Any) -> Closures:
    """``n`` closures of cases ``0..n-1``: genuine villager hotline cases resolved in time.

    No problem behind them (``problem = -1``), village and grid 0, reporters ``0..n-1``, one day
    to close, lead department 0 and no assisting one.
    """
    defaults = {
        "ids": np.arange(n),
        "outcome": Outcome.RESOLVED,
        "genuine": True,
        "good": True,
        "problem": -1,
        "village": 0,
        "grid": 0,
        "source": Source.VILLAGER,
        "channel": Channel.HOTLINE,
        "reporter": np.arange(n),
        "days": 1,
        "late_days": 0,
        "in_time": True,
        "joint": False,
        "lead": 0,
        "assist": -1,
        "settled_locally": False,
        "overdue": False,
    }
    result: Closures = _batch(Closures, n, defaults, columns)
    return result


# -- what a process writes ---------------------------------------------------------------------


def _columns(table: Any) -> dict[str, Any]:
    """Copies of a table's columns (and of a column store's public attributes, e.g. joiners)."""
    if isinstance(table, ColumnStore):
        copied: dict[str, Any] = {name: table[name].copy() for name in table.COLUMNS}
        extras = {k: v for k, v in vars(table).items() if not k.startswith("_")}
        copied.update(copy.deepcopy(extras))
        return copied
    return {f.name: copy.deepcopy(getattr(table, f.name)) for f in dataclasses.fields(table)}


def snapshot(**tables: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    """Copies of every column of the named state tables, to compare with :func:`written`."""
    return {
        name: (len(table) if isinstance(table, ColumnStore) else -1, _columns(table))
        for name, table in tables.items()
    }


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, np.ndarray):
        return old.shape == new.shape and bool(
            np.array_equal(old, new, equal_nan=old.dtype.kind == "f")
        )
    if isinstance(old, list):  # lists of deques (department queues)
        return [list(x) for x in old] == [list(x) for x in new]
    if isinstance(old, deque):
        return list(old) == list(new)
    return bool(old == new)


def written(before: dict[str, tuple[int, dict[str, Any]]], **tables: Any) -> set[str]:
    """What changed since ``before``: ``table.column`` entries, and ``table+`` for appended rows.

    The tables are given by the same names as to :func:`snapshot`; a column store's rows that
    existed before are compared column by column.
    """
    changed: set[str] = set()
    for name, table in tables.items():
        size, old = before[name]
        new = _columns(table)
        if size >= 0 and len(table) > size:
            changed.add(f"{name}+")
        for column, value in old.items():
            now = new[column]
            if size >= 0 and isinstance(value, np.ndarray):
                now = now[:size]
            if not _same(value, now):
                changed.add(f"{name}.{column}")
    return changed


# -- statistics ----------------------------------------------------------------------------------

Z = 5.0  # tolerance of statistical assertions, in standard errors (false alarm ≈ 6e-7)


def assert_within(observed: float, expected: float, standard_error: float) -> None:
    """``observed`` is within ``Z`` standard errors of ``expected``."""
    assert abs(observed - expected) <= Z * standard_error, (
        f"{observed} is {abs(observed - expected) / standard_error:.1f} standard errors from "
        f"{expected} (tolerance {Z})"
    )


def assert_share(hits: int, trials: int, probability: float) -> None:
    """``hits`` of ``trials`` Bernoulli(``probability``) trials is within ``Z`` standard errors."""
    se = np.sqrt(max(probability * (1 - probability), 1e-12) / trials)
    assert_within(hits / trials, probability, float(se))


__all__ = [
    "CaseLedger",
    "CentreState",
    "ProblemStore",
    "ReportLog",
    "Z",
    "assert_share",
    "assert_within",
    "cases",
    "categories",
    "closures",
    "departments",
    "enterprises",
    "filings",
    "grid_workers",
    "layout",
    "network",
    "only_categories",
    "only_departments",
    "population",
    "problems",
    "rng",
    "settings",
    "snapshot",
    "villages",
    "written",
]
