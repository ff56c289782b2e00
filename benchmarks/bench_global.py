"""The combined likelihood of the "dark scalar global" preset (B → K(*) with Belle II's published likelihood, K → π,
relic density, CMB, direct detection, the ATLAS monojet bins) for 10⁴ random real scalars in one vectorised call,
side by side with the same likelihood evaluated point by point (the reference: how a fit without vectorisation
calls it). Goal (issue 15): ≤ 10 s for 10⁴ points. The first call builds what is cached per process (the thermal
average tables, the monojet Monte Carlo at the mass nodes, Belle II's tables) and is timed separately.
Run: python benchmarks/bench_global.py"""

from __future__ import annotations

import time

import numpy as np

from darkflav import DarkEFT
from darkflav.experiments import Likelihood

N_POINTS, N_LOOP = 10_000, 30


def random_scalars(n: int, seed: int = 1) -> DarkEFT:
    """m_φ in the B → K window (0.05 – 2.4 GeV), C^{S,sb} and C^{S,ss} log-uniform (GeV⁻¹)."""
    rng = np.random.default_rng(seed)
    return DarkEFT("real scalar", rng.uniform(0.05, 2.4, n), {"CS_sb": 10 ** rng.uniform(-10, -7, n),
                                                              "CS_ss": 10 ** rng.uniform(-6, -3, n)})


def main():
    likelihood = Likelihood("dark scalar global", dark_matter="at most")
    start = time.perf_counter()
    likelihood.minus_two_log_l(random_scalars(100, seed=2))
    first = time.perf_counter() - start
    theories = random_scalars(N_POINTS)
    start = time.perf_counter()
    values = likelihood.minus_two_log_l(theories)
    vectorised = time.perf_counter() - start
    loop_points = random_scalars(N_LOOP, seed=3)
    start = time.perf_counter()
    for k in range(N_LOOP):
        likelihood.minus_two_log_l(DarkEFT("real scalar", float(loop_points.mass[k]),
                                           {n: float(c[k].real) for n, c in loop_points.named_coefficients().items()}))
    per_point = (time.perf_counter() - start) / N_LOOP
    print(f"{len(likelihood.measurements)} measurements; first call (100 points, caches built): {first:.1f} s")
    print(f"{N_POINTS} points in one call: {vectorised:.2f} s ({vectorised / N_POINTS * 1e3:.2f} ms per point); "
          f"all finite: {bool(np.all(np.isfinite(values)))}")
    print(f"point by point ({N_LOOP} points): {per_point * 1e3:.0f} ms per point, "
          f"{per_point * N_POINTS:.0f} s for {N_POINTS}; ratio {per_point * N_POINTS / vectorised:.0f}")


if __name__ == "__main__":
    main()
