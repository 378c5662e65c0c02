"""Small helpers shared by the processes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = [
    "VILLAGE_CHANNEL_MASK",
    "affected_residents",
    "logistic",
    "poisson_days",
    "problem_case_columns",
    "sample_classes",
    "sample_rows",
]

# Reports through these channels reach the village cadres first (and can be settled locally).
# Indexed by channel code; the last entry (index -1) is "no channel" (cameras).
VILLAGE_CHANNEL_MASK = np.zeros(len(Channel) + 1, dtype=bool)
VILLAGE_CHANNEL_MASK[[Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE, Channel.WECHAT]] = True


def logistic(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The logistic function 1 / (1 + e^-x)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def poisson_days(
    rng: np.random.Generator, mean: float | NDArray[np.float64], size: int
) -> NDArray[np.int64]:
    """Whole-day delays: Poisson with the given mean (0 means 'today')."""
    if isinstance(mean, np.ndarray) and mean.shape == (1,) and size == 1:
        # the same single draw as with the array, without numpy's per-array checks
        return rng.poisson(float(mean[0]), 1).astype(np.int64)
    return rng.poisson(mean, size).astype(np.int64)


def sample_rows(
    rng: np.random.Generator, rows: NDArray[np.int64], probability: float
) -> NDArray[np.int64]:
    """Each row independently with ``probability``, drawn as Binomial count + uniform choice.

    Equivalent in distribution to a Bernoulli draw per row but costs O(chosen), not O(rows).
    """
    n = len(rows)
    if n == 0 or probability <= 0:
        return rows[:0]
    k = int(rng.binomial(n, min(probability, 1.0)))
    if k == 0:
        return rows[:0]
    return _choose(rng, rows, k)


def _choose(rng: np.random.Generator, rows: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """``k`` of ``rows`` uniformly without replacement, in row order (the choice after a count)."""
    return rows[np.sort(rng.choice(len(rows), size=k, replace=False))]


def affected_residents(
    model: GovernanceModel, problems: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Resident adults of the households each problem affects.

    Returns the villager rows and, for each, the index into ``problems`` it belongs to.
    """
    store = model.problems
    layout = model.layout
    n_households = store["households"][problems].astype(np.int64)
    owner = np.repeat(np.arange(len(problems)), n_households)
    offsets = np.arange(len(owner)) - np.repeat(
        np.cumsum(n_households) - n_households, n_households
    )
    household = np.repeat(store["household"][problems], n_households) + offsets
    sizes = layout.household_size[household]
    owner = np.repeat(owner, sizes)
    member = np.arange(len(owner)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    adults = np.repeat(layout.household_start[household], sizes) + member
    resident = ~model.population.migrant[adults]
    return adults[resident], owner[resident]


def sample_classes(
    rng: np.random.Generator,
    classes: list[tuple[float, NDArray[np.int64]]],
    sizes: NDArray[np.int64],
    probabilities: NDArray[np.float64],
) -> NDArray[np.int64]:
    """:func:`sample_rows` over each ``(probability, members)`` class in turn, concatenated.

    The draws are exactly those of the loop: each class's Binomial count, and right after a
    non-zero count the choice of its members. The counts of the classes not done yet are drawn
    in one vectorised Binomial call (element by element the same draws as the loop's scalar
    calls), after saving the generator's state. No non-zero count: done (most days in a small
    population). One: unless it is the last class, the state is restored and the counts are
    redrawn up to that class only, so that its choice follows in the stream as in the loop;
    then the same for the classes after it. Several (a large population): the state is
    restored and the loop runs over the remaining classes.
    """
    bit_generator = rng.bit_generator
    chosen: list[NDArray[np.int64]] = []
    start = 0
    n_classes = len(classes)
    while start < n_classes:
        state = bit_generator.state
        counts = rng.binomial(sizes[start:], probabilities[start:])
        hits = np.count_nonzero(counts)
        if not hits:
            break
        if hits > 1:
            # several classes with draws (a large population): the loop itself is cheapest
            bit_generator.state = state
            chosen.extend(sample_rows(rng, members, p) for p, members in classes[start:])
            break
        first = int(counts.nonzero()[0][0])
        k = int(counts[first])
        stop = start + first + 1
        if stop < n_classes:
            bit_generator.state = state
            rng.binomial(sizes[start:stop], probabilities[start:stop])
        chosen.append(_choose(rng, classes[stop - 1][1], k))
        start = stop
    if not chosen:
        return np.zeros(0, dtype=np.int64)
    return chosen[0] if len(chosen) == 1 else np.concatenate(chosen)


def problem_case_columns(model: GovernanceModel, problems: NDArray[np.int64]) -> dict[str, Any]:
    """Ledger columns of cases opened for ``problems`` (category, place, departments, SLA)."""
    store = model.problems
    category = store["category"][problems]
    cross = store["cross_department"][problems]
    centre = model.scenario.centre
    return {
        "problem": problems,
        "category": category,
        "village": store["village"][problems],
        "grid": store["grid"][problems],
        "severity": store["severity"][problems],
        "settleable": store["settleable"][problems],
        "cross_department": cross,
        "lead_department": model.categories.lead[category],
        "assist_department": store["assist_department"][problems],
        "enterprise": store["enterprise"][problems],
        "genuine": True,
        "sla_days": np.where(cross, centre.sla_complex_days, centre.sla_general_days),
    }
