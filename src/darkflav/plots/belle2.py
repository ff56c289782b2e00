"""Belle II's published B⁺→K⁺νν̄ likelihood (arXiv:2311.14647, 2507.12393) in figures.

* `plot_belle2_bins`: the 30 fit bins in the style of the paper's fit figures, one panel per channel: observed
  counts with √n error bars over the stacked post-fit background and SM signal (μ = 1), the published fit
  (background + μ̂ × SM signal) and a theory's signal as lines; below, the data minus the post-fit background
  against the signals.
* `plot_delta_versus_mass`: Δ(−2 ln L) from the SM versus the mass, profiled over the coupling, for every b → s
  operator of each species (one panel per species) and for the two-body B⁺→K⁺X, with each best point.

The numbers come from `experiments.operator_fits` (`published_bins`, `fit_operators`); figures are matplotlib
Figures rendered with Agg, in the style of `plots.style`.
"""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..experiments.operator_fits import TWO_BODY, OperatorFits, fit_operators, published_bins
from ..parameters import Parameters
from .style import STYLE, minus

_COLOURS = {"background": "#9ecae1", "sm": "#fdae6b", "fitted": "tab:red", "theory": "tab:green", "data": "black"}
_LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
#: line colours of the operators of one panel
_LINE_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:gray",
                 "tab:olive", "tab:cyan")
#: the panels of `plot_delta_versus_mass` per row
PANELS_PER_ROW = 4


def plot_belle2_bins(path, theory=None, label: str | None = None, params: Parameters | None = None) -> dict:
    """The 30 fit bins of the published likelihood with the signal of `theory` (one point; its SM νν̄ included)
    drawn as a line labelled `label`; save a PNG. Returns the numbers drawn (`operator_fits.published_bins`)."""
    bins = published_bins(theory, params)
    fitted_mu = float(np.sum(bins["fitted_signal"]) / np.sum(bins["sm_signal"]))
    theory_label = label or "theory"
    widths = [n for _, _, n in bins["labels"]]
    with rc_context(STYLE):
        figure = Figure(figsize=(13.0, 6.2), layout="constrained")
        grid = figure.subplots(2, len(widths), gridspec_kw={"width_ratios": widths, "height_ratios": [2.2, 1.0]},
                               sharex="col", squeeze=False)
        start = 0
        for column, (_, title, n) in enumerate(bins["labels"]):
            part = slice(start, start + n)
            start += n
            x, edges = np.arange(1, n + 1), np.arange(n + 1) + 0.5
            background, sm = bins["background"][part], bins["sm_signal"][part]
            fitted, observed = bins["fitted_signal"][part], bins["observed"][part]
            top, bottom = grid[0, column], grid[1, column]
            top.stairs(background, edges, fill=True, color=_COLOURS["background"])
            top.stairs(background + sm, edges, baseline=background, fill=True, color=_COLOURS["sm"])
            top.stairs(background + fitted, edges, color=_COLOURS["fitted"], lw=1.5)
            bottom.stairs(sm, edges, fill=True, color=_COLOURS["sm"])
            bottom.stairs(fitted, edges, color=_COLOURS["fitted"], lw=1.5)
            if "theory_signal" in bins:
                top.stairs(background + bins["theory_signal"][part], edges, color=_COLOURS["theory"], lw=1.5,
                           ls="--")
                bottom.stairs(bins["theory_signal"][part], edges, color=_COLOURS["theory"], lw=1.5, ls="--")
            error = np.sqrt(observed)
            top.errorbar(x, observed, yerr=error, fmt="o", ms=3.5, color=_COLOURS["data"], lw=1.0)
            bottom.errorbar(x, observed - background, yerr=error, fmt="o", ms=3.5, color=_COLOURS["data"], lw=1.0)
            bottom.axhline(0.0, color="0.4", lw=0.8)
            top.set_title(title, fontsize=9)
            top.set_ylim(bottom=0.0, top=1.12 * float(np.max(observed + error)))
            bottom.set_xlim(0.5, n + 0.5)
            bottom.set_xticks(x)
            top.minorticks_off()
            bottom.minorticks_off()
        grid[0, 0].set_ylabel("events per bin")
        grid[1, 0].set_ylabel("data − background")
        figure.supxlabel("fit bin of the channel (order of the published workspace)", fontsize=11)
        handles = [Line2D([], [], color=_COLOURS["data"], marker="o", ls="none", ms=4, label=r"data ($\sqrt{n}$)"),
                   Patch(color=_COLOURS["background"], label="background (post-fit)"),
                   Patch(color=_COLOURS["sm"], label=r"SM signal ($\mu$ = 1)"),
                   Line2D([], [], color=_COLOURS["fitted"], lw=1.5,
                          label=rf"published fit ($\hat\mu$ = {fitted_mu:.2f} × SM)")]
        if "theory_signal" in bins:
            handles.append(Line2D([], [], color=_COLOURS["theory"], lw=1.5, ls="--", label=theory_label))
        figure.legend(handles=handles, loc="outside upper center", ncol=len(handles), frameon=False)
        figure.savefig(path, dpi=150)
    return bins


def plot_delta_versus_mass(path, fits: OperatorFits | None = None, params: Parameters | None = None) -> OperatorFits:
    """Δ(−2 ln L) from the SM versus the mass, profiled over the coupling, per operator (one panel per species)
    and for the two-body B⁺→K⁺X; stars mark the best points, the dotted line the SM-shaped signal of the published
    fit (μ̂ × SM). `fits`: from `operator_fits.fit_operators` (computed if not given). Returns the fits."""
    fits = fits if fits is not None else fit_operators(params=params)
    groups: dict[str, list] = {}
    for fit in (*fits.fits, *fits.two_body):
        groups.setdefault(fit.species, []).append(fit)
    n_rows = -(-len(groups) // PANELS_PER_ROW)
    finite = [f.curve[np.isfinite(f.curve)] for group in groups.values() for f in group]
    low = min([-fits.sm, *(float(c.min()) for c in finite if c.size)]) - 1.0
    high = max([1.0, *(float(c.max()) for c in finite if c.size)]) + 0.5
    with rc_context(STYLE):
        figure = Figure(figsize=(3.4 * PANELS_PER_ROW, 3.1 * n_rows + 0.4), layout="constrained")
        panels = figure.subplots(n_rows, PANELS_PER_ROW, squeeze=False, sharey=True).ravel()
        for axes, (species, group) in zip(panels, groups.items(), strict=False):
            for fit, style, colour in zip(group, itertools.cycle(_LINESTYLES),
                                          itertools.cycle(_LINE_COLOURS), strict=False):
                name = fit.operator.removesuffix("_sb")
                axes.plot(fit.masses, fit.curve, ls=style, color=colour, lw=1.4,
                          label=f"{name}: {minus(round(fit.delta, 1))} at {fit.mass:.2f} GeV")
                axes.plot([fit.mass], [fit.delta], marker="*", ms=9, color=colour, ls="none")
            axes.axhline(0.0, color="0.3", lw=0.8)
            axes.axhline(-fits.sm, color="0.3", lw=0.8, ls=":")
            axes.set_title("two-body $B^+\\to K^+X$" if species == TWO_BODY else f"{species} pairs", fontsize=11)
            axes.set_xlabel(r"$m_X$ [GeV]" if species == TWO_BODY else "mass [GeV]")
            axes.set_xlim(0.0, float(max(f.masses.max() for f in group)) * 1.02)
            axes.set_ylim(low, high)
            axes.legend(loc="lower right", fontsize=7.5, frameon=True, framealpha=0.85)
        for axes in panels[len(groups):]:
            axes.axis("off")
        for row in range(n_rows):
            panels[row * PANELS_PER_ROW].set_ylabel(r"$\Delta(-2\ln L)$ vs SM")
        if len(groups) < panels.size:
            spare = panels[len(groups)]
            spare.text(0.02, 0.95, r"Belle II $B^+\to K^+\nu\bar\nu$, published likelihood" "\n"
                                   "(arXiv:2311.14647, 2507.12393)\n\n"
                                   "curves: profiled over the coupling\n★ best point (mass and coupling)\n"
                                   f"dotted: SM-shaped signal, μ̂ = {fits.published['mu']:.2f}\n"
                                   f"solid at 0: the SM ({fits.sm:.2f} above the published fit)",
                       transform=spare.transAxes, va="top", fontsize=9)
        figure.savefig(path, dpi=150)
    return fits
