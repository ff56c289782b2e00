"""ΔF = 2: B_s, B_d and K mixing in the SM and with new ΔF = 2 coefficients.

Basis (Buras, Misiak, Urban, hep-ph/0005183, eq. 2.1–2.4), for the sector ij = sb, db, sd:

    H_eff = Σ_k C_k Q_k,   Q^VLL = (d̄_iγ^μP_Ld_j)(d̄_iγ_μP_Ld_j),  Q^VRR = (L → R),
    Q^LR1 = (d̄_iγ^μP_Ld_j)(d̄_iγ_μP_Rd_j),  Q^LR2 = (d̄_iP_Ld_j)(d̄_iP_Rd_j),
    Q^SLL1 = (d̄_iP_Ld_j)(d̄_iP_Ld_j),  Q^SLL2 = (d̄_iσ^{μν}P_Ld_j)(d̄_iσ_{μν}P_Ld_j),  SRR1, SRR2 (L → R)

(colour indices contracted inside each bracket; C_k in GeV⁻²). These are the operators of flavio's WCxf basis
(CVLL, CVRR, CVLR, CSLR, CSLL, CTLL, CSRR, CTRR) with L = −H. Coefficients given at a scale μ are run to the
hadronic scale with `wilson` (QCD, WCxf WET basis 'flavio'). Matrix elements ⟨Q_k⟩ = ⟨P|Q_k|P̄⟩/(2m_P) in terms of
the bag parameters B_1..B_5 of FLAG 2021 §8.2 (SUSY basis; Q^SLL1 = O_2/4, Q^LR2 = O_4/4, Q^LR1 = −O_5/2 and
Q^SLL2 = −8Õ_2/4 − 4O_2/4 by Fierz):

    ⟨VLL⟩ = m f² B₁/3,  ⟨SLL1⟩ = −5 r m f² B₂/24,  ⟨SLL2⟩ = r m f² (5B₂ − 2B₃)/6,
    ⟨LR2⟩ = r m f² B₄/4,  ⟨LR1⟩ = −r m f² B₅/6,   r = (m_P/(m_i + m_j))²

SM (Buchalla, Buras, Lautenbacher, RMP 68 (1996) 1125, eq. XII.1–XII.3 and XII.16):
    C^VLL_SM = G_F²M_W²/(4π²) [λ_t² η_tt S₀(x_t) + (K only) λ_c² η_cc S₀(x_c) + 2λ_cλ_t η_ct S₀(x_c, x_t)],
λ_q = V_{qj}V*_{qi}, with RGI bag parameters (so that M₁₂ = C_SM m f² B̂/3), ΔM = 2|M₁₂|,
ε_K = κ_ε Im M₁₂/(√2 ΔM_K) (Buras, Guadagnoli, Isidori, arXiv:1002.3612, eq. 2.1–2.3; the sign is fixed by the SM).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import wilson
from numpy.typing import ArrayLike, NDArray
from wilson.util import qcd

from ..arrays import Real
from ..ckm import lambda_q
from ..data import package_data
from ..eft.mixing import MESON_OF, OPERATORS, DeltaF2
from ..errors import DarkflavError, finite_array, unknown
from ..parameters import Parameters, per_value

_FLAVIO = {"VLL": "CVLL", "VRR": "CVRR", "LR1": "CVLR", "LR2": "CSLR", "SLL1": "CSLL", "SLL2": "CTLL",
           "SRR1": "CSRR", "SRR2": "CTRR"}
_FLAVIO_SECTOR = {"sb": "bsbs", "db": "bdbd", "sd": "sdsd"}  # same QCD running for (s̄d)² and (d̄s)²
_MASS_NAMES = {"b": "m_b(m_b)", "s": "m_s(2GeV)", "d": "m_d(2GeV)"}


@cache
def data() -> dict[str, Any]:
    """Bag parameters, scales and measurements from data/meson_mixing.yaml."""
    return package_data(__package__, "meson_mixing.yaml")


def _check_sector(sector: str) -> dict[str, Any]:
    if sector not in MESON_OF:
        raise unknown("ΔF = 2 sector", sector, MESON_OF)
    return data()["mesons"][MESON_OF[sector]]


@cache
def running_matrix(sector: str, scale_high: float, scale_low: float) -> np.ndarray:
    """U with C(μ_low) = U C(μ_high) over OPERATORS (QCD running by `wilson`, linear in C)."""
    suffix = _FLAVIO_SECTOR[sector]
    columns = []
    for k in OPERATORS:
        run = wilson.Wilson({f"{_FLAVIO[k]}_{suffix}": 1.0}, scale=scale_high, eft="WET", basis="flavio")
        out = run.match_run(scale_low, "WET", "flavio").dict
        columns.append([out.get(f"{_FLAVIO[m]}_{suffix}", 0.0) for m in OPERATORS])
    return np.array(columns, dtype=complex).T


def _quark_mass(q: str, scale: float, params) -> np.ndarray:
    """MS-bar m_q(scale) from the package's m_b(m_b), m_s(2 GeV), m_d(2 GeV) (RunDec via wilson.util.qcd)."""
    m = np.asarray(params[_MASS_NAMES[q]])
    if q == "b":
        return m * per_value(lambda m_b, a: qcd.m_b(m_b, scale, 5, a) / m_b, m, params["alpha_s"])
    nf = 3 if scale <= 2.0 else 4 if scale < 4.8 else 5
    return m * per_value(lambda a: qcd.m_s(1.0, scale, nf, a), params["alpha_s"])


def matrix_elements(sector: str, params: Parameters) -> dict[str, NDArray[Any]]:
    """⟨Q_k⟩(μ_low) = ⟨P|Q_k|P̄⟩/(2m_P) in GeV³ at the meson's scale of data/meson_mixing.yaml."""
    meson = _check_sector(sector)
    m, f = np.asarray(params[meson["mass"]]), np.asarray(params[meson["decay_constant"]])
    qi, qj = meson["quarks"]
    r = (m / (_quark_mass(qi, meson["scale"], params) + _quark_mass(qj, meson["scale"], params))) ** 2
    b1, b2, b3, b4, b5 = meson["bag"]
    if b1 is None:
        b1 = vll_bag_msbar(sector, params)
    else:
        b1 = np.asarray(b1)
    mf2 = m * f**2
    me = {"VLL": mf2 * b1 / 3, "SLL1": -5 * r * mf2 * b2 / 24, "SLL2": r * mf2 * (5 * b2 - 2 * b3) / 6,
          "LR2": r * mf2 * b4 / 4, "LR1": -r * mf2 * b5 / 6}
    me.update(VRR=me["VLL"], SRR1=me["SLL1"], SRR2=me["SLL2"])
    return me


def vll_bag_msbar(sector: str, params: Parameters) -> NDArray[np.float64]:
    """B₁(μ) of Q^VLL from the RGI B̂ (used for the kaon, whose input is B̂_K): at NLO in three flavours
    B̂ = B(μ) α_s(μ)^{−2/9} (1 + α_s(μ) J₃/4π), J₃ = 307/162 (Buras, hep-ph/9806471, eqs. XII.7 and XII.10 form)."""
    meson = _check_sector(sector)
    nf = 3
    alpha = per_value(lambda a: qcd.alpha_s(meson["scale"], nf, a), params["alpha_s"])
    j3 = 307.0 / 162.0  # NLO term of the RGI definition for nf = 3
    return np.asarray(params["BK_hat"]) * alpha ** (2.0 / (11 - 2 * nf / 3)) / (1 + alpha * j3 / (4 * np.pi))


def inami_lim(x: Real) -> NDArray[np.float64]:
    """S₀(x), Inami, Lim, Prog. Theor. Phys. 65 (1981) 297 (BBL eq. XII.4)."""
    return (4 * x - 11 * x**2 + x**3) / (4 * (1 - x) ** 2) - 3 * x**3 * np.log(x) / (2 * (1 - x) ** 3)


def inami_lim_ct(xc: Real, xt: Real) -> NDArray[np.float64]:
    """S₀(x_c, x_t) at leading order in x_c (BBL eq. XII.8)."""
    return xc * (np.log(xt / xc) - 3 * xt / (4 * (1 - xt)) - 3 * xt**2 * np.log(xt) / (4 * (1 - xt) ** 2))


def m12_sm(sector: str, params: Parameters | None = None) -> NDArray[np.complex128]:
    """M₁₂^SM = C^VLL_SM ⟨Q^VLL⟩ (GeV), with RGI bag parameters."""
    params = params or Parameters.default()
    meson = _check_sector(sector)
    i, j = sector[0], sector[1]
    norm = params["G_F"] ** 2 * params["M_W"] ** 2 / (4 * np.pi**2)
    xt = (np.asarray(params["m_t(m_t)"]) / params["M_W"]) ** 2
    lt = lambda_q("t", i, j, params)
    if sector == "sd":
        xc = (np.asarray(params["m_c(m_c)"]) / params["M_W"]) ** 2
        lc = lambda_q("c", i, j, params)
        c = norm * (lt**2 * params["eta_tt_K"] * inami_lim(xt) + lc**2 * params["eta_cc_K"] * inami_lim(xc)
                    + 2 * lc * lt * params["eta_ct_K"] * inami_lim_ct(xc, xt))
        return c * params[meson["mass"]] * params[meson["decay_constant"]] ** 2 * params["BK_hat"] / 3
    return norm * lt**2 * params["eta_B"] * inami_lim(xt) * params[meson["mass"]] * params[meson["fsqrtB_hat"]] ** 2 / 3


def m12_np(sector: str, coefficients: Mapping[str, ArrayLike], scale: float,
           params: Parameters | None = None) -> NDArray[Any]:
    """M₁₂^NP = Σ_k C_k(μ_low)⟨Q_k⟩ (GeV) for coefficients {operator: C (GeV⁻², arrays)} of H_eff at `scale`."""
    params = params or Parameters.default()
    meson = _check_sector(sector)
    extra = set(coefficients) - set(OPERATORS)
    if extra:
        raise unknown("ΔF = 2 operator", sorted(extra)[0], OPERATORS)
    scale = float(finite_array("scale", scale))
    if not meson["scale"] <= scale <= 1.0e5:
        raise DarkflavError(f"ΔF = 2 matching scale = {scale} GeV must be in [{meson['scale']}, 1e5] GeV")
    given = [finite_array(f"coefficient {k}", coefficients.get(k, 0.0), complex) for k in OPERATORS]
    c_high = np.stack(np.broadcast_arrays(*given), axis=-1)
    c_low = c_high @ running_matrix(sector, scale, float(meson["scale"])).T
    me = matrix_elements(sector, params)
    return sum(c_low[..., n] * np.asarray(me[k]) for n, k in enumerate(OPERATORS))


def m12(theory: DeltaF2, params: Parameters | None = None) -> NDArray[np.complex128]:
    """M₁₂ = M₁₂^SM + M₁₂^NP (GeV) of a DeltaF2."""
    params = params or Parameters.default()
    return m12_sm(theory.sector, params) + (m12_np(theory.sector, theory.coefficients, theory.scale, params)
                                            if theory.coefficients else 0.0)


def ratio_to_sm(theory: DeltaF2, params: Parameters | None = None) -> NDArray[np.complex128]:
    """M₁₂/M₁₂^SM (complex): |ratio| = ΔM/ΔM^SM for B_q."""
    params = params or Parameters.default()
    return m12(theory, params) / m12_sm(theory.sector, params)


def delta_m(theory: DeltaF2, params: Parameters | None = None) -> NDArray[np.float64]:
    """ΔM = 2|M₁₂| in ps⁻¹ (B_s, B_d; for K the short-distance part only)."""
    params = params or Parameters.default()
    return 2 * np.abs(m12(theory, params)) / np.asarray(params["hbar"]) * 1e-12


def epsilon_k(theory: DeltaF2, params: Parameters | None = None) -> NDArray[np.float64]:
    """ε_K = κ_ε Im M₁₂/(√2 ΔM_K^exp), sign normalised so that the SM value is positive."""
    params = params or Parameters.default()
    if theory.sector != "sd":
        raise DarkflavError(f"epsilon_K needs the 'sd' sector, got {theory.sector!r}")
    sign = np.sign(np.imag(m12_sm("sd", params)))
    return sign * params["kappa_epsilon"] * np.imag(m12(theory, params)) / (np.sqrt(2) * params["DeltaM_K"])
