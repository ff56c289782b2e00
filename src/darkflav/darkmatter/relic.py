"""Relic density by thermal freeze-out, vectorised over masses.

Boltzmann equation for Y = n/s (Gondolo, Gelmini, Nucl. Phys. B 360 (1991) 145; Edsjö, Gondolo,
PRD 56 (1997) 1879, eqs. (2.1)–(2.4)), x = m/T:
    dY/dx = −√(π/45) M_Pl g_*^{1/2} m ⟨σv⟩ (Y² − Y_eq²)/x²,
    g_*^{1/2} = h_eff/√g_eff · (1 + ⅓ d ln h_eff/d ln T),   Y_eq = 45 g_χ x² K₂(x)/(4π⁴ h_eff),
for a self-conjugate particle with g_χ internal states (⟨σv⟩ per pair, Maxwell–Boltzmann statistics).
Ωh² = m Y₀ s₀/(ρ_c/h²). Solved on fixed grids in ln x (x = 1 … 1000) of N, 2N and 4N steps by backward Euler,
whose implicit step is a quadratic with a closed-form root, with two levels of Richardson extrapolation (the
error of backward Euler is a series in the step: 2Y_{2N} − Y_N removes the first order, (4R_{2N} − R_N)/3 the
second); the coarser grids are subsets of the finest, so ⟨σv⟩ is computed once. After x = 1000 (Y_eq negligible)
dY/dx = −λY² integrates to 1/Y₀ = 1/Y + ∫λ dx, evaluated by quadrature in ln x up to x = 10⁷ (g_* still changes
there for heavy particles) plus λx beyond.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import kn

from ..errors import DarkflavError, in_range
from ..parameters import Parameters
from .annihilation import sigma_v
from .thermodynamics import degrees_of_freedom

X_START, X_END, X_TAIL = 1.0, 1000.0, 1e7
#: steps N of the coarsest grid (N, 2N, 4N; Ωh² to ~2×10⁻⁴ of a tight-tolerance solution, tests/test_relic.py),
#: points of the tail quadrature
N_STEPS, N_TAIL = 150, 100


def cm3_per_s(params) -> float:
    """1 GeV⁻² in cm³ s⁻¹: (ħc)² c."""
    return params["hbar_c"] ** 2 * params["c_light"]


def _backward_euler(y_start, lam, y_eq, x_grid, stride):
    """Y at the end of the grid x_grid[::stride] by backward Euler (λ and Y_eq on x_grid, trailing axis)."""
    y = y_start
    for k in range(stride, x_grid.size, stride):
        a = (x_grid[k] - x_grid[k - stride]) * lam[..., k]
        c = y + a * y_eq[..., k] ** 2
        y = 2 * c / (1 + np.sqrt(1 + 4 * a * c))  # root of a Y² + Y − c = 0
    return y


def _yield(mass, sigma_v: Callable, g_dof, params, n_steps):
    """Y at X_END (Richardson-extrapolated) and ∫_{X_END}^∞ λ dx of the tail, with ⟨σv⟩ evaluated once on the
    finest grid and the tail's."""
    x_grid = np.geomspace(X_START, X_END, 4 * n_steps + 1)
    x_tail = np.geomspace(X_END, X_TAIL, N_TAIL)
    m = np.asarray(mass, dtype=float)[..., None]
    lam_all, h_all = _rate(m, np.concatenate([x_grid, x_tail]), sigma_v, params)
    lam, h, lam_tail = lam_all[..., :x_grid.size], h_all[..., :x_grid.size], lam_all[..., x_grid.size:]
    y_eq = 45 * g_dof * x_grid**2 * kn(2, x_grid) / (4 * np.pi**4 * h)
    y = [_backward_euler(y_eq[..., 0], lam, y_eq, x_grid, stride) for stride in (4, 2, 1)]
    first = [2 * y[1] - y[0], 2 * y[2] - y[1]]
    return (4 * first[1] - first[0]) / 3, _tail(x_tail, lam_tail)


def _rate(m, x, sigma_v: Callable, params) -> tuple[np.ndarray, np.ndarray]:
    """(λ(x) = √(π/45) M_Pl g_*^{1/2} m ⟨σv⟩/x², the coefficient of −(Y² − Y_eq²) in dY/dx (module docstring), and
    h_eff at T = m/x); x on the trailing axis, the inputs possibly sampled arrays on the leading ones."""
    g, h, dlnh = degrees_of_freedom(m / x)
    m_planck = np.asarray(params["M_Planck"])[..., None]
    return np.sqrt(np.pi / 45) * m_planck * h / np.sqrt(g) * (1 + dlnh / 3) * m * sigma_v(x, m) / x**2, h


def _tail(x, lam) -> np.ndarray:
    """∫_{X_END}^∞ λ(x) dx: trapezoid in ln x on the tail grid x (to X_TAIL), then λ x for the rest."""
    integrand = lam * x  # dx = x d ln x
    return (np.sum(0.5 * (integrand[..., 1:] + integrand[..., :-1]) * np.diff(np.log(x)), axis=-1)
            + lam[..., -1] * x[-1])


def relic_density(mass, sigma_v, g_dof: float = 1.0, params: Parameters | None = None,
                  n_steps: int = N_STEPS) -> np.ndarray:
    """Ωh² for masses (GeV) and ⟨σv⟩: a number in cm³ s⁻¹ (s-wave), or a callable
    sigma_v(x, m) → ⟨σv⟩ in GeV⁻² (thermally averaged, broadcasting x on the last axis)."""
    params = params or Parameters.default()
    mass = in_range("dark-matter mass", mass, 1e-3, 1e5, "GeV")
    if callable(sigma_v):
        rate = sigma_v
    else:
        value = np.asarray(in_range("sigma_v", sigma_v, 0.0, 1e-10, "cm^3/s") / cm3_per_s(params))

        def rate(x, m):
            return value[..., None] + 0 * x
    y_end, tail = _yield(mass, rate, g_dof, params, n_steps)
    y0 = 1 / (1 / y_end + tail)
    if not np.all(np.isfinite(y0)) or np.any(y0 <= 0):
        raise DarkflavError("the freeze-out solution did not converge (non-finite or negative yield)")
    return mass * y0 * params["s_0"] / params["rho_crit_over_h2"]


def freeze_out_approximation(mass, sigma_v, g_dof: float = 1.0, params: Parameters | None = None,
                             c: float = 0.5) -> np.ndarray:
    """Ωh² of the standard freeze-out approximation for an s-wave ⟨σv⟩ (cm³ s⁻¹), for comparison with
    `relic_density` (Kolb, Turner, The Early Universe (1990), eqs. 5.43–5.45 with n = 0):

        x_f = ln[ 3√5/(4√2π³) c(c + 2) g m M_Pl ⟨σv⟩ / (g_*^{1/2} √x_f) ]    (iterated),
        Y_∞ = √(45/π) x_f / (g_*^{1/2} M_Pl m ⟨σv⟩),   Ωh² = m Y_∞ s₀/(ρ_c/h²),

    with g_*^{1/2} = h_eff/√g_eff at T_f = m/x_f (the lattice table) and c = ½ (their matching constant)."""
    params = params or Parameters.default()
    mass = in_range("dark-matter mass", mass, 1e-3, 1e5, "GeV")
    value = in_range("sigma_v", sigma_v, 1e-40, 1e-10, "cm^3/s") / cm3_per_s(params)
    product = 3 * np.sqrt(5) / (4 * np.sqrt(2) * np.pi**3) * c * (c + 2) * g_dof * mass * params["M_Planck"] * value
    x_f = np.full(np.broadcast_shapes(np.shape(mass), np.shape(value)), 20.0)
    for _ in range(30):  # the fixed point converges in a few steps (x_f changes logarithmically)
        g, h, _ = degrees_of_freedom(mass / x_f)
        g_star_half = h / np.sqrt(g)
        x_f = np.log(product / (g_star_half * np.sqrt(x_f)))
    y_inf = np.sqrt(45 / np.pi) * x_f / (g_star_half * params["M_Planck"] * mass * value)
    return mass * y_inf * params["s_0"] / params["rho_crit_over_h2"]


def required_sigma_v(mass, omega_h2: float | None = None, g_dof: float = 1.0,
                     params: Parameters | None = None, tolerance: float = 1e-4) -> np.ndarray:
    """The s-wave ⟨σv⟩ (cm³ s⁻¹) that gives Ωh² (default: Planck's 0.120), per mass; secant
    iterations in ln⟨σv⟩ (Ωh² ∝ 1/⟨σv⟩ up to logarithms)."""
    params = params or Parameters.default()
    target = params["Omega_DM_h2"] if omega_h2 is None else omega_h2
    mass = np.asarray(mass, dtype=float)
    log_sv = np.full(mass.shape, np.log(2.2e-26))
    for _ in range(30):
        omega = relic_density(mass, np.exp(log_sv), g_dof, params)
        step = np.log(omega / target)  # d ln Ω / d ln σv ≈ −1
        log_sv = log_sv + step
        if np.all(np.abs(step) < tolerance):
            return np.exp(log_sv)
    raise DarkflavError("required_sigma_v did not converge in 30 iterations")


def relic_density_of(theory, params: Parameters | None = None) -> np.ndarray:
    """Ωh² of a real-scalar DarkEFT through φφ → ππ, KK̄, ηη, πη (darkmatter.annihilation)."""
    params = params or Parameters.default()
    return relic_density(theory.mass, lambda x, m: sigma_v(theory, x, params), g_dof=1.0, params=params)


def relic_scale(theory, omega_h2: float | None = None, params: Parameters | None = None,
                tolerance: float = 1e-4) -> np.ndarray:
    """The factor k (per point) such that the theory with all coefficients times k has Ωh² = target
    (Planck's 0.120 by default): the inverse problem, solved by k ← k (Ω/target)^{1/2} (Ω ∝ 1/k² up to
    logarithms). Raises DarkflavError if it does not converge (e.g. every channel closed)."""
    params = params or Parameters.default()
    target = params["Omega_DM_h2"] if omega_h2 is None else omega_h2
    k = np.ones(np.broadcast_shapes(theory.shape))
    unscaled = {}  # ⟨σv⟩ ∝ k² exactly (amplitudes linear in the coefficients): one evaluation per x grid

    def rate(x, m):
        key = x.tobytes()
        if key not in unscaled:
            unscaled[key] = sigma_v(theory, x, params)
        return k[..., None] ** 2 * unscaled[key]

    for _ in range(40):
        omega = relic_density(theory.mass, rate, g_dof=1.0, params=params)
        step = np.sqrt(omega / target)
        k = k * step
        if np.all(np.abs(step - 1) < tolerance):
            return k
        if np.any(k > 1e15):  # the rate does not grow with the couplings: channels closed
            break
    raise DarkflavError("relic_scale did not converge: no coupling of this form gives the relic density")
