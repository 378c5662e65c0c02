"""The metric registry: every daily and summary metric as one named function with its metadata.

A metric is a plain module-level function registered with :func:`daily_metric` or
:func:`summary_metric`; its name is the function's name, its description the first paragraph
of its docstring. The registry records the unit, the desirable direction (so that a report can
colour an effect as better or worse, not as higher or lower), the group it belongs to in a
planner's report, and whether it is bookkeeping (a count that describes the run, never an
outcome to judge). Looking up a name that is not registered raises :class:`UnknownMetricError`
with the closest names, never returns ``None`` or NaN.

Adding a metric is one function in :mod:`govsim.metrics.daily` or
:mod:`govsim.metrics.summary`; the recorder, ``RunResult``, Mesa's ``DataCollector``, reports
and experiment files find it here.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

__all__ = [
    "DAILY",
    "SUMMARY",
    "Direction",
    "Group",
    "Metric",
    "MetricRegistry",
    "UnknownMetricError",
    "daily_metric",
    "markdown_table",
    "summary_metric",
]


class Direction(StrEnum):
    """Which way a metric should move for governance to be better."""

    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    NEUTRAL = "neutral"  # neither: a description of the run (channel mix, counts)

    def sign(self) -> int:
        """+1 if higher is better, −1 if lower is better, 0 if neutral."""
        return {Direction.HIGHER: 1, Direction.LOWER: -1, Direction.NEUTRAL: 0}[self]


class Group(StrEnum):
    """The part of a planner's report a metric belongs to."""

    PARTICIPATION = "participation"  # awareness, ownership, reporting, meetings
    HANDLING = "handling"  # detection, routing, resolution, delays, backlog
    EQUITY = "equity"  # gaps between age groups, migrants
    COLLABORATION = "collaboration"  # departments' working relations, the order parameter
    PLATFORM = "platform"  # the government app, grid workers' time
    COST = "cost"  # programme spending
    BOOKKEEPING = "bookkeeping"  # size and length of the run: never judged


Kind = Literal["daily", "summary"]


@dataclass(frozen=True, slots=True)
class Metric:
    """One registered metric.

    Attributes
    ----------
    name:
        The metric's name (the function's name; a column of ``RunResult.daily`` or a key of
        ``RunResult.summary``).
    unit:
        Its unit (``"share of adults"``, ``"days"``, ``"CNY"``, ...).
    direction:
        Whether higher or lower is better (:class:`Direction`).
    group:
        Report group (:class:`Group`); ``BOOKKEEPING`` metrics never get a verdict.
    description:
        What it measures, from the function's docstring.
    kind:
        ``"daily"`` (one value per simulated day) or ``"summary"`` (one value per run).
    function:
        The function computing it (a module-level function or a ``functools.partial`` of one,
        so that it pickles for parallel runs).
    """

    name: str
    unit: str
    direction: Direction
    group: Group
    description: str
    kind: Kind
    function: Callable[[Any], Any]

    @property
    def bookkeeping(self) -> bool:
        """True for metrics that describe the run rather than an outcome."""
        return self.group is Group.BOOKKEEPING


class UnknownMetricError(KeyError):
    """A metric name that is not registered (the message lists the closest names)."""

    def __init__(self, name: str, kind: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        self.name = name
        super().__init__(f"unknown {kind} metric {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class MetricRegistry:
    """Metrics of one kind in registration order (the order of ``RunResult`` columns)."""

    def __init__(self, kind: Kind) -> None:
        self.kind: Kind = kind
        self._metrics: dict[str, Metric] = {}

    def add(self, metric: Metric) -> Metric:
        """Register ``metric``; a name may be registered once."""
        if metric.kind != self.kind:
            raise ValueError(f"{metric.name!r} is a {metric.kind} metric, not {self.kind}")
        if metric.name in self._metrics:
            raise ValueError(f"{self.kind} metric {metric.name!r} is registered twice")
        self._metrics[metric.name] = metric
        return metric

    def __getitem__(self, name: str) -> Metric:
        try:
            return self._metrics[name]
        except KeyError:
            raise UnknownMetricError(name, self.kind, list(self._metrics)) from None

    def __contains__(self, name: object) -> bool:
        return name in self._metrics

    def __iter__(self) -> Iterator[Metric]:
        return iter(self._metrics.values())

    def __len__(self) -> int:
        return len(self._metrics)

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._metrics)

    def check(self, names: list[str] | tuple[str, ...]) -> None:
        """Raise :class:`UnknownMetricError` for the first name that is not registered."""
        for name in names:
            self[name]


DAILY = MetricRegistry("daily")
SUMMARY = MetricRegistry("summary")


_ARROWS = {Direction.HIGHER: "↑ higher", Direction.LOWER: "↓ lower", Direction.NEUTRAL: "—"}


def markdown_table(registry: MetricRegistry) -> str:
    """The registry as a Markdown table (metric, unit, better, group, definition).

    ``docs/model.md`` §4.11 holds these tables verbatim (``tests/test_docs.py`` checks it).
    """
    lines = ["| metric | unit | better | group | definition |", "|---|---|---|---|---|"]
    lines += [
        f"| `{m.name}` | {m.unit} | {_ARROWS[m.direction]} | {m.group.value} | {m.description} |"
        for m in registry
    ]
    return "\n".join(lines)


def describe(function: Callable[..., Any]) -> str:
    """The first paragraph of ``function``'s docstring, on one line."""
    doc = inspect.getdoc(function)
    if not doc:
        raise ValueError(f"metric function {function.__name__!r} needs a docstring")
    return " ".join(doc.split("\n\n")[0].split())


def _register(
    registry: MetricRegistry,
    unit: str,
    direction: Direction,
    group: Group,
    name: str | None,
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    def decorate(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        registry.add(
            Metric(
                name=name or function.__name__,
                unit=unit,
                direction=direction,
                group=group,
                description=describe(function),
                kind=registry.kind,
                function=function,
            )
        )
        return function

    return decorate


def daily_metric(
    *, unit: str, direction: Direction, group: Group, name: str | None = None
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register a daily metric: ``f(day: DayView) -> float``, named after the function."""
    return _register(DAILY, unit, direction, group, name)


def summary_metric(
    *, unit: str, direction: Direction, group: Group, name: str | None = None
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Register a summary metric: ``f(run: RunView) -> float``, named after the function."""
    return _register(SUMMARY, unit, direction, group, name)
