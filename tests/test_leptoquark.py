"""Leptoquarks: the matching re-derived numerically (explicit Dirac matrices, C, Grassmann signs), and the
statements of the seed slides (docs/uv-models.md)."""

import numpy as np
import pytest

import darkflav
from darkflav import DarkflavError, predict
from darkflav.ckm import ckm_matrix, lambda_q
from darkflav.models import MODELS, Leptoquark

from .lq_fierz import G5, GL, GR, ONE, PL, PR, Bilinear, G, current_current, eff_lagrangian, project

P = darkflav.Parameters.default()
QUARK = {"d": 0, "s": 1, "b": 2}
LEP = ("e", "mu", "tau")
SQ2 = np.sqrt(2)
# LQ components coupling down quarks to (neutrinos, charged leptons) in the Lagrangians of 1603.04993:
# (factor of y, quark conjugated?, quark projector, Dirac structure) per component, from the SU(2) contractions
DOWN = {
    "S0": {"nu": [(-1, True, PL, ONE)], "l": []},
    "S1": {"nu": [(-1, True, PL, ONE)], "l": [(-SQ2, True, PL, ONE)]},
    "S1/2~": {"nu": [(1, False, PR, ONE)], "l": [(-1, False, PR, ONE)]},
    "V1/2": {"nu": [(-1, True, PR, G)], "l": [(1, True, PR, G)]},
    "V1": {"nu": [(SQ2, False, PL, G)], "l": [(-1, False, PL, G)]},
}
NU_BASIS = [current_current(GL, [g @ (ONE - G5) for g in G]), current_current(GR, [g @ (ONE - G5) for g in G])]
L_BASIS = [current_current(GL, G), current_current(GL, [g @ G5 for g in G]),
           current_current(GR, G), current_current(GR, [g @ G5 for g in G])]


def _current(y, lepton, factor, conj, proj, gamma):
    return [Bilinear(factor * y[QUARK[q], k], (q, conj, proj), gamma, (f"{lepton}{k}", False, PL))
            for q in ("s", "b") for k in range(3)]


def _numerical(name, y, mass, lepton):
    """{(i, j): coefficients in the basis} of the tree-level L_eff, in units of 1/M² (then / (M² N))."""
    vector = MODELS[name].spin == 1
    n = (4 * P["G_F"] / SQ2) * lambda_q("t", "s", "b", P) * P["alpha_e"] / (4 * np.pi)
    out = {}
    for i in range(3):
        for j in range(3):
            canonical = [("s", True), ("b", False), (f"{lepton}{i}", True), (f"{lepton}{j}", False)]
            t = sum(eff_lagrangian([_current(y, lepton, *c)], vector, canonical) for c in DOWN[name][lepton])
            c, residual = project(t, NU_BASIS if lepton == "nu" else L_BASIS)
            assert residual < 1e-12  # no operator outside the basis is generated
            out[(i, j)] = c / (mass**2 * n)
    return out


@pytest.mark.parametrize("name", ["S0", "S1/2~", "S1", "V1/2", "V1"])
def test_matching_equals_the_numerical_tree_amplitude(name):
    rng = np.random.default_rng(11)
    y = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    mass = 1500.0
    eft = MODELS[name](mass, y).match(P)
    nu = _numerical(name, y, mass, "nu")
    for (i, j), c in nu.items():
        got = [0 if (m := eft.neutrino.coefficient(f)) is None else m[i, j] for f in ("C_L", "C_R")]
        np.testing.assert_allclose(got, c, rtol=1e-10, atol=1e-12 * np.max(np.abs(c)))
    if DOWN[name]["l"]:
        for (i, j), c in _numerical(name, y, mass, "l").items():
            got = [eft.charged.pair(f, i, j) for f in ("C9", "C10", "C9_prime", "C10_prime")]
            np.testing.assert_allclose(got, c, rtol=1e-10, atol=1e-12 * np.max(np.abs(c)))
    else:
        assert all(eft.charged.coefficient(f) is None for f in ("C9", "C10", "C9_prime", "C10_prime"))


@pytest.mark.parametrize("name, up_factor, down_factor", [("S0", 1, -1), ("S1", -1, -1), ("V1", 1, -1)])
def test_b_to_c_tau_nu_equals_the_numerical_tree_amplitude(name, up_factor, down_factor):
    """L_eff ⊃ −(4G_F/√2) V_cb C_VL (c̄γ^μP_Lb)(τ̄γ_μP_Lν_j); up-quark couplings (V*y)_{cτ} (S₀, S₁, from
    Q̄^c) or (V y)_{cj} (V₁, from Q̄) in the down-quark mass basis."""
    rng = np.random.default_rng(12)
    y = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    mass, v = 800.0, ckm_matrix(P)
    lq = MODELS[name](mass, y)
    c_vl = lq.match(P).charged.coefficient("C_VL")
    for j in range(3):
        if name == "V1":  # U^{2/3}: x (ū γ ν − d̄ γ ℓ)
            up = (v @ y)[1, j]
            current = [Bilinear(up_factor * up, ("c", False, PL), G, ("nu", False, PL)),
                       Bilinear(down_factor * y[2, 2], ("b", False, PL), G, ("tau", False, PL))]
        else:  # S^{1/3}: ∓ y ū^c ℓ − y d̄^c ν
            up = (np.conj(v) @ y)[1, 2]
            current = [Bilinear(up_factor * up, ("c", True, PL), ONE, ("tau", False, PL)),
                       Bilinear(down_factor * y[2, j], ("b", True, PL), ONE, ("nu", False, PL))]
        t = eff_lagrangian([current], MODELS[name].spin == 1, [("c", True), ("b", False), ("tau", True),
                                                                ("nu", False)])
        (k,), residual = project(t, [current_current(GL, GL)])
        assert residual < 1e-12
        expected = -k / (mass**2 * 4 * P["G_F"] / SQ2 * v[1, 2])
        assert c_vl[j] == pytest.approx(expected, rel=1e-10)


def test_only_left_handed_leptoquarks_give_r_k_equal_r_k_star():
    y = np.random.default_rng(3).normal(size=(50, 3, 3)) * 0.5
    for name in ("S0", "S1", "V1"):
        nu = MODELS[name](1000.0, y).match().neutrino
        assert nu.coefficient("C_R") is None
        np.testing.assert_allclose(predict("R_K(nu nu)", nu), predict("R_K*(nu nu)", nu), rtol=1e-12)
    for name in ("S1/2~", "V1/2"):
        off = np.zeros((50, 3, 3))
        off[:, 1, 1], off[:, 2, 2] = y[:, 1, 1], y[:, 2, 2]  # y_sμ, y_bτ: only C^{μτ} or C^{τμ}
        nu = MODELS[name](1000.0, off).match().neutrino
        assert np.allclose(np.diagonal(nu.coefficient("C_R"), axis1=-2, axis2=-1), 0)
        np.testing.assert_allclose(predict("R_K(nu nu)", nu), predict("R_K*(nu nu)", nu), rtol=1e-12)


def _diagonal_for(r_k):
    """C^{ii}/C_L^SM = x solving R_K = 1 + (2x + x²)/3 (one diagonal entry; arXiv:1409.4557, docs/uv-models.md)."""
    return -1 + np.sqrt(1 + 3 * (r_k - 1))


def test_belle2_needs_a_diagonal_coefficient_of_order_ten_excluded_for_light_leptons():
    c_sm = -P["X_t"] / P["s2w"]
    r_k = 5.3  # seeds: R_K^νν from Belle II 2023 (experiments/data/measurements.yaml)
    c_diag = abs(_diagonal_for(r_k) * c_sm)
    assert 10 < c_diag < 25
    assert predict("R_K(nu nu)", darkflav.NeutrinoWET(C_L={"mumu": _diagonal_for(r_k) * c_sm})) == \
        pytest.approx(r_k, rel=1e-10)
    # the same entry in b → sℓℓ: |C9| ≥ c_diag/2 (V₁) ≫ the fitted |C9^{μμ}|, |C9^{ee}| ≈ 1
    for name in ("S1", "V1", "S1/2~", "V1/2"):
        kappa = MODELS[name].kappa_charged
        assert kappa * c_diag > 5


def test_c_r_tautau_for_belle2():
    """R_K ≈ 4.6 with C_R^ττ alone: C_R^ττ ≈ −15.3 (the notes' −15.4 with C_L^SM = −6.36), R_K* ≈ 1.88."""
    c_sm = -P["X_t"] / P["s2w"]
    c_r = _diagonal_for(4.6) * c_sm  # R_K depends on C_L + C_R only
    nu = darkflav.NeutrinoWET(C_R={"tautau": c_r})
    assert c_r == pytest.approx(-15.4 * c_sm / -6.36, rel=0.01)
    assert predict("R_K(nu nu)", nu) == pytest.approx(4.6, rel=1e-10)
    assert 1.8 < predict("R_K*(nu nu)", nu) < 1.95


def test_s0_r_k_3p5_implies_r_d_at_most_1p06():
    """Slides: R_K = R_K* ≈ 3.5 ⇒ r_D(*) ≲ 1.06 for S₀. With y_sτ, y_bτ (|y_bτ| ≤ |y_sτ|, so the
    CKM-suppressed V_cb y_bτ piece of (V*y)_{cτ} is small), C_VL^τ ≈ (α λ_t V_cs/(2π V_cb)) C_L^ττ."""
    c_sm = -P["X_t"] / P["s2w"]
    rng = np.random.default_rng(8)
    mass, ratio, phase = 1000.0, rng.uniform(0.05, 1, 400), rng.uniform(0, 2 * np.pi, 400)
    r_d = []
    for root in (_diagonal_for(3.5), -2 - _diagonal_for(3.5)):
        y = np.zeros((400, 3, 3), dtype=complex)
        y[:, 1, 2], y[:, 2, 2] = 1.0, ratio * np.exp(1j * phase)
        lq = MODELS["S0"](mass, y)
        scale = root * c_sm / lq.match().neutrino.coefficient("C_L")[:, 2, 2]  # fix C_L^ττ at the root
        y[:, 1, 2] *= np.conj(scale)
        eft = MODELS["S0"](mass, y).match()
        np.testing.assert_allclose(predict("R_K(nu nu)", eft.neutrino), 3.5, rtol=1e-9)
        np.testing.assert_allclose(predict("R_K*(nu nu)", eft.neutrino), 3.5, rtol=1e-9)
        r_d.append(predict("Rtaul(B->Dlnu)", eft.charged) / P["R_D_SM"])
        r_d.append(predict("Rtaul(B->D*lnu)", eft.charged) / P["R_D*_SM"])
    r_d = np.concatenate(r_d)
    assert np.max(r_d) < 1.065
    assert np.max(r_d) > 1.05  # the bound is reached (largest root, C_VL real positive)


@pytest.mark.parametrize("bad", [dict(mass=-100.0, couplings=np.eye(3)), dict(mass=0.0, couplings=np.eye(3)),
                                 dict(mass=1000.0, couplings=np.eye(2)), dict(mass=1000.0, couplings=np.ones(3)),
                                 dict(mass=np.ones(2), couplings=np.ones((3, 3, 3)))])
def test_bad_input(bad):
    with pytest.raises(DarkflavError):
        MODELS["S1"](**bad)


def test_from_mapping_and_unknown_names():
    lq = Leptoquark.from_mapping({"name": "V1/2", "mass": 2000, "couplings": {"btau": 1.0, "stau": 0.2}})
    assert lq.couplings[2, 2] == 1.0 and lq.couplings[1, 2] == 0.2 and lq.name == "V1/2"
    with pytest.raises(DarkflavError):
        Leptoquark.from_mapping({"name": "S2", "mass": 1000, "couplings": {}})
    with pytest.raises(DarkflavError):
        Leptoquark.from_mapping({"name": "S1", "mass": 1000, "couplings": {"tb": 1}})
    sides = MODELS["S1"](1000.0, np.eye(3) * 0.1).side_constraints()
    assert {"R_K(nu nu)", "BR(Bs->mutau,taumu)", "Rtaul(B->D*lnu)"} <= set(sides)
