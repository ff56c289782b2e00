"""Leptoquark solution plots: the seeds' statements on R_K versus R_K*, the side-constraint selection re-derived
from the measurements, and the coefficient planes (symmetries, LFV bound, best fit)."""

import numpy as np
import pytest
from scipy.stats import chi2, norm

import darkflav
from darkflav import DarkflavError
from darkflav.eft import ChargedLeptonWET, NeutrinoWET
from darkflav.experiments import fits, measurements, presets
from darkflav.models import MODELS, leptoquark
from darkflav.plots import leptoquark as lq

N = 4000


@pytest.fixture(scope="module")
def solutions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lq")
    return {kind: lq.plot_leptoquark_solutions(folder / f"{kind.replace('/', '')}.png", kind, n_points=N)
            for kind in MODELS if kind in leptoquark.MODELS}


def _in_belle_ii_window(plot, which=""):
    band, limit = measurements()[lq.R_K_BAND].numbers, measurements()[lq.R_KSTAR_LIMIT].numbers
    r_k, r_kstar = getattr(plot, f"r_k{which}"), getattr(plot, f"r_kstar{which}")
    return (np.abs(r_k - band["value"]) < band["sigma"]) & (r_kstar < limit["limit"])


def test_figures_and_numbers(solutions):
    for kind, plot in solutions.items():
        assert plot.path.stat().st_size > 30_000, kind
        assert plot.r_k.shape == plot.passes.shape == (N,) and plot.r_k_off_diagonal.shape == (N // 5,)
        assert plot.mass == fits.SCAN_MASS
        # the scan reaches the Belle II band and the side constraints remove part of it
        assert plot.r_k.max() > 7 and 0 < np.count_nonzero(plot.passes) < N, kind


@pytest.mark.parametrize("kind", ["S0", "S1", "V1"])
def test_c_l_leptoquarks_lie_on_the_diagonal(solutions, kind):
    plot = solutions[kind]
    assert plot.diagonal_distance(plot.r_k, plot.r_kstar).max() < lq.ON_DIAGONAL
    assert not np.any(_in_belle_ii_window(plot) & plot.passes)  # R_K ≈ 5.3 forces R_K* > 2.7


@pytest.mark.parametrize("kind", ["S1/2~", "V1/2"])
def test_c_r_leptoquarks_leave_the_diagonal_only_with_diagonal_couplings(solutions, kind):
    plot = solutions[kind]
    off = plot.diagonal_distance(plot.r_k, plot.r_kstar)
    assert off[plot.passes].max() > 0.3
    assert np.count_nonzero(_in_belle_ii_window(plot) & plot.passes) >= 1  # the seeds' solution exists
    # s and b to different leptons: only C^{ij}, i ≠ j, no interference with the SM, back on the diagonal
    distance = plot.diagonal_distance(plot.r_k_off_diagonal, plot.r_kstar_off_diagonal)
    assert distance.max() < lq.ON_DIAGONAL and plot.r_k_off_diagonal[plot.passes_off_diagonal].max() > 3
    assert not np.any(_in_belle_ii_window(plot, "_off_diagonal") & plot.passes_off_diagonal)


def test_side_constraint_selection_from_the_measurements():
    """Each-limit-satisfied at 95 % CL, re-derived from the measurement numbers: an upper limit L at 90 % CL
    allows x ≤ L·z(0.975)/z(0.9); a Gaussian (v, σ) allows ((x − v)² − (x_SM − v)²)/σ² ≤ 3.84."""
    rng = np.random.default_rng(3)
    model = MODELS["V1"](fits.SCAN_MASS, fits.random_couplings(3000, rng))
    passes = fits.passes_side_constraints(model)
    expected = np.ones(3000, dtype=bool)
    for name in presets()[fits.SIDE_PRESET]["measurements"]:
        m = measurements()[name]
        x = np.broadcast_to(darkflav.predict(m.observable, model), (3000,))
        n = m.numbers
        if m.kind == "upper_limit":
            expected &= x <= n["limit"] * np.sqrt(chi2.ppf(fits.SIDE_CL, 1)) / norm.ppf(n["cl"])
        else:
            sm = darkflav.predict(m.observable, None)
            expected &= ((x - n["value"]) ** 2 - (sm - n["value"]) ** 2) / n["sigma"] ** 2 <= chi2.ppf(fits.SIDE_CL, 1)
    np.testing.assert_array_equal(passes, expected)
    assert 100 < np.count_nonzero(passes) < 2900


def test_ctautau_cmutau_plane(tmp_path):
    plot = lq.plot_ctautau_cmutau_plane(tmp_path / "plane.png", n_points=81)
    assert plot.path.stat().st_size > 30_000
    # C_R^μτ enters |C|² only: the plane is symmetric under C_R^μτ → −C_R^μτ
    np.testing.assert_allclose(plot.delta, plot.delta[:, ::-1], atol=1e-9)
    # the LFV exclusion does not depend on C_R^ττ here and starts where the three μτ limits, combined as
    # Σ (B_i/σ_i)² with σ_i = L_i/z(0.9), reach 3.84 (rates ∝ |C|², so Δχ² ∝ |C|⁴; C9′ = −C10′ = C)
    excluded = plot.regions["excluded"]
    assert np.all(excluded == excluded[40:41, :])
    unit = ChargedLeptonWET(C9_prime={"mutau": 1.0, "taumu": 1.0}, C10_prime={"mutau": -1.0, "taumu": -1.0})
    pull = sum((darkflav.predict(m.observable, unit) * norm.ppf(m.numbers["cl"]) / m.numbers["limit"]) ** 2
               for m in map(measurements().get, presets()[fits.SIDE_PRESET]["measurements"])
               if m.kind == "upper_limit" and "mu" in m.observable and "tau" in m.observable)
    bound = (chi2.ppf(0.95, 1) / pull) ** 0.25
    step = plot.y[1] - plot.y[0]
    smallest_excluded = np.abs(plot.y[excluded[40]]).min()
    assert bound <= smallest_excluded < bound + step
    # the best fit gives the Belle II R_K with R_K* below its limit
    best = NeutrinoWET(C_R={"tautau": plot.best_fit[0], "mutau": plot.best_fit[1], "taumu": plot.best_fit[1]})
    assert abs(darkflav.predict("R_K(nu nu)", best) - 5.3) < 1.7 and darkflav.predict("R_K*(nu nu)", best) < 2.7
    assert plot.regions["68"].sum() < plot.regions["95"].sum() and not np.any(plot.regions["95"] & excluded)


def test_cl_cr_plane(tmp_path):
    plot = lq.plot_cl_cr_plane(tmp_path / "mutau.png", "mutau", n_points=81)
    # an off-diagonal pair does not interfere with the SM: Δχ² depends on C_L, C_R only through |C_L ± C_R|²
    np.testing.assert_allclose(plot.delta, plot.delta[::-1, ::-1], atol=1e-9)
    tautau = lq.plot_cl_cr_plane(tmp_path / "tautau.png", "tautau", n_points=81)
    assert not np.allclose(tautau.delta, tautau.delta[::-1, ::-1])  # interference with the SM C_L
    assert tautau.regions["95"][40, 40] == False  # noqa: E712  (the SM is outside the 95 % CL region)
    with pytest.raises(DarkflavError, match="unknown lepton flavour pair 'tauta'"):
        lq.plot_cl_cr_plane(tmp_path / "x.png", "tauta")
    with pytest.raises(DarkflavError, match="unknown leptoquark 'S2'"):
        lq.plot_leptoquark_solutions(tmp_path / "x.png", "S2")


def test_command_line(tmp_path):
    from typer.testing import CliRunner

    from darkflav.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["plot", "leptoquark", "--kind", "V1/2", "--points", "500",
                                 "--out", str(tmp_path / "v.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "v.png").stat().st_size > 10_000
    result = runner.invoke(app, ["plot", "lq-plane", "--out", str(tmp_path / "p.png")])
    assert result.exit_code == 0 and (tmp_path / "p.png").stat().st_size > 10_000
    result = runner.invoke(app, ["plot", "leptoquark", "--kind", "S3", "--out", str(tmp_path / "s.png")])
    assert result.exit_code != 0 and "unknown leptoquark 'S3'" in result.output


def test_side_constraint_preset_for_every_model():
    """Likelihood(preset) takes each leptoquark and the Z′ directly (matched once, each measurement reading its
    low-energy part): its predictions are those of the model's own side_constraints(), zero couplings give the SM."""
    from darkflav.experiments import Likelihood
    from darkflav.models import Zprime

    likelihood = Likelihood(fits.SIDE_PRESET)
    sm = likelihood.minus_two_log_l(None)
    y = fits.random_couplings(50, np.random.default_rng(2))
    models = {kind: MODELS[kind](1500.0, y) for kind in leptoquark.MODELS}
    models["Zprime"] = Zprime(1500.0, g_sb_L=np.geomspace(1e-3, 0.3, 50), g_l_L=np.diag([0.0, 1.0, 1.0]))
    for kind, model in models.items():
        side = model.side_constraints()
        for m in likelihood.measurements:
            if m.observable in side:
                np.testing.assert_allclose(likelihood.prediction(m, model), side[m.observable], rtol=1e-12)
        values = likelihood.minus_two_log_l(model)
        assert values.shape == (50,) and np.ptp(values) > 1, kind
        zero = type(model)(1500.0, np.zeros((3, 3))) if kind != "Zprime" else Zprime(1500.0)
        assert likelihood.minus_two_log_l(zero) == pytest.approx(sm, rel=1e-12)
