"""govsim: agent-based simulation of collaborative rural governance.

Villagers, grid workers, village cadres, enterprises and government departments (with the
comprehensive governance centre) find, report, route, handle and feed back on local problems,
one simulated day at a time, in a Mesa model. See ``docs/model.md`` for the model description.
"""

import gc as _gc

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

# The ~100,000 objects that importing govsim's dependencies creates (pandas, scipy through Mesa,
# networkx) live as long as the process. Freezing them (moving them to the collector's permanent
# generation) keeps every later full garbage collection from traversing them again: one such
# collection cost 35-40 ms on the 2-core development machine, a quarter of a village-year, and a
# run or a sweep's worker triggers them as it allocates (benchmarks/README.md, "Garbage
# collection"). Objects that exist at import are only never *collected* if they later become
# cyclic garbage; nothing else changes.
_gc.freeze()
