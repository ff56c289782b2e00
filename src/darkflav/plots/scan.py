"""Views of a finished scan: points allowed by a likelihood in two chosen columns, profiled over the
others (the minimum of −2 ln L in each cell of a 2-D grid)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from scipy.stats import chi2

from ..errors import DarkflavError, unknown
from ..scan.store import ScanStore


def profile_2d(x, y, m2ll, bins: int = 60, log_x: bool = False, log_y: bool = False):
    """(x edges, y edges, Δχ² per cell): min of −2 ln L over the points in each cell, minus the global
    minimum; cells without points are NaN."""
    def edges(v, log):
        v = np.log10(v) if log else v
        return np.linspace(v.min(), v.max(), bins + 1)

    xs, ys = (np.log10(x) if log_x else x), (np.log10(y) if log_y else y)
    ex, ey = edges(x, log_x), edges(y, log_y)
    ix = np.clip(np.digitize(xs, ex) - 1, 0, bins - 1)
    iy = np.clip(np.digitize(ys, ey) - 1, 0, bins - 1)
    cells = np.full(bins * bins, np.inf)
    np.minimum.at(cells, ix * bins + iy, m2ll)
    cells = cells.reshape(bins, bins)
    cells[~np.isfinite(cells)] = np.nan
    return ex, ey, cells - np.nanmin(cells)


def plot_scan(folder, x: str, y: str, likelihood: str | None = None, path=None, bins: int = 60,
              log_x: bool = False, log_y: bool = False) -> Path:
    """Filled 68 % and 95 % CL regions (two parameters, Δχ² ≤ 2.30, 5.99) of a scan in (x, y)."""
    table = ScanStore(folder).read()
    names = table.column_names
    columns = [c for c in names if c.startswith("-2lnL ")]
    for name in (x, y):
        if name not in names:
            raise unknown("scan column", name, names)
    if likelihood is None:
        if not columns:
            raise DarkflavError(f"the scan in {folder} recorded no likelihood")
        likelihood = columns[0]
    elif not likelihood.startswith("-2lnL "):
        likelihood = f"-2lnL {likelihood}"
    if likelihood not in names:
        raise unknown("likelihood column", likelihood, columns)
    xv, yv = (table.column(n).to_numpy() for n in (x, y))
    if (log_x and np.any(xv <= 0)) or (log_y and np.any(yv <= 0)):
        raise DarkflavError("a logarithmic axis needs positive values")
    ex, ey, delta = profile_2d(xv, yv, table.column(likelihood).to_numpy(), bins, log_x, log_y)
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.add_subplot()
    cx, cy = ((10 ** e if log else e) for e, log in ((ex, log_x), (ey, log_y)))
    levels = [0, chi2.ppf(0.68, 2), chi2.ppf(0.95, 2)]
    ax.pcolormesh(cx, cy, np.where(delta <= levels[2], delta, np.nan).T, cmap="Blues_r", vmin=0,
                  vmax=levels[2] * 1.6, shading="flat")
    mid_x, mid_y = 0.5 * (ex[1:] + ex[:-1]), 0.5 * (ey[1:] + ey[:-1])
    grid_x, grid_y = ((10 ** m if log else m) for m, log in ((mid_x, log_x), (mid_y, log_y)))
    ax.contour(grid_x, grid_y, np.nan_to_num(delta, nan=1e9).T, levels=levels[1:], colors=["k", "k"],
               linestyles=["-", "--"])
    ax.set_xscale("log" if log_x else "linear")
    ax.set_yscale("log" if log_y else "linear")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(f"{likelihood[6:]}: 68 % (solid), 95 % (dashed) CL", fontsize=10)
    path = Path(path or Path(folder) / f"scan_{x}_{y}.png".replace("/", "_"))
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path
