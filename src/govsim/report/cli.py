"""``govsim compare``: a decision report from the command line.

``govsim compare REFERENCE PACKAGE... [--seeds 10] [--days D] [--horizons 90 365]
[--rollout-day D] [--spin-up-days N] [--set county.villages=30] [--lang en zh] [--out DIR]`` runs
the scenarios with the same seeds — the reference's status quo until the roll-out day, then each
package — prints the headline table and writes ``report.html`` (self-contained), ``report.md``
with its figures, their Chinese versions and the tables as CSV. Runs are stored in ``DIR/runs``
and resume.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from govsim.arguments import bounded_int, days, seed, spin_up_days
from govsim.experiments.compare import CORRECTIONS
from govsim.experiments.errors import ExperimentError, SweepInterrupted
from govsim.experiments.executors import EXECUTOR_KINDS
from govsim.experiments.file_schema import MAX_REPLICATIONS
from govsim.i18n import LANGUAGES, metric_label, text
from govsim.metrics import SUMMARY
from govsim.report.analysis import headline_rows
from govsim.report.decision import DEFAULT_HORIZONS, DecisionReport, compare
from govsim.report.formatting import format_change, format_interval, format_money, format_value
from govsim.scenario.limits import MAX_DAYS

__all__ = ["add_compare_parser", "headline_text"]

#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: Most worker processes accepted (as ``govsim sweep``).
MAX_WORKERS = 4096


def add_compare_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``compare`` subcommand."""
    parser = subparsers.add_parser(
        "compare",
        help="decision report: packages against a reference, paired by seed, with costs",
        description="Run a reference scenario and policy packages with the same seeds (common "
        "random numbers) and write a decision report. Every scenario runs the reference's "
        "status quo (after its spin-up) until the roll-out day, then each package's levers take "
        "effect; outcomes are read at horizons counted from the roll-out. The report has "
        "headline outcomes coloured by their "
        "desirable direction, the levers each package changes, paired effects with 95% "
        "intervals and a multiple-comparison correction, time paths, programme cost and "
        "cost-effectiveness, as self-contained HTML and Markdown in English and Chinese.",
        epilog="Example: govsim compare scenarios/baseline.toml scenarios/result_appraisal.toml "
        "scenarios/combined_package.toml --set county.villages=30 --seeds 10 --rollout-day 180 "
        "--horizons 90 365",
    )
    parser.add_argument("reference", type=Path, help="reference scenario file (the status quo)")
    parser.add_argument(
        "packages", type=Path, nargs="+", metavar="PACKAGE", help="package scenario files"
    )
    parser.add_argument(
        "--seeds",
        "--replications",
        dest="seeds",
        type=bounded_int(2, MAX_REPLICATIONS),
        default=10,
        help="paired seeds per scenario (default 10)",
    )
    parser.add_argument(
        "--days",
        type=days,
        default=None,
        help="days after roll-out to simulate (default: the last horizon)",
    )
    parser.add_argument(
        "--horizons",
        type=days,
        nargs="+",
        default=list(DEFAULT_HORIZONS),
        metavar="DAYS",
        help="days after roll-out at which to read outcomes, each over the days from the "
        "roll-out on (default 90 365)",
    )
    parser.add_argument(
        "--rollout-day",
        type=bounded_int(0, MAX_DAYS),
        default=0,
        metavar="DAY",
        help="reported day on which the packages take effect (default 0, the first); until "
        "then every scenario runs the reference's status quo with the same seeds, and the time "
        "paths show those days too",
    )
    parser.add_argument(
        "--spin-up-days",
        type=spin_up_days,
        default=None,
        metavar="N",
        help="days of the reference's status quo simulated before day 0, shared by every "
        "scenario and not reported (default: the scenarios' spin_up_days, which must then "
        "agree unless there is no spin-up and the roll-out is on day 0)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a value in every scenario, e.g. --set county.villages=30 (repeatable)",
    )
    parser.add_argument(
        "--labels", nargs="+", default=None, help="names of the scenarios in the report"
    )
    parser.add_argument(
        "--lang",
        nargs="+",
        choices=list(LANGUAGES),
        default=list(LANGUAGES),
        help="report languages (default: en zh)",
    )
    parser.add_argument("--seed", type=seed, default=0, help="root seed (default 0)")
    parser.add_argument(
        "--correction",
        choices=tuple(CORRECTIONS),
        default="holm",
        help="multiple-comparison correction across metrics (default holm)",
    )
    group = parser.add_argument_group("running")
    group.add_argument(
        "--out", type=Path, default=None, help="report directory (default out/compare-<reference>)"
    )
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
        help="Dask scheduler address (with --executor dask)",
    )
    group.add_argument(
        "--force", action="store_true", help="discard stored runs in --out/runs and start again"
    )
    group.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar (default: when stderr is a terminal)")  # fmt: skip
    parser.set_defaults(func=_compare)


def _compare(args: argparse.Namespace) -> int:
    """Run the comparison, print the headline table, write the report."""
    from govsim.scenario import parse_override

    for file in [args.reference, *args.packages]:
        if not file.is_file():
            raise ExperimentError(f"scenario file not found: {file}")
    overrides = dict(parse_override(item) for item in args.set)
    out = args.out if args.out is not None else Path("out") / f"compare-{args.reference.stem}"
    try:
        report = compare(
            args.reference,
            *args.packages,
            seeds=args.seeds,
            days=args.days,
            horizons=args.horizons,
            rollout_day=args.rollout_day,
            spin_up_days=args.spin_up_days,
            overrides=overrides,
            labels=args.labels,
            seed=args.seed,
            correction=args.correction,
            executor=args.executor,
            workers=args.workers,
            scheduler=args.scheduler,
            store=out / "runs",
            force=args.force,
            progress=args.progress,
        )
    except SweepInterrupted as interrupted:
        print(interrupted.message, file=sys.stderr)
        return EXIT_INTERRUPTED
    written = report.write(out, langs=args.lang)
    print(headline_text(report))
    pages = [path for path in written if path.suffix in {".html", ".md"}]
    print("\nreport: " + ", ".join(str(path) for path in pages))
    if report.failed:
        print(f"{report.failed} runs failed; see {out / 'runs'}", file=sys.stderr)
        return 1
    return 0


def headline_text(report: DecisionReport) -> str:
    """The headline table as plain text (what ``govsim compare`` prints)."""
    headline = report.headline()
    width = 58
    on_day = f" on day {report.rollout_day}" if report.rollout_day else ""
    lines = [
        f"headline outcomes at {report.horizon} days after roll-out{on_day} "
        f"({len(report.seeds)} paired seeds; "
        f"change with 95% interval; verdict after {report.correction} correction)",
        "",
        f"{'':{width}}  {report.reference:>12}  " + "  ".join(f"{p:>34}" for p in report.packages),
    ]
    for group, names in headline_rows():
        lines.append(group.value.upper())
        for name in names:
            unit = SUMMARY[name].unit
            reference = headline[headline["metric"] == name]["reference_mean"]
            cells = []
            for package in report.packages:
                row = headline[(headline["package"] == package) & (headline["metric"] == name)]
                if row.empty:
                    cells.append(f"{'–':>34}")
                    continue
                r = row.iloc[0].to_dict()
                change = format_change(float(r["mean_difference"]), unit)
                interval = format_interval(float(r["ci_low"]), float(r["ci_high"]), unit)
                mark = {"better": "+", "worse": "-"}.get(str(r["verdict"]), " ")
                cells.append(f"{change + ' [' + interval + ']':>32} {mark}")
            value = format_value(float(reference.iloc[0]), unit) if len(reference) else "–"
            lines.append(
                f"  {metric_label(name, 'en'):{width - 2}}  {value:>12}  " + "  ".join(cells)
            )
    lines.append("COST-EFFECTIVENESS")
    for outcome, key in (
        ("resolved_in_time", "report.col.cost_per_case"),
        ("participation", "report.col.cost_per_point"),
    ):
        label = text(key, "en")
        cells = []
        for package in report.packages:
            row = report.costs[
                (report.costs["package"] == package) & (report.costs["outcome"] == outcome)
            ]
            if row.empty:
                cells.append(f"{'–':>34}")
                continue
            r = row.iloc[0].to_dict()
            if r["standing"] == "ratio":
                high = float(r["cost_per_unit_high"])
                span = f"{format_money(float(r['cost_per_unit_low']))} to {'∞' if math.isinf(high) else format_money(high)}"
                cells.append(f"{format_money(float(r['cost_per_unit'])) + ' [' + span + ']':>34}")
            else:
                cells.append(f"{r['standing']:>34}")
        lines.append(f"  {label:{width - 2}}  {'':>12}  " + "  ".join(cells))
    lines.append("(+ better, - worse, by each outcome's desirable direction)")
    return "\n".join(lines)
