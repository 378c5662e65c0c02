"""Validate plain data (parsed TOML, overrides) into frozen scenario dataclasses, and back.

The engine is generic: it knows nothing about governance, only about the field declarations made
with :func:`govsim.scenario.fields.param`. It reads each field's type annotation and
:class:`~govsim.scenario.fields.FieldInfo` and applies these rules:

* ``bool`` takes only ``true``/``false``; ``int`` only integers (not booleans, not ``2.0``);
  ``float`` integers or finite floats (not booleans, NaN or infinity); ``str`` only strings.
* An ``Enum`` takes its value as a string, case-insensitively.
* A nested dataclass takes a table; keys it leaves out keep the field's default.
* ``tuple[T, ...]`` takes an array, each element checked as a ``T`` (path ``shares[2]``).
* A ``keyed`` ``tuple[Item, ...]`` takes a table keyed by item name (path
  ``categories.neighbour_dispute.severity``). Named items start from the default item of that
  name, or from ``Item``'s defaults for a new name; default items not named are kept; the value
  ``false`` removes an item. Default items keep their order and new items follow in file order.
* ``X | None`` takes ``None`` (only from Python: TOML has no null) or an ``X``; a union of scalar
  types (``int | float``, ``str | int | float | bool``) takes a value of any of them, keeping its
  type.
* ``dict[str, T]`` takes a table with any keys, each value checked as a ``T``.
* Numbers, and every element of numeric tuples, must lie within the inclusive bounds ``lo``/``hi``
  or, on a side the natural range leaves open, the model's limit ``floor``/``ceiling``; tuples,
  keyed tuples and tables may have at most ``max_items`` items.
* Unknown keys are errors, with the closest allowed key suggested.
* Once a dataclass's fields are valid, its optional ``check()`` method states cross-field rules by
  yielding ``(relative_path, value, message)``.

Every problem in the input is collected and raised together as one :class:`ScenarioError`; each
names the full dotted path, the bad value and what is allowed. A problem can be told not to echo
its value (:meth:`Problem.without_value`): the loaders do that for values read from files, which
may hold what their author did not mean to show. File reading lives in
:mod:`govsim.scenario.loading`; :func:`path_problem` checks a dotted path (an override) against a
schema before any data is built.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import numbers
import re
import reprlib
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, NamedTuple

from govsim.scenario.fields import FieldInfo, field_info

__all__ = [
    "FieldRow",
    "Problem",
    "ScenarioError",
    "build",
    "differences",
    "get_path",
    "iter_fields",
    "path_problem",
    "to_data",
]

#: Names allowed as keys of keyed tables (they become path segments, so no dots or spaces).
ITEM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_REPR = reprlib.Repr(maxstring=80, maxother=80, maxlist=8, maxtuple=8, maxdict=6, maxlevel=3)


class _Invalid(Enum):
    """Marker returned by converters for a value that produced a problem."""

    INVALID = "invalid"


_INVALID = _Invalid.INVALID


class Problem(NamedTuple):
    """One thing wrong with a scenario: where, the bad value, and what is allowed.

    ``echo = False`` marks a problem whose value must not be shown (it was read from a file);
    its ``value`` is then ``None``.
    """

    path: str
    value: object
    message: str
    echo: bool = True

    def __str__(self) -> str:
        if not self.echo:
            return f"{self.path}: {self.message}"
        return f"{self.path} = {_REPR.repr(self.value)}: {self.message}"

    def without_value(self) -> Problem:
        """The same problem, with its value dropped so that no message can show it."""
        return Problem(self.path, None, self.message, echo=False)


class ScenarioError(ValueError):
    """A scenario (file, mapping or override) that does not satisfy its schema.

    Parameters
    ----------
    problems:
        Every problem found, in input order.
    source:
        The file the scenario came from, or ``None`` for data given from Python.
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self.problems, source)  # args match __init__, so the error pickles

    def __str__(self) -> str:
        header = f"invalid scenario {self.source}:" if self.source else "invalid scenario:"
        return "\n".join([header, *(f"  - {problem}" for problem in self.problems)])


class FieldRow(NamedTuple):
    """One leaf value of a schema, as listed by :func:`iter_fields`."""

    path: str
    info: FieldInfo
    type_name: str
    default: object


class _SchemaField(NamedTuple):
    field: dataclasses.Field[Any]
    hint: Any
    info: FieldInfo


@functools.cache
def _schema_fields(cls: type) -> tuple[_SchemaField, ...]:
    """Fields of a schema dataclass with resolved annotations and metadata (cached per class)."""
    hints = typing.get_type_hints(cls)
    return tuple(_SchemaField(f, hints[f.name], field_info(f)) for f in dataclasses.fields(cls))


def _is_schema_class(hint: object) -> typing.TypeGuard[type]:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _field_default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    raise TypeError(f"scenario field {f.name!r} has no default")


def _join(prefix: str, name: str) -> str:
    if not prefix:
        return name
    return prefix + name if name.startswith("[") else f"{prefix}.{name}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(x)


#: Scalar types a union may combine, with how errors describe them (bool before int: a bool
#: is an int to Python but not to a scenario).
_SCALARS: dict[type, str] = {
    bool: "true/false",
    int: "an integer",
    float: "a number",
    str: "a string",
}


def _union_arms(hint: Any) -> tuple[tuple[Any, ...], bool] | None:
    """For a union return its non-``None`` arms and whether ``None`` is allowed; else ``None``."""
    if typing.get_origin(hint) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(hint)
    arms = tuple(arm for arm in args if arm is not types.NoneType)
    if len(arms) > 1 and not all(arm in _SCALARS for arm in arms):
        raise TypeError(f"scenario fields support unions of {', '.join(map(str, _SCALARS))} only")
    return arms, len(arms) < len(args)


def _optional_arm(hint: Any) -> Any | None:
    """For ``X | None`` return ``X``; for other annotations (scalar unions included) ``None``."""
    union = _union_arms(hint)
    if union is None or len(union[0]) != 1:
        return None
    return union[0][0]


def _fits(value: object, scalar: type) -> bool:
    """Tell whether ``value`` is of the scalar type ``scalar`` in the scenario's sense."""
    if scalar is bool:
        return isinstance(value, bool)
    if scalar is int:
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if scalar is float:
        return isinstance(value, numbers.Real) and not isinstance(value, bool)
    return isinstance(value, str)


def _is_table(hint: Any) -> bool:
    """Tell whether ``hint`` is ``dict[str, T]``."""
    args = typing.get_args(hint)
    return typing.get_origin(hint) is dict and len(args) == 2 and args[0] is str


def _is_variadic_tuple(hint: Any) -> bool:
    """Tell whether ``hint`` is ``tuple[T, ...]``, the only tuple form scenario fields use."""
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis


def _keyed_item_class(hint: Any, name: str) -> type:
    if _is_variadic_tuple(hint):
        item = typing.get_args(hint)[0]
        if _is_schema_class(item) and "name" in {f.name for f in dataclasses.fields(item)}:
            return item
    raise TypeError(f"keyed field {name!r} must be tuple[Item, ...] with a 'name' field in Item")


def _type_name(hint: Any) -> str:
    union = _union_arms(hint)
    if union is not None:
        arms, nullable = union
        return " | ".join([*(_type_name(arm) for arm in arms), *(["None"] if nullable else [])])
    if _is_table(hint):
        return f"dict[str, {_type_name(typing.get_args(hint)[1])}]"
    if _is_variadic_tuple(hint):
        return f"tuple[{_type_name(typing.get_args(hint)[0])}, ...]"
    return hint.__name__ if isinstance(hint, type) else str(hint)


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------


def build[T](
    cls: type[T], data: Mapping[str, Any], *, path: str = "", source: str | None = None
) -> T:
    """Validate plain data and construct a schema dataclass from it.

    Parameters
    ----------
    cls:
        A frozen dataclass whose fields are declared with :func:`~govsim.scenario.fields.param`.
    data:
        Plain nested data (as parsed from TOML); keys left out take the defaults.
    path:
        Dotted path of ``data`` inside a larger scenario, prefixed to every problem path.
    source:
        File the data came from, named in the error.

    Returns
    -------
    T
        The validated instance.

    Raises
    ------
    ScenarioError
        Listing every problem found in ``data``.
    TypeError
        If the schema itself uses a type the engine cannot validate (a programming error).
    """
    problems: list[Problem] = []
    result = _build_dataclass(cls, data, path, problems, None)
    if problems or isinstance(result, _Invalid):
        raise ScenarioError(problems, source)
    return typing.cast(T, result)


def _build_dataclass(
    cls: type, data: object, path: str, problems: list[Problem], base: object | None
) -> object:
    """Build ``cls`` from a table, starting from ``base`` (an instance) or the class defaults."""
    if not isinstance(data, Mapping):
        problems.append(Problem(path or "<scenario>", data, f"expected a table of {cls.__name__}"))
        return _INVALID
    fields = _schema_fields(cls)
    allowed = [sf.field.name for sf in fields]
    for key, value in data.items():
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(allowed)}"
            problems.append(Problem(_join(path, str(key)), value, f"unknown key; {hint}"))
    before = len(problems)
    kwargs: dict[str, object] = {}
    for f, hint, info in fields:
        current = getattr(base, f.name) if base is not None else _field_default(f)
        if f.name not in data:
            kwargs[f.name] = current
            continue
        sub = _join(path, f.name)
        if info.keyed:
            item_cls = _keyed_item_class(hint, f.name)
            built = _build_keyed(item_cls, data[f.name], sub, problems, current)
            kwargs[f.name] = _check_count(built, info, sub, problems)
        else:
            kwargs[f.name] = _convert(data[f.name], hint, info, sub, problems, current)
    if len(problems) > before:
        return _INVALID
    try:
        instance = cls(**kwargs)
    except ValueError as exc:  # a __post_init__ rule
        problems.append(Problem(path or "<scenario>", dict(data), str(exc)))
        return _INVALID
    check = getattr(instance, "check", None)
    if callable(check):
        for rel_path, value, message in check():
            problems.append(Problem(_join(path, rel_path) or "<scenario>", value, message))
    return instance


def _build_keyed(
    item_cls: type, data: object, path: str, problems: list[Problem], base: object
) -> object:
    """Build a keyed tuple from a table ``{name: {field: value}}`` merged onto ``base`` items."""
    if not isinstance(data, Mapping):
        problems.append(Problem(path, data, "expected a table keyed by item name"))
        return _INVALID
    defaults = {item.name: item for item in typing.cast(tuple[Any, ...], base or ())}
    items: dict[str, object] = dict(defaults)
    for key, item_data in data.items():
        item_path = _join(path, str(key))
        if not isinstance(key, str) or not ITEM_NAME.fullmatch(key):
            message = "item name must be a letter or '_' followed by letters, digits or '_'"
            problems.append(Problem(item_path, key, message))
        elif item_data is False:
            items.pop(key, None)
        elif not isinstance(item_data, Mapping):
            message = f"expected a table of {item_cls.__name__} (or false to remove the item)"
            problems.append(Problem(item_path, item_data, message))
        elif item_data.get("name", key) != key:
            message = f"must equal the table key {key!r} (or be left out)"
            problems.append(Problem(_join(item_path, "name"), item_data["name"], message))
        else:
            named = {**item_data, "name": key}
            items[key] = _build_dataclass(item_cls, named, item_path, problems, defaults.get(key))
    return tuple(items.values())


def _convert(
    value: object, hint: Any, info: FieldInfo, path: str, problems: list[Problem], base: object
) -> object:
    """Check ``value`` against annotation ``hint``; return the typed value or ``_INVALID``."""
    union = _union_arms(hint)
    if union is not None:
        arms, nullable = union
        if value is None and nullable:
            return None
        if len(arms) == 1:
            return _convert(value, arms[0], info, path, problems, base)
        for arm in arms:
            if _fits(value, arm):
                return _convert(value, arm, info, path, problems, base)
        names = [_SCALARS[arm] for arm in arms]
        expected = f"{', '.join(names[:-1])} or {names[-1]}"
        problems.append(Problem(path, value, f"expected {expected}"))
        return _INVALID
    if _is_variadic_tuple(hint):
        converted = _convert_tuple(value, typing.get_args(hint), info, path, problems)
        return _check_count(converted, info, path, problems)
    if _is_table(hint):
        table = _convert_table(value, typing.get_args(hint)[1], info, path, problems)
        return _check_count(table, info, path, problems)
    if _is_schema_class(hint):
        return _build_dataclass(
            hint, value, path, problems, base if isinstance(base, hint) else None
        )
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _convert_enum(value, hint, path, problems)
    if hint is bool:
        if isinstance(value, bool):
            return value
        problems.append(Problem(path, value, "expected true or false"))
        return _INVALID
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            problems.append(Problem(path, value, "expected an integer"))
            return _INVALID
        return _check_bounds(int(value), value, info, path, problems)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            problems.append(Problem(path, value, "expected a number"))
            return _INVALID
        if not math.isfinite(value):
            problems.append(Problem(path, value, "expected a finite number"))
            return _INVALID
        return _check_bounds(float(value), value, info, path, problems)
    if hint is str:
        if isinstance(value, str):
            return str(value)
        problems.append(Problem(path, value, "expected a string"))
        return _INVALID
    raise TypeError(f"scenario field {path!r} has a type the engine cannot validate: {hint!r}")


def _convert_tuple(
    value: object, args: tuple[Any, ...], info: FieldInfo, path: str, problems: list[Problem]
) -> object:
    if not isinstance(value, list | tuple):
        problems.append(Problem(path, value, f"expected an array of {_type_name(args[0])}"))
        return _INVALID
    before = len(problems)
    converted = tuple(
        _convert(element, args[0], info, f"{path}[{i}]", problems, None)
        for i, element in enumerate(value)
    )
    return _INVALID if len(problems) > before else converted


def _convert_table(
    value: object, item_hint: Any, info: FieldInfo, path: str, problems: list[Problem]
) -> object:
    if not isinstance(value, Mapping):
        problems.append(Problem(path, value, "expected a table"))
        return _INVALID
    before = len(problems)
    converted = {
        str(key): _convert(item, item_hint, info, _join(path, str(key)), problems, None)
        for key, item in value.items()
    }
    return _INVALID if len(problems) > before else converted


def _check_count(value: object, info: FieldInfo, path: str, problems: list[Problem]) -> object:
    """Refuse a tuple or table of more than ``info.max_items`` items."""
    limit = info.max_items
    if limit is None or isinstance(value, _Invalid) or len(typing.cast(Any, value)) <= limit:
        return value
    count = len(typing.cast(Any, value))
    problems.append(Problem(path, value, f"at most {limit:,} items are allowed; got {count:,}"))
    return _INVALID


def _convert_enum(value: object, enum: type[Enum], path: str, problems: list[Problem]) -> object:
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        for member in enum:
            if str(member.value).casefold() == value.casefold():
                return member
    allowed = ", ".join(str(member.value) for member in enum)
    problems.append(Problem(path, value, f"expected one of: {allowed}"))
    return _INVALID


def _check_bounds(
    number: float, raw: object, info: FieldInfo, path: str, problems: list[Problem]
) -> object:
    lo, hi = info.lowest, info.highest
    if (lo is None or number >= lo) and (hi is None or number <= hi):
        return number
    if lo is not None and hi is not None:
        message = f"must be between {_number(lo)} and {_number(hi)}"
    elif lo is not None:
        message = f"must be >= {_number(lo)}"
    else:
        message = f"must be <= {_number(typing.cast(float, hi))}"
    problems.append(Problem(path, raw, message))
    return _INVALID


# --------------------------------------------------------------------------------------------
# to_data, iter_fields, get_path
# --------------------------------------------------------------------------------------------


def to_data(obj: object) -> dict[str, Any]:
    """Turn a schema dataclass instance into plain nested data that :func:`build` accepts.

    Enums become their value strings, tuples lists, keyed tuples tables keyed by item name
    (without repeating ``name``; a default item missing from ``obj`` is written as ``false``),
    and ``None`` values are left out. The result can be written as TOML or JSON, and
    ``build(type(obj), to_data(obj)) == obj`` holds for every instance :func:`build` produces.
    It can fail only for hand-made instances that set ``None`` where the default is not ``None``
    or that list default keyed items in another order than the defaults.

    Parameters
    ----------
    obj:
        An instance of a schema dataclass.

    Returns
    -------
    dict[str, Any]
        Plain data: dicts, lists, str, int, float and bool.
    """
    if not _is_schema_class(type(obj)):
        raise TypeError(f"to_data expects a scenario dataclass instance, not {type(obj).__name__}")
    return _dataclass_to_data(obj, None)


def _dataclass_to_data(obj: object, base: object | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f, _hint, info in _schema_fields(typing.cast(type, type(obj))):
        value = getattr(obj, f.name)
        if value is None:
            continue
        default = getattr(base, f.name) if base is not None else _field_default(f)
        out[f.name] = (
            _keyed_to_data(value, default) if info.keyed else _value_to_data(value, default)
        )
    return out


def _keyed_to_data(items: tuple[Any, ...], defaults: tuple[Any, ...] | None) -> dict[str, Any]:
    by_name = {item.name: item for item in defaults or ()}
    table: dict[str, Any] = {}
    for item in items:
        item_data = _dataclass_to_data(item, by_name.get(item.name))
        del item_data["name"]
        table[item.name] = item_data
    table.update({name: False for name in by_name if name not in table})
    return table


def _value_to_data(value: object, default: object) -> Any:
    if _is_schema_class(type(value)):
        return _dataclass_to_data(value, default if type(default) is type(value) else None)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_value_to_data(element, None) for element in value]
    if isinstance(value, dict):
        return {key: _value_to_data(element, None) for key, element in value.items()}
    return value


def iter_fields(cls_or_instance: object, prefix: str = "") -> Iterator[FieldRow]:
    """Walk the leaf values of a schema with their dotted paths, metadata and defaults.

    Nested dataclasses are descended into; keyed tuples are descended into through their items
    (``categories.neighbour_dispute.severity``; the items' ``name`` is the path segment, so it
    is not listed again). Given a class, the defaults are the schema defaults; given an
    instance, they are the instance's current values.

    Parameters
    ----------
    cls_or_instance:
        A schema dataclass or an instance of one.
    prefix:
        Dotted path prepended to every row's path.

    Yields
    ------
    FieldRow
        ``(path, info, type_name, default)`` for each leaf value.
    """
    cls = cls_or_instance if isinstance(cls_or_instance, type) else type(cls_or_instance)
    if not _is_schema_class(cls):
        raise TypeError(f"iter_fields expects a scenario dataclass, not {cls!r}")
    instance = None if isinstance(cls_or_instance, type) else cls_or_instance
    yield from _iter_rows(cls, instance, prefix)


def differences(
    before: object, after: object
) -> Iterator[tuple[str, FieldRow | None, FieldRow | None]]:
    """The leaf values in which two schema instances differ, in schema order.

    Yields ``(path, row before, row after)`` (:func:`iter_fields`); a value only one of them has
    (an item of a keyed table only one lists) has ``None`` on the other side. Floats that are
    both NaN are the same value.
    """
    old = {row.path: row for row in iter_fields(before)}
    new = {row.path: row for row in iter_fields(after)}
    for path in dict.fromkeys([*old, *new]):
        a, b = old.get(path), new.get(path)
        if a is None or b is None or not _same_value(a.default, b.default):
            yield path, a, b


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _iter_rows(
    cls: type, instance: object | None, prefix: str, parent: FieldInfo | None = None
) -> Iterator[FieldRow]:
    for f, hint, info in _schema_fields(cls):
        value = getattr(instance, f.name) if instance is not None else _field_default(f)
        path = _join(prefix, f.name)
        if info.keyed:
            for item in value:
                rows = _iter_rows(type(item), item, _join(path, item.name))
                yield from (row for row in rows if row.path != _join(path, f"{item.name}.name"))
        elif _is_schema_class(hint):
            # a record inside a section (population.migrant_share) lends its leaves its meaning;
            # a top-level section's title would only repeat the path
            yield from _iter_rows(hint, value, path, parent=info if prefix else None)
        else:
            yield FieldRow(path, _within(parent, info), _type_name(hint), value)


def _within(parent: FieldInfo | None, leaf: FieldInfo) -> FieldInfo:
    """A value of a nested record (``migrant_share.age_60_plus``) described in its parent's terms.

    The leaf's doc says which element it is ("ages 60+"); the parent says what the
    values mean and where they come from, and is a lever if either is.
    """
    if parent is None:
        return leaf
    return dataclasses.replace(
        leaf,
        doc=f"{parent.doc} — {leaf.doc}",
        source=leaf.source if leaf.source != "E" else parent.source,
        lever=leaf.lever or parent.lever,
    )


def get_path(obj: object, dotted: str) -> Any:
    """Return the value at a dotted path of a schema instance.

    Keyed tuple items are addressed by name (``categories.neighbour_dispute.severity``) and
    elements of other tuples by index (``publicity.budget_shares.0``).

    Raises
    ------
    ScenarioError
        If the path does not lead to a value; the message lists what exists at that level.
    """
    current = obj
    walked = ""
    for segment in dotted.split(".") if dotted else ():
        walked = _join(walked, segment)
        names: list[str]
        if _is_schema_class(type(current)):
            names = [f.name for f in dataclasses.fields(typing.cast(type, type(current)))]
            if segment in names:
                current = getattr(current, segment)
                continue
        elif isinstance(current, tuple):
            keyed = all(_is_schema_class(type(item)) for item in current)
            names = [str(getattr(item, "name", "")) for item in current] if keyed else []
            if segment in names:
                current = current[names.index(segment)]
                continue
            if segment.isdigit() and int(segment) < len(current):
                current = current[int(segment)]
                continue
            names = names or [str(i) for i in range(len(current))]
        else:
            raise ScenarioError([Problem(walked, segment, "no such value: parent is a leaf")])
        close = difflib.get_close_matches(segment, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(names)}"
        raise ScenarioError([Problem(walked, segment, f"no such value; {hint}")])
    return current


def path_problem(cls: type, dotted: str) -> str | None:
    """Say why ``dotted`` names no value of schema ``cls``, or return ``None`` if it may.

    Used to check an override's path before it is applied, so that the error names the whole
    path the user typed (``no.such.path``) rather than the first unknown table. A path into a
    keyed tuple may name a new item (``categories.storm.severity``); a path into a
    ``dict[str, T]`` may name any key; the values themselves are checked by :func:`build`.
    """
    current: Any = cls
    segments = dotted.split(".")
    index = 0
    while index < len(segments):
        segment, walked = segments[index], ".".join(segments[:index])
        if not _is_schema_class(current):
            return f"{walked} is a single value, not a table, so it has no {segment!r}"
        fields = {schema_field.field.name: schema_field for schema_field in _schema_fields(current)}
        if segment not in fields:
            allowed = list(fields)
            close = difflib.get_close_matches(segment, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            where = f" in {walked!r}" if walked else ""
            return f"unknown key {segment!r}{where}; {hint}"
        _, hint, info = fields[segment]
        arm = _optional_arm(hint)
        hint = hint if arm is None else arm
        if info.keyed:
            current, index = _keyed_item_class(hint, segment), index + 2
        elif _is_table(hint):
            return None
        else:
            current, index = hint, index + 1
    return None
