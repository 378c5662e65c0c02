"""govsim's words in English and Simplified Chinese, from one catalogue.

Every text a person reads — in the teaching app (:mod:`govsim.app`) and in the planners' decision
report (:mod:`govsim.report`) — is looked up here by a stable id, so both speak the same language
and name a lever, a metric or a unit the same way. The catalogue is two TOML files beside this
module, ``en.toml`` and ``zh.toml``, with the same keys and the same ``{placeholders}``
(``tests/test_i18n.py`` keeps them complete and in step with the schema and the metric
registry). Its sections:

``[messages]``
    the teaching app's texts, keyed by dotted ids (``"control.reset"``); :func:`text`.
``[report]``
    the decision report's sentences and headings, looked up as ``"report.<id>"``
    (``text("report.section.brief", "zh")``).
``[metrics]``
    a short label of every registered metric, daily and summary
    (:data:`govsim.metrics.DAILY`, :data:`govsim.metrics.SUMMARY`); :func:`metric_label`.
``[levers]``
    the short name of each policy lever, keyed by its scenario path with the item of a keyed
    table written ``*`` (``"departments.*.staff_per_100k_adults"``; :func:`lever_key`,
    :func:`lever_name`).
``[lever_help]`` (Chinese only)
    a lever's help text (:func:`lever_help`). In English the help text *is* the schema's
    description (:class:`govsim.scenario.FieldInfo` ``doc``), so it cannot drift; each Chinese
    entry keeps the English text it translates as ``source``, and a test flags the translation
    as stale when the schema's description changes.
``[prices]``
    the unit prices of the scenario's ``[costs]`` table, by path (:func:`price_name`).
``[sections]``
    the scenario's top-level sections (``appraisal``, ``centre``, ...; :func:`section_name`).
``[units]``, ``[departments]``
    every unit of the schema and of the metric registry (:func:`unit`) and the default
    departments' names (:func:`department_name`).
"""

from __future__ import annotations

import dataclasses
import functools
import string
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

from govsim.scenario import FieldInfo, Scenario
from govsim.scenario.fields import field_info

__all__ = [
    "LANGUAGES",
    "MESSAGE_SECTIONS",
    "Language",
    "catalogue",
    "department_name",
    "keyed_sections",
    "lever_help",
    "lever_key",
    "lever_name",
    "messages",
    "metric_label",
    "placeholders",
    "price_name",
    "section_name",
    "text",
    "unit",
]

Language = Literal["en", "zh"]

#: Languages of the catalogue, with their own names (for a language switch).
LANGUAGES: dict[Language, str] = {"en": "English", "zh": "简体中文"}

#: Catalogue sections of messages other than the app's ``[messages]``: a key
#: ``"report.section.brief"`` is the entry ``section.brief`` of ``[report]``.
MESSAGE_SECTIONS: tuple[str, ...] = ("report",)


@functools.cache
def catalogue(language: Language) -> Mapping[str, Any]:
    """The parsed catalogue of ``language`` (``en.toml`` or ``zh.toml``).

    Raises
    ------
    ValueError
        If ``language`` is not one of :data:`LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    source = resources.files(__package__).joinpath(f"{language}.toml").read_text("utf-8")
    return tomllib.loads(source)


@functools.cache
def messages(language: Language) -> Mapping[str, str]:
    """Every message of ``language`` by the key :func:`text` takes (app's and report's)."""
    entries = catalogue(language)
    found: dict[str, str] = dict(entries["messages"])
    for section in MESSAGE_SECTIONS:
        found.update({f"{section}.{key}": value for key, value in entries[section].items()})
    return found


def text(key: str, language: Language, /, **fields: Any) -> str:
    """The message ``key`` in ``language``, with its ``{placeholders}`` filled from ``fields``.

    Raises
    ------
    KeyError
        If the catalogue has no such message (the message names it).
    """
    try:
        message = messages(language)[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {language} catalogue") from None
    return message.format(**fields) if fields else message


def placeholders(message: str) -> set[str]:
    """Names of the ``{placeholders}`` of a message."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def metric_label(name: str, language: Language) -> str:
    """The short label of a registered metric (daily or summary).

    A name the catalogue lacks (a metric read from an older result store) is shown as it is.
    """
    labels: Mapping[str, str] = catalogue(language)["metrics"]
    return labels.get(name, name)


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
    """The short name of the lever at ``path`` (for a keyed item, prefixed by the item's name).

    Raises
    ------
    KeyError
        If ``path`` is not a catalogued lever.
    """
    try:
        name: str = catalogue(language)["levers"][lever_key(path)]
    except KeyError:
        raise KeyError(f"no lever {path!r} in the {language} catalogue") from None
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


def price_name(path: str, language: Language) -> str:
    """What a unit price of the scenario's ``[costs]`` pays for (``costs.village_meeting_cny``).

    Raises
    ------
    KeyError
        If ``path`` is not a catalogued price.
    """
    try:
        name: str = catalogue(language)["prices"][path]
    except KeyError:
        raise KeyError(f"no unit price {path!r} in the {language} catalogue") from None
    return name


def section_name(name: str, language: Language) -> str:
    """A top-level scenario section in words (its name where the catalogue has none)."""
    names: Mapping[str, str] = catalogue(language)["sections"]
    return names.get(name, name)


def unit(name: str, language: Language) -> str:
    """A schema or metric unit in ``language`` (the unit itself where the catalogue has none)."""
    units: Mapping[str, str] = catalogue(language)["units"]
    return units.get(name, name)


def department_name(name: str, language: Language) -> str:
    """A department's display name (its scenario name, spaced, if the catalogue lacks it)."""
    names: Mapping[str, str] = catalogue(language)["departments"]
    return names.get(name, name.replace("_", " "))
