"""A run's calendar: the spin-up before the reported days, and policies rolled out on a date.

A scenario runs its status quo for ``spin_up_days`` days that are not reported (the model
settles into the steady state its rules imply; Grimm et al. 2020, ODD "Initialisation"; Law,
*Simulation Modeling and Analysis*, on warm-up), then reports ``days`` days. Dated changes of
levers (``[[rollouts]]``) take effect on a day counted from the first reported day, from the
state the run has reached, so that "before → after" comparisons start from one spun-up state
with common random numbers::

    spin_up_days = 730

    [[rollouts]]
    day = 180                      # 180 days after the reported days begin
    [rollouts.changes]
    appraisal.count_weight = 0.2
    appraisal.resolution_weight = 0.5
    appraisal.satisfaction_weight = 0.3
    appraisal.audit_rate = 0.2

Values used only to build the county (its size, population, network, traits drawn at set-up:
:data:`FIXED_AT_SET_UP`) cannot roll out.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS

__all__ = ["FIXED_AT_SET_UP", "Rollout", "fixed_at_set_up"]

#: Scenario paths (prefixes) used only to build the county or to lay out the run's calendar:
#: they cannot change mid-run.
FIXED_AT_SET_UP = (
    "name",
    "description",
    "days",
    "spin_up_days",
    "rollouts",
    "county.",
    "population.",
    "network.",
    "grid_workers.households_per_worker",
    "grid_workers.text_skill_mean",
    "grid_workers.integrity_mean",
    "grid_workers.trait_concentration",
    "enterprises.per_village_mean",
    "enterprises.kind_shares",
    "enterprises.awareness_share",
    "enterprises.outside_exclusion_probability",
    "cadres.leadership_mean",
    "cadres.leadership_concentration",
    "sharing.interface_density",
    "sharing.relations_initial",
)


def fixed_at_set_up(path: str) -> bool:
    """Whether the scenario value at ``path`` is used only to build the county (cannot roll out)."""
    return any(path == p or (p.endswith(".") and path.startswith(p)) for p in FIXED_AT_SET_UP)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rollout:
    """Levers that change on a date: ``changes`` (dotted paths) from ``day`` on."""

    day: int = param(
        0,
        unit="days",
        doc="day the changes take effect, counted from the first reported day (after spin-up)",
        lo=0,
        ceiling=MAX_DAYS,
    )
    changes: dict[str, bool | int | float | str] = param(
        {},
        unit="-",
        doc="scenario values that change, by dotted path (as `--set` takes them)",
        max_items=4096,
    )
