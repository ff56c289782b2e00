"""B → K*: hadronic amplitudes of every quark bilinear, for νν̄ and for invisible pairs.

Helicity amplitudes (Buras et al. arXiv:1409.4557 eqs. (3.5)–(3.8); BSZ arXiv:1503.05534 eq. (3)):
vector current |H_+|² + |H_−|² = 2 (2 m_B |p| V/(m_B + m_V))²; axial current |H_±|² summed
2 (m_B + m_V)² A₁², |H_0|² = 64 m_B² m_V² A₁₂²/q², |H_t|² = λ A₀²/q²;
|⟨K*|s̄γ₅b|B⟩|² = λ A₀²/(m_b + m_s)² (equations of motion); scalar density vanishes.
"""

from __future__ import annotations

import numpy as np

from ..ckm import lambda_q
from ..hadronic import b_to_kstar as ff
from ..hadronic.zexpansion import trailing
from .common import kallen

MODES = {"B+": ("m_B+", "m_K*+", "tau_B+"), "B0": ("m_B0", "m_K*0", "tau_B0")}
FLAVOUR = "sb"
QUARK_MASSES = ("m_b(m_b)", "m_s(2GeV)")


def lambda_t(params):
    """CKM factor of the neutrino operators, V_tb V*_ts."""
    return lambda_q("t", "s", "b", params)


def q2_max(params, mode: str):
    m_b, m_v, _ = MODES[mode]
    return (np.asarray(params[m_b]) - np.asarray(params[m_v])) ** 2


def hadronic(q2, params, mode: str) -> dict[str, np.ndarray]:
    """As `b_to_k.hadronic`: 'S', 'P' (J = 0) and q² × |H|² of 'V_0', 'V_T', 'A_0', 'A_T'."""
    m_b, m_v, _ = MODES[mode]
    mb, mv = trailing(params, m_b), trailing(params, m_v)
    m_heavy, m_light = (trailing(params, m) for m in QUARK_MASSES)
    f = ff.form_factors(q2, params)
    lam = np.clip(kallen(mb**2, mv**2, q2), 0.0, None)
    zero = np.zeros_like(lam)
    return {"S": zero, "P": lam * f["A0"] ** 2 / (m_heavy + m_light) ** 2,
            "V_0": zero, "V_T": q2 * 2 * lam * f["V"] ** 2 / (mb + mv) ** 2,
            "A_0": 64 * mb**2 * mv**2 * f["A12"] ** 2, "A_T": q2 * 2 * (mb + mv) ** 2 * f["A1"] ** 2}
