"""The mechanisms of a simulated day, one module per mechanism.

Each process is a small object built with the state tables it reads and writes (never the whole
model) and its own random stream. Its ``step(day, ...)`` takes the day's inputs as values and
returns its outputs as values (:mod:`govsim.events`); no process calls another.
:meth:`govsim.model.GovernanceModel.step` wires them into the day's data flow. ``configure
(settings)`` takes a (new) scenario's values, at set-up and when a policy rolls out. Each class
declares the state columns it reads (``READS``) and writes (``WRITES``, ``table+`` meaning it
appends rows); every column has one writer, except the ledger's ``stage``, which the process
holding a case writes. Docstrings state each rule, its parameters with units and its source;
``docs/model.md`` collects them in ODD form.
"""

from govsim.processes.accountability import Accountability
from govsim.processes.adoption import AppAdoption
from govsim.processes.arrival import ProblemArrival
from govsim.processes.awareness import Awareness
from govsim.processes.beliefs import Beliefs
from govsim.processes.closing import Closing
from govsim.processes.detection import Detection
from govsim.processes.evaluation import Evaluation
from govsim.processes.feedback import Feedback
from govsim.processes.grid_work import GridWork
from govsim.processes.incentives import Incentives
from govsim.processes.intake import Intake
from govsim.processes.meetings import Meetings
from govsim.processes.participation import Participation
from govsim.processes.processing import DepartmentProcessing
from govsim.processes.relations import Relations
from govsim.processes.reporting import Reporting
from govsim.processes.routing import Routing
from govsim.processes.settlement import LocalSettlement
from govsim.processes.supervision import Supervision

__all__ = [
    "Accountability",
    "AppAdoption",
    "Awareness",
    "Beliefs",
    "Closing",
    "DepartmentProcessing",
    "Detection",
    "Evaluation",
    "Feedback",
    "GridWork",
    "Incentives",
    "Intake",
    "LocalSettlement",
    "Meetings",
    "Participation",
    "ProblemArrival",
    "Relations",
    "Reporting",
    "Routing",
    "Supervision",
]
