"""p_ann for 10⁴ real-scalar points (one vectorised call, deposit tables built once per parameter set) against the
reference cost of one thermally averaged ⟨σv⟩ at x = 20 for the same points (annihilation.sigma_v); and
relic_scale for 12 masses (⟨σv⟩ evaluated once per x grid). Run: python benchmarks/bench_cmb.py"""

from __future__ import annotations

import time

import numpy as np

import darkflav
from darkflav.darkmatter import cmb, relic_scale
from darkflav.darkmatter.annihilation import sigma_v


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    params = darkflav.Parameters.default()
    tables = timed(lambda: cmb._tables(params))
    theory = darkflav.DarkEFT("real scalar", np.geomspace(0.05, 2.0, 10_000),
                              {"CS_uu": 1e-4, "CS_dd": 2e-5, "CS_ss": 1e-4})
    injection = timed(lambda: cmb.p_ann(theory, params))
    reference = timed(lambda: sigma_v(theory, np.array([20.0]), params))
    print(f"deposit tables (once per parameter set): {tables:.3f} s")
    print(f"p_ann, 10^4 points: {injection:.3f} s = {injection / reference:.2f} x one <sigma v>(x = 20)")
    light = darkflav.DarkEFT("real scalar", np.linspace(0.09, 0.2, 12), {"CS_uu": 1e-3, "CS_dd": 1e-3})
    print(f"relic_scale, 12 masses: {timed(lambda: relic_scale(light, params=params)):.2f} s")


if __name__ == "__main__":
    main()
