"""The combined picture of one invisible scalar: on the (mass, coupling scale) plane of a direction of DarkEFT
coefficients, the region allowed by all measurements together and each group of constraints' own boundary — the
analogue of the seeds' summary figures (flavour windows, relic line, CMB, direct detection, monojets in one plot)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from scipy.stats import chi2

from ..eft import DarkEFT
from ..errors import DarkflavError
from ..experiments import Likelihood
from ..experiments.measurements import get
from ..experiments.model_fit import FitDefinition, ModelFit
from .style import STYLE

GROUPS = ("B → K(*) νν̄ / inv", "K → π inv", "relic density", "CMB", "direct detection", "LHC monojet",
          "side constraints")
_COLOURS = dict(zip(GROUPS, ("tab:blue", "tab:green", "tab:red", "tab:purple", "tab:orange", "tab:brown",
                             "tab:grey"), strict=True))


def group(name: str) -> str:
    """The group of constraints a measurement belongs to (one line per group in the figure)."""
    m = get(name)
    if m.kind == "relic_density":
        return "relic density"
    if m.observable == "p_ann":
        return "CMB"
    if m.kind == "dd_limit":
        return "direct detection"
    if m.kind == "lhc_bins":
        return "LHC monojet"
    if "K+->pi+" in m.observable or "KL->pi0" in m.observable:
        return "K → π inv"
    if re.search(r"->K\S*\s+(inv|invisible|X)\b", m.observable):  # B → K(*) + invisible, not LFV B → Kℓℓ′
        return "B → K(*) νν̄ / inv"
    return "side constraints"


@dataclass(frozen=True)
class GlobalPlane:
    """The plane's grids (x, y: a mass and a coupling, or any two parameters of a fit file), −2 ln L per group and in
    total, the best point and what binds there."""

    x: np.ndarray
    y: np.ndarray
    groups: dict[str, np.ndarray]
    total: np.ndarray
    x_label: str = "m_φ (GeV)"
    y_label: str = "coupling scale"
    x_log: bool = False
    y_log: bool = True

    @property
    def best(self) -> tuple[float, float]:
        i, j = np.unravel_index(np.argmin(self.total), self.total.shape)
        return float(self.x[i]), float(self.y[j])

    def at_best(self) -> dict[str, float]:
        """Each group's −2 ln L at the best point, relative to the group's own minimum on the plane."""
        i, j = np.unravel_index(np.argmin(self.total), self.total.shape)
        return {g: float(v[i, j] - v.min()) for g, v in self.groups.items()}


def _grouped(per_measurement: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    groups: dict[str, np.ndarray] = {}
    for name, values in per_measurement.items():
        groups[group(name)] = groups.get(group(name), 0.0) + values
    return groups, sum(groups.values())


def global_plane(direction: DarkEFT, masses, scales, measurements="dark scalar global", dark_matter: str = "all",
                 params=None) -> GlobalPlane:
    """−2 ln L per group of constraints and in total on the (mass, scale) plane (Likelihood.plane)."""
    likelihood = Likelihood(measurements, params, dark_matter=dark_matter)
    groups, total = _grouped(likelihood.plane(direction, masses, scales))
    return GlobalPlane(np.asarray(masses, float), np.asarray(scales, float), groups, total)


def fit_plane(definition: FitDefinition, params=None) -> GlobalPlane:
    """The plane of the two free parameters of a fit file (its ranges, `points` per axis, logarithmic for a
    log-uniform prior): −2 ln L per group and in total at every grid point (ModelFit.contributions_many; a UV model's
    own Monte Carlo, e.g. the VLQ monojet signal, runs once per mass and Yukawa direction)."""
    if len(definition.parameters) != 2:
        raise DarkflavError(f"a plane needs a fit file with exactly two free parameters, got "
                            f"{', '.join(definition.parameters)}")
    fit = ModelFit(definition, params)
    (x_name, x_free), (y_name, y_free) = definition.parameters.items()
    x, y = fit.grid(x_name), fit.grid(y_name)
    mesh = np.meshgrid(x, y, indexing="ij")
    values = fit.contributions_many({x_name: mesh[0].ravel(), y_name: mesh[1].ravel()})
    groups, total = _grouped({k: np.reshape(v, mesh[0].shape) for k, v in values.items()})
    return GlobalPlane(x, y, groups, total, x_name, y_name, x_free.log, y_free.log)


def plot_global_plane(path, plane: GlobalPlane, title: str = "", scale_label: str = "") -> Path:
    """The combined 95 % CL allowed region (Δ(−2 ln L) ≤ 5.99 from the plane's minimum, two parameters, filled) and
    each group's 95 % CL boundary (its own Δ(−2 ln L) = 3.84), the best point starred."""
    with rc_context(STYLE):
        figure = Figure(figsize=(7.0, 5.0), layout="constrained")
        ax = figure.subplots()
        x, y = plane.x, plane.y
        delta = plane.total - plane.total.min()
        ax.contourf(x, y, delta.T, levels=[0, chi2.ppf(0.68, 2), chi2.ppf(0.95, 2)],
                    colors=["cornflowerblue", "lightsteelblue"])
        handles = [Line2D([], [], color="cornflowerblue", lw=8, label="all: 68 % CL"),
                   Line2D([], [], color="lightsteelblue", lw=8, label="all: 95 % CL")]
        for name, values in plane.groups.items():
            own = values - values.min()
            if np.all(own <= chi2.ppf(0.95, 1)):
                continue  # constrains nothing on this plane
            ax.contour(x, y, own.T, levels=[chi2.ppf(0.95, 1)], colors=_COLOURS[name], linewidths=1.5)
            handles.append(Line2D([], [], color=_COLOURS[name], label=f"{name} (95 % CL)"))
        ax.plot(*plane.best, "r*", ms=12)
        handles.append(Line2D([], [], color="r", marker="*", ls="", ms=10, label="best point"))
        ax.set_xscale("log" if plane.x_log else "linear")
        ax.set_yscale("log" if plane.y_log else "linear")
        ax.set_xlabel(plane.x_label)
        ax.set_ylabel(scale_label or plane.y_label)
        ax.set_title(title or "all constraints together", fontsize=10)
        ax.legend(handles=handles, fontsize=7, loc="best")
        figure.savefig(path, dpi=120)
    return Path(path)
