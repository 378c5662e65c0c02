"""Fixtures of the teaching app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The repository's scenario files."""
    return SCENARIOS
