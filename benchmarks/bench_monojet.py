"""Time per m_φ point of the full 26-region table (13 exclusive E_T^miss bins, the inclusive ones their sums) of
σ×A(pp → φφ + j) at 1 % Monte Carlo precision in every region, with and without the PDF envelope (7 sets
reweighted on the same points), and the old one-map sampler for comparison; then the VLQ model.

    python benchmarks/bench_monojet.py
"""

import time

from darkflav.collider.atlas_monojet import REGIONS, region_cross_sections
from darkflav.collider.monojet import monojet_process, unit_region_cross_sections
from darkflav.collider.pdf import envelope_sets, load_pdf

for name in envelope_sets():
    load_pdf(name)  # grid reading is a one-off cost (≈ 1 s for the seven sets), not per mass point
IM12 = REGIONS.index("IM12")
for pair in ("sb", "gg"):
    for mass in (1.0, 100.0, 1000.0):
        for envelope in (False, True):
            start = time.perf_counter()
            r = unit_region_cross_sections(pair, mass, seed=7, precision=0.01, pdf_envelope=envelope)
            print(f"{pair} m_phi = {mass:6.0f} GeV, 1 % per region{' + PDF envelope' if envelope else ''}: "
                  f"{time.perf_counter() - start:5.2f} s, worst region {r.relative_error.max():.2%}, "
                  f"{int(r.n_points)} points; IM12 {r.sigma[IM12]:.4g} fb ± {r.relative_error[IM12]:.2%}")
        start = time.perf_counter()
        old = region_cross_sections(monojet_process(pair, mass), 40_000, 7)
        print(f"{pair} m_phi = {mass:6.0f} GeV, one map, 40 000 points (before issue 16): "
              f"{time.perf_counter() - start:5.2f} s, IM0 ± {old.error[13] / old.sigma[13]:.2%}, "
              f"IM12 ± {old.error[IM12] / old.sigma[IM12]:.2%}")

# the full VLQ model (t-channel, on-shell Fφ in three resonance channels, three QCD pairs) at the slides' benchmark
from darkflav.collider.vlq.bounds import benchmark_model  # noqa: E402
from darkflav.collider.vlq.signal import vlq_region_cross_sections  # noqa: E402

for n in (2000, 6000):
    start = time.perf_counter()
    total = vlq_region_cross_sections(benchmark_model(3000.0), n_points=n, seed=7).total
    print(f"VLQ m_Q = 3 TeV, n = {n}: {time.perf_counter() - start:5.1f} s, IM0 = {total['IM0']:.3g} fb "
          f"± {total.error[13] / total['IM0']:.1%}")

# the 2 → 3 Dirac traces of q q̄ → φφg (vlq/amplitudes.py) alone: μs per phase-space point and heavy state
import numpy as np  # noqa: E402

from darkflav.collider.vlq.amplitudes import complex_masses, interference_matrices  # noqa: E402

rng = np.random.default_rng(1)
n, heavy = 3000, complex_masses([3000.0, 3100.0, 2900.0], [30.0, 40.0, 20.0])
momenta = []
for mass in (0.0, 1.0, 1.0, 0.0):  # p₁, k_A, k_B, k (p₂ from momentum conservation; off shell, fine for timing)
    p = rng.normal(size=(n, 3)) * 500
    momenta.append(np.column_stack([np.sqrt(np.sum(p**2, axis=1) + mass**2), p]))
p1, ka, kb, k = momenta
start, repeat = time.perf_counter(), 10
for _ in range(repeat):
    interference_matrices(p1, ka + kb + k - p1, ka, kb, k, heavy)
per = (time.perf_counter() - start) / repeat / n / heavy.size
print(f"VLQ q q̄ → φφg traces: {1e6 * per:.1f} μs per point and heavy state ({heavy.size} states, {n} points)")
