"""P → M X X for a pair of light invisible particles, every operator of `DarkEFT`.

Master formula (flavour.md §4.1, derived; checked against explicit spinor and polarisation sums in
tests/test_dark_amplitudes.py):

    dΓ/dq² = |p_M| β ⟨Σ|𝓜|²⟩ / (128 π³ m_P²),   β = √(1 − 4m²/q²),   4m² ≤ q² ≤ (m_P − m_M)²,

with ⟨Σ|𝓜|²⟩ averaged over the pair direction and summed over spins, including the identical-
particle factor ½ and the factor 2 of a squared field. The pair direction average leaves two
channels that do not interfere:
* J = 0: quark densities ⟨M|q̄′q|P⟩ (S), ⟨M|q̄′iγ₅q|P⟩ (P) times scalar dark bilinears, weight w₀.
  The time component of a quark current reduces to a density by the equations of motion,
  q·⟨V⟩ = (m_q − m_q′)⟨S⟩, q·⟨A⟩ = i(m_q + m_q′)⟨P⟩, and pairs only with the dark axial current,
  q·⟨χ̄γγ₅χ⟩ = −2im⟨χ̄iγ₅χ⟩: C_SP,eff = C_SP − 2im(m_q − m_q′)C_VA/q², C_PP,eff = C_PP + 2m(m_q + m_q′)C_AA/q².
* J = 1: spatial helicities of the quark currents (hadronic q²|H|²) times dark currents, weight w₁/q²;
  different dark currents do not interfere after the direction average.
Operators carry ½ (package normalisation), so ⟨Σ|𝓜|²⟩ = ¼ Σ (…).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.interpolate import CubicSpline

from ..eft.dark import basis
from ..errors import DarkflavError
from .common import kallen, q2_nodes

#: quadrature nodes per point for mass-dependent q² ranges (smooth integrands after substitution)
N_NODES_DARK = 24


def dark_weights(species: str, q2, m) -> dict[str, np.ndarray]:
    """Spin-summed, direction-averaged dark factors per unit coefficient (flavour.md §4.1):
    J = 0 weights 'S', 'P' and J = 1 weights per helicity divided by q², 'V', 'A'."""
    beta2 = np.clip(1 - 4 * m**2 / q2, 0.0, None)
    if species == "real scalar":
        return {"S": 2.0 + 0 * q2}
    if species == "complex scalar":
        return {"S": 1.0 + 0 * q2, "V": beta2 / 3}
    if species in ("Dirac fermion", "Majorana fermion"):
        # Majorana: factor 2 in the Feynman rule and ½ for identical particles, net ×2
        n = 1.0 if species == "Dirac fermion" else 2.0
        w = {"S": 2 * n * q2 * beta2, "P": 2 * n * q2, "A": 4 * n / 3 * beta2}
        if species == "Dirac fermion":
            w["V"] = 4 / 3 * (1 + 2 * m**2 / q2)
        return w
    # vectors: Σ_pol |ε₁·ε₂|² = 2 + (k₁·k₂)²/m⁴ with k₁·k₂ = q²/2 − m²
    pol = 2 + (q2 - 2 * m**2) ** 2 / (4 * m**4)
    if species == "real vector":
        return {"S": 2 * pol}
    return {"S": pol, "V": beta2 / 3 * pol}


@dataclass(frozen=True)
class Term:
    """One term Re(C_i* C_j K) of the rate: hadronic keys × dark weight × EOM factor^power."""

    i: str
    j: str
    hadronic: tuple[str, ...]
    longitudinal: tuple[str, ...]
    dark: str
    eom: str | None = None  # "S" or "P": the equation-of-motion factor of that density channel
    power: int = 0


@cache
def terms(species: str) -> tuple[Term, ...]:
    """The terms of ⟨Σ|𝓜|²⟩ for a species (module docstring): J = 0 density channels with the
    equations-of-motion admixture of the axial dark current, and J = 1 current channels."""
    structures = {tuple(v): k for k, v in basis()["species"][species]["operators"].items()}
    weights = dark_weights(species, np.array(1.0), np.array(0.1))
    out = []
    for quark in ("S", "P"):
        for dark in ("S", "P"):
            a = structures.get((quark, dark))
            if dark not in weights:
                continue
            b = structures.get((_EOM_CURRENT[quark], "A")) if dark == "P" else None
            if a:
                out.append(Term(a, a, (quark,), (quark,), dark))
            if b:
                out.append(Term(b, b, (quark,), (quark,), dark, quark, 2))
            if a and b:
                out.append(Term(a, b, (quark,), (quark,), dark, quark, 1))
    for quark in ("V", "A"):
        for dark in ("V", "A"):
            a = structures.get((quark, dark))
            if a and dark in weights:
                out.append(Term(a, a, (f"{quark}_0", f"{quark}_T"), (f"{quark}_0",), dark))
    return tuple(out)


_EOM_CURRENT = {"S": "V", "P": "A"}


def _eom_factor(channel, q2, m, quark_masses):
    """C_eff = C_density + e C_current: e = −2im(m_q − m_q′)/q² (S), 2m(m_q + m_q′)/q² (P)."""
    m_heavy, m_light = quark_masses
    if channel == "S":
        return -2j * m * (m_heavy - m_light) / q2
    return 2 * m * (m_heavy + m_light) / q2 + 0j


def term_densities(species, had, q2, m, quark_masses):
    """{term: (¼ hadronic × weight × factor, longitudinal part)} at the nodes."""
    w = dark_weights(species, q2, m)
    out = {}
    for t in terms(species):
        factor = 0.25 * w[t.dark]
        if t.eom:
            e = _eom_factor(t.eom, q2, m, quark_masses)
            factor = factor * (2 * e if t.power == 1 else np.abs(e) ** 2)
        out[t] = (factor * sum(had[k] for k in t.hadronic),
                  factor * sum(had[k] for k in t.longitudinal))
    return out


def combine(theory, flavour, kernels, project=None, extra_axis=False):
    """Σ_terms Re(C_i* C_j K_term) for the theory's coefficients (K_L: projected first)."""
    coefficients = theory.coefficients(flavour)
    structures = theory.operators()

    def c(name):
        value = coefficients.get(name)
        if value is None:
            return None
        value = np.asarray(value)[..., None] if extra_axis else np.asarray(value)
        return project(structures[name][0], value) if project else value

    total = 0.0
    for t, k in kernels.items():
        ci, cj = c(t.i), c(t.j)
        if ci is not None and cj is not None:
            total = total + (np.conj(ci) * cj * k).real
    return np.asarray(total, dtype=float)


def density(module, theory, params, mode: str, q2, project=None):
    """(dΓ/dq², longitudinal part) at q² (trailing axis), zero below threshold 4m²."""
    _check_vector_mass(theory)
    m_p, m_m = (np.asarray(params[n])[..., None] for n in module.MODES[mode][:2])
    q2 = np.asarray(q2, dtype=float)
    m = theory.mass[..., None]
    open_ = q2 > 4 * m**2
    safe_q2 = np.where(open_, q2, 1.0)
    had = module.hadronic(safe_q2, params, mode)
    quark_masses = tuple(np.asarray(params[n])[..., None] for n in module.QUARK_MASSES)
    parts = term_densities(theory.species, had, safe_q2, m, quark_masses)
    phase_space = np.where(open_, _phase_space(m_p, m_m, safe_q2, m), 0.0)
    total = combine(theory, module.FLAVOUR, {t: v[0] for t, v in parts.items()}, project, True)
    longitudinal = combine(theory, module.FLAVOUR, {t: v[1] for t, v in parts.items()}, project, True)
    return phase_space * total, phase_space * longitudinal


def _phase_space(m_p, m_m, q2, m):
    """|p_M| β / (128 π³ m_P²)."""
    p = np.sqrt(np.clip(kallen(m_p**2, m_m**2, q2), 0.0, None)) / (2 * m_p)
    beta = np.sqrt(np.clip(1 - 4 * m**2 / q2, 0.0, None))
    return p * beta / (128 * np.pi**3 * m_p**2)


def _check_vector_mass(theory):
    if theory.spin == 1 and np.any(theory.mass <= 0):
        raise DarkflavError("a massive vector X needs mass > 0 (the longitudinal modes diverge as "
                            "m → 0 at fixed coefficient; see docs/conventions.md)")


def integrated(module, theory, params, mode: str, q2min=0.0, q2max=None, project=None,
               with_longitudinal=False):
    """(Γ, longitudinal Γ or None) over [max(q2min, 4m²), min(q2max, end point)], per point.

    Full q² range with scalar parameters: mass-dependent kernels tabulated once per parameter set
    and species on a mass grid and interpolated (`_mass_kernels`); otherwise a 24-node quadrature
    per point.
    """
    _check_vector_mass(theory)
    full = q2min == 0.0 and q2max is None
    if full and _scalar_parameters(params):
        term_list, evaluate = _mass_kernels(module, theory.species, params, mode)
        values = evaluate(theory.mass)  # (..., 2, number of terms): total and longitudinal
        return tuple(combine(theory, module.FLAVOUR,
                             {t: values[..., part, k] for k, t in enumerate(term_list)}, project)
                     if part == 0 or with_longitudinal else None for part in (0, 1))
    end = module.q2_max(params, mode)
    top = end if q2max is None else np.minimum(q2max, end)
    low = np.maximum(q2min, 4 * theory.mass**2)
    low, top = np.broadcast_arrays(low, top)
    nodes, weights = q2_nodes(low, np.maximum(top, low), N_NODES_DARK)
    rate, longitudinal = density(module, theory, params, mode, nodes, project)
    return np.sum(weights * rate, axis=-1), np.sum(weights * longitudinal, axis=-1)


def _scalar_parameters(params) -> bool:
    return params.memo("all scalar", lambda: all(np.ndim(v) == 0 for v in params.values()))


#: mass grid of the tabulated kernels: Chebyshev–Lobatto points in m/m_max (dense at both ends)
N_MASSES = 513


def _mass_kernels(module, species, params, mode):
    """(terms, evaluate): evaluate(m) → K_term(m) for all terms, total and longitudinal parts,
    shape (..., 2, n_terms); zero for m ≥ (m_P − m_M)/2.

    K(m) = ∫_{4m²}^{q²_max} dq² |p|β/(128π³m_P²) ¼ had·w·factor, by 48-node quadrature at each of
    N_MASSES grid masses, then one cubic spline for all terms. The interpolated quantity is smooth:
    threshold powers are integers in m², and for vectors the 1/m⁴ of the longitudinal modes is
    divided out (m⁴ K is interpolated).
    """

    def compute():
        m_p, m_m = (float(params[n]) for n in module.MODES[mode][:2])
        m_max = (m_p - m_m) / 2
        vector = basis()["species"][species]["spin"] == 1
        grid = m_max * 0.5 * (1 - np.cos(np.pi * np.arange(N_MASSES) / (N_MASSES - 1)))
        if vector:
            grid[0] = grid[1] * 1e-3  # m = 0 is excluded for vectors
        nodes, weights = q2_nodes(4 * grid**2, np.full_like(grid, (m_p - m_m) ** 2))
        had = module.hadronic(nodes, params, mode)
        quark_masses = tuple(float(params[n]) for n in module.QUARK_MASSES)
        m = grid[:, None]
        phase = weights * _phase_space(m_p, m_m, nodes, m)
        scale = (m[:, 0] ** 4 if vector else 1.0)
        parts = term_densities(species, had, nodes, m, quark_masses)
        term_list = tuple(parts)
        table = np.array([[np.sum(phase * parts[t][i], axis=-1) * scale for t in term_list]
                          for i in (0, 1)], dtype=complex)  # (2, terms, masses)
        table[..., -1] = 0.0  # closed at m = m_max
        table = np.moveaxis(table, -1, 0)  # (masses, 2, terms)
        spline_re = CubicSpline(grid, table.real)
        spline_im = CubicSpline(grid, table.imag)

        def evaluate(mass):
            mass = np.asarray(mass, dtype=float)
            mc = np.clip(mass, grid[0], m_max)
            value = spline_re(mc) + 1j * spline_im(mc)
            if vector:
                value = value / (mc**4)[..., None, None]
            return np.where((mass < m_max)[..., None, None], value, 0.0)

        return term_list, evaluate

    return params.memo(("dark kernels", module.__name__, mode, species), compute)
