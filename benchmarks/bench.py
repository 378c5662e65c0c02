"""govsim speed benchmark (issue 5): set-up, run, throughput and peak memory per case.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench.py                        # village, township, county
    .venv/bin/python benchmarks/bench.py --cases village --repeats 5
    .venv/bin/python benchmarks/bench.py --days 30 --json out/bench.json

Every repeat of every case runs in a fresh child process (``python bench.py --child ...``), so
peak RSS (``getrusage(RUSAGE_SELF).ru_maxrss`` in the child) belongs to that case alone and the
import of govsim is timed apart from set-up. The parent prints medians over repeats.

Cases (all with the same seed, so every repeat does identical work):

* ``village``  — ``scenarios/village.toml`` (one village, ~1,000 adults);
* ``township`` — ``scenarios/village.toml`` with ``county.villages = 30``;
* ``county``   — ``scenarios/baseline.toml`` (~400 villages, ~400k adults).

Each case runs from set-up with ``spin_up_days = 0``: the budgets are per simulated year, and a
spun-up run (two years in the shipped scenarios) costs (spin-up + days) / days times as much.

A case is timed through the public API, as a user runs it: ``govsim.load_scenario`` then
``govsim.run`` (which builds the model, steps it ``days`` times, and assembles the
``RunResult`` tables). ``setup`` = scenario load + model construction; ``run`` = the daily loop;
``finish`` = building ``RunResult`` (daily table, case ledger frame, summary); ``total`` = the
three (wall); ``cpu`` = the process CPU seconds of the same span (useful on a shared machine,
where wall time includes waiting for a core). Throughput is over the daily loop: villager-days / ``run`` seconds.

Reference: Mesa's own cost of ``model.agents.shuffle_do("step")`` with a no-op ``step``, per
agent, at each case's population (median over steps, in a fresh process). govsim's ns per
villager-day is printed as a ratio to it; the issue's target is ≤ 1/8 at county scale.

A ``digest`` (SHA-256 of the daily table, the case ledger and the summary) is printed per case:
it must be identical across repeats and before/after every optimisation (same seed ⇒ same bits).

``--tree DIR`` benchmarks another copy of the code: ``DIR/src`` is put first on the children's
``PYTHONPATH`` and scenarios are read from ``DIR/scenarios``. Use it to time a fixed commit while
the working tree is being edited, e.g.
``git archive HEAD src scenarios | tar -x -C /tmp/govsim-head`` then ``--tree /tmp/govsim-head``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "village": ("scenarios/village.toml", {}),
    "township": ("scenarios/village.toml", {"county.villages": 30}),
    "county": ("scenarios/baseline.toml", {}),
}
DEFAULT_REPEATS = {"village": 3, "township": 3, "county": 2}
DEFAULT_SEED = 20240501

# Targets of issue 5 (2-core development machine).
TARGET_COUNTY_TOTAL_S = 20.0
TARGET_COUNTY_PEAK_MIB = 2048.0
TARGET_VILLAGE_TOTAL_S = 0.3
TARGET_RATIO = 1.0 / 8.0

MESA_REFERENCE_STEPS = {"small": 50, "large": 7}  # timed steps (after one warm-up step)
MIB = 1024.0  # ru_maxrss is in KiB on Linux


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (MIB * MIB) if sys.platform == "darwin" else peak / MIB  # macOS reports bytes


# ---------------------------------------------------------------------------------------------
# Children: one measurement each, printed as one JSON line on stdout
# ---------------------------------------------------------------------------------------------


def _digest(result: Any) -> str:
    """SHA-256 over the daily table, the case ledger (categoricals by code) and the summary."""
    import hashlib

    import numpy as np
    import pandas as pd

    h = hashlib.sha256()
    for frame in (result.daily, result.cases):
        h.update(repr(list(frame.columns)).encode())
        h.update(np.ascontiguousarray(frame.index.to_numpy()).tobytes())
        for name in frame.columns:
            column = frame[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                values = column.cat.codes.to_numpy()
            else:
                values = column.to_numpy()
            h.update(name.encode())
            h.update(np.ascontiguousarray(values).tobytes())
    h.update(json.dumps(result.summary, sort_keys=True, default=repr).encode())
    return h.hexdigest()[:16]


def child_case(case: str, days: int, seed: int, tree: Path) -> dict[str, Any]:
    """Run one case once; time import, set-up, run and finish."""
    started = time.perf_counter()
    import govsim

    imported = time.perf_counter()
    rss_after_import = _peak_mib()
    if not Path(govsim.__file__).resolve().is_relative_to((tree / "src").resolve()):
        raise SystemExit(f"imported govsim from {govsim.__file__}, not from {tree / 'src'}")
    path, overrides = CASES[case]
    if "spin_up_days" in {f.name for f in dataclasses.fields(govsim.Scenario)}:
        # the budgets are per simulated year: a scenario's spin-up (two years in the shipped
        # ones) would triple the days timed; trees before issue 11 have no spin-up
        overrides = {**overrides, "spin_up_days": 0}
    cpu_started = time.process_time()
    scenario = govsim.load_scenario(tree / path, overrides or None)
    loaded = time.perf_counter()
    result = govsim.run(scenario, days=days, seed=seed)
    finished = time.perf_counter()
    cpu_s = time.process_time() - cpu_started
    peak = _peak_mib()
    load_s = loaded - imported
    setup_s = load_s + result.timings["setup_seconds"]
    run_s = result.timings["run_seconds"]
    finish_s = (finished - loaded) - result.timings["setup_seconds"] - run_s
    villagers = int(result.summary["villagers"])
    return {
        "case": case,
        "days": days,
        "seed": seed,
        "villagers": villagers,
        "cases": int(result.summary["cases"]),
        "import_s": imported - started,
        "load_s": load_s,
        "setup_s": setup_s,
        "run_s": run_s,
        "finish_s": finish_s,
        "total_s": setup_s + run_s + finish_s,
        "cpu_s": cpu_s,
        "peak_mib": peak,
        "import_mib": rss_after_import,
        "digest": _digest(result),
    }


def child_mesa(agents: int, steps: int, seed: int) -> dict[str, Any]:
    """Mesa's cost per agent of ``model.agents.shuffle_do("step")`` with a no-op ``step``."""
    import mesa

    class NoOp(mesa.Agent):  # type: ignore[misc]
        def step(self) -> None:
            pass

    model = mesa.Model(rng=seed)
    t0 = time.perf_counter()
    for _ in range(agents):
        NoOp(model)
    create_s = time.perf_counter() - t0
    model.agents.shuffle_do("step")  # warm-up
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        model.agents.shuffle_do("step")
        times.append(time.perf_counter() - t)
    step_s = statistics.median(times)
    return {
        "agents": agents,
        "steps": steps,
        "create_s": create_s,
        "create_ns_per_agent": create_s / agents * 1e9,
        "step_s": step_s,
        "ns_per_agent_step": step_s / agents * 1e9,
        "peak_mib": _peak_mib(),
    }


def _spawn(args: list[str], tree: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--tree", str(tree), "--child", *args]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(tree / "src"), env.get("PYTHONPATH", "")) if p
    )
    proc = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark child failed: {' '.join(args)}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# Parent: repeats, medians, table, verdicts
# ---------------------------------------------------------------------------------------------


def _median_record(records: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(records[0])
    for key, value in records[0].items():
        if isinstance(value, float):
            out[key] = statistics.median(r[key] for r in records)
    digests = {r["digest"] for r in records}
    out["digest"] = (
        records[0]["digest"] if len(digests) == 1 else "MISMATCH:" + ",".join(sorted(digests))
    )
    out["repeats"] = len(records)
    return out


def _revision(tree: Path) -> str:
    """Git commit of ``tree`` and whether src/ or scenarios/ differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "scenarios"],
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        stamp = tree / "REVISION"  # e.g. written next to a `git archive` snapshot
        return stamp.read_text().strip() if stamp.exists() else "not a git checkout"
    return commit + (" + uncommitted changes in src/ or scenarios/" if dirty else "")


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    import mesa
    import numpy

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mesa": mesa.__version__,
        "numpy": numpy.__version__,
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", default="village,township,county", help="comma-separated: " + ",".join(CASES)
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="repeats per case (default: 3, county 2)"
    )
    parser.add_argument(
        "--days", type=int, default=365, help="simulated days per run (default 365)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="model seed (same for every repeat)"
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also write the results to this JSON file"
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the Mesa shuffle_do reference"
    )
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="directory with the src/ and scenarios/ to benchmark (default: this checkout)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tree = args.tree.resolve()

    if args.child:
        kind, *rest = args.child
        if kind == "case":
            record = child_case(rest[0], int(rest[1]), int(rest[2]), tree)
        else:
            record = child_mesa(int(rest[0]), int(rest[1]), int(rest[2]))
        print(json.dumps(record))
        return 0

    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; choose from {list(CASES)}")
    machine = _machine()
    machine["tree"] = str(tree)
    machine["revision"] = _revision(tree)
    print(
        f"govsim benchmark — {machine['cpu']} ({machine['cpus']} CPUs), Python {machine['python']}, "
        f"Mesa {machine['mesa']}, numpy {machine['numpy']}; {args.days} days, seed {args.seed}"
    )
    print(f"code: {tree} @ {machine['revision']}")

    results: dict[str, dict[str, Any]] = {}
    for case in cases:
        repeats = args.repeats or DEFAULT_REPEATS[case]
        records = []
        for k in range(repeats):
            print(f"  {case}: repeat {k + 1}/{repeats} ...", end="\r", file=sys.stderr, flush=True)
            records.append(_spawn(["case", case, str(args.days), str(args.seed)], tree))
        results[case] = _median_record(records)
    print(" " * 60, end="\r", file=sys.stderr)

    references: dict[int, dict[str, Any]] = {}
    if not args.no_reference:
        for case in cases:
            n = results[case]["villagers"]
            if n not in references:
                steps = MESA_REFERENCE_STEPS["large" if n > 50_000 else "small"]
                print(f"  Mesa reference at {n} agents ...", end="\r", file=sys.stderr, flush=True)
                references[n] = _spawn(["mesa", str(n), str(steps), str(args.seed)], tree)
        print(" " * 60, end="\r", file=sys.stderr)

    header = (
        f"{'case':<9} {'villagers':>9} {'rep':>3} {'import s':>8} {'setup s':>8} {'run s':>8} "
        f"{'finish s':>8} {'total s':>8} {'cpu s':>7} {'v-days/s':>10} {'ns/v-day':>9} {'peak MiB':>9} "
        f"{'mesa ns':>8} {'ratio':>6}  digest"
    )
    print(header)
    print("-" * len(header))
    for case, r in results.items():
        villager_days = r["villagers"] * r["days"]
        r["villager_days_per_s"] = villager_days / r["run_s"]
        r["ns_per_villager_day"] = r["run_s"] / villager_days * 1e9
        ref = references.get(r["villagers"])
        r["mesa_ns_per_agent_step"] = ref["ns_per_agent_step"] if ref else None
        r["ratio_to_mesa"] = r["ns_per_villager_day"] / ref["ns_per_agent_step"] if ref else None
        mesa_ns = f"{ref['ns_per_agent_step']:8.1f}" if ref else f"{'-':>8}"
        ratio = f"{r['ratio_to_mesa']:6.2f}" if ref else f"{'-':>6}"
        print(
            f"{case:<9} {r['villagers']:>9} {r['repeats']:>3} {r['import_s']:8.2f} {r['setup_s']:8.3f} "
            f"{r['run_s']:8.3f} {r['finish_s']:8.3f} {r['total_s']:8.3f} {r['cpu_s']:7.2f} {r['villager_days_per_s']:10.3g} "
            f"{r['ns_per_villager_day']:9.1f} {r['peak_mib']:9.0f} {mesa_ns} {ratio}  {r['digest']}"
        )
    for n, ref in references.items():
        print(
            f"Mesa no-op shuffle_do at {n} agents: {ref['ns_per_agent_step']:.1f} ns/agent-step "
            f"(median of {ref['steps']} steps), agent creation {ref['create_ns_per_agent']:.0f} ns/agent, "
            f"peak {ref['peak_mib']:.0f} MiB"
        )

    print("Targets (issue 5):")
    if args.days != 365:
        print(f"  (targets are for 365 days; this run simulated {args.days})")
    if "county" in results:
        c = results["county"]
        print(
            f"  county total ≤ {TARGET_COUNTY_TOTAL_S:.0f} s: {c['total_s']:.2f} s — "
            f"{_verdict(c['total_s'] <= TARGET_COUNTY_TOTAL_S)}"
        )
        print(
            f"  county peak memory ≤ {TARGET_COUNTY_PEAK_MIB:.0f} MiB: {c['peak_mib']:.0f} MiB — "
            f"{_verdict(c['peak_mib'] <= TARGET_COUNTY_PEAK_MIB)}"
        )
        if c["ratio_to_mesa"] is not None:
            print(
                f"  county ns/villager-day ÷ Mesa no-op ns/agent-step ≤ {TARGET_RATIO:.3f} (1/8): "
                f"{c['ratio_to_mesa']:.3f} — {_verdict(c['ratio_to_mesa'] <= TARGET_RATIO)}"
            )
    if "village" in results:
        v = results["village"]
        print(
            f"  village total ≤ {TARGET_VILLAGE_TOTAL_S} s: {v['total_s']:.3f} s — "
            f"{_verdict(v['total_s'] <= TARGET_VILLAGE_TOTAL_S)}"
        )
    for case, r in results.items():
        if r["digest"].startswith("MISMATCH"):
            print(
                f"  WARNING: {case} results differ between repeats with the same seed ({r['digest']}): "
                "the code changed during the benchmark (use --tree on a snapshot) or a run is not "
                "reproducible"
            )

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": machine,
            "days": args.days,
            "seed": args.seed,
            "cases": results,
            "mesa_reference": {str(n): ref for n, ref in references.items()},
        }
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
