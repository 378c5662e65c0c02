"""Experiment files (``experiments/*.toml``): reading and validation.

An experiment file names a base scenario (``base``, a govsim TOML) or a model function
(``model = "package.module:function"``), the parameters, the design, replications, root seed,
outputs and days. Every problem found is reported at once, each naming its field
(``parameters[2].hi``, ``design.n``). With a govsim base, each parameter path and its bounds are
checked against the scenario schema by applying them to the base scenario. See
``docs/experiments.md`` for the format.
"""

from __future__ import annotations

import enum
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govsim.experiments.designs import ScenarioList, design_from_dict
from govsim.experiments.errors import ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.model import (
    GovsimModel,
    ModelFunction,
    SumToOne,
    constrained_overrides,
    import_callable,
)
from govsim.experiments.parameters import (
    CategoricalParameter,
    Parameter,
    parameter_from_dict,
)
from govsim.scenario import ScenarioError, iter_fields, load_scenario, with_overrides

__all__ = ["experiment_from_dict", "load_experiment"]

TOP_LEVEL_KEYS = {
    "name",
    "description",
    "base",
    "model",
    "days",
    "replications",
    "seed",
    "outputs",
    "levers",
    "exclude_levers",
    "default_span",
    "constraints",
    "design",
    "parameters",
    "store",
}
PARAMETER_KEYS = {
    "path",
    "kind",
    "lo",
    "hi",
    "distribution",
    "mode",
    "mean",
    "sd",
    "levels",
    "values",
}
STORE_KEYS = {"flush_every", "flush_seconds", "daily", "daily_every", "daily_columns"}


class _Pending:
    """A parameter whose bounds come from the scenario schema (filled in by the check)."""

    def __init__(self, name: str, index: int, entry: dict[str, Any]) -> None:
        self.name, self.index, self.entry = name, index, entry


def load_experiment(path: Path | str) -> tuple[Experiment, dict[str, Any]]:
    """Read and validate an experiment file.

    Returns
    -------
    tuple
        The :class:`Experiment` and the store options (``flush_every``, ``flush_seconds``).

    Raises
    ------
    ExperimentError
        If the file is missing, not TOML, or has invalid fields (all of them listed).
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text())
    except FileNotFoundError:
        raise ExperimentError(f"experiment file not found: {file}") from None
    except tomllib.TOMLDecodeError as error:
        raise ExperimentError(f"{file}: not valid TOML: {error}") from None
    return experiment_from_dict(data, source=file)


def experiment_from_dict(
    data: Mapping[str, Any], *, source: Path | str = "<experiment>"
) -> tuple[Experiment, dict[str, Any]]:
    """Validate an experiment table; relative paths are taken from ``source``'s folder."""
    source = Path(source)
    folder = source.parent if source.suffix else Path(".")
    problems: list[str] = []

    def problem(field: str, message: str) -> None:
        problems.append(f"{field}: {message}")

    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        problem(key, f"unknown field (allowed: {', '.join(sorted(TOP_LEVEL_KEYS))})")
    name = _get(data, "name", str, source.stem or "experiment", problem)
    replications = _get(data, "replications", int, 1, problem)
    if replications < 1:
        problem("replications", f"must be >= 1, got {replications}")
    seed = _get(data, "seed", int, 0, problem)
    if seed < 0:
        problem("seed", f"must be a non-negative integer, got {seed}")
    days = _get(data, "days", int, None, problem)
    if days is not None and days < 1:
        problem("days", f"must be >= 1, got {days}")
    outputs = tuple(_get(data, "outputs", list, [], problem))
    if not all(isinstance(o, str) for o in outputs):
        problem("outputs", "must be a list of metric names (strings)")
    store = _store_options(data.get("store", {}), problem)

    model: ModelFunction | None = None
    base_path: Path | None = None
    if ("base" in data) == ("model" in data):
        problem("base", "give exactly one of 'base' (a scenario file) or 'model' (a function)")
    elif "model" in data:
        try:
            model = import_callable(str(data["model"]))
        except ValueError as error:
            problem("model", str(error))
    else:
        base_path = (folder / str(data["base"])).resolve()
        if not base_path.is_file():
            problem("base", f"scenario file not found: {base_path}")
            base_path = None

    design_table = data.get("design")
    design = None
    if not isinstance(design_table, Mapping):
        problem("design", "missing table [design] with a 'kind'")
    else:
        try:
            design = design_from_dict(design_table)
        except KeyError as error:
            problem(f"design.{error.args[0]}", "required for this design kind")
        except (TypeError, ValueError) as error:
            problem("design", str(error))
    if isinstance(design, ScenarioList):
        files = tuple(str((folder / f).resolve()) for f in design.files)
        for index, file in enumerate(files):
            if not Path(file).is_file():
                problem(f"design.files[{index}]", f"scenario file not found: {file}")
        design = ScenarioList(
            files=files, labels=design.labels or tuple(Path(f).stem for f in files)
        )

    entries = _parameters(data, problem)
    constraints = _constraints(data.get("constraints", []), problem)
    parameters: list[Parameter] = []
    if base_path is not None and not problems:
        parameters = _check_against_scenario(base_path, data, entries, constraints, problem)
    else:
        parameters = [entry for entry in entries if not isinstance(entry, _Pending)]
    if design is not None and design.kind not in {"list", "points"} and not parameters:
        problem("parameters", f"a {design.kind} design needs at least one [[parameters]] entry")
    if problems:
        raise ExperimentError(
            f"{source}: invalid experiment:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    if base_path is not None:
        model = GovsimModel(
            base=str(base_path),
            days=days,
            outputs=outputs,
            daily_columns=tuple(store.pop("daily_columns")),
            daily_every=store.pop("daily_every"),
            constraints=tuple(constraints),
        )
    else:
        store.pop("daily_columns")
        store.pop("daily_every")
    if model is None or design is None:  # pragma: no cover - reported as problems above
        raise ExperimentError(f"{source}: invalid experiment")
    try:
        experiment = Experiment(
            name=name,
            model=model,
            design=design,
            parameters=tuple(parameters),
            replications=replications,
            seed=seed,
            outputs=outputs,
            daily=bool(store.pop("daily")),
            description=str(data.get("description", "")),
        )
        _ = experiment.points  # sample now so design errors surface here
    except ValueError as error:
        raise ExperimentError(f"{source}: invalid experiment: {error}") from None
    return experiment, store


def _get(data: Mapping[str, Any], key: str, kind: type, default: Any, problem: Any) -> Any:
    value = data.get(key, default)
    if value is None or value is default:
        return value
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        problem(key, f"must be an integer, got {value!r}")
        return default if default is not None else 1
    if not isinstance(value, kind):
        problem(key, f"must be a {kind.__name__}, got {value!r}")
        return default
    return value


def _store_options(table: Any, problem: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "flush_every": 100,
        "flush_seconds": 30.0,
        "daily": False,
        "daily_every": 7,
        "daily_columns": [],
    }
    if not isinstance(table, Mapping):
        problem("store", "must be a table")
        return options
    for key in sorted(set(table) - STORE_KEYS):
        problem(f"store.{key}", f"unknown field (allowed: {', '.join(sorted(STORE_KEYS))})")
    for key, default in list(options.items()):
        if key in table:
            value = table[key]
            same_type = isinstance(value, type(default)) and (
                isinstance(value, bool) == isinstance(default, bool)
            )
            widened = isinstance(default, float) and type(value) is int
            if not (same_type or widened):
                problem(f"store.{key}", f"must be a {type(default).__name__}, got {value!r}")
                continue
            options[key] = value
    if options["flush_every"] < 1 or options["daily_every"] < 1:
        problem("store", "flush_every and daily_every must be >= 1")
    return options


def _parameters(data: Mapping[str, Any], problem: Any) -> list[Parameter | _Pending]:
    entries = data.get("parameters", [])
    if not isinstance(entries, list):
        problem("parameters", "must be an array of tables ([[parameters]])")
        return []
    parameters: list[Parameter | _Pending] = []
    for index, entry in enumerate(entries):
        field = f"parameters[{index}]"
        if not isinstance(entry, Mapping) or "path" not in entry:
            problem(field, "each [[parameters]] entry needs a 'path' (scenario dotted path)")
            continue
        field = f"{field} ({entry['path']})"
        for key in sorted(set(entry) - PARAMETER_KEYS):
            problem(
                f"{field}.{key}", f"unknown field (allowed: {', '.join(sorted(PARAMETER_KEYS))})"
            )
        if (
            data.get("base") is not None
            and entry.get("kind", "real") != "categorical"
            and ("lo" not in entry or "hi" not in entry)
        ):
            parameters.append(_Pending(str(entry["path"]), index, dict(entry)))
            continue
        parameter = _build(entry, field, problem)
        if parameter is not None:
            parameters.append(parameter)
    return parameters


def _build(entry: Mapping[str, Any], field: str, problem: Any) -> Parameter | None:
    table = {("name" if key == "path" else key): value for key, value in entry.items()}
    try:
        return parameter_from_dict(table)
    except KeyError as error:
        problem(f"{field}.{error.args[0]}", "required")
    except (TypeError, ValueError) as error:
        problem(field, str(error).removeprefix(f"{entry['path']}: "))
    return None


def _constraints(entries: Any, problem: Any) -> list[SumToOne]:
    if not isinstance(entries, list):
        problem("constraints", "must be an array of tables ([[constraints]])")
        return []
    constraints = []
    for index, entry in enumerate(entries):
        field = f"constraints[{index}]"
        if not isinstance(entry, Mapping) or set(entry) - {"sum_to_one", "balance"}:
            problem(field, "allowed fields are sum_to_one (a list of paths) and balance (a path)")
            continue
        paths = entry.get("sum_to_one")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            problem(f"{field}.sum_to_one", "must be a list of scenario paths")
            continue
        try:
            constraints.append(SumToOne(tuple(paths), entry.get("balance")))
        except ValueError as error:
            problem(field, str(error))
    return constraints


def _check_against_scenario(
    base: Path,
    data: Mapping[str, Any],
    parameters: list[Parameter | _Pending],
    constraints: list[SumToOne],
    problem: Any,
) -> list[Parameter]:
    """Fill schema bounds, add ``levers = "all"``, and apply every bound to the base scenario."""
    try:
        scenario = load_scenario(base)
    except ScenarioError as error:
        problem("base", f"the base scenario is invalid:\n{error}")
        return []
    schema = {row[0]: row for row in iter_fields(type(scenario))}
    span = _default_span(data.get("default_span"), problem)
    explicit = {p.name for p in parameters}
    if data.get("levers") not in (None, "all"):
        problem("levers", f'the only value is "all", got {data["levers"]!r}')
    if data.get("levers") == "all":
        excluded = set(data.get("exclude_levers", []))
        for path, (_, info, _type_name, _default) in schema.items():
            if info.lever and path not in explicit and path not in excluded:
                parameters.append(_Pending(path, -1, {"path": path}))
        for path in sorted(excluded - set(schema)):
            problem("exclude_levers", f"{path!r} is not a scenario field")
    balanced = {c.balance for c in constraints if c.balance is not None}
    for parameter in parameters:
        if parameter.name in balanced:
            problem(
                f"parameters ({parameter.name})",
                "is the balance of a constraint, so it "
                "cannot also be varied; vary the other paths of its group",
            )
    built: list[Parameter] = []
    for parameter in parameters:
        if isinstance(parameter, _Pending):
            where = (
                f"parameters[{parameter.index}] ({parameter.name})"
                if parameter.index >= 0
                else f'levers = "all" ({parameter.name})'
            )
            filled = _from_schema(parameter.entry, schema.get(parameter.name), where, span, problem)
            if filled is None:
                continue
            parameter = filled
        built.append(parameter)
    for index, parameter in enumerate(built):
        for value in _probe_values(parameter):
            try:
                overrides = constrained_overrides(scenario, {parameter.name: value}, constraints)
                with_overrides(scenario, overrides)
            except ScenarioError as error:
                problem(
                    f"parameters[{index}] ({parameter.name})",
                    f"value {value!r} is rejected by the scenario schema:\n{error}",
                )
                break
            except (KeyError, TypeError, ValueError) as error:
                problem(f"parameters[{index}] ({parameter.name})", str(error))
                break
    return built


def _from_schema(
    entry: dict[str, Any], row: Any, where: str, span: tuple[float, float] | None, problem: Any
) -> Parameter | None:
    """Complete a parameter from the schema: its bounds, or ``default_span`` around the default."""
    if row is None:
        problem(where, "not a field of the scenario schema (see `govsim levers`)")
        return None
    _, info, _type_name, default = row
    kind = entry.get("kind")
    if isinstance(default, bool):
        return CategoricalParameter(entry["path"], (False, True))
    if isinstance(default, enum.Enum):
        return CategoricalParameter(entry["path"], tuple(m.value for m in type(default)))
    bounded = info.lo is not None and info.hi is not None and info.hi > info.lo
    lo, hi = entry.get("lo"), entry.get("hi")
    if bounded:
        lo = info.lo if lo is None else lo
        hi = info.hi if hi is None else hi
    elif span is not None and isinstance(default, int | float) and default > 0:
        floor = -math.inf if info.lo is None else info.lo
        ceiling = math.inf if info.hi is None else info.hi
        lo = max(floor, default * span[0]) if lo is None else lo
        hi = min(ceiling, default * span[1]) if hi is None else hi
    if lo is None or hi is None:
        problem(
            where,
            f"needs lo and hi: the schema gives the range [{info.lo}, {info.hi}] ({info.unit}) "
            f"and the default is {default!r}; add lo/hi, a default_span, or exclude_levers",
        )
        return None
    if kind == "integer" or (kind is None and type(default) is int):
        low, high = round(lo), round(hi)
        return _build(
            {**entry, "kind": "integer", "lo": low, "hi": max(high, low + 1)}, where, problem
        )
    return _build({**entry, "kind": "real", "lo": float(lo), "hi": float(hi)}, where, problem)


def _default_span(value: Any, problem: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] < value[1]
    ):
        return float(value[0]), float(value[1])
    problem(
        "default_span",
        "constraints",
        f"must be [low_factor, high_factor] with 0 <= low < high, got {value!r}",
    )
    return None


def _probe_values(parameter: Parameter) -> list[Any]:
    if isinstance(parameter, CategoricalParameter):
        return list(parameter.values)
    return [parameter.lo, parameter.hi]
