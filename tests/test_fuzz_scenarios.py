"""Fuzzing scenario input, and running every scenario that validates (issue 14 points 1 and 2).

* **Fuzz**: ``govsim validate FILE`` on files built from the schema with values at and beyond
  their bounds and of wrong types, table/value confusions, unknown keys, removed and invented
  keyed items, TOML garbage (random and mutated text, deep nesting, long dotted keys, NUL and
  invalid UTF-8) and hostile ``extends`` (absolute paths, ``..``, symbolic links out of the tree,
  cycles, long chains, directories, non-strings). Every case must end with exit 0 or 2, no
  traceback, and no value of a file outside the project in the output. ``make test`` runs a
  quick profile (:data:`QUICK_CASES`); the slow suite runs :data:`SLOW_CASES`.
* **Property**: any scenario that validates runs three days at village scale without an
  exception (warnings are errors in the test suite, so a numeric overflow fails it too).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import govsim
from govsim.cli import main
from govsim.scenario import ScenarioError, with_overrides
from govsim.scenario.loading import MAX_EXTENDS
from scenario_strategies import (
    WRONG_TYPES,
    as_toml_value,
    hostile_values,
    leaves,
    valid_overrides,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
VILLAGE = govsim.load_scenario(REPO_ROOT / "scenarios" / "village.toml")
ROWS = leaves(VILLAGE)
PATHS = sorted(ROWS)
SECRET = "tok_9f8e7d6c5b4a3210SECRET"

QUICK_CASES = 300
SLOW_CASES = 10_000
QUICK_RUNS = 50
SLOW_RUNS = 2000


# --------------------------------------------------------------------------------------------
# Fuzz cases: what one case writes into the project directory
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    """A scenario file to validate (``name``), with any other files it brings."""

    kind: str
    top: bytes
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # name -> target ({secret}, {project})
    directories: tuple[str, ...] = ()


def _key(part: str) -> str:
    bare = part and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in part)
    return part if bare else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _assignments(values: dict[str, Any]) -> str:
    lines = []
    for path, value in values.items():
        text = as_toml_value(value)
        if text is not None:
            lines.append(".".join(_key(part) for part in path.split(".")) + f" = {text}")
    return "\n".join(lines) + "\n"


@st.composite
def structured(draw: st.DrawFn) -> Case:
    """The village with a few leaves set to hostile values, keys invented or tables confused."""
    values: dict[str, Any] = {}
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=6, unique=True)):
        values[path] = draw(hostile_values(ROWS[path]))
    choice = draw(st.integers(0, 5))
    if choice == 1:  # an unknown key somewhere
        parent = draw(st.sampled_from(PATHS)).rpartition(".")[0]
        values[f"{parent}.{draw(st.from_regex(r'[a-z_]{1,12}', fullmatch=True))}".lstrip(".")] = 1
    elif choice == 2:  # a table where a value is expected, or a value where a table is
        path = draw(st.sampled_from(PATHS))
        section = path.split(".")[0]
        values = {k: v for k, v in values.items() if not k.startswith(section)}
        values[section if draw(st.booleans()) else path] = draw(st.sampled_from(WRONG_TYPES))
    elif choice == 3:  # remove keyed items, invent new ones
        for name in draw(
            st.lists(st.sampled_from([c.name for c in VILLAGE.categories]), max_size=9)
        ):
            values = {k: v for k, v in values.items() if not k.startswith(f"categories.{name}")}
            values[f"categories.{name}"] = False
        new = draw(st.text(min_size=1, max_size=12))
        values[f"departments.{new}"] = {
            "staff_per_100k_adults": draw(st.sampled_from((*WRONG_TYPES, 1.0)))
        }
    elif choice == 4:  # strings with secrets where numbers go, values from "the command line"
        values[draw(st.sampled_from(PATHS))] = SECRET
    body = 'extends = "village.toml"\n' + _assignments(values)
    return Case("structured", body.encode("utf-8", "surrogatepass"))


@st.composite
def garbage(draw: st.DrawFn) -> Case:
    """TOML garbage: random bytes and text, mutated valid files, deep or long structures."""
    valid = (REPO_ROOT / "scenarios" / "baseline.toml").read_bytes()
    choice = draw(st.integers(0, 6))
    if choice == 0:
        content = draw(st.binary(max_size=400))
    elif choice == 1:
        content = draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    elif choice == 2:  # a valid file with bytes deleted, inserted or replaced
        data = bytearray(valid)
        rng = random.Random(draw(st.integers(0, 2**32 - 1)))
        for _ in range(draw(st.integers(1, 20))):
            at = rng.randrange(len(data))
            action = rng.randrange(3)
            if action == 0:
                del data[at]
            elif action == 1:
                data.insert(at, rng.choice(b"[]{}=\"'#.\n\x00\xff,"))
            else:
                data[at] = rng.randrange(256)
        content = bytes(data)
    elif choice == 3:  # deep nesting
        depth = draw(st.integers(20, 5000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a=", "}")]))
        content = f"days = {opener * depth}1{closer * depth}\n".encode()
    elif choice == 4:  # long dotted keys and headers
        parts = ".".join(["k"] * draw(st.integers(10, 20_000)))
        content = draw(st.sampled_from([f"{parts} = 1\n", f"[{parts}]\nx = 1\n"])).encode()
    elif choice == 5:  # huge integers and floats
        digits = draw(st.integers(1, 6000))
        content = f"days = {'9' * digits}\n[county]\nvillages = 1e{digits}\n".encode()
    else:  # control characters and invalid UTF-8 in strings and keys
        junk = draw(st.binary(min_size=1, max_size=20))
        content = b'name = "' + junk + b'"\n' + junk + b" = 1\n"
    return Case("garbage", content)


@st.composite
def hostile_extends(draw: st.DrawFn) -> Case:
    """extends pointing outside, through links, in cycles, too far, at nothing sensible."""
    choice = draw(st.integers(0, 7))
    files: dict[str, bytes] = {}
    links: dict[str, str] = {}
    directories: tuple[str, ...] = ()
    if choice == 0:
        target = "{secret}"
    elif choice == 1:
        target = "../" * draw(st.integers(1, 6)) + "outside/secret.toml"
    elif choice == 2:  # a link in the tree to a file outside it
        links["link.toml"] = "{secret}"
        target = "link.toml"
    elif choice == 3:  # a cycle
        files["a.toml"] = b'extends = "b.toml"\n'
        files["b.toml"] = b'extends = "a.toml"\n'
        target = "a.toml"
    elif choice == 4:  # a chain longer than allowed
        length = draw(st.integers(MAX_EXTENDS - 2, MAX_EXTENDS + 40))
        for index in range(length):
            files[f"c{index}.toml"] = f'extends = "c{index + 1}.toml"\n'.encode()
        files[f"c{length}.toml"] = b'extends = "village.toml"\n'
        target = "c0.toml"
    elif choice == 5:  # a directory, or a link to the project itself
        directories = ("adir.toml",)
        links["here.toml"] = "{project}"
        target = draw(st.sampled_from(["adir.toml", "here.toml", ".", ""]))
    elif choice == 6:  # strange names
        target = draw(st.text(max_size=30))
    else:
        value = draw(st.sampled_from(WRONG_TYPES))
        text = as_toml_value(value) or "0"
        return Case("extends", f"extends = {text}\n".encode())
    escaped = target.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped)
    top = f'extends = "{escaped}"\n'.encode("utf-8", "surrogatepass")
    return Case("extends", top, files, links, directories)


CASES = st.one_of(structured(), garbage(), hostile_extends())


@contextmanager
def project() -> Iterator[tuple[Path, Path]]:
    """A project directory holding copies of the shipped scenarios, and a secret outside it."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        inside = root / "project"
        inside.mkdir()
        for name in ("baseline.toml", "village.toml"):
            shutil.copy(REPO_ROOT / "scenarios" / name, inside / name)
        outside = root / "outside"
        outside.mkdir()
        (outside / "secret.toml").write_text(
            f'days = "{SECRET}"\n[{SECRET}]\nvalue = "{SECRET}"\n', encoding="utf-8"
        )
        yield inside, outside / "secret.toml"


def validate_case(case: Case, directory: Path, secret: Path, counts: Counter[str]) -> None:
    """Write ``case`` into a fresh subdirectory, validate it with the CLI, check the outcome."""
    work = Path(tempfile.mkdtemp(dir=directory.parent, prefix="case-"))
    try:
        for name in ("baseline.toml", "village.toml"):
            os.link(directory / name, work / name)
        for name, content in case.files.items():
            (work / name).write_bytes(content)
        for name in case.directories:
            (work / name).mkdir()
        for name, target in case.links.items():
            resolved = target.replace("{secret}", str(secret)).replace("{project}", str(work))
            (work / name).symlink_to(resolved)
        top = work / "scenario.toml"
        top.write_bytes(case.top.replace(b"{secret}", str(secret).encode()))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["validate", str(top)])
        printed = out.getvalue() + err.getvalue()
        assert code in (0, 2), printed
        assert "Traceback" not in printed
        assert SECRET not in printed, printed
        counts[f"{case.kind} {'valid' if code == 0 else 'refused'}"] += 1
        counts["cases"] += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_fuzz(cases: int, counts: Counter[str], *, derandomize: bool) -> None:
    with project() as (directory, secret):

        @settings(
            max_examples=cases,
            deadline=None,
            derandomize=derandomize,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=CASES)
        def fuzz(case: Case) -> None:
            validate_case(case, directory, secret, counts)

        fuzz()


def test_fuzz_quick() -> None:
    counts: Counter[str] = Counter()
    run_fuzz(QUICK_CASES, counts, derandomize=True)
    assert counts["cases"] >= QUICK_CASES, counts
    assert counts["structured refused"], counts
    assert counts["garbage refused"], counts
    assert counts["extends refused"], counts


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_fuzz_ten_thousand_cases(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[str] = Counter()
    run_fuzz(SLOW_CASES, counts, derandomize=False)
    with capsys.disabled():
        print(f"\nfuzzed scenario input: {dict(sorted(counts.items()))}")
    assert counts["cases"] >= SLOW_CASES, counts


# --------------------------------------------------------------------------------------------
# Property: every scenario that validates runs three days at village scale
# --------------------------------------------------------------------------------------------


def run_valid_scenarios(examples: int, counts: Counter[str], *, derandomize: bool) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(overrides=valid_overrides(VILLAGE), seed=st.integers(0, 2**32 - 1))
    def property_(overrides: dict[str, Any], seed: int) -> None:
        try:
            scenario = with_overrides(VILLAGE, overrides)
        except ScenarioError:
            counts["rejected by validation"] += 1
            return
        result = govsim.run(scenario, days=3, seed=seed, spin_up_days=0)  # three days from set-up
        assert len(result.daily) == 3
        counts["ran"] += 1

    property_()


def test_valid_scenarios_run_three_days() -> None:
    counts: Counter[str] = Counter()
    run_valid_scenarios(QUICK_RUNS, counts, derandomize=True)
    assert counts["ran"] >= 0.9 * QUICK_RUNS, counts


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_many_valid_scenarios_run_three_days(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[str] = Counter()
    run_valid_scenarios(SLOW_RUNS, counts, derandomize=False)
    with capsys.disabled():
        print(f"\nvalid scenarios run three days: {dict(counts)}")
    assert counts["ran"] >= 0.9 * SLOW_RUNS, counts


def test_strategies_cover_every_numeric_leaf() -> None:
    numeric = [path for path, row in ROWS.items() if row.type_name in ("int", "float")]
    assert len(numeric) > 250
    assert all(ROWS[path].info.highest is not None for path in numeric), "every number is bounded"
