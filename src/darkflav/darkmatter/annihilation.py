"""Annihilation φφ → mesons of a real scalar φ through ½ C^{S,qq} (q̄q)φ², from the leading-order
chiral Lagrangian (Gasser, Leutwyler, Nucl. Phys. B 250 (1985) 465) with the φ² couplings in the scalar source
(derived here; docs/dark-matter.md, "Annihilation into mesons: chiral amplitudes"):

    𝓜(φφ → π⁺π⁻) = 𝓜(π⁰π⁰) = 2B_π c₊,  𝓜(K⁺K⁻) = 2B_K (c_u + c_s),  𝓜(K⁰K̄⁰) = 2B_K (c_d + c_s),
    𝓜(ηη) = (8/3)B_K c_s + (2/3)B_π c₊,  𝓜(π⁰η) = 2B_π (c_u − c_d)/√3,

with c_q = C^{S,qq}/2 (so L ⊃ c_q (q̄q)φ²), c₊ = c_u + c_d, and channel-wise B_π = m_π²/(m_u + m_d),
B_K = m_K²/(m_s + m_u). Constant |𝓜|² gives ⟨σv⟩ = |𝓜|²/(32π m² S_f) η(x; z₊, z₋) with the
Gondolo–Gelmini thermal average (Nucl. Phys. B 360 (1991) 145)

    η = [4x/K₂(x)²] ∫_{w₀}^∞ dw √(w² − 1) √((w² − z₊²)(w² − z₋²))/w K₁(2xw),   z± = (m₁ ± m₂)/(2m),

w = √s/(2m), w₀ = max(1, z₊); for equal final masses z₋ = 0 and z₊ = m_f/m.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import kve, roots_genlaguerre

from ..errors import DarkflavError

#: Gauss–Laguerre nodes of the thermal average; x values at which its sum is computed on long x grids
N_NODES, INTERPOLATION_NODES = 48, 160


@cache
def _laguerre():
    """Generalised Gauss–Laguerre nodes for ∫ t^{1/2} e^{−t} f(t) dt (the threshold square root)."""
    return roots_genlaguerre(N_NODES, 0.5)


def thermal_factor(x, z_plus, z_minus=0.0):
    """η(x; z₊, z₋): the thermal average of a constant |𝓜|² relative to |𝓜|²/(32π m² S_f);
    → √(1 − z²) for x → ∞ and open channels; ∝ e^{−2x(z − 1)} for closed ones (z > 1).

    A 1-d x longer than 2 INTERPOLATION_NODES (the freeze-out grids) with z of one value per row: the Laguerre sum,
    a smooth power-law-like function of x, is computed at INTERPOLATION_NODES points evenly spaced in ln x and its
    logarithm interpolated by a cubic spline (relative error < 2e-8, tests/test_annihilation.py); the exponential
    and Bessel prefactors are exact."""
    x = np.asarray(x, dtype=float)
    z_plus, z_minus = np.asarray(z_plus, dtype=float), np.asarray(z_minus, dtype=float)
    w0 = np.maximum(1.0, z_plus)
    shape = np.broadcast_shapes(x.shape, z_plus.shape, z_minus.shape)
    per_row = all(np.shape(z)[-1:] in ((), (1,)) for z in (z_plus, z_minus))
    if x.ndim == 1 and x.size > 2 * INTERPOLATION_NODES and per_row and np.all(x > 0):
        nodes = np.log(np.geomspace(x.min(), x.max(), INTERPOLATION_NODES))
        log_sum = np.log(_laguerre_sum(np.exp(nodes), w0, z_plus, z_minus))
        laguerre_sum = np.exp(CubicSpline(nodes, log_sum, axis=-1)(np.log(x)))
    else:
        laguerre_sum = _laguerre_sum(x, w0, z_plus, z_minus)
    # K₁(2xw) = kve(1, 2xw) e^{−2xw}; K₂(x)² = kve(2, x)² e^{−2x}: the exponentials leave e^{−2x(w0−1)} e^{−t}
    eta = 4 * x / kve(2, x) ** 2 * np.exp(-2 * x * (w0 - 1)) * laguerre_sum / (2 * x) ** 1.5
    return np.broadcast_to(eta, shape).copy()


def _laguerre_sum(x, w0, z_plus, z_minus) -> np.ndarray:
    """Σ_k weight_k · integrand(w_k)/√(t_k/2x) · kve(1, 2x w_k) with w_k = w0 + t_k/(2x) (> 0; η's integral
    times (2x)^{3/2} e^{2x(w0−1)})."""
    t, weights = _laguerre()
    shape = np.broadcast_shapes(np.shape(x), np.shape(w0), np.shape(z_plus), np.shape(z_minus))
    x, w0, zp, zm = (np.broadcast_to(a, shape)[..., None] for a in (x, w0, z_plus, z_minus))
    w = w0 + t / (2 * x)
    # integrand / (t/(2x))^{1/2}: the vanishing square root at threshold is in the weight
    root_t = np.sqrt(t / (2 * x))
    first = np.sqrt(np.clip(w * w - 1, 0, None))
    second = np.sqrt(np.clip((w * w - zp * zp) * (w * w - zm * zm), 0, None)) / w
    regular = np.where(w0 > 1, first * second / root_t, first / root_t * second)
    return np.sum(weights * regular * kve(1, 2 * x * w), axis=-1)


def channels(theory, params):
    """[(|𝓜|², S_f, m₁, m₂)] for φφ → mesons of a real-scalar DarkEFT (arrays over the theory)."""
    if theory.species != "real scalar":
        raise DarkflavError(f"annihilation into mesons is implemented for the real scalar; got a {theory.species}")
    c = {q: np.asarray(theory.coefficients(q + q).get("CS", 0.0)).real / 2 for q in "uds"}
    b_pi = params["m_pi+"] ** 2 / (params["m_u(2GeV)"] + params["m_d(2GeV)"])
    b_k = params["m_K+"] ** 2 / (params["m_s(2GeV)"] + params["m_u(2GeV)"])
    c_plus = c["u"] + c["d"]
    m_pi, m_pi0, m_k, m_k0, m_eta = (params[n] for n in ("m_pi+", "m_pi0", "m_K+", "m_K0", "m_eta"))
    return [
        ((2 * b_pi * c_plus) ** 2, 1.0, m_pi, m_pi),
        ((2 * b_pi * c_plus) ** 2, 2.0, m_pi0, m_pi0),
        ((2 * b_k * (c["u"] + c["s"])) ** 2, 1.0, m_k, m_k),
        ((2 * b_k * (c["d"] + c["s"])) ** 2, 1.0, m_k0, m_k0),
        ((8 / 3 * b_k * c["s"] + 2 / 3 * b_pi * c_plus) ** 2, 2.0, m_eta, m_eta),
        ((2 * b_pi * (c["u"] - c["d"]) / np.sqrt(3)) ** 2, 1.0, m_pi0, m_eta),
    ]


def sigma_v(theory, x, params):
    """⟨σv⟩(x) in GeV⁻², summed over channels; x on the trailing axis, the theory's shape leading."""
    m = theory.mass
    total = 0.0
    for amp2, symmetry, m1, m2 in channels(theory, params):  # masses and amplitudes may be sampled arrays
        amp2 = np.asarray(amp2)[..., None]
        z_plus, z_minus = (np.asarray(z)[..., None] for z in ((m1 + m2) / (2 * m), abs(m1 - m2) / (2 * m)))
        eta = thermal_factor(x, z_plus, z_minus)
        total = total + amp2 / (32 * np.pi * np.asarray(m)[..., None] ** 2 * symmetry) * eta
    return total
