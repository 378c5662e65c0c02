"""File names made from names found in scenario and experiment files.

A scenario's ``name`` is data: it labels tables and reports, and it names the default output
directory (``out/<name>``). :func:`safe_file_name` turns it into one path component that stays
where it is put: no separators, no ``..``, no leading dot, no control characters, bounded length.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_FILE_NAME", "safe_file_name"]

#: Longest file name produced (characters; file systems allow 255 bytes, CJK takes 3 each).
MAX_FILE_NAME = 80

_UNSAFE_RUN = re.compile(r"[^\w.-]+")


def safe_file_name(text: str, fallback: str = "unnamed") -> str:
    """Return ``text`` as a single safe path component.

    Letters and digits of any script, ``_``, ``-`` and inner dots are kept; every other run of
    characters (separators, spaces, control characters) becomes one ``_``; leading and trailing
    dots, dashes and underscores are dropped, so ``"../../x"`` gives ``"x"``. An empty result is
    ``fallback``.

    Examples
    --------
    >>> safe_file_name("../../etc/passwd")
    'etc_passwd'
    >>> safe_file_name("基线 2025")
    '基线_2025'
    """
    normalized = unicodedata.normalize("NFKC", text)
    cleaned = _UNSAFE_RUN.sub("_", normalized).strip("._-")[:MAX_FILE_NAME].strip("._-")
    return cleaned or fallback
