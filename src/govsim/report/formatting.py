"""Numbers as a planner reads them, in English or Chinese.

Shares in per cent, their changes in percentage points, money in CNY (in 万元 for Chinese
readers), counts with thousands separators.
How a value is shown follows from its unit in the metric registry, so a new metric is formatted
sensibly without being listed here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from govsim.i18n import Language, text
from govsim.i18n import unit as unit_label

__all__ = ["Scale", "display_scale", "format_change", "format_money", "format_value"]


class Scale(Enum):
    """How values of a unit are displayed."""

    PERCENT = "percent"  # a share: 0.712 → 71.2%, a change → +3.1 pp
    POINTS = "points"  # a difference of shares: 0.021 → 2.1 pp
    MONEY = "money"  # CNY
    COUNT = "count"  # whole cases, reports, adults
    DAYS = "days"
    SCORE = "score"  # a 0-1 score: 3 decimals
    RATE = "rate"  # anything else: 3 significant digits


#: Catalogue messages of the unit written after a number (" pp" / "个百分点", " d" / "天").
_POINTS, _DAYS = "report.format.pp", "report.format.days"


@dataclass(frozen=True, slots=True)
class _Display:
    scale: Scale
    factor: float
    suffix: str = ""  # a catalogue message (_POINTS, _DAYS) or a symbol ("%")

    def unit_after(self, lang: Language) -> str:
        """What follows a number of this display in ``lang``."""
        return text(self.suffix, lang) if self.suffix.startswith("report.") else self.suffix


def display_scale(unit: str) -> Scale:
    """The display scale of a registry unit."""
    if unit.startswith("share"):
        return Scale.PERCENT
    if unit == "percentage points":
        return Scale.POINTS
    if unit.startswith("CNY"):
        return Scale.MONEY
    if unit == "days":
        return Scale.DAYS
    if unit == "0-1":
        return Scale.SCORE
    if unit in {"open cases", "cases", "cases/year", "adults", "problems"}:
        return Scale.COUNT
    return Scale.RATE


def _display(unit: str) -> _Display:
    scale = display_scale(unit)
    return {
        Scale.PERCENT: _Display(scale, 100.0, "%"),
        Scale.POINTS: _Display(scale, 100.0, _POINTS),
        Scale.MONEY: _Display(scale, 1.0),
        Scale.COUNT: _Display(scale, 1.0),
        Scale.DAYS: _Display(scale, 1.0, _DAYS),
        Scale.SCORE: _Display(scale, 1.0),
        Scale.RATE: _Display(scale, 1.0),
    }[scale]


def display_factor(unit: str) -> float:
    """Multiplier from the registry's unit to the displayed one (100 for shares)."""
    return _display(unit).factor


def change_unit(unit: str, lang: Language) -> str:
    """The unit in which a *change* of this metric is displayed (for axis labels), in words."""
    scale = display_scale(unit)
    if scale in (Scale.PERCENT, Scale.POINTS):
        return unit_label("percentage points", lang)
    if scale is Scale.MONEY:
        return unit_label("CNY/year", lang)
    if scale is Scale.DAYS:
        return unit_label("days", lang)
    return unit_label(unit, lang)


def format_money(value: float, lang: Language = "en", *, signed: bool = False) -> str:
    """CNY: ``CNY 1.80 M`` / ``CNY 6,000`` in English, ``180.3万元`` / ``6,000元`` in Chinese."""
    if not math.isfinite(value):
        return "–"
    sign = (
        ("+" if value > 0 else "−" if value < 0 else "±") if signed else ("−" if value < 0 else "")
    )
    size = abs(value)
    if lang == "zh":
        if size >= 1e8:
            return f"{sign}{size / 1e8:,.2f}亿元"
        if size >= 1e5:
            return f"{sign}{size / 1e4:,.1f}万元"
        return f"{sign}{size:,.0f}元"
    if size >= 1e6:
        return f"{sign}CNY {size / 1e6:,.2f} M"
    return f"{sign}CNY {size:,.0f}"


def format_value(value: float, unit: str, lang: Language = "en") -> str:
    """A level of a metric in its display unit (``71.2%``, ``4.0 d``, ``CNY 1.80 M``)."""
    if not math.isfinite(value):
        return "–"
    display = _display(unit)
    suffix = display.unit_after(lang)
    scaled = value * display.factor
    match display.scale:
        case Scale.MONEY:
            return format_money(value, lang)
        case Scale.PERCENT | Scale.POINTS | Scale.DAYS:
            return f"{_minus(f'{scaled:.1f}')}{suffix}"
        case Scale.COUNT:
            return _minus(f"{scaled:,.0f}")
        case Scale.SCORE:
            return _minus(f"{scaled:.3f}")
        case _:
            return _minus(f"{scaled:.3g}")


def format_change(value: float, unit: str, lang: Language = "en") -> str:
    """A change of a metric, signed, in its display unit (``+3.1 pp``, ``−0.5 d``)."""
    if not math.isfinite(value):
        return "–"
    display = _display(unit)
    scaled = value * display.factor
    match display.scale:
        case Scale.MONEY:
            return format_money(value, lang, signed=True)
        case Scale.PERCENT | Scale.POINTS:  # a change of a share is in percentage points
            return f"{_signed(scaled, '.1f')}{text(_POINTS, lang)}"
        case Scale.DAYS:
            return f"{_signed(scaled, '.1f')}{text(_DAYS, lang)}"
        case Scale.COUNT:
            return _signed(scaled, ",.0f")
        case Scale.SCORE:
            return _signed(scaled, ".3f")
        case _:
            return _signed(scaled, ".3g")


def format_interval(low: float, high: float, unit: str, lang: Language = "en") -> str:
    """A confidence interval of a change, in the change's display unit (``+1.2 to +3.0 pp``)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    left = format_change(low, unit, lang)
    right = format_change(high, unit, lang)
    # the unit once, at the end
    for suffix in (text(_POINTS, lang), text(_DAYS, lang)):
        left = left.removesuffix(suffix)
    return f"{left}{text('report.to', lang)}{right}"


def _signed(value: float, spec: str) -> str:
    text = format(abs(value), spec)
    if float(text.replace(",", "")) == 0.0:
        return f"±{text}"
    return f"{'+' if value > 0 else '−'}{text}"


def _minus(text: str) -> str:
    return text.replace("-", "−", 1) if text.startswith("-") else text
