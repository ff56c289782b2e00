"""pp → φφ + j and pp → QQ̄ cross sections: published LO benchmark, identities, scaling, errors."""

import numpy as np
import pytest

import darkflav
from darkflav.collider import monojet
from darkflav.collider.atlas_monojet import EXCLUSIVE, REGIONS, coefficient_limit
from darkflav.collider.monojet import PhiPhiJet, monojet_cross_sections, unit_region_cross_sections
from darkflav.collider.pdf import load_pdf
from darkflav.collider.phase_space import adapted_sample, two_to_two
from darkflav.collider.vlq.production import HeavyQuarkPair
from darkflav.errors import DarkflavError
from darkflav.parameters import Parameters

from .test_docs import check

pytest.importorskip("pythia8mc")
N = 12_000
#: Pythia's PDF:pSet 18 (the comparisons below were set up with it; darkflav's default is NNPDF2.3 LO since issue 16)
PYTHIA_PDF = "NNPDF31_lo_as_0118"


def test_top_pair_lo_cross_section_against_madgraph5_amcatnlo():
    """σ_LO(pp → tt̄, 13 TeV) = 458.4 pb (+22.6 % −17.0 %), Alwall et al., JHEP 07 (2014) 079 (arXiv:1405.0301),
    Table 7 (process a.1), m_t = 173.2 GeV, μ_R = μ_F = H_T/2, NNPDF2.3 NLO PDFs (our reading of the set-up).
    Tolerance 5 %: α_s at one loop here, grid interpolation and 1 % Monte Carlo error."""
    params = Parameters.default()
    process = HeavyQuarkPair(173.2, 0.0, load_pdf("NNPDF23_nlo_as_0119_qed"), params)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, N, seed=3, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u))
    assert error[0] / sigma[0] < 0.01
    assert sigma[0] / 1000 == pytest.approx(458.4, rel=0.05)
    assert sigma.min() < 458.4e3 * (1 - 0.17) < sigma[0] < 458.4e3 * (1 + 0.226) < sigma.max()
    check("collider.md", "reproduced within 5 % ({} pb, +{} %; 12 000 points, seed 3)", sigma[0] / 1000,
          100 * (sigma[0] / 458.4e3 - 1))


def pythia_cross_section(process_settings: list[str], n_events: int = 20_000):
    """(Pythia, σ, its error in fb) of Pythia 8's hard process alone (no shower, no decays) at 13 TeV with
    the grid PYTHIA_PDF (Pythia's PDF:pSet 18 is NNPDF3.1 LO, α_s(M_Z) = 0.118) and α_s(M_Z) = 0.118 at
    one loop with five flavours (darkflav's running; Pythia's default switches to six above m_t)."""
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    for setting in ["Beams:eCM = 13000", "PDF:pSet = 18", "SigmaProcess:alphaSvalue = 0.118",
                    "SigmaProcess:alphaSorder = 1", "StandardModel:alphaSnfmax = 5", "PartonLevel:all = off",
                    "HadronLevel:all = off", "ProcessLevel:resonanceDecays = off", "Random:setSeed = on",
                    "Random:seed = 7", "Print:quiet = on", *process_settings]:
        assert pythia.readString(setting), setting
    assert pythia.init()
    for _ in range(n_events):
        pythia.next()
    info = pythia.infoPython()
    return pythia, info.sigmaGen() * 1e12, info.sigmaErr() * 1e12  # mb → fb


@pytest.mark.parametrize("mass", [1500.0, 173.2])
def test_heavy_quark_pair_against_pythia8(mass):
    """LO pp → QQ̄ of a 1.5 TeV colour-triplet fermion (the VLQ mass range) and of the top quark against Pythia 8's
    Top:gg2ttbar and Top:qqbar2ttbar with m_t set to the mass, same PDFs, α_s and scale μ_R = μ_F = m_T (Pythia's
    default for 2 → 2 with equal masses). All top decay modes are switched on: otherwise Pythia scales σ by the open
    fraction of the top width (t → H⁺b, off by default, opens at 1.5 TeV), 8 % at 1.5 TeV. Measured 1.587 ± 0.011 fb
    (darkflav) against 1.600 ± 0.006 fb (Pythia 8.317), and 440.3 against 442.0 pb for m_t = 173.2 GeV."""
    _, reference, reference_error = pythia_cross_section(
        ["Top:gg2ttbar = on", "Top:qqbar2ttbar = on", f"6:m0 = {mass}", "6:mWidth = 0", "6:doForceWidth = on",
         "6:onMode = on"])
    params = Parameters.default()
    process = HeavyQuarkPair(mass, 0.0, load_pdf(PYTHIA_PDF, params=params), params)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, N, seed=3, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u)[:, 0])
    assert error / sigma < 0.01
    assert abs(sigma - reference) < 3 * np.hypot(error, reference_error)
    assert sigma == pytest.approx(reference, rel=0.02)
    if mass == 1500.0:
        check("collider.md", "{} ± {} fb against {} ± {} fb at M = 1.5 TeV", sigma, error, reference, reference_error)
    else:
        check("collider.md", "{} against {} pb at 173.2 GeV", sigma / 1000, reference / 1000)


class HiggsPlusJet(PhiPhiJet):
    """pp → S + parton through the gluon operator with S at a fixed mass: PhiPhiJet's code without the φφ
    mass integral (u₀ unused), for unit coupling L = S G^a_{μν}G^{aμν} at the scale 2 GeV."""

    mass = 125.0

    def kinematics(self, u):
        return two_to_two(u[:, 1:], self.sqrt_s, 0.0, self.mass, self.pt_min), 1.0


def test_higgs_plus_jet_against_pythia8(monkeypatch):
    """The gluon-fusion monojet benchmark pp → H(→ invisible) + jet, LO heavy-top limit, p_T > 200 GeV, 13 TeV,
    with the package's gluon-operator code (matrix elements, PDFs, α_s, phase space, vegas) against Pythia 8's
    HiggsSM:gg2Hg(l:t), qg2Hq(l:t), qqbar2Hg(l:t) (heavy-top kinematics normalised to Γ(H → gg), Pythia's
    HiggsProcesses documentation). Same grid (Pythia's PDF:pSet 18 is NNPDF3.1 LO, α_s(M_Z) = 0.118), one-loop
    α_s, fixed μ_R = μ_F = m_H. The coupling c of L = c H GG follows from Pythia's Γ(H → gg) = 2c²m_H³/π
    (the heavy-top width G_F α_s² m³/(36√2π³) for c = α_s/(12πv)). Measured 821.7 ± 3.9 fb (darkflav) against
    824.5 ± 3.2 fb (Pythia 8.317, 20 000 events)."""
    from darkflav.collider import monojet

    pythia, reference, reference_error = pythia_cross_section(
        ["HiggsSM:gg2Hg(l:t) = on", "HiggsSM:qg2Hq(l:t) = on", "HiggsSM:qqbar2Hg(l:t) = on", "25:m0 = 125",
         "PhaseSpace:pTHatMin = 200", "SigmaProcess:renormScale2 = 5", "SigmaProcess:factorScale2 = 5",
         "SigmaProcess:renormFixScale = 15625", "SigmaProcess:factorFixScale = 15625"])
    width_gg = pythia.particleData.resWidthChan(25, 125.0, 21, 21)

    params = Parameters.default()
    monkeypatch.setattr(monojet, "central_scale", lambda k: np.full_like(k.pt, HiggsPlusJet.mass))
    process = HiggsPlusJet("gg", 1.0, load_pdf(PYTHIA_PDF, params=params), params, 200.0, np.inf)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, 20_000, seed=2, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u)[:, 0])
    coupling2 = np.pi * width_gg / (2 * HiggsPlusJet.mass**3)  # c² at μ = m_H; PhiPhiJet's C_G is given at 2 GeV
    scale = coupling2 * (process.alpha_s_gluon_scale / process.pdf.alpha_s(HiggsPlusJet.mass)) ** 2
    assert error / sigma < 0.01 and reference_error / reference < 0.01
    assert abs(sigma * scale - reference) < 3 * np.hypot(error * scale, reference_error)
    assert sigma * scale == pytest.approx(reference, rel=0.02)
    ours, ours_error = sigma * scale, error * scale
    check("collider.md", "darkflav {} ± {} fb, Pythia 8.317 (HiggsSM:gg2Hg, qg2Hq, qqbar2Hg (l:t), 20 000 events) "
          "{} ± {} fb, {} % ({}σ)", ours, ours_error, reference, reference_error, 100 * (ours / reference - 1),
          abs(ours - reference) / np.hypot(ours_error, reference_error))


def test_heavy_quark_decays_conserve_momentum():
    process = HeavyQuarkPair(1500.0, 100.0, load_pdf(), Parameters.default())
    u = np.random.default_rng(0).random((50, process.dim))
    jets, invisible = process.final_state(u)
    k = process.kinematics(u)
    total = jets.sum(axis=1) + invisible.sum(axis=1)
    sqrt_s = 13000.0
    assert np.allclose(total[:, 0], (k.x1 + k.x2) * sqrt_s / 2, rtol=1e-10, atol=0)
    assert np.allclose(total[:, 3], (k.x1 - k.x2) * sqrt_s / 2, rtol=1e-8, atol=1e-6)
    assert np.allclose(total[:, 1:3], 0, atol=1e-8)
    assert np.allclose(invisible[..., 0] ** 2 - (invisible[..., 1:] ** 2).sum(-1), 100.0**2, rtol=1e-6, atol=0)


def test_phase_space_identities():
    process = PhiPhiJet("ss", 1.0, load_pdf(), Parameters.default(), 200.0, 2.4)
    u = np.random.default_rng(1).random((200, 4))
    k, _ = process.kinematics(u)
    assert np.allclose(k.shat + k.t1 + k.t2, k.m4**2, rtol=1e-8, atol=1e-3)
    assert np.allclose(k.t1 * k.t2 / k.shat, k.pt**2, rtol=1e-8, atol=0)


def test_region_cross_sections_are_consistent():
    r = unit_region_cross_sections("sb", 1.0, n_points=N, seed=2)
    em, im = r.sigma[: len(EXCLUSIVE)], r.sigma[len(EXCLUSIVE):]
    assert im[0] == pytest.approx(em.sum(), rel=1e-10)              # IM0 = all EM bins
    assert np.allclose(im, np.cumsum(em[::-1])[::-1], rtol=1e-10, atol=0)   # IMn = Σ_{k ≥ n} EMk
    assert r.error[REGIONS.index("IM0")] / r["IM0"] < 0.02
    assert np.all((r.scale_low <= r.sigma) & (r.sigma <= r.scale_high))
    # EFT truncation √ŝ < 1 TeV removes the high-E_T^miss tail (p_T ≤ √ŝ/2)
    cut = unit_region_cross_sections("sb", 1.0, n_points=N, seed=2, sqrt_shat_max=1000.0)
    assert cut["IM6"] == 0 and 0 < cut["IM0"] < r["IM0"]


def test_dark_eft_cross_sections_add_in_quadrature_of_coefficients():
    single = unit_region_cross_sections("ss", 1.0, n_points=N, seed=1)
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_ss": 3e-3, "CP_ss": 4e-3})
    total = monojet_cross_sections(theory, n_points=N, seed=1)
    assert np.allclose(total.sigma, 25e-6 * single.sigma, rtol=1e-12, atol=0)
    # a pair whose coefficients vanish adds nothing and costs no Monte Carlo
    with_zero = darkflav.DarkEFT("real scalar", 1.0, {"CS_ss": 3e-3, "CP_ss": 4e-3, "CS_db": 0.0})
    assert np.array_equal(monojet_cross_sections(with_zero, n_points=N, seed=1).sigma, total.sigma)
    assert not any(key[0] == "db" for key in monojet._CACHE)
    zero = monojet_cross_sections(darkflav.DarkEFT("real scalar", 1.0, {"CS_ss": 0.0}), n_points=N, seed=1)
    assert np.all(zero.sigma == 0)


def test_gluon_operator_grows_with_energy():
    quark = unit_region_cross_sections("ss", 1.0, n_points=N, seed=1)
    gluon = unit_region_cross_sections("gg", 1.0, n_points=N, seed=1)
    # the dimension-7 gluon operator's spectrum is harder than the dimension-5 quark operator's: 18 times more
    # EM12/EM0 with NNPDF2.3 LO (more than 20 with NNPDF3.1 LO, whose large-x strange quark is clipped)
    assert gluon["EM12"] / gluon["EM0"] > 10 * quark["EM12"] / quark["EM0"]


def test_errors():
    with pytest.raises(DarkflavError, match="m_phi"):
        unit_region_cross_sections("ss", 5000.0)
    with pytest.raises(DarkflavError, match="quark-flavour pair"):
        unit_region_cross_sections("tt", 1.0)
    with pytest.raises(DarkflavError, match="m_Q"):
        HeavyQuarkPair(7000.0, 1.0, load_pdf(), Parameters.default())
    with pytest.raises(DarkflavError, match="real scalar"):
        monojet_cross_sections(darkflav.DarkEFT("Dirac fermion", 1.0, {"CSS_ss": 1e-6}))


# --- issue 16: precision per region, PDF choice and envelope, C_G running, bounds with their components -------------
def _direct_high_pt(pair: str, m_phi: float, pt_min: float, n_points: int, seed: int) -> tuple[float, float]:
    """σ(p_T > pt_min, |y_j| < 2.4) of PhiPhiJet integrated directly (no selection, no E_T^miss regions): at LO
    the ATLAS selection keeps every such event and E_T^miss = p_T, so this is IMn for pt_min = its threshold."""
    from darkflav.collider.atlas_monojet import analysis

    params = Parameters.default()
    process = PhiPhiJet(pair, m_phi, load_pdf(None, params=params), params, pt_min,
                        analysis()["selection"]["leading_jet_eta_max"])
    sample = adapted_sample(process.central_weights, process.dim, n_points, seed=seed, n_adapt=20_000)
    sigma, error = sample.estimate(process.central_weights(sample.u))
    return float(sigma), float(error)


def test_im12_at_one_percent_agrees_with_the_direct_high_pt_calculation_over_seeds():
    """Acceptance test of issue 16: IM12 (E_T^miss > 1200 GeV) of C^{sb} at m_φ = 1 GeV at the default 1 % precision
    per region, over seeds 1–6, against σ(p_T > 1200 GeV) computed directly with 2 × 150 000 points (0.2 %):
    the mean within 1.5 %, each seed's error near 1 %, the spread over seeds consistent with the errors. Measured:
    mean/direct = 0.9991 ± 0.0019 and spread 1.06 % over 30 seeds (reported errors 0.93 %); before issue 16 (one
    map for all regions, 40 000 points) IM12 had 9–10 % errors."""
    direct = [_direct_high_pt("sb", 1.0, 1200.0, 150_000, seed) for seed in (101, 102)]
    reference = np.mean([d[0] for d in direct])
    assert abs(direct[0][0] - direct[1][0]) < 4 * np.hypot(direct[0][1], direct[1][1])
    im12 = np.array([[r["IM12"], r.error[REGIONS.index("IM12")]] for r in
                     (unit_region_cross_sections("sb", 1.0, seed=seed) for seed in range(1, 7))])
    ratio, relative_errors = im12[:, 0] / reference, im12[:, 1] / im12[:, 0]
    print(f"IM12/direct over 6 seeds: mean {ratio.mean():.4f}, spread {ratio.std(ddof=1):.4f}, "
          f"errors {relative_errors.mean():.4f}; direct {reference:.5g} fb")
    assert abs(ratio.mean() - 1) < 0.015
    assert np.all(relative_errors < 0.012)
    assert ratio.std(ddof=1) < 2.5 * relative_errors.mean()
    reference_error = np.hypot(direct[0][1], direct[1][1]) / 2
    check("collider.md", "the test (seeds 1–6; direct σ from 2 × 150 000 points, {} fb ± {} %) gives mean ratio {}, "
          "spread {} %, reported errors averaging {} %", reference, 100 * reference_error / reference, ratio.mean(),
          100 * ratio.std(ddof=1), 100 * relative_errors.mean())
    # the MC error folded into the likelihood (Recast) at this 1 % precision
    r = unit_region_cross_sections("sb", 1.0, seed=1)
    loosening = coefficient_limit(r) / coefficient_limit(r, mc_error=False) - 1
    check("collider.md", "at 1 % per region it loosens the bound on C^{sb} at m_φ = 1 GeV by {} relative (seed 1)",
          loosening)


def test_every_region_reaches_the_requested_precision():
    r = unit_region_cross_sections("gg", 100.0, precision=0.05, seed=4)
    assert r.precision == 0.05
    assert np.all(r.relative_error <= 0.05 * 1.2) and np.all(r.sigma > 0)
    em = r.sigma[: len(EXCLUSIVE)]
    assert np.allclose(r.sigma[len(EXCLUSIVE):], np.cumsum(em[::-1])[::-1], rtol=1e-12, atol=0)
    # the inclusive errors are the bins' in quadrature (independent strata)
    em_error = r.error[: len(EXCLUSIVE)]
    assert r.error[REGIONS.index("IM10")] == pytest.approx(np.sqrt(np.sum(em_error[10:] ** 2)), rel=1e-12)
    assert np.all((r.scale_low <= r.sigma) & (r.sigma <= r.scale_high))
    with pytest.raises(DarkflavError, match="precision"):
        unit_region_cross_sections("gg", 100.0, precision=0.9)


def test_pdf_envelope_at_the_issues_four_points():
    """The envelope of the sets of pdf_sets.yaml at m_φ = 1 and 500 GeV, p_T > 200 (IM0) and > 1200 GeV (IM12), for
    C^{sb} (5 % precision here). Each reweighted row equals a direct computation with that set as the main PDF
    (checked for NNPDF3.1 LO: the default before issue 16), and the envelope spans NNPDF3.1 LO's suppression of the
    large-x strange quark. Measured at 1 % (docs/collider.md): σ(NNPDF3.1 LO)/σ(default) = 0.57, 0.13 (m_φ = 1 GeV),
    0.30, 0.086 (500 GeV)."""
    for m_phi in (1.0, 500.0):
        r = unit_region_cross_sections("sb", m_phi, precision=0.05, seed=3, pdf_envelope=True)
        row = r.pdf_names.index(PYTHIA_PDF)
        direct = unit_region_cross_sections("sb", m_phi, precision=0.05, seed=8, pdf=PYTHIA_PDF)
        for region in ("IM0", "IM12"):
            k = REGIONS.index(region)
            ratios = r.pdf_sigma[:, k] / r.sigma[k]
            print(f"m_phi = {m_phi:g} GeV {region}: " + ", ".join(f"{n} {q:.3f}" for n, q in zip(r.pdf_names, ratios,
                                                                                                strict=True)))
            assert r.pdf_low[k] <= r.sigma[k] <= r.pdf_high[k]
            assert abs(r.pdf_sigma[row, k] - direct.sigma[k]) < 3 * np.hypot(r.pdf_error[row, k], direct.error[k])
        assert r.pdf_high[REGIONS.index("IM12")] / r.pdf_low[REGIONS.index("IM12")] > 3


def test_negative_pdf_values_are_reported_not_hidden():
    """With NNPDF3.1 LO (negative large-x strange) the fraction of σ(sb) that its negative values would remove is
    reported and grows with E_T^miss: measured 0.19 (IM0) and 8.8 (IM12: kept, the negative s(x) would make σ
    negative, 7.8 times the clipped σ below zero); the default set's is below 10⁻⁴ in every region."""
    clipped = unit_region_cross_sections("sb", 1.0, precision=0.05, seed=2, pdf=PYTHIA_PDF)
    fraction = clipped.negative_fraction
    print(f"NNPDF3.1 LO, sb, m_phi = 1 GeV: negative fraction IM0 {fraction[REGIONS.index('IM0')]:.3f}, "
          f"IM12 {fraction[REGIONS.index('IM12')]:.3f}")
    assert 0.05 < fraction[REGIONS.index("IM0")] < fraction[REGIONS.index("IM12")]
    check("collider.md", "m_φ = 1 GeV (5 % precision, seed 2): {} in IM0 and {} in IM12",
          fraction[REGIONS.index("IM0")], fraction[REGIONS.index("IM12")])
    default = unit_region_cross_sections("sb", 1.0, precision=0.05, seed=2)
    assert np.all(np.abs(default.negative_fraction) < 1e-4)


def test_gluon_operator_runs_in_one_scheme():
    """C_G(μ) = C_G(2 GeV) α_s(μ)/α_s(2 GeV) with both couplings from the set's one-loop running (three flavours at
    2 GeV): α_s(2 GeV) = 0.269 for NNPDF2.3 LO, not the four-loop 0.2926 of the inputs; σ_G scales as its
    inverse square (+18 % against the mixed scheme)."""
    params = Parameters.default()
    process = PhiPhiJet("gg", 1.0, load_pdf(), params, 200.0, 2.4)
    expected = process.pdf.alpha_s_flavours(2.0, 3, (params["m_c(m_c)"], params["m_b(m_b)"]))
    assert process.alpha_s_gluon_scale == pytest.approx(expected, rel=1e-12)
    assert process.alpha_s_gluon_scale == pytest.approx(0.269, abs=1e-3)
    u = np.random.default_rng(3).random((100, 4))
    mixed = process.with_pdf(process.pdf)
    mixed.alpha_s_gluon_scale = float(params["alpha_s(2GeV)"])
    ours, theirs = process.weights(u), mixed.weights(u)
    inside = theirs[:, 0] > 0
    assert inside.sum() > 20
    np.testing.assert_allclose(ours[inside] / theirs[inside], (0.2926 / expected) ** 2, rtol=1e-12)
    raised = float(np.mean(ours[inside] / theirs[inside]))
    check("collider.md", "α_s(2 GeV) = {} for NNPDF2.3 LO", expected)
    check("collider.md", "input α_s(2 GeV) = {}: two schemes, σ_G low by ({}/{})² = {}, i.e. the fix raises σ_G by "
          "{} % (×{} exactly, test) and tightens the C_G bounds by {} %", mixed.alpha_s_gluon_scale, expected,
          mixed.alpha_s_gluon_scale, 1 / raised, 100 * (raised - 1), raised, 100 * (1 - raised**-0.5))


def test_mc_error_folded_into_the_limit_equals_a_second_profiled_nuisance():
    """σ_b → √(σ_b² + μ²δs²) is the exact profile of two Gaussian nuisances entering λ linearly (numerical check in
    one region), and a larger MC error loosens the bound."""
    import dataclasses

    from scipy.optimize import minimize

    from darkflav.collider.atlas_monojet import _profiled_deviance

    s, n, b, sb, ds, mu = 300.0, 1200.0, 1000.0, 40.0, 30.0, 1.3

    def two_nuisances(theta):
        lam = mu * s + b + theta[0] * sb + theta[1] * mu * ds
        return 2 * (lam - n + n * np.log(n / lam)) + theta[0] ** 2 + theta[1] ** 2

    numeric = minimize(two_nuisances, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-12}).fun
    assert _profiled_deviance(mu, np.array([s]), np.array([n]), np.array([b]), np.array([sb]),
                              np.array([ds])) == pytest.approx(numeric, abs=1e-6)
    unit = unit_region_cross_sections("ss", 1.0, precision=0.05, seed=1)
    folded, bare = coefficient_limit(unit), coefficient_limit(unit, mc_error=False)
    noisy = coefficient_limit(dataclasses.replace(unit, error=10 * unit.error))
    assert bare <= folded < noisy


def test_bounds_with_scale_pdf_and_mc_components():
    from darkflav.collider.monojet import coefficient_bounds, coefficient_bounds_with_uncertainties

    (result,) = coefficient_bounds_with_uncertainties("sb", [1.0], precision=0.05, seed=5)
    assert result.bound == pytest.approx(float(coefficient_bounds("sb", [1.0], precision=0.05, seed=5)[0]))
    assert result.scale[0] < result.bound < result.scale[1]
    assert result.pdf[0] <= result.bound <= result.pdf[1] and result.pdf[1] / result.pdf[0] > 1.2
    assert 0 < result.mc < 0.05 * result.bound
    assert set(result.as_dict()) == {"mass", "bound", "scale", "pdf", "mc"}


def test_monojet_command_prints_bounds_with_their_components():
    import json

    from typer.testing import CliRunner

    from darkflav.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["monojet", "--pair", "ss", "--mass", "1", "--precision", "0.05", "--seed", "3",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (entry,) = data["bounds"]
    assert entry["scale"][0] < entry["bound"] < entry["scale"][1] and entry["mc"] > 0
    assert entry["pdf"][0] <= entry["bound"] <= entry["pdf"][1]
    im12 = entry["regions"]["IM12"]
    assert 0 < im12["mc_error_fb"] < 0.06 * im12["sigma_fb_per_unit"]
    assert set(im12["pdf_sets_fb"]) == set(data["pdf_sets"]) and im12["negative_pdf_fraction"] < 1e-3
    text = runner.invoke(app, ["monojet", "--pair", "ss", "--mass", "1", "--precision", "0.05", "--seed", "3",
                               "--regions"])
    assert text.exit_code == 0 and "EM12" in text.output and "PDF envelope: NNPDF23_lo_as_0119_qed" in text.output
    bad = runner.invoke(app, ["monojet", "--pair", "ss", "--mass", "1", "--precision", "2"])
    assert bad.exit_code == 1 and "precision" in bad.output and "outside the allowed range" in bad.output
    bad = runner.invoke(app, ["monojet", "--pair", "ss", "--mass", "1", "--pdf", "NoSuchSet"])
    assert bad.exit_code == 1 and "NoSuchSet" in bad.output
