"""LHC monojet figures: a signal's E_T^miss spectrum against the ATLAS 139 fb⁻¹ bins (2102.10874), the contact
operators of the VLQ model against the full model (the EFT-versus-UV comparison of arXiv:2509.14869), 95 % CL
bounds on a contact coefficient versus m_φ, and the VLQ (m_Q, y) plane (collider/monojet.py,
collider/vlq/signal.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from ..collider.atlas_monojet import EXCLUSIVE, RegionCrossSections, analysis
from .style import STYLE


def _edges() -> np.ndarray:
    """EM bin edges (GeV); the open last bin is drawn up to twice its lower edge."""
    regions = analysis()["regions"]
    lows = [regions[r]["etmiss"][0] for r in EXCLUSIVE]
    return np.array(lows + [2 * lows[-1]], float)


def _events(signal: RegionCrossSections, efficiency: float | None = None) -> np.ndarray:
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    return signal.sigma[: len(EXCLUSIVE)] * eff * data["luminosity"]["value"]


def plot_spectrum_against_atlas(path, signals: dict[str, RegionCrossSections]) -> Path:
    """Signal events per EM bin (L ε σ × A) stacked on nothing, against the ATLAS background uncertainty and the
    observed excess n − b per bin: a signal above the background uncertainty band is what the fit constrains."""
    edges, regions = _edges(), analysis()["regions"]
    sigma_b = np.array([regions[r]["background_uncertainty"] for r in EXCLUSIVE], float)
    excess = np.array([regions[r]["observed"] - regions[r]["background"] for r in EXCLUSIVE], float)
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.6))
        ax = figure.subplots()
        ax.stairs(sigma_b, edges, color="0.6", fill=True, alpha=0.4, label=r"ATLAS $\sigma_b$ (139 fb$^{-1}$)")
        ax.stairs(np.abs(excess), edges, color="k", ls=":", label=r"$|n_\mathrm{obs} - b|$")
        for label, signal in signals.items():
            ax.stairs(_events(signal), edges, lw=1.6, label=label)
        ax.set(xscale="log", yscale="log", xlabel=r"$E_T^\mathrm{miss}$ [GeV]", ylabel="events per bin")
        ax.legend()
        figure.tight_layout()
        figure.savefig(path, dpi=150)
    return Path(path)


def plot_eft_versus_uv(path, uv, contact: RegionCrossSections, title: str = "") -> Path:
    """σ × A per EM bin of the full model (by process, a collider.vlq.signal.VLQSignal) and of its contact limit, with
    the ratio full/contact below."""
    edges, n = _edges(), len(EXCLUSIVE)
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 6.0))
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1))
        top.stairs(uv.total.sigma[:n], edges, lw=2, color="k", label="full model")
        for label, part, colour in (("t-channel φφj", uv.t_channel, "C0"), (r"on-shell $F\phi$", uv.resonant, "C1"),
                                    (r"$F\bar F$ (QCD)", uv.pairs, "C2"),
                                    (r"$FF$, $F\bar F$ ($\phi$ exchange + interference)",
                                     uv.phi_pairs + uv.interference, "C4")):  # C3 is the contact limit
            top.stairs(np.clip(part.sigma[:n], 1e-12, None), edges, lw=1, ls="--", color=colour, label=label)
        top.stairs(contact.sigma[:n], edges, lw=2, color="C3", label="contact operators (matched)")
        top.set(yscale="log", ylabel=r"$\sigma\times A$ per bin [fb]", title=title)
        top.legend(fontsize=8)
        ratio = uv.total.sigma[:n] / np.where(contact.sigma[:n] > 0, contact.sigma[:n], np.nan)
        bottom.stairs(ratio, edges, color="k")
        bottom.axhline(1, color="0.5", lw=0.8)
        bottom.set(xscale="log", yscale="log", xlabel=r"$E_T^\mathrm{miss}$ [GeV]", ylabel="full / contact")
        figure.tight_layout()
        figure.savefig(path, dpi=150)
    return Path(path)


def plot_coefficient_bounds(path, masses, bounds: dict[str, np.ndarray], unit: str = r"GeV$^{-1}$") -> Path:
    """95 % CL bounds on a contact coefficient versus m_φ, one curve per label (e.g. 139 fb⁻¹, HL-LHC, low-E_T^miss
    bins only), from collider.monojet.coefficient_bounds."""
    with rc_context(STYLE):
        figure = Figure(figsize=(6.0, 4.4))
        ax = figure.subplots()
        for label, values in bounds.items():
            ax.plot(masses, values, marker="o", ms=3, label=label)
        ax.set(xscale="log", yscale="log", xlabel=r"$m_\phi$ [GeV]", ylabel=f"95 % CL bound on |C| [{unit}]")
        ax.legend()
        figure.tight_layout()
        figure.savefig(path, dpi=150)
    return Path(path)


def plot_yukawa_bounds(path, masses, bounds: dict[str, np.ndarray], y_max: float,
                       benchmark: tuple[float, float] | None = None) -> Path:
    """The (m_Q, y) plane of the VLQ benchmark direction: 95 % CL upper bounds on y versus m_Q (GeV), one curve per
    label (collider.vlq.bounds.yukawa_bound; 0 = every y excluded, inf = none up to y_max), the region above shaded, and
    the benchmark point (m_Q, y)."""
    masses = np.asarray(masses, float) / 1e3
    with rc_context(STYLE):
        figure = Figure(figsize=(6.0, 4.4))
        ax = figure.subplots()
        for label, values in bounds.items():
            shown = np.clip(np.asarray(values, float), 0.0, y_max)
            (line,) = ax.plot(masses, shown, marker="o", ms=3, label=f"{label}: excluded above")
            ax.fill_between(masses, shown, y_max, color=line.get_color(), alpha=0.15)
        if benchmark is not None:
            ax.plot(benchmark[0] / 1e3, benchmark[1], marker="*", ms=11, color="k", ls="none", label="benchmark")
        ax.set(xlabel=r"$m_Q = m_D$ [TeV]", ylabel=r"$y$ ($y_q = y_d = y\,(0, 1, 0.2)$)", ylim=(0, 1.05 * y_max))
        ax.legend(fontsize=8)
        figure.tight_layout()
        figure.savefig(path, dpi=150)
    return Path(path)
