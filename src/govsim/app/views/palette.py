"""Colours shared by the pictures and their HTML legends (colour-blind safe: Okabe & Ito 2008)."""

from __future__ import annotations

__all__ = ["CHANNEL", "CYCLE", "STATE", "TRUST_COLORMAP"]

#: Villager states by the value shown (boolean states: True, False; app use: never, active,
#: churned).
STATE: dict[str, tuple[str, ...]] = {
    "aware": ("#009E73", "#D5D5D5"),
    "ownership": ("#D55E00", "#D5D5D5"),
    "app": ("#D5D5D5", "#0072B2", "#CC79A7"),
}

#: Matplotlib colormap of trust (0-1).
TRUST_COLORMAP = "viridis"

#: Reporting channels (``govsim.enums.Channel`` order: hotline, grid worker, village
#: committee, WeChat, app).
CHANNEL: tuple[str, ...] = ("#E69F00", "#009E73", "#0072B2", "#56B4E9", "#CC79A7")

#: Series of the collaborative cycle.
CYCLE: dict[str, str] = {
    "dialogue": "#E69F00",
    "trust": "#0072B2",
    "commitment": "#D55E00",
    "understanding": "#009E73",
    "small_wins": "#CC79A7",
    "order_parameter": "#000000",
    "relations": "#7F7F7F",
}
