"""One browser session's simulation: its model, its levers, its seed and its history.

A :class:`Session` is plain Python (no Solara), so the page stays thin and tests drive the app's
behaviour directly. It owns

* the scenario file and the lever values moved away from it (``overrides``, by dotted path);
* the seed: :meth:`reset` rebuilds the model from scenario, levers and seed, so the same three
  give the same run, bit for bit;
* optionally a classroom demonstration (:mod:`govsim.app.presets`): a contrast model built from
  the contrast file with the same levers and seed, stepped in lockstep (common random numbers);
* the history of the collaborative cycle of both runs, one point a day.

A lever that can change mid-run takes effect from the next day (``model.apply_levers``: the
state carries over, as a policy rolled out today); one that shapes the county itself (its size,
population, network) waits for the next :meth:`reset` (the model rebuilt, same seed). Every change is
validated against the schema first; an invalid one is refused with the schema's own problems
(:class:`govsim.ScenarioError`) and leaves the session as it was. All methods hold a lock: the
play loop steps from its own thread while the page handles clicks.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govsim.app import view_model as vm
from govsim.app.presets import Preset
from govsim.model import GovernanceModel
from govsim.scenario import Scenario

__all__ = ["Session"]


class Session:
    """The state of one browser session of the teaching app.

    Parameters
    ----------
    scenario:
        Scenario file (absolute, or relative to ``scenarios_dir`` or the working directory).
    seed:
        Seed of the model's random generator.
    scenarios_dir:
        Directory of the scenario files a teacher can pick and of the demonstrations.
    """

    def __init__(
        self, scenario: str | Path, *, seed: int = 1, scenarios_dir: str | Path = "scenarios"
    ) -> None:
        self._lock = threading.RLock()
        self.scenarios_dir = Path(scenarios_dir)
        self.scenario_path = self._resolve(scenario)
        self.seed = seed
        self.overrides: dict[str, Any] = {}
        self.preset: Preset | None = None
        self.contrast_path: Path | None = None
        self.settings: Scenario = vm.load_settings(str(self.scenario_path))
        self.model: GovernanceModel
        self.contrast: GovernanceModel | None = None
        self.history: list[vm.CyclePoint] = []
        self.contrast_history: list[vm.CyclePoint] = []
        self.applied: dict[str, Any] = {}  # the overrides the running model was built with
        self.reset()

    # -- scenario files --------------------------------------------------------------------

    def _resolve(self, scenario: str | Path) -> Path:
        path = Path(scenario)
        if path.is_absolute() or path.exists():
            return path
        return self.scenarios_dir / path

    def scenario_files(self) -> list[str]:
        """Scenario files under the scenarios directory, relative to it, sorted."""
        files = sorted(self.scenarios_dir.rglob("*.toml"))
        return [str(p.relative_to(self.scenarios_dir)) for p in files]

    def scenario_name(self) -> str:
        """The current scenario file, relative to the scenarios directory where it is there."""
        try:
            return str(self.scenario_path.relative_to(self.scenarios_dir))
        except ValueError:
            return str(self.scenario_path)

    # -- building and stepping ---------------------------------------------------------------

    def reset(self, seed: int | None = None) -> None:
        """Rebuild the model (and the contrast) from scenario, levers and seed; day 0 again."""
        with self._lock:
            if seed is not None:
                self.seed = seed
            self.model = vm.build_model(self.settings, self.seed, self.overrides)
            self.contrast = (
                vm.build_model(vm.load_settings(str(self.contrast_path)), self.seed, self.overrides)
                if self.contrast_path is not None
                else None
            )
            self.applied = dict(self.overrides)
            self.history = [vm.cycle_point(self.model)]
            self.contrast_history = [vm.cycle_point(self.contrast)] if self.contrast else []

    def step(self, days: int = 1) -> None:
        """Simulate ``days`` days (of the contrast run too, if there is one)."""
        with self._lock:
            for _ in range(days):
                self.model.step()
                self.history.append(vm.cycle_point(self.model))
                if self.contrast is not None:
                    self.contrast.step()
                    self.contrast_history.append(vm.cycle_point(self.contrast))

    @property
    def day(self) -> int:
        """Days simulated since the last reset."""
        return vm.day(self.model)

    # -- levers ----------------------------------------------------------------------------

    def lever_value(self, path: str) -> Any:
        """The lever's value as set in the session (applied or pending)."""
        if path in self.overrides:
            return self.overrides[path]
        return vm.lever_value_of(self.settings, path)

    def pending(self) -> dict[str, Any]:
        """Lever changes not yet in the running model (they wait for :meth:`reset`)."""
        return {k: v for k, v in self.overrides.items() if self.applied.get(k, _UNSET) != v} | {
            k: vm.lever_value_of(self.settings, k) for k in self.applied if k not in self.overrides
        }

    def set_levers(self, changes: Mapping[str, Any]) -> None:
        """Move levers; validated first (raises :class:`govsim.ScenarioError`, nothing changed).

        A value equal to the scenario file's removes the override.
        """
        with self._lock:
            overrides = dict(self.overrides)
            for path, value in changes.items():
                if vm.lever_value_of(self.settings, path) == value:
                    overrides.pop(path, None)
                else:
                    overrides[path] = value
            vm.load_settings(str(self.scenario_path), overrides)  # raises if invalid
            if self.contrast_path is not None:
                vm.load_settings(str(self.contrast_path), overrides)
            self.overrides = overrides
            live = {path: value for path, value in changes.items() if vm.live_lever(path)}
            if live:
                vm.apply_levers(self.model, live)
                if self.contrast is not None:
                    vm.apply_levers(self.contrast, live)
                for path, value in live.items():
                    if path in overrides:
                        self.applied[path] = value
                    else:  # back to the file's value: as if it had never moved
                        self.applied.pop(path, None)

    def revert_levers(self) -> None:
        """All levers back to the scenario file's values (live levers from the next day)."""
        with self._lock:
            self.set_levers(
                {path: vm.lever_value_of(self.settings, path) for path in self.overrides}
            )

    # -- scenario and demonstrations ---------------------------------------------------------

    def load_scenario(self, scenario: str | Path) -> None:
        """Switch to another scenario file: levers back to its values, no contrast, day 0."""
        with self._lock:
            path = self._resolve(scenario)
            settings = vm.load_settings(str(path))  # raises before anything changes
            self.scenario_path, self.settings = path, settings
            self.overrides, self.preset, self.contrast_path = {}, None, None
            self.reset()

    def load_preset(self, preset: Preset) -> None:
        """Load a demonstration: its scenario, its contrast beside it, same seed, day 0."""
        with self._lock:
            path = self._resolve(preset.scenario)
            contrast = self._resolve(preset.contrast)
            settings = vm.load_settings(str(path))
            vm.load_settings(str(contrast))
            self.scenario_path, self.settings, self.contrast_path = path, settings, contrast
            self.overrides, self.preset = {}, preset
            self.reset()

    def drop_contrast(self) -> None:
        """Stop the contrast run (the demonstration's scenario keeps running)."""
        with self._lock:
            self.preset, self.contrast_path, self.contrast = None, None, None
            self.contrast_history = []

    def compare(self) -> tuple[float, float] | None:
        """The demonstration's measure in this run and in the contrast, or None."""
        with self._lock:
            if self.preset is None or self.contrast is None:
                return None
            name = self.preset.measure
            return vm.measure(self.model, name), vm.measure(self.contrast, name)


_UNSET = object()
