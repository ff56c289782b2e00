"""Bounds on the VLQ model (models/vlq.py) from the ATLAS monojet search, its contact limit and the benchmark.

Contact limit: `contact_theory` is the DarkEFT of the dimension-5 operators at the matching scale √(m_Q m_D)
(models/vlq.py chiral_coefficients with run=False: the LHC probes the coefficient at high scale, not the one run
down to 2 GeV that `match()` returns for low-energy observables). The gluon operator C_G (a top–Q_u loop in the UV,
absent from the tree-level UV signal) is left out unless `gluon=True`.

Limits: CLs over the exclusive regions EM0–EM12 (atlas_monojet.cls) of the signal of vlq/signal.py. The benchmark
(collider/vlq/data/benchmark.yaml) is the slides' benchmark direction (docs/uv-models.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.optimize import brentq

from ...data import package_data
from ...models.vlq import VectorLikeQuarks
from ...parameters import Parameters
from ..atlas_monojet import EXCLUSIVE, RegionCrossSections, analysis, cls, region_arrays
from ..monojet import monojet_cross_sections
from .signal import COUPLING_POWERS, PARTS, VLQSignal, vlq_region_cross_sections, vlq_signal_by_scaling


def contact_theory(model, params=None, gluon: bool = False):
    """The DarkEFT (real scalar) of the model's dimension-5 contact operators at μ = √(m_Q m_D)
    (`VectorLikeQuarks.dark_eft(run=False)`); C_G (given at 2 GeV, docs/conventions.md) only with gluon=True."""
    return model.dark_eft(params or Parameters.default(), run=False, gluon=gluon)


def benchmark_model(m_Q: float, y: float = 1.0, m_phi: float = 1.0, params=None):
    """The slides' benchmark direction (docs/uv-models.md): m_D = m_Q, y_q = y_d = y·(0, 1, 0.2) from
    collider/vlq/data/benchmark.yaml, y₁ = y₂ = 0."""
    direction = np.array(benchmark()["yukawa_direction"]["value"], float)
    return VectorLikeQuarks(m_Q, m_Q, m_phi, y * direction, y * direction, 0.0, 0.0)


@cache
def benchmark() -> dict:
    """collider/vlq/data/benchmark.yaml."""
    return package_data(__package__, "benchmark.yaml")


def yukawa_bound(m_Q: float, m_phi: float = 1.0, *, luminosity: float | None = None, expected: bool = False,
                 efficiency: float | None = None, y_max: float | None = None, **options) -> float:
    """95 % CL upper bound on y of `benchmark_model` at mass m_Q from the EM bins (CLs, atlas_monojet).

    With y₁ = y₂ = 0 every vertex is ∝ y and σ = σ_FF̄ + y²(σ_res + σ_int) + y⁴(σ_t + σ_φφ) (the resonant part in
    the narrow-width limit, Γ ∝ y²; σ_int the QCD × φ-exchange interference of the pairs, σ_φφ their φ exchange),
    from one computation at y = 1. Returns 0 where pair production alone is
    excluded and inf where y_max (default √(4π), perturbativity) is allowed. `luminosity` (fb⁻¹) projects with
    n = b scaled (expected)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    lumi = lumi0 if luminosity is None else float(luminosity)
    y_max = np.sqrt(4 * np.pi) if y_max is None else float(y_max)
    signal = vlq_region_cross_sections(benchmark_model(m_Q, 1.0, m_phi), **options)
    idx = slice(0, len(EXCLUSIVE))
    parts = {power: sum(getattr(signal, p).sigma[idx] for p in PARTS if COUPLING_POWERS[p] == power) * eff * lumi
             for power in set(COUPLING_POWERS.values())}
    n, b, sb = (a * lumi / lumi0 for a in region_arrays(EXCLUSIVE))
    n = b if (expected or lumi != lumi0) else n

    def excess(y):  # CLs(signal at y) − 0.05: negative where excluded
        s = sum(y**power * part for power, part in parts.items())
        return cls(1.0, s, n, b, sb) - 0.05

    if excess(0.0) < 0:
        return 0.0
    if excess(y_max) > 0:
        return np.inf
    return float(brentq(excess, 0.0, y_max, xtol=1e-4))


def model_exclusion(signal: RegionCrossSections, *, luminosity: float | None = None,
                    efficiency: float | None = None) -> float:
    """CLs of a signal (σ × A per region, fb) from the EM bins; < 0.05 is excluded at 95 % CL. `luminosity`
    (fb⁻¹) other than 139 projects with n = b (expected)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    lumi = lumi0 if luminosity is None else float(luminosity)
    n, b, sb = (a * lumi / lumi0 for a in region_arrays(EXCLUSIVE))
    return float(cls(1.0, signal.sigma[: len(EXCLUSIVE)] * eff * lumi, b if lumi != lumi0 else n, b, sb))


@dataclass(frozen=True)
class BenchmarkComparison:
    """The slides' benchmark (collider/vlq/data/benchmark.yaml): the full model with y₁ = y1_comparison (`uv`, by
    process) and its matched contact operators (`contact`), and the benchmark itself with y₁ = 0 (`point`)."""

    uv: VLQSignal
    contact: RegionCrossSections
    point: RegionCrossSections


def benchmark_comparison(n_points: int = 2000, seed: int = 1, params=None) -> BenchmarkComparison:
    """σ × A per region of the benchmark: the EFT-versus-UV comparison and the benchmark point (the report's
    numbers; n_points Monte Carlo points per process, and per E_T^miss region for the contact operators)."""
    params = params or Parameters.default()
    data = benchmark()
    m_q, m_phi, y = (data[k]["value"] for k in ("m_Q", "m_phi", "yukawa"))
    direction = y * np.array(data["yukawa_direction"]["value"], float)
    flip = VectorLikeQuarks(m_q, m_q, m_phi, direction, direction, data["y1_comparison"]["value"], 0.0)
    uv = vlq_region_cross_sections(flip, n_points=n_points, seed=seed)
    contact = monojet_cross_sections(contact_theory(flip, params), n_points=n_points, seed=seed)  # per region
    # the benchmark from the unit-coupling Monte Carlo scaled to y (that of yukawa_bound at m_q: computed once)
    point = vlq_signal_by_scaling(benchmark_model(m_q, y, m_phi), n_points=n_points, seed=seed).total
    return BenchmarkComparison(uv, contact, point)
