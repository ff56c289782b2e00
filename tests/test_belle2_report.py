"""Which operators fit Belle II's published B⁺→K⁺νν̄ likelihood, its fit bins, their figures, the CLI command and
the report section (experiments/operator_fits.py, plots/belle2.py, report/sections.py)."""

import gzip
import json
from importlib import resources

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from darkflav import DarkEFT, DarkflavError, InvisibleBoson
from darkflav.cli import app
from darkflav.experiments import operator_fits as of
from darkflav.experiments.published_likelihood import published
from darkflav.plots.belle2 import plot_belle2_bins, plot_delta_versus_mass
from darkflav.report import sections, settings, writing

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def lh():
    return published()


def _workspace():
    path = resources.files("darkflav.experiments").joinpath("data", "belle2_2023", "combined_likelihood.json.gz")
    return json.loads(gzip.decompress(path.read_bytes()))


def test_best_point_is_a_minimum_of_the_likelihood(lh):
    """The best point of a real scalar's CS_sb is no higher than its neighbours in mass and coupling, evaluated
    afresh; its Δ is the likelihood's value minus the SM's, and no lower than any grid point's."""
    masses = np.linspace(0.0, 2.2, 8)
    fit = of.fit_operator("real scalar", "CS_sb", masses=masses, n_couplings=8)
    sm = float(lh.minus_two_delta_log_l(None))
    at_best = float(lh.minus_two_delta_log_l(fit.theory()))
    assert fit.delta == pytest.approx(at_best - sm, abs=1e-9)
    neighbours = [(fit.mass + dm, fit.coupling * k) for dm in (-0.03, 0.0, 0.03) for k in (0.93, 1.0, 1.07)
                  if (dm, k) != (0.0, 1.0) and fit.mass + dm >= 0]
    values = lh.minus_two_delta_log_l(DarkEFT("real scalar", np.array([m for m, _ in neighbours]),
                                              {"CS_sb": np.array([c for _, c in neighbours])}))
    assert np.all(at_best <= values + 1e-9), (at_best, values)
    assert fit.delta <= np.nanmin(fit.values) - sm + 1e-12
    assert fit.delta <= np.nanmin(fit.curve) + 0.3  # the curve's parabola may dip a little below a grid point
    # an improvement over the SM, with the 2-degree-of-freedom p-value of Wilks' theorem
    assert fit.delta < -5 and fit.p_value == pytest.approx(np.exp(fit.delta / 2), rel=1e-9)
    assert 0.3 < fit.mass < 1.2


def test_massless_dirac_vector_pairs_are_extra_neutrinos(lh, params):
    """A massless Dirac fermion with (s̄γ^μb)(χ̄γ_μχ) has the SM νν̄ spectrum in B⁺→K⁺ (a vector quark current and
    massless fermions): its best −2Δln L against the SM is the SM-shape fit's improvement, 7.75 with darkflav's SM
    (the paper's 7.4 with Belle II's normalisation 4.97×10⁻⁶ against darkflav's 4.52×10⁻⁶)."""
    fit = of.fit_operator("Dirac fermion", "CVV_sb", masses=[0.0], n_couplings=24)
    sm_spectrum = lh.response.spectrum(None, params)
    pairs = lh.response.spectrum(fit.theory(), params) - sm_spectrum
    np.testing.assert_allclose(pairs / pairs.sum(), sm_spectrum / sm_spectrum.sum(), rtol=1e-6, atol=1e-12)
    sm = float(lh.minus_two_delta_log_l(None))
    assert fit.delta == pytest.approx(-sm, abs=0.1)
    assert -fit.delta == pytest.approx(7.4, abs=0.5)
    # the best total rate is the published μ̂ × (Belle II's SM normalisation)
    total = (pairs.sum() + sm_spectrum.sum()) / lh.response.normalisation
    assert total == pytest.approx(lh.published_fit()["mu"], rel=0.05)


def test_operators_with_one_shape_share_a_scan(params):
    """Real and complex scalars with CS_sb have one spectral shape: one scan, couplings in the ratio of their
    coupling scales; pseudoscalar quark currents give no B⁺→K⁺ rate."""
    fits = of.fit_operators(["real scalar", "complex scalar"], n_masses=6, n_couplings=6, profile="fast",
                            two_body=False)
    real, complex_ = fits.get("real scalar", "CS_sb"), fits.get("complex scalar", "CS_sb")
    assert complex_.same_as == ("real scalar", "CS_sb") and real.same_as is None
    assert complex_.delta == real.delta and complex_.mass == real.mass
    ratio = of.scale("complex scalar", "CS_sb", [real.mass], params)[0] / of.scale("real scalar", "CS_sb",
                                                                                    [real.mass], params)[0]
    assert complex_.coupling / real.coupling == pytest.approx(ratio, rel=1e-9)
    assert ("real scalar", "CP_sb") in fits.silent and ("complex scalar", "CA_sb") in fits.silent
    assert [f.operator for f in fits.fits] == ["CS_sb", "CS_sb", "CV_sb"]
    with pytest.raises(DarkflavError, match="no fit of"):
        fits.get("real vector", "CS_sb")
    with pytest.raises(DarkflavError, match="two-body couplings"):
        of.make_theory(of.TWO_BODY, "gA_sb", 1.0, 1e-9)


def test_two_body_scan_and_its_best_point(lh):
    """The two-body scalar X: the best point is an InvisibleBoson whose −2Δln L, evaluated afresh, is the fit's."""
    fit = of.fit_operator(of.TWO_BODY, "gS_sb", masses=[1.0, 2.0, 3.0], n_couplings=5)
    assert isinstance(fit.theory(), InvisibleBoson) and fit.values.shape == (3, 5)
    sm = float(lh.minus_two_delta_log_l(None))
    assert fit.delta == pytest.approx(float(lh.minus_two_delta_log_l(fit.theory())) - sm, abs=1e-9)


def test_bins_are_the_published_fit(lh):
    """Observed counts are the workspace's data; background + fitted signal is pyhf's post-fit expectation of the
    unmodified workspace; a theory's signal equals `PublishedLikelihood.bins` (the pyhf model at the best fit)."""
    pyhf = pytest.importorskip("pyhf")
    theory = DarkEFT("real scalar", 0.6, {"CS_sb": 1.2e-7})
    bins = of.published_bins(theory)
    spec = _workspace()
    observations = {o["name"]: o["data"] for o in spec["observations"]}
    assert [n for _, n in bins["channels"]] == [len(observations[c]) for c, _ in bins["channels"]]
    np.testing.assert_array_equal(bins["observed"], np.concatenate([observations[c] for c, _ in bins["channels"]]))
    workspace = pyhf.Workspace(spec)
    model = workspace.model()
    data = workspace.data(model)
    best = pyhf.infer.mle.fit(data, model)
    expected = np.asarray(model.expected_actualdata(best))
    order = np.concatenate([np.arange(model.config.channel_slices[c].start, model.config.channel_slices[c].stop)
                            for c, _ in bins["channels"]])
    np.testing.assert_allclose(bins["background"] + bins["fitted_signal"], expected[order], rtol=2e-3)
    assert float(np.asarray(best)[model.config.poi_index]) == pytest.approx(
        bins["fitted_signal"].sum() / bins["sm_signal"].sum(), abs=0.02)
    exact = lh.bins(theory)
    np.testing.assert_allclose(bins["theory_signal"], exact["theory_signal"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(bins["background"], exact["background"], rtol=1e-12)
    assert [label for _, label, _ in bins["labels"]][-1] == "HTA"
    with pytest.raises(DarkflavError, match="one theory point"):
        of.published_bins(DarkEFT("real scalar", [0.5, 1.0], {"CS_sb": 1e-7}))


def test_figures(tmp_path):
    """The bins figure returns what it draws; the Δ-versus-mass figure draws given fits."""
    theory = InvisibleBoson(0, 2.0, {"gS_sb": 1e-8})
    bins = plot_belle2_bins(tmp_path / "bins.png", theory, "X at 2 GeV")
    assert (tmp_path / "bins.png").read_bytes()[:8] == PNG and bins["theory_signal"].sum() > bins["sm_signal"].sum()
    fits = of.fit_operators(["real scalar", "real vector"], n_masses=5, n_two_body_masses=6, n_couplings=5,
                            profile="fast")
    assert plot_delta_versus_mass(tmp_path / "curves.png", fits) is fits
    assert (tmp_path / "curves.png").read_bytes()[:8] == PNG


def test_cli_draws_the_bins(tmp_path):
    point = tmp_path / "phi.yaml"
    point.write_text(yaml.safe_dump({"type": "DarkEFT", "species": "real scalar", "mass": 0.6,
                                     "coefficients": {"CS_sb": 1.2e-7}}))
    out = tmp_path / "bins.png"
    result = CliRunner().invoke(app, ["plot", "belle2-bins", "--theory", str(point), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == PNG
    result = CliRunner().invoke(app, ["plot", "belle2-bins", "--out", str(tmp_path / "plain.png")])
    assert result.exit_code == 0 and (tmp_path / "plain.png").exists(), result.output
    grid = tmp_path / "grid.yaml"
    grid.write_text(yaml.safe_dump({"type": "DarkEFT", "species": "real scalar", "mass": [0.5, 1.0],
                                    "coefficients": {"CS_sb": 1e-7}}))
    result = CliRunner().invoke(app, ["plot", "belle2-bins", "--theory", str(grid), "--out", str(out)])
    assert result.exit_code == 1 and "one theory point" in result.output, result.output


def _result(section) -> dict:
    """A report result with only the Belle II section (the fields `writing` reads of the others left empty)."""
    return {"darkflav_version": "test", "parameter_choices": {}, "n_samples": 0, "sm": {}, "benchmarks": {},
            "preset": {"name": "seeds Belle II", "description": "test"},
            "likelihood": {"SM": {"measurements": {}, "minus_two_log_l": 0.0, "delta_minus_two_log_l": 0.0}},
            "dark_points": {}, "best_fits": [], "allowed_ranges": [],
            "plots": {"spectrum": "s.png", "normalised_spectra": "n.png", "kaon_window": "k.png",
                      "rk_plane": "r.png", "couplings": []},
            "sections": {"belle2": {"title": section.title, "tables": section.tables, "figures": section.figures,
                                    "data": section.data}}, "html": "index.html"}


def test_report_section(tmp_path, params):
    """The report's Belle II section: the table (markdown and HTML), both figures and the numbers in
    predictions.json; settings as in data/settings.yaml but smaller."""
    small = {**settings()["belle2"], "profile": "fast", "n_masses": 5, "n_two_body_masses": 6,
             "n_couplings": 5}
    assert small["bins_theory"] == {"best_fit_of": ["real scalar", "CS_sb"]}
    section = sections.SECTIONS["belle2"](small, tmp_path, params)
    (title, _, header, rows), = section.tables
    assert "which operators fit" in title and "Δ(−2 ln L) vs SM" in header and "p-value" in header
    operators = [(row[0], row[1]) for row in rows]
    assert ("real scalar", "CS_sb") in operators and (of.TWO_BODY, "gV_sb") in operators
    assert ("real scalar", "CP_sb") not in operators and len(rows) == 1 + 17 + 2
    for file, _ in section.figures:
        assert (tmp_path / file).read_bytes()[:8] == PNG
    writing.write_files(tmp_path, _result(section))
    summary, page = (tmp_path / "summary.md").read_text(), (tmp_path / "index.html").read_text()
    assert title in summary and "| real scalar | CS_sb |" in summary and "belle2_bins.png" in summary
    assert "which operators fit" in page and 'src="belle2_delta_vs_mass.png"' in page
    data = json.loads((tmp_path / "predictions.json").read_text())["sections"]["belle2"]["data"]
    best = next(r for r in data["operators"] if (r["species"], r["operator"]) == ("real scalar", "CS_sb"))
    assert data["bins"]["theory"] == "the best point of real scalar CS_sb" and len(data["bins"]["observed"]) == 30
    assert best["delta_minus_two_log_l"] == pytest.approx(float(rows[operators.index(("real scalar", "CS_sb"))][5]),
                                                          abs=0.006)
    assert set(data["curves"]) >= {"real scalar CS_sb", "two-body gS_sb"}
