"""Property-based tests (hypothesis, 10⁴ examples in all): physical inputs give finite, non-negative rates, the SM
ratios are exactly 1 at zero new physics whatever the inputs, and arrays equal loops."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import darkflav
from darkflav import DarkEFT, InvisibleBoson, NeutrinoWET, Parameters

SPECIES = {s: list(DarkEFT(s, 1.0, {}).operators()) for s in
           ("real scalar", "complex scalar", "Dirac fermion", "Majorana fermion", "real vector", "complex vector")}
DECAYS = {"sb": ("B+->K+", "B0->K*0"), "sd": ("K+->pi+", "KL->pi0")}
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
P = Parameters.default()
END_POINT = {"B+->K+": P["m_B+"] - P["m_K+"], "B0->K*0": P["m_B0"] - P["m_K*0"], "K+->pi+": P["m_K+"] - P["m_pi+"],
             "KL->pi0": P["m_K0"] - P["m_pi0"]}

magnitudes = st.floats(-13.0, -5.0).map(lambda e: 10.0**e)
phases = st.floats(0.0, 2 * np.pi)


@st.composite
def dark_theories(draw):
    species = draw(st.sampled_from(sorted(SPECIES)))
    pair = draw(st.sampled_from(sorted(DECAYS)))
    operators = draw(st.lists(st.sampled_from(SPECIES[species]), min_size=1, max_size=3, unique=True))
    low = 1e-3 if species.endswith("vector") else 0.0  # massive vectors only
    mass = draw(st.floats(low, 3.0))
    coefficients = {f"{op}_{pair}": draw(magnitudes) * np.exp(1j * draw(phases)) for op in operators}
    return pair, DarkEFT(species, mass, coefficients)


@settings(FAST, max_examples=4000)
@given(dark_theories())
def test_pair_rates_are_finite_and_non_negative(case):
    pair, theory = case
    for decay in DECAYS[pair]:
        rate = darkflav.predict(f"BR({decay} XX)", theory)
        assert np.isfinite(rate) and rate >= 0
        if 2 * theory.mass >= END_POINT[decay]:
            assert rate == 0  # closed channel (threshold above the end point): zero, not an error


neutrino_coefficient = st.tuples(st.floats(-30.0, 30.0), st.floats(-30.0, 30.0)).map(lambda c: complex(*c))


@settings(FAST, max_examples=2500)
@given(st.sampled_from(["C_L", "C_R"]), st.sampled_from(["ee", "mumu", "tautau", "mutau", "etau"]),
       neutrino_coefficient, st.sampled_from(sorted(DECAYS)))
def test_neutrino_rates_are_finite_and_non_negative(field, flavours, value, sector):
    theory = NeutrinoWET(**{field: {flavours: value}}, sector=sector)
    for decay in DECAYS[sector]:
        rate = darkflav.predict(f"BR({decay} nu nu)", theory)
        assert np.isfinite(rate) and rate >= 0


@settings(FAST, max_examples=2000)
@given(st.sampled_from([0, 1]), st.floats(1e-3, 4.5), magnitudes, phases, st.sampled_from(sorted(DECAYS)))
def test_two_body_rates_are_finite_and_non_negative(spin, mass, size, phase, pair):
    name = ("gS_" if spin == 0 else "gV_") + pair
    boson = InvisibleBoson(spin, mass, {name: size * np.exp(1j * phase)})
    for decay in DECAYS[pair]:
        rate = darkflav.predict(f"BR({decay} X)", boson)
        assert np.isfinite(rate) and rate >= 0


@settings(FAST, max_examples=500)
@given(st.lists(st.floats(-3.0, 3.0), min_size=4, max_size=4))
def test_ratios_are_one_at_zero_new_physics_for_any_inputs(pulls):
    """R_K = R_K* = 1 exactly without new physics, with the CKM inputs moved by up to 3σ."""
    params = Parameters.default()
    names = ("V_us", "V_cb", "V_ub", "gamma")
    params = params.replace({n: params.entry(n).value + z * params.entry(n).uncertainty
                             for n, z in zip(names, pulls, strict=True)})
    zero = NeutrinoWET(C_L={"tautau": 0.0})
    assert darkflav.predict("R_K(nu nu)", zero, params) == 1.0
    assert darkflav.predict("R_K*(nu nu)", None, params) == 1.0


@settings(FAST, max_examples=1000)
@given(st.sampled_from(sorted(SPECIES)), st.lists(st.floats(0.0, 2.6), min_size=1, max_size=6),
       st.lists(magnitudes, min_size=1, max_size=6))
def test_arrays_equal_loops(species, masses, sizes):
    n = min(len(masses), len(sizes))
    masses = np.maximum(np.asarray(masses[:n]), 1e-3 if species.endswith("vector") else 0.0)
    sizes = np.asarray(sizes[:n])
    operator = f"{SPECIES[species][0]}_sb"
    together = darkflav.predict("BR(B+->K+ XX)", DarkEFT(species, masses, {operator: sizes}))
    alone = [darkflav.predict("BR(B+->K+ XX)", DarkEFT(species, m, {operator: c})) for m, c in zip(masses, sizes,
                                                                                                    strict=True)]
    np.testing.assert_allclose(together, alone, rtol=1e-12, atol=0)

