"""Experiments: parameter sweeps, sensitivity analysis and scenario comparison.

Build an :class:`Experiment` in Python or load one from ``experiments/*.toml`` with
:func:`load_experiment`; run it with :func:`run_experiment` on any executor (serial, local
processes, a Dask cluster, or a ``concurrent.futures.Executor``); results stream into a resumable
Parquet store read back with :func:`read_results`. :func:`analyze` computes Sobol', Morris or FAST
indices; :func:`compare_points` compares scenarios paired by seed. See ``docs/experiments.md``.
"""

from govsim.experiments.compare import compare_points, paired_difference
from govsim.experiments.designs import (
    SCENARIO_KEY,
    FastDesign,
    FullFactorial,
    LatinHypercube,
    MorrisDesign,
    PointList,
    ScenarioList,
    SobolDesign,
)
from govsim.experiments.errors import AmbiguousRankingWarning, ExperimentError, SweepInterrupted
from govsim.experiments.executors import (
    DaskBackend,
    ExecutorBackend,
    ProcessBackend,
    SerialBackend,
    make_backend,
)
from govsim.experiments.experiment import Experiment
from govsim.experiments.model import GovsimModel, ModelFunction, SumToOne
from govsim.experiments.parameters import (
    CategoricalParameter,
    Distribution,
    IntegerParameter,
    RealParameter,
)
from govsim.experiments.runner import SweepSummary, run_experiment
from govsim.experiments.sensitivity import SensitivityResult, analyze
from govsim.experiments.spec import experiment_from_dict, load_experiment
from govsim.experiments.store import (
    ResultStore,
    UnreadableChunkWarning,
    read_daily,
    read_manifest,
    read_results,
)

__all__ = [
    "SCENARIO_KEY",
    "AmbiguousRankingWarning",
    "CategoricalParameter",
    "DaskBackend",
    "Distribution",
    "ExecutorBackend",
    "Experiment",
    "ExperimentError",
    "FastDesign",
    "FullFactorial",
    "GovsimModel",
    "IntegerParameter",
    "LatinHypercube",
    "ModelFunction",
    "MorrisDesign",
    "PointList",
    "ProcessBackend",
    "RealParameter",
    "ResultStore",
    "ScenarioList",
    "SensitivityResult",
    "SerialBackend",
    "SobolDesign",
    "SumToOne",
    "SweepInterrupted",
    "SweepSummary",
    "UnreadableChunkWarning",
    "analyze",
    "compare_points",
    "experiment_from_dict",
    "load_experiment",
    "make_backend",
    "paired_difference",
    "read_daily",
    "read_manifest",
    "read_results",
    "run_experiment",
]
