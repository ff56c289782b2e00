"""Throughput of darkflav vs flavio for BR(B+ → K+νν̄) and BR(B0 → K*0νν̄) at random complex points.

darkflav evaluates all N_POINTS at once (kernels computed once per parameter set, "cold" includes
that); flavio's `np_prediction` is timed on a subset of points and its time per point extrapolated.
Both codes run on the same points with darkflav set to flavio's inputs; the maximum relative
deviation over the subset is printed. Run: python benchmarks/bench_nunu.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import darkflav  # noqa: E402
from flavio_setup import B_SCALE, flavio_parameters, random_points, wcxf_dict  # noqa: E402

N_POINTS = 100_000
FLAVIO_POINTS = {"BR(B+->K+ nu nu)": 200, "BR(B0->K*0 nu nu)": 40}
FLAVIO_NAMES = {"BR(B+->K+ nu nu)": "BR(B+->Knunu)", "BR(B0->K*0 nu nu)": "BR(B0->K*nunu)"}


def darkflav_arrays(points):
    """C_L, C_R arrays (N, 3, 3) in darkflav normalisation for flavio-basis points at B_SCALE."""
    from darkflav.running import alpha_e

    p = darkflav.Parameters.default()
    factor = float(alpha_e(B_SCALE, p) / p["alpha_e"])
    # flavio's CL_bsnu{a}nu{b} multiplies ν̄_b … ν_a: darkflav index [b, a] = transpose
    cl = np.stack([pt["L"].reshape(3, 3).T for pt in points]) * factor
    cr = np.stack([pt["R"].reshape(3, 3).T for pt in points]) * factor
    return cl, cr


def main():
    import flavio
    import wilson

    params = flavio_parameters()
    points = random_points(N_POINTS, seed=2024)
    cl, cr = darkflav_arrays(points)
    theory = darkflav.NeutrinoWET(C_L=cl, C_R=cr)
    print(f"{'observable':22s} {'darkflav cold':>14s} {'warm':>10s} {'per point':>11s} "
          f"{'flavio/pt':>10s} {'ratio':>10s} {'max |dev|':>10s}")
    for name, n_flavio in FLAVIO_POINTS.items():
        fresh = params.replace({})  # new object: no cached kernels
        t0 = time.perf_counter()
        ours = darkflav.predict(name, theory, fresh)
        cold = time.perf_counter() - t0
        warm = min(_timed(lambda n=name, f=fresh: darkflav.predict(n, theory, f)) for _ in range(3))
        t0 = time.perf_counter()
        theirs = np.array([
            flavio.np_prediction(FLAVIO_NAMES[name],
                                 wilson.Wilson(wcxf_dict(pt, "sb"), scale=B_SCALE, eft="WET",
                                               basis="flavio"))
            for pt in points[:n_flavio]])
        per_flavio = (time.perf_counter() - t0) / n_flavio
        per_ours = cold / N_POINTS
        deviation = np.max(np.abs(ours[:n_flavio] / theirs - 1))
        print(f"{name:22s} {cold:12.4f} s {warm:8.4f} s {per_ours * 1e6:8.3f} µs "
              f"{per_flavio * 1e3:7.2f} ms {per_flavio / per_ours:10.3g} {deviation:10.2e}")
    print(f"darkflav: {N_POINTS} points in one call; flavio: time per point over "
          f"{list(FLAVIO_POINTS.values())} points, extrapolated. Ratio = flavio per point / darkflav "
          "per point (cold, kernels included).")


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
