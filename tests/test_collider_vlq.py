"""The VLQ model at the LHC: q q̄ → φφg and its crossings against explicit spinors (tests/dirac.py, Dirac
representation, physical polarisations), gauge invariance, the contact limit, EFT versus UV spectra, errors."""

import numpy as np
import pytest

from darkflav.collider.monojet import monojet_cross_sections, quark_density_me
from darkflav.collider.vlq.amplitudes import complex_masses, interference_matrices, squared_amplitude
from darkflav.collider.vlq.bounds import contact_theory
from darkflav.collider.vlq.sectors import heavy_sectors
from darkflav.collider.vlq.signal import vlq_region_cross_sections
from darkflav.errors import DarkflavError
from darkflav.models.vlq import VectorLikeQuarks
from tests.dirac import G5, bar, dot, polarisations, slash, u_spinor, v_spinor

P_L, P_R = (np.eye(4) - G5) / 2, (np.eye(4) + G5) / 2
RNG = np.random.default_rng(11)
MASSES, WIDTHS = np.array([700.0, 950.0]), np.array([40.0, 8.0])
L_COUPLINGS = RNG.normal(size=(2, 2)) + 1j * RNG.normal(size=(2, 2))    # (state a, quark p)
R_COUPLINGS = RNG.normal(size=(2, 2)) + 1j * RNG.normal(size=(2, 2))


def boost(p, beta):
    b2 = beta @ beta
    gamma = 1 / np.sqrt(1 - b2)
    bp = beta @ p[1:]
    return np.concatenate([[gamma * (p[0] + bp)], p[1:] + ((gamma - 1) * bp / b2 + gamma * p[0]) * beta])


def event(sqrt_s, m_phi):
    """p₁ + p₂ → k_A + k_B + k (k massless) at random angles."""
    e = sqrt_s / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    q = RNG.uniform(2 * m_phi + 1, 0.8 * sqrt_s)
    k_abs = (sqrt_s**2 - q**2) / (2 * sqrt_s)
    n = RNG.normal(size=3)
    k = np.concatenate([[k_abs], k_abs * n / np.linalg.norm(n)])
    system = p1 + p2 - k
    d = RNG.normal(size=3)
    p_star = np.sqrt(q**2 / 4 - m_phi**2) * d / np.linalg.norm(d)
    ka = boost(np.concatenate([[q / 2], p_star]), system[1:] / system[0])
    kb = system - ka
    return p1, p2, ka, kb, k


def explicit_amplitude(spinor_out, spinor_in, ka, kb, k, eps, i, j, p1):
    """v̄/ū(out) Γ(ε) u/v(in) from the six diagrams with explicit vertices V = lP_L + rP_R (Dirac representation)."""
    mu2 = complex_masses(MASSES, WIDTHS)
    total = 0
    for a in range(2):
        v_in = L_COUPLINGS[a, j] * P_L + R_COUPLINGS[a, j] * P_R
        v_out = np.conj(L_COUPLINGS[a, i]) * P_R + np.conj(R_COUPLINGS[a, i]) * P_L
        def heavy(q, mu2=mu2[a]):
            return (slash(q) + np.sqrt(mu2) * np.eye(4)) / (dot(q, q) - mu2)

        def light(q):
            return slash(q) / dot(q, q)

        for a_mom, b_mom in ((ka, kb), (kb, ka)):
            total = total + v_out @ heavy(p1 - k - a_mom) @ v_in @ light(p1 - k) @ slash(eps)
            total = total + v_out @ heavy(p1 - a_mom - k) @ slash(eps) @ heavy(p1 - a_mom) @ v_in
            total = total + slash(eps) @ light(p1 - a_mom - b_mom) @ v_out @ heavy(p1 - a_mom) @ v_in
    return bar(spinor_out) @ total @ spinor_in


def code_value(p1, p2, ka, kb, k, sign=1):
    h = interference_matrices(*(np.array([v]) for v in (p1, p2, ka, kb, k)), complex_masses(MASSES, WIDTHS))
    couplings = np.stack([L_COUPLINGS, R_COUPLINGS])
    return sign * squared_amplitude(h, couplings, couplings)[0]


@pytest.mark.parametrize("sqrt_s,m_phi", [(1500.0, 1.0), (2500.0, 300.0)])
def test_qqbar_to_phi_phi_g_against_explicit_spinors_and_gauge_invariance(sqrt_s, m_phi):
    p1, p2, ka, kb, k = event(sqrt_s, m_phi)
    expected = code_value(p1, p2, ka, kb, k)
    for i in range(2):
        for j in range(2):
            total, gauge = 0.0, 0.0
            for s1 in range(2):
                for s2 in range(2):
                    u, v = u_spinor(p1, 0.0, s1), v_spinor(p2, 0.0, s2)
                    for eps in polarisations(k, 1.0)[:2]:  # the two transverse vectors of tests/dirac.py
                        total += abs(explicit_amplitude(v, u, ka, kb, k, eps, i, j, p1)) ** 2
                    gauge = max(gauge, abs(explicit_amplitude(v, u, ka, kb, k, k, i, j, p1)))
            assert 4 * total == pytest.approx(expected[i, j], rel=1e-8)          # colour C_F N_c = 4
            assert gauge**2 < 1e-12 * total


def test_crossing_to_quark_gluon_initial_state():
    """q_j(p₁) g(p) → q_i(p₃) φφ with explicit spinors equals −Σ|𝓜|²(p₂ → −p₃, k → −p)."""
    sqrt_s = 2000.0
    p1, p_gluon, ka, kb, p3 = event(sqrt_s, 50.0)   # read as q(p1) g(p2) → φ φ q(p3)
    expected = code_value(p1, -p3, ka, kb, -p_gluon, sign=-1)
    for i in range(2):
        for j in range(2):
            total = 0.0
            for s1 in range(2):
                for s3 in range(2):
                    u_in, u_out = u_spinor(p1, 0.0, s1), u_spinor(p3, 0.0, s3)
                    for eps in polarisations(p_gluon, 1.0)[:2]:
                        total += abs(explicit_amplitude(u_out, u_in, ka, kb, -p_gluon, eps, i, j, p1)) ** 2
            assert 4 * total == pytest.approx(expected[i, j], rel=1e-8)


def test_heavy_mediators_give_the_contact_matrix_element():
    """M ≫ √ŝ: Σ|𝓜|² → (|c_R|² + |c_L|²)/2 · Σ|𝓜(S q̄q)|², c_R = 2Σ_a l_a^{i*} r_a^j/M_a (docs/collider.md, Signal)."""
    sqrt_s, heavy = 800.0, np.array([4e5, 6e5])
    p1, p2, ka, kb, k = event(sqrt_s, 10.0)
    h = interference_matrices(*(np.array([v]) for v in (p1, p2, ka, kb, k)), complex_masses(heavy, [0.0, 0.0]))
    couplings = np.stack([L_COUPLINGS, R_COUPLINGS])
    value = squared_amplitude(h, couplings, couplings)[0, 1, 0]
    c_r = 2 * np.sum(np.conj(L_COUPLINGS[:, 1]) * R_COUPLINGS[:, 0] / heavy)
    c_l = 2 * np.sum(np.conj(R_COUPLINGS[:, 1]) * L_COUPLINGS[:, 0] / heavy)
    system = ka + kb
    contact = quark_density_me(sqrt_s**2, dot(p1 - k, p1 - k), dot(p2 - k, p2 - k), dot(system, system))["qqbar"]
    assert value == pytest.approx((abs(c_r) ** 2 + abs(c_l) ** 2) / 2 * contact, rel=1e-4)


def test_eft_and_uv_spectra_agree_at_low_etmiss_and_diverge_at_high_etmiss():
    """m_Q = m_D = 3 TeV, y_q = y_d = (0, 1, 0.2), y₁ = 1: the contact operators of the matched model reproduce the
    full model in EM0 (E_T^miss 200–250 GeV); above 1.2 TeV the heavy states are produced on shell."""
    model = VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1, 0.2], [0, 1, 0.2], 1.0, 0.0)
    uv = vlq_region_cross_sections(model, n_points=3000, seed=4).total
    eft = monojet_cross_sections(contact_theory(model), n_points=8000, seed=4)
    tolerance = 3 * np.hypot(uv.error[0] / uv.sigma[0], eft.error[0] / eft.sigma[0])
    assert uv["EM0"] / eft["EM0"] == pytest.approx(1, abs=tolerance)
    assert uv["EM12"] / eft["EM12"] > 100


def test_yukawa_bound_is_the_direct_exclusion_at_the_bound():
    """yukawa_bound builds σ(y) = σ_FF̄ + y²(σ_res + σ_int) + y⁴(σ_t + σ_φφ) from one computation at y = 1; the full
    signal computed directly at the bound has CLs ≈ 0.05 (the resonant part is scaled in the narrow-width limit, and
    Monte Carlo noise). At m_Q = 2.5 TeV the Yukawa-induced pairs dominate the signal at the bound (y < 2.45 at
    139 fb⁻¹ with NNPDF2.3 LO, the default since issue 16; 1.92 with NNPDF3.1 LO, whose large-x gluon makes
    σ(QCD pairs, 3 TeV) 4 times that of NNPDF2.3 LO and 4–12 times that of the NLO and NNLO sets: at 3 TeV it
    excluded y > 3.16, NNPDF2.3 LO allows every y up to √(4π))."""
    from darkflav.collider.vlq.bounds import benchmark_model, model_exclusion, yukawa_bound

    bound = yukawa_bound(2500.0, n_points=2000)
    assert 2.0 < bound < np.sqrt(4 * np.pi)
    direct = vlq_region_cross_sections(benchmark_model(2500.0, bound), n_points=2000, seed=1)
    assert 0.03 < model_exclusion(direct.total) < 0.1
    assert direct.phi_pairs["IM0"] > direct.pairs["IM0"] > 0 > direct.interference["IM0"]


def test_widths_and_sectors():
    model = VectorLikeQuarks(3000.0, 3200.0, 1.0, [0, 1, 0.2], [0, 1, 0.2])
    down, up = heavy_sectors(model)
    # y₁ = y₂ = 0: F₁ = Q_d, F₂ = D with Γ = Σ|y|² M (1 − m_φ²/M²)²/(32π) (models/vlq.py)
    assert down.masses == pytest.approx([3000.0, 3200.0])
    assert down.widths == pytest.approx(1.04 * down.masses * (1 - 1 / down.masses**2) ** 2 / (32 * np.pi), rel=1e-10)
    assert 0 < up.light_fraction[0] < 1      # Q_u → tφ leaves the signal


def test_errors():
    with pytest.raises(DarkflavError, match="m_Q"):
        heavy_sectors(VectorLikeQuarks(6000.0, 3000.0, 1.0, [0, 1, 0], [0, 1, 0]))
    with pytest.raises(DarkflavError, match="m_D"):
        heavy_sectors(VectorLikeQuarks(3000.0, 1.5, 1.0, [0, 1, 0], [0, 1, 0]))
    with pytest.raises(DarkflavError, match="one VLQ parameter point"):
        heavy_sectors(VectorLikeQuarks([2000.0, 3000.0], 3000.0, 1.0, [0, 1, 0], [0, 1, 0]))


def test_monojet_plots(tmp_path):
    from darkflav.collider.atlas_monojet import RegionCrossSections
    from darkflav.collider.vlq.signal import VLQSignal
    from darkflav.plots.monojet import plot_coefficient_bounds, plot_eft_versus_uv, plot_spectrum_against_atlas

    falling = np.concatenate([np.geomspace(1, 1e-3, 13), np.geomspace(2, 1e-3, 13)])
    part = RegionCrossSections(falling, 0.01 * falling, 0.8 * falling, 1.2 * falling, 100, 1)
    uv = VLQSignal(part, part.scaled(0.1), part.scaled(0.2), part.scaled(0.3), part.scaled(-0.01))
    for path in (plot_spectrum_against_atlas(tmp_path / "s.png", {"signal": part}),
                 plot_eft_versus_uv(tmp_path / "e.png", uv, part),
                 plot_coefficient_bounds(tmp_path / "b.png", [1, 10], {"139": np.array([1e-5, 2e-5])})):
        assert path.stat().st_size > 10_000


def test_vlq_plane_command(tmp_path):
    """`darkflav plot vlq-plane`: the bound on y at one mass, the table and the figure."""
    from typer.testing import CliRunner

    from darkflav.cli import app

    out = tmp_path / "plane.png"
    result = CliRunner().invoke(app, ["plot", "vlq-plane", "--mass", "1000", "--n-points", "600", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    assert "1000" in result.output and "│ 0 " in result.output  # 1 TeV: QCD pairs alone are excluded


def test_the_signal_scaled_in_the_overall_coupling_equals_the_direct_computation():
    """vlq_signal_by_scaling (one Monte Carlo at max |y| = 1, parts × t⁰, t², t⁴) against a direct computation at
    t = 0.5 along the benchmark direction: every EM region within 4 combined Monte Carlo errors; identical at t = 1."""
    from darkflav.collider.vlq.bounds import benchmark_model
    from darkflav.collider.vlq.signal import vlq_region_cross_sections, vlq_signal_by_scaling

    options = {"n_points": 3000, "seed": 2}
    unit = benchmark_model(2000.0, 1.0)
    assert np.array_equal(vlq_signal_by_scaling(unit, **options).total.sigma,
                          vlq_region_cross_sections(unit, **options).total.sigma)
    half = benchmark_model(2000.0, 0.5)
    scaled, direct = vlq_signal_by_scaling(half, **options).total, vlq_region_cross_sections(half, **options).total
    pull = (scaled.sigma[:13] - direct.sigma[:13]) / np.hypot(scaled.error[:13], direct.error[:13])
    assert np.all(np.abs(pull) < 4), pull


def test_points_along_one_direction_share_one_monte_carlo(monkeypatch):
    """Fits and planes scale the signal of the unit-coupling point: every y along y(0, 1, 0.2) asks for the same unit
    model (its direction rounded to 12 digits; y/t differs in the last bit otherwise), so the Monte Carlo runs once."""
    from darkflav.collider.vlq import signal
    from darkflav.collider.vlq.bounds import benchmark_model

    asked = []
    real = signal.vlq_region_cross_sections

    def spy(model, **options):
        asked.append((np.asarray(model.y_q).tobytes(), np.asarray(model.y_d).tobytes()))
        return real(model, **options)

    monkeypatch.setattr(signal, "vlq_region_cross_sections", spy)
    for y in np.geomspace(0.05, 3.5, 7):
        signal.vlq_signal_by_scaling(benchmark_model(2000.0, y), n_points=2000, seed=3)
    assert len(asked) == 7 and len(set(asked)) == 1
