"""Errors a user of the experiment machinery can fix, and the warning for ambiguous rankings."""

from __future__ import annotations

__all__ = ["AmbiguousRankingWarning", "ExperimentError", "SweepInterrupted"]


class ExperimentError(ValueError):
    """A bad experiment definition, store or request, worded for the person who can fix it.

    The CLI prints ``str(error)`` without a traceback and exits non-zero.
    """


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a sweep; finished runs were written and the sweep can be resumed.

    Parameters
    ----------
    message:
        What happened and how to resume.
    completed:
        Runs stored during this invocation before the interruption.
    """

    def __init__(self, message: str, completed: int) -> None:
        super().__init__(message)
        self.message = message
        self.completed = completed


class AmbiguousRankingWarning(UserWarning):
    """Confidence intervals of sensitivity indices overlap, so inputs cannot be ranked.

    Raised through :mod:`warnings` by :mod:`govsim.experiments.sensitivity`; the remedy is a larger
    base sample (``N``, trajectories) or more replications.
    """
