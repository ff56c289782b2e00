"""CMB energy injection (darkmatter/cmb.py): Slatyer's curves, f_eff of meson final states against independent
integrations and Hazma's spectra, p_ann of thermal relics, and the seeds' light-dark-matter window."""

import numpy as np
import pytest
from scipy.integrate import dblquad, quad

import darkflav
from darkflav.darkmatter import cmb, relic_scale, required_sigma_v
from darkflav.darkmatter.annihilation import channels, sigma_v
from darkflav.darkmatter.relic import cm3_per_s
from darkflav.errors import DarkflavError


def _published(shared_data, kind):
    data = np.loadtxt(shared_data / "cmb" / f"f_eff_{kind}_Slatyer2016.dat", delimiter=",")
    return data[:, 0] * 1e-9, data[:, 1]  # eV → GeV


def _published_curve(shared_data, kind):
    energy, f = _published(shared_data, kind)
    return lambda e: np.interp(np.log(e), np.log(energy), f)


@pytest.mark.parametrize("kind, name", [("g", "photon"), ("ep", "electron")])
def test_package_curves_are_slatyers(shared_data, kind, name):
    energy, f = _published(shared_data, kind)
    assert np.allclose(cmb.curve(name, energy), f, rtol=1e-3, atol=0)


def test_monochromatic_final_states_equal_the_curve(shared_data, params):
    """φφ → γγ at m_φ = E gives f_γ(E); φφ → e⁺e⁻ gives f_e at the kinetic energy m_φ − m_e."""
    energy, f = _published(shared_data, "g")
    assert np.allclose(cmb.f_eff(("gamma", "gamma"), energy, params), f, rtol=1e-3, atol=0)
    energy, f = _published(shared_data, "ep")
    assert np.allclose(cmb.f_eff("e e", energy + params["m_e"], params), f, rtol=1e-3, atol=0)


def test_energy_fractions_with_unit_efficiency(monkeypatch, params):
    """With f_eff^{γ,e} ≡ 1, D/E is the energy fraction carried by photons and e±: 1 for π⁰; for π± → μν,
    μ → eνν̄ with the muon's helicity, ⟨E_e⟩/m_π = B(π → μν) γ_μ(7/10 − β_μ/10) m_μ/(2m_π), the same at any
    pion energy; 7/20 for an unpolarised muon at rest (Michel ⟨x⟩ = 7/10)."""
    monkeypatch.setattr(cmb, "curve", lambda kind, energy: np.ones_like(energy))
    fresh = params.replace({"m_e": params["m_e"]})  # new memo: tables rebuilt with the unit curves
    m_pi, m_mu = params["m_pi+"], params["m_mu"]
    gamma_mu = (m_pi**2 + m_mu**2) / (2 * m_pi * m_mu)
    beta_mu = np.sqrt(1 - 1 / gamma_mu**2)
    branching = cmb._decays()["pi+"]["modes"][0]["branching_ratio"]
    expected = branching * gamma_mu * (0.7 - beta_mu / 10) * m_mu / (2 * m_pi)
    energies = m_pi * np.array([1.0, 1.3, 4.0, 50.0])
    assert np.allclose(cmb.particle_efficiency("pi+", energies, fresh), expected, rtol=1e-6, atol=0)
    assert np.allclose(cmb.particle_efficiency("pi0", energies, fresh), 1.0, rtol=1e-6, atol=0)
    assert np.allclose(cmb.particle_efficiency("mu", m_mu * np.array([1.0, 7.0]), fresh), 0.35, rtol=1e-6, atol=0)


@pytest.mark.parametrize("mass", [0.1352, 0.2, 0.5, 1.5])
def test_f_eff_pi0pi0_against_direct_integration(shared_data, params, mass):
    """Box spectrum of π⁰ → γγ (flat in [(E − p)/2, (E + p)/2], two photons) folded with the published curve."""
    f_gamma = _published_curve(shared_data, "g")
    e_pi = mass
    p_pi = np.sqrt(e_pi**2 - params["m_pi0"] ** 2)
    lo, hi = (e_pi - p_pi) / 2, (e_pi + p_pi) / 2
    deposited = 2 * quad(lambda e: e * f_gamma(e), lo, hi, epsrel=1e-10, limit=200)[0] / (hi - lo)
    expected = 2 * deposited / (2 * mass)  # two pions
    assert cmb.f_eff("pi0 pi0", mass, params) == pytest.approx(expected, rel=2e-4)


@pytest.mark.parametrize("mass", [0.1397, 0.3, 1.0])
def test_f_eff_pipi_against_direct_integration(shared_data, params, mass):
    """π± → μν, polarised μ → eνν̄, integrated with scipy over (x, cos θ) and the isotropic pion decay angle."""
    f_e = _published_curve(shared_data, "ep")
    m_pi, m_mu, m_e = params["m_pi+"], params["m_mu"], params["m_e"]
    gamma_mu = (m_pi**2 + m_mu**2) / (2 * m_pi * m_mu)
    beta_mu = np.sqrt(1 - 1 / gamma_mu**2)
    gamma_pi = mass / m_pi
    beta_pi = np.sqrt(1 - 1 / gamma_pi**2)

    def deposit(x, c):
        weight = x**2 * ((3 - 2 * x) - (2 * x - 1) * c)
        e_pion_frame = gamma_mu * x * m_mu / 2 * (1 + beta_mu * c)
        if beta_pi == 0:
            return weight * e_pion_frame * f_e(max(e_pion_frame - m_e, 1e-9))
        lab = np.linspace(gamma_pi * e_pion_frame * (1 - beta_pi), gamma_pi * e_pion_frame * (1 + beta_pi), 801)
        values = lab * f_e(np.maximum(lab - m_e, 1e-9))
        return weight * np.trapezoid(values, lab) / (lab[-1] - lab[0])

    per_pion = dblquad(lambda c, x: deposit(x, c), 0, 1, -1, 1, epsrel=1e-7)[0]
    assert cmb.f_eff("pi+ pi+", mass, params) == pytest.approx(2 * per_pion / (2 * mass), rel=2e-3)


@pytest.mark.parametrize("mass_mev", [150.0, 300.0])
def test_f_eff_pipi_against_hazma_spectra(shared_data, params, mass_mev):
    """Hazma 2.2 (arXiv:1907.11846) positron spectrum of π± decays folded with the same curve. Hazma's muons are
    unpolarised, which raises the mean e± energy by 1 + β_μ/(7 − β_μ) = 4.0 %; darkflav's f_eff must be lower by
    that fraction up to the variation of f_eff^e over the spectrum (< 1 % for pions below 0.3 GeV; at 1 GeV the
    spectrum reaches the falling part of f_eff^e and the ratio is 0.978 instead of 0.961)."""
    spectra = pytest.importorskip("hazma.spectra")
    f_e = _published_curve(shared_data, "ep")
    m_e = params["m_e"] * 1e3

    def integrand(e):
        dnde = float(spectra.dnde_positron_charged_pion(np.array([e]), mass_mev)[0])
        return e * dnde * f_e((e - m_e) * 1e-3)

    breaks = [p for p in (52.8, 60.0, 70.0, 80.0) if p < mass_mev]
    hazma = 2 * quad(integrand, m_e, mass_mev, points=breaks, limit=400)[0] / (2 * mass_mev)
    m_pi, m_mu = params["m_pi+"], params["m_mu"]
    beta_mu = (m_pi**2 - m_mu**2) / (m_pi**2 + m_mu**2)
    ratio = cmb.f_eff("pi+ pi+", mass_mev * 1e-3, params) / hazma
    assert ratio == pytest.approx(1 - beta_mu / 7, abs=0.01)


def test_final_states_match_the_annihilation_channels(params):
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_uu": 1e-4})
    for (_, _, m1, m2), (a, b) in zip(channels(theory, params), cmb.FINAL_STATES, strict=True):
        assert {m1, m2} == {cmb._mass(a, params), cmb._mass(b, params)}


def test_sigma_v_at_rest_is_the_cold_limit_and_closed_channels_vanish(params):
    theory = darkflav.DarkEFT("real scalar", np.array([0.13, 0.2, 0.6, 1.0]),
                              {"CS_uu": 1e-4, "CS_dd": -3e-5, "CS_ss": 2e-4})
    at_rest = sum(cmb.sigma_v_at_rest(theory, params))
    cold = sigma_v(theory, np.array([1e7]), params)[..., 0]
    assert np.allclose(at_rest[1:], cold[1:], rtol=1e-5, atol=0)
    assert at_rest[0] == 0.0 and cmb.f_eff("pi0 pi0", 0.13, params) == 0.0
    # below every threshold only the loop-induced photons inject energy
    photons = cmb.f_eff("gamma gamma", 0.13, params) * cmb.sigma_v_photons(theory, params)[0] / 0.13
    assert cmb.p_ann(theory, params)[0] == pytest.approx(photons * cm3_per_s(params), rel=1e-12)


@pytest.mark.parametrize("tau", [0.05, 0.4, 0.9])
def test_scalar_loop_function(tau):
    """A₀(τ) = [f(τ) − τ]/τ² with f(τ) = 2τ ∫∫_{x+y<1} dx dy/(1 − 4τxy) below threshold (the Feynman-parameter
    form of the triangle), A₀ → ⅓ for τ → 0, continuous at τ = 1."""
    f = 2 * tau * dblquad(lambda y, x: 1 / (1 - 4 * tau * x * y), 0, 1, 0, lambda x: 1 - x)[0]
    assert cmb._scalar_loop(tau) == pytest.approx((f - tau) / tau**2, rel=1e-8)
    assert cmb._scalar_loop(1e-4) == pytest.approx(1 / 3, rel=1e-4)
    assert cmb._scalar_loop(1 + 1e-12) == pytest.approx(cmb._scalar_loop(1 - 1e-12), abs=1e-5)


def test_p_ann_of_a_thermal_relic(params):
    """C_s at m_φ = 1 GeV scaled to Ωh² = 0.12 (s-wave, channels far above threshold): p_ann agrees with
    f̄_eff ⟨σv⟩_relic/m for the constant-⟨σv⟩ relic target (rate-weighted f̄_eff) to the thermal corrections
    of the final-state velocities, and exceeds Planck's bound."""
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_ss": 1e-4})
    relic = theory.scaled(relic_scale(theory, params=params))
    rates = cmb.sigma_v_at_rest(relic, params)
    mean_f = sum(cmb.f_eff(fs, 1.0, params) * r for fs, r in zip(cmb.FINAL_STATES, rates, strict=True)) / sum(rates)
    target = mean_f * required_sigma_v(1.0, params=params) / 1.0
    assert cmb.p_ann(relic, params) == pytest.approx(target, rel=0.05)
    assert cmb.excluded(relic, params)


def test_seed_light_window_edges(params):
    """arXiv:2505.02031 (abstract; docs/dark-matter.md): relic abundance, direct detection, CMB and
    colliders leave 110 < m_φ < 146 MeV. With the relic coupling (C_u = C_d, forbidden φφ → ππ below m_π):
    * the lower edge: below m_π0 only the loop-induced φφ → γγ injects energy, and the relic coupling grows so
      fast that the CMB excludes m_φ below ≈ 117 MeV — the seeds' edge "near 110 MeV" within 10 %;
    * the upper edge is not a CMB edge: once φφ → π⁰π⁰ is open at rest (m_φ > m_π0), p_ann exceeds the bound by
      a factor of several hundred (notes §8.3) up to 146 MeV."""
    below = np.linspace(0.108, 0.126, 7)
    above = np.array([0.1355, 0.14, 0.146])
    theory = darkflav.DarkEFT("real scalar", np.concatenate([below, above]), {"CS_uu": 1e-4, "CS_dd": 1e-4})
    relic = theory.scaled(relic_scale(theory, params=params))
    ratio = cmb.p_ann(relic, params) / params["p_ann_Planck2018"]
    log_ratio = np.log(ratio[: below.size])
    assert np.all(np.diff(log_ratio) < 0)
    edge = np.interp(0.0, log_ratio[::-1], below[::-1])
    assert 0.110 * 0.95 < edge < 0.110 * 1.1
    assert np.all(ratio[below.size:] > 100)


def test_bad_input(params):
    with pytest.raises(DarkflavError, match="particle"):
        cmb.f_eff("pi0 rho", 1.0, params)
    with pytest.raises(DarkflavError, match="energy of pi0"):
        cmb.particle_efficiency("pi0", 0.1, params)


def test_relic_plot_marks_the_cmb_window(tmp_path, params):
    from darkflav.plots.relic import SCENARIOS, plot_relic_coupling

    label = r"$C_u = C_d$"
    result = plot_relic_coupling(tmp_path / "relic.png", params, mass_range=(0.11, 0.14), n_masses=2,
                                 scenarios={label: SCENARIOS[label]})
    assert result.path.stat().st_size > 0
    masses, _, cmb_excluded = result.curves[label]
    assert np.array_equal(~cmb_excluded, (masses > 0.117) & (masses < params["m_pi0"]))


def test_relic_command_reports_p_ann(tmp_path, params):
    import json

    from typer.testing import CliRunner

    from darkflav.cli import app

    (tmp_path / "phi.yaml").write_text("species: real scalar\nmass: [0.12, 0.2]\n"
                                       "coefficients: {CS_uu: 2.0e-5, CS_dd: 2.0e-5}\n")
    result = CliRunner().invoke(app, ["relic", "--dark", str(tmp_path / "phi.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    theory = darkflav.DarkEFT("real scalar", np.array([0.12, 0.2]), {"CS_uu": 2e-5, "CS_dd": 2e-5})
    assert np.allclose(out["p_ann"], darkflav.predict("p_ann", theory), rtol=1e-12, atol=0)
    assert out["cmb_excluded"] == [False, True] and out["p_ann_bound"] == params["p_ann_Planck2018"]
