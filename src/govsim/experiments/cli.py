"""Command-line verbs: ``govsim sweep``, ``govsim sensitivity`` and ``govsim compare``.

:func:`register` adds the three subcommands to govsim's argparse CLI; each sets ``func`` to a
handler returning the exit code. Errors a user can fix raise
:class:`~govsim.experiments.errors.ExperimentError` (printed without a traceback by the caller);
Ctrl-C prints how to resume and returns 130. ``python -m govsim.experiments`` runs the same verbs.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from govsim.arguments import bounded_int, days, seed
from govsim.experiments.compare import compare_points
from govsim.experiments.designs import ScenarioList
from govsim.experiments.errors import AmbiguousRankingWarning, ExperimentError, SweepInterrupted
from govsim.experiments.executors import EXECUTOR_KINDS
from govsim.experiments.experiment import Experiment
from govsim.experiments.file_schema import MAX_REPLICATIONS
from govsim.experiments.model import GovsimModel
from govsim.experiments.plots import plot_forest, plot_indices, plot_morris
from govsim.experiments.report import write_comparison_report
from govsim.experiments.runner import SweepSummary, default_store, run_experiment
from govsim.experiments.sensitivity import analyze
from govsim.experiments.spec import load_experiment
from govsim.experiments.store import OUTPUT_PREFIX, read_results
from govsim.experiments.worker import STATUS_OK
from govsim.scenario import load_scenario

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

    compare = subparsers.add_parser(
        "compare",
        help="compare scenarios with a reference (paired seeds)",
        description=_compare.__doc__,
    )
    compare.add_argument("reference", type=Path, help="reference scenario file")
    compare.add_argument(
        "others",
        type=Path,
        nargs="+",
        metavar="OTHER",
        help="scenario files to compare with the reference",
    )
    _add_run_options(compare)
    compare.add_argument(
        "--replications",
        type=bounded_int(2, MAX_REPLICATIONS),
        default=10,
        help="paired replications (seeds) per scenario (default 10)",
    )
    compare.add_argument("--seed", type=seed, default=0, help="root seed (default 0)")
    compare.add_argument("--days", type=days, default=None, help="days to simulate")
    compare.add_argument(
        "--metrics", nargs="+", metavar="METRIC", help="summary metrics to compare (default: all)"
    )
    compare.set_defaults(func=_compare)


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
    experiment, store = load_experiment(args.experiment, allow_models=args.allow_model)
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
    experiment, store = load_experiment(args.experiment, allow_models=args.allow_model)
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


def _compare(args: argparse.Namespace) -> int:
    """Compare scenario files with a reference, paired by seed; write a table, plot and report."""
    files = [args.reference, *args.others]
    for file in files:
        if not file.is_file():
            raise ExperimentError(f"scenario file not found: {file}")
        load_scenario(file)  # every scenario must be valid before anything runs
    resolved = tuple(str(file.resolve()) for file in files)
    labels = _labels(files)
    digest = hashlib.sha256("\n".join(resolved).encode()).hexdigest()[:8]
    name = f"compare-{files[0].stem}-{digest}"
    experiment = Experiment(
        name=name,
        model=GovsimModel(base=resolved[0], days=args.days, outputs=tuple(args.metrics or ())),
        design=ScenarioList(files=resolved, labels=labels),
        replications=args.replications,
        seed=args.seed,
        outputs=tuple(args.metrics or ()),
    )
    out = args.out if args.out is not None else Path("out") / name
    args.out = out
    try:
        _run(experiment, args)
    except SweepInterrupted as interrupted:
        print(interrupted.message, file=sys.stderr)
        return EXIT_INTERRUPTED
    results = read_results(out)
    comparison = compare_points(results, dict(enumerate(labels)), metrics=args.metrics)
    comparison.to_csv(out / "comparison.csv", index=False)
    plot_forest(comparison, out / "forest.png")
    context = [
        f"Scenarios: {', '.join(labels)}; {args.replications} paired replications each, "
        f"root seed {args.seed}" + (f", {args.days} days." if args.days else "."),
    ]
    markdown, html = write_comparison_report(
        comparison, out, reference=labels[0], context=context, figure="forest.png"
    )
    columns = [
        "scenario",
        "metric",
        "mean_difference",
        "ci_low",
        "ci_high",
        "t_pvalue",
        "cohen_dz",
        "direction",
    ]
    print(comparison.loc[:, columns].to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"\nreport: {markdown} and {html}; forest plot: {out / 'forest.png'}")
    return 0


def _labels(files: Sequence[Path]) -> tuple[str, ...]:
    labels: list[str] = []
    for file in files:
        label = file.stem
        count = sum(
            1 for existing in labels if existing == label or existing.startswith(f"{label} (")
        )
        labels.append(label if count == 0 else f"{label} ({count + 1})")
    return tuple(labels)


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
