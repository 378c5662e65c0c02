"""Programme cost: what a scenario's levers cost per year, from its unit costs and the run's counts.

Each budget line is one registered summary metric in CNY per year; ``programme_cost_cny_per_year``
is their sum. A line multiplies the scenario's unit costs (``[costs]``,
:class:`govsim.scenario.sections.costs.Costs`) by quantities of the run:

============================  ==================================================================
line                          quantity × unit cost
============================  ==================================================================
staffing                      department and centre staff (staff per 100k adults × adults
                              simulated) × pay per staff-year
grid work                     grid workers × pay; × training when ``grid_workers.training``;
                              grid-filed cases × ``appraisal.audit_rate`` × cost per audit
cameras                       grids × ``cameras.coverage_share`` × cost per covered grid
publicity                     publicity money the run spent; plain-language material
incentives                    points the run paid; points administration and recognition per
                              village when those systems are on
village engagement            village meetings held (villages × 365 / interval) × (meeting +
                              livestream); WeChat-group stipends; self-government groups;
                              firms included in forums
coordination and platforms    data standard × adopting share; shared cloud; responsibility lists
                              × coverage; linkage meetings; app classification and feedback
                              features; reporters notified × cost per notification
accountability                claimed resolutions × ``department_appraisal.audit_rate`` × cost
                              per audit; call-backs and department-collected ratings; summons;
                              public case tracking × ``transparency.level`` and visible cases ×
                              cost per progress notice
============================  ==================================================================

Flows counted over the run (publicity spent, points paid, audits, notifications) are scaled to a
year by ``365 / days``; stocks (staff, grid workers, cameras, features) are annual costs already.
The status quo has a cost too (its staff, grid workers, meetings and website publicity): a
comparison reads the *difference* in programme cost, and ``resolved_in_time_cases_per_year`` is
the denominator of cost-effectiveness (CNY per extra case resolved in time).

These functions read the scenario, the run's length and population, the grid-worker count and the
case ledger's ``source``, ``notified``, ``claimed_resolved``, ``evaluated``, ``rating_verified``,
``summoned`` and ``visible`` columns, nothing else of the model.
"""

from __future__ import annotations

import numpy as np

from govsim.enums import Source
from govsim.metrics.registry import SUMMARY, Direction, Group, summary_metric
from govsim.metrics.summary import RunView

__all__ = ["COST_LINES", "DAYS_PER_YEAR", "PER_100K_ADULTS"]

DAYS_PER_YEAR = 365.0
PER_100K_ADULTS = 100_000.0
MONTHS_PER_YEAR = 12.0
_CNY_PER_YEAR = "CNY/year"


def _years(run: RunView) -> float:
    """Length of the reported run in years (at least one day)."""
    return run.days / DAYS_PER_YEAR


def _adults_100k(run: RunView) -> float:
    """Adults simulated, in hundreds of thousands (the base of county-level rates)."""
    return run.model.population.size / PER_100K_ADULTS


def _villages(run: RunView) -> int:
    return run.model.settings.county.villages


def _grids(run: RunView) -> int:
    """Grids of the run (one grid worker each)."""
    return int(run.model.grid_workers.size)


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def staffing_cost_cny_per_year(run: RunView) -> float:
    """Department and governance-centre staff, per year.

    Staff are the staffing levers (per 100,000 adults) times the adults simulated.
    """
    s = run.model.settings
    department_staff = sum(d.staff_per_100k_adults for d in s.departments)
    centre_staff = s.centre.staff_per_100k_adults
    return _adults_100k(run) * (
        department_staff * s.costs.department_staff_cny_per_year
        + centre_staff * s.costs.centre_staff_cny_per_year
    )


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def grid_work_cost_cny_per_year(run: RunView) -> float:
    """Grid workers' pay and training, and on-the-spot audits of their reports, per year."""
    s = run.model.settings
    grids = _grids(run)
    pay = grids * s.costs.grid_worker_cny_per_year
    training = grids * s.costs.grid_worker_training_cny_per_year if s.grid_workers.training else 0.0
    grid_cases = int(np.count_nonzero(run.ledger["source"] == Source.GRID_WORKER))
    audits = grid_cases * s.appraisal.audit_rate * s.costs.audit_cny_per_report / _years(run)
    return pay + training + audits


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def cameras_cost_cny_per_year(run: RunView) -> float:
    """Cameras on village roads (annualised), per year: covered grids × cost per grid."""
    s = run.model.settings
    return _grids(run) * s.cameras.coverage_share * s.costs.camera_cny_per_covered_grid_per_year


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def publicity_cost_cny_per_year(run: RunView) -> float:
    """Publicity money spent (as counted by the run) and plain-language material, per year."""
    s = run.model.settings
    spent = float(SUMMARY["publicity_spent_cny"].function(run)) / _years(run)
    plain = (
        _adults_100k(run) * s.costs.plain_language_cny_per_100k_adults_per_year
        if s.publicity.plain_language
        else 0.0
    )
    return spent + plain


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def incentives_cost_cny_per_year(run: RunView) -> float:
    """Points paid (as counted by the run), points administration and recognition, per year."""
    s = run.model.settings
    paid = float(SUMMARY["points_paid_cny"].function(run)) / _years(run)
    villages = _villages(run)
    administration = (
        villages * s.costs.points_administration_cny_per_village_per_year
        if s.incentives.points_enabled
        else 0.0
    )
    recognition = (
        villages * s.costs.recognition_cny_per_village_per_year
        if s.incentives.spiritual_enabled
        else 0.0
    )
    return paid + administration + recognition


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def engagement_cost_cny_per_year(run: RunView) -> float:
    """Village meetings and livestreams, WeChat groups, self-government groups and firm forums."""
    s = run.model.settings
    c = s.costs
    villages = _villages(run)
    meetings = villages * DAYS_PER_YEAR / s.meetings.interval_days
    per_meeting = c.village_meeting_cny + (
        c.livestream_cny_per_meeting if s.meetings.livestream else 0.0
    )
    wechat = (
        villages * c.wechat_group_cny_per_village_per_year
        if s.wechat_groups.run_by_young_party_members
        else 0.0
    )
    self_government = (
        villages * s.meetings.self_government_share * c.self_government_group_cny_per_year
    )
    e = s.enterprises
    not_excluded = 1.0 - e.kind_shares[1] * e.outside_exclusion_probability
    included_firms = villages * e.per_village_mean * not_excluded * e.forum_inclusion_share
    forums = included_firms * c.enterprise_forum_cny_per_firm_per_year
    return meetings * per_meeting + wechat + self_government + forums


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def coordination_cost_cny_per_year(run: RunView) -> float:
    """Data standard, shared cloud, responsibility lists, linkage meetings, app features, feedback.

    County-level items are rates per 100,000 adults; reporters notified are counted by the run.
    """
    s = run.model.settings
    c = s.costs
    # departments adopt the standard by roll-out or from the start (departments.*.data_standard)
    adopted = max(
        s.sharing.data_standard_share,
        sum(d.data_standard for d in s.departments) / max(len(s.departments), 1),
    )
    county_rates = (
        adopted * c.data_standard_cny_per_100k_adults_per_year
        + (c.shared_cloud_cny_per_100k_adults_per_year if s.sharing.shared_cloud else 0.0)
        + s.sharing.responsibility_list_coverage
        * c.responsibility_lists_cny_per_100k_adults_per_year
        + s.sharing.linkage_meetings_per_month
        * MONTHS_PER_YEAR
        * c.linkage_meeting_cny_per_100k_adults
        + (
            c.event_classification_cny_per_100k_adults_per_year
            if s.apps.event_classification
            else 0.0
        )
        + (c.app_feedback_cny_per_100k_adults_per_year if s.apps.feedback_feature else 0.0)
    )
    notified = int(np.count_nonzero(run.ledger["notified"]))
    notifications = notified * c.notification_cny_per_report / _years(run)
    return _adults_100k(run) * county_rates + notifications


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def accountability_cost_cny_per_year(run: RunView) -> float:
    """Audits of departments' claims, call-backs and ratings, summons, public case tracking.

    Flows are counted by the run (claims, ratings, call-backs, summons, visible cases); case
    tracking is a county rate per 100,000 adults, scaled by the transparency level.
    """
    s = run.model.settings
    c = s.costs
    ledger = run.ledger
    claims = int(np.count_nonzero(ledger["claimed_resolved"]))
    audits = claims * s.department_appraisal.audit_rate * c.audit_cny_per_report
    callbacks = int(np.count_nonzero(ledger["rating_verified"]))
    ratings = int(np.count_nonzero(ledger["evaluated"])) - callbacks
    evaluation = callbacks * c.callback_cny_per_case + max(ratings, 0) * c.rating_cny_per_case
    summons = int(np.count_nonzero(ledger["summoned"])) * c.summons_cny_per_case
    notices = int(np.count_nonzero(ledger["visible"])) * c.progress_notice_cny_per_case
    tracking = (
        _adults_100k(run) * s.transparency.level * c.case_tracking_cny_per_100k_adults_per_year
    )
    return (audits + evaluation + summons + notices) / _years(run) + tracking


#: The budget lines, in the order reports list them.
COST_LINES: tuple[str, ...] = (
    "staffing_cost_cny_per_year",
    "grid_work_cost_cny_per_year",
    "cameras_cost_cny_per_year",
    "publicity_cost_cny_per_year",
    "incentives_cost_cny_per_year",
    "engagement_cost_cny_per_year",
    "coordination_cost_cny_per_year",
    "accountability_cost_cny_per_year",
)


@summary_metric(unit=_CNY_PER_YEAR, direction=Direction.LOWER, group=Group.COST)
def programme_cost_cny_per_year(run: RunView) -> float:
    """Programme cost per year: the sum of the budget lines (staff, grid work, cameras, ...)."""
    return float(sum(SUMMARY[name].function(run) for name in COST_LINES))


@summary_metric(unit="cases/year", direction=Direction.HIGHER, group=Group.HANDLING)
def resolved_in_time_cases_per_year(run: RunView) -> float:
    """Genuine cases resolved or settled within their time limit, per year.

    The denominator of cost-effectiveness: CNY per extra case resolved in time.
    """
    count = int(np.count_nonzero(run.closed_genuine & run.good & run.in_time))
    return count / _years(run)
