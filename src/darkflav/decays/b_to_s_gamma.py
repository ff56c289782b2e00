"""B → X_sγ (E_γ > 1.6 GeV) with new-physics dipole coefficients.

Misiak et al., PRL 114 (2015) 221801 (arXiv:1503.01789), eq. (4): B×10⁴ = 3.36 − 8.22 ΔC₇ − 1.99 ΔC₈ with the NP
parts of C₇, C₈ at μ₀ = 160 GeV, in the flavio/WCxf normalisation
    L ⊃ (4G_F/√2) V_tb V*_ts [C₇ (e/16π²) m_b (s̄σ^{μν}P_Rb) F_μν + C₈ (g_s/16π²) m_b (s̄σ^{μν}T^aP_Rb) G^a_μν]
        + primed (P_L),
covariant derivative D_μ = ∂_μ + ieQA_μ + ig_sT^aG^a_μ (the SM C₇ is negative). The rate is completed to the
quadratic form it has at leading order, B = B_SM [|1 + a₇ΔC₇ + a₈ΔC₈|² + |a₇ΔC₇′ + a₈ΔC₈′|²] with
a₇,₈ = (−8.22, −1.99)/(2×3.36), which reproduces eq. (4) at linear order (the primed operators do not interfere).
Coefficients given at a scale μ > μ₀ are run to μ₀ at leading order (`run_dipoles`; anomalous dimensions of
Buras, Misiak, Münz, Pokorski, hep-ph/9311345).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from wilson.util import qcd

from ..data import package_data
from ..eft.dipole import DipoleWET
from ..errors import DarkflavError, finite_array
from ..parameters import Parameters, per_value


@cache
def data() -> dict[str, Any]:
    return package_data(__package__, "b_to_s_gamma.yaml")


def run_dipoles(c7: ArrayLike, c8: ArrayLike, scale: float,
                params: Parameters | None = None) -> tuple[NDArray[Any], NDArray[Any]]:
    """(C₇, C₈) at μ₀ = 160 GeV from values at `scale` ≥ μ₀: leading-order QCD, six flavours above m_t.

    C₇(μ₀) = η^{γ₇₇/2β₀} C₇ + (8/3)(η^{γ₈₈/2β₀} − η^{γ₇₇/2β₀}) C₈, C₈(μ₀) = η^{γ₈₈/2β₀} C₈, η = α_s(μ)/α_s(μ₀),
    with γ₇₇ = 32/3, γ₈₈ = 28/3 and γ₈₇/(γ₇₇ − γ₈₈) = −8/3 (Q_d = −1/3), applied per flavour-number interval."""
    params = params or Parameters.default()
    mu0 = data()["linear"]["scale"]
    if scale < mu0:
        raise DarkflavError(f"dipole matching scale = {scale} GeV must be ≥ {mu0} GeV")
    c7, c8 = np.asarray(c7, dtype=complex), np.asarray(c8, dtype=complex)
    factors = per_value(lambda a_mz, mt: _dipole_running(scale, mu0, a_mz, mt), params["alpha_s"], params["m_t"])
    f77, f78, f88 = (factors[..., k] for k in range(3))
    return f77 * c7 + f78 * c8, f88 * c8


def _dipole_running(scale: float, mu0: float, a_mz: float, mt: float) -> tuple[float, float, float]:
    """(f77, f78, f88) of C₇(μ₀) = f77 C₇ + f78 C₈, C₈(μ₀) = f88 C₈ (run_dipoles) for one α_s(M_Z) and m_t."""
    f77, f78, f88 = 1.0, 0.0, 1.0
    steps = [(scale, max(mt, mu0), 6), (min(scale, mt), mu0, 5)] if scale > mt else [(scale, mu0, 5)]
    for high, low, nf in steps:
        if high <= low:
            continue
        beta0 = 11 - 2 * nf / 3
        eta = qcd.alpha_s(high, nf, a_mz) / qcd.alpha_s(low, nf, a_mz)
        e7, e8 = eta ** (16 / 3 / beta0), eta ** (14 / 3 / beta0)
        f77, f78, f88 = e7 * f77, e7 * f78 + 8 / 3 * (e8 - e7) * f88, e8 * f88
    return f77, f78, f88


def branching_ratio(c7: ArrayLike = 0.0, c7p: ArrayLike = 0.0, c8: ArrayLike = 0.0, c8p: ArrayLike = 0.0,
                    scale: float = 160.0, params: Parameters | None = None) -> NDArray[np.float64]:
    """B(B → X_sγ)_{E_γ>1.6 GeV} for NP coefficients C₇, C₇′, C₈, C₈′ (flavio normalisation) at `scale` (GeV)."""
    lin = data()["linear"]
    c = [finite_array(n, v, complex) for n, v in (("C7", c7), ("C7p", c7p), ("C8", c8), ("C8p", c8p))]
    c7, c8 = run_dipoles(c[0], c[2], scale, params)
    c7p, c8p = run_dipoles(c[1], c[3], scale, params)
    norm = 2 * data()["sm"]["value"] * 1e4
    a7, a8 = lin["C7"] / norm, lin["C8"] / norm
    return data()["sm"]["value"] * (np.abs(1 + a7 * c7 + a8 * c8) ** 2 + np.abs(a7 * c7p + a8 * c8p) ** 2)


def branching_ratio_of(theory: DipoleWET, params: Parameters | None = None) -> NDArray[np.float64]:
    """B(B → X_sγ)_{E_γ>1.6 GeV} of a DipoleWET."""
    return branching_ratio(theory.C7, theory.C7p, theory.C8, theory.C8p, theory.scale, params)
