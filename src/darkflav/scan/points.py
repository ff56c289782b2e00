"""The points of a scan, chunk by chunk, reproducibly (the same chunk always has the same points)."""

from __future__ import annotations

import numpy as np

from .definition import ScanDefinition


def _grid_axis(kind, values) -> np.ndarray:
    if kind == "values":
        return np.asarray(values, dtype=float)
    lo, hi, n = values
    return np.linspace(lo, hi, n) if kind == "linear" else np.geomspace(lo, hi, n)


def chunk_points(definition: ScanDefinition, chunk: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(global point indices, {parameter: values}) of one chunk.

    Grids: the cartesian product in C order, unravelled from the point index. Random samples: drawn
    from a generator seeded by (seed, chunk), so chunks are independent and reproducible; the
    Latin-hypercube method stratifies each chunk (McKay, Beckman, Conover, Technometrics 21 (1979) 239).
    """
    start = chunk * definition.chunk_size
    index = np.arange(start, min(start + definition.chunk_size, definition.n_points))
    names = list(definition.parameters)
    if definition.mode == "grid":
        axes = [_grid_axis(*definition.parameters[n]) for n in names]
        positions = np.unravel_index(index, [len(a) for a in axes])
        return index, {n: a[p] for n, a, p in zip(names, axes, positions, strict=True)}
    rng = np.random.default_rng([int(definition.seed or 0), chunk])
    n = len(index)
    if definition.method == "latin-hypercube":
        u = (rng.permuted(np.tile(np.arange(n), (len(names), 1)), axis=1).T + rng.random((n, len(names)))) / n
    else:
        u = rng.random((n, len(names)))
    values = {}
    for k, name in enumerate(names):
        kind, (lo, hi) = definition.parameters[name]
        values[name] = (lo + (hi - lo) * u[:, k] if kind == "uniform"
                        else np.exp(np.log(lo) + (np.log(hi) - np.log(lo)) * u[:, k]))
    return index, values
