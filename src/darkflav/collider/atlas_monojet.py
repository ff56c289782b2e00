"""Recast of the ATLAS 13 TeV, 139 fb⁻¹ monojet search (arXiv:2102.10874): selection, signal regions, limits.

* Selection (2102.10874 Sec. 5, numbers in data/atlas_2102_10874.yaml) on parton-level final states: jets =
  partons with p_T > 30 GeV, |η| < 2.8 (at most 4); leading jet p_T > 150 GeV, |η| < 2.4; Δφ(jet, p_T^miss) > 0.4
  for every jet (0.6 for E_T^miss < 250 GeV); E_T^miss = |Σ p_T(invisible)| > 200 GeV. Lepton and photon vetoes
  pass trivially (no such partons). A flat detector efficiency ε (documented in the YAML) multiplies the yields.
* Likelihood: per region Poisson(n | μs + b + θσ_b) × Gaussian(θ), θ profiled in closed form; regions
  uncorrelated (the background correlations are not public outside the full likelihood).
* Limits: CLs with the asymptotic formulae of Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554
  (arXiv:1007.1727), test statistic q̃_μ (their eq. 16), CLs = p_μ/(1 − p_b) from their eqs. 65–66.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import norm

from ..data import package_data
from ..errors import DarkflavError, finite_array, unknown
from .phase_space import adapted_sample
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
    """Parton-level fiducial cross sections σ × A (fb, no detector efficiency) in the 26 signal regions."""

    sigma: np.ndarray          # central scale, shape (26,)
    error: np.ndarray          # Monte Carlo 1σ
    scale_low: np.ndarray      # envelope of the 7-point scale variations
    scale_high: np.ndarray
    n_points: int
    seed: int

    def __getitem__(self, region: str) -> float:
        if region not in REGIONS:
            raise unknown("ATLAS monojet signal region", region, REGIONS)
        return float(self.sigma[REGIONS.index(region)])

    def scaled(self, factor: float) -> RegionCrossSections:
        return RegionCrossSections(self.sigma * factor, self.error * factor, self.scale_low * factor,
                                   self.scale_high * factor, self.n_points, self.seed)

    def __add__(self, other: RegionCrossSections) -> RegionCrossSections:
        return RegionCrossSections(self.sigma + other.sigma, np.hypot(self.error, other.error),
                                   self.scale_low + other.scale_low, self.scale_high + other.scale_high,
                                   self.n_points + other.n_points, self.seed)


def region_cross_sections(process: Process, n_points: int = 40_000, seed: int = 1,
                          n_adapt: int = 20_000) -> RegionCrossSections:
    """σ × A in EM0–EM12 and IM0–IM12 for a process (`process.Process`: dim, weights(u) → (n, 7) fb,
    final_state(u)), by vegas importance sampling trained on the selected cross section."""

    def selected(u):
        passes, _ = select(*process.final_state(u))
        return process.weights(u)[:, 0] * passes

    sample = adapted_sample(selected, process.dim, n_points, seed, n_adapt)
    passes, met = select(*process.final_state(sample.u))
    w = process.weights(sample.u) * passes[:, None]
    regions = analysis()["regions"]
    inside = np.stack([(met >= regions[r]["etmiss"][0]) & (met < regions[r]["etmiss"][1]) for r in REGIONS], axis=1)
    sigma, error = sample.estimate(inside[:, :, None] * w[:, None, :])
    return RegionCrossSections(sigma[:, 0], error[:, 0], sigma.min(axis=1), sigma.max(axis=1), n_points, seed)


# --- likelihood and CLs ---------------------------------------------------------------------------------
def _profiled_deviance(mu, s, n, b, sb):
    """−2 ln L(μ, θ̂̂)/L_saturated summed over regions: Poisson deviance plus θ², θ profiled exactly
    (λ = μs + b + θσ_b solves λ² − (μs + b − σ_b²)λ − nσ_b² = 0)."""
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


def _q_tilde(mu, s, n, b, sb):
    """q̃_μ of 1007.1727 eq. 16 (μ̂ ≥ 0 bound, zero for μ̂ > μ) and μ̂."""
    lo = -0.999 * np.min(np.where(s > 0, (b - 3 * sb) / np.where(s > 0, s, 1), np.inf))
    lo = min(lo, 0.0)
    hi = max(10 * mu, 1.0) if np.isfinite(mu) else 1.0
    fit = minimize_scalar(lambda m: _profiled_deviance(m, s, n, b, sb), bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-10 * max(abs(hi), 1.0)})
    mu_hat = fit.x
    if mu_hat > mu:
        return 0.0, mu_hat
    reference = _profiled_deviance(max(mu_hat, 0.0), s, n, b, sb)
    return max(_profiled_deviance(mu, s, n, b, sb) - reference, 0.0), mu_hat


def cls(mu, s, n, b, sb) -> float:
    """CLs of signal strength μ (signal μ·s events) for observed n, backgrounds b ± sb (arrays over regions)."""
    q, _ = _q_tilde(mu, s, n, b, sb)
    q_a = max(_profiled_deviance(mu, s, b, b, sb) - _profiled_deviance(0.0, s, b, b, sb), 1e-300)
    if q <= q_a:
        p_mu, one_minus_pb = norm.sf(np.sqrt(q)), norm.cdf(np.sqrt(q_a) - np.sqrt(q))
    else:
        p_mu = norm.sf((q + q_a) / (2 * np.sqrt(q_a)))
        one_minus_pb = norm.sf((q - q_a) / (2 * np.sqrt(q_a)))
    return float(p_mu / one_minus_pb)


def upper_limit(s, n, b, sb, cl: float = 0.95) -> float:
    """μ₉₅: the signal strength with CLs = 1 − cl for signal μ·s (events per region)."""
    s, n, b, sb = (np.atleast_1d(np.asarray(a, float)) for a in (s, n, b, sb))
    if not np.any(s > 0):
        raise DarkflavError("the signal is zero in every signal region used; no limit")
    scale = np.sqrt(np.sum(s**2 / (b + sb**2)))  # μ ≈ 1/scale gives about one standard deviation
    lo, hi = 1e-3 / scale, 1e-3 / scale
    while cls(hi, s, n, b, sb) > 1 - cl:
        hi *= 3
    while cls(lo, s, n, b, sb) < 1 - cl:
        lo /= 3
    return brentq(lambda m: cls(m, s, n, b, sb) - (1 - cl), lo, hi, rtol=1e-6)


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
                      etmiss_max: float | None = None) -> float:
    """95 % CL bound on |C| from σ × A per unit |C|² (σ ∝ |C|²): multi-region CLs on μ = |C|².

    `luminosity` (fb⁻¹) other than 139 scales n, b, σ_b (projection; then expected). `etmiss_max` keeps only
    regions whose upper E_T^miss edge is at most that value (EFT validity)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    regions = limit_regions(regions, luminosity, etmiss_max)
    lumi = lumi0 if luminosity is None else float(luminosity)
    idx = [REGIONS.index(r) for r in regions]
    n, b, sb = (a * lumi / lumi0 for a in region_arrays(regions))
    s = unit.sigma[idx] * eff * lumi
    return float(np.sqrt(upper_limit(s, b if (expected or lumi != lumi0) else n, b, sb)))


def best_region_limit(unit: RegionCrossSections, efficiency: float | None = None) -> tuple[float, str]:
    """(|C| bound, region): the inclusive region with the best expected sensitivity (largest σ/S95_exp),
    excluded where L ε σ > S95_obs — the model-independent-limit recast."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi = data["luminosity"]["value"]
    ratio = {r: unit[r] / s95(r, expected=True) for r in INCLUSIVE}
    best = max(ratio, key=ratio.get)
    return float(np.sqrt(s95(best) / (lumi * eff * unit[best]))), best
