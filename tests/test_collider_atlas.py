"""ATLAS 139 fb⁻¹ monojet recast: model-independent limits, selection, coefficient limits."""

import numpy as np
import pytest

from darkflav.collider import atlas_monojet as atlas
from darkflav.errors import DarkflavError

from .test_docs import check


def _rounding_unit(uncertainty: float) -> float:
    """Place of the last significant digit of a published uncertainty under the PDG rounding rule (RPP,
    Introduction, "Rounding"): two significant digits if its three leading digits are 100–354, one if 355–949
    (950–999 round up to two); the central value is rounded to the same place."""
    exponent = int(np.floor(np.log10(uncertainty)))
    leading = uncertainty / 10.0 ** (exponent - 2)
    return 10.0 ** (exponent - 1) if leading < 355 else 10.0 ** exponent


@pytest.mark.parametrize("region", ["IM0", "IM12"])
def test_quoted_visible_cross_section_limits_within_the_rounding_of_the_yields(region):
    """2102.10874 quotes observed limits from 736 fb (IM0) to 0.3 fb (IM12). The yields are published rounded
    (IM0: 3 120 000 ± 40 000, i.e. to 10⁴ events; IM12: 223 ± 19); the limit recomputed at the corners of that
    rounding box brackets the quoted value. Central yields: IM0 716.7 fb (box 619–814 fb), IM12 0.274 fb
    (box 0.267–0.281 fb)."""
    quoted = atlas.analysis()["visible_limits_quoted"][region]["value"]
    data = atlas.analysis()["regions"][region]
    n, b, sb = data["observed"], data["background"], data["background_uncertainty"]
    half = _rounding_unit(sb) / 2
    lumi = atlas.analysis()["luminosity"]["value"]
    corners = [atlas.upper_limit([1.0], [n], [b + db], [sb + dsb]) / lumi for db in (-half, half)
               for dsb in (-half, half)]
    central = atlas.visible_cross_section_limit(region)
    assert min(corners) < central < max(corners)
    if region == "IM0":
        assert min(corners) <= quoted <= max(corners)
        assert central == pytest.approx(quoted, rel=0.03)
        check("collider.md", "IM0 {} fb (paper 736 fb, {} %)", central, 100 * (central / quoted - 1))
        check("collider.md", "the limit at the corners of that rounding box spans {}–{} fb", min(corners), max(corners))
        per_1000 = (corners[0] - corners[2]) / (2 * half) * 1000   # the corners with b − half and b + half
        check("collider.md", "(it moves by ≈ {} fb per 1000 background events)", per_1000)
    else:  # quoted to one digit
        assert round(central, 1) == quoted and max(corners) < quoted + 0.05
        check("collider.md", "IM12 {} fb (paper 0.3 fb)", central)
        check("collider.md", "IM12 (223 ± 19) spans {}–{} fb", min(corners), max(corners))


def test_rounding_unit():
    assert [_rounding_unit(x) for x in (40000, 26000, 3500, 19, 9, 1000)] == [1e4, 1e3, 1e2, 1, 1, 1e2]


def test_s95_against_the_checkmate_reference_table(shared_data):
    """S95 obs/exp of all 26 regions (CheckMATE2 reference file from the paper's tables) within 10 %."""
    lines = (shared_data / "lhc_monojet" / "atlas_2102_10874_ref.dat").read_text().split("\n")[1:]
    rows = {f"{r.split()[0][:2]}{int(r.split()[0][2:])}": [float(v) for v in r.split()[1:]] for r in lines if r.strip()}
    deviations = []
    for region in atlas.REGIONS:
        obs, bkg, err, s95_obs, s95_exp = rows[region]
        data = atlas.analysis()["regions"][region]
        assert (data["observed"], data["background"], data["background_uncertainty"]) == (obs, bkg, err)
        obs95, exp95 = atlas.s95(region), atlas.s95(region, expected=True)
        assert obs95 == pytest.approx(s95_obs, rel=0.10)
        assert exp95 == pytest.approx(s95_exp, rel=0.06)
        deviations.append([obs95 / s95_obs - 1, exp95 / s95_exp - 1])
    largest = 100 * np.abs(deviations).max(axis=0)
    check("collider.md", "all S95 within {} % (obs) and {} % (exp) of CheckMATE2's table", *largest)


def test_gaussian_limit_for_large_counts():
    """For n, b ≫ 1 the CLs limit is the Gaussian one: s = x̂ + σΦ⁻¹(1 − 0.05Φ(x̂/σ)), σ² = n + σ_b²."""
    from scipy.stats import norm

    n, b, sb = 1.0e6 + 1500.0, 1.0e6, 2000.0
    sigma, xhat = np.sqrt(n + sb**2), n - b
    expected = xhat + sigma * norm.isf(0.05 * norm.cdf(xhat / sigma))
    assert atlas.upper_limit([1.0], [n], [b], [sb]) == pytest.approx(expected, rel=2e-3)


def _event(jets_pt_phi_eta, met, met_phi=np.pi):
    jets = np.array([[pt * np.cosh(eta), pt * np.cos(ph), pt * np.sin(ph), pt * np.sinh(eta)]
                     for pt, ph, eta in jets_pt_phi_eta])
    inv = np.array([[met, met * np.cos(met_phi), met * np.sin(met_phi), 0.0]])
    return jets[None], inv[None]


@pytest.mark.parametrize("jets,met,passes", [
    ([(300, 0, 0.5)], 300, True),
    ([(300, 0, 2.6)], 300, False),                      # leading jet |η| > 2.4
    ([(140, 0, 0.5)], 300, False),                      # leading jet p_T < 150
    ([(300, 0, 0.5)], 190, False),                      # E_T^miss < 200
    ([(300, 0, 0.5), (50, np.pi - 0.3, 0.0)], 300, False),   # a jet within Δφ < 0.4 of p_T^miss
    ([(300, 0, 0.5), (50, np.pi - 0.5, 0.0)], 300, True),
    ([(300, 0, 0.5), (50, np.pi - 0.5, 0.0)], 220, False),   # Δφ > 0.6 needed below 250 GeV
    ([(300, 0, 0.5)] + [(40, 1.0 + 0.2 * k, 0.0) for k in range(4)], 300, False),  # five jets
    ([(300, 0, 0.5), (20, np.pi, 0.0)], 300, True),     # a 20 GeV parton is no jet
])
def test_selection(jets, met, passes):
    ok, etmiss = atlas.select(*_event(jets, met))
    assert bool(ok[0]) is passes and etmiss[0] == pytest.approx(met)


def test_coefficient_limit_scales_as_the_square_root_and_options():
    unit = atlas.RegionCrossSections(np.geomspace(1e4, 1.0, 26), np.zeros(26), np.zeros(26), np.zeros(26), 1, 1)
    c = atlas.coefficient_limit(unit)
    assert atlas.coefficient_limit(unit.scaled(4.0)) == pytest.approx(c / 2, rel=1e-5)
    assert atlas.coefficient_limit(unit, efficiency=0.5) == pytest.approx(c * np.sqrt(1.7), rel=1e-5)
    low = atlas.coefficient_limit(unit, etmiss_max=400.0)
    assert low > c
    hl = atlas.coefficient_limit(unit, luminosity=3000.0)
    assert hl < atlas.coefficient_limit(unit, expected=True)
    bound, region = atlas.best_region_limit(unit)
    assert region in atlas.INCLUSIVE and bound > 0
    with pytest.raises(DarkflavError, match="etmiss_max"):
        atlas.coefficient_limit(unit, etmiss_max=220.0)
    with pytest.raises(DarkflavError, match="signal region"):
        unit["SR7"]
