"""Throughput of govsim experiments: serial vs 2 worker processes, and a ~1,000-run Sobol' sweep.

Usage::

    .venv/bin/python benchmarks/experiments_bench.py --runs 64 --repeats 5 --skip-sobol
    .venv/bin/python benchmarks/experiments_bench.py --sobol-n 16    # smaller Sobol' run

For one-village runs of ``--days`` days (default 365) it prints, per repeat, the runs per second
of

* ``in-process``: the runs one after another in this process, govsim already imported (the ideal
  serial rate: no process start-up, no isolation);
* ``serial``: ``run_experiment(executor="serial")`` (what ``govsim sweep --executor serial`` does);
* ``processes``: ``run_experiment(executor="processes", workers=2)``, including starting the
  worker processes;

and the parallel efficiency ``rate(processes) / (2 x rate(in-process))``, then the medians over
the repeats. On a machine shared with other jobs the efficiency measures the contention as much as
the sweep, so the *utilization* of the workers is printed too: the time spent inside runs
(their ``wall_time``) / (workers x the sweep's wall time). Time a worker spends starting,
importing or idle lowers it; contention slows runs and start-up alike, so it mostly cancels. Repeats run in one process, so after the first sweep the worker processes start from
an already running forkserver that has imported govsim ("warm"). With ``--cold``, each repeat is
instead a fresh Python process that times its *first* sweep on two processes (forkserver start
and its import of govsim included) and then its in-process rate, as ``govsim sweep`` pays once per
invocation. The Sobol' part times the shipped Sobol' experiment's design with base sample N on
``village.toml`` (N = 128, k = 6: 1,024 runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
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


def _experiment(runs: int, days: int) -> Experiment:
    model = GovsimModel(base=str(VILLAGE), days=days, outputs=OUTPUTS)
    parameters = (RealParameter("feedback.notified_share", 0.2, 1.0),)
    return Experiment(
        "throughput", model, LatinHypercube(runs // 2), parameters, replications=2, seed=1
    )


def _in_process_rate(experiment: Experiment) -> float:
    started = time.perf_counter()
    for spec in experiment.runs():
        experiment.model(spec.params, spec.seed)
    return experiment.total_runs / (time.perf_counter() - started)


def _sweep_rate(
    experiment: Experiment, out: Path, executor: str, workers: int
) -> tuple[float, float]:
    """Runs per second of one sweep, and the utilization of its workers."""
    started = time.perf_counter()
    summary = run_experiment(
        experiment, out, executor=executor, workers=workers, force=True, progress=False
    )
    elapsed = time.perf_counter() - started
    table = read_results(out)
    if summary.failed:
        failed = table.query("status != 'ok'")["error"].head(3).tolist()
        raise SystemExit(f"{summary.failed} runs failed in {out}: {failed}")
    return summary.attempted / elapsed, float(table["wall_time"].sum()) / (workers * elapsed)


def throughput(runs: int, days: int, repeats: int, out: Path) -> None:
    """Measure runs per second in-process, serially and on two processes, ``repeats`` times."""
    experiment = _experiment(runs, days)
    experiment.model({"feedback.notified_share": 0.5}, 0)  # import and warm up govsim once
    rows: list[dict[str, float]] = []
    for repeat in range(repeats):
        row = {"in-process": _in_process_rate(experiment)}
        row["serial"], row["serial utilization"] = _sweep_rate(
            experiment, out / "serial", "serial", 1
        )
        row["processes"], row["utilization"] = _sweep_rate(
            experiment, out / "processes", "processes", 2
        )
        row["efficiency"] = row["processes"] / (2 * row["in-process"])
        rows.append(row)
        print(
            f"repeat {repeat + 1}: {runs} runs of {days} days: in-process "
            f"{row['in-process']:.2f} runs/s, serial {row['serial']:.2f} runs/s, 2 processes "
            f"{row['processes']:.2f} runs/s; parallel efficiency {row['efficiency']:.0%}, "
            f"utilization {row['utilization']:.0%} (serial {row['serial utilization']:.0%}); "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    print(
        f"median of {repeats}: in-process {medians['in-process']:.2f} runs/s, serial "
        f"{medians['serial']:.2f} runs/s, 2 processes {medians['processes']:.2f} runs/s; "
        f"parallel efficiency {medians['efficiency']:.0%}, utilization "
        f"{medians['utilization']:.0%} (load average at the end: "
        f"{', '.join(f'{load:.1f}' for load in os.getloadavg())})"
    )


def cold(runs: int, days: int, repeats: int) -> None:
    """Time the first sweep of fresh processes (``--cold-child``), ``repeats`` times."""
    rows = []
    for repeat in range(repeats):
        command = [
            sys.executable,
            __file__,
            "--cold-child",
            "--runs",
            str(runs),
            "--days",
            str(days),
        ]
        printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        row = json.loads(printed.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"cold repeat {repeat + 1}: first sweep on 2 processes {row['processes']:.2f} runs/s "
            f"(in {row['elapsed']:.2f} s), in-process {row['in-process']:.2f} runs/s; parallel "
            f"efficiency {row['efficiency']:.0%}, utilization {row['utilization']:.0%}; load "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
    medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    print(
        f"cold, median of {repeats}: parallel efficiency {medians['efficiency']:.0%}, "
        f"utilization {medians['utilization']:.0%} (first sweep {medians['elapsed']:.2f} s for "
        f"{runs} runs; load average at the end: "
        f"{', '.join(f'{load:.1f}' for load in os.getloadavg())})"
    )


def cold_child(runs: int, days: int) -> None:
    """In a fresh process: the first sweep on two processes, then the in-process rate (JSON)."""
    experiment = _experiment(runs, days)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        rate, utilization = _sweep_rate(experiment, Path(scratch) / "processes", "processes", 2)
        elapsed = time.perf_counter() - started
    in_process = _in_process_rate(experiment)
    row = {"processes": rate, "utilization": utilization, "elapsed": elapsed}
    row["in-process"] = in_process
    row["efficiency"] = rate / (2 * in_process)
    print(json.dumps(row))


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
        f"({summary.attempted / elapsed:.2f} runs/s; "
        f"{elapsed / summary.attempted * 1000 / 60:.1f} min per 1,000 runs)"
    )


def main() -> None:
    """Parse arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64, help="runs per executor (default 64)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--sobol-n", type=int, default=128, help="Sobol' base sample (power of 2)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--skip-sobol", action="store_true")
    parser.add_argument("--cold", action="store_true", help="first sweeps of fresh processes")
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        cold_child(args.runs, args.days)
        return
    if args.cold:
        cold(args.runs, args.days, args.repeats)
        return
    with tempfile.TemporaryDirectory() as scratch:
        throughput(args.runs, args.days, args.repeats, Path(scratch))
        if not args.skip_sobol:
            sobol(args.sobol_n, Path(scratch), args.workers)


if __name__ == "__main__":
    main()
