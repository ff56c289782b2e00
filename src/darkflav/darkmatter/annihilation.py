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

from functools import cache, lru_cache

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import kve, roots_genlaguerre

from ..errors import DarkflavError

#: Gauss–Laguerre nodes of the thermal average
N_NODES = 48
#: The freeze-out table (`_freeze_out_table`): Chebyshev nodes in ln x over X_TABLE, and nodes per unit of
#: u = asinh(|z₊ − 1|/Z_SCALE) for z₊ up to Z_MAX (beyond it, or for other x, the sum is computed directly)
X_TABLE, N_X_NODES, Z_SCALE, Z_MAX, U_NODES_PER_UNIT = (1.0, 1e7), 48, 1e-10, 1e3, 16


@cache
def _laguerre():
    """Generalised Gauss–Laguerre nodes for ∫ t^{1/2} e^{−t} f(t) dt (the threshold square root)."""
    return roots_genlaguerre(N_NODES, 0.5)


def thermal_factor(x, z_plus, z_minus=0.0):
    """η(x; z₊, z₋): the thermal average of a constant |𝓜|² relative to |𝓜|²/(32π m² S_f);
    → √(1 − z²) for x → ∞ and open channels; ∝ e^{−2x(z − 1)} for closed ones (z > 1).

    For a 1-d x within X_TABLE longer than 2 N_X_NODES (the freeze-out grids), z of one value per row up to Z_MAX
    and one ratio z₋/z₊, the Laguerre sum (a smooth function of ln x and of z₊ on either side of the threshold z₊ = 1)
    is read from `_freeze_out_table` (relative error < 5e-6, tests/test_annihilation.py); the exponential and Bessel
    prefactors are exact."""
    x = np.asarray(x, dtype=float)
    z_plus, z_minus = np.asarray(z_plus, dtype=float), np.asarray(z_minus, dtype=float)
    w0 = np.maximum(1.0, z_plus)
    shape = np.broadcast_shapes(x.shape, z_plus.shape, z_minus.shape)
    ratio = np.divide(z_minus, z_plus, out=np.zeros(np.broadcast_shapes(z_plus.shape, z_minus.shape)),
                      where=z_plus > 0)
    tabulated = (x.ndim == 1 and x.size > 2 * N_X_NODES and np.all((x >= X_TABLE[0]) & (x <= X_TABLE[1]))
                 and all(np.shape(z)[-1:] in ((), (1,)) for z in (z_plus, z_minus)) and np.ptp(ratio) < 1e-12
                 and np.all((z_plus > 0) & (z_plus <= Z_MAX)))
    # K₁(2xw) = kve(1, 2xw) e^{−2xw}; K₂(x)² = kve(2, x)² e^{−2x}: the exponentials leave e^{−2x(w0−1)} e^{−t}
    prefactor = 4 * x / kve(2, x) ** 2 / (2 * x) ** 1.5
    if tabulated:  # one table per ratio z₋/z₊ = |m₁ − m₂|/(m₁ + m₂) (rounded: equal up to floating point)
        log_sum = _tabulated_log_sum(x, z_plus[..., 0] if z_plus.ndim else z_plus, round(float(ratio.flat[0]), 12))
        eta = prefactor * np.exp(log_sum - 2 * x * (w0 - 1))
    else:
        eta = prefactor * np.exp(-2 * x * (w0 - 1)) * _laguerre_sum(x, w0, z_plus, z_minus)
    return np.broadcast_to(eta, shape).copy()


def _chebyshev_nodes() -> np.ndarray:
    """ln x at the Chebyshev points (first kind) of X_TABLE."""
    lo, hi = np.log(X_TABLE)
    return 0.5 * (lo + hi) + 0.5 * (hi - lo) * np.cos(np.pi * (np.arange(N_X_NODES) + 0.5) / N_X_NODES)


@cache
def _freeze_out_table(ratio: float) -> dict[bool, CubicSpline]:
    """ln(Laguerre sum) at the Chebyshev nodes in ln x as cubic splines in u = asinh(|z₊ − 1|/Z_SCALE), one for
    open (z₊ < 1) and one for closed channels (z₊ ≥ 1), z₋ = ratio·z₊. u resolves the threshold on the scale
    |z₊ − 1| ~ t/(2x) where the sum changes, down to the smallest Laguerre node at the largest x; the two sides
    are separate because w₀ = max(1, z₊) has a kink at z₊ = 1."""
    x = np.exp(_chebyshev_nodes())
    out = {}
    for closed, span in ((False, 1.0), (True, Z_MAX - 1.0)):
        u = np.linspace(0.0, np.arcsinh(span / Z_SCALE), int(U_NODES_PER_UNIT * np.arcsinh(span / Z_SCALE)) + 1)
        z = 1.0 + (1 if closed else -1) * Z_SCALE * np.sinh(u)
        z = np.clip(z, 0.0, None)[:, None]
        values = _laguerre_sum(x[None, :], np.maximum(1.0, z), z, ratio * z)
        out[closed] = CubicSpline(u, np.log(values), axis=0)
    return out


@lru_cache(maxsize=8)
def _interpolation_matrix(x_bytes: bytes) -> np.ndarray:
    """Barycentric interpolation from the Chebyshev nodes to ln x (Berrut, Trefethen, SIAM Rev. 46 (2004) 501: the
    second (true) barycentric formula, Sec. 4, with the weights (−1)^k sin((2k + 1)π/(2n)) of Chebyshev points of the
    first kind, Sec. 5): shape (len(x), N_X_NODES)."""
    nodes = _chebyshev_nodes()
    k = np.arange(N_X_NODES)
    weights = (-1.0) ** k * np.sin(np.pi * (k + 0.5) / N_X_NODES)
    difference = np.log(np.frombuffer(x_bytes))[:, None] - nodes[None, :]
    hit = difference == 0
    terms = np.where(hit, 1.0, weights / np.where(hit, 1.0, difference))
    terms = np.where(hit.any(axis=1, keepdims=True), hit.astype(float), terms)
    return terms / terms.sum(axis=1, keepdims=True)


def _tabulated_log_sum(x, z_plus, ratio: float) -> np.ndarray:
    """ln(Laguerre sum) at x (1-d, in X_TABLE) for z₊ of the leading shape: the table's splines in z₊ at the
    Chebyshev nodes, then barycentric interpolation in ln x; shape z₊.shape + x.shape."""
    table = _freeze_out_table(ratio)
    z = np.asarray(z_plus, dtype=float).reshape(-1)
    u = np.arcsinh(np.abs(z - 1.0) / Z_SCALE)
    log_nodes = np.empty((z.size, N_X_NODES))
    for closed in (False, True):
        rows = (z >= 1.0) if closed else (z < 1.0)
        log_nodes[rows] = table[closed](u[rows])
    out = log_nodes @ _interpolation_matrix(np.ascontiguousarray(x, dtype=float).tobytes()).T
    return out.reshape(np.shape(z_plus) + x.shape)


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
    return np.sum(weights * regular * _k1_scaled(2 * x * w), axis=-1)


def _k1_scaled(y) -> np.ndarray:
    """e^y K₁(y): scipy's kve up to 10⁸ (it returns NaN beyond ~10⁹), then the asymptotic series
    √(π/2y)(1 + 3/(8y)) (Abramowitz, Stegun 9.7.2; the next term is 10⁻¹⁷ there)."""
    large = y > 1e8
    return np.where(large, np.sqrt(np.pi / (2 * np.where(large, y, 1.0))) * (1 + 3 / (8 * np.where(large, y, 1.0))),
                    kve(1, np.where(large, 1.0, y)))


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
        if np.any(amp2):
            eta = thermal_factor(x, z_plus, z_minus)
        else:  # a channel without coupling (e.g. ππ for strange quarks only)
            eta = np.zeros(np.broadcast_shapes(np.shape(x), z_plus.shape, z_minus.shape))
        total = total + amp2 / (32 * np.pi * np.asarray(m)[..., None] ** 2 * symmetry) * eta
    return total
