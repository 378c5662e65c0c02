"""The experiment-file schema: typed, bounded declarations read by the scenario engine.

An experiment file (``experiments/*.toml``) is validated by the same machinery as a scenario file
(:func:`govsim.scenario.engine.build` over dataclasses declared with
:func:`govsim.scenario.fields.param`), so every problem names its field path
(``parameters[2].hi``, ``design.n``) and every number has bounds. The ``check`` methods state the
rules that tie fields together (the options each design kind takes, the options each
distribution needs); :mod:`govsim.experiments.spec` then resolves files, the model and the base
scenario. See ``docs/experiments.md`` for the format.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, fields

from govsim.experiments.parameters import Distribution
from govsim.scenario.fields import param
from govsim.scenario.limits import MAX_DAYS

__all__ = [
    "MAX_DESIGN_VALUES",
    "MAX_PARAMETERS",
    "MAX_RUNS",
    "ConstraintEntry",
    "DesignKind",
    "DesignTable",
    "ExperimentFile",
    "Levers",
    "ParameterEntry",
    "ParameterKind",
    "StoreOptions",
]

Check = Iterator[tuple[str, object, str]]
Scalar = str | int | float | bool

#: Most runs an experiment may have (design points x replications).
MAX_RUNS = 10_000_000
#: Most values a sampled design may hold (points x parameters; 8 bytes each in the unit matrix).
MAX_DESIGN_VALUES = 50_000_000
#: Most parameters, outputs, files, points and constraint paths listed in one file.
MAX_PARAMETERS = 10_000
#: Most replications per design point.
MAX_REPLICATIONS = 100_000
#: Largest Sobol' base sample, trajectories, LHS samples and FAST n.
MAX_SAMPLE = 2**24
#: Most grid levels of one parameter (and Morris levels).
MAX_LEVELS = 1_000
#: Largest root seed (seeds are stored as int64).
MAX_SEED = 2**63 - 1
#: Largest magnitude of a real parameter's bounds and shape (their differences stay finite).
MAX_REAL = 1e300
#: Largest magnitude of an integer parameter's bounds (values are stored as int64).
MAX_INTEGER = 2**62


class ParameterKind(enum.Enum):
    """What kind of values a parameter takes."""

    REAL = "real"
    INTEGER = "integer"
    CATEGORICAL = "categorical"


class DesignKind(enum.Enum):
    """Which points of parameter space to run (see :mod:`govsim.experiments.designs`)."""

    GRID = "grid"
    LHS = "lhs"
    LIST = "list"
    POINTS = "points"
    SOBOL = "sobol"
    MORRIS = "morris"
    FAST = "fast"


class Levers(enum.Enum):
    """``levers = "all"``: vary every policy lever of the base scenario's schema."""

    ALL = "all"


#: Options each design kind takes: (required, optional).
DESIGN_OPTIONS: dict[DesignKind, tuple[frozenset[str], frozenset[str]]] = {
    DesignKind.GRID: (frozenset(), frozenset({"levels"})),
    DesignKind.LHS: (frozenset({"samples"}), frozenset()),
    DesignKind.LIST: (frozenset({"files"}), frozenset({"labels"})),
    DesignKind.POINTS: (frozenset({"points"}), frozenset()),
    DesignKind.SOBOL: (frozenset({"n"}), frozenset({"calc_second_order"})),
    DesignKind.MORRIS: (frozenset({"trajectories"}), frozenset({"levels"})),
    DesignKind.FAST: (frozenset({"n"}), frozenset({"m"})),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterEntry:
    """One ``[[parameters]]`` table: what varies and over which range."""

    path: str = param("", unit="-", doc="scenario dotted path, or the key a model function reads")
    kind: ParameterKind | None = param(
        None, unit="-", doc="real (default), integer or categorical; with a govsim base, inferred"
    )
    lo: int | float | None = param(
        None, unit="-", doc="lower bound (inclusive)", lo=-MAX_REAL, hi=MAX_REAL
    )
    hi: int | float | None = param(
        None, unit="-", doc="upper bound (inclusive)", lo=-MAX_REAL, hi=MAX_REAL
    )
    distribution: Distribution = param(
        Distribution.UNIFORM, unit="-", doc="distribution of a real parameter on [lo, hi]"
    )
    mode: float | None = param(
        None, unit="-", doc="peak of a triangular distribution", lo=-MAX_REAL, hi=MAX_REAL
    )
    mean: float | None = param(
        None, unit="-", doc="mean of a truncated normal distribution", lo=-MAX_REAL, hi=MAX_REAL
    )
    sd: float | None = param(
        None, unit="-", doc="sd of a truncated normal distribution", lo=0, hi=MAX_REAL
    )
    levels: int | None = param(None, unit="levels", doc="grid levels", lo=2, hi=MAX_LEVELS)
    values: tuple[Scalar, ...] = param(
        (), unit="-", doc="values of a categorical parameter", max_items=MAX_PARAMETERS
    )

    def check(self) -> Check:
        """Each kind and distribution gets the options it needs, and only those."""
        if not self.path:
            yield ("path", self.path, "required: the scenario dotted path this parameter sets")
        if self.kind is ParameterKind.CATEGORICAL:
            yield from self._check_categorical()
            return
        if self.values:
            yield ("values", self.values, "only a categorical parameter takes values")
        if self.lo is not None and self.hi is not None and not self.lo < self.hi:
            yield ("hi", self.hi, "must be greater than lo")
        if self.kind is ParameterKind.INTEGER:
            for name in ("lo", "hi"):
                value = getattr(self, name)
                if isinstance(value, float):
                    yield (name, getattr(self, name), "must be an integer for an integer parameter")
                elif value is not None and abs(value) > MAX_INTEGER:
                    yield (
                        name,
                        getattr(self, name),
                        "an integer parameter's bounds lie within ±2**62",
                    )
            if self.distribution is not Distribution.UNIFORM:
                yield ("distribution", self.distribution, "integer parameters are uniform")
        yield from self._check_distribution()

    def _check_categorical(self) -> Check:
        for name in ("lo", "hi", "mode", "mean", "sd"):
            if getattr(self, name) is not None:
                yield (
                    name,
                    getattr(self, name),
                    "a categorical parameter takes values, not bounds",
                )
        if len(self.values) < 2:
            yield ("values", self.values, "a categorical parameter needs at least two values")
        elif len({type(value) for value in self.values}) != 1:
            yield ("values", self.values, "categorical values must all have one type")
        elif len(set(self.values)) != len(self.values):
            yield ("values", self.values, "categorical values must be distinct")

    def _check_distribution(self) -> Check:
        shape = {"mode": Distribution.TRIANGULAR, "mean": Distribution.TRUNCNORMAL}
        shape["sd"] = Distribution.TRUNCNORMAL
        for name, distribution in shape.items():
            if getattr(self, name) is not None and self.distribution is not distribution:
                yield (
                    name,
                    getattr(self, name),
                    f"only a {distribution.value} parameter takes {name}",
                )
        match self.distribution:
            case Distribution.LOGUNIFORM if self.lo is not None and self.lo <= 0:
                yield ("lo", self.lo, "a loguniform parameter needs lo > 0")
            case Distribution.TRIANGULAR if self.mode is None:
                yield ("mode", self.mode, "required for a triangular parameter")
            case Distribution.TRIANGULAR if not _within(self.mode, self.lo, self.hi):
                yield ("mode", self.mode, "must lie between lo and hi")
            case Distribution.TRUNCNORMAL if self.mean is None:
                yield ("mean", self.mean, "required for a truncnormal parameter")
            case Distribution.TRUNCNORMAL if not self.sd:
                yield ("sd", self.sd, "required for a truncnormal parameter, and > 0")
            case _:
                pass


def _within(value: float | None, lo: float | None, hi: float | None) -> bool:
    return value is not None and (lo is None or value >= lo) and (hi is None or value <= hi)


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignTable:
    """The ``[design]`` table: a kind and that kind's options (see ``DESIGN_OPTIONS``)."""

    kind: DesignKind | None = param(
        None, unit="-", doc="grid, lhs, list, points, sobol, morris, fast"
    )
    levels: int | None = param(
        None, unit="levels", doc="grid levels (default 3), Morris levels (default 4)", lo=2,
        hi=MAX_LEVELS,
    )  # fmt: skip
    samples: int | None = param(
        None, unit="points", doc="Latin hypercube points", lo=1, hi=MAX_SAMPLE
    )
    files: tuple[str, ...] = param(
        (), unit="-", doc="scenario files, one point each", max_items=MAX_PARAMETERS
    )
    labels: tuple[str, ...] = param(
        (), unit="-", doc="labels of the files (default: their stems)", max_items=MAX_PARAMETERS
    )
    points: tuple[dict[str, Scalar], ...] = param(
        (), unit="-", doc="explicit points {path = value}", max_items=MAX_PARAMETERS
    )
    n: int | None = param(
        None, unit="points", doc="Sobol' base sample, FAST sample", lo=2, hi=MAX_SAMPLE
    )
    calc_second_order: bool | None = param(None, unit="-", doc="Sobol' second-order indices")
    trajectories: int | None = param(None, unit="-", doc="Morris trajectories", lo=2, hi=MAX_SAMPLE)
    m: int | None = param(None, unit="-", doc="FAST interference factor (default 4)", lo=1, hi=100)

    def given(self) -> set[str]:
        """The options set in the file."""
        empty = (None, ())
        return {
            f.name for f in fields(self) if f.name != "kind" and getattr(self, f.name) not in empty
        }

    def check(self) -> Check:
        """A kind is named, with its required options and no others."""
        if self.kind is None:
            yield ("kind", self.kind, "required: one of " + ", ".join(k.value for k in DesignKind))
            return
        required, optional = DESIGN_OPTIONS[self.kind]
        for option in sorted(required - self.given()):
            yield (option, getattr(self, option), f"required for a {self.kind.value} design")
        allowed = ", ".join(sorted(required | optional)) or "none"
        for option in sorted(self.given() - required - optional):
            yield (
                option,
                None,
                f"not an option of a {self.kind.value} design (options: {allowed})",
            )
        if self.kind is DesignKind.SOBOL and self.n is not None and self.n & (self.n - 1):
            yield ("n", self.n, "the Sobol' base sample must be a power of two")
        if self.kind is DesignKind.MORRIS and self.levels is not None and self.levels % 2:
            yield ("levels", self.levels, "Morris levels must be even")
        if self.kind is DesignKind.FAST and self.n is not None and self.n <= 4 * (self.m or 4) ** 2:
            yield ("n", self.n, f"FAST needs n > 4 m² = {4 * (self.m or 4) ** 2}")
        if self.labels and len(self.labels) != len(self.files):
            yield ("labels", self.labels, "labels must name every scenario file, in order")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConstraintEntry:
    """One ``[[constraints]]`` table: scenario values that must sum to one."""

    sum_to_one: tuple[str, ...] = param(
        (), unit="-", doc="scenario paths whose values sum to one", max_items=MAX_PARAMETERS
    )
    balance: str | None = param(None, unit="-", doc="the path that takes 1 - the others")

    def check(self) -> Check:
        """At least two paths; the balance is one of them."""
        if len(self.sum_to_one) < 2:
            yield ("sum_to_one", self.sum_to_one, "a sum_to_one group needs at least two paths")
        if self.balance is not None and self.balance not in self.sum_to_one:
            yield ("balance", self.balance, "must be one of the group's sum_to_one paths")


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreOptions:
    """The ``[store]`` table: how results are written."""

    flush_every: int = param(
        100, unit="runs", doc="write a chunk every this many runs", lo=1, hi=10**6
    )
    flush_seconds: float = param(
        30.0, unit="s", doc="... or every this many seconds", lo=0, hi=86_400
    )
    daily: bool = param(False, unit="-", doc="also keep the daily series")
    daily_every: int = param(
        7, unit="days", doc="keep every n-th day and the last", lo=1, hi=MAX_DAYS
    )
    daily_columns: tuple[str, ...] = param(
        (), unit="-", doc="daily columns to keep (default all)", max_items=MAX_PARAMETERS
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentFile:
    """An experiment file, validated but not yet resolved (paths, model, base scenario)."""

    name: str | None = param(None, unit="-", doc="name; the default store is out/<name>")
    description: str = param("", unit="-", doc="what the experiment is for")
    base: str | None = param(None, unit="-", doc="base scenario file, relative to this file")
    model: str | None = param(None, unit="-", doc="a registered or allowed model function")
    days: int | None = param(None, unit="days", doc="simulated days", lo=1, hi=MAX_DAYS)
    spin_up_days: int | None = param(
        None,
        unit="days",
        doc="days simulated before the reported days, not reported (default: the scenario's)",
        lo=0,
        hi=MAX_DAYS,
    )
    replications: int = param(
        1, unit="runs", doc="runs per design point", lo=1, hi=MAX_REPLICATIONS
    )
    seed: int = param(0, unit="-", doc="root seed", lo=0, hi=MAX_SEED)
    outputs: tuple[str, ...] = param(
        (), unit="-", doc="outputs kept (default all)", max_items=MAX_PARAMETERS
    )
    levers: Levers | None = param(None, unit="-", doc='"all": vary every lever of the schema')
    exclude_levers: tuple[str, ...] = param(
        (), unit="-", doc="levers left out of levers = all", max_items=MAX_PARAMETERS
    )
    default_span: tuple[float, ...] | None = param(
        None, unit="x", doc="range of levers open above, as factors of the default", lo=0, hi=1e6
    )
    constraints: tuple[ConstraintEntry, ...] = param(
        (), unit="-", doc="sum-to-one groups", max_items=MAX_PARAMETERS
    )
    design: DesignTable | None = param(None, unit="-", doc="the design")
    parameters: tuple[ParameterEntry, ...] = param(
        (), unit="-", doc="what varies", max_items=MAX_PARAMETERS
    )
    store: StoreOptions = param(StoreOptions(), unit="-", doc="store options")

    def check(self) -> Check:
        """One model source, a design, a sensible default span."""
        if (self.base is None) == (self.model is None):
            yield (
                "base",
                None,
                "give exactly one of 'base' (a scenario file) or 'model' (a function)",
            )
        if self.design is None:
            yield ("design", self.design, "missing table [design] with a 'kind'")
        span = self.default_span
        if span is not None and (len(span) != 2 or not span[0] < span[1]):
            yield (
                "default_span",
                self.default_span,
                "must be [low_factor, high_factor] with 0 <= low < high",
            )
        if self.levers is None and (self.exclude_levers or span is not None):
            name = "exclude_levers" if self.exclude_levers else "default_span"
            yield (name, getattr(self, name), 'applies only with levers = "all"')
        if self.model is not None and self.levers is not None:
            yield ("levers", self.levers, 'levers = "all" needs a govsim base scenario')
        if self.model is not None and self.spin_up_days is not None:
            yield (
                "spin_up_days",
                self.spin_up_days,
                "a spin-up (spin_up_days, --spin-up-days) needs a govsim base scenario; a model "
                "function has no days to spin up",
            )
        for index, entry in enumerate(self.parameters):
            if (
                self.base is None
                and (entry.lo is None or entry.hi is None)
                and (entry.kind is not ParameterKind.CATEGORICAL)
            ):
                missing = "lo" if entry.lo is None else "hi"
                yield (
                    f"parameters[{index}].{missing}",
                    None,
                    "required (no base scenario gives it)",
                )
