"""Models with known answers, for checking the experiment machinery end to end.

They follow the model protocol ``f(params, seed) -> Mapping[str, float]`` and are module-level so
they pickle to worker processes and Dask workers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["ISHIGAMI_INDICES", "ishigami", "linear", "noisy_linear", "raises_above", "slow_linear"]

#: Analytic Sobol' indices of the Ishigami function with a = 7, b = 0.1 on ``[-pi, pi]^3``
#: (Ishigami & Homma 1990, doi:10.1109/ISUMA.1990.151285; values from Saltelli et al. 2008,
#: *Global Sensitivity Analysis: The Primer*, §4.8).
ISHIGAMI_INDICES = {
    "S1": {"x1": 0.3139, "x2": 0.4424, "x3": 0.0},
    "ST": {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437},
}

ISHIGAMI_A = 7.0
ISHIGAMI_B = 0.1


def ishigami(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Ishigami function ``sin x1 + a sin² x2 + b x3⁴ sin x1`` (deterministic; seed unused)."""
    x1, x2, x3 = float(params["x1"]), float(params["x2"]), float(params["x3"])
    value = math.sin(x1) + ISHIGAMI_A * math.sin(x2) ** 2 + ISHIGAMI_B * x3**4 * math.sin(x1)
    return {"y": value}


def linear(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """``y = 4 a + 2 b + 1 c`` plus nothing from any other key (a dummy input has no effect)."""
    return {"y": 4.0 * params["a"] + 2.0 * params["b"] + 1.0 * params["c"]}


def noisy_linear(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """``y = 2 x + (1 + x) ε`` with ``ε ~ N(0, 1)`` drawn from ``seed``; also ``z = -x``.

    Under common random numbers two points share ``ε``, so ``y(x=1) - y(x=0) = 2 + ε``: a known
    positive effect with noise; ``z`` falls by exactly ``x``.
    """
    rng = np.random.default_rng(seed)
    x = float(params["x"])
    return {"y": 2.0 * x + (1.0 + x) * float(rng.normal()), "z": -x}


def raises_above(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """Return ``y = x``, or raise ``ValueError`` when ``x > 0.5``."""
    x = float(params["x"])
    if x > 0.5:
        raise ValueError(f"x={x} is above 0.5")
    return {"y": x}


def slow_linear(params: Mapping[str, Any], seed: int) -> dict[str, float]:
    """``y = x + seed mod 7`` after sleeping ``params.get("sleep", 0.05)`` seconds."""
    time.sleep(float(params.get("sleep", 0.05)))
    return {"y": float(params["x"]) + seed % 7}
