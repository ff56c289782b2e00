"""Yukawa-induced heavy-quark pairs (collider/vlq/yukawa_pairs.py): closed-form Σ|𝓜|² against explicit Dirac spinors
(tests/dirac.py, Dirac representation) and explicit colour tensors, the fermion signs against the Grassmann
reordering of tests/lq_fierz.py, the QCD diagram against Combridge, symmetries, the hadronic assembly, y-scaling,
cross sections, errors."""

import numpy as np
import pytest

from darkflav.collider.atlas_monojet import region_cross_sections
from darkflav.collider.phase_space import adapted_sample
from darkflav.collider.process import SCALE_FACTORS
from darkflav.collider.vlq.bounds import benchmark_model
from darkflav.collider.vlq.production import HeavyQuarkPair, dsigma_dt_qqbar
from darkflav.collider.vlq.sectors import HeavySector, heavy_sectors
from darkflav.collider.vlq.yukawa_pairs import YukawaPairs, qq_squared, qqbar_interference, qqbar_yukawa
from darkflav.errors import DarkflavError
from darkflav.parameters import Parameters
from tests.dirac import G5, METRIC, G, bar, dot, u_spinor, v_spinor
from tests.lq_fierz import Bilinear, operator
from tests.test_collider_vlq import boost

RNG = np.random.default_rng(5)
P_L, P_R, ONE = (np.eye(4) - G5) / 2, (np.eye(4) + G5) / 2, np.eye(4)
MASSES, M_PHI, G_S2 = np.array([700.0, 950.0]), 45.0, 1.4
L_COUPLINGS = RNG.normal(size=(2, 3)) + 1j * RNG.normal(size=(2, 3))     # (state a, quark p)
R_COUPLINGS = RNG.normal(size=(2, 3)) + 1j * RNG.normal(size=(2, 3))
COUPLINGS = (L_COUPLINGS, R_COUPLINGS)
DELTA = np.eye(3)


def generators():
    """T^A = λ^A/2 with the Gell-Mann matrices λ^A, shape (8, 3, 3)."""
    lam = np.zeros((8, 3, 3), complex)
    for n, (i, j) in enumerate([(0, 1), (0, 2), (1, 2)]):
        lam[2 * n, i, j] = lam[2 * n, j, i] = 1
        lam[2 * n + 1, i, j], lam[2 * n + 1, j, i] = -1j, 1j
    lam[6], lam[7] = np.diag([1, -1, 0]), np.diag([1, 1, -2]) / np.sqrt(3)
    return lam / 2


T = generators()


def vertex(a, p):
    """V_a^p = l P_L + r P_R (q_p → F_a) and V̄_a^p = l* P_R + r* P_L (F_a → q_p)."""
    l, r = L_COUPLINGS[a, p], R_COUPLINGS[a, p]
    return l * P_L + r * P_R, np.conj(l) * P_R + np.conj(r) * P_L


def event(m3, m4):
    """p₁ + p₂ → k₁ + k₂ (masses 0, 0, m3, m4) at a random energy and angle, boosted along a random direction."""
    sqrt_s = RNG.uniform(m3 + m4 + 10, 4000.0)
    e, s = sqrt_s / 2, sqrt_s**2
    p = np.sqrt((s - (m3 + m4) ** 2) * (s - (m3 - m4) ** 2)) / (2 * sqrt_s)
    n = RNG.normal(size=3)
    n *= p / np.linalg.norm(n)
    momenta = (np.array([e, 0, 0, e]), np.array([e, 0, 0, -e]), np.concatenate([[np.hypot(p, m3)], n]),
               np.concatenate([[np.hypot(p, m4)], -n]))
    beta = RNG.uniform(-0.5, 0.5, size=3)
    return tuple(boost(v, beta) for v in momenta)


def spinors(kind, p, m):
    """The two spin states of an external fermion as rows (2, 4): 'u', 'v', 'ubar' or 'vbar'."""
    make = u_spinor if kind[0] == "u" else v_spinor
    return np.array([bar(make(p, m, s)) if kind.endswith("bar") else make(p, m, s) for s in range(2)])


def sandwich(left, matrix, right):
    """[w̄ Γ w'] for all spins: (2, 4) × (4, 4) × (2, 4) → (2, 2)."""
    return left @ matrix @ right.T


def squared(amplitudes):
    """Σ_{spins, colours} |Σ_X C_X D_X|² for (colour tensor (3, 3, 3, 3), spin amplitude (2, 2, 2, 2)) pairs."""
    return sum(np.sum(c1 * np.conj(c2)) * np.sum(d1 * np.conj(d2))
               for c1, d1 in amplitudes for c2, d2 in amplitudes).real


def qqbar_amplitudes(a, b, p, r, p1, p2, k1, k2):
    """q_p(p₁) q̄_r(p₂) → F_a(k₁) F̄_b(k₂): (φ, gluon) as (colour [k, l, j, i], spins [k₁, k₂, p₂, p₁]) per module
    docstring; the gluon diagram only for a = b, p = r."""
    ub1, v2 = spinors("ubar", k1, MASSES[a]), spinors("v", k2, MASSES[b])
    vb2, u1 = spinors("vbar", p2, 0.0), spinors("u", p1, 0.0)
    s, t = dot(p1 + p2, p1 + p2), dot(p1 - k1, p1 - k1)
    v_in, _ = vertex(a, p)
    _, v_out = vertex(b, r)
    phi = np.einsum("ia,jb->ibja", sandwich(ub1, v_in, u1), sandwich(vb2, v_out, v2)) / (t - M_PHI**2)
    out = [(np.einsum("ki,jl->klji", DELTA, DELTA), phi)]
    if a == b and p == r:
        gluon = sum(METRIC[m, m] * np.einsum("ij,ab->ijab", sandwich(ub1, G[m], v2), sandwich(vb2, G[m], u1))
                    for m in range(4)) * G_S2 / s
        out.append((np.einsum("Akl,Aji->klji", T, T), gluon))
    return out


def qq_amplitudes(a, b, p, r, p1, p2, k1, k2, anti=False):
    """q_p(p₁) q_r(p₂) → F_a(k₁) F_b(k₂), or q̄q̄ → F̄F̄ with anti: (t, −u) as (colour [k, l, i, j], spins [k₁, k₂, p₁,
    p₂]) per module docstring."""
    incoming, outgoing = ("vbar", "v") if anti else ("u", "ubar")
    w = {"p1": spinors(incoming, p1, 0.0), "p2": spinors(incoming, p2, 0.0), "k1": spinors(outgoing, k1, MASSES[a]),
         "k2": spinors(outgoing, k2, MASSES[b])}
    t, u = dot(p1 - k1, p1 - k1), dot(p1 - k2, p1 - k2)

    def line(out, state, inc, quark):  # [ū(k) V u(p)], or [v̄(p) V̄ v(k)] for antiquarks, as [spin out, spin in]
        v, v_bar = vertex(state, quark)
        return sandwich(w[inc], v_bar, w[out]).T if anti else sandwich(w[out], v, w[inc])

    t_diagram = np.einsum("ai,bj->abij", line("k1", a, "p1", p), line("k2", b, "p2", r)) / (t - M_PHI**2)
    u_diagram = np.einsum("bi,aj->abij", line("k2", b, "p1", p), line("k1", a, "p2", r)) / (u - M_PHI**2)
    return [(np.einsum("ki,lj->klij", DELTA, DELTA), t_diagram), (np.einsum("li,kj->klij", DELTA, DELTA), -u_diagram)]


def full_amplitude(amplitudes):
    """Σ_X C_X D_X as [colours…, spins…]."""
    return sum(np.einsum("klij,abxy->klijabxy", c, d) for c, d in amplitudes)


def proportionality(a, b):
    """c with a = c b (asserted)."""
    c = np.vdot(b, a) / np.vdot(b, b)
    assert np.allclose(a, c * b, rtol=0, atol=1e-12 * abs(a).max())
    return c


@pytest.mark.parametrize("a,b", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_qqbar_against_explicit_spinors_and_combridge(a, b):
    """q q̄ → F_aF̄_b for all quark pairs: φ exchange, the interference with the gluon (a = b, p = r) and the QCD
    part itself against Combridge's dσ̂/dt̂ (vlq.production), complex couplings of both chiralities, two masses."""
    p1, p2, k1, k2 = event(MASSES[a], MASSES[b])
    s, t, u = dot(p1 + p2, p1 + p2), dot(p1 - k1, p1 - k1), dot(p1 - k2, p1 - k2)
    yukawa = qqbar_yukawa(np.array([t]), MASSES[a], MASSES[b], M_PHI, *COUPLINGS)[0]
    interference = qqbar_interference(np.array([s]), np.array([t]), MASSES[a], M_PHI, *COUPLINGS)[0]
    for p in range(3):
        for r in range(3):
            amplitudes = qqbar_amplitudes(a, b, p, r, p1, p2, k1, k2)
            assert squared(amplitudes[:1]) == pytest.approx(yukawa[a, b, p, r], rel=1e-8)
            if a == b and p == r:
                qcd = squared(amplitudes[1:])
                combridge = 36 * 16 * np.pi * s**2 * dsigma_dt_qqbar(s, t, u, MASSES[a] ** 2, G_S2 / (4 * np.pi))
                assert qcd == pytest.approx(combridge, rel=1e-8)
                cross = squared(amplitudes) - qcd - yukawa[a, a, p, p]
                assert cross == pytest.approx(G_S2 * interference[a, p], rel=1e-8)
                assert cross < 0 and abs(cross) <= 2 * np.sqrt(qcd * yukawa[a, a, p, p])


@pytest.mark.parametrize("anti", [False, True])
@pytest.mark.parametrize("a,b", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_qq_and_antiquark_pairs_against_explicit_spinors(a, b, anti):
    """q_p q_r → F_aF_b and q̄_p q̄_r → F̄_aF̄_b for all (p, r): t and u diagrams with identical final states (a = b)
    and identical initial quarks (p = r), complex couplings of both chiralities, different masses."""
    p1, p2, k1, k2 = event(MASSES[a], MASSES[b])
    s, t, u = dot(p1 + p2, p1 + p2), dot(p1 - k1, p1 - k1), dot(p1 - k2, p1 - k2)
    expected = qq_squared(*(np.array([x]) for x in (s, t, u)), MASSES[a], MASSES[b], M_PHI, *COUPLINGS)[0]
    for p in range(3):
        for r in range(3):
            amplitudes = qq_amplitudes(a, b, p, r, p1, p2, k1, k2, anti)
            assert squared(amplitudes) == pytest.approx(expected[a, b, p, r], rel=1e-8)
            if a == b:  # Fermi statistics: odd under exchange of the two final F (momentum, spin, colour)
                total = full_amplitude(amplitudes)
                swapped = full_amplitude(qq_amplitudes(a, b, p, r, p1, p2, k2, k1, anti))
                assert np.allclose(total, -np.transpose(swapped, (1, 0, 2, 3, 5, 4, 6, 7)), rtol=0,
                                   atol=1e-12 * abs(total).max())


def test_fermion_signs_from_the_grassmann_reordering():
    """The relative signs of the module docstring from the tree-level effective vertex at fixed momenta,
    L ⊃ g_s²(F̄γ^μF)(q̄γ_μq)/s − (F̄Vq)(q̄V̄F)/D(t) and −A²/(2D), A = F̄_aV_a^p q_p (one term per channel), put in a
    canonical field order by tests/lq_fierz.py (which tracks the Grassmann signs) and contracted with spinors."""
    p1, p2, k1, k2 = event(MASSES[0], MASSES[1])
    s, t, u = dot(p1 + p2, p1 + p2), dot(p1 - k1, p1 - k1), dot(p1 - k2, p1 - k2)

    def bilinear(coefficient, left, gamma, right):
        return Bilinear(coefficient, (left, False, ONE), gamma, (right, False, ONE))

    def contract(tensor, kinds):  # ⟨f| canonical fields |i⟩ = tensor contracted with the four spinor sets
        return np.einsum("abcd,ia,jb,kc,ld->ijkl", tensor, *(spinors(k, p, m) for k, p, m in kinds))

    # q_p q̄_p → F_0 F̄_0: canonical (F̄, F, q̄, q) ↔ ū(k₁), v(k₂), v̄(p₂), u(p₁)
    v, v_bar = vertex(0, 1)
    kinds = (("ubar", k1, MASSES[0]), ("v", k2, MASSES[0]), ("vbar", p2, 0.0), ("u", p1, 0.0))
    canonical = [("F", True), ("F", False), ("q", True), ("q", False)]
    gluon = operator([(bilinear(G_S2 / s * METRIC[m, m], "F", G[m], "F"), bilinear(1.0, "q", G[m], "q"))
                      for m in range(4)], canonical)
    phi = operator([(bilinear(-1 / (t - M_PHI**2), "F", v, "q"), bilinear(1.0, "q", v_bar, "F"))], canonical)
    (_, phi_diagram), (_, gluon_diagram) = qqbar_amplitudes(0, 0, 1, 1, p1, p2, k1, k2)
    sign = proportionality(contract(phi, kinds), phi_diagram)
    assert sign == pytest.approx(proportionality(contract(gluon, kinds), gluon_diagram), rel=1e-10)
    assert abs(sign) == pytest.approx(1, rel=1e-10)

    # q_0 q_1 → F_0 F_1: canonical (F̄_0, F̄_1, q_0, q_1) ↔ ū(k₁), ū(k₂), u(p₁), u(p₂)
    kinds = (("ubar", k1, MASSES[0]), ("ubar", k2, MASSES[1]), ("u", p1, 0.0), ("u", p2, 0.0))
    canonical = [("F0", True), ("F1", True), ("q0", False), ("q1", False)]
    t_term = operator([(bilinear(-1 / (t - M_PHI**2), "F0", vertex(0, 0)[0], "q0"),
                        bilinear(1.0, "F1", vertex(1, 1)[0], "q1"))], canonical)
    u_term = operator([(bilinear(-1 / (u - M_PHI**2), "F1", vertex(1, 0)[0], "q0"),
                        bilinear(1.0, "F0", vertex(0, 1)[0], "q1"))], canonical)
    (_, t_diagram), (_, minus_u_diagram) = qq_amplitudes(0, 1, 0, 1, p1, p2, k1, k2)
    sign = proportionality(contract(t_term, kinds), t_diagram)
    assert sign == pytest.approx(proportionality(contract(u_term, kinds), minus_u_diagram), rel=1e-10)
    assert abs(sign) == pytest.approx(1, rel=1e-10)


def test_symmetries():
    """Final-state exchange (t ↔ u, a ↔ b, M_a ↔ M_b), initial-state exchange (t ↔ u, p ↔ r), charge conjugation
    (conjugated couplings; q̄_r q_p → F̄_bF_a for q q̄) of the closed forms."""
    s = RNG.uniform(3e6, 1e7, 20)
    m3, m4 = 900.0, 1300.0
    t = -RNG.uniform(1e5, 3e6, 20)
    u = m3**2 + m4**2 - s - t
    l, r = COUPLINGS
    qq = qq_squared(s, t, u, m3, m4, M_PHI, l, r)
    assert np.allclose(qq, np.transpose(qq_squared(s, u, t, m4, m3, M_PHI, l, r), (0, 2, 1, 3, 4)), rtol=1e-12)
    assert np.allclose(qq, np.transpose(qq_squared(s, u, t, m3, m4, M_PHI, l, r), (0, 1, 2, 4, 3)), rtol=1e-12)
    assert np.allclose(qq, qq_squared(s, t, u, m3, m4, M_PHI, np.conj(l), np.conj(r)), rtol=1e-12)
    qqbar = qqbar_yukawa(t, m3, m4, M_PHI, l, r)
    assert np.allclose(qqbar, np.transpose(qqbar_yukawa(t, m4, m3, M_PHI, l, r), (0, 2, 1, 4, 3)), rtol=1e-12)
    assert np.all(qq >= 0) and np.all(qqbar >= 0)


@pytest.fixture(scope="module")
def pdf():
    pytest.importorskip("pythia8mc")
    from darkflav.collider.pdf import load_pdf

    return load_pdf(None, params=Parameters.default())


def two_sectors():
    """Down-type states of 1.2 and 1.5 TeV with complex couplings of both chiralities to d, s, b, and an up-type
    state of 1.5 TeV coupled to u, c with light fraction 0.8."""
    down = HeavySector(np.array([1200.0, 1500.0]), np.array([10.0, 20.0]),
                       np.stack([L_COUPLINGS, R_COUPLINGS]), (1, 3, 5), np.ones(2))
    up = HeavySector(np.array([1500.0]), np.array([30.0]), np.array([[[0.4 + 0.3j, 1.1]], [[0.0, 0.0]]]),
                     (2, 4), np.array([0.8]))
    return down, up


def test_weights_against_a_sum_over_initial_states(pdf):
    """`weights` (all seven scales) against explicit loops over the partons of both beams, the ordered pairs of heavy
    states with the point's masses and the flavours, with the closed forms evaluated one coupling at a time."""
    params, m_phi = Parameters.default(), 10.0
    down, up = two_sectors()
    process = YukawaPairs((down, up), m_phi, pdf, params)
    states = [(m, fraction, dict(zip(sector.quarks, sector.couplings[:, a].T, strict=True)))
              for sector in (down, up) for a, (m, fraction) in enumerate(zip(sector.masses, sector.light_fraction,
                                                                             strict=True))]
    flavours = (1, 2, 3, 4, 5)
    u = RNG.random((4, process.dim))
    k, _ = process.kinematics(u)
    for n in range(len(u)):
        s, t1, t2 = (np.array([v[n]]) for v in (k.shat, k.t1, k.t2))
        mu = 0.5 * (k.mt3[n] + k.mt4[n])
        for scale, (xr, xf) in enumerate(SCALE_FACTORS):
            f1, f2 = ({q: pdf.xfx([q], x[n:n + 1], xf * mu)[0, 0] for q in flavours + tuple(-q for q in flavours)}
                      for x in (k.x1, k.x2))
            g2 = 4 * np.pi * pdf.alpha_s(xr * mu)
            total = 0.0
            for a, (ma, fraction_a, ca) in enumerate(states):
                for b, (mb, fraction_b, cb) in enumerate(states):
                    if (ma, mb) != (k.m3[n], k.m4[n]):
                        continue
                    for p in flavours:
                        for r in flavours:
                            # (l, r) of states (a, b) → rows, quarks (p, r) → columns
                            c = np.array([[c.get(q, np.zeros(2)) for q in (p, r)] for c in (ca, cb)])
                            l_, r_ = c[..., 0], c[..., 1]
                            y1, y2 = (qqbar_yukawa(t, ma, mb, m_phi, l_, r_)[0, 0, 1, 0, 1] for t in (t1, t2))
                            qq = qq_squared(s, t1, t2, ma, mb, m_phi, l_, r_)[0, 0, 1, 0, 1]
                            lum = f1[p] * f2[-r] * y1 + f1[-r] * f2[p] * y2 + qq * (f1[p] * f2[r] + f1[-p] * f2[-r]) / 2
                            if a == b and p == r:
                                i1, i2 = (qqbar_interference(s, t, ma, m_phi, l_, r_)[0, 0, 0] for t in (t1, t2))
                                lum += g2 * (f1[p] * f2[-p] * i1 + f1[-p] * f2[p] * i2)
                            total += fraction_a * fraction_b * lum
            expected = k.measure[n] * len(process.pairs) * params["hbar_c"] ** 2 / 1e-39 * total / 36
            assert process.weights(u[n:n + 1])[0, scale] == pytest.approx(expected, rel=1e-10)


def test_yukawa_scaling_and_final_state(pdf):
    """benchmark_model(1.5 TeV, y): the φ-exchange part scales as y⁴, the interference as y², point by point; the
    final state conserves momentum and puts φ on shell."""
    params = Parameters.default()
    u = RNG.random((200, 8))
    parts = {y: {part: YukawaPairs(heavy_sectors(benchmark_model(1500.0, y), params), 1.0, pdf, params, (part,))
                 for part in ("yukawa", "interference")} for y in (1.0, 3.0)}
    for part, power in (("yukawa", 4), ("interference", 2)):
        assert np.allclose(parts[3.0][part].weights(u), 3.0**power * parts[1.0][part].weights(u), rtol=1e-10, atol=0)
    assert np.all(parts[1.0]["yukawa"].weights(u) >= 0) and np.all(parts[1.0]["interference"].weights(u) <= 0)
    process = parts[1.0]["yukawa"]
    jets, invisible = process.final_state(u)
    k, _ = process.kinematics(u)
    total = jets.sum(axis=1) + invisible.sum(axis=1)
    assert np.allclose(total[:, 0], (k.x1 + k.x2) * process.sqrt_s / 2, rtol=1e-10)
    assert np.allclose(total[:, 1:3], 0, atol=1e-8)
    assert np.allclose(invisible[..., 0] ** 2 - (invisible[..., 1:] ** 2).sum(-1), 1.0, atol=1e-3)


def test_cross_sections_against_qcd_pairs(pdf):
    """σ(pp → FF̄, FF, F̄F̄ by φ exchange) of benchmark_model(1.5 TeV, y) at y = 1 and 3: the φ-exchange part positive,
    the interference negative, σ × A positive in IM0; against the QCD pairs (HeavyQuarkPair × light_fraction², summed
    over the three states, 4.8 fb) the Yukawa pairs are 0.17 × at y = 1 and 18 × at y = 3."""
    params = Parameters.default()
    sectors = heavy_sectors(benchmark_model(1500.0, 1.0), params)
    fractions = np.concatenate([s.light_fraction for s in sectors])
    qcd_process = HeavyQuarkPair(1500.0, 1.0, pdf, params)
    sample = adapted_sample(lambda u: qcd_process.weights(u)[:, 0], qcd_process.dim, 3000, seed=1, n_adapt=3000)
    qcd, qcd_error = sample.estimate(qcd_process.weights(sample.u)[:, 0] * np.sum(fractions**2))
    sigma = {}
    for part in ("yukawa", "interference"):
        process = YukawaPairs(sectors, 1.0, pdf, params, (part,))
        sample = adapted_sample(lambda u, p=process: np.abs(p.weights(u)[:, 0]), process.dim, 3000, seed=1,
                                n_adapt=3000)
        sigma[part] = sample.estimate(process.weights(sample.u)[:, 0])
        assert sigma[part][1] < 0.03 * abs(sigma[part][0])
    assert sigma["yukawa"][0] > 0 > sigma["interference"][0]
    def yukawa_pairs(y):
        return y**4 * sigma["yukawa"][0] + y**2 * sigma["interference"][0]

    assert yukawa_pairs(1.0) < 0.5 * qcd and yukawa_pairs(3.0) > 5 * qcd  # they overtake QCD near y ≈ 1.5
    regions = region_cross_sections(YukawaPairs(sectors, 1.0, pdf, params, ("yukawa",)), 2000, 2, 2000)
    assert 0 < regions["IM0"] < sigma["yukawa"][0] + 5 * sigma["yukawa"][1]


def test_errors(pdf):
    params = Parameters.default()
    down, up = two_sectors()
    with pytest.raises(DarkflavError, match="non-empty sequence of HeavySector"):
        YukawaPairs(down, 1.0, pdf, params)
    with pytest.raises(DarkflavError, match="unknown part .* 'yukawa'"):
        YukawaPairs((down, up), 1.0, pdf, params, ("yukava",))
    with pytest.raises(DarkflavError, match="parts is empty"):
        YukawaPairs((down, up), 1.0, pdf, params, ())
    with pytest.raises(DarkflavError, match="m_phi"):
        YukawaPairs((down, up), 1300.0, pdf, params)
    with pytest.raises(DarkflavError, match="heavy-quark mass"):
        YukawaPairs((HeavySector(np.array([6000.0]), np.ones(1), np.ones((2, 1, 1)), (3,), np.ones(1)),), 1.0, pdf,
                    params)
    with pytest.raises(DarkflavError, match="all Yukawa couplings vanish"):
        YukawaPairs((HeavySector(down.masses, down.widths, 0 * down.couplings, (1, 3, 5), np.ones(2)),), 1.0, pdf,
                    params)
    with pytest.raises(DarkflavError, match="shape"):
        YukawaPairs((HeavySector(down.masses, down.widths, down.couplings[:, :1], (1, 3, 5), np.ones(2)),), 1.0, pdf,
                    params)
    with pytest.raises(DarkflavError, match="light quarks"):
        YukawaPairs((HeavySector(np.array([1500.0]), np.ones(1), np.ones((2, 1, 1)), (6,), np.ones(1)),), 1.0, pdf,
                    params)


def balanced_colours(colour, status) -> bool:
    """Les Houches colour conservation of one event (resonances left out): every tag once as an outgoing colour or
    incoming anticolour and once opposite."""
    tags = {}
    for (c1, c2), s in zip(colour, status, strict=True):
        if s == 2:
            continue
        for tag, sign in ((c1, s), (c2, -s)):
            if tag:
                tags[tag] = tags.get(tag, 0) + sign
    return bool(tags) and all(v == 0 for v in tags.values())


def minkowski(p):
    return p[..., 0] ** 2 - (p[..., 1:] ** 2).sum(axis=-1)


def drawn_channels(process, u, rng):
    """(channels, per-channel weights, choice ∝ the weights per point, points with weight) as events.Unweighter."""
    channels, per_channel = process.channel_weights(u)
    ok = per_channel.sum(axis=1) > 0
    cumulative = np.cumsum(per_channel[ok], axis=1) / per_channel[ok].sum(axis=1, keepdims=True)
    choice = np.minimum((cumulative < rng.random(ok.sum())[:, None]).sum(axis=1), len(channels) - 1)
    return channels, per_channel, choice, ok


@pytest.mark.parametrize("use_benchmark", [False, True])
def test_channel_weights_sum_to_the_central_weight(pdf, use_benchmark):
    """Rows of channel_weights sum to weights[:, 0] (two sectors with complex couplings and two masses, and the
    1.5 TeV benchmark); channels distinct and non-negative, keyed by the PDG codes of HEAVY_STATES with the signs of
    F F̄, F F and F̄ F̄ (quarks in, heavy states out with the same sign; q q̄ → F F̄)."""
    params = Parameters.default()
    sectors = heavy_sectors(benchmark_model(1500.0, 1.0), params) if use_benchmark else two_sectors()
    process = YukawaPairs(sectors, 10.0, pdf, params, ("yukawa",))
    u = np.random.default_rng(11).random((3000, process.dim))
    channels, per_channel = process.channel_weights(u)
    total = process.weights(u)[:, 0]
    assert np.allclose(per_channel.sum(axis=1), total, rtol=1e-10, atol=0) and total.max() > 0
    assert len(set(channels)) == len(channels) == per_channel.shape[1] and np.all(per_channel >= 0)
    codes = {9000006, 9000007, 9000008}
    for p1, p2, f3, f4 in channels:
        assert {abs(f3), abs(f4)} <= codes and abs(p1) in process.quarks and abs(p2) in process.quarks
        assert np.sign(p1) + np.sign(p2) == np.sign(f3) + np.sign(f4)   # quark number: q q̄ → F F̄, q q → F F, …
    kinds = {(np.sign(f3), np.sign(f4)) for _, _, f3, f4 in channels}
    assert kinds == {(1, -1), (1, 1), (-1, -1)}
    used = per_channel.sum(axis=0) > 0
    assert {(np.sign(f3), np.sign(f4)) for (_, _, f3, f4), on in zip(channels, used, strict=True) if on} == kinds
    if use_benchmark:   # F₁, F₂ couple to s, b and Q_u to u, c (y ∝ (0, 1, 0.2)): no d quark; u s → Q_u F₂ by φ
        assert not any(1 in (abs(p1), abs(p2)) for p1, p2, _, _ in channels)
        assert (2, 3, 9000008, 9000007) in channels and (3, 2, 9000007, 9000008) in channels


def test_event_records(pdf):
    """Records of points drawn over the channels: momentum conserved (1e-6 relative), φ and F on shell with the
    masses of the point, F at k₁ of the phase space ((p₁ − F)² = t), status and mothers, the decay quark's flavour
    coupled to its F with the F's sign and colour, colour tags balanced; the q q̄ flows follow the fermion lines and
    the q q (q̄ q̄) flows are the t-channel one with probability T/(T + U) (module docstring)."""
    params, m_phi = Parameters.default(), 10.0
    down, up = two_sectors()
    process = YukawaPairs((down, up), m_phi, pdf, params, ("yukawa",))
    rng = np.random.default_rng(12)
    u = rng.random((6000, process.dim))
    channels, _, choice, ok = drawn_channels(process, u, rng)
    u = u[ok]
    record = process.event_record(u, channels, choice, rng)
    n = len(u)
    k, _ = process.kinematics(u)
    assert record.pdg.shape == (n, 8) and np.array_equal(record.pdg[:, :4], np.array(channels)[choice])
    assert np.all(record.status == [-1, -1, 2, 2, 1, 1, 1, 1])
    assert np.all(record.mothers == [(0, 0), (0, 0), (1, 2), (1, 2), (3, 3), (3, 3), (4, 4), (4, 4)])
    p = record.momenta
    scale = p[:, :2, 0].sum(axis=1, keepdims=True)
    assert np.allclose(p[:, :2].sum(axis=1), p[:, 4:].sum(axis=1), rtol=0, atol=1e-6 * scale)
    assert np.allclose(p[:, 2] + p[:, 3], p[:, :2].sum(axis=1), rtol=0, atol=1e-6 * scale)
    for parent, children in ((2, [4, 5]), (3, [6, 7])):
        assert np.allclose(p[:, children].sum(axis=1), p[:, parent], rtol=0, atol=1e-6 * scale)
    assert np.allclose(record.mass[:, 2:4], np.column_stack([k.m3, k.m4]), rtol=1e-12)
    assert np.allclose(minkowski(p[:, 2:4]), record.mass[:, 2:4] ** 2, rtol=1e-6)
    assert np.allclose(minkowski(p[:, [5, 7]]), m_phi**2, rtol=0, atol=1e-6 * scale**2)
    assert np.all(record.pdg[:, [5, 7]] == 9000005) and np.all(record.mass[:, [5, 7]] == m_phi)
    assert np.allclose(minkowski(p[:, 0] - p[:, 2]), k.t1, rtol=1e-6)
    assert np.allclose(record.x, np.column_stack([k.x1, k.x2])) and np.allclose(record.scale, (k.mt3 + k.mt4) / 2)
    # decays: F_a → q_p φ only into quarks with K_a^p > 0, with the sign of F; the quark carries F's colour line
    coupled = {code: {q for q, c in zip(sector.quarks, sector.couplings[:, a].T, strict=True) if np.any(c != 0)}
               for sector, codes in ((down, (9000006, 9000007)), (up, (9000008,))) for a, code in enumerate(codes)}
    for parent, quark in ((2, 4), (3, 6)):
        assert np.all(np.sign(record.pdg[:, quark]) == np.sign(record.pdg[:, parent]))
        assert all(abs(q) in coupled[abs(f)] for f, q in record.pdg[:, [parent, quark]])
        assert np.array_equal(record.colour[:, quark], record.colour[:, parent])
    assert np.all(record.colour[:, [5, 7]] == 0)
    assert all(balanced_colours(c, s) for c, s in zip(record.colour, record.status, strict=True))
    # flows
    beam1, beam2, f3 = record.colour[:, 0].max(axis=1), record.colour[:, 1].max(axis=1), record.colour[:, 2].max(axis=1)
    quark1 = record.pdg[:, 0] > 0
    qqbar = quark1 != (record.pdg[:, 1] > 0)
    assert np.array_equal(f3[qqbar], np.where(quark1, beam1, beam2)[qqbar])   # F from the quark, F̄ from q̄
    same = ~qqbar
    couplings = {code: dict(zip(sector.quarks, np.sum(np.abs(sector.couplings[:, a]) ** 2, axis=0), strict=True))
                 for sector, codes in ((down, (9000006, 9000007)), (up, (9000008,))) for a, code in enumerate(codes)}

    def term(x, y, mandelstam, row):   # 9 K_x^p K_y^r (M₃² − t)(M₄² − t)/D(t)² of the event
        a, b = couplings[abs(record.pdg[row, x])], couplings[abs(record.pdg[row, y])]
        kp, kr = a.get(abs(record.pdg[row, 0]), 0.0), b.get(abs(record.pdg[row, 1]), 0.0)
        return kp * kr * (k.m3[row] ** 2 - mandelstam) * (k.m4[row] ** 2 - mandelstam) / (mandelstam - m_phi**2) ** 2

    rows = np.flatnonzero(same)
    t, uu = minkowski(p[rows, 0] - p[rows, 2]), minkowski(p[rows, 0] - p[rows, 3])
    t_terms = np.array([term(2, 3, x, row) for x, row in zip(t, rows, strict=True)])
    u_terms = np.array([term(3, 2, x, row) for x, row in zip(uu, rows, strict=True)])
    probability = t_terms / (t_terms + u_terms)
    t_flow = f3[rows] == beam1[rows]
    assert np.all(t_flow | (f3[rows] == beam2[rows])) and len(rows) > 300
    for lo, hi in ((0, 0.25), (0.25, 0.75), (0.75, 1.0)):   # event by event: in bins of the t-flow probability
        bin_ = (probability >= lo) & (probability <= hi)
        expected, variance = probability[bin_].sum(), np.sum(probability[bin_] * (1 - probability[bin_]))
        assert bin_.sum() > 50 and abs(t_flow[bin_].sum() - expected) < 4 * np.sqrt(variance) + 1


def test_no_events_with_the_interference(pdf):
    """Negative weights cannot be unweighted: channel_weights and event_record refuse the interference part; the
    PDG codes need the sector layout of HEAVY_STATES."""
    params = Parameters.default()
    down, up = two_sectors()
    u = np.random.default_rng(1).random((3, 8))
    for parts in (("interference",), ("yukawa", "interference")):
        process = YukawaPairs((down, up), 1.0, pdf, params, parts)
        with pytest.raises(DarkflavError, match="interference.*negative.*cannot be unweighted"):
            process.channel_weights(u)
        with pytest.raises(DarkflavError, match="interference.*negative.*cannot be unweighted"):
            process.event_record(u, [(3, -3, 9000006, -9000006)], np.zeros(3, int), np.random.default_rng(1))
    three = HeavySector(np.array([1200.0, 1300.0, 1400.0]), np.ones(3), np.ones((2, 3, 3)), (1, 3, 5), np.ones(3))
    with pytest.raises(DarkflavError, match="HEAVY_STATES"):
        YukawaPairs((three,), 1.0, pdf, params, ("yukawa",)).channel_weights(u)
