"""The pictures: network PNG, pipeline and cycle SVG; and the time to render one day."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from govsim import i18n
from govsim.app import view_model as vm
from govsim.app.session import Session
from govsim.app.views.network import NetworkPicture, ring_layout
from govsim.app.views.pipeline import pipeline_svg
from govsim.app.views.series import Line, line_chart_svg

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OUT = Path(__file__).parents[2] / "out" / "app"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


@pytest.fixture(scope="module")
def stepped(scenarios_dir: Path) -> Session:
    session = Session("teaching/count_appraisal.toml", seed=2, scenarios_dir=scenarios_dir)
    session.step(120)
    return session


def test_ring_layout_places_households_around_the_ring(stepped: Session) -> None:
    view = vm.village_view(stepped.model, 0)
    positions = ring_layout(view)
    radius = np.hypot(positions[:, 0], positions[:, 1])
    assert positions.shape == (view.size, 2)
    assert radius.min() == pytest.approx(1.0)  # the first adult of every household on the ring
    angle = np.arctan2(positions[:, 1], positions[:, 0])
    same_household = view.household[1:] == view.household[:-1]
    assert np.allclose(angle[1:][same_household], angle[:-1][same_household])


def test_network_picture_is_a_png_for_every_colouring(stepped: Session) -> None:
    model = stepped.model
    view = vm.village_view(model, 1, 30)
    picture = NetworkPicture(view, vm.village_edges(model, 1))
    images = {c: picture.png(view, c) for c in ("aware", "trust", "ownership", "app")}
    assert all(image.startswith(PNG_MAGIC) for image in images.values())
    assert len(set(images.values())) == 4  # the colouring shows
    with pytest.raises(ValueError, match="village 1, not 0"):
        picture.png(vm.village_view(model, 0), "aware")


def test_pipeline_counts_are_the_ledger_s(stepped: Session) -> None:
    view = vm.pipeline_view(stepped.model, 30)
    ledger = stepped.model.ledger
    assert view.new_cases == int((ledger["created_day"] >= stepped.model.day - 30).sum())
    assert view.trivial_cases > 0  # count-based appraisal: grid workers pad their counts
    assert view.open_cases == int((ledger["closed_day"] < 0).sum())
    for language in i18n.LANGUAGES:
        svg = pipeline_svg(view, lambda key, lang=language: i18n.text(key, lang),
                           lambda name, lang=language: i18n.department_name(name, lang))  # fmt: skip
        texts = [t.text for t in _parse(svg).iter("{http://www.w3.org/2000/svg}text")]
        assert i18n.text("stage.centre", language) in texts
        assert f"{view.new_cases:,}" in texts or str(view.new_cases) in texts


def test_cycle_chart_breaks_lines_at_missing_values() -> None:
    nan = float("nan")
    svg = line_chart_svg(
        [Line("a", "#000", [0.1, nan, 0.5, 0.6], [0.2, 0.2, 0.2, 0.2])], [0, 1, 2, 3], "day"
    )
    paths = [p.get("d") for p in _parse(svg).iter("{http://www.w3.org/2000/svg}path")]
    assert len(paths) == 2
    assert paths[1].count("M") == 2  # the gap at day 1 starts a new stroke
    assert "60%" in svg  # the label carries the last value


def test_render_time_of_one_day(scenarios_dir: Path) -> None:
    """Time to step one day and redraw the village views (logged, not asserted: the machine is
    shared). Written to out/app/render_timing.json and printed with ``-s``."""
    timings: dict[str, dict[str, float]] = {}
    for scenario in ("village.toml", "teaching/township.toml"):
        session = Session(scenario, seed=1, scenarios_dir=scenarios_dir)
        session.step(60)
        view = vm.village_view(session.model, 0, 30)
        picture = NetworkPicture(view, vm.village_edges(session.model, 0))
        t = lambda key: i18n.text(key, "en")  # noqa: E731
        frames = []
        for _ in range(30):
            started = time.perf_counter()
            session.step(1)
            picture.png(vm.village_view(session.model, 0, 30), "trust")
            pipeline_svg(vm.pipeline_view(session.model, 7), t, lambda n: n)
            days = [p.day for p in session.history]
            line_chart_svg([Line("trust", "#000", [p.trust for p in session.history])], days, "day")
            frames.append(time.perf_counter() - started)
        timings[scenario] = {
            "median_ms": 1000 * statistics.median(frames),
            "max_ms": 1000 * max(frames),
            "frames": len(frames),
        }
        assert len(session.history) == 91
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "render_timing.json").write_text(json.dumps(timings, indent=2))
    print("one day, stepped and drawn:", json.dumps(timings))
