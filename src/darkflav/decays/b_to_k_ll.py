"""B → K ℓ_i⁻ ℓ_j⁺ and B → K* ℓ_i⁻ ℓ_j⁺ with lepton masses, from C9, C10, C9′, C10′ only.

For lepton-flavour-violating modes these are the only coefficients (no SM); for ττ the SM C9, C10 of
the parameters are added as constants — the photon penguin C7 and the q²-dependent (charm-loop) part
of C9^eff are neglected, which is adequate where the ττ limits apply (|C| ≫ |C^SM|).

Derivation [derived; checked against flavio's bpll_lfv / bvll at random points in the tests]:
with 𝓜 = N Σ_{X,Y} c_XY ⟨M|J_X^μ|B⟩ (ū_i Γ_Y,μ v_j), quark currents X = V (s̄γ^μb), A (s̄γ^μγ₅b),
lepton currents Y = V (γ_μ), A (γ_μγ₅) and c_VV = (C9 + C9′)/2, c_AV = (C9′ − C9)/2,
c_VA = (C10 + C10′)/2, c_AA = (C10′ − C10)/2, the angle-averaged lepton tensor is
⟨k_i^μ k_j^ν + k_j^μ k_i^ν⟩ = 𝒜 g^{μν} + ℬ q^μq^ν with a = k_i·k_j = (q² − m_i² − m_j²)/2,
𝒜 = [2a q² − 2(m_i² + a)(m_j² + a)]/(3q²), ℬ = (2a − 4𝒜)/q², so that
    Σ|ū Γ_Y v · H|² → 4[(𝒜 − a ∓ m_i m_j)(T − S)/q² + ℬ T]   (− for Y = V, + for Y = A),
where T = q²|H_t|² and S = q² Σ_{λ=0,±}|H_λ|² of the hadronic current (V–A interferences vanish after
the angular integration). The rate is dΓ/dq² = |p| β Σ|𝓜|²/(128π³ m_B²), β = λ^{1/2}(q², m_i², m_j²)/q².
Hadronic amplitudes: `b_to_k.hadronic`, `b_to_kstar.hadronic` (S) and the time-like
q²|H_t|² = (m_B² − m_K²)² f₀² (B → K, arXiv:1409.4557) and λ A₀² (B → K*, arXiv:1503.05534).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..eft import ChargedLeptonWET
from ..hadronic import b_to_k as ff_k
from ..hadronic import b_to_kstar as ff_kstar
from ..kinematics import kallen, q2_nodes
from ..parameters import Parameters
from . import b_to_k, b_to_kstar
from .common import nunu_prefactor
from .leptonic import LEPTON_MASSES

MODULES = {"K": b_to_k, "K*": b_to_kstar}


def _hadronic(meson: str, q2, params, mode: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{current: (T, S)} = (q²|H_t|², q² Σ_λ |H_λ|²) for the quark vector (V) and axial (A) currents."""
    module = MODULES[meson]
    m_p, m_m = (np.asarray(params[m])[..., None] for m in module.MODES[mode][:2])
    had = module.hadronic(q2, params, mode)
    if meson == "K":
        time = (m_p**2 - m_m**2) ** 2 * ff_k.form_factors(q2, params)["f0"] ** 2
        return {"V": (time, had["V_0"]), "A": (0.0 * time, had["A_0"] + had["A_T"])}
    time = kallen(m_p**2, m_m**2, q2) * ff_kstar.form_factors(q2, params)["A0"] ** 2
    return {"V": (0.0 * time, had["V_0"] + had["V_T"]), "A": (time, had["A_0"] + had["A_T"])}


def _lepton_contraction(q2, m_i, m_j, t, s, sign):
    """Angle-averaged lepton tensor contracted with the hadronic one (module docstring); sign −1 for
    the lepton vector current, +1 for the axial."""
    a = (q2 - m_i**2 - m_j**2) / 2
    big_a = (2 * a * q2 - 2 * (m_i**2 + a) * (m_j**2 + a)) / (3 * q2)
    big_b = (2 * a - 4 * big_a) / q2
    return 4 * ((big_a - a + sign * m_i * m_j) * (t - s) / q2 + big_b * t)


def kernels(meson: str, params: Parameters, mode: str, i: int, j: int) -> dict[tuple[str, str], NDArray[Any]]:
    """Γ per unit |c_XY|² for (quark current X, lepton current Y), integrated over the full q² range."""
    def compute():
        module = MODULES[meson]
        m_i, m_j = (np.asarray(params[LEPTON_MASSES[k]])[..., None] for k in (i, j))
        hi = module.q2_max(params, mode)
        lo = np.minimum((m_i[..., 0] + m_j[..., 0]) ** 2, hi)  # a closed channel integrates to zero
        q2, weights = q2_nodes(lo, hi)
        m_pn, m_mn = (np.asarray(params[m])[..., None] for m in module.MODES[mode][:2])
        p = np.sqrt(np.clip(kallen(m_pn**2, m_mn**2, q2), 0.0, None)) / (2 * m_pn)
        beta = np.sqrt(np.clip(kallen(q2, m_i**2, m_j**2), 0.0, None)) / q2
        pref = nunu_prefactor(params, module.lambda_t(params))[..., None] * p * beta / (128 * np.pi**3 * m_pn**2)
        had = _hadronic(meson, q2, params, mode)
        out = {}
        for x, (t, s) in had.items():
            for y, sign in (("V", -1), ("A", +1)):
                density = pref * _lepton_contraction(q2, m_i, m_j, t, s, sign)
                out[(x, y)] = np.sum(weights * density, axis=-1)
        return out

    return params.memo(("charged kernels", meson, mode, i, j), compute)


def branching_ratio(theory: ChargedLeptonWET, params: Parameters, meson: str, mode: str, i: int,
                    j: int) -> NDArray[np.float64]:
    """B(B → M ℓ_i⁻ ℓ_j⁺) from C^{ij} (SM C9, C10 added for i = j)."""
    c9 = theory.pair("C9", i, j) + (params["C9_SM"] if i == j else 0.0)
    c10 = theory.pair("C10", i, j) + (params["C10_SM"] if i == j else 0.0)
    c9p, c10p = theory.pair("C9_prime", i, j), theory.pair("C10_prime", i, j)
    c = {("V", "V"): (c9 + c9p) / 2, ("A", "V"): (c9p - c9) / 2,
         ("V", "A"): (c10 + c10p) / 2, ("A", "A"): (c10p - c10) / 2}
    k = kernels(meson, params, mode, i, j)
    tau = np.asarray(params[MODULES[meson].MODES[mode][2]]) / params["hbar"]
    return tau * sum(np.asarray(k[xy]) * np.abs(c[xy]) ** 2 for xy in c)
