"""Direct detection: nucleon couplings, isospin, limits, nuclear-recoil and Migdal spectra (wimprates as reference)."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.integrate import dblquad, quad

import darkflav
from darkflav.darkmatter import direct_detection as dd
from darkflav.darkmatter import recoil, relic_scale
from darkflav.errors import DarkflavError

KEV = 1e-6  # GeV


def phi(**coefficients):
    return darkflav.DarkEFT("real scalar", coefficients.pop("mass", 1.0), coefficients)


# --- the standard halo ----------------------------------------------------------------------------
def test_mean_inverse_speed_is_the_integral_of_the_truncated_maxwellian(params):
    """η(v_min) in closed form against a 2-d quadrature of f(v)/v over speed and angle (Galactic-frame
    Maxwellian truncated at v_esc, boosted by v_E), and ∫f = 1."""
    h = recoil.halo(params)
    v0, ve, vesc = h["v0"], h["v_earth"], h["v_esc"]

    def density(c, v):  # f(v, cosθ) 2π v² (unnormalised)
        return 2 * np.pi * v * v * np.exp(-(v * v + ve * ve + 2 * v * ve * c) / v0**2)

    def c_max(v):  # the Galactic speed |v + v_E| stays below v_esc
        return np.clip((vesc**2 - v * v - ve * ve) / (2 * v * ve) if v > 0 else 1.0, -1.0, 1.0)

    def integral(weight, v_low):
        return dblquad(lambda c, v: density(c, v) * weight(v), v_low, vesc + ve, -1.0, c_max,
                       epsabs=0, epsrel=1e-10)[0]

    norm = integral(lambda v: 1.0, 0.0)
    for v_min in (0.0, 0.5 * v0, vesc - ve, 1.2 * (vesc - ve), 0.999 * (vesc + ve)):
        expected = integral(lambda v: 1 / v, v_min) / norm
        assert recoil.mean_inverse_speed(v_min, params) == pytest.approx(expected, rel=1e-6)
    assert recoil.mean_inverse_speed(1.001 * (vesc + ve), params) == 0.0


def test_helm_form_factor_limits(params):
    """F(0) = 1, and F = 0 at the first zero of j₁ (q r_n = 4.4934)."""
    assert recoil.helm_form_factor_squared(0.0, "Xe", params) == pytest.approx(1.0)
    helm = recoil.targets()["helm"]
    fm = 1e-13 / params["hbar_c"]
    c = (helm["c_slope"]["value"] * 131.293 ** (1 / 3) + helm["c_offset"]["value"]) * fm
    r_n = np.sqrt(c**2 + 7 / 3 * np.pi**2 * (helm["a"]["value"] * fm) ** 2 - 5 * (helm["s"]["value"] * fm) ** 2)
    zero = 4.493409457909064  # first root of tan x = x
    e_zero = (zero / r_n) ** 2 / (2 * recoil.nucleus_mass("Xe", params))
    assert recoil.helm_form_factor_squared(e_zero, "Xe", params) < 1e-12


# --- spectra against wimprates ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def wimprates_setup(params):
    """wimprates with darkflav's halo matched to it: its v_E (252 km/s), v_0, v_esc, ρ, and its convention
    m_N = m_amu for the per-nucleon cross section. wimprates 0.5's speed distribution integrates to N_esc² ≈ 0.970
    instead of 1 (observed_speed_dist multiplies by N_esc instead of dividing); its rates are divided by that
    integral, computed here, so that both use the same normalised distribution."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wr = pytest.importorskip("wimprates")
    import numericalunits as nu

    kms = nu.km / nu.s
    amu = nu.amu / (nu.GeV / nu.c0**2)
    halo = wr.StandardHaloModel()
    rho = halo.rho_dm / (nu.GeV / nu.c0**2 / nu.cm**3)
    matched = params.replace({"v_earth_halo": wr.v_earth() / kms, "v_0_halo": halo.v_0 / kms,
                              "v_esc_halo": halo.v_esc / kms, "rho_DM_local": rho, "m_n": amu, "m_amu": amu})
    norm = quad(lambda v: wr.observed_speed_dist(v * kms) * kms, 0, wr.v_max() / kms, limit=200)[0]
    per_kg_day_gev = 1 / (nu.kg * nu.day * nu.GeV)
    return wr, nu, matched, norm, per_kg_day_gev


@pytest.mark.parametrize("element", ["Xe", "Ar"])
def test_nuclear_recoil_spectrum_agrees_with_wimprates(wimprates_setup, element):
    wr, nu, matched, norm, unit = wimprates_setup
    energies = np.array([0.1, 1.0, 5.0, 20.0, 60.0]) * KEV
    for mass in (2.0, 10.0, 100.0):
        ours = recoil.nuclear_recoil_spectrum(energies, mass, 1e-45, element, matched)
        theirs = np.array([wr.rate_elastic(e / KEV * nu.keV, mass * nu.GeV / nu.c0**2, 1e-45 * nu.cm**2,
                                           material=element) for e in energies]) / unit / norm
        open_ = theirs > 0
        assert np.all(ours[~open_] == 0)
        assert np.max(np.abs(ours[open_] / theirs[open_] - 1)) < 0.01


@pytest.mark.parametrize("element, energies", [("Xe", [0.15, 0.3, 1.0, 3.0]), ("Ar", [0.25, 0.5, 1.0])])
def test_migdal_spectrum_agrees_with_wimprates(wimprates_setup, element, energies):
    wr, nu, matched, norm, unit = wimprates_setup
    energies = np.array(energies) * KEV
    for mass in (0.3, 3.0):  # wimprates' dblquad: relative tolerance set (its default absolute one is ~1 %)
        ours = recoil.migdal_spectrum(energies, mass, 1e-38, element, matched)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = wr.rate_migdal(energies / KEV * nu.keV, mass * nu.GeV / nu.c0**2, 1e-38 * nu.cm**2,
                                    material=element, epsrel=1e-3, epsabs=0) / unit / norm
        open_ = theirs > 0
        assert np.all(ours[~open_] == 0) and np.any(open_)
        assert np.max(np.abs(ours[open_] / theirs[open_] - 1)) < 0.01


def test_migdal_tables_reproduce_ibe_et_al(shared_data):
    """The resampled tables (every second point) interpolate the full Ibe et al. tables to 1 %."""
    import csv

    for element, (_, shells) in recoil.migdal_tables().items():
        with open(shared_data / "migdal" / f"migdal_transition_{element}.csv") as stream:
            rows = list(csv.DictReader(stream))
        energy = np.array([float(r["E"]) for r in rows])
        for shell in shells:
            published = np.array([float(r[shell]) for r in rows])
            ours = recoil.ionisation_probability(energy * 1e-9, element, shell) * 1e-9
            assert np.max(np.abs(ours / published - 1)) < 1e-5, (element, shell)


def test_migdal_rate_scales_and_closes(params):
    """Linear in σ_n; zero above the kinematic end point (E_det > μ_A v_max²/2) and below the shell energy."""
    rate = recoil.migdal_spectrum(np.array([0.5, 1.0]) * KEV, 1.0, 1e-38, "Xe", params)
    tripled = recoil.migdal_spectrum(np.array([0.5, 1.0]) * KEV, 1.0, 3e-38, "Xe", params)
    assert np.all(rate > 0) and np.allclose(tripled, 3 * rate, rtol=1e-12, atol=0)
    h = recoil.halo(params)
    m_a = recoil.nucleus_mass("Xe", params)
    end = 0.5 * (m_a / (1 + m_a)) * (h["v_esc"] + h["v_earth"]) ** 2
    assert recoil.migdal_spectrum(1.01 * end, 1.0, 1e-38, "Xe", params) == 0.0
    assert recoil.migdal_spectrum(0.05 * KEV, 1.0, 1e-38, "Xe", params) == 0.0  # below 4d (61 eV)
    assert recoil.migdal_spectrum(0.99 * end, 1.0, 1e-38, "Xe", params) > 0


# --- couplings, isospin, limits -----------------------------------------------------------------
def test_heavy_quark_equals_its_gluon_operator(params):
    """C^{S,bb} acts as C_G = −α_s C^{S,bb}/(12π m_b) (heavy-quark expansion; notes §6.1): same g_N."""
    c_bb = 1e-4
    c_g = -params["alpha_s(2GeV)"] * c_bb / (12 * np.pi * params["m_b(m_b)"])
    for nucleon in dd.NUCLEONS:
        assert dd.nucleon_coupling(phi(CS_bb=c_bb), nucleon, params) == pytest.approx(
            dd.nucleon_coupling(phi(CG=c_g), nucleon, params), rel=1e-12)


def test_cross_section_matches_the_nucleon_matrix_element(params):
    """σ_p for ½C^{ss}(s̄s)φ² from ⟨p|s̄s|p⟩ = m_p f_Ts/m_s and 𝓜 = 2·(C/2)⟨p|s̄s|p⟩·2m_p... i.e.
    σ = |𝓜|²/(16π(m_φ + m_p)²) with |𝓜| = 2 (C/2) (m_p f_Ts/m_s) 2 m_p; quadratic in C, ∝ μ²/m_φ²."""
    c, m = 2e-5, 0.7
    m_p = params["m_p"]
    amplitude = 2 * (c / 2) * (m_p * dd.f_Tq("p")["s"] / params["m_s(2GeV)"]) * 2 * m_p
    expected = amplitude**2 / (16 * np.pi * (m + m_p) ** 2) * params["hbar_c"] ** 2
    assert dd.sigma_SI(phi(mass=m, CS_ss=c), "p", params) == pytest.approx(expected, rel=1e-12)
    assert darkflav.predict("sigma_SI(p)", phi(mass=m, CS_ss=c)) == pytest.approx(expected, rel=1e-12)


def test_isospin_factor(params):
    """Equal couplings: σ_eff = σ_n on every target; the Xe blind spot g_n/g_p ≈ −Z/(Ā − Z) suppresses σ_eff
    by ≳ 10³ but not to zero (isotope spread); σ_eff = σ_p × weight × μ_n²/μ_p²."""
    assert np.allclose(dd.isospin_weight("Xe", 1.0), 1.0)
    r = np.linspace(-1, 0, 2001)
    weight = dd.isospin_weight("Xe", r)
    t = recoil.target("Xe")
    mean_a = sum(a * w for a, w in t["isotopes"].items())
    assert r[np.argmin(weight)] == pytest.approx(-t["Z"] / (mean_a - t["Z"]), abs=2e-3)
    assert 0 < weight.min() < 1e-3
    theory = phi(mass=0.5, CS_uu=3e-5, CS_dd=-1e-5, CS_ss=2e-5)
    g_p, g_n = (dd.nucleon_coupling(theory, n, params) for n in dd.NUCLEONS)
    mu_n, mu_p = (0.5 * params[k] / (0.5 + params[k]) for k in ("m_n", "m_p"))
    for element in dd.TARGETS:
        assert dd.effective_cross_section(theory, element, params) == pytest.approx(
            dd.sigma_SI(theory, "p", params) * dd.isospin_weight(element, g_n / g_p) * mu_n**2 / mu_p**2, rel=1e-12)


def test_carried_limits_reproduce_the_published_curves(shared_data):
    files = {"PandaX-4T Migdal": "WIMPSI_PandaX-4T_migdal_heavymediator.csv",
             "DarkSide-50 Migdal": "WIMPSI_DarkSide-50_Migdal.csv",
             "XENON1T Migdal": "WIMPSI_XENON1T_2019_S2onlyMigdal.csv",
             "LZ 2024": "WIMPSI_LZ_2024_2410.17036.csv", "DEAP-3600": "misc_Deap_SI_2018.csv"}
    assert set(files) == set(dd.EXPERIMENTS)
    for name, file in files.items():
        published = np.loadtxt(shared_data / "direct_detection" / file, delimiter=",", comments="#")
        keep = np.r_[True, np.diff(published[:, 0]) > 0] & np.r_[np.diff(published[:, 0]) > 0, True]
        mass, sigma = published[keep, 0][1:-1], published[keep, 1][1:-1]  # ends: rounded to 6 digits; no backsteps
        assert np.max(np.abs(dd.limit(name, mass) / sigma - 1)) < 1e-4, name
    assert dd.limit("LZ 2024", 1.0) == np.inf


def test_seed_statement_sb_plus_ss_at_1_gev_is_excluded_by_pandax_migdal(params):
    """The seeds: C^{S,sb} in the Belle II window and C^{S,ss} from the relic density at m_φ = 1 GeV is
    excluded by PandaX-4T's Migdal limit (C^{S,sb} itself does not scatter on nucleons at tree level)."""
    settings = yaml.safe_load((Path(darkflav.__file__).parent / "report" / "data" / "settings.yaml").read_text())
    point = settings["dark_points"]["real scalar 1 GeV"]
    assert point["mass"] == 1.0 and point["operator"] == "CS_sb"
    c_ss = 1e-5 * relic_scale(phi(CS_ss=1e-5), params=params)
    theory = phi(CS_sb=point["coefficient"], CS_ss=c_ss)
    assert darkflav.predict("Omega h^2", theory) == pytest.approx(params["Omega_DM_h2"], rel=1e-3)
    assert dd.sigma_SI(theory, "p", params) == pytest.approx(dd.sigma_SI(phi(CS_ss=c_ss), "p", params))
    ratio = dd.limit_ratios(theory, params)["PandaX-4T Migdal"]
    assert ratio > 1


def test_ratios_round_trip():
    theory = dd.theory_from_ratios(0.3, 2e-5, np.array([-0.5, 0.2]), np.array([-20.0, 3.0]))
    r_minus, r_s = dd.ratios(theory)
    assert np.allclose(r_minus, [-0.5, 0.2]) and np.allclose(r_s, [-20.0, 3.0])


def test_bad_input_raises():
    with pytest.raises(DarkflavError, match="target"):
        dd.effective_cross_section(phi(CS_ss=1e-5), "Kr")
    with pytest.raises(DarkflavError, match="real-scalar"):
        dd.sigma_SI(darkflav.DarkEFT("Dirac fermion", 1.0, {"CSS_ss": 1e-6}), "p")
    with pytest.raises(DarkflavError, match="nucleon"):
        dd.sigma_SI(phi(CS_ss=1e-5), "x")
    with pytest.raises(DarkflavError, match="recoil energy"):
        recoil.nuclear_recoil_spectrum(-1e-6, 1.0, 1e-40)
    with pytest.raises(DarkflavError, match="sigma_n"):
        recoil.migdal_spectrum(1e-6, 1.0, -1e-40)
    with pytest.raises(DarkflavError, match="shell"):
        recoil.migdal_spectrum(1e-6, 1.0, 1e-40, "Xe", shells=["5_1"])
    with pytest.raises(DarkflavError, match="limit"):
        dd.limit("LUX", 1.0)


# --- command line and plot --------------------------------------------------------------------
def test_cli_dd(tmp_path):
    from typer.testing import CliRunner

    from darkflav.cli import app

    spec = tmp_path / "phi.yaml"
    spec.write_text(yaml.safe_dump({"species": "real scalar", "mass": 1.0, "coefficients": {"CS_ss": 1.5e-4}}))
    result = CliRunner().invoke(app, ["dd", "--dark", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    theory = phi(CS_ss=1.5e-4)
    assert out["sigma_SI(n)"] == pytest.approx(dd.sigma_SI(theory, "n"))
    assert out["limits"]["PandaX-4T Migdal"]["verdict"] == "excluded"
    assert out["limits"]["LZ 2024"]["verdict"] == "not probed"
    options = CliRunner().invoke(app, ["dd", "--mass", "1.0", "--coefficient", "CS_ss=1.5e-4", "--json"])
    assert json.loads(options.output)["sigma_eff"] == out["sigma_eff"]
    bad = CliRunner().invoke(app, ["dd", "--mass", "1.0", "--coefficient", "CS_ss"])
    assert bad.exit_code == 1 and "NAME=VALUE" in bad.output


def test_dd_plane_allows_the_blind_spot(tmp_path, params):
    """In the R_−–R_s plane the weakest exclusion at R_− = 0 sits on the line g_p ≈ g_n ≈ 0,
    R_s = −(f_u/m_u + f_d/m_d)/(2 f_s/m_s) (proton values), where the cross sections cancel; far from it the
    relic coupling is excluded."""
    from darkflav.plots.direct_detection import plot_dd_plane

    result = plot_dd_plane(tmp_path / "plane.png", mass=0.5, r_minus=(-0.5, 0.5), r_s=(-30, -10), n_points=11,
                           params=params)
    assert (tmp_path / "plane.png").stat().st_size > 0
    assert result.allowed.any() and not result.allowed.all()
    f = dd.f_Tq("p")
    blind = -(f["u"] / params["m_u(2GeV)"] + f["d"] / params["m_d(2GeV)"]) / (2 * f["s"] / params["m_s(2GeV)"])
    worst = np.max(np.stack(list(result.ratios.values())), axis=0)[5]  # the row R_− = 0
    assert abs(result.r_s[np.argmin(worst)] - blind) <= (result.r_s[1] - result.r_s[0]) / 2
    assert result.allowed[5, np.argmin(worst)] and not result.allowed[5, 0] and not result.allowed[5, -1]
