"""Grid-scan throughput and memory: the kaon-window example (examples/kaon_window.yaml: K⁺→π⁺φφ and K_L→π⁰φφ with
the NA62 and KOTO likelihoods) on a 1000 × 1000 mass × coupling grid (10⁶ points), in process, for chunks of 10⁴
and 10⁵ points; each run in a fresh process, which reports its time (start-up and imports excluded) and its peak
memory. The rates' kernels depend on the mass alone, so they are computed once per distinct mass of a chunk
(decays/dark_pairs.py `_per_distinct_mass`): the cost per point does not grow with the chunk size.
Run: python benchmarks/bench_scan_grid.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kaon_window.yaml"
CHILD = """
import resource, shutil, sys, tempfile, time
from darkflav.scan import load, run_scan
text = open(sys.argv[1]).read().replace("linear: [0.0, 0.177, 60]", "linear: [0.0, 0.177, 1000]")
text = text.replace("log: [1.0e-12, 1.0e-9, 100]", "log: [1.0e-12, 1.0e-9, 1000]")
definition = load(text.replace("chunk_size: 1000", "chunk_size: " + sys.argv[2]))
folder = tempfile.mkdtemp(prefix="darkflav-bench-")
try:
    start = time.perf_counter()
    rows = run_scan(definition, folder).read().num_rows
    elapsed = time.perf_counter() - start
finally:
    shutil.rmtree(folder)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
print(f"{rows} {elapsed} {peak}")
"""


def main():
    for chunk in (10_000, 100_000):
        result = subprocess.run([sys.executable, "-c", CHILD, str(EXAMPLE), str(chunk)], capture_output=True,
                                text=True, check=True)
        rows, elapsed, peak = result.stdout.split()
        rows, elapsed, peak = int(rows), float(elapsed), float(peak)
        print(f"chunk {chunk:>7d}: {rows} points in {elapsed:6.1f} s ({rows / elapsed:9.3g} points/s), "
              f"peak memory {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
