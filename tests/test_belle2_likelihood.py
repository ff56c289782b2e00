"""Belle II's published B⁺→K⁺νν̄ likelihood (arXiv:2311.14647, 2507.12393): the shipped workspace reproduces the
paper, the response reproduces the published null spectrum, reweighting identities hold, and the fast profile
agrees with the full one."""

import csv
import gzip
import json
import multiprocessing
import time
from importlib import resources

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import darkflav
from darkflav import DarkEFT, DarkflavError, InvisibleBoson, NeutrinoWET
from darkflav.cli import app
from darkflav.experiments import Likelihood
from darkflav.experiments import published_likelihood as pl
from darkflav.experiments.response import response

from .test_docs import check

NAME = "Belle II 2023 B+->K+nunu (published likelihood)"


@pytest.fixture(scope="module")
def lh():
    return pl.published()


def _workspace():
    path = resources.files("darkflav.experiments").joinpath("data", "belle2_2023", "combined_likelihood.json.gz")
    return json.loads(gzip.decompress(path.read_bytes()))


def test_null_spectrum_reproduces_the_published_column(shared_data):
    """B_null from its definition (arXiv:2207.13371 Eq. 16, arXiv:2207.12468 f₊) against SM_null_BR_in_gen_bin."""
    path = shared_data / "belle2_bknunu" / "published_likelihood" / "belle2_knunu_2023_number_density_long.csv"
    published = {}
    for row in csv.DictReader(path.open()):
        if row["region"] == "ITA_A" and row["reco_bin"] == "0" and float(row["q2gen_lo_GeV2"]) >= 0:
            published[float(row["q2gen_lo_GeV2"])] = float(row["SM_null_BR_in_gen_bin"])
    ours = response().null
    np.testing.assert_allclose(ours, [published[k] for k in sorted(published)], rtol=1e-6)
    deviation = np.abs(ours / [published[k] for k in sorted(published)] - 1).max()
    check("published-likelihood.md", "equals\n   the published column `SM_null_BR_in_gen_bin` to {} (test)", deviation)
    assert abs(ours.sum() - 4.966e-6) < 1e-9  # PROVENANCE: 4.966×10⁻⁶ over [0, 22.885] GeV²


def test_shipped_files_equal_the_published_ones(shared_data):
    folder = shared_data / "belle2_bknunu" / "published_likelihood"
    assert _workspace() == json.loads((folder / "combined_likelihood.json").read_text())
    r = response()
    for channel, entry in r.settings["signal"].items():
        np.testing.assert_array_equal(r.matrices[channel], np.loadtxt(folder / entry["response"][:-3], delimiter=","))


def test_response_rows_sum_to_the_workspace_templates():
    """Each response row sums to the nominal signal of its workspace bin (PROVENANCE: ITA < 5e-7, HTA < 3.1e-5)."""
    r = response()
    for channel in _workspace()["channels"]:
        if channel["name"] in r.settings["signal"]:
            sample = r.settings["signal"][channel["name"]]["sample"]
            (nominal,) = [s["data"] for s in channel["samples"] if s["name"] == sample]
            np.testing.assert_allclose(r.matrices[channel["name"]].sum(axis=1), nominal, atol=3.1e-5)


def test_workspace_reproduces_the_paper(lh):
    """μ̂ = 4.6 ± 1.3 (B = 2.3×10⁻⁵), −2Δln L(μ = 0) ≈ 12 (3.5σ), −2Δln L(μ = 1) ≈ 7.4 (2.7σ), arXiv:2311.14647;
    the pyhf checks of the data's PROVENANCE: μ̂ = 4.60 ± 1.32, 11.97 and 7.38."""
    fit = lh.published_fit()
    assert fit["mu"] == pytest.approx(4.60, abs=0.01) and fit["mu_error"] == pytest.approx(1.32, abs=0.03)
    assert fit["branching_ratio"] == pytest.approx(2.29e-5, abs=0.01e-5)
    null = lh.response.null
    for profile in ("full", "fast"):
        zero, one = lh.minus_two_delta_log_l(spectrum=np.array([0.0, 1.0])[:, None] * null, profile=profile)
        assert zero == pytest.approx(11.97, abs=0.01) and one == pytest.approx(7.38, abs=0.01)
    assert lh.best_fit_strength(spectrum=null)["strength"] == pytest.approx(4.60, abs=0.01)
    # any normalisation of the shape: the fit starts at the published yield (it stayed at k = 4.6 before)
    for factor in (4.6, 10.0, 0.1):
        fit = lh.best_fit_strength(spectrum=factor * null)
        assert fit["strength"] == pytest.approx(4.60 / factor, rel=3e-3)
        assert fit["at_zero"] == pytest.approx(11.97, abs=0.01)
    with pytest.raises(DarkflavError, match="signal in the fit bins"):
        lh.best_fit_strength(spectrum=0 * null)


def test_ita_and_hta_alone_reproduce_the_paper():
    """ITA alone B = 2.7×10⁻⁵ and HTA alone 1.1×10⁻⁵ (arXiv:2311.14647), from the shipped workspace with pyhf."""
    pyhf, _ = pl._pyhf()
    workspace = pyhf.Workspace(_workspace())
    for channels, expected in ((["sgn1_had"], 1.1e-5),
                               ([c for c in workspace.channels if c != "sgn1_had"], 2.7e-5)):
        pruned = workspace.prune(channels=[c for c in workspace.channels if c not in channels])
        model = pruned.model()
        best = pyhf.infer.mle.fit(pruned.data(model), model)
        assert float(best[model.config.poi_index]) * 4.97e-6 == pytest.approx(expected, abs=0.06e-5)


def test_null_times_k_is_exactly_mu_equals_k(lh):
    """A spectrum k·B_null gives weights k in every bin and the likelihood of the workspace at μ = k."""
    pyhf, _ = pl._pyhf()
    for k in (0.0, 1.0, 3.0):
        weights = lh.response.weights(k * lh.response.null)
        for w in weights.values():
            np.testing.assert_allclose(w, k, rtol=1e-12, atol=1e-15)
    workspace = pyhf.Workspace(_workspace())
    model = workspace.model()
    data = workspace.data(model)
    _, at_3 = pyhf.infer.mle.fixed_poi_fit(3.0, data, model, return_fitted_val=True)
    _, best = pyhf.infer.mle.fit(data, model, return_fitted_val=True)
    ours = lh.minus_two_delta_log_l(spectrum=3.0 * lh.response.null, profile="full")
    assert float(ours) == pytest.approx(float(at_3 - best), abs=2e-3)


def test_left_handed_neutrinos_are_the_sm_shape(lh):
    """NeutrinoWET with only C_L scales the SM spectrum: through the response its −2Δln L is that of x²·(SM
    spectrum) to 1e-6. Through μ alone (μ = B/4.97×10⁻⁶, the null shape) it agrees to 0.06 at −2Δln L < 14: the
    package's SM spectrum is the null shape within 0.1 % below 22 GeV², and differs near the end point (its
    (m_B⁺ − m_K⁺)² = 22.90 GeV² against the response's 22.885 GeV²)."""
    sm = lh.response.spectrum(None)
    for x in (0.5, 1.0, 1.3):
        theory = NeutrinoWET(C_L={f: -6.0 * x for f in ("ee", "mumu", "tautau")})
        spectrum = lh.response.spectrum(theory)
        scale = spectrum.sum() / sm.sum()
        np.testing.assert_allclose(spectrum, scale * sm, rtol=1e-12)
        assert float(lh.minus_two_delta_log_l(theory)) == pytest.approx(
            float(lh.minus_two_delta_log_l(spectrum=scale * sm)), abs=1e-6)
        through_mu = lh.minus_two_delta_log_l(spectrum=spectrum.sum() / lh.response.null.sum() * lh.response.null)
        assert float(lh.minus_two_delta_log_l(theory)) == pytest.approx(float(through_mu), abs=0.06)


def _shapes():
    """SM-shaped, pair and two-body signals across the region −2Δln L < 12."""
    couplings = np.array([1e-8, 3e-8, 5e-8, 7e-8])
    return [DarkEFT("real scalar", np.array([0.1, 0.6, 1.2, 1.8])[:, None], {"CS_sb": couplings}),
            DarkEFT("Dirac fermion", np.array([0.0, 0.4, 1.0])[:, None], {"CVV_sb": couplings[:3] / 3}),
            DarkEFT("real vector", np.array([0.5, 1.5])[:, None], {"CS_sb": couplings / 4}),
            InvisibleBoson(0, np.array([0.3, 1.5, 2.5, 4.0])[:, None], {"gS_sb": np.array([1e-9, 3e-9, 5e-9])}),
            InvisibleBoson(1, np.array([1.0, 2.0])[:, None], {"gV_sb": np.array([2e-9, 5e-9])}, width=0.1)]


def test_fast_profile_agrees_with_the_full_fit(lh):
    """The fast (linearised) profile against the pyhf fit for SM-shaped, pair and two-body signals: ≤ 0.3 where
    −2Δln L < 12 (measured worst cases: benchmarks/bench_belle2.py), and continuous along a coupling where the
    family member it starts from changes."""
    worst = 0.0
    for theory in _shapes():
        full = lh.minus_two_delta_log_l(theory, profile="full")
        fast = lh.minus_two_delta_log_l(theory)
        inside = full < 12
        assert inside.any()
        worst = max(worst, float(np.max(np.abs(fast - full)[inside])))
    assert worst < 0.3
    couplings = np.linspace(1.1e-7, 1.45e-7, 71)  # members μ = 3 … 5
    curve = lh.minus_two_delta_log_l(DarkEFT("real scalar", 1.0, {"CS_sb": couplings}))
    assert np.max(np.abs(np.diff(curve))) < 0.02 and np.max(np.abs(np.diff(curve, 2))) < 0.01


def test_likelihood_uses_the_published_one_in_the_presets():
    """The 'seeds Belle II' preset carries the published likelihood; a real scalar pair at 1 GeV improves on the
    SM there, and 'full' and 'fast' agree through Likelihood."""
    fast, full = Likelihood("seeds Belle II"), Likelihood(NAME, profile="full")
    assert NAME in [m.name for m in fast.measurements]
    phi = DarkEFT("real scalar", 1.0, {"CS_sb": 5e-8})
    assert fast.contributions(phi)[NAME] < fast.contributions(None)[NAME] - 1
    assert float(full.minus_two_log_l(phi)) == pytest.approx(float(fast.contributions(phi)[NAME]), abs=0.1)
    assert float(fast.prediction(fast.measurements[0], None)) == pytest.approx(
        darkflav.predict("BR(B+->K+ nu nu)", None), rel=1e-6)


def test_closed_channels_and_bad_input(lh):
    """A pair above threshold is the SM (a valid likelihood); a theory without B⁺→K⁺ invisible, bad spectra and a
    bad profile are DarkflavErrors."""
    closed = DarkEFT("real scalar", 2.5, {"CS_sb": 1e-7})
    assert float(lh.minus_two_delta_log_l(closed)) == pytest.approx(float(lh.minus_two_delta_log_l(None)), abs=1e-9)
    heavy = InvisibleBoson(0, 5.0, {"gS_sb": 1e-6})
    assert float(lh.minus_two_delta_log_l(heavy)) == pytest.approx(float(lh.minus_two_delta_log_l(None)), abs=1e-9)
    with pytest.raises(DarkflavError, match="100 generated-q² bins"):
        lh.minus_two_delta_log_l(spectrum=np.ones(10))
    with pytest.raises(DarkflavError, match="finite and ≥ 0"):
        lh.minus_two_delta_log_l(spectrum=-lh.response.null)
    with pytest.raises(DarkflavError, match="profile must be one of"):
        lh.minus_two_delta_log_l(None, profile="exact")
    with pytest.raises(DarkflavError, match="profile must be one of"):
        Likelihood(NAME, profile="slow")
    with pytest.raises(DarkflavError, match="predicted for NeutrinoWET and DarkEFT and InvisibleBoson"):
        lh.minus_two_delta_log_l(darkflav.eft.ChargedLeptonWET())
    with pytest.raises(DarkflavError, match="unknown published likelihood"):
        pl.PublishedLikelihood("Belle II 2025")


def test_missing_pyhf_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pyhf", None)
    with pytest.raises(DarkflavError, match="need pyhf with JAX"):
        pl._pyhf()


def test_fit_and_constrain_commands(tmp_path):
    """`darkflav fit` of a coupling (and the mass) against the published likelihood, and `constrain --profile`."""
    runner = CliRunner()
    point = tmp_path / "phi.yaml"
    point.write_text(yaml.safe_dump({"type": "DarkEFT", "species": "real scalar", "mass": 1.0,
                                     "coefficients": {"CS_sb": 4e-8}}))
    result = runner.invoke(app, ["fit", "--theory", str(point), "--vary", "CS_sb", "--measurement", NAME, "--json"])
    assert result.exit_code == 0, result.output
    fit = json.loads(result.output)
    assert fit["valid"] and fit["delta_minus_two_log_l"] < -1 and 0 < fit["p_value"] < 0.3
    # the best coupling is a minimum of the published likelihood along the coupling
    best = fit["values"]["CS_sb"]
    lh = pl.published()
    around = lh.minus_two_delta_log_l(DarkEFT("real scalar", 1.0, {"CS_sb": best * np.array([0.9, 1.0, 1.1])}))
    assert around[1] <= around[0] and around[1] <= around[2]
    assert fit["minus_two_log_l"] == pytest.approx(float(around[1]), abs=1e-6)
    result = runner.invoke(app, ["fit", "--theory", str(point), "--vary", "CS_sb", "--vary", "mass"])
    assert result.exit_code == 0 and "p-value of the improvement" in result.output, result.output
    for bad, message in ((["--vary", "CP_sb"], "starts at zero"), (["--vary", "CS_sd2"], "unknown parameter"),
                         (["--vary", "CS_sb", "--profile", "slow"], "profile must be one of")):
        result = runner.invoke(app, ["fit", "--theory", str(point), *bad])
        assert result.exit_code == 1 and message in result.output, result.output
    result = runner.invoke(app, ["constrain", "--dark", str(point), "--measurement", NAME, "--profile", "full",
                                 "--json"])
    assert result.exit_code == 0, result.output
    full = json.loads(result.output)["measurements"][NAME]["minus_two_log_l"]
    assert full == pytest.approx(float(lh.minus_two_delta_log_l(DarkEFT("real scalar", 1.0, {"CS_sb": 4e-8}),
                                                                 profile="full")), abs=1e-6)


def _hold_cache_lock(path, seconds):
    with pl._exclusive(path):
        path.with_suffix(".held").touch()
        time.sleep(seconds)
        path.with_suffix(".released").touch()


def test_processes_started_together_build_the_tables_one_after_the_other(tmp_path):
    """The table cache is built under an exclusive lock: a second process waits until the first has written
    the file (then reads it) instead of building the same tables beside it."""
    path = tmp_path / "tables.npz"
    other = multiprocessing.get_context("spawn").Process(target=_hold_cache_lock, args=(path, 1.5))
    other.start()
    deadline = time.monotonic() + 60
    while not path.with_suffix(".held").exists():
        assert time.monotonic() < deadline and other.is_alive(), "the other process never took the lock"
        time.sleep(0.05)
    with pl._exclusive(path):
        assert path.with_suffix(".released").exists()
    other.join()
    assert other.exitcode == 0
