"""The R_−–R_s plane of a real scalar φ allowed by direct detection (the analogue of the seed's Fig. 4 right).

At each point (R_−, R_s) the light-quark coefficients are C^{S,uu,dd} = C_+(1 ± R_−)/2, C^{S,ss} = R_s C_+
(darkmatter.direct_detection.theory_from_ratios), C_+ is fixed by the relic density Ωh² = 0.120
(darkmatter.relic_scale), and the point is allowed if the isospin-corrected effective cross section is below
every published limit of darkmatter/data/dd_limits.yaml on its target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..darkmatter import direct_detection as dd
from ..darkmatter import relic_scale
from ..errors import whole_number
from ..parameters import Parameters
from .style import STYLE

#: Reference C_+ (GeV⁻¹) before the relic scaling (any non-zero value gives the same plane).
C_PLUS_START = 1e-5
MAX_GRID = 1000  # points per axis of the plane (10⁶ relic solutions)
_COLOURS = ("tab:red", "tab:purple", "tab:blue", "tab:orange", "tab:green")


@dataclass
class PlanePlot:
    """A saved figure and its grid: R_− × R_s, the relic C_+ and σ_eff/limit per experiment."""

    path: Path
    mass: float
    r_minus: np.ndarray
    r_s: np.ndarray
    c_plus: np.ndarray
    ratios: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def allowed(self) -> np.ndarray:
        """True where no experiment excludes the point (σ_eff ≤ limit everywhere)."""
        return np.max(np.stack(list(self.ratios.values())), axis=0) <= 1


def plot_dd_plane(path, mass: float = 0.12, r_minus=(-3.0, 3.0), r_s=(-30.0, -10.0), n_points: int = 81,
                  params: Parameters | None = None) -> PlanePlot:
    """R_s versus R_− at m_φ = `mass` (GeV) with C_+ from the relic density: the region allowed by every
    direct-detection limit (filled) and each experiment's boundary σ_eff = limit; save a PNG."""
    params = params or Parameters.default()
    n_points = whole_number("n_points", n_points, 2, MAX_GRID)
    x, y = np.linspace(*r_minus, n_points), np.linspace(*r_s, n_points)
    theory = dd.theory_from_ratios(mass, C_PLUS_START, x[:, None], y[None, :])
    scale = relic_scale(theory, params=params)
    ratios = dd.limit_ratios(theory.scaled(scale), params)
    result = PlanePlot(Path(path), mass, x, y, C_PLUS_START * scale, ratios)

    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 5.0), layout="constrained")
        axes = figure.subplots()
        axes.contourf(x, y, result.allowed.T.astype(float), levels=[0.5, 1.5], colors=["tab:green"], alpha=0.4)
        handles = [Patch(color="tab:green", alpha=0.4, label="allowed by all limits (90 % CL)")]
        for (name, ratio), colour in zip(ratios.items(), _COLOURS, strict=False):
            if np.any(ratio > 1) and np.any(ratio <= 1):
                axes.contour(x, y, np.log(np.where(ratio > 0, ratio, 1e-300)).T, levels=[0.0], colors=[colour])
                handles.append(Line2D([], [], color=colour, label=f"{name}: " + r"$\sigma_{\rm eff}$ = limit"))
        axes.set_xlabel(r"$R_- = (C^{uu} - C^{dd})/(C^{uu} + C^{dd})$")
        axes.set_ylabel(r"$R_s = C^{ss}/(C^{uu} + C^{dd})$")
        axes.set_title(rf"real scalar, $m_\phi$ = {mass * 1e3:.0f} MeV, $C_+$ from $\Omega h^2 = 0.12$")
        axes.legend(handles=handles, loc="lower left", frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return result
