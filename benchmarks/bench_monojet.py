"""Time per m_φ point for a 1 % Monte Carlo precision on σ×A(pp → φφ + j) summed over the signal regions (IM0).

    python benchmarks/bench_monojet.py
"""

import time

from darkflav.collider.monojet import unit_region_cross_sections
from darkflav.collider.pdf import load_pdf

load_pdf()  # grid reading is a one-off cost, not per mass point
for pair in ("sb", "gg"):
    for mass in (1.0, 100.0, 1000.0):
        n = 10_000
        start = time.perf_counter()
        while True:
            r = unit_region_cross_sections(pair, mass, n_points=n, seed=7)
            precision = r.error[13] / r.sigma[13]
            if precision <= 0.01:
                break
            n = int(n * (precision / 0.009) ** 2) + 1
        print(f"{pair} m_phi = {mass:6.0f} GeV: {time.perf_counter() - start:5.2f} s for {precision:.2%} "
              f"(n = {n}, IM0 = {r.sigma[13]:.4g} fb per unit coefficient)")

# the full VLQ model (t-channel, on-shell Fφ in three resonance channels, three QCD pairs) at the slides' benchmark
from darkflav.collider.vlq.bounds import benchmark_model  # noqa: E402
from darkflav.collider.vlq.signal import vlq_region_cross_sections  # noqa: E402

for n in (2000, 6000):
    start = time.perf_counter()
    total = vlq_region_cross_sections(benchmark_model(3000.0), n_points=n, seed=7).total
    print(f"VLQ m_Q = 3 TeV, n = {n}: {time.perf_counter() - start:5.1f} s, IM0 = {total['IM0']:.3g} fb "
          f"± {total.error[13] / total['IM0']:.1%}")
