"""Argument types shared by govsim's commands: integers in a range, seeds, run lengths, spin-ups.

Each is an ``argparse`` ``type``: a bad value ends the command with argparse's usage error
(exit 2) naming the option, the value given and the range allowed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from govsim.scenario.limits import MAX_DAYS

__all__ = ["MAX_SEED", "SPIN_UP_HELP", "bounded_int", "days", "seed", "spin_up_days"]

#: Largest seed accepted (seeds are stored as int64).
MAX_SEED = 2**63 - 1


def bounded_int(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse ``type``: an integer in ``[lo, hi]``, or a clear error naming the range."""

    def parse(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be between {lo:,} and {hi:,}, got {value:,}")
        return value

    parse.__name__ = "integer"  # argparse names the type in some messages
    return parse


#: Seeds: non-negative integers below 2**63.
seed = bounded_int(0, MAX_SEED)
#: Simulated days: 1 to the longest run the model represents.
days = bounded_int(1, MAX_DAYS)
#: Spin-up days: 0 (none) to the longest run, as the scenario's ``spin_up_days`` allows.
spin_up_days = bounded_int(0, MAX_DAYS)
#: The ``--spin-up-days`` option's help, the same on every command that runs the model.
SPIN_UP_HELP = (
    "days simulated before the reported days, so that the county settles first; they are not "
    "reported: tables and summaries start after them (default: the scenario's spin_up_days)"
)
