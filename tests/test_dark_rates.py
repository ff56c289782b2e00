"""Invisible pairs: published benchmarks, limits and identities, the Belle II window, bad input."""

import numpy as np
import pytest

import darkflav
from darkflav import DarkEFT, DarkflavError, NeutrinoWET
from darkflav.decays import b_to_k, dark_pairs
from darkflav.eft import dark


def test_real_scalar_benchmark_row(params):
    """Package normalisation (docs/conventions.md, "Dark-pair rates: master formula"): B(B⁺→K⁺φφ) for C^S (s̄b)φ² + h.c.
    with C^S = 10⁻⁸ GeV⁻¹, i.e. the package's ½C_dφ normalisation at C_dφ = 2×10⁻⁸ GeV⁻¹
    (HPQCD f₀, m_b = 4.18, m_s = 0.0934 GeV)."""
    e = DarkEFT("real scalar", np.array([0.0, 0.5, 1.0, 2.0]), {"CS_sb": 2e-8})
    np.testing.assert_allclose(darkflav.predict("BR(B+->K+ XX)", e),
                               [1.416e-6, 1.248e-6, 9.090e-7, 1.418e-7], rtol=5e-3)


def test_closed_channel_is_zero_not_an_error(params):
    m_max = (params["m_B+"] - params["m_K+"]) / 2
    e = DarkEFT("Dirac fermion", np.array([m_max * 0.999, m_max, 3.0]), {"CVV_sb": 1e-7})
    br = darkflav.predict("BR(B+->K+ XX)", e)
    assert br[0] > 0 and br[1] == 0 and br[2] == 0
    assert darkflav.predict("dBR/dq2(B+->K+ XX)", DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8}), q2=3.9) == 0


@pytest.mark.parametrize("species, operator, power", [
    ("real scalar", "CS", 1), ("complex scalar", "CS", 1), ("complex scalar", "CV", 3),
    ("Dirac fermion", "CSS", 3), ("Dirac fermion", "CSP", 1), ("Dirac fermion", "CVV", 1),
    ("Majorana fermion", "CSS", 3), ("Majorana fermion", "CSP", 1),
    ("real vector", "CS", 1), ("complex vector", "CV", 3),
])
def test_threshold_behaviour_s_and_p_waves(species, operator, power):
    """dΓ/dq² ∝ β (s-wave) or β³ (p-wave) as q² → 4m²."""
    m = 0.8
    e = DarkEFT(species, m, {f"{operator}_sb": 1e-7})
    q2 = 4 * m**2 * (1 + np.array([1e-6, 4e-6]))
    rate = darkflav.predict("dBR/dq2(B+->K+ XX)", e, q2=q2)
    beta = np.sqrt(1 - 4 * m**2 / q2)
    assert rate[0] / rate[1] == pytest.approx((beta[0] / beta[1]) ** power, rel=1e-4)


def test_majorana_axial_current_has_both_waves():
    """(s̄γ^μb)(χ̄γ_μγ₅χ): the time component (∝ m²) is s-wave, the spatial part p-wave."""
    e = DarkEFT("Majorana fermion", 0.8, {"CVA_sb": 1e-7})
    q2 = 4 * 0.64 * (1 + np.array([1e-8, 4e-8]))
    rate = darkflav.predict("dBR/dq2(B+->K+ XX)", e, q2=q2)
    assert rate[0] / rate[1] == pytest.approx(0.5, rel=1e-3)


def test_massless_dirac_left_current_is_one_neutrino_flavour(params):
    """(s̄γ^μP_Lb)(χ̄γ_μ(1−γ₅)χ) with coefficient N C: in the ½ normalisation C_VV = N C, C_VA = −N C,
    C_AV = −N C, C_AA = N C. Compared with one LFV entry C_L^{eμ} (no SM interference)."""
    from darkflav.decays.common import nunu_prefactor

    c = 3.0 - 1.0j
    n = np.sqrt(nunu_prefactor(params, b_to_k.lambda_t(params)))
    coefficients = {"CVV_sb": n * c, "CVA_sb": -n * c, "CAV_sb": -n * c, "CAA_sb": n * c}
    for mode in ("B+->K+", "B0->K*0"):
        dirac = darkflav.predict(f"BR({mode} XX)", DarkEFT("Dirac fermion", 0.0, coefficients))
        nu_name = f"BR({mode} nu nu)"
        one_flavour = darkflav.predict(nu_name, NeutrinoWET(C_L={"emu": c})) - darkflav.predict(nu_name)
        assert dirac == pytest.approx(one_flavour, rel=1e-6)


def test_majorana_vector_bilinears_vanish_and_are_rejected():
    with pytest.raises(DarkflavError, match="vanishes for a Majorana field"):
        DarkEFT("Majorana fermion", 0.1, {"CVV_sb": 1.0})
    with pytest.raises(DarkflavError, match="vanishes for a real field"):
        DarkEFT("real scalar", 0.1, {"CV_sb": 1.0})
    with pytest.raises(DarkflavError, match="vanishes for a real field"):
        DarkEFT("real vector", 0.1, {"CA_sb": 1.0})


def test_majorana_is_twice_dirac_for_scalar_and_axial_bilinears():
    """Factor 2 in the Feynman rule and ½ for identical particles (docs/conventions.md, "Invisible pairs")."""
    for op in ("CSS", "CSP", "CVA", "CAA", "CPP"):
        for mode in ("B+->K+", "B0->K*0"):
            d = darkflav.predict(f"BR({mode} XX)", DarkEFT("Dirac fermion", 0.4, {f"{op}_sb": 1e-7}))
            mj = darkflav.predict(f"BR({mode} XX)", DarkEFT("Majorana fermion", 0.4, {f"{op}_sb": 1e-7}))
            assert mj == pytest.approx(2 * d, rel=1e-12, abs=1e-30)


def test_kl_over_kplus_from_isospin_and_lifetimes(params):
    """Real C of (s̄d)φ²: B(K_L→π⁰φφ)/B(K⁺→π⁺φφ) = (τ_L/τ₊) × phase space = 4.52 at m = 0,
    4.82 at 110 MeV, 5.06 at 130 MeV (arXiv:2505.02031); imaginary C gives no K_L → π⁰φφ; for a
    vector quark current it is the other way round."""
    m = np.array([0.0, 0.110, 0.130])
    real = DarkEFT("real scalar", m, {"CS_sd": 1e-10})
    ratio = darkflav.predict("BR(KL->pi0 XX)", real) / darkflav.predict("BR(K+->pi+ XX)", real)
    np.testing.assert_allclose(ratio, [4.52, 4.82, 5.06], rtol=6e-3)
    assert ratio[0] > params["tau_KL"] / params["tau_K+"]  # π⁰, K⁰ masses open phase space
    imaginary = DarkEFT("real scalar", m, {"CS_sd": 1e-10j})
    assert np.all(darkflav.predict("BR(KL->pi0 XX)", imaginary) == 0)
    current = DarkEFT("complex scalar", 0.05, {"CV_sd": 1e-9})
    assert darkflav.predict("BR(KL->pi0 XX)", current) == 0
    assert darkflav.predict("BR(KL->pi0 XX)", DarkEFT("complex scalar", 0.05, {"CV_sd": 1e-9j})) > 0


def test_belle2_window_for_the_real_scalar_at_1_gev():
    """Seed slides: C^{S,sb}_{dφ} ≈ (3–8)/(10⁵ TeV) fills the new-physics window at m_φ = 1 GeV.
    In the package (½ C_dφ, arXiv:2403.12485) normalisation, without efficiency weighting, the
    world-average window B_NP = (1.0 ± 0.4)×10⁻⁵ at 2σ gives (3.0–8.9)/(10⁵ TeV); the Belle II
    alone window (1.9 ± 0.7)×10⁻⁵ gives (4.7–12)/(10⁵ TeV) at 2σ (docs/conventions.md)."""
    unit = 1e-8  # 1/(10⁵ TeV) in GeV⁻¹
    br_unit = darkflav.predict("BR(B+->K+ XX)", DarkEFT("real scalar", 1.0, {"CS_sb": unit}))
    low, high = (np.sqrt(b / br_unit) for b in (1.0e-5 - 2 * 0.4e-5, 1.0e-5 + 2 * 0.4e-5))
    assert low == pytest.approx(3.0, rel=0.15)
    assert high == pytest.approx(8.0, rel=0.15)


def test_invisible_is_neutrinos_plus_pairs():
    e = DarkEFT("complex scalar", np.array([0.2, 0.6]), {"CV_sb": 2e-7})
    nu = NeutrinoWET(C_R={"tautau": -3.0})
    total = darkflav.predict("BR(B0->K*0 inv)", [nu, e])
    assert total == pytest.approx(darkflav.predict("BR(B0->K*0 nu nu)", nu)
                                  + darkflav.predict("BR(B0->K*0 XX)", e), rel=1e-12)
    sm_plus = darkflav.predict("BR(B+->K+ inv)", e)
    assert sm_plus == pytest.approx(darkflav.predict("BR(B+->K+ nu nu)")
                                    + darkflav.predict("BR(B+->K+ XX)", e), rel=1e-12)
    bins = darkflav.predict("<dBR/dq2>(B+->K+ inv)", e, q2min=0, q2max=23) * 23
    assert bins == pytest.approx(sm_plus, rel=1e-6)


def test_pseudoscalar_density_makes_kstar_longitudinal():
    e = DarkEFT("real scalar", 0.5, {"CP_sb": 1e-7})
    fl = darkflav.predict("FL(B0->K*0 inv)", e)
    sm_share = darkflav.predict("BR(B0->K*0 nu nu)") / darkflav.predict("BR(B0->K*0 inv)", e)
    fl_sm = darkflav.predict("FL(B0->K*0 nu nu)")
    assert fl == pytest.approx(sm_share * fl_sm + (1 - sm_share), rel=1e-10)


def test_quadrature_against_adaptive_integration(params):
    from scipy.integrate import quad

    for species, op, m in (("real scalar", "CS", 0.7), ("Dirac fermion", "CVA", 0.3),
                           ("complex vector", "CS", 1.1)):
        e = DarkEFT(species, m, {f"{op}_sb": 1e-7})
        end = b_to_k.q2_max(params, "B+")
        exact = quad(lambda x, t=e: dark_pairs.density(b_to_k, t, params, "B+", np.array([x]))[0][0],
                     4 * m**2, end, epsrel=1e-11, limit=200)[0]
        ours = dark_pairs.integrated(b_to_k, e, params, "B+")[0]
        assert ours == pytest.approx(exact, rel=1e-6), species


def test_masses_and_coefficients_broadcast():
    e = DarkEFT("Dirac fermion", np.linspace(0, 2, 5)[:, None], {"CVV_sb": np.array([1e-7, 2e-7, 3e-7])})
    assert e.shape == (5, 3)
    br = darkflav.predict("BR(B0->K*0 XX)", e)
    assert br.shape == (5, 3)
    np.testing.assert_allclose(br[:, 1] / br[:, 0], 4.0)


# --- bad input ---------------------------------------------------------------------------------
def test_bad_dark_input():
    with pytest.raises(DarkflavError, match="mass .* must be ≥ 0"):
        DarkEFT("real scalar", -0.1, {"CS_sb": 1.0})
    with pytest.raises(DarkflavError, match="Did you mean 'CS'"):
        DarkEFT("real scalar", 0.1, {"CSS_sb": 1.0})
    with pytest.raises(DarkflavError, match="unknown invisible species"):
        DarkEFT("axion", 0.1, {})
    with pytest.raises(DarkflavError, match="must be real"):
        DarkEFT("real scalar", 0.1, {"CS_ss": 1.0 + 1.0j})
    with pytest.raises(DarkflavError, match="CS_sb"):
        DarkEFT("real scalar", 0.1, {"CS_bs": 1.0})
    with pytest.raises(DarkflavError, match="finite"):
        DarkEFT("real scalar", np.nan, {"CS_sb": 1.0})
    with pytest.raises(DarkflavError, match="mass > 0"):
        darkflav.predict("BR(B+->K+ XX)", DarkEFT("real vector", 0.0, {"CS_sb": 1.0}))
    with pytest.raises(DarkflavError, match="DarkEFT"):
        darkflav.predict("BR(B+->K+ XX)", NeutrinoWET())
    with pytest.raises(DarkflavError, match="'inv' or 'XX'"):
        darkflav.predict("BR(B+->K+ nu nu)", DarkEFT("real scalar", 0.1, {"CS_sb": 1.0}))


def test_every_species_in_the_data_has_a_pair_rate_formula_and_no_other_does():
    """A new species is its data entry plus its weights in dark_pairs (docs/architecture.md): a species without
    weights is an error, never another species' formula."""
    assert set(dark_pairs.SPECIES) == set(dark.SPECIES)
    for function in (dark_pairs.dark_weights, dark_pairs.dark_overlaps):
        with pytest.raises(DarkflavError, match="pair-rate formula"):
            function("scalar glueball", np.array([1.0]), 0.1)


# --- named conversions -------------------------------------------------------------------------
def test_displayed_normalisation_is_half():
    from darkflav.eft import conventions

    c = 1e-8
    pkg = DarkEFT("real scalar", 1.0, {"CS_sb": conventions.from_displayed(c)})
    assert darkflav.predict("BR(B+->K+ XX)", pkg) == pytest.approx(9.090e-7, rel=5e-3)  # §4.5 row
    assert conventions.to_displayed(conventions.from_displayed(c)) == c


def test_scale_conversions():
    from darkflav.eft import conventions

    assert conventions.coefficient_from_scale(1e8, 5) == pytest.approx(1e-8)  # 1/(10⁵ TeV)
    assert conventions.scale_from_coefficient(1e-8, 5) == pytest.approx(1e8)
    assert conventions.scale_from_coefficient(conventions.coefficient_from_scale(3e3, 6), 6) \
        == pytest.approx(3e3)
    with pytest.raises(DarkflavError, match="dimension"):
        conventions.coefficient_from_scale(1e3, 4)


def test_vector_mass_scaling_keeps_light_vector_rates_finite():
    """C = c m²/Λ³ for (s̄b)X·X: the rate tends to a constant as m_X → 0 (longitudinal modes)."""
    from darkflav.eft import conventions

    m = np.array([1e-3, 2e-3, 4e-3])
    c = conventions.vector_mass_scaling(1.0, m, 1e5, mass_power=2, dimension=5)
    np.testing.assert_allclose(c, m**2 / 1e15)
    br = darkflav.predict("BR(B+->K+ XX)", DarkEFT("real vector", m, {"CS_sb": c}))
    np.testing.assert_allclose(br / br[0], 1.0, rtol=1e-4)
    fixed = darkflav.predict("BR(B+->K+ XX)", DarkEFT("real vector", m, {"CS_sb": 1e-15}))
    assert fixed[0] / fixed[2] == pytest.approx(4**4, rel=1e-3)  # ∝ 1/m⁴ at fixed C


def test_chiral_bases():
    from darkflav.eft import conventions

    cs, cp = conventions.densities_from_chiral(1.0, 0.0)
    assert (cs, cp) == (0.5, 0.5j)
    cv, ca = conventions.currents_from_chiral(1.0, 0.0)
    assert (cv, ca) == (0.5, -0.5)
    # a purely left-handed density (C_R = 0) gives the same B→Kφφ as C_S = C_L/2
    e1 = DarkEFT("real scalar", 0.3, {"CS_sb": cs, "CP_sb": cp})
    e2 = DarkEFT("real scalar", 0.3, {"CS_sb": 0.5})
    assert darkflav.predict("BR(B+->K+ XX)", e1) == pytest.approx(darkflav.predict("BR(B+->K+ XX)", e2))


# --- two-body P → M X ------------------------------------------------------------------------------
def test_two_body_against_closed_formulas(params):
    from darkflav.hadronic import b_to_k as ff

    m_b, m_k = params["m_B+"], params["m_K+"]
    tau = params["tau_B+"] / params["hbar"]
    for m_x in (0.3, 2.1):
        f = {k: v[..., 0] for k, v in ff.form_factors(m_x**2, params).items()}
        lam = m_b**4 + m_k**4 + m_x**4 - 2 * (m_b**2 * m_k**2 + m_b**2 * m_x**2 + m_k**2 * m_x**2)
        p = np.sqrt(lam) / (2 * m_b)
        scalar = p * (m_b**2 - m_k**2) ** 2 * f["f0"] ** 2 / (
            8 * np.pi * m_b**2 * (params["m_b(m_b)"] - params["m_s(2GeV)"]) ** 2)
        vector = lam**1.5 * f["f+"] ** 2 / (16 * np.pi * m_b**3 * m_x**2)
        g = 1e-8
        assert darkflav.predict("BR(B+->K+ X)", darkflav.InvisibleBoson(0, m_x, {"gS_sb": g})) \
            == pytest.approx(tau * g**2 * scalar, rel=1e-10)
        assert darkflav.predict("BR(B+->K+ X)", darkflav.InvisibleBoson(1, m_x, {"gV_sb": g})) \
            == pytest.approx(tau * g**2 * vector, rel=1e-10)


def test_two_body_closed_channel_and_kl(params):
    b = darkflav.InvisibleBoson(0, np.array([4.0, 4.9]), {"gS_sb": 1e-8})
    br = darkflav.predict("BR(B+->K+ X)", b)
    assert br[0] > 0 and br[1] == 0
    k = darkflav.InvisibleBoson(0, 0.0, {"gS_sd": 1e-12})
    ratio = darkflav.predict("BR(KL->pi0 X)", k) / darkflav.predict("BR(K+->pi+ X)", k)
    assert ratio == pytest.approx(params["tau_KL"] / params["tau_K+"], rel=0.1)
    assert darkflav.predict("BR(KL->pi0 X)", darkflav.InvisibleBoson(0, 0.0, {"gS_sd": 1e-12j})) == 0
    with pytest.raises(DarkflavError, match="spin"):
        darkflav.InvisibleBoson(2, 1.0, {})
    with pytest.raises(DarkflavError, match="> 0 for a vector"):
        darkflav.InvisibleBoson(1, 0.0, {"gV_sb": 1.0})
    with pytest.raises(DarkflavError, match="Did you mean 'gS'"):
        darkflav.InvisibleBoson(0, 1.0, {"gs_sb": 1.0})


@pytest.mark.parametrize("species", darkflav.eft.dark.SPECIES)
def test_tabulated_mass_kernels_match_direct_quadrature(species, params):
    """The interpolated kernels (scalar parameters) against per-point quadrature (array parameters)."""
    rng = np.random.default_rng(3)
    operators = list(darkflav.eft.dark.basis()["species"][species]["operators"])
    array_params = params.replace({"hbar": np.array([params["hbar"]])})
    for decay, flavour, m_max in (("B+->K+", "sb", 2.39), ("B0->K*0", "sb", 2.19),
                                  ("K+->pi+", "sd", 0.177), ("KL->pi0", "sd", 0.181)):
        n = 40
        coefficients = {f"{op}_{flavour}": rng.normal(size=n) + 1j * rng.normal(size=n) for op in operators}
        masses = rng.uniform(0.002 * m_max, 0.995 * m_max, n)
        theory = DarkEFT(species, masses, coefficients)
        fast = darkflav.predict(f"BR({decay} XX)", theory, params)
        direct = darkflav.predict(f"BR({decay} XX)", theory, array_params)
        np.testing.assert_allclose(fast, direct, rtol=1e-5, err_msg=f"{species} {decay}")


def test_tensor_operators_in_b_to_k_against_the_notes(params):
    """docs/conventions.md, master formula (written for a coefficient C without the ½): (s̄σ^{μν}b)(χ̄σ_μνχ): ⟨Σ|𝓜|²⟩ =
    |C|² c_T² (2/3) λ q² (1 + 8m²/q²); with χ̄σ_μνγ₅χ: |C|² c_T² (2/3) λ q² β²; c_T = 2f_T/(m_B + m_K)."""
    from darkflav.hadronic import b_to_k as ff

    m, q2 = 0.6, np.array([2.0, 9.0, 17.0])
    m_b, m_k = params["m_B+"], params["m_K+"]
    lam = m_b**4 + m_k**4 + q2**2 - 2 * (m_b**2 * m_k**2 + m_b**2 * q2 + m_k**2 * q2)
    c_t = 2 * ff.form_factors(q2, params)["fT"] / (m_b + m_k)
    beta2 = 1 - 4 * m**2 / q2
    phase = np.sqrt(lam) / (2 * m_b) * np.sqrt(beta2) / (128 * np.pi**3 * m_b**2)
    tau = params["tau_B+"] / params["hbar"]
    for operator, amp2 in (("CTT", c_t**2 * 2 / 3 * lam * q2 * (1 + 8 * m**2 / q2)),
                           ("CTT5", c_t**2 * 2 / 3 * lam * q2 * beta2)):
        e = DarkEFT("Dirac fermion", m, {f"{operator}_sb": 2.0})  # notes' C = 1
        np.testing.assert_allclose(darkflav.predict("dBR/dq2(B+->K+ XX)", e, q2=q2), tau * phase * amp2,
                                   rtol=1e-10)


def test_tensor_currents_interfere_for_massive_fermions():
    """Vector current and tensor share the J = 1 channel (Gordon identity): the rate of CVV + CTT
    differs from the sum of the two alone by a term odd in the relative sign, ∝ m."""
    def br(c_vv, c_tt, m):
        e = DarkEFT("Dirac fermion", m, {"CVV_sb": c_vv, "CTT_sb": c_tt})
        return darkflav.predict("BR(B+->K+ XX)", e)

    for m, nonzero in ((0.0, False), (0.5, True)):
        odd = br(1e-7, 1e-7, m) - br(1e-7, -1e-7, m)
        assert (abs(odd) > 1e-3 * br(1e-7, 1e-7, m)) == nonzero


def test_wcxf_style_basis_file_is_valid_and_current():
    from pathlib import Path

    import yaml
    from wilson import wcxf

    generated = darkflav.eft.dark.wcxf_basis()
    stored = yaml.safe_load((Path(__file__).parents[1] / "docs" / "darkflav_dark.basis.yml").read_text())
    assert stored == generated
    wcxf.EFT(generated["eft"], {s: {} for s in generated["sectors"]})
    wcxf.Basis(**generated).validate(skip_tex=True)  # no LaTeX on the machine
    n_operators = sum(len(s["operators"]) for s in darkflav.eft.dark.basis()["species"].values())
    assert len(generated["sectors"]["Dirac_fermion"]) == 10 * 8 + 1 and n_operators == 30  # + the gluon operator


# --- B_s ----------------------------------------------------------------------------------------
def test_bs_to_invisible_against_the_notes(params):
    """docs/conventions.md, "Dark-pair rates: master formula":
    Γ(B_s → φφ) = |C^P|² f²_Bs m³_Bs β /(8π (m_b + m_s)²) (displayed C^P)."""
    m = np.array([0.0, 1.0, 2.6, 2.7])
    e = DarkEFT("real scalar", m, {"CP_sb": 2e-8})  # displayed C^P = 1e-8
    m_bs = params["m_Bs"]
    beta = np.sqrt(np.clip(1 - 4 * m**2 / m_bs**2, 0, None))
    quarks = params["m_b(m_b)"] + params["m_s(2GeV)"]
    width = 1e-16 * params["f_Bs"] ** 2 * m_bs**3 * beta / (8 * np.pi * quarks**2)
    np.testing.assert_allclose(darkflav.predict("BR(Bs->XX)", e), params["tau_Bs"] / params["hbar"] * width,
                               rtol=1e-12)
    assert darkflav.predict("BR(Bs->XX)", DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8})) == 0  # parity
    assert darkflav.predict("BR(Bs->XX)", DarkEFT("Dirac fermion", 1.0, {"CVV_sb": 1e-8})) == 0
    # the axial current reaches B_s → χχ̄ through the equations of motion, ∝ m_χ²
    axial = darkflav.predict("BR(Bs->XX)", DarkEFT("Dirac fermion", np.array([0.0, 1.0]), {"CAA_sb": 1e-8}))
    assert axial[0] == 0 and axial[1] > 0


def test_bs_to_phi_form_factors_equal_the_published_fit(params, shared_data):
    import yaml

    data = yaml.safe_load(open(shared_data / "formfactors" / "GRvDV2023_BSZ-parameters-N2.yaml"))
    block = data["B_s->phi::FormFactors[parametric,BSZ]@GRvDV:2023A"]
    ours = [params[f"Bs->phi GRvDV2023 {o.split('::alpha^')[1].split('@')[0].replace('_', '_a')}"]
            for o in block["observables"]]
    np.testing.assert_allclose(ours, block["means"], rtol=1e-12)
    from darkflav.hadronic import bs_to_phi

    f = bs_to_phi.form_factors(0.0, params)
    mb, mv = params["m_Bs"], params["m_phi"]
    assert f["A12"][..., 0] == pytest.approx((mb**2 - mv**2) / (8 * mb * mv) * f["A0"][..., 0], rel=1e-12)
    assert f["T2"][..., 0] == pytest.approx(f["T1"][..., 0], rel=1e-12)


def test_bs_to_phi_pairs_resemble_b_to_kstar():
    """Same b → s operators, similar form factors: B(B_s→φφφ)/B(B⁰→K*⁰φφ) within 30 % of 1."""
    e = DarkEFT("complex scalar", np.array([0.1, 0.8]), {"CA_sb": 1e-7, "CP_sb": 1e-7})
    ratio = darkflav.predict("BR(Bs->phi XX)", e) / darkflav.predict("BR(B0->K*0 XX)", e)
    assert np.all(np.abs(ratio - 1) < 0.3)


def test_gluon_operator_is_real_flavourless_and_of_dimension_six():
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CG": [1e-6, -2e-6], "CS_sb": 1e-8})
    assert np.allclose(theory.scaled(3).coefficients("gg")["CG"], [3e-6, -6e-6], rtol=1e-12, atol=0)
    assert theory.shape == (2,) and "CG" not in theory.coefficients("sb")
    assert darkflav.eft.dark.operator_dimension("real scalar", "CG") == 6
    assert darkflav.eft.dark.operator_dimension("Majorana fermion", "CG") == 7
    with pytest.raises(darkflav.DarkflavError, match="CG .*must be real"):
        darkflav.DarkEFT("real scalar", 1.0, {"CG": 1e-6j})


@pytest.mark.parametrize("species, coefficients", [("real scalar", {"CS_sb": 1.0, "CP_sb": 0.5}),
                                                   ("Dirac fermion", {"CVV_sb": 1.0, "CSS_sb": 0.7j}),
                                                   ("real vector", {"CS_sb": 1.0})])
def test_grid_points_sharing_masses_equal_points_one_by_one(species, coefficients, params):
    """Kernels once per distinct mass of a grid (a partial q² range and q² bins) equal each point computed alone."""
    masses = np.repeat([0.3, 0.9, 1.7, 2.6], 3)  # the last is above threshold: zero
    scale = np.tile([1e-8, 3e-8, 7e-8], 4)
    grid = DarkEFT(species, masses, {k: v * scale for k, v in coefficients.items()})
    edges = [0.0, 1.0, 4.0, 9.0, 16.0, 23.0]
    partial = dark_pairs.integrated(b_to_k, grid, params, "B+", 0.5, 12.0)[0]
    binned = dark_pairs.in_bins(b_to_k, grid, params, "B+", edges)
    for k, (m, c) in enumerate(zip(masses, scale, strict=True)):
        alone = DarkEFT(species, m, {name: v * c for name, v in coefficients.items()})
        assert partial[k] == pytest.approx(dark_pairs.integrated(b_to_k, alone, params, "B+", 0.5, 12.0)[0],
                                           rel=1e-12, abs=0)
        np.testing.assert_allclose(binned[k], dark_pairs.in_bins(b_to_k, alone, params, "B+", edges), rtol=1e-12,
                                   atol=0)
    assert np.all(partial[-3:] == 0) and np.all(binned[-3:] == 0) and np.all(partial[:-3] > 0)
