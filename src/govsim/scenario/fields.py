"""Field declarations for scenario dataclasses.

Every scenario value is declared with :func:`param`, which records its unit, its allowed range or
choices, a one-line description, whether it is a policy lever, and the source of its default.
The validation engine (:mod:`govsim.scenario.engine`) reads this metadata to check input and to
word errors; ``govsim levers`` reads it to list the levers, so the documentation cannot go stale.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

__all__ = ["FieldInfo", "field_info", "param"]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """What the schema says about one scenario value.

    Attributes
    ----------
    unit:
        Unit of the value (``"days"``, ``"cases/day"``, ``"share"``, ``"CNY"``, ``"-"`` for
        dimensionless flags and names).
    doc:
        One-line description: what the value means in the model.
    lo, hi:
        The value's natural range, inclusive (``None``: open on that side, as staff or budgets
        are above). For tuples of numbers the bounds apply to every element. ``govsim levers``
        lists this range and ``levers = "all"`` experiments sample it.
    floor, ceiling:
        For a side the natural range leaves open: the furthest value the model can represent
        (:mod:`govsim.scenario.limits`). Validation applies ``lo``/``hi`` where given, else these;
        they are limits, not ranges to explore.
    lever:
        True for values a planner changes as a policy lever (listed by ``govsim levers``).
    source:
        Where the default comes from: a citation, ``"SEED"`` (the seed documents) or ``"E"``
        (an estimate exposed for sensitivity analysis); ``"E (SEED 001 §4.2)"`` is an estimate of
        something the named seed describes without giving a figure.
    keyed:
        For ``tuple[SomeDataclass, ...]`` fields: the TOML form is a table keyed by each item's
        ``name`` (``[categories.neighbour_dispute]``), so files can extend and override one item.
    max_items:
        For tuples, keyed tuples and tables: the most items allowed (``None`` = no limit).
    """

    unit: str
    doc: str
    lo: float | None = None
    hi: float | None = None
    floor: float | None = None
    ceiling: float | None = None
    lever: bool = False
    source: str = "E"
    keyed: bool = False
    max_items: int | None = None

    @property
    def lowest(self) -> float | None:
        """The smallest valid value: ``lo``, or the model's ``floor`` where the range is open."""
        return self.lo if self.lo is not None else self.floor

    @property
    def highest(self) -> float | None:
        """The largest valid value: ``hi``, or the model's ``ceiling`` where the range is open."""
        return self.hi if self.hi is not None else self.ceiling


def param(
    default: Any,
    *,
    unit: str,
    doc: str,
    lo: float | None = None,
    hi: float | None = None,
    floor: float | None = None,
    ceiling: float | None = None,
    lever: bool = False,
    source: str = "E",
    keyed: bool = False,
    max_items: int | None = None,
) -> Any:
    """Declare a scenario value with its default and metadata (a :func:`dataclasses.field`).

    A ``dict`` default (of a ``dict[str, T]`` field) is copied for each instance.
    """
    info = FieldInfo(
        unit=unit,
        doc=doc,
        lo=lo,
        hi=hi,
        floor=floor,
        ceiling=ceiling,
        lever=lever,
        source=source,
        keyed=keyed,
        max_items=max_items,
    )
    metadata = {"govsim": info}
    if isinstance(default, dict):
        frozen = dict(default)
        return dataclasses.field(default_factory=lambda: dict(frozen), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def field_info(field: dataclasses.Field[Any]) -> FieldInfo:
    """Return the :class:`FieldInfo` of a dataclass field declared with :func:`param`."""
    info = field.metadata.get("govsim")
    if not isinstance(info, FieldInfo):
        raise TypeError(
            f"scenario field {field.name!r} was not declared with govsim.scenario.param"
        )
    return info
