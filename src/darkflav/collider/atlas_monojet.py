"""Recast of the ATLAS 13 TeV, 139 fb⁻¹ monojet search (arXiv:2102.10874): selection, signal regions, limits.

* Selection (2102.10874 Sec. 5, numbers in data/atlas_2102_10874.yaml) on parton-level final states: jets =
  partons with p_T > 30 GeV, |η| < 2.8 (at most 4); leading jet p_T > 150 GeV, |η| < 2.4; Δφ(jet, p_T^miss) > 0.4
  for every jet (0.6 for E_T^miss < 250 GeV); E_T^miss = |Σ p_T(invisible)| > 200 GeV. Lepton and photon vetoes
  pass trivially (no such partons). A flat detector efficiency ε (documented in the YAML) multiplies the yields.
* Likelihood: per region Poisson(n | μs + b + θσ_b) × Gaussian(θ), θ profiled in closed form; regions
  uncorrelated (the background correlations are not public outside the full likelihood).
* Limits: CLs with the asymptotic formulae of Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554
  (arXiv:1007.1727), test statistic q̃_μ (their eq. 16), CLs = p_μ/(1 − p_b) from their eqs. 65–66.
* Monte Carlo error of the signal in the limits: a second Gaussian nuisance per region, λ = μs + b + θσ_b + θ′μδs,
  with δs the signal's MC 1σ (events at μ = 1). Both enter λ linearly, so profiling both (min θ² + θ′² at fixed
  θσ_b + θ′μδs = d gives d²/(σ_b² + μ²δs²)) equals profiling one nuisance of width √(σ_b² + μ²δs²): the closed
  form below with σ_b → √(σ_b² + μ²δs²).
* Region cross sections to a requested precision (`stratified_region_cross_sections`): one stratum per exclusive
  E_T^miss bin EM0–EM12, each with its own vegas map trained on that bin's cross section and sampled until its
  relative MC error reaches the target; strata are independent, so σ(IMn) = Σ_{k ≥ n} σ(EMk) with the errors added
  in quadrature (every inclusive region at least as precise as its least precise bin). Stratified sampling:
  Press & Farrar, Computers in Physics 4 (1990) 190; Lepage, J. Comput. Phys. 27 (1978) 192 (vegas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import norm

from ..data import package_data
from ..errors import MAX_POINTS, MAX_SEED, DarkflavError, finite_array, in_range, unknown, whole_number
from .phase_space import Sample, adapted_sample, train_map
from .process import Process


@cache
def analysis() -> dict:
    """data/atlas_2102_10874.yaml: regions (E_T^miss edges, observed, background ± σ), selection, efficiency."""
    return package_data(__package__, "atlas_2102_10874.yaml")


EXCLUSIVE = tuple(f"EM{k}" for k in range(13))
INCLUSIVE = tuple(f"IM{k}" for k in range(13))
REGIONS = EXCLUSIVE + INCLUSIVE


def region_arrays(names) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(observed events, background, background uncertainty) of the named regions, arrays in their order."""
    regions = analysis()["regions"]
    for name in names:
        if name not in regions:
            raise unknown("ATLAS monojet signal region", name, REGIONS)
    return tuple(np.array([regions[n][key] for n in names], float)
                 for key in ("observed", "background", "background_uncertainty"))


# --- selection --------------------------------------------------------------------------------------
def _pt(p):
    return np.hypot(p[..., 1], p[..., 2])


def _eta(p):
    pt, pz = _pt(p), p[..., 3]
    return np.arcsinh(pz / np.where(pt > 0, pt, 1e-300))


def select(jets: np.ndarray, invisible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(passes, E_T^miss) for parton-level events: jets (n, k, 4), invisible particles (n, m, 4), as (E, p)."""
    cut = analysis()["selection"]
    met_vec = invisible[..., 1:3].sum(axis=1)
    met = np.hypot(met_vec[:, 0], met_vec[:, 1])
    pt, eta = _pt(jets), _eta(jets)
    good = (pt > cut["jet_pt_min"]) & (np.abs(eta) < cut["jet_eta_max"])
    lead = np.argmax(np.where(good, pt, -1.0), axis=1)
    lead_pt = np.take_along_axis(pt, lead[:, None], 1)[:, 0]
    lead_eta = np.take_along_axis(eta, lead[:, None], 1)[:, 0]
    dphi = np.abs(np.angle(np.exp(1j * (np.arctan2(jets[..., 2], jets[..., 1])
                                        - np.arctan2(met_vec[:, 1], met_vec[:, 0])[:, None]))))
    dphi_min = np.where(met < cut["low_etmiss_max"], cut["dphi_jet_met_min_low_etmiss"], cut["dphi_jet_met_min"])
    passes = ((met > cut["etmiss_min"]) & (lead_pt > cut["leading_jet_pt_min"])
              & (np.abs(lead_eta) < cut["leading_jet_eta_max"]) & (good.sum(axis=1) <= cut["max_jets"])
              & np.all(~good | (dphi > dphi_min[:, None]), axis=1))
    return passes, met


@dataclass
class RegionCrossSections:
    """Parton-level fiducial cross sections σ × A (fb, no detector efficiency) in the 26 signal regions.

    Optional parts (None when not computed): `pdf_sigma` (one row per set of `pdf_names`, central scale, the same
    phase-space points reweighted; rows add exactly over operators and processes), `pdf_error` (their MC 1σ),
    `sigma_unclipped` (σ with the grid's negative PDF values kept instead of set to zero)."""

    sigma: np.ndarray          # central scale, shape (26,)
    error: np.ndarray          # Monte Carlo 1σ
    scale_low: np.ndarray      # envelope of the 7-point scale variations
    scale_high: np.ndarray
    n_points: int
    seed: int
    pdf_names: tuple = ()
    pdf_sigma: np.ndarray | None = None
    pdf_error: np.ndarray | None = None
    sigma_unclipped: np.ndarray | None = None
    precision: float | None = None      # the requested relative MC error per exclusive region, if any
    points: np.ndarray | None = field(default=None, repr=False)   # final points per exclusive region (stratified)

    def __getitem__(self, region: str) -> float:
        if region not in REGIONS:
            raise unknown("ATLAS monojet signal region", region, REGIONS)
        return float(self.sigma[REGIONS.index(region)])

    @property
    def relative_error(self) -> np.ndarray:
        """MC error / σ per region (0 where σ = 0)."""
        return np.divide(self.error, self.sigma, out=np.zeros_like(self.sigma), where=self.sigma != 0)

    @property
    def pdf_low(self) -> np.ndarray | None:
        """Smallest σ over the PDF envelope's sets per region (None without an envelope)."""
        return None if self.pdf_sigma is None else np.minimum(self.sigma, self.pdf_sigma.min(axis=0))

    @property
    def pdf_high(self) -> np.ndarray | None:
        """Largest σ over the PDF envelope's sets per region (None without an envelope)."""
        return None if self.pdf_sigma is None else np.maximum(self.sigma, self.pdf_sigma.max(axis=0))

    @property
    def negative_fraction(self) -> np.ndarray | None:
        """(σ − σ_unclipped)/σ per region: the fraction of σ that the PDF's negative values would remove if they
        were kept (0 for a set that is non-negative where it is sampled; None if not computed)."""
        if self.sigma_unclipped is None:
            return None
        return np.divide(self.sigma - self.sigma_unclipped, self.sigma, out=np.zeros_like(self.sigma),
                         where=self.sigma != 0)

    def with_sigma(self, sigma) -> RegionCrossSections:
        """The same object with another central σ (for limits at the edges of the scale or PDF bands)."""
        return replace(self, sigma=np.asarray(sigma, float))

    def scaled(self, factor: float) -> RegionCrossSections:
        def times(a):
            return None if a is None else a * factor

        return replace(self, sigma=self.sigma * factor, error=self.error * factor,
                       scale_low=self.scale_low * factor, scale_high=self.scale_high * factor,
                       pdf_sigma=times(self.pdf_sigma), pdf_error=times(self.pdf_error),
                       sigma_unclipped=times(self.sigma_unclipped))

    def __add__(self, other: RegionCrossSections) -> RegionCrossSections:
        same_sets = self.pdf_names == other.pdf_names and self.pdf_sigma is not None and other.pdf_sigma is not None

        def both(a, b, combine):
            return None if a is None or b is None else combine(a, b)

        return RegionCrossSections(
            self.sigma + other.sigma, np.hypot(self.error, other.error), self.scale_low + other.scale_low,
            self.scale_high + other.scale_high, self.n_points + other.n_points, self.seed,
            self.pdf_names if same_sets else (), self.pdf_sigma + other.pdf_sigma if same_sets else None,
            np.hypot(self.pdf_error, other.pdf_error) if same_sets else None,
            both(self.sigma_unclipped, other.sigma_unclipped, np.add),
            self.precision if self.precision == other.precision else None,
            both(self.points, other.points, np.add))


def region_cross_sections(process: Process, n_points: int = 40_000, seed: int = 1,
                          n_adapt: int = 20_000) -> RegionCrossSections:
    """σ × A in EM0–EM12 and IM0–IM12 for a process (`process.Process`: dim, weights(u) → (n, 7) fb,
    final_state(u)), by vegas importance sampling trained on the selected cross section (one map for all regions:
    the high-E_T^miss regions get few points; `stratified_region_cross_sections` samples each bin to a precision)."""

    def selected(u):  # the map adapts to the central scale's selected cross section
        passes, _ = select(*process.final_state(u))
        return _central(process, u) * passes

    sample = adapted_sample(selected, process.dim, n_points, seed, n_adapt)
    passes, met = select(*process.final_state(sample.u))
    w = process.weights(sample.u) * passes[:, None]
    regions = analysis()["regions"]
    inside = np.stack([(met >= regions[r]["etmiss"][0]) & (met < regions[r]["etmiss"][1]) for r in REGIONS], axis=1)
    sigma, error = sample.estimate(inside[:, :, None] * w[:, None, :])
    return RegionCrossSections(sigma[:, 0], error[:, 0], sigma.min(axis=1), sigma.max(axis=1), n_points, seed)


@cache
def sampling_settings() -> dict:
    """data/monojet_sampling.yaml: default precision and the points of the stratified sampler."""
    return package_data(__package__, "monojet_sampling.yaml")


def _setting(name: str) -> float:
    return sampling_settings()[name]["value"]


def _central(process, u) -> np.ndarray:
    """dσ/du at the central scale: the process's `central_weights` if it has one (cheaper), else weights[:, 0]."""
    central = getattr(process, "central_weights", None)
    return central(u) if central is not None else process.weights(u)[:, 0]


def stratified_region_cross_sections(process: Process, *, precision: float | None = None,
                                     n_points: int | None = None, seed: int = 1, n_adapt: int | None = None,
                                     max_points: int | None = None,
                                     variations: dict[str, Callable] | None = None,
                                     unclipped: Callable | None = None) -> RegionCrossSections:
    """σ × A in the 26 regions with one vegas stratum per exclusive bin (module docstring).

    precision: relative MC 1σ to reach in every exclusive bin with a non-zero cross section (default:
    data/monojet_sampling.yaml, 1 %); each stratum trains its map, draws a pilot of n_points (default
    `first_batch`) whose variance sets the number of points n = safety × n_pilot × (error/target)² (at least
    n_points, at most max_points), then draws n fresh points, the only ones used (the estimate does not depend on
    a stopping rule). Only if that sample misses the target by more than `tolerance` are points added
    (up to max_rounds − 1 times). n_points without precision: a fixed n_points per stratum, no pilot. A process
    with `etmiss_window(lo, hi)` (at LO, E_T^miss is the jet p_T) is restricted to each bin's phase space; any
    other is sampled with its integrand set to zero outside the bin.
    variations: {name: process → process} evaluated on the same points at the central scale (PDF sets: rows of
    `pdf_sigma`); unclipped: process → the process with negative PDF values kept (`sigma_unclipped`).
    Random numbers: numpy's PCG64 seeded with (seed, bin index), independent per stratum."""
    seed = whole_number("seed", seed, 0, MAX_SEED)
    if precision is None and n_points is None:
        precision = _setting("precision")
    if precision is not None:
        precision = float(in_range("precision", precision, _setting("precision_min"), 0.5))
    first = whole_number("n_points", _setting("first_batch") if n_points is None else n_points, 100, MAX_POINTS)
    n_adapt = whole_number("n_adapt", _setting("n_adapt") if n_adapt is None else n_adapt, 100, MAX_POINTS)
    max_points = whole_number("max_points", _setting("max_points") if max_points is None else max_points, first,
                              MAX_POINTS)
    variations = dict(variations or {})
    regions = analysis()["regions"]
    n_var = len(variations)
    em = {key: [] for key in ("sigma", "error", "scales", "var", "var_error", "unclipped", "points")}
    windowed = hasattr(process, "etmiss_window")
    for k, name in enumerate(EXCLUSIVE):
        lo, hi = regions[name]["etmiss"]
        sub = process.etmiss_window(lo, hi) if windowed else process
        subs = [transform(sub) for transform in variations.values()]
        raw = unclipped(sub) if unclipped is not None else None

        def in_bin(u, sub=sub, lo=lo, hi=hi):
            passes, met = select(*sub.final_state(u))
            return passes & (met >= lo) & (met < hi)

        def integrand(u, sub=sub, in_bin=in_bin):
            return _central(sub, u) * in_bin(u)

        rng = np.random.default_rng([seed, k])
        pilot = integrand(rng.random((n_adapt, process.dim)))
        if not np.any(pilot != 0):   # no cross section in this bin (closed phase space, √ŝ truncation)
            zero = np.zeros(1)
            for key, value in (("sigma", 0.0), ("error", 0.0), ("scales", np.zeros(7)), ("var", np.zeros(n_var)),
                               ("var_error", np.zeros(n_var)), ("unclipped", zero[0]), ("points", 0)):
                em[key].append(value)
            continue
        vegas_map = train_map(integrand, process.dim, rng, n_adapt)

        def draw(n_new, sub=sub, subs=subs, raw=raw, in_bin=in_bin, vegas_map=vegas_map, rng=rng):
            """(density⁻¹, values) of n_new fresh points from the map: the 7 scales, variations, unclipped."""
            y = rng.random((n_new, process.dim))
            u = vegas_map(y)
            inside = in_bin(u)[:, None]
            columns = [sub.weights(u) * inside] + [_central(v, u)[:, None] * inside for v in subs]
            if raw is not None:
                columns.append(_central(raw, u)[:, None] * inside)
            return vegas_map.jac(y), np.concatenate(columns, axis=1)

        def estimate(parts):
            jac = np.concatenate([j for j, _ in parts])
            return Sample(None, jac / jac.size).estimate(np.concatenate([v for _, v in parts]))

        n_final = first
        if precision is not None:   # a pilot sets the number of points, then a fresh sample of that size: the
            pilot = draw(first)      # estimate does not depend on a stopping rule (which would bias it low)
            sigma, error = estimate([pilot])
            if sigma[0] != 0:
                n_final = int(np.clip(np.ceil(_setting("safety") * first * (error[0] / (precision * abs(sigma[0])))
                                              ** 2), first, max_points))
        parts = [draw(n_final)]
        sigma, error = estimate(parts)
        for _ in range(int(_setting("max_rounds")) - 1):   # rare: the pilot underestimated the variance
            n = sum(j.size for j, _ in parts)
            if precision is None or sigma[0] == 0 or error[0] <= _setting("tolerance") * precision * abs(sigma[0]) \
                    or n >= max_points:
                break
            wanted = int(np.ceil(_setting("safety") * n * (error[0] / (precision * abs(sigma[0]))) ** 2))
            parts.append(draw(min(max_points, wanted) - n))
            sigma, error = estimate(parts)
        n = sum(j.size for j, _ in parts)
        em["sigma"].append(sigma[0])
        em["error"].append(error[0])
        em["scales"].append(sigma[:7])
        em["var"].append(sigma[7:7 + n_var])
        em["var_error"].append(error[7:7 + n_var])
        em["unclipped"].append(sigma[-1] if raw is not None else 0.0)
        em["points"].append(n)
    sigma_em = np.array(em["sigma"])
    scales_em = np.array(em["scales"])                      # (13, 7)
    var_em = np.array(em["var"]).reshape(len(EXCLUSIVE), n_var)

    def with_inclusive(a, squares=False):
        """EM rows, then IMn = Σ_{k ≥ n} EMk (in quadrature for errors)."""
        a = np.asarray(a, float)
        if squares:
            return np.concatenate([a, np.sqrt(np.cumsum((a**2)[::-1], axis=0)[::-1])])
        return np.concatenate([a, np.cumsum(a[::-1], axis=0)[::-1]])

    scales = with_inclusive(scales_em)
    var = with_inclusive(var_em).T if n_var else None
    var_error = with_inclusive(np.array(em["var_error"]).reshape(len(EXCLUSIVE), n_var), squares=True).T \
        if n_var else None
    return RegionCrossSections(
        with_inclusive(sigma_em), with_inclusive(em["error"], squares=True), scales.min(axis=1), scales.max(axis=1),
        int(np.sum(em["points"])), seed, tuple(variations), var, var_error,
        with_inclusive(em["unclipped"]) if unclipped is not None else None, precision,
        with_inclusive(np.array(em["points"], float)))


# --- likelihood and CLs ---------------------------------------------------------------------------------
def _profiled_deviance(mu, s, n, b, sb, ds=None):
    """−2 ln L(μ, θ̂̂)/L_saturated summed over regions: Poisson deviance plus θ², θ profiled exactly
    (λ = μs + b + θσ_b solves λ² − (μs + b − σ_b²)λ − nσ_b² = 0). ds: the signal's MC 1σ in events at μ = 1,
    folded in as σ_b → √(σ_b² + μ²ds²) (module docstring)."""
    if ds is not None:
        sb = np.sqrt(sb**2 + (mu * ds) ** 2)
    m = mu * s + b
    lam = 0.5 * ((m - sb**2) + np.sqrt((m - sb**2) ** 2 + 4 * n * sb**2))
    theta = (lam - m) / sb
    return np.sum(2 * (lam - n + n * np.log(np.where(n > 0, n, 1) / lam)) + theta**2, axis=-1)


def signal_deviance(sigma_fb, regions=EXCLUSIVE) -> np.ndarray:
    """−2 ln L(s, θ̂̂)/L_saturated of the observed counts in `regions` for σ × A (fb; trailing axis: the regions,
    leading axes broadcast), the background nuisance profiled per region: the statistics of the CLs limits
    (`_profiled_deviance` at μ = 1, signal s = σ × A × ε × L)."""
    data = analysis()
    n, b, sb = region_arrays(regions)
    sigma = np.asarray(sigma_fb, float)
    if sigma.shape[-1:] != (len(regions),):
        raise DarkflavError(f"σ × A needs a trailing axis of the {len(regions)} regions, got shape {sigma.shape}")
    s = sigma * data["detector_efficiency"]["value"] * data["luminosity"]["value"]
    return _profiled_deviance(1.0, s, n, b, sb)


def _q_tilde(mu, s, n, b, sb, ds=None):
    """q̃_μ of 1007.1727 eq. 16 (μ̂ ≥ 0 bound, zero for μ̂ > μ) and μ̂."""
    lo = -0.999 * np.min(np.where(s > 0, (b - 3 * sb) / np.where(s > 0, s, 1), np.inf))
    lo = min(lo, 0.0)
    hi = max(10 * mu, 1.0) if np.isfinite(mu) else 1.0
    fit = minimize_scalar(lambda m: _profiled_deviance(m, s, n, b, sb, ds), bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-10 * max(abs(hi), 1.0)})
    mu_hat = fit.x
    if mu_hat > mu:
        return 0.0, mu_hat
    reference = _profiled_deviance(max(mu_hat, 0.0), s, n, b, sb, ds)
    return max(_profiled_deviance(mu, s, n, b, sb, ds) - reference, 0.0), mu_hat


def cls(mu, s, n, b, sb, ds=None) -> float:
    """CLs of signal strength μ (signal μ·s events) for observed n, backgrounds b ± sb (arrays over regions);
    ds: the signal's MC 1σ in events at μ = 1 (module docstring), None for none."""
    q, _ = _q_tilde(mu, s, n, b, sb, ds)
    q_a = max(_profiled_deviance(mu, s, b, b, sb, ds) - _profiled_deviance(0.0, s, b, b, sb, ds), 1e-300)
    if q <= q_a:
        p_mu, one_minus_pb = norm.sf(np.sqrt(q)), norm.cdf(np.sqrt(q_a) - np.sqrt(q))
    else:
        p_mu = norm.sf((q + q_a) / (2 * np.sqrt(q_a)))
        one_minus_pb = norm.sf((q - q_a) / (2 * np.sqrt(q_a)))
    return float(p_mu / one_minus_pb)


def upper_limit(s, n, b, sb, cl: float = 0.95, ds=None) -> float:
    """μ₉₅: the signal strength with CLs = 1 − cl for signal μ·s (events per region); ds: the signal's MC 1σ
    (events at μ = 1) folded into the likelihood, or None."""
    s, n, b, sb = (np.atleast_1d(np.asarray(a, float)) for a in (s, n, b, sb))
    ds = None if ds is None else np.atleast_1d(np.asarray(ds, float))
    if not np.any(s > 0):
        raise DarkflavError("the signal is zero in every signal region used; no limit")
    # μ in units of its 1σ scale (μ ≈ 1/scale gives about one standard deviation): CLs is invariant under
    # (μ, s, ds) → (μ c, s/c, ds/c), and the fits of q̃_μ then work at μ = O(1) whatever the size of s
    scale = np.sqrt(np.sum(s**2 / (b + sb**2)))
    s = s / scale
    ds = None if ds is None else ds / scale
    lo, hi = 1e-3, 1e-3
    while cls(hi, s, n, b, sb, ds) > 1 - cl:
        hi *= 3
    while cls(lo, s, n, b, sb, ds) < 1 - cl:
        lo /= 3
    return brentq(lambda m: cls(m, s, n, b, sb, ds) - (1 - cl), lo, hi, rtol=1e-6) / scale


def s95(region: str, expected: bool = False, luminosity_factor: float = 1.0) -> float:
    """Model-independent 95 % CL limit on signal events in one region (observed, or expected: n = b).

    `luminosity_factor` scales n, b and σ_b together (fixed relative systematics) for projections."""
    n, b, sb = (a * luminosity_factor for a in region_arrays([region]))
    return upper_limit(np.ones(1), b if expected else n, b, sb)


def visible_cross_section_limit(region: str, expected: bool = False) -> float:
    """⟨σ_vis⟩₉₅ = S95/L in fb (2102.10874's model-independent limits)."""
    return s95(region, expected) / analysis()["luminosity"]["value"]


def limit_regions(regions=EXCLUSIVE, luminosity: float | None = None, etmiss_max: float | None = None) -> list[str]:
    """The regions a limit uses (those ending at most at `etmiss_max`), after checking the options: a finite
    luminosity > 0 fb⁻¹ and a finite etmiss_max that keeps at least one region; else DarkflavError."""
    data = analysis()
    if luminosity is not None and not float(finite_array("luminosity", luminosity)) > 0:
        raise DarkflavError(f"luminosity = {luminosity:g} fb⁻¹ must be > 0")
    if etmiss_max is None:
        return list(regions)
    etmiss_max = float(finite_array("etmiss_max", etmiss_max))
    kept = [r for r in regions if data["regions"][r]["etmiss"][1] <= etmiss_max]
    if not kept:
        raise DarkflavError(f"no signal region lies below etmiss_max = {etmiss_max:g} GeV (the first ends at 250)")
    return kept


def coefficient_limit(unit: RegionCrossSections, regions=EXCLUSIVE, efficiency: float | None = None,
                      luminosity: float | None = None, expected: bool = False,
                      etmiss_max: float | None = None, mc_error: bool = True) -> float:
    """95 % CL bound on |C| from σ × A per unit |C|² (σ ∝ |C|²): multi-region CLs on μ = |C|².

    `luminosity` (fb⁻¹) other than 139 scales n, b, σ_b (projection; then expected). `etmiss_max` keeps only
    regions whose upper E_T^miss edge is at most that value (EFT validity). `mc_error`: the MC error of σ × A
    folded into the likelihood as a signal nuisance per region (module docstring)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    regions = limit_regions(regions, luminosity, etmiss_max)
    lumi = lumi0 if luminosity is None else float(luminosity)
    idx = [REGIONS.index(r) for r in regions]
    n, b, sb = (a * lumi / lumi0 for a in region_arrays(regions))
    s = unit.sigma[idx] * eff * lumi
    ds = unit.error[idx] * eff * lumi if mc_error else None
    return float(np.sqrt(upper_limit(s, b if (expected or lumi != lumi0) else n, b, sb, ds=ds)))


def best_region_limit(unit: RegionCrossSections, efficiency: float | None = None) -> tuple[float, str]:
    """(|C| bound, region): the inclusive region with the best expected sensitivity (largest σ/S95_exp),
    excluded where L ε σ > S95_obs — the model-independent-limit recast."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi = data["luminosity"]["value"]
    ratio = {r: unit[r] / s95(r, expected=True) for r in INCLUSIVE}
    best = max(ratio, key=ratio.get)
    return float(np.sqrt(s95(best) / (lumi * eff * unit[best]))), best
