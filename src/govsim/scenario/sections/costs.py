"""Unit costs of the programme: what each lever with a money or staff cost costs, in CNY.

One section of the scenario (``[costs]`` in TOML). The model does not read it: the cost metrics
(:mod:`govsim.metrics.costs`) multiply these unit costs by the run's own quantities — staff
implied by the staffing levers and the population served, grid workers, covered grids, meetings
held, reports audited and notified, points paid, publicity money spent — and report the total per
year, so two scenarios can be compared on what they cost as well as on what they achieve.

Conventions:

* Money is in CNY at current prices; a one-off investment (software, cameras) is entered as its
  *annualised* cost (the investment spread over its service life, plus upkeep), so every item is a
  cost per year.
* County-level items (department and centre staff, platforms, the data standard, joint meetings)
  are stated per 100,000 adults served, like the staffing levers, so that a run of part of a
  county carries its share of them and a county of 400,000 adults pays four times the rate.
* Village-level items are per village, per meeting, per grid or per case.
* Publicity and points carry no unit cost here: their money is already a lever
  (``publicity.budget_cny_per_adult_per_year``, ``incentives.cny_per_point``) and the run counts
  what was actually spent and paid.

Every default is an estimate (``E``) with the figure it rests on; none is a measured county
budget. Planners should replace them with their own county's prices (``[costs]`` in a scenario
file, or ``--set costs.camera_cny_per_covered_grid_per_year=4000``) and the sensitivity notebook
shows how much a conclusion depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.scenario.fields import param

MAX_CNY = 1e12  # any unit price: far beyond any county budget, finite

__all__ = ["Costs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Costs:
    """Unit costs of staff, equipment, platforms and activities (CNY; see the module docstring)."""

    # -- staff --------------------------------------------------------------------------------
    department_staff_cny_per_year: float = param(
        100_000.0,
        unit="CNY/staff/year",
        doc="pay and on-costs of one case-handling department staff member",
        lo=0,
        ceiling=MAX_CNY,
        source="E (county civil servant; NBS 2022 urban public-administration average wage "
        "≈117k CNY, county pay lower, on-costs added)",
    )
    centre_staff_cny_per_year: float = param(
        90_000.0,
        unit="CNY/staff/year",
        doc="pay and on-costs of one dispatcher at the governance centre",
        lo=0,
        ceiling=MAX_CNY,
        source="E (county public-institution staff, a little below department staff)",
    )
    grid_worker_cny_per_year: float = param(
        36_000.0,
        unit="CNY/worker/year",
        doc="pay of one full-time rural grid worker",
        lo=0,
        ceiling=MAX_CNY,
        source="E (local recruitment notices: 2,500-3,500 CNY/month for rural grid workers)",
    )
    grid_worker_training_cny_per_year: float = param(
        1_200.0,
        unit="CNY/worker/year",
        doc="report-writing training of one grid worker (course, refreshers, lost days)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (two-day county course and a refresher, with travel)",
    )
    audit_cny_per_report: float = param(
        50.0,
        unit="CNY/audited report",
        doc="one on-the-spot audit of a grid worker's report or of a department's claimed "
        "resolution (an official's hour and travel)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (100k CNY/year ÷ ~2,000 working hours ≈ 50 CNY an hour)",
    )
    callback_cny_per_case: float = param(
        10.0,
        unit="CNY/call-back",
        doc="one independent call-back to a reporter about a department's outcome (a call by "
        "centre staff, with its record)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (about twelve minutes of staff time at ≈50 CNY an hour)",
    )
    rating_cny_per_case: float = param(
        2.0,
        unit="CNY/rating",
        doc="collecting one rating through the department (an app prompt or text message, "
        "and its entry)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (a message and a minute or two of staff time)",
    )
    summons_cny_per_case: float = param(
        200.0,
        unit="CNY/summons",
        doc="a department's officials going to the village on a summons (travel and the time "
        "beyond ordinary handling)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (two officials, two hours each at ≈50 CNY an hour)",
    )
    case_tracking_cny_per_100k_adults_per_year: float = param(
        30_000.0,
        unit="CNY/100k adults/year",
        doc="public case tracking on the platform (development over 5 years, operation); "
        "scaled by ``transparency.level``",
        lo=0,
        ceiling=MAX_CNY,
        source="E (a platform module of ≈0.5 M CNY over 5 years, 400k adults, with upkeep)",
    )
    progress_notice_cny_per_case: float = param(
        5.0,
        unit="CNY/visible case",
        doc="posting one case's progress for reporters and the village (updates, notice board)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (about six minutes of staff time)",
    )
    notification_cny_per_report: float = param(
        8.0,
        unit="CNY/notified report",
        doc="telling one reporter the outcome (a call or message by centre staff)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (ten minutes of staff time at ≈50 CNY an hour)",
    )
    # -- equipment and platforms (annualised) --------------------------------------------------
    camera_cny_per_covered_grid_per_year: float = param(
        6_000.0,
        unit="CNY/grid/year",
        doc="cameras covering one grid: two HD cameras, installed cost spread over 5 years, "
        "upkeep and network",
        lo=0,
        ceiling=MAX_CNY,
        source="E (≈8,000-10,000 CNY installed per camera over 5 years plus ≈1,000 CNY upkeep)",
    )
    event_classification_cny_per_100k_adults_per_year: float = param(
        40_000.0,
        unit="CNY/100k adults/year",
        doc="event classification in the grid and public apps (development spread over 5 "
        "years, maintenance)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (a county app module of ≈0.6 M CNY over 5 years, 400k adults)",
    )
    app_feedback_cny_per_100k_adults_per_year: float = param(
        25_000.0,
        unit="CNY/100k adults/year",
        doc="progress and closure notifications in the app (development and messaging)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (smaller module than classification)",
    )
    data_standard_cny_per_100k_adults_per_year: float = param(
        100_000.0,
        unit="CNY/100k adults/year",
        doc="unified data standard with every department adopting it (system upgrades over 5 "
        "years); scaled by the adopting share",
        lo=0,
        ceiling=MAX_CNY,
        source="E (county data-integration project of ≈2 M CNY over 5 years, 400k adults)",
    )
    shared_cloud_cny_per_100k_adults_per_year: float = param(
        60_000.0,
        unit="CNY/100k adults/year",
        doc="departments' shared government-cloud platform (rental and operation)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (government-cloud rental for a county's departments)",
    )
    responsibility_lists_cny_per_100k_adults_per_year: float = param(
        5_000.0,
        unit="CNY/100k adults/year",
        doc="drafting and keeping lead/assist responsibility lists for every category; scaled "
        "by coverage",
        lo=0,
        ceiling=MAX_CNY,
        source="E (a few weeks of a legal officer's time a year)",
    )
    linkage_meeting_cny_per_100k_adults: float = param(
        500.0,
        unit="CNY/meeting/100k adults",
        doc="one joint department (linkage) meeting: ~10 officials for half a day, shared "
        "over the adults served",
        lo=0,
        ceiling=MAX_CNY,
        source="E (10 officials × 4 h × 50 CNY/h for a county of 400k adults)",
    )
    plain_language_cny_per_100k_adults_per_year: float = param(
        20_000.0,
        unit="CNY/100k adults/year",
        doc="rewriting and producing plain-language publicity material",
        lo=0,
        ceiling=MAX_CNY,
        source="E",
    )
    # -- village activities ------------------------------------------------------------------
    village_meeting_cny: float = param(
        500.0,
        unit="CNY/meeting",
        doc="one village meeting (venue, materials, refreshments)",
        lo=0,
        ceiling=MAX_CNY,
        source="E",
    )
    livestream_cny_per_meeting: float = param(
        300.0,
        unit="CNY/meeting",
        doc="livestreaming one village meeting (data, equipment spread over its life, operator)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (SEED 004 describes livestreamed meetings without a cost)",
    )
    wechat_group_cny_per_village_per_year: float = param(
        2_400.0,
        unit="CNY/village/year",
        doc="stipend of the young party member who runs the village WeChat group",
        lo=0,
        ceiling=MAX_CNY,
        source="E (200 CNY/month)",
    )
    self_government_group_cny_per_year: float = param(
        3_000.0,
        unit="CNY/group/year",
        doc="one villager self-government group (activities, small stipends)",
        lo=0,
        ceiling=MAX_CNY,
        source="E",
    )
    points_administration_cny_per_village_per_year: float = param(
        1_000.0,
        unit="CNY/village/year",
        doc="running the points system in one village (validating reports, keeping accounts)",
        lo=0,
        ceiling=MAX_CNY,
        source="E (cadre time; points paid out are counted by the run)",
    )
    recognition_cny_per_village_per_year: float = param(
        500.0,
        unit="CNY/village/year",
        doc="spiritual incentives in one village (certificates, ceremonies, recommendation)",
        lo=0,
        ceiling=MAX_CNY,
        source="E",
    )
    enterprise_forum_cny_per_firm_per_year: float = param(
        200.0,
        unit="CNY/firm/year",
        doc="including one firm in village forums and the recognition system",
        lo=0,
        ceiling=MAX_CNY,
        source="E",
    )
