"""B → K* νν̄ in the neutrino effective theory.

dΓ/dq² = |N|² |p| q² / (48 π³ m_B²) · ¼ { |C₊|² |H_V|² + |C₋|² (|H_A,T|² + |H_0|²) }, C± = C_L ± C_R,
|H_V|² = 2 (2 m_B |p| V/(m_B + m_V))², |H_A,T|² = 2 (m_B + m_V)² A₁², |H_0|² = 64 m_B² m_V² A₁₂²/q²
(massless neutrinos; transversity amplitudes of Buras et al. arXiv:1409.4557 eqs. (3.5)–(3.8), with
A₁₂ of BSZ arXiv:1503.05534 eq. (3)). F_L = longitudinal / total.
"""

from __future__ import annotations

import numpy as np

from ..ckm import lambda_q
from ..hadronic import b_to_kstar as ff
from ..hadronic.zexpansion import trailing
from .common import kallen, nunu_prefactor

MODES = {"B+": ("m_B+", "m_K*+", "tau_B+"), "B0": ("m_B0", "m_K*0", "tau_B0")}


def q2_max(params, mode: str):
    m_b, m_v, _ = MODES[mode]
    return (np.asarray(params[m_b]) - np.asarray(params[m_v])) ** 2


def nunu_density(q2, params, mode: str) -> dict[str, np.ndarray]:
    """dΓ/dq² per unit Σ|C₊|² ('V') and per unit Σ|C₋|² ('A_T' transverse, 'A_0' longitudinal)."""
    m_b, m_v, _ = MODES[mode]
    mb, mv = trailing(params, m_b), trailing(params, m_v)
    norm = nunu_prefactor(params, lambda_q("t", "s", "b", params))[..., None]
    f = ff.form_factors(q2, params)
    p = np.sqrt(np.clip(kallen(mb**2, mv**2, q2), 0.0, None)) / (2 * mb)
    common = norm * p * q2 / (48 * np.pi**3 * mb**2) / 4
    return {
        "V": common * 2 * (2 * mb * p * f["V"] / (mb + mv)) ** 2,
        "A_T": common * 2 * (mb + mv) ** 2 * f["A1"] ** 2,
        "A_0": norm * p / (48 * np.pi**3 * mb**2) / 4 * 64 * mb**2 * mv**2 * f["A12"] ** 2,
    }
