"""govsim's messages in English and Simplified Chinese, from one catalogue.

Every text a person reads in the teaching app — labels, lever names and help, units, department
names, demonstrations — is looked up here by a stable id, so the app, and later the planners'
decision report, speak the same language. The catalogue is two TOML files beside this module,
``en.toml`` and ``zh.toml``, with the same keys (``tests/app/test_app_i18n.py`` keeps them complete):

``[messages]``
    UI texts keyed by dotted ids (``"control.reset"``); ``{name}`` placeholders are filled by
    :func:`text`.
``[levers]``
    the short name of each policy lever, keyed by its scenario path with the item of a keyed
    table written ``*`` (``"departments.*.staff_per_100k_adults"``; :func:`lever_key`).
``[units]``, ``[departments]``
    the schema's units and the default departments' names.
``[lever_help]`` (Chinese only)
    a lever's help text. In English the help text *is* the schema's description
    (:class:`govsim.scenario.FieldInfo` ``doc``), so it cannot drift; each Chinese entry keeps
    the English text it translates as ``source``, and a test flags the translation as stale when
    the schema's description changes.
"""

from __future__ import annotations

import dataclasses
import functools
import string
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

from govsim.scenario import FieldInfo
from govsim.scenario.fields import field_info
from govsim.scenario.schema import Scenario

__all__ = [
    "LANGUAGES",
    "Language",
    "catalogue",
    "department_name",
    "keyed_sections",
    "lever_help",
    "lever_key",
    "lever_name",
    "placeholders",
    "text",
    "unit",
]

Language = Literal["en", "zh"]

#: Languages of the catalogue, with their own names (for a language switch).
LANGUAGES: dict[Language, str] = {"en": "English", "zh": "简体中文"}


@functools.cache
def catalogue(language: Language) -> Mapping[str, Any]:
    """The parsed catalogue of ``language`` (``en.toml`` or ``zh.toml``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    source = resources.files(__package__).joinpath(f"{language}.toml").read_text("utf-8")
    return tomllib.loads(source)


def text(key: str, language: Language, /, **values: Any) -> str:
    """The message ``key`` in ``language``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        If the catalogue has no such message (the completeness test keeps this from happening
        to a key the app uses).
    """
    message: str = catalogue(language)["messages"][key]
    return message.format(**values) if values else message


def placeholders(message: str) -> set[str]:
    """Names of the ``{placeholders}`` of a message."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


@functools.cache
def keyed_sections() -> frozenset[str]:
    """Top-level scenario fields that are keyed tables (``departments``, ``categories``)."""
    return frozenset(f.name for f in dataclasses.fields(Scenario) if field_info(f).keyed)


def lever_key(path: str) -> str:
    """The catalogue key of a scenario path: the item of a keyed table becomes ``*``.

    ``departments.judicial.data_standard`` → ``departments.*.data_standard``;
    ``appraisal.audit_rate`` is its own key.
    """
    section, _, rest = path.partition(".")
    if section in keyed_sections() and rest:
        _, _, field = rest.partition(".")
        return f"{section}.*.{field}"
    return path


def lever_name(path: str, language: Language) -> str:
    """The short name of the lever at ``path`` (for a keyed item, prefixed by the item's name)."""
    name: str = catalogue(language)["levers"][lever_key(path)]
    section, _, rest = path.partition(".")
    if section == "departments" and rest:
        item = department_name(rest.partition(".")[0], language)
        return text("levers.item", language, item=item, name=name)
    return name


def lever_help(path: str, info: FieldInfo, language: Language) -> str:
    """The help text of a lever: the schema's description, or its translation."""
    if language == "en":
        return info.doc
    entry: Mapping[str, str] = catalogue(language)["lever_help"][lever_key(path)]
    return entry["help"]


def unit(name: str, language: Language) -> str:
    """A schema unit in ``language`` (the unit itself where the catalogue has none)."""
    units: Mapping[str, str] = catalogue(language)["units"]
    return units.get(name, name)


def department_name(name: str, language: Language) -> str:
    """A department's display name (its scenario name, spaced, if the catalogue lacks it)."""
    names: Mapping[str, str] = catalogue(language)["departments"]
    return names.get(name, name.replace("_", " "))
