"""Run a scan chunk by chunk: in process, in local processes, or on a Dask cluster; resumable."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable

from ..errors import DarkflavError
from ..parameters import Parameters
from .compute import compute_chunk
from .definition import ScanDefinition, load
from .store import ScanStore

BACKENDS = ("local", "processes", "dask")


def _compute(definition: ScanDefinition, chunk: int, params: Parameters):
    return chunk, compute_chunk(definition, chunk, params)


def run_scan(definition, out, backend: str = "local", workers: int = 2, client=None,
             address: str | None = None, params: Parameters | None = None,
             progress: Callable[[int, int], None] | None = None) -> ScanStore:
    """Compute the missing chunks of a scan and store them in `out` (Parquet, one file per chunk).

    backend: 'local' (in process), 'processes' (a local process pool of `workers`), 'dask' (a
    dask.distributed Client, given or connected to `address`; chunks are tasks, so a lost worker's
    chunk is recomputed by the scheduler). Chunks are written by this process as they finish, so an
    interrupted scan resumes by running the same call again. `progress(done, total)` is called after
    every chunk.
    """
    if not isinstance(definition, ScanDefinition):
        definition = load(definition)
    if backend not in BACKENDS:
        raise DarkflavError(f"backend {backend!r} unknown; allowed: {', '.join(BACKENDS)}")
    params = params or Parameters.default()
    store = ScanStore(out, definition)
    todo = store.missing(definition)
    total, done = definition.n_chunks, definition.n_chunks - len(todo)
    notify = progress or (lambda d, t: None)
    notify(done, total)

    def finished(chunk, columns):
        nonlocal done
        store.write(chunk, columns, definition, params)
        done += 1
        notify(done, total)

    if backend == "local":
        for chunk in todo:
            finished(*_compute(definition, chunk, params))
    elif backend == "processes":
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_compute, definition, c, params) for c in todo]
            for future in concurrent.futures.as_completed(futures):
                finished(*future.result())
    else:
        from dask.distributed import Client, as_completed  # optional: Dask, loaded only for cluster scans

        own = client is None
        if own:
            if address is None:
                raise DarkflavError("the dask backend needs a Client or a scheduler address tcp://host:port")
            client = Client(address)
        try:
            futures = [client.submit(_compute, definition, c, params, pure=False, retries=3) for c in todo]
            for future in as_completed(futures):
                finished(*future.result())
        finally:
            if own:
                client.close()
    return store
