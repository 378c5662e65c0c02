"""Instruction count of one benchmark case under callgrind: a noise-free A/B measure.

Usage (from the repository root; needs valgrind, its headers and a C compiler)::

    .venv/bin/python benchmarks/callgrind_case.py village                       # this checkout
    .venv/bin/python benchmarks/callgrind_case.py township --tree /tmp/govsim-<commit>

Counts the instructions (callgrind ``Ir``) of exactly what ``bench.py`` times as ``total``:
``govsim.load_scenario`` + ``govsim.run`` (set-up, the daily loop, ``RunResult``), in a process
that has already imported govsim. A tiny C helper toggles callgrind's collection around that span
(``CALLGRIND_START_INSTRUMENTATION`` … ``CALLGRIND_STOP_INSTRUMENTATION``), so the import, which
is not part of any target, costs only valgrind's start-up. ``PYTHONHASHSEED=0`` keeps the count
reproducible to ~0.1 % (with random hash seeds it varies by ~1 %). Prints the case's digest and
the instruction count; a village run takes ~1 min, a township ~2 min.

On a shared machine wall and CPU seconds vary by ±30 % from run to run; instruction counts do
not, and track CPU time closely for this workload (numpy calls on small arrays).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

HELPER = r"""
#include <valgrind/callgrind.h>
void cg_on(void) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_ZERO_STATS; CALLGRIND_TOGGLE_COLLECT; }
void cg_off(void) { CALLGRIND_TOGGLE_COLLECT; CALLGRIND_DUMP_STATS_AT("measured"); CALLGRIND_STOP_INSTRUMENTATION; }
"""

CHILD = r"""
import ctypes, dataclasses, sys
from pathlib import Path
sys.path.insert(0, {bench!r})
import govsim
from bench import CASES, DEFAULT_SEED, _digest
path, overrides = CASES[{case!r}]
if "spin_up_days" in {{f.name for f in dataclasses.fields(govsim.Scenario)}}:
    overrides = {{**overrides, "spin_up_days": 0}}  # as bench.py: the budgets are per year
helper = ctypes.CDLL({lib!r})
helper.cg_on()
scenario = govsim.load_scenario(Path({tree!r}) / path, overrides or None)
result = govsim.run(scenario, days={days}, seed=DEFAULT_SEED)
helper.cg_off()
print(_digest(result))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=["village", "township", "county"])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--tree", type=Path, default=ROOT, help="directory with src/, scenarios/")
    args = parser.parse_args()
    tree = args.tree.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "helper.c").write_text(HELPER)
        lib = work / "libcghelper.so"
        subprocess.run(
            ["gcc", "-O0", "-shared", "-fPIC", "-o", str(lib), str(work / "helper.c")], check=True
        )
        child = CHILD.format(
            bench=str(HERE), case=args.case, lib=str(lib), tree=str(tree), days=args.days
        )
        out = work / "callgrind.out"
        env = dict(os.environ, PYTHONHASHSEED="0")
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(tree / "src"), env.get("PYTHONPATH")) if p
        )
        proc = subprocess.run(
            [
                "valgrind", "--tool=callgrind", "--cache-sim=no", "--instr-atstart=no",
                "--collect-atstart=no", f"--callgrind-out-file={out}",
                sys.executable, "-c", child,
            ],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            return proc.returncode
        dumps = sorted(work.glob("callgrind.out*"))
        totals = [
            int(line.split()[1])
            for dump in dumps
            for line in dump.read_text().splitlines()
            if line.startswith("totals:")
        ]
        print(f"{args.case}: digest {proc.stdout.strip()}, {max(totals):,} instructions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
