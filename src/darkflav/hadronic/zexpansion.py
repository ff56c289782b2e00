"""z-expansion building blocks shared by the B → K and B → K* form-factor fits."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from ..arrays import Real, RealArray
from ..data import package_data
from ..parameters import Parameters


@cache
def fit_file(filename: str) -> dict[str, Any]:
    """The YAML description (constants, coefficients, source) of a form-factor fit."""
    return package_data(__package__, filename)


def z(q2: Real, t_plus: Real, t_0: Real) -> RealArray:
    """Conformal variable z(q²) = (√(t₊ − q²) − √(t₊ − t₀)) / (√(t₊ − q²) + √(t₊ − t₀))."""
    a, b = np.sqrt(t_plus - q2), np.sqrt(t_plus - t_0)
    return (a - b) / (a + b)


def t0_optimal(m_initial: Real, m_final: Real) -> RealArray:
    """t₀ = t₊(1 − √(1 − t₋/t₊)), BSZ arXiv:1503.05534 below eq. (10)."""
    t_plus, t_minus = (m_initial + m_final) ** 2, (m_initial - m_final) ** 2
    return t_plus * (1 - np.sqrt(1 - t_minus / t_plus))


def bsz(q2: Real, coefficients: Sequence[Real], m_pole: Real, m_initial: Real, m_final: Real) -> RealArray:
    """BSZ form factor, arXiv:1503.05534 eq. (10): [1/(1 − q²/m_R²)] Σ_k a_k [z(q²) − z(0)]^k.

    `coefficients` is a sequence of arrays (leading axes); masses broadcast the same way; q² is the
    trailing axis.
    """
    t_plus = (m_initial + m_final) ** 2
    t_0 = t0_optimal(m_initial, m_final)
    dz = z(q2, t_plus, t_0) - z(0.0, t_plus, t_0)
    series: Any = 0  # Σ_k a_k dz^k, as sum() would add them
    for k, a in enumerate(coefficients):
        series = series + a * dz**k
    return series / (1.0 - q2 / m_pole**2)


def trailing(params: Parameters, name: str) -> RealArray:
    """Parameter value with a trailing axis, to broadcast against the q² axis."""
    return np.asarray(params[name], dtype=float)[..., None]
