"""The leptoquark "solutions" plots of the seed slides: which leptoquark can give the Belle II R_K, and where.

* `plot_leptoquark_solutions`: R_K*(νν̄) versus R_K(νν̄) for one leptoquark (models.leptoquark) from a random scan
  of its couplings, the points passing the charged-lepton side constraints highlighted, with the seed slides'
  Belle II R_K band and the Belle R_K* limit. The seeds' statements are visible: S₀, S₁, V₁ (C_L only) lie on
  R_K = R_K*; S̃_{1/2}, V_{1/2} (C_R) leave it only through lepton-flavour-diagonal C_R^{ii}, which interfere with
  the SM — a second sample whose s and b quarks couple to different leptons (C^{ii} = 0) stays on the diagonal.
* `plot_ctautau_cmutau_plane`: the C_R^ττ–C_R^μτ (= C_R^τμ) plane allowed by the seeds' νν̄ constraint set, with
  the lepton-flavour-violating limits on the C9′ = −C10′ = C_R that S̃_{1/2} and V_{1/2} give at the same time.
* `plot_cl_cr_plane`: the C_L^ij–C_R^ij plane of one lepton pair allowed by the seeds' νν̄ constraint set, with
  the directions of the C_L (S₀, S₁, V₁) and C_R (S̃_{1/2}, V_{1/2}) leptoquarks.

Every plot is one vectorised model or NeutrinoWET evaluation (`experiments.fits`: `leptoquark_scan`,
`ctautau_cmutau_plane`, `cl_cr_plane`); each function returns the numbers it drew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from scipy.stats import chi2

from ..eft.neutrino import FLAVOURS, PAIRS
from ..experiments import measurements
from ..experiments.fits import (
    COEFFICIENT_RANGE,
    EXCLUSION_CL,
    N_POINTS,
    NUNU_PRESET,
    SCAN_MASS,
    SEED,
    cl_cr_plane,
    ctautau_cmutau_plane,
    leptoquark_scan,
)
from ..models import leptoquark
from ..parameters import Parameters
from .style import STYLE, fill_region, minus

#: Confidence levels of the coefficient planes (two parameters: Δχ² from the plane's minimum).
PLANE_CLS = (0.68, 0.95)
#: Seed measurements drawn in the R_K–R_K* plane.
R_K_BAND, R_KSTAR_LIMIT = "seeds R_K Belle II", "seeds R_K* Belle combined"
#: The R_K–R_K* plane extends AXIS_MARGIN beyond the band and the limit.
AXIS_MARGIN = 1.6
#: Relative |R_K − R_K*|/(R_K + R_K*) below which a point counts as on the diagonal (rounding only).
ON_DIAGONAL = 1e-9

_C_L_KINDS = tuple(name for name, cls in leptoquark.MODELS.items() if cls.neutrino_field == "C_L")
_C_R_KINDS = tuple(name for name, cls in leptoquark.MODELS.items() if cls.neutrino_field == "C_R")


@dataclass(frozen=True)
class SolutionsPlot:
    """A saved R_K–R_K* figure of one leptoquark and its scan: R_K, R_K* and the side-constraint mask of the
    general sample and of the lepton-flavour off-diagonal sample (s and b to different leptons)."""

    path: Path
    kind: str
    mass: float
    r_k: np.ndarray
    r_kstar: np.ndarray
    passes: np.ndarray
    r_k_off_diagonal: np.ndarray
    r_kstar_off_diagonal: np.ndarray
    passes_off_diagonal: np.ndarray

    @staticmethod
    def diagonal_distance(r_k, r_kstar) -> np.ndarray:
        """|R_K − R_K*|/(R_K + R_K*): 0 on the line R_K = R_K*."""
        return np.abs(r_k - r_kstar) / (r_k + r_kstar)


@dataclass(frozen=True)
class PlanePlot:
    """A saved coefficient-plane figure: x × y grid, Δ(−2 ln L) of the νν̄ set from its minimum, boolean regions
    by name ('68', '95', 'excluded' …) and the best-fit point."""

    path: Path
    x: np.ndarray
    y: np.ndarray
    delta: np.ndarray
    regions: dict[str, np.ndarray] = field(default_factory=dict)
    best_fit: tuple[float, float] = (0.0, 0.0)


#: mathtext names of the leptoquarks (slides' notation)
_LATEX = {"S0": r"$S_0$", "S1/2~": r"$\tilde S_{1/2}$", "S1": r"$S_1$", "V1/2": r"$V_{1/2}$", "V1": r"$V_1$"}


def plot_leptoquark_solutions(path, kind: str, params: Parameters | None = None, n_points: int = N_POINTS,
                              seed: int = SEED) -> SolutionsPlot:
    """R_K*(νν̄) versus R_K(νν̄) of leptoquark `kind` ("S0", "S1/2~", "S1", "V1/2", "V1") at M = SCAN_MASS.

    The scan: n_points couplings y_{qℓ}, q = s, b, ℓ = e, μ, τ, |y| log-uniform in COUPLING_RANGE with uniform
    phases, plus n_points·N_OFF_DIAGONAL/N_POINTS points with s and b coupled to two different leptons (C^{ii} = 0);
    a point passes the side constraints when each measurement of SIDE_PRESET is within Δ(−2 ln L) ≤
    chi2.ppf(SIDE_CL, 1) = 3.84 of the SM (the scan: `experiments.fits.leptoquark_scan`). Drawn with the seeds'
    Belle II R_K band (1σ) and R_K* limit (90 % CL)."""
    scan = leptoquark_scan(kind, params, n_points, seed)
    r_k, r_kstar, passes = scan.r_k, scan.r_kstar, scan.passes
    r_k_off, r_kstar_off, passes_off = scan.r_k_off_diagonal, scan.r_kstar_off_diagonal, scan.passes_off_diagonal
    model_class = leptoquark.MODELS[kind]
    band, limit = measurements()[R_K_BAND].numbers, measurements()[R_KSTAR_LIMIT].numbers
    top = AXIS_MARGIN * max(band["value"] + band["sigma"], limit["limit"])

    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 5.4), layout="constrained")
        axes = figure.subplots()
        axes.axvspan(band["value"] - band["sigma"], band["value"] + band["sigma"], color="tab:orange", alpha=0.25,
                     lw=0, label=rf"$R_K$ = {band['value']:g} ± {band['sigma']:g} (Belle II, 1σ)")
        axes.axhspan(limit["limit"], top, facecolor="none", edgecolor="0.45", hatch="///", lw=0,
                     label=rf"$R_{{K^*}}$ > {limit['limit']:g} excluded (Belle, {100 * limit['cl']:.0f} % CL)")
        axes.plot([0, top], [0, top], color="0.3", ls=":", lw=1.2, label=r"$R_K = R_{K^*}$")
        axes.scatter(r_k[~passes], r_kstar[~passes], s=2, color="0.75", lw=0, rasterized=True,
                     label=f"excluded by side constraints ({np.count_nonzero(~passes)})")
        axes.scatter(r_k[passes], r_kstar[passes], s=6, color="tab:blue", lw=0, rasterized=True,
                     label=f"passes side constraints ({np.count_nonzero(passes)})")
        axes.scatter(r_k_off[passes_off], r_kstar_off[passes_off], s=14, marker="+", color="tab:red", lw=0.8,
                     rasterized=True, label=rf"$s$, $b$ to different leptons, passing ({np.count_nonzero(passes_off)})")
        axes.plot(1.0, 1.0, "*", color="black", ms=9, ls="none", zorder=5, label="SM")
        axes.set_xlim(0.0, top)
        axes.set_ylim(0.0, top)
        axes.set_xlabel(r"$R_K = \mathcal{B}(B\to K\nu\bar\nu)/\mathcal{B}_{\rm SM}$")
        axes.set_ylabel(r"$R_{K^*} = \mathcal{B}(B\to K^*\nu\bar\nu)/\mathcal{B}_{\rm SM}$")
        axes.set_title(rf"{_LATEX[kind]} {model_class.representation}, $M$ = {SCAN_MASS / 1e3:g} TeV: "
                       rf"{n_points} random couplings")
        axes.legend(loc="upper left", fontsize=7.5, frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return SolutionsPlot(Path(path), kind, SCAN_MASS, r_k, r_kstar, passes, r_k_off, r_kstar_off, passes_off)


def _confidence_regions(axes, c, delta) -> tuple[dict[str, np.ndarray], tuple[float, float], list]:
    """Fill the 68 % and 95 % CL regions (two parameters) of Δ(−2 ln L) on the c × c grid and mark its minimum:
    (the regions' masks, the best fit, legend handles)."""
    regions = {}
    for cl, colour in sorted(zip(PLANE_CLS, ("tab:blue", "lightsteelblue"), strict=True), reverse=True):
        level = chi2.ppf(cl, 2)
        fill_region(axes, c, c, level - delta, colors=[colour])
        regions[f"{100 * cl:.0f}"] = delta <= level
    best = np.unravel_index(np.argmin(delta), delta.shape)
    best_fit = (float(c[best[0]]), float(c[best[1]]))
    marker = axes.plot(*best_fit, "+", color="black", ms=10, ls="none", label="best fit")
    handles = [Patch(color=colour, label=f"{100 * cl:.0f} % CL ({NUNU_PRESET})")
               for cl, colour in zip(PLANE_CLS, ("tab:blue", "lightsteelblue"), strict=True)]
    return regions, best_fit, handles + marker


def _finish_plane(axes, figure, path, handles):
    axes.axhline(0.0, color="0.6", lw=0.6)
    axes.axvline(0.0, color="0.6", lw=0.6)
    axes.set_xlim(*COEFFICIENT_RANGE)
    axes.set_ylim(*COEFFICIENT_RANGE)
    axes.legend(handles=handles, loc="lower left", fontsize=8, frameon=True, framealpha=0.9)
    figure.savefig(path, dpi=150)


def plot_ctautau_cmutau_plane(path, params: Parameters | None = None, n_points: int = 161) -> PlanePlot:
    """C_R^μτ = C_R^τμ versus C_R^ττ (NeutrinoWET, real): the 68/95 % CL regions of the seeds' νν̄ set (Δ(−2 ln L)
    from the plane's minimum, two parameters), and hatched the region excluded at EXCLUSION_CL (Δ(−2 ln L) from the
    SM > chi2.ppf(CL, 1)) by SIDE_PRESET for C9′ = −C10′ = C_R, the b → sℓℓ′ coefficients of S̃_{1/2} and V_{1/2}
    (models.leptoquark matching table; the grid: `experiments.fits.ctautau_cmutau_plane`)."""
    c, delta, side_delta = ctautau_cmutau_plane(params, n_points)
    excluded_level = chi2.ppf(EXCLUSION_CL, 1)

    with rc_context(STYLE):
        figure = Figure(figsize=(6.0, 5.4), layout="constrained")
        axes = figure.subplots()
        regions, best_fit, handles = _confidence_regions(axes, c, delta)
        fill_region(axes, c, c, side_delta - excluded_level, hatch_colour="tab:red")
        regions["excluded"] = side_delta > excluded_level
        handles += [Patch(facecolor="none", edgecolor="tab:red", hatch="///",
                          label=rf"LFV, $\tau\tau$ limits on $C_9' = -C_{{10}}' = C_R$ "
                                rf"({100 * EXCLUSION_CL:.0f} % CL)")]
        axes.set_xlabel(r"$C_R^{\tau\tau}$")
        axes.set_ylabel(r"$C_R^{\mu\tau} = C_R^{\tau\mu}$")
        axes.set_title(r"$b\to s\nu\bar\nu$ with $\tilde S_{1/2}$, $V_{1/2}$: $C_R^{\tau\tau}$ and "
                       r"$C_R^{\mu\tau}$")
        _finish_plane(axes, figure, path, handles)
    return PlanePlot(Path(path), c, c, delta, regions, best_fit)


def plot_cl_cr_plane(path, pair: str = "tautau", params: Parameters | None = None, n_points: int = 161) -> PlanePlot:
    """C_R^ij versus C_L^ij of one lepton pair (NeutrinoWET, real): the 68/95 % CL regions of the seeds' νν̄ set
    (Δ(−2 ln L) from the plane's minimum, two parameters); the C_L leptoquarks (S₀, S₁, V₁) live on the C_L axis,
    the C_R ones (S̃_{1/2}, V_{1/2}) on the C_R axis."""
    c, delta = cl_cr_plane(pair, params, n_points)
    i, j = (FLAVOURS[k] for k in PAIRS[pair])
    latex = {"e": "e", "mu": r"\mu", "tau": r"\tau"}
    flavour = latex[i] + latex[j]

    with rc_context(STYLE):
        figure = Figure(figsize=(6.0, 5.4), layout="constrained")
        axes = figure.subplots()
        regions, best_fit, handles = _confidence_regions(axes, c, delta)
        handles += axes.plot(COEFFICIENT_RANGE, [0, 0], color="tab:green", lw=2.0,
                             label=", ".join(_LATEX[k] for k in _C_L_KINDS) + r" ($C_L$ only)")
        handles += axes.plot([0, 0], COEFFICIENT_RANGE, color="tab:purple", lw=2.0,
                             label=", ".join(_LATEX[k] for k in _C_R_KINDS) + r" ($C_R$ only)")
        axes.set_xlabel(rf"$C_L^{{{flavour}}}$")
        axes.set_ylabel(rf"$C_R^{{{flavour}}}$")
        axes.set_title(rf"$b\to s\nu\bar\nu$: $C_L^{{{flavour}}}$ and $C_R^{{{flavour}}}$ "
                       rf"({minus(COEFFICIENT_RANGE[0])} to {minus(COEFFICIENT_RANGE[1])})")
        _finish_plane(axes, figure, path, handles)
    return PlanePlot(Path(path), c, c, delta, regions, best_fit)
