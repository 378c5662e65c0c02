"""Experimental designs: which points of parameter space to run.

A design turns the experiment's parameters into :class:`DesignPoints`: an ordered list of points
(a mapping ``name -> value`` each). Sampling designs work in the unit hypercube and keep the unit
matrix, which SALib's analysers need; value columns are produced by each parameter's
``from_unit``. Points are built on demand, so a 100,000-point design costs one float matrix.

* :class:`FullFactorial` — every combination of grid levels.
* :class:`LatinHypercube` — McKay, Beckman & Conover (1979), *Technometrics* 21(2), 239–245,
  doi:10.1080/00401706.1979.10489755 (scipy's ``qmc.LatinHypercube``).
* :class:`PointList` and :class:`ScenarioList` — explicit points, or whole scenario files.
* :class:`SobolDesign` — Saltelli's cross-sampling of a scrambled Sobol' sequence: Saltelli et al.
  (2010), *Comput. Phys. Commun.* 181(2), 259–270, doi:10.1016/j.cpc.2009.09.018.
* :class:`MorrisDesign` — elementary-effect trajectories: Morris (1991), *Technometrics* 33(2),
  161–174, doi:10.1080/00401706.1991.10484804; Campolongo, Cariboni & Saltelli (2007),
  doi:10.1016/j.envsoft.2006.10.004.
* :class:`FastDesign` — extended FAST search curves: Cukier et al. (1973),
  doi:10.1063/1.1680571; Saltelli, Tarantola & Chan (1999), doi:10.1080/00401706.1999.10485594.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy.stats import qmc

from govsim.experiments.parameters import Parameter, salib_problem, to_python

__all__ = [
    "SCENARIO_KEY",
    "Design",
    "DesignPoints",
    "FastDesign",
    "FullFactorial",
    "LatinHypercube",
    "MorrisDesign",
    "PointList",
    "ScenarioList",
    "SobolDesign",
]

#: Key of a design point that names a whole scenario file (``ScenarioList`` designs).
SCENARIO_KEY = "scenario"


@dataclass(frozen=True)
class DesignPoints:
    """The points of a design, built on demand.

    Attributes
    ----------
    names:
        Parameter names, in column order.
    unit:
        ``(n_points, n_parameters)`` unit-hypercube matrix for sampling designs, else ``None``.
    parameters:
        The parameters that map unit coordinates to values (empty for explicit lists).
    explicit:
        The points themselves for explicit designs (``PointList``, ``ScenarioList``, grids).
    """

    names: tuple[str, ...]
    unit: npt.NDArray[np.float64] | None = None
    parameters: tuple[Parameter, ...] = ()
    explicit: tuple[Mapping[str, Any], ...] = ()

    def __len__(self) -> int:
        return len(self.explicit) if self.unit is None else int(self.unit.shape[0])

    def point(self, index: int) -> dict[str, Any]:
        """Return the parameter values of design point ``index``."""
        if self.unit is None:
            return dict(self.explicit[index])
        row = self.unit[index : index + 1]
        return {
            parameter.name: to_python(parameter.from_unit(row[:, column])[0])
            for column, parameter in enumerate(self.parameters)
        }


class Design(Protocol):
    """What every design provides."""

    @property
    def kind(self) -> str:
        """Name of the design as spelt in experiment files."""
        ...

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Return the points for ``parameters``; ``seed`` drives any randomness."""
        ...

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description (for the manifest and the definition hash)."""
        ...


@dataclass(frozen=True, slots=True)
class FullFactorial:
    """Every combination of levels: ``levels`` quantiles per real parameter (default 3)."""

    levels: int = 3
    kind: str = "grid"

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Return the Cartesian product of the parameters' grids (last parameter fastest)."""
        _require_parameters(parameters, self.kind)
        grids = [parameter.grid(self.levels) for parameter in parameters]
        names = tuple(parameter.name for parameter in parameters)
        points = tuple(dict(zip(names, combo, strict=True)) for combo in itertools.product(*grids))
        return DesignPoints(names=names, explicit=points)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "levels": self.levels}


@dataclass(frozen=True, slots=True)
class LatinHypercube:
    """``samples`` points of a Latin hypercube (one per stratum of every input)."""

    samples: int
    kind: str = "lhs"

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Sample the unit hypercube with scipy's ``qmc.LatinHypercube`` seeded by ``seed``."""
        _require_parameters(parameters, self.kind)
        sampler = qmc.LatinHypercube(d=len(parameters), rng=np.random.default_rng(seed))
        unit = sampler.random(self.samples)
        return _sampled(parameters, unit)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "samples": self.samples}


@dataclass(frozen=True, slots=True)
class PointList:
    """Explicit points: each a mapping from parameter name to value."""

    points: tuple[Mapping[str, Any], ...]
    kind: str = "points"

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Return the points as given (``parameters`` are ignored)."""
        names = tuple(dict.fromkeys(name for point in self.points for name in point))
        return DesignPoints(names=names, explicit=tuple(dict(point) for point in self.points))

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "points": [dict(point) for point in self.points]}


@dataclass(frozen=True, slots=True)
class ScenarioList:
    """One design point per scenario file; the point is ``{SCENARIO_KEY: path}``.

    ``labels`` name the scenarios in tables and reports (default: the file stem).
    """

    files: tuple[str, ...]
    labels: tuple[str, ...] = ()
    kind: str = "list"

    def __post_init__(self) -> None:
        if self.labels and len(self.labels) != len(self.files):
            raise ValueError("labels must name every scenario file")

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Return one point per file (``parameters`` are ignored)."""
        points = tuple({SCENARIO_KEY: path} for path in self.files)
        return DesignPoints(names=(SCENARIO_KEY,), explicit=points)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "files": list(self.files), "labels": list(self.labels)}


@dataclass(frozen=True, slots=True)
class SobolDesign:
    """Saltelli's sample: ``N * (k + 2)`` points, or ``N * (2k + 2)`` with second order.

    ``N`` should be a power of two (the balance properties of Sobol' sequences need it).
    """

    n: int
    calc_second_order: bool = False
    kind: str = "sobol"

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1):
            raise ValueError(f"Sobol' base sample N must be a power of two >= 2, got {self.n}")

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Sample with ``SALib.sample.sobol.sample`` (scrambled, seeded by ``seed``)."""
        from SALib.sample import sobol

        _require_parameters(parameters, self.kind)
        unit = sobol.sample(
            salib_problem(parameters),
            self.n,
            calc_second_order=self.calc_second_order,
            scramble=True,
            seed=np.random.default_rng(seed),
        )
        return _sampled(parameters, unit)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "n": self.n, "calc_second_order": self.calc_second_order}


@dataclass(frozen=True, slots=True)
class MorrisDesign:
    """``trajectories * (k + 1)`` points on a ``levels``-level grid (``levels`` even)."""

    trajectories: int
    levels: int = 4
    kind: str = "morris"

    def __post_init__(self) -> None:
        if self.levels < 2 or self.levels % 2:
            raise ValueError(f"Morris levels must be even and >= 2, got {self.levels}")
        if self.trajectories < 2:
            raise ValueError(f"Morris needs at least 2 trajectories, got {self.trajectories}")

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Sample with ``SALib.sample.morris.sample`` seeded by ``seed``."""
        from SALib.sample import morris

        _require_parameters(parameters, self.kind)
        unit = morris.sample(
            salib_problem(parameters),
            self.trajectories,
            num_levels=self.levels,
            seed=np.random.default_rng(seed),
        )
        return _sampled(parameters, unit)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "trajectories": self.trajectories, "levels": self.levels}


@dataclass(frozen=True, slots=True)
class FastDesign:
    """``n * k`` points on eFAST search curves with interference factor ``m``."""

    n: int
    m: int = 4
    kind: str = "fast"

    def __post_init__(self) -> None:
        if self.n <= 4 * self.m**2:
            raise ValueError(f"FAST needs n > 4 * m**2 = {4 * self.m**2}, got n={self.n}")

    def build(self, parameters: Sequence[Parameter], seed: int) -> DesignPoints:
        """Sample with ``SALib.sample.fast_sampler.sample`` seeded by ``seed``."""
        from SALib.sample import fast_sampler

        _require_parameters(parameters, self.kind)
        unit = fast_sampler.sample(
            salib_problem(parameters), self.n, M=self.m, seed=np.random.default_rng(seed)
        )
        return _sampled(parameters, unit)

    def describe(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {"kind": self.kind, "n": self.n, "m": self.m}


def _require_parameters(parameters: Sequence[Parameter], kind: str) -> None:
    if not parameters:
        raise ValueError(f"a {kind} design needs at least one parameter")


def _sampled(parameters: Sequence[Parameter], unit: npt.NDArray[np.float64]) -> DesignPoints:
    names = tuple(parameter.name for parameter in parameters)
    matrix = np.ascontiguousarray(unit, dtype=np.float64)
    if not np.all(np.isfinite(matrix)) or math.prod(matrix.shape) == 0:
        raise ValueError("the design sampler returned no points or non-finite points")
    return DesignPoints(names=names, unit=matrix, parameters=tuple(parameters))
