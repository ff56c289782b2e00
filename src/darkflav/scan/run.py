"""Run a scan chunk by chunk: in process, in local processes, or on a Dask cluster; resumable."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import warnings
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from ..errors import DarkflavError, whole_number
from ..parameters import Parameters
from .compute import compute_chunk
from .definition import ScanDefinition, load
from .store import ScanStore

BACKENDS = ("local", "processes", "dask")
#: new process pools started after a worker process died (its chunks are recomputed); Dask retries tasks itself
POOL_RESTARTS = 3
#: the most local worker processes a scan starts
MAX_WORKERS = 256


def _compute(definition: ScanDefinition, chunk: int, params: Parameters):
    return chunk, compute_chunk(definition, chunk, params)


def run_scan(definition, out, backend: str = "local", workers: int = 2, client=None,
             address: str | None = None, params: Parameters | None = None,
             progress: Callable[[int, int], None] | None = None,
             notice: Callable[[str], None] | None = None) -> ScanStore:
    """Compute the missing chunks of a scan and store them in `out` (Parquet, one file per chunk).

    backend: 'local' (in process), 'processes' (a local process pool of `workers`; if a worker process dies, a new
    pool computes the unfinished chunks, up to POOL_RESTARTS times), 'dask' (a dask.distributed Client, given or
    connected to `address`; chunks are tasks, so a lost worker's chunk is recomputed by the scheduler). Chunks are
    written by this process as they finish, so an interrupted scan resumes by running the same call again; damaged
    or foreign chunk files found on resume are set aside and recomputed, each reported to `notice(message)`
    (default: a warning). `progress(done, total)` is called after every chunk.
    """
    if not isinstance(definition, ScanDefinition):
        definition = load(definition)
    if backend not in BACKENDS:
        raise DarkflavError(f"backend {backend!r} unknown; allowed: {', '.join(BACKENDS)}")
    whole_number("workers", workers, 1, MAX_WORKERS)
    params = params or Parameters.default()
    store = ScanStore(out, definition, params)
    check = store.check(repair=True)
    for message in check.problems():
        (notice or (lambda m: warnings.warn(m, stacklevel=3)))(f"{message}; set aside in rejected/, what is "
                                                              "missing is recomputed")
    todo = check.missing
    total, done = definition.n_chunks, definition.n_chunks - len(todo)
    notify = progress or (lambda d, t: None)
    notify(done, total)

    def finished(chunk, columns):
        nonlocal done
        store.write(chunk, columns)
        done += 1
        notify(done, total)

    if backend == "local":
        for chunk in todo:
            finished(*_compute(definition, chunk, params))
    elif backend == "processes":
        remaining, spawn = list(todo), multiprocessing.get_context("spawn")
        for restart in range(POOL_RESTARTS + 1):
            try:
                # spawned, not forked: a fork of a process that has run JAX (full profiles) can deadlock
                with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
                    futures = [pool.submit(_compute, definition, c, params) for c in remaining]
                    for future in concurrent.futures.as_completed(futures):
                        chunk, columns = future.result()
                        finished(chunk, columns)
                        remaining.remove(chunk)
                break
            except BrokenProcessPool as exc:
                if restart == POOL_RESTARTS:
                    raise DarkflavError(f"worker processes died {POOL_RESTARTS + 1} times; the {done} finished "
                                        "chunks are stored, run the scan again to resume") from exc
    else:
        from dask.distributed import Client, as_completed  # optional: Dask, loaded only for cluster scans

        own = client is None
        if own:
            if address is None:
                raise DarkflavError("the dask backend needs a Client or a scheduler address tcp://host:port")
            try:
                client = Client(address, timeout="10s")
            except (OSError, ValueError, TypeError) as exc:  # TimeoutError is an OSError
                raise DarkflavError(f"cannot connect to the Dask scheduler at {address!r}: {exc}") from exc
        try:
            futures = [client.submit(_compute, definition, c, params, pure=False, retries=3) for c in todo]
            for future in as_completed(futures):
                finished(*future.result())
        finally:
            if own:
                client.close()
    return store
