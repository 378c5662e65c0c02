"""Time series of shares (0-1) as an SVG line chart, with an optional dashed contrast run.

Lines are drawn as polylines over the days simulated; a NaN (a share over no cases yet) breaks
the line rather than drawing a zero. Each series is labelled at its right end, in the browser's
fonts, so Chinese and English labels render alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Line", "line_chart_svg"]

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 190, 14, 30


@dataclass(frozen=True, slots=True)
class Line:
    """One series: its label, colour, values by day, and the contrast run's (or None)."""

    label: str
    colour: str
    values: Sequence[float]
    contrast: Sequence[float] | None = None


def _nice_days(last_day: int) -> int:
    """The chart's right end: the run so far rounded up to a tidy number of days."""
    for end in (30, 60, 90, 180, 365, 730, 1095):
        if last_day <= end:
            return end
    return int(math.ceil(last_day / 365) * 365)


def _path(values: Sequence[float], days: Sequence[int], x_end: int) -> str:
    """SVG path data of a series, broken at NaNs."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    commands, pen_down = [], False
    for day, value in zip(days, values, strict=True):
        if value is None or math.isnan(value):
            pen_down = False
            continue
        x = LEFT + plot_w * day / x_end
        y = TOP + plot_h * (1 - min(max(value, 0.0), 1.0))
        commands.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return " ".join(commands)


def _last(values: Sequence[float]) -> float | None:
    for value in reversed(values):
        if not math.isnan(value):
            return value
    return None


def line_chart_svg(lines: Sequence[Line], days: Sequence[int], day_label: str) -> str:
    """A chart of ``lines`` (shares on 0-1) against ``days``; ``day_label`` names the x axis."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    x_end = _nice_days(max(days[-1] if days else 0, 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'style="max-width:{WIDTH}px;font-family:inherit" role="img">'
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = TOP + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#E3E7EB"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" fill="#666" text-anchor="end">{tick:.0%}</text>'
        )
    for k in range(5):
        day = round(x_end * k / 4)
        x = LEFT + plot_w * day / x_end
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 10}" font-size="11" fill="#666" text-anchor="middle">{day}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w:.1f}" y="{HEIGHT - 10}" font-size="11" fill="#666" text-anchor="start" dx="8">{escape(day_label)}</text>'
    )
    labels: list[tuple[float, Line, float]] = []
    for line in lines:
        if line.contrast is not None:
            d = _path(line.contrast, days[: len(line.contrast)], x_end)
            parts.append(
                f'<path d="{d}" fill="none" stroke="{line.colour}" stroke-width="1.6" stroke-dasharray="5 4" opacity="0.8"/>'
            )
        d = _path(line.values, days, x_end)
        parts.append(f'<path d="{d}" fill="none" stroke="{line.colour}" stroke-width="2.4"/>')
        last = _last(line.values)
        if last is not None:
            labels.append((TOP + plot_h * (1 - min(max(last, 0.0), 1.0)), line, last))
    # labels at the right of their line's last value, pushed apart so they never overlap
    labels.sort(key=lambda item: item[0])
    previous = -math.inf
    for wanted, line, value in labels:
        y = max(wanted, previous + 15)
        previous = y
        parts.append(
            f'<text x="{LEFT + plot_w + 8}" y="{y + 4:.1f}" font-size="12" fill="{line.colour}" font-weight="bold">'
            f"{escape(line.label)} {value:.0%}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
