"""Publication-style figures of darkflav predictions (matplotlib, no display needed)."""

from .exclusion import plot_coupling_vs_mass, plot_kaon_window, plot_rk_plane
from .leptoquark import plot_cl_cr_plane, plot_ctautau_cmutau_plane, plot_leptoquark_solutions
from .spectra import plot_normalised_spectra, plot_nunu_spectrum

__all__ = ["plot_cl_cr_plane", "plot_coupling_vs_mass", "plot_ctautau_cmutau_plane", "plot_kaon_window",
           "plot_leptoquark_solutions", "plot_normalised_spectra", "plot_nunu_spectrum", "plot_rk_plane"]
