"""The one-loop d_j → d_i γ vertex of a fermion F and a scalar S, evaluated numerically (explicit Dirac matrices and
a Feynman-parameter quadrature), for the tests' independent checks of dipole coefficients.

Conventions: metric (+,−,−,−), D_μ = ∂_μ + ieQA_μ (vertices −ieQ_Fγ^μ and −ieQ_S(k_in + k_out)^μ), couplings
L = −S F̄(l P_L + r P_R) d + h.c. (vertex −i(l_j P_L + r_j P_R) for d_j → F S̄), Q_S = Q_d − Q_F. The photon couples to
F (diagram a) and to S (diagram b). Only the ℓ-independent part of the shifted numerator carries (p + p′)^μ; by the
Gordon identity ū′(p + p′)^μ P_R u = ū′ iσ^{μν}q_ν P_R u + γ^μ terms, so the coefficient c_R of (p + p′)^μ P_R in
ū′ T^μ u, with iM^μ = −ie/(16π²) ū′T^μu + …, is that of iσ^{μν}q_ν P_R; comparing with the vertex
−2Ae ū′σ^{μν}q_μ P_R u ε*_ν of L = A e d̄_iσ^{μν}P_R d_j F_μν gives A = c_R/(32π²) (and the P_L structure likewise).
"""

import numpy as np

from .dirac import G5, METRIC, G, bar, slash, u_spinor

PL, PR = (np.eye(4) - G5) / 2, (np.eye(4) + G5) / 2
GAMMA_UP = np.array(G)


def _simplex(n):
    """Gauss–Legendre nodes (y, z, weight) on y, z ≥ 0, y + z ≤ 1 (x = 1 − y − z)."""
    t, w = np.polynomial.legendre.leggauss(n)
    t, w = (t + 1) / 2, w / 2
    z, u = np.meshgrid(t, t, indexing="ij")
    weight = np.outer(w, w) * (1 - z)
    return ((1 - z) * u).ravel(), z.ravel(), weight.ravel()


def dipole_coefficients(mass_f, mass_s, charge_f, charge_s, l_i, r_i, l_j, r_j, m_i, m_j, nodes=40):
    """(A_R, A_L): coefficients of e d̄_iσ^{μν}P_R d_j F_μν and e d̄_iσ^{μν}P_L d_j F_μν from F and S (D = ∂ + ieQA)."""
    p = np.array([m_j, 0.0, 0.0, 0.0])
    energy = (m_j**2 - m_i**2) / (2 * m_j)
    q = np.array([energy, 0.0, 0.0, energy])  # on-shell photon, q² = 0
    pp = p - q
    y_in = l_j * PL + r_j * PR
    y_out = np.conj(l_i) * PR + np.conj(r_i) * PL
    dot = lambda a, b: a @ METRIC @ b  # noqa: E731
    total = np.zeros((4, 4, 4), dtype=complex)
    for y, z, w in zip(*_simplex(nodes), strict=True):
        x = 1 - y - z
        # (a) photon on F: propagators F(k), F(k − q), S(k − p); k = ℓ + yq + zp
        delta = y * q + z * p
        d_a = dot(delta, delta) - z * dot(p, p) + (x + y) * mass_f**2 + z * mass_s**2
        left, right = slash(delta - q) + mass_f * np.eye(4), slash(delta) + mass_f * np.eye(4)
        n_a = np.array([y_out @ left @ GAMMA_UP[mu] @ right @ y_in for mu in range(4)])
        # (b) photon on S: propagators F(k), S(k − p), S(k − p′); k = ℓ + yp + zp′
        delta = y * p + z * pp
        d_b = dot(delta, delta) - y * dot(p, p) - z * dot(pp, pp) + x * mass_f**2 + (y + z) * mass_s**2
        n_b = np.einsum("ab,m->mab", y_out @ (slash(delta) + mass_f * np.eye(4)) @ y_in, 2 * p - 2 * delta - q)
        total += w * (charge_f * n_a / d_a + charge_s * n_b / d_b)
    # fit ū′T^μu to γ^μP_{L,R}, (p + p′)^μP_{L,R}, q^μP_{L,R} over helicities and μ
    rows, values = [], []
    big_p = p + pp
    for s_out in (0, 1):
        for s_in in (0, 1):
            ub, u = bar(u_spinor(pp, m_i, s_out)), u_spinor(p, m_j, s_in)
            for mu in range(4):
                rows.append([ub @ GAMMA_UP[mu] @ PL @ u, ub @ GAMMA_UP[mu] @ PR @ u, big_p[mu] * ub @ PL @ u,
                             big_p[mu] * ub @ PR @ u, q[mu] * ub @ PL @ u, q[mu] * ub @ PR @ u])
                values.append(ub @ total[mu] @ u)
    solution, *_ = np.linalg.lstsq(np.array(rows), np.array(values), rcond=None)
    residual = np.abs(np.array(rows) @ solution - np.array(values)).max() / np.abs(values).max()
    assert residual < 1e-8, residual
    return solution[3] / (32 * np.pi**2), solution[2] / (32 * np.pi**2)
