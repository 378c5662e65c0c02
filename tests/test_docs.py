"""The docs agree with the code: model.md's parameter tables, architecture.md's day and processes.

Every scenario value outside the keyed department and category tables has a row
``| `path` | default | …`` in ``docs/model.md`` whose default is the schema default, and every
range cell ``[lo, hi]`` in a row of a scenario value is the schema's range.
"""

from __future__ import annotations

import inspect
import re

from _validation import REPO_ROOT
from govsim.model import GovernanceModel
from govsim.scenario import Scenario
from govsim.scenario.engine import iter_fields

_ROW = re.compile(r"^\| `([a-z_0-9.]+)` \| ([^|]*) \|", re.MULTILINE)
# the scenario's own label, not model parameters; the roll-out schedule (§5.8) is a list of
# dated changes of the documented levers
_UNDOCUMENTED = ("name", "description", "rollouts")
_KEYED = ("categories.", "departments.")  # documented as per-item tables


def _tables(header: str) -> str:
    """The rows of every table of docs/model.md whose header row starts with ``header``."""
    lines = (REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8").splitlines()
    rows: list[str] = []
    inside = False
    for line in lines:
        if line.startswith(header):
            inside = True
        elif not line.startswith("|"):
            inside = False
        elif inside:
            rows.append(line)
    return "\n".join(rows)


def _documented() -> dict[str, str]:
    rows: dict[str, str] = {}
    for match in _ROW.finditer(_tables("| path | default |")):
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


def test_metric_tables_are_the_registry() -> None:
    """docs/model.md §4.11 holds the registry's tables verbatim (regenerate them with
    ``govsim.metrics.registry.markdown_table``)."""
    from govsim.metrics import DAILY, SUMMARY
    from govsim.metrics.registry import markdown_table

    text = (REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for registry in (DAILY, SUMMARY):
        assert markdown_table(registry) in text, f"the {registry.kind} metric table is stale"


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


def _architecture() -> str:
    return (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_documented_day_is_the_models_step() -> None:
    """docs/architecture.md shows ``GovernanceModel.step`` line for line (``Day(...)`` aside)."""
    source = inspect.getsource(GovernanceModel.step)
    body = source.split('"""')[2]  # after the docstring
    code = [line.strip() for line in body.splitlines() if line.strip()]
    day = next(i for i, line in enumerate(code) if line.startswith("self.today = Day("))
    end = next(i for i, line in enumerate(code) if line.startswith(")") and i > day)
    code[day : end + 1] = ["self.today = Day(...)  # every batch above"]
    block = _architecture().split("```python\ndef step(self) -> None:\n")[1].split("```")[0]
    documented = [line.strip() for line in block.splitlines() if line.strip()]
    assert documented == code


def test_the_process_table_names_every_process_and_the_columns_it_writes() -> None:
    """One row per process of the day, whose "writes" cell is the process's own WRITES."""
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| `(\w+)` \(.*\| ([^|]*) \|$", _architecture(), re.MULTILINE)
    }
    model = GovernanceModel(REPO_ROOT / "scenarios" / "village.toml", rng=1, datacollection=False)
    for process in model.processes:
        name = type(process).__name__
        assert name in rows, f"docs/architecture.md has no row for {name}"
        written = re.findall(r"`([^`]+)`", rows[name])
        assert written == list(process.WRITES), name
