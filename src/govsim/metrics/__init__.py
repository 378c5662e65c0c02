"""Metrics: a registry of named daily and summary metrics, the daily recorder and the summary.

Every metric is one registered function with its unit, desirable direction, report group and
description (:mod:`govsim.metrics.registry`); the programme-cost lines are in
:mod:`govsim.metrics.costs`. ``DAILY`` and ``SUMMARY`` list them; looking up a
name that does not exist raises :class:`UnknownMetricError`.
"""

from govsim.metrics.costs import COST_LINES
from govsim.metrics.daily import TALLIES, DailyRecorder, Tallies, model_reporters
from govsim.metrics.registry import (
    DAILY,
    SUMMARY,
    Direction,
    Group,
    Metric,
    MetricRegistry,
    UnknownMetricError,
    daily_metric,
    summary_metric,
)
from govsim.metrics.summary import RunView, summarise

__all__ = [
    "COST_LINES",
    "DAILY",
    "SUMMARY",
    "TALLIES",
    "DailyRecorder",
    "Direction",
    "Group",
    "Metric",
    "MetricRegistry",
    "RunView",
    "Tallies",
    "UnknownMetricError",
    "daily_metric",
    "model_reporters",
    "summarise",
    "summary_metric",
]
