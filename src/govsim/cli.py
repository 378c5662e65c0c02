"""The ``govsim`` command line: run and validate scenarios, list levers, run experiments.

Errors a user can fix (a bad scenario value, a missing file, a bad option) are printed without a
traceback and exit with status 2; nothing is written. Outputs go only under ``--out`` (by
default ``out/<scenario name>``, the name made a safe file name).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from govsim import __version__
from govsim.arguments import SPIN_UP_HELP, days, seed, spin_up_days
from govsim.filenames import safe_file_name
from govsim.scenario import Scenario, ScenarioError, iter_fields, load_scenario
from govsim.sizing import available_memory, estimate, size_text

__all__ = ["main"]

EXIT_USAGE = 2
PROGRESS_AFTER_SECONDS = 2.0


def _load(args: argparse.Namespace) -> Scenario:
    return load_scenario(args.scenario, args.set, search_paths=args.scenario_path)


def _run(args: argparse.Namespace) -> int:
    from govsim.plots import save_run_plots
    from govsim.results import run

    scenario = _load(args)
    days = scenario.days if args.days is None else args.days
    out = Path(args.out) if args.out else Path("out") / safe_file_name(scenario.name)
    bar = _ProgressBar(days, enabled=not args.quiet)
    result = run(
        scenario, days=days, seed=args.seed, progress=bar.update, spin_up_days=args.spin_up_days
    )
    bar.close()
    out.mkdir(parents=True, exist_ok=True)
    result.save(out, format=args.format)
    plots = save_run_plots(result.daily, out)
    print(
        _summary_text(
            result.summary, scenario.name, args.seed, result.timings, result.scenario.spin_up_days
        )
    )
    tables = ", ".join(f"{name}.{args.format}" for name in ("daily", "cases", "reports"))
    print(f"\nwrote {out}/: {tables}, summary.json, scenario.json, "
          + ", ".join(p.name for p in plots))  # fmt: skip
    return 0


def _validate(args: argparse.Namespace) -> int:
    scenario = _load(args)
    print(f"{args.scenario}: valid scenario {scenario.name!r} "
          f"({scenario.county.villages} villages, {len(scenario.departments)} departments, "
          f"{len(scenario.categories)} problem categories)")  # fmt: skip
    size = estimate(scenario)
    available = available_memory()
    room = "" if available is None else f"; {size_text(available)} available here"
    print(f"  estimated peak memory of a run: {size.describe()}{room}")
    if available is not None and size.bytes > available:
        print("  (too large to run on this machine)")
    return 0


def _levers(args: argparse.Namespace) -> int:
    rows = [row for row in iter_fields(Scenario) if row.info.lever or args.all]
    width = max(len(row.path) for row in rows)
    print(f"{'path':<{width}}  {'default':>10}  {'range':<13}  {'unit':<16}  description")
    for row in rows:
        lo = "" if row.info.lo is None else f"{row.info.lo:g}"
        hi = "" if row.info.hi is None else f"{row.info.hi:g}"
        span = f"[{lo}, {hi}]" if (lo or hi) else ("true/false" if row.type_name == "bool" else "")
        default = row.default if not isinstance(row.default, float) else f"{row.default:g}"
        print(
            f"{row.path:<{width}}  {default!s:>10}  {span:<13}  {row.info.unit:<16}  {row.info.doc}"
        )
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    import pandas as pd

    from govsim.calibration import calibrate

    scenario = _load(args)
    table = calibrate(scenario, seeds=args.seeds, days=args.days, spin_up_days=args.spin_up_days)
    with pd.option_context("display.width", 160, "display.max_colwidth", 40):
        print(table.drop(columns=["description"]).to_string(float_format=lambda x: f"{x:.3g}"))
    missed = int((~table["in_range"]).sum())
    spin_up = scenario.spin_up_days if args.spin_up_days is None else args.spin_up_days
    after = f" after a spin-up of {spin_up} days" if spin_up else ""
    print(
        f"\n{len(table) - missed} of {len(table)} targets in range ({scenario.name}, seeds {list(args.seeds)}, {args.days} days{after})"
    )
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out)
        print(f"wrote {args.out}")
    return 0


def _summary_text(
    summary: dict[str, float],
    name: str,
    seed: int,
    timings: dict[str, float],
    spin_up: int = 0,
) -> str:
    def pct(key: str) -> str:
        value = summary.get(key, math.nan)
        return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"

    def num(key: str, fmt: str = ".1f") -> str:
        value = summary.get(key, math.nan)
        return "n/a" if math.isnan(value) else format(value, fmt)

    after = f" after a spin-up of {spin_up} days (not reported)" if spin_up else ""
    lines = [
        f"govsim run: {name} (seed {seed}), {int(summary['days'])} days{after}, {int(summary['villagers']):,} adults",
        f"  set-up {timings['setup_seconds']:.1f} s, run {timings['run_seconds']:.1f} s",
        "",
        "Participation",
        f"  ownership (see themselves as governance subjects): residents {pct('ownership_share')}, "
        f"migrants {pct('ownership_share_migrants')}",
        f"  policy awareness: villagers {pct('awareness_share')}, enterprises {pct('enterprise_awareness_share')}",
        f"  participation (last 90 days)  {pct('participation_share')}; gap under-60 minus 60+ "
        f"{100 * summary['participation_gap_60_plus']:.1f} pp",
        f"  reports per 1,000 adults per month  {num('reports_per_1000_per_month')}",
        "  channel shares  " + ", ".join(
            f"{c.replace('channel_share_', '').replace('_', ' ')} {pct(c)}"
            for c in summary if c.startswith("channel_share_")
        ),
        f"  12345 intake by phone  {pct('hotline_phone_share_of_12345')}",
        "",
        "Handling",
        f"  cases {int(summary['cases']):,} (genuine {pct('genuine_share')}), detection rate {pct('detection_rate')}",
        f"  resolved {pct('resolution_rate')}, within time limits {pct('resolved_within_sla_share')}, "
        f"settled in the village {pct('local_settlement_share')}",
        f"  median days to resolution {num('median_days_to_resolution', 'g')} "
        f"(single dept {num('median_days_single_department', 'g')}, cross dept {num('median_days_cross_department', 'g')}), "
        f"p90 {num('p90_days_to_resolution', 'g')}",
        f"  bounces per case {num('bounces_per_case', '.2f')}, escalated {pct('escalated_share')}, "
        f"backlog at end {num('backlog_end', '.0f')} (overdue {pct('overdue_share')})",
        f"  trust {num('mean_trust', '.2f')}, efficacy {num('mean_efficacy', '.2f')} (residents; "
        f"migrants {num('mean_trust_migrants', '.2f')}, {num('mean_efficacy_migrants', '.2f')})",
        f"  departments' working relations {num('department_relations', '.2f')}; "
        f"cross-department cases resolved in time {pct('order_parameter')}",
    ]  # fmt: skip
    return "\n".join(lines)


class _ProgressBar:
    """A tqdm bar that appears only when a run takes longer than a couple of seconds."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.started = time.perf_counter()
        self.bar: object | None = None

    def update(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < PROGRESS_AFTER_SECONDS:
                return
            from tqdm import tqdm

            # disable=None: no bar when stderr is not a terminal (logs, CI)
            self.bar = tqdm(
                total=total,
                initial=done,
                unit="day",
                desc="simulating",
                file=sys.stderr,
                disable=None,
            )
        else:
            self.bar.update(1)  # type: ignore[attr-defined]

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govsim`` command."""
    parser = argparse.ArgumentParser(
        prog="govsim",
        description="Simulate collaborative rural governance: run scenarios, compare policy levers, "
        "sweep and analyse sensitivity.",
        epilog="Example: govsim run scenarios/baseline.toml --days 365 --seed 1 --out out/baseline",
    )
    parser.add_argument("--version", action="version", version=f"govsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run a scenario; print a summary, write tables and plots",
                         description="Run a scenario and write daily.parquet, cases.parquet, "
                         "reports.parquet, summary.json, "
                         "scenario.json and PNG plots to --out.")  # fmt: skip
    run.add_argument("scenario", help="scenario file, e.g. scenarios/baseline.toml")
    run.add_argument(
        "--days", type=days, default=None, help="days to simulate (default: the scenario's days)"
    )
    run.add_argument(
        "--seed", type=seed, default=0, help="random seed (default 0); same seed, same numbers"
    )
    _add_spin_up_days(run)
    _add_set(run)
    run.add_argument("--out", default=None, help="output directory (default: out/<scenario name>)")
    run.add_argument(
        "--format",
        choices=("parquet", "csv"),
        default="parquet",
        help="table format (default parquet)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=_run)

    validate = sub.add_parser("validate", help="check a scenario file and report every problem",
                              description="Validate a scenario file (with its extends chain and --set overrides).")  # fmt: skip
    validate.add_argument("scenario", help="scenario file")
    _add_set(validate)
    validate.set_defaults(func=_validate)

    levers = sub.add_parser("levers", help="list the policy levers with unit, default and range",
                            description="List every policy lever of the scenario schema (from the schema itself).")  # fmt: skip
    levers.add_argument(
        "--all", action="store_true", help="list every scenario value, not only levers"
    )
    levers.set_defaults(func=_levers)

    calibrate = sub.add_parser("calibrate", help="compare a one-year run with the calibration targets",
                               description="Run the scenario for each seed and compare its summary with the "
                               "calibration targets (source-tagged figures of the seeds and DOMAIN.md).")  # fmt: skip
    calibrate.add_argument(
        "scenario",
        nargs="?",
        default="scenarios/baseline.toml",
        help="scenario file (default: baseline)",
    )
    calibrate.add_argument(
        "--seeds", type=seed, nargs="+", default=[1, 2, 3], help="seeds (default 1 2 3)"
    )
    calibrate.add_argument(
        "--days", type=days, default=365, help="reported days per run (default 365)"
    )
    _add_spin_up_days(calibrate)
    calibrate.add_argument("--out", default=None, help="also write the table as CSV here")
    _add_set(calibrate)
    calibrate.set_defaults(func=_calibrate)

    from govsim.experiments.cli import register

    register(sub)
    from govsim.app.cli import register as register_app  # the teaching app (govsim app)

    register_app(sub)
    return parser


def _add_spin_up_days(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spin-up-days", type=spin_up_days, default=None, metavar="N", help=SPIN_UP_HELP
    )


def _add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                        help="override a scenario value by dotted path, e.g. --set appraisal.audit_rate=0.2 (repeatable)")  # fmt: skip
    add_scenario_path(parser)


def add_scenario_path(parser: argparse.ArgumentParser) -> None:
    """Add ``--scenario-path DIR``: a directory that scenario files' ``extends`` may reach."""
    parser.add_argument("--scenario-path", action="append", default=[], metavar="DIR", type=Path,
                        help="a directory whose files a scenario's `extends` may name, besides the "
                        "scenario's own directory tree (repeatable)")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govsim`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from govsim.experiments.errors import ExperimentError

    try:
        return int(args.func(args))
    except (ScenarioError, ExperimentError) as error:
        print(f"govsim: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except OSError as error:  # e.g. an --out that cannot be written
        where = f": {error.filename}" if error.filename else ""
        print(f"govsim: error: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("govsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
