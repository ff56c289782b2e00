"""Dark matter and the LHC as measurements in the same Likelihood as flavour: each new likelihood reproduces its
source at the published point, the 'at most' mode reduces to the plain one at Ω = Ω_DM, the sum is the sum of its
parts."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import norm, poisson

from darkflav import DarkEFT, DarkflavError, Parameters
from darkflav.collider.atlas_monojet import EXCLUSIVE, REGIONS, region_arrays
from darkflav.collider.monojet import coefficient_bounds
from darkflav.darkmatter import direct_detection, relic_scale
from darkflav.experiments import Likelihood
from darkflav.experiments.measurements import get, presets
from darkflav.registry import predict

P = Parameters.default()
SEED = DarkEFT("real scalar", 0.3, {"CS_ss": 1.0, "CS_uu": 0.1, "CS_dd": 0.1, "CS_sb": 1e-4})


@pytest.fixture(scope="module")
def relic_point():
    """The seed-like scalar with its couplings scaled to Ω h² = Ω_DM h²."""
    return SEED.scaled(relic_scale(SEED))


def test_relic_density_is_log_normal_with_the_stated_theory_error():
    m = get("Planck 2018 relic density")
    value, error = P["Omega_DM_h2"], P.entry("Omega_DM_h2").uncertainty
    width2 = (error / value) ** 2 + np.log(1.1) ** 2
    x = value * np.array([0.5, 1.0, 1.1, 2.0])
    assert np.allclose(m.minus_two_log_l(x), np.log(x / value) ** 2 / width2, rtol=1e-12)
    assert m.minus_two_log_l(value * 1.1) == pytest.approx(0.992, abs=1e-3)  # one theory σ, Planck's error added
    assert np.array_equal(m.minus_two_log_l(x, dark_matter="at most") > 0, x > value)  # one-sided: less is allowed


def test_cmb_bound_gives_2_71_at_planck_s_95_percent_limit():
    """Half-Gaussian at zero through the 95 % CL limit: −2 ln L = Φ⁻¹(0.95)² = 2.706 at p_ann = 3.2×10⁻²⁸."""
    m = get("Planck 2018 CMB p_ann")
    assert m.minus_two_log_l(P["p_ann_Planck2018"], params=P) == pytest.approx(2.706, abs=1e-3)
    assert m.minus_two_log_l(0.0, params=P) == 0


@pytest.mark.parametrize("name", [n for n in presets()["dark scalar global"]["measurements"]
                                  if get(n).kind == "dd_limit"])
def test_direct_detection_gives_the_90_percent_value_on_the_published_curve(name):
    """A point exactly on the published curve (its σ_eff scaled onto the limit at that mass): −2 ln L = Φ⁻¹(0.9)²
    = 1.64, as for every upper limit of darkflav; no constraint outside the curve's mass range."""
    m = get(name)
    grid = direct_detection.limits()[m.numbers["experiment"]]["mass_GeV"]
    mass = float(np.sqrt(grid[0] * grid[-1]))
    theory = DarkEFT("real scalar", mass, {"CS_ss": 1e-4})
    sigma = float(predict(m.observable, theory))
    on_curve = theory.scaled(np.sqrt(float(direct_detection.limit(m.numbers["experiment"], mass)) / sigma))
    value = Likelihood([name]).contributions(on_curve)[name]
    assert value == pytest.approx(norm.ppf(0.9) ** 2, rel=1e-9)
    outside = DarkEFT("real scalar", grid[-1] * 2, {"CS_ss": 1e-4})
    assert Likelihood([name]).contributions(outside)[name] == 0


def _poisson_region(s, n, b, sb):
    """−2 ln max_θ [Pois(n | s + b + θσ_b) N(θ)] relative to the saturated model, by numerical minimisation."""
    def cost(theta):
        lam = max(s + b + theta * sb, 1e-9)
        return -2 * (poisson.logpmf(n, lam) - poisson.logpmf(n, max(n, 1e-9))) + theta**2
    return minimize_scalar(cost, bounds=(-8, 8), method="bounded", options={"xatol": 1e-10}).fun


def test_monojet_bins_are_poisson_per_region_with_the_background_profiled():
    """The closed-form profiled deviance equals a numerical profile of each region's Poisson × Gaussian(θ), and the
    likelihood grows through the CLs bound (the verdict of darkflav's CLs limit, from the same counts)."""
    theory = DarkEFT("real scalar", 1.0, {"CS_ss": 1.0})
    m = get("ATLAS 2021 monojet EM bins")
    unit = predict(m.observable, theory)  # σ × A per unit |C|² (fb)
    bound = float(coefficient_bounds("ss", 1.0))
    n, b, sb = region_arrays(EXCLUSIVE)
    from darkflav.collider.atlas_monojet import analysis
    events = unit * bound**2 * analysis()["detector_efficiency"]["value"] * analysis()["luminosity"]["value"]
    direct = sum(_poisson_region(events[k], n[k], b[k], sb[k]) - _poisson_region(0.0, n[k], b[k], sb[k])
                 for k in range(len(n)))
    at_bound = Likelihood([m.name]).contributions(theory.scaled(bound))[m.name]
    assert at_bound == pytest.approx(direct, abs=1e-4)
    # relative to the best signal strength (ATLAS sees a mild excess: the minimum lies at μ̂ ≈ 0.5 μ_bound), the
    # bound sits at the CLs test statistic q̃ ≈ 2.8 and −2 ln L rises beyond it
    strengths = np.linspace(0.0, 1.6, 81)
    curve = np.array([Likelihood([m.name]).contributions(theory.scaled(np.sqrt(k) * bound))[m.name] for k in strengths])
    at_bound = curve[50] - curve.min()
    assert 0 < strengths[curve.argmin()] < 1 and 2.0 < at_bound < 4.0 and np.all(np.diff(curve[50:]) > 0)


def test_at_most_mode_equals_the_plain_mode_at_the_relic_density_and_rescales_below_it(relic_point):
    names = ["Planck 2018 CMB p_ann", "PandaX-4T Migdal (direct detection)", "XENON1T Migdal (direct detection)"]
    plain, at_most = Likelihood(names), Likelihood(names, dark_matter="at most")
    assert float(predict("Omega h^2", relic_point)) == pytest.approx(P["Omega_DM_h2"], rel=1e-3)
    for name, value in plain.contributions(relic_point).items():
        assert at_most.contributions(relic_point)[name] == pytest.approx(value, rel=2e-3)
    # couplings × 2: σv × 4, Ω/Ω_DM ≈ 1/4: direct-detection rates × ξ, annihilation today × ξ²
    heavy = relic_point.scaled(2.0)
    xi = float(at_most.dark_matter_fraction(heavy))
    assert xi == pytest.approx(0.25, rel=0.15)
    for name, power in (("PandaX-4T Migdal (direct detection)", 1), ("Planck 2018 CMB p_ann", 2)):
        ratio = at_most.contributions(heavy)[name] / plain.contributions(heavy)[name]
        assert ratio == pytest.approx(xi ** (2 * power), rel=1e-9)  # −2 ln L is quadratic in the signal


def test_the_global_likelihood_is_the_sum_of_its_parts_and_each_part_is_named(relic_point):
    lh = Likelihood("dark scalar global")
    parts = lh.contributions(relic_point)
    assert set(parts) == set(presets()["dark scalar global"]["measurements"])
    assert float(lh.minus_two_log_l(relic_point)) == pytest.approx(sum(float(v) for v in parts.values()), rel=1e-12)
    assert all(np.isfinite(float(v)) for v in parts.values())
    assert parts["Planck 2018 relic density"] == pytest.approx(0.0, abs=1e-4)


def test_the_dark_matter_mode_is_checked():
    with pytest.raises(DarkflavError, match="dark_matter must be one of"):
        Likelihood("dark scalar global", dark_matter="some")


def test_constrain_shows_each_constraint_of_the_global_set_and_compares_with_the_sm_where_it_predicts(tmp_path):
    import json

    from typer.testing import CliRunner

    from darkflav.cli import app

    theory = tmp_path / "phi.yaml"
    theory.write_text("species: real scalar\nmass: 0.3\ncoefficients: {CS_ss: 2.0e-4, CS_uu: 2.0e-5, CS_sb: 5.0e-8}\n")
    result = CliRunner().invoke(app, ["constrain", "--preset", "dark scalar global", "--dark", str(theory),
                                      "--dark-matter", "at most", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data["measurements"]
    assert set(rows) == set(presets()["dark scalar global"]["measurements"])
    assert rows["Planck 2018 relic density"]["sm_minus_two_log_l"] is None  # the SM has no dark matter
    assert data["compared_with_sm"] == 7 and len(rows["ATLAS 2021 monojet EM bins"]["prediction"]) == 13
    assert data["minus_two_log_l"] == pytest.approx(sum(r["minus_two_log_l"] for r in rows.values()))


def test_the_global_plane_equals_point_by_point_likelihoods_and_draws_every_group(tmp_path):
    """Likelihood.plane (the monojet bins per mass at unit scale, × scale²) equals contributions at single points;
    the figure's groups sum to the total; the CLI draws it and names what binds at the best point."""
    from typer.testing import CliRunner

    from darkflav.cli import app
    from darkflav.plots.global_plane import global_plane, plot_global_plane

    direction = DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8, "CS_ss": 1e-4})
    masses, scales = np.array([0.3, 1.0, 2.0]), np.array([0.1, 1.0, 3.0])
    lh = Likelihood("dark scalar global", dark_matter="at most")
    plane = lh.plane(direction, masses, scales)
    point = DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8 * 3.0, "CS_ss": 1e-4 * 3.0})
    for name, value in lh.contributions(point).items():
        assert plane[name][1, 2] == pytest.approx(float(value), rel=1e-6, abs=1e-9), name
    picture = global_plane(direction, masses, scales, dark_matter="at most")
    assert np.allclose(picture.total, sum(plane.values()))
    assert set(picture.groups) == {"B → K(*) νν̄ / inv", "K → π inv", "relic density", "CMB", "direct detection",
                                   "LHC monojet"}
    assert plot_global_plane(tmp_path / "plane.png", picture).stat().st_size > 10_000
    spec = tmp_path / "direction.yaml"
    spec.write_text("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: 9.0e-8, CS_ss: 1.0e-4}\n")
    result = CliRunner().invoke(app, ["plot", "global-plane", "--dark", str(spec), "--points", "3", "--out",
                                      str(tmp_path / "cli.png")])
    assert result.exit_code == 0, result.output
    assert "best point" in result.output and "direct detection" in result.output and (tmp_path / "cli.png").is_file()


def test_pulls_are_signed_square_roots_of_each_contribution():
    """Gaussian-like results: (x − μ)/σ with its sign; limits: +√(−2 ln L)."""
    lh = Likelihood(["NA62 2016-2022 K+->pi+nunu", "KOTO 2021 KL->pi0nunu", "Planck 2018 relic density"])
    theory = DarkEFT("real scalar", 0.3, {"CS_ss": 1e-4})
    contributions, pulls = lh.contributions(theory), lh.pulls(theory)
    na62 = get("NA62 2016-2022 K+->pi+nunu")
    below = float(lh.prediction(na62, theory)) < na62.numbers["value"]  # the SM rate, under NA62's central value
    assert pulls[na62.name] == pytest.approx((-1 if below else 1) * np.sqrt(contributions[na62.name]))
    assert pulls["KOTO 2021 KL->pi0nunu"] >= 0
    omega = float(predict("Omega h^2", theory))
    assert np.sign(pulls["Planck 2018 relic density"]) == np.sign(omega - P["Omega_DM_h2"])
    assert pulls["Planck 2018 relic density"] ** 2 == pytest.approx(contributions["Planck 2018 relic density"])


def test_an_observable_of_the_uv_model_itself_reads_the_model_unmatched():
    """The VLQ monojet bins read the model (its full signal), the other measurements its matched theories: both from
    one theory given to the Likelihood."""
    from darkflav.collider.vlq.bounds import benchmark_model
    from darkflav.registry import get as get_observable
    from darkflav.registry import resolve

    model = benchmark_model(3000.0)
    assert resolve(get_observable("sigma_UV(pp->phi phi j)[EM]"), model, P) == (model,)
    darks = resolve(get_observable("Omega h^2"), model, P)[0]
    assert len(darks) == 1 and isinstance(darks[0], DarkEFT)
    lh = Likelihood("VLQ global")
    m = get("ATLAS 2021 monojet EM bins (VLQ)")
    assert lh._source(m, model, None) is model


def test_monojet_observables_for_arrays_of_masses_interpolate_monte_carlo_runs_at_fixed_masses():
    """σ × A for many masses at once (the likelihood of a scan) from Monte Carlo runs at the mass nodes: exact at a
    node, below the first node its value, and within the Monte Carlo errors of a run at the mass itself (0.05 and
    2.4 GeV, where m_φ enters only through β(Q) at φφ masses Q of hundreds of GeV; 50 GeV, between the nodes 30 and
    60)."""
    from darkflav.collider.atlas_monojet import sampling_settings
    from darkflav.collider.monojet import unit_region_cross_sections
    from darkflav.observables.monojet import unit_cross_sections

    masses = np.array([0.05, 1.0, 2.4, 50.0])
    grid = unit_cross_sections("sb", masses, P)
    assert grid.shape == (4, 26)
    node = unit_region_cross_sections("sb", sampling_settings()["mass_nodes"]["value"][0], params=P)
    np.testing.assert_allclose(grid[:2], [node.sigma, node.sigma], rtol=1e-14)
    for row, m in ((0, 0.05), (2, 2.4), (3, 50.0)):
        direct = unit_region_cross_sections("sb", m, params=P)
        inside = direct.sigma > 0
        pull = (grid[row] - direct.sigma)[inside] / np.hypot(direct.error, node.error)[inside]
        assert np.all(np.abs(pull) < 4), (m, pull)
    theory = DarkEFT("real scalar", masses, {"CS_sb": np.array([1e-6, 2e-6, 1e-6, 3e-6])})
    bins = predict("sigma(pp->phi phi j)[EM]", theory)
    exclusive = [REGIONS.index(r) for r in EXCLUSIVE]
    np.testing.assert_allclose(bins, np.array([1e-12, 4e-12, 1e-12, 9e-12])[:, None] * grid[:, exclusive], rtol=1e-12)


def test_the_plane_of_a_fit_file_equals_its_likelihood_point_by_point(tmp_path):
    """fit_plane: the two free parameters of a fit file on their grids (log for a log-uniform prior), −2 ln L per
    group equal to Likelihood.contributions at each point; a fit file with one free parameter is refused."""
    from darkflav.experiments.model_fit import load_fit
    from darkflav.plots.global_plane import fit_plane, plot_global_plane

    definition = load_fit({"theory": {"type": "DarkEFT", "species": "real scalar", "mass": "m",
                                      "coefficients": {"CS_sd": "c"}},
                           "parameters": {"m": {"range": [0.01, 0.12]},
                                          "c": {"range": [1e-12, 1e-9], "prior": "log-uniform", "points": 5}},
                           "likelihood": ["NA62 2016-2022 K+->pi+nunu", "KOTO 2021 KL->pi0nunu"], "points": 4})
    plane = fit_plane(definition)
    assert plane.x == pytest.approx([0.01, 0.0466667, 0.0833333, 0.12], rel=1e-5)
    assert plane.y == pytest.approx(np.logspace(-12, -9, 5)) and plane.y_log and not plane.x_log  # its own points
    likelihood = Likelihood(["NA62 2016-2022 K+->pi+nunu", "KOTO 2021 KL->pi0nunu"])
    for i, m in enumerate(plane.x):
        for j, c in enumerate(plane.y):
            direct = likelihood.contributions(DarkEFT("real scalar", m, {"CS_sd": c}))
            assert plane.groups["K → π inv"][i, j] == pytest.approx(sum(direct.values()), rel=1e-10)
    assert plot_global_plane(tmp_path / "plane.png", plane).stat().st_size > 0
    with pytest.raises(DarkflavError, match="exactly two free parameters"):
        fit_plane(load_fit({**definition.__dict__, "parameters": {"c": {"range": [1e-12, 1e-9]}},
                            "theory": {**definition.theory, "mass": 0.1}, "profiles": [], "sample": {},
                            "likelihood": list(definition.likelihood)}))


def test_the_vlq_monojet_signal_of_an_array_of_models_is_the_signal_of_each_point(monkeypatch):
    """A VLQ model with array masses and couplings: each point's signal from its own scalar model (the Monte Carlo
    is replaced here by a function of the point, to check the wiring)."""
    from types import SimpleNamespace

    from darkflav.models.vlq import VectorLikeQuarks
    from darkflav.observables import monojet

    def fake(model, params):
        value = float(model.m_Q) + 10 * abs(complex(model.y_q[1])) + 100 * float(model.m_phi)
        return SimpleNamespace(total=SimpleNamespace(sigma=np.full(26, value)))

    monkeypatch.setattr(monojet, "vlq_signal_by_scaling", fake)
    model = VectorLikeQuarks(np.array([1500.0, 2000.0])[:, None], 2500.0, np.array([1.0, 2.0, 3.0]),
                             np.array([0.0, 1.0, 0.2]) * np.array([0.5, 1.0, 2.0])[:, None], [0.0, 1.0, 0.2])
    bins = predict("sigma_UV(pp->phi phi j)[EM]", model)
    assert bins.shape == (2, 3, 13)
    expected = np.array([1500.0, 2000.0])[:, None] + 10 * np.array([0.5, 1.0, 2.0]) + 100 * np.array([1, 2, 3.0])
    np.testing.assert_allclose(bins, np.repeat(expected[..., None], 13, axis=-1))


def test_higgs_to_scalar_pairs_through_the_portal_against_the_invisible_higgs_limit():
    """B(h → φφ) = Γ/(Γ_SM + Γ), Γ = κ²v²β/(32π m_h) (arXiv:1306.4710): computed here from the inputs; zero above
    threshold; the ATLAS limit B < 0.107 gives −2 ln L = 2.71 on it (half-Gaussian, 95 % CL)."""
    from darkflav.models.vlq import VectorLikeQuarks

    kappa, m_phi = np.array([0.0, 0.003, 0.01, 0.01]), np.array([1.0, 1.0, 30.0, 70.0])
    model = VectorLikeQuarks(2000.0, 2000.0, m_phi, [0, 1, 0.2], [0, 1, 0.2], kappa=kappa)
    v2 = 1 / (np.sqrt(2) * P["G_F"])
    width = kappa**2 * v2 * np.sqrt(np.clip(1 - 4 * m_phi**2 / P["m_h"] ** 2, 0, None)) / (32 * np.pi * P["m_h"])
    br = predict("BR(h->phi phi)", model)
    np.testing.assert_allclose(br, width / (P["Gamma_h_SM"] + width), rtol=1e-12)
    assert br[0] == 0 and br[3] == 0 and br[2] > br[1] > 0
    on_limit = 0.107 * P["Gamma_h_SM"] / (1 - 0.107)  # the width with B = 0.107
    k = np.sqrt(on_limit * 32 * np.pi * P["m_h"] / v2 / np.sqrt(1 - 4 / P["m_h"] ** 2))
    at_limit = VectorLikeQuarks(2000.0, 2000.0, 1.0, [0, 1, 0.2], [0, 1, 0.2], kappa=k)
    value = Likelihood(["ATLAS 2023 h->invisible"]).minus_two_log_l(at_limit)
    assert value == pytest.approx(norm.ppf(0.95) ** 2, rel=1e-9)


def test_darkflav_plot_global_plane_draws_the_plane_of_a_fit_file(tmp_path):
    """`darkflav plot global-plane --fit FILE`: the plane of the file's two parameters (the best point as fit_plane's),
    JSON output; --dark and --fit together, or neither, refused."""
    import json

    import yaml
    from typer.testing import CliRunner

    from darkflav.cli import app
    from darkflav.experiments.model_fit import load_fit
    from darkflav.plots.global_plane import fit_plane

    spec = {"name": "kaon plane", "theory": {"type": "DarkEFT", "species": "real scalar", "mass": "m",
                                             "coefficients": {"CS_sd": "c"}},
            "parameters": {"m": {"range": [0.01, 0.12]}, "c": {"range": [1e-12, 1e-9], "prior": "log-uniform"}},
            "likelihood": ["NA62 2016-2022 K+->pi+nunu", "KOTO 2021 KL->pi0nunu"], "points": 5}
    path = tmp_path / "plane.yaml"
    path.write_text(yaml.safe_dump(spec))
    out = tmp_path / "plane.png"
    result = CliRunner().invoke(app, ["plot", "global-plane", "--fit", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    plane = fit_plane(load_fit(spec))
    assert (data["best"]["m"], data["best"]["c"]) == pytest.approx(plane.best)
    assert data["best"]["minus_two_log_l"] == pytest.approx(plane.total.min()) and out.stat().st_size > 0
    for options in ([], ["--fit", str(path), "--dark", str(path)]):
        result = CliRunner().invoke(app, ["plot", "global-plane", *options, "--out", str(out)])
        assert result.exit_code == 1 and "give either --dark" in result.output


def test_groups_of_the_combined_picture():
    """Each measurement is drawn in its physical group: B → K(*) + invisible, not the LFV B → Kℓℓ′ modes or the
    invisible Higgs width (whose observable BR(h->phi phi) once fell into the B → K group)."""
    from darkflav.plots.global_plane import group

    expected = {"Belle II 2023 B+->K+nunu (published likelihood)": "B → K(*) νν̄ / inv",
                "Belle 2017 B0->K*0nunu": "B → K(*) νν̄ / inv", "Belle II 2025 B+->K+X": "B → K(*) νν̄ / inv",
                "ATLAS 2023 h->invisible": "side constraints", "LHCb 2019 B+->K+mu-e+": "side constraints",
                "NA62 2016-2022 K+->pi+nunu": "K → π inv", "Planck 2018 CMB p_ann": "CMB",
                "ATLAS 2021 monojet EM bins (VLQ)": "LHC monojet"}
    assert {name: group(name) for name in expected} == expected
