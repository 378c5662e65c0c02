"""docs/model.md's parameter tables agree with the schema (so the ODD description can't go stale).

Every scenario value outside the keyed department and category tables has a row
``| `path` | default | …`` in ``docs/model.md`` whose default is the schema default, and every
range cell ``[lo, hi]`` in a row of a scenario value is the schema's range.
"""

from __future__ import annotations

import re

from _validation import REPO_ROOT
from govsim.scenario import Scenario
from govsim.scenario.engine import iter_fields

_ROW = re.compile(r"^\| `([a-z_0-9.]+)` \| ([^|]*) \|", re.MULTILINE)
_UNDOCUMENTED = ("name", "description")  # the scenario's own label, not model parameters
_KEYED = ("categories.", "departments.")  # documented as per-item tables


def _documented() -> dict[str, str]:
    rows: dict[str, str] = {}
    for match in _ROW.finditer((REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8")):
        rows.setdefault(match.group(1), match.group(2).strip())
    return rows


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def test_every_parameter_documented_with_its_default() -> None:
    documented = _documented()
    problems = []
    for row in iter_fields(Scenario):
        if row.path in _UNDOCUMENTED or row.path.startswith(_KEYED):
            continue
        shown = _shown(row.default)
        if row.path not in documented:
            problems.append(f"{row.path}: no row in docs/model.md (schema default {shown})")
        elif shown not in (documented[row.path], documented[row.path].replace(",", "")):
            problems.append(f"{row.path}: docs/model.md {documented[row.path]}, schema {shown}")
    assert not problems, "\n".join(problems)


_RANGE = re.compile(r"^\[([^\]|]*), ([^\]|]*)\]$")


def test_documented_ranges_are_the_schema_ranges() -> None:
    rows = {row.path: row for row in iter_fields(Scenario)}
    problems = []
    text = (REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        match = re.match(r"^\| `([a-z_0-9.]+)` \|", line)
        if match is None or match.group(1) not in rows:
            continue
        info = rows[match.group(1)].info
        expected = (
            "" if info.lo is None else f"{info.lo:g}",
            "" if info.hi is None else f"{info.hi:g}",
        )
        for cell in line.split("|"):
            found = _RANGE.match(cell.strip())
            if found and found.groups() != expected:
                problems.append(
                    f"{match.group(1)}: docs/model.md {cell.strip()}, schema {expected}"
                )
    assert not problems, "\n".join(problems)
