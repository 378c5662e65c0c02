"""Fixtures of the teaching app's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The repository's scenario files."""
    return SCENARIOS


#: Chromium as Debian packages it (``apt-get install chromium``); Playwright cannot download
#: its own browser here. The flags keep a headless run on this machine and off the network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments: the system Chromium, headless, offline-minded."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
