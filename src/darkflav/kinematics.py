"""Kinematics and the fixed quadrature shared by every rate: the Källén function and Gauss–Legendre q² nodes,
and the checks of q² arguments."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .arrays import Real
from .errors import DarkflavError, finite_array

#: Gauss–Legendre order of the q² integrals. With the substitution of `q2_nodes` the integrands
#: are smooth at both end points, and 48 nodes reproduce adaptive integration to < 1e-7.
N_NODES = 48


def kallen(a: Real, b: Real, c: Real) -> Any:  # a float for floats, else an array
    """Källén function λ(a, b, c) = a² + b² + c² − 2ab − 2bc − 2ca."""
    return a * a + b * b + c * c - 2 * (a * b + b * c + c * a)


@cache
def gauss_legendre(n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x, w = np.polynomial.legendre.leggauss(n)
    return x, w


def q2_nodes(q2_min: ArrayLike, q2_max: ArrayLike,
             n: int = N_NODES) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Nodes and weights of ∫_{q2_min}^{q2_max} dq² f(q²) on a trailing axis of length n.

    Substitution q² = a + (b − a)(1 − cos t)/2, t ∈ [0, π]: square-root behaviour at either end
    point (λ^{1/2} at q²_max, β at a pair threshold) becomes analytic in t, so Gauss–Legendre in t
    converges exponentially. Inputs broadcast; empty intervals give zero weights.
    """
    a = np.asarray(q2_min, dtype=float)[..., None]
    b = np.asarray(q2_max, dtype=float)[..., None]
    x, w = gauss_legendre(n)
    t = 0.5 * np.pi * (x + 1.0)
    q2 = a + (b - a) * 0.5 * (1.0 - np.cos(t))
    weights = np.clip(b - a, 0.0, None) * 0.25 * np.pi * np.sin(t) * w
    return q2, weights


def check_q2(q2: ArrayLike, q2_max: ArrayLike, what: str) -> NDArray[np.float64]:
    """q² as an array within [0, q²_max], else DarkflavError naming the physical range."""
    q2 = finite_array("q2", q2)
    top = np.max(q2_max) * (1 + 1e-9)  # the largest end point over array-valued masses
    if np.any(q2 < 0) or np.any(q2 > top):
        raise DarkflavError(
            f"q2 = {q2} GeV² is outside the physical range of {what}: "
            f"0 ≤ q2 ≤ (m_initial − m_final)² = {np.max(q2_max):.6g} GeV²"
        )
    return q2


def check_bin(q2min: ArrayLike, q2max: ArrayLike, q2_end: ArrayLike,
              what: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A q² bin: 0 ≤ q2min < q2_end and q2max > q2min. A bin may reach beyond the kinematic
    end point (as experimental bins do); the rate is zero there. Returns (q2min, q2max) as given.
    """
    lo = check_q2(q2min, q2_end, what)
    hi = finite_array("q2max", q2max)
    if np.any(hi <= lo):
        raise DarkflavError(f"q2 bin [{q2min}, {q2max}] GeV²: q2min must be smaller than q2max")
    return lo, hi
