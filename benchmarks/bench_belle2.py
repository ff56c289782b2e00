"""The published Belle II B⁺→K⁺νν̄ likelihood: speed of its two profiles and the agreement of the fast one with the
full pyhf fit (experiments/published_likelihood.py).

1. Agreement: for SM-shaped signals, pairs of every species (one operator each, several masses) and two-body
   bosons (scalar, vector, with and without width), on couplings that span −2Δln L from below 0 to ~20, the worst
   |fast − full| where the full −2Δln L < 12.
2. Speed: a mass × coupling grid of real-scalar pairs (spectra included, and the likelihood alone), per profile,
   as points per second after a first call (the once-per-process loading, timed apart); the full profile per
   point.
Run: python benchmarks/bench_belle2.py   (the first run builds the tables, ~20 s, cached in ~/.cache/darkflav)
"""

from __future__ import annotations

import time

import numpy as np

from darkflav import DarkEFT, InvisibleBoson, NeutrinoWET
from darkflav.experiments.published_likelihood import published

REPEATS = 7


def shapes():
    """(label, theory) with a coupling axis last."""
    k = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    sm = [("SM shape (C_L)", NeutrinoWET(C_L={f: -6.32 * (np.sqrt(k / 0.91) - 1) for f in ("ee", "mumu", "tautau")}))]
    pairs = [(f"{species} {op}", DarkEFT(species, np.array(masses)[:, None], {op: scale * np.linspace(0.2, 2.5, 8)}))
             for species, op, masses, scale in (
                 ("real scalar", "CS_sb", [0.05, 0.5, 1.0, 1.5, 2.0], 8e-8),
                 ("complex scalar", "CV_sb", [0.1, 0.8, 1.6], 2e-7),
                 ("Dirac fermion", "CVV_sb", [0.0, 0.5, 1.2, 2.0], 1.5e-8),
                 ("Dirac fermion", "CSS_sb", [0.1, 1.0, 2.0], 1e-8),
                 ("Majorana fermion", "CAA_sb", [0.2, 1.0, 1.8], 1.5e-8),
                 ("real vector", "CS_sb", [0.3, 1.0, 2.0], 1e-8))]
    bosons = [(f"two-body spin {spin}{' width 0.2 GeV' if width else ''}",
               InvisibleBoson(spin, np.array([0.3, 1.0, 2.0, 3.0, 4.0])[:, None],
                              {coupling: scale * np.linspace(0.2, 2.5, 8)}, width=width))
              for spin, coupling, scale, width in ((0, "gS_sb", 3e-9, 0.0), (1, "gV_sb", 4e-9, 0.0),
                                                   (1, "gV_sb", 4e-9, 0.2))]
    return sm + pairs + bosons


def agreement(lh):
    print(f"{'signal':36s} {'points':>6s} {'in region':>9s} {'|fast-full|':>11s}")
    worst = 0.0
    for label, theory in shapes():
        full = lh.minus_two_delta_log_l(theory, profile="full")
        fast = lh.minus_two_delta_log_l(theory)
        inside = full < 12
        difference = float(np.max(np.abs(fast - full)[inside])) if inside.any() else 0.0
        worst = max(worst, difference)
        print(f"{label:36s} {full.size:6d} {int(inside.sum()):9d} {difference:11.3f}")
    print(f"worst |fast − full| = {worst:.3f} (region −2Δln L < 12)")


def speed(lh):
    masses, couplings = np.linspace(0.02, 2.35, 100), np.geomspace(1e-9, 3e-7, 100)
    theory = DarkEFT("real scalar", masses[:, None], {"CS_sb": couplings[None, :]})
    start = time.perf_counter()
    lh.minus_two_delta_log_l(DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8}))
    print(f"first call (form factors, tables, once per process): {time.perf_counter() - start:.2f} s")
    spectra_times, likelihood_times = [], []
    for _ in range(REPEATS):  # this shared 2-core machine's timings drift by ±30 %: best and median of REPEATS
        start = time.perf_counter()
        spectra = lh.response.spectrum(theory)
        spectra_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        values = lh.minus_two_delta_log_l(spectrum=spectra)
        likelihood_times.append(time.perf_counter() - start)
    for label, pick in (("best", np.min), ("median", np.median)):
        elapsed, with_spectra = pick(likelihood_times), pick(np.add(likelihood_times, spectra_times))
        print(f"fast ({label:6s} of {REPEATS}) {values.size} points: likelihood {elapsed:.2f} s "
              f"({values.size / elapsed:.3g} points/s), with spectra {with_spectra:.2f} s "
              f"({values.size / with_spectra:.3g} points/s)")
    sample = spectra[::20, ::20].reshape(-1, spectra.shape[-1])
    start = time.perf_counter()
    lh.minus_two_delta_log_l(spectrum=sample, profile="full")
    print(f"full       {sample.shape[0]} points: {(time.perf_counter() - start) / sample.shape[0]:.3f} s per point")


if __name__ == "__main__":
    lh = published()
    start = time.perf_counter()
    fit = lh.published_fit()
    print(f"tables ready in {time.perf_counter() - start:.1f} s; published fit μ̂ = {fit['mu']:.3f} ± "
          f"{fit['mu_error']:.3f}")
    agreement(lh)
    speed(lh)
