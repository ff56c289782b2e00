"""P → M X X for a pair of light invisible particles, every operator of `DarkEFT`.

Master formula (derived in the package conventions: docs/conventions.md, "Dark-pair rates: master formula";
checked against explicit spinor and polarisation sums in tests/test_dark_amplitudes.py):

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
from ..errors import DarkflavError, unknown
from ..kinematics import kallen, q2_nodes

#: the species with formulas here; a species added to eft/data/dark_operators.yaml needs its weights and overlaps
SPECIES = ("real scalar", "complex scalar", "Dirac fermion", "Majorana fermion", "real vector", "complex vector")
#: quadrature nodes per point for mass-dependent q² ranges (smooth integrands after substitution)
N_NODES_DARK = 24
N_NODES_BIN = 6  # per bin of a binned spectrum (q2_nodes absorbs the threshold square root)


def dark_weights(species: str, q2, m) -> dict[str, np.ndarray]:
    """J = 0: spin-summed, direction-averaged |dark bilinear|² per unit coefficient (the w₀ of
    docs/conventions.md, "Dark-pair rates: master formula"), 'S' (scalar bilinear) and 'P' (χ̄iγ₅χ),
    including ½ for identical particles and the factor 2 of a squared field."""
    beta2 = np.clip(1 - 4 * m**2 / q2, 0.0, None)
    if species == "real scalar":
        return {"S": 2.0 + 0 * q2}
    if species == "complex scalar":
        return {"S": 1.0 + 0 * q2}
    if species in ("Dirac fermion", "Majorana fermion"):
        n = 1.0 if species == "Dirac fermion" else 2.0  # Majorana: 2² × ½
        return {"S": 2 * n * q2 * beta2, "P": 2 * n * q2}
    if species in ("real vector", "complex vector"):
        pol = 2 + (q2 - 2 * m**2) ** 2 / (4 * m**4)  # Σ_pol |ε₁·ε₂|², k₁·k₂ = q²/2 − m²
        return {"S": (2.0 if species == "real vector" else 1.0) * pol}
    raise unknown("invisible species with a pair-rate formula", species, SPECIES)


def dark_overlaps(species: str, q2, m) -> dict[tuple[str, str], np.ndarray]:
    """J = 1: ⟨U·W*⟩ of the dark three-vectors in the pair rest frame (spin sum, direction average,
    identical-particle factor), U, W ∈ 'V', 'A' (currents), 'E', 'B' (E^i = D^{0i}, B^i = ½ε^{ijk}D^{jk}
    of the tensor bilinear). Current entries are 3w₁, w₁ the per-helicity weights of docs/conventions.md
    ("Dark-pair rates: master formula"); the tensor entries are derived from the same spinor and
    polarisation sums (tests check all)."""
    beta2 = np.clip(1 - 4 * m**2 / q2, 0.0, None)
    if species == "complex scalar":
        return {("V", "V"): q2 * beta2}
    if species in ("Dirac fermion", "Majorana fermion"):
        n = 1.0 if species == "Dirac fermion" else 2.0
        out = {("A", "A"): n * 4 * q2 * beta2}
        if species == "Dirac fermion":
            mixed = -12j * m * np.sqrt(q2)
            out.update({("V", "V"): 4 * q2 + 8 * m**2, ("E", "E"): 2 * q2 + 16 * m**2,
                        ("B", "B"): 2 * q2 * beta2, ("V", "E"): mixed, ("E", "V"): np.conj(mixed)})
        return out
    if species == "complex vector":
        x = q2 / m**2
        pol = 2 + (q2 - 2 * m**2) ** 2 / (4 * m**4)
        mixed = 0.25j * np.sqrt(q2) * (x - 2) * (x - 4)
        return {("V", "V"): q2 * beta2 * pol, ("E", "E"): (x**2 - 16) / 4, ("B", "B"): 2 + x,
                ("V", "E"): mixed, ("E", "V"): np.conj(mixed)}
    if species in ("real scalar", "real vector"):
        return {}  # self-conjugate bosons have no J = 1 bilinear
    raise unknown("invisible species with a pair-rate formula", species, SPECIES)


#: J = 1 pieces of an operator: (hadronic three-vector, dark three-vector, factor) with
#: V·J = V⁰J⁰ − V⃗·J⃗ for currents and T^{μν}D_μν = −2E_T·E_D + 2B_T·B_D for tensors; the T5
#: bilinear has E₅ = −B, B₅ = E (σ^{μν}iγ₅ = −½ε^{μνρσ}σ_ρσ).
def _pieces(quark: str, dark: str):
    if quark in ("V", "A"):
        return ((quark, dark, -1.0),)
    if dark == "T":
        return (("E", "E", -2.0), ("B", "B", 2.0))
    return (("E", "B", 2.0), ("B", "E", 2.0))


@dataclass(frozen=True)
class Term:
    """One term Re(C_i* C_j K) of ⟨Σ|𝓜|²⟩.

    J = 0 (density channels): `hadronic` = quark density, `dark` = dark scalar, with the
    equation-of-motion factor e of channel `eom` to the power `power` (1: cross term 2e, 2: |e|²).
    J = 1: `pieces` = ((X, Y, U, W, factor), …) → Σ factor · H_XY O_UW / (3q²).
    """

    i: str
    j: str
    hadronic: str = ""
    dark: str = ""
    eom: str | None = None
    power: int = 0
    pieces: tuple = ()


@cache
def terms(species: str) -> tuple[Term, ...]:
    """The terms of ⟨Σ|𝓜|²⟩ for a species (module docstring)."""
    structures = {tuple(v): k for k, v in basis()["species"][species]["operators"].items()}
    probe = np.array(1.0), np.array(0.1)
    weights, overlaps = dark_weights(species, *probe), dark_overlaps(species, *probe)
    out = []
    for quark in ("S", "P"):
        for dark in ("S", "P"):
            a = structures.get((quark, dark))
            if dark not in weights:
                continue
            b = structures.get((_EOM_CURRENT[quark], "A")) if dark == "P" else None
            if a:
                out.append(Term(a, a, quark, dark))
            if b:
                out.append(Term(b, b, quark, dark, quark, 2))
            if a and b:
                out.append(Term(a, b, quark, dark, quark, 1))
    j1 = [(name, _pieces(q, d)) for (q, d), name in structures.items() if q in ("V", "A", "T")]
    for k, (a, pieces_a) in enumerate(j1):
        for b, pieces_b in j1[: k + 1]:
            weight = 1.0 if a == b else 2.0  # |A|² = Σ|C_a x_a|² + Σ_{a≠b} 2 Re(C_a C_b* x_a x_b*)
            pieces = tuple((x, y, u, w, weight * s * t) for x, u, s in pieces_a for y, w, t in pieces_b
                           if (u, w) in overlaps)
            if pieces:
                out.append(Term(b, a, pieces=pieces))
    return tuple(out)


_EOM_CURRENT = {"S": "V", "P": "A"}


def _eom_factor(channel, q2, m, quark_masses):
    """C_eff = C_density + e C_current: e = −2im(m_q − m_q′)/q² (S), 2m(m_q + m_q′)/q² (P)."""
    m_heavy, m_light = quark_masses
    if channel == "S":
        return -2j * m * (m_heavy - m_light) / q2
    return 2 * m * (m_heavy + m_light) / q2 + 0j


def term_densities(species, had, q2, m, quark_masses):
    """{term: (K density, longitudinal part)}: ¼ × hadronic × dark factors at the nodes."""
    w = dark_weights(species, q2, m)
    o = dark_overlaps(species, q2, m)
    out = {}
    for t in terms(species):
        if t.pieces:
            total = sum(f * had["J1"][(x, y)][0] * o[(u, v)] for x, y, u, v, f in t.pieces)
            longitudinal = sum(f * had["J1"][(x, y)][1] * o[(u, v)] for x, y, u, v, f in t.pieces)
            scale = 0.25 / (3 * q2)
            out[t] = (scale * total, scale * longitudinal)
            continue
        factor = 0.25 * w[t.dark]
        if t.eom:
            e = _eom_factor(t.eom, q2, m, quark_masses)
            factor = factor * (2 * e if t.power == 1 else np.abs(e) ** 2)
        value = factor * had[t.hadronic]
        out[t] = (value, value)  # density channels: the K* is longitudinal
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

    cache_ = {}

    def get(name):
        if name not in cache_:
            cache_[name] = c(name)
        return cache_[name]

    total = 0.0
    for t, k in kernels.items():
        ci, cj = get(t.i), get(t.j)
        if ci is None or cj is None:
            continue
        k = np.asarray(k)
        if t.i == t.j:
            total = total + (ci.real**2 + ci.imag**2) * k.real
            continue
        # Re(C_i* C_j K) in real arithmetic, skipping a vanishing real or imaginary part of K
        if np.any(k.real):
            total = total + (ci.real * cj.real + ci.imag * cj.imag) * k.real
        if np.iscomplexobj(k) and np.any(k.imag):
            total = total - (ci.real * cj.imag - ci.imag * cj.real) * k.imag
    return np.asarray(total, dtype=float)


def density(module, theory, params, mode: str, q2, project=None):
    """(dΓ/dq², longitudinal part) at q² (trailing axis), zero below threshold 4m²."""
    _check_vector_mass(theory)
    q2 = np.asarray(q2, dtype=float)
    if not theory.coefficients(module.FLAVOUR):
        m_p = np.asarray(params[module.MODES[mode][0]])[..., None]
        zero = np.zeros(np.broadcast_shapes(theory.mass[..., None].shape, q2.shape, m_p.shape))
        return zero, zero
    kernels = _density_kernels(module, theory.species, theory.mass, params, mode, q2)
    return tuple(combine(theory, module.FLAVOUR, {t: v[part] for t, v in kernels.items()}, project, True)
                 for part in (0, 1))


def _density_kernels(module, species: str, mass, params, mode: str, q2) -> dict:
    """{term: (K, longitudinal K)} at q² (trailing axis), phase space included and zero below 4m²: dΓ/dq² is
    Σ Re(C_i* C_j K) (`combine`), so kernels may be integrated before the coefficients enter. The hadronic part is
    evaluated at q² itself inside the physical region 0 < q² ≤ (m_P − m_M)² (also below 4m², where the phase space
    vanishes), so nodes shared by every mass share it."""
    m_p, m_m = (np.asarray(params[n])[..., None] for n in module.MODES[mode][:2])
    m = np.asarray(mass)[..., None]
    open_ = q2 > 4 * m**2
    safe_q2 = np.where((q2 > 0) & (q2 <= (m_p - m_m) ** 2), q2, 1.0)
    had = module.hadronic(safe_q2, params, mode, j1=True)
    quark_masses = tuple(np.asarray(params[n])[..., None] for n in module.QUARK_MASSES)
    parts = term_densities(species, had, safe_q2, m, quark_masses)
    phase_space = np.where(open_, _phase_space(m_p, m_m, safe_q2, m), 0.0)
    return {t: (phase_space * v[0], phase_space * v[1]) for t, v in parts.items()}


def _integrated_kernels(module, species: str, mass, params, mode: str, low, top, n_nodes: int,
                        binned: bool = False) -> dict:
    """{term: (∫K, ∫longitudinal K)} over [low, top] (broadcasting with the mass; binned: a trailing bin axis) by
    an n_nodes quadrature (q2_nodes)."""
    nodes, weights = q2_nodes(low, top, n_nodes)
    q2 = nodes.reshape(*nodes.shape[:-2], -1) if binned else nodes
    kernels = _density_kernels(module, species, mass, params, mode, q2)
    trailing = nodes.shape[-2:] if binned else nodes.shape[-1:]  # leading axes: masses and array parameters
    return {t: tuple(np.sum(weights * k.reshape(*k.shape[:-1], *trailing), axis=-1) for k in v)
            for t, v in kernels.items()}


def _per_distinct_mass(theory, params, kernels_at) -> dict:
    """kernels_at(masses) → {term: (K, K_long)} with the masses on the leading axis: evaluated once per distinct
    mass of the theory and taken back to every point (a grid's chunk has few distinct masses; kernels depend on the
    theory through its mass and species alone), or at the theory's masses where parameters are arrays."""
    mass = np.asarray(theory.mass)
    if not _scalar_parameters(params) or mass.ndim == 0:
        return kernels_at(mass)
    masses, inverse = np.unique(mass, return_inverse=True)
    if masses.size == mass.size:
        return kernels_at(mass)
    return _spread(kernels_at(masses), masses.size, inverse.reshape(mass.shape))


def _spread(values, size: int, inverse: np.ndarray):
    """Kernels computed on the distinct masses (leading axis, of length size) taken at `inverse`; dicts and tuples
    kept, entries without that axis unchanged."""
    if isinstance(values, dict):
        return {k: _spread(v, size, inverse) for k, v in values.items()}
    if isinstance(values, tuple):
        return tuple(_spread(v, size, inverse) for v in values)
    if values is None or np.ndim(values) == 0 or np.shape(values)[0] != size:
        return values
    return values[inverse]


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
    and species on a mass grid and interpolated (`_mass_kernels`); otherwise the kernels by a 24-node
    quadrature, once per distinct mass where every point has the same range, then the coefficients.
    """
    _check_vector_mass(theory)
    if not theory.coefficients(module.FLAVOUR):  # no operator for this transition: no pairs
        zero = np.zeros(np.broadcast_shapes(theory.shape, np.shape(module.q2_max(params, mode))))
        return zero, (zero if with_longitudinal else None)
    full = q2min == 0.0 and q2max is None
    if full and _scalar_parameters(params):
        term_list, evaluate = _mass_kernels(module, theory.species, params, mode)
        out = []
        for part in (0, 1) if with_longitudinal else (0,):
            values = evaluate(theory.mass, part)  # (..., number of terms)
            out.append(combine(theory, module.FLAVOUR, {t: values[..., k] for k, t in enumerate(term_list)},
                               project))
        return out[0], (out[1] if with_longitudinal else None)
    end = module.q2_max(params, mode)
    top = end if q2max is None else np.minimum(q2max, end)

    def kernels_at(masses):
        low = np.maximum(q2min, 4 * np.asarray(masses) ** 2)
        low, high = np.broadcast_arrays(low, top)
        return _integrated_kernels(module, theory.species, masses, params, mode, low, np.maximum(high, low),
                                   N_NODES_DARK)

    one_range = np.ndim(q2min) == 0 and np.ndim(top) == 0  # the same range for every point
    kernels = _per_distinct_mass(theory, params, kernels_at) if one_range else kernels_at(theory.mass)
    return tuple(combine(theory, module.FLAVOUR, {t: v[part] for t, v in kernels.items()}, project)
                 for part in (0, 1))


def in_bins(module, theory, params, mode: str, edges, project=None):
    """Γ per q² bin [edges[k], edges[k+1]] (trailing axis) from max(edge, 4m²) to min(edge, end point), by an
    N_NODES_BIN-node quadrature: bins wholly above the threshold 4m² on nodes shared by every mass, the one bin
    that contains the threshold on nodes from 4m² per point."""
    _check_vector_mass(theory)
    edges = np.asarray(edges, dtype=float)
    end = np.asarray(module.q2_max(params, mode))[..., None]
    if not theory.coefficients(module.FLAVOUR):
        return np.zeros(np.broadcast_shapes(theory.shape + (1,), end.shape[:-1] + (edges.size - 1,)))
    low, top = np.minimum(edges[:-1], end), np.minimum(edges[1:], end)

    def kernels_at(masses):
        threshold = 4 * np.asarray(masses)[..., None] ** 2
        whole, split = threshold <= low, (low < threshold) & (threshold < top)  # at most one split bin per point
        shared = _integrated_kernels(module, theory.species, masses, params, mode, low, top, N_NODES_BIN, binned=True)
        split_top = np.sum(np.where(split, top, 0.0), axis=-1)
        split_low = np.minimum(threshold[..., 0], split_top)
        partial = _integrated_kernels(module, theory.species, masses, params, mode, split_low, split_top, N_NODES_BIN)
        return {t: np.where(whole, shared[t][0], 0.0) + np.where(split, np.asarray(partial[t][0])[..., None], 0.0)
                for t in shared}

    return combine(theory, module.FLAVOUR, _per_distinct_mass(theory, params, kernels_at), project, True)


class _ComplexSpline:
    """Cubic splines of complex columns, with the imaginary part only where it is non-zero."""

    def __init__(self, grid, values):
        self.real = CubicSpline(grid, values.real)
        self.imag_columns = np.flatnonzero(np.abs(values.imag).max(axis=0) > 0)
        self.imag = CubicSpline(grid, values.imag[:, self.imag_columns]) if self.imag_columns.size else None

    def __call__(self, x):
        out = self.real(x)
        if self.imag is None:
            return out
        out = out.astype(complex)
        out[..., self.imag_columns] += 1j * self.imag(x)
        return out


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
        inner = grid[:-1]  # the channel closes at m = m_max: K = 0 there
        nodes, weights = q2_nodes(4 * inner**2, np.full_like(inner, (m_p - m_m) ** 2))
        had = module.hadronic(nodes, params, mode, j1=True)
        quark_masses = tuple(float(params[n]) for n in module.QUARK_MASSES)
        m = inner[:, None]
        phase = weights * _phase_space(m_p, m_m, nodes, m)
        scale = (m[:, 0] ** 4 if vector else 1.0)
        parts = term_densities(species, had, nodes, m, quark_masses)
        term_list = tuple(parts)
        table = np.array([[np.append(np.sum(phase * parts[t][i], axis=-1) * scale, 0.0) for t in term_list]
                          for i in (0, 1)], dtype=complex)  # (2, terms, masses)
        if not np.all(np.isfinite(table)):
            raise DarkflavError(f"non-finite rate kernel for a {species} in {module.__name__}")
        keep = np.abs(table).max(axis=(0, 2)) > 1e-12 * np.abs(table).max()  # e.g. Σ_pol V⃗·A⃗* = 0
        term_list, table = tuple(t for t, k in zip(term_list, keep, strict=True) if k), table[:, keep]
        splines = [_ComplexSpline(grid, table[i].T) for i in (0, 1)]  # total, longitudinal

        def evaluate(mass, part):
            mass = np.asarray(mass, dtype=float)
            mc = np.clip(mass, grid[0], m_max)
            value = splines[part](mc)
            if vector:
                value = value / (mc**4)[..., None]
            return np.where((mass < m_max)[..., None], value, 0.0)

        return term_list, evaluate

    return params.memo(("dark kernels", module.__name__, mode, species), compute)


def annihilation_width(theory, flavour: str, params, m_meson: str, density, quark_masses: tuple[str, str]):
    """Γ(P → X X) = β/(16π m_P) ⟨Σ|𝓜|²⟩ for a pseudoscalar P annihilated by the pseudoscalar
    density (|⟨0|q̄′iγ₅q|P⟩|² = `density`), with the axial current entering by the equations of
    motion at q² = m_P² (the J = 0 terms of `terms`; J = 1 terms do not contribute)."""
    _check_vector_mass(theory)
    m_p = np.asarray(params[m_meson])
    q2 = (m_p**2)[..., None] + 0 * theory.mass[..., None]
    m = theory.mass[..., None]
    open_ = 4 * m**2 < q2
    zero = np.zeros_like(q2)
    vectors = ("V", "A", "E", "B")
    had = {"S": zero, "P": density + zero, "J1": {(x, y): (zero, zero) for x in vectors for y in vectors}}
    masses = tuple(np.asarray(params[n])[..., None] for n in quark_masses)
    parts = term_densities(theory.species, had, q2, m, masses)
    amp2 = combine(theory, flavour, {t: v[0] for t, v in parts.items()}, extra_axis=True)
    beta = np.sqrt(np.clip(1 - 4 * m**2 / q2, 0.0, None))
    return np.where(open_, beta * amp2 / (16 * np.pi * m_p[..., None]), 0.0)[..., 0]
