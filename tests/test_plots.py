"""Exclusion plots, the R_K–R_K* plane and normalised spectra: files written and the regions behind them."""

import numpy as np
import pytest
from scipy.stats import chi2

import darkflav
from darkflav import DarkEFT, DarkflavError, NeutrinoWET
from darkflav.experiments import Likelihood
from darkflav.plots import plot_coupling_vs_mass, plot_kaon_window, plot_normalised_spectra, plot_rk_plane
from darkflav.plots.exclusion import coefficient_label, operator_dimension


def written(path) -> bool:
    return path.is_file() and path.stat().st_size > 10_000 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def kaon(tmp_path_factory):
    path = tmp_path_factory.mktemp("plots") / "kaon_window.png"
    return plot_kaon_window(path)


def test_kaon_window_is_filled_only_below_the_r2_closing_mass(kaon):
    """arXiv:2505.02031 (Fig. 1 of the seed): K⁺→π⁺φφ fills the NA62 window up to m_φ = 130 MeV,
    where region 2 (m²_miss < 0.068 GeV²) closes, 2m_φ = √0.068 GeV."""
    assert written(kaon.path)
    assert kaon.marks["R2 closes"] == pytest.approx(0.1304, abs=1e-4)
    window = kaon.regions["na62 window"]
    filled = kaon.masses[window.any(axis=1)]
    assert filled.min() == 0.0  # massless scalars too
    assert 0.125 < filled.max() < kaon.marks["R2 closes"]
    assert not window[kaon.masses > kaon.marks["R2 closes"]].any()


def test_kaon_window_band_lies_below_the_na62_exclusion(kaon):
    excluded, window = kaon.regions["na62 excluded"], kaon.regions["na62 window"]
    assert not (excluded & window).any()
    below = kaon.masses < 0.1
    top_of_band = np.array([kaon.couplings[row].max() for row in window[below]])
    bottom_of_exclusion = np.array([kaon.couplings[row].min() for row in excluded[below]])
    assert np.all(top_of_band < bottom_of_exclusion)
    # above the closing mass NA62 sees only the SM, and KOTO (acceptance up to m_miss = 0.26 GeV) is blind
    # too: the open window up to 177 MeV of arXiv:2505.02031; below, KOTO excludes large real couplings
    above = kaon.masses > kaon.marks["R2 closes"] + 0.002
    assert not excluded[above].any() and not kaon.regions["koto excluded"][above].any()
    assert kaon.regions["koto excluded"][below].any()


def test_kaon_window_matches_the_likelihood_at_one_point(kaon):
    i = np.argmin(abs(kaon.masses - 0.05))
    inside = np.flatnonzero(kaon.regions["na62 window"][i])
    j = inside[len(inside) // 2]
    lh = Likelihood("NA62 2016-2022 K+->pi+nunu")
    point = DarkEFT("real scalar", kaon.masses[i], {"CS_sd": kaon.couplings[j]})
    assert lh.minus_two_log_l(point) < lh.minus_two_log_l(None) - 1


def test_rk_plane(tmp_path):
    assert written(plot_rk_plane(tmp_path / "rk.png"))


def test_coupling_band_of_the_real_scalar_where_the_pairs_fit_best(tmp_path):
    """Near m_φ = 0.6 GeV, where the published Belle II likelihood prefers the pairs most, the 68 % band is
    where a direct 1-d profile of the Likelihood over C lies within χ²₁(68 %) of its minimum."""
    result = plot_coupling_vs_mass(tmp_path / "phi.png", "real scalar", "CS_sb", n_masses=24, n_couplings=120)
    assert written(result.path)
    i = np.argmin(abs(result.masses - 0.6))
    grid, inside = result.couplings[i], result.regions["68"][i]
    fine = np.geomspace(grid[1], grid[-1], 400)
    values = Likelihood("seeds Belle II").minus_two_log_l(DarkEFT("real scalar", result.masses[i], {"CS_sb": fine}))
    allowed = fine[values - values.min() <= chi2.ppf(0.68, 1)]
    step = grid[2] / grid[1]  # the plot's grid spacing (ratio)
    assert allowed.min() / step < grid[inside].min() < allowed.min() * step
    assert allowed.max() / step < grid[inside].max() < allowed.max() * step
    assert 1.2 < allowed.max() / allowed.min() < 2  # a closed band, not a limit
    assert (result.regions["68"] <= result.regions["95"]).all()
    assert not result.regions["no gain"][i].any()


def test_coupling_plots_of_other_species_and_errors(tmp_path):
    vector = plot_coupling_vs_mass(tmp_path / "x.png", "real vector", "CS_sb", n_masses=12, n_couplings=60)
    assert written(vector.path) and vector.masses.min() > 0  # m_X = 0 is not allowed for vectors
    kaon = plot_coupling_vs_mass(tmp_path / "k.png", "real scalar", "CS_sd", decay="K+->pi+",
                                 preset="NA62 2016-2022 K+->pi+nunu", n_masses=20, n_couplings=60)
    no_gain = kaon.regions["no gain"][:, 0]
    assert no_gain[kaon.masses > 0.131].all() and not no_gain[kaon.masses < 0.1].any()
    with pytest.raises(DarkflavError, match="does not contribute to B\\+->K\\+"):
        plot_coupling_vs_mass(tmp_path / "no.png", "real scalar", "CS_sd", n_masses=4, n_couplings=8)
    with pytest.raises(DarkflavError, match="unknown measurement"):
        plot_coupling_vs_mass(tmp_path / "no.png", "real scalar", "CS_sb", preset="seeds Belle")


def test_operator_dimensions_and_labels():
    assert operator_dimension("real scalar", "CS_sb") == 5
    assert operator_dimension("complex scalar", "CV_sb") == 6
    assert operator_dimension("Dirac fermion", "CVV_sb") == 6
    assert operator_dimension("real vector", "CS_sb") == 5
    assert operator_dimension("complex vector", "CTT_sb") == 5
    assert operator_dimension("complex vector", "CV_sb") == 6
    assert "GeV$^{-2}$" in coefficient_label("Dirac fermion", "CSS_sb")


def test_normalised_spectra(tmp_path):
    theories = {"C_R tau tau": NeutrinoWET(C_R={"tautau": -15.4}),
                "phi, 1 GeV": DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8}),
                "chi, 0.3 GeV": DarkEFT("Dirac fermion", 0.3, {"CVV_sb": 2e-8})}
    assert written(plot_normalised_spectra(tmp_path / "shapes.png", theories))
    light = {"phi": DarkEFT("real scalar", 0.1, {"CS_sd": 1e-11})}
    assert written(plot_normalised_spectra(tmp_path / "k.png", light, decay="K+->pi+"))
    with pytest.raises(DarkflavError, match="NeutrinoWET or DarkEFT"):
        plot_normalised_spectra(tmp_path / "no.png", {"X": darkflav.InvisibleBoson(0, 1.0, {"gS_sb": 1e-8})})
    with pytest.raises(DarkflavError, match="vanishes"):
        plot_normalised_spectra(tmp_path / "no.png", {"heavy": DarkEFT("real scalar", 3.0, {"CS_sb": 1e-7})})
