"""The teaching app in a real browser (headless Chromium, Playwright): ``make test-browser``.

The server is ``govsim app`` itself, started as a class would start it, with one change: Solara's
CDN points at a closed port on this machine, so an asset missing from the local cache fails the
page instead of being fetched from the internet. Every request the browser makes is recorded;
the test fails if one leaves localhost or fails.

Screenshots go to docs/figures/teaching/ (docs/teaching.md shows them).
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    # pytest-base-url (a dependency of pytest-playwright) declares a session fixture on a class
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]

ROOT = Path(__file__).parents[2]
FIGURES = ROOT / "docs" / "figures" / "teaching"
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/|^(data|blob|about):")
STARTUP_SECONDS = 60
UI_TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """``govsim app`` on a free port, with Solara's CDN unreachable."""
    port = _free_port()
    env = {**os.environ, "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/npm/"}  # port 9: discard, closed
    log = ROOT / "out" / "app"
    log.mkdir(parents=True, exist_ok=True)
    with open(log / "browser_test_server.log", "w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "govsim.cli",
                "app",
                "scenarios/teaching/township.toml",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"govsim app did not start; see {log}") from None
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture
def watched(page: Page) -> tuple[Page, list[str]]:
    """The page, and the requests that left localhost or failed (must stay empty)."""
    problems: list[str] = []
    page.on(
        "request", lambda r: None if LOCAL.match(r.url) else problems.append(f"external: {r.url}")
    )
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.set_default_timeout(UI_TIMEOUT_MS)
    return page, problems


STEP_AND_WAIT = """() => new Promise((resolve, reject) => {
  const day = document.querySelector(".govsim-day");
  const before = day.textContent;
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (day.textContent !== before) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    }
  });
  observer.observe(day, {subtree: true, childList: true, characterData: true});
  setTimeout(() => reject(new Error("no new day within 10 s")), 10000);
  document.querySelector(".govsim-step").click();
})"""


def _shot(page: Page, name: str) -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let the last frame paint
    page.screenshot(path=str(FIGURES / f"{name}.png"))


def _day(page: Page) -> str:
    return page.locator(".govsim-day").inner_text()


def test_class_walkthrough(app_url: str, watched: tuple[Page, list[str]]) -> None:
    page, problems = watched
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(app_url)
    expect(page.locator(".govsim-day")).to_have_text("Day 0", timeout=60_000)

    # step and watch the village
    page.locator(".govsim-step-week").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 7")
    for _ in range(8):
        page.locator(".govsim-step-week").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 63")
    expect(page.locator(".govsim-network")).to_be_visible()
    _shot(page, "network_en")

    # move a lever: audits on the spot, from the keyboard on its slider (a change re-renders the
    # panel, so one key press)
    page.locator(".govsim-group--grid .v-expansion-panel-header").click()
    audit = page.locator(".govsim-lever--appraisal-audit_rate")
    audit.locator(".v-slider__thumb-container").focus()
    page.keyboard.press("PageUp")  # Vuetify: ten steps, 0 → 0.1
    expect(page.locator(".govsim-levers-summary")).to_have_text("1 changed")
    # a live lever: in the model from the next day, nothing waits for Reset
    expect(page.locator(".govsim-pending")).to_have_count(0)
    page.locator(".govsim-run").scroll_into_view_if_needed()
    _shot(page, "levers_en")

    # reset: day 0 again, the lever in the model
    page.locator(".govsim-reset").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 0")
    expect(page.locator(".govsim-pending")).to_have_count(0)
    page.locator(".govsim-step").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 1")

    # the pipeline and the cycle
    for _ in range(12):
        page.locator(".govsim-step-week").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 85")
    page.get_by_role("tab", name="Case pipeline").click()
    expect(page.locator(".govsim-pipeline svg")).to_be_visible()
    _shot(page, "pipeline_en")
    page.get_by_role("tab", name="Collaborative cycle").click()
    expect(page.locator(".govsim-chart--cycle svg")).to_be_visible()
    _shot(page, "cycle_en")

    # switch to Chinese
    page.locator(".govsim-language--zh").click()
    expect(page.locator(".govsim-day")).to_have_text("第 85 天")
    expect(page.get_by_role("tab", name="事件办理流程")).to_be_visible()
    page.get_by_role("tab", name="事件办理流程").click()
    expect(page.locator(".govsim-pipeline")).to_contain_text("综治中心")
    _shot(page, "pipeline_zh")
    page.get_by_role("tab", name="村庄社会网络").click()
    _shot(page, "network_zh")

    # a classroom demonstration: small matters stay in the village (fact 11), run its days
    page.get_by_role("tab", name="课堂演示").click()
    card = page.locator(".govsim-preset--fengqiao")
    card.locator(".govsim-preset-load").click()
    expect(page.locator(".govsim-day")).to_have_text("第 0 天")
    card.locator(".govsim-preset-run").click()
    expect(page.locator(".govsim-day")).to_have_text("第 180 天", timeout=60_000)
    comparison = card.locator(".govsim-comparison")
    expect(comparison).to_contain_text("与理论预期一致")
    expect(card.locator(".govsim-comparison--ok")).to_have_count(1)
    card.scroll_into_view_if_needed()
    _shot(page, "classroom_zh")
    page.get_by_role("tab", name="协同治理循环").click()
    expect(page.locator(".govsim-chart--order svg")).to_be_visible()
    _shot(page, "cycle_zh")

    assert problems == [], problems


def test_step_to_screen_time_is_logged(app_url: str, watched: tuple[Page, list[str]]) -> None:
    """Time from a click on Step to the new day painted, measured in the
    page: the model's day, the views, the websocket and the browser's paint. Logged to
    out/app/browser_step_timing.json, not asserted (the machine is shared)."""
    page, problems = watched
    page.goto(app_url)
    expect(page.locator(".govsim-day")).to_have_text("Day 0", timeout=60_000)
    page.locator(".govsim-step-week").click()
    expect(page.locator(".govsim-day")).to_have_text("Day 7")
    times = []
    for day in range(8, 28):
        # in the page: click Step, resolve when the new day is in the page and the next frame
        # is painted (a MutationObserver, no polling); the network picture comes in the same
        # render pass
        elapsed = page.evaluate(STEP_AND_WAIT)
        expect(page.locator(".govsim-day")).to_have_text(f"Day {day}")
        times.append(elapsed / 1000)
    record = {
        "median_ms": 1000 * statistics.median(times),
        "max_ms": 1000 * max(times),
        "steps": len(times),
    }
    (ROOT / "out" / "app" / "browser_step_timing.json").write_text(json.dumps(record, indent=2))
    print("browser: Step click to the new day on screen", json.dumps(record))
    assert problems == [], problems


def test_play_and_pause(app_url: str, watched: tuple[Page, list[str]]) -> None:
    page, problems = watched
    page.goto(app_url)
    expect(page.locator(".govsim-day")).to_have_text("Day 0", timeout=60_000)
    page.locator(".govsim-play").click()
    expect(page.locator(".govsim-day")).not_to_have_text("Day 0")
    page.locator(".govsim-play").click()  # pause
    expect(page.locator(".govsim-play")).to_have_text(re.compile("Play", re.IGNORECASE))
    paused_at = _day(page)
    page.wait_for_timeout(1000)
    assert _day(page) == paused_at
    assert problems == [], problems
