"""County, population and age bands: who lives in the county at the start of a run."""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param
from govsim.scenario.limits import (
    MAX_ADULTS_PER_HOUSEHOLD,
    MAX_CONCENTRATION,
    MAX_HOUSEHOLDS_PER_VILLAGE,
    MAX_VILLAGES,
)
from govsim.scenario.sections._rules import Check, shares_sum_to_one

__all__ = ["AgeShares", "County", "Population"]


@dataclass(frozen=True, slots=True, kw_only=True)
class County:
    """Size and layout of the county."""

    villages: int = param(
        400, unit="villages", doc="number of villages in the county", lo=1, ceiling=MAX_VILLAGES
    )
    households_per_village_mean: float = param(
        330.0,
        unit="households",
        doc="mean households per village",
        lo=1,
        source="S-derived",
        ceiling=MAX_HOUSEHOLDS_PER_VILLAGE,
    )
    households_per_village_sd: float = param(
        60.0,
        unit="households",
        doc="standard deviation of households per village",
        lo=0,
        ceiling=MAX_HOUSEHOLDS_PER_VILLAGE,
    )
    adults_per_household_mean: float = param(
        3.0,
        unit="adults",
        doc="mean adults per household (1 + Poisson); ~1,000 adults per village",
        lo=1,
        hi=MAX_ADULTS_PER_HOUSEHOLD,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AgeShares:
    """A value for each adult age band: 18-39, 40-59, 60+."""

    age_18_39: float = param(0.0, unit="share", doc="ages 18-39", lo=0, hi=1)
    age_40_59: float = param(0.0, unit="share", doc="ages 40-59", lo=0, hi=1)
    age_60_plus: float = param(0.0, unit="share", doc="ages 60+", lo=0, hi=1)

    def as_tuple(self) -> tuple[float, float, float]:
        """Values in :class:`govsim.enums.AgeBand` order."""
        return (self.age_18_39, self.age_40_59, self.age_60_plus)


@dataclass(frozen=True, slots=True, kw_only=True)
class Population:
    """Traits of adult villagers at the start of a run."""

    age_band_shares: AgeShares = param(
        AgeShares(age_18_39=0.38, age_40_59=0.38, age_60_plus=0.24),
        unit="share",
        doc="share of adults in each age band (must sum to 1); 60+ ≈ 24% of rural residents",
        source="S: NBS 2020 census",
    )
    migrant_share: AgeShares = param(
        AgeShares(age_18_39=0.45, age_40_59=0.25, age_60_plus=0.05),
        unit="share",
        doc="share of registered adults working away (migrants), by age; ≈27% overall",
        source="S: NBS migrant worker survey",
    )
    smartphone_share: AgeShares = param(
        AgeShares(age_18_39=0.93, age_40_59=0.78, age_60_plus=0.48),
        unit="share",
        doc="share owning a smartphone, by age; rural internet ≈66%, 60+ ≈43-52%",
        source="S: CNNIC 2023",
    )
    digital_skill_mean: AgeShares = param(
        AgeShares(age_18_39=0.65, age_40_59=0.42, age_60_plus=0.2),
        unit="0-1",
        doc="mean digital skill of smartphone owners, by age (Beta distributed)",
    )
    digital_skill_concentration: float = param(
        6.0,
        unit="-",
        doc="Beta concentration (a+b) of digital skill",
        lo=0.1,
        ceiling=MAX_CONCENTRATION,
    )
    party_member_share: float = param(
        0.02,
        unit="share",
        doc="share of adults who are party members (10-30 per village)",
        lo=0,
        hi=1,
    )
    trust_mean: float = param(
        0.5, unit="0-1", doc="mean initial trust in government responsiveness", lo=0, hi=1
    )
    efficacy_mean: float = param(
        0.4, unit="0-1", doc="mean initial belief that reporting gets things fixed", lo=0, hi=1
    )
    belief_concentration: float = param(
        10.0,
        unit="-",
        doc="Beta concentration (a+b) of initial trust and efficacy",
        lo=0.1,
        ceiling=MAX_CONCENTRATION,
    )
    ownership_share: float = param(
        0.2,
        unit="share",
        doc="share who see themselves as a main body of governance",
        lo=0,
        hi=1,
        source="SEED 001 §2.1",
    )
    awareness_share: float = param(
        0.15,
        unit="share",
        doc="share initially aware of the intelligent-governance policy",
        lo=0,
        hi=1,
    )

    def check(self) -> Check:
        """Age-band shares sum to 1."""
        yield from shares_sum_to_one("age_band_shares", self.age_band_shares.as_tuple())
