"""Read scenario files and apply overrides; the I/O side of :mod:`govsim.scenario.engine`.

A scenario file is TOML. It may start from another file with ``extends = "other.toml"`` (a path
relative to the extending file; chains allowed, cycles refused). The extending file is deep-merged
onto the one it extends: tables merge key by key, every other value (arrays included) is replaced.
Overrides (``govsim run --set appraisal.count_weight=0.8``) set dotted paths in the merged data
before validation, so a misspelt override gets the same "unknown key; did you mean ...?" message
as a misspelt file key.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, overload

from govsim.scenario.engine import Problem, ScenarioError, build, to_data
from govsim.scenario.schema import Scenario

__all__ = [
    "apply_overrides",
    "load_scenario",
    "parse_override",
    "read_scenario_data",
    "with_overrides",
]

#: Key with which a scenario file names the file it extends.
EXTENDS_KEY = "extends"


def read_scenario_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a scenario TOML file, resolving its ``extends`` chain, into plain merged data.

    Parameters
    ----------
    path:
        The scenario file.

    Returns
    -------
    dict[str, Any]
        The merged data, without the ``extends`` key; not yet validated.

    Raises
    ------
    ScenarioError
        If a file in the chain is missing or unreadable, is not valid TOML, or the chain has a
        cycle; the error names the file.
    """
    return _read_chain(Path(path), ())


def _read_chain(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    data = _read_toml(path, chain)
    extends = data.pop(EXTENDS_KEY, None)
    if extends is None:
        return data
    if not isinstance(extends, str) or not extends:
        problem = Problem(EXTENDS_KEY, extends, "expected the name of a TOML file")
        raise ScenarioError([problem], str(path))
    return _deep_merge(_read_chain(path.parent / extends, (*chain, path)), data)


def _read_toml(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """Parse one file; ``chain`` holds the files that extend it (for cycle and error messages)."""
    resolved = path.resolve()
    seen = [p.resolve() for p in chain]
    # Problems met while following `extends` are reported on the extending file's key.
    where, source = (EXTENDS_KEY, str(chain[-1])) if chain else ("file", str(path))
    if resolved in seen:
        cycle = " -> ".join(p.name for p in (*chain[seen.index(resolved) :], path))
        raise ScenarioError([Problem(where, str(path), f"extends cycle: {cycle}")], source)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problem = Problem(where, str(path), f"file not found: {resolved}")
    except tomllib.TOMLDecodeError as exc:
        problem = Problem("file", str(path), f"not valid TOML: {exc}")
        source = str(path)
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(where, str(path), f"cannot read file: {exc}")
    raise ScenarioError([problem], source)


def _deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``top`` onto ``base``: tables merge recursively, other values are replaced."""
    merged = _plain_copy(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


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
        parsed = tomllib.loads(f"v = {value_text}")
    except tomllib.TOMLDecodeError:
        return path, value_text.strip()
    if parsed.keys() != {"v"}:  # e.g. a value containing a newline and a second assignment
        return path, value_text.strip()
    return path, parsed["v"]


def _check_override_path(path: str, given: object) -> None:
    if not path or any(not segment.strip() for segment in path.split(".")):
        message = "the path before '=' must be dotted names, e.g. appraisal.count_weight"
        raise ScenarioError([Problem("override", given, message)])


def apply_overrides(
    data: Mapping[str, Any], overrides: Mapping[str, Any] | Iterable[str]
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
        Unknown names are left for :func:`~govsim.scenario.engine.build` to report.

    Raises
    ------
    ScenarioError
        If an override is malformed or sets a value inside something that is not a table.
    """
    if isinstance(overrides, Mapping):
        pairs = list(overrides.items())
    else:
        texts = [overrides] if isinstance(overrides, str) else list(overrides)
        pairs = [parse_override(text) for text in texts]
    result = _plain_copy(data)
    problems: list[Problem] = []
    for path, value in pairs:
        _check_override_path(path, path)
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
) -> T: ...
@overload
def load_scenario(
    source: str | os.PathLike[str] | Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
    *,
    schema: None = None,
) -> Scenario: ...
def load_scenario(
    source: str | os.PathLike[str] | Mapping[str, Any],
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
    *,
    schema: type[Any] | None = None,
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

    Returns
    -------
    object
        An instance of ``schema``.

    Raises
    ------
    ScenarioError
        If the file cannot be read, or if the data or an override is invalid; it lists every
        problem and names the file.
    """
    if schema is None:
        schema = Scenario
    if isinstance(source, Mapping):
        data, source_name = _plain_copy(source), None
    else:
        path = Path(source)
        data, source_name = read_scenario_data(path), str(path)
        if "name" not in data and "name" in getattr(schema, "__dataclass_fields__", {}):
            data["name"] = path.stem
    if overrides is not None:
        try:
            data = apply_overrides(data, overrides)
        except ScenarioError as exc:
            raise ScenarioError(exc.problems, source_name) from None
    return build(schema, data, source=source_name)


def with_overrides[T](scenario: T, overrides: Mapping[str, Any] | Iterable[str]) -> T:
    """Return a validated copy of ``scenario`` with the given overrides applied.

    Parameters
    ----------
    scenario:
        An instance of a schema dataclass.
    overrides:
        As for :func:`apply_overrides`.

    Raises
    ------
    ScenarioError
        If an override is malformed or makes the scenario invalid.
    """
    return build(type(scenario), apply_overrides(to_data(scenario), overrides))
