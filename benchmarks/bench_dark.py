"""Throughput for invisible pairs: 10⁶ random (mass, coefficient) points in one call.

B⁺ → K⁺ φφ (real scalar, CS and CP) and B⁰ → K*⁰ χχ̄ (Dirac fermion, all ten operators), with the
kernels evaluated on the fly (24-node quadrature per point in the end-point-smoothing variable).
Goal (issue 3): ≤ 2 s per million points on 2 cores. Run: python benchmarks/bench_dark.py
"""

from __future__ import annotations

import time

import numpy as np

import darkflav

N_POINTS = 1_000_000


def random_theory(species, operators, n, m_max, rng):
    coefficients = {f"{op}_sb": 1e-7 * (rng.normal(size=n) + 1j * rng.normal(size=n)) for op in operators}
    return darkflav.DarkEFT(species, rng.uniform(0, m_max, n), coefficients)


def main():
    rng = np.random.default_rng(1)
    params = darkflav.Parameters.default()
    cases = [
        ("BR(B+->K+ XX)", "real scalar", ("CS", "CP"), 2.4),
        ("BR(B0->K*0 XX)", "Dirac fermion",
         ("CSS", "CSP", "CPS", "CPP", "CVV", "CVA", "CAV", "CAA", "CTT", "CTT5"), 2.2),
    ]
    darkflav.predict(cases[0][0], random_theory(*cases[0][1:3], 10, 1.0, rng), params)  # warm up
    print(f"{'observable':18s} {'species':16s} {'points':>9s} {'time':>8s} {'points/s':>11s}")
    for name, species, operators, m_max in cases:
        theory = random_theory(species, operators, N_POINTS, m_max, rng)
        t0 = time.perf_counter()
        br = darkflav.predict(name, theory, params)
        elapsed = time.perf_counter() - t0
        assert br.shape == (N_POINTS,) and np.all(np.isfinite(br))
        print(f"{name:18s} {species:16s} {N_POINTS:9d} {elapsed:7.2f}s {N_POINTS / elapsed:11.3g}")


if __name__ == "__main__":
    main()
