"""Enterprises: local firms, outside firms and cooperatives of each village (seed 001 §2.1)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from govsim.enums import EnterpriseKind
from govsim.scenario import Scenario
from govsim.state.layout import Layout

__all__ = ["EnterpriseTable", "build_enterprises"]


@dataclass(slots=True)
class EnterpriseTable:
    """One row per enterprise: village, kind, policy awareness and inclusion.

    Static: ``village``, ``kind`` (:class:`EnterpriseKind`), ``excluded`` (an outside firm the
    villagers shut out), ``inclusion_draw`` (a latent uniform: the firm is included in village
    forums when it is below ``enterprises.forum_inclusion_share`` and the firm is not excluded).
    Dynamic: ``aware`` (written by :mod:`~govsim.processes.awareness`) and ``reports`` (reports
    the firm filed, written by :mod:`~govsim.processes.detection`).
    """

    village: NDArray[np.int32]
    kind: NDArray[np.int8]
    aware: NDArray[np.bool_]
    excluded: NDArray[np.bool_]
    inclusion_draw: NDArray[np.float64]
    reports: NDArray[np.int64]

    @property
    def size(self) -> int:
        """Number of enterprises."""
        return len(self.village)

    def included(self, share: float) -> NDArray[np.bool_]:
        """Firms included in village forums when ``share`` of the firms are invited."""
        mask: NDArray[np.bool_] = ~self.excluded & (self.inclusion_draw < share)
        return mask


def build_enterprises(
    scenario: Scenario, layout: Layout, rng: np.random.Generator
) -> tuple[EnterpriseTable, NDArray[np.int64], NDArray[np.int64]]:
    """Poisson enterprises per village of three kinds; outside firms may be excluded.

    Returns the table and each village's first enterprise row and count.
    """
    settings = scenario.enterprises
    count = rng.poisson(settings.per_village_mean, layout.n_villages).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(count)[:-1])).astype(np.int64)
    n = int(count.sum())
    village = np.repeat(np.arange(layout.n_villages, dtype=np.int32), count)
    kind = rng.choice(3, size=n, p=np.asarray(settings.kind_shares)).astype(np.int8)
    excluded = (kind == EnterpriseKind.OUTSIDE) & (
        rng.random(n) < settings.outside_exclusion_probability
    )
    table = EnterpriseTable(
        village=village,
        kind=kind,
        aware=rng.random(n) < settings.awareness_share,
        excluded=excluded,
        inclusion_draw=rng.random(n),
        reports=np.zeros(n, dtype=np.int64),
    )
    return table, start, count
