"""Upper bounds that keep every valid scenario representable by the model.

A value the schema accepts must run: these limits are what the model's data types and
algorithms can take, chosen well beyond any county a planner would describe. Whether a valid
scenario also fits in this machine's memory is decided separately, before the model is built,
by :mod:`govsim.sizing`.
"""

from __future__ import annotations

__all__ = [
    "MAX_ADULTS_PER_HOUSEHOLD",
    "MAX_CAPACITY_PER_DAY",
    "MAX_CONCENTRATION",
    "MAX_DAYS",
    "MAX_DELAY_DAYS",
    "MAX_HOUSEHOLDS_PER_VILLAGE",
    "MAX_ITEMS",
    "MAX_LOGIT",
    "MAX_MINUTES_PER_DAY",
    "MAX_PER_DAY",
    "MAX_RATE_PER_1000_PER_MONTH",
    "MAX_STAFF_PER_100K",
    "MAX_TIME_LIMIT_DAYS",
    "MAX_VILLAGES",
]

#: Longest run and any day-valued setting (100 years); days are stored as int32.
MAX_DAYS = 36_500
#: Time limits, escalation and other deadlines (10 years); the case ledger stores a case's time
#: limit as int16 (at most 32,767), and meeting calendars are tabulated per day of the interval.
MAX_TIME_LIMIT_DAYS = 3_650
#: Mean delays and durations drawn as Poisson counts of days (a year).
MAX_DELAY_DAYS = 365.0
#: Villages in one county (the largest Chinese counties have a few thousand).
MAX_VILLAGES = 100_000
#: Mean (and spread of) households per village.
MAX_HOUSEHOLDS_PER_VILLAGE = 100_000
#: Mean adults per household (1 + Poisson).
MAX_ADULTS_PER_HOUSEHOLD = 10.0
#: Problems per 1,000 adults per month in one category (one problem per adult per month).
MAX_RATE_PER_1000_PER_MONTH = 1_000.0
#: Staff per 100,000 adults (everyone).
MAX_STAFF_PER_100K = 100_000.0
#: Events generated per person per day (reports a grid worker files, ...): each becomes a row.
MAX_PER_DAY = 1_000.0
#: Cases one staff member or cadre can take on per day: a capacity, not a count of rows, so
#: "ample" (more than any queue) is allowed.
MAX_CAPACITY_PER_DAY = 1e6
#: Minutes in a day.
MAX_MINUTES_PER_DAY = 1_440.0
#: Beta concentrations (a + b) of traits.
MAX_CONCENTRATION = 10_000.0
#: Additive log-odds terms and logit weights: beyond ±50 a probability is 0 or 1 to double
#: precision, and sums of a few such terms stay far from overflow.
MAX_LOGIT = 50.0
#: Problem categories and departments in a scenario (codes are int16; departments' pairwise
#: interface table grows with the square of their number).
MAX_ITEMS = 256
