"""Spin-independent scattering of a real scalar φ on nucleons and nuclei, and the published limits.

With ½ C^{S,qq} (q̄q) φ² and ½ C_G G^a_{μν}G^{aμν} φ² (docs/conventions.md), i.e. c_q = C^{S,qq}/2 and
c_G = C_G/2 as in darkmatter/annihilation.py, the nucleon Lagrangian L_N = g_N φ² N̄N has (Shifman, Vainshtein,
Zakharov, Phys. Lett. B 78 (1978) 443, the trace anomaly m_N N̄N = −(9α_s/8π) GG + Σ_{u,d,s} m_q q̄q at
leading order; derivation in docs/dark-matter.md, "Direct detection"):

    g_N = Σ_{q=u,d,s} c_q m_N f_Tq^N/m_q + Σ_{Q=c,b} c_Q (2/27) m_N f_TG^N/m_Q − c_G (8π/9α_s) m_N f_TG^N,
    f_TG^N = 1 − Σ_{u,d,s} f_Tq^N,

(the heavy quarks only through f_TG, which is the same physics as C_G = −α_s C^{S,QQ}/(12π m_Q): not counted
twice), and σ_N = μ_N² g_N²/(π m_φ²) (amplitude 𝓜 = 2 g_N · 2m_N, σ = |𝓜|²/(16π (m_φ + m_N)²)).
Light-quark masses and α_s at 2 GeV (the scale of the coefficients), m_c(m_c), m_b(m_b).

Targets: experiments quote σ_n for f_p = f_n. The isospin-symmetric cross section that gives the same
coherent rate on a natural element (abundances a_i, mass numbers A_i; docs/dark-matter.md, "Direct detection") is

    σ_eff = μ_n²/(π m_φ²) Σ_i a_i [Z g_p + (A_i − Z) g_n]² / Σ_i a_i A_i²,

compared with the published curves (data/dd_limits.yaml). Coupling ratios (darkflav's own parametrisation; the
seed's definitions in arXiv:2505.02031 are not available): C_± = C^{S,uu} ± C^{S,dd}, R_− = C_−/C_+, R_s = C^{S,ss}/C_+.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..data import package_data
from ..eft.dark import DarkEFT
from ..errors import DarkflavError, finite_array, in_range, unknown
from ..parameters import Parameters
from .recoil import TARGETS, target

__all__ = ["EXPERIMENTS", "NUCLEONS", "TARGETS", "effective_cross_section", "f_Tq", "isospin_weight", "limit",
           "limit_ratios", "limits", "nucleon_coupling", "ratios", "sigma_SI", "theory_from_ratios"]
NUCLEONS = ("p", "n")
_QUARK_MASS = {"u": "m_u(2GeV)", "d": "m_d(2GeV)", "s": "m_s(2GeV)", "c": "m_c(m_c)", "b": "m_b(m_b)"}


@cache
def _sigma_terms() -> dict:
    return package_data(__package__, "nucleon_scalar.yaml")["f_Tq"]


@cache
def limits() -> dict:
    """{experiment: {target, description, reference, provenance, mass_GeV, sigma_cm2}} (data/dd_limits.yaml)."""
    return package_data(__package__, "dd_limits.yaml")


EXPERIMENTS = tuple(limits())


def f_Tq(nucleon: str) -> dict[str, float]:
    """{'u', 'd', 's', 'G'}: the scalar matrix elements f_Tq^N and f_TG^N = 1 − Σ f_Tq^N."""
    if nucleon not in NUCLEONS:
        raise unknown("nucleon", nucleon, NUCLEONS)
    f = {q: entry["value"] for q, entry in _sigma_terms()[nucleon].items()}
    return {**f, "G": 1.0 - sum(f.values())}


def _real_scalar(theory) -> DarkEFT:
    if not isinstance(theory, DarkEFT) or theory.species != "real scalar":
        raise DarkflavError(f"direct detection is implemented for a real-scalar DarkEFT; got {theory!r}")
    return theory


def nucleon_coupling(theory: DarkEFT, nucleon: str, params: Parameters | None = None) -> np.ndarray:
    """g_N (GeV⁻¹), the coefficient of φ² N̄N for N = 'p' or 'n' (module docstring)."""
    params = params or Parameters.default()
    theory = _real_scalar(theory)
    f = f_Tq(nucleon)
    m_nucleon = params["m_p" if nucleon == "p" else "m_n"]

    def c(pair, operator="CS"):
        return np.real(theory.coefficients(pair).get(operator, 0.0)) / 2  # ½ C in the Lagrangian

    g = sum(c(q + q) * m_nucleon * f[q] / params[_QUARK_MASS[q]] for q in "uds")
    g = g + sum(c(q + q) * 2 / 27 * m_nucleon * f["G"] / params[_QUARK_MASS[q]] for q in "cb")
    g = g - c("gg", "CG") * 8 * np.pi / (9 * params["alpha_s(2GeV)"]) * m_nucleon * f["G"]
    return np.broadcast_to(g, np.broadcast_shapes(np.shape(g), theory.shape)) * 1.0  # inputs may be sampled arrays


def _to_cm2(params) -> float:
    return params["hbar_c"] ** 2


def sigma_SI(theory: DarkEFT, nucleon: str, params: Parameters | None = None) -> np.ndarray:
    """σ_SI(φN → φN) in cm² for N = 'p' or 'n': μ_N² g_N²/(π m_φ²) (module docstring)."""
    params = params or Parameters.default()
    m_nucleon = params["m_p" if nucleon == "p" else "m_n"]
    m = _positive_mass(theory)
    mu = m * m_nucleon / (m + m_nucleon)
    return mu**2 * nucleon_coupling(theory, nucleon, params) ** 2 / (np.pi * m**2) * _to_cm2(params)


def _positive_mass(theory) -> np.ndarray:
    m = _real_scalar(theory).mass
    if np.any(m <= 0):
        raise DarkflavError(f"dark-matter mass = {m} GeV must be > 0 for direct detection")
    return m


def _coherent(element: str, g_p, g_n) -> np.ndarray:
    """Σ_i a_i [Z g_p + (A_i − Z) g_n]² / Σ_i a_i A_i² over the natural isotopes of the element."""
    t = target(element)
    a, w = np.array(list(t["isotopes"]), dtype=float), np.array(list(t["isotopes"].values()))
    z = t["Z"]
    g_p, g_n = np.asarray(g_p)[..., None], np.asarray(g_n)[..., None]
    return np.sum(w * (z * g_p + (a - z) * g_n) ** 2, axis=-1) / np.sum(w * a * a)


def isospin_weight(element: str, ratio) -> np.ndarray:
    """Σ_i a_i [Z + (A_i − Z) r]² / Σ_i a_i A_i² for r = g_n/g_p, i.e. σ_eff/σ_p up to μ_n²/μ_p²; 1 at r = 1."""
    return _coherent(element, 1.0, finite_array("g_n/g_p", ratio))


def effective_cross_section(theory: DarkEFT, element: str, params: Parameters | None = None) -> np.ndarray:
    """σ_eff (cm²): the isospin-symmetric DM–nucleon cross section giving the same coherent rate on the natural
    element as the theory's g_p, g_n (module docstring); what the published σ_n limits constrain."""
    params = params or Parameters.default()
    coherent = _coherent(element, *(nucleon_coupling(theory, n, params) for n in NUCLEONS))
    m = _positive_mass(theory)
    mu = m * params["m_n"] / (m + params["m_n"])
    return mu**2 * coherent / (np.pi * m**2) * _to_cm2(params)


def limit(experiment: str, mass) -> np.ndarray:
    """The published 90 % CL limit on σ_n (cm²) at masses (GeV), log-log interpolated; inf outside its range."""
    if experiment not in EXPERIMENTS:
        raise unknown("direct-detection limit", experiment, EXPERIMENTS)
    d = limits()[experiment]
    m = in_range("dark-matter mass", mass, 0.0, np.inf, "GeV")
    log_m, log_s = np.log(d["mass_GeV"]), np.log(d["sigma_cm2"])
    inside = (m >= d["mass_GeV"][0]) & (m <= d["mass_GeV"][-1])
    value = np.exp(np.interp(np.log(np.where(inside, m, d["mass_GeV"][0])), log_m, log_s))
    return np.where(inside, value, np.inf)


def limit_ratios(theory: DarkEFT, params: Parameters | None = None) -> dict[str, np.ndarray]:
    """{experiment: σ_eff(target)/limit}; > 1 is excluded at 90 % CL, 0 where the curve does not reach."""
    params = params or Parameters.default()
    by_target = {}
    out = {}
    for name in EXPERIMENTS:
        element = limits()[name]["target"]
        if element not in by_target:
            by_target[element] = effective_cross_section(theory, element, params)
        out[name] = by_target[element] / limit(name, theory.mass)
    return out


def ratios(theory: DarkEFT) -> tuple[np.ndarray, np.ndarray]:
    """(R_−, R_s) = ((C^uu − C^dd)/C_+, C^ss/C_+), C_+ = C^uu + C^dd (module docstring)."""
    theory = _real_scalar(theory)
    c = {q: np.real(theory.coefficients(q + q).get("CS", 0.0)) for q in "uds"}
    c_plus = np.broadcast_to(c["u"] + c["d"], theory.shape)
    if np.any(c_plus == 0):
        raise DarkflavError("R_− and R_s need C_+ = C^{S,uu} + C^{S,dd} ≠ 0")
    return (c["u"] - c["d"]) / c_plus, c["s"] / c_plus


def theory_from_ratios(mass, c_plus, r_minus, r_s) -> DarkEFT:
    """The real scalar with C^{S,uu} = C_+(1 + R_−)/2, C^{S,dd} = C_+(1 − R_−)/2, C^{S,ss} = R_s C_+ (GeV⁻¹)."""
    c_plus, r_minus, r_s = (finite_array(n, v) for n, v in (("C_+", c_plus), ("R_-", r_minus), ("R_s", r_s)))
    return DarkEFT("real scalar", mass, {"CS_uu": c_plus * (1 + r_minus) / 2, "CS_dd": c_plus * (1 - r_minus) / 2,
                                         "CS_ss": c_plus * r_s})
