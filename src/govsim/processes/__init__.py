"""The processes of a simulated day, one module per mechanism.

Each process is a small object built once per model (precomputing what does not change) whose
``step(model)`` performs one stage of the daily pipeline in
:meth:`govsim.model.GovernanceModel.step`. Docstrings state each rule, its parameters with units
and its source; ``docs/model.md`` collects them in ODD form.
"""

from govsim.processes.adoption import AppAdoption
from govsim.processes.arrival import ProblemArrival
from govsim.processes.detection import Detection
from govsim.processes.feedback import Feedback
from govsim.processes.grid_work import GridWork
from govsim.processes.incentives import Incentives
from govsim.processes.meetings import Meetings
from govsim.processes.processing import DepartmentProcessing
from govsim.processes.publicity import Publicity
from govsim.processes.reporting import Reporting
from govsim.processes.routing import Routing
from govsim.processes.settlement import LocalSettlement
from govsim.processes.sharing import Sharing

__all__ = [
    "AppAdoption",
    "DepartmentProcessing",
    "Detection",
    "Feedback",
    "GridWork",
    "Incentives",
    "LocalSettlement",
    "Meetings",
    "ProblemArrival",
    "Publicity",
    "Reporting",
    "Routing",
    "Sharing",
]
