"""Named conversions between darkflav's DarkEFT normalisation and others in the literature.

darkflav: L = ½ Σ_ij C^{ij} (d̄_i Γ d_j) D with C^{ji} = C^{ij*} (arXiv:2403.12485 for the real scalar),
i.e. ½ C (s̄Γb) D + h.c. for a flavour-changing pair.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arrays import ArrayLike, NDArray, RealArray
from ..errors import DarkflavError, finite_array


def from_displayed(c: ArrayLike) -> NDArray[Any]:
    """Coefficient of L = C (s̄Γb) D + h.c. (operators "as displayed", no ½; docs/conventions.md,
    "Named conversions") → darkflav's C (= 2 C_displayed)."""
    return 2 * np.asarray(c)


def to_displayed(c: ArrayLike) -> NDArray[Any]:
    """darkflav's C → the coefficient of C (s̄Γb) D + h.c."""
    return np.asarray(c) / 2


def coefficient_from_scale(scale: ArrayLike, dimension: int) -> RealArray:
    """C = 1/Λ^{d−4} for an operator of mass dimension d > 4 (Λ in GeV)."""
    if dimension <= 4:
        raise DarkflavError(f"operator dimension must be > 4, got {dimension}")
    scale = finite_array("scale Lambda", scale)
    if np.any(scale <= 0):
        raise DarkflavError(f"scale Lambda = {scale} GeV must be > 0")
    return scale ** (4.0 - dimension)


def scale_from_coefficient(c: ArrayLike, dimension: int) -> RealArray:
    """Λ = |C|^{−1/(d−4)}, the displayed scale of a coefficient (docs/conventions.md, "Invisible pairs")."""
    if dimension <= 4:
        raise DarkflavError(f"operator dimension must be > 4, got {dimension}")
    return np.abs(np.asarray(c)) ** (-1.0 / (dimension - 4))


def vector_mass_scaling(c: ArrayLike, mass: ArrayLike, scale: ArrayLike, mass_power: int,
                        dimension: int) -> NDArray[Any]:
    """C = c m_X^k / Λ^n for vector X, with n = k + d − 4 fixed by dimensions (e.g. C = c m²/Λ³ for
    the dimension-5 (s̄b)X_μX^μ): the longitudinal modes then give finite rates as m_X → 0
    (docs/conventions.md, "Named conversions"; the m²/Λⁿ and m/Λⁿ scalings of the seed slides)."""
    mass = finite_array("mass", mass)
    n = mass_power + dimension - 4
    return np.asarray(c) * mass**mass_power * coefficient_from_scale(scale, 4 + n)


def densities_from_chiral(c_left: ArrayLike, c_right: ArrayLike) -> tuple[NDArray[Any], NDArray[Any]]:
    """C_L (q̄′P_L q) + C_R (q̄′P_R q) = C_S q̄′q + C_P q̄′iγ₅q: C_S = (C_L + C_R)/2, C_P = −i(C_R − C_L)/2."""
    c_left, c_right = np.asarray(c_left), np.asarray(c_right)
    return (c_left + c_right) / 2, -0.5j * (c_right - c_left)


def currents_from_chiral(c_left: ArrayLike, c_right: ArrayLike) -> tuple[NDArray[Any], NDArray[Any]]:
    """C_L (q̄′γ^μP_L q) + C_R (q̄′γ^μP_R q) = C_V q̄′γ^μq + C_A q̄′γ^μγ₅q:
    C_V = (C_L + C_R)/2, C_A = (C_R − C_L)/2."""
    c_left, c_right = np.asarray(c_left), np.asarray(c_right)
    return (c_left + c_right) / 2, (c_right - c_left) / 2
