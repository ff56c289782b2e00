"""B_s → ℓ_i⁻ ℓ_j⁺ from the vector and axial coefficients of `ChargedLeptonWET`.

Becirevic, Sumensari, Zukanovich Funchal, arXiv:1602.00881 eq. (5) (the flavio implementation,
flavio/physics/bdecays/bll.py), without scalar operators:

    B = τ_Bs |N|² f_Bs² m_Bs³ β /(32π) · (|P|² + |S|²),    β = λ^{1/2}(m_Bs², m_i², m_j²)/m_Bs²,
    P = β₋ (m_i + m_j)/m_Bs · (C10 − C10′)^{ij},   S = β₊ (m_i − m_j)/m_Bs · (C9 − C9′)^{ij},
    β∓ = [1 − (m_i ∓ m_j)²/m_Bs²]^{1/2}.

Only the axial quark current contributes to ⟨0|s̄γ^μγ₅b|B_s⟩ = i f_Bs p^μ, hence C − C′. For i = j the SM
C10 is added and the branching ratio is the time-integrated one, B/[(1 − y_s²)/(1 + A_ΔΓ y_s)] with
y_s = ΔΓ_s/(2Γ_s), A_ΔΓ = Re(P² − S²)/(|P|² + |S|²) (De Bruyn et al., arXiv:1204.1735 eq. (8),
arXiv:1204.1737 eq. (17)).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..ckm import lambda_q
from ..eft import ChargedLeptonWET
from ..kinematics import kallen
from ..parameters import Parameters
from .common import nunu_prefactor

LEPTON_MASSES = ("m_e", "m_mu", "m_tau")


def branching_ratio(theory: ChargedLeptonWET, params: Parameters, i: int, j: int) -> NDArray[np.float64]:
    """B(B̄_s → ℓ_i⁻ ℓ_j⁺) from C^{ij} (time-integrated for i = j, SM included); zero if closed."""
    m_b = np.asarray(params["m_Bs"])
    m_i, m_j = (np.asarray(params[LEPTON_MASSES[k]]) for k in (i, j))
    c10 = theory.pair("C10", i, j) - theory.pair("C10_prime", i, j) + (params["C10_SM"] if i == j else 0.0)
    c9 = theory.pair("C9", i, j) - theory.pair("C9_prime", i, j)
    open_ = m_i + m_j < m_b
    lam = np.clip(kallen(m_b**2, m_i**2, m_j**2), 0.0, None)
    beta_minus = np.sqrt(np.clip(1 - (m_i - m_j) ** 2 / m_b**2, 0.0, None))
    beta_plus = np.sqrt(np.clip(1 - (m_i + m_j) ** 2 / m_b**2, 0.0, None))
    p = beta_minus * (m_i + m_j) / m_b * c10
    s = beta_plus * (m_i - m_j) / m_b * c9
    n2 = nunu_prefactor(params, lambda_q("t", "s", "b", params))  # |N|² = G_F² α² |λ_t|²/(2π²)
    tau = np.asarray(params["tau_Bs"]) / params["hbar"]
    rate = tau * n2 * params["f_Bs"] ** 2 * m_b**3 * np.sqrt(lam) / m_b**2 / (32 * np.pi)
    total = np.abs(p) ** 2 + np.abs(s) ** 2
    br = rate * total
    if i == j:
        y = np.asarray(params["DeltaGamma/Gamma_Bs"]) / 2
        a_dg = np.real(p**2 - s**2) / np.where(total > 0, total, 1.0)
        br = br * (1 + a_dg * y) / (1 - y**2)
    return np.where(open_, br, 0.0)
