"""Read scenario files and apply overrides; the I/O side of :mod:`govsim.scenario.engine`.

A scenario file is TOML. It may start from another file with ``extends = "other.toml"`` (a path
relative to the extending file). The extending file is deep-merged onto the one it extends:
tables merge key by key, every other value (arrays included) is replaced. Overrides
(``govsim run --set appraisal.count_weight=0.8``) set dotted paths in the merged data before
validation; an override whose path names nothing in the schema is reported with its whole path.

Scenario files are data, not trusted input:

* ``extends`` reaches only files under the directory of the scenario file named by the caller
  (symbolic links resolved), or under a search path the caller gives explicitly; a chain has at
  most :data:`MAX_EXTENDS` files and is read in time linear in its length; cycles are refused.
* Files are read by :func:`govsim.scenario.files.read_toml` (bounded in size, key length and
  nesting; non-UTF-8 bytes, directories and devices refused).
* Error messages name the file, the key and what is allowed, but never a value read from a file:
  only values given as overrides are echoed.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

from govsim.scenario.engine import Problem, ScenarioError, build, path_problem, to_data
from govsim.scenario.files import TomlFileError, check_nesting, read_toml
from govsim.scenario.schedule import fixed_at_set_up
from govsim.scenario.schema import Scenario

__all__ = [
    "EXTENDS_KEY",
    "MAX_EXTENDS",
    "apply_overrides",
    "load_scenario",
    "parse_override",
    "read_scenario_data",
    "with_overrides",
]

#: Key with which a scenario file names the file it extends.
EXTENDS_KEY = "extends"
#: Most files in one ``extends`` chain, the scenario itself included (govsim's use two).
MAX_EXTENDS = 16
#: Longest ``extends`` value (characters).
MAX_EXTENDS_LENGTH = 1024

SearchPaths = Sequence[str | os.PathLike[str]]


def read_scenario_data(
    path: str | os.PathLike[str], *, search_paths: SearchPaths = ()
) -> dict[str, Any]:
    """Read a scenario TOML file, resolving its ``extends`` chain, into plain merged data.

    Parameters
    ----------
    path:
        The scenario file.
    search_paths:
        Directories whose files ``extends`` may also reach (besides the tree under the
        scenario file's own directory).

    Returns
    -------
    dict[str, Any]
        The merged data, without the ``extends`` key; not yet validated.

    Raises
    ------
    ScenarioError
        If a file in the chain is missing, unreadable or not TOML, the chain leaves the allowed
        directories, is longer than :data:`MAX_EXTENDS` files or has a cycle; the error names
        the file (and never its values).
    """
    top = Path(path)
    roots = [
        _resolved(top.parent, top, None),
        *(_resolved(Path(p), top, None) for p in search_paths),
    ]
    chain: list[dict[str, Any]] = []
    names: list[Path] = []
    seen: dict[Path, int] = {}
    current, extending = top, None
    while True:
        resolved = _resolved(current, current, extending)
        if extending is not None:
            _check_within(resolved, roots, extending)
        if resolved in seen:
            cycle = " -> ".join(p.name for p in (*names[seen[resolved] :], current))
            raise _file_error(EXTENDS_KEY, f"extends cycle: {cycle}", extending)
        seen[resolved] = len(names)
        data = _read_file(current, extending)
        chain.append(data)
        names.append(current)
        extends = data.pop(EXTENDS_KEY, None)
        if extends is None:
            break
        _check_extends_value(extends, current)
        if len(chain) >= MAX_EXTENDS:
            message = f"extends chain longer than {MAX_EXTENDS} files; flatten it"
            raise _file_error(EXTENDS_KEY, message, current)
        current, extending = current.parent / extends, current
    merged = chain.pop()
    while chain:  # from the file extended last up to the scenario itself, merging in place
        _merge_into(merged, chain.pop())
    return merged


def _resolved(path: Path, file: Path, extending: Path | None) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:  # RuntimeError: a symbolic link loop
        where = EXTENDS_KEY if extending is not None else "file"
        raise _file_error(where, f"cannot resolve the path: {error}", extending or file) from None


def _check_within(resolved: Path, roots: list[Path], extending: Path) -> None:
    if any(resolved.is_relative_to(root) for root in roots):
        return
    allowed = " or ".join(str(root) for root in roots)
    message = (
        f"{resolved} is outside the scenario's directory: extends may name only files under "
        f"{allowed} (add a directory with --scenario-path to allow it)"
    )
    raise _file_error(EXTENDS_KEY, message, extending)


def _check_extends_value(extends: object, file: Path) -> None:
    valid = (
        isinstance(extends, str)
        and 0 < len(extends) <= MAX_EXTENDS_LENGTH
        and extends.isprintable()
    )
    if not valid:
        message = (
            "expected the name of a TOML file: a non-empty string of printable characters "
            f"(at most {MAX_EXTENDS_LENGTH})"
        )
        raise _file_error(EXTENDS_KEY, message, file)


def _read_file(path: Path, extending: Path | None) -> dict[str, Any]:
    """Parse one file; problems met following ``extends`` are reported on the extending file."""
    where, source = (EXTENDS_KEY, extending) if extending is not None else ("file", path)
    try:
        return read_toml(path)
    except FileNotFoundError:
        message = f"file not found: {path.resolve()}"
    except TomlFileError as error:
        where, source, message = "file", path, str(error)
    raise _file_error(where, message, source)


def _file_error(where: str, message: str, source: Path | None) -> ScenarioError:
    return ScenarioError([Problem(where, None, message, echo=False)], _name(source))


def _name(source: Path | None) -> str | None:
    return None if source is None else str(source)


def _merge_into(base: dict[str, Any], top: Mapping[str, Any]) -> None:
    """Merge ``top`` onto ``base`` in place: tables merge recursively, other values replace.

    Both come from freshly parsed files (nesting bounded by ``read_toml``), so nothing needs
    copying.
    """
    for key, value in top.items():
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge_into(current, value)
        else:
            base[key] = value


def _plain_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    """Deep copy with every mapping turned into a plain ``dict`` (which overrides can modify)."""
    return {
        key: _plain_copy(value) if isinstance(value, Mapping) else copy.deepcopy(value)
        for key, value in data.items()
    }


def parse_override(text: str) -> tuple[str, Any]:
    """Split an override ``"dotted.path=value"`` into its path and parsed value.

    The value is read as a TOML value (``0.8``, ``true``, ``[0.1, 0.9]``, ``"quoted"``); text
    that is not valid TOML is taken as a bare string (``channel=hotline``).

    Raises
    ------
    ScenarioError
        If there is no ``=`` or the path is empty or has an empty segment.
    """
    path, equals, value_text = text.partition("=")
    path = path.strip()
    if not equals:
        message = "expected path=value, e.g. appraisal.count_weight=0.8"
        raise ScenarioError([Problem("override", text, message)])
    _check_override_path(path, text)
    try:
        parsed = _parse_value(value_text)
    except (TomlFileError, ValueError):
        return path, value_text.strip()
    return path, parsed


def _parse_value(text: str) -> Any:
    """Parse a TOML value with the same limits as files (no deep nesting, no huge integers)."""
    try:
        parsed = tomllib.loads(f"v = {text}")
    except RecursionError:
        raise TomlFileError("nested too deeply") from None
    if parsed.keys() != {"v"}:  # e.g. a value containing a newline and a second assignment
        raise ValueError("not a single value")
    check_nesting(parsed)
    return parsed["v"]


def _check_depth(data: Mapping[str, Any]) -> None:
    """Refuse data from Python nested too deeply (or containing itself) before copying it."""
    try:
        check_nesting(data)
    except TomlFileError as error:
        raise ScenarioError([Problem("<scenario>", None, str(error), echo=False)]) from None


def _check_override_path(path: str, given: object) -> None:
    if not path or any(not segment.strip() for segment in path.split(".")):
        message = "the path before '=' must be dotted names, e.g. appraisal.count_weight"
        raise ScenarioError([Problem("override", given, message)])


def _override_pairs(overrides: Mapping[str, Any] | Iterable[str]) -> list[tuple[str, Any]]:
    if isinstance(overrides, Mapping):
        return [(str(path), value) for path, value in overrides.items()]
    texts = [overrides] if isinstance(overrides, str) else list(overrides)
    return [parse_override(text) for text in texts]


def apply_overrides(
    data: Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str],
    *,
    schema: type | None = None,
) -> dict[str, Any]:
    """Return a deep copy of ``data`` with values set at dotted paths.

    Parameters
    ----------
    data:
        Plain scenario data (as read from a file or produced by
        :func:`~govsim.scenario.engine.to_data`). It is not modified.
    overrides:
        ``{"dotted.path": value}``, or ``"dotted.path=value"`` strings as accepted by
        :func:`parse_override` (a single string counts as one override). Missing intermediate
        tables are created; keyed items are addressed by name (``categories.flood.severity``).
    schema:
        When given, each path is first checked against it, and a path that names nothing is
        reported whole (``no.such.path``). Without it, unknown names are left for
        :func:`~govsim.scenario.engine.build` to report.

    Raises
    ------
    ScenarioError
        If an override is malformed, names nothing in ``schema``, or sets a value inside
        something that is not a table.
    """
    pairs = _override_pairs(overrides)
    _check_depth(data)
    result = _plain_copy(data)
    problems: list[Problem] = []
    for path, value in pairs:
        _check_override_path(path, path)
        wrong = path_problem(schema, path) if schema is not None else None
        if wrong is not None:
            problems.append(Problem(path, value, wrong))
            continue
        *parents, leaf = path.split(".")
        node = result
        for depth, segment in enumerate(parents):
            child = node.setdefault(segment, {})
            if not isinstance(child, dict):
                where = ".".join(parents[: depth + 1])
                message = f"is not a table, so {path!r} cannot be set"
                problems.append(Problem(where, child, message))
                break
            node = child
        else:
            node[leaf] = copy.deepcopy(value)
    if problems:
        raise ScenarioError(problems)
    return result


@overload
def load_scenario[T](
    source: str | os.PathLike[str] | Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
    *,
    schema: type[T],
    search_paths: SearchPaths = (),
) -> T: ...
@overload
def load_scenario(
    source: str | os.PathLike[str] | Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
    *,
    schema: None = None,
    search_paths: SearchPaths = (),
) -> Scenario: ...
def load_scenario(
    source: str | os.PathLike[str] | Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
    *,
    schema: type[Any] | None = None,
    search_paths: SearchPaths = (),
) -> Any:
    """Read, merge, override and validate a scenario.

    Parameters
    ----------
    source:
        A TOML file (``extends`` resolved) or already-parsed data. A file without a ``name``
        is named after its stem (when the schema has a ``name`` field).
    overrides:
        Values to set before validation; see :func:`apply_overrides`.
    schema:
        The dataclass to build; by default :class:`govsim.scenario.Scenario`.
    search_paths:
        Directories that a file's ``extends`` may reach besides the file's own directory tree.

    Returns
    -------
    object
        An instance of ``schema``.

    Raises
    ------
    ScenarioError
        If the file cannot be read, or if the data or an override is invalid; it lists every
        problem and names the file. Values read from a file are not shown; values given as
        overrides are.
    """
    if schema is None:
        schema = Scenario
    pairs = _override_pairs(overrides) if overrides is not None else []
    from_file = not isinstance(source, Mapping)
    if isinstance(source, Mapping):
        _check_depth(source)
        data, source_name = _plain_copy(source), None
    else:
        path = Path(source)
        data = read_scenario_data(path, search_paths=search_paths)
        source_name = str(path)
        if "name" not in data and "name" in getattr(schema, "__dataclass_fields__", {}):
            data["name"] = path.stem
    return _build_with(schema, data, pairs, source_name, hide_file_values=from_file)


def _build_with(
    schema: type[Any],
    data: dict[str, Any],
    pairs: list[tuple[str, Any]],
    source_name: str | None,
    *,
    hide_file_values: bool,
) -> Any:
    """Apply the overrides whose paths exist in ``schema``, build, and report every problem."""
    problems: list[Problem] = []
    valid: dict[str, Any] = {}
    for path, value in pairs:
        _check_override_path(path, path)
        wrong = path_problem(schema, path)
        if wrong is None:
            valid[path] = value
        else:
            problems.append(Problem(path, value, wrong))
    try:
        data = _flat_rollouts(apply_overrides(data, valid))
    except ScenarioError as error:
        problems.extend(error.problems)
    else:
        try:
            result = build(schema, data, source=source_name)
        except ScenarioError as error:
            problems.extend(error.problems)
        else:
            if isinstance(result, Scenario):
                problems.extend(_rollout_problems(result))
            if not problems:
                return result
    if hide_file_values:
        problems = [_shown_if_given(problem, pairs) for problem in problems]
    raise ScenarioError(problems, source_name)


def _flat_rollouts(data: dict[str, Any]) -> dict[str, Any]:
    """Let ``[rollouts.changes]`` be written as nested tables (``appraisal.audit_rate = 0.2``).

    TOML reads dotted keys as nested tables; a roll-out's ``changes`` are dotted paths, so nested
    tables are joined into paths here, before validation.
    """
    rollouts = data.get("rollouts")
    if not isinstance(rollouts, list):
        return data
    flat = []
    for entry in rollouts:
        if isinstance(entry, dict) and isinstance(entry.get("changes"), dict):
            entry = {**entry, "changes": dict(_leaves(entry["changes"], ""))}
        flat.append(entry)
    return {**data, "rollouts": flat}


def _leaves(table: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _leaves(value, f"{path}.")
        else:
            yield path, value


def _rollout_problems(scenario: Scenario) -> list[Problem]:
    """What is wrong with the scenario's roll-outs: paths fixed at set-up, values not allowed."""
    problems: list[Problem] = []
    base = dataclasses.replace(scenario, rollouts=())
    for i, rollout in enumerate(scenario.rollouts):
        where = f"rollouts[{i}].changes"
        for path, value in rollout.changes.items():
            if fixed_at_set_up(path):
                message = "is fixed when the county is built; it cannot roll out"
                problems.append(Problem(f"{where}.{path}", value, message))
        try:
            with_overrides(base, rollout.changes)
        except ScenarioError as error:
            problems.extend(
                problem._replace(path=f"{where}.{problem.path}") for problem in error.problems
            )
    return problems


def in_force(scenario: Scenario, day: int | None = None) -> Scenario:
    """The scenario with its roll-outs up to ``day`` (every roll-out if ``None``) applied.

    ``day`` counts from the first reported day, as roll-outs do. The result has no roll-outs
    left: it is what the model runs on that day.
    """
    current = dataclasses.replace(scenario, rollouts=())
    for rollout in sorted(scenario.rollouts, key=lambda r: r.day):
        if day is None or rollout.day <= day:
            current = with_overrides(current, rollout.changes)
    return current


def _shown_if_given(problem: Problem, pairs: list[tuple[str, Any]]) -> Problem:
    """Keep a problem's value only if it is (part of) a value given as an override."""
    for path, value in pairs:
        if problem.path.startswith((f"{path}.", f"{path}[")):
            return problem
        if problem.path == path and _same(problem.value, value):
            return problem
    return problem.without_value() if problem.echo else problem


def _same(left: object, right: object) -> bool:
    try:
        return type(left) is type(right) and bool(left == right)
    except Exception:  # e.g. arrays given from Python, whose == is elementwise
        return False


def with_overrides[T](scenario: T, overrides: Mapping[str, Any] | Iterable[str]) -> T:
    """Return a validated copy of ``scenario`` with the given overrides applied.

    Parameters
    ----------
    scenario:
        An instance of a schema dataclass.
    overrides:
        As for :func:`apply_overrides`; each path is checked against the scenario's schema.

    Raises
    ------
    ScenarioError
        If an override is malformed or makes the scenario invalid.
    """
    pairs = _override_pairs(overrides)
    built: T = _build_with(type(scenario), to_data(scenario), pairs, None, hide_file_values=False)
    return built
