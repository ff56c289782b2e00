"""Form factors against the published fits in ../shared/data and their own identities."""

import json

import numpy as np
import pytest
import yaml

from darkflav.hadronic import b_to_k, b_to_kstar, k_to_pi
from darkflav.hadronic.zexpansion import fit_file


def test_hpqcd_reproduces_hpqcd_synthetic_points(params):
    """The HPQCD 2022 coefficients reproduce HPQCD's own synthetic data points (2207.12468)."""
    pts = fit_file("b_to_k_hpqcd2022.yaml")["synthetic_points"]
    for kind, q2, mean in zip(pts["form_factor"], pts["q2"], pts["means"], strict=True):
        value = b_to_k.form_factors(q2, params)[kind][..., 0]
        assert value == pytest.approx(mean, rel=1e-3), (kind, q2)


def test_hpqcd_covariance_rederived_from_synthetic_points(params):
    """Coefficient covariance = J⁻¹ Σ J⁻ᵀ with J the (linear) map coefficients → points."""
    fit = fit_file("b_to_k_hpqcd2022.yaml")
    names = [f"{fit['name']} {n}" for n in fit["parameters"]["names"]]
    pts = fit["synthetic_points"]
    jac = np.zeros((8, 8))
    for col, name in enumerate(names):
        unit = params.replace({n: (1.0 if n == name else 0.0) for n in names})
        for row, (kind, q2) in enumerate(zip(pts["form_factor"], pts["q2"], strict=True)):
            jac[row, col] = b_to_k.form_factors(q2, unit)[kind][..., 0]
    inv = np.linalg.inv(jac)
    expected = inv @ np.array(pts["covariance"]) @ inv.T
    np.testing.assert_allclose(fit["parameters"]["covariance"], expected, rtol=1e-5, atol=1e-12)


def test_hpqcd_band_matches_synthetic_uncertainties(params):
    """Sampling the coefficients gives back the σ of HPQCD's synthetic points."""
    pts = fit_file("b_to_k_hpqcd2022.yaml")["synthetic_points"]
    s = params.sample(20000, seed=5)
    for k, (kind, q2) in enumerate(zip(pts["form_factor"], pts["q2"], strict=True)):
        sd = np.std(b_to_k.form_factors(q2, s)[kind][..., 0])
        assert sd == pytest.approx(np.sqrt(pts["covariance"][k][k]), rel=0.04)


def test_grvdv_coefficients_equal_published_file(params, shared_data):
    data = yaml.safe_load(open(shared_data / "formfactors" / "GRvDV2023_BSZ-parameters-N2.yaml"))
    block = data["B->K::FormFactors[parametric,BSZ]@GRvDV:2023A"]
    fit = fit_file("b_to_k_grvdv2023.yaml")
    np.testing.assert_allclose(fit["parameters"]["central"], block["means"], rtol=1e-12)
    np.testing.assert_allclose(fit["parameters"]["covariance"], block["covariance"], rtol=1e-12)


def test_bsz2015_coefficients_equal_published_file(params, shared_data):
    data = json.load(open(shared_data / "formfactors" / "BSZ2015v2_BKstar_LCSR-Lattice.json"))
    for ff in b_to_kstar.NAMES:
        for k in range(3):
            e = params.entry(f"B->K* BSZ2015 {ff}_a{k}")
            assert e.value == pytest.approx(data["central"][ff][f"a{k}"], rel=1e-12)
            assert e.uncertainty == pytest.approx(data["uncertainty"][ff][f"a{k}"], rel=1e-3)


def test_hpqcd_against_flag_lattice_average_at_high_q2(params, shared_data):
    """HPQCD 2022 vs the independent FLAG 2021 average (HPQCD 2013 + FNAL/MILC 2015)."""
    data = yaml.safe_load(open(shared_data / "formfactors" / "EOS_B-to-P-form-factors.yaml"))
    block = data["B->K::f_0+f_++f_T@FLAG:2021A"]
    names = {"B->K::f_+(q2)": "f+", "B->K::f_0(q2)": "f0", "B->K::f_T(q2)": "fT"}
    sigma = np.sqrt(np.diag(block["covariance"])) if "covariance" in block else None
    for i, (obs, kin) in enumerate(zip(block["observables"], block["kinematics"], strict=True)):
        value = b_to_k.form_factors(kin["q2"], params)[names[obs]][..., 0]
        err = sigma[i] if sigma is not None else 0.05 * block["means"][i]
        assert abs(value - block["means"][i]) < 3 * err + 0.03 * value, (obs, kin)


def test_kinematic_endpoint_relations(params):
    f = b_to_k.form_factors(0.0, params)
    assert f["f+"][..., 0] == pytest.approx(f["f0"][..., 0], rel=1e-12)
    g = b_to_k.form_factors(0.0, params.choose({"B->K form factors": "GRvDV2023"}))
    assert g["f+"][..., 0] == pytest.approx(g["f0"][..., 0], rel=1e-12)
    v = b_to_kstar.form_factors(0.0, params)
    assert v["T1"][..., 0] == pytest.approx(v["T2"][..., 0], rel=1e-12)
    mb, mv = params["m_B0"], params["m_K*0"]
    # A12(0) = (m_B² − m_V²)/(8 m_B m_V) A0(0), arXiv:1503.05534 eq. (16): BSZ's fit obeys it to 0.5 %
    assert v["A12"][..., 0] == pytest.approx((mb**2 - mv**2) / (8 * mb * mv) * v["A0"][..., 0], rel=6e-3)


def test_kpi_form_factors_normalisation_and_slope(params):
    f = k_to_pi.form_factors(np.array([0.0, 0.1]), params)
    assert f["f+"][0] == pytest.approx(params["K->pi f+_0"])
    assert f["f0"][0] == pytest.approx(params["K->pi f+_0"])
    # slope λ'_+ ≈ 0.025 in units of m_π² (PDG K_l3 fits): f+(q²) ≈ f+(0)(1 + λ'_+ q²/m_π²)
    slope = (k_to_pi.form_factors(1e-4, params)["f+"][0] / f["f+"][0] - 1) / (1e-4 / params["m_pi+"] ** 2)
    assert slope == pytest.approx(0.0248, abs=0.0015)


def test_form_factors_broadcast_over_samples_and_q2(params):
    s = params.sample(7, seed=1)
    q2 = np.linspace(0, 20, 11)
    assert b_to_k.form_factors(q2, s)["f+"].shape == (7, 11)
    assert b_to_kstar.form_factors(q2, s)["A2"].shape == (7, 11)
