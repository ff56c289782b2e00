"""NeutrinoWET construction, WCxf exchange and clear errors for bad input."""

import numpy as np
import pytest
import yaml

import darkflav
from darkflav import DarkflavError, NeutrinoWET
from darkflav.running import alpha_e


def test_dict_and_matrix_forms_agree():
    m = np.zeros((3, 3), dtype=complex)
    m[1, 2] = 3 - 1j  # ν̄_μ … ν_τ
    a = NeutrinoWET(C_L=m)
    b = NeutrinoWET(C_L={"mutau": 3 - 1j})
    np.testing.assert_array_equal(a.coefficient("C_L"), b.coefficient("C_L"))
    assert b.shape == ()


def test_shapes_broadcast():
    t = NeutrinoWET(C_L=np.ones((5, 1, 3, 3)), C_R={"tautau": np.arange(4.0)})
    assert t.shape == (5, 4)
    assert darkflav.predict("BR(B+->K+ nu nu)", t).shape == (5, 4)


def test_alpha_running_matches_one_loop_qed(params):
    """α(M_Z)/α(μ) from one-loop running: 1.0326 at 4.8 GeV, 1.0418 at 2 GeV (flavio's values)."""
    assert params["alpha_e"] / alpha_e(4.8, params) == pytest.approx(1.03255, rel=2e-5)
    assert params["alpha_e"] / alpha_e(2.0, params) == pytest.approx(1.04183, rel=2e-5)
    assert alpha_e(params["M_Z"], params) == pytest.approx(params["alpha_e"], rel=1e-12)


def test_wcxf_round_trip_and_scale_conversion(tmp_path, params):
    t = NeutrinoWET(C_L={"ee": 1 + 2j, "taumu": -4}, C_R={"tautau": -15.4})
    data = t.to_wcxf(scale=4.8)
    assert data["basis"] == "flavio"
    # flavio names: CL_bsnu{a}nu{b} multiplies ν̄_b … ν_a, so C^{τμ} is CL_bsnumunutau
    assert "CL_bsnumunutau" in data["values"]
    expected = -15.4 * params["alpha_e"] / alpha_e(4.8, params)
    assert data["values"]["CR_bsnutaunutau"]["Re"] == pytest.approx(expected)
    path = tmp_path / "wc.yaml"
    path.write_text(yaml.safe_dump(data))
    back = NeutrinoWET.from_wcxf(path)
    for f in ("C_L", "C_R"):
        np.testing.assert_allclose(back.coefficient(f), t.coefficient(f), rtol=1e-12)


def test_right_handed_neutrinos_use_the_darkflav_basis():
    t = NeutrinoWET(C_R_prime={"tautau": 5.0}, sector="sd")
    data = t.to_wcxf(scale=2.0)
    assert data["basis"] == "darkflav"
    assert "CRp_sdnutaunutau" in data["values"]
    back = NeutrinoWET.from_wcxf(data, sector="sd")
    assert back.coefficient("C_R_prime")[2, 2] == pytest.approx(5.0)


def test_wcxf_from_another_basis_through_wilson():
    """A JMS-basis file (translated by wilson) gives the same rates as its flavio-basis twin."""
    import wilson

    flavio_values = {"CL_bsnutaunutau": 3.0 + 1j, "CR_bsnumunumu": -2.0}
    w = wilson.Wilson(flavio_values, scale=4.8, eft="WET", basis="flavio")
    jms = w.match_run(4.8, "WET", "JMS")
    assert jms.basis == "JMS"
    direct = NeutrinoWET.from_wcxf(w.wc)
    via_jms = NeutrinoWET.from_wcxf(jms)
    assert darkflav.predict("BR(B0->K*0 nu nu)", via_jms) == pytest.approx(
        darkflav.predict("BR(B0->K*0 nu nu)", direct), rel=1e-8)


# --- bad input ------------------------------------------------------------------------------------
def test_wrong_matrix_shape():
    with pytest.raises(DarkflavError, match=r"C_L must have shape \(\.\.\., 3, 3\)"):
        NeutrinoWET(C_L=np.ones((2, 2)))


def test_unknown_flavour_pair_with_suggestion():
    with pytest.raises(DarkflavError, match="Did you mean 'tautau'"):
        NeutrinoWET(C_R={"tautua": 1.0})


def test_non_finite_coefficient():
    with pytest.raises(DarkflavError, match="finite"):
        NeutrinoWET(C_L={"ee": np.inf})
    with pytest.raises(DarkflavError, match="numeric"):
        NeutrinoWET(C_L={"ee": "large"})


def test_unknown_sector():
    with pytest.raises(DarkflavError, match="sector"):
        NeutrinoWET(sector="bs")


def test_unknown_observable_with_suggestion():
    with pytest.raises(DarkflavError, match=r"Did you mean 'BR\(B\+->K\+ nu nu\)'"):
        darkflav.predict("BR(B+->K+ nunu)")


def test_q2_outside_physical_range():
    with pytest.raises(DarkflavError, match=r"outside the physical range.*0 ≤ q2"):
        darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=-1.0)
    with pytest.raises(DarkflavError, match=r"22\.9"):
        darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=23.5)
    with pytest.raises(DarkflavError, match="0.12"):
        darkflav.predict("dBR/dq2(K+->pi+ nu nu)", q2=0.2)
    with pytest.raises(DarkflavError, match="q2min must be smaller"):
        darkflav.predict("<dBR/dq2>(B+->K+ nu nu)", q2min=4, q2max=2)
    with pytest.raises(DarkflavError, match="finite"):
        darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=np.nan)


def test_missing_or_unexpected_arguments():
    with pytest.raises(DarkflavError, match="missing.*q2"):
        darkflav.predict("dBR/dq2(B0->K*0 nu nu)")
    with pytest.raises(DarkflavError, match="unexpected"):
        darkflav.predict("BR(B0->K*0 nu nu)", q2=1.0)


def test_sector_mismatch_is_explained():
    with pytest.raises(DarkflavError, match="sector 'sd'"):
        darkflav.predict("BR(K+->pi+ nu nu)", NeutrinoWET(C_L={"ee": 1}))


def test_bad_wcxf_input(tmp_path):
    with pytest.raises(DarkflavError, match="does not exist"):
        NeutrinoWET.from_wcxf(tmp_path / "missing.yaml")
    with pytest.raises(DarkflavError, match="lacks the keys"):
        NeutrinoWET.from_wcxf({"eft": "WET", "values": {}})
    with pytest.raises(DarkflavError, match="eft 'SMEFT'"):
        NeutrinoWET.from_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": 1000, "values": {}})


def test_malformed_wcxf_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("eft: WET\n  basis: [flavio\n")
    with pytest.raises(DarkflavError, match="not valid YAML"):
        NeutrinoWET.from_wcxf(bad)
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n")
    with pytest.raises(DarkflavError, match="must be a mapping"):
        NeutrinoWET.from_wcxf(listed)
