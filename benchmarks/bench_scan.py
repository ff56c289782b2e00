"""Scan throughput (kernels already tabulated in every process): 10⁶ random points of B⁺→K⁺φφ
(real scalar: mass, C_S, C_P; examples/b_to_k_random.yaml with n = 10⁶) with three observables and the
likelihood of the seeds' constraint set, in process and on a 2-worker dask LocalCluster; prints
points/s and the speed-up. Run: python benchmarks/bench_scan.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from darkflav.scan import load, run_scan

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "b_to_k_random.yaml"
SCAN = EXAMPLE.read_text().replace("n: 20000", "n: 1000000").replace("chunk_size: 5000", "chunk_size: 50000")


def timed_run(backend, **kwargs):
    folder = tempfile.mkdtemp(prefix="darkflav-bench-")
    try:
        start = time.perf_counter()
        store = run_scan(load(SCAN), folder, backend=backend, **kwargs)
        elapsed = time.perf_counter() - start
        rows = store.read().num_rows
    finally:
        shutil.rmtree(folder)
    return rows, elapsed


def warm(backend, **kwargs):
    """Tabulate the rate kernels once (per process) before timing: a 2-chunk scan of the same theory."""
    folder = tempfile.mkdtemp(prefix="darkflav-warm-")
    try:
        run_scan(load(SCAN.replace("n: 1000000", "n: 100000")), folder, backend=backend, **kwargs)
    finally:
        shutil.rmtree(folder)


def main():
    from dask.distributed import Client, LocalCluster

    warm("local")
    rows, local = timed_run("local")
    print(f"local (in process)        {rows} points  {local:6.2f} s  {rows / local:10.3g} points/s")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        warm("dask", client=client)
        rows, distributed = timed_run("dask", client=client)
    print(f"dask LocalCluster (2 w.)  {rows} points  {distributed:6.2f} s  {rows / distributed:10.3g} points/s")
    print(f"speed-up {local / distributed:.2f}x on 2 cores")


if __name__ == "__main__":
    main()
