"""Exclusions and allowed bands: coupling versus mass of invisible pairs, and the R_K–R_K* plane.

* `plot_kaon_window`: K⁺→π⁺φφ for a real scalar, (s̄d)φ² (the analogue of Fig. 1 of the seed,
  arXiv:2505.02031): the NA62 2016–2022 measurement (arXiv:2412.12015) seen through its signal
  regions, and KOTO 2021 K_L→π⁰φφ (arXiv:2411.11237).
* `plot_rk_plane`: R_K–R_K* (B → K(*)νν̄ over the SM) with the seed slides' Belle II and world-average
  R_K and the Belle 2017 R_K* limits (arXiv:1702.03224), for named NeutrinoWET points.
* `plot_coupling_vs_mass`: the band of any DarkEFT coefficient allowed by a likelihood preset.

The grids behind them (one vectorised DarkEFT of shape (masses, couplings) each) are computed by
`experiments.fits` (`kaon_window`, `coupling_bands`); figures are matplotlib Figures rendered with Agg
(no display needed), in the style of `plots.style`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..eft import NeutrinoWET, benchmark_points
from ..eft.dark import operator_dimension
from ..experiments import measurements
from ..experiments.fits import EXCLUSION_CL, WINDOW_CL, coupling_bands, kaon_window
from ..parameters import Parameters
from ..registry import predict
from .style import STYLE, fill_region, latex_meson, minus

#: Seed measurements drawn in the R_K–R_K* plane (data/measurements.yaml).
R_K_BANDS = ("seeds R_K Belle II", "seeds R_K average")
R_KSTAR_LIMITS = ("seeds R_K* Belle combined", "seeds R_K* neutral")
#: The C_R^ττ line of the R_K–R_K* plane: range and the spacing of its labelled ticks.
C_R_RANGE, C_R_TICK = (-25.0, 5.0), 5.0
#: GeV → MeV for mass axes.
MEV_PER_GEV = 1e3

_COLOURS = {"excluded": "tab:red", "window": "tab:green", "koto": "tab:purple", "68": "tab:blue",
            "95": "lightsteelblue", "no gain": "0.55"}


@dataclass(frozen=True)
class GridPlot:
    """A saved figure and the grid behind it: masses [GeV] × couplings, boolean regions by name."""

    path: Path
    masses: np.ndarray
    couplings: np.ndarray
    regions: dict[str, np.ndarray] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)


def coefficient_label(species: str, operator: str) -> str:
    """'$|C_{S}^{sb}|$ [GeV$^{-1}$]' for axis labels (mathtext)."""
    name, _, flavour = operator.partition("_")
    power = 4 - operator_dimension(species, operator)
    return rf"$|C_{{{name[1:]}}}^{{{flavour}}}|$ [GeV$^{{{power}}}$]"


def plot_kaon_window(path, params: Parameters | None = None, n_masses: int = 120,
                     n_couplings: int = 300, couplings: tuple[float, float] = (1e-13, 1e-8)) -> GridPlot:
    """C^{S,sd}_{dφ} versus m_φ for K⁺→π⁺φφ (real scalar, ½C(s̄d)φ², GeV⁻¹); save a PNG.

    Regions (returned as boolean masses × couplings arrays, `experiments.fits.kaon_window`):
    * 'na62 excluded': NA62 2016–2022 (through its signal regions) excludes the point at 95 % CL,
      Δ(−2 ln L) from the SM > 3.84 with the prediction above the measured value;
    * 'na62 window': the 68 % CL band (profile over the coupling) at masses where the best point
      beats the SM by Δ(−2 ln L) ≥ 1, i.e. the pairs fill the NA62 excess;
    * 'koto excluded': KOTO 2021 K_L→π⁰φφ (∝ Re C; acceptance in m_miss from KOTO's two-body limits) at 95 % CL.
    `marks['R2 closes']`: the mass where the pairs leave NA62's region 2, √(q²_max(R2))/2.
    """
    window = kaon_window(params, n_masses, n_couplings, couplings)
    grid, fields, closing = window.couplings, window.fields, window.r2_closes
    x = window.masses * MEV_PER_GEV
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.6), layout="constrained")
        axes = figure.subplots()
        fill_region(axes, x, grid, fields["na62 excluded"], colors=[_COLOURS["excluded"]], alpha=0.35)
        fill_region(axes, x, grid, fields["koto excluded"], hatch_colour=_COLOURS["koto"])
        fill_region(axes, x, grid, fields["na62 window"], colors=[_COLOURS["window"]], alpha=0.75)
        axes.axvline(closing * MEV_PER_GEV, color="black", ls="--", lw=1.0)
        axes.text(closing * MEV_PER_GEV, grid[0] * 3, rf" R2 closes, $m_\phi$ = {closing * 1e3:.1f} MeV",
                  rotation=90, va="bottom", ha="right", fontsize=9)
        axes.set_yscale("log")
        axes.set_xlim(0.0, x[-1])
        axes.set_ylim(grid[0], grid[-1])
        axes.set_xlabel(r"$m_\phi$ [MeV]")
        axes.set_ylabel(r"$C^{S,sd}_{d\phi}$ [GeV$^{-1}$]")
        axes.set_title(r"$K\to\pi\phi\phi$, real scalar, $\frac{1}{2}C^{S,sd}_{d\phi}(\bar s d)\phi^2$")
        handles = [
            Patch(color=_COLOURS["window"], alpha=0.75,
                  label=rf"fills the NA62 window ({100 * WINDOW_CL:.0f} % CL)"),
            Patch(color=_COLOURS["excluded"], alpha=0.35,
                  label=rf"excluded by NA62 ({100 * EXCLUSION_CL:.0f} % CL)"),
            Patch(facecolor="none", edgecolor=_COLOURS["koto"], hatch="///",
                  label=rf"excluded by KOTO $K_L\to\pi^0\phi\phi$ ({100 * EXCLUSION_CL:.0f} % CL)"),
        ]
        axes.legend(handles=handles, loc="lower left", frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return GridPlot(Path(path), window.masses, grid, window.regions, {"R2 closes": closing})


def plot_rk_plane(path, params: Parameters | None = None, n_points: int = 301) -> Path:
    """R_K*(νν̄) versus R_K(νν̄) with the seed measurements, the SM, the line R_K = R_K* (C_L or
    lepton-flavour-violating new physics only), the C_R^ττ line and the named benchmark points."""
    params = params or Parameters.default()
    data = measurements()
    c_r = np.linspace(*C_R_RANGE, n_points)
    line = NeutrinoWET(C_R={"tautau": c_r})
    r_k, r_kstar = predict("R_K(nu nu)", line, params), predict("R_K*(nu nu)", line, params)
    ticks = np.arange(np.ceil(C_R_RANGE[0] / C_R_TICK), np.floor(C_R_RANGE[1] / C_R_TICK) + 1) * C_R_TICK
    ticks = ticks[ticks != 0]
    tick_theory = NeutrinoWET(C_R={"tautau": ticks})
    tick_k = predict("R_K(nu nu)", tick_theory, params)
    tick_kstar = predict("R_K*(nu nu)", tick_theory, params)
    points = {name: theory for name, (_, theory) in benchmark_points().items()}
    bands = [data[n] for n in R_K_BANDS]
    limits = sorted((data[n] for n in R_KSTAR_LIMITS), key=lambda m: -m.numbers["limit"])
    x_max = 1.08 * max(r_k.max(), *(b.numbers["value"] + b.numbers["sigma"] for b in bands))
    y_max = 1.15 * max(r_kstar.max(), *(m.numbers["limit"] for m in limits))

    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 5.0), layout="constrained")
        axes = figure.subplots()
        handles = []
        for measurement, colour in zip(bands, ("tab:orange", "tab:cyan"), strict=True):
            n = measurement.numbers
            handles.append(axes.axvspan(n["value"] - n["sigma"], n["value"] + n["sigma"], color=colour,
                                        alpha=0.3, lw=0, label=rf"$R_K$ = {n['value']:g} ± {n['sigma']:g} "
                                        f"({_short(measurement.name)}, 1σ)"))
        for measurement, shade in zip(limits, ("0.6", "0.8"), strict=True):
            n = measurement.numbers
            handles.append(axes.axhspan(n["limit"], y_max, color=shade, alpha=0.45, lw=0,
                                        label=rf"$R_{{K^*}}$ > {n['limit']:g} excluded "
                                        f"({_short(measurement.name)}, {100 * n['cl']:.0f} % CL)"))
        diagonal = np.array([0.0, max(x_max, y_max)])
        handles += axes.plot(diagonal, diagonal, color="0.3", ls=":", lw=1.2,
                             label=r"$R_K = R_{K^*}$ ($C_L$ or LFV only)")
        handles += axes.plot(r_k, r_kstar, color="tab:red", lw=1.6,
                             label=rf"$C_R^{{\tau\tau}}$ from {minus(C_R_RANGE[0])} "
                                   f"to {minus(C_R_RANGE[1])}")
        axes.plot(tick_k, tick_kstar, "o", color="tab:red", ms=3)
        for value, x, y in zip(ticks, tick_k, tick_kstar, strict=True):
            axes.annotate(minus(value), (x, y), xytext=(4, -10), textcoords="offset points", fontsize=8,
                          color="tab:red")
        markers, point_handles = iter(("*", "s", "D", "^", "v", "P", "X", "o", "<", ">")), []
        for name, theory in points.items():
            x, y = float(predict("R_K(nu nu)", theory, params)), float(predict("R_K*(nu nu)", theory, params))
            sm = name == "SM"
            point_handles += axes.plot(x, y, next(markers), color="black", mfc="black" if sm else "white",
                                       ms=9 if sm else 7, ls="none", zorder=5, label=name)
        benchmarks = axes.legend(handles=point_handles, loc="lower right", title="benchmark points",
                                 fontsize=8, title_fontsize=8, frameon=True, framealpha=0.9)
        axes.add_artist(benchmarks)
        axes.set_xlim(0.0, x_max)
        axes.set_ylim(0.0, y_max)
        axes.set_xlabel(r"$R_K = \mathcal{B}(B\to K\nu\bar\nu)/\mathcal{B}_{\rm SM}$")
        axes.set_ylabel(r"$R_{K^*} = \mathcal{B}(B\to K^*\nu\bar\nu)/\mathcal{B}_{\rm SM}$")
        axes.set_title(r"$b\to s\nu\bar\nu$: $R_K$ versus $R_{K^*}$")
        axes.legend(handles=handles, loc="upper left", fontsize=8, frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return Path(path)


def _short(name: str) -> str:
    """'seeds R_K Belle II' → 'Belle II' (legend text)."""
    for prefix in ("seeds R_K* ", "seeds R_K "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def plot_coupling_vs_mass(path, species: str, operator: str, decay: str = "B+->K+",
                          preset: str = "seeds Belle II", params: Parameters | None = None,
                          n_masses: int = 100, n_couplings: int = 200,
                          couplings: tuple[float, float] | None = None) -> GridPlot:
    """|C| of one DarkEFT operator versus the mass, allowed at 68 % and 95 % CL by `preset` (a
    preset or measurement name of `darkflav.experiments`), profiled over the coupling at each mass.

    Masses span (0, (m_P − m_M)/2) of `decay`. Without `couplings` (|C| range) the grid follows the
    mass: RELATIVE_COUPLINGS times the scale where the pairs alone give the SM νν̄ rate
    (`coupling_scale`), plus one near-zero row, so bands stay smooth where rates change by decades
    (vectors: ∝ 1/m⁴; the grid of `experiments.fits.coupling_bands`). Masses where no coupling beats
    the SM by Δ(−2 ln L) ≥ 1 are shaded grey (only an upper limit there). Returns the grid with
    `couplings` of shape (masses, couplings).
    """
    bands = coupling_bands(species, operator, decay, preset, params, n_masses, n_couplings, couplings)
    edges, masses, grid, fields = bands.edges, bands.masses, bands.couplings, bands.fields
    gain = ~bands.regions["no gain"][:, 0]
    initial, final = (latex_meson(m) for m in decay.split("->"))
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.6), layout="constrained")
        axes = figure.subplots()
        fill_region(axes, masses, grid, fields["95"], colors=[_COLOURS["95"]], alpha=0.9)
        fill_region(axes, masses, grid, fields["68"], colors=[_COLOURS["68"]], alpha=0.75)
        handles = [Patch(color=_COLOURS["68"], alpha=0.75, label="allowed at 68 % CL (profile)"),
                   Patch(color=_COLOURS["95"], alpha=0.9, label="allowed at 95 % CL (profile)")]
        if np.any(gain) and not np.all(gain):
            for lo, hi in _runs(~gain):
                axes.axvspan(edges[lo], edges[hi], color=_COLOURS["no gain"], alpha=0.45, lw=0, zorder=3)
            handles.append(Patch(color=_COLOURS["no gain"], alpha=0.45,
                                 label=r"no gain over the SM ($\Delta\chi^2 < 1$)"))
        axes.set_yscale("log")
        axes.set_xlim(0.0, edges[-1])
        axes.set_ylim(*bands.coupling_range)
        axes.set_xlabel(r"$m_X$ [GeV]")
        axes.set_ylabel(coefficient_label(species, operator))
        axes.set_title(rf"${initial}\to {final}XX$, {species}, {operator}: {preset}")
        axes.legend(handles=handles, loc="upper left", frameon=True, framealpha=0.9)
        figure.savefig(path, dpi=150)
    return GridPlot(Path(path), masses, grid, bands.regions)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[(start, stop)] of the runs of True in a 1-d mask (stop exclusive)."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    changes = np.flatnonzero(np.diff(padded))
    return list(zip(changes[::2], changes[1::2], strict=True))
