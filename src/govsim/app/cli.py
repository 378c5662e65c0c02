"""``govsim app [SCENARIO] [--host H] [--port N]``: start the teaching app on this machine.

The app runs on Solara's server (``solara run``) with everything a classroom without internet
needs: the front end comes from Solara's asset cache (:mod:`govsim.app.assets`, ``make
app-assets``), and the server makes no calls of its own to the outside — no telemetry, no
version check against PyPI, no check-in page (production mode). Importing this module does
not import Solara, so ``govsim --help`` works without the ``app`` extra.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["register", "server_environment", "solara_arguments"]

DEFAULT_SCENARIO = "scenarios/village.toml"
DEFAULT_PORT = 8765
PAGE = "govsim.app.page:Page"


def register(sub: Any) -> None:
    """Add the ``app`` subcommand to the ``govsim`` command's subparsers."""
    app = sub.add_parser(
        "app",
        help="start the teaching app in the browser (localhost, no internet needed)",
        description="Start the teaching app: the model live in the browser, with levers, views of "
        "the village network, the case pipeline and the collaborative cycle, and classroom "
        "demonstrations, in English or Chinese (docs/teaching.md).",
    )
    app.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO,
                     help=f"scenario file to start with (default {DEFAULT_SCENARIO})")  # fmt: skip
    app.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    app.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    app.add_argument("--scenarios", default=None,
                     help="directory of scenario files to pick from (default: the scenario's "
                     "'scenarios' folder, else ./scenarios)")  # fmt: skip
    app.set_defaults(func=_app)


def _scenarios_dir(scenario: Path, given: str | None) -> Path:
    if given:
        return Path(given).resolve()
    for parent in scenario.resolve().parents:
        if parent.name == "scenarios":
            return parent
    return Path("scenarios").resolve()


def server_environment(scenario: Path, scenarios_dir: Path) -> dict[str, str]:
    """Environment variables of the app's server: the page's scenario, and nothing online."""
    from govsim.app.page import ENV_SCENARIO, ENV_SCENARIOS_DIR

    return {
        ENV_SCENARIO: str(scenario.resolve()),
        ENV_SCENARIOS_DIR: str(scenarios_dir),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # Solara's usage statistics
    }


def solara_arguments(host: str, port: int) -> list[str]:
    """Arguments of ``solara run`` for the app: production mode, no browser, no PyPI check."""
    return ["run", PAGE, "--host", host, "--port", str(port), "--production", "--no-open",
            "--no-check-version"]  # fmt: skip


def _app(args: argparse.Namespace) -> int:
    from govsim.scenario import load_scenario

    scenario = Path(args.scenario)
    load_scenario(scenario)  # a bad file is reported like `govsim run` reports it

    from govsim.app import assets

    absent = assets.missing()
    if absent:
        print(
            "govsim: error: the app's front-end files are not installed ("
            + ", ".join(absent)
            + f"; looked in {assets.cache_dir()}).\nRun `make app-assets` (or "
            "`python -m govsim.app.assets`) once, with access to the npm registry.",
            file=sys.stderr,
        )
        return 2
    os.environ.update(server_environment(scenario, _scenarios_dir(scenario, args.scenarios)))
    print(f"govsim app: http://{args.host}:{args.port}/  ({scenario}; Ctrl-C stops it)", flush=True)
    from solara.__main__ import cli as solara_cli

    solara_cli.main(solara_arguments(args.host, args.port), standalone_mode=False)
    return 0
