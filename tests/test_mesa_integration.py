"""GovernanceModel as a Mesa model: batch_run, agents as views on columns, DataCollector."""

from __future__ import annotations

from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

from govsim import (
    Cadre,
    Department,
    Enterprise,
    GovernanceCentre,
    GovernanceModel,
    GridWorker,
    Scenario,
    Villager,
)
from govsim.metrics import DAILY

AGENT_CLASSES = (Villager, GridWorker, Enterprise, Cadre, Department, GovernanceCentre)
STEPS = 20


@pytest.fixture(scope="module")
def model(village: Scenario) -> GovernanceModel:
    return GovernanceModel(village, rng=8)


def test_batch_run_sweeps_a_lever(village_path: Path) -> None:
    rows = mesa.batch_run(
        GovernanceModel,
        parameters={"settings": [str(village_path)], "appraisal.audit_rate": [0.0, 0.5]},
        rng=[1, 2],
        max_steps=STEPS,
        number_processes=1,
        display_progress=False,
    )
    assert len(rows) == 4
    combos = {(row["rng"], row["appraisal.audit_rate"]) for row in rows}
    assert combos == {(1, 0.0), (1, 0.5), (2, 0.0), (2, 0.5)}
    for row in rows:
        assert row["Step"] == STEPS
        for name in DAILY.names():
            assert name in row, f"model reporter {name} missing"
            assert row[name] is not None
        assert row["backlog"] >= 0
        assert 0 <= row["mean_trust"] <= 1
    # Same seed, same lever value ⇒ same numbers (batch_run builds each model afresh).
    again = mesa.batch_run(
        GovernanceModel,
        parameters={"settings": [str(village_path)], "appraisal.audit_rate": [0.5]},
        rng=[2],
        max_steps=STEPS,
        number_processes=1,
        display_progress=False,
    )
    original = next(r for r in rows if r["rng"] == 2 and r["appraisal.audit_rate"] == 0.5)
    assert {k: again[0][k] for k in DAILY.names()} == {k: original[k] for k in DAILY.names()}


def test_batch_run_keyword_reaches_the_scenario(village_path: Path) -> None:
    model = GovernanceModel(str(village_path), rng=1, **{"appraisal.audit_rate": 0.5})
    assert model.settings.appraisal.audit_rate == 0.5


def test_all_six_agent_classes_are_present(model: GovernanceModel) -> None:
    by_type = model.agents_by_type
    for cls in AGENT_CLASSES:
        assert cls in by_type, cls.__name__
        assert len(by_type[cls]) > 0, cls.__name__
    assert len(by_type[Department]) == len(model.settings.departments)
    assert len(by_type[GovernanceCentre]) == 1
    assert len(by_type[GridWorker]) == model.grid_workers.size
    assert len(by_type[Enterprise]) == model.enterprises.size
    assert len(by_type[Cadre]) == model.settings.cadres.per_village * model.layout.n_villages


def test_one_villager_agent_per_population_row(model: GovernanceModel) -> None:
    villagers = list(model.agents_by_type[Villager])
    assert len(villagers) == model.population.size
    assert sorted(v.row for v in villagers) == list(range(model.population.size))


def test_villager_attributes_are_views_on_columns(village: Scenario) -> None:
    fresh = GovernanceModel(village, rng=8)
    fresh.run_days(5)
    pop = fresh.population
    villagers = list(fresh.agents_by_type[Villager])
    for agent in villagers[:: max(1, len(villagers) // 50)]:
        assert agent.trust == pop.trust[agent.row]
        assert agent.efficacy == pop.efficacy[agent.row]
        assert agent.aware == bool(pop.aware[agent.row])
        assert agent.village == pop.village[agent.row]
    agent = villagers[len(villagers) // 2]
    agent.trust = 0.123
    assert pop.trust[agent.row] == 0.123
    agent.aware = True
    assert pop.aware[agent.row]
    # ...and column updates by the processes are seen through the agent.
    pop.trust[agent.row] = 0.877
    assert agent.trust == 0.877
    assert np.count_nonzero(pop.trust == 0.877) >= 1


def test_grid_worker_attributes_are_views(model: GovernanceModel) -> None:
    for worker in model.agents_by_type[GridWorker]:
        assert worker.text_skill == model.grid_workers.text_skill[worker.row]
        assert isinstance(worker.appraisal_score, float)


def test_datacollector_with_an_agent_reporter_on_villagers(village: Scenario) -> None:
    fresh = GovernanceModel(village, rng=9)
    collector = mesa.DataCollector(
        model_reporters={"day": "day"},
        agenttype_reporters={Villager: {"trust": "trust", "aware": "aware"}},
    )
    for _ in range(3):
        fresh.step()
        collector.collect(fresh)
    frame = collector.get_agenttype_vars_dataframe(Villager)
    assert len(frame) == 3 * fresh.population.size
    last = frame.xs(frame.index.get_level_values(0).max(), level=0)
    by_id = {a.unique_id: a.row for a in fresh.agents_by_type[Villager]}
    rows = np.array([by_id[i] for i in last.index.get_level_values("AgentID")])
    np.testing.assert_array_equal(last["trust"].to_numpy(), fresh.population.trust[rows])
    model_frame = collector.get_model_vars_dataframe()
    assert model_frame["day"].tolist() == [1, 2, 3]


def test_model_datacollector_collects_every_daily_metric(village: Scenario) -> None:
    fresh = GovernanceModel(village, rng=10)
    fresh.run_days(4)
    frame = fresh.datacollector.get_model_vars_dataframe()
    assert len(frame) == 4
    assert set(DAILY.names()) <= set(frame.columns)
    assert frame["backlog"].tolist() == fresh.recorder.frame()["backlog"].tolist()


def test_run_days_is_mesa_time_and_steps(village: Scenario) -> None:
    by_run = GovernanceModel(village, rng=3)
    by_run.run_days(6)
    by_run.step()
    by_run.run_days(2)
    by_step = GovernanceModel(village, rng=3)
    for _ in range(9):
        by_step.step()
    for model in (by_run, by_step):
        assert model.steps == model.day == 9
        assert model.time == 9.0
    pd.testing.assert_frame_equal(by_run.recorder.frame(), by_step.recorder.frame())
    pd.testing.assert_frame_equal(
        by_run.datacollector.get_model_vars_dataframe(),
        by_step.datacollector.get_model_vars_dataframe(),
    )


def test_row_agents_appear_on_first_use_with_set_up_order_ids(village: Scenario) -> None:
    lazy = GovernanceModel(village, rng=3)
    lazy.run_days(3)  # the pipeline does not need the row agents
    assert lazy._agents_pending
    eager = GovernanceModel(village, rng=3)
    ids = {type(a).__name__: [] for a in eager.agents}
    for agent in eager.agents:
        ids[type(agent).__name__].append((agent.unique_id, getattr(agent, "row", None)))
    for agent in lazy.agents:
        assert (agent.unique_id, getattr(agent, "row", None)) in ids[type(agent).__name__]
    assert len(lazy.agents) == len(eager.agents)
    # villagers follow the departments and the centre, in row order
    villagers = sorted((a.unique_id, a.row) for a in lazy.agents_by_type[Villager])
    first = villagers[0][0]
    assert villagers == [(first + row, row) for row in range(lazy.population.size)]
    assert first == len(lazy.settings.departments) + 2


def test_an_agent_added_before_first_use_comes_after_the_row_agents(village: Scenario) -> None:
    model = GovernanceModel(village, rng=3)
    extra = mesa.Agent(model)
    assert extra.unique_id == max(a.unique_id for a in model.agents if a is not extra) + 1


def test_mesa_keeps_its_own_scenario_attribute(village_path: Path) -> None:
    """``model.scenario`` is Mesa's; a model rebuilt the way SolaraViz resets one works."""
    from mesa.experimental.scenarios import Scenario as MesaScenario

    model = GovernanceModel(str(village_path), rng=2)
    assert isinstance(model.scenario, MesaScenario)
    assert model.settings.name == "village"
    # SolaraViz's reset: the model parameters plus a fresh Mesa scenario of the same class
    rebuilt = type(model)(settings=str(village_path), scenario=type(model.scenario)(rng=3))
    rebuilt.step()
    assert rebuilt.settings == model.settings
    assert isinstance(rebuilt.scenario, MesaScenario)
