"""Independent check of the invisible-pair rates: |𝓜|² from explicit Dirac spinors, polarisation
vectors and hadronic matrix elements (NumPy gamma matrices), averaged numerically over the pair
direction, against the helicity formulas of darkflav.decays.dark_pairs (to 10⁻⁸).

Conventions of the explicit side: metric (+,−,−,−), Dirac representation, γ₅ = iγ⁰γ¹γ²γ³;
⟨K|s̄γ^μb|B⟩ = f₊ (p + k − Δ q/q²)^μ + f₀ Δ q^μ/q², ⟨K*|s̄γ^μb|B⟩ = 2V/(m_B + m_V) ε^{μνρσ} ε*_ν p_ρ k_σ,
⟨K*|s̄γ^μγ₅b|B⟩ = i[(m_B + m_V)A₁ ε*^μ − A₂ (ε*·q)(p + k)^μ/(m_B + m_V) − 2m_V (ε*·q) q^μ (A₃ − A₀)/q²]
(BSZ arXiv:1503.05534 eqs. (1)–(2)); densities from the equations of motion q·⟨V⟩ = (m_b − m_s)⟨S⟩,
q·⟨A⟩ = −(m_b + m_s)⟨s̄γ₅b⟩. Majorana pairs: v = C ū^T and the exchange term written out.
"""

import itertools

import numpy as np
import pytest

import darkflav
from darkflav import DarkEFT
from darkflav.decays import b_to_k, b_to_kstar, dark_pairs
from darkflav.hadronic import b_to_k as ff_k
from darkflav.hadronic import b_to_kstar as ff_kstar

# --- Dirac algebra ------------------------------------------------------------------------------
I2, Z2 = np.eye(2), np.zeros((2, 2))
SIGMA = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
G = [np.block([[I2, Z2], [Z2, -I2]]).astype(complex)] + \
    [np.block([[Z2, s], [-s, Z2]]).astype(complex) for s in SIGMA]
G5 = 1j * G[0] @ G[1] @ G[2] @ G[3]
METRIC = np.diag([1.0, -1, -1, -1])
CHARGE_CONJ = 1j * G[2] @ G[0]


def slash(p):
    return sum(METRIC[m, m] * p[m] * G[m] for m in range(4))


def u_spinor(p, m, s):
    e = p[0]
    xi = np.eye(2)[s]
    sp = sum(p[i + 1] * SIGMA[i] for i in range(3))
    return np.concatenate([np.sqrt(e + m) * xi, sp @ xi / np.sqrt(e + m)])


def bar(spinor):
    return spinor.conj() @ G[0]


def v_spinor(p, m, s):
    """v = C ū^T (charge conjugate of u), so that Majorana fields are consistent."""
    return CHARGE_CONJ @ bar(u_spinor(p, m, s))


def polarisations(k, m):
    """Three real polarisation vectors of a massive vector with momentum k (a basis: the sum
    over them gives −g + kk/m²)."""
    kvec = k[1:]
    kabs = np.linalg.norm(kvec)
    n = kvec / kabs if kabs > 1e-14 else np.array([0.0, 0.0, 1.0])
    e1 = np.cross(n, [0.0, 1.0, 0.0] if abs(n[1]) < 0.9 else [1.0, 0.0, 0.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(n, e1)
    longitudinal = np.concatenate([[kabs / m], k[0] / m * n])
    return [np.concatenate([[0.0], e1]), np.concatenate([[0.0], e2]), longitudinal]


def dot(a, b):
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def levi_civita():
    eps = np.zeros((4, 4, 4, 4))
    for perm in itertools.permutations(range(4)):
        eps[perm] = np.linalg.det(np.eye(4)[list(perm)])
    return eps  # ε^{0123} = +1 (convention; |𝓜|² of a single structure does not depend on it)


EPS = levi_civita()


def lower(v):
    return METRIC @ v


# --- kinematics ---------------------------------------------------------------------------------
def kinematics(m_b, m_m, q2, m, cos_t, phi):
    """B rest frame: q along +z, the pair decays at (θ, φ) in the q rest frame."""
    lam = m_b**4 + m_m**4 + q2**2 - 2 * (m_b**2 * m_m**2 + m_b**2 * q2 + m_m**2 * q2)
    qabs, q0 = np.sqrt(lam) / (2 * m_b), (m_b**2 + q2 - m_m**2) / (2 * m_b)
    p = np.array([m_b, 0.0, 0.0, 0.0])
    q = np.array([q0, 0.0, 0.0, qabs])
    k = p - q
    e_star, p_star = np.sqrt(q2) / 2, np.sqrt(q2 / 4 - m**2)
    sin_t = np.sqrt(1 - cos_t**2)
    n = np.array([sin_t * np.cos(phi), sin_t * np.sin(phi), cos_t])
    gamma, gb = q0 / np.sqrt(q2), qabs / np.sqrt(q2)

    def boost(e, vec):
        return np.array([gamma * e + gb * vec[2], vec[0], vec[1], gamma * vec[2] + gb * e])

    return p, k, q, boost(e_star, p_star * n), boost(e_star, -p_star * n)


# --- hadronic currents --------------------------------------------------------------------------
def hadronic_k(params, q2, p, k, q):
    """{'S', 'P', 'V', 'A'} for B→K: densities (numbers) and currents (contravariant 4-vectors)."""
    f = {n: v[..., 0] for n, v in ff_k.form_factors(q2, params).items()}
    m_b, m_k = params["m_B+"], params["m_K+"]
    delta = m_b**2 - m_k**2
    vec = f["f+"] * (p + k - delta / q2 * q) + f["f0"] * delta / q2 * q
    scalar = dot(q, vec) / (params["m_b(m_b)"] - params["m_s(2GeV)"])
    return [{"S": scalar, "P": 0.0, "V": vec, "A": np.zeros(4)}]


def hadronic_kstar(params, q2, p, k, q):
    """The same for B⁰→K*⁰, one dict per K* polarisation."""
    f = {n: v[..., 0] for n, v in ff_kstar.form_factors(q2, params).items()}
    m_b, m_v = params["m_B0"], params["m_K*0"]
    a3 = ((m_b + m_v) * f["A1"] - (m_b - m_v) * f["A2"]) / (2 * m_v)
    out = []
    for eps in polarisations(k, m_v):
        vec = 2 * f["V"] / (m_b + m_v) * np.einsum("mnrs,n,r,s->m", EPS, lower(eps), lower(p), lower(k))
        ax = 1j * ((m_b + m_v) * f["A1"] * eps - f["A2"] * dot(eps, q) * (p + k) / (m_b + m_v)
                   - 2 * m_v * dot(eps, q) * q * (a3 - f["A0"]) / q2)
        gamma5_density = -dot(q, ax) / (params["m_b(m_b)"] + params["m_s(2GeV)"])
        out.append({"S": 0.0, "P": 1j * gamma5_density, "V": vec, "A": ax})
    return out


# --- dark amplitudes ----------------------------------------------------------------------------
def dark_amplitudes(species, k1, k2, m):
    """List over final spin states of {dark bilinear: number or covariant... contravariant vector}."""
    out = []
    if species == "real scalar":
        return [{"S": 2.0}]
    if species == "complex scalar":
        return [{"S": 1.0, "V": k1 - k2}]
    if species in ("Dirac fermion", "Majorana fermion"):
        gammas = {"S": np.eye(4), "P": 1j * G5}
        for s1, s2 in itertools.product(range(2), repeat=2):
            def bil(gamma, a=k1, b=k2, sa=s1, sb=s2):
                return bar(u_spinor(a, m, sa)) @ gamma @ v_spinor(b, m, sb)
            amp = {n: bil(g) for n, g in gammas.items()}
            amp["V"] = np.array([bil(G[mu]) for mu in range(4)])
            amp["A"] = np.array([bil(G[mu] @ G5) for mu in range(4)])
            if species == "Majorana fermion":  # two contractions; Fermi sign for the exchange
                swapped = {n: bar(u_spinor(k2, m, s2)) @ g @ v_spinor(k1, m, s1) for n, g in gammas.items()}
                swapped["V"] = np.array([bar(u_spinor(k2, m, s2)) @ G[mu] @ v_spinor(k1, m, s1)
                                         for mu in range(4)])
                swapped["A"] = np.array([bar(u_spinor(k2, m, s2)) @ G[mu] @ G5 @ v_spinor(k1, m, s1)
                                         for mu in range(4)])
                amp = {n: amp[n] - swapped[n] for n in amp}
            out.append(amp)
        return out
    for e1, e2 in itertools.product(polarisations(k1, m), polarisations(k2, m)):
        factor = 2.0 if species == "real vector" else 1.0
        amp = {"S": factor * dot(e1, e2)}
        if species == "complex vector":
            amp["V"] = (k1 - k2) * dot(e1, e2)
        out.append(amp)
    return out


def explicit_average(species, coefficient_sets, m, q2, params, meson):
    """S · ⟨Σ|𝓜|²⟩ over the pair direction (Gauss–Legendre in cos θ, uniform φ; exact for the
    polynomial angular dependence), for each coefficient set (dicts operator_sb → value)."""
    structures = {k: tuple(v) for k, v in
                  darkflav.eft.dark.basis()["species"][species]["operators"].items()}
    names = sorted({n for c in coefficient_sets for n in c})
    cmat = np.array([[c.get(n, 0.0) for c in coefficient_sets] for n in names], dtype=complex)
    m_b, m_m = (params["m_B+"], params["m_K+"]) if meson == "K" else (params["m_B0"], params["m_K*0"])
    cos_nodes, cos_weights = np.polynomial.legendre.leggauss(7)
    phis = 2 * np.pi * np.arange(7) / 7
    identical = species in ("real scalar", "Majorana fermion", "real vector")
    total = np.zeros(len(coefficient_sets))
    for cos_t, w in zip(cos_nodes, cos_weights, strict=True):
        for phi in phis:
            p, k, q, k1, k2 = kinematics(m_b, m_m, q2, m, cos_t, phi)
            hads = (hadronic_k if meson == "K" else hadronic_kstar)(params, q2, p, k, q)
            rows = []
            for had in hads:
                for dark in dark_amplitudes(species, k1, k2, m):
                    row = []
                    for name in names:
                        quark, d = structures[name.split("_")[0]]
                        piece = had[quark] * dark[d] if quark in ("S", "P") else dot(had[quark], dark[d])
                        row.append(0.5 * piece)
                    rows.append(row)
            amplitudes = np.array(rows, dtype=complex) @ cmat
            total += w / 2 / len(phis) * np.sum(np.abs(amplitudes) ** 2, axis=0)
    return total * (0.5 if identical else 1.0)


def package_average(species, coefficients, m, q2, params, meson):
    module, mode = (b_to_k, "B+") if meson == "K" else (b_to_kstar, "B0")
    theory = DarkEFT(species, m, coefficients)
    had = module.hadronic(np.array([q2]), params, mode)
    quark_masses = tuple(np.asarray(params[n])[..., None] for n in module.QUARK_MASSES)
    parts = dark_pairs.term_densities(species, had, np.array([q2]), np.asarray(m), quark_masses)
    return float(dark_pairs.combine(theory, "sb", {t: v[0] for t, v in parts.items()})[0])


CASES = [  # species, masses
    ("real scalar", (0.0, 0.4)), ("complex scalar", (0.0, 0.8)),
    ("Dirac fermion", (0.0, 0.3, 0.8)), ("Majorana fermion", (0.3, 0.8)),
    ("real vector", (0.4,)), ("complex vector", (0.3, 0.8)),
]


@pytest.mark.parametrize("species, masses", CASES)
@pytest.mark.parametrize("meson, q2_values", [("K", (2.0, 9.0, 17.0)), ("K*", (1.5, 8.0, 15.0))])
def test_every_operator_alone_and_all_together(species, masses, meson, q2_values, params):
    rng = np.random.default_rng(abs(hash((species, meson))) % 2**32)
    operators = list(darkflav.eft.dark.basis()["species"][species]["operators"])
    for m in masses:
        for q2 in q2_values:
            if q2 <= 4 * m**2:
                continue
            sets = [{f"{op}_sb": 1.0} for op in operators]
            sets.append({f"{op}_sb": complex(*rng.normal(size=2)) for op in operators})
            explicit_all = explicit_average(species, sets, m, q2, params, meson)
            for coefficients, explicit in zip(sets, explicit_all, strict=True):
                ours = package_average(species, coefficients, m, q2, params, meson)
                assert ours == pytest.approx(explicit, rel=1e-8, abs=1e-14 * max(explicit, 1e-300)), \
                    (species, meson, m, q2, coefficients)


def test_explicit_spinors_obey_completeness():
    """Σ_s u ū = p̸ + m and Σ_s v v̄ = p̸ − m for the spinors of this file (so the sums are spin sums)."""
    m = 0.7
    p = np.array([np.sqrt(m**2 + 0.3**2 + 0.5**2), 0.3, 0.0, 0.5])
    su = sum(np.outer(u_spinor(p, m, s), bar(u_spinor(p, m, s))) for s in range(2))
    sv = sum(np.outer(v_spinor(p, m, s), bar(v_spinor(p, m, s))) for s in range(2))
    np.testing.assert_allclose(su, slash(p) + m * np.eye(4), atol=1e-12)
    np.testing.assert_allclose(sv, slash(p) - m * np.eye(4), atol=1e-12)
    pol = sum(np.outer(e, e) for e in polarisations(p, m))
    np.testing.assert_allclose(pol, -np.linalg.inv(METRIC) + np.outer(p, p) / m**2, atol=1e-12)
