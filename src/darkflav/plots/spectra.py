"""Missing-energy spectra dB/dq²: the SM with its ±1σ band and new-physics points as lines, and the
normalised shapes (1/Γ)dΓ/dq² of νν̄ and of invisible pairs."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure  # a Figure without pyplot renders with Agg, no display

from ..eft import DarkEFT, NeutrinoWET
from ..errors import DarkflavError
from ..experiments.fits import decay_of, kinematic_endpoint
from ..parameters import Parameters
from ..registry import get, predict, predict_samples
from .style import STYLE, latex_meson

#: The plot shows dB/dq² in units of 10^Y_EXPONENT GeV⁻².
Y_EXPONENT = -6
#: The q² grid stops this fraction short of the endpoint, where the rate vanishes.
ENDPOINT_FRACTION = 0.999
#: Percentiles of the sampled SM prediction that bound the ±1σ band.
ONE_SIGMA_PERCENTILES = (16, 84)
_LINESTYLES = ("--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


def plot_nunu_spectrum(path, theories: Mapping[str, NeutrinoWET],
                       observable: str = "dBR/dq2(B+->K+ nu nu)", params: Parameters | None = None,
                       n_points: int = 200, n_samples: int = 300) -> Path:
    """Draw dB/dq² versus q² for the SM (line and ±1σ band) and `theories` (lines); save a PNG.

    `theories` maps legend labels to the new-physics points drawn besides the SM. Returns the path.
    """
    if "q2" not in get(observable).arguments:
        raise DarkflavError(f"{observable} is not a q² spectrum; use e.g. dBR/dq2(B+->K+ nu nu)")
    params = params or Parameters.default()
    endpoint = kinematic_endpoint(observable, params)
    q2 = np.linspace(0.0, ENDPOINT_FRACTION * endpoint, n_points)
    unit = 10.0**Y_EXPONENT
    samples = predict_samples(observable, None, params, n_samples, q2=q2) / unit
    low, high = np.percentile(samples, ONE_SIGMA_PERCENTILES, axis=0)
    initial, final = (latex_meson(m) for m in decay_of(observable))
    decay = rf"${initial} \to {final}\,\nu\bar{{\nu}}$"

    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.4), layout="constrained")
        axes = figure.subplots()
        band = axes.fill_between(q2, low, high, color="0.78", linewidth=0)
        (sm_line,) = axes.plot(q2, predict(observable, None, params, q2=q2) / unit, color="black")
        handles, labels = [(band, sm_line)], [r"SM $\pm1\sigma$"]
        for (label, theory), style in zip(theories.items(), itertools.cycle(_LINESTYLES)):
            handles += axes.plot(q2, predict(observable, theory, params, q2=q2) / unit, ls=style)
            labels.append(label)
        axes.set_xlim(0.0, endpoint)
        axes.set_ylim(bottom=0.0)
        axes.set_xlabel(r"$q^2$ [GeV$^2$]")
        axes.set_ylabel(rf"$d\mathcal{{B}}/dq^2$ [$10^{{{Y_EXPONENT}}}$ GeV$^{{-2}}$]")
        axes.set_title(f"Missing-energy spectrum of {decay}")
        axes.legend(handles, labels, frameon=False)
        figure.savefig(path, dpi=150)
    return Path(path)


def plot_normalised_spectra(path, theories: Mapping[str, NeutrinoWET | DarkEFT], decay: str = "B+->K+",
                            params: Parameters | None = None, n_points: int = 400) -> Path:
    """Draw the shapes (1/Γ) dΓ/dq² of the SM νν̄ spectrum and of each theory; save a PNG.

    A NeutrinoWET contributes its νν̄ spectrum (`dBR/dq2(<decay> nu nu)`, SM included), a DarkEFT
    its pairs alone (`dBR/dq2(<decay> XX)`); each is divided by its branching ratio, so shapes of
    different sizes compare directly (the quantity an experiment's q² efficiency acts on).
    """
    params = params or Parameters.default()
    nunu = f"{decay} nu nu"
    endpoint = kinematic_endpoint(f"dBR/dq2({nunu})", params)
    q2 = np.linspace(0.0, ENDPOINT_FRACTION * endpoint, n_points)

    def shape(theory) -> np.ndarray:
        if theory is None or isinstance(theory, NeutrinoWET):
            name = nunu
        elif isinstance(theory, DarkEFT):
            name = f"{decay} XX"
        else:
            raise DarkflavError(f"normalised spectra are drawn for NeutrinoWET or DarkEFT points, "
                                f"got {type(theory).__name__}")
        if theory is not None and theory.shape != ():
            raise DarkflavError(f"give one point per label; this theory has shape {theory.shape}")
        total = predict(f"BR({name})", theory, params)
        if not total > 0:
            raise DarkflavError(f"BR({name}) vanishes for this theory (e.g. a mass above the kinematic "
                                "limit, or couplings of other quark flavours): no spectrum shape")
        return predict(f"dBR/dq2({name})", theory, params, q2=q2) / total

    initial, final = (latex_meson(m) for m in decay_of(f"dBR/dq2({nunu})"))
    with rc_context(STYLE):
        figure = Figure(figsize=(6.4, 4.4), layout="constrained")
        axes = figure.subplots()
        axes.plot(q2, shape(None), color="black", label=r"SM $\nu\bar\nu$")
        for (label, theory), style in zip(theories.items(), itertools.cycle(_LINESTYLES)):
            axes.plot(q2, shape(theory), ls=style, label=label)
        axes.set_xlim(0.0, endpoint)
        axes.set_ylim(bottom=0.0)
        axes.set_xlabel(r"$q^2$ [GeV$^2$]")
        axes.set_ylabel(r"$(1/\Gamma)\,d\Gamma/dq^2$ [GeV$^{-2}$]")
        axes.set_title(rf"Normalised missing-energy spectra of ${initial} \to {final}$ + invisible")
        axes.legend(frameon=False)
        figure.savefig(path, dpi=150)
    return Path(path)
