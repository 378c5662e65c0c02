"""Shared, generic fixtures: scenario paths, loaded scenarios and a per-session run cache.

Model runs are the expensive part of the suite, so tests that only *read* a run share it through
:func:`cached_run` (session-scoped; under pytest-xdist each worker keeps its own cache). A run is a
pure function of (scenario, days, seed), so sharing cannot couple tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import govsim
from govsim import RunResult, Scenario
from govsim.scenario import with_overrides

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENARIOS_DIR = REPO_ROOT / "scenarios"
VILLAGE_TOML = SCENARIOS_DIR / "village.toml"

RunFn = Callable[..., RunResult]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (tests never depend on the working directory)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def village_path() -> Path:
    """Absolute path of ``scenarios/village.toml``."""
    return VILLAGE_TOML


@pytest.fixture(scope="session")
def village() -> Scenario:
    """The one-village scenario, loaded and validated, started from set-up (no spin-up).

    Tests of mechanisms read a run from its first day; the steady state the shipped scenarios
    spin up to is tested on its own (tests/test_steady_state.py).
    """
    return govsim.load_scenario(VILLAGE_TOML, {"spin_up_days": 0})


@pytest.fixture(scope="session")
def cached_run() -> RunFn:
    """``cached_run(scenario, *, days, seed, overrides=None)``: :func:`govsim.run`, memoised.

    Callers must treat the returned tables as read-only.
    """
    cache: dict[tuple[Any, ...], RunResult] = {}

    def run(
        scenario: Scenario,
        *,
        days: int,
        seed: int,
        overrides: Mapping[str, Any] | None = None,
    ) -> RunResult:
        key = (scenario, days, seed, tuple(sorted((overrides or {}).items())))
        if key not in cache:
            loaded = with_overrides(scenario, overrides) if overrides else scenario
            cache[key] = govsim.run(loaded, days=days, seed=seed)
        return cache[key]

    return run


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write_toml(name, text)``: write a TOML file in the test's tmp dir and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
