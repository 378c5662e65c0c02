"""A village's social network as a picture: the household ring.

Layout (computed once per village, in microseconds, from the model's own structure rather than
a force simulation): households sit around a ring in their index order, which is the order of
the Watts-Strogatz ring the network is built on (docs/model.md §2.10), so ties between
neighbouring households are short arcs and rewired ties are chords across the ring; adults of a
household are stacked outwards. The village committee (its cadres) is drawn at the centre and
each grid worker on an inner ring at the middle of the arc of households in their grid.
Villagers who opened a case recently get a ring in the colour of the channel they used, and a
line to the grid worker or the village committee they reported to.

The figure and its artists are kept between frames (:class:`NetworkPicture`): a new day only
changes colours and the reporters, which costs far less than drawing anew. The picture holds no
text, so it needs no fonts for any language; the page sets the legend in HTML.
"""

from __future__ import annotations

import io
from typing import Literal

import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from numpy.typing import NDArray

from govsim.app.view_model import VillageView
from govsim.app.views import palette
from govsim.enums import AppStatus, Channel

__all__ = ["ColourBy", "NetworkPicture", "ring_layout"]

ColourBy = Literal["aware", "trust", "ownership", "app"]

RING_RADIUS = 1.0
MEMBER_STEP = 0.045  # radial step between adults of a household (ring radii)
GRID_WORKER_RADIUS = 0.72
SIZE_INCHES = 6.4
DPI = 100


def ring_layout(view: VillageView) -> NDArray[np.float64]:
    """Positions ``(size, 2)`` of the village's adults on the household ring."""
    angle = 2 * np.pi * (view.household + 0.5) / max(view.n_households, 1)
    # rank of each adult within their household (rows of a household are contiguous)
    new_household = np.r_[True, view.household[1:] != view.household[:-1]]
    first_row = np.maximum.accumulate(np.where(new_household, np.arange(view.size), 0))
    rank = np.arange(view.size) - first_row
    radius = RING_RADIUS + MEMBER_STEP * rank
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _grid_worker_positions(view: VillageView) -> NDArray[np.float64]:
    angles = []
    for grid in view.grid_worker_grids:
        households = view.household[view.grid == grid]
        middle = (households.min() + households.max() + 1) / 2 if len(households) else 0.0
        angles.append(2 * np.pi * middle / max(view.n_households, 1))
    a = np.asarray(angles, dtype=np.float64)
    return np.column_stack([GRID_WORKER_RADIUS * np.cos(a), GRID_WORKER_RADIUS * np.sin(a)])


def _cadre_positions(count: int) -> NDArray[np.float64]:
    a = 2 * np.pi * np.arange(count) / max(count, 1) + np.pi / 2
    r = 0.08 if count > 1 else 0.0
    return np.column_stack([r * np.cos(a), r * np.sin(a)])


def _colours(view: VillageView, colour_by: ColourBy) -> NDArray[np.float64]:
    """RGBA colour of each villager for the chosen state."""
    from matplotlib.colors import to_rgba_array

    if colour_by == "trust":
        return np.asarray(colormaps[palette.TRUST_COLORMAP](view.trust), dtype=np.float64)
    if colour_by == "app":
        table = to_rgba_array(palette.STATE["app"])
        order = [AppStatus.NEVER, AppStatus.ACTIVE, AppStatus.CHURNED]
        lookup = np.empty((max(order) + 1, 4))
        lookup[order] = table
        return np.asarray(lookup[view.app_status.astype(np.int64)], dtype=np.float64)
    state = view.aware if colour_by == "aware" else view.ownership
    yes, no = to_rgba_array(palette.STATE[colour_by])
    return np.asarray(np.where(state[:, None], yes, no), dtype=np.float64)


class NetworkPicture:
    """The network picture of one village, redrawn cheaply day after day.

    Parameters
    ----------
    view:
        The village's state on the first frame (its layout and ties do not change in a run).
    edges:
        The village's ties as ``(m, 2)`` village positions
        (:func:`govsim.app.view_model.village_edges`).
    """

    def __init__(self, view: VillageView, edges: NDArray[np.int64]) -> None:
        self.village = view.village
        self.positions = ring_layout(view)
        self.grid_workers = _grid_worker_positions(view)
        self.cadres = _cadre_positions(view.cadres)
        self.figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        FigureCanvasAgg(self.figure)  # draws off-screen, without pyplot's global state
        ax = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_aspect("equal")
        reach = RING_RADIUS + MEMBER_STEP * 8
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.add_collection(
            LineCollection(
                list(self.positions[edges]), colors="#9A9A9A", linewidths=0.35, alpha=0.45, zorder=1
            )
        )
        self.report_lines = LineCollection([], linewidths=1.2, alpha=0.9, zorder=2)
        ax.add_collection(self.report_lines)
        self.villagers = ax.scatter(
            self.positions[:, 0], self.positions[:, 1], s=14, linewidths=0, zorder=3
        )
        self.reporters = ax.scatter(
            [], [], s=70, facecolors="none", linewidths=1.6, zorder=4, edgecolors="none"
        )
        ax.scatter(
            self.grid_workers[:, 0],
            self.grid_workers[:, 1],
            s=150,
            marker="D",
            c=palette.CHANNEL[Channel.GRID_WORKER],
            edgecolors="white",
            linewidths=1.2,
            zorder=5,
        )
        ax.scatter(
            self.cadres[:, 0],
            self.cadres[:, 1],
            s=120,
            marker="s",
            c=palette.CHANNEL[Channel.VILLAGE_COMMITTEE],
            edgecolors="white",
            linewidths=1.2,
            zorder=5,
        )
        self.ax = ax

    def _destination(self, position: int, channel: int, view: VillageView) -> NDArray[np.float64]:
        if channel == Channel.GRID_WORKER and len(self.grid_workers):
            own = np.flatnonzero(view.grid_worker_grids == view.grid[position])
            worker: NDArray[np.float64] = self.grid_workers[own[0] if len(own) else 0]
            return worker
        if channel == Channel.VILLAGE_COMMITTEE:
            return np.zeros(2)
        own_position: NDArray[np.float64] = self.positions[position]
        return own_position  # hotline, WeChat, app: no one in the village receives it

    def png(self, view: VillageView, colour_by: ColourBy) -> bytes:
        """The picture of ``view`` (same village) as PNG bytes."""
        if view.village != self.village:
            raise ValueError(f"this picture is of village {self.village}, not {view.village}")
        from matplotlib.colors import to_rgba_array

        self.villagers.set_facecolor(_colours(view, colour_by))  # type: ignore[arg-type]
        inside = (view.reporter_positions >= 0) & (view.reporter_positions < view.size)
        who = view.reporter_positions[inside]
        channels = view.reporter_channels[inside]
        channel_rgba = to_rgba_array(palette.CHANNEL)
        colours = channel_rgba[np.clip(channels, 0, len(palette.CHANNEL) - 1)]
        self.reporters.set_offsets(self.positions[who] if len(who) else np.empty((0, 2)))
        self.reporters.set_edgecolor(colours if len(who) else "none")  # type: ignore[arg-type]
        segments = [
            (self.positions[p], self._destination(int(p), int(c), view))
            for p, c in zip(who, channels, strict=True)
            if c in (Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE)
        ]
        self.report_lines.set_segments(segments)
        self.report_lines.set_colors(
            [
                palette.CHANNEL[int(c)]
                for c in channels
                if c in (Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE)
            ]
        )
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
