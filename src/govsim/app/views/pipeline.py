"""The case pipeline as an SVG diagram, from problems to feedback.

Seven stages left to right, each a box with its count over the window and its details; arrows
between stages are as thick as the flow they carry (square-root scale, so one case is visible
beside a hundred). What went wrong is red: trivial reports, bounces, escalations, unresolved and
overdue cases. Text is set by the browser, so any language renders with the page's fonts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from govsim.app.view_model import CHANNELS, PipelineView
from govsim.app.views import palette

__all__ = ["pipeline_svg"]

Text = Callable[[str], str]

WIDTH, HEIGHT = 1040, 380
BOX_W, BOX_TOP, BOX_H = 118, 40, 250
GAP = (WIDTH - 7 * BOX_W - 20) / 6
INK, MUTED, BAD, GOOD, LINE = "#222", "#666", "#C0392B", "#1B7F5B", "#B8C4CE"


def _x(column: int) -> float:
    return 10 + column * (BOX_W + GAP)


def _text(x: float, y: float, content: str, *, size: int = 12, colour: str = INK,
          weight: str = "normal", anchor: str = "start") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" '
        f'font-weight="{weight}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def _box(column: int, title: str, count: int | None, colour: str = "#F4F7FA") -> str:
    x = _x(column)
    parts = [
        f'<rect x="{x:.1f}" y="{BOX_TOP}" width="{BOX_W}" height="{BOX_H}" rx="8" '
        f'fill="{colour}" stroke="{LINE}"/>',
        _text(x + BOX_W / 2, BOX_TOP - 10, title, size=13, weight="bold", anchor="middle"),
    ]
    if count is not None:
        parts.append(
            _text(
                x + BOX_W / 2, BOX_TOP + 34, f"{count:,}", size=26, weight="bold", anchor="middle"
            )
        )
    return "".join(parts)


def _arrow(column: int, flow: int, y: float = BOX_TOP + BOX_H / 2, colour: str = "#8AA1B4") -> str:
    width = 1.5 + 3.0 * math.sqrt(max(flow, 0))
    x0, x1 = _x(column) + BOX_W + 2, _x(column + 1) - 8
    return (
        f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="{colour}" '
        f'stroke-width="{min(width, 28):.1f}" stroke-opacity="0.55"/>'
        f'<polygon points="{x1:.1f},{y - 7:.1f} {x1 + 8:.1f},{y:.1f} {x1:.1f},{y + 7:.1f}" fill="{colour}"/>'
        + _text(
            (x0 + x1) / 2,
            y - 8 - min(width, 28) / 2,
            f"{flow:,}",
            size=11,
            colour=MUTED,
            anchor="middle",
        )
    )


def _rows(column: int, rows: list[tuple[str, int, str]], top: float = BOX_TOP + 62) -> str:
    """Label/count rows inside a box, with a bar proportional to the count."""
    x = _x(column) + 8
    largest = max([count for _, count, _ in rows] + [1])
    parts = []
    for i, (label, count, colour) in enumerate(rows):
        y = top + i * 30
        bar = (BOX_W - 16) * count / largest
        parts.append(_text(x, y, label, size=11, colour=MUTED))
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 4:.1f}" width="{bar:.1f}" height="8" rx="2" fill="{colour}"/>'
        )
        parts.append(_text(x + BOX_W - 16, y, f"{count:,}", size=11, colour=INK, anchor="end"))
    return "".join(parts)


def pipeline_svg(view: PipelineView, t: Text, department: Text) -> str:
    """The pipeline of ``view`` as an SVG string.

    ``t`` gives a text by catalogue key, ``department`` a department's name by scenario name;
    the departments' box lists the five longest queues.
    """
    reports = sum(view.reports_by_channel.values()) + view.camera_cases
    to_centre = view.dispatched_new
    closed = view.resolved + view.unresolved + view.no_action + view.settled_locally
    channel_rows = [
        (t(f"channel.{c}"), view.reports_by_channel[c], palette.CHANNEL[i])
        for i, c in enumerate(CHANNELS)
    ] + [
        (t("stage.camera"), view.camera_cases, "#999999"),
        (t("stage.trivial"), view.trivial_cases, BAD),
    ]
    busiest = sorted(view.department_queues.items(), key=lambda kv: -kv[1])[:5]
    department_rows = [(department(name), queued, "#8AA1B4") for name, queued in busiest]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width:{WIDTH}px;font-family:inherit" role="img">',
        # 1 problems
        _box(0, t("stage.problems"), view.problems),
        _rows(0, [(t("stage.found"), view.problems_with_case, "#8AA1B4")]),
        _arrow(0, view.problems_with_case),
        # 2 channels
        _box(1, t("stage.channels"), reports),
        _rows(1, channel_rows, top=BOX_TOP + 56),
        _arrow(1, view.new_cases),
        # 3 village
        _box(2, t("stage.village"), view.settled_locally, "#EAF6F0"),
        _arrow(2, to_centre),
        # 4 centre
        _box(3, t("stage.centre"), to_centre),
        _rows(
            3,
            [
                (t("stage.dispatched"), to_centre, "#8AA1B4"),
                (t("stage.queue"), view.centre_queue, "#8AA1B4"),
                (t("stage.bounces"), view.bounces, BAD),
            ],
        ),
        _arrow(3, to_centre),
        # 5 departments
        _box(4, t("stage.departments"), sum(view.department_queues.values())),
        _rows(
            4, [*department_rows, (t("stage.escalations"), view.escalations, BAD)], top=BOX_TOP + 56
        ),
        _arrow(4, closed),
        # 6 closed
        _box(5, t("stage.closed"), closed),
        _rows(
            5,
            [
                (t("stage.resolved"), view.resolved + view.settled_locally, GOOD),
                (t("stage.in_time"), view.resolved_in_time, GOOD),
                (t("stage.unresolved"), view.unresolved, BAD),
                (t("stage.no_action"), view.no_action, "#999999"),
            ],
        ),
        _arrow(5, view.notified),
        # 7 feedback
        _box(6, t("stage.feedback"), view.notified),
        _rows(
            6,
            [
                (t("stage.notified"), view.notified, GOOD),
                (t("stage.closed"), view.closed_genuine, "#8AA1B4"),
            ],
        ),
        # settled in the village: straight from the village box to closure
        _settled_path(view.settled_locally),
        # open and overdue now
        _text(10, HEIGHT - 22, f"{t('stage.open')}: {view.open_cases:,}", size=14, weight="bold"),
        _text(
            220,
            HEIGHT - 22,
            f"{t('stage.overdue')}: {view.overdue_open:,}",
            size=14,
            weight="bold",
            colour=BAD if view.overdue_open else INK,
        ),
        "</svg>",
    ]
    return "".join(parts)


def _settled_path(flow: int) -> str:
    """A green band from the village box under the centre and departments to the closed box."""
    if flow <= 0:
        return ""
    width = min(1.5 + 3.0 * math.sqrt(flow), 20)
    x0, x1 = _x(2) + BOX_W / 2, _x(5) + BOX_W / 2
    y0, y1 = BOX_TOP + BOX_H, BOX_TOP + BOX_H + 34
    return (
        f'<path d="M {x0:.1f} {y0:.1f} L {x0:.1f} {y1:.1f} L {x1:.1f} {y1:.1f} L {x1:.1f} {y0 + 6:.1f}" '
        f'fill="none" stroke="{GOOD}" stroke-width="{width:.1f}" stroke-opacity="0.45"/>'
        f'<polygon points="{x1 - 7:.1f},{y0 + 9:.1f} {x1:.1f},{y0 + 1:.1f} {x1 + 7:.1f},{y0 + 9:.1f}" fill="{GOOD}"/>'
        + _text(
            (x0 + x1) / 2, y1 - 6 - width / 2, f"{flow:,}", size=11, colour=GOOD, anchor="middle"
        )
    )
