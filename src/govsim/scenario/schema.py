"""The govsim scenario: every actor, mechanism and lever as a typed, documented value.

A scenario is an immutable tree of dataclasses. Each value is declared with
:func:`govsim.scenario.fields.param`, which records its unit, range, description, whether it is a
policy lever and the source of its default (a citation, ``SEED`` for the seed documents, ``E`` for
an estimate to be explored by sensitivity analysis, ``E (SEED 001 §4.2)`` for an estimated number
for something a seed describes without a figure). Cross-field rules (shares that sum to 1, names
that must refer to existing departments) live in ``check`` methods; the engine turns every
violation into an error that names the field's full path.

Units: ``share`` is a probability or fraction in [0, 1]; ``0-1`` is a score on the unit interval;
``logit`` is an additive term on the log-odds scale; ``minutes/day`` etc. are literal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govsim.scenario.accountability import DepartmentAppraisal, Evaluation, Summons, Transparency
from govsim.scenario.costs import Costs
from govsim.scenario.fields import param

__all__ = [
    "AgeShares",
    "Appraisal",
    "Apps",
    "Cadres",
    "Cameras",
    "Category",
    "Centre",
    "ChannelSettings",
    "Channels",
    "Costs",
    "County",
    "Department",
    "Detection",
    "Enterprises",
    "Feedback",
    "GridWorkers",
    "Incentives",
    "Meetings",
    "Network",
    "Population",
    "Problems",
    "Publicity",
    "PublicityChannelSettings",
    "Reporting",
    "Scenario",
    "Sharing",
    "WeChatGroups",
]

Check = Iterator[tuple[str, object, str]]

_SUM_TOLERANCE = 1e-6  # shares read from text files sum to 1 up to rounding


def _shares_sum_to_one(name: str, values: tuple[float, ...]) -> Check:
    total = sum(values)
    if abs(total - 1.0) > _SUM_TOLERANCE:
        yield (name, values, f"shares must sum to 1 (they sum to {total:.6g})")


def _length(name: str, values: tuple[object, ...], expected: int, what: str) -> Check:
    if len(values) != expected:
        yield (name, values, f"expected {expected} values, one per {what}; got {len(values)}")


# --------------------------------------------------------------------------------------------
# County and population
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class County:
    """Size and layout of the county."""

    villages: int = param(400, unit="villages", doc="number of villages in the county", lo=1)
    households_per_village_mean: float = param(
        330.0, unit="households", doc="mean households per village", lo=1, source="S-derived"
    )
    households_per_village_sd: float = param(
        60.0, unit="households", doc="standard deviation of households per village", lo=0
    )
    adults_per_household_mean: float = param(
        3.0,
        unit="adults",
        doc="mean adults per household (1 + Poisson); ~1,000 adults per village",
        lo=1,
        hi=10,
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
        6.0, unit="-", doc="Beta concentration (a+b) of digital skill", lo=0.1
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
        10.0, unit="-", doc="Beta concentration (a+b) of initial trust and efficacy", lo=0.1
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
        yield from _shares_sum_to_one("age_band_shares", self.age_band_shares.as_tuple())


@dataclass(frozen=True, slots=True, kw_only=True)
class Network:
    """Social network: households as a small world within each village, some ties across."""

    neighbour_households: int = param(
        6, unit="households", doc="ring neighbours of each household (Watts-Strogatz k, even)", lo=2
    )
    rewiring_probability: float = param(
        0.1, unit="share", doc="chance a neighbour tie is rewired to a random household", lo=0, hi=1
    )
    cross_village_ties_per_adult: float = param(
        0.05, unit="ties/adult", doc="mean ties to adults of other villages", lo=0, hi=5
    )

    def check(self) -> Check:
        """Watts-Strogatz needs an even neighbour count."""
        if self.neighbour_households % 2:
            yield ("neighbour_households", self.neighbour_households, "must be even")


# --------------------------------------------------------------------------------------------
# Problems, departments and detection
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A category of local problem (dispute, pollution, road damage, ...)."""

    name: str = param("", unit="-", doc="identifier of the category")
    rate_per_1000_per_month: float = param(
        2.0, unit="problems/1000 adults/month", doc="how often problems of this kind arise", lo=0
    )
    lead_department: str = param("civil_affairs", unit="-", doc="department responsible")
    assist_departments: tuple[str, ...] = param(
        (), unit="-", doc="departments that join when a case needs several"
    )
    multi_department_probability: float = param(
        0.1,
        unit="share",
        doc="chance a problem needs the lead and an assisting department",
        lo=0,
        hi=1,
    )
    settleable_share: float = param(
        0.0,
        unit="share",
        doc="chance a problem can be settled in the village by mediation",
        lo=0,
        hi=1,
    )
    severity_mean: float = param(
        0.5, unit="0-1", doc="mean severity (Beta, concentration 4)", lo=0.01, hi=0.99
    )
    visibility: float = param(
        0.5, unit="share/day", doc="chance per day an affected resident notices it", lo=0, hi=1
    )
    camera_detectable: bool = param(
        False, unit="-", doc="whether cameras on roads can see problems of this kind"
    )
    enterprise_share: float = param(
        0.0, unit="share", doc="share of these problems caused by an enterprise", lo=0, hi=1
    )


def _default_categories() -> tuple[Category, ...]:
    # Rates are [E] estimates chosen so that detected cases land at 5-15 per 1,000 per month.
    c = Category
    return (
        c(name="neighbour_dispute", rate_per_1000_per_month=2.25, lead_department="judicial",
          assist_departments=("civil_affairs",), multi_department_probability=0.05,
          settleable_share=0.7, severity_mean=0.35, visibility=0.6),
        c(name="land_dispute", rate_per_1000_per_month=0.9, lead_department="natural_resources",
          assist_departments=("agriculture", "judicial"), multi_department_probability=0.35,
          settleable_share=0.35, severity_mean=0.6, visibility=0.5, enterprise_share=0.25),
        c(name="environment", rate_per_1000_per_month=1.01, lead_department="environment",
          assist_departments=("agriculture", "market_regulation"), multi_department_probability=0.3,
          settleable_share=0.1, severity_mean=0.55, visibility=0.35, camera_detectable=True,
          enterprise_share=0.4),
        c(name="roads_infrastructure", rate_per_1000_per_month=1.24,
          lead_department="housing_transport", assist_departments=("natural_resources",),
          multi_department_probability=0.15, settleable_share=0.1, severity_mean=0.45,
          visibility=0.45, camera_detectable=True),
        c(name="public_security", rate_per_1000_per_month=0.68, lead_department="public_security",
          assist_departments=("judicial",), multi_department_probability=0.1,
          settleable_share=0.15, severity_mean=0.6, visibility=0.4, camera_detectable=True),
        c(name="market_food_safety", rate_per_1000_per_month=0.45,
          lead_department="market_regulation", assist_departments=("agriculture",),
          multi_department_probability=0.2, settleable_share=0.0, severity_mean=0.5,
          visibility=0.25, enterprise_share=0.6),
        c(name="social_assistance", rate_per_1000_per_month=1.12, lead_department="civil_affairs",
          assist_departments=("human_resources",), multi_department_probability=0.15,
          settleable_share=0.2, severity_mean=0.45, visibility=0.45),
        c(name="irrigation_agriculture", rate_per_1000_per_month=0.9,
          lead_department="agriculture", assist_departments=("natural_resources",),
          multi_department_probability=0.25, settleable_share=0.3, severity_mean=0.4,
          visibility=0.45, enterprise_share=0.1),
        c(name="labour_wages", rate_per_1000_per_month=0.34, lead_department="human_resources",
          assist_departments=("judicial", "market_regulation"), multi_department_probability=0.3,
          settleable_share=0.1, severity_mean=0.6, visibility=0.5, enterprise_share=0.8),
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Department:
    """A government department that processes dispatched cases."""

    name: str = param("", unit="-", doc="identifier of the department")
    staff_per_100k_adults: float = param(
        0.75,
        unit="staff/100k adults",
        doc="case-handling staff per 100,000 adults served",
        lo=0,
        lever=True,
    )
    cases_per_staff_per_day: float = param(
        2.1,
        unit="cases/staff/day",
        doc="cases one staff member can take on per day, before diligence takes its share",
        lo=0,
    )
    handling_days_mean: float = param(
        1.7,
        unit="days",
        doc="mean field/handling time of a case once taken on (Poisson), at no extra diligence",
        lo=0,
    )
    resolve_probability: float = param(
        0.68,
        unit="share",
        doc="chance a genuine case taken on is resolved, at no extra diligence",
        lo=0,
        hi=1,
    )
    data_standard: bool = param(
        False, unit="-", doc="adopted the unified data standard at the start", lever=True
    )


def _default_departments() -> tuple[Department, ...]:
    d = Department
    return (
        d(name="civil_affairs", staff_per_100k_adults=1.95),
        d(name="judicial", staff_per_100k_adults=2.9),
        d(name="market_regulation", staff_per_100k_adults=1.05),
        d(name="natural_resources", staff_per_100k_adults=1.45),
        d(name="environment", staff_per_100k_adults=2.0),
        d(name="agriculture", staff_per_100k_adults=1.95),
        d(name="public_security", staff_per_100k_adults=1.45),
        d(name="housing_transport", staff_per_100k_adults=2.55),
        d(name="human_resources", staff_per_100k_adults=0.55),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Problems:
    """How problems arise and how long they stay findable."""

    affected_households_mean: float = param(
        1.2, unit="households", doc="mean households a problem affects (1 + Poisson)", lo=1
    )
    findable_days: int = param(
        30, unit="days", doc="an undetected problem stops being findable after this long", lo=1
    )
    severity_concentration: float = param(
        4.0, unit="-", doc="Beta concentration (a+b) of a problem's severity", lo=0.1
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """Who notices a problem, and how grid workers and cameras find it."""

    neighbour_notice_probability: float = param(
        0.01,
        unit="share/day",
        doc="chance per day a resident neighbour of the affected notices",
        lo=0,
        hi=1,
    )
    neighbours_considered: int = param(
        3, unit="adults", doc="network neighbours of the affected who may notice", lo=0
    )
    grid_discovery_at_full_patrol: float = param(
        0.028,
        unit="share/day",
        doc="chance per day a grid worker finds an open problem when patrolling the whole grid",
        lo=0,
        hi=1,
    )


# --------------------------------------------------------------------------------------------
# Reporting and channels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Reporting:
    """Logistic reporting decision of a villager who noticed a problem (coproduction)."""

    enabled: bool = param(True, unit="-", doc="villagers report at all (off: only grid workers)")
    intercept: float = param(-4.6, unit="logit", doc="log-odds of reporting at zero traits")
    efficacy_weight: float = param(3.0, unit="logit/unit", doc="weight of efficacy (0-1)")
    trust_weight: float = param(1.2, unit="logit/unit", doc="weight of trust (0-1)")
    awareness_weight: float = param(
        0.6, unit="logit", doc="added log-odds when aware of the policy"
    )
    ownership_weight: float = param(0.9, unit="logit", doc="added log-odds when owning governance")
    severity_weight: float = param(1.5, unit="logit/unit", doc="weight of severity (0-1)")
    access_weight: float = param(
        0.6, unit="logit/unit", doc="weight of the channel log-sum (ease of the best channels)"
    )
    open_case_weight: float = param(
        -2.0,
        unit="logit",
        doc="log-odds added when the problem already has an open case (it is known to be reported)",
    )
    incentive_weight: float = param(
        0.8, unit="logit", doc="log-odds added by a fully saturated material or spiritual reward"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelSettings:
    """Attributes of one reporting channel."""

    utility: float = param(0.0, unit="logit", doc="alternative-specific constant in channel choice")
    intake_delay_days: float = param(
        0.5, unit="days", doc="mean delay before the case enters (Poisson)", lo=0
    )
    quality: float = param(
        0.5,
        unit="0-1",
        doc="quality of the report's description (drives routing accuracy)",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Channels:
    """Multinomial-logit channel choice and each channel's access rule."""

    hotline: ChannelSettings = param(
        ChannelSettings(utility=-0.2, intake_delay_days=0.0, quality=0.6),
        unit="-", doc="12345 hotline by phone",
    )  # fmt: skip
    grid_worker: ChannelSettings = param(
        ChannelSettings(utility=0.9, intake_delay_days=1.0, quality=0.45),
        unit="-", doc="tell the grid worker, who files it in the grid app",
    )  # fmt: skip
    village_committee: ChannelSettings = param(
        ChannelSettings(utility=0.4, intake_delay_days=1.5, quality=0.5),
        unit="-", doc="tell the village committee",
    )  # fmt: skip
    wechat: ChannelSettings = param(
        ChannelSettings(utility=0.7, intake_delay_days=0.5, quality=0.45),
        unit="-", doc="post in the village WeChat group run by cadres",
    )  # fmt: skip
    app: ChannelSettings = param(
        ChannelSettings(utility=-3.0, intake_delay_days=0.2, quality=0.55),
        unit="-", doc="government app / website",
    )  # fmt: skip
    age_60_plus_digital_penalty: float = param(
        1.2, unit="logit", doc="utility lost by 60+ villagers on WeChat and the app", lo=0
    )
    digital_skill_weight: float = param(
        2.0, unit="logit/unit", doc="utility gained on WeChat and the app per unit digital skill"
    )
    app_min_digital_skill: float = param(
        0.25, unit="0-1", doc="digital skill needed to use the app at all", lo=0, hi=1
    )
    phone_share: float = param(
        0.97, unit="share", doc="share of adults who can place a phone call", lo=0, hi=1
    )
    grid_worker_availability: float = param(
        0.8, unit="share", doc="chance the grid worker is reachable when needed", lo=0, hi=1
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class WeChatGroups:
    """Village WeChat groups: a reporting channel and a publicity channel."""

    membership_share: float = param(
        0.35,
        unit="share",
        doc="share of smartphone owners in their village's WeChat group",
        lo=0,
        hi=1,
    )
    run_by_young_party_members: bool = param(
        False,
        unit="-",
        doc="young party members set up and run the groups",
        lever=True,
        source="SEED 001 §5.1",
    )
    young_party_member_membership_share: float = param(
        0.75,
        unit="share",
        doc="membership share when young party members run the groups",
        lo=0,
        hi=1,
    )
    young_party_member_utility_gain: float = param(
        0.6, unit="logit", doc="channel utility added when young party members answer in the group"
    )


# --------------------------------------------------------------------------------------------
# Grid workers, appraisal, cameras
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GridWorkers:
    """Grid workers: time budget, skills, and what the grid app asks of them."""

    households_per_worker: float = param(
        250.0, unit="households", doc="grid size: households per grid worker", lo=10, lever=True
    )
    minutes_per_day: float = param(480.0, unit="minutes/day", doc="working time per day", lo=0)
    logging_minutes_per_day: float = param(
        150.0,
        unit="minutes/day",
        doc="time spent writing logs for the app ('digital formalism'; 20-40% of time)",
        lo=0,
        lever=True,
        source="E (SEED 001 §4.2)",
    )
    publicity_minutes_per_day: float = param(
        5.0, unit="minutes/day", doc="time spent on door-to-door publicity", lo=0, lever=True
    )
    followup_minutes_per_case: float = param(
        20.0, unit="minutes/case", doc="time to file and follow up one report", lo=0
    )
    patrol_minutes_full_coverage: float = param(
        480.0,
        unit="minutes/day",
        doc="patrol time needed to cover the whole grid in a day (a full working day)",
        lo=1,
    )
    text_skill_mean: float = param(
        0.35,
        unit="0-1",
        doc="mean text skill (report description quality)",
        lo=0,
        hi=1,
        source="E (SEED 001 §4.2)",
    )
    training: bool = param(False, unit="-", doc="trained in report writing", lever=True)
    training_skill_gain: float = param(
        0.25, unit="0-1", doc="text skill added by training (capped at 1)", lo=0, hi=1
    )
    trait_concentration: float = param(
        8.0,
        unit="-",
        doc="Beta concentration (a+b) of grid workers' text skill and integrity",
        lo=0.1,
    )
    integrity_mean: float = param(
        0.7, unit="0-1", doc="mean integrity (resistance to gaming the appraisal)", lo=0, hi=1
    )
    households_visited_per_publicity_hour: float = param(
        4.0, unit="households/hour", doc="door-to-door publicity pace", lo=0
    )
    trivial_reports_max_per_day: float = param(
        0.15,
        unit="reports/day",
        doc="most trivial reports a fully gaming worker files per day",
        lo=0,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Appraisal:
    """How grid workers are appraised ("the more problems found, the higher the performance")."""

    count_weight: float = param(
        0.7,
        unit="share",
        doc="weight on the count of reports filed",
        lo=0,
        hi=1,
        lever=True,
        source="E (SEED 001 §4.4)",
    )
    resolution_weight: float = param(
        0.2, unit="share", doc="weight on the share of reports resolved", lo=0, hi=1, lever=True
    )
    satisfaction_weight: float = param(
        0.1, unit="share", doc="weight on reporters' satisfaction", lo=0, hi=1, lever=True
    )
    audit_rate: float = param(
        0.0, unit="share", doc="share of grid reports audited on the spot", lo=0, hi=1, lever=True
    )
    penalty: float = param(
        2.0,
        unit="count-weights",
        doc="appraisal loss for an inflated report caught, in units of one report's count reward",
        lo=0,
        lever=True,
    )
    result_dilution: float = param(
        0.5,
        unit="share",
        doc="result-based appraisal lost per report that resolves nothing, relative to one report",
        lo=0,
    )
    gaming_sensitivity: float = param(
        6.0, unit="logit/unit", doc="how sharply gaming responds to its net appraisal gain", lo=0
    )

    def check(self) -> Check:
        """Appraisal weights sum to 1."""
        weights = (self.count_weight, self.resolution_weight, self.satisfaction_weight)
        total = sum(weights)
        if abs(total - 1.0) > _SUM_TOLERANCE:
            yield (
                "count_weight",
                weights,
                f"appraisal weights must sum to 1 (they sum to {total:.6g})",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Cameras:
    """Cameras on village roads: find some categories and cross-check grid reports."""

    coverage_share: float = param(
        0.0,
        unit="share",
        doc="share of grids covered by cameras",
        lo=0,
        hi=1,
        lever=True,
        source="SEED 001 §5.3",
    )
    detection_probability: float = param(
        0.3,
        unit="share/day",
        doc="chance per day a camera sees a camera-detectable problem",
        lo=0,
        hi=1,
    )
    report_quality: float = param(
        0.8,
        unit="0-1",
        doc="quality of a camera-raised case (the image shows the event type)",
        lo=0,
        hi=1,
    )
    cross_check_probability: float = param(
        0.5,
        unit="share",
        doc="chance a camera exposes an inflated grid report in its view",
        lo=0,
        hi=1,
    )


# --------------------------------------------------------------------------------------------
# Village: cadres, meetings, publicity, incentives, apps, enterprises
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Cadres:
    """Village cadres and local settlement of small matters ("Fengqiao")."""

    per_village: int = param(5, unit="cadres", doc="cadres per village", lo=0, source="S")
    mediation_cases_per_cadre_per_day: float = param(
        0.15,
        unit="cases/cadre/day",
        doc="small matters one cadre can mediate per day",
        lo=0,
        lever=True,
    )
    mediation_success_probability: float = param(
        0.75, unit="share", doc="chance mediation of a settleable matter succeeds", lo=0, hi=1
    )
    local_settlement: bool = param(
        True,
        unit="-",
        doc="cadres triage village-channel reports and settle what they can",
        lever=True,
    )
    leadership_concentration: float = param(
        8.0, unit="-", doc="Beta concentration (a+b) of village leadership", lo=0.1
    )
    mediation_days_mean: float = param(
        1.0, unit="days", doc="mean days a mediation takes (Poisson)", lo=0
    )
    leadership_mean: float = param(
        0.5,
        unit="0-1",
        doc="mean facilitative leadership; scales mediation success and meeting turnout",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Meetings:
    """Village meetings: face-to-face dialogue in the collaborative cycle."""

    interval_days: int = param(
        90, unit="days", doc="days between village meetings", lo=1, lever=True
    )
    attendance_probability: float = param(
        0.25, unit="share", doc="chance a resident adult attends (scaled by trust)", lo=0, hi=1
    )
    livestream: bool = param(
        False,
        unit="-",
        doc="meetings are livestreamed so migrants can join",
        lever=True,
        source="SEED 004",
    )
    livestream_attendance_probability: float = param(
        0.3, unit="share", doc="chance a migrant with a smartphone joins a livestream", lo=0, hi=1
    )
    trust_attendance_offset: float = param(
        0.5,
        unit="-",
        doc="attendance scales with (offset + trust): at trust 0.5 and offset 0.5 it is the base probability",
        lo=0,
    )
    record_weight: float = param(
        0.5,
        unit="x",
        doc="meetings go over the village's resolution record; attendees' belief step towards it, relative to a reporter's",
        lo=0,
        hi=1,
    )
    trust_gain: float = param(0.05, unit="0-1", doc="trust gained by attending", lo=0, hi=1)
    ownership_probability: float = param(
        0.02, unit="share", doc="chance attending makes a villager take ownership", lo=0, hi=1
    )
    self_government_share: float = param(
        0.0,
        unit="share",
        doc="share of villages with villager self-government groups",
        lo=0,
        hi=1,
        lever=True,
    )
    self_government_attendance_boost: float = param(
        0.15,
        unit="share",
        doc="attendance added where a self-government group organises",
        lo=0,
        hi=1,
    )
    self_government_mediation_boost: float = param(
        0.5, unit="share", doc="relative mediation capacity added by a self-government group", lo=0
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicityChannelSettings:
    """Reach, persuasion and cost of one publicity channel."""

    budget_share: float = param(
        0.0, unit="share", doc="share of the publicity budget", lo=0, hi=1, lever=True
    )
    cost_per_contact_cny: float = param(
        1.0, unit="CNY/contact", doc="cost of one exposure", lo=0.001
    )
    persuasion: float = param(
        0.1, unit="share", doc="chance an exposure makes a villager aware", lo=0, hi=1
    )
    max_daily_reach: float = param(
        0.01,
        unit="share/day",
        doc="daily exposure chance of a reachable villager when money is no limit",
        lo=0,
        hi=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Publicity:
    """Policy publicity through channels, then word of mouth over the social network."""

    budget_cny_per_adult_per_year: float = param(
        1.0,
        unit="CNY/adult/year",
        doc="publicity budget per adult (≈400k CNY for a county of 400k)",
        lo=0,
        lever=True,
    )
    website: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.6, cost_per_contact_cny=0.2, persuasion=0.3, max_daily_reach=0.0005),
        unit="-", doc="official website: reaches only online villagers who seek it out",
    )  # fmt: skip
    tv_radio: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.2, cost_per_contact_cny=0.3, persuasion=0.05, max_daily_reach=0.01),
        unit="-", doc="county TV and radio: reaches residents, the elderly most",
    )  # fmt: skip
    village_meetings: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.1, cost_per_contact_cny=2.0, persuasion=0.08, max_daily_reach=0.003),
        unit="-", doc="publicity at village meetings: face to face",
    )  # fmt: skip
    party_members: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.05, cost_per_contact_cny=3.0, persuasion=0.45, max_daily_reach=0.01),
        unit="-", doc="party members explain the policy to their network neighbours",
    )  # fmt: skip
    wechat_groups: PublicityChannelSettings = param(
        PublicityChannelSettings(budget_share=0.05, cost_per_contact_cny=0.1, persuasion=0.12, max_daily_reach=0.05),
        unit="-", doc="posts in village WeChat groups",
    )  # fmt: skip
    tv_reach: AgeShares = param(
        AgeShares(age_18_39=0.3, age_40_59=0.6, age_60_plus=0.85),
        unit="share", doc="relative TV/radio reach by age (TV/radio is 83% of preferred channels)", source="S",
    )  # fmt: skip
    plain_language: bool = param(
        False, unit="-", doc="plain-language messages", lever=True, source="SEED"
    )
    plain_language_persuasion_factor: float = param(
        1.5, unit="x", doc="persuasion multiplier of plain-language messaging", lo=1
    )
    grid_worker_persuasion: float = param(
        0.3, unit="share", doc="chance a door-to-door visit makes an adult aware", lo=0, hi=1
    )
    word_of_mouth_rate: float = param(
        0.005,
        unit="conversations/adult/day",
        doc="chance per day an adult talks policy with a neighbour",
        lo=0,
        hi=1,
    )
    word_of_mouth_persuasion: float = param(
        0.1, unit="share", doc="chance such a conversation makes the neighbour aware", lo=0, hi=1
    )

    def channel_settings(self) -> tuple[PublicityChannelSettings, ...]:
        """Budgeted channels in a fixed order: website, TV/radio, meetings, party, WeChat."""
        return (
            self.website,
            self.tv_radio,
            self.village_meetings,
            self.party_members,
            self.wechat_groups,
        )

    def check(self) -> Check:
        """Budget shares sum to 1 when there is a budget."""
        shares = tuple(c.budget_share for c in self.channel_settings())
        if self.budget_cny_per_adult_per_year > 0:
            total = sum(shares)
            if abs(total - 1.0) > _SUM_TOLERANCE:
                yield ("website.budget_share", shares,
                       f"publicity budget shares (website, tv_radio, village_meetings, party_members, "
                       f"wechat_groups) must sum to 1 (they sum to {total:.6g})")  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Incentives:
    """Material (points) and spiritual incentives for villagers' reports."""

    points_enabled: bool = param(False, unit="-", doc="points system in place", lever=True)
    cny_per_point: float = param(
        1.0, unit="CNY/point", doc="cash value of a point", lo=0, lever=True
    )
    points_per_report: float = param(
        10.0, unit="points/report", doc="points for an accepted report", lo=0, lever=True
    )
    budget_cny_per_adult_per_year: float = param(
        0.5,
        unit="CNY/adult/year",
        doc="points budget per adult; no points once the year's budget is spent",
        lo=0,
        lever=True,
    )
    validation: bool = param(
        True, unit="-", doc="reports are checked before points are paid", lever=True
    )
    saturation_cny: float = param(
        20.0,
        unit="CNY",
        doc="reward at which the material effect is half-saturated",
        lo=0.01,
        source="S: Voorberg 2018",
    )
    spiritual_enabled: bool = param(
        False, unit="-", doc="recognition and party/candidate recommendation", lever=True
    )
    spiritual_eligible_share: float = param(
        0.15, unit="share", doc="share of non-party adults who value recognition", lo=0, hi=1
    )
    spiritual_strength: float = param(
        0.6, unit="0-1", doc="strength of recognition relative to a saturated reward", lo=0, hi=1
    )
    trivial_report_rate: float = param(
        0.002,
        unit="reports/adult/day",
        doc="trivial reports per motivated adult per day when rewards are unvalidated",
        lo=0,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Apps:
    """Government app adoption and the grid app's features."""

    event_classification: bool = param(
        False,
        unit="-",
        doc="grid and public apps let reporters pick the event type",
        lever=True,
        source="SEED 001 §5.2",
    )
    classification_quality_gain: float = param(
        0.3, unit="0-1", doc="report quality added by event classification", lo=0, hi=1
    )
    feedback_feature: bool = param(
        False, unit="-", doc="the app notifies reporters of progress and closure", lever=True
    )
    needs_fit: float = param(
        0.35,
        unit="0-1",
        doc="how well the app fits villagers' real needs",
        lo=0,
        hi=1,
        lever=True,
        source="E (SEED 003)",
    )
    registration_probability: float = param(
        0.002,
        unit="share/day",
        doc="daily chance an aware, able adult registers (scaled by fit)",
        lo=0,
        hi=1,
    )
    use_probability: float = param(
        0.05,
        unit="share/day",
        doc="daily chance an active user opens the app (scaled by fit)",
        lo=0,
        hi=1,
    )
    churn_after_idle_days: int = param(
        120, unit="days", doc="an active user idle this long churns", lo=1
    )
    churn_on_bad_experience: float = param(
        0.5, unit="share", doc="chance a user churns after an unresolved app report", lo=0, hi=1
    )
    trial_abandonment: float = param(
        0.6,
        unit="share",
        doc="chance a new user abandons the app after the first use, × (1 − needs_fit)",
        lo=0,
        hi=1,
        source="E (SEED 003)",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Enterprises:
    """Local firms, outside firms and cooperatives."""

    per_village_mean: float = param(
        6.0, unit="enterprises", doc="mean enterprises per village (Poisson)", lo=0
    )
    kind_shares: tuple[float, ...] = param(
        (0.5, 0.3, 0.2),
        unit="share",
        doc="shares of local firms, outside firms, cooperatives",
        lo=0,
        hi=1,
    )
    awareness_share: float = param(
        0.1,
        unit="share",
        doc="share initially aware of the policy (80% unaware)",
        lo=0,
        hi=1,
        source="SEED 001 §2.1",
    )
    exposure_probability: float = param(
        0.0002,
        unit="share/day",
        doc="daily chance a firm hears of the policy through its own channels",
        lo=0,
        hi=1,
    )
    outside_exclusion_probability: float = param(
        0.6,
        unit="share",
        doc="chance an outside firm is excluded by villagers",
        lo=0,
        hi=1,
        source="E (SEED 001 §2.1)",
    )
    forum_inclusion_share: float = param(
        0.1,
        unit="share",
        doc="share of non-excluded firms invited to village forums",
        lo=0,
        hi=1,
        lever=True,
    )
    forum_awareness_probability: float = param(
        0.0015,
        unit="share/day",
        doc="daily chance an included firm learns the policy at forums",
        lo=0,
        hi=1,
    )
    report_probability: float = param(
        0.03,
        unit="share/day",
        doc="daily chance an aware, not excluded firm reports a problem it caused",
        lo=0,
        hi=1,
    )
    points_inclusion: bool = param(
        False,
        unit="-",
        doc="firms included in forums are also recognised in the points/recognition system (no cash paid)",
        lever=True,
    )
    points_report_boost: float = param(
        0.3,
        unit="share",
        doc="report chance added for included firms in the points/recognition system",
        lo=0,
        hi=1,
    )
    included_resolution_boost: float = param(
        0.1,
        unit="share",
        doc="resolution chance added when the firm involved is included",
        lo=0,
        hi=1,
    )

    def check(self) -> Check:
        """Kind shares: three values summing to 1."""
        yield from _length("kind_shares", self.kind_shares, 3, "kind (local, outside, cooperative)")
        yield from _shares_sum_to_one("kind_shares", self.kind_shares)


# --------------------------------------------------------------------------------------------
# Centre, sharing, feedback
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Centre:
    """The comprehensive governance centre: routing, time limits, escalation."""

    staff_per_100k_adults: float = param(
        1.0,
        unit="staff/100k adults",
        doc="dispatchers at the centre per 100,000 adults served",
        lo=0,
        lever=True,
    )
    cases_per_staff_per_day: float = param(
        40.0, unit="cases/staff/day", doc="dispatch capacity per staff", lo=0
    )
    routing_accuracy_base: float = param(
        0.62, unit="share", doc="routing accuracy for a report of quality 0", lo=0, hi=1
    )
    routing_accuracy_per_quality: float = param(
        0.4, unit="share/unit", doc="accuracy added per unit report quality", lo=0, hi=1
    )
    bounce_delay_days: float = param(
        2.0, unit="days", doc="mean days a misrouted case takes to come back", lo=0
    )
    sla_general_days: int = param(
        7, unit="days", doc="time limit for single-department cases", lo=1, source="S-B", lever=True
    )
    sla_complex_days: int = param(
        15, unit="days", doc="time limit for cross-department cases", lo=1, source="S-B", lever=True
    )
    escalation_after_days: int = param(
        10,
        unit="days",
        doc="an open case this old is escalated (jumps its department's queue)",
        lo=1,
        lever=True,
    )
    max_routing_attempts: int = param(
        4,
        unit="attempts",
        doc="after this many bounces (misroutes or passing back) the centre routes by hand (correctly)",
        lo=1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Sharing:
    """Information sharing between departments."""

    interface_density: float = param(
        0.15,
        unit="share",
        doc="share of department pairs with a working data interface at start",
        lo=0,
        hi=1,
        source="E (SEED 001 §2.3, §4.3)",
    )
    data_standard_share: float = param(
        0.0,
        unit="share",
        doc="share of departments that adopt the unified data standard (by roll-out end)",
        lo=0,
        hi=1,
        lever=True,
    )
    standard_rollout_start_day: int = param(
        0, unit="day", doc="roll-out of the standard starts", lo=0, lever=True
    )
    standard_rollout_days: int = param(
        0, unit="days", doc="roll-out duration (0: at once)", lo=0, lever=True
    )
    shared_cloud: bool = param(
        False, unit="-", doc="departments share a government cloud platform", lever=True
    )
    responsibility_list_coverage: float = param(
        0.3,
        unit="share",
        doc="share of categories with a published lead/assist list",
        lo=0,
        hi=1,
        lever=True,
        source="S",
    )
    linkage_meetings_per_month: float = param(
        0.0, unit="meetings/month", doc="joint department meetings", lo=0, hi=30, lever=True
    )
    coordination_days_without_interface: float = param(
        9.0,
        unit="days",
        doc="mean coordination delay of a cross-department case without interface",
        lo=0,
    )
    coordination_days_with_interface: float = param(
        2.5, unit="days", doc="mean coordination delay with a shared interface", lo=0
    )
    cloud_delay_factor: float = param(
        0.7, unit="x", doc="delay multiplier of the shared cloud", lo=0, hi=1
    )
    linkage_halving_meetings: float = param(
        4.0,
        unit="meetings/month",
        doc="linkage meetings per month that halve the remaining delay",
        lo=0.01,
    )
    forwarded_bounce_factor: float = param(
        0.5,
        unit="x",
        doc="bounce delay multiplier when the wrong department can see the right one's data and forwards it",
        lo=0,
        hi=1,
    )
    listed_misroute_factor: float = param(
        0.3,
        unit="x",
        doc="misroute chance multiplier for categories on the responsibility list",
        lo=0,
        hi=1,
    )
    bounce_back_probability: float = param(
        0.5,
        unit="share",
        doc="chance an unlisted cross-department case is passed back once between departments",
        lo=0,
        hi=1,
    )
    relations_initial: float = param(
        0.5,
        unit="share",
        doc="departments' working relations at the start (prehistory of cooperation, 0: conflict)",
        lo=0,
        hi=1,
        source="E",
    )
    stall_probability: float = param(
        0.95,
        unit="share",
        doc="chance the assisting department stalls a coordination round when relations are below every handler's threshold",
        lo=0,
        hi=0.99,
        source="E",
    )
    cooperation_threshold: float = param(
        0.35,
        unit="share",
        doc="median working relations at which a case handler cooperates (Granovetter threshold)",
        lo=0,
        hi=1,
        source="E",
    )
    cooperation_threshold_spread: float = param(
        0.04,
        unit="share",
        doc="logistic scale of handlers' cooperation thresholds",
        lo=0.001,
        hi=1,
        source="E",
    )
    relations_learning_rate: float = param(
        0.3,
        unit="share",
        doc="step of a department's relations towards the share of its joint cases closed in time, per review",
        lo=0,
        hi=1,
        source="E",
    )
    relations_review_days: int = param(
        91, unit="days", doc="departments review their joint cases this often", lo=1, source="E"
    )
    relations_evidence_half: float = param(
        10.0,
        unit="cases",
        doc="joint cases in a review that give it half its full weight (few cases, little learning)",
        lo=0,
        source="E",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    """Closure feedback and how outcomes move trust, efficacy and ownership."""

    notified_share: float = param(
        0.6, unit="share", doc="share of reporters told the outcome", lo=0, hi=1, lever=True
    )
    learning_rate: float = param(
        0.25, unit="share", doc="step towards the experienced outcome", lo=0, hi=1
    )
    loss_aversion: float = param(2.0, unit="x", doc="losses weigh this much more than gains", lo=1)
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
        0.1,
        unit="share",
        doc="chance an unresolved or silent case makes the reporter drop ownership",
        lo=0,
        hi=1,
    )
    silent_outcome_value: float = param(
        0.2, unit="0-1", doc="outcome a reporter who is never told infers", lo=0, hi=1
    )
    late_satisfaction_halving_days: float = param(
        7.0,
        unit="days",
        doc="days past the time limit that halve satisfaction with a resolution",
        lo=0.1,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A complete govsim scenario: the county, its actors, and every policy lever."""

    name: str = param("unnamed", unit="-", doc="scenario name")
    description: str = param("", unit="-", doc="what the scenario represents")
    days: int = param(365, unit="days", doc="default run length", lo=1)
    county: County = param(County(), unit="-", doc="county size")
    population: Population = param(Population(), unit="-", doc="villager traits")
    network: Network = param(Network(), unit="-", doc="social network")
    problems: Problems = param(Problems(), unit="-", doc="problem arrival")
    categories: tuple[Category, ...] = param(
        _default_categories(), unit="-", doc="problem categories", keyed=True
    )
    departments: tuple[Department, ...] = param(
        _default_departments(), unit="-", doc="government departments", keyed=True
    )
    detection: Detection = param(Detection(), unit="-", doc="noticing and discovery")
    reporting: Reporting = param(Reporting(), unit="-", doc="reporting decision")
    channels: Channels = param(Channels(), unit="-", doc="reporting channels")
    wechat_groups: WeChatGroups = param(WeChatGroups(), unit="-", doc="village WeChat groups")
    grid_workers: GridWorkers = param(GridWorkers(), unit="-", doc="grid workers")
    appraisal: Appraisal = param(Appraisal(), unit="-", doc="grid-worker appraisal rule")
    cameras: Cameras = param(Cameras(), unit="-", doc="cameras")
    cadres: Cadres = param(Cadres(), unit="-", doc="village cadres and local settlement")
    meetings: Meetings = param(Meetings(), unit="-", doc="village meetings")
    publicity: Publicity = param(Publicity(), unit="-", doc="policy publicity")
    incentives: Incentives = param(Incentives(), unit="-", doc="villager incentives")
    apps: Apps = param(Apps(), unit="-", doc="apps and platform adoption")
    enterprises: Enterprises = param(Enterprises(), unit="-", doc="enterprises")
    centre: Centre = param(Centre(), unit="-", doc="governance centre")
    sharing: Sharing = param(Sharing(), unit="-", doc="inter-department information sharing")
    feedback: Feedback = param(Feedback(), unit="-", doc="feedback and belief updating")
    department_appraisal: DepartmentAppraisal = param(
        DepartmentAppraisal(), unit="-", doc="how departments are appraised and respond"
    )
    evaluation: Evaluation = param(
        Evaluation(), unit="-", doc="reporters' and firms' ratings of outcomes"
    )
    summons: Summons = param(Summons(), unit="-", doc="villages summoning departments")
    transparency: Transparency = param(Transparency(), unit="-", doc="visibility of case handling")
    costs: Costs = param(
        Costs(), unit="-", doc="unit costs of the programme (not read by the model)"
    )

    def check(self) -> Check:
        """Departments named by categories exist; names are unique."""
        departments = {d.name for d in self.departments}
        if len(departments) != len(self.departments):
            yield (
                "departments",
                [d.name for d in self.departments],
                "department names must be unique",
            )
        allowed = ", ".join(sorted(departments))
        for category in self.categories:
            if category.lead_department not in departments:
                yield (f"categories.{category.name}.lead_department", category.lead_department,
                       f"not a department of this scenario; allowed: {allowed}")  # fmt: skip
            for i, name in enumerate(category.assist_departments):
                if name not in departments:
                    yield (f"categories.{category.name}.assist_departments[{i}]", name,
                           f"not a department of this scenario; allowed: {allowed}")  # fmt: skip
        if not self.categories:
            yield ("categories", (), "at least one problem category is needed")
