"""Throughput of govsim experiments: serial vs 2 worker processes, and a ~1,000-run Sobol' sweep.

Usage::

    .venv/bin/python benchmarks/experiments_bench.py                 # both measurements
    .venv/bin/python benchmarks/experiments_bench.py --sobol-n 16    # smaller Sobol' run

Prints runs per second serially and with two worker processes for one-village 365-day runs (and
the parallel efficiency: rate with 2 workers / (2 x serial rate)), then the wall time of a Sobol'
experiment of N x (k + 2) runs on village.toml with 2 workers (N = 128, k = 6: 1,024 runs).
Wall times include starting the worker processes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from govsim.experiments import (
    Experiment,
    GovsimModel,
    LatinHypercube,
    RealParameter,
    SobolDesign,
    load_experiment,
    read_results,
    run_experiment,
)

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ROOT / "scenarios" / "village.toml"
OUTPUTS = ("resolution_rate", "participation_share", "mean_trust")


def throughput(runs: int, days: int, out: Path) -> None:
    """Measure runs per second serially and on two processes for the same design."""
    model = GovsimModel(base=str(VILLAGE), days=days, outputs=OUTPUTS)
    parameters = (RealParameter("feedback.notified_share", 0.2, 1.0),)
    experiment = Experiment(
        "throughput", model, LatinHypercube(runs // 2), parameters, replications=2, seed=1
    )
    rates = {}
    for executor, workers in (("serial", 1), ("processes", 2)):
        started = time.perf_counter()
        summary = run_experiment(
            experiment, out / executor, executor=executor, workers=workers, force=True
        )
        elapsed = time.perf_counter() - started
        if summary.failed:
            raise SystemExit(f"{summary.failed} runs failed; see {out / executor}")
        rates[executor] = summary.attempted / elapsed
        per_run = read_results(out / executor)["wall_time"].mean()
        print(f"{executor:>9}: mean wall time inside one run {per_run:.2f} s")
        print(
            f"{executor:>9} ({workers} worker{'s' if workers > 1 else ''}): {summary.attempted} "
            f"runs of {days} days in {elapsed:.1f} s = {rates[executor]:.2f} runs/s"
        )
    efficiency = rates["processes"] / (2 * rates["serial"])
    print(f"parallel efficiency with 2 workers: {efficiency:.0%}")


def sobol(n: int, out: Path, workers: int) -> None:
    """Time the shipped Sobol' experiment's design with base sample ``n`` and one replication."""
    shipped, _ = load_experiment(ROOT / "experiments" / "sobol_key_levers.toml")
    experiment = Experiment(
        "sobol_bench",
        shipped.model,
        SobolDesign(n),
        shipped.parameters,
        replications=1,
        seed=shipped.seed,
        outputs=shipped.outputs,
    )
    started = time.perf_counter()
    summary = run_experiment(experiment, out / "sobol", workers=workers, force=True)
    elapsed = time.perf_counter() - started
    if summary.failed:
        raise SystemExit(f"{summary.failed} runs failed; see {out / 'sobol'}")
    print(
        f"Sobol' N={n}, k={len(experiment.parameters)}: {summary.attempted} runs "
        f"({summary.failed} failed) of 365 days on {workers} workers in {elapsed:.0f} s "
        f"({summary.attempted / elapsed:.2f} runs/s; {elapsed / summary.attempted * 1000:.0f} s "
        "= {:.1f} min per 1,000 runs)".format(elapsed / summary.attempted * 1000 / 60)
    )


def main() -> None:
    """Parse arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs per executor (default 24)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--sobol-n", type=int, default=128, help="Sobol' base sample (power of 2)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--skip-sobol", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        throughput(args.runs, args.days, Path(scratch))
        if not args.skip_sobol:
            sobol(args.sobol_n, Path(scratch), args.workers)


if __name__ == "__main__":
    main()
