"""The app's lever controls, read from the scenario schema so they cannot drift from it.

Each policy lever of a scenario (:func:`govsim.scenario.iter_fields`, ``FieldInfo.lever``)
becomes one :class:`LeverSpec`: its path, kind (switch, integer or real slider), bounds, unit,
source and default as the schema declares them, grouped by the mechanism it acts on. Texts come
from :mod:`govsim.i18n`.

A slider needs two ends. Where the schema gives both bounds they are used as they are; where it
gives no upper bound (staff, minutes, CNY, days), the slider ends at :data:`OPEN_RANGE_FACTOR`
times the default (at least the lower bound plus one; for a day or a number of days, at least
the scenario's run length), and the control says the schema sets no upper bound.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from govsim.scenario import FieldInfo, Scenario, iter_fields

__all__ = [
    "GROUPS",
    "OPEN_RANGE_FACTOR",
    "SUM_TO_ONE",
    "LeverSpec",
    "balanced",
    "group_of",
    "lever_specs",
]

#: Mechanism groups in display order, with the scenario sections whose levers they hold.
GROUPS: dict[str, tuple[str, ...]] = {
    "publicity": ("publicity", "wechat_groups"),
    "grid": ("grid_workers", "appraisal", "cameras"),
    "village": ("cadres", "meetings", "enterprises"),
    "incentives": ("incentives",),
    "apps": ("apps", "feedback"),
    "centre": ("centre", "departments"),
    "accountability": ("department_appraisal", "evaluation", "summons", "transparency"),
    "sharing": ("sharing",),
}

#: Upper end of a slider whose lever the schema leaves unbounded, as a multiple of its default.
OPEN_RANGE_FACTOR = 4.0

_SECTION_GROUP = {section: group for group, sections in GROUPS.items() for section in sections}

_DAY_UNITS = ("day", "days")

Kind = Literal["switch", "integer", "real"]


@dataclass(frozen=True, slots=True)
class LeverSpec:
    """One lever as a control: where it lives, what it takes and what the schema says of it."""

    path: str
    group: str
    kind: Kind
    info: FieldInfo
    default: Any  # the value in the loaded scenario file
    lo: float
    hi: float
    bounded_above: bool  # False: the schema sets no upper bound; ``hi`` is the slider's end
    step: float


def group_of(path: str) -> str:
    """The mechanism group of a lever path (``sharing.shared_cloud`` → ``sharing``)."""
    section = path.partition(".")[0]
    if section not in _SECTION_GROUP:
        raise KeyError(f"lever {path!r} belongs to no group; add its section to GROUPS")
    return _SECTION_GROUP[section]


def _step(kind: Kind, lo: float, hi: float) -> float:
    if kind == "integer":
        return 1.0
    span = hi - lo
    if span <= 0:
        return 0.01
    # about a hundred positions, rounded to 1, 2 or 5 times a power of ten
    raw = span / 100
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _number(value: object) -> float:
    if not isinstance(value, int | float):
        raise TypeError(f"a numeric lever has the default {value!r}")
    return float(value)


def lever_specs(scenario: Scenario) -> list[LeverSpec]:
    """The scenario's policy levers as controls, in group order, then schema order."""
    specs = []
    for row in iter_fields(scenario):
        if not row.info.lever:
            continue
        kind: Kind
        if row.type_name == "bool":
            kind = "switch"
        elif row.type_name == "int":
            kind = "integer"
        elif row.type_name == "float":
            kind = "real"
        else:  # pragma: no cover - every lever of the schema is a bool, int or float
            raise TypeError(f"lever {row.path} of type {row.type_name} has no control")
        lo = 0.0 if row.info.lo is None else float(row.info.lo)
        bounded = row.info.hi is not None
        if kind == "switch":
            lo, hi = 0.0, 1.0
        elif bounded:
            hi = float(row.info.hi)  # type: ignore[arg-type]
        else:
            floor = float(scenario.days) if row.info.unit in _DAY_UNITS else lo + 1.0
            hi = max(OPEN_RANGE_FACTOR * _number(row.default), floor)
            if kind == "integer":
                hi = float(math.ceil(hi))
        specs.append(
            LeverSpec(
                path=row.path,
                group=group_of(row.path),
                kind=kind,
                info=row.info,
                default=row.default,
                lo=lo,
                hi=hi,
                bounded_above=bounded or kind == "switch",
                step=_step(kind, lo, hi),
            )
        )
    order = list(GROUPS)
    return sorted(specs, key=lambda spec: order.index(spec.group))


#: Levers whose values the schema requires to sum to 1 (``Appraisal.check``,
#: ``Publicity.check``). Moving one moves the others in proportion (:func:`balanced`), so a
#: slider never produces an invalid scenario; ``tests/app/test_app_levers.py`` checks that the
#: schema indeed refuses each group when only one member moves.
SUM_TO_ONE: tuple[tuple[str, ...], ...] = (
    ("appraisal.count_weight", "appraisal.resolution_weight", "appraisal.satisfaction_weight"),
    (
        "department_appraisal.closed_weight",
        "department_appraisal.resolved_weight",
        "department_appraisal.in_time_weight",
        "department_appraisal.satisfaction_weight",
    ),
    tuple(
        row.path
        for row in iter_fields(Scenario)
        if row.path.startswith("publicity.") and row.path.endswith(".budget_share")
    ),
)


def balanced(path: str, value: float, current: Mapping[str, float]) -> dict[str, float]:
    """The change of ``path`` to ``value``, with its sum-to-one partners rescaled to fit.

    The partners keep their proportions and share ``1 - value``; if they are all zero they share
    it equally. Levers outside :data:`SUM_TO_ONE` change alone.
    """
    group = next((g for g in SUM_TO_ONE if path in g), None)
    if group is None:
        return {path: value}
    value = min(max(value, 0.0), 1.0)
    partners = [p for p in group if p != path]
    rest = sum(current[p] for p in partners)
    changes = {path: value}
    for partner in partners:
        share = current[partner] / rest if rest > 0 else 1.0 / len(partners)
        changes[partner] = round((1.0 - value) * share, 6)
    # rounding: put what is left on the largest partner so the sum is exactly 1
    largest = max(partners, key=lambda p: changes[p])
    changes[largest] = round(1.0 - value - sum(changes[p] for p in partners if p != largest), 6)
    return changes
