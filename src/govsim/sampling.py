"""Random streams and the sampling helpers the mechanisms share.

**Streams.** Every mechanism draws from its own generator, spawned from the model's seed by name
(:class:`RandomStreams`): the stream of ``"reporting"`` is ``SeedSequence(seed, spawn_key=(crc32
("reporting"),))``, whatever other mechanisms exist or draw. Changing one mechanism (a new rule,
one more draw) leaves every other mechanism's draws as they were, so common random numbers hold
across scenarios that differ in one mechanism, and a run is an exact pure function of (scenario,
seed) within a version.

**Fast paths.** Two helpers draw exactly the law they name at a cost proportional to the events
rather than to the trials; ``benchmarks/sampling_bench.py`` measures each against the plain
numpy draw it replaces, on a village-year and a county-year (``benchmarks/README.md``):

* :func:`bernoulli_positions` — the successes of *n* Bernoulli(*p*) trials as cumulative sums of
  Geometric(*p*) gaps (the gaps of a Bernoulli process are i.i.d. Geometric); with *n* = rows ×
  days it draws many days at once (publicity contacts, app registration tries, trivial reports
  drawn by rewards);
* :class:`BernoulliDays` — the same for a daily Bernoulli(*p*) chance per row, drawn for
  :data:`BLOCK_DAYS` days at a time (*n* = rows × days), so a day costs a slice of the block
  (ownership fading, registration tries);
* :class:`PoissonCells` — independent Poisson counts of many cells with small means (grids ×
  categories, grid workers): the total is Poisson(Σλ) and, given the total, the events fall in
  the cells multinomially with probabilities λ/Σλ (Poisson superposition and splitting), so a day
  without events costs one scalar draw.

Both are exact reformulations, not replays of a library's algorithm: they consume the stream
differently from the plain draws and agree with them in distribution (``tests/test_sampling.py``).
"""

from __future__ import annotations

import math
import zlib
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BLOCK_DAYS",
    "NO_ROWS",
    "BernoulliDays",
    "Categorical",
    "PoissonCells",
    "RandomStreams",
    "bernoulli_positions",
    "beta_from_mean",
    "logistic",
    "poisson_days",
]

NO_ROWS: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
NO_ROWS.flags.writeable = False  # a shared empty result: never written to
#: Days of a state-independent daily chance drawn at once by :class:`BernoulliDays`.
BLOCK_DAYS = 64


class RandomStreams:
    """Independent, named random generators spawned from one seed.

    Parameters
    ----------
    seed:
        An integer seed, a :class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator`
        (its next 128 bits become the root entropy) or ``None`` (fresh entropy).
    """

    def __init__(self, seed: Any = None) -> None:
        if isinstance(seed, np.random.SeedSequence):
            root = seed
        elif isinstance(seed, np.random.Generator | np.random.BitGenerator):
            generator = seed if isinstance(seed, np.random.Generator) else np.random.Generator(seed)
            root = np.random.SeedSequence(generator.integers(0, 2**63, size=2).tolist())
        else:
            root = np.random.SeedSequence(seed)
        self.root = root
        self._streams: dict[str, np.random.Generator] = {}

    @staticmethod
    def key(name: str) -> int:
        """The spawn key of stream ``name``: a stable 32-bit hash of the name."""
        return zlib.crc32(name.encode("utf-8"))

    def __call__(self, name: str) -> np.random.Generator:
        """The generator of stream ``name`` (the same object on every call)."""
        stream = self._streams.get(name)
        if stream is None:
            sequence = np.random.SeedSequence(
                entropy=self.root.entropy, spawn_key=(*self.root.spawn_key, self.key(name))
            )
            stream = self._streams[name] = np.random.Generator(np.random.PCG64(sequence))
        return stream


def logistic(x: Any) -> Any:
    """The logistic function 1 / (1 + e^-x), for floats or arrays."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def beta_from_mean(
    rng: np.random.Generator, mean: NDArray[np.float64] | float, concentration: float, size: int
) -> NDArray[np.float64]:
    """Beta variates with mean ``mean`` and concentration ``a + b`` (means clipped to (0, 1))."""
    m = np.clip(np.asarray(mean, dtype=np.float64), 1e-6, 1 - 1e-6)
    return rng.beta(m * concentration, (1.0 - m) * concentration, size=size)


def poisson_days(
    rng: np.random.Generator, mean: float | NDArray[np.float64], size: int
) -> NDArray[np.int64]:
    """Whole-day delays: Poisson(``mean``) days each (0 means "today")."""
    return rng.poisson(mean, size).astype(np.int64, copy=False)


def bernoulli_positions(rng: np.random.Generator, n: int, probability: float) -> NDArray[np.int64]:
    """The successes among ``n`` independent Bernoulli(``probability``) trials, as sorted positions.

    The gaps between successes of a Bernoulli process are i.i.d. Geometric(*p*), so the
    positions are the cumulative sums of Geometric draws below ``n``: exact, at a cost
    proportional to the successes (use it for *n* = rows × days to draw many days at once).
    """
    if n <= 0 or probability <= 0.0:
        return NO_ROWS
    if probability >= 1.0:
        return np.arange(n, dtype=np.int64)
    expected = n * probability
    batch = int(expected + 5.0 * math.sqrt(expected) + 16)
    # a gap beyond n leaves the range whatever its size: clipping it keeps the sums from
    # overflowing (numpy returns 2**63 − 1 for the gaps of a vanishing probability)
    positions = np.cumsum(np.minimum(rng.geometric(probability, batch), n + 1)) - 1
    while positions[-1] < n:
        gaps = np.minimum(rng.geometric(probability, batch), n + 1)
        positions = np.concatenate((positions, positions[-1] + np.cumsum(gaps)))
    found: NDArray[np.int64] = positions[: np.searchsorted(positions, n)]
    return found


class BernoulliDays:
    """Each day, which of ``n`` rows meet a daily chance ``probability`` (i.i.d. over rows and days).

    The successes of :data:`BLOCK_DAYS` days are drawn at once by :func:`bernoulli_positions`
    over the rows × days cells (exactly the daily draws' law), so a day without a success costs
    a slice. :meth:`today` must be called with non-decreasing days; a day skipped is a day whose
    draws are discarded. Make a new one when ``n`` or ``probability`` changes.
    """

    __slots__ = ("_bounds", "_rows", "_start", "n", "probability")

    def __init__(self, n: int, probability: float) -> None:
        self.n = n
        self.probability = probability
        self._start = -BLOCK_DAYS  # no block drawn yet
        self._rows: NDArray[np.int64] = NO_ROWS
        self._bounds: list[int] = [0] * (BLOCK_DAYS + 1)

    def today(self, rng: np.random.Generator, day: int) -> NDArray[np.int64]:
        """The rows (positions in ``0..n-1``, sorted) whose chance comes up on ``day``."""
        k = day - self._start
        if k >= BLOCK_DAYS:
            n = self.n
            cells = bernoulli_positions(rng, n * BLOCK_DAYS, self.probability)
            days = cells // max(n, 1)
            self._bounds = np.searchsorted(days, np.arange(BLOCK_DAYS + 1)).tolist()
            self._rows = cells - days * n
            self._start, k = day, 0
        return self._rows[self._bounds[k] : self._bounds[k + 1]]


class Categorical:
    """Draws from fixed category weights by the inverse CDF (all-zero weights are uniform).

    A uniform per draw is located among the cumulative probabilities: what
    ``Generator.choice(k, p=...)`` does, without validating ``p`` on every call (~1 µs instead
    of ~10 µs for a few draws).
    """

    __slots__ = ("cdf",)

    def __init__(self, weights: NDArray[np.float64]) -> None:
        weights = np.asarray(weights, dtype=np.float64)
        total = weights.sum()
        p = weights / total if total > 0 else np.full(len(weights), 1.0 / len(weights))
        cdf = np.cumsum(p)
        cdf /= cdf[-1]
        self.cdf: NDArray[np.float64] = cdf

    def draw(self, rng: np.random.Generator, n: int) -> NDArray[np.int64]:
        """``n`` category indices."""
        drawn: NDArray[np.int64] = self.cdf.searchsorted(rng.random(n), side="right")
        return drawn


class PoissonCells:
    """Independent Poisson counts for a fixed array of means, drawn through their total.

    ``draw`` returns the flat indices of the cells with events today, one entry per event (a
    cell with two events appears twice), in cell order. The total is Poisson(Σλ); given it, each
    event falls in cell *c* with probability λ_c / Σλ (Poisson splitting), so the counts have
    exactly the law of independent Poisson(λ_c) draws. A day without events costs one scalar
    draw; a day with *k* events costs O(*k* log cells).
    """

    def __init__(self, means: NDArray[np.float64]) -> None:
        flat = np.asarray(means, dtype=np.float64).ravel()
        if np.any(flat < 0) or not np.all(np.isfinite(flat)):
            raise ValueError("Poisson means must be finite and non-negative")
        self.shape = np.shape(means)
        self.total = float(flat.sum())
        self.cumulative = np.cumsum(flat)

    def draw(self, rng: np.random.Generator) -> NDArray[np.int64]:
        """Flat cell index of each of today's events, sorted."""
        if self.total <= 0.0:
            return NO_ROWS
        k = int(rng.poisson(self.total))
        if k == 0:
            return NO_ROWS
        # each event in cell c with probability λ_c / Σλ: inverse CDF of sorted uniforms
        points = np.sort(rng.random(k)) * self.total
        cells: NDArray[np.int64] = np.searchsorted(self.cumulative, points, side="right")
        return np.minimum(cells, len(self.cumulative) - 1)
