"""B → K νν̄ in the neutrino effective theory.

dΓ/dq² = |N|² λ^{3/2} f₊² / (384 π³ m_B³) · Σ_ij |C₊^ij|²  (+ primed set), C₊ = C_L + C_R
(massless neutrinos; Buras et al. arXiv:1409.4557 eq. (3.1); only the vector current contributes).
"""

from __future__ import annotations

import numpy as np

from ..ckm import lambda_q
from ..hadronic import b_to_k as ff
from ..hadronic.zexpansion import trailing
from .common import kallen, nunu_prefactor

#: (initial meson, final meson, lifetime) per charge state
MODES = {"B+": ("m_B+", "m_K+", "tau_B+"), "B0": ("m_B0", "m_K0", "tau_B0")}


def q2_max(params, mode: str):
    m_b, m_k, _ = MODES[mode]
    return (np.asarray(params[m_b]) - np.asarray(params[m_k])) ** 2


def nunu_density(q2, params, mode: str) -> dict[str, np.ndarray]:
    """dΓ/dq² per unit Σ|C₊|² (component 'V'), q² on the trailing axis."""
    m_b, m_k, _ = MODES[mode]
    mb, mk = trailing(params, m_b), trailing(params, m_k)
    norm = nunu_prefactor(params, lambda_q("t", "s", "b", params))[..., None]
    fplus = ff.form_factors(q2, params)["f+"]
    lam = np.clip(kallen(mb**2, mk**2, q2), 0.0, None)
    return {"V": norm * lam * np.sqrt(lam) * fplus**2 / (384 * np.pi**3 * mb**3)}
