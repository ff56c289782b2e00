"""Measurements, acceptance models and likelihoods against the published numbers."""

import numpy as np
import pytest

import darkflav
from darkflav import DarkEFT, DarkflavError, NeutrinoWET
from darkflav.experiments import Likelihood, acceptance, measurements, presets
from darkflav.models.vlq import VectorLikeQuarks
from darkflav.registry import get as get_observable
from darkflav.registry import predict


def test_every_measurement_is_sourced_and_predictable():
    for name, m in measurements().items():
        assert len(m.source) > 15 and m.status in ("lit", "seeds", "recalled", "verified", "corrected"), name
        if m.kind == "mass_curve":
            boson = darkflav.InvisibleBoson(0, 0.1, {"gS_sb": 1e-9, "gS_sd": 1e-12})
            assert np.isfinite(Likelihood(name).minus_two_log_l(boson)), name
            continue
        if m.kind == "published_likelihood":  # compares a spectrum, not one number
            assert np.isfinite(Likelihood(name).minus_two_log_l(None)), name
            continue
        if not get_observable(m.observable).standard_model:  # dark matter and monojet signals: no SM value
            if m.kind == "lhc_bins":  # no signal: zero by construction (the Monte Carlo is tested elsewhere)
                assert m.minus_two_log_l(np.zeros(13)) == 0, name
                continue
            theory = darkflav.DarkEFT("real scalar", 0.3, {"CS_ss": 1e-4})
            if darkflav.DarkEFT not in get_observable(m.observable).reads:  # an observable of a UV model itself
                theory = VectorLikeQuarks(2000.0, 2000.0, 1.0, [0, 1, 0.2], [0, 1, 0.2], kappa=0.001)
            assert np.isfinite(Likelihood(name).minus_two_log_l(theory)), name
            continue
        x = Likelihood(name).prediction(m, None)
        assert np.isfinite(m.minus_two_log_l(x)), name
    for name, p in presets().items():
        assert all(n in measurements() for n in p["measurements"]), name


def test_belle2_profile_reproduces_the_digitised_curve(shared_data):
    """The package's resampled curve against all 50 points digitised from arXiv:2311.14647
    (HEPLike), within the digitisation noise."""
    path = shared_data / "belle2_bknunu" / "HEPLike_BelleII_2023_Bu2KNuNu_profileLL.dat"
    rows = [line.split() for line in path.read_text().splitlines()[1:]]
    points = np.array([[float(r[1]), float(r[2])] for r in rows if len(r) == 3 and float(r[1]) >= 0])
    m = measurements()["Belle II 2023 B+->K+nunu profile"]
    ours = m.minus_two_log_l(points[:, 0] * 4.97e-6)
    np.testing.assert_allclose(ours, 2 * points[:, 1], atol=0.12)


def test_belle2_result_is_about_three_sigma_from_the_sm():
    """Belle II: 2.7σ above the SM (arXiv:2311.14647); the profile and the Gaussian agree."""
    sm = NeutrinoWET()
    for name in ("Belle II 2023 B+->K+nunu profile", "Belle II 2023 B+->K+nunu"):
        chi2_sm = float(Likelihood(name).minus_two_log_l(sm))
        assert 2.4 < np.sqrt(chi2_sm) < 3.2, (name, chi2_sm)
    best = Likelihood("Belle II 2023 B+->K+nunu profile").best_fit(
        lambda c: NeutrinoWET(C_R={"tautau": c}), {"c": -10.0}, {"c": (-40.0, 0.0)})
    assert best["valid"]
    assert darkflav.predict("BR(B+->K+ nu nu)", NeutrinoWET(C_R={"tautau": best["values"]["c"]})) \
        == pytest.approx(4.5 * 4.97e-6, rel=0.05)


def test_limits_and_asymmetric_errors():
    m = measurements()["Belle 2017 B0->K*0nunu"]
    assert m.minus_two_log_l(0.0) == 0.0
    assert m.minus_two_log_l(1.8e-5) == pytest.approx(1.2816**2, rel=1e-4)  # the 90 % CL point
    na62 = measurements()["NA62 2016-2022 K+->pi+nunu"]
    assert na62.minus_two_log_l(16.3e-11) == pytest.approx(1.0)
    assert na62.minus_two_log_l(10.0e-11) == pytest.approx(1.0)


def test_na62_signal_regions_close_at_130_mev():
    """arXiv:2505.02031: K⁺→π⁺φφ reaches the NA62 window only below the mass where region 2
    (m²_miss < 0.068 GeV²) closes, 2m_φ = √0.068 GeV: m_φ = 130.4 MeV."""
    lh = Likelihood("NA62 2016-2022 K+->pi+nunu")
    m = lh.measurements[0]
    c = 1e-10
    below = lh.prediction(m, DarkEFT("real scalar", 0.129, {"CS_sd": c}))
    above = lh.prediction(m, DarkEFT("real scalar", 0.1315, {"CS_sd": c}))
    total_above = darkflav.predict("BR(K+->pi+ inv)", DarkEFT("real scalar", 0.1315, {"CS_sd": c}))
    sm = darkflav.predict("BR(K+->pi+ nu nu)")
    assert below > sm * 1.01
    assert above == pytest.approx(sm, rel=1e-9)  # blind to the pairs: only the SM is seen
    assert total_above > sm * 1.01  # although the total rate is enhanced


def test_b_to_k_phi_phi_window_at_1_gev():
    """Seed: the coupling band that fills the Belle II window at m_φ = 1 GeV, B_NP = (1.9 ± 0.7)e-5:
    C ∈ (7.3–10.7)/(10⁵ TeV) at 68 % CL in the package normalisation (no efficiency weighting)."""
    lh = Likelihood("seeds B+->K+ NP Belle II")
    couplings = np.linspace(0, 15e-8, 1501)
    allowed = lh.allowed_region(lambda m, c: DarkEFT("real scalar", m, {"CS_sb": c}), [1.0], couplings,
                                cl=0.68)
    band = couplings[allowed[0]]
    assert band.min() == pytest.approx(7.3e-8, rel=0.03)
    assert band.max() == pytest.approx(10.7e-8, rel=0.03)


def test_seeds_preset_prefers_the_window_over_the_sm():
    lh = Likelihood("seeds Belle II window")
    phi = DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8})
    assert lh.minus_two_log_l(phi) < lh.minus_two_log_l(None) - 5


def test_bad_likelihood_input():
    suggestion = r"unknown measurement .* Did you mean 'Belle II 2023 B\+->K\+nunu profile'"
    with pytest.raises(DarkflavError, match=suggestion):
        Likelihood("Belle II 2023 B+->K+nunu profil")
    with pytest.raises(DarkflavError, match=r"cl = 1.5 must lie in \(0, 1\)"):
        Likelihood("seeds Belle II").allowed_region(lambda m, c: DarkEFT("real scalar", m, {"CS_sb": c}),
                                                     [1.0], [1e-8], cl=1.5)
    with pytest.raises(DarkflavError, match="NeutrinoWET and DarkEFT"):
        Likelihood("seeds Belle II").minus_two_log_l(darkflav.InvisibleBoson(0, 1.0, {"gS_sb": 1e-8}))


def test_two_body_limit_curves_follow_the_published_tables(shared_data):
    """The package's resampled limit curves against every row of the tables (ALPaca recasts)."""
    from scipy.stats import norm

    z2 = norm.ppf(0.9) ** 2
    cases = [("NA62 2016-2022 K+->pi+X", "kaon_invisible/ALPaca_Kpialp_na62.txt", "BR(K+->pi+ X)", 0.25),
             ("KOTO 2015 KL->pi0X", "kaon_invisible/ALPaca_koto_KLpiInv.txt", "BR(KL->pi0 X)", 1e-4)]
    for name, filename, _, tolerance in cases:
        table = np.loadtxt(shared_data / filename)
        mass, limit = 0.5 * (table[:, 0] + table[:, 1]), table[:, 2]
        ok = np.isfinite(limit)
        m = measurements()[name]
        # at the published limit the likelihood is z(90 %)²; between the kept points within `tolerance`
        values = m.minus_two_log_l(limit[ok], mass[ok])
        close = np.abs(np.sqrt(values / z2) - 1) < tolerance
        assert close.mean() > 0.9, (name, close.mean())
    belle = np.loadtxt(shared_data / "belle2_bknunu" / "ALPaca_BelleII_BtoKinv.txt")
    m = measurements()["Belle II 2025 B+->K+X"]
    limits = belle[(belle[:, 1] == 0) & (belle[:, 0] < 4.6)]
    np.testing.assert_allclose(m.minus_two_log_l(limits[::2, 3], limits[::2, 0])[:3], z2, rtol=1e-6)


def test_two_body_measurements_need_a_boson():
    lh = Likelihood("Belle II 2025 B+->K+X")
    assert lh.minus_two_log_l(darkflav.InvisibleBoson(0, 1.0, {"gS_sb": 1e-10})) < 0.1
    assert lh.minus_two_log_l(darkflav.InvisibleBoson(0, 1.0, {"gS_sb": 1e-8})) > 20
    assert lh.minus_two_log_l(darkflav.InvisibleBoson(0, 5.0, {"gS_sb": 1e-8})) == 0  # no data there
    with pytest.raises(DarkflavError, match="InvisibleBoson"):
        lh.minus_two_log_l(DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8}))


def test_koto_acceptance_folds_the_two_body_curve_with_the_pair_spectrum(params):
    """KOTO's relative acceptance in the missing mass, from its K_L → π⁰X limits: the SM is unchanged,
    a pair spectrum is weighted by ε(q²) (between its extremes over 4m² ≤ q² ≤ q²_max, relative to ⟨ε⟩_SM),
    and pairs heavier than the last tabulated mass are invisible to KOTO."""
    koto = acceptance.get("KOTO acceptance")
    assert koto.effective("BR(KL->pi0 inv)", None, params) == pytest.approx(predict("BR(KL->pi0 inv)", None, params))
    eps_sm = predict("BR(KL->pi0 inv)", None, params) / koto.effective("BR(KL->pi0 inv)", None, params)
    q2_max = (params["m_K0"] - params["m_pi0"]) ** 2
    grid = np.linspace(0, q2_max, 2001)
    epsilon = np.interp(grid, koto.q2, koto.epsilon, right=0.0)
    sm_part = koto.effective("BR(KL->pi0 inv)", None, params)
    for m in (0.0, 0.06, 0.11):
        theory = DarkEFT("real scalar", m, {"CS_sd": 3e-11})
        pairs = predict("BR(KL->pi0 XX)", theory, params)
        ratio = (koto.effective("BR(KL->pi0 inv)", theory, params) - sm_part) / pairs
        allowed = epsilon[grid >= 4 * m**2]
        assert allowed.min() * eps_sm - 1e-3 <= ratio <= allowed.max() * eps_sm + 1e-3
    heavy = DarkEFT("real scalar", 0.135, {"CS_sd": 3e-11})
    assert predict("BR(KL->pi0 XX)", heavy, params) > 1e-10
    assert koto.effective("BR(KL->pi0 inv)", heavy, params) == pytest.approx(sm_part, rel=1e-6)
