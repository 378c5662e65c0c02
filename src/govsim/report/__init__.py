"""Decision reports: compare policy packages with a reference, paired by seed, with costs.

``compare(reference, *packages, ...)`` runs every scenario with the same seeds and returns a
:class:`DecisionReport` — headline outcomes coloured by their desirable direction, the levers each
package changes, paired effects with intervals and a multiple-comparison correction, time paths,
programme cost and cost-effectiveness — which writes itself as Markdown and self-contained HTML in
English and Simplified Chinese (``report.write(out)``) and displays itself in a notebook.
``govsim compare`` is the command line for it. See ``docs/planning.md``.
"""

from govsim.report.analysis import HEADLINE, Verdict, cost_effectiveness, paired_effects
from govsim.report.decision import DEFAULT_HORIZONS, DecisionReport, compare, report_from_store
from govsim.report.levers import ChangeKind, LeverChange, lever_changes, rollout_changes
from govsim.report.runs import PATHS, ArmModel, ArmRun, arm_scenarios, time_paths

__all__ = [
    "DEFAULT_HORIZONS",
    "HEADLINE",
    "PATHS",
    "ArmModel",
    "ArmRun",
    "ChangeKind",
    "DecisionReport",
    "LeverChange",
    "Verdict",
    "arm_scenarios",
    "compare",
    "cost_effectiveness",
    "lever_changes",
    "paired_effects",
    "report_from_store",
    "rollout_changes",
    "time_paths",
]
