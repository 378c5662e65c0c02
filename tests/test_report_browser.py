"""The decision report renders in a real browser: a township status quo against two packages.

Runs the acceptance comparison of the issue (a township of 30 villages of the baseline county:
the status quo against ``result_appraisal.toml`` and ``combined_package.toml``), writes the
report, opens both languages in Debian's headless Chromium (``/usr/bin/chromium``, driven by
Playwright) and saves full-page screenshots in ``out/report-browser/`` for a person to look at.
It checks what a planner must see: the changed levers, the headline table with coloured verdicts,
the costs, the time paths, figures that loaded, and a page that made no request.

``make test-browser`` runs it (``.ci/run`` installs Chromium and a Chinese font first).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govsim.report import DecisionReport, compare

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"
OUT = REPO / "out" / "report-browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def township_report() -> DecisionReport:
    report = compare(
        SCENARIOS / "baseline.toml",
        SCENARIOS / "result_appraisal.toml",
        SCENARIOS / "combined_package.toml",
        seeds=10,
        horizons=(90, 365),
        overrides={"county.villages": 30},
        labels=["township status quo", "result_appraisal", "combined_package"],
        workers=2,
        store=OUT / "runs",
    )
    report.write(OUT)
    return report


@pytest.fixture(scope="module")
def browser(browser_type):  # type: ignore[no-untyped-def]
    """Chromium from pytest-playwright's session driver: a second ``sync_playwright()`` in the
    same session (``make test-browser`` runs the app's browser tests first) is refused."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    browser = browser_type.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield browser
    browser.close()


@pytest.mark.parametrize(("lang", "page_name"), [("en", "report.html"), ("zh", "report_zh.html")])
def test_the_report_renders_for_a_planner(
    township_report: DecisionReport, browser, lang: str, page_name: str
) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((OUT / page_name).as_uri())
    page.wait_for_load_state("load")
    screenshot = OUT / f"report_{lang}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    page.screenshot(path=str(OUT / f"report_{lang}_top.png"), full_page=False)

    # no request but the page itself (figures are data URIs, the style sheet is inline)
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    # every figure decoded and has a size
    widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
    assert len(widths) == 3
    assert all(width > 600 for width in widths)
    body = page.inner_text("body")
    if lang == "en":
        for words in (
            "Headline outcomes, 365 days after roll-out",
            "What each package changes",
            "Appraisal: weight on counts",
            "Programme cost and cost-effectiveness",
            "CNY per extra case resolved in time",
            "Time paths",
            "Holm",
        ):
            assert words in body
    else:
        for words in (
            "核心指标",
            "各方案调整了什么",
            "考核：上报数量权重",
            "项目成本与成本效益",
            "时间路径",
        ):
            assert words in body
    # verdict colours are in the headline table
    coloured = page.eval_on_selector_all(
        "table.headline td.better, table.headline td.worse", "cells => cells.length"
    )
    assert coloured > 0
    # the page is laid out within the window's width (no horizontal scrolling)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert screenshot.stat().st_size > 100_000
    page.close()
