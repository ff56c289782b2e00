"""h → gg and h → γγ shifts from heavy fermions whose masses depend on v (low-energy theorem).

Ellis, Gaillard, Nanopoulos, NPB 106 (1976) 292; Shifman, Vainshtein, Voloshin, Zakharov, Sov. J. Nucl. Phys. 30
(1979) 711: heavy fermions with mass matrix ℳ(v) add to the hgg and hγγ amplitudes as a fermion of mass ∝ v
would, weighted by δ = ∂ ln|det ℳ|/∂ ln v. Amplitudes (Djouadi, Phys. Rept. 457 (2008) 1, hep-ph/0503172,
eqs. 2.13–2.15 and 2.27): A_{1/2}(τ) = 2[τ + (τ − 1)f(τ)]/τ², A_1(τ) = −[2τ² + 3τ + 3(2τ − 1)f(τ)]/τ²,
f(τ) = arcsin²√τ (τ = m_h²/4m² ≤ 1); A_{1/2} → 4/3 for heavy fermions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..arrays import Real
from ..eft.higgs import CHARGE_DOWN, CHARGE_UP
from ..parameters import Parameters

N_C = 3


def _f(tau):
    return np.arcsin(np.sqrt(tau)) ** 2


def a_half(tau: Real) -> NDArray[Any]:
    """Spin-½ loop amplitude A_{1/2}(τ) for τ ≤ 1."""
    return 2 * (tau + (tau - 1) * _f(tau)) / tau**2


def a_one(tau: Real) -> NDArray[Any]:
    """W-loop amplitude A_1(τ) for τ ≤ 1."""
    return -(2 * tau**2 + 3 * tau + 3 * (2 * tau - 1) * _f(tau)) / tau**2


def kappa_g(delta: ArrayLike, params: Parameters | None = None) -> NDArray[np.float64]:
    """κ_g = 1 + δ A_{1/2}(0)/A_{1/2}(τ_t) for a colour triplet with δ = ∂ln|det ℳ|/∂ln v (top loop only in the SM)."""
    params = params or Parameters.default()
    tau_t = params["m_h"] ** 2 / (4 * np.asarray(params["m_t"]) ** 2)
    return 1 + np.asarray(delta) * (4 / 3) / a_half(tau_t)


def kappa_gamma(delta: ArrayLike, charge: float = CHARGE_DOWN,
                params: Parameters | None = None) -> NDArray[np.float64]:
    """κ_γ = 1 + N_c Q² δ (4/3)/A_SM, A_SM = A_1(τ_W) + N_c Q_t² A_{1/2}(τ_t), for heavy colour triplets of charge Q."""
    params = params or Parameters.default()
    tau_t = params["m_h"] ** 2 / (4 * np.asarray(params["m_t"]) ** 2)
    tau_w = params["m_h"] ** 2 / (4 * np.asarray(params["M_W"]) ** 2)
    a_sm = a_one(tau_w) + N_C * CHARGE_UP**2 * a_half(tau_t)
    return 1 + N_C * charge**2 * np.asarray(delta) * (4 / 3) / a_sm


def scalar_pair_branching_ratio(kappa: ArrayLike, m_phi: ArrayLike,
                                params: Parameters | None = None) -> NDArray[np.float64]:
    """B(h → φφ) of a real scalar with the Higgs portal −(κ/2)φ²H†H: Γ = κ²v²β/(32π m_h), β = √(1 − 4m_φ²/m_h²),
    v = (√2 G_F)^{−1/2}: the tree-level width of the scalar Higgs portal (e.g. Cline, Kainulainen, Scott, Weniger,
    PRD 88 (2013) 055025, arXiv:1306.4710), Γ = |𝓜|²β/(16π m_h) × ½ for identical φ with 𝓜 = κv; over Γ_h^SM + Γ;
    zero below threshold."""
    params = params or Parameters.default()
    m_h = np.asarray(params["m_h"], float)
    v2 = 1 / (np.sqrt(2) * np.asarray(params["G_F"], float))
    beta = np.sqrt(np.clip(1 - 4 * np.asarray(m_phi, float) ** 2 / m_h**2, 0.0, None))
    width = np.asarray(kappa, float) ** 2 * v2 * beta / (32 * np.pi * m_h)
    return np.asarray(width / (params["Gamma_h_SM"] + width), float)
