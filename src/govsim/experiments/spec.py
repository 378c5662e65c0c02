"""Experiment files (``experiments/*.toml``): reading, validation and resolution.

An experiment file is validated by the scenario engine against
:class:`~govsim.experiments.file_schema.ExperimentFile` (so every problem names its field:
``parameters[2].hi``, ``design.n``), then resolved: relative paths are taken from the file's
folder, the model is looked up (see below), each parameter of a govsim base scenario is checked
against the scenario schema by applying its bounds to the base scenario, and the design's size is
checked before it is sampled. Every problem found is reported at once; values read from the file
are not repeated in messages.

**A model is code.** ``model = "package.module:function"`` makes the sweep import and call that
function, so an experiment file may name only a model *registered* under the entry-point group
``govsim.models`` (govsim registers the functions of :mod:`govsim.experiments.testfunctions`), by
its entry-point name or its target, or one allowed explicitly by the caller (``allow_models``,
``govsim sweep --allow-model package.module:function``). Nothing is imported before that check.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from govsim.experiments.designs import (
    Design,
    FastDesign,
    FullFactorial,
    LatinHypercube,
    MorrisDesign,
    PointList,
    ScenarioList,
    SobolDesign,
)
from govsim.experiments.errors import ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.file_schema import (
    MAX_DESIGN_VALUES,
    MAX_RUNS,
    DesignKind,
    DesignTable,
    ExperimentFile,
    Levers,
    ParameterEntry,
    ParameterKind,
)
from govsim.experiments.model import (
    GovsimModel,
    ModelFunction,
    SumToOne,
    constrained_overrides,
    import_callable,
)
from govsim.experiments.parameters import (
    CategoricalParameter,
    IntegerParameter,
    Parameter,
    RealParameter,
)
from govsim.scenario import (
    FieldRow,
    Problem,
    Scenario,
    ScenarioError,
    build,
    iter_fields,
    load_scenario,
    with_overrides,
)
from govsim.scenario.files import TomlFileError, read_toml

__all__ = [
    "MODEL_ENTRY_POINTS",
    "design_from_table",
    "experiment_from_dict",
    "load_experiment",
    "parameter_from_entry",
    "registered_models",
    "resolve_model",
]

#: Entry-point group of the model functions an experiment file may name.
MODEL_ENTRY_POINTS = "govsim.models"


def load_experiment(
    path: Path | str, *, allow_models: Iterable[str] = (), spin_up_days: int | None = None
) -> tuple[Experiment, dict[str, Any]]:
    """Read and validate an experiment file.

    Parameters
    ----------
    path:
        The experiment file.
    allow_models:
        ``"package.module:function"`` models the file may name besides the registered ones.
    spin_up_days:
        Overrides the file's ``spin_up_days`` (``govsim sweep --spin-up-days``); ``None`` keeps
        it.

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
        data = read_toml(file)
    except FileNotFoundError:
        raise ExperimentError(f"experiment file not found: {file}") from None
    except TomlFileError as error:
        raise ExperimentError(f"{file}: {error}") from None
    return experiment_from_dict(
        data, source=file, allow_models=allow_models, spin_up_days=spin_up_days
    )


def experiment_from_dict(
    data: Mapping[str, Any],
    *,
    source: Path | str = "<experiment>",
    allow_models: Iterable[str] = (),
    spin_up_days: int | None = None,
) -> tuple[Experiment, dict[str, Any]]:
    """Validate an experiment table; relative paths are taken from ``source``'s folder.

    ``spin_up_days``, when given, replaces the table's own (and is validated with it).

    Raises
    ------
    ExperimentError
        Listing every problem, each naming its field.
    """
    source = Path(source)
    if spin_up_days is not None:
        data = {**data, "spin_up_days": spin_up_days}
    try:
        spec = build(ExperimentFile, data)
    except ScenarioError as error:
        raise _invalid(source, [problem.without_value() for problem in error.problems]) from None
    resolver = _Resolver(spec, source, frozenset(allow_models))
    experiment = resolver.experiment()
    if resolver.problems or experiment is None:
        raise _invalid(source, resolver.problems)
    options = {"flush_every": spec.store.flush_every, "flush_seconds": spec.store.flush_seconds}
    return experiment, options


def _invalid(source: Path, problems: Sequence[Problem]) -> ExperimentError:
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return ExperimentError(f"{source}: invalid experiment:\n{lines}")


def _problem(path: str, message: str) -> Problem:
    return Problem(path, None, message, echo=False)


class _Resolver:
    """Turns a validated :class:`ExperimentFile` into an :class:`Experiment`, noting problems."""

    def __init__(self, spec: ExperimentFile, source: Path, allowed: frozenset[str]) -> None:
        self.spec, self.source, self.allowed = spec, source, allowed
        self.folder = source.parent if source.suffix else Path(".")
        self.problems: list[Problem] = []
        self.scenario: Scenario | None = None  # the base scenario, once loaded

    def note(self, path: str, message: str) -> None:
        self.problems.append(_problem(path, message))

    def experiment(self) -> Experiment | None:
        spec = self.spec
        model = self.model()
        design = self.design(spec.design) if spec.design is not None else None
        constraints = tuple(SumToOne(entry.sum_to_one, entry.balance) for entry in spec.constraints)
        parameters = self.parameters(model, constraints)
        if design is None or model is None or self.problems:
            return None
        if design.kind not in {"list", "points"} and not parameters:
            self.note(
                "parameters", f"a {design.kind} design needs at least one [[parameters]] entry"
            )
            return None
        if not self.size_fits(design, parameters):
            return None
        try:
            experiment = Experiment(
                name=spec.name if spec.name is not None else (self.source.stem or "experiment"),
                model=model,
                design=design,
                parameters=tuple(parameters),
                replications=spec.replications,
                seed=spec.seed,
                outputs=spec.outputs,
                daily=spec.store.daily,
                description=spec.description,
            )
            _ = experiment.points  # sample now so that design errors surface here
        except ValueError as error:
            self.note("design", str(error))
            return None
        return experiment

    # -- the model -------------------------------------------------------------------------

    def model(self) -> ModelFunction | GovsimModel | None:
        spec = self.spec
        if spec.model is not None:
            try:
                return resolve_model(spec.model, self.allowed)
            except ValueError as error:
                self.note("model", str(error))
                return None
        if spec.base is None:
            return None
        base = (self.folder / spec.base).resolve()
        if not base.is_file():
            self.note("base", f"scenario file not found: {base}")
            return None
        try:
            scenario = load_scenario(base)
        except ScenarioError as error:
            self.note("base", f"the base scenario is invalid:\n{_indent(str(error))}")
            return None
        self.scenario = scenario
        store = spec.store
        return GovsimModel(
            base=str(base),
            days=spec.days,
            spin_up_days=spec.spin_up_days,
            outputs=spec.outputs,
            daily_columns=store.daily_columns,
            daily_every=store.daily_every,
            constraints=tuple(SumToOne(c.sum_to_one, c.balance) for c in spec.constraints),
        )

    # -- the design ------------------------------------------------------------------------

    def design(self, table: DesignTable) -> Design | None:
        if table.kind is DesignKind.LIST:
            files = tuple(str((self.folder / file).resolve()) for file in table.files)
            for index, file in enumerate(files):
                if not Path(file).is_file():
                    self.note(f"design.files[{index}]", f"scenario file not found: {file}")
                    continue
                try:
                    load_scenario(file)
                except ScenarioError as error:
                    self.note(f"design.files[{index}]", f"invalid scenario:\n{_indent(str(error))}")
            labels = table.labels or tuple(Path(file).stem for file in files)
            return ScenarioList(files=files, labels=labels)
        return design_from_table(table)

    # -- the parameters --------------------------------------------------------------------

    def parameters(self, model: object, constraints: tuple[SumToOne, ...]) -> list[Parameter]:
        spec = self.spec
        if not isinstance(model, GovsimModel) or self.scenario is None:
            built = [
                self.parameter(entry, f"parameters[{i}]") for i, entry in enumerate(spec.parameters)
            ]
            return [parameter for parameter in built if parameter is not None]
        return _SchemaCheck(self, self.scenario, constraints).parameters()

    def parameter(self, entry: ParameterEntry, where: str) -> Parameter | None:
        try:
            return parameter_from_entry(entry)
        except ValueError as error:
            self.note(where, str(error))
            return None

    # -- sizes -----------------------------------------------------------------------------

    def size_fits(self, design: Design, parameters: Sequence[Parameter]) -> bool:
        points = design_size(design, parameters)
        runs = points * self.spec.replications
        if runs > MAX_RUNS:
            self.note("design", f"{runs:,} runs ({points:,} points x {self.spec.replications} "
                      f"replications); at most {MAX_RUNS:,} are allowed")  # fmt: skip
            return False
        sampled = design.kind in {"lhs", "sobol", "morris", "fast"}
        if sampled and points * len(parameters) > MAX_DESIGN_VALUES:
            self.note("design", f"{points:,} points x {len(parameters)} parameters is more than "
                      f"the {MAX_DESIGN_VALUES:,} values a design may hold")  # fmt: skip
            return False
        return True


class _SchemaCheck:
    """Parameters of a govsim base: bounds from the schema, ``levers = "all"``, probes."""

    def __init__(
        self, resolver: _Resolver, scenario: Scenario, constraints: tuple[SumToOne, ...]
    ) -> None:
        self.resolver, self.scenario, self.constraints = resolver, scenario, constraints
        self.schema = {row.path: row for row in iter_fields(type(scenario))}

    def parameters(self) -> list[Parameter]:
        spec, note = self.resolver.spec, self.resolver.note
        entries = [(f"parameters[{i}]", entry) for i, entry in enumerate(spec.parameters)]
        if spec.levers is Levers.ALL:
            explicit = {entry.path for entry in spec.parameters}
            excluded = set(spec.exclude_levers)
            entries += [
                (f'levers = "all" ({path})', ParameterEntry(path=path))
                for path, row in self.schema.items()
                if row.info.lever and path not in explicit | excluded
            ]
            for index, path in enumerate(spec.exclude_levers):
                if path not in self.schema:
                    note(f"exclude_levers[{index}]", f"{path!r} is not a scenario field")
        balanced = {c.balance for c in self.constraints if c.balance is not None}
        built: list[Parameter] = []
        for where, entry in entries:
            row = self.schema.get(entry.path)
            if row is None:
                note(
                    where,
                    f"{entry.path!r} is not a field of the scenario schema (see `govsim levers`)",
                )
                continue
            if entry.path in balanced:
                note(where, f"{entry.path} is the balance of a constraint, so it cannot also be "
                     "varied; vary the other paths of its group")  # fmt: skip
                continue
            parameter = self.resolver.parameter(self.complete(entry, row, where), where)
            if parameter is not None and self.accepted(parameter, where):
                built.append(parameter)
        return built

    def complete(self, entry: ParameterEntry, row: FieldRow, where: str) -> ParameterEntry:
        """Fill kind and bounds from the schema: its range, or default_span around the default."""
        default, info = row.default, row.info
        if entry.kind is ParameterKind.CATEGORICAL or entry.values:
            return entry
        if isinstance(default, bool):
            return replace(entry, kind=ParameterKind.CATEGORICAL, values=(False, True))
        if isinstance(default, enum.Enum):
            values = tuple(member.value for member in type(default))
            return replace(entry, kind=ParameterKind.CATEGORICAL, values=values)
        kind = entry.kind or (ParameterKind.INTEGER if type(default) is int else ParameterKind.REAL)
        lo, hi = entry.lo, entry.hi
        span = self.resolver.spec.default_span
        if info.lo is not None and info.hi is not None and info.hi > info.lo:
            lo = info.lo if lo is None else lo
            hi = info.hi if hi is None else hi
        elif span is not None and isinstance(default, int | float) and default > 0:
            floor = -math.inf if info.lowest is None else info.lowest
            ceiling = math.inf if info.highest is None else info.highest
            lo = max(floor, default * span[0]) if lo is None else lo
            hi = min(ceiling, default * span[1]) if hi is None else hi
        if lo is None or hi is None:
            self.resolver.note(where, f"needs lo and hi: the schema gives the range [{info.lo}, "
                               f"{info.hi}] ({info.unit}); add lo/hi, a default_span, or "
                               "exclude_levers")  # fmt: skip
            return entry
        if kind is ParameterKind.INTEGER:
            low, high = math.ceil(lo), math.floor(hi)
            return replace(entry, kind=kind, lo=low, hi=max(high, low + 1))
        return replace(entry, kind=kind, lo=float(lo), hi=float(hi))

    def accepted(self, parameter: Parameter, where: str) -> bool:
        """Apply each bound (or value) to the base scenario; report what the schema refuses."""
        if isinstance(parameter, CategoricalParameter):
            probes = [(f"{where}.values[{i}]", v) for i, v in enumerate(parameter.values)]
        else:
            probes = [(f"{where}.lo", parameter.lo), (f"{where}.hi", parameter.hi)]
        for field, value in probes:
            try:
                overrides = constrained_overrides(
                    self.scenario, {parameter.name: value}, self.constraints
                )
                with_overrides(self.scenario, overrides)
            except ScenarioError as error:
                reasons = "; ".join(f"{p.path}: {p.message}" for p in error.problems)
                self.resolver.note(field, f"rejected by the scenario schema: {reasons}")
                return False
            except ValueError as error:  # a sum_to_one group that cannot be completed
                self.resolver.note(field, str(error))
                return False
        return True


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def parameter_from_entry(entry: ParameterEntry) -> Parameter:
    """Build a parameter from a validated ``[[parameters]]`` entry.

    Raises
    ------
    ValueError
        If a bound is missing.
    """
    kind = entry.kind or ParameterKind.REAL
    if kind is ParameterKind.CATEGORICAL:
        return CategoricalParameter(entry.path, entry.values)
    if entry.lo is None or entry.hi is None:
        raise ValueError("needs lo and hi")
    if kind is ParameterKind.INTEGER:
        return IntegerParameter(entry.path, int(entry.lo), int(entry.hi))
    return RealParameter(
        entry.path,
        float(entry.lo),
        float(entry.hi),
        distribution=entry.distribution,
        mode=entry.mode,
        mean=entry.mean,
        sd=entry.sd,
        levels=entry.levels,
    )


def design_from_table(table: DesignTable) -> Design:
    """Build a design from a validated ``[design]`` table (``list`` files as given)."""
    match table.kind:
        case DesignKind.GRID:
            return FullFactorial(levels=table.levels or 3)
        case DesignKind.LHS:
            return LatinHypercube(samples=_required(table.samples))
        case DesignKind.LIST:
            return ScenarioList(files=table.files, labels=table.labels)
        case DesignKind.POINTS:
            return PointList(points=table.points)
        case DesignKind.SOBOL:
            return SobolDesign(_required(table.n), bool(table.calc_second_order))
        case DesignKind.MORRIS:
            return MorrisDesign(_required(table.trajectories), levels=table.levels or 4)
        case DesignKind.FAST:
            return FastDesign(_required(table.n), m=table.m or 4)
    raise ValueError("the design needs a kind")


def _required(value: int | None) -> int:
    if value is None:
        raise ValueError("a required design option is missing")
    return value


def design_size(design: Design, parameters: Sequence[Parameter]) -> int:
    """Number of points ``design`` will have for ``parameters``, computed without building it."""
    k = len(parameters)
    match design:
        case FullFactorial(levels=levels):
            return math.prod(_grid_size(parameter, levels) for parameter in parameters)
        case LatinHypercube(samples=samples):
            return samples
        case ScenarioList(files=files):
            return len(files)
        case PointList(points=points):
            return len(points)
        case SobolDesign(n=n, calc_second_order=second):
            return n * (2 * k + 2 if second else k + 2)
        case MorrisDesign(trajectories=trajectories):
            return trajectories * (k + 1)
        case FastDesign(n=n):
            return n * k
    return 0


def _grid_size(parameter: Parameter, levels: int) -> int:
    if isinstance(parameter, IntegerParameter):
        return parameter.hi - parameter.lo + 1
    if isinstance(parameter, CategoricalParameter):
        return len(parameter.values)
    return parameter.levels or levels


def registered_models() -> dict[str, str]:
    """Models registered under :data:`MODEL_ENTRY_POINTS`: entry-point name -> target."""
    return {entry.name: entry.value for entry in metadata.entry_points(group=MODEL_ENTRY_POINTS)}


def resolve_model(spec: str, allowed: Iterable[str] = ()) -> ModelFunction:
    """Return the model function ``spec`` names, if it may run.

    ``spec`` is a registered entry-point name (``ishigami``), the target of one
    (``govsim.experiments.testfunctions:ishigami``) or a ``package.module:function`` in
    ``allowed``. Nothing is imported unless one of these holds.

    Raises
    ------
    ValueError
        If the model is not registered or allowed, or cannot be imported.
    """
    registered = registered_models()
    target = registered.get(spec, spec)
    if target not in set(registered.values()) | set(allowed):
        names = ", ".join(sorted(registered)) or "none"
        raise ValueError(
            f"{spec!r} is not a model this file may run: an experiment file names code, so it "
            f"may name only govsim's model (base = a scenario file), a model registered under "
            f"the entry-point group {MODEL_ENTRY_POINTS!r} ({names}), or one allowed on the "
            f"command line with --allow-model {spec}"
        )
    return import_callable(target)
