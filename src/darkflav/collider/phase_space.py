"""Hadronic 2 → 2 phase space in (p_T, y₃, y₄) and adaptive importance sampling with vegas.

    d³σ/(dp_T² dy₃ dy₄) = x₁f_a(x₁) x₂f_b(x₂) Σ̄|𝓜|² / (16π ŝ²)

(ESW, QCD and collider physics, eq. 7.9, valid for massive final states with x₁,₂ = (m_T3 e^{±y₃} + m_T4 e^{±y₄})/√s).
Beams: p₁ along +z with momentum fraction x₁, p₂ along −z; t̂₁ = (p₁ − p₃)², t̂₂ = (p₂ − p₃)².
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import vegas

from ..errors import MAX_POINTS, MAX_SEED, whole_number


@dataclass
class TwoToTwo:
    """Kinematics of n points (arrays of shape (n,)); `measure` = dp_T² dy₃ dy₄ / d³u × 1/(16π ŝ²)."""

    x1: np.ndarray
    x2: np.ndarray
    shat: np.ndarray
    t1: np.ndarray
    t2: np.ndarray
    pt: np.ndarray
    y3: np.ndarray
    y4: np.ndarray
    m3: np.ndarray
    m4: np.ndarray
    measure: np.ndarray

    @property
    def mt3(self):
        return np.sqrt(self.m3**2 + self.pt**2)

    @property
    def mt4(self):
        return np.sqrt(self.m4**2 + self.pt**2)


def two_to_two(u: np.ndarray, sqrt_s: float, m3, m4, pt_min: float, y3_max: float = np.inf,
               pt_max: float | None = None) -> TwoToTwo:
    """Map u ∈ [0,1)³ to (ln p_T, y₃, y₄) with p_T ∈ [pt_min, pt_max] (pt_max ≤ √s/2, default √s/2),
    |y₃| ≤ y3_max; points outside the hadronic phase space (x > 1) get measure 0."""
    m3, m4 = np.broadcast_to(m3, u.shape[:1]).astype(float), np.broadcast_to(m4, u.shape[:1]).astype(float)
    pt_top = sqrt_s / 2 if pt_max is None else min(float(pt_max), sqrt_s / 2)
    log_range = np.log(pt_top / pt_min)
    pt = pt_min * np.exp(log_range * u[:, 0])
    mt3, mt4 = np.sqrt(m3**2 + pt**2), np.sqrt(m4**2 + pt**2)
    y3_lim = np.minimum(y3_max, np.log(sqrt_s / mt3))
    y4_lim = np.log(sqrt_s / mt4)
    y3 = y3_lim * (2 * u[:, 1] - 1)
    y4 = y4_lim * (2 * u[:, 2] - 1)
    x1 = (mt3 * np.exp(y3) + mt4 * np.exp(y4)) / sqrt_s
    x2 = (mt3 * np.exp(-y3) + mt4 * np.exp(-y4)) / sqrt_s
    shat = x1 * x2 * sqrt_s**2
    t1 = m3**2 - x1 * sqrt_s * mt3 * np.exp(-y3)
    t2 = m3**2 - x2 * sqrt_s * mt3 * np.exp(y3)
    jac = 2 * pt**2 * log_range * (2 * y3_lim) * (2 * y4_lim)
    ok = (x1 < 1) & (x2 < 1) & (y3_lim > 0) & (y4_lim > 0)
    measure = np.where(ok, jac / (16 * np.pi * shat**2), 0.0)
    return TwoToTwo(x1, x2, shat, t1, t2, pt, y3, y4, m3, m4, measure)


@dataclass
class Sample:
    """Points u (n, dim) drawn from an adapted vegas map, with weights: Σ weight·f(u) estimates ∫f d^dim u."""

    u: np.ndarray
    weight: np.ndarray

    def estimate(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(integral, Monte Carlo 1σ error) of f given its values at the points, shape (n, ...) → (...)."""
        terms = self.weight.reshape((-1,) + (1,) * (values.ndim - 1)) * values
        n = len(self.weight)
        return terms.sum(axis=0), np.sqrt(n * (terms**2).sum(axis=0) - terms.sum(axis=0) ** 2) / np.sqrt(n - 1)


def train_map(integrand, dim: int, rng: np.random.Generator, n_adapt: int = 20_000, n_iterations: int = 6):
    """A vegas map on [0,1)^dim adapted to `integrand` (u (n, dim) → (n,), vectorised), random numbers from rng:
    map(y) gives points u for uniform y, map.jac(y) their density⁻¹."""
    integrator = vegas.Integrator(dim * [[0.0, 1.0]], ran_array_generator=rng.random)
    contiguous = vegas.lbatchintegrand(lambda u: np.ascontiguousarray(integrand(u), float))
    integrator(contiguous, nitn=n_iterations, neval=n_adapt)
    return integrator.map


def adapted_sample(integrand, dim: int, n_points: int, seed: int, n_adapt: int = 20_000,
                   n_iterations: int = 6) -> Sample:
    """Train a vegas map on `integrand` (u (n, dim) → (n,), vectorised), then draw n_points from it.

    Random numbers: numpy's PCG64 seeded with `seed` (training and the final sample)."""
    n_points = whole_number("n_points", n_points, 2, MAX_POINTS)
    rng = np.random.default_rng(whole_number("seed", seed, 0, MAX_SEED))
    vegas_map = train_map(integrand, dim, rng, n_adapt, n_iterations)
    y = rng.random((n_points, dim))
    return Sample(vegas_map(y), vegas_map.jac(y) / n_points)
