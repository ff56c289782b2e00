"""K → π νν̄ in the neutrino effective theory.

B(K⁺→π⁺νν̄) = κ₊ (1 + Δ_EM)/λ¹⁰ · ⅓ Σ_ij |A^ij|²,  B(K_L→π⁰νν̄) = κ_L/λ¹⁰ · ⅓ Σ_ij |A_L^ij|²,
A^ij = λ_t X^ij + δ_ij λ_c λ⁴ (P_c + δP_cu),  X^ij = −s²_W (C_L^SM δ_ij + C_L^ij + C_R^ij),
A_L^ij = (A^ij − A^ji*)/(2i)  (= Im A^ii on the diagonal: K_L ≈ CP-odd K⁰ − K̄⁰ combination),
λ_t = V_td V*_ts, λ_c = V_cd V*_cs, λ = |V_us|. Buras, Buttazzo, Girrbach-Noe, Knegjens
arXiv:1503.02693 eqs. (2.1)–(2.5); κ₊,L from Mescia–Smith arXiv:0705.2025 eq. (11), rescaled from
their reference λ, α(M_Z), s²_W; P_c from hep-ph/0603079 eq. (14); δP_cu from hep-ph/0503107.
The primed (ν_R) coefficients add incoherently in the same way, without SM or charm part.
The q² spectrum has the shape λ^{3/2} f₊²(q²) of a vector current with massless neutrinos.

For invisible pairs, `hadronic` gives the K → π matrix elements as for B → K (⟨π|s̄d|K⟩ =
(m_K² − m_π²) f₀/(m_s − m_d)); K_L → π⁰ uses the K⁺ → π⁺ form factors at K_L, π⁰ kinematics with
the coefficients' CP-even parts (`cp_projection`): ⟨π⁰|s̄Γd|K⁰⟩ = −⟨π⁺|s̄Γd|K⁺⟩/√2 and
K_L ≈ (K⁰ + K̄⁰)/√2 give A(K_L) = −(C + η_C C*)/2 · A⁺ with η_C = +1 (S, P, A) or −1 (V, T) the
charge-conjugation parity of the quark bilinear (derivation: docs/conventions.md, "K_L → π⁰ X X").
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..arrays import Real
from ..ckm import lambda_q
from ..eft import NeutrinoWET
from ..hadronic import k_to_pi as ff
from ..hadronic.zexpansion import trailing
from ..kinematics import kallen, q2_nodes
from ..parameters import Parameters
from .common import c_left_sm, coherent_sums, pseudoscalar_hadronic

MODES = {"K+": ("m_K+", "m_pi+", "tau_K+"), "KL": ("m_K0", "m_pi0", "tau_KL")}
KAPPA = {"K+": "kappa_+", "KL": "kappa_L"}
FLAVOUR = "sd"
QUARK_MASSES = ("m_s(2GeV)", "m_d(2GeV)")


def q2_max(params: Parameters, mode: str) -> NDArray[np.float64]:
    m_k, m_pi, _ = MODES[mode]
    return (np.asarray(params[m_k]) - np.asarray(params[m_pi])) ** 2


def _kappa(params, mode: str):
    """κ rescaled from the reference inputs of arXiv:0705.2025 eq. (11): κ ∝ λ⁸ α²/s⁴_W."""
    lam = params["V_us"]
    kappa = (np.asarray(params[KAPPA[mode]]) * (lam / params["kappa_ref_lambda"]) ** 8
             * (params["alpha_e"] / params["kappa_ref_alpha_e"]) ** 2
             * (params["kappa_ref_s2w"] / params["s2w"]) ** 2)
    if mode == "K+":
        kappa = kappa * (1 + params["Delta_EM"])
    return kappa / lam**10


def charm_term(params: Parameters) -> NDArray[np.float64]:
    """P_c + δP_cu, with P_c(m_c, α_s) of hep-ph/0603079 eq. (14)."""
    p_c = (params["P_c_0"] * (params["m_c(m_c)"] / params["P_c_m_c_ref"]) ** params["P_c_m_c_exponent"]
           * (params["alpha_s"] / params["P_c_alpha_s_ref"]) ** params["P_c_alpha_s_exponent"])
    return p_c + params["delta_P_cu"]


def _effective_sm(params):
    """c_eff with A^ij = −λ_t s²_W (c_eff δ_ij + C_L^ij + C_R^ij): the SM top and charm parts."""
    lam_t = lambda_q("t", "s", "d", params)
    lam_c = lambda_q("c", "s", "d", params)
    c_eff = c_left_sm(params) - lam_c * params["V_us"] ** 4 * charm_term(params) / (lam_t * params["s2w"])
    return lam_t, c_eff


def branching_ratio(theory: NeutrinoWET, params: Parameters, mode: str) -> NDArray[np.float64]:
    """B(K⁺ → π⁺νν̄) or B(K_L → π⁰νν̄) summed over neutrino flavours and chiralities."""
    lam_t, c_eff = _effective_sm(params)
    scale = _kappa(params, mode) * np.abs(lam_t * params["s2w"]) ** 2 / 3
    if mode == "K+":
        return scale * coherent_sums(theory, c_eff)[0]
    return scale * _cp_odd_sum(theory, lam_t, c_eff)


def _cp_odd_sum(theory, lam_t, c_eff):
    """Σ_ij |M^ij − M^ji*|²/4, M = λ_t (c_eff δ + C_L + C_R)/|λ_t| (primed: without c_eff)."""
    phase = lam_t / np.abs(lam_t)
    total = 0.0
    for left, right, diag in (("C_L", "C_R", c_eff), ("C_L_prime", "C_R_prime", None)):
        cl, cr = theory.coefficient(left), theory.coefficient(right)
        if cl is None and cr is None:
            if diag is not None:
                total = total + 3 * np.imag(phase * diag) ** 2
            continue
        m = (0 if cl is None else cl) + (0 if cr is None else cr)
        m = np.asarray(phase)[..., None, None] * m
        if diag is not None:
            m = m + np.asarray(phase * diag)[..., None, None] * np.eye(3)
        a = (m - np.conj(np.swapaxes(m, -1, -2))) / 2
        total = total + np.sum(a.real**2 + a.imag**2, axis=(-2, -1))
    return np.asarray(total, dtype=float)


def spectrum_shape(q2: Real, params: Parameters, mode: str) -> NDArray[np.float64]:
    """Normalised q² distribution (1/Γ) dΓ/dq² ∝ λ^{3/2} f₊², q² on the trailing axis."""
    def unnormalised(x):
        m_k, m_pi = trailing(params, MODES[mode][0]), trailing(params, MODES[mode][1])
        lam = np.clip(kallen(m_k**2, m_pi**2, x), 0.0, None)
        return lam * np.sqrt(lam) * ff.form_factors(x, params)["f+"] ** 2

    def norm():
        nodes, weights = q2_nodes(0.0, q2_max(params, mode))
        return np.sum(weights * unnormalised(nodes), axis=-1)

    return unnormalised(q2) / params.memo(("K->pi shape norm", mode), norm)[..., None]


def hadronic(q2: Real, params: Parameters, mode: str, j1: bool = False) -> dict[str, NDArray[Any] | None]:
    """As `b_to_k.hadronic`, for K → π."""
    return pseudoscalar_hadronic(q2, params, MODES[mode][:2], QUARK_MASSES, ff.form_factors(q2, params), j1)



def cp_projection(quark_bilinear: str, coefficient: Real | complex) -> NDArray[np.complex128]:
    """The part of C that drives K_L → π⁰ X X: Re C for S, P, A; i Im C for V, T (see module doc)."""
    c = np.asarray(coefficient)
    return 1j * c.imag if quark_bilinear in ("V", "T") else c.real + 0j
