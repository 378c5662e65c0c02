"""Interleaved A/B timing of two code trees: paired ratios that survive a machine's speed swings.

Usage (from the repository root)::

    git archive <commit> src scenarios | tar -x -C /tmp/govsim-<commit>     # each tree to compare
    .venv/bin/python benchmarks/ab.py /tmp/govsim-<before> /tmp/govsim-<after> --pairs 16

Each pair runs the case once from each tree, in fresh processes one right after the other (the
order alternates between pairs), exactly as ``bench.py`` runs one repeat (set-up + run + finish,
``total`` seconds). On a VM whose speed changes by 2x within minutes, medians of separate
benchmark runs can disagree by more than the change being measured; the ratio of two runs taken
seconds apart mostly cancels the machine's state. Prints both medians and ranges, the median
paired ratio B/A, and every pair; both trees must give the same digest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CASES, DEFAULT_SEED, _spawn  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="tree A (directory with src/ and scenarios/)")
    parser.add_argument("b", type=Path, help="tree B")
    parser.add_argument("--case", choices=sorted(CASES), default="village")
    parser.add_argument("--pairs", type=int, default=16)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    trees = (args.a.resolve(), args.b.resolve())
    totals: dict[Path, list[float]] = {tree: [] for tree in trees}
    digests: dict[Path, set[str]] = {tree: set() for tree in trees}
    for pair in range(args.pairs):
        for tree in trees if pair % 2 == 0 else trees[::-1]:
            record = _spawn(["case", args.case, str(args.days), str(DEFAULT_SEED)], tree)
            totals[tree].append(record["total_s"])
            digests[tree].add(record["digest"])
        print(f"  pair {pair + 1}/{args.pairs}", end="\r", file=sys.stderr)
    a, b = (totals[tree] for tree in trees)
    ratios = [y / x for x, y in zip(a, b, strict=True)]
    for label, tree, values in (("A", trees[0], a), ("B", trees[1], b)):
        print(
            f"{label} {tree.name}: median {statistics.median(values):.3f} s, "
            f"range {min(values):.3f}-{max(values):.3f} s, digest {','.join(sorted(digests[tree]))}"
        )
    print(
        f"paired B/A: median {statistics.median(ratios):.3f} "
        f"(range {min(ratios):.3f}-{max(ratios):.3f}, {args.pairs} pairs, {args.case})"
    )
    print("A " + " ".join(f"{x:.3f}" for x in a))
    print("B " + " ".join(f"{x:.3f}" for x in b))
    if digests[trees[0]] != digests[trees[1]]:
        print("DIGESTS DIFFER: the trees do not compute the same results")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
