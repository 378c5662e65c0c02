"""Closure feedback and how outcomes move trust, efficacy and ownership."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS

__all__ = ["Feedback"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    """Closure feedback and how outcomes move trust, efficacy and ownership."""

    notified_share: float = param(
        0.6, unit="share", doc="share of reporters told the outcome", lo=0, hi=1, lever=True
    )
    learning_rate: float = param(
        0.15, unit="share", doc="step towards the experienced outcome", lo=0, hi=1
    )
    loss_aversion: float = param(
        2.0, unit="x", doc="losses weigh this much more than gains", lo=1, ceiling=100
    )
    neighbour_observation_probability: float = param(
        0.5, unit="share", doc="chance each network neighbour observes the outcome", lo=0, hi=1
    )
    affected_weight: float = param(
        1.0,
        unit="x",
        doc="affected households see whether their problem was fixed (or is overdue); belief step relative to a reporter's",
        lo=0,
        hi=1,
    )
    neighbour_weight: float = param(
        0.4, unit="x", doc="observed outcomes move beliefs this much relative to own", lo=0, hi=1
    )
    small_win_ownership_probability: float = param(
        0.01,
        unit="share",
        doc="chance a visible resolution makes an observer take ownership",
        lo=0,
        hi=1,
    )
    broken_commitment_ownership_loss: float = param(
        0.03,
        unit="share",
        doc="chance an unresolved or silent case makes the reporter drop ownership",
        lo=0,
        hi=1,
    )
    ownership_half_life_days: float = param(
        1825.0,
        unit="days",
        doc="half-life of ownership without renewed small wins (the identity fades when nothing "
        "confirms it); 0 = never fades",
        lo=0,
        ceiling=MAX_DAYS,
        source="E (Ansell & Gash 2008: commitment needs small wins to be sustained)",
    )
    belief_half_life_days: float = param(
        730.0,
        unit="days",
        doc="half-life of what experiences did to trust and efficacy: both return towards each "
        "villager's disposition (the value at set-up); 0 = never",
        lo=0,
        ceiling=MAX_DAYS,
        source="E (Ebbinghaus 1885; Rubin & Wenzel 1996: memory decays without rehearsal)",
    )
    silent_outcome_value: float = param(
        0.2, unit="0-1", doc="outcome a reporter who is never told infers", lo=0, hi=1
    )
    late_satisfaction_halving_days: float = param(
        7.0,
        unit="days",
        doc="days past the time limit that halve satisfaction with a resolution",
        lo=0.1,
        ceiling=MAX_DAYS,
    )
