"""Cross-check against flavio (independent code) with darkflav set to flavio's inputs.

Differences of convention that are set, not hidden (docs/validation.md):
- flavio normalises the charm term of K → πνν̄ with α(2 GeV) instead of α(M_Z): darkflav's P_c and
  δP_cu are scaled by α(2 GeV)/α(M_Z) here to reproduce flavio.
- flavio takes Im of each flavour pair for K_L → π⁰νν̄, which is right only for flavour structures
  with C^ij = C^ji; K_L points are symmetrised (darkflav's general formula is tested elsewhere).
"""

import numpy as np
import pytest

flavio = pytest.importorskip("flavio")
wilson = pytest.importorskip("wilson")

import darkflav  # noqa: E402
from darkflav.running import alpha_e  # noqa: E402

from .flavio_setup import (  # noqa: E402
    B_SCALE,
    K_SCALE,
    OBSERVABLES,
    flavio_parameters,
    random_points,
    wcxf_dict,
)

N_POINTS = 20


@pytest.fixture(scope="module")
def params_as_flavio():
    p = flavio_parameters()
    r = alpha_e(K_SCALE, p) / p["alpha_e"]
    return p.replace({"P_c_0": p["P_c_0"] * r, "delta_P_cu": p["delta_P_cu"] * r})


def _theory(point, sector):
    values = {k: {"Re": v.real, "Im": v.imag} for k, v in wcxf_dict(point, sector).items()}
    scale = B_SCALE if sector == "sb" else K_SCALE
    return darkflav.NeutrinoWET.from_wcxf(
        {"eft": "WET", "basis": "flavio", "scale": scale, "values": values}, sector=sector)


def _symmetrised(point):
    return {k: ((v.reshape(3, 3) + v.reshape(3, 3).T) / 2).ravel() for k, v in point.items()}


@pytest.mark.parametrize("name", list(OBSERVABLES))
def test_sm_agrees_with_flavio(name, params_as_flavio):
    assert darkflav.predict(name, None, params_as_flavio) == pytest.approx(
        flavio.sm_prediction(OBSERVABLES[name][0]), rel=1e-4)


@pytest.mark.parametrize("name", list(OBSERVABLES))
def test_random_complex_points_agree_with_flavio(name, params_as_flavio):
    flavio_name, sector = OBSERVABLES[name]
    scale = B_SCALE if sector == "sb" else K_SCALE
    for point in random_points(N_POINTS, seed=7):
        if name.startswith("BR(KL"):
            point = _symmetrised(point)
        ours = darkflav.predict(name, _theory(point, sector), params_as_flavio)
        w = wilson.Wilson(wcxf_dict(point, sector), scale=scale, eft="WET", basis="flavio")
        assert ours == pytest.approx(flavio.np_prediction(flavio_name, w), rel=1e-4)


@pytest.mark.parametrize("ratio, name", [("R_K(nu nu)", "BR(B+->Knunu)"),
                                         ("R_K*(nu nu)", "BR(B0->K*nunu)")])
def test_ratios_agree_with_flavio_np_over_sm(ratio, name, params_as_flavio):
    sm = flavio.sm_prediction(name)
    for point in random_points(N_POINTS, seed=8):
        w = wilson.Wilson(wcxf_dict(point, "sb"), scale=B_SCALE, eft="WET", basis="flavio")
        ours = darkflav.predict(ratio, _theory(point, "sb"), params_as_flavio)
        assert ours == pytest.approx(flavio.np_prediction(name, w) / sm, rel=1e-4)


def test_binned_and_fl_agree_with_flavio(params_as_flavio):
    point = random_points(1, seed=9)[0]
    w = wilson.Wilson(wcxf_dict(point, "sb"), scale=B_SCALE, eft="WET", basis="flavio")
    t = _theory(point, "sb")
    assert darkflav.predict("<dBR/dq2>(B0->K*0 nu nu)", t, params_as_flavio, q2min=0, q2max=4) \
        == pytest.approx(flavio.np_prediction("<dBR/dq2>(B0->K*nunu)", w, q2min=0, q2max=4), rel=1e-4)
    assert darkflav.predict("<FL>(B0->K*0 nu nu)", t, params_as_flavio, q2min=16, q2max=19.25) \
        == pytest.approx(flavio.np_prediction("<FL>(B0->K*nunu)", w, q2min=16, q2max=19.25), rel=1e-4)
    assert darkflav.predict("dBR/dq2(B+->K+ nu nu)", t, params_as_flavio, q2=np.array([1.0, 12.0])) \
        == pytest.approx([flavio.np_prediction("dBR/dq2(B+->Knunu)", w, q2=q) for q in (1.0, 12.0)],
                         rel=1e-4)
