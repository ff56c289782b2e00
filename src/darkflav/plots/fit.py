"""Figures of a model fit (experiments/model_fit.py): profile likelihoods in one parameter (Δ(−2 ln L) with the
68 % and 95 % CL lines), in two (the 68 % and 95 % CL regions, Wilks with two degrees of freedom), and the corner plot
of posterior samples (corner, Foreman-Mackey 2016, JOSS 1 24)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from scipy.stats import chi2

from .style import STYLE


def plot_profile(path, profile: dict, best: dict, log: dict[str, bool], title: str = "") -> Path:
    """One parameter: the Δ(−2 ln L) curve; two: filled 68 %/95 % CL regions; the best fit marked."""
    names = list(profile["axes"])
    axes = [np.asarray(profile["axes"][n]) for n in names]
    delta = np.asarray(profile["delta"])
    with rc_context(STYLE):
        figure = Figure(figsize=(6.0, 4.4), layout="constrained")
        ax = figure.subplots()
        if len(names) == 1:
            ax.plot(axes[0], delta, color="tab:blue")
            for cl, style in ((0.68, "--"), (0.95, ":")):
                ax.axhline(chi2.ppf(cl, 1), color="grey", ls=style, lw=1, label=f"{100 * cl:.0f} % CL")
            ax.axvline(best[names[0]], color="tab:red", lw=1, label="best fit")
            ax.set_ylabel("Δ(−2 ln L), profiled")
            ax.set_ylim(0, max(6.0, min(float(np.nanmax(delta)), 25.0)))
        else:
            levels = [0.0, chi2.ppf(0.68, 2), chi2.ppf(0.95, 2)]
            ax.contourf(axes[0], axes[1], delta.T, levels=levels, colors=["tab:blue", "lightsteelblue"])
            ax.contour(axes[0], axes[1], delta.T, levels=levels[1:], colors="k", linewidths=0.8)
            ax.plot(best[names[0]], best[names[1]], "r*", ms=10, label="best fit")
            ax.set_ylabel(names[1])
            if log.get(names[1]):
                ax.set_yscale("log")
        ax.set_xlabel(names[0])
        if log.get(names[0]):
            ax.set_xscale("log")
        ax.set_title(title or "profile likelihood", fontsize=10)
        ax.legend(fontsize=8)
        figure.savefig(path, dpi=120)
    return Path(path)


def plot_corner(path, samples: dict[str, np.ndarray], log: dict[str, bool], title: str = "") -> Path:
    """Corner plot of equally weighted posterior samples (log10 of log-uniform parameters), 68 % and 95 %
    credible contours, the median and the 68 % interval in each 1D panel."""
    import corner  # a fit-only dependency, imported where a corner plot is asked for

    names = list(samples)
    data = np.column_stack([np.log10(samples[n]) if log.get(n) else samples[n] for n in names])
    labels = [f"log10 {n}" if log.get(n) else n for n in names]
    with rc_context(STYLE):
        figure = Figure(figsize=(2.4 * len(names) + 1, 2.4 * len(names) + 1))
        corner.corner(data, labels=labels, fig=figure, levels=(0.68, 0.95), quantiles=(0.16, 0.5, 0.84),
                      show_titles=True, title_fmt=".3g", plot_datapoints=False)
        if title:
            figure.suptitle(title, fontsize=10)
        figure.savefig(path, dpi=110)
    return Path(path)
