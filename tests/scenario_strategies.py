"""Hypothesis strategies built from the scenario schema (for the fuzz and property tests).

* :func:`valid_overrides` — overrides of a base scenario that keep it valid: every numeric leaf
  may be set to a bound, to a value just inside it, to a tiny positive number or to anything in
  between; groups of shares that must sum to one are drawn together.
* :func:`hostile_values` — for any leaf, values at and beyond its bounds and of wrong types.

The leaves come from :func:`govsim.scenario.iter_fields`, so new parameters are fuzzed without
editing this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

from hypothesis import strategies as st

from govsim.scenario import FieldRow, Scenario, iter_fields

#: Groups of values that must sum to one (drawn together as a point of the simplex).
SHARE_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "population.age_band_shares.age_18_39",
        "population.age_band_shares.age_40_59",
        "population.age_band_shares.age_60_plus",
    ),
    ("appraisal.count_weight", "appraisal.resolution_weight", "appraisal.satisfaction_weight"),
    tuple(
        f"publicity.{channel}.budget_share"
        for channel in ("website", "tv_radio", "village_meetings", "party_members", "wechat_groups")
    ),
)
#: Tuple-valued shares that must sum to one.
SHARE_TUPLES = {"enterprises.kind_shares": 3}
#: Values a village-scale test keeps fixed (the county's size decides the scale).
SCALE_PATHS = ("county.villages", "county.households_per_village", "days")
#: Values that must be even.
EVEN_PATHS = ("network.neighbour_households",)


def leaves(scenario: Scenario) -> dict[str, FieldRow]:
    """The scenario's leaf values by dotted path (keyed items included)."""
    return {row.path: row for row in iter_fields(scenario)}


def _near(bound: float, inward: float) -> list[float]:
    step = max(abs(bound) * 1e-9, 1e-12)
    return [bound + math.copysign(step, inward)]


def in_range(row: FieldRow) -> st.SearchStrategy[Any]:
    """Valid values of one numeric or boolean leaf, biased to its bounds."""
    lo, hi, default = row.info.lowest, row.info.highest, row.default
    if isinstance(default, bool):
        return st.booleans()
    if isinstance(default, Enum):
        return st.sampled_from([member.value for member in type(default)])
    if isinstance(default, int):
        low = int(lo) if lo is not None else int(default) - 100
        high = int(hi) if hi is not None else int(default) + 100
        edges = [low, high, default]
        if row.path in EVEN_PATHS:
            return st.integers(low // 2 + low % 2, high // 2).map(lambda half: 2 * half)
        return st.sampled_from(edges) | st.integers(low, high)
    low = float(lo) if lo is not None else -1e6
    high = float(hi) if hi is not None else 1e6
    edges = [low, high, float(default), *_near(low, 1.0), *_near(high, -1.0)]
    tiny = [x for x in (5e-324, 1e-300, 1e-12) if low <= x <= high]
    return st.sampled_from(edges + tiny) | st.floats(low, high, allow_nan=False)


def _simplex(size: int) -> st.SearchStrategy[list[float]]:
    def normalise(weights: list[float]) -> list[float]:
        total = sum(weights)
        if total <= 0:
            return [1.0] + [0.0] * (size - 1)
        shares = [w / total for w in weights]
        return [*shares[:-1], max(0.0, 1.0 - sum(shares[:-1]))]

    vertices = st.integers(0, size - 1).map(lambda k: [float(i == k) for i in range(size)])
    return vertices | st.lists(st.floats(0, 1), min_size=size, max_size=size).map(normalise)


@st.composite
def valid_overrides(
    draw: st.DrawFn, base: Scenario, *, fixed: tuple[str, ...] = SCALE_PATHS
) -> dict[str, Any]:
    """Overrides of ``base`` that leave it valid (with rare exceptions the caller rejects)."""
    rows = leaves(base)
    grouped = {path for group in SHARE_GROUPS for path in group} | set(SHARE_TUPLES)
    candidates = [
        path
        for path, row in rows.items()
        if path not in grouped
        and not path.startswith(fixed)
        and (row.type_name in ("bool", "int", "float") or isinstance(row.default, Enum))
    ]
    chosen = draw(
        st.lists(st.sampled_from(sorted(candidates)), unique=True, max_size=len(candidates)),
        label="paths",
    )
    overrides: dict[str, Any] = {path: draw(in_range(rows[path]), label=path) for path in chosen}
    for group in SHARE_GROUPS:
        if draw(st.booleans(), label=f"redraw {group[0]}"):
            overrides.update(zip(group, draw(_simplex(len(group))), strict=True))
    for path, size in SHARE_TUPLES.items():
        if draw(st.booleans(), label=f"redraw {path}"):
            overrides[path] = draw(_simplex(size))
    return overrides


def _beyond(row: FieldRow) -> list[Any]:
    lo, hi = row.info.lowest, row.info.highest
    values: list[Any] = []
    if lo is not None:
        values += [lo - 1, lo - 1e-9, -1e308]
    if hi is not None:
        values += [hi + 1, hi * 10 + 1, 1e308, 2**63, 10**30]
    return values


WRONG_TYPES: tuple[Any, ...] = (
    None,
    True,
    "",
    "0.5",
    "\x00",
    [],
    [1, 2],
    {},
    {"x": 1},
    math.nan,
    math.inf,
    -math.inf,
    2**64,
    -(2**64),
)


def hostile_values(row: FieldRow) -> st.SearchStrategy[Any]:
    """Values at and beyond a leaf's bounds, and values of the wrong type."""
    lo, hi = row.info.lowest, row.info.highest
    edges = [v for v in (lo, hi) if v is not None]
    return st.one_of(
        st.sampled_from(edges + _beyond(row)) if edges or _beyond(row) else st.nothing(),
        st.sampled_from(WRONG_TYPES),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.lists(st.integers(), max_size=3),
    )


def as_toml_value(value: Any) -> str | None:
    """``value`` written as TOML, or ``None`` when TOML cannot express it (None, NaN keys)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}"
            for ch in value
            if ord(ch) < 0x10000 and not 0xD800 <= ord(ch) <= 0xDFFF
        )
        return f'"{escaped}"'
    if isinstance(value, list):
        parts = [as_toml_value(v) for v in value]
        return None if None in parts else "[" + ", ".join(p for p in parts if p) + "]"
    if isinstance(value, Mapping):
        parts = [f'"{k}" = {as_toml_value(v)}' for k, v in value.items()]
        return None if any(p.endswith("None") for p in parts) else "{" + ", ".join(parts) + "}"
    return None
