"""``python -m govsim.experiments sweep|sensitivity|compare ...`` (the same verbs as ``govsim``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from govsim.experiments.cli import register
from govsim.experiments.errors import ExperimentError
from govsim.scenario import ScenarioError

#: Exit code for errors the user can fix (bad experiment file, missing file).
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen verb; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m govsim.experiments")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except (ExperimentError, ScenarioError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # e.g. an --out that cannot be written
        print(f"error: {_os_error(error)}", file=sys.stderr)
        return EXIT_USAGE
    return code


def _os_error(error: OSError) -> str:
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or error}{where}"


if __name__ == "__main__":
    sys.exit(main())
