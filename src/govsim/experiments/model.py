"""Models an experiment can run: govsim itself, or any picklable function.

A model is a callable ``f(params, seed) -> Mapping[str, float]``: ``params`` maps parameter names
(scenario dotted paths for govsim) to values; ``seed`` is the replication's integer seed. It must
be a pure function of its arguments and picklable (a module-level function or an instance of a
module-level class — no lambdas), because runs travel to worker processes and cluster nodes.

:class:`GovsimModel` adapts govsim: it applies ``params`` as dotted-path overrides to a base
scenario, calls :func:`govsim.run`, and returns the selected summary metrics (optionally a thinned
daily series).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from govsim.experiments.designs import SCENARIO_KEY
from govsim.results import run
from govsim.scenario import Scenario, get_path, load_scenario, to_data, with_overrides

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GovsimModel",
    "ModelFunction",
    "SeriesModel",
    "SumToOne",
    "callable_path",
    "describe_model",
    "import_callable",
]


class ModelFunction(Protocol):
    """A model: outputs from parameters and a seed."""

    def __call__(self, params: Mapping[str, Any], seed: int) -> Mapping[str, float]:
        """Run once and return named scalar outputs."""
        ...


@runtime_checkable
class SeriesModel(Protocol):
    """A model that can also return a daily series (one row per day, index ``day``)."""

    def simulate(
        self, params: Mapping[str, Any], seed: int, *, daily: bool
    ) -> tuple[Mapping[str, float], pd.DataFrame | None]:
        """Run once and return the outputs and, when ``daily``, the daily series."""
        ...


@dataclass(frozen=True, slots=True)
class SumToOne:
    """Scenario values that must sum to one (appraisal weights, budget shares).

    When a design varies some of them, the others would break the constraint. With ``balance``,
    that field takes ``1 - sum(others)`` (a run fails if that is negative); without it, every
    value in the group is rescaled by the group's sum, so the sampled values act as relative
    weights.
    """

    paths: tuple[str, ...]
    balance: str | None = None

    def __post_init__(self) -> None:
        if len(self.paths) < 2:
            raise ValueError("a sum_to_one group needs at least two paths")
        if self.balance is not None and self.balance not in self.paths:
            raise ValueError(f"balance {self.balance!r} is not one of the group's paths")

    def apply(self, overrides: Mapping[str, Any], read: Any) -> dict[str, Any]:
        """Return ``overrides`` completed so the group sums to one.

        ``read(path)`` returns the base scenario's value of a path not overridden.
        """
        values = {
            path: float(overrides[path]) if path in overrides else float(read(path))
            for path in self.paths
        }
        if self.balance is not None:
            others = sum(v for path, v in values.items() if path != self.balance)
            values[self.balance] = 1.0 - others
        else:
            total = sum(values.values())
            if total <= 0:
                raise ValueError(f"the values of {', '.join(self.paths)} sum to {total}")
            values = {path: value / total for path, value in values.items()}
        return {**overrides, **values}

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"sum_to_one": list(self.paths), "balance": self.balance}


def constrained_overrides(
    scenario: Any, overrides: Mapping[str, Any], constraints: Sequence[SumToOne]
) -> dict[str, Any]:
    """Apply every constraint touched by ``overrides`` (reading other values from ``scenario``)."""
    completed = dict(overrides)
    for constraint in constraints:
        if any(path in overrides for path in constraint.paths):
            completed = constraint.apply(completed, lambda path: get_path(scenario, path))
    return completed


@dataclass(frozen=True)
class GovsimModel:
    """Run govsim for one design point and replication seed.

    Parameters
    ----------
    base:
        The base scenario: a path to a TOML file, or a ``govsim.Scenario``. A file is loaded and
        validated once, here (so an invalid base fails at once, not in every run). A design point
        that has the key ``"scenario"`` (``ScenarioList`` designs) replaces it with that file.
    days:
        Simulated days (``None``: the scenario's own horizon).
    spin_up_days:
        Days simulated before the reported ones, not reported (``None``: each scenario's own
        ``spin_up_days``); see :func:`govsim.run`.
    outputs:
        Summary metrics to return (empty: all of ``RunResult.summary``).
    daily_columns:
        Columns of the daily series to keep when a daily series is requested (empty: all).
    daily_every:
        Keep every ``daily_every``-th day (and the last), which bounds the stored series.
    constraints:
        Groups of values that must sum to one (:class:`SumToOne`), completed before each run.
    """

    base: Any
    days: int | None = None
    spin_up_days: int | None = None
    outputs: tuple[str, ...] = ()
    daily_columns: tuple[str, ...] = ()
    daily_every: int = 7
    constraints: tuple[SumToOne, ...] = ()
    _base_digest: str = field(default="", init=False, repr=False, compare=False)
    _scenario: Scenario | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.base, str | Path):
            scenario = load_scenario(self.base)
            # the digest of the merged, validated scenario: it changes when any file of the
            # extends chain does (a digest of the file alone would let a resumed sweep mix runs)
            text = json.dumps(to_data(scenario), sort_keys=True)
            object.__setattr__(self, "_base_digest", hashlib.sha256(text.encode()).hexdigest())
            object.__setattr__(self, "_scenario", scenario)

    def __call__(self, params: Mapping[str, Any], seed: int) -> Mapping[str, float]:
        """Run govsim once and return the selected summary metrics."""
        outputs, _ = self.simulate(params, seed, daily=False)
        return outputs

    def simulate(
        self, params: Mapping[str, Any], seed: int, *, daily: bool
    ) -> tuple[Mapping[str, float], pd.DataFrame | None]:
        """Run govsim once; return the metrics and, when ``daily``, the thinned daily series."""
        overrides = {key: value for key, value in params.items() if key != SCENARIO_KEY}
        base = params.get(SCENARIO_KEY, self._scenario or self.base)
        if isinstance(base, str | Path):
            base = load_scenario(base)
        if self.constraints:
            overrides = constrained_overrides(base, overrides, self.constraints)
        scenario = with_overrides(base, overrides) if overrides else base
        result = run(scenario, days=self.days, seed=int(seed), spin_up_days=self.spin_up_days)
        summary = result.summary
        names = self.outputs or tuple(summary)
        missing = [name for name in names if name not in summary]
        if missing:
            raise KeyError(
                f"govsim summary has no metric(s) {', '.join(missing)}; "
                f"available: {', '.join(sorted(summary))}"
            )
        values = {name: float(summary[name]) for name in names}
        if not daily:
            return values, None
        frame = result.daily
        if self.daily_columns:
            frame = frame.loc[:, list(self.daily_columns)]
        step = max(1, self.daily_every)
        keep = sorted({*range(0, len(frame), step), len(frame) - 1}) if len(frame) else []
        return values, frame.iloc[keep]

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description, including a digest of the base scenario file."""
        base = str(self.base) if isinstance(self.base, str | Path) else repr(self.base)
        return {
            "model": "govsim",
            "base": Path(base).name if self._base_digest else base,
            "base_sha256": self._base_digest,
            "days": self.days,
            "spin_up_days": self.spin_up_days,
            "outputs": list(self.outputs),
            "daily_columns": list(self.daily_columns),
            "daily_every": self.daily_every,
            "constraints": [constraint.describe() for constraint in self.constraints],
        }


def callable_path(function: object) -> str:
    """Return ``module:qualname`` for a function or the class of a callable instance."""
    target = function if hasattr(function, "__qualname__") else type(function)
    return f"{getattr(target, '__module__', '?')}:{getattr(target, '__qualname__', '?')}"


def describe_model(model: object) -> dict[str, Any]:
    """Describe any model for the manifest: its own ``describe()`` or its import path."""
    describe = getattr(model, "describe", None)
    if callable(describe):
        description = describe()
        if isinstance(description, dict):
            return description
    if inspect.isroutine(model):
        return {"model": callable_path(model)}
    text = repr(model)
    return {"model": callable_path(model), "repr": "" if " at 0x" in text else text}


def import_callable(spec: str) -> ModelFunction:
    """Import ``"package.module:attribute"`` and return the callable it names.

    Raises
    ------
    ValueError
        If the spec is malformed, the module cannot be imported or the attribute is missing or
        not callable.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"expected 'package.module:function', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(f"cannot import module {module_name!r}: {error}") from error
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise ValueError(f"module {module_name!r} has no attribute {attribute!r}")
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"{spec!r} is not callable")
    function: ModelFunction = target
    return function


def output_names(model: object, declared: Sequence[str]) -> tuple[str, ...]:
    """Return the declared outputs, or those the model itself declares."""
    if declared:
        return tuple(declared)
    return tuple(getattr(model, "outputs", ()) or ())
