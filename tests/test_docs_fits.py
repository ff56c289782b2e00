"""The numbers docs/fits.md quotes from the combined likelihood, recomputed with darkflav and compared with the printed
digits (tests/test_docs.py: its helpers `check`, `quoted`, `agrees`; a number is found by the words around it).

Each finding is recomputed from the measurements it rests on alone, which gives the same number as the whole
likelihood: the VLQ planes' flavour findings from the B → K measurements of `VLQ global` (fine in y instead of the
planes' 40 couplings), the side constraints and the overabundance on the planes' own grids, the Higgs portal at one
point, and the seeds' direction from `dark scalar global` on its 10 × 10 grid (its contact-operator monojet bins from
the Monte Carlo mass nodes: a few seconds the first time in a process). The VLQ monojet findings and the planes' best
points need the model's own Monte Carlo (minutes per mass): the page gives them as the output of the command that draws
the planes, not checked here. Alone, this file's time is mostly the first use of Belle II's published likelihood (its
fast-profile tables, built once per test session: ~20 s on a quiet machine); the checks themselves take ~12 s."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import chi2

from darkflav import DarkEFT, Parameters, predict
from darkflav.darkmatter import relic_scale
from darkflav.errors import DarkflavError
from darkflav.experiments import Likelihood, presets
from darkflav.experiments.measurements import get
from darkflav.experiments.model_fit import ModelFit, load_fit
from darkflav.models import VectorLikeQuarks
from darkflav.plots.global_plane import fit_plane, global_plane

from .test_docs import agrees, check, page_text, quoted

PAGE = "fits.md"
ROOT = Path(__file__).resolve().parents[1]
PLANES = ("plane_vlq_mass_coupling.yaml", "plane_vlq_scalar_mass.yaml")
P = Parameters.default()
CL95 = float(chi2.ppf(0.95, 1))  # a group's own 95 % CL boundary in the figure (plots.global_plane)
Y_LOW, Y_HIGH = 0.05, 3.5  # the planes' coupling range (examples/plane_vlq_*.yaml)
#: the B → K measurements of `VLQ global` (the Belle II likelihood and the seeds' B⁰ and K* results)
B_TO_K = [n for n in presets()["VLQ global"]["measurements"] if "->K" in get(n).observable]


def vlq(m_q, m_phi, y, kappa=0.0) -> VectorLikeQuarks:
    """The planes' model: m_D = m_Q, y_q = y_d = y(0, 1, 0.2) (arrays broadcast)."""
    y = np.asarray(y, float)
    direction = np.array([0.0, 1.0, 0.2]) * y[..., None]
    return VectorLikeQuarks(m_q, m_q, m_phi, direction, direction, kappa=kappa)


@cache
def flavour() -> Likelihood:
    return Likelihood(B_TO_K, dark_matter="at most")


def flavour_values(m_q: float, masses, couplings) -> np.ndarray:
    """−2 ln L of the B → K measurements on (m_φ, y) at one m_Q: one vectorised call."""
    masses, couplings = np.asarray(masses, float), np.asarray(couplings, float)
    theory = vlq(m_q, masses[:, None], couplings[None, :])
    return np.broadcast_to(flavour().minus_two_log_l(theory), (masses.size, couplings.size))


def flavour_at(m_q: float, m_phi: float, y: float) -> float:
    return float(flavour().minus_two_log_l(vlq(m_q, m_phi, y)))


def best_coupling(m_q: float, m_phi: float) -> tuple[float, float]:
    """(y, −2 ln L) at the B → K measurements' best fit along y at (m_Q, m_φ) (below 1.5 in y: the planes' ranges)."""
    best = minimize_scalar(lambda t: flavour_at(m_q, m_phi, 10**t), bounds=(np.log10(Y_LOW), np.log10(1.5)),
                           method="bounded", options={"xatol": 1e-5})
    return float(10**best.x), float(best.fun)


# --- the VLQ planes: flavour -----------------------------------------------------------------------------------------
def test_vlq_b_to_k_along_the_vlq_mass():
    """At m_φ = 1 GeV: the B → K measurements' best y at m_Q = 1.5 and 3 TeV, their gain over small y (the planes'
    smallest, 0.05), and the y above which they exclude at 95 % CL (Δ(−2 ln L) = 3.84 from their minimum)."""
    (y_low, best_low), (y_high, best_high) = best_coupling(1500.0, 1.0), best_coupling(3000.0, 1.0)
    check(PAGE, "best fitted along y ≈ {} at m_Q = 1.5 TeV to y ≈ {} at 3 TeV", y_low, y_high)
    check(PAGE, "−2 ln L {} below its value at small y for m_φ = 1 GeV",
          flavour_at(1500.0, 1.0, Y_LOW) - best_low)
    minimum = min(best_low, best_high)
    edges = [brentq(lambda y, m=m, b=b: flavour_at(m, 1.0, y) - minimum - CL95, b, Y_HIGH, xtol=1e-5)
             for m, b in ((1500.0, y_low), (3000.0, y_high))]
    check(PAGE, "and exclude y above ≈ {} to {} at 95 % CL", *edges)


@cache
def scalar_mass_plane() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The B → K measurements on (m_φ, y) at m_Q = 2 TeV, m_φ in steps of 0.05 GeV from the plane's lowest, 0.1 GeV,
    to its highest, 2.4 GeV, y fine (log steps of 1 %)."""
    masses, couplings = np.round(np.arange(0.1, 2.4001, 0.05), 10), np.geomspace(Y_LOW, Y_HIGH, 430)
    return masses, couplings, flavour_values(2000.0, masses, couplings)


def test_vlq_b_to_k_along_the_scalar_mass():
    """At m_Q = 2 TeV: the B → K gain over small y per m_φ (at 0.1 GeV, its largest and where, none from a mass
    on), and their 95 % CL region on the (m_φ, y) plane (Δ(−2 ln L) ≤ 3.84 from the plane's minimum): its extent in y
    and the mass it ends at."""
    masses, couplings, values = scalar_mass_plane()
    assert np.ptp(values[:, 0]) < 1e-3  # small y: close to the SM, whatever m_φ
    gain = values[:, 0] - values.min(axis=1)
    k = int(np.argmax(gain))  # the largest gain: the parabola through the grid's highest and its neighbours
    curvature = gain[k - 1] - 2 * gain[k] + gain[k + 1]
    shift = 0.5 * (gain[k - 1] - gain[k + 1]) / curvature
    peak, largest = masses[k] + 0.05 * shift, gain[k] - 0.25 * (gain[k - 1] - gain[k + 1]) * shift
    check(PAGE, "at m_Q = 2 TeV {} at m_φ = {} GeV up to {} near {} GeV", gain[0], masses[0], largest, peak)
    (none_from,) = quoted(PAGE, "none from {} GeV up)")
    start = float(none_from)
    assert np.all(gain[masses >= start - 1e-9] < 0.01), "a gain above the quoted mass"
    assert gain[np.isclose(masses, start - 0.05)][0] > 0.05, "the gain ends below the quoted mass"
    delta = values - values.min()
    inside = delta <= CL95
    rows = np.nonzero(inside.any(axis=1))[0]
    assert np.array_equal(rows, np.arange(rows.size)), "the 95 % CL region is not one band from the lowest mass"
    # its edges in y, by interpolation in ln y between the grid's couplings (Δ is smooth there)
    lows, highs = [], []
    for i in rows:
        j = np.nonzero(inside[i])[0]
        lows.append(_crossing(couplings, delta[i], j[0] - 1, j[0]))
        highs.append(_crossing(couplings, delta[i], j[-1], j[-1] + 1))
    last = rows[-1]  # the region ends between this mass and the next (interpolated in Δ's minimum over y)
    edge = np.interp(CL95, [delta[last].min(), delta[last + 1].min()], [masses[last], masses[last + 1]])
    check(PAGE, "their 95 % CL region is the band y ≈ {}–{} for m_φ ≲ {} GeV only", min(lows), max(highs), edge,
          rel=0.01)  # its upper edge, 0.785, is a rounding boundary of two digits


def _crossing(couplings, delta, a, b) -> float:
    """ln-y interpolation of where Δ crosses the 95 % CL level between grid points a and b."""
    return float(np.exp(np.interp(CL95, sorted([delta[a], delta[b]]),
                                  np.log(couplings[[a, b]] if delta[a] < delta[b] else couplings[[b, a]]))))


# --- the VLQ planes: the side constraints, the relic density, the best points, the Higgs portal ---------------------
@cache
def vlq_plane(file: str, measurements: tuple[str, ...]):
    """The plane of an example fit file (its own grid, model and dark-matter mode) with only some measurements."""
    definition = yaml.safe_load((ROOT / "examples" / file).read_text(encoding="utf-8"))
    return fit_plane(load_fit({**definition, "likelihood": list(measurements)}))


def test_vlq_planes_side_constraints_and_overabundance():
    """The side constraints (y₁ = y₂ = 0) vary by less than the quoted amount over both planes; the relic term is
    nowhere below the quoted value (0 at Ω h² = 0.12), its least on either plane at the largest y."""
    side = ("HFLAV B->Xsgamma", "ATLAS 2022 kappa_g", "ATLAS 2022 kappa_gamma")
    (bound,) = quoted(PAGE, "their −2 ln L varies by less than {} over both planes")
    for file in PLANES:
        values = vlq_plane(file, side).total
        assert float(values.max() - values.min()) < float(bound), file
    relic = [vlq_plane(file, ("Planck 2018 relic density",)) for file in PLANES]
    assert all(plane.best[1] == pytest.approx(Y_HIGH) for plane in relic)
    check(PAGE, "the relic term alone is at least {} on them", min(float(plane.total.min()) for plane in relic))


def test_vlq_best_points_as_quoted():
    """The planes' best points are the command's output (they weigh in the monojet bins); at the quoted ones: each a
    point of its plane's grid, on (m_Q, y) the relic and B → K terms' excess over their least on the plane, on
    (m_φ, y) B → Kφφ closed (the B → K term the same at every y)."""
    m_q, y, relic_excess, flavour_excess = quoted(
        PAGE, "at m_Q = {} TeV, y = {}, where the relic term's fall with y meets the rise of the B → K term (the relic "
              "term {} above its least on the plane, the B → K term {} above its own)")
    relic, b_to_k = (vlq_plane(PLANES[0], names) for names in (("Planck 2018 relic density",), tuple(B_TO_K)))
    i, j = int(np.argmin(np.abs(relic.x - 1e3 * float(m_q)))), int(np.argmin(np.abs(np.log(relic.y / float(y)))))
    assert agrees(m_q, relic.x[i] / 1e3) and agrees(y, relic.y[j])
    assert agrees(relic_excess, float(relic.total[i, j] - relic.total.min()))
    assert agrees(flavour_excess, float(b_to_k.total[i, j] - b_to_k.total.min()))
    m_phi, y = quoted(PAGE, "on (m_φ, y) at m_φ = {} GeV, y = {}, the largest y, where B → Kφφ is closed")
    plane = vlq_plane(PLANES[1], tuple(B_TO_K))
    i, j = int(np.argmin(np.abs(plane.x - float(m_phi)))), int(np.argmin(np.abs(np.log(plane.y / float(y)))))
    assert agrees(m_phi, plane.x[i]) and agrees(y, plane.y[j])
    assert 2 * plane.x[i] > P["m_B+"] - P["m_K+"] and 2 * plane.x[i] > P["m_B0"] - P["m_K0"]
    assert np.ptp(plane.total[i]) == 0.0  # no φφ pair in B → K: the same at every y


def test_vlq_higgs_portal():
    """At m_Q = 2 TeV, m_φ = 1 GeV: the best y of `VLQ global` without its monojet bins; there the κ giving
    Ω h² = 0.120, the largest κ with B(h → φφ) within ATLAS's 95 % CL limit (0.107), and Ω h² at that κ."""
    without = Likelihood([n for n in presets()["VLQ global"]["measurements"] if get(n).kind != "lhc_bins"],
                         dark_matter="at most")
    y = 10 ** minimize_scalar(lambda t: float(without.minus_two_log_l(vlq(2000.0, 1.0, 10**t))),
                              bounds=(0.0, np.log10(Y_HIGH)), method="bounded", options={"xatol": 1e-5}).x
    point = dict(m_q=2000.0, m_phi=1.0, y=float(y))
    needed = 10 ** brentq(lambda t: np.log(float(predict("Omega h^2", vlq(**point, kappa=10**t)))
                                           / float(P["Omega_DM_h2"])), -1, 3, xtol=1e-6)
    limit = get("ATLAS 2023 h->invisible").numbers["limit"]
    allowed = brentq(lambda k: float(predict("BR(h->phi phi)", vlq(**point, kappa=k))) - limit, 1e-4, 1.0,
                     xtol=1e-9)
    omega = float(predict("Omega h^2", vlq(**point, kappa=allowed)))
    check(PAGE, "m_φ = 1 GeV and y = {} (the best fit along y there of all but the monojet bins) the relic density "
                "needs κ = {}, while the invisible Higgs width allows κ ≤ {} (where Ω h² = {})",
          y, needed, allowed, omega)


# --- the seeds' direction in the real-scalar plane -----------------------------------------------------------------
SEEDS = DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8, "CS_ss": 1e-4})


def seeds_scaled(masses, factor=1.0) -> DarkEFT:
    return DarkEFT("real scalar", masses, {k: v * factor for k, v in SEEDS.named_coefficients().items()})


def test_seeds_direction_relic_factor_is_excluded():
    """The factor on the seeds' direction the relic density needs at 0.6, 2.4 (rising in between) and 0.4 GeV
    (falling from 0.3 to 0.5 GeV), none at 0.2 GeV and below; direct detection and the CMB each excluding it
    (−2 ln L > 3.84) from 0.6 to 2.4 GeV."""
    masses = np.round(np.arange(0.6, 2.4001, 0.1), 10)
    factor = relic_scale(seeds_scaled(masses))
    below = relic_scale(seeds_scaled(np.array([0.3, 0.4, 0.5])))
    assert np.all(np.diff(factor) > 0) and np.all(np.diff(below) < 0) and below[-1] > factor[0]
    check(PAGE, "the factor the relic density needs ({} at m_φ = 0.6 GeV rising to {} at 2.4 GeV; {} at 0.4 GeV",
          factor[0], factor[-1], below[1])
    for mass in (0.05, 0.2):
        with pytest.raises(DarkflavError, match="no coupling of this form"):
            relic_scale(seeds_scaled(mass))
    scaled = seeds_scaled(masses, factor)
    global_names = presets()["dark scalar global"]["measurements"]
    for names in ([n for n in global_names if get(n).kind == "dd_limit"], ["Planck 2018 CMB p_ann"]):
        values = Likelihood(names).minus_two_log_l(scaled)
        assert np.all(values > CL95), (names, values)


def test_seeds_direction_best_point():
    """`darkflav plot global-plane --dark direction.yaml --points 10` (its default ranges, m_φ 0.05–2.4 GeV and the
    factor 0.01–100, against `dark scalar global`): the best point, the factor the relic density needs there, the
    total −2 ln L and the groups' shares, the same in either dark-matter mode."""
    masses, scales = np.linspace(0.05, 2.4, 10), np.geomspace(0.01, 100.0, 10)
    for mode in ("all", "at most"):
        plane = global_plane(SEEDS, masses, scales, dark_matter=mode)
        i, j = np.unravel_index(np.argmin(plane.total), plane.total.shape)
        share = {g: float(v[i, j]) for g, v in plane.groups.items()}
        m, factor = plane.best
        needed = float(relic_scale(seeds_scaled(m)))
        check(PAGE, "finds the best point at m_φ = {} GeV and factor {}, below the {} the relic density needs there, "
                    "with −2 ln L = {}, of which direct detection {}, the relic density {} and the CMB {}.",
              m, factor, needed, float(plane.total.min()), share["direct detection"], share["relic density"],
              share["CMB"])


def test_the_page_names_what_gives_its_unchecked_numbers():
    """The timings are measurements of `python benchmarks/bench_global.py` and the VLQ monojet findings and best
    points are the output of `darkflav plot global-plane --fit FILE` on the example planes' grids: the page says so,
    and the grids and the benchmark's sample are what it says."""
    text = " ".join(page_text(PAGE).split())
    assert "`python benchmarks/bench_global.py` measures: 10⁴ random real scalars (m_φ in 0.05–2.4 GeV" in text
    bench = (ROOT / "benchmarks" / "bench_global.py").read_text(encoding="utf-8")
    assert "N_POINTS, N_LOOP = 10_000," in bench and "rng.uniform(0.05, 2.4, n)" in bench
    assert "The monojet findings are the output of `darkflav plot global-plane --fit FILE` on the files' grids" in text
    masses, couplings = quoted(PAGE, "on the files' grids ({} masses × {} couplings")
    for file in PLANES:
        fit = ModelFit(load_fit(ROOT / "examples" / file))
        assert [fit.grid(n).size for n in fit.names] == [int(masses), int(couplings)], file
    assert {1800.0, 2100.0} <= set(ModelFit(load_fit(ROOT / "examples" / PLANES[0])).grid("m_Q").tolist())
