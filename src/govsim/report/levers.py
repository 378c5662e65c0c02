"""What a package changes: its scenario values that differ from the reference's, with their meaning.

The schema says what every value is (:func:`govsim.scenario.iter_fields`: dotted path, unit, one-line
description, whether it is a policy lever, the source of its default), so the difference between
two scenarios can be told in words and values without a hand-kept list. Values that are not
levers — model assumptions a package file also changed, or unit prices in ``[costs]`` — are listed
too, flagged, because a planner must know when a package rests on a different assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from govsim.experiments.errors import ExperimentError
from govsim.scenario import FieldInfo, Scenario, differences, fixed_at_set_up

__all__ = ["ChangeKind", "LeverChange", "lever_changes", "rollout_changes"]

#: Scenario values that label a scenario rather than describe it (``days``: a comparison sets
#: the run length itself).
_LABELS = frozenset({"name", "description", "days"})
#: The roll-out schedule: compared through the values it puts in force, not as a value.
_SCHEDULE = "rollouts"


class ChangeKind(StrEnum):
    """What kind of scenario value a change is."""

    LEVER = "lever"  # a policy lever (``govsim levers``)
    PRICE = "price"  # a unit cost in [costs]
    ASSUMPTION = "assumption"  # any other model value: a package should not need to change it


@dataclass(frozen=True, slots=True)
class LeverChange:
    """One scenario value that differs between the reference and a package."""

    path: str
    info: FieldInfo
    reference: object
    package: object

    @property
    def kind(self) -> ChangeKind:
        """Lever, price or model assumption."""
        if self.path.startswith("costs."):
            return ChangeKind.PRICE
        return ChangeKind.LEVER if self.info.lever else ChangeKind.ASSUMPTION

    @property
    def section(self) -> str:
        """The scenario section the value belongs to (``appraisal``, ``departments``, ...)."""
        return self.path.split(".", 1)[0]


def lever_changes(reference: Scenario, package: Scenario) -> list[LeverChange]:
    """Scenario values of ``package`` that differ from ``reference``, levers first, in schema order.

    Parameters
    ----------
    reference, package:
        Validated scenarios. Values present in only one of them (a department only one has) are
        reported with ``None`` on the other side.
    """
    changes = []
    for path, old, new in differences(reference, package):
        if path in _LABELS:
            continue
        info = (new or old).info  # type: ignore[union-attr]  # one of them exists
        changes.append(
            LeverChange(path, info, old.default if old else None, new.default if new else None)
        )
    order = {ChangeKind.LEVER: 0, ChangeKind.ASSUMPTION: 1, ChangeKind.PRICE: 2}
    return sorted(changes, key=lambda change: order[change.kind])


def rollout_changes(reference: Scenario, package: Scenario) -> dict[str, Any]:
    """The values that turn ``reference`` into ``package`` when the package rolls out.

    Every scenario value the two differ in — found by walking the schema's fields, labels and
    roll-out schedules aside — by dotted path, with the package's value: the ``changes`` of a
    :class:`~govsim.scenario.Rollout` of the reference.

    Raises
    ------
    ExperimentError
        If they differ in a value fixed when the county is built
        (:data:`~govsim.scenario.FIXED_AT_SET_UP`: its size and population, the network, the
        spin-up, ...) or in which problem categories and departments exist: the county of the
        reference cannot become the package's on a roll-out day. The message names every such
        path with both values.
    """
    changes: dict[str, Any] = {}
    fixed: list[str] = []
    for path, old, new in differences(reference, package):
        if path in _LABELS or path == _SCHEDULE:
            continue
        if old is None or new is None:
            fixed.append(f"{path} (only the {'package' if new else 'reference'} has it)")
        elif fixed_at_set_up(path):
            fixed.append(f"{path} (reference {old.default!r}, package {new.default!r})")
        else:
            changes[path] = new.default
    if fixed:
        raise ExperimentError(
            f"package {package.name!r} differs from the reference {reference.name!r} in values "
            "fixed when the county is built, which cannot roll out after the reference's "
            f"spin-up and status quo: {'; '.join(fixed)}. Give every scenario the same values "
            "(--spin-up-days N sets one spin-up for all), or compare from the county's set-up "
            "with no spin-up and roll-out day 0, where each scenario is built from its own values"
        )
    return changes
