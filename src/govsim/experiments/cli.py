"""Command-line verbs: ``govsim sweep``, ``govsim sensitivity`` and ``govsim compare``.

:func:`register` adds the three subcommands (``compare`` is :mod:`govsim.report.cli`) to govsim's argparse CLI; each sets ``func`` to a
handler returning the exit code. Errors a user can fix raise
:class:`~govsim.experiments.errors.ExperimentError` (printed without a traceback by the caller);
Ctrl-C prints how to resume and returns 130. ``python -m govsim.experiments`` runs the same verbs.
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

import pandas as pd

from govsim.arguments import bounded_int, spin_up_days
from govsim.experiments.errors import AmbiguousRankingWarning, SweepInterrupted
from govsim.experiments.executors import EXECUTOR_KINDS
from govsim.experiments.experiment import Experiment
from govsim.experiments.plots import plot_indices, plot_morris
from govsim.experiments.runner import SweepSummary, default_store, run_experiment
from govsim.experiments.sensitivity import analyze
from govsim.experiments.spec import load_experiment
from govsim.experiments.store import OUTPUT_PREFIX, read_results
from govsim.experiments.worker import STATUS_OK

__all__ = ["register"]

#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: Most worker processes, bootstrap resamples and compared replications accepted.
MAX_WORKERS = 4096
MAX_RESAMPLES = 100_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sweep``, ``sensitivity`` and ``compare`` subcommands."""
    sweep = subparsers.add_parser(
        "sweep", help="run an experiment file (resumable)", description=_sweep.__doc__
    )
    sweep.add_argument("experiment", type=Path, help="experiment file (experiments/*.toml)")
    _add_allow_model(sweep)
    _add_run_options(sweep)
    sweep.set_defaults(func=_sweep)

    sensitivity = subparsers.add_parser(
        "sensitivity",
        help="run (or resume) a Sobol/Morris/FAST experiment and analyse it",
        description=_sensitivity.__doc__,
    )
    sensitivity.add_argument(
        "experiment", type=Path, help="experiment file with a sobol, morris or fast design"
    )
    _add_allow_model(sensitivity)
    _add_run_options(sensitivity)
    sensitivity.add_argument(
        "--no-run",
        action="store_true",
        help="analyse the stored runs only; do not run missing ones",
    )
    sensitivity.add_argument(
        "--outputs", nargs="+", metavar="METRIC", help="outputs to analyse (default: all)"
    )
    sensitivity.add_argument(
        "--num-resamples",
        type=bounded_int(1, MAX_RESAMPLES),
        default=100,
        help="bootstrap resamples for the intervals (default 100)",
    )
    sensitivity.add_argument(
        "--conf-level",
        type=_probability,
        default=0.95,
        help="confidence level of the intervals (default 0.95)",
    )
    sensitivity.set_defaults(func=_sensitivity)

    from govsim.report.cli import add_compare_parser

    add_compare_parser(subparsers)


def _add_allow_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-model",
        action="append",
        default=[],
        metavar="MODULE:FUNCTION",
        help="let the experiment file run this model function (it is code: only registered "
        "models run without this); repeatable",
    )


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {value}")
    return value


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spin-up-days",
        type=spin_up_days,
        default=None,
        metavar="N",
        help="days simulated before the reported days of every run, so that the county settles "
        "first; not reported (default: the experiment file's spin_up_days, else each "
        "scenario's). A changed spin-up is a new experiment: give a new --out, or --force",
    )
    group = parser.add_argument_group("running")
    group.add_argument("--out", type=Path, help="result directory (default out/<name>)")
    group.add_argument(
        "--executor",
        choices=EXECUTOR_KINDS,
        default="processes",
        help="where runs execute (default: local processes)",
    )
    group.add_argument(
        "--workers",
        type=bounded_int(1, MAX_WORKERS),
        default=None,
        help="worker processes (default: one per core)",
    )
    group.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor "
        "dask; without it a LocalCluster is started)",
    )
    group.add_argument(
        "--resume",
        action="store_true",
        help="require existing results to resume (re-running resumes anyway)",
    )
    group.add_argument(
        "--force", action="store_true", help="delete existing results in --out and start again"
    )
    group.add_argument("--retry-failed", action="store_true", help="rerun runs that failed")
    group.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )


def _run(experiment: Experiment, args: argparse.Namespace, **store: object) -> SweepSummary:
    out = args.out if args.out is not None else default_store(experiment)
    flush_every = store.get("flush_every", 100)
    flush_seconds = store.get("flush_seconds", 30.0)
    summary = run_experiment(
        experiment,
        out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        resume=args.resume,
        force=args.force,
        retry_failed=args.retry_failed,
        progress=args.progress,
        flush_every=int(flush_every) if isinstance(flush_every, int) else 100,
        flush_seconds=float(flush_seconds) if isinstance(flush_seconds, int | float) else 30.0,
    )
    print(summary.format())
    return summary


def _sweep(args: argparse.Namespace) -> int:
    """Run every run of an experiment not yet stored; re-running the command resumes."""
    experiment, store = load_experiment(
        args.experiment, allow_models=args.allow_model, spin_up_days=args.spin_up_days
    )
    try:
        summary = _run(experiment, args, **store)
    except SweepInterrupted as interrupted:
        print(interrupted.message, file=sys.stderr)
        return EXIT_INTERRUPTED
    results = read_results(summary.store)
    print(_output_table(results))
    failed = int((results["status"] != STATUS_OK).sum())
    if failed:
        print(
            f"{failed} stored runs failed; see the 'error' column, or rerun them with "
            "--retry-failed",
            file=sys.stderr,
        )
        return 1
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    """Run a Sobol', Morris or FAST experiment (resuming), then compute and plot its indices."""
    experiment, store = load_experiment(
        args.experiment, allow_models=args.allow_model, spin_up_days=args.spin_up_days
    )
    out = args.out if args.out is not None else default_store(experiment)
    args.out = out
    if not args.no_run:
        try:
            _run(experiment, args, **store)
        except SweepInterrupted as interrupted:
            print(interrupted.message, file=sys.stderr)
            return EXIT_INTERRUPTED
    results = read_results(out)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AmbiguousRankingWarning)
        result = analyze(
            results,
            experiment,
            outputs=args.outputs,
            num_resamples=args.num_resamples,
            conf_level=args.conf_level,
        )
    target = out / "sensitivity"
    target.mkdir(parents=True, exist_ok=True)
    result.indices.to_csv(target / "indices.csv", index=False)
    result.noise.to_csv(target / "noise.csv", index=False)
    for output in result.indices["output"].unique():
        safe = _file_name(str(output))
        plot_indices(result.indices, str(output), target / f"{result.method}_{safe}.png")
        if result.method == "morris":
            plot_morris(result.indices, str(output), target / f"morris_mu_sigma_{safe}.png")
        print(f"\n{result.method} indices of {output}:")
        print(result.table(str(output)).to_string(float_format=lambda v: f"{v:.3f}"))
    print("\nreplication noise (share of the variance of point means):")
    print(result.noise.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    print(f"\nindices, noise and plots written to {target}")
    return 0


def _output_table(results: pd.DataFrame) -> str:
    ok = results[results["status"] == STATUS_OK]
    columns = [c for c in results.columns if c.startswith(OUTPUT_PREFIX)]
    if ok.empty or not columns:
        return "no successful runs stored"
    table = ok[columns].agg(["mean", "std", "min", "max"]).T
    table.index = [c.removeprefix(OUTPUT_PREFIX) for c in table.index]
    header = f"outputs over {len(ok)} successful runs:"
    return (
        header
        + "\n"
        + table.to_string(float_format=lambda v: "nan" if math.isnan(v) else f"{v:.4g}")
    )


def _file_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
