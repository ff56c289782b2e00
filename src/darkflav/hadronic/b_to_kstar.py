"""B → K* form factors V, A₀, A₁, A₁₂ (→ A₂), T₁, T₂, T₂₃ (→ T₃).

BSZ 2015 combined LCSR + lattice fit (Bharucha, Straub, Zwicky, arXiv:1503.05534v2), eq. (10),
with the resonance masses of its Table 3. Coefficients and covariance: data/b_to_kstar_bsz2015.yaml.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arrays import ArrayLike, RealArray
from ..kinematics import kallen
from ..parameters import Parameters
from .zexpansion import bsz, fit_file, trailing

FITS = {"BSZ2015": "b_to_kstar_bsz2015.yaml"}
NAMES = ("A0", "A1", "A12", "V", "T1", "T2", "T23")


def form_factors(q2: ArrayLike, params: Parameters) -> dict[str, RealArray]:
    """{'V', 'A0', 'A1', 'A12', 'A2', 'T1', 'T2', 'T23', 'T3'} at q² (trailing axis)."""
    return vector_form_factors(q2, params, FITS[params.choices["B->K* form factors"]])


def vector_form_factors(q2: ArrayLike, params: Parameters, filename: str) -> dict[str, RealArray]:
    """P → V form factors of a BSZ fit file; a missing a₀ of A₁₂ or T₂ follows from the endpoint
    relations A₁₂(0) = (m_B² − m_V²)/(8 m_B m_V) A₀(0), T₂(0) = T₁(0) (arXiv:1503.05534 eq. 16)."""
    fit = fit_file(filename)
    c, name = fit["constants"], fit["name"]
    mb, mv = (trailing(params, m) for m in c["z_masses"])
    q2 = np.asarray(q2, dtype=float)
    given = set(fit["parameters"]["names"])

    def coefficients(f: str) -> list[RealArray]:
        a: list[Any] = [trailing(params, f"{name} {f}_a{k}") if f"{f}_a{k}" in given else None for k in range(3)]
        if a[0] is None:
            a[0] = (trailing(params, f"{name} A0_a0") * (mb**2 - mv**2) / (8 * mb * mv) if f == "A12"
                    else trailing(params, f"{name} T1_a0"))
        return a

    ff = {f: bsz(q2, coefficients(f), c[f"m_R_{f}"], mb, mv) for f in NAMES}
    lam = kallen(mb**2, mv**2, q2)
    # A12 and T23 definitions, arXiv:1503.05534 eqs. (3), (5), solved for A2 and T3
    ff["A2"] = ((mb + mv) ** 2 * (mb**2 - mv**2 - q2) * ff["A1"]
                - 16 * mb * mv**2 * (mb + mv) * ff["A12"]) / lam
    ff["T3"] = ((mb**2 - mv**2) * (mb**2 + 3 * mv**2 - q2) * ff["T2"]
                - 8 * mb * mv**2 * (mb - mv) * ff["T23"]) / lam
    return ff
