"""Experiment parameters: what varies, over which range, with which distribution.

Each parameter is bound to a scenario *dotted path* (``"reporting.hotline_share"``) or, for a plain
model function, to the key the function reads. Every design samples the unit hypercube
``[0, 1]^k``; a parameter maps a unit coordinate ``u`` to a value through its inverse cumulative
distribution (``from_unit``), so one sample serves every kind of parameter and SALib sees a
problem with unit bounds (the indices are invariant under this monotone change of variable).
The vocabulary follows the EMA Workbench (Kwakkel 2017, *Environmental Modelling & Software* 96,
239–250, doi:10.1016/j.envsoft.2017.06.054): real, integer and categorical parameters.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = [
    "CategoricalParameter",
    "Distribution",
    "IntegerParameter",
    "Parameter",
    "RealParameter",
    "salib_problem",
]

CategoricalValue = str | int | float | bool


class Distribution(enum.Enum):
    """Distribution of a real parameter on its bounds ``[lo, hi]``."""

    UNIFORM = "uniform"
    LOGUNIFORM = "loguniform"
    TRIANGULAR = "triangular"
    TRUNCNORMAL = "truncnormal"


@dataclass(frozen=True, slots=True)
class RealParameter:
    """A real-valued parameter on ``[lo, hi]``.

    Parameters
    ----------
    name:
        Scenario dotted path, or the key a model function reads.
    lo, hi:
        Inclusive bounds, ``lo < hi``.
    distribution:
        ``UNIFORM`` (default), ``LOGUNIFORM`` (needs ``lo > 0``; for rates spanning decades),
        ``TRIANGULAR`` (peak at ``mode``) or ``TRUNCNORMAL`` (``mean``, ``sd``, truncated to the
        bounds).
    mode, mean, sd:
        Shape of the triangular and truncated-normal distributions.
    levels:
        Grid levels in a full-factorial design (overrides the design's default).
    """

    name: str
    lo: float
    hi: float
    distribution: Distribution = Distribution.UNIFORM
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    levels: int | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or self.lo >= self.hi:
            raise ValueError(f"{self.name}: need finite lo < hi, got lo={self.lo}, hi={self.hi}")
        if self.distribution is Distribution.LOGUNIFORM and self.lo <= 0:
            raise ValueError(f"{self.name}: a loguniform parameter needs lo > 0, got {self.lo}")
        if self.distribution is Distribution.TRIANGULAR and (
            self.mode is None or not self.lo <= self.mode <= self.hi
        ):
            raise ValueError(f"{self.name}: a triangular parameter needs lo <= mode <= hi")
        if self.distribution is Distribution.TRUNCNORMAL and (
            self.mean is None or self.sd is None or self.sd <= 0
        ):
            raise ValueError(f"{self.name}: a truncnormal parameter needs mean and sd > 0")
        if self.levels is not None and self.levels < 2:
            raise ValueError(f"{self.name}: levels must be >= 2, got {self.levels}")

    @property
    def kind(self) -> str:
        """Kind of the parameter as spelt in experiment files."""
        return "real"

    def from_unit(self, unit: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Map unit coordinates to values by the inverse CDF of the distribution."""
        u = np.clip(unit, 0.0, 1.0)
        width = self.hi - self.lo
        match self.distribution:
            case Distribution.UNIFORM:
                values = self.lo + u * width
            case Distribution.LOGUNIFORM:
                values = np.exp(np.log(self.lo) + u * (np.log(self.hi) - np.log(self.lo)))
            case Distribution.TRIANGULAR:
                assert self.mode is not None  # checked in __post_init__
                shape = (self.mode - self.lo) / width
                values = stats.triang.ppf(u, shape, loc=self.lo, scale=width)
            case Distribution.TRUNCNORMAL:
                assert self.mean is not None
                assert self.sd is not None
                a, b = (self.lo - self.mean) / self.sd, (self.hi - self.mean) / self.sd
                values = stats.truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd)
        return np.clip(np.asarray(values, dtype=np.float64), self.lo, self.hi)

    def grid(self, default_levels: int) -> list[float]:
        """Return the full-factorial levels: quantiles spaced evenly from 0 to 1."""
        count = self.levels if self.levels is not None else default_levels
        return [float(v) for v in self.from_unit(np.linspace(0.0, 1.0, count))]

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description (for the manifest and the definition hash)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "lo": self.lo,
            "hi": self.hi,
            "distribution": self.distribution.value,
            "mode": self.mode,
            "mean": self.mean,
            "sd": self.sd,
            "levels": self.levels,
        }


@dataclass(frozen=True, slots=True)
class IntegerParameter:
    """An integer parameter uniform on ``lo, lo + 1, ..., hi`` (inclusive)."""

    name: str
    lo: int
    hi: int

    def __post_init__(self) -> None:
        if self.lo >= self.hi:
            raise ValueError(f"{self.name}: need lo < hi, got lo={self.lo}, hi={self.hi}")

    @property
    def kind(self) -> str:
        """Kind of the parameter as spelt in experiment files."""
        return "integer"

    def from_unit(self, unit: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """Map ``u`` to ``lo + floor(u * (hi - lo + 1))``, so each integer gets equal mass."""
        count = self.hi - self.lo + 1
        index = np.minimum(np.floor(np.clip(unit, 0.0, 1.0) * count), count - 1)
        return (self.lo + index).astype(np.int64)

    def grid(self, default_levels: int) -> list[int]:
        """Return every integer in the range (the design's level count does not apply)."""
        return list(range(self.lo, self.hi + 1))

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"name": self.name, "kind": self.kind, "lo": self.lo, "hi": self.hi}


@dataclass(frozen=True, slots=True)
class CategoricalParameter:
    """A parameter taking one of a few values (all of one type), each with equal probability."""

    name: str
    values: tuple[CategoricalValue, ...]

    def __post_init__(self) -> None:
        if len(self.values) < 2:
            raise ValueError(f"{self.name}: a categorical parameter needs at least two values")
        if len({type(value) for value in self.values}) != 1:
            raise ValueError(f"{self.name}: categorical values must all have one type")
        if len(set(self.values)) != len(self.values):
            raise ValueError(f"{self.name}: categorical values must be distinct")

    @property
    def kind(self) -> str:
        """Kind of the parameter as spelt in experiment files."""
        return "categorical"

    def from_unit(self, unit: npt.NDArray[np.float64]) -> npt.NDArray[Any]:
        """Map ``u`` to ``values[floor(u * n)]`` (an object array)."""
        count = len(self.values)
        index = np.minimum(np.floor(np.clip(unit, 0.0, 1.0) * count), count - 1).astype(int)
        choices = np.empty(count, dtype=object)
        choices[:] = list(self.values)
        chosen: npt.NDArray[Any] = choices[index]
        return chosen

    def grid(self, default_levels: int) -> list[CategoricalValue]:
        """Return every value."""
        return list(self.values)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"name": self.name, "kind": self.kind, "values": list(self.values)}


Parameter = RealParameter | IntegerParameter | CategoricalParameter


def to_python(value: Any) -> Any:
    """Turn a numpy scalar into the Python scalar a scenario override expects."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def salib_problem(parameters: Sequence[Parameter]) -> dict[str, Any]:
    """Return SALib's problem dict on the unit hypercube (values come from ``from_unit``)."""
    return {
        "num_vars": len(parameters),
        "names": [parameter.name for parameter in parameters],
        "bounds": [[0.0, 1.0]] * len(parameters),
    }
