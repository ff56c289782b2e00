"""The fast profile of a published likelihood (published_likelihood.py, whose docstring gives the model): the
linearised −2 ln L from one family member, minimised over the nuisance parameters by damped Newton steps in the 49
coordinates z of θ − θ̂_j = H_j⁻¹Bᵀz, for many points at once.

In z, with y = G z and G = B H_j⁻¹ Bᵀ: the counts are ν_j(w) + L_w y (L_w y = y_b + w·y_s on the signal bins), the
gradient is G times the residual and the Hessian G(1 + M G), M = L_wᵀ D L_w − L_jᵀ D_j L_j (D = diag 2n/ν²).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

#: at most NEWTON_STEPS damped Newton steps, stopped when one gains < NEWTON_TOLERANCE or after a full step whose
#: Newton decrement λ² was < DECREMENT_TOLERANCE (the next gain would be ~λ⁴: Poisson terms are self-concordant,
#: Nesterov & Nemirovskii 1994; Boyd & Vandenberghe §9.6; on a 100 × 100 mass × coupling grid the largest
#: change of −2 ln L is 6e-6 against a tolerance of 1e-2, with 30 % fewer solves); CHUNK points at a time
NEWTON_STEPS, NEWTON_TOLERANCE, DECREMENT_TOLERANCE, CHUNK = 30, 1e-8, 0.1, 200


def poisson(nu: float | NDArray[Any], n: float | NDArray[Any]) -> NDArray[np.float64]:
    """Σ_bins 2(ν − n ln ν) (−2 ln of the Poisson terms up to a constant), over the last axis."""
    return np.sum(2 * (nu - np.where(n > 0, n * np.log(nu), 0.0)), axis=-1)


def linearised_profile(t: dict[str, Any], j: int, nu: NDArray[Any], w: NDArray[Any]) -> NDArray[np.float64]:
    """−2 ln L of the linearised profile from family member j of the tables t (`PublishedLikelihood._tables`) for
    points with counts ν_j(w) and weights w (points, factors): damped Newton steps in the coordinates z of
    θ − θ̂_j = H_j⁻¹Bᵀz, in chunks of CHUNK points (their Newton matrices stay in the processor's cache)."""
    return np.concatenate([_newton_chunk(t, j, nu[k:k + CHUNK], w[k:k + CHUNK]) for k in range(0, len(nu), CHUNK)])


def _newton_chunk(t: dict, j: int, nu, w) -> np.ndarray:
    n, bins = t["observed"], t["bin_of"]
    g = t["G"][j]
    n_bins, size = n.size, g.shape[0]
    mu = t["family"][j]
    own = t["background"][j] + mu * t["signal"][j]
    d_own = 2 * n / own**2  # the Poisson curvature at the member, taken out of H_j

    g_b, g_s = g[:n_bins], g[n_bins:size - 1]  # rows of G: background, signal and constraint parts
    own_g = g_b.copy()
    own_g[bins] += mu * g_s  # L_j G
    own_rows, own_signal_rows = d_own[:, None] * own_g, (mu * d_own[bins])[:, None] * own_g[bins]
    g_signal_bins = g_b[bins]
    diagonal = np.arange(size)

    def counts_of(y, weights):  # ν_j(w) + J δ = ν_j(w) + L_w y, y = G z
        out = y[:, :n_bins].copy()
        out[:, bins] += weights * y[:, n_bins:size - 1]
        return out

    def objective(z, y, rows):
        counts = nu[rows] + counts_of(y, w[rows])
        at_member = y[:, :n_bins].copy()
        at_member[:, bins] += mu * y[:, n_bins:size - 1]
        ok = np.all(counts > 0, axis=-1)
        safe = np.where(counts > 0, counts, 1.0)
        value = (poisson(safe, n) + y[:, -1] + 0.5 * np.sum(z * y, axis=-1)
                 - 0.5 * np.sum(d_own * at_member**2, axis=-1))
        return np.where(ok, value, np.inf), safe, at_member

    z = np.zeros((len(nu), size))
    value, counts, at_member = objective(z, z, slice(None))
    active = np.ones(len(nu), bool)
    for _ in range(NEWTON_STEPS):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        za, wa, ca = z[rows], w[rows], counts[rows]
        u, d = 2 * (1 - n / ca), 2 * n / ca**2
        pull = d_own * at_member[rows]
        # gradient / G: L_wᵀu + e_c + z − L_jᵀD_jL_j y
        residual = za.copy()
        residual[:, :n_bins] += u - pull
        residual[:, n_bins:size - 1] += wa * u[:, bins] - mu * pull[:, bins]
        residual[:, -1] += 1.0
        # Hessian / G: 1 + M G, M = L_wᵀ D L_w − L_jᵀ D_j L_j, with L_w G = G_b + w G_s (signal bins, each its own)
        matrix = np.empty((rows.size, size, size))
        signal_rows = d[:, bins, None] * (g_signal_bins + wa[..., None] * g_s)
        np.multiply(d[..., None], g_b, out=matrix[:, :n_bins])
        matrix[:, :n_bins] -= own_rows
        matrix[:, bins] = signal_rows - own_rows[bins]
        np.multiply(wa[..., None], signal_rows, out=matrix[:, n_bins:size - 1])
        matrix[:, n_bins:size - 1] -= own_signal_rows
        matrix[:, -1] = 0.0
        matrix[:, diagonal, diagonal] += 1.0
        step = -np.linalg.solve(matrix, residual[..., None])[..., 0]
        decrement = -np.sum((residual @ g) * step, axis=-1)  # λ² = −∇Fᵀ·step, ∇F = G·residual
        best = (value[rows].copy(), za.copy(), ca.copy(), at_member[rows].copy())
        trying = np.arange(rows.size)  # shorter steps only where the longer ones did not lower F
        for alpha in (1.0, 0.5, 0.25, 0.125):
            trial = za[trying] + alpha * step[trying]
            trial_value, trial_counts, trial_member = objective(trial, trial @ g, rows[trying])
            better = trial_value < best[0][trying]
            for kept, new in zip(best, (trial_value, trial, trial_counts, trial_member), strict=True):
                kept[trying[better]] = new[better]
            if alpha == 1.0:
                converged = better & (decrement < DECREMENT_TOLERANCE)
            trying = trying[~better]
            if trying.size == 0:
                break
        active[rows] = (value[rows] - best[0] > NEWTON_TOLERANCE) & ~converged
        value[rows], z[rows], counts[rows], at_member[rows] = best
    return value + t["constant"][j]
