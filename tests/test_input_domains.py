"""Every input at the edges of its physical domain: each observable darkflav samples is finite for a theory of each
kind it reads (no NaN, no inf, no raw exception); just outside the domain the input is refused with its name."""

import re
import warnings

import numpy as np
import pytest

import darkflav
from darkflav import DarkEFT, DarkflavError, InvisibleBoson, NeutrinoWET, Parameters
from darkflav.ckm import ckm_matrix
from darkflav.collider.vlq.bounds import benchmark_model
from darkflav.eft import ChargedLeptonWET
from darkflav.models.vlq import VectorLikeQuarks
from darkflav.parameters import _bound
from darkflav.registry import observables

P = Parameters.default()
BOUNDED = [n for n in P if P.entry(n).domain != "(-inf, inf)"]
NON_NEGATIVE = ("BR", "dBR", "<dBR", "FL", "<FL>", "R_K", "Omega", "p_ann", "sigma_SI", "DeltaM", "kappa")
SIDE_CONSTRAINTS = ("DeltaF2", "DipoleWET", "HeavyQuarks")  # read from the matched VLQ benchmark


def _probes() -> list[tuple[str, object, dict]]:
    """(observable, theory, arguments) for every sampled observable, with new physics in each container it reads."""
    dark = DarkEFT("real scalar", 0.3, {"CS_sb": 1e-8, "CS_sd": 1e-10, "CS_ss": 1e-4, "CS_uu": 1e-5, "CS_dd": 1e-5})
    neutrinos = {s: NeutrinoWET(C_L={"tautau": 2.0}, sector=s) for s in ("sb", "sd")}
    single = {"DarkEFT": dark, "ChargedLeptonWET": ChargedLeptonWET(C9={"mutau": 1.0}, C_VL={"tau": 0.1}),
              "InvisibleBoson": InvisibleBoson(0, 1.0, {"gS_sb": 1e-8, "gS_sd": 1e-10})}
    probes = []
    for obs in observables():
        if not obs.sampled:
            continue
        kinds = [kind.__name__ for kind in obs.reads]
        if kinds[0] in SIDE_CONSTRAINTS:
            theory = benchmark_model(2000.0)
        elif kinds[0] == "VectorLikeQuarks":  # an observable of the model itself (its Higgs portal)
            theory = VectorLikeQuarks(2000.0, 2000.0, 1.0, [0, 1, 0.2], [0, 1, 0.2], kappa=0.005)
        elif kinds[0] == "NeutrinoWET":
            theory = neutrinos.get(obs.sector) if len(kinds) == 1 else [neutrinos.get(obs.sector), dark]
        else:
            theory = single[kinds[0]]
        kaon = obs.sector == "sd"
        arguments = {"q2": {"q2": 0.05 if kaon else 3.0},
                     "q2min": {"q2min": 0.01, "q2max": 0.02} if kaon else {"q2min": 1.0, "q2max": 2.0},
                     "edges": {"edges": [0.0, 0.01, 0.02] if kaon else [0.0, 1.0, 2.0]},
                     "x": {"x": 20.0}}
        probes.append((obs.name, theory, next((arguments[a] for a in obs.arguments), {})))
    return probes


def _edges(name: str) -> list[float]:
    """Values at the two ends of the domain: the bound itself where it is included, else 10⁻⁶ of the way from the
    bound to the central value; an infinite end is replaced by 10⁶ times the central value."""
    entry = P.entry(name)
    low, high = (_bound(b) for b in entry.domain[1:-1].split(","))
    v = entry.value
    ends = []
    for bound, closed in ((low, entry.domain[0] == "["), (high, entry.domain[-1] == "]")):
        if not np.isfinite(bound):
            ends.append(v * 1e6 if bound > 0 else -abs(v) * 1e6)
        else:
            ends.append(bound if closed else bound + (v - bound) * 1e-6)
    return ends


@pytest.fixture(scope="module")
def probes():
    return _probes()


@pytest.mark.parametrize("name", BOUNDED)
def test_every_observable_is_finite_at_the_edges_of_each_input(name, probes):
    """Both ends at once, as an array override (which every observable broadcasts); an end that the CKM inputs'
    joint conditions refuse is replaced by the edge of the jointly allowed region (bisection)."""
    ends = [v if _allowed(name, v) else _joint_edge(name, v) for v in _edges(name)]
    for observable, theory, arguments in probes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the finiteness of the result is the test
            result = _predict_array(observable, theory, name, ends, arguments)
        assert np.all(np.isfinite(result)), (name, ends, observable, result)
        if observable.startswith(NON_NEGATIVE):
            assert np.all(result >= 0), (name, ends, observable, result)


def _predict_array(observable, theory, name, values, arguments) -> np.ndarray:
    """The observable with `name` replaced by the array `values`, or value by value where the observable refuses
    such an array with a clear error (p_ann: hadron masses spread beyond its table's tolerance)."""
    try:
        return np.asarray(darkflav.predict(observable, theory, P.replace({name: values}), **arguments))
    except DarkflavError as exc:
        assert "one value at a time" in str(exc), exc
        return np.stack([darkflav.predict(observable, theory, P.replace({name: v}), **arguments) for v in values])


def _allowed(name: str, value: float) -> bool:
    try:
        P.replace({name: value})
    except DarkflavError as exc:
        assert "CKM" in str(exc) or "unitarity" in str(exc), exc  # only joint conditions refuse a value in the domain
        return False
    return True


def _joint_edge(name: str, refused: float) -> float:
    """The allowed value nearest to `refused` on the way to the central value, to 10⁻¹² relative."""
    inside, outside = P.entry(name).value, refused
    for _ in range(60):
        middle = (inside + outside) / 2
        inside, outside = (middle, outside) if _allowed(name, middle) else (inside, middle)
    return inside


@pytest.mark.parametrize("name", BOUNDED)
def test_values_just_outside_each_domain_are_refused_by_name(name):
    entry = P.entry(name)
    low, high = (_bound(b) for b in entry.domain[1:-1].split(","))
    for bound, closed, step in ((low, entry.domain[0] == "[", -1), (high, entry.domain[-1] == "]", 1)):
        if not np.isfinite(bound):
            continue
        outside = np.nextafter(bound, step * np.inf) if closed else bound
        with pytest.raises(DarkflavError, match=re.escape(f"parameter '{name}'") + ".*outside its physical domain"):
            P.replace({name: outside})


def test_ckm_phase_is_continuous_through_every_quadrant_of_gamma():
    """δ(γ) from the exact relation keeps the quadrant of γ (ckmutil's arctan form returns δ ≈ 0 near γ = π): V is
    continuous at γ = 0 and ±π, unitary everywhere, and the Jarlskog invariant changes sign with sin γ."""
    gammas = np.array([-np.pi + 1e-9, -2.5, -1.0, 0.0, 1e-9, 1.1502, 2.5, np.pi - 1e-9, np.pi])
    v = ckm_matrix(P.replace({"gamma": gammas}))
    assert np.allclose(v @ np.conj(np.swapaxes(v, -1, -2)), np.eye(3), atol=1e-14)
    jarlskog = np.imag(v[:, 0, 1] * v[:, 1, 2] * np.conj(v[:, 0, 2]) * np.conj(v[:, 1, 1]))
    assert np.all(np.sign(jarlskog[np.abs(np.sin(gammas)) > 1e-6]) == np.sign(np.sin(gammas))[np.abs(np.sin(gammas))
                                                                                                 > 1e-6])
    assert np.allclose(v[3], v[4], atol=1e-12) and np.allclose(v[7], v[8], atol=1e-12) and np.allclose(v[0], v[8],
                                                                                                      atol=1e-12)
    # |V_td| grows from γ = 0 to γ = π (the apex moves from ρ > 0 to ρ < 0): the old arctan form did not
    assert np.all(np.diff(np.abs(v[[3, 5, 6, 7], 2, 0])) > 0)


@pytest.mark.parametrize("change, message", [
    ({"V_us": 1.0}, r"\|V_us\|² \+ \|V_ub\|² must be < 1"),
    ({"V_cb": 0.999999}, r"\|V_cb\|² \+ \|V_ub\|² must be < 1"),
    ({"V_ub": 0.98, "V_us": 0.3}, r"\|V_us\|² \+ \|V_ub\|² must be < 1"),
    ({"V_us": 1e-6}, "the unitarity triangle does not close"),
    ({"V_us": [0.2243, 1e-6]}, "the unitarity triangle does not close"),
])
def test_ckm_inputs_that_no_unitary_matrix_has_are_refused(change, message):
    with pytest.raises(DarkflavError, match=message):
        P.replace(change)


@pytest.mark.parametrize("name", ["G_F", "gamma", "alpha_s", "m_b(m_b)", "m_s(2GeV)", "m_B0", "m_K*0", "m_K0", "m_pi+",
                                  "m_h", "m_t"])
def test_array_overrides_equal_loops_for_every_observable(name, probes):
    """An input replaced by an array gives, for each observable, the values of one call per element (the inputs whose
    arrays once failed or were taken at their mean: q² bins, pair rates, the K* vectors, the VLQ matching, the running
    in meson mixing and B → X_sγ), or a clear refusal (p_ann with hadron masses far apart)."""
    values = _edges(name)[:1] + [P.entry(name).value]
    for observable, theory, arguments in probes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = _predict_array(observable, theory, name, values, arguments)
            loop = [np.asarray(darkflav.predict(observable, theory, P.replace({name: v}), **arguments))
                    for v in values]
        expected = np.stack([np.broadcast_to(x, np.shape(loop[0])) for x in loop])
        assert np.allclose(np.broadcast_to(array, expected.shape), expected, rtol=1e-9, atol=0), (observable, array,
                                                                                                 loop)
