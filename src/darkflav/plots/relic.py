"""The coupling that gives the relic density versus the mass, with the CMB-excluded masses (cf. Fig. 4 left of
the seed arXiv:2505.02031, whose scenarios could not be read here: darkflav draws the flavour-diagonal patterns
below).

For each scenario (a real-scalar DarkEFT with fixed ratios C_u : C_d : C_s) the overall coupling C with Ωh² = 0.120
(`darkmatter.relic_scale`) is drawn solid where Planck allows it (p_ann ≤ p_ann_Planck2018, `darkmatter.cmb`) and
dotted where the CMB excludes it; masses excluded for every scenario are shaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from ..darkmatter.cmb import excluded
from ..darkmatter.relic import relic_scale
from ..eft import DarkEFT
from ..parameters import Parameters
from .style import STYLE

MEV_PER_GEV = 1e3
#: label → (coefficients at unit coupling, lightest mass in GeV): C_s alone has no open channel below the kaons,
#: so its curve starts where the forbidden KK̄ channels still give Ωh² = 0.12.
SCENARIOS = {
    r"$C_u = C_d$": ({"CS_uu": 1.0, "CS_dd": 1.0}, 0.09),
    r"$C_u = C_d = C_s$": ({"CS_uu": 1.0, "CS_dd": 1.0, "CS_ss": 1.0}, 0.09),
    r"$C_s$ only": ({"CS_ss": 1.0}, 0.42),
}


@dataclass(frozen=True)
class RelicPlot:
    """The saved figure; per scenario the masses [GeV], the relic coupling [GeV⁻¹] and the CMB verdict."""

    path: Path
    curves: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


def relic_curve(coefficients: dict, masses, params: Parameters | None = None):
    """(coupling k with Ωh² = 0.120 for the coefficients × k, CMB-excluded?) per mass."""
    params = params or Parameters.default()
    theory = DarkEFT("real scalar", np.asarray(masses, dtype=float), coefficients)
    k = relic_scale(theory, params=params)
    return k, excluded(theory.scaled(k), params)


def plot_relic_coupling(path, params: Parameters | None = None, mass_range: tuple[float, float] = (0.09, 1.2),
                        n_masses: int = 40, scenarios: dict | None = None) -> RelicPlot:
    """|C| (package normalisation ½C(q̄q)φ², GeV⁻¹) giving Ωh² = 0.120 versus m_φ for `scenarios` (label →
    (coefficients, lightest mass); default SCENARIOS); save a PNG."""
    params = params or Parameters.default()
    threshold = params["m_pi0"]
    # resolve the CMB edges: the γγ-loop crossing below m_π0 and the π⁰π⁰ threshold itself
    base = np.geomspace(*mass_range, n_masses)
    extra = np.concatenate([np.linspace(0.105, threshold * 0.999, 12), [threshold * 1.001]])
    masses = np.unique(np.concatenate([base, extra[(extra > mass_range[0]) & (extra < mass_range[1])]]))
    curves = {}
    for label, (coefficients, lightest) in (scenarios or SCENARIOS).items():
        m = masses[masses >= lightest]
        if m.size:
            curves[label] = (m, *relic_curve(coefficients, m, params))
    everywhere = np.ones(masses.shape, bool)
    for m, _, cmb in curves.values():
        everywhere &= np.isin(masses, m[cmb]) | (masses < m[0])
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.6), layout="constrained")
        axes = figure.subplots()
        x = masses * MEV_PER_GEV
        for lo, hi in _intervals(x, everywhere):
            axes.axvspan(lo, hi, color="0.85", lw=0)
        for colour, (label, (m, k, cmb)) in zip(("tab:blue", "tab:orange", "tab:green"), curves.items(),
                                                strict=False):
            allowed = np.where(cmb, np.nan, k)
            axes.plot(m * MEV_PER_GEV, allowed, color=colour, lw=2, label=label)
            axes.plot(m * MEV_PER_GEV, k, color=colour, lw=1, ls=":")
        axes.axvline(threshold * MEV_PER_GEV, color="black", lw=0.8, ls="--")
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel(r"$m_\phi$ [MeV]")
        axes.set_ylabel(r"$|C^{S,qq}|$ for $\Omega h^2 = 0.12$ [GeV$^{-1}$]")
        axes.set_title(r"real scalar, $\frac{1}{2}C^{S,qq}(\bar q q)\phi^2$: relic coupling; "
                       "dotted/grey: CMB excluded", fontsize=10)
        axes.legend(loc="upper right", frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return RelicPlot(Path(path), curves)


def _intervals(x, mask):
    """[(x_lo, x_hi)] of the runs where mask is True, extended halfway to the neighbouring points."""
    edges = np.concatenate([[x[0]], np.sqrt(x[1:] * x[:-1]), [x[-1]]])
    runs, start = [], None
    for i, inside in enumerate(mask):
        if inside and start is None:
            start = i
        if start is not None and (not inside or i == len(mask) - 1):
            stop = i if inside else i - 1
            runs.append((edges[start], edges[stop + 1]))
            start = None
    return runs
