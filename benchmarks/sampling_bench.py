"""What each fast path of ``govsim.sampling`` saves: a village-year and a county-year, with and without it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/sampling_bench.py                 # village (9 repeats), county (3)
    .venv/bin/python benchmarks/sampling_bench.py --cases village --repeats 15

Each variant replaces one fast path by the plain numpy draw it stands for, in the modules that use
it (the same law, drawn trial by trial):

* ``plain_positions`` — ``bernoulli_positions(rng, n, p)`` becomes ``flatnonzero(rng.random(n) < p)``
  (publicity contacts, app registration tries and reward-driven reports are then drawn per trial);
* ``plain_poisson`` — ``PoissonCells`` draws ``rng.poisson(means)`` over every cell every day
  (problem arrivals by grid × category; grid workers' trivial reports).

Every repeat of every variant runs in a fresh child process, interleaved (fast, plain, fast, …), so
the machine's drift falls on both alike; the result is the median CPU time of ``govsim.run`` (set-up,
the year, the tables) and the ratio plain / fast. The guideline (issue 10): keep a fast path only
where it saves at least 10% of a village-year or a county-year.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = {"village": "scenarios/village.toml", "county": "scenarios/baseline.toml"}
VARIANTS = ("fast", "plain_positions", "plain_poisson")
SEED = 20240501


def _plain_positions() -> None:
    import numpy as np

    from govsim.processes import adoption, awareness, incentives

    def positions(rng: Any, n: int, probability: float) -> Any:
        if n <= 0 or probability <= 0:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(rng.random(n) < probability)

    for module in (adoption, awareness, incentives):
        module.bernoulli_positions = positions  # type: ignore[attr-defined]


def _plain_poisson() -> None:
    import numpy as np

    from govsim import sampling

    def draw(self: Any, rng: Any) -> Any:
        counts = rng.poisson(self.means)
        return np.repeat(np.arange(len(counts)), counts)

    original = sampling.PoissonCells.__init__

    def init(self: Any, means: Any) -> None:
        original(self, means)
        self.means = np.asarray(means, dtype=np.float64).ravel()

    sampling.PoissonCells.__init__ = init  # type: ignore[method-assign]
    sampling.PoissonCells.draw = draw  # type: ignore[method-assign]


def child(case: str, variant: str) -> dict[str, float]:
    """One run of ``case`` under ``variant``; CPU and wall seconds of ``govsim.run``."""
    sys.path.insert(0, str(ROOT / "src"))
    import govsim

    if variant == "plain_positions":
        _plain_positions()
    elif variant == "plain_poisson":
        _plain_poisson()
    scenario = govsim.load_scenario(ROOT / CASES[case])
    cpu, wall = time.process_time(), time.perf_counter()
    result = govsim.run(scenario, days=365, seed=SEED)
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        "cases": float(result.summary["cases"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--child", nargs=2, metavar=("CASE", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    print(f"{'case':<8} {'variant':<16} {'median cpu s':>12} {'median wall s':>13} {'plain/fast':>10}")
    for case in args.cases:
        repeats = args.repeats or (9 if case == "village" else 3)
        runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        for _ in range(repeats):
            for variant in VARIANTS:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", case, variant],
                    check=True, capture_output=True, text=True,
                )  # fmt: skip
                runs[variant].append(json.loads(out.stdout))
        fast = statistics.median(r["cpu"] for r in runs["fast"])
        for variant in VARIANTS:
            cpu = statistics.median(r["cpu"] for r in runs[variant])
            wall = statistics.median(r["wall"] for r in runs[variant])
            print(f"{case:<8} {variant:<16} {cpu:12.3f} {wall:13.3f} {cpu / fast:10.2f}")


if __name__ == "__main__":
    main()
