"""ChargedLeptonWET and its observables: B_s → ℓℓ′, B → K(*) ℓℓ′, R(D(*)), validated against flavio."""

import numpy as np
import pytest

import darkflav
from darkflav import DarkflavError, predict
from darkflav.eft import ChargedLeptonWET

flavio = pytest.importorskip("flavio")
wilson = pytest.importorskip("wilson")

from .flavio_setup import B_SCALE, flavio_parameters  # noqa: E402

LFV = ["BR(Bs->mutau)", "BR(Bs->taumu)", "BR(Bs->emu)", "BR(Bs->etau,taue)", "BR(B+->Kmutau)", "BR(B+->Ktaumu)",
       "BR(B+->Kemu,mue)", "BR(B0->Ketau)", "BR(B0->K*emu)", "BR(B0->K*mue)", "BR(B+->K*mutau)", "BR(B+->K*taumu)"]


@pytest.fixture(scope="module")
def params():
    fp = flavio.default_parameters.get_central_all()
    p = flavio_parameters()
    return p.replace({"m_mu": fp["m_mu"], "m_e": fp["m_e"], "m_tau": fp["m_tau"], "m_Bs": fp["m_Bs"],
                      "f_Bs": fp["f_Bs"], "tau_Bs": fp["tau_Bs"] * p["hbar"],
                      "DeltaGamma/Gamma_Bs": fp["DeltaGamma/Gamma_Bs"]})


def _random_point(seed, scale):
    rng = np.random.default_rng(seed)
    return {f"{f}_bs{a}{b}": complex(*(scale * rng.normal(size=2)))
            for a in ("e", "mu", "tau") for b in ("e", "mu", "tau") for f in ("C9", "C10", "C9p", "C10p")}


def _both(values):
    wcxf = {"eft": "WET", "basis": "flavio", "scale": B_SCALE,
            "values": {k: {"Re": v.real, "Im": v.imag} for k, v in values.items()}}
    return ChargedLeptonWET.from_wcxf(wcxf), wilson.Wilson(values, scale=B_SCALE, eft="WET", basis="flavio")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lfv_modes_agree_with_flavio(seed, params):
    theory, w = _both(_random_point(seed, 3.0))
    for name in LFV:
        assert predict(name, theory, params) == pytest.approx(flavio.np_prediction(name, w), rel=2e-4), name


def test_bs_to_ll_with_sm_agrees_with_flavio(params):
    theory, w = _both(_random_point(4, 3.0))
    for name in ("BR(Bs->mumu)", "BR(Bs->tautau)", "BR(Bs->ee)"):
        assert predict(name, theory, params) == pytest.approx(flavio.np_prediction(name, w), rel=2e-4), name
        assert predict(name, None, params) == pytest.approx(flavio.sm_prediction(name), rel=2e-4), name


def test_b_to_k_tautau_where_the_limits_apply(params):
    """C7 and the charm loop are neglected: 2 % in the SM, < 0.5 % once |C^ττ| ~ 100."""
    assert predict("BR(B+->Ktautau)", None, params) == pytest.approx(flavio.sm_prediction("BR(B+->Ktautau)"),
                                                                       rel=0.02)
    values = {"C9_bstautau": 80.0 + 20j, "C10_bstautau": -120.0, "C9p_bstautau": 30.0}
    theory, w = _both(values)
    assert predict("BR(B+->Ktautau)", theory, params) == pytest.approx(
        flavio.np_prediction("BR(B+->Ktautau)", w), rel=5e-3)


def test_r_d_agrees_with_flavio_and_vector_is_exact():
    rng = np.random.default_rng(5)
    sm = {m: flavio.sm_prediction(f"Rtaul(B->{m}lnu)") for m in ("D", "D*")}
    for _ in range(4):
        c = dict(zip(("CVL", "CSL", "CSR", "CT"), 0.2 * (rng.normal(size=4) + 1j * rng.normal(size=4)), strict=True))
        w = wilson.Wilson({f"{k}_bctaunutau": v for k, v in c.items()}, scale=B_SCALE, eft="WET", basis="flavio")
        theory = ChargedLeptonWET(C_VL={"tau": c["CVL"]}, C_SL={"tau": c["CSL"]}, C_SR={"tau": c["CSR"]},
                                  C_T={"tau": c["CT"]})
        for m in ("D", "D*"):
            ours = predict(f"Rtaul(B->{m}lnu)", theory) / darkflav.Parameters.default()[f"R_{m}_SM"]
            assert ours == pytest.approx(flavio.np_prediction(f"Rtaul(B->{m}lnu)", w) / sm[m], rel=0.015)
    # C_VL rescales the SM amplitude: r = |1 + C_VL^τ|² + Σ_{j≠τ} |C_VL^j|², exactly
    t = ChargedLeptonWET(C_VL=[0.1j, 0.2, 0.05 + 0.02j])
    r = abs(1.05 + 0.02j) ** 2 + 0.01 + 0.04
    assert predict("Rtaul(B->D*lnu)", t) == pytest.approx(0.254 * r, rel=1e-12)


def test_wcxf_round_trip_and_name_order():
    t = ChargedLeptonWET(C9={"mutau": 1 + 2j}, C10_prime={"taue": -3.0}, C_VL={"mu": 0.1})
    d = t.to_wcxf(scale=4.8)
    assert set(d["values"]) == {"C9_bstaumu", "C10p_bsetau", "CVL_bctaunumu"}  # flavio's C9_bs{j}{i} for ℓ̄_i…ℓ_j
    back = ChargedLeptonWET.from_wcxf(d)
    for f in ("C9", "C10_prime", "C_VL"):
        np.testing.assert_allclose(back.coefficient(f), t.coefficient(f), rtol=1e-12)


def test_broadcasting_and_closed_channel():
    c = np.random.default_rng(0).normal(size=(5, 3, 3))
    out = predict("BR(B+->Kmutau)", ChargedLeptonWET(C9=c))
    assert out.shape == (5,)
    single = [predict("BR(B+->Kmutau)", ChargedLeptonWET(C9=c[k])) for k in range(5)]
    np.testing.assert_allclose(out, single, rtol=1e-12)
    heavy = darkflav.Parameters.default().replace({"m_tau": 3.0})
    assert predict("BR(B+->Ktautau)", ChargedLeptonWET(C9={"tautau": 10}), heavy) == 0.0
    assert predict("BR(Bs->tautau)", None, heavy) == 0.0


@pytest.mark.parametrize("bad", [dict(C9=np.ones((3, 2))), dict(C9={"mutua": 1}), dict(C_VL=np.ones(4)),
                                 dict(C10=[[np.nan] * 3] * 3)])
def test_bad_input(bad):
    with pytest.raises(DarkflavError):
        ChargedLeptonWET(**bad)


def test_wrong_theory_type():
    with pytest.raises(DarkflavError):
        predict("BR(Bs->mutau)", darkflav.NeutrinoWET())
