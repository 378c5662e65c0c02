"""``govsim app``: its arguments, and what it says instead of starting a page that cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsim.app import assets
from govsim.app.cli import server_environment, solara_arguments
from govsim.cli import main


def test_help_lists_the_app_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="0"):
        main(["app", "--help"])
    out = capsys.readouterr().out
    assert "--port" in out
    assert "--host" in out


def test_a_bad_scenario_is_reported_like_govsim_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "no/such/scenario.toml"]) == 2
    assert "govsim: error:" in capsys.readouterr().err


def test_missing_front_end_files_stop_it_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(assets, "cache_dir", lambda: tmp_path)
    assert main(["app", "scenarios/village.toml", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "make app-assets" in err
    assert "@widgetti/solara-vuetify-app@" in err


def test_the_server_is_told_to_stay_offline(scenarios_dir: Path) -> None:
    env = server_environment(scenarios_dir / "village.toml", scenarios_dir)
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    arguments = solara_arguments("127.0.0.1", 8765)
    assert "--production" in arguments  # no check-in page
    assert "--no-check-version" in arguments  # no PyPI request
    assert "--no-open" in arguments
