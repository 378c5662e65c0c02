"""Parameters, designs, seeds and run enumeration."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govsim.experiments import (
    CategoricalParameter,
    Distribution,
    Experiment,
    FastDesign,
    FullFactorial,
    IntegerParameter,
    LatinHypercube,
    MorrisDesign,
    PointList,
    RealParameter,
    ScenarioList,
    SobolDesign,
)
from govsim.experiments.file_schema import DesignTable, ParameterEntry
from govsim.experiments.seeds import design_seed, replication_seeds
from govsim.experiments.spec import design_from_table, parameter_from_entry
from govsim.experiments.testfunctions import linear, noisy_linear
from govsim.scenario import ScenarioError, build

UNIT = np.linspace(0.0, 1.0, 101)


def test_real_uniform_maps_unit_interval_to_bounds() -> None:
    values = RealParameter("a", 2.0, 4.0).from_unit(UNIT)
    assert values[0] == 2.0
    assert values[-1] == 4.0
    assert np.allclose(values, 2.0 + 2.0 * UNIT)


@pytest.mark.parametrize(
    "parameter",
    [
        RealParameter("a", 0.01, 10.0, Distribution.LOGUNIFORM),
        RealParameter("a", 0.0, 1.0, Distribution.TRIANGULAR, mode=0.2),
        RealParameter("a", 0.0, 1.0, Distribution.TRUNCNORMAL, mean=0.3, sd=0.1),
    ],
)
def test_real_distributions_stay_in_bounds_and_increase(parameter: RealParameter) -> None:
    values = parameter.from_unit(UNIT)
    assert values.min() >= parameter.lo
    assert values.max() <= parameter.hi
    assert np.all(np.diff(values) >= 0)


def test_loguniform_median_is_geometric_mean() -> None:
    parameter = RealParameter("a", 0.01, 1.0, Distribution.LOGUNIFORM)
    assert parameter.from_unit(np.array([0.5]))[0] == pytest.approx(0.1)


def test_integer_gives_each_value_equal_mass() -> None:
    values = IntegerParameter("n", 1, 4).from_unit(np.linspace(0, 1, 4001))
    counts = np.bincount(values)[1:]
    assert set(values.tolist()) == {1, 2, 3, 4}
    assert counts.max() - counts.min() <= 2


def test_categorical_maps_to_its_values() -> None:
    parameter = CategoricalParameter("rule", ("count", "quality", "mixed"))
    assert list(parameter.from_unit(np.array([0.0, 0.5, 1.0]))) == ["count", "quality", "mixed"]


@pytest.mark.parametrize(
    ("entry", "match"),
    [
        ({"lo": 1.0, "hi": 0.0}, r"hi = .*must be greater than lo"),
        (
            {"lo": 0.0, "hi": 1.0, "distribution": "loguniform"},
            r"lo = .*a loguniform parameter needs lo > 0",
        ),
        (
            {"lo": 0.0, "hi": 1.0, "distribution": "triangular"},
            r"mode = .*required for a triangular",
        ),
        (
            {"lo": 0.0, "hi": 1.0, "mode": 2.0, "distribution": "triangular"},
            r"mode = .*must lie between",
        ),
        ({"lo": 0.0, "hi": 1.0, "distribution": "truncnormal", "mean": 0.5}, r"sd = .*required"),
        (
            {"lo": 0.0, "hi": 1.0, "distribution": "cauchy"},
            "distribution = 'cauchy': expected one of",
        ),
        (
            {"kind": "integer", "lo": 0.5, "hi": 3},
            r"lo = .*must be an integer for an integer parameter",
        ),
        ({"kind": "integer", "lo": 0, "hi": 2**70}, r"hi = .*within ±2\*\*62"),
        ({"kind": "categorical", "values": ["x"]}, "values = .*at least two"),
        ({"kind": "categorical", "values": ["x", 1]}, "values = .*one type"),
        ({"kind": "categorical", "values": ["x", "x"]}, "values = .*distinct"),
        (
            {"kind": "categorical", "values": ["x", "y"], "lo": 0},
            r"lo = .*a categorical parameter takes",
        ),
        ({"kind": "ordinal"}, "kind = 'ordinal': expected one of: real, integer, categorical"),
        ({"lo": 0.0, "hi": 1.0, "values": [1, 2]}, r"values = .*only a categorical parameter"),
    ],
)
def test_bad_parameters_are_rejected(entry: dict[str, object], match: str) -> None:
    with pytest.raises(ScenarioError, match=match):
        build(ParameterEntry, {"path": "a", **entry})


def test_parameters_are_built_from_validated_entries() -> None:
    real = parameter_from_entry(build(ParameterEntry, {"path": "a", "lo": 0, "hi": 2}))
    assert real == RealParameter("a", 0.0, 2.0)
    integer = {"path": "n", "kind": "integer", "lo": 1, "hi": 4}
    assert parameter_from_entry(build(ParameterEntry, integer)) == IntegerParameter("n", 1, 4)
    values = {"path": "c", "kind": "categorical", "values": [True, False]}
    assert parameter_from_entry(build(ParameterEntry, values)) == CategoricalParameter(
        "c", (True, False)
    )


def test_full_factorial_enumerates_every_combination() -> None:
    parameters = (
        RealParameter("a", 0.0, 1.0),
        IntegerParameter("n", 1, 2),
        CategoricalParameter("c", ("x", "y")),
    )
    points = FullFactorial(levels=3).build(parameters, seed=0)
    assert len(points) == 3 * 2 * 2
    assert points.point(0) == {"a": 0.0, "n": 1, "c": "x"}
    assert points.point(11) == {"a": 1.0, "n": 2, "c": "y"}


def test_sampling_designs_have_salib_sizes() -> None:
    parameters = tuple(RealParameter(name, 0.0, 1.0) for name in "abc")
    assert len(SobolDesign(8).build(parameters, 1)) == 8 * (3 + 2)
    assert len(SobolDesign(8, calc_second_order=True).build(parameters, 1)) == 8 * (2 * 3 + 2)
    assert len(MorrisDesign(5, levels=4).build(parameters, 1)) == 5 * (3 + 1)
    assert len(FastDesign(65).build(parameters, 1)) == 65 * 3
    assert len(LatinHypercube(10).build(parameters, 1)) == 10


def test_latin_hypercube_fills_every_stratum() -> None:
    points = LatinHypercube(10).build((RealParameter("a", 0.0, 1.0),), seed=5)
    assert points.unit is not None
    strata = np.floor(points.unit[:, 0] * 10).astype(int)
    assert sorted(strata.tolist()) == list(range(10))


def test_designs_are_reproducible_from_the_seed() -> None:
    parameters = tuple(RealParameter(name, 0.0, 1.0) for name in "ab")
    first = SobolDesign(16).build(parameters, seed=0).unit
    again = SobolDesign(16).build(parameters, seed=0).unit
    other = SobolDesign(16).build(parameters, seed=1).unit
    assert first is not None
    assert again is not None
    assert other is not None
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


@pytest.mark.parametrize(
    ("entry", "match"),
    [
        ({"kind": "sobol", "n": 100}, "n = .*the Sobol' base sample must be a power of two"),
        ({"kind": "sobol"}, r"n = .*required for a sobol design"),
        (
            {"kind": "morris", "trajectories": 10, "levels": 3},
            r"levels = .*Morris levels must be even",
        ),
        ({"kind": "fast", "n": 10}, r"n = .*FAST needs n > 4 m² = 64"),
        ({"kind": "grid", "samples": 3}, r"samples = .*not an option of a grid design"),
        ({"kind": "anneal"}, "kind = 'anneal': expected one of"),
        ({"levels": 3}, r"kind = .*required"),
        ({"kind": "list", "files": ["a.toml"], "labels": []}, None),
        (
            {"kind": "list", "files": ["a.toml", "b.toml"], "labels": ["a"]},
            r"labels = .*labels must name",
        ),
    ],
)
def test_bad_designs_are_rejected(entry: dict[str, object], match: str | None) -> None:
    if match is None:
        assert design_from_table(build(DesignTable, entry)).kind == entry["kind"]
        return
    with pytest.raises(ScenarioError, match=match):
        build(DesignTable, entry)


def test_replication_seeds_are_spawned_and_stable() -> None:
    seeds = replication_seeds(0, 4)
    assert seeds.dtype == np.int64
    assert len(set(seeds.tolist())) == 4
    assert replication_seeds(0, 6)[:4].tolist() == seeds.tolist()
    assert replication_seeds(1, 4).tolist() != seeds.tolist()
    expected = np.random.SeedSequence(0).spawn(1)[0].generate_state(1, dtype=np.uint32)[0]
    assert seeds[0] == expected


def test_root_seed_zero_is_a_real_seed() -> None:
    # SALib's `if seed:` treats 0 as "unseeded"; here 0 must be as reproducible as any other seed.
    assert replication_seeds(0, 2).tolist() == replication_seeds(0, 2).tolist()
    assert design_seed(0) == design_seed(0)
    assert design_seed(0) != design_seed(1)


def test_runs_use_common_random_numbers() -> None:
    experiment = Experiment(
        "crn",
        noisy_linear,
        PointList(({"x": 0.0}, {"x": 1.0}, {"x": 2.0})),
        replications=3,
        seed=11,
    )
    runs = list(experiment.runs())
    assert [run.run_id for run in runs] == list(range(9))
    assert [(run.point, run.replication) for run in runs[:4]] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    for replication in range(3):
        assert len({run.seed for run in runs if run.replication == replication}) == 1
    assert len({run.seed for run in runs}) == 3


def test_definition_hash_tracks_what_the_runs_compute() -> None:
    parameters = (RealParameter("a", 0.0, 1.0), RealParameter("b", 0.0, 1.0))

    def build(**changes: object) -> Experiment:
        options: dict[str, object] = {"model": linear, "replications": 2, "seed": 1}
        options.update(changes)
        return Experiment(name="h", design=LatinHypercube(4), parameters=parameters, **options)  # type: ignore[arg-type]

    digest = build().definition_hash()
    assert build().definition_hash() == digest
    assert build(replications=3).definition_hash() != digest
    assert build(seed=2).definition_hash() != digest
    assert build(model=noisy_linear).definition_hash() != digest
    assert build(description="words only").definition_hash() == digest


def test_scenario_list_points_name_files() -> None:
    points = ScenarioList(("a.toml", "b.toml")).build((), seed=0)
    assert [points.point(i) for i in range(2)] == [{"scenario": "a.toml"}, {"scenario": "b.toml"}]


def test_experiment_rejects_duplicate_parameters() -> None:
    with pytest.raises(ValueError, match="listed twice: a"):
        Experiment("d", linear, LatinHypercube(2), (RealParameter("a", 0, 1),) * 2)


def test_point_values_are_python_scalars() -> None:
    parameters = (RealParameter("a", 0.0, math.pi), IntegerParameter("n", 0, 3))
    point = LatinHypercube(3).build(parameters, seed=0).point(0)
    assert type(point["a"]) is float
    assert type(point["n"]) is int
