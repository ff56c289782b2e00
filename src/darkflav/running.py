"""Running of the MS-bar fine-structure constant, for converting WCxf coefficients.

One-loop QED: 1/α(μ) = 1/α(μ₀) − (2/3π) Σ_f N_c Q_f² ln(μ/μ₀), with fermions decoupled at their
masses (top at m_t, bottom at m_b(m_b), τ at m_τ, charm at m_c(m_c)); e.g. Peskin–Schroeder
eq. (7.90) with thresholds. Used between 1 GeV and 1 TeV.
"""

from __future__ import annotations

import numpy as np

from .errors import in_range

# (parameter name of the threshold, N_c Q_f^2 of the fermion) -- electric charges, not inputs
_THRESHOLDS = (("m_t", 3 * (2 / 3) ** 2), ("m_b(m_b)", 3 * (1 / 3) ** 2),
               ("m_tau", 1.0), ("m_c(m_c)", 3 * (2 / 3) ** 2))
# N_c Q^2 summed over the fermions active at M_Z: u, c (4/3 each), d, s, b (1/3 each), e, mu, tau
_SUM_AT_MZ = 2 * 3 * (2 / 3) ** 2 + 3 * 3 * (1 / 3) ** 2 + 3 * 1.0


def alpha_e(mu, params) -> np.ndarray:
    """α_e(μ) in the MS-bar scheme from α_e(M_Z) = params['alpha_e'], one-loop with thresholds."""
    mu = in_range("renormalisation scale mu", mu, 1.0, 1000.0, "GeV")
    inv = 1.0 / params["alpha_e"]
    mz = params["M_Z"]

    def step(inv_a, mu_from, mu_to, charge_sum):
        return inv_a - 2.0 / (3.0 * np.pi) * charge_sum * np.log(mu_to / mu_from)

    # upwards from M_Z: the top joins above m_t
    mt = params["m_t"]
    up = np.where(mu > mt,
                  step(step(inv, mz, mt, _SUM_AT_MZ), mt, mu, _SUM_AT_MZ + _THRESHOLDS[0][1]),
                  step(inv, mz, np.minimum(mu, mt), _SUM_AT_MZ))
    # downwards from M_Z: b, tau, c decouple in turn
    down, mu_prev, active = inv, mz, _SUM_AT_MZ
    for name, charge in _THRESHOLDS[1:]:
        m = params[name]
        down = np.where(mu < m, step(down, mu_prev, m, active), step(down, mu_prev, mu, active))
        mu_prev = np.where(mu < m, m, mu)
        active = np.where(mu < m, active - charge, active)
    down = step(down, mu_prev, mu, active)
    return 1.0 / np.where(mu >= mz, up, down)
