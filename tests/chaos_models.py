"""Models that misbehave on purpose, for the chaos tests (``tests/test_chaos.py``).

They follow the model protocol ``f(params, seed) -> {name: float}`` and are imported by worker
processes by name, so they live in a module of their own (``--allow-model chaos_models:steady``
with ``tests`` on ``PYTHONPATH``).
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Directory through which a test and the models of a sweep it disturbs talk (environment).
CHAOS_DIR = "GOVSIM_CHAOS_DIR"


def steady(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """``y = x + seed mod 7`` after ``params["sleep"]`` seconds (default 0.05).

    With ``GOVSIM_CHAOS_DIR`` set, each run leaves ``worker-<pid>`` there (so a test can see
    which processes ran runs), and a run whose ``trap-<x>`` file exists writes ``caught-<pid>``
    and waits, holding the sweep open, until the test removes the trap (or kills the process).
    """
    x = float(params["x"])
    shared = os.environ.get(CHAOS_DIR)
    if shared:
        directory = Path(shared)
        (directory / f"worker-{os.getpid()}").touch()
        trap = directory / f"trap-{x:g}"
        if trap.exists():
            (directory / f"caught-{os.getpid()}").write_text(f"{x:g}")
            while trap.exists():
                time.sleep(0.02)
    time.sleep(float(params.get("sleep", 0.05)))
    return {"y": x + seed % 7}


#: What :func:`misbehaves` does at each x; other values of x return normally.
MISBEHAVIOURS = {
    1.0: "sys.exit",
    2.0: "os._exit",
    3.0: "SIGSEGV",
    4.0: "segfault",
    5.0: "abort",
    6.0: "SIGKILL",
}


def misbehaves(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Leave the interpreter the way :data:`MISBEHAVIOURS` says for ``params["x"]``."""
    x = float(params["x"])
    if x in MISBEHAVIOURS:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core files from the tests
    match MISBEHAVIOURS.get(x):
        case "sys.exit":
            sys.exit(3)
        case "os._exit":
            os._exit(7)
        case "SIGSEGV":
            os.kill(os.getpid(), signal.SIGSEGV)
        case "segfault":  # a real invalid memory access, as a buggy extension would make
            ctypes.string_at(0)
        case "abort":
            os.abort()
        case "SIGKILL":
            os.kill(os.getpid(), signal.SIGKILL)
    return {"y": x + seed % 7}
