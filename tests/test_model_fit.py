"""Fit files (`darkflav fit FILE`): validation, the best fit, profile likelihoods and nested sampling of a theory
template against any measurements, written as fit.json and figures."""

import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from darkflav import DarkEFT, DarkflavError
from darkflav.cli import app
from darkflav.experiments import Likelihood
from darkflav.experiments.model_fit import ModelFit, credible_interval, load_fit, profile_interval

# K+ -> pi+ phi phi at fixed mass: NA62's branching ratio against one coupling (cheap, vectorised)
KAON = {"name": "kaon", "theory": {"type": "DarkEFT", "species": "real scalar", "mass": 0.1,
                                   "coefficients": {"CS_sd": "c"}},
        "parameters": {"c": {"start": 1.0e-10, "range": [1.0e-12, 1.0e-9], "prior": "log-uniform"}},
        "likelihood": ["NA62 2016-2022 K+->pi+nunu"], "profiles": [["c"]], "points": 41,
        "sample": {"live_points": 40, "dlogz": 0.5, "seed": 3}}


def _direct_scan():
    couplings = np.logspace(-12, -9, 4001)
    values = Likelihood(["NA62 2016-2022 K+->pi+nunu"]).minus_two_log_l(DarkEFT("real scalar", 0.1,
                                                                                  {"CS_sd": couplings}))
    return couplings, np.asarray(values)


def test_best_fit_and_profile_agree_with_a_direct_scan():
    fit = ModelFit(load_fit(KAON))
    best = fit.best_fit()
    couplings, values = _direct_scan()
    assert best["valid"] and best["values"]["c"] == pytest.approx(couplings[values.argmin()], rel=0.01)
    assert best["minus_two_log_l"] == pytest.approx(values.min(), abs=1e-4)
    assert best["contributions"] == {"NA62 2016-2022 K+->pi+nunu": pytest.approx(best["minus_two_log_l"])}
    profile = fit.profile(("c",), best["values"])
    grid = np.asarray(profile["axes"]["c"])
    direct = np.interp(np.log(grid), np.log(couplings), values) - values.min()
    assert np.allclose(profile["delta"], direct, atol=1e-3)


@pytest.fixture(scope="module")
def kaon_posterior():
    """Nested sampling of the one-parameter NA62 fit (shared by two tests)."""
    return ModelFit(load_fit({**KAON, "sample": {"live_points": 150, "dlogz": 0.2, "seed": 3}})).sample()


def test_nested_sampling_matches_the_posterior_of_a_direct_integration(kaon_posterior):
    """The posterior of log10 c (uniform prior) from dynesty against the normalised exp(−½ χ²) on a fine grid: the
    median and the 68 % interval within the sampling noise, and ln Z within 3 of its error."""
    posterior = kaon_posterior
    couplings, values = _direct_scan()
    log_c = np.log10(couplings)
    density = np.exp(-0.5 * (values - values.min()))
    cdf = np.cumsum(density) / density.sum()
    median, low, high = credible_interval(np.log10(posterior["samples"]["c"]))
    for got, q in ((median, 0.5), (low, 0.16), (high, 0.84)):
        assert got == pytest.approx(np.interp(q, cdf, log_c), abs=0.1)
    log_z = np.log(np.trapezoid(np.exp(-0.5 * values), log_c) / 3.0)  # prior density 1/3 per unit log10 c
    assert abs(posterior["log_evidence"] - log_z) < 3 * posterior["log_evidence_error"] + 0.1


def test_nested_sampling_reproduces_a_gaussian_toy_posterior_to_two_percent():
    """A two-parameter Gaussian likelihood (means 1 and −2, widths 0.1 and 0.3) inside wide uniform priors: the
    sampler's posterior means and 68 % intervals within 2 % of the exact ones (the likelihood is swapped in for the
    fit's; priors, batching and resampling are the fit's own)."""
    definition = load_fit({**KAON, "parameters": {"a": {"range": [-4.0, 6.0]}, "b": {"range": [-7.0, 3.0]}},
                           "profiles": [], "theory": {**KAON["theory"], "coefficients": {"CS_sd": 1e-10}}})
    fit = ModelFit(definition)
    mean, width = {"a": 1.0, "b": -2.0}, {"a": 0.1, "b": 0.3}

    def chi2(values):
        return sum(((np.asarray(values[n]) - mean[n]) / width[n]) ** 2 for n in mean)

    fit.minus_two_log_l, fit.minus_two_log_l_many = (lambda v: float(chi2(v))), chi2
    fit.definition = replace(definition, sample={"live_points": 400, "dlogz": 0.05, "seed": 7})
    samples = fit.sample()["samples"]
    for name in mean:
        median, low, high = credible_interval(samples[name])
        assert np.mean(samples[name]) == pytest.approx(mean[name], rel=0.02)
        assert low == pytest.approx(mean[name] - width[name], rel=0.02)
        assert high == pytest.approx(mean[name] + width[name], rel=0.02)


def test_the_profile_interval_and_the_credible_interval_differ_as_the_likelihood_says(kaon_posterior):
    """One-parameter fit (NA62 against C^{S,sd}, log-uniform prior): the profile's 68 % interval (Δχ² ≤ 1 on the fit's
    grid) and the sampler's 68 % credible interval differ by what the exact likelihood predicts for them (a direct
    4001-point scan: Δχ² ≤ 1 against the posterior's 16 and 84 % quantiles), within the grid spacing and the
    sampling noise."""
    fit = ModelFit(load_fit(KAON))
    best = fit.best_fit()
    profile = fit.profile(("c",), best["values"])
    allowed = np.log10(profile_interval(np.asarray(profile["axes"]["c"]), profile["delta"]))
    _, low, high = credible_interval(np.log10(kaon_posterior["samples"]["c"]))
    couplings, values = _direct_scan()
    log_c = np.log10(couplings)
    inside = log_c[values - values.min() <= 1]
    cdf = np.cumsum(np.exp(-0.5 * (values - values.min())))
    cdf /= cdf[-1]
    expected = (np.interp(0.16, cdf, log_c) - inside.min(), np.interp(0.84, cdf, log_c) - inside.max())
    spacing = 3.0 / (KAON["points"] - 1)
    assert abs((low - allowed.min()) - expected[0]) < spacing + 0.1
    assert abs((high - allowed.max()) - expected[1]) < spacing + 0.1


@pytest.mark.parametrize("change, message", [
    ({"parameters": {"c": {"start": 1.0, "range": [1.0e-12, 1.0e-9]}}}, "start must be a number in its range"),
    ({"parameters": {"c": {"range": [0.0, 1.0], "prior": "log-uniform"}}}, "log-uniform range must be positive"),
    ({"parameters": {"c": {"range": [1.0, 0.5]}}}, "low < high"),
    ({"parameters": {"c": {"range": [0, 1], "prior": "jeffreys"}}}, "prior must be one of"),
    ({"parameters": {}}, "parameters must map names"),
    ({"likelihood": ["nope"]}, "unknown measurement"),
    ({"likelihood": 5}, "likelihood must be"),
    ({"profiles": [["c", "d"]]}, "a profile is one or two distinct free parameters"),
    ({"points": 1}, "points must be a whole number"),
    ({"sample": {"live_points": 10**7}}, "live_points must be a whole number"),
    ({"sample": {"walkers": 3}}, "sample takes live_points"),
    ({"dark_matter": "most"}, "dark_matter must be one of"),
    ({"extra": 1}, "unknown key 'extra'"),
    ({"parameters": {"c": {"start": 1.0e-10}}}, "parameter 'c' takes {start, range"),
    ({"parameters": {"c": {"range": [1.0e-12, 1.0e-9], "points": 2}}}, "parameter 'c': points must be"),
    ({"theory": {"type": "DarkEFT", "species": "real scalar", "mass": "m", "coefficients": {"CS_sd": "c"}}},
     "names the parameter 'm'"),
])
def test_bad_fit_files_are_refused_with_the_key_named(change, message):
    with pytest.raises(DarkflavError, match=message):
        load_fit({**KAON, **change})


def test_a_preset_the_theory_cannot_predict_names_the_measurement():
    """A Dirac fermion against the dark-scalar preset: the relic density (φφ → mesons) is implemented for the real
    scalar only; the error names the measurement and the reason."""
    fit = ModelFit(load_fit({**KAON, "likelihood": "dark scalar global", "theory": {
        "type": "DarkEFT", "species": "Dirac fermion", "mass": 0.5, "coefficients": {"CVV_sb": "c"}}}))
    with pytest.raises(DarkflavError, match="measurement 'Planck 2018 relic density' .*real scalar"):
        fit.minus_two_log_l({"c": 1e-10})


def test_darkflav_fit_file_writes_the_result_and_figures(tmp_path):
    import yaml

    path = tmp_path / "kaon.yaml"
    path.write_text(yaml.safe_dump(KAON))
    result = CliRunner().invoke(app, ["fit", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "fit.json").read_text())
    assert data["binding"] == "NA62 2016-2022 K+->pi+nunu" and data["best_fit"]["valid"]
    assert data["profiles"][0]["allowed_68"][0] < data["best_fit"]["values"]["c"] < data["profiles"][0]["allowed_68"][1]
    for figure in ("profile_c.png", "corner.png"):
        assert (tmp_path / "out" / figure).stat().st_size > 10_000
    assert np.load(tmp_path / "out" / "samples.npz")["c"].size == data["sample"]["n_samples"]
    assert "68 % credible" in result.output and "binds most" in result.output
    refused = CliRunner().invoke(app, ["fit", str(path), "--out", str(path)])
    assert refused.exit_code == 1 and "not a folder" in refused.output


def test_a_uv_model_is_fitted_through_its_template():
    """A leptoquark (type: model) with two couplings free: the fit reaches the minimum of a direct grid over the same
    couplings, and the matched coefficients enter every measurement."""
    definition = load_fit({"name": "S1/2~", "theory": {"type": "model", "model": "S1/2~", "parameters": {
        "mass": 2000.0, "couplings": {"btau": "y_b", "stau": "y_s"}}},
        "parameters": {"y_b": {"start": 1.0, "range": [-3.0, 3.0]}, "y_s": {"start": -0.2, "range": [-1.0, 1.0]}},
        "likelihood": ["seeds Belle II"]})
    fit = ModelFit(definition)
    best = fit.best_fit()
    y_b, y_s = (a.ravel() for a in np.meshgrid(np.linspace(-3, 3, 25), np.linspace(-1, 1, 17)))
    grid = fit.minus_two_log_l_many({"y_b": y_b, "y_s": y_s})  # one call: the model matched with array couplings
    assert best["valid"] and best["minus_two_log_l"] <= grid.min() + 1e-6
    assert grid[7] == pytest.approx(fit.minus_two_log_l({"y_b": y_b[7], "y_s": y_s[7]}), rel=1e-10)
    assert set(best["contributions"]) == {m.name for m in Likelihood("seeds Belle II").measurements}


def test_a_template_moves_couplings_together_along_a_direction():
    from darkflav.theories import read_theory, substitute

    template = {"type": "model", "model": "VLQ", "parameters": {"m_Q": 2000.0, "m_D": 2000.0, "m_phi": 1.0,
                                                                "y_q": [0, "y", "0.2*y"], "y_d": [0, "y", "0.2*y"]}}
    model = read_theory(substitute(template, {"y": 1.5}))
    assert np.allclose(model.y_q, [0, 1.5, 0.3]) and np.allclose(model.y_d, [0, 1.5, 0.3])
    with pytest.raises(DarkflavError, match="NUMBER\\*NAME"):
        substitute({"type": "DarkEFT", "mass": "two*y"}, {"y": 1.0})
    with pytest.raises(DarkflavError, match="names the parameter 'z'"):
        substitute({"type": "DarkEFT", "mass": "2*z"}, {"y": 1.0})


def test_a_local_minimum_is_left_for_a_lower_profile_point(tmp_path, monkeypatch):
    """When a profile reaches below the best fit (MIGRAD stopped in a local minimum), the fit restarts from the
    lowest profile point and says so."""
    import yaml

    real = ModelFit.best_fit
    calls = []

    def first_local(self, start=None):
        result = real(self, start)
        calls.append(start)
        if len(calls) == 1:  # pretend the first MIGRAD stopped far from the minimum
            result = {**result, "values": {"c": 1.0e-12}, "minus_two_log_l": result["minus_two_log_l"] + 50}
        return result

    monkeypatch.setattr(ModelFit, "best_fit", first_local)
    path = tmp_path / "kaon.yaml"
    path.write_text(yaml.safe_dump({k: v for k, v in KAON.items() if k != "sample"}))
    result = CliRunner().invoke(app, ["fit", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "fit.json").read_text())
    assert len(calls) == 2 and calls[1] == data["restarted_from"] and "restarted" in result.output
    assert min(data["profiles"][0]["delta"]) >= -1e-9  # Δ measured from the new, lower minimum
