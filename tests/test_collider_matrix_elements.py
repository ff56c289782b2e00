"""Matrix elements of pp → S + parton and of heavy-quark pair production against independent Dirac-trace
evaluations (explicit γ matrices, physical gluon polarisations, colour sums), gauge invariance and crossing."""

import numpy as np
import pytest
from scipy.integrate import quad

from darkflav.collider.monojet import gluon_operator_me, quark_density_me
from darkflav.collider.vlq.production import dsigma_dt_gg, dsigma_dt_qqbar

I2, Z2 = np.eye(2), np.zeros((2, 2))
SIGMA = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
GAMMA = [np.block([[I2, Z2], [Z2, -I2]])] + [np.block([[Z2, s], [-s, Z2]]) for s in SIGMA]
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
METRIC = np.diag([1.0, -1, -1, -1])
COLOUR_QQG = 4.0  # Σ_a Tr(T^a T^a) = C_F N_c


def slash(p):
    p_low = METRIC @ p
    return sum(GAMMA[m] * p_low[m] for m in range(4))


def dot(a, b):
    return a @ METRIC @ b


def bar(gamma):
    return GAMMA[0] @ gamma.conj().T @ GAMMA[0]


def spin_sum(p_out, gamma, p_in):
    """Σ_spins |ū(p_out) Γ u(p_in)|² (or v̄ … u) for massless fermions = Tr[p̸_out Γ p̸_in Γ̄]."""
    return np.trace(slash(p_out) @ gamma @ slash(p_in) @ bar(gamma)).real


def polarisations(k):
    """Two transverse polarisation vectors of a massless gluon with momentum k."""
    n = k[1:] / np.linalg.norm(k[1:])
    a = np.cross(n, [0.3, 0.5, 0.8])
    a /= np.linalg.norm(a)
    b = np.cross(n, a)
    return [np.concatenate([[0.0], a]), np.concatenate([[0.0], b])]


def kinematics_2to2(sqrt_s, m, cos):
    """p1 + p2 → k (massless) + P (mass m) in the centre-of-mass frame."""
    e = sqrt_s / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    kabs = (sqrt_s**2 - m**2) / (2 * sqrt_s)
    sin = np.sqrt(1 - cos**2)
    k = np.array([kabs, kabs * sin, 0, kabs * cos])
    return p1, p2, k


POINTS = [(1000.0, 300.0, 0.3), (2500.0, 80.0, -0.7), (700.0, 650.0, 0.9)]


@pytest.mark.parametrize("sqrt_s,m,cos", POINTS)
@pytest.mark.parametrize("vertex", [np.eye(4), 1j * GAMMA5])
def test_quark_density_qqbar_to_g_s(sqrt_s, m, cos, vertex):
    p1, p2, k = kinematics_2to2(sqrt_s, m, cos)   # q(p1) q̄(p2) → g(k) S
    s, t, u = sqrt_s**2, dot(p1 - k, p1 - k), dot(p2 - k, p2 - k)
    total = 0.0
    for eps in polarisations(k):
        gamma = vertex @ slash(p1 - k) @ slash(eps) / t + slash(eps) @ slash(k - p2) @ vertex / u
        total += spin_sum(p2, gamma, p1)
        gauge = vertex @ slash(p1 - k) @ slash(k) / t + slash(k) @ slash(k - p2) @ vertex / u
        assert spin_sum(p2, gauge, p1) == pytest.approx(0, abs=1e-12 * total)
    assert COLOUR_QQG * total == pytest.approx(quark_density_me(s, t, u, m**2)["qqbar"], rel=1e-10)


@pytest.mark.parametrize("sqrt_s,m,cos", POINTS)
def test_scalar_and_pseudoscalar_densities_do_not_interfere(sqrt_s, m, cos):
    p1, p2, k = kinematics_2to2(sqrt_s, m, cos)
    t, u = dot(p1 - k, p1 - k), dot(p2 - k, p2 - k)
    eps = polarisations(k)[0]

    def gamma(v):
        return v @ slash(p1 - k) @ slash(eps) / t + slash(eps) @ slash(k - p2) @ v / u

    gs, gp = gamma(np.eye(4)), gamma(1j * GAMMA5)
    interference = np.trace(slash(p2) @ gs @ slash(p1) @ bar(gp))
    assert abs(interference) < 1e-12 * spin_sum(p2, gs, p1)


@pytest.mark.parametrize("sqrt_s,m,cos", POINTS)
def test_quark_density_qg_to_q_s_and_crossing(sqrt_s, m, cos):
    p1, p2, p3 = kinematics_2to2(sqrt_s, m, cos)   # q(p1) g(p2) → q(p3) S
    s, t, u = sqrt_s**2, dot(p1 - p3, p1 - p3), dot(p2 - p3, p2 - p3)
    total = 0.0
    for eps in polarisations(p2):
        gamma = slash(p1 + p2) @ slash(eps) / s + slash(eps) @ slash(p3 - p2) / u
        total += spin_sum(p3, gamma, p1)
    me = quark_density_me(s, t, u, m**2)
    assert COLOUR_QQG * total == pytest.approx(me["qg"], rel=1e-10)
    # crossing q q̄ → g S into q g → q S: s ↔ t and an overall sign for the crossed fermion
    assert me["qg"] == pytest.approx(-quark_density_me(t, s, u, m**2)["qqbar"], rel=1e-12)


def vertex_ggs(q, k, eps):
    """γ_ρ V^{ρν} ε_ν for L = S G^a_{μν}G^{aμν}: V = 4 (q·k g^{ρν} − k^ρ q^ν), gluons with incoming q, k."""
    return 4 * (dot(q, k) * slash(eps) - slash(k) * dot(q, eps))


@pytest.mark.parametrize("sqrt_s,m,cos", POINTS)
def test_gluon_operator_quark_channels(sqrt_s, m, cos):
    p1, p2, k = kinematics_2to2(sqrt_s, m, cos)
    s, t, u = sqrt_s**2, dot(p1 - k, p1 - k), dot(p2 - k, p2 - k)
    qqbar = sum(spin_sum(p2, vertex_ggs(p1 + p2, -k, e) / s, p1) for e in polarisations(k))
    assert COLOUR_QQG * qqbar == pytest.approx(gluon_operator_me(s, t, u, m**2)["qqbar"], rel=1e-10)
    p3 = k   # q(p1) g(p2) → q(p3) S through a t-channel gluon
    qg = sum(spin_sum(p3, vertex_ggs(p1 - p3, p2, e) / t, p1) for e in polarisations(p2))
    assert COLOUR_QQG * qg == pytest.approx(gluon_operator_me(s, t, u, m**2)["qg"], rel=1e-10)


def test_gluon_operator_normalisation_from_higgs_decay_and_higgs_plus_jet():
    """V = 4C_G(…) gives Σ|𝓜(S→gg)|² = 64 C_G² m⁴, i.e. Γ = 2C_G²m³/π; with C_G = α_s/(12πv) this is the heavy-top
    Γ(H→gg) = α_s² m_H³/(72π³v²) (Ellis, Gaillard, Nanopoulos 1976; Spira et al. hep-ph/9504378, LO), and the averaged
    gg → gS matrix element is α_s³/(24πv²)(m⁸+ŝ⁴+t̂⁴+û⁴)/(ŝt̂û) (Ellis, Hinchliffe, Soldate, van der Bij 1988)."""
    m, alpha_s, v = 125.0, 0.112, 246.22
    k1, k2 = np.array([m / 2, 0, 0, m / 2]), np.array([m / 2, 0, 0, -m / 2])
    summed = sum(abs(4 * (dot(k1, k2) * dot(e1, e2) - dot(k1, e2) * dot(k2, e1))) ** 2
                 for e1 in polarisations(k1) for e2 in polarisations(k2)) * 8
    c_g = alpha_s / (12 * np.pi * v)
    width = c_g**2 * summed / (2 * 2 * m * 8 * np.pi)   # ½ (identical gluons) · 1/(2m) · ∫dΦ₂ = 1/(8π)
    assert width == pytest.approx(alpha_s**2 * m**3 / (72 * np.pi**3 * v**2), rel=1e-12)
    s, t = 900.0**2, -2.0e5
    u = m**2 - s - t
    averaged = 4 * np.pi * alpha_s * c_g**2 * gluon_operator_me(s, t, u, m**2)["gg"] / 256
    assert averaged == pytest.approx(alpha_s**3 / (24 * np.pi * v**2) * (m**8 + s**4 + t**4 + u**4) / (s * t * u))


@pytest.mark.parametrize("s_over_m2", [4.2, 10.0, 400.0])
def test_heavy_quark_pair_differential_integrates_to_published_totals(s_over_m2):
    """Combridge dσ/dt̂ integrate to the totals of Glück, Owens, Reya, PRD 17 (1978) 2324
    (docs/collider.md, Heavy quarks)."""
    m2, a_s = 1.0e6, 0.1
    s = s_over_m2 * m2
    beta, rho = np.sqrt(1 - 4 * m2 / s), 4 * m2 / s
    t_lo, t_hi = m2 - s / 2 * (1 + beta), m2 - s / 2 * (1 - beta)
    totals = {dsigma_dt_qqbar: 8 * np.pi * a_s**2 / (27 * s) * beta * (1 + rho / 2),
              dsigma_dt_gg: np.pi * a_s**2 / (48 * s) * ((rho**2 + 16 * rho + 16) * np.log((1 + beta) / (1 - beta))
                                                        - beta * (28 + 31 * rho))}
    for f, total in totals.items():
        integral = quad(lambda t, f=f: f(s, t, 2 * m2 - s - t, m2, a_s), t_lo, t_hi, epsrel=1e-12)[0]
        assert integral == pytest.approx(total, rel=1e-9)
