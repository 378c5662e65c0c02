"""Profile one benchmark case: set-up and the daily loop apart, plus a per-stage timing table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/profile_case.py village            # writes benchmarks/profiles/village-*.txt
    .venv/bin/python benchmarks/profile_case.py county --days 365
    .venv/bin/python benchmarks/profile_case.py county --tree /tmp/govsim-head   # a snapshot (see bench.py)

Writes to ``benchmarks/profiles/`` (or ``--out``):

* ``<case>-setup.txt`` — pyinstrument call tree of ``GovernanceModel(scenario, rng=seed)``;
* ``<case>-run.txt``   — pyinstrument call tree of ``days`` calls of ``model.step()``;
* ``<case>-stages.txt`` — a second, un-profiled run: set-up broken into its builders (wall and
  CPU seconds; "agents + rest" is the remainder, i.e. mostly creating the Mesa agents), then
  every process of the daily pipeline (ms per day, share of the day), the recorder,
  ``DataCollector.collect`` and the overhead of Mesa's ``step`` wrapper, over the whole run and
  over the first/last 30 days. CPU time is printed too because a shared machine inflates wall
  time.

The stage timer wraps the *instances'* ``step``/``record``/``collect`` methods from outside;
nothing in ``src`` changes and the run's random stream is untouched.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CASES, DEFAULT_SEED, ROOT  # noqa: E402

STAGES = (
    "relations", "meetings", "awareness", "arrival", "grid_work", "detection", "incentives",
    "reporting", "participation", "app_adoption", "intake", "supervision", "settlement",
    "routing", "processing", "closing", "feedback", "beliefs",
)  # fmt: skip
WINDOW = 30


def _load(case: str, tree: Path) -> Any:
    import govsim

    path, overrides = CASES[case]
    return govsim.load_scenario(tree / path, overrides or None)


def profile(case: str, days: int, seed: int, tree: Path, out: Path, interval: float) -> None:
    """Pyinstrument trees of set-up and of the daily loop."""
    from pyinstrument import Profiler

    import govsim

    scenario = _load(case, tree)
    profiler = Profiler(interval=interval)
    profiler.start()
    model = govsim.GovernanceModel(scenario, rng=seed)
    profiler.stop()
    (out / f"{case}-setup.txt").write_text(
        f"# {case}: GovernanceModel set-up, seed {seed}, {model.population.size} villagers\n"
        + profiler.output_text(unicode=True, color=False, show_all=False)
    )
    profiler = Profiler(interval=interval)
    profiler.start()
    for _ in range(days):
        model.step()
    profiler.stop()
    (out / f"{case}-run.txt").write_text(
        f"# {case}: {days} x model.step(), seed {seed}, {model.population.size} villagers, "
        f"{len(model.ledger)} cases\n"
        + profiler.output_text(unicode=True, color=False, show_all=False)
    )


def _timed(
    times: dict[str, list[float]], name: str, method: Callable[..., Any]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            times[name].append(time.perf_counter() - t)

    return wrapper


SETUP_BUILDERS = (
    "build_layout", "build_population", "build_social_network", "build_grid_workers",
    "build_enterprises", "build_villages", "beta_from_mean", "Sharing", "Publicity", "Meetings",
    "AppAdoption", "Incentives", "ProblemArrival", "GridWork", "Detection", "Reporting",
    "LocalSettlement", "Routing", "DepartmentProcessing", "Feedback", "DailyRecorder",
)  # fmt: skip


def _build_timed(scenario: Any, seed: int) -> tuple[Any, list[str]]:
    """Build the model with every builder named in ``govsim.model`` timed (wall and CPU)."""
    import govsim
    import govsim.model as model_module

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    originals = {
        name: getattr(model_module, name) for name in SETUP_BUILDERS if hasattr(model_module, name)
    }

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name][0] += time.perf_counter() - w
                spent[name][1] += time.process_time() - c

        return wrapper

    for name, fn in originals.items():
        setattr(model_module, name, timed(name, fn))
    data_collector = model_module.mesa.DataCollector
    model_module.mesa.DataCollector = timed("mesa.DataCollector", data_collector)
    try:
        w, c = time.perf_counter(), time.process_time()
        model = govsim.GovernanceModel(scenario, rng=seed)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
    finally:
        for name, fn in originals.items():
            setattr(model_module, name, fn)
        model_module.mesa.DataCollector = data_collector
    rest = [wall - sum(v[0] for v in spent.values()), cpu - sum(v[1] for v in spent.values())]
    n_agents = len(model._all_agents) if hasattr(model, "_all_agents") else float("nan")
    lines = [f"{'set-up part':<30} {'wall s':>8} {'cpu s':>8}"]
    for name, (pw, pc) in sorted(spent.items(), key=lambda kv: -kv[1][1]):
        if pc >= 0.0005 or pw >= 0.0005:
            lines.append(f"{name:<30} {pw:8.3f} {pc:8.3f}")
    lines.append(f"{'agents + rest':<30} {rest[0]:8.3f} {rest[1]:8.3f}   ({n_agents} Mesa agents)")
    lines.append(f"{'GovernanceModel(...) total':<30} {wall:8.3f} {cpu:8.3f}")
    return model, lines


def stages(case: str, days: int, seed: int, tree: Path, out: Path) -> str:
    """Set-up parts, and per-stage time of the daily pipeline (no profiler attached)."""
    scenario = _load(case, tree)
    model, setup_lines = _build_timed(scenario, seed)
    times: dict[str, list[float]] = defaultdict(list)
    for name in STAGES:
        process = getattr(model, name)
        process.step = _timed(times, name, process.step)
    model.recorder.record = _timed(times, "recorder.record", model.recorder.record)
    model.datacollector.collect = _timed(
        times, "datacollector.collect", model.datacollector.collect
    )
    cpu = time.process_time()
    for _ in range(days):
        t = time.perf_counter()
        model.step()
        times["model.step (total)"].append(time.perf_counter() - t)
    cpu = time.process_time() - cpu
    total = times["model.step (total)"]
    inner = [sum(times[n][d] for n in times if n != "model.step (total)") for d in range(days)]
    times["mesa step wrapper + counters"] = [a - b for a, b in zip(total, inner, strict=True)]

    def ms(values: list[float]) -> float:
        return 1e3 * sum(values) / len(values)

    first, last = slice(0, WINDOW), slice(days - WINDOW, days)
    lines = [
        f"# {case}: seed {seed}, {days} days, {model.population.size} villagers, "
        f"{len(model.ledger)} cases, {len(model.problems)} problems",
        "## set-up",
        *setup_lines,
        "## daily loop (wall time per stage)",
        f"{'stage':<30} {'ms/day':>9} {'share':>6} {'ms/day d<30':>11} {'ms/day last30':>13} {'max ms':>8}",
    ]
    names = [*STAGES, "recorder.record", "datacollector.collect", "mesa step wrapper + counters"]
    day_ms = ms(total)
    for name in sorted(names, key=lambda n: -sum(times[n])):
        v = times[name]
        lines.append(
            f"{name:<30} {ms(v):9.3f} {ms(v) / day_ms:6.1%} {ms(v[first]):11.3f} {ms(v[last]):13.3f} "
            f"{1e3 * max(v):8.2f}"
        )
    lines.append(
        f"{'model.step (total)':<30} {day_ms:9.3f} {1.0:6.1%} {ms(total[first]):11.3f} {ms(total[last]):13.3f} "
        f"{1e3 * max(total):8.2f}"
    )
    lines.append(
        f"median day: {1e3 * statistics.median(total):.3f} ms; run: {sum(total):.3f} s wall, {cpu:.3f} s CPU"
    )
    text = "\n".join(lines) + "\n"
    (out / f"{case}-stages.txt").write_text(text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=list(CASES))
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="directory with src/ and scenarios/"
    )
    parser.add_argument("--out", type=Path, default=HERE / "profiles")
    parser.add_argument(
        "--interval", type=float, default=None, help="pyinstrument sampling interval (s)"
    )
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree / "src"))
    import govsim

    if not Path(govsim.__file__).resolve().is_relative_to((tree / "src").resolve()):
        raise SystemExit(f"imported govsim from {govsim.__file__}, not from {tree / 'src'}")
    args.out.mkdir(parents=True, exist_ok=True)
    interval = args.interval or (0.0002 if args.case == "village" else 0.001)
    profile(args.case, args.days, args.seed, tree, args.out, interval)
    print(stages(args.case, args.days, args.seed, tree, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
