"""Reading TOML files as untrusted data: bounded in size, depth and time, errors without content.

Scenario and experiment files come from anywhere (a colleague, a download, a fuzzer), so reading
one must end quickly with either plain data or a :class:`TomlFileError` whose message names the
file and what is wrong but never repeats what the file contains. :func:`read_toml` refuses

* anything but a regular file (a directory, a FIFO, a device) and files over
  :data:`MAX_FILE_BYTES`;
* bytes that are not UTF-8 (TOML is UTF-8);
* dotted keys and table headers of more than :data:`MAX_KEY_PARTS` parts, before parsing:
  ``tomllib`` takes time that grows with the cube of a dotted key's length (40,000 parts take
  ~20 s);
* invalid TOML (``tomllib``'s message gives the line and column), values nested so deeply that
  ``tomllib`` runs out of stack, and integers of more digits than Python converts;
* parsed data nested more than :data:`MAX_NESTING` tables or arrays deep
  (:func:`check_nesting`, also applied to data given from Python), so that no later recursive
  step can run out of stack.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_KEY_PARTS",
    "MAX_NESTING",
    "TomlFileError",
    "check_nesting",
    "read_toml",
]

#: Largest file read (bytes); govsim's own scenario and experiment files are under 10 KiB.
MAX_FILE_BYTES = 1024 * 1024
#: Most parts in one dotted key or table header (``a.b.c`` has 3); scenario paths have at most 4.
MAX_KEY_PARTS = 32
#: Deepest nesting of tables and arrays in the parsed data; the schemas use at most 5 levels.
MAX_NESTING = 32

#: A dotted key of more than MAX_KEY_PARTS parts, in code whose strings were replaced by ``s``.
_LONG_KEY = re.compile(
    r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+){" + str(MAX_KEY_PARTS) + r",}"
)
_STRING_OR_COMMENT_START = re.compile(r"[\"'#]")


class TomlFileError(ValueError):
    """A file that cannot be read as TOML data; the message names the file, not its content."""


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML file within the limits of this module.

    Parameters
    ----------
    path:
        The file.

    Returns
    -------
    dict[str, Any]
        The parsed data (plain dicts, lists and scalars).

    Raises
    ------
    FileNotFoundError
        If there is no such file (callers word this one themselves).
    TomlFileError
        For anything else that makes the file unreadable as TOML data.
    """
    text = _read_text(Path(path))
    line = _long_key_line(text)
    if line is not None:
        raise TomlFileError(
            f"line {line}: a dotted key or table header has more than {MAX_KEY_PARTS} parts"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlFileError(f"not valid TOML: {error}") from None
    except RecursionError:
        raise TomlFileError("not valid TOML: values nested too deeply") from None
    except ValueError:  # int() of more than sys.get_int_max_str_digits() digits
        raise TomlFileError("not valid TOML: an integer has too many digits") from None
    check_nesting(data)
    return data


def check_nesting(data: object, limit: int = MAX_NESTING) -> None:
    """Refuse data nested more than ``limit`` tables or arrays deep (or containing itself).

    The walk is iterative, so it cannot itself run out of stack.

    Raises
    ------
    TomlFileError
        If some value lies deeper than ``limit`` levels.
    """
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list | tuple):
            children = value
        else:
            continue
        if depth >= limit:
            raise TomlFileError(f"tables or arrays are nested more than {limit} levels deep")
        stack.extend((child, depth + 1) for child in children)


def _read_text(path: Path) -> str:
    # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores the flag.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise TomlFileError(f"cannot read file: {error.strerror}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise TomlFileError("is a directory, not a TOML file")
        raise TomlFileError("is not a regular file (a device, FIFO or socket)")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            content = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise TomlFileError(f"cannot read file: {error.strerror}") from None
    if len(content) > MAX_FILE_BYTES:
        raise TomlFileError(f"larger than {MAX_FILE_BYTES // 1024} KiB; not a scenario file")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TomlFileError(f"not valid UTF-8 (byte {error.start}); TOML files are UTF-8") from None


def _long_key_line(text: str) -> int | None:
    """Return the line of the first dotted key of more than MAX_KEY_PARTS parts, if any."""
    code = _code_without_strings(text)
    match = _LONG_KEY.search(code)
    if match is None:
        return None
    return code.count("\n", 0, match.start()) + 1


def _code_without_strings(text: str) -> str:
    """``text`` with comments removed and each string replaced by ``s`` (a one-part key).

    A linear scan that follows TOML's four kinds of string; line breaks outside strings are
    kept, so line numbers of the code are those of the file.
    """
    out: list[str] = []
    position, end = 0, len(text)
    while position < end:
        match = _STRING_OR_COMMENT_START.search(text, position)
        if match is None:
            out.append(text[position:])
            break
        start = match.start()
        out.append(text[position:start])
        quote = text[start]
        if quote == "#":
            newline = text.find("\n", start)
            position = end if newline < 0 else newline
            continue
        if text.startswith(quote * 3, start):
            close = _find_closing(text, start + 3, quote * 3, escapes=quote == '"')
            position = end if close < 0 else close + 3
            out.append("s" + "\n" * text.count("\n", start, position))
            continue
        close = _find_closing(text, start + 1, quote, escapes=quote == '"', line=True)
        if close < 0:  # unterminated: tomllib reports it; keep the line break
            newline = text.find("\n", start)
            position = end if newline < 0 else newline
        else:
            position = close + 1
        out.append("s")
    return "".join(out)


def _find_closing(
    text: str, start: int, delimiter: str, *, escapes: bool, line: bool = False
) -> int:
    """Index of the delimiter closing a string that starts at ``start``, or -1."""
    position = start
    stop = text.find("\n", start) if line else -1
    while True:
        found = text.find(delimiter, position)
        if found < 0 or (stop >= 0 and found > stop):
            return -1
        if escapes:
            backslashes = 0
            while found - backslashes - 1 >= start and text[found - backslashes - 1] == "\\":
                backslashes += 1
            if backslashes % 2:
                position = found + 1
                continue
        return found
