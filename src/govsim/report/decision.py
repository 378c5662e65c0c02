"""The decision report: which package improves which outcome, by how much, how surely, at what cost.

:func:`compare` runs a reference scenario and one or more packages with the same seeds and returns
a :class:`DecisionReport`; :meth:`DecisionReport.write` saves it as Markdown and one
self-contained HTML page per language, and in a notebook the report displays itself.
The report reads, top to bottom:

1. *In brief* — one line per package: the headline outcomes it clearly improves or worsens, its
   extra cost per year and what an extra case resolved in time costs;
2. the *headline table* at the last horizon, grouped (participation, handling, equity, cost) and
   coloured by each outcome's desirable direction;
3. *what each package changes* — its levers against the reference, in words and values, and the
   day it rolls out;
4. *programme cost* by budget line and cost-effectiveness;
5. *effects over time* — the headline changes at every horizon, and a forest plot per outcome;
6. *time paths* of the headline outcomes (median and band over seeds, roll-out marked);
7. *how to read it* — pairing, the correction, effect sizes, what costs include;
8. every metric, for each package (folded away in HTML).
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.compare import CORRECTIONS
from govsim.experiments.designs import PointList
from govsim.experiments.errors import ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.runner import run_experiment
from govsim.experiments.store import OUTPUT_PREFIX, read_daily, read_results
from govsim.experiments.worker import STATUS_OK
from govsim.i18n import LANGUAGES, Language
from govsim.metrics import COST_LINES
from govsim.report.analysis import (
    HEADLINE,
    cost_effectiveness,
    paired_effects,
)
from govsim.report.document import (
    Section,
    render_html,
    render_markdown,
)
from govsim.report.levers import LeverChange, lever_changes
from govsim.report.plots import plot_costs, plot_effects, plot_time_paths, png_bytes
from govsim.report.runs import (
    ARM_KEY,
    PATHS,
    ArmModel,
    check_rollout,
    shares_history,
    split_output,
)
from govsim.scenario import Scenario, in_force, load_scenario, with_overrides

__all__ = ["DEFAULT_HORIZONS", "DecisionReport", "compare", "report_from_store"]

#: Horizons (days after roll-out) read by default: a quarter and a year.
DEFAULT_HORIZONS: tuple[int, ...] = (90, 365)


@dataclass(frozen=True)
class DecisionReport:
    """A comparison of packages with a reference, ready to read (see the module docstring).

    Attributes
    ----------
    labels:
        Scenario labels, reference first.
    scenarios:
        The validated scenarios, in the order of ``labels``.
    outcomes:
        Every successful run's summary metrics at every horizon: columns ``arm, seed, horizon,
        metric, value``.
    paths:
        Time paths of the headline outcomes: columns ``arm, seed, day`` and one per metric.
    effects:
        Paired effects of each package at each horizon on every metric
        (:func:`govsim.report.analysis.paired_effects`).
    costs:
        Cost-effectiveness of each package at the last horizon
        (:func:`govsim.report.analysis.cost_effectiveness`).
    seeds:
        The replication seeds (the same in every arm).
    horizons:
        Days after roll-out at which outcomes were read (each over the days from the roll-out).
    rollout_day:
        The reported day on which the packages took effect; until then every arm ran the
        reference's status quo (:mod:`govsim.report.runs`).
    conf_level, correction, root_seed:
        Settings of the comparison.
    failed:
        Runs that failed (left out of every statistic).
    """

    labels: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    outcomes: pd.DataFrame
    paths: pd.DataFrame
    effects: pd.DataFrame
    costs: pd.DataFrame
    seeds: tuple[int, ...]
    horizons: tuple[int, ...]
    rollout_day: int = 0
    conf_level: float = 0.95
    correction: str = "holm"
    root_seed: int = 0
    failed: int = 0
    _figures: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False, compare=False)

    @property
    def reference(self) -> str:
        """The reference scenario's label."""
        return self.labels[0]

    @property
    def packages(self) -> tuple[str, ...]:
        """The packages' labels."""
        return self.labels[1:]

    @property
    def horizon(self) -> int:
        """The last horizon: the one the headline table and costs read."""
        return self.horizons[-1]

    @property
    def spin_up_days(self) -> int:
        """Days of the reference's status quo simulated before day 0 (not reported)."""
        return self.scenarios[0].spin_up_days

    @property
    def shares_history(self) -> bool:
        """Whether every arm ran the reference's status quo before the roll-out."""
        return shares_history(self.scenarios, self.rollout_day)

    def changes(self, package: str) -> list[LeverChange]:
        """The scenario values ``package`` changes from the reference.

        A scenario that schedules roll-outs of its own is compared by the values in force once
        they have all taken effect (:func:`~govsim.scenario.in_force`).
        """
        package_scenario = self.scenarios[self.labels.index(package)]
        return lever_changes(in_force(self.scenarios[0]), in_force(package_scenario))

    def headline(self, horizon: int | None = None) -> pd.DataFrame:
        """The headline effects at ``horizon`` (default: the last): one row per package and metric."""
        at = self.horizon if horizon is None else horizon
        chosen = self.effects[
            (self.effects["horizon"] == at) & self.effects["metric"].isin(HEADLINE)
        ]
        order = {name: i for i, name in enumerate(HEADLINE)}
        return chosen.sort_values(
            ["package", "metric"],
            key=lambda s: s.map(order) if s.name == "metric" else s.map(self.packages.index),
        ).reset_index(drop=True)

    def adults(self) -> float:
        """Mean adults simulated per run (the population costs and counts refer to)."""
        rows = self.outcomes[
            (self.outcomes["metric"] == "villagers") & (self.outcomes["arm"] == self.reference)
        ]
        return float(rows["value"].mean()) if len(rows) else math.nan

    def family_size(self, family: str = "primary") -> int:
        """Metrics tested together per package and horizon in ``family`` (primary, secondary)."""
        tested = self.effects[
            (self.effects["package"] == self.packages[0])
            & (self.effects["horizon"] == self.horizon)
            & (self.effects["family"] == family)
        ]
        return int(tested["t_pvalue"].notna().sum()) if len(tested) else 0

    # -- figures ----------------------------------------------------------------------------------

    def figure(self, name: str, lang: Language = "en") -> Any:
        """A matplotlib figure of the report: ``"effects"``, ``"paths"`` or ``"costs"``."""
        if name == "effects":
            metrics = [m for m in HEADLINE if m != "programme_cost_cny_per_year"]
            return plot_effects(
                self.effects, metrics, self.packages, reference=self.reference, lang=lang
            )
        if name == "paths":
            return plot_time_paths(
                self.paths,
                self.labels,
                PATHS,
                rollout_day=self.rollout_day,
                horizons=self.horizons,
                lang=lang,
            )
        if name == "costs":
            return plot_costs(self.cost_lines(), self.labels, COST_LINES, lang=lang)
        raise ValueError(f"no figure {name!r}; choose effects, paths or costs")

    def _png(self, name: str, lang: Language) -> bytes:
        key = (name, lang)
        if key not in self._figures:
            self._figures[key] = png_bytes(self.figure(name, lang))
        return self._figures[key]

    def cost_lines(self) -> pd.DataFrame:
        """Mean programme cost per year by budget line (columns) and scenario (rows), last horizon."""
        at = self.outcomes[
            (self.outcomes["horizon"] == self.horizon)
            & self.outcomes["metric"].isin([*COST_LINES, "programme_cost_cny_per_year"])
        ]
        table = at.pivot_table(index="arm", columns="metric", values="value", aggfunc="mean")
        return table.reindex(index=list(self.labels))

    # -- content ----------------------------------------------------------------------------------

    def sections(self, lang: Language = "en") -> list[Section]:
        """The report's content in ``lang`` (rendered by :meth:`to_markdown` and :meth:`to_html`)."""
        from govsim.report.sections import build_sections

        return build_sections(self, lang)

    def png(self, name: str, lang: Language) -> bytes:
        """A figure as PNG bytes, drawn once per language."""
        return self._png(name, lang)

    # -- output -----------------------------------------------------------------------------------

    def to_markdown(self, lang: Language = "en", *, figure_dir: str = "figures") -> str:
        """The report as Markdown; its figures are referenced in ``figure_dir`` (see :meth:`write`)."""
        return render_markdown(self.sections(lang), figure_dir=figure_dir)

    def to_html(self, lang: Language = "en") -> str:
        """The report as one self-contained HTML page (figures embedded, no external requests)."""
        sections = self.sections(lang)
        return render_html(sections, title=sections[0].title, lang=lang)

    def _repr_html_(self) -> str:
        """Jupyter shows the English report inline."""
        return self.to_html("en")

    def write(
        self, out: str | os.PathLike[str], langs: Iterable[Language] = LANGUAGES
    ) -> list[Path]:
        """Write ``report[_zh].html``, ``report[_zh].md`` with ``figures/``, and the tables as CSV.

        Returns the paths written.
        """
        target = Path(out)
        (target / "figures").mkdir(parents=True, exist_ok=True)
        written = []
        for lang in langs:
            suffix = "" if lang == "en" else f"_{lang}"
            sections = self.sections(lang)
            page = target / f"report{suffix}.html"
            page.write_text(
                render_html(sections, title=sections[0].title, lang=lang), encoding="utf-8"
            )
            markdown = target / f"report{suffix}.md"
            markdown.write_text(render_markdown(sections, figure_dir="figures"), encoding="utf-8")
            for name in ("effects", "paths", "costs"):
                figure = target / "figures" / f"{name}_{lang}.png"
                figure.write_bytes(self._png(name, lang))
                written.append(figure)
            written.extend([page, markdown])
        for name, table in (
            ("effects", self.effects),
            ("cost_effectiveness", self.costs),
            ("outcomes", self.outcomes),
        ):
            path = target / f"{name}.csv"
            table.to_csv(path, index=False)
            written.append(path)
        return written


def compare(
    reference: Scenario | str | os.PathLike[str],
    *packages: Scenario | str | os.PathLike[str],
    seeds: int = 5,
    days: int | None = None,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    rollout_day: int = 0,
    spin_up_days: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    labels: Sequence[str] | None = None,
    seed: int = 0,
    conf_level: float = 0.95,
    correction: str = "holm",
    executor: Any = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    store: str | os.PathLike[str] | None = None,
    force: bool = False,
    progress: bool | None = None,
) -> DecisionReport:
    """Run a reference and packages with common random numbers and build their decision report.

    Every arm runs the reference's county: its spin-up, then its status quo until
    ``rollout_day``, when a package arm switches to the package's levers; with the same seed the
    arms are identical until then, and outcomes are read over the days after it
    (:mod:`govsim.report.runs`).

    Parameters
    ----------
    reference, packages:
        Scenarios or scenario files; the reference first (typically the status quo).
    seeds:
        Paired replications: replication ``k`` uses the same seed in every scenario (at least 2).
    days:
        Days after roll-out to simulate (default: the last horizon, or the reference's ``days``
        when ``horizons`` is empty). Horizons beyond it are dropped; it is always a horizon.
    horizons:
        Days after roll-out at which outcomes are read (effects over time), each over the days
        from the roll-out to the horizon.
    rollout_day:
        The reported day on which the packages take effect (0, the first, by default); the days
        before it are the reference's status quo in every arm and show in the time paths.
    spin_up_days:
        Days of the status quo simulated before the first reported day and not reported
        (default: the scenarios' own ``spin_up_days``, which must then agree unless there is
        no spin-up and ``rollout_day`` is 0). Set here, it applies to every scenario.
    overrides:
        Dotted-path values applied to *every* scenario, e.g. ``{"county.villages": 30}`` for a
        township of the county.
    labels:
        Names of the scenarios in the report (default: file stems or scenario names).
    seed:
        Root seed of the replication seeds.
    conf_level:
        Level of the intervals (tests are at ``1 - conf_level`` after correction).
    correction:
        ``"holm"`` (default), ``"bh"`` or ``"none"``.
    executor, workers, scheduler:
        Where runs execute (:func:`govsim.experiments.run_experiment`).
    store:
        Directory of the resumable result store (default: a temporary directory).
    force:
        Start the store afresh.
    progress:
        Show a progress bar (default: when stderr is a terminal).

    Raises
    ------
    ExperimentError
        For fewer than one package, fewer than two seeds, bad horizons, a negative roll-out
        day, a package that differs from the reference in a value fixed when the county is built
        (which cannot roll out after a spin-up or status-quo days; the message names it), an
        unknown correction, or if no run of the reference succeeded.
    govsim.ScenarioError
        For an invalid scenario or override (every problem with its path).
    """
    if not packages:
        raise ExperimentError("compare needs a reference and at least one package")
    if seeds < 2:
        raise ExperimentError(f"paired statistics need at least 2 seeds, not {seeds}")
    if correction not in CORRECTIONS:
        raise ExperimentError(
            f"unknown correction {correction!r}; choose one of {', '.join(CORRECTIONS)}"
        )
    check_rollout(rollout_day)
    if spin_up_days is not None:
        overrides = {**(overrides or {}), "spin_up_days": spin_up_days}
    sources = (reference, *packages)
    scenarios = tuple(_load(source, overrides) for source in sources)
    names = tuple(labels) if labels else _labels(sources, scenarios)
    if len(names) != len(scenarios) or len(set(names)) != len(names):
        raise ExperimentError(f"labels must name every scenario once, got {list(names)}")
    chosen = _horizons(
        horizons, days if days is not None else (max(horizons) if horizons else scenarios[0].days)
    )
    model = ArmModel(arms=scenarios, horizons=chosen, rollout_day=rollout_day)
    digest = hashlib.sha256(repr(model.describe()).encode()).hexdigest()[:8]
    experiment = Experiment(
        name=f"compare-{names[0]}-{digest}",
        model=model,
        design=PointList(tuple({ARM_KEY: index} for index in range(len(scenarios)))),
        replications=seeds,
        seed=seed,
        daily=True,
    )
    with tempfile.TemporaryDirectory(prefix="govsim-compare-") as scratch:
        root = Path(store) if store is not None else Path(scratch)
        run_experiment(
            experiment,
            root,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            force=force,
            progress=progress,
        )
        return report_from_store(
            root,
            names,
            scenarios,
            horizons=chosen,
            rollout_day=rollout_day,
            conf_level=conf_level,
            correction=correction,
            root_seed=seed,
        )


def report_from_store(
    store: str | os.PathLike[str],
    labels: Sequence[str],
    scenarios: Sequence[Scenario],
    *,
    horizons: Sequence[int],
    rollout_day: int = 0,
    conf_level: float = 0.95,
    correction: str = "holm",
    root_seed: int = 0,
) -> DecisionReport:
    """Build the report from a comparison's result store (design point ``i`` = ``labels[i]``)."""
    results = read_results(Path(store))
    ok = results[results["status"] == STATUS_OK]
    failed = int((results["status"] != STATUS_OK).sum())
    if ok[ok["point"] == 0].empty:
        raise ExperimentError(
            f"no run of the reference ({labels[0]}) succeeded; see the errors in {store}"
        )
    outcomes = _tidy_outcomes(ok, labels)
    daily = read_daily(Path(store))
    arm_of_run = dict(zip(ok["run_id"], ok["point"], strict=True))
    seed_of_run = dict(zip(ok["run_id"], ok["seed"], strict=True))
    daily = daily[daily["run_id"].isin(arm_of_run)]
    paths = daily.assign(
        arm=[labels[int(arm_of_run[r])] for r in daily["run_id"]],
        seed=[int(seed_of_run[r]) for r in daily["run_id"]],
    ).loc[:, ["arm", "seed", "day", *PATHS]]
    reference = labels[0]
    effects = paired_effects(outcomes, reference, conf_level=conf_level, correction=correction)
    costs = cost_effectiveness(
        outcomes, reference, horizon=max(horizons), conf_level=conf_level, seed=root_seed
    )
    return DecisionReport(
        labels=tuple(labels),
        scenarios=tuple(scenarios),
        outcomes=outcomes,
        paths=paths.reset_index(drop=True),
        effects=effects,
        costs=costs,
        seeds=tuple(sorted(int(s) for s in ok["seed"].unique())),
        horizons=tuple(horizons),
        rollout_day=rollout_day,
        conf_level=conf_level,
        correction=correction,
        root_seed=root_seed,
        failed=failed,
    )


def _tidy_outcomes(ok: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    columns = [c for c in ok.columns if c.startswith(OUTPUT_PREFIX)]
    long = ok.melt(
        id_vars=["point", "seed"], value_vars=columns, var_name="output", value_name="value"
    )
    split = [split_output(name.removeprefix(OUTPUT_PREFIX)) for name in long["output"]]
    return pd.DataFrame(
        {
            "arm": [labels[int(p)] for p in long["point"]],
            "seed": long["seed"].astype(np.int64).to_numpy(),
            "horizon": np.array([h for _, h in split], dtype=np.int64),
            "metric": [m for m, _ in split],
            "value": long["value"].to_numpy(dtype=np.float64),
        }
    )


def _load(
    source: Scenario | str | os.PathLike[str], overrides: Mapping[str, Any] | None
) -> Scenario:
    if isinstance(source, Scenario):
        return with_overrides(source, overrides) if overrides else source
    return load_scenario(source, overrides)


def _labels(sources: Sequence[Any], scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    labels: list[str] = []
    for source, scenario in zip(sources, scenarios, strict=True):
        label = scenario.name if isinstance(source, Scenario) else Path(source).stem
        count = sum(
            1 for existing in labels if existing == label or existing.startswith(f"{label} (")
        )
        labels.append(label if count == 0 else f"{label} ({count + 1})")
    return tuple(labels)


def _horizons(horizons: Sequence[int], days: int) -> tuple[int, ...]:
    if days < 1:
        raise ExperimentError(f"days must be at least 1, not {days}")
    if any(h < 1 for h in horizons):
        raise ExperimentError(f"horizons must be at least 1 day, not {list(horizons)}")
    return tuple(sorted({h for h in horizons if h <= days} | {days}))
