"""govsim: agent-based simulation of collaborative rural governance.

Villagers, grid workers, village cadres, enterprises and government departments (with the
comprehensive governance centre) find, report, route, handle and feed back on local problems,
one simulated day at a time, in a Mesa model. See ``docs/model.md`` for the model description.
"""

from govsim.agents import Cadre, Department, Enterprise, GovernanceCentre, GridWorker, Villager
from govsim.model import GovernanceModel
from govsim.results import RunResult, run
from govsim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "Cadre",
    "Department",
    "Enterprise",
    "GovernanceCentre",
    "GovernanceModel",
    "GridWorker",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "Villager",
    "__version__",
    "load_scenario",
    "run",
]

__version__ = "0.1.0"
