"""Relic density for 10³ masses (one vectorised call) and the largest deviation from an independent
tight-tolerance solution (scipy Radau, rtol 1e-10, in ln Y) at 12 of them. Goals (issue 5): ≤ 5 s,
≤ 1 %. Run: python benchmarks/bench_relic.py"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import darkflav  # noqa: E402
from darkflav.darkmatter import relic_density  # noqa: E402
from test_relic import reference_omega  # noqa: E402

SIGMA_V = 2.2e-26  # cm³/s, the canonical s-wave value


def main():
    params = darkflav.Parameters.default()
    masses = np.geomspace(0.1, 1000.0, 1000)
    relic_density(masses[:2], SIGMA_V)  # load the g_eff table
    start = time.perf_counter()
    omega = relic_density(masses, SIGMA_V, g_dof=2)
    elapsed = time.perf_counter() - start
    check = np.arange(0, 1000, 91)
    reference = np.array([reference_omega(m, SIGMA_V, 2, params) for m in masses[check]])
    deviation = np.max(np.abs(omega[check] / reference - 1))
    print(f"Omega h^2 for {masses.size} masses (0.1 GeV – 1 TeV): {elapsed:.2f} s")
    print(f"largest deviation from the Radau reference at {check.size} masses: {deviation:.2e}")


if __name__ == "__main__":
    main()
