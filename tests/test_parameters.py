"""Inputs as data: every entry sourced; immutable Parameters with array overrides and sampling."""

import re

import numpy as np
import pytest

import darkflav
from darkflav import DarkflavError, Parameters


def test_every_entry_has_value_uncertainty_unit_source(params):
    for name in params:
        e = params.entry(name)
        assert np.isfinite(e.value), name
        assert e.uncertainty >= 0, name
        assert e.unit, name
        assert len(e.source) > 8, name


def test_replace_returns_new_object_and_keeps_original(params):
    changed = params.replace({"V_cb": 0.042})
    assert changed["V_cb"] == 0.042
    assert params["V_cb"] == params.entry("V_cb").value
    with pytest.raises(TypeError):
        params["V_cb"] = 1.0  # immutable mapping


def test_array_override_broadcasts_through_an_observable(params):
    xt = np.array([1.40, 1.462, 1.50])
    br = darkflav.predict("BR(B+->K+ nu nu)", params=params.replace({"X_t": xt}))
    assert br.shape == (3,)
    # rate ∝ X_t² in the SM (arXiv:1409.4557 eq. 3.1)
    np.testing.assert_allclose(br / br[1], (xt / 1.462) ** 2, rtol=1e-12)


def test_sampling_reproduces_covariance_of_correlated_block(params):
    s = params.sample(40000, seed=3)
    a, b = s["B->K* BSZ2015 A0_a0"], s["B->K* BSZ2015 A0_a1"]
    ea, eb = params.entry("B->K* BSZ2015 A0_a0"), params.entry("B->K* BSZ2015 A0_a1")
    assert np.std(a) == pytest.approx(ea.uncertainty, rel=0.03)
    assert np.std(b) == pytest.approx(eb.uncertainty, rel=0.03)
    assert np.mean(s["V_cb"]) == pytest.approx(params["V_cb"], rel=2e-3)


def test_replaced_inputs_are_not_sampled(params):
    s = params.replace({"V_cb": 0.041}).sample(10, seed=1)
    assert s["V_cb"] == 0.041


def test_unknown_parameter_name_suggests(params):
    with pytest.raises(DarkflavError, match="Did you mean 'V_cb'"):
        params.replace({"Vcb": 0.04})
    with pytest.raises(DarkflavError, match="finite"):
        params.replace({"V_cb": np.nan})


def test_model_choice_is_checked(params):
    with pytest.raises(DarkflavError, match="HPQCD2022"):
        params.choose({"B->K form factors": "HPQCD2013"})
    assert params.choose({"B->K form factors": "GRvDV2023"}).choices["B->K form factors"] == "GRvDV2023"
    assert Parameters.default().choices["B->K form factors"] == "HPQCD2022"


@pytest.mark.parametrize("name, values", [("V_cb", [0.041, 0.042]), ("V_us", [0.224, 0.226]), ("gamma", [1.1, 1.2]),
                                          ("V_ub", [0.0036, 0.0040]), ("tau_B+", [1.60e-12, 1.66e-12])])
def test_array_overrides_of_any_input_equal_one_value_at_a_time(name, values):
    """Parameters.replace with an array (the CKM inputs included): predictions and sampled uncertainties equal
    those computed one value at a time."""
    import darkflav
    from darkflav.parameters import Parameters

    params = Parameters.default().replace({name: values})
    predicted = darkflav.predict("BR(B+->K+ nu nu)", None, params)
    spread = darkflav.uncertainty("BR(B+->K+ nu nu)", None, params, n_samples=20)
    for k, value in enumerate(values):
        one = Parameters.default().replace({name: value})
        assert predicted[k] == pytest.approx(darkflav.predict("BR(B+->K+ nu nu)", None, one), rel=1e-14)
        assert spread[k] == pytest.approx(darkflav.uncertainty("BR(B+->K+ nu nu)", None, one, n_samples=20),
                                          rel=1e-12)


@pytest.mark.parametrize("name, value, domain", [("tau_B+", -1e-12, "(0, inf) s"), ("hbar", -1.0, "(0, inf) GeV s"),
                                                 ("m_B+", 0.0, "[4.75, 5.81] GeV"), ("V_cb", 2.0, "(0, 1]"),
                                                 ("V_us", [0.22, 1.01], "(0, 1]"), ("s2w", 0.0, "(0, 1)"),
                                                 ("gamma", 4.0, "(-pi, pi] rad"), ("X_t", 0.0, "(0, inf)")])
def test_inputs_outside_their_physical_domain_are_refused(name, value, domain):
    with pytest.raises(DarkflavError, match=re.escape(f"outside its physical domain {domain}")):
        Parameters.default().replace({name: value})


def test_every_input_has_a_domain_that_holds_its_central_value_and_bounds_are_inclusive_where_written():
    entries = [Parameters.default().entry(n) for n in Parameters.default()]
    assert all(not e.outside(e.value) for e in entries)
    with_domain = [e for e in entries if " " not in e.name]  # inputs.yaml (form-factor coefficients: any real)
    assert all(e.domain != "(-inf, inf)" or e.name in ("P_c_m_c_exponent", "P_c_alpha_s_exponent", "C9_SM",
                                                       "C10_SM") for e in with_domain)
    assert not Parameters.default().entry("V_cb").outside(1.0)  # ']' includes 1 (the CKM rows then refuse it jointly)
    Parameters.default().replace({"gamma": -1.0})  # γ may be negative
