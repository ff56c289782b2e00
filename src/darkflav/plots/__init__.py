"""Publication-style figures of darkflav predictions (matplotlib, no display needed)."""

from .exclusion import plot_coupling_vs_mass, plot_kaon_window, plot_rk_plane
from .spectra import plot_normalised_spectra, plot_nunu_spectrum

__all__ = ["plot_coupling_vs_mass", "plot_kaon_window", "plot_normalised_spectra", "plot_nunu_spectrum",
           "plot_rk_plane"]
