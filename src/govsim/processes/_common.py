"""Small helpers shared by the processes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.enums import Channel
from govsim.population import concatenated_ranges

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = [
    "NO_ROWS",
    "VILLAGE_CHANNEL_MASK",
    "PoissonCounts",
    "add_at",
    "affected_residents",
    "binomial_zero_chance",
    "logistic",
    "poisson_counts",
    "poisson_days",
    "problem_case_columns",
    "sample_classes",
    "sample_rows",
]

NO_ROWS = np.zeros(0, dtype=np.int64)  # an empty result (never written to)

# Reports through these channels reach the village cadres first (and can be settled locally).
# Indexed by channel code; the last entry (index -1) is "no channel" (cameras).
VILLAGE_CHANNEL_MASK = np.zeros(len(Channel) + 1, dtype=bool)
VILLAGE_CHANNEL_MASK[[Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE, Channel.WECHAT]] = True


def add_at(target: NDArray[Any], index: NDArray[Any], value: Any) -> None:
    """``np.add.at(target, index, value)``: repeated indices add up.

    With one index (the usual day) it is a plain scalar addition, which ``ufunc.at`` makes ~5x
    dearer on arrays this small; the sum is the same operation on the same numbers.
    """
    if len(index) == 1:
        target[index[0]] += value[0] if isinstance(value, np.ndarray) else value
    elif len(index):
        np.add.at(target, index, value)


def logistic(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The logistic function 1 / (1 + e^-x)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def poisson_counts(
    rng: np.random.Generator, mean: float | NDArray[np.float64], size: int
) -> NDArray[np.int64]:
    """``rng.poisson(mean, size)`` as int64 counts.

    One mean in a one-element array is drawn as a scalar mean: the same single draw, without
    numpy's per-array checks.
    """
    if isinstance(mean, np.ndarray) and mean.shape == (1,) and size == 1:
        return rng.poisson(float(mean[0]), 1).astype(np.int64, copy=False)
    return rng.poisson(mean, size).astype(np.int64, copy=False)


def poisson_days(
    rng: np.random.Generator, mean: float | NDArray[np.float64], size: int
) -> NDArray[np.int64]:
    """Whole-day delays: Poisson with the given mean (0 means 'today')."""
    return poisson_counts(rng, mean, size)


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
    """``k`` of ``rows`` uniformly without replacement, in row order (the choice after a count).

    For one row, ``rng.choice(n, 1, replace=False)`` (Floyd's algorithm) draws a single bounded
    integer in ``[0, n)``: ``rng.integers(n)`` draws the same, at a quarter of the cost
    (``tests/test_sampling.py`` checks values and generator state against ``choice``).
    """
    if k == 1:
        i = int(rng.integers(len(rows)))
        return rows[i : i + 1].copy()
    return rows[np.sort(rng.choice(len(rows), size=k, replace=False))]


def binomial_zero_chance(
    sizes: NDArray[np.int64], probabilities: NDArray[np.float64]
) -> NDArray[np.float64] | None:
    """P(count = 0) of each Binomial(n, p) as numpy's inversion sampler computes it, or ``None``.

    For ``0 < p <= 1/2`` and ``n p <= 30`` numpy draws a Binomial count by inversion: one
    uniform U, and the count is 0 exactly when ``U <= (1 - p)^n``, computed as
    ``exp(n log(1 - p))`` (the same libm calls as here). So a vector of uniforms compared with
    these chances tells which counts are zero, drawing exactly what ``rng.binomial`` draws for
    them. ``None`` when some class is outside that regime (numpy would use another algorithm).
    """
    chances = []
    for n, p in zip(sizes.tolist(), probabilities.tolist(), strict=True):
        if not (n > 0 and 0.0 < p <= 0.5 and p * n <= 30.0):
            return None
        chances.append(math.exp(n * math.log(1.0 - p)))
    return np.array(chances, dtype=np.float64)


def affected_residents(
    model: GovernanceModel, problems: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Resident adults of the households each problem affects.

    Returns the villager rows and, for each, the index into ``problems`` it belongs to. A
    problem affects consecutive households, and households' adults are consecutive rows, so its
    adults are one range of rows.
    """
    store = model.problems
    layout = model.layout
    first = store["household"][problems]
    last = first + store["households"][problems] - 1
    start = layout.household_start[first]
    stop = layout.household_start[last] + layout.household_size[last]
    adults, owner = concatenated_ranges(start, stop - start)
    resident = ~model.population.migrant[adults]
    return adults[resident], owner[resident]


def sample_classes(
    rng: np.random.Generator,
    classes: list[tuple[float, NDArray[np.int64]]],
    sizes: NDArray[np.int64],
    probabilities: NDArray[np.float64],
    zero_chance: NDArray[np.float64] | None = None,
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

    With ``zero_chance`` (:func:`binomial_zero_chance` of the classes) the vectorised call is a
    vector of uniforms compared with each class's chance of a zero count (numpy's binomial
    inversion draws exactly one uniform per class and returns 0 exactly then), at a third of
    the cost; the one class with a count then draws it with a scalar ``rng.binomial``.
    """
    bit_generator = rng.bit_generator
    chosen: list[NDArray[np.int64]] = []
    start = 0
    n_classes = len(classes)
    while start < n_classes:
        state = bit_generator.state
        drawn: NDArray[Any]
        if zero_chance is None:
            drawn = rng.binomial(sizes[start:], probabilities[start:])
        else:
            drawn = rng.random(n_classes - start) > zero_chance[start:]  # True: count > 0
        hits = np.count_nonzero(drawn)
        if not hits:
            break
        if hits > 1:
            # several classes with draws (a large population): the loop itself is cheapest
            bit_generator.state = state
            chosen.extend(sample_rows(rng, members, p) for p, members in classes[start:])
            break
        first = int(drawn.nonzero()[0][0])
        stop = start + first + 1
        if zero_chance is not None:
            bit_generator.state = state
            if first:
                rng.random(first)  # the zero counts before it: one uniform each
            k = int(rng.binomial(int(sizes[stop - 1]), float(probabilities[stop - 1])))
        else:
            k = int(drawn[first])
            if stop < n_classes:
                bit_generator.state = state
                rng.binomial(sizes[start:stop], probabilities[start:stop])
        chosen.append(_choose(rng, classes[stop - 1][1], k))
        start = stop
    if not chosen:
        return NO_ROWS
    return chosen[0] if len(chosen) == 1 else np.concatenate(chosen)


def problem_case_columns(model: GovernanceModel, problems: NDArray[np.int64]) -> dict[str, Any]:
    """Ledger columns of cases opened for ``problems`` (category, place, departments, SLA)."""
    store = model.problems
    category = store["category"][problems]
    cross = store["cross_department"][problems]
    centre = model.settings.centre
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


# Poisson means up to this many: :class:`PoissonCounts` draws them by numpy's own algorithm
EXACT_POISSON_MAX_CELLS = 256
# numpy draws Poisson(λ) by multiplying uniforms below this mean (PTRS above it)
NUMPY_POISSON_MULT_BELOW = 10.0


class PoissonCounts:
    """Independent Poisson counts for a fixed array of means: ``rng.poisson(means)``, cheaper.

    For λ < 10 numpy multiplies uniforms until the product falls to ``e^-λ`` or below; the
    count is the number of uniforms before that one (λ = 0 draws nothing). When the means are
    few and small (a village's grids × categories), nearly every day every count is zero, i.e.
    each cell's single uniform is at most ``e^-λ``: one vector of uniforms and one comparison
    settle the day. On a day with a count the cells from the first non-zero one on are replayed
    in Python with the uniforms already drawn and, past them, one more per extra step — the same
    uniforms, the same products, the same counts (``tests/test_sampling.py`` compares values and
    generator state with ``rng.poisson``). Larger or other arrays call ``rng.poisson``.
    """

    def __init__(self, means: NDArray[np.float64]) -> None:
        self.means = np.asarray(means, dtype=np.float64)
        flat = self.means.ravel()
        self.cells = (flat > 0).nonzero()[0]
        positive = flat[self.cells]
        self.exact = bool(
            len(self.cells) <= EXACT_POISSON_MAX_CELLS
            and np.all(np.isfinite(flat))
            and np.all(flat >= 0)
            and np.all(positive < NUMPY_POISSON_MULT_BELOW)
        )
        self._limits = [math.exp(-lam) for lam in positive.tolist()]
        self.limits = np.array(self._limits, dtype=np.float64)

    def draw(self, rng: np.random.Generator) -> tuple[NDArray[np.int64], int]:
        """Today's counts (shaped like the means) and their total."""
        if not self.exact:
            counts = rng.poisson(self.means)
            return counts, int(np.add.reduce(counts, axis=None))
        n = len(self.cells)
        uniforms = rng.random(n)
        over = uniforms > self.limits  # the cells whose count is not zero, until the first
        if not np.count_nonzero(over):
            return np.zeros(self.means.shape, dtype=np.int64), 0
        first = int(over.argmax())
        values = uniforms.tolist()
        found = [0] * n
        position = first
        for cell in range(first, n):
            limit = self._limits[cell]
            count = 0
            product = 1.0
            while True:
                u = values[position] if position < n else rng.random()
                position += 1
                product *= u
                if product > limit:
                    count += 1
                else:
                    break
            found[cell] = count
        out = np.zeros(self.means.size, dtype=np.int64)
        out[self.cells] = found
        return out.reshape(self.means.shape), sum(found)
