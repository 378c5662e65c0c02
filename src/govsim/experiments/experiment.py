"""An experiment: a model, parameters, a design, replications and a root seed.

Runs are numbered deterministically: ``run_id = point * replications + replication``. Replication
``k`` uses the same seed at every design point (common random numbers), so differences between
points are paired. The experiment's *definition* — everything that decides what the runs compute —
is hashed; a store refuses to resume a sweep whose definition changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from govsim.experiments.designs import Design, DesignPoints
from govsim.experiments.model import ModelFunction, describe_model
from govsim.experiments.parameters import Parameter
from govsim.experiments.seeds import design_seed, replication_seeds
from govsim.experiments.worker import RunSpec

__all__ = ["Experiment"]

#: Version of the definition layout; bump it when the meaning of stored rows changes.
DEFINITION_FORMAT = 1


@dataclass(frozen=True)
class Experiment:
    """Everything needed to enumerate and run the runs of a sweep.

    Parameters
    ----------
    name:
        Short name; the default store directory is ``out/<name>``.
    model:
        ``f(params, seed) -> Mapping[str, float]``; picklable for parallel executors.
    design:
        Which points to run.
    parameters:
        What varies (sampling designs and grids need at least one).
    replications:
        Runs per design point, each with its own seed.
    seed:
        Root seed from which replication seeds and the design sample are spawned.
    outputs:
        Output names every run must return (empty: whatever the model returns).
    daily:
        Store the model's daily series too (for a :class:`~govsim.experiments.model.SeriesModel`).
    description:
        Free text for people.
    """

    name: str
    model: ModelFunction
    design: Design
    parameters: tuple[Parameter, ...] = ()
    replications: int = 1
    seed: int = 0
    outputs: tuple[str, ...] = ()
    daily: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        if self.replications < 1:
            raise ValueError(f"replications must be >= 1, got {self.replications}")
        if self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed}")
        names = [parameter.name for parameter in self.parameters]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"parameters listed twice: {', '.join(duplicated)}")

    @cached_property
    def points(self) -> DesignPoints:
        """The design points (sampled once, from the design stream of the root seed)."""
        return self.design.build(self.parameters, design_seed(self.seed))

    @cached_property
    def seeds(self) -> npt.NDArray[np.int64]:
        """One seed per replication, shared by every design point."""
        return replication_seeds(self.seed, self.replications)

    @property
    def total_runs(self) -> int:
        """Number of runs: design points times replications."""
        return len(self.points) * self.replications

    def run_spec(self, run_id: int) -> RunSpec:
        """Return the run with this id."""
        point, replication = divmod(run_id, self.replications)
        return RunSpec(
            run_id=run_id,
            point=point,
            replication=replication,
            seed=int(self.seeds[replication]),
            params=self.points.point(point),
        )

    def runs(self, skip: frozenset[int] | set[int] = frozenset()) -> Iterator[RunSpec]:
        """Yield the runs in id order, lazily, leaving out the ids in ``skip``."""
        for run_id in range(self.total_runs):
            if run_id not in skip:
                yield self.run_spec(run_id)

    def definition(self) -> dict[str, Any]:
        """Return the JSON-ready definition that decides what the runs compute."""
        return {
            "format": DEFINITION_FORMAT,
            "name": self.name,
            "model": describe_model(self.model),
            "design": self.design.describe(),
            "parameters": [parameter.describe() for parameter in self.parameters],
            "replications": self.replications,
            "seed": self.seed,
            "outputs": list(self.outputs),
            "daily": self.daily,
        }

    def definition_hash(self) -> str:
        """Return a SHA-256 of the canonical JSON of :meth:`definition` (16 hex digits)."""
        text = json.dumps(self.definition(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def parameter_names(self) -> Sequence[str]:
        """Return the names of the design's columns."""
        return self.points.names
