"""Seeds for replications and design sampling, all spawned from one root seed.

Replication ``k`` gets child ``k`` of ``numpy.random.SeedSequence(root_seed)``, reduced to one
``uint32`` word: the same seed at every design point, so runs at different points are paired by
*common random numbers* (Law 2015, *Simulation Modeling and Analysis*, 5th ed., §11.2). Because the
children of a ``SeedSequence`` do not depend on how many are spawned, adding replications later
keeps the seeds of the existing ones. Design sampling (Latin hypercube, scrambled Sobol', Morris,
bootstrap resamples) draws from a separate child whose spawn key cannot collide with a replication.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["ANALYSIS_STREAM", "DESIGN_STREAM", "design_seed", "replication_seeds", "stream_seed"]

#: Spawn key of the stream used to sample designs (far above any replication index).
DESIGN_STREAM = 2**32
#: Spawn key of the stream used for bootstrap resampling in sensitivity analysis.
ANALYSIS_STREAM = 2**32 + 1


def replication_seeds(root_seed: int, replications: int) -> npt.NDArray[np.int64]:
    """Return one integer seed per replication, spawned from ``root_seed``.

    Parameters
    ----------
    root_seed:
        Non-negative root entropy of the experiment (stored in its manifest).
    replications:
        Number of replications (>= 1).

    Returns
    -------
    numpy.ndarray
        ``int64`` array of ``replications`` seeds in ``[0, 2**32)``.
    """
    if replications < 1:
        raise ValueError(f"replications must be >= 1, got {replications}")
    children = np.random.SeedSequence(root_seed).spawn(replications)
    words = [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]
    return np.asarray(words, dtype=np.int64)


def stream_seed(root_seed: int, stream: int) -> int:
    """Return the integer seed of an auxiliary stream (``DESIGN_STREAM``, ``ANALYSIS_STREAM``)."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=(stream,))
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


def design_seed(root_seed: int) -> int:
    """Return the seed used to sample the design of an experiment with ``root_seed``."""
    return stream_seed(root_seed, DESIGN_STREAM)
