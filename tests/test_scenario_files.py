"""Scenario files are data (issue 14): bounded reading, confined ``extends``, no echoed values."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

import govsim
from govsim.scenario import ScenarioError, load_scenario, read_scenario_data
from govsim.scenario.files import (
    MAX_FILE_BYTES,
    MAX_KEY_PARTS,
    MAX_NESTING,
    TomlFileError,
    read_toml,
)
from govsim.scenario.loading import MAX_EXTENDS

SECRET = "ghp_7hIsIsAsEcReTtOkEn"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def message(path: Path, **kwargs: object) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


# --------------------------------------------------------------------------------------------
# extends reaches only the scenario's own directory tree (or explicit search paths)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A TOML file with a secret outside the project directory ``tmp_path / 'project'``."""
    return write(tmp_path / "config" / "credentials.toml", f'days = "{SECRET}"\n')


@pytest.mark.parametrize(
    "extends",
    ["../config/credentials.toml", "{absolute}", "sub/../../config/credentials.toml"],
)
def test_extends_cannot_leave_the_scenario_directory(
    tmp_path: Path, outside: Path, extends: str
) -> None:
    target = extends.replace("{absolute}", outside.as_posix())
    top = write(tmp_path / "project" / "top.toml", f'extends = "{target}"\n')
    text = message(top)
    assert "is outside the scenario's directory" in text
    assert str(tmp_path / "project") in text
    assert SECRET not in text


def test_a_symbolic_link_out_of_the_tree_is_refused(tmp_path: Path, outside: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "base.toml").symlink_to(outside)
    top = write(project / "top.toml", 'extends = "base.toml"\n')
    text = message(top)
    assert "is outside the scenario's directory" in text
    assert SECRET not in text


def test_a_search_path_allows_extending_from_it(tmp_path: Path, village_path: Path) -> None:
    top = write(
        tmp_path / "mine" / "pilot.toml",
        f'extends = "{village_path.as_posix()}"\n[appraisal]\naudit_rate = 0.2\n',
    )
    assert "outside the scenario's directory" in message(top)
    scenario = load_scenario(top, search_paths=[village_path.parent])
    assert scenario.county.villages == 1
    assert scenario.appraisal.audit_rate == 0.2


def test_files_below_the_scenario_may_be_extended(tmp_path: Path) -> None:
    write(tmp_path / "base" / "root.toml", "days = 10\n")
    top = write(tmp_path / "top.toml", 'extends = "base/root.toml"\n')
    assert load_scenario(top).days == 10


@pytest.mark.parametrize(
    "extends",
    ['"a\\u0000b.toml"', '""', '"a\\nb.toml"', "true", '["a.toml"]', '"' + "a" * 2000 + '"'],
)
def test_bad_extends_values_are_clean_errors(tmp_path: Path, extends: str) -> None:
    top = write(tmp_path / "top.toml", f"extends = {extends}\n")
    assert re.search(r"(extends: expected the name of a TOML file|not valid TOML)", message(top))


def test_extends_chains_are_limited_and_read_in_linear_time(tmp_path: Path) -> None:
    count = 1200
    for index in range(count):
        write(tmp_path / f"s{index}.toml", f'extends = "s{index + 1}.toml"\nname = "n{index}"\n')
    write(tmp_path / f"s{count}.toml", "days = 5\n")
    started = time.perf_counter()
    text = message(tmp_path / "s0.toml")
    assert time.perf_counter() - started < 5  # it was 12-20 s before; it stops after 16 files
    assert f"extends chain longer than {MAX_EXTENDS} files" in text
    ok = write(tmp_path / "short" / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "short" / "b.toml", 'extends = "c.toml"\ndays = 3\n')
    write(tmp_path / "short" / "c.toml", "days = 2\nname = 'c'\n")
    assert read_scenario_data(ok) == {"days": 3, "name": "c"}


# --------------------------------------------------------------------------------------------
# Values read from files are never echoed; values given with --set are
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        f'days = "{SECRET}"',
        f'[appraisal]\naudit_rate = "{SECRET}"',
        f'[feedback]\nnotifed_share = "{SECRET}"',
        f'[categories.{SECRET[:8]}x]\nlead_department = "{SECRET}"',
        f"county = '{SECRET}'",
        f"[county]\nvillages = ['{SECRET}']",
    ],
)
def test_errors_never_echo_file_values(tmp_path: Path, body: str) -> None:
    text = message(write(tmp_path / "leaky.toml", body + "\n"))
    assert SECRET not in text
    assert "leaky.toml" in text


def test_errors_echo_values_given_as_overrides(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.toml", f'[feedback]\nnotified_share = "{SECRET}"\n')
    text = message(path, overrides=["appraisal.audit_rate=1.5", "no.such.path=1"])
    assert "appraisal.audit_rate = 1.5: must be between 0 and 1" in text
    assert "no.such.path = 1: unknown key 'no'" in text
    assert "feedback.notified_share: expected a number" in text
    assert SECRET not in text


def test_an_override_through_a_file_value_does_not_echo_it(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.toml", f'county = "{SECRET}"\n')
    text = message(path, overrides=["county.villages=2"])
    assert SECRET not in text
    assert "county: is not a table" in text


# --------------------------------------------------------------------------------------------
# read_toml: bounded in size, key length and nesting; garbage is a clean error
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"days = 3\n\xff\xfe\n", "not valid UTF-8"),
        (b"days = \x00\n", "not valid TOML"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b"a = " + b"{b=" * 400 + b"1" + b"}" * 400, "nested"),
        (b"a = " + b"9" * 5000, "too many digits"),
        (("a." + ".".join(["k"] * 40_000) + " = 1\n").encode(), f"more than {MAX_KEY_PARTS} parts"),
        (("[" + ".".join(["k"] * 100) + "]\n").encode(), f"more than {MAX_KEY_PARTS} parts"),
        (b"x = 1\n" + b"#" * (MAX_FILE_BYTES + 1), "larger than"),
        (b"days = = 3", "not valid TOML: .*line 1"),
    ],
)
def test_garbage_is_a_clean_error(tmp_path: Path, content: bytes, match: str) -> None:
    path = write(tmp_path / "garbage.toml", content)
    started = time.perf_counter()
    with pytest.raises(TomlFileError, match=match):
        read_toml(path)
    assert time.perf_counter() - started < 2  # a 40,000-part key took 22 s to parse
    with pytest.raises(ScenarioError, match=f"garbage.toml:\n  - file: .*{match}"):
        load_scenario(path)


def test_nesting_deeper_than_the_limit_is_refused_after_parsing(tmp_path: Path) -> None:
    deep = "[" + ".".join(f"k{i}" for i in range(MAX_NESTING)) + "]\nx = 1\n"
    shallow = "[" + ".".join(f"k{i}" for i in range(MAX_NESTING - 1)) + "]\nx = 1\n"
    with pytest.raises(TomlFileError, match=f"nested more than {MAX_NESTING} levels"):
        read_toml(write(tmp_path / "deep.toml", deep))
    assert read_toml(write(tmp_path / "shallow.toml", shallow))


def test_strings_and_comments_do_not_count_as_keys(tmp_path: Path) -> None:
    dots = ".".join(["k"] * 100)
    text = f'description = "{dots}"\n# {dots}\nnote = """\n{dots}\n"""\nx = [1.5, 2.5, 3.5]\n'
    assert read_toml(write(tmp_path / "ok.toml", text))["description"] == dots


def test_a_directory_is_not_a_scenario(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    assert "is a directory" in message(tmp_path / "dir.toml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in message(fifo)


def test_python_data_nested_too_deeply_or_cyclic_is_refused() -> None:
    data: dict[str, object] = {}
    data["self"] = data
    with pytest.raises(ScenarioError, match="nested more than"):
        govsim.load_scenario(data)
