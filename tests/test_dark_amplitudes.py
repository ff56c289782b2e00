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

from .dirac import EPS, G5, GAMMA_STACK, METRIC, SIG, bar, dot, lower, polarisations, slash, split, u_spinor, v_spinor


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
    c_t = 2 * f["fT"] / (m_b + m_k)
    tensor = -1j * c_t * (np.outer(p, k) - np.outer(k, p))
    return [{"S": scalar, "P": 0.0, "V": vec, "A": np.zeros(4), "T": tensor, "T5": sigma_i_gamma5(tensor)}]


def dual(t):
    """ε^{μνρσ} t_ρσ for a contravariant antisymmetric tensor."""
    return np.einsum("mnrs,rs->mn", EPS, METRIC @ t @ METRIC)


def sigma_i_gamma5(t):
    """⟨σ^{μν} iγ₅⟩ from ⟨σ^{μν}⟩: σ^{μν}γ₅ = (i/2) ε^{μνρσ} σ_ρσ (checked below), times i."""
    return 1j * 0.5j * dual(t)


def kstar_tensor(f, eps, p, k, q, m_b, m_v):
    """⟨K*|s̄σ^{μν}b|B⟩ solved from its defining contractions (BSZ eq. 3): T^{μν}q_ν = 2T₁ε^{μνρσ}ε*_νp_ρk_σ
    and ⟨σ^{μν}γ₅⟩q_ν = iT₂[(m_B² − m_V²)ε*^μ − (ε*·q)P^μ] + iT₃(ε*·q)[q^μ − q²P^μ/(m_B² − m_V²)],
    within the general parity-even antisymmetric form built from ε, P, q."""
    big_p, delta, q2 = p + k, m_b**2 - m_v**2, dot(q, q)

    def eps2(b, c):
        return np.einsum("mnrs,r,s->mn", EPS, lower(b), lower(c))

    basis_t = [eps2(eps, big_p), eps2(eps, q), dot(eps, q) * eps2(big_p, q)]
    target_t = 2 * f["T1"] * np.einsum("mnrs,n,r,s->m", EPS, lower(eps), lower(p), lower(k))
    target_t5 = (1j * f["T2"] * (delta * eps - dot(eps, q) * big_p)
                 + 1j * f["T3"] * dot(eps, q) * (q - q2 * big_p / delta))
    rows = [np.concatenate([b @ lower(q), (0.5j * dual(b)) @ lower(q)]) for b in basis_t]
    coefficients, *_ = np.linalg.lstsq(np.array(rows).T, np.concatenate([target_t, target_t5]), rcond=None)
    tensor = sum(c * b for c, b in zip(coefficients, basis_t, strict=True))
    assert np.allclose(tensor @ lower(q), target_t) and np.allclose(0.5j * dual(tensor) @ lower(q), target_t5)
    return tensor


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
        tensor = kstar_tensor(f, eps, p, k, q, m_b, m_v)
        out.append({"S": 0.0, "P": 1j * gamma5_density, "V": vec, "A": ax, "T": tensor,
                    "T5": sigma_i_gamma5(tensor)})
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
        for s1, s2 in itertools.product(range(2), repeat=2):
            amp = split(np.einsum("i,nij,j->n", bar(u_spinor(k1, m, s1)), GAMMA_STACK, v_spinor(k2, m, s2)))
            if species == "Majorana fermion":  # two contractions; Fermi sign for the exchange
                swapped = split(np.einsum("i,nij,j->n", bar(u_spinor(k2, m, s2)), GAMMA_STACK,
                                           v_spinor(k1, m, s1)))
                amp = {n: amp[n] - swapped[n] for n in amp}
            out.append(amp)
        return out
    for e1, e2 in itertools.product(polarisations(k1, m), polarisations(k2, m)):
        factor = 2.0 if species == "real vector" else 1.0
        amp = {"S": factor * dot(e1, e2)}
        if species == "complex vector":
            amp["V"] = (k1 - k2) * dot(e1, e2)
            amp["T"] = 1j * (np.outer(e1, e2) - np.outer(e2, e1))
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
    p, k, q, _, _ = kinematics(m_b, m_m, q2, m, 1.0, 0.0)  # hadronic side: independent of the pair angle
    hads = (hadronic_k if meson == "K" else hadronic_kstar)(params, q2, p, k, q)
    for cos_t, w in zip(cos_nodes, cos_weights, strict=True):
        for phi in phis:
            _, _, _, k1, k2 = kinematics(m_b, m_m, q2, m, cos_t, phi)
            rows = []
            for had in hads:
                for dark in dark_amplitudes(species, k1, k2, m):
                    row = []
                    for name in names:
                        quark, d = structures[name.split("_")[0]]
                        if quark in ("S", "P"):
                            piece = had[quark] * dark[d]
                        elif quark in ("V", "A"):
                            piece = dot(had[quark], dark[d])
                        elif d == "T5" and "T5" not in dark:  # vectors: (q̄σ iγ₅ q) D_μν
                            piece = np.sum(had["T5"] * (METRIC @ dark["T"] @ METRIC))
                        else:
                            piece = np.sum(had["T"] * (METRIC @ dark[d] @ METRIC))
                        row.append(0.5 * piece)
                    rows.append(row)
            amplitudes = np.array(rows, dtype=complex) @ cmat
            total += w / 2 / len(phis) * np.sum(np.abs(amplitudes) ** 2, axis=0)
    return total * (0.5 if identical else 1.0)


def package_average(species, coefficients, m, q2, params, meson):
    module, mode = (b_to_k, "B+") if meson == "K" else (b_to_kstar, "B0")
    theory = DarkEFT(species, m, coefficients)
    had = module.hadronic(np.array([q2]), params, mode, j1=True)
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


def test_gamma_identity_used_for_the_dual_tensor():
    """σ^{μν}γ₅ = (i/2) ε^{μνρσ} σ_ρσ with ε^{0123} = +1 and γ₅ = iγ⁰γ¹γ²γ³."""
    for a, b in itertools.combinations(range(4), 2):
        rhs = 0.5j * sum(EPS[a, b, r, s] * METRIC[r, r] * METRIC[s, s] * SIG[r][s]
                         for r in range(4) for s in range(4))
        np.testing.assert_allclose(SIG[a][b] @ G5, rhs, atol=1e-14)


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


def test_majorana_vector_and_tensor_bilinears_vanish_explicitly():
    """With both contractions (v = Cū^T), χ̄γ^μχ and χ̄σ^{μν}χ vanish for a Majorana pair, while
    χ̄χ, χ̄iγ₅χ, χ̄γ^μγ₅χ double (docs/conventions.md, "Invisible pairs")."""
    k1, k2 = kinematics(5.28, 0.49, 6.0, 0.7, 0.3, 1.1)[3:]
    for amp in dark_amplitudes("Majorana fermion", k1, k2, 0.7):
        assert np.abs(amp["V"]).max() < 1e-12 and np.abs(amp["T"]).max() < 1e-12
        assert np.abs(amp["T5"]).max() < 1e-12
    dirac = dark_amplitudes("Dirac fermion", k1, k2, 0.7)
    majorana = dark_amplitudes("Majorana fermion", k1, k2, 0.7)
    for d, mj in zip(dirac, majorana, strict=True):
        for name in ("S", "P", "A"):
            np.testing.assert_allclose(mj[name], 2 * d[name], atol=1e-12)
