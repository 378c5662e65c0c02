"""The scenario's sections, one module per mechanism: each holds that mechanism's parameters.

Every value is declared with :func:`govsim.scenario.fields.param`, which records its unit, range,
description, whether it is a policy lever and the source of its default (a citation, ``SEED`` for
the seed documents, ``E`` for an estimate to be explored by sensitivity analysis,
``E (SEED 001 §4.2)`` for an estimated number for something a seed describes without a figure).
Cross-field rules (shares that sum to 1) live in ``check`` methods; the engine turns every
violation into an error that names the field's full path. :class:`govsim.scenario.Scenario`
assembles the sections.

Units: ``share`` is a probability or fraction in [0, 1]; ``0-1`` is a score on the unit interval;
``logit`` is an additive term on the log-odds scale; ``minutes/day`` etc. are literal.

=================  ==========================================================================
module             sections
=================  ==========================================================================
``population``     :class:`County`, :class:`Population` (with :class:`AgeShares`)
``network``        :class:`Network`
``problems``       :class:`Problems`, :class:`Category`
``detection``      :class:`Detection`
``reporting``      :class:`Reporting`, :class:`Channels` (:class:`ChannelSettings`),
                   :class:`WeChatGroups`
``grid_workers``   :class:`GridWorkers`, :class:`Appraisal`
``cameras``        :class:`Cameras`
``cadres``         :class:`Cadres`, :class:`Meetings`
``publicity``      :class:`Publicity` (:class:`PublicityChannelSettings`)
``incentives``     :class:`Incentives`
``apps``           :class:`Apps`
``enterprises``    :class:`Enterprises`
``centre``         :class:`Centre`, :class:`Department`
``sharing``        :class:`Sharing`
``feedback``       :class:`Feedback`
``accountability`` :class:`DepartmentAppraisal`, :class:`Evaluation`, :class:`Summons`,
                   :class:`Transparency`
``costs``          :class:`Costs` (unit prices; not read by the model)
=================  ==========================================================================
"""

from govsim.scenario.sections.accountability import (
    DepartmentAppraisal,
    Evaluation,
    Summons,
    Transparency,
)
from govsim.scenario.sections.apps import Apps
from govsim.scenario.sections.cadres import Cadres, Meetings
from govsim.scenario.sections.cameras import Cameras
from govsim.scenario.sections.centre import Centre, Department, default_departments
from govsim.scenario.sections.costs import Costs
from govsim.scenario.sections.detection import Detection
from govsim.scenario.sections.enterprises import Enterprises
from govsim.scenario.sections.feedback import Feedback
from govsim.scenario.sections.grid_workers import Appraisal, GridWorkers
from govsim.scenario.sections.incentives import Incentives
from govsim.scenario.sections.network import Network
from govsim.scenario.sections.population import AgeShares, County, Population
from govsim.scenario.sections.problems import Category, Problems, default_categories
from govsim.scenario.sections.publicity import Publicity, PublicityChannelSettings
from govsim.scenario.sections.reporting import Channels, ChannelSettings, Reporting, WeChatGroups
from govsim.scenario.sections.sharing import Sharing

__all__ = [
    "AgeShares",
    "Appraisal",
    "Apps",
    "Cadres",
    "Cameras",
    "Category",
    "Centre",
    "ChannelSettings",
    "Channels",
    "Costs",
    "County",
    "Department",
    "DepartmentAppraisal",
    "Detection",
    "Enterprises",
    "Evaluation",
    "Feedback",
    "GridWorkers",
    "Incentives",
    "Meetings",
    "Network",
    "Population",
    "Problems",
    "Publicity",
    "PublicityChannelSettings",
    "Reporting",
    "Sharing",
    "Summons",
    "Transparency",
    "WeChatGroups",
    "default_categories",
    "default_departments",
]
